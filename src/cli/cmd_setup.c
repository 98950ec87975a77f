/* moshimo setup: the template's placeholders as questions, on a terminal,
 * as YAML (--questions) or from a file of answers (--answers); the result is
 * saved as a new revision only when every answer is good and the policy
 * loads and checks. */
#include "cli/cli.h"
#include "cli/workspace.h"
#include "engine/owner.h"
#include "policy/policy.h"
#include "policy/setup.h"
#include "revise/revise.h"
#include "util/fs.h"

#include <getopt.h>

/* The data folder's policy text (the built-in template when there is none). */
static int read_policy(struct cli_ctx *ctx, char **text, size_t *len)
{
	char path[4096];
	struct mo_err e;

	if (cli_data_path(ctx, "policy.yaml", path, sizeof(path)))
		return EXIT_USAGE;
	if (!fs_exists(path)) {
		*text = strndup(policy_default_yaml, policy_default_yaml_len);
		*len = policy_default_yaml_len;
		return *text ? EXIT_OK : EXIT_MACHINE;
	}
	mo_err_clear(&e);
	if (fs_read_file(path, POLICY_MAX_BYTES, text, len, &e))
		return cli_fail(&e);
	return EXIT_OK;
}

static int put_field(struct buf *b, const char *key, const char *v)
{
	return buf_addf(b, "  %s: ", key) || yaml_scalar_quote(v, false, b) || buf_addc(b, '\n');
}

static int print_questions(const struct setup_questions *q, bool all)
{
	struct buf b;
	int rc;

	buf_init(&b, BUF_MAX_DEFAULT);
	if (buf_adds(&b, "# moshimo setup --answers FILE: a file of \"id: answer\" lines\n"))
		return EXIT_MACHINE;
	for (size_t i = 0; i < q->n; i++) {
		const struct setup_question *s = &q->v[i];

		if (!all && !s->open)
			continue;
		if (buf_addf(&b, "- id: %s\n", s->id) ||
		    put_field(&b, "question", s->question_ja) ||
		    put_field(&b, "question_en", s->question_en) ||
		    put_field(&b, "current", s->current) || put_field(&b, "example", s->example) ||
		    buf_addf(&b, "  required: %s\n",
			     s->flags & SETUP_OPTIONAL ? "false" : "true")) {
			buf_release(&b);
			return EXIT_MACHINE;
		}
	}
	if (!b.len && buf_adds(&b, "[]\n"))
		return EXIT_MACHINE;
	rc = cli_write_out(&b);
	buf_release(&b);
	return rc;
}

static int refresh(struct engine *en, void *arg, struct mo_err *e)
{
	return engine_owner_refresh(en, arg, e);
}

/* Incidents filed while the names were 〇〇 get the holders named now. */
static int refresh_owners(struct cli_ctx *ctx, const char *who)
{
	struct cli_ws ws;
	struct mo_err e;
	size_t changed = 0;
	int rc = cli_ws_open(ctx, &ws, 0, who);

	if (rc)
		return rc;
	mo_err_clear(&e);
	if (ws.st && engine_tx(&ws.en, refresh, &changed, &e)) {
		cli_ws_close(&ws);
		return cli_fail(&e);
	}
	if (changed)
		printf(_("%zu incidents filed before the names were filled in now show the role's "
			 "holder\n"),
		       changed);
	cli_ws_close(&ws);
	return EXIT_OK;
}

/* Saves text as the new policy through revise_save; prints the findings. */
static int save(struct cli_ctx *ctx, const char *text, size_t len, const char *who,
		const char *note, size_t open)
{
	struct mo_findings f;
	struct mo_err e;
	int rev = 0, rc;
	char path[4096];

	if (cli_data_path(ctx, "policy.yaml", path, sizeof(path)))
		return EXIT_USAGE;
	mo_err_clear(&e);
	if (fs_mkdirs(ctx->data_dir, &e))
		return cli_fail(&e);
	mo_findings_init(&f, path);
	rc = revise_save(ctx->data_dir, text, len, who, note, &f, &rev, &e);
	if (rc > 0) {
		mo_findings_sort(&f);
		mo_report_findings(stderr, &f);
	}
	mo_findings_release(&f);
	if (rc > 0) {
		mo_die_msg(_("the answers make a policy with errors; nothing was changed"));
		return EXIT_DATA;
	}
	if (rc < 0)
		return cli_fail(&e);
	printf(_("Saved %s as revision %d; the manual and the cards are regenerated\n"), path, rev);
	if (open)
		printf(_("%zu questions are still open (moshimo setup asks them)\n"), open);
	return refresh_owners(ctx, who);
}

