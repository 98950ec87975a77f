/* The incident report as a doc tree (doc.h) and as PDF, and the table of
 * the report's formats. The report is a Japanese document whatever the
 * locale, like the manual and the Markdown export: headings and labels are
 * fixed text (DOC_FIXED), what people recorded is kept verbatim in spans of
 * its own, so a policy placeholder (〇〇) left in an owner's name shows. */
#include "render/incident_doc.h"
#include "engine/drills.h"
#include "engine/view.h"

#include "render/doc_format.h"

struct ib {
	const struct policy *p;
	const struct inc_full *f;
	struct doc *d;
	int64_t now;
	struct inc_view v; /* the words and times, in the doc's arena */
};

/* Chapter numbers, fixed: the record items point at the timeline's. */
enum {
	CH_RECORD = 1,
	CH_CHECKLIST,
	CH_DECISIONS,
	CH_FILINGS,
	CH_TIMELINE,
	CH_EVIDENCE,
	CH_LESSONS,
};

/* ---- Small helpers ------------------------------------------------------ */

static bool has(const char *s)
{
	return s && *s;
}

/* "1,234,567" */
static const char *grouped(struct ib *b, long long n)
{
	char digits[32], out[48];
	size_t len, j = 0;
	int neg = n < 0;

	snprintf(digits, sizeof(digits), "%lld", n);
	len = strlen(digits) - (size_t)neg;
	if (neg)
		out[j++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[j++] = ',';
		out[j++] = digits[i + (size_t)neg];
	}
	out[j] = '\0';
	return doc_strf(b->d, "%s", out);
}

/* value, or a small 未記入 when nothing was recorded. */
static void value_or_blank(struct ib *b, struct doc_text *t, const char *value)
{
	if (has(value))
		doc_span(b->d, t, 0, value);
	else
		doc_span(b->d, t, DOC_FIXED | DOC_SMALL, "未記入");
}

static struct doc_text *key_row(struct ib *b, struct doc_block *t, const char *key)
{
	struct doc_row *r = doc_row(b->d, t);

	doc_span(b->d, doc_cell(b->d, r), DOC_FIXED, key);
	return doc_cell(b->d, r);
}

static void key_value(struct ib *b, struct doc_block *t, const char *key, const char *value)
{
	value_or_blank(b, key_row(b, t, key), value);
}

static void key_fixed(struct ib *b, struct doc_block *t, const char *key, const char *value)
{
	doc_span(b->d, key_row(b, t, key), DOC_FIXED, value);
}

static struct doc_block *key_table(struct ib *b)
{
	static const char *const head[] = {"事項", "内容"};

	return doc_table(b->d, DOC_TABLE_KEYS, 2, head);
}

static void chapter(struct ib *b, int n, const char *anchor, const char *title)
{
	doc_heading(b->d, 2, doc_strf(b->d, "%d", n), anchor, title);
}

static void section(struct ib *b, int ch, int n, const char *anchor, const char *title)
{
	doc_heading(b->d, 3, doc_strf(b->d, "%d.%d", ch, n), anchor, title);
}

static void lead(struct ib *b, const char *text)
{
	doc_span(b->d, doc_para(b->d), DOC_FIXED, text);
}

static void owner_text(struct ib *b, struct doc_text *t)
{
	const struct inc *inc = &b->f->inc;

	doc_span(b->d, t, 0, has(inc->owner) ? inc->owner : "—");
	doc_span(b->d, t, DOC_FIXED, doc_strf(b->d, "（%s）", b->v.owner_title));
}

/* ---- Cover -------------------------------------------------------------- */

