/* The manual's content and order as a doc tree (doc.h): the cover, then the
 * chapters of 000's list of what a manual must contain (in the IPA
 * template's wording, 002), then the parts the other seeds add, then the
 * 緊急連絡カード. Headings and lead sentences are fixed Japanese text (the
 * manual is a Japanese document whatever the locale); everything from the
 * policy is used verbatim, in spans of its own, so a placeholder can be
 * marked and a test can find the template's sentences unchanged. */
#include "engine/checks.h"
#include "engine/labels.h"
#include "engine/bcp.h"
#include "render/manual.h"
#include "render/renderInt.h"

#include "util/buf.h"
#include "util/timefmt.h"

struct mb {
	const struct policy *p;
	const struct render_opts *o;
	struct doc *d;
	int chapter; /* the current chapter's number */
	int section; /* the current section's number in it */
};

/* ---- Small vocabularies ------------------------------------------------ */

static const char *const circled_digits[] = {
	"①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩",
	"⑪", "⑫", "⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳",
};

/* ① for 1 … ⑳ for 20, then (21). */
static const char *circled(struct mb *m, size_t n)
{
	if (n >= 1 && n <= MO_ARRAY_SIZE(circled_digits))
		return circled_digits[n - 1];
	return doc_strf(m->d, "(%zu)", n);
}

/* The manual is Japanese in every locale, so durations are not the
 * translated duration_format(): 10分, 2時間, 3日, 2週間, 1か月, 1年. */
static const char *unit_ja(enum duration_unit u)
{
	switch (u) {
	case DUR_MINUTE:
		return "分";
	case DUR_HOUR:
		return "時間";
	case DUR_DAY:
		return "日";
	case DUR_WEEK:
		return "週間";
	case DUR_MONTH:
		return "か月";
	case DUR_YEAR:
		return "年";
	}
	return "?";
}

static const char *duration_ja(struct mb *m, const struct duration *du)
{
	return doc_strf(m->d, "%ld%s", du->count, unit_ja(du->unit));
}

/* How often a check is done: 毎日, 毎月, 3か月ごと. */
static const char *every_ja(struct mb *m, const struct duration *du)
{
	if (du->count == 1) {
		switch (du->unit) {
		case DUR_HOUR:
			return "毎時";
		case DUR_DAY:
			return "毎日";
		case DUR_WEEK:
			return "毎週";
		case DUR_MONTH:
			return "毎月";
		case DUR_YEAR:
			return "毎年";
		case DUR_MINUTE:
			break;
		}
	}
	return doc_strf(m->d, "%sごと", duration_ja(m, du));
}

static const char *authority_kind_ja(const char *kind)
{
	if (!kind)
		return NULL;
	if (strcmp(kind, "filing") == 0)
		return "届出";
	if (strcmp(kind, "consult") == 0)
		return "相談";
	if (strcmp(kind, "report") == 0)
		return "通報・相談";
	return NULL;
}

static const char *date_ja(struct mb *m, struct mo_date dt)
{
	char s[64];

	date_format(dt, true, s, sizeof(s));
	return doc_strf(m->d, "%s", s);
}

/* Who a role is in the company's words: the holder (代表取締役) when the
 * policy names one, else the role's title. */
static const char *role_name(const struct policy *p, const char *id)
{
	const struct mo_role *r = policy_role(p, id);

	return r && r->holder ? r->holder : policy_role_title(p, id);
}

/* "最高責任者（代表取締役）", or the title alone. */
static const char *role_full(struct mb *m, const char *id)
{
	const struct mo_role *r = policy_role(m->p, id);

	if (r && r->holder)
		return doc_strf(m->d, "%s（%s）", r->title, r->holder);
	return policy_role_title(m->p, id);
}

/* ---- Building blocks --------------------------------------------------- */

static void chapter(struct mb *m, const char *title)
{
	m->chapter++;
	m->section = 0;
	doc_page_break(m->d);
	doc_heading(m->d, 2, doc_strf(m->d, "%d", m->chapter), doc_strf(m->d, "ch%d", m->chapter),
		    title);
}

/* A numbered section (4.1); listed in the table of contents when toc. */
static void section(struct mb *m, const char *title, bool toc)
{
	struct doc_block *h;

	m->section++;
	h = doc_heading(m->d, 3, doc_strf(m->d, "%d.%d", m->chapter, m->section),
			doc_strf(m->d, "ch%d-%d", m->chapter, m->section), title);
	if (h)
		h->in_toc = toc;
}

static void heading4(struct mb *m, const char *title)
{
	doc_heading(m->d, 4, NULL, NULL, title);
}

/* A heading inside the card: unnumbered, not in the contents. */
static void card_heading(struct mb *m, const char *title)
{
	doc_heading(m->d, 3, NULL, NULL, title);
}

static void para(struct mb *m, unsigned style, const char *text)
{
	if (text && *text)
		doc_span(m->d, doc_para(m->d), style, text);
}

/* A chapter's lead sentence: the policy's own (intros), else 002's. */
static void lead(struct mb *m, const char *from_policy, const char *fallback)
{
	if (from_policy)
		para(m, 0, from_policy);
	else
		para(m, DOC_FIXED, fallback);
}

static void note(struct mb *m, const char *text)
{
	if (text && *text)
		doc_span(m->d, doc_note(m->d), 0, text);
}

static void list_strv(struct mb *m, enum doc_list_kind kind, const struct strv *sv)
{
	struct doc_block *l;

	if (!sv->n)
		return;
	l = doc_list(m->d, kind);
	for (size_t i = 0; i < sv->n; i++)
		doc_span(m->d, doc_item_text(doc_item(m->d, l)), 0, sv->v[i]);
}

/* Each value of sv on a line of its own. */
static void lines(struct mb *m, struct doc_text *t, unsigned style, const struct strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		doc_add_line(m->d, t, style, sv->v[i]);
}

/* How a list of titled blocks is set under the heading above it. */
enum section_style {
	SEC_NUMBERED, /* each a numbered section of the chapter (4.1) */
	SEC_HEADING,  /* each under a level-4 heading */
	SEC_BOLD,     /* each under a bold line */
};

/* A titled block of prose and items. */
static void section_block(struct mb *m, const struct mo_section *s, enum section_style st)
{
	if (s->title) {
		switch (st) {
		case SEC_NUMBERED:
			section(m, s->title, false);
			break;
		case SEC_HEADING:
			heading4(m, s->title);
			break;
		case SEC_BOLD:
			para(m, DOC_STRONG, s->title);
			break;
		}
	}
	para(m, 0, s->text);
	list_strv(m, DOC_BULLET, &s->items);
}

static void sections(struct mb *m, const struct mo_sectionv *sv, enum section_style st)
{
	for (size_t i = 0; i < sv->n; i++)
		section_block(m, &sv->v[i], st);
}

/* A two-column table of names and values, without a header. */
static struct doc_block *key_table(struct mb *m)
{
	return doc_table(m->d, DOC_TABLE_KEYS, 2, NULL);
}

static struct doc_text *key_row(struct mb *m, struct doc_block *t, const char *key)
{
	struct doc_row *r = doc_row(m->d, t);

	doc_span(m->d, doc_cell(m->d, r), DOC_FIXED, key);
	return doc_cell(m->d, r);
}

static void key_value(struct mb *m, struct doc_block *t, const char *key, const char *value)
{
	if (value && *value)
		doc_span(m->d, key_row(m, t, key), 0, value);
}

#define MAX_HOLDERS 16
#define MAX_ROLES 32

/* The roles of sv, or when the policy lists none, the levels' owners from
 * level 3 down (the template's 対応体制 and 連絡網 are exactly those). */
