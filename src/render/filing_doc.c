/* The drafts of filings and notices as doc trees (filing_doc.h). Japanese
 * documents whatever the locale, like the incident report: our headings
 * are fixed text (DOC_FIXED), what people recorded is kept verbatim, and
 * a blank says so (速報: 調査中; a 確報 or a notice: 未記入, to fill in). */
#include "render/filing_doc.h"
#include "engine/drills.h"
#include "engine/labels.h"

struct fb {
	const struct policy *p;
	const struct inc_full *f;
	const struct filing_recs *recs;
	struct doc *d;
	int64_t now;
	bool prompt; /* 速報 / 第一報: unknown is 調査中 */
};

static void build_ppc(struct fb *b, const char *kind);
static void build_persons(struct fb *b, const char *kind);
static void build_client(struct fb *b, const char *kind);
static void build_ipa(struct fb *b, const char *kind);
static void build_police(struct fb *b, const char *kind);
static void build_jpcert(struct fb *b, const char *kind);
static void build_public(struct fb *b, const char *kind);
static void build_update(struct fb *b, const char *kind);

/* One row per draft: its kind, title and builder. */
static const struct {
	struct filing_draft_kind k;
	void (*build)(struct fb *b, const char *kind);
	bool prompt;
} drafts[] = {
	{{"ppc_prompt", "個人情報保護委員会への漏えい等報告（速報）"}, build_ppc, true},
	{{"ppc_final", "個人情報保護委員会への漏えい等報告（確報）"}, build_ppc, false},
	{{"mynumber_prompt", "特定個人情報の漏えい等に関する報告（速報）"}, build_ppc, true},
	{{"mynumber_final", "特定個人情報の漏えい等に関する報告（確報）"}, build_ppc, false},
	{{"persons_notice", "個人データの漏えい等に関するお知らせ（本人への通知）"},
	 build_persons,
	 false},
	{{"client_notice", "委託を受けた個人データの漏えい等に関するご報告（委託元への通知）"},
	 build_client,
	 true},
	{{"ipa_virus", "コンピュータウイルス届出（IPA）"}, build_ipa, false},
	{{"ipa_access", "コンピュータ不正アクセス届出（IPA）"}, build_ipa, false},
	{{"police", "警察への相談メモ（サイバー犯罪相談窓口）"}, build_police, false},
	{{"jpcert", "JPCERT/CCへのインシデント対応依頼"}, build_jpcert, false},
	{{"ministry", "所管省庁・認定個人情報保護団体への報告"}, build_ppc, true},
	{{"public_notice", "公表文（お詫びとお知らせ）及び問合せ窓口のFAQ"}, build_public, true},
	{{"update_first", "お客様・お取引先への第一報"}, build_update, true},
	{{"update_second", "お客様・お取引先への第二報"}, build_update, true},
	{{"update_final", "お客様・お取引先への最終報"}, build_update, false},
};

static size_t draft_index(const char *kind)
{
	for (size_t i = 0; kind && i < MO_ARRAY_SIZE(drafts); i++)
		if (strcmp(drafts[i].k.kind, kind) == 0)
			return i;
	return SIZE_MAX;
}

const struct filing_draft_kind *filing_draft_find(const char *kind)
{
	size_t i = draft_index(kind);

	return i == SIZE_MAX ? NULL : &drafts[i].k;
}

const char *filing_draft_names(void)
{
	return "ppc_prompt, ppc_final, mynumber_prompt, mynumber_final, persons_notice, "
	       "client_notice, ipa_virus, ipa_access, police, jpcert, ministry, public_notice, "
	       "update_first, update_second, update_final";
}

/* ---- Helpers ---- */

static bool has(const char *s)
{
	return s && *s;
}

static const char *when(struct fb *b, int64_t t)
{
	char s[MO_TIME_MAX];

	engine_time(b->p, t, s, sizeof(s));
	return doc_strf(b->d, "%s", s);
}

/* The mark of a blank: 調査中 in a 速報, else 未記入 (to fill in). */
static void blank(struct fb *b, struct doc_text *t)
{
	doc_span(b->d, t, DOC_FIXED | DOC_STRONG,
		 b->prompt ? "調査中" : "【未記入：提出前に記入すること】");
}

