/* moshimo checks: the peacetime checks (平時の点検, engine/checks.h) with
 * the last result of each and when the next is due; `checks done ID --note
 * T [--file F]` records one with its evidence. */
#include "cli/workspace.h"
#include "engine/checks.h"
#include "engine/labels.h"
#include "util/timefmt.h"

#include <getopt.h>

static json_t *status_json(const struct policy *p, const struct check_status *s)
{
	const struct mo_check *c = s->check;
	char every[32], t[MO_TIME_MAX];
	json_t *j = json_object();

	if (!j)
		return NULL;
	snprintf(every, sizeof(every), "%ld%c", (long)c->every.count,
		 "mhdwMy"[c->every.unit <= DUR_YEAR ? c->every.unit : 0]);
	json_object_set_new(j, "id", json_string(c->id));
	json_object_set_new(j, "kind", json_string(check_kind_key(c->kind)));
	json_object_set_new(j, "title", json_string(c->title));
	json_object_set_new(j, "owner", json_string(c->owner));
	json_object_set_new(j, "every", json_string(every));
	json_object_set_new(j, "state", json_string(check_state_key(s->state)));
	if (s->last_done_at != MO_TIME_NONE) {
		engine_time_rfc(p, s->last_done_at, t, sizeof(t));
		json_object_set_new(j, "last_done_at", json_string(t));
	} else {
		json_object_set_new(j, "last_done_at", json_null());
	}
	if (s->next_due_at != MO_TIME_NONE) {
		engine_time_rfc(p, s->next_due_at, t, sizeof(t));
		json_object_set_new(j, "next_due_at", json_string(t));
	} else {
		json_object_set_new(j, "next_due_at", json_null());
	}
	json_object_set_new(j, "overdue", json_boolean(s->overdue));
	json_object_set_new(j, "source",
			    json_string(s->source == CHECK_SRC_CONTACTS ? "contacts"
					: s->source == CHECK_SRC_REVIEW ? "review"
									: "checks"));
	if (s->last) {
		json_object_set_new(j, "who", json_string(s->last->who));
		json_object_set_new(j, "note", json_string(s->last->note));
		if (s->last->evidence_sha256)
			json_object_set_new(j, "evidence_sha256",
					    json_string(s->last->evidence_sha256));
	}
	if (s->source == CHECK_SRC_CONTACTS) {
		json_object_set_new(j, "confirmed", json_integer(s->confirmed));
		json_object_set_new(j, "channels", json_integer(s->channels));
	}
	return j;
}

static int list(struct cli_ctx *ctx, bool due, bool json)
{
	struct cli_ws ws;
	struct check_statuses cs;
	enum label_lang lang = label_lang_ui();
	struct mo_err e;
	int rc = cli_ws_open(ctx, &ws, 0, NULL);
	json_t *arr = NULL;

	if (rc)
		return rc;
	mo_err_clear(&e);
	if (engine_checks_collect(ws.p, ws.st, time_now(), &cs, &e)) {
		rc = cli_fail(&e);
		goto done;
	}
	if (json && !(arr = json_array())) {
		mo_die_msg(_("out of memory"));
		rc = EXIT_MACHINE;
		goto release;
	}
	for (size_t i = 0; i < cs.n; i++) {
		const struct check_status *s = &cs.v[i];
		char last[MO_TIME_MAX] = "-", next[MO_TIME_MAX] = "-", every[64];

		if (due && !s->overdue)
			continue;
		if (json) {
			json_array_append_new(arr, status_json(ws.p, s));
			continue;
		}
		if (s->last_done_at != MO_TIME_NONE)
			engine_time(ws.p, s->last_done_at, last, sizeof(last));
		if (s->next_due_at != MO_TIME_NONE)
			engine_time(ws.p, s->next_due_at, next, sizeof(next));
		duration_format(&s->check->every, every, sizeof(every));
		printf("%-10s %-24s %-16s %-8s %-18s %-18s %s\n",
		       label_of(&label_check_state, (int)s->state, lang), s->check->id,
		       s->check->owner, every, last, next, s->check->title);
	}
	if (json) {
		rc = cli_print_json(arr);
		arr = NULL;
	} else if (due && !cs.overdue) {
		printf("%s\n", _("No check is due."));
	}
release:
	json_decref(arr);
	check_statuses_release(&cs);
done:
	cli_ws_close(&ws);
	return rc;
}

struct done_args {
	const char *id, *note, *file;
};

static int run_done(struct engine *en, void *arg, struct mo_err *e)
{
	struct done_args *a = arg;

	return engine_check_done(en, a->id, a->note, a->file, NULL, e);
}

static int done(struct cli_ctx *ctx, const char *as, const struct done_args *a)
{
	struct cli_ws ws;
	struct mo_err e;
	int rc;

	/* Refused before the data folder is touched: nothing recorded. */
	if (!a->note)
		return cli_usage_error(
			ctx, "%s", _("give a note: what was checked and what was found (--note)"));
	rc = cli_ws_open(ctx, &ws, WS_WRITE, as);
	if (rc)
		return rc;
	mo_err_clear(&e);
	if (engine_tx(&ws.en, run_done, (void *)a, &e)) {
		rc = cli_fail(&e);
	} else {
		printf(_("Recorded check \"%s\"\n"), a->id);
		rc = EXIT_OK;
	}
	cli_ws_close(&ws);
	return rc;
}

int cmd_checks(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"due", no_argument, NULL, 'd'},	{"json", no_argument, NULL, 'j'},
		{"note", required_argument, NULL, 'n'}, {"file", required_argument, NULL, 'f'},
		{"as", required_argument, NULL, 'a'},	{NULL, 0, NULL, 0},
	};
	struct done_args a = {0};
	const char *as = NULL;
	bool due = false, json = false;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			due = true;
		else if (c == 'j')
			json = true;
		else if (c == 'n')
			a.note = optarg;
		else if (c == 'f')
			a.file = optarg;
		else if (c == 'a')
			as = optarg;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (optind == argc) {
		if (a.note || a.file || as)
			return cli_usage_error(ctx, "%s",
					       _("--note, --file and --as go with done"));
		return list(ctx, due, json);
	}
	if (strcmp(argv[optind], "done") != 0)
		return cli_usage_error(ctx, _("unknown action \"%s\" (done)"), argv[optind]);
	if (argc - optind != 2)
		return cli_usage_error(ctx, "%s", _("give the check's id: moshimo checks done ID"));
	if (due || json)
		return cli_usage_error(ctx, "%s", _("--due and --json go with the list"));
	a.id = argv[optind + 1];
	return done(ctx, as, &a);
}
