/* The security headers every reply carries: a Content-Security-Policy that
 * forbids scripts and framing, no MIME sniffing, no referrer (the report
 * link is a secret in a URL), no caching of confidential pages, and HSTS
 * under TLS. */
#include "web/webInt.h"

/* Our pages: no script at all, styles only from our stylesheet, forms only
 * to us, never inside another site's frame. The manual page frames the
 * manual document, which is ours (frame-src 'self'). */
static const char csp_page[] =
	"default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
	"frame-src 'self'; frame-ancestors 'none'; base-uri 'none'";
static const char csp_data[] = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

void web_headers(struct web_req *r, struct MHD_Response *resp, enum reply_kind kind,
		 const char *csp)
{
	if (!csp)
		csp = kind == REPLY_PAGE ? csp_page : csp_data;
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", kind == REPLY_DOC ? "SAMEORIGIN" : "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy",
				"camera=(), microphone=(), geolocation=(), payment=()");
	MHD_add_response_header(resp, "Cache-Control",
				kind == REPLY_CSS ? "max-age=3600" : "no-store");
	if (r->srv->tls)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	if (atomic_load(&r->srv->stopping))
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
}
