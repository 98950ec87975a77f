/* The report link where employees can use it (pages_reportlink.c): the
 * public base of every link, the link kept so Admin can show it and its QR
 * code at any time, the printable 「報告はこちら」 sheet, and rotation. */
#ifndef MO_WEB_REPORTLINK_H
#define MO_WEB_REPORTLINK_H

#include "web/webInt.h"

/* The setting that keeps the report link's token itself (beside its hash
 * "report_link"): the link is printed on posters and cards, so it is no
 * secret from the company; keeping it lets Admin show it again. */
#define REPORT_LINK_TOKEN_SETTING "report_link_token"

/* The base of every link moshimo prints or sends, without a trailing
 * slash: notify.yaml's public_url, else `serve --public-url`, else the
 * origin of organization.report_url (engine_public_base). 0, or 1 when
 * none is configured (out is ""). */
int web_public_base(const struct web_server *srv, const struct policy *p, char *out, size_t size);

/* The base for the links the server prints at start, without a trailing
 * slash: the public base; else, when it listens on every address
 * (0.0.0.0, ::), http(s)://LAN-ADDRESS:PORT; else listen_base as it is. */
void web_link_base(const struct web_server *srv, const struct policy *p, const char *listen_base,
		   char *out, size_t size);

int page_reportlink(struct web_req *r);
int page_reportlink_rotate(struct web_req *r);
int page_reportlink_qr_svg(struct web_req *r);
int page_reportlink_qr_png(struct web_req *r);
int page_reportlink_sheet(struct web_req *r);

#endif