static size_t open_after(const char *text, size_t len)
{
	struct setup_questions q;
	struct mo_err e;
	size_t n;

	if (setup_questions_load(&q, text, len, &e))
		return 0;
	n = setup_questions_open(&q);
	setup_questions_release(&q);
	return n;
}

/* --answers FILE: a YAML mapping of id: answer. */
static int run_answers(struct cli_ctx *ctx, const char *file, const char *who, const char *note)
{
	char *text = NULL, *atext = NULL;
	size_t len = 0, alen = 0, bad = 0;
	struct ydoc d;
	struct setup_answer *a = NULL;
	struct buf out;
	struct mo_err e;
	int rc;

	mo_err_clear(&e);
	if (fs_read_file(file, (size_t)1 << 20, &atext, &alen, &e)) {
		snprintf(e.file, sizeof(e.file), "%s", file);
		return cli_fail(&e);
	}
	if (ydoc_parse(&d, atext, alen, &e)) {
		snprintf(e.file, sizeof(e.file), "%s", file);
		free(atext);
		return cli_fail(&e);
	}
	buf_init(&out, POLICY_MAX_BYTES * 2);
	if (d.root->kind != YN_MAPPING) {
		mo_die_msg(_("%s: expected a mapping of question id: answer"), file);
		rc = EXIT_DATA;
		goto out;
	}
	a = calloc(d.root->n + 1, sizeof(*a));
	if (!a) {
		rc = EXIT_MACHINE;
		goto out;
	}
	for (size_t i = 0; i < d.root->n; i++) {
		const struct ynode *v = d.root->kid[i];

		if (v->kind != YN_SCALAR) {
			mo_die_msg(_("%s: %s: the answer must be text"), file, v->key);
			rc = EXIT_DATA;
			goto out;
		}
		a[i] = (struct setup_answer){v->key, v->str};
	}
	rc = read_policy(ctx, &text, &len);
	if (rc)
		goto out;
	if (setup_apply(text, len, a, d.root->n, &out, &bad, &e)) {
		if (!e.file[0] && !e.line)
			snprintf(e.file, sizeof(e.file), "%s", file);
		rc = cli_fail(&e);
		fprintf(stderr, _("nothing was changed\n"));
		goto out;
	}
	rc = save(ctx, out.data, out.len, who, note ? note : "moshimo setup --answers",
		  open_after(out.data, out.len));
out:
	buf_release(&out);
	free(a);
	free(text);
	ydoc_release(&d);
	free(atext);
	return rc;
}

/* One line from standard input without its newline; NULL at end of input. */
static char *read_line(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);

	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

/* Asks the questions of one group on the terminal; the answers go to
 * *text at once (in memory) so that the next group sees them (two roles
 * given one name are one person, asked for contacts once). */