static void value(struct fb *b, struct doc_text *t, const char *v)
{
	if (has(v))
		doc_span(b->d, t, 0, v);
	else
		blank(b, t);
}

static struct doc_block *items(struct fb *b)
{
	static const char *const head[] = {"項目", "内容"};

	return doc_table(b->d, DOC_TABLE_KEYS, 2, head);
}

static struct doc_text *row(struct fb *b, struct doc_block *t, const char *key)
{
	struct doc_row *r = doc_row(b->d, t);

	doc_span(b->d, doc_cell(b->d, r), DOC_FIXED, key);
	return doc_cell(b->d, r);
}

static void row_value(struct fb *b, struct doc_block *t, const char *key, const char *v)
{
	value(b, row(b, t, key), v);
}

static void tri(struct fb *b, struct doc_text *t, const char *what, int v)
{
	if (v == 1)
		doc_add_line(b->d, t, DOC_FIXED, doc_strf(b->d, "%s：あり", what));
	else if (v == 0)
		doc_add_line(b->d, t, DOC_FIXED, doc_strf(b->d, "%s：なし", what));
	else {
		doc_line(b->d, t);
		doc_span(b->d, t, DOC_FIXED, doc_strf(b->d, "%s：", what));
		blank(b, t);
	}
}

static void heading(struct fb *b, const char *number, const char *text)
{
	doc_heading(b->d, 2, number, NULL, text);
}

static const char *company(struct fb *b)
{
	const struct inc *inc = &b->f->inc;

	return has(inc->business) ? inc->business : b->p->org.name;
}

static void header(struct fb *b, const char *title)
{
	const struct inc *inc = &b->f->inc;
	char ref[32];
	struct doc_text *t;

	engine_ref(inc->id, ref, sizeof(ref));
	b->d->title = doc_strf(b->d, "%s（%s）", title, ref);
	doc_heading(b->d, 1, NULL, NULL,
		    doc_strf(b->d, "%s%s", engine_drill_title_mark(inc->title), title));
	t = doc_note(b->d);
	doc_span(b->d, t, DOC_FIXED,
		 doc_strf(b->d, "下書き：%s 作成 — インシデント %s「%s」の記録から",
			  when(b, b->now), ref, inc->title ? inc->title : ""));
	doc_add_line(b->d, t, DOC_FIXED,
		     b->prompt ? "「調査中」の項目は、判明した時点で続報・確報に記入する。"
			       : "「未記入」の項目は、提出の前に記入する。");
	b->d->print.company = b->p->org.name;
	b->d->print.mark = "社外秘（下書き）";
}

/* The rule that made kind apply, in words; nothing when it does not. */
static void rule_words(struct fb *b, struct doc_text *t, const char *kind)
{
	struct filing_due due[64];
	size_t n = engine_filings(b->p, &b->f->inc, due, MO_ARRAY_SIZE(due));

	for (size_t i = 0; i < n; i++) {
		struct buf w;

		if (strcmp(due[i].filing->id, kind) != 0 &&
		    !(due[i].absorbed && strcmp(due[i].absorbed->id, kind) == 0))
			continue;
		buf_init(&w, 16384);
		if (engine_filing_rule(b->p, &b->f->inc, &due[i], &w) == 0)
			doc_add_line(b->d, t, 0, doc_strf(b->d, "報告事由：%s", buf_str(&w)));
		buf_release(&w);
		if (due[i].due_at != MO_TIME_NONE)
			doc_add_line(b->d, t, DOC_FIXED,
				     doc_strf(b->d, "期限：%s", when(b, due[i].due_at)));
		return;
	}
	doc_add_line(
		b->d, t, DOC_FIXED,
		"報告事由：現在の記録では、この報告の対象となる事由に当たらない（任意の報告）");
}

/* ---- Shared pieces ---- */

static void overview(struct fb *b, struct doc_block *t)
{
	const struct inc *inc = &b->f->inc;
	struct doc_text *c = row(b, t, "概要");

	doc_span(b->d, c, 0, inc->title);
	if (has(inc->description))
		doc_add_line(b->d, c, 0, inc->description);
	doc_add_line(b->d, c, DOC_FIXED, "発生日時：");
	if (inc->occurred_at != MO_TIME_NONE)
		doc_span(b->d, c, 0, when(b, inc->occurred_at));
	else
		blank(b, c);
	doc_add_line(b->d, c, DOC_FIXED, "発覚日時：");
	if (inc->discovered_at != MO_TIME_NONE)
		doc_span(b->d, c, 0, when(b, inc->discovered_at));
	else
		blank(b, c);
	if (has(inc->client))
		doc_add_line(b->d, c, 0, doc_strf(b->d, "委託元：%s", inc->client));
}

