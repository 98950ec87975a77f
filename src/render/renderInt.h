/* Inside render/: what the format files share. */
#ifndef MO_RENDER_INT_H
#define MO_RENDER_INT_H

#include "render/render.h"

/* card_pdf.c: the 緊急連絡カード's print layout (a sheet of wallet cards and
 * a poster) of the policy source; the card doc's print.layout. */
int card_pdf_layout(const void *policy, struct buf *out, struct mo_err *e);

#endif
