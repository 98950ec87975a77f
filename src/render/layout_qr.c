/* QR codes for the layout engine: libqrencode's modules drawn as cairo
 * rectangles (vector, sharp at any print size), with the quiet zone. */
#include "render/layoutInt.h"

#include <qrencode.h>

#define QUIET_ZONE 4 /* modules of white around the code, as the standard asks */

int layout_qr(struct layout *L, double x, double y, double size, const char *text)
{
	QRcode *qr;
	double m;
	int n;

	if (L->failed)
		return -1;
	if (!text || !*text) {
		layout_fail(L, "layout: an empty QR code");
		return -1;
	}
	qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr) {
		layout_fail(L, _("cannot make a QR code of \"%s\": %s"), text,
			    errno == ERANGE ? _("too long") : strerror(errno));
		return -1;
	}
	if (L->pass == 2 && !L->dry) {
		lay_ensure_page(L);
		n = qr->width;
		m = size / (n + 2 * QUIET_ZONE);
		layout_fill_rect(L, x, y, size, size, LAYOUT_WHITE);
		lay_set_rgb(L, 0x000000);
		for (int r = 0; r < n; r++) {
			for (int c = 0; c < n; c++) {
				/* Runs of dark modules in a row as one rectangle: fewer
				 * paths, no hairline seams between modules. */
				int c0 = c;

				while (c < n && (qr->data[r * n + c] & 1))
					c++;
				if (c > c0)
					cairo_rectangle(L->cr, x + (QUIET_ZONE + c0) * m,
							y + (QUIET_ZONE + r) * m, (c - c0) * m, m);
			}
		}
		cairo_fill(L->cr);
	}
	QRcode_free(qr);
	return 0;
}