static void data_items(struct fb *b, struct doc_block *t)
{
	const struct inc_facts *x = &b->f->inc.facts;
	struct doc_text *c = row(b, t, "漏えい等が発生し又は発生したおそれがある個人データの項目");

	value(b, c, x->data_kinds);
	tri(b, c, "要配慮個人情報", x->sensitive);
	tri(b, c, "財産的被害が生じるおそれのある情報（カード番号・口座等）", x->financial);
	tri(b, c, "特定個人情報（マイナンバー）", x->my_number);
	tri(b, c, "高度な暗号化等の保護措置", x->encrypted);
	if (x->exposed_public == 1)
		doc_add_line(b->d, c, DOC_FIXED, "不特定多数の者が閲覧できる状態になった");
}

static void persons(struct fb *b, struct doc_block *t)
{
	const struct inc_facts *x = &b->f->inc.facts;
	struct doc_text *c = row(b, t, "本人の数");

	if (x->persons >= 0)
		doc_span(b->d, c, 0, doc_strf(b->d, "%lld人", x->persons));
	else
		blank(b, c);
}

static void cause(struct fb *b, struct doc_block *t)
{
	const struct inc *inc = &b->f->inc;
	const struct inc_facts *x = &inc->facts;
	struct doc_text *c = row(b, t, "原因");

	value(b, c, inc->cause);
	if (has(x->entry_point))
		doc_add_line(b->d, c, 0, doc_strf(b->d, "侵入経路：%s", x->entry_point));
	if (has(x->malware_name))
		doc_add_line(b->d, c, 0, doc_strf(b->d, "ウイルス名：%s", x->malware_name));
	tri(b, c, "不正の目的によるおそれ（不正アクセス・内部不正・盗難等）",
	    x->malicious == 1 || x->unauthorized_access == 1 || x->skimming == 1 ? 1
										 : x->malicious);
	if (x->skimming == 1)
		doc_add_line(b->d, c, DOC_FIXED,
			     "取得しようとしていた個人情報の窃取（入力フォームの改ざん等）");
}

static void secondary(struct fb *b, struct doc_block *t)
{
	const struct inc_facts *x = &b->f->inc.facts;
	struct doc_text *c = row(b, t, "二次被害又はそのおそれの有無及びその内容");

	blank(b, c);
	if (x->financial == 1)
		doc_add_line(
			b->d, c, DOC_FIXED,
			"（カード番号等の不正利用のおそれ：カード会社への連絡・利用停止の案内を検討）");
}

static void persons_status(struct fb *b, struct doc_block *t)
{
	const struct filing_rec *r = filing_recs_find(b->recs, "persons_notice");
	struct doc_text *c = row(b, t, "本人への対応の実施状況");

	if (r && r->state == FILING_DONE)
		doc_span(b->d, c, 0, doc_strf(b->d, "%s に本人へ通知済み", when(b, r->at)));
	else if (r && r->state == FILING_WAIVED)
		doc_span(b->d, c, 0, doc_strf(b->d, "通知しない（理由：%s）", r->reason));
	else if (r && r->state == FILING_SUBSTITUTED)
		doc_span(
			b->d, c, 0,
			doc_strf(
				b->d,
				"本人への通知が困難なため（%s）、代替措置として %s に %s で公表し、"
				"問合せ窓口（%s）を設置",
				r->reason ? r->reason : "", when(b, r->at),
				r->published ? r->published : "", r->desk ? r->desk : ""));
	else
		doc_span(b->d, c, DOC_FIXED,
			 b->prompt ? "調査中（本人への通知を準備中）"
				   : "【未記入：通知の日付と方法】");
}

