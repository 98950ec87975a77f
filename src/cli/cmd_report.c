/* moshimo report: an incident from JSON (standard input or --file), or on
 * a terminal from a questionnaire; triaged, planned and stored in one
 * transaction, then acknowledged with the immediate actions (Japanese:
 * they quote the policy). */
#include "cli/questionnaire.h"
#include "cli/report_mail.h"
#include "cli/workspace.h"
#include "engine/notify_out.h"
#include "store/outbox.h"
#include "util/fs.h"

#include <getopt.h>
#include <unistd.h>

static int read_stdin(char **data, size_t *len, struct mo_err *e)
{
	struct buf b;
	char chunk[8192];
	size_t n;

	buf_init(&b, ENGINE_REPORT_MAX + 1);
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		if (buf_add(&b, chunk, n)) {
			buf_release(&b);
			return mo_err_set(e, "<stdin>", 0, 0,
					  _("the report is too large (the limit is %zu bytes)"),
					  (size_t)ENGINE_REPORT_MAX);
		}
	}
	if (ferror(stdin)) {
		buf_release(&b);
		return mo_err_set(e, "<stdin>", 0, 0, _("cannot read: %s"), strerror(errno));
	}
	*data = buf_detach(&b, len);
	if (!*data)
		return mo_err_oom(e, "<stdin>");
	return 0;
}

static int create(struct engine *en, void *arg, struct mo_err *e)
{
	return engine_create(en, arg, e);
}

static void print_list(struct buf *b, const char *heading, const char *const *v, size_t n)
{
	if (!n)
		return;
	(void)!buf_addf(b, "\n【%s】\n", heading);
	for (size_t i = 0; i < n; i++)
		(void)!buf_addf(b, "  - %s\n", v[i]);
}

/* The acknowledgement a reporter reads: in Japanese, from the policy. */
static void print_actions(const struct policy *p, const struct inc *inc, const struct actions *a,
			  size_t steps, struct buf *b)
{
	char ref[32];

	engine_ref(inc->id, ref, sizeof(ref));
	(void)!buf_addf(b, _("Reported %s: %s\n"), ref, inc->title);
	(void)!buf_addf(b, _("Level %d, owner %s (%s); %zu steps on the checklist\n"), inc->level,
			inc->owner, policy_role_title(p, inc->owner_role), steps);
	print_list(b, "すぐにすること", a->do_now, a->n_do);
	print_list(b, "してはいけないこと", a->dont, a->n_dont);
	if (a->n_steps) {
		(void)!buf_adds(b, "\n【あなた（発見者）の手順】\n");
		for (size_t i = 0; i < a->n_steps; i++) {
			char due[64] = "";

			if (a->steps[i]->has_due) {
				char d[32];

				engine_duration_ja(&a->steps[i]->due, d, sizeof(d));
				snprintf(due, sizeof(due), "（発見から%s以内）", d);
			}
			(void)!buf_addf(b, "  - %s%s\n", a->steps[i]->action, due);
		}
	}
	if (a->self_help) {
		(void)!buf_addf(b, "\n【%s】\n", a->self_help->title);
		for (size_t i = 0; i < a->self_help->steps.n; i++)
			(void)!buf_addf(b, "  %zu. %s\n", i + 1, a->self_help->steps.v[i]);
		if (a->self_help->escalate_if.n) {
			(void)!buf_addf(b, "  %s\n",
					a->self_help->escalate_intro
						? a->self_help->escalate_intro
						: "次の場合は情報システム管理者に問い合わせる。");
			for (size_t i = 0; i < a->self_help->escalate_if.n; i++)
				(void)!buf_addf(b, "  - %s\n", a->self_help->escalate_if.v[i]);
		}
	}
	if (a->n_contacts) {
		(void)!buf_adds(b, "\n【連絡先（責任者）】\n");
		for (size_t i = 0; i < a->n_contacts; i++) {
			const struct mo_person *pe = a->contacts[i];

			(void)!buf_addf(b, "  - %s（%s）%s%s%s%s\n", pe->name,
					policy_role_title(p, inc->owner_role),
					pe->phone ? "  " : "", pe->phone ? pe->phone : "",
					pe->email ? "  " : "", pe->email ? pe->email : "");
		}
	}
}

