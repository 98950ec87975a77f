/* render/: the manual and the emergency card in Markdown and HTML, and the
 * HTML writer under them (util/html.h). */
#include "testutil.h"
#include "policy/policy.h"
#include "render/doc_format.h"
#include "render/manual.h"
#include "util/html.h"

#define SEED_TEXTS "tests/fixtures/seed-002-texts.txt"

/* A small valid policy whose company name is markup. */
static const char evil_yaml[] =
	"version: 1\n"
	"organization:\n"
	"  name: \"<script>alert(1)</script>\"\n"
	"  report_url: \"javascript:alert(2)\"\n"
	"roles:\n"
	"  - {id: chief, title: 最高責任者, holder: \"<b>社長</b>\"}\n"
	"  - {id: manager, title: 対応責任者}\n"
	"people:\n"
	"  - {id: a, name: \"A & B\", roles: [chief], phone: \"090-1111-2222\", email: a@example.jp}\n"
	"levels:\n"
	"  - {level: 3, impact: [\"顧客に'影響'\"], owner: chief}\n"
	"  - {level: 2, impact: [事業に影響], owner: manager}\n"
	"  - {level: 1, impact: [業務に影響], owner: manager}\n"
	"  - {level: 0, impact: [予兆], owner: manager}\n"
	"contact_chain: {rule: \"# 見出しではない\", roles: [chief, manager]}\n"
	"categories:\n"
	"  - {id: leak, name: 漏えい・流出, description: \"[x](javascript:alert(3))|列\", min_level: "
	"2}\n"
	"playbooks:\n"
	"  - category: leak\n"
	"    level: 3\n"
	"    steps:\n"
	"      - {actor: chief, action: \"`報告`する\\\\\", due: 10m}\n";

struct rendered {
	struct policy *p;
	char *md, *html, *md_card, *html_card;
};

static char *render_one(const struct policy *p, const char *format, bool card)
{
	struct render_opts o = {.generated_on = "2026年5月1日"};
	struct buf out;
	struct mo_err e;
	char *s;

	assert_non_null(doc_format_find(format));
	buf_init(&out, 0);
	mo_err_clear(&e);
	if (manual_write(p, &o, card ? MANUAL_CARD : MANUAL_FULL, format, &out, &e)) {
		fprintf(stderr, "render %s: %s\n", format, e.msg);
		fail();
	}
	assert_false(out.failed);
	s = buf_detach(&out, NULL);
	assert_non_null(s);
	return s;
}

static struct policy *load_text(const char *text)
{
	struct mo_findings f;
	struct policy *p;

	mo_findings_init(&f, "test");
	p = text ? policy_load(text, strlen(text), "test", &f) : policy_load_default(&f);
	for (size_t i = 0; i < f.n; i++)
		if (f.v[i].severity == MO_ERROR)
			fprintf(stderr, "test:%d:%d: %s\n", f.v[i].line, f.v[i].col, f.v[i].msg);
	assert_non_null(p);
	assert_int_equal(f.errors, 0);
	mo_findings_release(&f);
	return p;
}

static void render_all(struct rendered *r, const char *text)
{
	r->p = load_text(text);
	r->md = render_one(r->p, "md", false);
	r->html = render_one(r->p, "html", false);
	r->md_card = render_one(r->p, "md", true);
	r->html_card = render_one(r->p, "html", true);
}

static void rendered_free(struct rendered *r)
{
	free(r->md);
	free(r->html);
	free(r->md_card);
	free(r->html_card);
	policy_free(r->p);
}

static void assert_contains(const char *hay, const char *needle, const char *what)
{
	if (!strstr(hay, needle)) {
		fprintf(stderr, "%s: missing \"%s\"\n", what, needle);
		fail();
	}
}

static void assert_lacks(const char *hay, const char *needle, const char *what)
{
	if (strcasestr(hay, needle)) {
		fprintf(stderr, "%s: unexpected \"%s\"\n", what, needle);
		fail();
	}
}

/* ---- util/html.h ---------------------------------------------------------- */

