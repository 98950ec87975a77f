/* moshimo filing: the reports and notices an incident owes or is advised
 * (list), their drafts (draft), and what became of them (done with the
 * draft as filed kept immutable, waive with a reason). */
#include "cli/workspace.h"
#include "engine/labels.h"
#include "render/doc_format.h"
#include "render/filing_doc.h"
#include "store/filings.h"
#include "util/fs.h"

#include <getopt.h>
#include <unistd.h>

#define FILE_MAX ((size_t)32 << 20)

struct opts {
	const char *format, *out, *date, *ref, *file, *reason, *as, *published, *desk;
	bool json, substitute;
};

static void list_text(struct buf *b, const struct policy *p, const struct inc *inc,
		      const struct filing_recs *recs)
{
	struct filing_due due[64];
	size_t n = engine_filings(p, inc, due, MO_ARRAY_SIZE(due));
	enum label_lang lang = label_lang_ui();
	char t[MO_TIME_MAX];

	if (!n) {
		(void)!buf_addf(b, "%s\n", _("No filing applies on the facts recorded so far."));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct filing_due *fd = &due[i];
		const struct mo_authority *a = fd->authority;
		const struct filing_rec *r = filing_recs_find(recs, fd->filing->id);
		struct buf w;

		(void)!buf_addf(b, "%s  [%s]  %s — %s\n", fd->filing->id,
				engine_filing_need_word(fd->filing, lang), fd->filing->title,
				a ? a->organization : fd->filing->authority);
		(void)!buf_addf(b, "    %s: ", _("deadline"));
		if (fd->due_at != MO_TIME_NONE) {
			engine_time(p, fd->due_at, t, sizeof(t));
			(void)!buf_adds(b, t);
			if (fd->remind_at != MO_TIME_NONE) {
				engine_time(p, fd->remind_at, t, sizeof(t));
				(void)!buf_addf(b, _(" (window from %s)"), t);
			}
		} else {
			(void)!buf_adds(b, _("promptly (no fixed date)"));
		}
		(void)!buf_addf(b, "    %s: %s", _("state"),
				engine_filing_state_word(r ? r->state : FILING_DUE, lang));
		if (r && r->state == FILING_DONE) {
			engine_time(p, r->at, t, sizeof(t));
			t[10] = '\0';
			(void)!buf_addf(b, " %s%s%s", t, r->ref ? " " : "", r->ref ? r->ref : "");
		} else if (r && r->state == FILING_WAIVED) {
			(void)!buf_addf(b, " (%s)", r->reason ? r->reason : "");
		} else if (r && r->state == FILING_SUBSTITUTED) {
			engine_time(p, r->at, t, sizeof(t));
			t[10] = '\0';
			(void)!buf_addf(b, " %s %s: %s; %s: %s; %s: %s", t, _("published"),
					r->published ? r->published : "", _("inquiry desk"),
					r->desk ? r->desk : "", _("why"),
					r->reason ? r->reason : "");
		}
		buf_init(&w, 16384);
		if (engine_filing_rule(p, inc, fd, &w) == 0)
			(void)!buf_addf(b, "\n    %s\n", buf_str(&w));
		buf_release(&w);
		if (a && (a->url || a->tel))
			(void)!buf_addf(b, "    %s%s%s\n", a->url ? a->url : "",
					a->url && a->tel ? "  " : "", a->tel ? a->tel : "");
	}
}

/* Opens the data folder and loads incident id with its filings' rows. */
static int load(struct cli_ctx *ctx, struct cli_ws *ws, unsigned flags, const char *as, int64_t id,
		struct inc_full *f, struct filing_recs *recs, bool drafts)
{
	struct mo_err e;
	int rc = cli_ws_open(ctx, ws, flags, as);

	if (rc)
		return rc;
	rc = ws->st ? engine_load(ws->st, id, f, &e) : 1;
	if (rc) {
		if (rc > 0)
			cli_no_incident(id);
		rc = rc > 0 ? EXIT_DATA : cli_fail(&e);
		cli_ws_close(ws);
		return rc;
	}
	if (store_filings_get(ws->st, id, drafts, recs, &e)) {
		rc = cli_fail(&e);
		inc_full_release(f);
		cli_ws_close(ws);
		return rc;
	}
	return EXIT_OK;
}

