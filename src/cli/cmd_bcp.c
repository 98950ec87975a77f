/* moshimo bcp: the business continuity board of an incident (board), the
 * recovery order of the policy's systems (order), and the three records
 * of 004 §5: a system's state (set), the damage survey (survey) and who
 * can work from when (staff). */
#include "cli/workspace.h"
#include "engine/bcp.h"
#include "engine/labels.h"
#include "util/duration.h"

#include <getopt.h>

struct opts {
	const char *note, *from, *as;
	bool json;
};

/* "2時間30分" or "2 h 30 min" for seconds. */
static void elapsed_words(int64_t s, enum label_lang lang, char *out, size_t size)
{
	long long d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;

	if (lang == LABEL_JA) {
		if (d)
			snprintf(out, size, "%lld日%lld時間%lld分", d, h, m);
		else if (h)
			snprintf(out, size, "%lld時間%lld分", h, m);
		else
			snprintf(out, size, "%lld分", m);
	} else {
		if (d)
			snprintf(out, size, "%lld d %lld h %lld min", d, h, m);
		else if (h)
			snprintf(out, size, "%lld h %lld min", h, m);
		else
			snprintf(out, size, "%lld min", m);
	}
}

static void list_words(struct buf *b, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		(void)!buf_addf(b, "%s%s", i ? ", " : "", v[i]);
}

static void system_text(struct buf *b, const struct policy *p, const struct inc *inc,
			const struct bcp_view *v, int64_t now, struct arena *a)
{
	const struct mo_bcp_system *s = v->sys;
	enum label_lang lang = label_lang_ui();
	char t[MO_TIME_MAX], el[64], rto[64];

	(void)now;
	(void)!buf_addf(b, "%2zu. %-12s %s [%s]  %s\n", v->rank, s->id, s->name, s->tier,
			engine_bcp_state_word(v->state, lang));
	if (s->recovery_owner)
		(void)!buf_addf(b, "    %s: %s (%s)\n", _("owner"),
				policy_role_title(p, s->recovery_owner),
				engine_role_people(p, inc, s->recovery_owner, a));
	elapsed_words(v->elapsed, lang, el, sizeof(el));
	(void)!buf_addf(b, "    %s: %s", _("elapsed"), el);
	if (s->has_rto) {
		duration_format(&s->rto, rto, sizeof(rto));
		(void)!buf_addf(b, " / RTO %s — %s", rto,
				engine_bcp_rto_word(v->rto_over == 1, lang));
	}
	if (s->has_rpo) {
		duration_format(&s->rpo, rto, sizeof(rto));
		(void)!buf_addf(b, "  RPO %s", rto);
	}
	(void)!buf_adds(b, "\n");
	for (size_t k = 0; k < s->vendors.n; k++) {
		const struct mo_authority *au = policy_authority(p, s->vendors.v[k]);

		if (au)
			(void)!buf_addf(b, "    %s: %s%s%s%s%s\n", _("vendor"), au->organization,
					au->name ? " " : "", au->name ? au->name : "",
					au->tel ? "  " : "", au->tel ? au->tel : "");
	}
	if (v->n_waits) {
		(void)!buf_addf(b, "    %s: ", _("waits for"));
		list_words(b, v->waits, v->n_waits);
		(void)!buf_adds(b, "\n");
	}
	if (v->n_needs) {
		(void)!buf_addf(b, "    %s: ", _("needs"));
		list_words(b, v->needs, v->n_needs);
		(void)!buf_adds(b, "\n");
	}
	if (v->last) {
		engine_time(p, v->last->at, t, sizeof(t));
		(void)!buf_addf(b, "    %s %s%s%s\n", t, v->last->who ? v->last->who : "",
				v->last->note ? ": " : "", v->last->note ? v->last->note : "");
	}
}

