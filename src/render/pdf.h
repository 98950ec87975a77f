/* What the PDF formats (the manual, the card, later an incident's report)
 * share on top of the layout engine. */
#ifndef MO_PDF_H
#define MO_PDF_H

#include "render/doc.h"
#include "render/layout.h"

/* Prints d as an A4 PDF appended to out: a "cover" box as a cover page of
 * its own, DOC_TOC as the contents with page numbers and links, headings
 * with an anchor in the outline, a header and footer with "page N / M" on
 * every other page, text not marked DOC_FIXED with its placeholders
 * highlighted; headers, footers and metadata from o (doc.h; NULL: the
 * doc's own). Returns 0, or -1 with e set (a font missing, out of
 * memory); out is then unchanged. Callers write documents with doc_write
 * (doc_format.h), which comes here for pdf. */
int pdf_render_doc(const struct doc *d, const struct doc_print *o, struct buf *out,
		   struct mo_err *e) MO_WUR;

/* Adds len bytes of text to the pending text of L in style, with every
 * placeholder the company still has to fill in (〇〇, ○○, △△, ◇◇, ****,
 * ＊＊; "〇〇 〇〇" as one) highlighted. href, when not NULL, makes the whole
 * text a link. */
void pdf_add_marked(struct layout *L, unsigned style, const char *text, size_t len,
		    const char *href);
/* As pdf_add_marked for a NUL-terminated text (NULL adds nothing). */
void pdf_add_str(struct layout *L, unsigned style, const char *text);

#endif