static size_t roles_or_owners(const struct policy *p, const struct strv *sv, const char **out,
			      size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < sv->n && n < max; i++)
		out[n++] = sv->v[i];
	for (int level = 3; !sv->n && level >= 0 && n < max; level--) {
		const struct mo_level *lv = policy_level(p, level);
		bool seen = false;

		if (!lv || !lv->owner)
			continue;
		for (size_t k = 0; k < n && !seen; k++)
			seen = strcmp(out[k], lv->owner) == 0;
		if (!seen)
			out[n++] = lv->owner;
	}
	return n;
}

/* 「疎通確認：メール 2026-05-12、チャット（office） 未確認」: the last
 * confirmation of each of the person's channels, when the caller knows them
 * (a data folder's database). */
static void person_checks(struct mb *m, struct doc_text *t, const struct mo_person *pe)
{
	struct doc *d = m->d;
	bool any = false;

	if (!m->o || !m->o->checks)
		return;
	for (size_t i = 0; i < m->o->n_checks; i++) {
		const struct render_check *c = &m->o->checks[i];
		char when[64];

		if (strcmp(c->person_id, pe->id) != 0)
			continue;
		if (!any) {
			doc_line(d, t);
			doc_span(d, t, DOC_FIXED, "疎通確認：");
		} else {
			doc_span(d, t, DOC_FIXED, "、");
		}
		any = true;
		if (strcmp(c->channel, "email") == 0)
			doc_span(d, t, DOC_FIXED, "メール ");
		else
			doc_span(d, t, DOC_FIXED, doc_strf(d, "チャット（%s） ", c->channel));
		if (c->confirmed_at) {
			char day[16];

			time_format_zone(c->confirmed_at, m->p->org.timezone, false, when,
					 sizeof(when));
			snprintf(day, sizeof(day), "%.10s", when);
			doc_span(d, t, DOC_FIXED, doc_strf(d, "%s", day));
		} else {
			doc_span(d, t, DOC_FIXED, "未確認");
		}
	}
}

/* Name, phone and e-mail lines of one person; a phone or an address is a
 * link unless it is still a placeholder. */
static void person_contact(struct mb *m, struct doc_text *t, const struct mo_person *pe)
{
	struct doc *d = m->d;

	doc_line(d, t);
	doc_span(d, t, DOC_FIXED, "氏名：");
	doc_span(d, t, 0, pe->name);
	if (pe->phone) {
		doc_line(d, t);
		doc_span(d, t, DOC_FIXED, "携帯電話：");
		doc_link(d, t, 0, pe->phone,
			 policy_is_placeholder(pe->phone) ? NULL
							  : doc_strf(d, "tel:%s", pe->phone));
	}
	if (pe->email) {
		doc_line(d, t);
		doc_span(d, t, DOC_FIXED, "電子メールアドレス：");
		doc_link(d, t, 0, pe->email,
			 policy_is_placeholder(pe->email) ? NULL
							  : doc_strf(d, "mailto:%s", pe->email));
	}
	person_checks(m, t, pe);
}

/* ---- Cover and contents ------------------------------------------------ */

/* The day of instant t in the policy's time zone, as 2026年12月1日. */
static const char *day_ja(struct mb *m, int64_t t)
{
	struct mo_local lt;

	if (time_local(t, m->p->org.timezone, &lt))
		return "";
	return date_ja(m, (struct mo_date){lt.year, lt.month, lt.day});
}

static void build_cover(struct mb *m)
{
	const struct mo_organization *org = &m->p->org;
	struct doc *d = m->d;
	struct doc_block *h, *t;
	size_t placeholders = policy_placeholder_count(m->p);

	doc_box_begin(d, "cover");
	/* Two phrases, so a narrow page breaks the title between them. */
	h = doc_heading(d, 1, NULL, NULL, NULL);
	doc_span(d, h ? &h->text : NULL, DOC_NOBREAK, "情報セキュリティインシデント");
	doc_span(d, h ? &h->text : NULL, DOC_NOBREAK, "対応マニュアル");
	para(m, DOC_STRONG, m->p->intros.title);
	para(m, 0, m->p->intros.subtitle);
	para(m, DOC_STRONG, org->name);
	t = key_table(m);
	key_value(m, t, "版", org->revision);
	if (org->has_last_reviewed) {
		struct mo_date next =
			date_add_months(org->last_reviewed, org->review_interval_months);

		key_value(m, t, "改訂日（最終見直し日）", date_ja(m, org->last_reviewed));
		key_value(m, t, "次回見直し予定", date_ja(m, next));
	} else {
		key_value(m, t, "最終見直し日", "未記入");
	}
	key_value(m, t, "見直しの間隔", doc_strf(d, "%dか月ごと", org->review_interval_months));
	for (size_t i = 0; i < org->n_related; i++) {
		const struct mo_related *r = &org->related[i];
		struct doc_text *v = key_row(m, t, r->relation ? r->relation : "関係事業者");

		doc_span(d, v, 0, r->name);
	}
	key_value(m, t, "作成日", m->o ? m->o->generated_on : NULL);
	if (m->o && m->o->n_revisions) {
		const struct render_revision *last = &m->o->revisions[m->o->n_revisions - 1];

		key_value(m, t, "改訂番号",
			  doc_strf(d, "%d（%s 保存）", last->number, day_ja(m, last->at)));
	}
	if (placeholders)
		doc_span(d, doc_note(d), DOC_FIXED,
			 doc_strf(d,
				  "※「〇〇」「****」などの記入箇所が %zu か所残っています。"
				  "自社の情報に置き換えてから配布してください。",
				  placeholders));
	doc_box_end(d);
	doc_toc(d, "目次");
}

/* ---- 1. 対応体制 ------------------------------------------------------- */

static void build_team(struct mb *m)
{
	const struct policy *p = m->p;
	const struct mo_definitions *df = &p->defs;
	struct doc *d = m->d;
	static const char *const head[] = {"役割", "担当", "氏名"};
	struct doc_block *t;
	const char *team[MAX_ROLES];
	size_t n_team = roles_or_owners(p, &p->response_team, team, MAX_ROLES);

	lead(m, p->intros.response_team,
	     "情報セキュリティインシデントが発生した場合には、以下の体制で対応する。");
	t = doc_table(d, DOC_TABLE_KEYS, 3, head);
	for (size_t i = 0; i < n_team; i++) {
		const char *id = team[i];
		const struct mo_role *r = policy_role(p, id);
		const struct mo_person *pe[MAX_HOLDERS];
		size_t n = policy_role_people(p, id, pe, MAX_HOLDERS);
		struct doc_row *row = doc_row(d, t);
		struct doc_text *names;

		doc_span(d, doc_cell(d, row), 0, policy_role_title(p, id));
		doc_span(d, doc_cell(d, row), 0, r && r->holder ? r->holder : "");
		names = doc_cell(d, row);
		for (size_t k = 0; k < n; k++)
			doc_add_line(d, names, 0, pe[k]->name);
	}

	if (df->incident || df->unexpected_owner || df->coordinator) {
		section(m, "インシデントの定義と責任", false);
		t = key_table(m);
		key_value(m, t, "インシデントの定義", df->incident);
		if (df->unexpected_owner)
			key_value(m, t, "想定外のインシデントの責任者",
				  role_full(m, df->unexpected_owner));
		if (df->coordinator)
			key_value(m, t, "インシデント対応の統括", role_full(m, df->coordinator));
	}
	if (df->purpose || df->scope || df->damages.n) {
		section(m, "目的と適用範囲", false);
		t = key_table(m);
		key_value(m, t, "目的", df->purpose);
		key_value(m, t, "適用範囲", df->scope);
		if (df->damages.n)
			lines(m, key_row(m, t, "想定される被害"), 0, &df->damages);
	}
}

