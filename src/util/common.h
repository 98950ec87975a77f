/* The header every moshimo source file includes first: standard headers,
 * the message translation macro, and (last) the banned calls. */
#ifndef MO_COMMON_H
#define MO_COMMON_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libintl.h>

#define _(s) gettext(s)
/* Marks a string for translation where it is only looked up later. */
#define N_(s) (s)
/* The two forms of a message for ngettext(), as two initializers. */
#define N_PLURAL(one, many) (one), (many)

/* The highest incident level anything may use: the schema's CHECK (level
 * BETWEEN 0 AND 9), the API, the CLI and the policy's levels. A policy
 * defines levels 0..N with N <= MO_LEVEL_MAX (the IPA template: 0..3). */
#define MO_LEVEL_MAX 9

#define MO_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define MO_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define MO_WUR __attribute__((warn_unused_result))
#else
#define MO_PRINTF(f, a)
#define MO_WUR
#endif

#include "util/banned.h"

#endif