static void cover(struct ib *b)
{
	const struct inc *inc = &b->f->inc;
	const struct inc_view *iv = &b->v;
	const struct mo_level *lv = policy_level(b->p, inc->level);
	struct doc *d = b->d;
	struct doc_block *t;
	struct doc_text *v;
	const char *ref = iv->ref;

	doc_box_begin(d, "cover");
	doc_heading(d, 1, NULL, NULL,
		    doc_strf(d, "%sインシデント報告書", engine_drill_title_mark(b->f->inc.title)));
	v = doc_para(d);
	doc_span(d, v, DOC_FIXED | DOC_STRONG, doc_strf(d, "%s　", ref));
	doc_span(d, v, DOC_STRONG, inc->title);
	doc_span(d, doc_para(d), 0, b->p->org.name);

	t = doc_table(d, DOC_TABLE_KEYS, 2, NULL);
	key_fixed(b, t, "受付番号", doc_strf(d, "%s", ref));
	key_value(b, t, "件名", inc->title);
	key_value(b, t, "インシデントの分類", iv->category);
	v = key_row(b, t, "事故レベル");
	doc_span(d, v, DOC_FIXED | DOC_STRONG, iv->level);
	if (iv->level_name)
		doc_span(d, v, DOC_FIXED, doc_strf(d, "（%s）", iv->level_name));
	if (lv) {
		/* The level's 影響範囲 in the words of the rules that decide it. */
		struct arena a;
		struct strv words;

		arena_init(&a, 0);
		words = policy_level_words(b->p, lv->level, &a);
		if (words.n)
			doc_line(d, v);
		for (size_t i = 0; i < words.n; i++)
			doc_span(d, v, DOC_SMALL, doc_strf(d, "%s%s", i ? "、" : "", words.v[i]));
		arena_release(&a);
	}
	key_fixed(b, t, "状況", iv->status);
	owner_text(b, key_row(b, t, "責任者"));
	key_fixed(b, t, "発覚日時", iv->discovered);
	v = key_row(b, t, "対応手順の進捗");
	if (iv->n_steps)
		doc_span(d, v, DOC_FIXED,
			 doc_strf(d, "全%zu手順のうち%s%zu・%s%zu・未完了%zu", iv->n_steps,
				  engine_step_word(STEP_DONE, LABEL_JA), iv->n_done,
				  engine_step_word(STEP_SKIPPED, LABEL_JA), iv->n_skipped,
				  iv->n_steps - iv->n_done - iv->n_skipped));
	else
		doc_span(d, v, DOC_FIXED, "手順なし");
	v = key_row(b, t, "届出・報告");
	if (iv->n_filings) {
		doc_span(d, v, DOC_FIXED, doc_strf(d, "%zu件", iv->n_filings));
		if (iv->first_due)
			doc_span(d, v, DOC_FIXED | DOC_SMALL,
				 doc_strf(d, "（最も早い期限 %s）", iv->first_due));
	} else {
		doc_span(d, v, DOC_FIXED, "なし");
	}
	key_fixed(b, t, "作成日時", iv->made);
	key_fixed(b, t, "取扱い", "社外秘（関係者限り）");
	doc_box_end(d);
}

/* ---- 1 記録事項 ---------------------------------------------------------- */

static void record_items(struct ib *b)
{
	const struct inc *inc = &b->f->inc;
	struct doc *d = b->d;
	struct doc_block *t;
	struct doc_text *v;

	chapter(b, CH_RECORD, "record", "記録事項");
	lead(b, "『中小企業のための セキュリティインシデント対応の手引き』の"
		"「インシデント対応時に整理しておくべき事項」に沿って、現時点の記録をまとめる。");
	section(b, CH_RECORD, 1, "record-items", "インシデント対応時に整理しておくべき事項");
	t = key_table(b);
	v = key_row(b, t, "インシデントの分類");
	doc_span(d, v, 0, b->v.category);
	doc_span(d, v, DOC_SMALL, doc_strf(d, "（%s）", inc->category ? inc->category : ""));
	v = key_row(b, t, "事業者");
	value_or_blank(b, v, inc->business);
	if (has(inc->client)) {
		doc_line(d, v);
		doc_span(d, v, DOC_FIXED, "委託元：");
		doc_span(d, v, 0, inc->client);
	}
	v = key_row(b, t, "責任者・担当者");
	doc_span(d, v, DOC_FIXED, "責任者：");
	owner_text(b, v);
	doc_line(d, v);
	doc_span(d, v, DOC_FIXED, "担当者：");
	value_or_blank(b, v, inc->responsible);
	key_fixed(b, t, "発覚日時", b->v.discovered);
	key_fixed(b, t, "発生日時", b->v.occurred ? b->v.occurred : "調査中");
	key_value(b, t, "発生事象", inc->description);
	key_fixed(b, t, "対応経過",
		  doc_strf(d, "「%d 対応経過」を参照（%zu件の記録）", CH_TIMELINE, b->f->events.n));
	key_value(b, t, "想定される原因", inc->cause);
	key_value(b, t, "被害を受けたシステムの状況", inc->affected_systems);
	key_value(b, t, "システム構成・運用状況", inc->system_config);
}

