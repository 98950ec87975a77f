/* moshimo list: the newest incidents first, open ones by default, each with
 * its next step deadline and its next legal filing deadline. */
#include "cli/workspace.h"
#include "engine/listing.h"
#include "util/strnum.h"
#include "util/textwidth.h"

#include <limits.h>

#include <getopt.h>

/* One row's fixed columns, padded by display width so Japanese labels
 * line up; mark is the overdue sign before the title. */
static void add_columns(struct buf *b, const char *id, const char *lv, const char *status,
			const char *steps, const char *due, const char *filing, const char *mark)
{
	static const size_t widths[] = {11, 4, 18, 7, 17, 17};
	const char *cols[] = {id, lv, status, steps, due, filing};

	for (size_t i = 0; i < MO_ARRAY_SIZE(cols); i++)
		(void)!buf_add_padded(b, cols[i], widths[i]);
	(void)!buf_adds(b, mark);
}

static const struct {
	const char *name;
	enum store_filter filter;
} filters[] = {
	{"open", STORE_OPEN},
	{"closed", STORE_CLOSED},
	{"all", STORE_ALL},
};

int cli_print_summaries(const struct policy *p, const struct inc_summary_list *l, bool json,
			int64_t now)
{
	struct buf b;
	int rc;

	if (json) {
		json_t *a = json_array();

		for (size_t i = 0; a && i < l->n; i++)
			json_array_append_new(a, engine_summary_json(p, &l->v[i]));
		return cli_print_json(a);
	}
	buf_init(&b, BUF_MAX_DEFAULT);
	if (!l->n) {
		(void)!buf_addf(&b, "%s\n", _("No incidents."));
	} else {
		add_columns(&b, _("ID"), _("Lv"), _("Status"), _("Steps"), _("Next due"),
			    _("Filing due"), " ");
		(void)!buf_addf(&b, "%s\n", _("Title"));
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct inc_summary *s = &l->v[i];
		char ref[32], due[MO_TIME_MAX], filing[MO_TIME_MAX], steps[32], lv[8];
		bool late = (s->next_due != MO_TIME_NONE && s->next_due < now) ||
			    (s->filing_due != MO_TIME_NONE && s->filing_due < now);

		engine_ref(s->id, ref, sizeof(ref));
		engine_time(p, s->next_due, due, sizeof(due));
		engine_time(p, s->filing_due, filing, sizeof(filing));
		snprintf(steps, sizeof(steps), "%d/%d", s->steps_closed, s->steps_total);
		snprintf(lv, sizeof(lv), "%d", s->level);
		add_columns(&b, ref, lv, engine_status_word(s->status, label_lang_ui()), steps, due,
			    filing, late ? "!" : " ");
		(void)!buf_addf(&b, "[%s] %s\n", engine_category_name(p, s->category), s->title);
	}
	rc = cli_write_out(&b);
	buf_release(&b);
	return rc;
}

int cmd_list(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"status", required_argument, NULL, 's'},
		{"limit", required_argument, NULL, 'l'},
		{"offset", required_argument, NULL, 'o'},
		{"json", no_argument, NULL, 'j'},
		{"drills", no_argument, NULL,
		 'D'}, /* the drills only (drills leave lists otherwise) */
		{NULL, 0, NULL, 0},
	};
	enum store_filter filter = STORE_OPEN;
	long limit = 50, offset = 0;
	bool json = false, found;
	struct inc_summary_list l = {0};
	struct cli_ws ws;
	struct mo_err e;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			found = false;
			for (size_t i = 0; i < MO_ARRAY_SIZE(filters) && !found; i++) {
				if (strcmp(filters[i].name, optarg) == 0) {
					filter = filters[i].filter;
					found = true;
				}
			}
			if (!found)
				return cli_usage_error(ctx,
						       _("--status must be open, closed or all"));
			break;
		case 'l':
			if (str_to_long(optarg, 1, 10000, &limit))
				return cli_usage_error(
					ctx, _("--limit must be a number from 1 to 10000"));
			break;
		case 'o':
			if (str_to_long(optarg, 0, LONG_MAX / 2, &offset))
				return cli_usage_error(ctx,
						       _("--offset must be a number of 0 or more"));
			break;
		case 'j':
			json = true;
			break;
		case 'D':
			filter = STORE_DRILLS;
			break;
		default:
			return cli_bad_option(ctx, argc, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(ctx, _("too many arguments"));
	rc = cli_ws_open(ctx, &ws, 0, NULL);
	if (rc)
		return rc;
	if (ws.st && (store_incident_list(ws.st, filter, (size_t)limit, (size_t)offset, &l, &e) ||
		      engine_summaries_filing_due(ws.p, ws.st, &l, &e))) {
		rc = cli_fail(&e);
	} else {
		rc = cli_print_summaries(ws.p, &l, json, ws.en.now);
	}
	inc_summary_list_release(&l);
	cli_ws_close(&ws);
	return rc;
}