static int do_list(struct cli_ctx *ctx, int64_t id, const struct opts *o)
{
	struct cli_ws ws;
	struct inc_full f;
	struct filing_recs recs;
	int rc = load(ctx, &ws, 0, NULL, id, &f, &recs, false);

	if (rc)
		return rc;
	if (o->json) {
		json_t *j = engine_filing_json(ws.p, &f.inc, &recs);

		rc = j ? cli_print_json(j) : EXIT_MACHINE;
	} else {
		struct buf b;
		char ref[32];

		buf_init(&b, BUF_MAX_DEFAULT);
		engine_ref(id, ref, sizeof(ref));
		(void)!buf_addf(&b, "%s  %s\n", ref, f.inc.title);
		list_text(&b, ws.p, &f.inc, &recs);
		rc = cli_write_out(&b);
		buf_release(&b);
	}
	filing_recs_release(&recs);
	inc_full_release(&f);
	cli_ws_close(&ws);
	return rc;
}

/* The draft of kind in format as bytes in out. */
static int draft(const struct cli_ws *ws, const struct inc_full *f, const struct filing_recs *recs,
		 const char *kind, const char *format, struct buf *out, struct mo_err *e)
{
	struct doc *d = filing_doc_build(ws->p, f, recs, kind, ws->en.now, e);
	int rc;

	if (!d)
		return -1;
	rc = doc_write(d, format, out, e);
	doc_free(d);
	return rc;
}

static int do_draft(struct cli_ctx *ctx, int64_t id, const char *kind, const struct opts *o)
{
	struct cli_ws ws;
	struct inc_full f;
	struct filing_recs recs;
	struct mo_err e;
	const char *format = o->format ? o->format : "md";
	const struct doc_format *df = doc_format_find(format);
	struct buf b;
	int rc;

	if (!df)
		return cli_usage_error(ctx, _("unknown format \"%s\" (formats: %s)"), format,
				       doc_format_names());
	if (!filing_draft_find(kind))
		return cli_usage_error(ctx, _("no draft \"%s\" (drafts: %s)"), kind,
				       filing_draft_names());
	if (df->binary && !o->out && isatty(STDOUT_FILENO))
		return cli_usage_error(ctx, "%s", _("a pdf needs -o FILE or a pipe"));
	rc = load(ctx, &ws, 0, NULL, id, &f, &recs, false);
	if (rc)
		return rc;
	buf_init(&b, (size_t)64 << 20);
	if (draft(&ws, &f, &recs, kind, format, &b, &e))
		rc = cli_fail(&e);
	else if (o->out)
		rc = fs_write_file(o->out, buf_str(&b), b.len, &e) ? cli_fail(&e) : EXIT_OK;
	else
		rc = cli_write_out(&b);
	buf_release(&b);
	filing_recs_release(&recs);
	inc_full_release(&f);
	cli_ws_close(&ws);
	return rc;
}

struct done_args {
	int64_t id;
	const char *kind, *ref, *reason;
	int64_t date;
	const void *bytes;
	size_t len;
	const char *name;
	const struct filing_substitute *sub; /* --substitute: 代替措置 */
};

static int run_done(struct engine *en, void *arg, struct mo_err *e)
{
	struct done_args *a = arg;

	if (a->sub)
		return engine_filing_substitute(en, a->id, a->kind, a->date, a->sub, a->bytes,
						a->len, a->name, e);
	return engine_filing_done(en, a->id, a->kind, a->date, a->ref, a->bytes, a->len, a->name,
				  e);
}

static int run_waive(struct engine *en, void *arg, struct mo_err *e)
{
	struct done_args *a = arg;

	return engine_filing_waive(en, a->id, a->kind, a->reason, e);
}

/* "2026-12-03" or any time time_parse_input reads, in the policy's zone. */
static int parse_date(const struct cli_ws *ws, const char *s, int64_t *out)
{
	char with_time[64];

	if (strlen(s) == 10) {
		snprintf(with_time, sizeof(with_time), "%s 00:00", s);
		s = with_time;
	}
	return time_parse_input(s, ws->p->org.timezone, ws->en.now, out);
}