static int ask_group(const char *group, bool all, char **text, size_t *len, int *asked)
{
	struct setup_questions q;
	struct setup_answer *a = NULL;
	char **vals = NULL;
	size_t n = 0;
	struct mo_err e;
	struct buf out;
	int rc = EXIT_MACHINE, here = 0;

	mo_err_clear(&e);
	if (setup_questions_load(&q, *text, *len, &e))
		return cli_fail(&e);
	a = calloc(q.n + 1, sizeof(*a));
	vals = calloc(q.n + 1, sizeof(*vals));
	buf_init(&out, POLICY_MAX_BYTES * 2);
	if (!a || !vals)
		goto out;
	for (size_t i = 0; i < q.n; i++) {
		const struct setup_question *s = &q.v[i];
		struct buf norm;

		if (strcmp(s->group, group) != 0 || (!all && !s->open))
			continue;
		if (!here)
			printf("\n== %s ==\n%s\n", setup_group_title(group),
			       setup_group_intro(group));
		here++;
		buf_init(&norm, 1 << 16);
		for (;;) {
			char *line;

			printf("\n%s\n", s->question_ja);
			printf("  (%s)\n", s->question_en);
			if (*s->current)
				printf(_("  now: %s\n"), s->current);
			printf(_("  example: %s\n"), s->example);
			printf("%s> ", s->flags & SETUP_OPTIONAL ? _("(may be empty) ") : "");
			fflush(stdout);
			line = read_line();
			if (!line) {
				buf_release(&norm);
				printf("\n");
				mo_die_msg(_(
					"setup stopped at the end of input; nothing was changed"));
				rc = EXIT_DATA;
				goto out;
			}
			/* Enter on an answered question keeps what is there */
			if (!*line && !s->open && *s->current) {
				free(line);
				break;
			}
			if (setup_answer_check(s, line, &norm, &e) == 0) {
				a[n].id = s->id;
				vals[n] = line;
				a[n].value = line;
				n++;
				break;
			}
			fprintf(stderr, _("  error: %s\n"), e.msg);
			free(line);
		}
		buf_release(&norm);
	}
	*asked += here;
	if (!n) {
		rc = EXIT_OK;
		goto out;
	}
	if (setup_apply(*text, *len, a, n, &out, NULL, &e)) {
		rc = cli_fail(&e);
		goto out;
	}
	free(*text);
	*text = buf_detach(&out, len);
	rc = *text ? EXIT_OK : EXIT_MACHINE;
out:
	for (size_t i = 0; vals && i < n; i++)
		free(vals[i]);
	free(vals);
	free(a);
	buf_release(&out);
	setup_questions_release(&q);
	return rc;
}

static int run_terminal(struct cli_ctx *ctx, bool all, const char *who, const char *note)
{
	static const char *const groups[] = {"company", "people",  "contacts",
					     "bcp",	"outside", "review"};
	char *text = NULL;
	size_t len = 0;
	int rc, asked = 0;

	rc = read_policy(ctx, &text, &len);
	if (rc)
		return rc;
	printf(_("moshimo setup: the manual's open questions, one by one. Ctrl-D stops without "
		 "changing anything.\n"));
	for (size_t g = 0; g < MO_ARRAY_SIZE(groups); g++) {
		rc = ask_group(groups[g], all, &text, &len, &asked);
		if (rc)
			goto out;
	}
	if (!asked) {
		printf(_("No open questions: the manual has no placeholders left "
			 "(moshimo setup --all asks every question again)\n"));
		goto out;
	}
	rc = save(ctx, text, len, who, note ? note : "moshimo setup", open_after(text, len));
out:
	free(text);
	return rc;
}

int cmd_setup(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"questions", no_argument, NULL, 'q'}, {"answers", required_argument, NULL, 'a'},
		{"all", no_argument, NULL, 'A'},       {"note", required_argument, NULL, 'n'},
		{"as", required_argument, NULL, 'w'},  {NULL, 0, NULL, 0},
	};
	bool questions = false, all = false;
	const char *answers = NULL, *note = NULL, *as = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'q')
			questions = true;
		else if (c == 'a')
			answers = optarg;
		else if (c == 'A')
			all = true;
		else if (c == 'n')
			note = optarg;
		else if (c == 'w')
			as = optarg;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (optind < argc)
		return cli_usage_error(ctx, _("too many arguments"));
	if (questions && answers)
		return cli_usage_error(ctx, _("--questions and --answers do not go together"));
	if (questions) {
		char *text = NULL;
		size_t len = 0;
		struct setup_questions q;
		struct mo_err e;
		int rc = read_policy(ctx, &text, &len);

		if (rc)
			return rc;
		mo_err_clear(&e);
		if (setup_questions_load(&q, text, len, &e)) {
			free(text);
			return cli_fail(&e);
		}
		rc = print_questions(&q, all);
		setup_questions_release(&q);
		free(text);
		return rc;
	}
	if (answers)
		return run_answers(ctx, answers, cli_who(as), note);
	return run_terminal(ctx, all, cli_who(as), note);
}