static void public_status(struct fb *b, struct doc_block *t)
{
	const struct filing_rec *r = filing_recs_find(b->recs, "persons_notice");
	struct doc_text *c = row(b, t, "公表の実施状況");

	/* 代替措置 is a publication: its day and place are known. */
	if (r && r->state == FILING_SUBSTITUTED)
		doc_span(b->d, c, 0,
			 doc_strf(b->d, "%s に公表（%s）", when(b, r->at),
				  r->published ? r->published : ""));
	else
		blank(b, c);
}

static void measures(struct fb *b, struct doc_block *t)
{
	const struct inc *inc = &b->f->inc;

	row_value(b, t, "再発防止のための措置", inc->measures);
}

/* ---- The drafts ---- */

static void build_ppc(struct fb *b, const char *kind)
{
	const struct inc *inc = &b->f->inc;
	struct doc_block *t;
	struct doc_text *c;

	heading(b, NULL, "報告者");
	t = items(b);
	row_value(b, t, "事業者の名称", company(b));
	row_value(b, t, "責任者・担当者", inc->responsible);
	c = row(b, t, "報告の種類");
	doc_span(b->d, c, DOC_FIXED, b->prompt ? "速報" : "確報");
	heading(b, NULL, "報告事項（施行規則8条1項）");
	t = items(b);
	overview(b, t);
	data_items(b, t);
	persons(b, t);
	cause(b, t);
	secondary(b, t);
	persons_status(b, t);
	public_status(b, t);
	measures(b, t);
	c = row(b, t, "その他参考となる事項");
	rule_words(b, c, kind);
	if (has(inc->affected_systems))
		doc_add_line(b->d, c, 0,
			     doc_strf(b->d, "被害を受けたシステム：%s", inc->affected_systems));
	doc_para(b->d);
	doc_span(
		b->d, doc_note(b->d), DOC_FIXED,
		"提出：個人情報保護委員会の漏えい等報告フォーム（Web）。速報では判明している事項を、"
		"確報では全ての事項を報告する。特定個人情報を含む場合は、番号法の報告と1件で行う。");
}

static void build_persons(struct fb *b, const char *kind)
{
	(void)kind;
	const struct inc *inc = &b->f->inc;
	struct doc_block *t;
	struct doc_text *c;

	c = doc_para(b->d);
	doc_span(
		b->d, c, DOC_FIXED,
		doc_strf(b->d,
			 "このたび、%sにおいて、お客様の個人情報の漏えい等（又はそのおそれ）が発生"
			 "いたしました。ご迷惑とご心配をおかけしますことを深くお詫び申し上げます。",
			 company(b) ? company(b) : "当社"));
	heading(b, "1", "通知事項（施行規則10条）");
	t = items(b);
	overview(b, t);
	data_items(b, t);
	cause(b, t);
	secondary(b, t);
	c = row(b, t, "その他参考となる事項");
	doc_span(b->d, c, DOC_FIXED, "お問い合わせ窓口：");
	blank(b, c);
	doc_add_line(
		b->d, c, DOC_FIXED,
		"不審な連絡・請求にご注意ください。心当たりのない連絡には応じないでください。");
	(void)inc;
	doc_span(b->d, doc_note(b->d), DOC_FIXED,
		 "本人への通知が困難な場合（連絡先が分からない等）は、代替措置として事案の公表と"
		 "問合せ窓口の設置を行い、その旨を記録する（filing waive ではなく、公表文の提出を"
		 "filing done で記録する）。");
}

static void build_client(struct fb *b, const char *kind)
{
	const struct inc *inc = &b->f->inc;
	struct doc_text *c = doc_para(b->d);

	doc_span(b->d, c, 0, has(inc->client) ? inc->client : "");
	if (!has(inc->client))
		blank(b, c);
	doc_span(b->d, c, DOC_FIXED, " 御中");
	c = doc_para(b->d);
	doc_span(b->d, c, DOC_FIXED,
		 "貴社から委託を受けて取り扱っている個人データについて、漏えい等（又はそのおそれ）"
		 "が発生しましたので、個人情報保護法26条1項ただし書及び施行規則9条に基づき、"
		 "下記のとおりご報告いたします。");
	build_ppc(b, kind);
}

