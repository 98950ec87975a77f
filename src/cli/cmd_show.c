/* moshimo show: one incident — its record, checklist, filings owed,
 * decisions (and those still open for its phase), evidence, timeline. */
#include "cli/workspace.h"
#include "util/textwidth.h"

#include <getopt.h>

#define LABEL_WIDTH 22

static void label(struct buf *b, const char *text)
{
	(void)!buf_adds(b, "  ");
	(void)!buf_add_padded(b, text, LABEL_WIDTH + 1);
}

static void line(struct buf *b, const char *text, const char *value)
{
	label(b, text);
	(void)!buf_addf(b, "%s\n", value && *value ? value : "-");
}

static void record(struct buf *b, const struct policy *p, const struct inc *inc)
{
	char t1[MO_TIME_MAX], t2[MO_TIME_MAX];

	engine_time(p, inc->discovered_at, t1, sizeof(t1));
	engine_time(p, inc->occurred_at, t2, sizeof(t2));
	label(b, _("Category:"));
	(void)!buf_addf(b, "%s (%s)\n", engine_category_name(p, inc->category), inc->category);
	label(b, _("Level, owner:"));
	(void)!buf_addf(b, "%d — %s (%s)\n", inc->level, inc->owner,
			policy_role_title(p, inc->owner_role));
	line(b, _("Status:"), engine_status_word(inc->status, label_lang_ui()));
	line(b, _("Discovered:"), t1);
	line(b, _("Occurred:"), t2);
	label(b, _("Reporter:"));
	(void)!buf_addf(b, "%s%s%s%s\n", inc->reporter_name ? inc->reporter_name : "-",
			inc->reporter_contact ? " / " : "",
			inc->reporter_contact ? inc->reporter_contact : "",
			inc->reporter_external == 1 ? _(" (external)") : "");
	for (size_t i = 0; i < inc_fields_count; i++) {
		const struct inc_field *f = &inc_fields[i];
		const char *slot = (const char *)inc + f->offset;
		char num[32];
		const char *v = NULL;

		if (strcmp(f->key, "title") == 0 || strcmp(f->key, "occurred_at") == 0)
			continue;
		if (f->type == FT_TEXT) {
			v = *(const char *const *)slot;
		} else if (f->type == FT_TRI && *(const int *)slot != MO_TRI_NONE) {
			v = *(const int *)slot ? _("yes") : _("no");
		} else if (f->type == FT_COUNT && *(const long long *)slot >= 0) {
			snprintf(num, sizeof(num), "%lld", *(const long long *)slot);
			v = num;
		}
		if (!v || !*v)
			continue;
		(void)!buf_addf(b, "  %s (%s):\n", f->label, f->key);
		(void)!buf_addf(b, "      %s\n", v);
	}
}

static void checklist(struct buf *b, const struct policy *p, const struct inc_full *f, int64_t now)
{
	(void)!buf_addf(b, "\n%s\n", _("Checklist:"));
	if (!f->steps.n)
		(void)!buf_addf(b, "  %s\n",
				_("(the policy has no steps for this category and level)"));
	for (size_t i = 0; i < f->steps.n; i++) {
		const struct step *s = &f->steps.v[i];
		char due[MO_TIME_MAX], at[MO_TIME_MAX];
		bool open = s->state == STEP_TODO || s->state == STEP_DOING;

		engine_time(p, s->due_at, due, sizeof(due));
		engine_time(p, s->at, at, sizeof(at));
		(void)!buf_addf(b, "  %2d. [", s->n);
		(void)!buf_add_padded(b, engine_step_word(s->state, label_lang_ui()), 8);
		(void)!buf_addf(b, "] %s%s%s (%s)", s->title ? s->title : "", s->title ? " — " : "",
				policy_role_title(p, s->actor), s->person ? s->person : "-");
		if (s->due_at != MO_TIME_NONE)
			(void)!buf_addf(b, _(", due %s%s"), due,
					open && s->due_at < now ? _(" OVERDUE") : "");
		(void)!buf_addf(b, "\n      %s\n", s->action);
		if (s->by)
			(void)!buf_addf(b, _("      %s by %s at %s\n"),
					engine_step_word(s->state, label_lang_ui()), s->by, at);
		if (s->note)
			(void)!buf_addf(b, "      %s %s\n", _("note:"), s->note);
	}
}

static void filings(struct buf *b, const struct policy *p, const struct inc *inc, int64_t now)
{
	struct filing_due due[32];
	size_t n = engine_filings(p, inc, due, MO_ARRAY_SIZE(due));

	if (!n)
		return;
	(void)!buf_addf(b, "\n%s\n", _("Reports owed to authorities:"));
	for (size_t i = 0; i < n; i++) {
		char at[MO_TIME_MAX];

		engine_time(p, due[i].due_at, at, sizeof(at));
		(void)!buf_addf(b, "  - %s %s: ",
				due[i].authority ? due[i].authority->organization
						 : due[i].filing->authority,
				due[i].filing->title ? due[i].filing->title : due[i].filing->id);
		if (due[i].due_at == MO_TIME_NONE)
			(void)!buf_addf(b, "%s\n", _("without delay"));
		else
			(void)!buf_addf(b, _("due %s%s\n"), at,
					due[i].due_at < now && inc->status != INC_CLOSED
						? _(" OVERDUE")
						: "");
	}
}

