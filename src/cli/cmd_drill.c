/* moshimo drill: the drill scenarios of the policy (list), a drill started
 * from one (start: a real incident marked 【訓練】), ended with a score
 * (end), its report (report, in any document format or JSON), and the
 * past drills with their scores (list --past). */
#include "cli/workspace.h"
#include "engine/drills.h"
#include "render/doc_format.h"
#include "render/drill_doc.h"
#include "util/fs.h"

#include <getopt.h>
#include <unistd.h>

#define PAST_MAX 200

struct opts {
	const char *format, *out, *as;
	bool json, past;
};

static int do_scenarios(struct cli_ctx *ctx, const struct opts *o)
{
	struct policy *p = cli_load_policy(ctx, CLI_POLICY_QUIET);
	struct buf b;
	int rc;

	if (!p)
		return EXIT_DATA;
	if (o->json) {
		json_t *a = json_array();

		for (size_t i = 0; a && i < p->n_drills; i++)
			json_array_append_new(a, json_pack("{s:s, s:s, s:s?, s:i}", "id",
							   p->drills[i].id, "title",
							   p->drills[i].title, "summary",
							   p->drills[i].summary, "injects",
							   (int)p->drills[i].n_injects));
		rc = a ? cli_print_json(a) : EXIT_MACHINE;
		policy_free(p);
		return rc;
	}
	buf_init(&b, BUF_MAX_DEFAULT);
	if (!p->n_drills)
		(void)!buf_addf(&b, "%s\n", _("The policy has no drill scenarios (drills:)."));
	for (size_t i = 0; i < p->n_drills; i++)
		(void)!buf_addf(&b, "%-18s %s\n", p->drills[i].id, p->drills[i].title);
	rc = cli_write_out(&b);
	buf_release(&b);
	policy_free(p);
	return rc;
}

static int do_past(struct cli_ctx *ctx, const struct opts *o)
{
	struct cli_ws ws;
	struct drill_row *v = NULL;
	size_t n = 0;
	struct mo_err e;
	int rc = cli_ws_open(ctx, &ws, 0, NULL);

	if (rc)
		return rc;
	if (ws.st && store_drill_list(ws.st, PAST_MAX, &v, &n, &e)) {
		rc = cli_fail(&e);
		goto done;
	}
	if (o->json) {
		json_t *a = json_array();

		for (size_t i = 0; a && i < n; i++) {
			char ref[32], s[64], t[64];

			engine_ref(v[i].incident_id, ref, sizeof(ref));
			engine_time_rfc(ws.p, v[i].started_at, s, sizeof(s));
			if (v[i].ended_at != MO_TIME_NONE)
				engine_time_rfc(ws.p, v[i].ended_at, t, sizeof(t));
			json_array_append_new(a,
					      json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:o}",
							"id", (json_int_t)v[i].incident_id, "ref",
							ref, "scenario", v[i].scenario, "title",
							v[i].title, "started_at", s, "ended_at",
							v[i].ended_at != MO_TIME_NONE ? t : NULL,
							"score",
							v[i].score >= 0 ? json_integer(v[i].score)
									: json_null()));
		}
		rc = a ? cli_print_json(a) : EXIT_MACHINE;
	} else {
		struct buf b;

		buf_init(&b, BUF_MAX_DEFAULT);
		if (!n)
			(void)!buf_addf(&b, "%s\n", _("No drill has been run yet."));
		for (size_t i = 0; i < n; i++) {
			char ref[32], s[64], t[64] = "-", score[16] = "-";

			engine_ref(v[i].incident_id, ref, sizeof(ref));
			engine_time(ws.p, v[i].started_at, s, sizeof(s));
			if (v[i].ended_at != MO_TIME_NONE)
				engine_time(ws.p, v[i].ended_at, t, sizeof(t));
			if (v[i].score >= 0)
				snprintf(score, sizeof(score), "%d", v[i].score);
			(void)!buf_addf(&b, "%s  %s  %s  %4s  %s%s\n", ref, s, t, score,
					engine_drill_mark(), v[i].title);
		}
		rc = cli_write_out(&b);
		buf_release(&b);
	}
done:
	free(v);
	cli_ws_close(&ws);
	return rc;
}

struct start_args {
	const char *scenario;
	int64_t id;
	int score;
};

static int run_start(struct engine *en, void *arg, struct mo_err *e)
{
	struct start_args *a = arg;

	return engine_drill_start(en, a->scenario, &a->id, e);
}

static int run_end(struct engine *en, void *arg, struct mo_err *e)
{
	struct start_args *a = arg;

	return engine_drill_end(en, a->id, &a->score, e);
}

/* The drill incident as show --json gives it ("drill": true comes with it). */
static int print_drill(struct cli_ws *ws, int64_t id, struct mo_err *e)
{
	struct inc_full f;
	json_t *j;

	if (engine_load(ws->st, id, &f, e))
		return cli_fail(e);
	j = engine_incident_json(ws->p, &f, ws->en.now);
	inc_full_release(&f);
	return j ? cli_print_json(j) : EXIT_MACHINE;
}

