/* QR codes as SVG or PNG files (qr_image.h): libqrencode's modules as
 * runs of dark rectangles; the PNG drawn with cairo. */
#include "render/qr_image.h"
#include "util/err.h"

#include <cairo.h>
#include <qrencode.h>

#define QUIET_ZONE 4

static QRcode *encode(const char *text, struct mo_err *e)
{
	QRcode *qr;

	if (!text || !*text) {
		mo_err_set(e, NULL, 0, 0, "%s", _("an empty QR code"));
		return NULL;
	}
	qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		mo_err_set(e, NULL, 0, 0, _("cannot make a QR code of \"%s\": %s"), text,
			   errno == ERANGE ? _("too long") : strerror(errno));
	return qr;
}

int render_qr_svg(const char *text, struct buf *out, struct mo_err *e)
{
	QRcode *qr = encode(text, e);
	int n, size, rc = 0;

	if (!qr)
		return -1;
	n = qr->width;
	size = n + 2 * QUIET_ZONE;
	rc |= buf_addf(out,
		       "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		       "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" "
		       "fill=\"#fff\"/><path fill=\"#000\" d=\"",
		       size, size, size, size);
	for (int r = 0; r < n; r++)
		for (int c = 0; c < n; c++) {
			int c0 = c;

			while (c < n && (qr->data[r * n + c] & 1))
				c++;
			if (c > c0)
				rc |= buf_addf(out, "M%d %dh%dv1h-%dz", QUIET_ZONE + c0,
					       QUIET_ZONE + r, c - c0, c - c0);
		}
	rc |= buf_adds(out, "\"/></svg>\n");
	QRcode_free(qr);
	return rc ? mo_err_oom(e, NULL) : 0;
}

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_add(closure, data, len) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

int render_qr_png(const char *text, int px, struct buf *out, struct mo_err *e)
{
	QRcode *qr;
	cairo_surface_t *s;
	cairo_t *cr;
	int n, side, rc = -1;

	if (px < 1 || px > 40)
		return mo_err_set(e, NULL, 0, 0, "qr: %d pixels a module", px);
	qr = encode(text, e);
	if (!qr)
		return -1;
	n = qr->width;
	side = (n + 2 * QUIET_ZONE) * px;
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int r = 0; r < n; r++)
		for (int c = 0; c < n; c++)
			if (qr->data[r * n + c] & 1)
				cairo_rectangle(cr, (QUIET_ZONE + c) * px, (QUIET_ZONE + r) * px,
						px, px);
	cairo_fill(cr);
	if (cairo_status(cr) == CAIRO_STATUS_SUCCESS &&
	    cairo_surface_write_to_png_stream(s, png_write, out) == CAIRO_STATUS_SUCCESS)
		rc = 0;
	else
		mo_err_oom(e, NULL);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	QRcode_free(qr);
	return rc;
}
