/* Helpers shared by the cmocka tests: reading fixtures and editing text. */
#ifndef MO_TESTUTIL_H
#define MO_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <unistd.h>

#include "util/common.h"
#include "util/buf.h"
#include "util/fs.h"

/* The whole fixture file (relative to the repository root), NUL-terminated. */
static inline char *test_read(const char *path)
{
	struct mo_err e;
	char *data = NULL;

	if (fs_read_file(path, (size_t)64 << 20, &data, NULL, &e)) {
		fprintf(stderr, "%s: %s\n", path, e.msg);
		fail();
	}
	return data;
}

/* A copy of text with the first `from` replaced by `to`; fails the test
 * when from is not there (so an edited fixture cannot make a test vacuous). */
static inline char *test_replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t head, flen = strlen(from), tlen = strlen(to), len = strlen(text);
	char *out;

	if (!at) {
		fprintf(stderr, "fixture does not contain: %s\n", from);
		fail();
	}
	head = (size_t)(at - text);
	out = malloc(len - flen + tlen + 1);
	assert_non_null(out);
	memcpy(out, text, head);
	memcpy(out + head, to, tlen);
	memcpy(out + head + tlen, at + flen, len - head - flen + 1);
	return out;
}

#endif
