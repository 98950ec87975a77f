/* The one table of output formats for every document (the manual, the card,
 * an incident's report, and later filing drafts and drill reports): each
 * document is built once as a doc tree (doc.h) and a format only serializes
 * it. A new format is a file (its writer) and a line (doc_format.c). */
#ifndef MO_DOC_FORMAT_H
#define MO_DOC_FORMAT_H

#include "render/doc.h"
#include "util/buf.h"
#include "util/err.h"

/* Every document (manual, card, incident report, filing drafts, drill reports) is a
 * struct doc; a format is one row of one table. */
struct doc_format {
	const char *name;      /* "md", "html", "pdf" */
	const char *extension; /* ".md", ".html", ".pdf" */
	bool binary;
	int (*write)(const struct doc *d, struct buf *out, struct mo_err *e);
};
const struct doc_format *doc_format_find(const char *name);
const char *doc_format_names(void); /* "md, html, pdf" */
/* Appends d in format name to out; 0, or -1 with e set (unknown format: MO_EINVAL). */
int doc_write(const struct doc *d, const char *name, struct buf *out, struct mo_err *e);

/* doc_write, then doc_free(d). d NULL (its builder failed and set e):
 * returns -1 at once. So a document is written with
 * doc_write_free(x_build(..., e), name, out, e). */
int doc_write_free(struct doc *d, const char *name, struct buf *out, struct mo_err *e);

/* The format whose extension ends file ("r.pdf" → pdf), or NULL. */
const struct doc_format *doc_format_for_file(const char *file);

/* The writers, one per format file (md.c, html.c, pdf_doc.c). md: GitHub-
 * flavoured Markdown; html: a complete standalone page with its own CSS,
 * everything escaped through util/html.h; pdf: A4 through pdf_render_doc
 * with the doc's print settings (doc.h struct doc_print). */
int doc_write_md(const struct doc *d, struct buf *out, struct mo_err *e);
int doc_write_html(const struct doc *d, struct buf *out, struct mo_err *e);
int doc_write_pdf(const struct doc *d, struct buf *out, struct mo_err *e);

#endif
