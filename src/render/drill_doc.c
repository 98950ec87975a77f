/* The drill report as a doc tree (drill_doc.h). A Japanese document
 * whatever the locale, like the incident report: headings and labels are
 * fixed text, the verdicts' words come from the label table. */
#include "render/drill_doc.h"
#include "engine/labels.h"

struct db {
	const struct policy *p;
	const struct drill_report *r;
	struct doc *d;
};

static const char *when(struct db *b, int64_t t)
{
	char buf[64];

	if (t == MO_TIME_NONE)
		return "—";
	engine_time(b->p, t, buf, sizeof(buf));
	return doc_strf(b->d, "%s", buf);
}

static const char *delay(struct db *b, int64_t from, int64_t t)
{
	char buf[64];

	if (t == MO_TIME_NONE || from == MO_TIME_NONE)
		return "—";
	engine_drill_delay(t - from, buf, sizeof(buf));
	return doc_strf(b->d, "%s", buf);
}

static void key_value(struct db *b, struct doc_block *t, const char *key, const char *value)
{
	struct doc_row *row = doc_row(b->d, t);

	doc_span(b->d, doc_cell(b->d, row), DOC_FIXED, key);
	doc_span(b->d, doc_cell(b->d, row), 0, value);
}

static void summary(struct db *b)
{
	const struct drill_report *r = b->r;
	struct doc_block *t;
	char ref[32];

	engine_ref(r->inc.id, ref, sizeof(ref));
	doc_heading(b->d, 2, "1", "summary", "概要");
	t = doc_table(b->d, DOC_TABLE_KEYS, 2, NULL);
	key_value(b, t, "シナリオ", doc_strf(b->d, "%s（%s）", r->d.title, r->d.scenario));
	key_value(b, t, "インシデント", doc_strf(b->d, "%s %s", ref, r->inc.title));
	key_value(b, t, "事故レベル", engine_level_word(r->inc.level, LABEL_JA));
	key_value(b, t, "報告（開始）", when(b, r->reported_at));
	key_value(b, t, "終了", r->ended ? when(b, r->d.ended_at) : "実施中");
	key_value(b, t, "得点", doc_strf(b->d, "%d点（100点満点）", r->score));
	key_value(b, t, "手順",
		  doc_strf(b->d, "%zu件中 合格 %zu件、期限超過 %zu件、未実施・省略 %zu件",
			   r->n_steps, r->n_pass, r->n_late, r->n_missed));
	doc_span(b->d, doc_note(b->d), DOC_FIXED,
		 "得点: 期限内に完了した手順と受領を確認した人を各1点、期限を過ぎて完了した手順を"
		 "0.5点として、手順と通知した人の数で割った百分率。");
}

static void steps(struct db *b)
{
	static const char *const head[] = {"No.",  "手順",     "担当", "期限",
					   "完了", "報告から", "判定"};
	const struct drill_report *r = b->r;
	struct doc_block *t;

	doc_heading(b->d, 2, "2", "steps", "手順と期限");
	if (!r->n_steps) {
		doc_span(b->d, doc_para(b->d), DOC_FIXED, "手順はありません。");
		return;
	}
	t = doc_table(b->d, 0, MO_ARRAY_SIZE(head), head);
	for (size_t i = 0; i < r->n_steps; i++) {
		const struct drill_step_result *x = &r->steps[i];
		struct doc_row *row = doc_row(b->d, t);
		struct doc_text *c;

		doc_span(b->d, doc_cell(b->d, row), 0, doc_strf(b->d, "%d", x->n));
		doc_span(b->d, doc_cell(b->d, row), 0, x->title);
		doc_span(b->d, doc_cell(b->d, row), 0,
			 x->actor ? policy_role_title(b->p, x->actor) : "");
		doc_span(b->d, doc_cell(b->d, row), 0, when(b, x->due_at));
		doc_span(b->d, doc_cell(b->d, row), 0, when(b, x->done_at));
		doc_span(b->d, doc_cell(b->d, row), 0, delay(b, r->reported_at, x->done_at));
		c = doc_cell(b->d, row);
		doc_span(b->d, c, x->pass ? 0 : DOC_STRONG,
			 label_of_key(&label_drill_result, x->result, LABEL_JA));
		if (x->state == STEP_SKIPPED && x->note)
			doc_add_line(b->d, c, DOC_SMALL, x->note);
	}
}