/* ---- 2. 影響範囲と対応者 ----------------------------------------------- */

/* The minimums that raise a level whatever the answers: per category
 * (漏えい・流出は全て事故レベル2以上) and per sign (身代金の画面は2以上). */
static void level_minimums(struct mb *m)
{
	const struct policy *p = m->p;
	struct buf b;

	buf_init(&b, (size_t)64 << 10);
	for (size_t i = 0; i < p->n_categories; i++)
		if (p->categories[i].min_level > 0 &&
		    buf_addf(&b, "%s区分「%s」は事故レベル%d以上", b.len ? "、" : "",
			     p->categories[i].name, p->categories[i].min_level))
			goto done;
	for (size_t i = 0; i < p->n_signs; i++) {
		const struct mo_sign *s = &p->signs[i];
		const struct mo_category *c = policy_category(p, s->category);

		if (s->min_level >= 0 &&
		    buf_addf(&b, "%s兆候「%s」は事故レベル%d以上%s", b.len ? "、" : "", s->label,
			     s->min_level,
			     c && s->min_level < c->min_level ? "（区分の下限に代わる）" : ""))
			goto done;
	}
	if (b.len)
		note(m, doc_strf(m->d, "※影響範囲によらず、%s。", buf_str(&b)));
done:
	buf_release(&b);
}

static void build_levels(struct mb *m)
{
	const struct policy *p = m->p;
	struct doc *d = m->d;
	static const char *const head[] = {"事故レベル", "影響範囲", "責任者"};
	struct doc_block *t;

	lead(m, p->intros.levels,
	     "情報セキュリティインシデントが発生した場合、以下を参考に影響範囲を判断して対応する。");
	t = doc_table(d, DOC_TABLE_KEYS, 3, head);
	for (int level = policy_level_top(p); level >= 0; level--) {
		const struct mo_level *lv = policy_level(p, level);
		struct doc_row *row;
		struct doc_text *c;

		if (!lv)
			continue;
		row = doc_row(d, t);
		c = doc_cell(d, row);
		doc_span(d, c, 0, doc_strf(d, "%d", level));
		doc_add_line(d, c, DOC_SMALL, lv->name);
		/* From the triage rules that decide (policy_level_words). */
		{
			struct arena a;
			struct strv words;

			arena_init(&a, 0);
			words = policy_level_words(p, level, &a);
			c = doc_cell(d, row);
			for (size_t k = 0; k < words.n; k++)
				doc_add_line(d, c, 0, doc_strf(d, "%s", words.v[k]));
			arena_release(&a);
		}
		doc_span(d, doc_cell(d, row), 0, lv->owner ? role_name(p, lv->owner) : "");
	}
	level_minimums(m);
}

/* ---- 3. 連絡及び報告 --------------------------------------------------- */

static void build_escalation(struct mb *m);

static void build_contacts(struct mb *m)
{
	const struct policy *p = m->p;
	struct doc *d = m->d;
	static const char *const head[] = {"対応者または責任者", "緊急連絡先"};
	struct doc_block *t;
	const char *chain[MAX_ROLES];
	size_t n_chain = roles_or_owners(p, &p->chain.roles, chain, MAX_ROLES);

	para(m, 0, p->chain.rule);
	t = doc_table(d, DOC_TABLE_KEYS, 2, head);
	for (size_t i = 0; i < n_chain; i++) {
		const char *id = chain[i];
		const struct mo_person *pe[MAX_HOLDERS];
		size_t n = policy_role_people(p, id, pe, MAX_HOLDERS);
		struct doc_row *row = doc_row(d, t);
		struct doc_text *c;

		doc_span(d, doc_cell(d, row), 0, role_name(p, id));
		c = doc_cell(d, row);
		for (size_t k = 0; k < n; k++)
			person_contact(m, c, pe[k]);
		if (!n)
			doc_span(d, c, DOC_FIXED, "（連絡先が登録されていません）");
	}
	build_escalation(m);
}

/* Each level's escalation chain (escalation:): whom the system tells
 * first, then after how long whom while nobody has acknowledged, rounds,
 * business hours. The same chain the server runs and `check` checks. */
static void build_escalation(struct mb *m)
{
	const struct policy *p = m->p;
	struct doc *d = m->d;
	static const char *const head[] = {"事故レベル",
					   "知らせる順番（「対応します」があれば止まる）"};
	struct doc_block *t;

	if (!p->n_escalation)
		return;
	heading4(m, "確認がないときの連絡の順番");
	t = doc_table(d, DOC_TABLE_KEYS, 2, head);
	for (int level = policy_level_top(p); level >= 0; level--) {
		const struct mo_escalation *es = policy_escalation(p, level);
		struct doc_row *row;
		struct doc_text *c;

		if (!es)
			continue;
		row = doc_row(d, t);
		doc_span(d, doc_cell(d, row), 0, doc_strf(d, "%d", level));
		c = doc_cell(d, row);
		for (size_t i = 0; i < es->n_steps; i++) {
			const struct mo_escalation_step *st = &es->steps[i];
			struct buf who;

			buf_init(&who, 4096);
			for (size_t k = 0; k < st->notify.n; k++)
				if ((k && buf_adds(&who, "、")) ||
				    buf_adds(&who, role_name(p, st->notify.v[k])))
					d->oom = true;
			doc_add_line(d, c, 0,
				     st->after.count
					     ? doc_strf(d, "%s後：%s", duration_ja(m, &st->after),
							buf_str(&who))
					     : doc_strf(d, "すぐ：%s", buf_str(&who)));
			buf_release(&who);
		}
		if (es->rounds > 1)
			doc_add_line(d, c, DOC_SMALL,
				     doc_strf(d, "%sごとに%d回まで繰り返す",
					      duration_ja(m, &es->every), es->rounds));
		if (es->business_hours)
			doc_add_line(d, c, DOC_SMALL,
				     "営業時間内だけ（時間外は次の営業開始まで待つ）");
	}
}

/* ---- 4. 対応手順 ------------------------------------------------------- */

/* One step on a line: ①【title】action（担当・目安・対象）. The action
 * stays one unchanged span: it is the template's sentence. */
static void step_line(struct mb *m, struct doc_text *t, const struct mo_step *s, size_t n,
		      bool numbered)
{
	struct doc *d = m->d;
	struct buf meta;

	doc_line(d, t);
	if (numbered)
		doc_span(d, t, DOC_FIXED, circled(m, n));
	if (s->title)
		doc_span(d, t, DOC_STRONG, doc_strf(d, "【%s】", s->title));
	doc_span(d, t, 0, s->action);

	buf_init(&meta, 4096);
	/* The template's sentences mostly name who acts ("発見者は…"). */
	if (s->actor && !strstr(s->action, role_name(m->p, s->actor)) &&
	    buf_addf(&meta, "担当：%s", role_name(m->p, s->actor)))
		goto out;
	if (s->has_due && buf_addf(&meta, "%s目安：発見から%s以内", meta.len ? "／" : "",
				   duration_ja(m, &s->due)))
		goto out;
	if (s->variant && buf_addf(&meta, "%s対象：%s", meta.len ? "／" : "", s->variant))
		goto out;
	if (meta.len)
		doc_span(d, t, DOC_SMALL, doc_strf(d, "（%s）", buf_str(&meta)));
out:
	if (meta.failed)
		d->oom = true;
	buf_release(&meta);
}

