/* The one HTML writer of moshimo: every byte of HTML the program produces
 * (the manual, the card, later the web pages) goes through these functions,
 * so text is escaped by construction and markup only comes from literals.
 *
 * Errors accumulate in the buffer: when an add fails the buffer frees its
 * memory, sets b->failed and refuses every later add (util/buf.h). So the
 * writers return nothing, and a caller checks b->failed once, after the
 * last write; half-built HTML can never be used by mistake. */
#ifndef MO_HTML_H
#define MO_HTML_H

#include "util/buf.h"

/* Appends s with & < > " ' escaped; other control characters than tab and
 * newline are dropped. NULL appends nothing. */
void html_text(struct buf *b, const char *s);
/* The first n bytes of s, escaped as html_text does. */
void html_text_n(struct buf *b, const char *s, size_t n);
/* As html_text, and each newline becomes <br>. */
void html_text_br(struct buf *b, const char *s);

/* Appends markup. Only string literals compile: the macro pastes "" around
 * its argument, so HTML_RAW(b, some_variable) is a syntax error and text
 * from input can never be written unescaped by accident. */
#define HTML_RAW(b, literal) html_raw_literal_((b), "" literal "", sizeof("" literal "") - 1)
/* The function behind HTML_RAW; call the macro, never this. */
void html_raw_literal_(struct buf *b, const char *literal, size_t len);

/* Appends ` name="value"` with value escaped; the attribute name must be a
 * string literal too (the same trick as HTML_RAW). */
#define html_attr(b, name, value) html_attr_((b), "" name "", (value))
void html_attr_(struct buf *b, const char *name, const char *value);

/* True when url may be put in an href: it starts with http://, https://,
 * mailto: or tel: (any case) and holds no control characters or spaces. */
bool html_url_ok(const char *url);
/* Appends ` name="url"` when html_url_ok(url) and returns true; appends
 * nothing and returns false otherwise (the caller then shows plain text). */
#define html_url_attr(b, name, url) html_url_attr_((b), "" name "", (url))
bool html_url_attr_(struct buf *b, const char *name, const char *url);

#endif
