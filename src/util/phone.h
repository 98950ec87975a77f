/* Phone numbers as people type them in Japan: full-width digits and the
 * many dashes (－ ー ‐ − –) read as ASCII, so 03－５９７８－７５０９ is
 * 03-5978-7509, not an error. */
#ifndef MO_PHONE_H
#define MO_PHONE_H

#include "util/common.h"

/* Writes s with full-width digits, + ( ) and spaces and every dash as
 * ASCII into out. Returns 1 when out is a phone number (only digits,
 * - + ( ) and spaces, 3 to 15 digits), 0 when s is something else (out
 * then holds s unchanged), -1 when out is too small. */
int phone_normalize(const char *s, char *out, size_t size) MO_WUR;

#endif
