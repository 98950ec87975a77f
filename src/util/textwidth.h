/* The width of UTF-8 text on a terminal: East Asian wide characters
 * (kana, kanji, full-width forms) take two columns, so columns of
 * Japanese text line up only when padded by width, not by bytes. */
#ifndef MO_TEXTWIDTH_H
#define MO_TEXTWIDTH_H

#include "util/buf.h"

/* Columns s takes; invalid UTF-8 bytes count one each. */
size_t text_width(const char *s);
/* Appends s, then spaces up to width columns (none when s is wider). */
int buf_add_padded(struct buf *b, const char *s, size_t width) MO_WUR;

#endif
