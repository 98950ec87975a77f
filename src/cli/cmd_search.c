/* moshimo search: full-text search of incidents (Japanese substrings
 * match: ランサム finds ランサムウェア), newest first. */
#include "cli/workspace.h"
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
		      summaries_of(ws.st, ids, n, &l, &e))) {
		rc = cli_fail(&e);
	} else {
		rc = cli_print_summaries(ws.p, &l, json, ws.en.now);
	}
	if (ws.st)
		store_rollback(ws.st);
	free(ids);
	buf_release(&query);
	inc_summary_list_release(&l);
	cli_ws_close(&ws);
	return rc;
}