static int do_start(struct cli_ctx *ctx, const char *scenario, const struct opts *o)
{
	struct cli_ws ws;
	struct start_args a = {scenario, 0, -1};
	struct mo_err e;
	char ref[32];
	int rc = cli_ws_open(ctx, &ws, WS_WRITE, o->as);

	if (rc)
		return rc;
	if (engine_tx(&ws.en, run_start, &a, &e)) {
		rc = cli_fail(&e);
	} else if (o->json) {
		rc = print_drill(&ws, a.id, &e);
	} else {
		engine_ref(a.id, ref, sizeof(ref));
		printf(_("%s: drill started (%s); end it with: moshimo drill end %s\n"), ref,
		       scenario, ref);
		rc = EXIT_OK;
	}
	cli_ws_close(&ws);
	return rc;
}

static int do_end(struct cli_ctx *ctx, int64_t id, const struct opts *o)
{
	struct cli_ws ws;
	struct start_args a = {NULL, id, -1};
	struct mo_err e;
	char ref[32];
	int rc = cli_ws_open(ctx, &ws, WS_WRITE, o->as);

	if (rc)
		return rc;
	if (engine_tx(&ws.en, run_end, &a, &e)) {
		rc = cli_fail(&e);
	} else if (o->json) {
		rc = print_drill(&ws, id, &e);
	} else {
		engine_ref(id, ref, sizeof(ref));
		printf(_("%s: drill ended, score %d; the report: moshimo drill report %s\n"), ref,
		       a.score, ref);
		rc = EXIT_OK;
	}
	cli_ws_close(&ws);
	return rc;
}

static int do_report(struct cli_ctx *ctx, int64_t id, const struct opts *o)
{
	const char *format = o->format ? o->format : "md";
	const struct doc_format *df = NULL;
	struct drill_report r;
	struct cli_ws ws;
	struct mo_err e;
	struct buf b;
	int rc, got;

	if (strcmp(format, "json") != 0 && !(df = doc_format_find(format)))
		return cli_usage_error(ctx, _("unknown format \"%s\" (formats: %s, json)"), format,
				       doc_format_names());
	if (df && df->binary && !o->out && isatty(STDOUT_FILENO))
		return cli_usage_error(ctx, "%s", _("a pdf needs -o FILE or a pipe"));
	rc = cli_ws_open(ctx, &ws, 0, NULL);
	if (rc)
		return rc;
	got = ws.st ? engine_drill_report(ws.st, ws.p, id, ws.en.now, &r, &e) : 1;
	if (got) {
		char ref[32];

		engine_ref(id, ref, sizeof(ref));
		if (got > 0)
			fprintf(stderr, _("moshimo: error: %s is not a drill\n"), ref);
		rc = got > 0 ? EXIT_DATA : cli_fail(&e);
		cli_ws_close(&ws);
		return rc;
	}
	buf_init(&b, (size_t)64 << 20);
	if (!df) {
		json_t *j = engine_drill_report_json(ws.p, &r);

		rc = j && engine_json_text(j, &b, &e) == 0 ? EXIT_OK : cli_fail(&e);
		json_decref(j);
	} else if (doc_write_free(drill_doc_build(ws.p, &r, ws.en.now, &e), format, &b, &e)) {
		rc = cli_fail(&e);
	}
	if (rc == EXIT_OK)
		rc = o->out ? (fs_write_file(o->out, buf_str(&b), b.len, &e) ? cli_fail(&e)
									     : EXIT_OK)
			    : cli_write_out(&b);
	buf_release(&b);
	drill_report_release(&r);
	cli_ws_close(&ws);
	return rc;
}

int cmd_drill(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},	  {"past", no_argument, NULL, 'p'},
		{"format", required_argument, NULL, 'f'}, {"as", required_argument, NULL, 'A'},
		{"output", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0},
	};
	struct opts o = {0};
	const char *verb;
	int64_t id;
	int c, rc;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'j')
			o.json = true;
		else if (c == 'p')
			o.past = true;
		else if (c == 'f')
			o.format = optarg;
		else if (c == 'A')
			o.as = optarg;
		else if (c == 'o')
			o.out = optarg;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (argc - optind < 1)
		return cli_usage_error(ctx, "%s", _("give list, start, end or report"));
	verb = argv[optind];
	if (strcmp(verb, "list") == 0) {
		if (argc - optind != 1)
			return cli_usage_error(ctx, "%s", _("too many arguments"));
		return o.past ? do_past(ctx, &o) : do_scenarios(ctx, &o);
	}
	if (strcmp(verb, "start") && strcmp(verb, "end") && strcmp(verb, "report"))
		return cli_usage_error(ctx, _("unknown drill command \"%s\""), verb);
	if (argc - optind != 2)
		return cli_usage_error(ctx, "%s",
				       strcmp(verb, "start") == 0
					       ? _("give one scenario id (moshimo drill list)")
					       : _("give one incident id"));
	if (strcmp(verb, "start") == 0)
		return do_start(ctx, argv[optind + 1], &o);
	rc = cli_id_arg(ctx, argv[optind + 1], &id);
	if (rc)
		return rc;
	if (strcmp(verb, "end") == 0)
		return do_end(ctx, id, &o);
	return do_report(ctx, id, &o);
}