static void reporter_impact(struct ib *b)
{
	const struct inc *inc = &b->f->inc;
	struct doc_block *t;

	section(b, CH_RECORD, 2, "record-impact", "報告者と影響範囲");
	t = key_table(b);
	key_value(b, t, "報告者", inc->reporter_name);
	key_value(b, t, "報告者の連絡先", inc->reporter_contact);
	key_fixed(b, t, "外部からの通報", engine_view_tri(inc->reporter_external == 1, LABEL_JA));
	for (size_t i = 0; i < label_impact.n; i++) {
		const struct label *l = &label_impact.v[i];
		bool yes = inc->impact & (unsigned)l->value;

		doc_span(b->d, key_row(b, t, l->ja), DOC_FIXED | (yes ? DOC_STRONG : 0),
			 engine_view_tri(yes, LABEL_JA));
	}
}

/* The value of fact field fl of inc as text, or NULL when unknown. */
static const char *fact_value(struct ib *b, const struct inc *inc, const struct inc_field *fl)
{
	const char *slot = (const char *)inc + fl->offset;

	switch (fl->type) {
	case FT_TEXT:
		return *(const char *const *)slot;
	case FT_TRI:
		return engine_view_tri(*(const int *)slot, LABEL_JA);
	case FT_COUNT: {
		long long n = *(const long long *)slot;

		return n < 0 ? NULL : grouped(b, n);
	}
	case FT_TIME: {
		int64_t t = *(const int64_t *)slot;

		return engine_view_time(&b->v, t);
	}
	}
	return NULL;
}

static void facts(struct ib *b)
{
	const struct inc *inc = &b->f->inc;
	struct doc_block *t = NULL;

	section(b, CH_RECORD, 3, "record-facts", "種類別の事項");
	for (size_t i = 0; i < inc_fields_count; i++) {
		const struct inc_field *fl = &inc_fields[i];
		const char *v;

		if (!(fl->flags & FF_FACT))
			continue;
		v = fact_value(b, inc, fl);
		if (!has(v))
			continue;
		if (!t)
			t = key_table(b);
		if (fl->type == FT_TEXT)
			key_value(b, t, fl->label, v);
		else
			key_fixed(b, t, fl->label, v);
	}
	if (!t)
		lead(b, "種類別の事項（漏えいした情報の種類、件数、ウイルス名、侵入経路など）は"
			"まだ記録されていない。");
}

/* ---- 2 対応手順 ---------------------------------------------------------- */

static void checklist(struct ib *b)
{
	static const char *const head[] = {"#", "手順", "担当", "期限", "状態", "実施者・日時"};
	struct doc *d = b->d;
	struct doc_block *t;

	chapter(b, CH_CHECKLIST, "checklist", "対応手順（チェックリスト）");
	if (!b->v.n_steps) {
		lead(b, "ポリシーにこの区分と事故レベルの対応手順がない。");
		return;
	}
	lead(b, "ポリシーの対応手順から作成したチェックリストと、各手順の担当・期限・実施の記録。"
		"期限は発覚日時から起算する。");
	t = doc_table(d, 0, MO_ARRAY_SIZE(head), head);
	for (size_t i = 0; i < b->v.n_steps; i++) {
		const struct view_step *vs = &b->v.steps[i];
		const struct step *s = vs->s;
		struct doc_row *r = doc_row(d, t);
		struct doc_text *c;

		doc_span(d, doc_cell(d, r), DOC_FIXED, doc_strf(d, "%d", s->n));
		c = doc_cell(d, r);
		if (has(s->title)) {
			doc_span(d, c, DOC_STRONG, s->title);
			doc_line(d, c);
		}
		doc_span(d, c, 0, s->action);
		if (has(s->note)) {
			doc_line(d, c);
			doc_span(d, c, DOC_FIXED | DOC_SMALL, "備考：");
			doc_span(d, c, DOC_SMALL, s->note);
		}
		c = doc_cell(d, r);
		doc_span(d, c, DOC_FIXED, vs->actor);
		if (has(s->person)) {
			doc_line(d, c);
			doc_span(d, c, DOC_SMALL, s->person);
		}
		c = doc_cell(d, r);
		if (!vs->due) {
			doc_span(d, c, DOC_FIXED | DOC_SMALL, "—");
		} else {
			doc_span(d, c, DOC_FIXED, vs->due);
			if (vs->overdue) {
				doc_line(d, c);
				doc_span(d, c, DOC_FIXED | DOC_STRONG, "期限超過");
			}
		}
		doc_span(d, doc_cell(d, r), DOC_FIXED | (vs->closed ? DOC_STRONG : 0), vs->state);
		c = doc_cell(d, r);
		if (has(s->by)) {
			doc_span(d, c, 0, s->by);
			if (vs->at) {
				doc_line(d, c);
				doc_span(d, c, DOC_FIXED | DOC_SMALL, vs->at);
			}
		} else {
			doc_span(d, c, DOC_FIXED | DOC_SMALL, "—");
		}
	}
}

