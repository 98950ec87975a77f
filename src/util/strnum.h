/* Whole-string number parsing with range checks (instead of atoi). */
#ifndef MO_STRNUM_H
#define MO_STRNUM_H

#include "util/common.h"

/* Parses all of s as a base-10 integer in [min, max]. Returns 0 and sets
 * *out, or -1 when s is empty, has other characters, or is out of range. */
int str_to_long(const char *s, long min, long max, long *out) MO_WUR;

/* True when s starts with prefix. */
bool str_starts(const char *s, const char *prefix);

#endif