static void acks(struct db *b)
{
	static const char *const head[] = {"通知した人", "受領の確認", "報告から", "経路"};
	const struct drill_report *r = b->r;
	struct doc_block *t;

	doc_heading(b->d, 2, "3", "acks", "通知と受領の確認");
	if (!r->n_people) {
		doc_span(b->d, doc_para(b->d), DOC_FIXED, "通知した人はいません。");
		return;
	}
	t = doc_table(b->d, 0, MO_ARRAY_SIZE(head), head);
	for (size_t i = 0; i < r->n_people; i++) {
		const struct drill_person *pp = &r->people[i];
		struct doc_row *row = doc_row(b->d, t);
		bool never = pp->acked_at == MO_TIME_NONE;

		doc_span(b->d, doc_cell(b->d, row), 0, pp->name);
		doc_span(b->d, doc_cell(b->d, row), never ? DOC_STRONG : 0,
			 never ? "確認なし" : when(b, pp->acked_at));
		doc_span(b->d, doc_cell(b->d, row), 0, delay(b, r->reported_at, pp->acked_at));
		doc_span(b->d, doc_cell(b->d, row), 0, pp->channel ? pp->channel : "");
	}
}

static void injects(struct db *b)
{
	static const char *const head[] = {"No.", "状況付与", "予定", "配信"};
	const struct drill_report *r = b->r;
	struct doc_block *t;

	if (!r->n_injects)
		return;
	doc_heading(b->d, 2, "4", "injects", "状況付与");
	t = doc_table(b->d, 0, MO_ARRAY_SIZE(head), head);
	for (size_t i = 0; i < r->n_injects; i++) {
		struct doc_row *row = doc_row(b->d, t);

		doc_span(b->d, doc_cell(b->d, row), 0, doc_strf(b->d, "%d", r->injects[i].n));
		doc_span(b->d, doc_cell(b->d, row), 0, r->injects[i].text);
		doc_span(b->d, doc_cell(b->d, row), 0, when(b, r->injects[i].due_at));
		doc_span(b->d, doc_cell(b->d, row), 0, when(b, r->injects[i].sent_at));
	}
}

static void improve(struct db *b)
{
	struct doc_block *l;

	doc_heading(b->d, 2, "5", "improve", "改善すべき点");
	if (!b->r->improve.n) {
		doc_span(b->d, doc_para(b->d), DOC_FIXED,
			 "すべての手順が期限内に完了し、全員が受領を確認しました。");
		return;
	}
	l = doc_list(b->d, DOC_BULLET);
	for (size_t i = 0; i < b->r->improve.n; i++)
		doc_span(b->d, doc_item_text(doc_item(b->d, l)), 0, b->r->improve.v[i]);
}

struct doc *drill_doc_build(const struct policy *p, const struct drill_report *r, int64_t now,
			    struct mo_err *e)
{
	struct db b = {p, r, doc_new()};
	char ref[32], made[64];

	if (!b.d) {
		mo_err_oom(e, NULL);
		return NULL;
	}
	engine_ref(r->inc.id, ref, sizeof(ref));
	engine_time(p, now, made, sizeof(made));
	b.d->title = doc_strf(b.d, "%s訓練報告書 %s %s", engine_drill_mark(), ref, r->d.title);
	doc_heading(b.d, 1, NULL, NULL, b.d->title);
	doc_span(b.d, doc_note(b.d), DOC_FIXED,
		 doc_strf(b.d, "これは訓練の記録です。作成 %s", made));
	summary(&b);
	steps(&b);
	acks(&b);
	injects(&b);
	improve(&b);
	b.d->print.company = p->org.name;
	b.d->print.title = doc_strf(b.d, "%s訓練報告書 %s", engine_drill_mark(), ref);
	b.d->print.footer = doc_strf(b.d, "作成日時 %s", made);
	b.d->print.mark = engine_drill_mark();
	b.d->print.author = p->org.name;
	b.d->print.subject = "訓練報告書";
	if (b.d->oom) {
		doc_free(b.d);
		mo_err_oom(e, NULL);
		return NULL;
	}
	return b.d;
}