/* ---- 3 判断事項 ---------------------------------------------------------- */

static void decisions(struct ib *b)
{
	static const char *const head[] = {"段階・判断事項", "判断", "理由", "判断者・日時"};
	const struct inc_view *iv = &b->v;
	struct doc *d = b->d;
	struct doc_block *t;

	chapter(b, CH_DECISIONS, "decisions", "判断事項");
	if (!iv->n_decisions)
		lead(b, "記録された判断はまだない。");
	else
		lead(b, "各段階の判断事項について、誰が・いつ・何を・なぜ判断したかの記録。");
	t = iv->n_decisions ? doc_table(d, 0, MO_ARRAY_SIZE(head), head) : NULL;
	for (size_t i = 0; i < iv->n_decisions; i++) {
		const struct decision *dc = iv->decisions[i].d;
		struct doc_row *r = doc_row(d, t);
		struct doc_text *c = doc_cell(d, r);

		doc_span(d, c, DOC_SMALL, iv->decisions[i].phase);
		doc_line(d, c);
		doc_span(d, c, 0, iv->decisions[i].point);
		doc_span(d, doc_cell(d, r), 0, dc->decision);
		c = doc_cell(d, r);
		if (has(dc->why))
			doc_span(d, c, 0, dc->why);
		else
			doc_span(d, c, DOC_FIXED | DOC_SMALL, "—");
		c = doc_cell(d, r);
		doc_span(d, c, 0, dc->who);
		doc_line(d, c);
		doc_span(d, c, DOC_FIXED | DOC_SMALL, iv->decisions[i].at);
	}
	if (iv->n_open) {
		struct doc_block *l;

		section(b, CH_DECISIONS, 1, "decisions-open",
			doc_strf(d, "未判断の事項（現在の段階：%s）", iv->status));
		l = doc_list(d, DOC_CHECKLIST);
		for (size_t i = 0; i < iv->n_open; i++) {
			struct doc_text *it = doc_item_text(doc_item(d, l));

			doc_span(d, it, 0, iv->open[i].point->question);
			doc_span(d, it, DOC_FIXED | DOC_SMALL,
				 doc_strf(d, "（%s/%s）", iv->open[i].phase->id,
					  iv->open[i].point->id));
		}
	}
}

/* ---- 4 届出・報告先 ------------------------------------------------------ */

static void authority_text(struct ib *b, struct doc_text *c, const struct filing_due *fd)
{
	const struct mo_authority *a = fd->authority;
	struct doc *d = b->d;

	if (!a) {
		doc_span(d, c, 0, fd->filing->authority);
		return;
	}
	doc_span(d, c, 0, a->organization);
	if (has(a->name)) {
		doc_line(d, c);
		doc_span(d, c, DOC_SMALL, a->name);
	}
	if (has(a->tel)) {
		doc_line(d, c);
		doc_span(d, c, DOC_FIXED | DOC_SMALL, "電話：");
		doc_link(d, c, DOC_SMALL, a->tel,
			 policy_is_placeholder(a->tel) ? NULL : doc_strf(d, "tel:%s", a->tel));
	}
	if (has(a->url)) {
		doc_line(d, c);
		doc_link(d, c, DOC_SMALL, a->url, a->url);
	}
}

