/* The incident report document (export): every record item of 001's
 * インシデント対応時に整理しておくべき事項, the checklist with who and when,
 * filings, decisions, evidence and the timeline. Markdown is a Japanese
 * document whatever the locale, like the manual; JSON is the API's shape.
 * Each format is a row of a table. */
#include "engine/engineInt.h"
#include "engine/labels.h"

/* Text for a table cell: | escaped, line breaks as <br>. */
static int cell(struct buf *b, const char *s)
{
	int rc = 0;

	if (!s || !*s)
		return buf_adds(b, "—");
	for (; *s; s++) {
		if (*s == '|')
			rc |= buf_adds(b, "\\|");
		else if (*s == '\n')
			rc |= buf_adds(b, "<br>");
		else if (*s != '\r')
			rc |= buf_addc(b, *s);
	}
	return rc;
}

static int row(struct buf *b, const char *label, const char *value)
{
	int rc = buf_addf(b, "| %s | ", label);

	rc |= cell(b, value);
	rc |= buf_adds(b, " |\n");
	return rc;
}

static const char *tri_ja(int v)
{
	return v == MO_TRI_NONE ? NULL : v ? "はい" : "いいえ";
}

static int record_items(struct buf *b, const struct policy *p, const struct inc_full *f,
			struct arena *a)
{
	const struct inc *inc = &f->inc;
	char disc[MO_TIME_MAX], occ[MO_TIME_MAX];
	int rc = 0;

	engine_time(p, inc->discovered_at, disc, sizeof(disc));
	engine_time(p, inc->occurred_at, occ, sizeof(occ));
	rc |= buf_adds(
		b, "## インシデント対応時に整理しておくべき事項\n\n| 事項 | 内容 |\n|---|---|\n");
	rc |= row(b, "インシデントの分類",
		  engine_afmt(a, "%s（%s）", engine_category_name(p, inc->category),
			      inc->category));
	rc |= row(b, "事業者",
		  inc->client && *inc->client
			  ? engine_afmt(a, "%s（委託元: %s）", inc->business ? inc->business : "—",
					inc->client)
			  : inc->business);
	rc |= row(b, "責任者・担当者",
		  engine_afmt(a, "責任者: %s（%s）%s%s", inc->owner,
			      policy_role_title(p, inc->owner_role),
			      inc->responsible && *inc->responsible ? "\n担当者: " : "",
			      inc->responsible && *inc->responsible ? inc->responsible : ""));
	rc |= row(b, "発覚日時", disc);
	rc |= row(b, "発生日時", inc->occurred_at == MO_TIME_NONE ? "調査中" : occ);
	rc |= row(b, "発生事象", inc->description);
	rc |= row(b, "対応経過", engine_afmt(a, "「対応経過」の節（%zu件）を参照", f->events.n));
	rc |= row(b, "想定される原因", inc->cause);
	rc |= row(b, "被害を受けたシステムの状況", inc->affected_systems);
	rc |= row(b, "システム構成・運用状況", inc->system_config);
	return rc;
}

static int reporter_impact_facts(struct buf *b, const struct inc *inc)
{
	static const struct {
		unsigned bit;
		const char *label;
	} impacts[] = {
		{IMPACT_CUSTOMERS, "顧客、取引先、株主等に影響が及ぶ"},
		{IMPACT_PERSONAL_DATA, "個人情報が漏えいした"},
		{IMPACT_BUSINESS, "事業に影響が及ぶ"},
		{IMPACT_EMPLOYEES, "従業員の業務遂行に影響が及ぶ"},
	};
	int rc = 0;
	bool any = false;

	rc |= buf_adds(b, "\n## 報告者と影響範囲\n\n| 事項 | 内容 |\n|---|---|\n");
	rc |= row(b, "報告者", inc->reporter_name);
	rc |= row(b, "報告者の連絡先", inc->reporter_contact);
	rc |= row(b, "外部からの通報", inc->reporter_external == 1 ? "はい" : "いいえ");
	for (size_t i = 0; i < MO_ARRAY_SIZE(impacts); i++)
		rc |= row(b, impacts[i].label, inc->impact & impacts[i].bit ? "はい" : "いいえ");
	for (size_t i = 0; i < inc_fields_count; i++) {
		const struct inc_field *f = &inc_fields[i];
		const char *slot = (const char *)inc + f->offset;
		char num[32];
		const char *v = NULL;

		if (!(f->flags & FF_FACT))
			continue;
		if (f->type == FT_TEXT) {
			v = *(const char *const *)slot;
		} else if (f->type == FT_TRI) {
			v = tri_ja(*(const int *)slot);
		} else if (f->type == FT_COUNT && *(const long long *)slot >= 0) {
			snprintf(num, sizeof(num), "%lld", *(const long long *)slot);
			v = num;
		}
		if (!v || !*v)
			continue;
		if (!any)
			rc |= buf_adds(b, "\n## 種類別の事項\n\n| 事項 | 内容 |\n|---|---|\n");
		any = true;
		rc |= row(b, f->label, v);
	}
	return rc;
}