static void build_ipa(struct fb *b, const char *kind)
{
	const struct inc *inc = &b->f->inc;
	const struct inc_facts *x = &inc->facts;
	struct doc_block *t;
	struct doc_text *c;
	bool virus = strcmp(kind, "ipa_virus") == 0;

	heading(b, NULL, "届出事項");
	t = items(b);
	c = row(b, t, "届出者");
	value(b, c, company(b));
	if (has(inc->responsible))
		doc_add_line(b->d, c, 0, inc->responsible);
	c = row(b, t, "発見日・発生日");
	doc_span(b->d, c, 0,
		 doc_strf(b->d, "発見：%s",
			  inc->discovered_at != MO_TIME_NONE ? when(b, inc->discovered_at) : ""));
	doc_add_line(b->d, c, DOC_FIXED, "発生：");
	if (inc->occurred_at != MO_TIME_NONE)
		doc_span(b->d, c, 0, when(b, inc->occurred_at));
	else
		blank(b, c);
	row_value(b, t, "被害を受けたシステムと設置場所", inc->affected_systems);
	c = row(b, t, "発見の経緯");
	value(b, c, inc->description);
	c = row(b, t, virus ? "ウイルス名又は症状" : "不正アクセスの手口・症状");
	value(b, c, virus ? x->malware_name : x->entry_point);
	if (virus && !has(x->malware_name) && has(inc->description))
		doc_add_line(b->d, c, 0, inc->description);
	if (!virus && has(x->accounts))
		doc_add_line(b->d, c, 0,
			     doc_strf(b->d, "不正利用されたアカウント：%s", x->accounts));
	row_value(b, t, virus ? "感染台数・感染した機器" : "被害を受けた機器", x->hosts);
	row_value(b, t, "OS・システム構成", inc->system_config);
	c = row(b, t, virus ? "感染経路" : "侵入経路");
	value(b, c, has(x->entry_point) ? x->entry_point : inc->cause);
	c = row(b, t, "被害の内容");
	value(b, c, inc->affected_systems);
	if (has(x->systems))
		doc_add_line(b->d, c, 0, doc_strf(b->d, "停止したシステム：%s", x->systems));
	if (x->persons >= 0 || x->data_kinds)
		doc_add_line(b->d, c, 0,
			     doc_strf(b->d, "漏えい等：%s",
				      has(x->data_kinds) ? x->data_kinds : ""));
	row_value(b, t, "対応状況・再発防止策", inc->measures);
	doc_span(b->d, doc_note(b->d), DOC_FIXED,
		 "提出：IPA の届出様式（Webサイト）に記入し、メールで届け出る（任意の届出）。");
}

static void timeline(struct fb *b)
{
	static const char *const head[] = {"日時", "記録者", "種類", "内容"};
	const struct event_list *ev = &b->f->events;
	struct doc_block *t;

	heading(b, NULL, "対応経過（時系列）");
	t = doc_table(b->d, 0, 4, head);
	for (size_t i = 0; i < ev->n; i++) {
		struct doc_row *r = doc_row(b->d, t);

		doc_span(b->d, doc_cell(b->d, r), 0, when(b, ev->v[i].at));
		doc_span(b->d, doc_cell(b->d, r), 0, ev->v[i].who);
		doc_span(b->d, doc_cell(b->d, r), DOC_FIXED,
			 engine_event_kind_word(ev->v[i].kind, LABEL_JA));
		doc_span(b->d, doc_cell(b->d, r), 0,
			 has(ev->v[i].text) ? ev->v[i].text : ev->v[i].after);
	}
}

static void evidence(struct fb *b)
{
	static const char *const head[] = {"番号", "ファイル", "SHA-256", "保全日時・保全者"};
	const struct evidence_list *ev = &b->f->evidence;
	struct doc_block *t;

	heading(b, NULL, "証拠の一覧（ハッシュ値）");
	if (!ev->n) {
		doc_span(b->d, doc_para(b->d), DOC_FIXED,
			 "保全した証拠はまだない（moshimo evidence add で記録する）。");
		return;
	}
	t = doc_table(b->d, 0, 4, head);
	for (size_t i = 0; i < ev->n; i++) {
		struct doc_row *r = doc_row(b->d, t);

		doc_span(b->d, doc_cell(b->d, r), 0, doc_strf(b->d, "%d", ev->v[i].n));
		doc_span(b->d, doc_cell(b->d, r), 0, ev->v[i].name);
		doc_span(b->d, doc_cell(b->d, r), 0, ev->v[i].sha256);
		doc_span(b->d, doc_cell(b->d, r), 0,
			 doc_strf(b->d, "%s %s", when(b, ev->v[i].at), ev->v[i].who));
	}
}