static void filings(struct ib *b)
{
	static const char *const head[] = {"届出", "届出先", "期限", "条件"};
	const struct inc_view *iv = &b->v;
	struct doc *d = b->d;
	struct doc_block *t;

	chapter(b, CH_FILINGS, "filings", "届出・報告先");
	if (!iv->n_filings) {
		lead(b, "記録された事実からは、必要な届出はない。事実（件数、要配慮個人情報、"
			"不正の目的など）が変われば、届出が必要になることがある。");
		return;
	}
	lead(b, "記録された事実から必要となる監督官庁等への届出と、その期限。");
	t = doc_table(d, 0, MO_ARRAY_SIZE(head), head);
	for (size_t i = 0; i < iv->n_filings; i++) {
		const struct view_filing *vf = &iv->filings[i];
		const struct filing_due *fd = &vf->due;
		struct doc_row *r = doc_row(d, t);
		struct doc_text *c;

		doc_span(d, doc_cell(d, r), DOC_STRONG, vf->title);
		authority_text(b, doc_cell(d, r), fd);
		c = doc_cell(d, r);
		if (!vf->at) {
			doc_span(d, c, DOC_FIXED, "速やかに");
		} else {
			doc_span(d, c, DOC_FIXED, vf->at);
			if (fd->malicious) {
				doc_line(d, c);
				doc_span(d, c, DOC_FIXED | DOC_SMALL,
					 "（不正の目的による場合の期限）");
			}
			if (vf->overdue) {
				doc_line(d, c);
				doc_span(d, c, DOC_FIXED | DOC_STRONG, "期限超過");
			}
		}
		/* Done, waived or substituted: its state (the label) and when. */
		if (!vf->open) {
			doc_line(d, c);
			doc_span(d, c, DOC_FIXED | DOC_STRONG, vf->state_word);
			if (vf->done)
				doc_span(d, c, DOC_FIXED | DOC_SMALL,
					 doc_strf(d, "（%s）", vf->done));
		}
		c = doc_cell(d, r);
		if (has(fd->filing->when))
			doc_span(d, c, 0, fd->filing->when);
		else
			doc_span(d, c, DOC_FIXED | DOC_SMALL, "—");
	}
}

/* ---- 5 対応経過 ---------------------------------------------------------- */

static void timeline(struct ib *b)
{
	static const char *const head[] = {"日時", "記録者", "種別", "内容"};
	struct doc *d = b->d;
	struct doc_block *t;

	chapter(b, CH_TIMELINE, "timeline", "対応経過");
	lead(b, "発生から現時点までの時系列の記録（手順の実施、メモ、判断、記録の変更を含む）。");
	if (!b->v.n_events)
		return;
	t = doc_table(d, 0, MO_ARRAY_SIZE(head), head);
	for (size_t i = 0; i < b->v.n_events; i++) {
		const struct view_event *ve = &b->v.events[i];
		const struct event *ev = ve->ev;
		struct doc_row *r = doc_row(d, t);
		struct doc_text *c;

		doc_span(d, doc_cell(d, r), DOC_FIXED, ve->at);
		doc_span(d, doc_cell(d, r), 0, ev->who);
		doc_span(d, doc_cell(d, r), DOC_FIXED, ve->kind);
		c = doc_cell(d, r);
		if (ve->change) {
			doc_span(d, c, DOC_SMALL, ve->change);
			if (has(ev->text))
				doc_line(d, c);
		}
		if (has(ev->text))
			doc_span(d, c, 0, ev->text);
	}
}

/* ---- 6 証拠 -------------------------------------------------------------- */