static int checklist(struct buf *b, const struct policy *p, const struct inc_full *f,
		     struct arena *a)
{
	int rc = 0;

	rc |= buf_adds(b, "\n## 対応手順（チェックリスト）\n\n");
	if (!f->steps.n)
		return rc | buf_adds(b, "ポリシーにこの区分と事故レベルの対応手順がありません。\n");
	rc |= buf_adds(b, "| # | 手順 | 担当 | 期限 | 状態 | 実施者・日時 | 備考 |\n"
			  "|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < f->steps.n; i++) {
		const struct step *s = &f->steps.v[i];
		char due[MO_TIME_MAX], at[MO_TIME_MAX];

		engine_time(p, s->due_at, due, sizeof(due));
		engine_time(p, s->at, at, sizeof(at));
		rc |= buf_addf(b, "| %d | ", s->n);
		rc |= cell(b, s->title ? engine_afmt(a, "%s\n%s", s->title, s->action) : s->action);
		rc |= buf_adds(b, " | ");
		rc |= cell(b, engine_afmt(a, "%s（%s）", policy_role_title(p, s->actor),
					  s->person ? s->person : "—"));
		rc |= buf_adds(b, " | ");
		rc |= cell(b, s->due_at == MO_TIME_NONE ? NULL : due);
		rc |= buf_addf(b, " | %s | ", engine_step_state_ja(s->state));
		rc |= cell(b, s->by ? engine_afmt(a, "%s %s", s->by, at) : NULL);
		rc |= buf_adds(b, " | ");
		rc |= cell(b, s->note);
		rc |= buf_adds(b, " |\n");
	}
	return rc;
}

static int filings(struct buf *b, const struct policy *p, const struct inc *inc)
{
	struct filing_due due[32];
	size_t n = engine_filings(p, inc, due, MO_ARRAY_SIZE(due));
	int rc = 0;

	rc |= buf_adds(b, "\n## 届出・報告\n\n");
	if (!n)
		return rc | buf_adds(b, "記録された事実からは、必要な届出はありません。\n");
	rc |= buf_adds(b, "| 届出 | 届出先 | 期限 | 条件 |\n|---|---|---|---|\n");
	for (size_t i = 0; i < n; i++) {
		char at[MO_TIME_MAX];

		engine_time(p, due[i].due_at, at, sizeof(at));
		rc |= buf_adds(b, "| ");
		rc |= cell(b, due[i].filing->title ? due[i].filing->title : due[i].filing->id);
		rc |= buf_adds(b, " | ");
		rc |= cell(b, due[i].authority ? due[i].authority->organization
					       : due[i].filing->authority);
		rc |= buf_adds(b, " | ");
		rc |= cell(b, due[i].due_at == MO_TIME_NONE ? "速やかに" : at);
		rc |= buf_adds(b, " | ");
		rc |= cell(b, due[i].filing->when);
		rc |= buf_adds(b, " |\n");
	}
	return rc;
}

static int decisions(struct buf *b, const struct policy *p, const struct inc_full *f)
{
	struct open_point open[64];
	size_t n = engine_open_decisions(p, &f->inc, &f->decisions, open, MO_ARRAY_SIZE(open));
	int rc = 0;

	rc |= buf_adds(b, "\n## 判断の記録\n\n");
	if (f->decisions.n) {
		rc |= buf_adds(
			b,
			"| 段階・判断事項 | 判断 | 理由 | 判断者 | 日時 |\n|---|---|---|---|---|\n");
		for (size_t i = 0; i < f->decisions.n; i++) {
			const struct decision *d = &f->decisions.v[i];
			char at[MO_TIME_MAX];

			engine_time(p, d->at, at, sizeof(at));
			rc |= buf_adds(b, "| ");
			rc |= cell(b, engine_decision_phase_word(p, d->phase));
			rc |= buf_adds(b, "：");
			rc |= cell(b, engine_decision_point_word(p, d->phase, d->point));
			rc |= buf_adds(b, " | ");
			rc |= cell(b, d->decision);
			rc |= buf_adds(b, " | ");
			rc |= cell(b, d->why);
			rc |= buf_adds(b, " | ");
			rc |= cell(b, d->who);
			rc |= buf_addf(b, " | %s |\n", at);
		}
	}
	if (n) {
		rc |= buf_addf(b, "\n現在の段階（%s）で未判断の事項:\n\n",
			       engine_status_ja(f->inc.status));
		for (size_t i = 0; i < n; i++)
			rc |= buf_addf(b, "- [ ] %s（%s/%s）\n", open[i].point->question,
				       open[i].phase->id, open[i].point->id);
	}
	return rc;
}