static void playbook_cell(struct mb *m, struct doc_text *t, const struct mo_playbook *pb)
{
	for (size_t i = 0; i < pb->n_steps; i++)
		step_line(m, t, &pb->steps[i], i + 1, pb->n_steps > 1);
	doc_add_line(m->d, t, 0, pb->note);
	lines(m, t, DOC_SMALL, &pb->footnotes);
}

static bool category_has_playbooks(const struct policy *p, const char *id)
{
	for (size_t i = 0; i < p->n_playbooks; i++)
		if (strcmp(p->playbooks[i].category, id) == 0)
			return true;
	return false;
}

static void build_procedures(struct mb *m)
{
	const struct policy *p = m->p;
	struct doc *d = m->d;
	static const char *const cats[] = {"区分", "事件・事故の状況"};
	static const char *const head[] = {"事故レベル", "対応手順"};
	struct doc_block *t;

	lead(m, p->intros.categories,
	     "インシデントを以下のとおりに区分し、それぞれの対応手順を示す。");
	t = doc_table(d, DOC_TABLE_KEYS, 2, cats);
	for (size_t i = 0; i < p->n_categories; i++) {
		struct doc_row *row = doc_row(d, t);

		doc_span(d, doc_cell(d, row), 0, p->categories[i].name);
		doc_span(d, doc_cell(d, row), 0, p->categories[i].description);
	}

	for (size_t i = 0; i < p->n_categories; i++) {
		const struct mo_category *c = &p->categories[i];

		section(m, doc_strf(d, "%s発生時の対応", c->name), true);
		if (!category_has_playbooks(p, c->id)) {
			note(m, "※この区分の対応手順はまだ定められていません。");
			continue;
		}
		t = doc_table(d, DOC_TABLE_KEYS, 2, head);
		for (int level = 3; level >= 0; level--) {
			const struct mo_playbook *pb = policy_playbook(p, c->id, level);
			struct doc_row *row;

			if (!pb)
				continue;
			row = doc_row(d, t);
			doc_span(d, doc_cell(d, row), 0, doc_strf(d, "%d", level));
			playbook_cell(m, doc_cell(d, row), pb);
		}
	}
}

/* ---- ウイルス感染時の初期対応 ------------------------------------------ */

static bool has_self_help(const struct policy *p)
{
	return p->n_self_help > 0;
}

/* The signs that send an employee to self_help id, joined with ／. */
static const char *signs_for_self_help(struct mb *m, const char *id)
{
	struct buf b;
	const char *s = NULL;

	buf_init(&b, 8192);
	for (size_t i = 0; i < m->p->n_signs; i++) {
		const struct mo_sign *sg = &m->p->signs[i];

		if (sg->self_help && strcmp(sg->self_help, id) == 0 &&
		    buf_addf(&b, "%s%s", b.len ? "／" : "", sg->label))
			break;
	}
	if (b.failed)
		m->d->oom = true;
	else if (b.len)
		s = doc_strf(m->d, "%s", buf_str(&b));
	buf_release(&b);
	return s;
}

static void build_self_help(struct mb *m)
{
	static const char *const chapter_title = "ウイルス感染時の初期対応";
	const struct policy *p = m->p;

	for (size_t i = 0; i < p->n_self_help; i++) {
		const struct mo_self_help *h = &p->self_help[i];
		const char *signs = signs_for_self_help(m, h->id);

		/* The template has one entry with the chapter's own title. */
		if (p->n_self_help > 1 || strcmp(h->title, chapter_title) != 0)
			section(m, h->title, false);
		if (signs)
			note(m, doc_strf(m->d, "こんなとき：%s", signs));
		para(m, 0, h->intro);
		list_strv(m, DOC_NUMBERED, &h->steps);
		para(m, 0, h->escalate_intro);
		list_strv(m, DOC_BULLET, &h->escalate_if);
	}
}

/* ---- 届出及び相談 ------------------------------------------------------ */

static bool has_authorities(const struct policy *p)
{
	return p->n_authorities || p->n_filings;
}

static void authority_row(struct mb *m, struct doc_block *t, const struct mo_authority *a)
{
	struct doc *d = m->d;
	struct doc_row *row = doc_row(d, t);
	struct doc_text *c = doc_cell(d, row);
	const char *kind = authority_kind_ja(a->kind);

	doc_span(d, c, DOC_STRONG, a->name ? a->name : a->organization);
	if (kind)
		doc_add_line(d, c, DOC_SMALL | DOC_FIXED, doc_strf(d, "（%s）", kind));

	c = doc_cell(d, row);
	doc_add_line(d, c, 0, a->when);
	for (size_t i = 0; i < a->conditions.n; i++) {
		doc_line(d, c);
		doc_span(d, c, DOC_FIXED, doc_strf(d, "%zu. ", i + 1));
		doc_span(d, c, 0, a->conditions.v[i]);
	}
	doc_add_line(d, c, DOC_SMALL, a->note);

	c = doc_cell(d, row);
	if (a->url) {
		doc_line(d, c);
		doc_link(d, c, 0, a->url, a->url);
	}
	if (a->tel) {
		doc_line(d, c);
		doc_span(d, c, DOC_FIXED, "TEL：");
		doc_link(d, c, 0, a->tel, doc_strf(d, "tel:%s", a->tel));
	}
	if (a->fax) {
		doc_line(d, c);
		doc_span(d, c, DOC_FIXED, "FAX：");
		doc_span(d, c, 0, a->fax);
	}
	if (a->email) {
		doc_line(d, c);
		doc_span(d, c, DOC_FIXED, "E-mail：");
		doc_link(d, c, 0, a->email, doc_strf(d, "mailto:%s", a->email));
	}
}

static const char *filing_due(struct mb *m, const struct mo_filing *f)
{
	if (!f->has_due)
		return "速やかに";
	if (f->has_due_if_malicious)
		return doc_strf(m->d, "%s以内（不正の目的によるおそれがある場合は%s以内）",
				duration_ja(m, &f->due), duration_ja(m, &f->due_if_malicious));
	return doc_strf(m->d, "%s以内", duration_ja(m, &f->due));
}

static void build_authorities(struct mb *m)
{
	const struct policy *p = m->p;
	struct doc *d = m->d;
	static const char *const head[] = {"窓口", "届け出る場合・内容", "連絡先"};
	static const char *const fhead[] = {"報告", "報告先", "期限", "報告する場合", "担当"};

	lead(m, p->intros.authorities,
	     "インシデント対応後に、以下の機関への届け出、報告又は相談を検討する。");
	if (p->n_authorities)
		section(m, "届出・相談・報告先", false);
	for (size_t i = 0; i < p->n_authorities; i++) {
		const char *org = p->authorities[i].organization;
		bool seen = false;
		struct doc_block *t;

		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(p->authorities[j].organization, org) == 0;
		if (seen)
			continue;
		heading4(m, doc_strf(d, "【%s】", org));
		t = doc_table(d, DOC_TABLE_KEYS, 3, head);
		for (size_t j = i; j < p->n_authorities; j++)
			if (strcmp(p->authorities[j].organization, org) == 0)
				authority_row(m, t, &p->authorities[j]);
	}

	if (p->n_filings) {
		struct doc_block *t;

		section(m, "報告・届出の期限", false);
		para(m, DOC_FIXED,
		     "次の場合は、期限までに報告・届出を行う（期限はインシデントの発覚から数える）"
		     "。");
		t = doc_table(d, 0, 5, fhead);
		for (size_t i = 0; i < p->n_filings; i++) {
			const struct mo_filing *f = &p->filings[i];
			const struct mo_authority *a = policy_authority(p, f->authority);
			struct doc_row *row = doc_row(d, t);
			struct doc_text *c;

			doc_span(d, doc_cell(d, row), DOC_STRONG, f->title);
			c = doc_cell(d, row);
			if (a) {
				doc_add_line(d, c, 0, a->organization);
				doc_add_line(d, c, DOC_SMALL, a->name);
			} else {
				doc_span(d, c, 0, f->authority);
			}
			doc_span(d, doc_cell(d, row), 0, filing_due(m, f));
			doc_span(d, doc_cell(d, row), 0, f->when);
			doc_span(d, doc_cell(d, row), 0, f->owner ? role_name(p, f->owner) : "");
		}
	}
}