static void test_html_text_escapes_all_five(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	html_text(&b, "a&b<c>d\"e'f");
	assert_string_equal(buf_str(&b), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	buf_reset(&b);
	html_text(&b, "日本語\x01\x7f\tok");
	assert_string_equal(buf_str(&b), "日本語\tok");
	buf_reset(&b);
	html_text_br(&b, "一行目\n<二行目>");
	assert_string_equal(buf_str(&b), "一行目<br>\n&lt;二行目&gt;");
	buf_reset(&b);
	html_text(&b, NULL);
	assert_string_equal(buf_str(&b), "");
	buf_release(&b);
}

/* HTML_RAW(b, x) only compiles when x is a string literal: the macro
 * pastes "" around it, so HTML_RAW(b, name) with a variable is a syntax
 * error. That cannot be a runtime test; this one checks the literal path. */
static void test_html_raw_and_attributes(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	HTML_RAW(&b, "<p");
	html_attr(&b, "title", "\"><script>x</script>");
	HTML_RAW(&b, ">");
	assert_string_equal(buf_str(&b), "<p title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">");
	buf_release(&b);
}

static void test_html_url_schemes(void **state)
{
	static const char *const good[] = {
		"https://www.ipa.go.jp/security/", "http://example.jp", "HTTPS://EXAMPLE.JP",
		"mailto:virus@ipa.go.jp",	   "tel:03-5978-7518",
	};
	static const char *const bad[] = {
		"javascript:alert(1)",
		" javascript:alert(1)",
		"JavaScript:alert(1)",
		"data:text/html,<script>",
		"vbscript:x",
		"https://",
		"//evil.example",
		"https://a b",
		"https://a\nb",
		"file:///etc/passwd",
		"",
		"#top",
	};
	struct buf b;

	(void)state;
	for (size_t i = 0; i < MO_ARRAY_SIZE(good); i++)
		assert_true(html_url_ok(good[i]));
	for (size_t i = 0; i < MO_ARRAY_SIZE(bad); i++)
		assert_false(html_url_ok(bad[i]));
	assert_false(html_url_ok(NULL));
	buf_init(&b, 0);
	assert_false(html_url_attr(&b, "href", "javascript:alert(1)"));
	assert_string_equal(buf_str(&b), "");
	assert_true(html_url_attr(&b, "href", "https://x.example/?a=1&b=\"2\""));
	assert_string_equal(buf_str(&b), " href=\"https://x.example/?a=1&amp;b=&quot;2&quot;\"");
	buf_release(&b);
}

static void test_html_failure_is_sticky(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 16);
	HTML_RAW(&b, "<p>");
	html_text(&b, "長いテキストはバッファに入らない");
	assert_true(b.failed);
	HTML_RAW(&b, "</p>");
	assert_string_equal(buf_str(&b), "");
	buf_release(&b);
}

/* ---- The manual ------------------------------------------------------------ */

/* Every sentence of the IPA template (002) is in both formats, unchanged. */
static void test_seed_texts_verbatim(void **state)
{
	struct rendered r;
	char *texts = test_read(SEED_TEXTS);
	size_t n = 0;

	(void)state;
	render_all(&r, NULL);
	for (char *line = texts, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!*line)
			continue;
		/* None of them needs escaping, so plain search works in HTML. */
		assert_null(strpbrk(line, "<>&\"'"));
		assert_contains(r.md, line, "markdown");
		assert_contains(r.html, line, "html");
		n++;
	}
	assert_true(n > 50);
	free(texts);
	rendered_free(&r);
}

/* Each step's action is printed whole, in every playbook of the default. */
static void test_every_step_verbatim(void **state)
{
	struct rendered r;

	(void)state;
	render_all(&r, NULL);
	for (size_t i = 0; i < r.p->n_playbooks; i++) {
		const struct mo_playbook *pb = &r.p->playbooks[i];

		for (size_t k = 0; k < pb->n_steps; k++) {
			assert_contains(r.md, pb->steps[k].action, "markdown step");
			assert_contains(r.html, pb->steps[k].action, "html step");
		}
		if (pb->note) {
			assert_contains(r.md, pb->note, "markdown note");
			assert_contains(r.html, pb->note, "html note");
		}
	}
	/* Steps are numbered with circled digits, as in the template. */
	assert_contains(r.md, "①【発生の報告】発見者は即座に", "markdown numbering");
	assert_contains(r.html, "⑧", "html numbering");
	rendered_free(&r);
}

static void assert_in_order(const char *doc, const char *const *texts, size_t n, const char *what)
{
	const char *at = doc;

	for (size_t i = 0; i < n; i++) {
		const char *found = strstr(at, texts[i]);

		if (!found) {
			fprintf(stderr, "%s: \"%s\" missing or out of order\n", what, texts[i]);
			fail();
		}
		at = found + strlen(texts[i]);
	}
}