/* Whom the report told, from the outbox rows committed with it. */
static void print_told(const struct policy *p, const struct outbox_list *l, int64_t now,
		       struct buf *b)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++) {
		char line[512];

		engine_notify_told_text(p, &l->v[i], now, line, sizeof(line));
		(void)!buf_addf(b, "%s  - %s。\n", n++ ? "" : "\n【通知】\n", line);
	}
	if (n)
		(void)!buf_adds(
			b, "  （送信は moshimo serve、または moshimo notify run が行います）\n");
	else
		(void)!buf_addf(b, "\n【通知】\n  %s。\n", ENGINE_NOTIFY_NOBODY);
}

static json_t *told_json(const struct policy *p, const struct outbox_list *l, int64_t now)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < l->n; i++) {
		char line[512];

		engine_notify_told_text(p, &l->v[i], now, line, sizeof(line));
		json_array_append_new(a, json_pack("{s:s,s:s?,s:s,s:s,s:s}", "person",
						   l->v[i].person, "name", l->v[i].person_name,
						   "channel", l->v[i].channel, "state",
						   outbox_state_key(l->v[i].state), "text", line));
	}
	return a;
}

int cmd_report(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"file", required_argument, NULL, 'f'},
		{"json", no_argument, NULL, 'j'},
		{"as", required_argument, NULL, 'A'},
		{NULL, 0, NULL, 0},
	};
	const char *file = NULL, *as = NULL;
	bool json = false, asked = false;
	struct cli_ws ws;
	struct inc inc;
	struct mo_err e;
	char *data = NULL;
	size_t len = 0;
	int c, rc;

	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--mail") == 0)
			return cli_report_mail(ctx, argc, argv);
	while ((c = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
		if (c == 'f')
			file = optarg;
		else if (c == 'j')
			json = true;
		else if (c == 'A')
			as = optarg;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (optind < argc)
		return cli_usage_error(ctx, _("too many arguments"));
	mo_err_clear(&e);
	inc_init(&inc);
	rc = cli_ws_open(ctx, &ws, WS_WRITE, as);
	if (rc)
		return rc;
	if (!file && isatty(STDIN_FILENO)) {
		rc = cli_questionnaire(&ws, &inc);
		if (rc)
			goto done;
		asked = true;
	} else {
		if (file ? fs_read_file(file, ENGINE_REPORT_MAX, &data, &len, &e)
			 : read_stdin(&data, &len, &e)) {
			rc = cli_fail(&e);
			goto done;
		}
		if (engine_report_parse(ws.p, data, len, file ? file : "<stdin>", ws.en.now, &inc,
					&e)) {
			rc = cli_fail(&e);
			goto done;
		}
	}
	if (engine_tx(&ws.en, create, &inc, &e)) {
		rc = cli_fail(&e);
		goto done;
	}
	{
		struct actions a;
		struct inc_full f;
		struct outbox_list told;

		engine_actions(ws.p, &inc, &a);
		outbox_list_init(&told);
		if (engine_load(ws.st, inc.id, &f, &e) ||
		    store_outbox_incident(ws.st, inc.id, &told, &e)) {
			rc = cli_fail(&e);
			outbox_list_release(&told);
			goto done;
		}
		if (json) {
			json_t *j = engine_incident_json(ws.p, &f, ws.en.now);

			if (j) {
				json_object_set_new(j, "actions", engine_actions_json(ws.p, &inc));
				json_object_set_new(j, "notified",
						    told_json(ws.p, &told, ws.en.now));
			}
			rc = cli_print_json(j);
		} else {
			struct buf b;

			buf_init(&b, BUF_MAX_DEFAULT);
			if (asked)
				(void)!buf_adds(&b, "\n");
			print_actions(ws.p, &inc, &a, f.steps.n, &b);
			print_told(ws.p, &told, ws.en.now, &b);
			rc = cli_write_out(&b);
			buf_release(&b);
		}
		outbox_list_release(&told);
		inc_full_release(&f);
	}
done:
	free(data);
	inc_release(&inc);
	cli_ws_close(&ws);
	return rc;
}
