/* The one rule for comparing what people type with what is stored (search):
 * Unicode NFKC with case folding (libunistring), so full-width and
 * half-width forms and case are the same: ノートＰＣ, ﾉｰﾄPC and ノートpc all
 * fold to ノートpc; ①→1, ㈱→(株). */
#ifndef MO_FOLD_H
#define MO_FOLD_H

#include "util/common.h"

/* s[0..len) (UTF-8) folded, as a new NUL-terminated malloc'd string the
 * caller frees; *out_len (may be NULL) gets its length. Bytes that are not
 * valid UTF-8 are kept as they are (nothing is lost). NULL only when out
 * of memory. */
char *text_fold(const char *s, size_t len, size_t *out_len);

#endif