static void board_text(struct buf *b, const struct policy *p, const struct inc *inc,
		       const struct bcp_board *bd)
{
	enum label_lang lang = label_lang_ui();
	char ref[32], t[MO_TIME_MAX], n[MO_TIME_MAX];
	struct arena a;

	arena_init(&a, (size_t)1 << 20);
	engine_ref(inc->id, ref, sizeof(ref));
	engine_time(p, bd->start, t, sizeof(t));
	engine_time(p, bd->now, n, sizeof(n));
	(void)!buf_addf(b, "%s  %s\n%s: %s  %s: %s\n", ref, inc->title, _("since"), t, _("now"), n);
	if (!bd->applies)
		(void)!buf_addf(
			b, "%s\n",
			_("No system is recorded as stopped for this incident (moshimo bcp set "
			  "ID SYSTEM stopped)."));
	if (bd->next) {
		(void)!buf_addf(b, "%s: %s (%s)", _("next to restore"), bd->next->sys->name,
				bd->next->sys->id);
		if (bd->next->n_waits) {
			(void)!buf_addf(b, "  %s: ", _("waits for"));
			list_words(b, bd->next->waits, bd->next->n_waits);
		}
		if (bd->next->n_needs) {
			(void)!buf_addf(b, "  %s: ", _("needs"));
			list_words(b, bd->next->needs, bd->next->n_needs);
		}
		(void)!buf_adds(b, "\n");
	} else if (bd->n) {
		(void)!buf_addf(b, "%s\n", _("Every affected system is restored."));
	}
	(void)!buf_adds(b, "\n");
	for (size_t i = 0; i < bd->n; i++)
		system_text(b, p, inc, &bd->v[i], bd->now, &a);
	if (p->bcp.damage_survey.n)
		(void)!buf_addf(b, "\n%s\n", _("Damage survey:"));
	for (size_t i = 0; i < p->bcp.damage_survey.n; i++) {
		const struct bcp_rec *r = bd->survey[i];

		(void)!buf_addf(b, "  %zu. %s: %s\n", i + 1, p->bcp.damage_survey.v[i],
				r ? r->value : _("(not answered)"));
	}
	if (bd->n_staff)
		(void)!buf_addf(b, "\n%s\n", _("Staff who can work:"));
	for (size_t i = 0; i < bd->n_staff; i++) {
		const struct bcp_rec *r = bd->staff[i];

		engine_time(p, r->from, t, sizeof(t));
		(void)!buf_addf(b, "  %s  %s %s%s%s\n", r->item, _("from"), t, r->note ? "  " : "",
				r->note ? r->note : "");
	}
	(void)lang;
	arena_release(&a);
}

/* Prints the board of id (text or JSON) from the open workspace; the JSON
 * is the API's (engine_bcp_board_load_json). */
static int print_board(struct cli_ws *ws, int64_t id, bool json)
{
	struct inc_full f;
	struct bcp_board bd;
	struct mo_err e;
	struct buf b;
	int rc;

	if (json) {
		json_t *j = NULL;

		rc = ws->st ? engine_bcp_board_load_json(ws->p, ws->st, id, ws->en.now, &j, &e) : 1;
		if (rc) {
			if (rc > 0)
				cli_no_incident(id);
			return rc > 0 ? EXIT_DATA : cli_fail(&e);
		}
		return cli_print_json(j);
	}
	rc = ws->st ? engine_load(ws->st, id, &f, &e) : 1;
	if (rc) {
		if (rc > 0)
			cli_no_incident(id);
		return rc > 0 ? EXIT_DATA : cli_fail(&e);
	}
	if (engine_bcp_board(ws->p, ws->st, &f.inc, ws->en.now, &bd, &e)) {
		engine_bcp_board_release(&bd);
		inc_full_release(&f);
		return cli_fail(&e);
	}
	buf_init(&b, BUF_MAX_DEFAULT);
	board_text(&b, ws->p, &f.inc, &bd);
	rc = cli_write_out(&b);
	buf_release(&b);
	engine_bcp_board_release(&bd);
	inc_full_release(&f);
	return rc;
}

static int do_order(struct cli_ctx *ctx, bool json)
{
	struct policy *p = cli_load_policy(ctx, 0);
	size_t *order, n;
	int rc = EXIT_OK;

	if (!p)
		return EXIT_DATA;
	order = calloc(p->bcp.n_systems + 1, sizeof(*order));
	n = order ? engine_bcp_order(p, order) : 0;
	if (n < p->bcp.n_systems) {
		free(order);
		policy_free(p);
		mo_die_msg(_("out of memory"));
		return EXIT_MACHINE;
	}
	if (json) {
		json_t *a = json_array();

		for (size_t i = 0; a && i < n; i++) {
			const struct mo_bcp_system *s = &p->bcp.systems[order[i]];

			if (json_array_append_new(a,
						  json_pack("{s:i, s:s, s:s, s:s, s:s?}", "rank",
							    (int)i + 1, "id", s->id, "name",
							    s->name, "tier", s->tier,
							    "recovery_owner", s->recovery_owner))) {
				json_decref(a);
				a = NULL;
			}
		}
		rc = a ? cli_print_json(a) : EXIT_MACHINE;
	} else {
		struct buf b;

		buf_init(&b, BUF_MAX_DEFAULT);
		for (size_t i = 0; i < n; i++) {
			const struct mo_bcp_system *s = &p->bcp.systems[order[i]];
			char rto[64] = "";

			if (s->has_rto)
				duration_format(&s->rto, rto, sizeof(rto));
			(void)!buf_addf(&b, "%2zu. %-12s %s [%s]%s%s\n", i + 1, s->id, s->name,
					s->tier, s->has_rto ? "  RTO " : "", rto);
		}
		rc = cli_write_out(&b);
		buf_release(&b);
	}
	free(order);
	policy_free(p);
	return rc;
}

