/* The manual as a document: which chapters, in which order, with which
 * tables, built once from the policy for every output format. */
#ifndef MO_MANUAL_H
#define MO_MANUAL_H

#include "render/doc.h"
#include "render/render.h"

enum manual_part {
	MANUAL_FULL, /* cover, contents, every chapter, the card at the end */
	MANUAL_CARD, /* the 緊急連絡カード alone */
};

/* Builds the document for part of p. The doc borrows p's strings: free the
 * doc (doc_free) before the policy. Returns NULL with e set when out of
 * memory. */
struct doc *manual_build(const struct policy *p, const struct render_opts *o, enum manual_part part,
			 struct mo_err *e);

/* Builds part of p and appends it in format (a row of doc_format.c: md,
 * html, pdf) to out. Returns 0, or -1 with e set (an unknown format is
 * MO_EINVAL). */
int manual_write(const struct policy *p, const struct render_opts *o, enum manual_part part,
		 const char *format, struct buf *out, struct mo_err *e) MO_WUR;

#endif
