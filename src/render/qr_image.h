/* A QR code as an image file of its own (the report link on Admin, the
 * 「報告はこちら」 sheet): SVG (vector, for print) or PNG, through
 * libqrencode, with the standard's quiet zone. */
#ifndef MO_QR_IMAGE_H
#define MO_QR_IMAGE_H

#include "util/buf.h"

struct mo_err;

/* text as an SVG document appended to out (viewBox in modules, so it
 * scales). 0, or -1 with e set (empty or too long text, no memory). */
int render_qr_svg(const char *text, struct buf *out, struct mo_err *e) MO_WUR;
/* text as a PNG of px pixels a module (1..40) appended to out. */
int render_qr_png(const char *text, int px, struct buf *out, struct mo_err *e) MO_WUR;

#endif