/* ---- 事業継続管理 ------------------------------------------------------ */

static bool has_bcp(const struct policy *p)
{
	const struct mo_bcp *b = &p->bcp;

	return b->intro || b->n_scenarios || b->n_targets || b->plan || b->n_systems ||
	       b->it_bcp_steps.n;
}

/* A note that is a remark or a source (※…, 参考：…) goes after the steps;
 * the others introduce them. */
static bool is_remark(const char *s)
{
	return strncmp(s, "※", strlen("※")) == 0 || strncmp(s, "参考", strlen("参考")) == 0;
}

static void build_bcp(struct mb *m)
{
	const struct policy *p = m->p;
	const struct mo_bcp *b = &p->bcp;
	struct doc *d = m->d;
	struct doc_block *t;

	para(m, 0, b->intro);
	if (b->n_scenarios) {
		static const char *const head[] = {"情報セキュリティインシデント", "想定理由"};

		section(m, "想定される情報セキュリティインシデント", false);
		t = doc_table(d, 0, 2, head);
		for (size_t i = 0; i < b->n_scenarios; i++) {
			struct doc_row *row = doc_row(d, t);

			doc_span(d, doc_cell(d, row), 0, b->scenarios[i].incident);
			doc_span(d, doc_cell(d, row), 0, b->scenarios[i].reason);
		}
	}
	if (b->n_targets) {
		static const char *const head[] = {"被害対象", "復旧責任者", "関係者連絡先"};

		section(m, "復旧責任者及び関連連絡先", false);
		t = doc_table(d, 0, 3, head);
		for (size_t i = 0; i < b->n_targets; i++) {
			const struct mo_bcp_target *tg = &b->targets[i];
			struct doc_row *row = doc_row(d, t);
			struct doc_text *c;

			lines(m, doc_cell(d, row), 0, &tg->targets);
			c = doc_cell(d, row);
			for (size_t k = 0; k < tg->owners.n; k++)
				doc_add_line(d, c, 0, role_name(p, tg->owners.v[k]));
			lines(m, doc_cell(d, row), 0, &tg->contacts);
		}
	}
	if (b->plan) {
		section(m, "事業継続計画", false);
		para(m, 0, b->plan);
	}
	if (b->n_tiers || b->n_systems) {
		static const char *const thead[] = {"優先度", "区分"};
		static const char *const head[] = {"順番（優先度）", "システム",   "依存するもの",
						   "RTO／RPO",	     "復旧責任者", "備考・連絡先"};
		size_t *order = calloc(b->n_systems + 1, sizeof(*order)), n;

		section(m, "情報システムの復旧優先度", false);
		if (b->n_tiers) {
			t = doc_table(d, DOC_TABLE_KEYS, 2, thead);
			for (size_t i = 0; i < b->n_tiers; i++) {
				struct doc_row *row = doc_row(d, t);

				doc_span(d, doc_cell(d, row), 0, b->tiers[i].id);
				doc_span(d, doc_cell(d, row), 0, b->tiers[i].label);
			}
		}
		/* In the order they are restored (engine/bcp.c): tier, then what
		 * each depends on; 目標復旧時間 and 目標復旧時点 with the vendors. */
		n = order ? engine_bcp_order(p, order) : 0;
		if (n < b->n_systems)
			d->oom = true;
		if (n) {
			para(m, 0,
			     "復旧は上の優先度の順に、各システムはそれが依存するシステムの後に行います"
			     "（RTO：目標復旧時間、止まってからこの時間内に戻す。RPO：目標復旧時点、"
			     "最大でどれだけ前のデータまで戻ってよいか）。");
			t = doc_table(d, DOC_TABLE_KEYS, 6, head);
		}
		for (size_t i = 0; i < n; i++) {
			const struct mo_bcp_system *s = &b->systems[order[i]];
			struct doc_row *row = doc_row(d, t);
			struct doc_text *c;
			char rto[64], rpo[64];

			doc_span(d, doc_cell(d, row), 0, doc_strf(d, "%zu（%s）", i + 1, s->tier));
			doc_span(d, doc_cell(d, row), 0, s->name);
			c = doc_cell(d, row);
			for (size_t k = 0; k < s->depends_on.n; k++) {
				const struct mo_bcp_system *dep =
					engine_bcp_system(p, s->depends_on.v[k]);

				doc_add_line(d, c, 0, dep ? dep->name : s->depends_on.v[k]);
			}
			c = doc_cell(d, row);
			if (s->has_rto) {
				engine_duration_ja(&s->rto, rto, sizeof(rto));
				doc_add_line(d, c, 0, doc_strf(d, "RTO %s", rto));
			}
			if (s->has_rpo) {
				engine_duration_ja(&s->rpo, rpo, sizeof(rpo));
				doc_add_line(d, c, 0, doc_strf(d, "RPO %s", rpo));
			}
			doc_span(d, doc_cell(d, row), 0,
				 s->recovery_owner ? role_name(p, s->recovery_owner) : "");
			c = doc_cell(d, row);
			doc_add_line(d, c, 0, s->note);
			for (size_t k = 0; k < s->vendors.n; k++) {
				const struct mo_authority *a = policy_authority(p, s->vendors.v[k]);

				if (a)
					doc_add_line(d, c, 0,
						     doc_strf(d, "連絡先：%s%s%s", a->organization,
							      a->tel ? " " : "",
							      a->tel ? a->tel : ""));
			}
		}
		free(order);
	}
	if (b->it_bcp_steps.n || b->it_bcp_notes.n) {
		static const char *const head[] = {"ステップ", "内容"};

		section(m, "情報システム運用継続計画（IT-BCP）", false);
		for (size_t i = 0; i < b->it_bcp_notes.n; i++)
			if (!is_remark(b->it_bcp_notes.v[i]))
				para(m, 0, b->it_bcp_notes.v[i]);
		if (b->it_bcp_steps.n) {
			t = doc_table(d, DOC_TABLE_KEYS, 2, head);
			for (size_t i = 0; i < b->it_bcp_steps.n; i++) {
				const struct mo_section *s = &b->it_bcp_steps.v[i];
				struct doc_row *row = doc_row(d, t);
				struct doc_text *c = doc_cell(d, row);

				doc_span(d, c, DOC_FIXED, doc_strf(d, "STEP%zu", i + 1));
				doc_add_line(d, c, 0, s->title);
				c = doc_cell(d, row);
				doc_span(d, c, 0, s->text);
				lines(m, c, 0, &s->items);
			}
		}
		for (size_t i = 0; i < b->it_bcp_notes.n; i++)
			if (is_remark(b->it_bcp_notes.v[i]))
				note(m, b->it_bcp_notes.v[i]);
	}
}

/* ---- The parts the other seeds add ------------------------------------- */

static bool has_guidance(const struct policy *p)
{
	return p->n_guidance > 0;
}

