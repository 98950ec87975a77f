/* UTF-8 validation shared by everything that accepts text from outside
 * (JSON reports, form fields): one strict rule, as RFC 3629 gives it. */
#ifndef MO_UTF8_H
#define MO_UTF8_H

#include "util/common.h"

/* Length of the valid UTF-8 sequence at s (1 to 4), or 0 when the bytes
 * there are not one (overlong forms, surrogates and values past U+10FFFF
 * included). s must be NUL-terminated, so a truncated sequence ends at the
 * NUL and is rejected. */
size_t utf8_seq_len(const unsigned char *s);

#endif
