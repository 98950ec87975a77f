/* A growable byte buffer with a maximum size (after curl's dynbuf and git's
 * strbuf). The contents are always NUL-terminated. When an add fails (too
 * large or out of memory) the buffer frees its memory and stays empty, so a
 * caller that checks once at the end cannot use half-built text. */
#ifndef MO_BUF_H
#define MO_BUF_H

#include "util/common.h"

struct buf {
	char *data;  /* NUL-terminated; NULL while nothing was added */
	size_t len;  /* bytes used, not counting the NUL */
	size_t cap;  /* bytes allocated */
	size_t max;  /* the most len may become */
	bool failed; /* an add failed since init */
};

#define BUF_MAX_DEFAULT ((size_t)64 << 20)

/* Starts an empty buffer that may grow up to max bytes. */
void buf_init(struct buf *b, size_t max);
/* Frees the contents; the buffer may be used again after buf_init. */
void buf_release(struct buf *b);
/* Empties the buffer but keeps its memory and its failed state cleared. */
void buf_reset(struct buf *b);

/* Each returns 0, or -1 when the result would exceed max or memory ran out
 * (then the buffer is released and marked failed). */
int buf_add(struct buf *b, const void *mem, size_t len) MO_WUR;
int buf_adds(struct buf *b, const char *s) MO_WUR;
int buf_addc(struct buf *b, char c) MO_WUR;
int buf_addf(struct buf *b, const char *fmt, ...) MO_PRINTF(2, 3) MO_WUR;
int buf_vaddf(struct buf *b, const char *fmt, va_list ap) MO_PRINTF(2, 0) MO_WUR;

/* The text so far: never NULL ("" when empty or failed). */
const char *buf_str(const struct buf *b);
/* Hands the memory to the caller (free() it) and empties the buffer.
 * Returns a "" string of its own when empty; NULL only when out of memory. */
char *buf_detach(struct buf *b, size_t *len);

#endif