static void build_guidance(struct mb *m)
{
	const struct policy *p = m->p;

	for (size_t i = 0; i < p->n_guidance; i++) {
		const struct mo_guidance *g = &p->guidance[i];

		section(m, g->title, false);
		para(m, 0, g->summary);
		for (int ph = 0; ph < PHASE_COUNT; ph++) {
			if (!g->phases[ph].n)
				continue;
			heading4(m, policy_phase_label((enum mo_phase)ph));
			sections(m, &g->phases[ph], SEC_BOLD);
		}
		for (size_t k = 0; k < g->notes.n; k++)
			note(m, g->notes.v[k]);
	}
}

static bool has_decisions(const struct policy *p)
{
	return p->n_decisions > 0;
}

static void build_decisions(struct mb *m)
{
	const struct policy *p = m->p;
	struct doc *d = m->d;

	para(m, DOC_FIXED, "インシデント対応の各段階で、次の事項を判断し、その結果を記録する。");
	for (size_t i = 0; i < p->n_decisions; i++) {
		const struct mo_decision_phase *ph = &p->decisions[i];
		struct doc_block *l;

		section(m, ph->title, false);
		l = doc_list(d, DOC_CHECKLIST);
		for (size_t k = 0; k < ph->n_points; k++) {
			const struct mo_decision_point *pt = &ph->points[k];
			struct doc_item *it = doc_item(d, l);

			doc_span(d, doc_item_text(it), 0, pt->question);
			if (pt->hints.n) {
				struct doc_block *sub = doc_item_sublist(d, it, DOC_BULLET);

				for (size_t h = 0; h < pt->hints.n; h++)
					doc_span(d, doc_item_text(doc_item(d, sub)), 0,
						 pt->hints.v[h]);
			}
		}
	}
}

static bool has_record_items(const struct policy *p)
{
	return p->record_items.n > 0;
}

static void build_record_items(struct mb *m)
{
	static const char *const head[] = {"項目", "内容"};
	const struct mo_sectionv *sv = &m->p->record_items;
	struct doc *d = m->d;
	struct doc_block *t;

	para(m, DOC_FIXED, "インシデントが発生したら、次の事項を整理して記録する。");
	t = doc_table(d, DOC_TABLE_KEYS, 2, head);
	for (size_t i = 0; i < sv->n; i++) {
		struct doc_row *row = doc_row(d, t);
		struct doc_text *c;

		doc_span(d, doc_cell(d, row), 0, sv->v[i].title);
		c = doc_cell(d, row);
		doc_span(d, c, 0, sv->v[i].text);
		lines(m, c, 0, &sv->v[i].items);
	}
}

static bool has_preparation(const struct policy *p)
{
	return p->preparation.n > 0;
}

static void build_preparation(struct mb *m)
{
	sections(m, &m->p->preparation, SEC_NUMBERED);
}

static bool has_cases(const struct policy *p)
{
	return p->n_cases > 0;
}

static void build_cases(struct mb *m)
{
	const struct policy *p = m->p;
	struct doc *d = m->d;
	static const char *const head[] = {"対応", "期限"};

	for (size_t i = 0; i < p->n_cases; i++) {
		const struct mo_case *c = &p->cases[i];
		const struct mo_category *cat =
			c->category ? policy_category(p, c->category) : NULL;

		section(m, c->title, false);
		if (cat)
			note(m, doc_strf(d, "区分：%s", cat->name));
		sections(m, &c->phases, SEC_HEADING);
		if (c->n_deadlines) {
			struct doc_block *t;

			heading4(m, "対応の期限（発見から）");
			t = doc_table(d, DOC_TABLE_KEYS, 2, head);
			for (size_t k = 0; k < c->n_deadlines; k++) {
				struct doc_row *row = doc_row(d, t);

				doc_span(d, doc_cell(d, row), 0, c->deadlines[k].what);
				doc_span(d, doc_cell(d, row), 0,
					 doc_strf(d, "%s以内",
						  duration_ja(m, &c->deadlines[k].due)));
			}
		}
	}
}

static bool has_checks(const struct policy *p)
{
	return p->n_checks > 0;
}

/* 「2026年12月1日 佐藤：note」 or 未実施, and 期限切れ when it is. */
static const char *check_last_ja(struct mb *m, const struct check_status *s)
{
	const char *state = label_of(&label_check_state, (int)s->state, LABEL_JA);
	const char *who = s->last && s->last->who && *s->last->who ? s->last->who : NULL;
	const char *note = s->last && s->last->note && *s->last->note ? s->last->note : NULL;

	if (s->state == CHECK_NEVER) {
		if (s->source == CHECK_SRC_CONTACTS && s->channels)
			return doc_strf(m->d, "%s（確認済み %d／%d）", state, s->confirmed,
					s->channels);
		return state;
	}
	return doc_strf(m->d, "%s%s%s%s%s%s", day_ja(m, s->last_done_at), who ? " " : "",
			who ? who : "", note ? "：" : "", note ? note : "",
			s->state == CHECK_OVERDUE ? doc_strf(m->d, "（%s）", state) : "");
}

static void build_checks(struct mb *m)
{
	static const char *const head[] = {"区分", "点検項目", "担当",
					   "頻度", "規則",     "前回の実施"};
	static const enum mo_check_kind kinds[] = {CHECK_PREVENT, CHECK_DETECT, CHECK_MANUAL};
	const struct policy *p = m->p;
	const struct check_statuses *cs = m->o ? m->o->check_states : NULL;
	struct doc *d = m->d;
	struct doc_block *t;
	bool manual = false;

	for (size_t i = 0; i < p->n_checks; i++)
		manual |= p->checks[i].kind == CHECK_MANUAL;
	para(m, DOC_FIXED,
	     manual ? "緊急事態の発生を回避し（予防）、万一発生した場合に速やかに発見できるよう（検知）、"
		      "またこのマニュアルが機能するよう（体制）、平常時から次の点検を行う。"
		    : "緊急事態の発生を回避し（予防）、万一発生した場合に速やかに発見できるよう（検知）、"
		      "平常時から次の点検を行う。");
	t = doc_table(d, 0, cs ? 6 : 5, head);
	for (size_t k = 0; k < MO_ARRAY_SIZE(kinds); k++) {
		for (size_t i = 0; i < p->n_checks; i++) {
			const struct mo_check *c = &p->checks[i];
			struct doc_row *row;

			if (c->kind != kinds[k])
				continue;
			row = doc_row(d, t);
			doc_span(d, doc_cell(d, row), DOC_FIXED,
				 label_of(&label_check_kind, (int)kinds[k], LABEL_JA));
			doc_span(d, doc_cell(d, row), 0, c->title);
			doc_span(d, doc_cell(d, row), 0, role_name(p, c->owner));
			doc_span(d, doc_cell(d, row), 0, every_ja(m, &c->every));
			doc_span(d, doc_cell(d, row), 0, c->rule);
			if (cs && i < cs->n && cs->v[i].check == c)
				doc_span(d, doc_cell(d, row), 0, check_last_ja(m, &cs->v[i]));
			else if (cs)
				doc_span(d, doc_cell(d, row), 0, "");
		}
	}
}

static bool roles_have_duties(const struct policy *p)
{
	for (size_t i = 0; i < p->n_roles; i++)
		if (p->roles[i].duties.n)
			return true;
	return false;
}

static bool has_emergency(const struct policy *p)
{
	return p->emergency.n > 0 || roles_have_duties(p);
}

static void build_emergency(struct mb *m)
{
	static const char *const head[] = {"活動主体", "責務"};
	const struct policy *p = m->p;
	struct doc *d = m->d;

	if (roles_have_duties(p)) {
		struct doc_block *t;

		section(m, "活動主体と責務", false);
		t = doc_table(d, DOC_TABLE_KEYS, 2, head);
		for (size_t i = 0; i < p->n_roles; i++) {
			const struct mo_role *r = &p->roles[i];
			struct doc_row *row;

			if (!r->duties.n)
				continue;
			row = doc_row(d, t);
			doc_span(d, doc_cell(d, row), 0, role_full(m, r->id));
			lines(m, doc_cell(d, row), 0, &r->duties);
		}
	}
	if (p->emergency.n) {
		section(m, "行動指針", false);
		sections(m, &p->emergency, SEC_HEADING);
	}
}