static void test_sections_in_order(void **state)
{
	static const char *const md[] = {
		"# 情報セキュリティインシデント対応マニュアル",
		"## 目次",
		"## 1. 対応体制",
		"## 2. 情報セキュリティインシデントの影響範囲と対応者",
		"## 3. インシデントの連絡及び報告",
		"## 4. 対応手順",
		"### 4.1 漏えい・流出発生時の対応",
		"### 4.2 改ざん・消失・破壊・サービス停止発生時の対応",
		"ウイルス感染時の初期対応",
		"届出及び相談",
		"事業継続管理",
		"インシデントの種類別の対応",
		"各段階での判断事項",
		"インシデント対応時に整理しておくべき事項",
		"インシデント発生前の準備",
		"対応事例",
		"平常時の予防・検知",
		"緊急事態発生時の行動指針",
		"大規模災害発生時の対応",
		"参考資料",
		"## 緊急連絡カード",
	};
	static const char *const html[] = {
		"<h1><span class=\"nb\">情報セキュリティインシデント</span>"
		"<span class=\"nb\">対応マニュアル</span></h1>",
		"<nav class=\"toc\"",
		"<h2 id=\"ch1\"><span class=\"num\">1.</span>対応体制</h2>",
		"<h2 id=\"ch2\">",
		"<h2 id=\"ch3\">",
		"<h2 id=\"ch4\"><span class=\"num\">4.</span>対応手順</h2>",
		"<h3 id=\"ch4-1\">",
		">ウイルス感染時の初期対応</h2>",
		">届出及び相談</h2>",
		"事業継続管理</h2>",
		">インシデントの種類別の対応</h2>",
		">各段階での判断事項</h2>",
		">インシデント対応時に整理しておくべき事項</h2>",
		">インシデント発生前の準備</h2>",
		">対応事例</h2>",
		">平常時の予防・検知</h2>",
		">緊急事態発生時の行動指針</h2>",
		">大規模災害発生時の対応</h2>",
		">参考資料</h2>",
		"<section class=\"card\">",
		">緊急連絡カード</h2>",
	};
	struct rendered r;

	(void)state;
	render_all(&r, NULL);
	assert_in_order(r.md, md, MO_ARRAY_SIZE(md), "markdown");
	assert_in_order(r.html, html, MO_ARRAY_SIZE(html), "html");
	/* The contents link to the chapters. */
	assert_contains(r.html, "<a href=\"#ch1\">", "html contents");
	assert_contains(r.html, "<a href=\"#card\">", "html contents");
	rendered_free(&r);
}

static void test_cover(void **state)
{
	struct rendered r;
	struct mo_date next;
	char want[64];

	(void)state;
	render_all(&r, NULL);
	assert_true(r.p->org.has_last_reviewed);
	date_format(r.p->org.last_reviewed, true, want, sizeof(want));
	assert_contains(r.md, want, "markdown last review");
	next = date_add_months(r.p->org.last_reviewed, r.p->org.review_interval_months);
	date_format(next, true, want, sizeof(want));
	assert_contains(r.md, want, "markdown next review");
	assert_contains(r.html, want, "html next review");
	assert_contains(r.md, "次回見直し予定", "markdown cover");
	assert_contains(r.html, r.p->org.revision, "html revision");
	assert_contains(r.html, "2026年5月1日", "generated_on");
	rendered_free(&r);
}

static void test_html_is_self_contained(void **state)
{
	static const char *const external[] = {
		"<script", "<link", "src=",	   "@import",	"url(",	    "<iframe",
		"<object", "<img",  "javascript:", " onclick=", " onload=", " onerror=",
	};
	static const char head[] = "<!DOCTYPE html>\n<html lang=\"ja\">\n";
	struct rendered r;

	(void)state;
	render_all(&r, NULL);
	assert_int_equal(strncmp(r.html, head, strlen(head)), 0);
	assert_int_equal(strncmp(r.html_card, head, strlen(head)), 0);
	for (size_t i = 0; i < MO_ARRAY_SIZE(external); i++) {
		assert_lacks(r.html, external[i], "html manual");
		assert_lacks(r.html_card, external[i], "html card");
	}
	assert_contains(r.html, "<meta charset=\"utf-8\">", "charset");
	assert_contains(r.html, "Content-Security-Policy", "csp");
	/* Print: A4 pages, rows kept whole, headers repeated, chapters on new pages. */
	assert_contains(r.html, "@page{size:A4;", "a4");
	assert_contains(r.html, "tr,li,.card{break-inside:avoid;}", "rows not split");
	assert_contains(r.html, "thead{display:table-header-group;}", "headers repeat");
	assert_contains(r.html, "<thead>", "thead");
	assert_contains(r.html, "<div class=\"page-break\"></div>\n<h2 id=\"ch1\"", "page break");
	assert_contains(r.html, "Noto Sans CJK JP", "font");
	assert_contains(r.html, "@media (max-width:", "phone css");
	rendered_free(&r);
}