static int do_done(struct cli_ctx *ctx, int64_t id, const char *kind, const struct opts *o)
{
	struct cli_ws ws;
	struct inc_full f;
	struct filing_recs recs;
	struct mo_err e;
	struct filing_substitute sub = {o->published, o->desk, o->reason};
	struct done_args a = {id, kind, o->ref, NULL, 0, NULL, 0, NULL, NULL};
	/* 代替措置 keeps the 公表文 (public_notice) when no file is given. */
	const char *kept = o->substitute ? "public_notice" : kind;
	struct buf b;
	char *file = NULL, name[256], ref[32], msg[256];
	int rc;

	if (!o->date)
		return cli_usage_error(ctx, "%s",
				       _("give the date it was filed (--date YYYY-MM-DD)"));
	if (!o->substitute && (o->published || o->desk))
		return cli_usage_error(ctx, "%s", _("--published and --desk go with --substitute"));
	if (o->substitute && (!o->published || !o->desk || !o->reason))
		return cli_usage_error(
			ctx, "%s",
			_("--substitute needs --published WHERE, --desk DESK and --reason WHY"));
	if (o->substitute)
		a.sub = &sub;
	rc = load(ctx, &ws, WS_WRITE, o->as, id, &f, &recs, false);
	if (rc)
		return rc;
	buf_init(&b, (size_t)64 << 20);
	if (parse_date(&ws, o->date, &a.date)) {
		rc = cli_usage_error(ctx, _("--date: \"%s\" is not a date (YYYY-MM-DD)"), o->date);
		goto out;
	}
	if (o->file) {
		const char *base = strrchr(o->file, '/');

		if (fs_read_file(o->file, FILE_MAX, &file, &a.len, &e)) {
			rc = cli_fail(&e);
			goto out;
		}
		a.bytes = file;
		snprintf(name, sizeof(name), "%s", base ? base + 1 : o->file);
	} else if (filing_draft_find(kept)) {
		/* No file: keep the draft as it reads now (Markdown). */
		if (draft(&ws, &f, &recs, kept, "md", &b, &e)) {
			rc = cli_fail(&e);
			goto out;
		}
		a.bytes = buf_str(&b);
		a.len = b.len;
		snprintf(name, sizeof(name), "%s.md", kept);
	}
	a.name = a.bytes ? name : NULL;
	if (engine_tx(&ws.en, run_done, &a, &e)) {
		rc = cli_fail(&e);
		goto out;
	}
	engine_ref(id, ref, sizeof(ref));
	snprintf(msg, sizeof(msg), "%s: %s %s", ref, kind,
		 o->substitute ? _("recorded as replaced by substitute measures (published, "
				   "inquiry desk)")
			       : _("recorded as filed"));
	rc = cli_done(&ws, id, o->json, msg);
out:
	free(file);
	buf_release(&b);
	filing_recs_release(&recs);
	inc_full_release(&f);
	cli_ws_close(&ws);
	return rc;
}

int cmd_filing(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},	{"format", required_argument, NULL, 'f'},
		{"date", required_argument, NULL, 'd'}, {"ref", required_argument, NULL, 'r'},
		{"file", required_argument, NULL, 'F'}, {"reason", required_argument, NULL, 'R'},
		{"as", required_argument, NULL, 'A'},	{"output", required_argument, NULL, 'o'},
		{"substitute", no_argument, NULL, 'S'}, {"published", required_argument, NULL, 'P'},
		{"desk", required_argument, NULL, 'D'}, {NULL, 0, NULL, 0},
	};
	struct opts o = {0};
	const char *verb, *kind = NULL;
	int64_t id;
	int c, rc, want;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o.json = true;
			break;
		case 'f':
			o.format = optarg;
			break;
		case 'd':
			o.date = optarg;
			break;
		case 'r':
			o.ref = optarg;
			break;
		case 'F':
			o.file = optarg;
			break;
		case 'R':
			o.reason = optarg;
			break;
		case 'A':
			o.as = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case 'S':
			o.substitute = true;
			break;
		case 'P':
			o.published = optarg;
			break;
		case 'D':
			o.desk = optarg;
			break;
		default:
			return cli_bad_option(ctx, argc, argv);
		}
	}
	if (argc - optind < 2)
		return cli_usage_error(ctx, "%s",
				       _("give list, draft, done or waive and an incident id"));
	verb = argv[optind];
	want = strcmp(verb, "list") == 0 ? 2 : 3;
	if ((strcmp(verb, "list") && strcmp(verb, "draft") && strcmp(verb, "done") &&
	     strcmp(verb, "waive")))
		return cli_usage_error(ctx, _("unknown filing command \"%s\""), verb);
	if (argc - optind != want)
		return cli_usage_error(ctx, "%s",
				       want == 2 ? _("give one incident id")
						 : _("give an incident id and a filing id (KIND)"));
	rc = cli_id_arg(ctx, argv[optind + 1], &id);
	if (rc)
		return rc;
	if (want == 3)
		kind = argv[optind + 2];
	if (strcmp(verb, "list") == 0)
		return do_list(ctx, id, &o);
	if (strcmp(verb, "draft") == 0)
		return do_draft(ctx, id, kind, &o);
	if (strcmp(verb, "done") == 0)
		return do_done(ctx, id, kind, &o);
	if (!o.reason)
		return cli_usage_error(ctx, "%s",
				       _("give the reason the filing is not needed (--reason)"));
	{
		struct done_args a = {id, kind, NULL, o.reason, 0, NULL, 0, NULL, NULL};

		return cli_change_incident(ctx, o.as, o.json, id, run_waive, &a,
					   _("filing recorded as not needed"));
	}
}