static bool has_disaster(const struct policy *p)
{
	return p->bcp.disaster.n || p->bcp.damage_survey.n;
}

static void damage_checklist(struct mb *m)
{
	list_strv(m, DOC_CHECKLIST, &m->p->bcp.damage_survey);
}

static void build_disaster(struct mb *m)
{
	const struct mo_bcp *b = &m->p->bcp;
	bool survey_done = false;

	/* The survey's checklist goes under the section that asks for it. */
	for (size_t i = 0; i < b->disaster.n; i++) {
		const struct mo_section *s = &b->disaster.v[i];

		section_block(m, s, SEC_NUMBERED);
		if (!survey_done && s->title && strstr(s->title, "被害状況")) {
			damage_checklist(m);
			survey_done = true;
		}
	}
	if (!survey_done && b->damage_survey.n) {
		heading4(m, "被害状況の把握");
		damage_checklist(m);
	}
}

static bool has_references(const struct policy *p)
{
	return p->n_references > 0;
}

static void build_references(struct mb *m)
{
	const struct policy *p = m->p;
	struct doc *d = m->d;
	struct doc_block *l = doc_list(d, DOC_BULLET);

	for (size_t i = 0; i < p->n_references; i++) {
		const struct mo_reference *r = &p->references[i];
		struct doc_text *t = doc_item_text(doc_item(d, l));

		doc_span(d, t, DOC_STRONG, r->title);
		if (r->publisher)
			doc_span(d, t, DOC_SMALL, doc_strf(d, "（%s）", r->publisher));
		if (r->url) {
			doc_line(d, t);
			doc_link(d, t, DOC_SMALL, r->url, r->url);
		}
		doc_add_line(d, t, DOC_SMALL, r->description);
	}
}

/* ---- 緊急連絡カード ---------------------------------------------------- */

#define CARD_FIRST 3

/* The most common do (or dont) entries across the signs: at most max, the
 * most frequent first chosen, then shown in the policy's order. An entry
 * only one sign has is left out when others are shared: the card is for
 * every kind of incident. Returns how many were written to out. */
static size_t common_actions(const struct policy *p, bool dont, const char **out, size_t max)
{
	size_t n = 0, best_count = 0;

	while (n < max) {
		size_t best_n;
		const char *best = policy_common_action(p, dont, out, n, &best_n);

		if (!best || (best_n == 1 && best_count > 1))
			break;
		if (!best_count)
			best_count = best_n;
		out[n++] = best;
	}
	/* Back to the order in which the policy first lists them. */
	for (size_t i = 1; i < n; i++) {
		for (size_t j = i; j > 0; j--) {
			size_t a = SIZE_MAX, b = SIZE_MAX, pos = 0;

			for (size_t s = 0; s < p->n_signs; s++) {
				const struct strv *sv =
					dont ? &p->signs[s].dont : &p->signs[s].do_now;

				for (size_t k = 0; k < sv->n; k++, pos++) {
					if (a == SIZE_MAX && strcmp(sv->v[k], out[j - 1]) == 0)
						a = pos;
					if (b == SIZE_MAX && strcmp(sv->v[k], out[j]) == 0)
						b = pos;
				}
			}
			if (b < a) {
				const char *tmp = out[j];

				out[j] = out[j - 1];
				out[j - 1] = tmp;
			}
		}
	}
	return n;
}

static void card_first_steps(struct mb *m)
{
	const struct policy *p = m->p;
	const char *acts[CARD_FIRST];
	size_t n = common_actions(p, false, acts, CARD_FIRST);
	struct doc_block *l;

	card_heading(m, "まず行うこと");
	l = doc_list(m->d, DOC_NUMBERED);
	if (p->card.first.n) {
		for (size_t i = 0; i < p->card.first.n; i++)
			doc_span(m->d, doc_item_text(doc_item(m->d, l)), 0, p->card.first.v[i]);
	} else if (n) {
		for (size_t i = 0; i < n; i++)
			doc_span(m->d, doc_item_text(doc_item(m->d, l)), 0, acts[i]);
	} else {
		/* No signs: the employee's own first steps. */
		const struct mo_self_help *h = policy_self_help(p, "virus");

		if (!h && p->n_self_help)
			h = &p->self_help[0];
		for (size_t i = 0; h && i < h->steps.n && i < CARD_FIRST; i++)
			doc_span(m->d, doc_item_text(doc_item(m->d, l)), 0, h->steps.v[i]);
	}
	if (p->card.dont.n) {
		card_heading(m, "してはいけないこと");
		l = doc_list(m->d, DOC_BULLET);
		for (size_t i = 0; i < p->card.dont.n; i++)
			doc_span(m->d, doc_item_text(doc_item(m->d, l)), 0, p->card.dont.v[i]);
		return;
	}
	n = common_actions(p, true, acts, CARD_FIRST);
	if (n) {
		card_heading(m, "してはいけないこと");
		l = doc_list(m->d, DOC_BULLET);
		for (size_t i = 0; i < n; i++)
			doc_span(m->d, doc_item_text(doc_item(m->d, l)), 0, acts[i]);
	}
}

static void card_contacts(struct mb *m)
{
	static const char *const head[] = {"順", "役割", "氏名", "携帯電話", "電子メール"};
	const struct policy *p = m->p;
	struct doc *d = m->d;
	struct doc_block *t;
	const char *chain[MAX_ROLES];
	size_t n_chain = roles_or_owners(p, &p->chain.roles, chain, MAX_ROLES);

	card_heading(m, "連絡先（上から順に、つながるまで）");
	t = doc_table(d, 0, 5, head);
	for (size_t i = 0; i < n_chain; i++) {
		const char *id = chain[i];
		const struct mo_role *r = policy_role(p, id);
		const struct mo_person *pe[MAX_HOLDERS];
		size_t n = policy_role_people(p, id, pe, MAX_HOLDERS);

		for (size_t k = 0; k < (n ? n : 1); k++) {
			struct doc_row *row = doc_row(d, t);
			struct doc_text *c;

			doc_span(d, doc_cell(d, row), DOC_FIXED, circled(m, i + 1));
			c = doc_cell(d, row);
			doc_span(d, c, DOC_STRONG, policy_role_title(p, id));
			if (r && r->holder)
				doc_add_line(d, c, DOC_SMALL, r->holder);
			if (!n) {
				doc_span(d, doc_cell(d, row), DOC_FIXED, "（未登録）");
				continue;
			}
			doc_span(d, doc_cell(d, row), 0, pe[k]->name);
			c = doc_cell(d, row);
			if (pe[k]->phone)
				doc_link(d, c, 0, pe[k]->phone,
					 policy_is_placeholder(pe[k]->phone)
						 ? NULL
						 : doc_strf(d, "tel:%s", pe[k]->phone));
			c = doc_cell(d, row);
			if (pe[k]->email)
				doc_link(d, c, 0, pe[k]->email,
					 policy_is_placeholder(pe[k]->email)
						 ? NULL
						 : doc_strf(d, "mailto:%s", pe[k]->email));
		}
	}
}