static void test_placeholders_marked(void **state)
{
	struct rendered r;

	(void)state;
	render_all(&r, NULL);
	/* The whole value is wrapped, not only the 〇〇. */
	assert_contains(r.html,
			"<mark class=\"placeholder\" title=\"記入が必要です\">"
			"<strong>株式会社〇〇</strong></mark>",
			"org name");
	assert_contains(r.html, ">090-****-****</mark>", "phone");
	/* A placeholder is never a link. */
	assert_null(strstr(r.html, "href=\"tel:090-****"));
	/* Real numbers are. */
	assert_contains(r.html, "href=\"tel:03-5978-7509\"", "tel link");
	rendered_free(&r);
}

/* The do (or dont) entry the most signs share. */
static const char *most_common(const struct policy *p, bool dont)
{
	const char *best = NULL;
	size_t best_n = 0;

	for (size_t i = 0; i < p->n_signs; i++) {
		const struct strv *sv = dont ? &p->signs[i].dont : &p->signs[i].do_now;

		for (size_t k = 0; k < sv->n; k++) {
			size_t n = 0;

			for (size_t j = 0; j < p->n_signs; j++) {
				const struct strv *o =
					dont ? &p->signs[j].dont : &p->signs[j].do_now;

				for (size_t m = 0; m < o->n; m++)
					n += strcmp(o->v[m], sv->v[k]) == 0;
			}
			if (n > best_n) {
				best = sv->v[k];
				best_n = n;
			}
		}
	}
	assert_non_null(best);
	return best;
}

static void test_card(void **state)
{
	struct rendered r;
	const char *docs[4];

	(void)state;
	render_all(&r, NULL);
	docs[0] = r.md_card;
	docs[1] = r.html_card;
	docs[2] = strstr(r.md, "## 緊急連絡カード");
	docs[3] = strstr(r.html, "<section class=\"card\">");
	for (size_t i = 0; i < MO_ARRAY_SIZE(docs); i++) {
		const char *d = docs[i];

		assert_non_null(d);
		assert_contains(d, "緊急連絡カード", "card title");
		assert_contains(d, r.p->org.name, "card company");
		assert_contains(d, "090-****-****", "card phone");
		for (size_t k = 0; k < r.p->chain.roles.n; k++)
			assert_contains(d, policy_role_title(r.p, r.p->chain.roles.v[k]),
					"card chain role");
		/* The first things to do come from the policy's card:, not from our
		 * code; the first is the call to the 情報システム管理者. */
		assert_contains(d, "まず行うこと", "card first steps");
		assert_true(r.p->card.first.n >= 2);
		for (size_t k = 0; k < r.p->card.first.n; k++)
			assert_contains(d, r.p->card.first.v[k], "card first step");
		assert_non_null(strstr(r.p->card.first.v[0], "情報システム管理者に電話"));
		assert_contains(d, "してはいけないこと", "card don'ts");
		for (size_t k = 0; k < r.p->card.dont.n; k++)
			assert_contains(d, r.p->card.dont.v[k], "card don't");
		/* The call order of 002 §3 for the discoverer: 情報システム管理者 →
		 * インシデント対応責任者 → 代表取締役. */
		{
			const char *c = strstr(d, "連絡先（上から順に");
			const char *a1, *a2, *a3;

			assert_non_null(c);
			a1 = strstr(c, "情報システム管理者");
			a2 = strstr(c, "インシデント対応責任者");
			a3 = strstr(c, "代表取締役");
			assert_true(a1 && a2 && a3 && a1 < a2 && a2 < a3);
		}
		/* No authority numbers on the employee's card. */
		for (size_t k = 0; k < r.p->n_authorities; k++) {
			if (r.p->authorities[k].tel)
				assert_lacks(d, r.p->authorities[k].tel, "card authority phone");
			if (r.p->authorities[k].fax)
				assert_lacks(d, r.p->authorities[k].fax, "card authority fax");
		}
		assert_lacks(d, "個人情報保護委員会", "card PPC");
	}
	/* IPA's 03-5978-7518 is a FAX (002 prints it as TEL once): the
	 * responders' pages print it as FAX, never as a phone to call. */
	assert_contains(r.md, "FAX：03-5978-7518", "IPA's FAX");
	assert_lacks(r.md, "TEL：03-5978-7518", "IPA's FAX as a phone");
	assert_lacks(r.html, "tel:03-5978-7518", "IPA's FAX as a tel: link");
	/* IPA's current desk for companies comes before the old ones. */
	assert_true(strstr(r.md, "cs-support@ipa.go.jp") &&
		    strstr(r.md, "cs-support@ipa.go.jp") < strstr(r.md, "virus@ipa.go.jp"));
	/* The police: the National Police Agency's list of prefectural desks. */
	assert_contains(r.md, "https://www.npa.go.jp/bureau/cyber/soudan.html", "police list");
	/* Outdated names shown with their current ones. */
	assert_contains(r.md, "情報処理振興事業協会（現在の 独立行政法人情報処理推進機構（IPA））",
			"IPA's old name");
	assert_contains(r.md, "コンピュータ緊急対応センター（現在の JPCERT",
			"JPCERT/CC's old name");
	/* The card alone has no chapter. */
	assert_null(strstr(r.md_card, "対応手順"));
	assert_null(strstr(r.html_card, "目次"));
	rendered_free(&r);
}