struct write_args {
	int64_t id;
	const char *verb, *a1, *a2, *note;
	int64_t from;
};

static int run_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct write_args *w = arg;

	if (strcmp(w->verb, "set") == 0)
		return engine_bcp_set(en, w->id, w->a1, w->a2, w->note, e);
	if (strcmp(w->verb, "survey") == 0)
		return engine_bcp_survey(en, w->id, w->a1, w->a2, e);
	return engine_bcp_staff(en, w->id, w->a1, w->from, w->note, e);
}

static int do_write(struct cli_ctx *ctx, struct write_args *w, const struct opts *o)
{
	struct cli_ws ws;
	struct mo_err e;
	char ref[32];
	int rc = cli_ws_open(ctx, &ws, WS_WRITE, o->as);

	if (rc)
		return rc;
	if (o->from && time_parse_input(o->from, ws.p->org.timezone, ws.en.now, &w->from)) {
		cli_ws_close(&ws);
		return cli_usage_error(ctx, _("--from: \"%s\" is not a time (YYYY-MM-DD HH:MM)"),
				       o->from);
	}
	if (engine_tx(&ws.en, run_write, w, &e)) {
		rc = cli_fail(&e);
	} else if (o->json) {
		rc = print_board(&ws, w->id, true);
	} else {
		engine_ref(w->id, ref, sizeof(ref));
		printf("%s: %s\n", ref, _("recorded on the business continuity board"));
		rc = fflush(stdout) ? EXIT_DATA : EXIT_OK;
	}
	cli_ws_close(&ws);
	return rc;
}

int cmd_bcp(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"note", required_argument, NULL, 'n'},
		{"from", required_argument, NULL, 'f'},
		{"as", required_argument, NULL, 'A'},
		{NULL, 0, NULL, 0},
	};
	static const struct {
		const char *verb;
		int args; /* after the verb, the incident id included */
	} verbs[] = {{"order", 0}, {"board", 1}, {"set", 3}, {"survey", 3}, {"staff", 2}};
	struct opts o = {0};
	struct write_args w = {0, NULL, NULL, NULL, NULL, MO_TIME_NONE};
	const char *verb;
	size_t v;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o.json = true;
			break;
		case 'n':
			o.note = optarg;
			break;
		case 'f':
			o.from = optarg;
			break;
		case 'A':
			o.as = optarg;
			break;
		default:
			return cli_bad_option(ctx, argc, argv);
		}
	}
	if (argc - optind < 1)
		return cli_usage_error(ctx, "%s",
				       _("give order, board, set, survey or staff (see --help)"));
	verb = argv[optind];
	for (v = 0; v < MO_ARRAY_SIZE(verbs); v++)
		if (strcmp(verbs[v].verb, verb) == 0)
			break;
	if (v == MO_ARRAY_SIZE(verbs))
		return cli_usage_error(ctx, _("unknown bcp command \"%s\""), verb);
	if (argc - optind - 1 != verbs[v].args)
		return cli_usage_error(ctx, _("bcp %s takes %d arguments (see --help)"), verb,
				       verbs[v].args);
	if (v == 0)
		return do_order(ctx, o.json);
	rc = cli_id_arg(ctx, argv[optind + 1], &w.id);
	if (rc)
		return rc;
	if (v == 1) {
		struct cli_ws ws;

		rc = cli_ws_open(ctx, &ws, 0, NULL);
		if (rc)
			return rc;
		rc = print_board(&ws, w.id, o.json);
		cli_ws_close(&ws);
		return rc;
	}
	if (strcmp(verb, "staff") == 0 && !o.from)
		return cli_usage_error(ctx, "%s",
				       _("give the time the person can work from (--from)"));
	if (strcmp(verb, "survey") == 0 && o.note)
		return cli_usage_error(ctx, "%s",
				       _("survey takes no --note: the answer is the note"));
	w.verb = verb;
	w.a1 = argv[optind + 2];
	w.a2 = verbs[v].args == 3 ? argv[optind + 3] : NULL;
	w.note = o.note;
	return do_write(ctx, &w, &o);
}
