/* moshimo search: full-text search of incidents (Japanese substrings
 * match: ランサム finds ランサムウェア), newest first, then the manual's
 * sections that hold the words, with their links. Full-width and
 * half-width forms and case are the same (NFKC, util/fold.h). */
#include "cli/workspace.h"
#include "engine/listing.h"
#include "engine/notify_out.h"
#include "render/manual_search.h"
#include "util/strnum.h"

#include <getopt.h>

/* The summaries of ids, in their order, appended to out. */
static int summaries_of(struct store *st, const int64_t *ids, size_t n,
			struct inc_summary_list *out, struct mo_err *e)
{
	for (size_t i = 0; i < n; i++)
		if (store_incident_summary(st, ids[i], out, e) < 0)
			return -1;
	return 0;
}

/* The manual's sections holding the words: title, link, the line. */
static int print_manual(struct cli_ws *ws, const char *query)
{
	struct manual_hit *h = NULL;
	struct mo_err e;
	struct buf b;
	char base[512];
	size_t n = 0;
	int rc;

	mo_err_clear(&e);
	if (manual_search(ws->p, query, 20, &h, &n, &e))
		return cli_fail(&e);
	engine_public_base(&ws->en, base, sizeof(base));
	buf_init(&b, BUF_MAX_DEFAULT);
	(void)!buf_addf(&b, "\n%s\n", n ? _("In the manual:") : _("Not in the manual."));
	for (size_t i = 0; i < n; i++) {
		(void)!buf_addf(&b, "  %s  %s/manual/document#%s\n", h[i].title, base, h[i].anchor);
		if (h[i].snippet)
			(void)!buf_addf(&b, "      %s\n", h[i].snippet);
	}
	rc = cli_write_out(&b);
	buf_release(&b);
	manual_hits_free(h, n);
	return rc;
}

int cmd_search(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"limit", required_argument, NULL, 'l'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct inc_summary_list l = {0};
	struct buf query;
	struct cli_ws ws;
	struct mo_err e;
	int64_t *ids = NULL;
	size_t n = 0;
	long limit = 50;
	bool json = false;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j') {
			json = true;
		} else if (c == 'l') {
			if (str_to_long(optarg, 1, 10000, &limit))
				return cli_usage_error(
					ctx, _("--limit must be a number from 1 to 10000"));
		} else {
			return cli_bad_option(ctx, argc, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error(ctx, _("give the words to search for"));
	buf_init(&query, 4096);
	for (int i = optind; i < argc; i++)
		if (buf_adds(&query, i > optind ? " " : "") || buf_adds(&query, argv[i]))
			break;
	if (query.failed) {
		buf_release(&query);
		return cli_usage_error(ctx, _("the search is too long"));
	}
	rc = cli_ws_open(ctx, &ws, 0, NULL);
	if (rc) {
		buf_release(&query);
		return rc;
	}
	if (ws.st && (store_begin_read(ws.st, &e) ||
		      store_search(ws.st, buf_str(&query), (size_t)limit, &ids, &n, &e) ||
		      summaries_of(ws.st, ids, n, &l, &e) ||
		      engine_summaries_filing_due(ws.p, ws.st, &l, &e))) {
		rc = cli_fail(&e);
	} else {
		rc = cli_print_summaries(ws.p, &l, json, ws.en.now);
		if (!rc && !json)
			rc = print_manual(&ws, buf_str(&query));
	}
	if (ws.st)
		store_rollback(ws.st);
	free(ids);
	buf_release(&query);
	inc_summary_list_release(&l);
	cli_ws_close(&ws);
	return rc;
}
