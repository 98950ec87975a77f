/* moshimo show: one incident — its record, checklist, filings owed,
 * decisions (and those still open for its phase), evidence, timeline —
 * printed from the incident's view (engine/view.h), in its words. */
#include "cli/workspace.h"
#include "engine/view.h"
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

static void record(struct buf *b, const struct inc_view *v)
{
	const struct inc *inc = &v->f->inc;

	label(b, _("Category:"));
	(void)!buf_addf(b, "%s (%s)\n", v->category, inc->category);
	label(b, _("Level, owner:"));
	(void)!buf_addf(b, "%d — %s (%s)\n", inc->level, inc->owner, v->owner_title);
	line(b, _("Status:"), v->status);
	line(b, _("Discovered:"), v->discovered);
	line(b, _("Occurred:"), v->occurred);
	label(b, _("Reporter:"));
	(void)!buf_addf(b, "%s%s%s%s\n", inc->reporter_name ? inc->reporter_name : "-",
			inc->reporter_contact ? " / " : "",
			inc->reporter_contact ? inc->reporter_contact : "",
			inc->reporter_external == 1 ? _(" (external)") : "");
	for (size_t i = 0; i < inc_fields_count; i++) {
		const struct inc_field *f = &inc_fields[i];
		const char *slot = (const char *)inc + f->offset;
		char num[32];
		const char *val = NULL;

		if (strcmp(f->key, "title") == 0 || strcmp(f->key, "occurred_at") == 0)
			continue;
		if (f->type == FT_TEXT) {
			val = *(const char *const *)slot;
		} else if (f->type == FT_TRI) {
			val = engine_view_tri(*(const int *)slot, v->lang);
		} else if (f->type == FT_COUNT && *(const long long *)slot >= 0) {
			snprintf(num, sizeof(num), "%lld", *(const long long *)slot);
			val = num;
		}
		if (!val || !*val)
			continue;
		(void)!buf_addf(b, "  %s (%s):\n", f->label, f->key);
		(void)!buf_addf(b, "      %s\n", val);
	}
}

static void checklist(struct buf *b, const struct inc_view *v)
{
	(void)!buf_addf(b, "\n%s\n", _("Checklist:"));
	if (!v->n_steps)
		(void)!buf_addf(b, "  %s\n",
				_("(the policy has no steps for this category and level)"));
	for (size_t i = 0; i < v->n_steps; i++) {
		const struct view_step *vs = &v->steps[i];
		const struct step *s = vs->s;

		(void)!buf_addf(b, "  %2d. [", s->n);
		(void)!buf_add_padded(b, vs->state, 8);
		(void)!buf_addf(b, "] %s%s%s (%s)", s->title ? s->title : "", s->title ? " — " : "",
				vs->actor, s->person ? s->person : "-");
		if (vs->due)
			(void)!buf_addf(b, _(", due %s%s"), vs->due,
					vs->overdue ? _(" OVERDUE") : "");
		(void)!buf_addf(b, "\n      %s\n", s->action);
		if (s->by)
			(void)!buf_addf(b, _("      %s by %s at %s\n"), vs->state, s->by,
					vs->at ? vs->at : "-");
		if (s->note)
			(void)!buf_addf(b, "      %s %s\n", _("note:"), s->note);
	}
}

static void filings(struct buf *b, const struct inc_view *v)
{
	if (!v->n_filings)
		return;
	(void)!buf_addf(b, "\n%s\n", _("Filings and notices (required by law, or advised):"));
	if (v->first_due)
		(void)!buf_addf(b, _("  Earliest deadline of a filing still due: %s\n"),
				v->first_due);
	for (size_t i = 0; i < v->n_filings; i++) {
		const struct view_filing *vf = &v->filings[i];

		(void)!buf_addf(b, "  - [%s] %s %s: ", vf->need, vf->authority, vf->title);
		if (!vf->open)
			(void)!buf_addf(b, "%s%s%s\n", vf->state_word, vf->done ? " " : "",
					vf->done ? vf->done : "");
		else if (!vf->at)
			(void)!buf_addf(b, "%s\n", _("without delay"));
		else
			(void)!buf_addf(b, _("due %s%s\n"), vf->at,
					vf->overdue ? _(" OVERDUE") : "");
	}
}