static void evidence(struct ib *b)
{
	static const char *const head[] = {"#", "ファイル", "SHA-256", "サイズ", "保全者・日時"};
	const struct evidence_list *el = &b->f->evidence;
	struct doc *d = b->d;
	struct doc_block *t;

	chapter(b, CH_EVIDENCE, "evidence", "証拠");
	if (!el->n) {
		lead(b, "保全した証拠はまだない。");
		return;
	}
	lead(b, "保全した証拠のファイルとSHA-256ハッシュ値。保管されたファイルがこの値と"
		"一致すれば、保全後に改変されていない（moshimo evidence verify で検証できる）。");
	t = doc_table(d, 0, MO_ARRAY_SIZE(head), head);
	for (size_t i = 0; i < el->n; i++) {
		const struct evidence *ev = &el->v[i];
		struct doc_row *r = doc_row(d, t);
		struct doc_text *c;
		size_t hl = ev->sha256 ? strlen(ev->sha256) : 0;

		doc_span(d, doc_cell(d, r), DOC_FIXED, doc_strf(d, "%d", ev->n));
		c = doc_cell(d, r);
		doc_span(d, c, 0, ev->name);
		if (has(ev->note)) {
			doc_line(d, c);
			doc_span(d, c, DOC_SMALL, ev->note);
		}
		/* Two lines of 32 digits: a hash never wraps in a random place. */
		c = doc_cell(d, r);
		if (hl == 64) {
			doc_span(d, c, DOC_FIXED | DOC_SMALL, doc_strf(d, "%.32s", ev->sha256));
			doc_line(d, c);
			doc_span(d, c, DOC_FIXED | DOC_SMALL, ev->sha256 + 32);
		} else {
			doc_span(d, c, DOC_FIXED | DOC_SMALL, has(ev->sha256) ? ev->sha256 : "—");
		}
		doc_span(d, doc_cell(d, r), DOC_FIXED,
			 doc_strf(d, "%s バイト", grouped(b, (long long)ev->size)));
		c = doc_cell(d, r);
		doc_span(d, c, 0, ev->who);
		doc_line(d, c);
		doc_span(d, c, DOC_FIXED | DOC_SMALL, b->v.evidence[i].at);
	}
}

/* ---- 7 再発防止策と教訓 -------------------------------------------------- */

static void lessons(struct ib *b)
{
	const struct inc *inc = &b->f->inc;
	struct doc_block *t;

	chapter(b, CH_LESSONS, "lessons", "再発防止策と教訓");
	t = key_table(b);
	key_value(b, t, "想定される原因", inc->cause);
	key_value(b, t, "再発防止策", inc->measures);
	key_value(b, t, "教訓", inc->lessons);
	if (inc->status == INC_CLOSED)
		key_fixed(b, t, "クローズ日時", b->v.closed ? b->v.closed : "—");
}

/* ---- The document ------------------------------------------------------- */

/* On paper: the company and the report's number in the headers, when it
 * was made in the footers, 社外秘. */
static void print_settings(struct ib *b, const char *ref)
{
	struct doc_print *pr = &b->d->print;

	pr->company = b->p->org.name;
	pr->title = doc_strf(b->d, "%sインシデント報告書 %s",
			     engine_drill_title_mark(b->f->inc.title), ref);
	pr->footer = doc_strf(b->d, "作成日時 %s", b->v.made);
	pr->mark = "社外秘";
	pr->author = b->p->org.name;
	pr->subject = "情報セキュリティインシデント報告書";
}

struct doc *incident_doc_build(const struct policy *p, const struct inc_full *f, int64_t now,
			       struct mo_err *e)
{
	struct ib b = {p, f, doc_new(), now, {0}};
	const char *ref;

	if (!b.d) {
		mo_err_oom(e, NULL);
		return NULL;
	}
	if (engine_view_init(&b.v, p, f, now, LABEL_JA, &b.d->arena, e)) {
		doc_free(b.d);
		return NULL;
	}
	ref = b.v.ref;
	b.d->title =
		doc_strf(b.d, "インシデント報告書 %s %s", ref, f->inc.title ? f->inc.title : "");
	print_settings(&b, ref);
	cover(&b);
	record_items(&b);
	reporter_impact(&b);
	facts(&b);
	checklist(&b);
	decisions(&b);
	filings(&b);
	timeline(&b);
	evidence(&b);
	lessons(&b);
	engine_view_release(&b.v);
	if (b.d->oom) {
		doc_free(b.d);
		mo_err_oom(e, NULL);
		return NULL;
	}
	return b.d;
}

/* ---- The formats ---------------------------------------------------------- */

int incident_write(const struct policy *p, const struct inc_full *f, int64_t now,
		   const char *format, struct buf *out, struct mo_err *e)
{
	if (format && strcmp(format, "json") == 0) {
		json_t *j = engine_incident_json(p, f, now);
		int rc = engine_json_text(j, out, e);

		json_decref(j);
		return rc;
	}
	if (!doc_format_find(format))
		return mo_err_setc(e, MO_EINVAL, _("unknown format \"%s\" (choose from %s)"),
				   format ? format : "", incident_format_names());
	return doc_write_free(incident_doc_build(p, f, now, e), format, out, e);
}

const char *incident_format_names(void)
{
	static char names[80];

	if (!names[0])
		snprintf(names, sizeof(names), "%s, json", doc_format_names());
	return names;
}
