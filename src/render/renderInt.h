/* Inside render/: the functions each format file provides to formats.c. */
#ifndef MO_RENDER_INT_H
#define MO_RENDER_INT_H

#include "render/render.h"

int render_md_manual(const struct policy *p, const struct render_opts *o, struct buf *out,
		     struct mo_err *e);
int render_md_card(const struct policy *p, const struct render_opts *o, struct buf *out,
		   struct mo_err *e);
int render_html_manual(const struct policy *p, const struct render_opts *o, struct buf *out,
		       struct mo_err *e);
int render_html_card(const struct policy *p, const struct render_opts *o, struct buf *out,
		     struct mo_err *e);

/* pdf.c and card_pdf.c: through the layout engine (layout.h). */
int render_pdf_manual(const struct policy *p, const struct render_opts *o, struct buf *out,
		      struct mo_err *e);
int render_pdf_card(const struct policy *p, const struct render_opts *o, struct buf *out,
		    struct mo_err *e);

#endif