static void decisions(struct buf *b, const struct inc_view *v)
{
	if (v->n_decisions)
		(void)!buf_addf(b, "\n%s\n", _("Decisions:"));
	for (size_t i = 0; i < v->n_decisions; i++) {
		const struct decision *d = v->decisions[i].d;

		(void)!buf_addf(b, "  %s/%s: %s\n      %s, %s%s%s\n", d->phase, d->point,
				d->decision, d->who, v->decisions[i].at, d->why ? " — " : "",
				d->why ? d->why : "");
	}
	if (v->n_open) {
		(void)!buf_addf(b, "\n%s\n", _("Open decisions for this phase (moshimo decide):"));
		for (size_t i = 0; i < v->n_open; i++)
			(void)!buf_addf(b, "  %s/%s: %s\n", v->open[i].phase->id,
					v->open[i].point->id, v->open[i].point->question);
	}
}

static void evidence_and_timeline(struct buf *b, const struct inc_view *v)
{
	if (v->n_evidence)
		(void)!buf_addf(b, "\n%s\n", _("Evidence:"));
	for (size_t i = 0; i < v->n_evidence; i++) {
		const struct evidence *ev = v->evidence[i].ev;

		(void)!buf_addf(b, _("  %d. %s  %lld bytes  sha256 %s\n      %s, %s%s%s\n"), ev->n,
				ev->name, (long long)ev->size, ev->sha256, ev->who,
				v->evidence[i].at, ev->note ? " — " : "", ev->note ? ev->note : "");
	}
	(void)!buf_addf(b, "\n%s\n", _("Timeline:"));
	for (size_t i = 0; i < v->n_events; i++) {
		const struct view_event *ve = &v->events[i];
		const struct event *ev = ve->ev;

		/* The name shown and, beside it, who was logged in; the kind and
		 * the change in the label table's words (engine/labels.c). */
		if (ev->login)
			(void)!buf_addf(b, "  %s  %s [%s] ", ve->at, ev->who, ev->login);
		else
			(void)!buf_addf(b, "  %s  %-10s ", ve->at, ev->who);
		(void)!buf_add_padded(b, ve->kind, 9);
		if (ve->change)
			(void)!buf_addf(b, " %s", ve->change);
		else if (ev->field)
			(void)!buf_addf(b, " %s:", ev->field);
		if (ev->text)
			(void)!buf_addf(b, " %s", ev->text);
		(void)!buf_adds(b, "\n");
	}
}

/* The incident as text, from its view (the words of the report document
 * and the web page, in the user's language). */
static int show_text(const struct policy *p, const struct inc_full *f, int64_t now,
		     struct mo_err *e)
{
	struct inc_view v;
	struct buf b;
	int rc;

	if (engine_view_init(&v, p, f, now, label_lang_ui(), NULL, e))
		return -1;
	buf_init(&b, BUF_MAX_DEFAULT);
	(void)!buf_addf(&b, "%s  %s\n", v.ref, f->inc.title);
	record(&b, &v);
	checklist(&b, &v);
	filings(&b, &v);
	decisions(&b, &v);
	evidence_and_timeline(&b, &v);
	rc = cli_write_out(&b);
	buf_release(&b);
	engine_view_release(&v);
	return rc;
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
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j')
			json = true;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (argc - optind != 1)
		return cli_usage_error(ctx, _("give one incident id"));
	rc = cli_ws_load(ctx, argv[optind], &ws, &f);
	if (rc)
		return rc;
	if (json) {
		rc = cli_print_json(engine_incident_json(ws.p, &f, ws.en.now));
	} else {
		rc = show_text(ws.p, &f, ws.en.now, &e);
		if (rc < 0)
			rc = cli_fail(&e);
	}
	inc_full_release(&f);
	cli_ws_close(&ws);
	return rc;
}