static void build_police(struct fb *b, const char *kind)
{
	(void)kind;
	const struct inc *inc = &b->f->inc;
	struct doc_block *t;
	struct doc_text *c;

	heading(b, NULL, "相談の概要");
	t = items(b);
	row_value(b, t, "相談者", company(b));
	row_value(b, t, "担当者・連絡先", inc->responsible);
	overview(b, t);
	row_value(b, t, "被害の状況", inc->affected_systems);
	cause(b, t);
	c = row(b, t, "相談・届出の理由");
	rule_words(b, c, "police");
	timeline(b);
	evidence(b);
	doc_span(b->d, doc_note(b->d), DOC_FIXED,
		 "相談先：都道府県警察本部のサイバー犯罪相談窓口。ログ・証拠の原本は保全したまま"
		 "持参し、被害届を出すかは相談の上で判断する（任意）。");
}

static void build_jpcert(struct fb *b, const char *kind)
{
	(void)kind;
	const struct inc *inc = &b->f->inc;
	struct doc_block *t;
	struct doc_text *c;

	heading(b, NULL, "依頼事項");
	t = items(b);
	row_value(b, t, "依頼者", company(b));
	row_value(b, t, "担当者・連絡先", inc->responsible);
	overview(b, t);
	c = row(b, t, "偽サイトのURL・なりすましの内容");
	value(b, c, inc->affected_systems);
	c = row(b, t, "依頼内容");
	doc_span(b->d, c, DOC_FIXED,
		 "自社をかたるフィッシングサイトの停止に向けた、サイト管理者等への調整の依頼");
	row_value(b, t, "自社の対応状況（注意喚起等）", inc->measures);
}

static void build_public(struct fb *b, const char *kind)
{
	(void)kind;
	const struct inc *inc = &b->f->inc;
	const struct inc_facts *x = &inc->facts;
	struct doc_block *list;
	struct doc_text *c;

	c = doc_para(b->d);
	doc_span(
		b->d, c, DOC_FIXED,
		doc_strf(
			b->d,
			"このたび、%sにおいて、下記のインシデントが発生いたしました。"
			"お客様・お取引先をはじめ関係者の皆様にご迷惑とご心配をおかけしますことを、"
			"深くお詫び申し上げます。",
			company(b) ? company(b) : "当社"));
	heading(b, "1", "経緯と概要");
	c = doc_para(b->d);
	doc_span(b->d, c, 0, inc->title);
	if (has(inc->description))
		doc_add_line(b->d, c, 0, inc->description);
	doc_add_line(b->d, c, DOC_FIXED,
		     doc_strf(b->d, "発覚日時：%s",
			      inc->discovered_at != MO_TIME_NONE ? when(b, inc->discovered_at)
								 : ""));
	heading(b, "2", "漏えい等のおそれのある情報と件数");
	c = doc_para(b->d);
	value(b, c, x->data_kinds);
	doc_add_line(b->d, c, DOC_FIXED, "件数：");
	if (x->persons >= 0)
		doc_span(b->d, c, 0, doc_strf(b->d, "%lld人", x->persons));
	else
		blank(b, c);
	heading(b, "3", "原因");
	value(b, doc_para(b->d), inc->cause);
	heading(b, "4", "二次被害の有無");
	blank(b, doc_para(b->d));
	heading(b, "5", "対応状況と再発防止策");
	value(b, doc_para(b->d), inc->measures);
	heading(b, "6", "お問い合わせ窓口");
	c = doc_para(b->d);
	doc_span(b->d, c, DOC_FIXED, "専用窓口（電話・メール・受付時間）：");
	blank(b, c);
	doc_span(
		b->d, doc_note(b->d), DOC_FIXED,
		"「サイバー攻撃被害に係る情報の共有・公表ガイダンス」（2023年）に沿い、公表する"
		"内容（事実として確認できたこと）と時期を決め、攻撃者を利する情報（脆弱性の詳細等）"
		"は載せない。調査中の事項は調査中と書き、続報の予定を示す。");
	heading(b, NULL, "問合せ窓口向け FAQ");
	list = doc_list(b->d, DOC_NUMBERED);
	c = doc_item_text(doc_item(b->d, list));
	doc_span(b->d, c, DOC_STRONG | DOC_FIXED, "Q. 自分の情報は含まれていますか？");
	doc_add_line(b->d, c, DOC_FIXED,
		     "A. 対象の方には個別にご連絡します（本人への通知）。対象となる情報：");
	value(b, c, x->data_kinds);
	c = doc_item_text(doc_item(b->d, list));
	doc_span(b->d, c, DOC_STRONG | DOC_FIXED, "Q. 何に気をつければよいですか？");
	doc_add_line(
		b->d, c, DOC_FIXED,
		x->financial == 1
			? "A. カードのご利用明細をご確認ください。心当たりのない請求はカード会社へ"
			  "ご連絡ください。当社から暗証番号やパスワードを伺うことはありません。"
			: "A. 当社をかたる不審なメール・電話にご注意ください。当社からパスワード等を"
			  "伺うことはありません。");
	c = doc_item_text(doc_item(b->d, list));
	doc_span(b->d, c, DOC_STRONG | DOC_FIXED, "Q. なぜ発表までに時間がかかったのですか？");
	doc_add_line(b->d, c, DOC_FIXED,
		     "A. 被害の拡大防止と事実の確認を優先し、正確な情報をお伝えするためです。");
	c = doc_item_text(doc_item(b->d, list));
	doc_span(b->d, c, DOC_STRONG | DOC_FIXED, "Q. 原因と今後の対策は？");
	doc_add_line(b->d, c, 0,
		     has(inc->cause) ? inc->cause : "A. 調査中です。判明次第お知らせします。");
	if (has(inc->measures))
		doc_add_line(b->d, c, 0, inc->measures);
}

