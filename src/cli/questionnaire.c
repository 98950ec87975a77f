/* The report questionnaire, for someone at a terminal: what they noticed
 * (the policy's signs), what happened, the impact questions (the level
 * table's own words), when, who they are, and the facts that decide the
 * filings. Japanese, because it quotes the policy. Bad answers are asked
 * again; end of input cancels. */
#include "cli/questionnaire.h"

#define ANSWER_MAX 4096

struct asker {
	FILE *in;
	FILE *out;
	struct inc *inc;
	char line[ANSWER_MAX];
};

/* One line of input without its newline; false at end of input. */
static bool ask(struct asker *a, const char *prompt)
{
	size_t n;

	fprintf(a->out, "%s\n> ", prompt);
	fflush(a->out);
	if (!fgets(a->line, sizeof(a->line), a->in))
		return false;
	n = strlen(a->line);
	while (n && (a->line[n - 1] == '\n' || a->line[n - 1] == '\r'))
		a->line[--n] = '\0';
	return true;
}

static const char *keep(struct asker *a)
{
	return inc_strdup(a->inc, a->line);
}

/* y/n with a default; -1 at end of input. */
static int yes_no(struct asker *a, const char *prompt, bool dflt)
{
	char q[1200];

	snprintf(q, sizeof(q), "%s %s", prompt, dflt ? "[Y/n]" : "[y/N]");
	for (;;) {
		if (!ask(a, q))
			return -1;
		if (!a->line[0])
			return dflt;
		if (strchr("yY", a->line[0]) || strcmp(a->line, "はい") == 0)
			return 1;
		if (strchr("nN", a->line[0]) || strcmp(a->line, "いいえ") == 0)
			return 0;
		fprintf(a->out, "y（はい）か n（いいえ）で答えてください。\n");
	}
}

static bool text_ok(struct asker *a, bool multiline)
{
	struct mo_err e;

	if (engine_text_ok("answer", a->line, ANSWER_MAX, multiline, &e) == 0)
		return true;
	fprintf(a->out, "使えない文字が含まれています。もう一度入力してください。\n");
	return false;
}

static int choose_sign(struct asker *a, const struct policy *p)
{
	for (;;) {
		long v;
		char *end;

		fprintf(a->out, "\n1. 何に気付きましたか？番号を選んでください。\n");
		for (size_t i = 0; i < p->n_signs; i++)
			fprintf(a->out, "  %2zu) %s\n", i + 1, p->signs[i].label);
		for (size_t i = 0; i < p->n_categories; i++)
			fprintf(a->out, "  %2zu) 区分: %s\n", p->n_signs + i + 1,
				p->categories[i].name);
		if (!ask(a, ""))
			return -1;
		errno = 0;
		v = strtol(a->line, &end, 10);
		if (errno || end == a->line || *end || v < 1 ||
		    (size_t)v > p->n_signs + p->n_categories) {
			fprintf(a->out, "一覧の番号で答えてください。\n");
			continue;
		}
		if ((size_t)v <= p->n_signs) {
			a->inc->sign = p->signs[v - 1].id;
			a->inc->category = p->signs[v - 1].category;
		} else {
			a->inc->category = p->categories[v - 1 - p->n_signs].id;
		}
		return 0;
	}
}

static int ask_text(struct asker *a, const char *prompt, bool required, const char **out)
{
	for (;;) {
		if (!ask(a, prompt))
			return -1;
		if (!a->line[0] && required) {
			fprintf(a->out, "入力してください。\n");
			continue;
		}
		if (!text_ok(a, false))
			continue;
		*out = a->line[0] ? keep(a) : NULL;
		return 0;
	}
}

/* The impact answers that the policy's triage rules read, in the level
 * table's order. */
static int ask_impact(struct asker *a, const struct policy *p)
{
	fprintf(a->out, "\n3. 影響範囲（事故レベルの判断に使います）\n");
	for (size_t i = 0; i < ENGINE_IMPACTS; i++) {
		const struct engine_impact *im = &engine_impacts[i];
		bool used = false;
		char q[1100];
		int yes;

		for (size_t r = 0; r < p->n_triage; r++)
			used = used ||
			       ((p->triage[r].any | p->triage[r].all | p->triage[r].unless) &
				im->cond);
		if (!used)
			continue;
		snprintf(q, sizeof(q), "「%sとき」に当てはまりますか？",
			 policy_condition_label(im->cond));
		yes = yes_no(a, q, false);
		if (yes < 0)
			return -1;
		if (yes)
			a->inc->impact |= im->bit;
	}
	return 0;
}

static int ask_when(struct asker *a, const struct policy *p)
{
	for (;;) {
		int64_t t;

		if (!ask(a,
			 "\n4. いつ気付きましたか？（例 2026/12/01 18:30、12/1 18:30。空欄なら今）"))
			return -1;
		if (!a->line[0])
			return 0;
		if (time_parse_input(a->line, p->org.timezone, time_now(), &t) == 0) {
			a->inc->discovered_at = t;
			return 0;
		}
		fprintf(a->out, "2026/12/01 18:30 や 12/1 18:30 の形で入力してください。\n");
	}
}

static int ask_reporter(struct asker *a)
{
	int ext;

	fprintf(a->out, "\n5. 報告者\n");
	if (ask_text(a, "お名前", true, &a->inc->reporter_name))
		return -1;
	ext = yes_no(a, "社外からの通報ですか？", false);
	if (ext < 0)
		return -1;
	a->inc->reporter_external = ext;
	/* 001: 外部から通報を受け付けた場合は、通報者の連絡先等を控えます。 */
	return ask_text(a, ext ? "通報者の連絡先（必須）" : "連絡先（内線・携帯など。空欄可）", ext,
			&a->inc->reporter_contact);
}