static int evidence(struct buf *b, const struct policy *p, const struct inc_full *f)
{
	int rc = 0;

	if (!f->evidence.n)
		return 0;
	rc |= buf_adds(
		b, "\n## 証拠保全\n\n| # | ファイル | SHA-256 | サイズ | 保全者・日時 | 備考 |\n"
		   "|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < f->evidence.n; i++) {
		const struct evidence *ev = &f->evidence.v[i];
		char at[MO_TIME_MAX];

		engine_time(p, ev->at, at, sizeof(at));
		rc |= buf_addf(b, "| %d | ", ev->n);
		rc |= cell(b, ev->name);
		rc |= buf_addf(b, " | `%s` | %lld | ", ev->sha256, (long long)ev->size);
		rc |= cell(b, ev->who);
		rc |= buf_addf(b, " %s | ", at);
		rc |= cell(b, ev->note);
		rc |= buf_adds(b, " |\n");
	}
	return rc;
}

static int timeline(struct buf *b, const struct policy *p, const struct inc_full *f)
{
	int rc = 0;

	rc |= buf_adds(b, "\n## 対応経過\n\n| 日時 | 記録者 | 種別 | 内容 |\n|---|---|---|---|\n");
	for (size_t i = 0; i < f->events.n; i++) {
		const struct event *ev = &f->events.v[i];
		char at[MO_TIME_MAX];
		struct buf t;

		engine_time(p, ev->at, at, sizeof(at));
		buf_init(&t, BUF_MAX_DEFAULT);
		rc |= engine_event_change(p, ev, LABEL_JA, &t);
		if (ev->text)
			rc |= buf_addf(&t, "%s%s", t.len ? "\n" : "", ev->text);
		rc |= buf_addf(b, "| %s | ", at);
		rc |= cell(b, ev->who);
		rc |= buf_addf(b, " | %s | ", engine_event_kind_ja(ev->kind));
		rc |= cell(b, buf_str(&t));
		rc |= buf_adds(b, " |\n");
		buf_release(&t);
	}
	return rc;
}

static int export_md(const struct policy *p, const struct inc_full *f, int64_t now, struct buf *out,
		     struct mo_err *e)
{
	const struct inc *inc = &f->inc;
	struct arena a;
	char ref[32], made[MO_TIME_MAX];
	int rc = 0;

	arena_init(&a, 0);
	engine_ref(inc->id, ref, sizeof(ref));
	engine_time(p, now, made, sizeof(made));
	rc |= buf_addf(out, "# インシデント報告書 %s: %s\n\n", ref, inc->title);
	rc |= buf_addf(out, "- 事業者: %s\n- 作成日時: %s\n- 状態: %s\n- 事故レベル: %d\n",
		       p->org.name ? p->org.name : "", made, engine_status_ja(inc->status),
		       inc->level);
	rc |= buf_addf(out, "- 責任者: %s（%s）\n\n", inc->owner,
		       policy_role_title(p, inc->owner_role));
	rc |= record_items(out, p, f, &a);
	rc |= reporter_impact_facts(out, inc);
	rc |= checklist(out, p, f, &a);
	rc |= filings(out, p, inc);
	rc |= decisions(out, p, f);
	rc |= evidence(out, p, f);
	rc |= timeline(out, p, f);
	rc |= buf_adds(out, "\n## 再発防止策と教訓\n\n| 事項 | 内容 |\n|---|---|\n");
	rc |= row(out, "想定される原因", inc->cause);
	rc |= row(out, "再発防止策", inc->measures);
	rc |= row(out, "教訓", inc->lessons);
	arena_release(&a);
	if (rc || out->failed)
		return mo_err_oom(e, NULL);
	return 0;
}

static int export_json(const struct policy *p, const struct inc_full *f, int64_t now,
		       struct buf *out, struct mo_err *e)
{
	json_t *j = engine_incident_json(p, f, now);
	int rc = engine_json_text(j, out, e);

	json_decref(j);
	return rc;
}

static const struct {
	const char *name;
	int (*fn)(const struct policy *p, const struct inc_full *f, int64_t now, struct buf *out,
		  struct mo_err *e);
} formats[] = {
	{"md", export_md},
	{"json", export_json},
};

const char *engine_export_formats(void)
{
	return "md, json";
}

int engine_export(const struct policy *p, const struct inc_full *f, const char *format, int64_t now,
		  struct buf *out, struct mo_err *e)
{
	for (size_t i = 0; format && i < MO_ARRAY_SIZE(formats); i++)
		if (strcmp(formats[i].name, format) == 0)
			return formats[i].fn(p, f, now, out, e);
	return mo_err_set(e, NULL, 0, 0, _("unknown format \"%s\" (choose from %s)"),
			  format ? format : "", engine_export_formats());
}
