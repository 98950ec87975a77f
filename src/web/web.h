/* moshimo serve: the web app and the JSON API v1 on libmicrohttpd. The only
 * entry point the rest of the program needs; everything else of web/ is in
 * webInt.h. */
#ifndef MO_WEB_H
#define MO_WEB_H

#include "util/common.h"
#include "util/err.h"

struct web_config {
	const char *listen;   /* "127.0.0.1:8080", "[::1]:8080", ":8080" */
	const char *data_dir; /* policy.yaml, moshimo.db, evidence/ */
	const char *tls_cert; /* PEM files; both or neither */
	const char *tls_key;
	unsigned threads;	   /* the HTTP thread pool; 0: the default */
	bool access_log;	   /* a line per request on stderr */
	FILE *out;		   /* where the URL and first-run secrets go */
	const char *public_url;	   /* --public-url: the base of links in messages; may be NULL */
	const char *trusted_proxy; /* --trusted-proxy: the one peer address whose
				      X-Forwarded-For is believed; NULL: none */
};

/* Runs the server until SIGTERM or SIGINT, then finishes the requests in
 * flight, commits what was queued and returns 0. Returns -1 with e set when
 * it cannot start (the policy has errors, the address is taken, …). On the
 * first start of a data folder it creates the user "admin" and a report
 * link, and prints their secrets to cfg->out once. */
int web_serve(const struct web_config *cfg, struct mo_err *e);

/* Prints the route table, a route a line: METHOD PATTERN ROLE FLAGS (the
 * authorization test walks it). */
void web_print_routes(FILE *out);

#endif