static int ask_count(struct asker *a, const char *prompt, long long *out)
{
	for (;;) {
		long v;
		char *end;

		if (!ask(a, prompt))
			return -1;
		if (!a->line[0])
			return 0;
		errno = 0;
		v = strtol(a->line, &end, 10);
		if (!errno && end != a->line && !*end && v >= 0) {
			*out = v;
			return 0;
		}
		fprintf(a->out, "0以上の数で答えてください（不明なら空欄）。\n");
	}
}

static int ask_tri(struct asker *a, const char *prompt, int *out)
{
	int v = yes_no(a, prompt, false);

	if (v < 0)
		return -1;
	*out = v;
	return 0;
}

/* A yes/no fact where a blank answer is 不明 (MO_TRI_NONE): the filing
 * rules keep an unknown as a possibility, never as a no. */
static int ask_tri3(struct asker *a, const char *prompt, int *out)
{
	char q[1200];

	snprintf(q, sizeof(q), "%s [y/n、分からなければ空欄]", prompt);
	for (;;) {
		if (!ask(a, q))
			return -1;
		if (!a->line[0]) {
			*out = MO_TRI_NONE;
			return 0;
		}
		if (strchr("yY", a->line[0]) || strcmp(a->line, "はい") == 0) {
			*out = 1;
			return 0;
		}
		if (strchr("nN", a->line[0]) || strcmp(a->line, "いいえ") == 0) {
			*out = 0;
			return 0;
		}
		fprintf(a->out, "y（はい）か n（いいえ）で答えてください（不明なら空欄）。\n");
	}
}

/* The facts the filing rules read (engine/filings.c; 個人情報保護法26条,
 * 規則7条, 番号法): asked for a leak, and the skimming case for a tampered
 * site. */
static int ask_leak(struct asker *a)
{
	struct inc_facts *f = &a->inc->facts;

	fprintf(a->out, "\n6. 漏えいについて（届け出・通知が必要かを判断します）\n");
	if (ask_count(a, "漏えいした（おそれを含む）個人情報の件数（本人の数。不明なら空欄）",
		      &f->persons) ||
	    ask_tri3(a, "要配慮個人情報（病歴、信条、犯罪歴など）を含みますか？", &f->sensitive) ||
	    ask_tri3(a, "クレジットカード番号、銀行口座、決済サービスのパスワード等を含みますか？",
		     &f->financial) ||
	    ask_tri3(a, "マイナンバー（特定個人情報）を含みますか？", &f->my_number))
		return -1;
	if (f->my_number == 1 &&
	    (ask_tri3(a, "個人番号利用事務等の情報システムで管理している特定個人情報ですか？",
		      &f->mynumber_system) ||
	     ask_tri3(a, "インターネット等で不特定多数の人が見られる状態になりましたか？",
		      &f->exposed_public)))
		return -1;
	if (ask_tri3(a, "不正アクセス、内部犯行、盗難など、悪意によるものですか？",
		     &f->malicious) ||
	    ask_tri3(
		    a,
		    "データは高度な暗号化で保護されていましたか？（暗号化されたPC・USBメモリ等で、鍵は漏れていない）",
		    &f->encrypted))
		return -1;
	return ask_text(a, "委託を受けて預かっている個人データなら、委託元の名前（なければ空欄）",
			false, &a->inc->client);
}

/* Facts that decide the filings, for the kinds the built-in policy has. */
static int ask_facts(struct asker *a)
{
	struct inc_facts *f = &a->inc->facts;

	if (a->inc->category && strcmp(a->inc->category, "leak") == 0) {
		if (ask_leak(a))
			return -1;
	} else if (a->inc->category && strcmp(a->inc->category, "malware") == 0) {
		fprintf(a->out, "\n6. ウイルス感染について\n");
		if (ask_tri(a, "感染したコンピュータをネットワークから切り離しましたか？",
			    &f->disconnected))
			return -1;
	} else if (a->inc->category && strcmp(a->inc->category, "tamper") == 0) {
		fprintf(a->out, "\n6. 改ざんについて\n");
		if (ask_tri3(
			    a,
			    "入力フォーム等が改ざんされ、入力中のカード情報・個人情報が盗まれたおそれがありますか？",
			    &f->skimming))
			return -1;
	}
	return 0;
}

int cli_questionnaire(struct cli_ws *ws, struct inc *inc)
{
	struct asker a = {stdin, stdout, inc, ""};
	int go;

	fprintf(a.out, "インシデントの報告（%s）— 途中でやめるときは Ctrl-D\n",
		ws->p->org.name ? ws->p->org.name : "");
	if (choose_sign(&a, ws->p))
		goto cancelled;
	if (ask_text(&a, "\n2. 一言で言うと何が起きましたか？（件名）", true, &inc->title))
		goto cancelled;
	for (;;) {
		if (!ask(&a, "   詳しい状況（発生事象。空欄可）"))
			goto cancelled;
		if (text_ok(&a, false))
			break;
	}
	inc->description = a.line[0] ? keep(&a) : "";
	if (ask_impact(&a, ws->p) || ask_when(&a, ws->p) || ask_reporter(&a) || ask_facts(&a))
		goto cancelled;
	if (inc->discovered_at == MO_TIME_NONE)
		inc->discovered_at = ws->en.now;
	go = yes_no(&a, "\nこの内容で報告しますか？", true);
	if (go <= 0)
		goto cancelled;
	if (!inc->title || !inc->description) {
		mo_die_msg(_("out of memory"));
		return EXIT_DATA;
	}
	return EXIT_OK;
cancelled:
	fprintf(a.out, "\n");
	mo_die_msg(_("the report was cancelled; nothing was stored"));
	return EXIT_DATA;
}