/* Markup in the policy is text: escaped in HTML, inert in Markdown. */
static void test_markup_in_policy_is_escaped(void **state)
{
	struct rendered r;

	(void)state;
	render_all(&r, evil_yaml);
	assert_contains(r.html, "&lt;script&gt;alert(1)&lt;/script&gt;", "html org name");
	assert_contains(r.html, "&lt;b&gt;社長&lt;/b&gt;", "html holder");
	assert_contains(r.html, "A &amp; B", "html ampersand");
	assert_contains(r.html, "&#39;影響&#39;", "html quote");
	assert_lacks(r.html, "<script", "html");
	assert_lacks(r.html_card, "<script", "html card");
	assert_lacks(r.html, "<b>", "html");
	/* A report_url with another scheme is shown, never linked. */
	assert_lacks(r.html_card, "href=\"javascript", "html card");
	assert_lacks(r.html, "href=\"javascript", "html");
	/* Markdown: no raw HTML, no link syntax, no heading from a step, no
	 * broken table from a | in a cell. */
	assert_lacks(r.md, "<script", "markdown");
	assert_contains(r.md, "&lt;script>alert(1)&lt;/script>", "markdown org name");
	assert_contains(r.md, "\\[x](javascript:alert(3))\\|列", "markdown link in a cell");
	assert_contains(r.md, "\n\\# 見出しではない\n", "markdown paragraph");
	assert_contains(r.md, "\\`報告\\`する\\\\", "markdown code and backslash");
	assert_contains(r.md, "A &amp; B", "markdown ampersand");
	/* Optional chapters without data are left out. */
	assert_null(strstr(r.md, "参考資料"));
	assert_null(strstr(r.html, "大規模災害"));
	rendered_free(&r);
}

static void test_minimal_fixture(void **state)
{
	struct rendered r;
	char *text = test_read("tests/fixtures/minimal.yaml");

	(void)state;
	render_all(&r, text);
	assert_contains(r.md, "## 4. 対応手順", "markdown");
	assert_contains(r.md, "山田太郎", "markdown person");
	assert_contains(r.html, "href=\"tel:090-1234-5678\"", "tel link");
	assert_contains(r.html, "href=\"mailto:yamada@example.co.jp\"", "mailto link");
	assert_null(strstr(r.html, "<mark"));
	free(text);
	rendered_free(&r);
}

/* The corrections of issue 11 in the rendered manual: 002's title, the
 * split step, cross-references to this manual's chapters, no typo of the
 * seeds, the glossary and the 出典 chapter. */