static void build_card(struct mb *m, bool alone)
{
	const struct policy *p = m->p;
	struct doc *d = m->d;
	struct doc_text *t;
	struct buf signs;

	if (!alone)
		doc_page_break(d);
	doc_box_begin(d, "card");
	doc_heading(d, 2, NULL, "card", "緊急連絡カード");
	t = doc_para(d);
	doc_span(d, t, DOC_STRONG, p->org.name);
	if (p->org.revision)
		doc_span(d, t, DOC_SMALL, doc_strf(d, "（%s）", p->org.revision));

	buf_init(&signs, 8192);
	for (size_t i = 0; i < p->n_signs; i++)
		if (buf_addf(&signs, "%s%s", signs.len ? "／" : "", p->signs[i].label))
			break;
	if (signs.failed)
		d->oom = true;
	if (signs.len) {
		t = doc_para(d);
		doc_span(d, t, DOC_STRONG | DOC_FIXED, "こんなときは：");
		doc_span(d, t, 0, doc_strf(d, "%s", buf_str(&signs)));
	}
	buf_release(&signs);

	card_first_steps(m);
	para(m, 0, p->chain.rule);
	card_contacts(m);
	if (p->org.report_url) {
		card_heading(m, "社内の報告窓口");
		t = doc_para(d);
		doc_link(d, t, 0, p->org.report_url, p->org.report_url);
	}
	/* No authority numbers: the employee calls inside the company; the
	 * desks are on the responders' pages (届出及び相談). */
	doc_box_end(d);
}

/* ---- 用語 and 出典 -------------------------------------------------------- */

static bool has_glossary(const struct policy *p)
{
	return p->glossary.n > 0;
}

/* The words of the sources for bodies and roles, and the manual's role for
 * each: one vocabulary in the procedures, the sources' words kept here. */
static void build_glossary(struct mb *m)
{
	static const char *const head[] = {"出典での呼び方", "このマニュアルでの役割・意味"};
	const struct policy *p = m->p;
	struct doc_block *t = doc_table(m->d, DOC_TABLE_KEYS, 2, head);

	for (size_t i = 0; i < p->glossary.n; i++) {
		const struct mo_section *s = &p->glossary.v[i];
		struct doc_row *row = doc_row(m->d, t);
		struct doc_text *c;

		doc_span(m->d, doc_cell(m->d, row), DOC_STRONG, s->title ? s->title : "");
		c = doc_cell(m->d, row);
		doc_add_line(m->d, c, 0, s->text);
		lines(m, c, DOC_SMALL, &s->items);
	}
}

static bool has_sources(const struct policy *p)
{
	return p->sources.n > 0;
}

static void build_sources(struct mb *m)
{
	sections(m, &m->p->sources, SEC_BOLD);
}

/* ---- 改訂履歴 (the data folder's revisions, src/revise/) ------------------ */

static void build_history(struct mb *m)
{
	static const char *const head[] = {"改訂番号", "日付", "保存した人", "内容"};
	struct doc *d = m->d;
	struct doc_block *t;
	bool reviews = false;

	para(m, DOC_FIXED,
	     "このマニュアルの変更と見直しの記録（新しいものから）。"
	     "各版の全文はデータフォルダーの revisions/ に残っている。");
	t = doc_table(d, 0, 4, head);
	for (size_t i = m->o->n_revisions; i-- > 0;) {
		const struct render_revision *r = &m->o->revisions[i];
		struct doc_row *row = doc_row(d, t);

		doc_span(d, doc_cell(d, row), 0, doc_strf(d, "%d", r->number));
		doc_span(d, doc_cell(d, row), 0, day_ja(m, r->at));
		doc_span(d, doc_cell(d, row), 0, r->who);
		doc_span(d, doc_cell(d, row), 0,
			 r->review ? doc_strf(d, "見直し: %s", r->note) : r->note);
		reviews |= r->review;
	}
	if (!reviews)
		return;
	section(m, "見直しの記録", false);
	for (size_t i = m->o->n_revisions; i-- > 0;) {
		const struct render_revision *r = &m->o->revisions[i];

		if (!r->review)
			continue;
		heading4(m, doc_strf(d, "%s（%s）", day_ja(m, r->at), r->who));
		para(m, 0, r->note);
		if (r->checked && *r->checked)
			para(m, 0, r->checked);
	}
}

/* ---- The order ---------------------------------------------------------- */

/* The chapters in order. The first four are the template's core and always
 * printed; the others only when the policy has something for them. */
static const struct chapter {
	const char *title;
	bool (*present)(const struct policy *p);
	void (*build)(struct mb *m);
} chapters[] = {
	{"対応体制", NULL, build_team},
	{"情報セキュリティインシデントの影響範囲と対応者", NULL, build_levels},
	{"インシデントの連絡及び報告", NULL, build_contacts},
	{"対応手順", NULL, build_procedures},
	{"ウイルス感染時の初期対応", has_self_help, build_self_help},
	{"届出及び相談", has_authorities, build_authorities},
	{"情報セキュリティインシデントによる事業中断と事業継続管理", has_bcp, build_bcp},
	{"インシデントの種類別の対応", has_guidance, build_guidance},
	{"各段階での判断事項", has_decisions, build_decisions},
	{"インシデント対応時に整理しておくべき事項", has_record_items, build_record_items},
	{"インシデント発生前の準備", has_preparation, build_preparation},
	{"対応事例", has_cases, build_cases},
	{"平常時の予防・検知", has_checks, build_checks},
	{"緊急事態発生時の行動指針", has_emergency, build_emergency},
	{"大規模災害発生時の対応", has_disaster, build_disaster},
	{"参考資料", has_references, build_references},
	{"用語", has_glossary, build_glossary},
	{"出典", has_sources, build_sources},
};

/* The printed manual's headers and footers: the company, the revision and
 * the date it was last reviewed, 社外秘. */
static void print_settings(struct mb *m)
{
	const struct policy *p = m->p;
	struct doc_print *pr = &m->d->print;

	if (p->org.has_last_reviewed) {
		char day[64];

		date_format(p->org.last_reviewed, true, day, sizeof(day));
		pr->footer = doc_strf(m->d, "%s%s%s", p->org.revision ? p->org.revision : "",
				      p->org.revision ? "　" : "", day);
	} else if (p->org.revision) {
		pr->footer = p->org.revision;
	}
	pr->company = p->org.name;
	pr->mark = "社外秘";
	pr->author = p->org.name;
	pr->subject = "情報セキュリティインシデント対応ならびに事業継続管理";
}

struct doc *manual_build(const struct policy *p, const struct render_opts *o, enum manual_part part,
			 struct mo_err *e)
{
	struct mb m = {p, o, doc_new(), 0, 0};

	if (!m.d) {
		mo_err_oom(e, NULL);
		return NULL;
	}
	if (part == MANUAL_CARD) {
		m.d->title = doc_strf(m.d, "緊急連絡カード — %s", p->org.name);
		/* On paper the card is a sheet of wallet cards and a poster. */
		m.d->print.layout = card_pdf_layout;
		m.d->print.source = p;
		build_card(&m, true);
	} else {
		print_settings(&m);
		m.d->title = doc_strf(m.d, "情報セキュリティインシデント対応マニュアル — %s",
				      p->org.name);
		build_cover(&m);
		for (size_t i = 0; i < MO_ARRAY_SIZE(chapters); i++) {
			if (chapters[i].present && !chapters[i].present(p))
				continue;
			chapter(&m, chapters[i].title);
			chapters[i].build(&m);
		}
		if (o && o->n_revisions) {
			chapter(&m, "改訂履歴");
			build_history(&m);
		}
		build_card(&m, false);
	}
	if (m.d->oom) {
		doc_free(m.d);
		mo_err_oom(e, NULL);
		return NULL;
	}
	return m.d;
}