static void build_update(struct fb *b, const char *kind)
{
	int which = strcmp(kind, "update_first") == 0	 ? 1
		    : strcmp(kind, "update_second") == 0 ? 2
							 : 3;
	const struct inc *inc = &b->f->inc;
	struct doc_block *t;
	struct doc_text *c;

	c = doc_para(b->d);
	doc_span(
		b->d, c, DOC_FIXED,
		which == 1
			? "標記の件について、現時点で判明している事実を第一報としてお知らせします。"
		: which == 2
			? "標記の件について、その後判明した事項を第二報としてお知らせします。"
			: "標記の件について、調査と対応が完了しましたので最終報としてご報告します。");
	t = items(b);
	overview(b, t);
	c = row(b, t, "影響の範囲");
	value(b, c, inc->affected_systems);
	if (inc->facts.persons >= 0 || has(inc->facts.data_kinds))
		doc_add_line(b->d, c, 0,
			     doc_strf(b->d, "個人情報：%s",
				      has(inc->facts.data_kinds) ? inc->facts.data_kinds : ""));
	if (which >= 2)
		row_value(b, t, "原因", inc->cause);
	c = row(b, t, "対応状況");
	doc_span(b->d, c, 0, engine_status_word(inc->status, LABEL_JA));
	if (has(inc->facts.workaround))
		doc_add_line(b->d, c, 0, doc_strf(b->d, "代替策：%s", inc->facts.workaround));
	if (which == 3)
		row_value(b, t, "再発防止策", inc->measures);
	c = row(b, t, which == 3 ? "お問い合わせ" : "次回のご報告");
	blank(b, c);
}

struct doc *filing_doc_build(const struct policy *p, const struct inc_full *f,
			     const struct filing_recs *recs, const char *kind, int64_t now,
			     struct mo_err *e)
{
	size_t i = draft_index(kind);
	struct fb b = {p, f, recs, NULL, now, false};

	if (i == SIZE_MAX) {
		mo_err_setc(e, MO_EINVAL, _("no draft \"%s\" (drafts: %s)"), kind ? kind : "",
			    filing_draft_names());
		return NULL;
	}
	b.d = doc_new();
	if (!b.d) {
		mo_err_oom(e, NULL);
		return NULL;
	}
	b.prompt = drafts[i].prompt;
	header(&b, drafts[i].k.title);
	drafts[i].build(&b, kind);
	if (b.d->oom) {
		doc_free(b.d);
		mo_err_oom(e, NULL);
		return NULL;
	}
	return b.d;
}