static void test_corrections(void **state)
{
	static const char *const gone[] = {
		"情報システム管理者は原因対策を実施する。代表取締役は",
		"P2「",
		"P7「",
		"後記の第５項",
		"第４項（3）②",
		"第３項に示す",
		"下記URを",
		"インデント対応",
		"報告しなれば",
		"待ちだされた",
		"ノーマアランサム",
		"ソフトウェアヘ",
		"TEL：03-5978-7518",
		/* one vocabulary for roles: 001's words only in the glossary */
		"情報セキュリティ責任者に報告します",
		"経営者に報告",
		"経営者は",
	};
	struct rendered r;

	(void)state;
	render_all(&r, NULL);
	assert_contains(r.md, "情報セキュリティインシデント対応ならびに事業継続管理",
			"002's title");
	assert_contains(r.md, "情報資産及び保有する個人データに関わるインシデント",
			"002's subtitle");
	/* 4.2 level 3 ⑦ is two steps: the sysadmin's 原因対策, the president's 公表. */
	assert_contains(r.md,
			"⑦【原因対策の実施】情報システム管理者は原因対策を実施する。<br>"
			"⑧【対応結果および対策を公表】代表取締役は社内及び影響範囲",
			"the split step");
	for (size_t i = 0; i < MO_ARRAY_SIZE(gone); i++) {
		assert_lacks(r.md, gone[i], "corrected text");
		assert_lacks(r.html, gone[i], "corrected text (html)");
	}
	assert_contains(r.md, "本マニュアルの「大規模災害発生時の対応」による", "cross-reference");
	assert_contains(r.md, "## 17. 用語", "glossary chapter");
	assert_contains(r.md, "情報セキュリティ委員会（004）", "glossary term");
	assert_contains(r.md, "## 18. 出典", "sources chapter");
	assert_contains(r.md, "中小企業のためのセキュリティインシデント対応の手引き", "source 001");
	/* 003's cases read as instructions. */
	assert_contains(r.md, "文書にて上司に報告する", "case as an instruction");
	assert_lacks(r.md, "文書にて上司に報告した", "case in the past tense");
	rendered_free(&r);
}

/* A policy without card: still gets one: the actions its signs share. */
static void test_card_from_signs(void **state)
{
	struct rendered r;
	char *text = test_read("tests/fixtures/minimal.yaml"), *with;

	(void)state;
	with = test_replace(
		text, "playbooks:",
		"signs:\n"
		"  - {id: a, label: 紛失, category: leak, do: [上司に電話する, 記録する], dont: [消さない]}\n"
		"  - {id: b, label: 誤送信, category: leak, do: [上司に電話する], dont: [消さない]}\n"
		"playbooks:");
	render_all(&r, with);
	assert_int_equal(r.p->card.first.n, 0);
	assert_contains(r.md_card, most_common(r.p, false), "card first step from the signs");
	assert_contains(r.md_card, most_common(r.p, true), "card don't from the signs");
	free(with);
	free(text);
	rendered_free(&r);
}

/* A buffer too small fails cleanly: -1, the error set, nothing half-built. */
static void test_output_limit(void **state)
{
	static const char *const formats[] = {"md", "html"};
	struct policy *p;

	(void)state;
	p = load_text(NULL);
	for (size_t i = 0; i < MO_ARRAY_SIZE(formats); i++) {
		for (size_t max = 1; max < 60000; max *= 7) {
			struct render_opts o = {NULL};
			struct buf out;
			struct mo_err e;

			buf_init(&out, max);
			mo_err_clear(&e);
			assert_int_equal(manual_write(p, &o, MANUAL_FULL, formats[i], &out, &e),
					 -1);
			assert_true(out.failed);
			assert_int_not_equal(e.code, 0);
			assert_string_equal(buf_str(&out), "");
			buf_release(&out);
		}
	}
	policy_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_text_escapes_all_five),
		cmocka_unit_test(test_html_raw_and_attributes),
		cmocka_unit_test(test_html_url_schemes),
		cmocka_unit_test(test_html_failure_is_sticky),
		cmocka_unit_test(test_seed_texts_verbatim),
		cmocka_unit_test(test_every_step_verbatim),
		cmocka_unit_test(test_sections_in_order),
		cmocka_unit_test(test_cover),
		cmocka_unit_test(test_html_is_self_contained),
		cmocka_unit_test(test_placeholders_marked),
		cmocka_unit_test(test_card),
		cmocka_unit_test(test_markup_in_policy_is_escaped),
		cmocka_unit_test(test_minimal_fixture),
		cmocka_unit_test(test_card_from_signs),
		cmocka_unit_test(test_corrections),
		cmocka_unit_test(test_output_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