static void decisions(struct buf *b, const struct policy *p, const struct inc_full *f)
{
	struct open_point open[64];
	size_t n = engine_open_decisions(p, &f->inc, &f->decisions, open, MO_ARRAY_SIZE(open));

	if (f->decisions.n)
		(void)!buf_addf(b, "\n%s\n", _("Decisions:"));
	for (size_t i = 0; i < f->decisions.n; i++) {
		const struct decision *d = &f->decisions.v[i];
		char at[MO_TIME_MAX];

		engine_time(p, d->at, at, sizeof(at));
		(void)!buf_addf(b, "  %s/%s: %s\n      %s, %s%s%s\n", d->phase, d->point,
				d->decision, d->who, at, d->why ? " — " : "", d->why ? d->why : "");
	}
	if (n) {
		(void)!buf_addf(b, "\n%s\n", _("Open decisions for this phase (moshimo decide):"));
		for (size_t i = 0; i < n; i++)
			(void)!buf_addf(b, "  %s/%s: %s\n", open[i].phase->id, open[i].point->id,
					open[i].point->question);
	}
}

static void evidence_and_timeline(struct buf *b, const struct policy *p, const struct inc_full *f)
{
	enum label_lang lang = label_lang_ui();
	struct buf change;

	if (f->evidence.n)
		(void)!buf_addf(b, "\n%s\n", _("Evidence:"));
	for (size_t i = 0; i < f->evidence.n; i++) {
		const struct evidence *ev = &f->evidence.v[i];
		char at[MO_TIME_MAX];

		engine_time(p, ev->at, at, sizeof(at));
		(void)!buf_addf(b, _("  %d. %s  %lld bytes  sha256 %s\n      %s, %s%s%s\n"), ev->n,
				ev->name, (long long)ev->size, ev->sha256, ev->who, at,
				ev->note ? " — " : "", ev->note ? ev->note : "");
	}
	(void)!buf_addf(b, "\n%s\n", _("Timeline:"));
	buf_init(&change, BUF_MAX_DEFAULT);
	for (size_t i = 0; i < f->events.n; i++) {
		const struct event *ev = &f->events.v[i];
		char at[MO_TIME_MAX];

		engine_time(p, ev->at, at, sizeof(at));
		/* The name shown and, beside it, who was logged in; the kind and
		 * the change in the label table's words (engine/labels.c). */
		if (ev->login)
			(void)!buf_addf(b, "  %s  %s [%s] ", at, ev->who, ev->login);
		else
			(void)!buf_addf(b, "  %s  %-10s ", at, ev->who);
		(void)!buf_add_padded(b, engine_event_kind_word(ev->kind, lang), 9);
		buf_reset(&change);
		if (engine_event_change(p, ev, lang, &change) == 0 && change.len)
			(void)!buf_addf(b, " %s", buf_str(&change));
		else if (ev->field)
			(void)!buf_addf(b, " %s:", ev->field);
		if (ev->text)
			(void)!buf_addf(b, " %s", ev->text);
		(void)!buf_adds(b, "\n");
	}
	buf_release(&change);
}

int cmd_show(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	bool json = false;
	struct cli_ws ws;
	struct inc_full f;
	struct mo_err e;
	int64_t id;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j')
			json = true;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (argc - optind != 1)
		return cli_usage_error(ctx, _("give one incident id"));
	rc = cli_id_arg(ctx, argv[optind], &id);
	if (rc)
		return rc;
	rc = cli_ws_open(ctx, &ws, 0, NULL);
	if (rc)
		return rc;
	rc = ws.st ? engine_load(ws.st, id, &f, &e) : 1;
	if (rc) {
		if (rc > 0)
			cli_no_incident(id);
		rc = rc > 0 ? EXIT_DATA : cli_fail(&e);
		cli_ws_close(&ws);
		return rc;
	}
	if (json) {
		rc = cli_print_json(engine_incident_json(ws.p, &f, ws.en.now));
	} else {
		struct buf b;
		char ref[32];

		buf_init(&b, BUF_MAX_DEFAULT);
		engine_ref(id, ref, sizeof(ref));
		(void)!buf_addf(&b, "%s  %s\n", ref, f.inc.title);
		record(&b, ws.p, &f.inc);
		checklist(&b, ws.p, &f, ws.en.now);
		filings(&b, ws.p, &f.inc, ws.en.now);
		decisions(&b, ws.p, &f);
		evidence_and_timeline(&b, ws.p, &f);
		rc = cli_write_out(&b);
		buf_release(&b);
	}
	inc_full_release(&f);
	cli_ws_close(&ws);
	return rc;
}
