/* /incidents/ID/filings: the filings of an incident (required by law or
 * advised) with the rule in words, the desk's URL and phone, the deadline
 * and the state; the drafts to download (md, html, pdf); and the forms to
 * record one as filed (the file actually sent, uploaded, or else the draft
 * as it reads then, is kept immutable with its SHA-256), as replaced by
 * 代替措置 (公表 and an inquiry desk, for a notice that is impossible) or as
 * not needed (with the reason). */
#include "engine/labels.h"
#include "util/fs.h"
#include "render/doc_format.h"
#include "render/filing_doc.h"
#include "store/filings.h"
#include "web/webInt.h"

static const char *const extra_drafts[] = {"public_notice", "update_first", "update_second",
					   "update_final"};

void page_filing_due(struct web_req *r, struct buf *b, int64_t due, const char *kind, int64_t now)
{
	const struct mo_filing *f = kind ? policy_filing(r->p, kind) : NULL;
	bool late = due < now;

	if (due == MO_TIME_NONE)
		return;
	if (late)
		HTML_RAW(b, "<span class=\"overdue filing-due\">届出期限: ");
	else
		HTML_RAW(b, "<span class=\"filing-due\">届出期限: ");
	page_time(r, b, due);
	if (f && f->title) {
		HTML_RAW(b, "（");
		html_text(b, f->title);
		HTML_RAW(b, "）");
	}
	if (late)
		HTML_RAW(b, " <strong>期限超過</strong>");
	HTML_RAW(b, "</span>");
}

void page_filing_next(struct web_req *r, struct buf *b, struct store *st, const struct inc *inc,
		      int64_t now)
{
	const struct mo_filing *which = NULL;
	struct filing_recs recs;
	struct mo_err e;
	int64_t due;

	mo_err_clear(&e);
	if (store_filings_get(st, inc->id, false, &recs, &e))
		return;
	due = engine_filing_next_due(r->p, inc, &recs, &which);
	filing_recs_release(&recs);
	if (due == MO_TIME_NONE || !which)
		return;
	HTML_RAW(b, "<p class=\"filing-next\">");
	page_filing_due(r, b, due, which->id, now);
	HTML_RAW(b, " <a");
	page_href(b, "/incidents/%lld/filings", (long long)inc->id);
	HTML_RAW(b, ">届け出・通知へ</a></p>\n");
}

static void draft_links(struct buf *b, int64_t id, const char *kind)
{
	static const char *const formats[] = {"md", "html", "pdf"};

	HTML_RAW(b, "<span class=\"drafts\">下書き：");
	for (size_t i = 0; i < MO_ARRAY_SIZE(formats); i++) {
		HTML_RAW(b, " <a");
		page_href(b, "/incidents/%lld/filings/%s?format=%s", (long long)id, kind,
			  formats[i]);
		HTML_RAW(b, ">");
		html_text(b, formats[i]);
		HTML_RAW(b, "</a>");
	}
	HTML_RAW(b, "</span>");
}

static void desk(struct buf *b, const struct mo_authority *a)
{
	if (!a)
		return;
	HTML_RAW(b, "<br><small>");
	html_text(b, a->organization);
	if (a->name) {
		HTML_RAW(b, " ");
		html_text(b, a->name);
	}
	/* The link says what it is: a long URL would widen a phone's page. */
	if (a->url) {
		HTML_RAW(b, " <a");
		if (html_url_attr(b, "href", a->url))
			HTML_RAW(b, ">窓口のWebサイト</a>");
		else
			HTML_RAW(b, ">窓口のWebサイト（URLが正しくありません）</a>");
	}
	if (a->tel) {
		char tel[128];

		snprintf(tel, sizeof(tel), "tel:%s", a->tel);
		HTML_RAW(b, " 電話 <a");
		(void)html_url_attr(b, "href", tel);
		HTML_RAW(b, ">");
		html_text(b, a->tel);
		HTML_RAW(b, "</a>");
	}
	HTML_RAW(b, "</small>");
}

static void forms(struct web_req *r, struct buf *b, int64_t id, const struct mo_filing *f)
{
	const char *kind = f->id;

	HTML_RAW(b, "<details><summary>提出済みにする</summary><form method=\"post\" "
		    "enctype=\"multipart/form-data\"");
	page_action(b, "/incidents/%lld/filings/%s/done", (long long)id, kind);
	HTML_RAW(b, ">");
	page_csrf(r, b);
	HTML_RAW(b, "<label>提出日 <input type=\"date\" name=\"date\" required></label> "
		    "<label>受付番号 <input name=\"ref\" maxlength=\"200\"></label> "
		    "<label>提出した文書（ファイル。選ばなければこの時点の下書きを保存） "
		    "<input type=\"file\" name=\"file\"></label> "
		    "<button>提出済みとして記録</button></form></details>");
	if (f->substitute) {
		HTML_RAW(b, "<details><summary>代替措置（公表・問合せ窓口）を記録する</summary>"
			    "<p class=\"muted\">本人への通知が困難な場合（連絡先が分からない等）"
			    "に、事案の公表と問合せ窓口の設置で代えたことを記録します。</p>"
			    "<form method=\"post\" enctype=\"multipart/form-data\"");
		page_action(b, "/incidents/%lld/filings/%s/substitute", (long long)id, kind);
		HTML_RAW(b, ">");
		page_csrf(r, b);
		HTML_RAW(b,
			 "<label>公表日 <input type=\"date\" name=\"date\" required></label> "
			 "<label>公表した場所（URL など、必須） <input name=\"published\" "
			 "maxlength=\"1000\" required></label> "
			 "<label>問合せ窓口（電話・メール・受付時間、必須） <input name=\"desk\" "
			 "maxlength=\"1000\" required></label> "
			 "<label>通知できない理由（必須） <textarea name=\"reason\" "
			 "required></textarea></label> "
			 "<label>公表した文書（ファイル。選ばなければ公表文の下書きを保存） "
			 "<input type=\"file\" name=\"file\"></label> "
			 "<button>代替措置として記録</button></form></details>");
	}
	HTML_RAW(b, "<details><summary>不要と判断する</summary><form method=\"post\"");
	page_action(b, "/incidents/%lld/filings/%s/waive", (long long)id, kind);
	HTML_RAW(b, ">");
	page_csrf(r, b);
	HTML_RAW(b, "<label>理由（必須） <textarea name=\"reason\" required></textarea></label> "
		    "<button>不要と判断したことを記録</button></form></details>");
}

static void one(struct web_req *r, struct buf *b, const struct inc *inc,
		const struct filing_due *fd, const struct filing_rec *rec)
{
	struct buf w;

	HTML_RAW(b, "<li class=\"filing\"><strong>");
	html_text(b, fd->filing->title);
	HTML_RAW(b, "</strong> <span class=\"need\">【");
	html_text(b, engine_filing_need_word(fd->filing, LABEL_JA));
	HTML_RAW(b, "】</span> ");
	html_text(b, engine_filing_state_word(rec ? rec->state : FILING_DUE, LABEL_JA));
	if (rec && rec->state == FILING_DONE) {
		HTML_RAW(b, "（");
		page_time(r, b, rec->at);
		if (rec->ref) {
			HTML_RAW(b, " 受付番号 ");
			html_text(b, rec->ref);
		}
		HTML_RAW(b, "）");
	} else if (rec && rec->state == FILING_WAIVED) {
		HTML_RAW(b, "（理由：");
		html_text(b, rec->reason);
		HTML_RAW(b, "）");
	} else if (rec && rec->state == FILING_SUBSTITUTED) {
		HTML_RAW(b, "（公表日 ");
		page_time(r, b, rec->at);
		HTML_RAW(b, "、公表 ");
		html_text(b, rec->published);
		HTML_RAW(b, "、問合せ窓口 ");
		html_text(b, rec->desk);
		HTML_RAW(b, "、通知できない理由 ");
		html_text(b, rec->reason);
		HTML_RAW(b, "）");
	}
	if (rec && rec->sha256[0]) {
		HTML_RAW(b, "<br><small class=\"hash\">保存した文書 ");
		html_text(b, rec->draft_name ? rec->draft_name : "");
		HTML_RAW(b, " SHA-256: ");
		html_text(b, rec->sha256);
		HTML_RAW(b, "</small>");
	}
	HTML_RAW(b, "<br>期限 ");
	if (fd->due_at != MO_TIME_NONE) {
		page_time(r, b, fd->due_at);
		if (fd->remind_at != MO_TIME_NONE) {
			HTML_RAW(b, "（");
			page_time(r, b, fd->remind_at);
			HTML_RAW(b, " から）");
		}
	} else {
		HTML_RAW(b, "速やかに");
	}
	desk(b, fd->authority);
	buf_init(&w, 16384);
	if (engine_filing_rule(r->p, inc, fd, &w) == 0) {
		HTML_RAW(b, "<br><small class=\"rule\">");
		html_text(b, buf_str(&w));
		HTML_RAW(b, "</small>");
	}
	buf_release(&w);
	HTML_RAW(b, "<br>");
	if (filing_draft_find(fd->filing->id))
		draft_links(b, inc->id, fd->filing->id);
	if (r->who.role >= ROLE_MANAGER &&
	    !(rec && (rec->state == FILING_DONE || rec->state == FILING_SUBSTITUTED)))
		forms(r, b, inc->id, fd->filing);
	HTML_RAW(b, "</li>\n");
}

static int render(struct web_req *r, unsigned status, const char *error)
{
	struct filing_due due[64];
	struct filing_recs recs;
	struct inc_full f;
	struct store *st;
	struct mo_err e;
	struct buf b;
	char title[64];
	size_t n;
	int rc;

	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st)
		return web_reply_fail(r, &e);
	rc = engine_load(st, r->id, &f, &e);
	if (rc < 0)
		return web_reply_fail(r, &e);
	if (rc > 0)
		return web_reply_error(r, 404, "not_found", "そのインシデントはありません");
	if (store_filings_get(st, r->id, false, &recs, &e)) {
		inc_full_release(&f);
		return web_reply_fail(r, &e);
	}
	engine_ref(r->id, title, sizeof(title));
	buf_init(&b, 0);
	page_start(r, &b, "届け出・通知");
	if (error)
		page_error(&b, error);
	page_flash(r, &b);
	HTML_RAW(&b, "<h1>届け出・通知 <a");
	page_href(&b, "/incidents/%lld", (long long)r->id);
	HTML_RAW(&b, ">");
	html_text(&b, title);
	HTML_RAW(&b, "</a></h1>\n<p>");
	html_text(&b, f.inc.title);
	HTML_RAW(&b, "</p>\n");
	n = engine_filings(r->p, &f.inc, due, MO_ARRAY_SIZE(due));
	HTML_RAW(&b, "<h2>法律で必要なもの</h2>\n<ul>");
	for (size_t i = 0; i < n; i++)
		if (due[i].filing->legal)
			one(r, &b, &f.inc, &due[i], filing_recs_find(&recs, due[i].filing->id));
	HTML_RAW(&b, "</ul>\n<h2>推奨・検討するもの（任意）</h2>\n<ul>");
	for (size_t i = 0; i < n; i++)
		if (!due[i].filing->legal)
			one(r, &b, &f.inc, &due[i], filing_recs_find(&recs, due[i].filing->id));
	HTML_RAW(&b, "</ul>\n");
	if (!n)
		HTML_RAW(
			&b,
			"<p>記録された事実では、届け出・通知の対象はありません。事実（件数、要配慮、"
			"カード情報、暗号化、悪意）を記録すると判断が変わります。</p>\n");
	HTML_RAW(&b, "<h2>公表文・お客様への報告</h2>\n<ul>");
	for (size_t i = 0; i < MO_ARRAY_SIZE(extra_drafts); i++) {
		HTML_RAW(&b, "<li>");
		html_text(&b, filing_draft_find(extra_drafts[i])->title);
		HTML_RAW(&b, " ");
		draft_links(&b, r->id, extra_drafts[i]);
		HTML_RAW(&b, "</li>");
	}
	HTML_RAW(&b, "</ul>\n");
	page_end(r, &b);
	filing_recs_release(&recs);
	inc_full_release(&f);
	return web_reply_page(r, status, &b);
}

int page_filings(struct web_req *r)
{
	if (web_incident_visible(r, r->id))
		return 0;
	return render(r, 200, NULL);
}

int page_filing_draft(struct web_req *r)
{
	static const struct {
		const char *format, *type, *ext;
	} types[] = {
		{"md", "text/markdown; charset=utf-8", "md"},
		{"html", "text/html; charset=utf-8", "html"},
		{"pdf", "application/pdf", "pdf"},
	};
	const char *format = web_query(r, "format");
	struct filing_recs recs;
	struct inc_full f;
	struct store *st;
	struct mo_err e;
	struct doc *d;
	struct buf b;
	char name[sizeof(r->token) + 48], ref[32];
	size_t i;
	int rc;

	if (web_incident_visible(r, r->id))
		return 0;
	for (i = 0; format && i < MO_ARRAY_SIZE(types); i++)
		if (strcmp(types[i].format, format) == 0)
			break;
	if (!format || i == MO_ARRAY_SIZE(types) || !filing_draft_find(r->token))
		return web_reply_error(r, 404, "not_found", "その下書きはありません");
	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	rc = st ? engine_load(st, r->id, &f, &e) : -1;
	if (rc)
		return rc < 0 ? web_reply_fail(r, &e)
			      : web_reply_error(r, 404, "not_found",
						"そのインシデントはありません");
	if (store_filings_get(st, r->id, false, &recs, &e)) {
		inc_full_release(&f);
		return web_reply_fail(r, &e);
	}
	d = filing_doc_build(r->p, &f, &recs, r->token, time_now(), &e);
	buf_init(&b, 0);
	rc = d ? doc_write(d, types[i].format, &b, &e) : -1;
	doc_free(d);
	filing_recs_release(&recs);
	inc_full_release(&f);
	if (rc || b.failed) {
		buf_release(&b);
		return web_reply_error(r, 500, "internal", e.msg[0] ? e.msg : "out of memory");
	}
	engine_ref(r->id, ref, sizeof(ref));
	snprintf(name, sizeof(name), "%s-%s.%s", ref, r->token, types[i].ext);
	rc = web_reply(r, 200, REPLY_DOWNLOAD, types[i].type, buf_str(&b), b.len, NULL, name);
	buf_release(&b);
	return rc;
}

struct filing_job {
	int64_t id;
	char kind[sizeof(((struct web_req *)0)->token)];
	bool done, substitute;
	int64_t date;
	char *ref, *reason, *draft, *published, *desk;
	size_t len;
	char name[256]; /* the uploaded file's (safe) name, or KIND.md */
};

static void job_free(void *arg)
{
	struct filing_job *j = arg;

	if (!j)
		return;
	free(j->ref);
	free(j->reason);
	free(j->draft);
	free(j->published);
	free(j->desk);
	free(j);
}

static int job_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct filing_job *j = arg;

	if (j->substitute) {
		struct filing_substitute sub = {j->published, j->desk, j->reason};

		return engine_filing_substitute(en, j->id, j->kind, j->date, &sub, j->draft, j->len,
						j->draft ? j->name : NULL, e);
	}
	if (j->done)
		return engine_filing_done(en, j->id, j->kind, j->date, j->ref, j->draft, j->len,
					  j->draft ? j->name : NULL, e);
	return engine_filing_waive(en, j->id, j->kind, j->reason, e);
}

static int job_done(struct web_req *r, int rc, const struct mo_err *e)
{
	if (rc && mo_code_internal(e->code))
		return web_reply_err(r, e);
	if (rc)
		return render(r, mo_code_http(e->code), e->msg);
	return web_redirectf(r, "/incidents/%lld/filings?msg=saved", (long long)r->id);
}

static struct filing_job *job_start(struct web_req *r)
{
	struct filing_job *j;

	if (web_incident_visible(r, r->id))
		return NULL;
	for (size_t i = 0; i < r->form.n; i++)
		if (!web_text_ok(r->form.v[i].value, true)) {
			render(r, 422, "使えない文字が含まれています。");
			return NULL;
		}
	if (!policy_filing(r->p, r->token)) {
		web_reply_error(r, 404, "not_found", "その届出はありません");
		return NULL;
	}
	j = calloc(1, sizeof(*j));
	if (!j) {
		web_reply_error(r, 500, "internal", "out of memory");
		return NULL;
	}
	j->id = r->id;
	snprintf(j->kind, sizeof(j->kind), "%s", r->token);
	return j;
}

static int submit(struct web_req *r, struct filing_job *j)
{
	if (web_submit(r, job_write, j, job_free, job_done))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}

/* The draft of kind as it reads now (Markdown), kept as what was filed. */
static int current_draft(struct web_req *r, struct filing_job *j, const char *kind,
			 struct mo_err *e)
{
	struct filing_recs recs;
	struct inc_full f;
	struct store *st = web_reader(r->srv, e);
	struct doc *d;
	struct buf b;
	int rc;

	if (!st || engine_load(st, j->id, &f, e))
		return -1;
	if (store_filings_get(st, j->id, false, &recs, e)) {
		inc_full_release(&f);
		return -1;
	}
	d = filing_doc_build(r->p, &f, &recs, kind, time_now(), e);
	buf_init(&b, (size_t)64 << 20);
	rc = d ? doc_write(d, "md", &b, e) : -1;
	doc_free(d);
	filing_recs_release(&recs);
	inc_full_release(&f);
	if (rc || b.failed) {
		buf_release(&b);
		return -1;
	}
	j->draft = buf_detach(&b, &j->len);
	snprintf(j->name, sizeof(j->name), "%s.md", kind);
	return 0;
}

/* The document kept: the file uploaded (the one actually sent), else the
 * draft of kind as it reads now. */
static int kept_document(struct web_req *r, struct filing_job *j, const char *kind,
			 struct mo_err *e)
{
	if (r->up.path[0]) {
		if (fs_read_file(r->up.path, WEB_UPLOAD_MAX, &j->draft, &j->len, e))
			return -1;
		snprintf(j->name, sizeof(j->name), "%s", r->up.name[0] ? r->up.name : "file");
		return 0;
	}
	return filing_draft_find(kind) ? current_draft(r, j, kind, e) : 0;
}

/* The day of form field "date" (YYYY-MM-DD) into j->date; else replies
 * 422 with what is wrong and frees j. */
static int form_date(struct web_req *r, struct filing_job *j, const char *missing)
{
	const char *date = web_form(r, "date");
	char with_time[40];

	if (!date || strlen(date) != 10) {
		job_free(j);
		render(r, 422, missing);
		return -1;
	}
	snprintf(with_time, sizeof(with_time), "%s 00:00", date);
	if (time_parse_input(with_time, r->p->org.timezone, time_now(), &j->date)) {
		job_free(j);
		render(r, 422, "日付が正しくありません。");
		return -1;
	}
	return 0;
}

int page_filing_done(struct web_req *r)
{
	struct filing_job *j = job_start(r);
	const char *ref;
	struct mo_err e;

	if (!j)
		return 0;
	j->done = true;
	ref = web_form(r, "ref");
	if (form_date(r, j, "提出日を入力してください。"))
		return 0;
	j->ref = ref && *ref ? strdup(ref) : NULL;
	mo_err_clear(&e);
	if ((ref && *ref && !j->ref) || kept_document(r, j, j->kind, &e)) {
		job_free(j);
		return web_reply_error(r, 500, "internal", e.msg[0] ? e.msg : "out of memory");
	}
	return submit(r, j);
}

int page_filing_substitute(struct web_req *r)
{
	struct filing_job *j = job_start(r);
	static const struct {
		const char *field, *missing;
	} need[] = {
		{"published", "公表した場所（URL など）を入力してください。"},
		{"desk", "問合せ窓口を入力してください。"},
		{"reason", "本人に通知できない理由を入力してください。"},
	};
	struct mo_err e;

	if (!j)
		return 0;
	j->substitute = true;
	for (size_t i = 0; i < MO_ARRAY_SIZE(need); i++) {
		const char *v = web_form(r, need[i].field);

		if (!v || !*v) {
			job_free(j);
			return render(r, 422, need[i].missing);
		}
	}
	if (!policy_filing(r->p, j->kind)->substitute) {
		job_free(j);
		return render(r, 422, "この届出には代替措置がありません。");
	}
	if (form_date(r, j, "公表日を入力してください。"))
		return 0;
	j->published = strdup(web_form(r, "published"));
	j->desk = strdup(web_form(r, "desk"));
	j->reason = strdup(web_form(r, "reason"));
	mo_err_clear(&e);
	if (!j->published || !j->desk || !j->reason || kept_document(r, j, "public_notice", &e)) {
		job_free(j);
		return web_reply_error(r, 500, "internal", e.msg[0] ? e.msg : "out of memory");
	}
	return submit(r, j);
}

int page_filing_waive(struct web_req *r)
{
	struct filing_job *j = job_start(r);
	const char *reason;

	if (!j)
		return 0;
	reason = web_form(r, "reason");
	if (!reason || !*reason) {
		job_free(j);
		return render(r, 422, "不要と判断した理由を入力してください。");
	}
	j->reason = strdup(reason);
	if (!j->reason) {
		job_free(j);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	return submit(r, j);
}

int api_filings(struct web_req *r)
{
	struct filing_recs recs;
	struct inc_full f;
	struct store *st;
	struct mo_err e;
	json_t *j;
	int rc;

	if (web_incident_visible(r, r->id))
		return 0;
	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	rc = st ? engine_load(st, r->id, &f, &e) : -1;
	if (rc)
		return rc < 0 ? web_reply_fail(r, &e)
			      : web_reply_error(r, 404, "not_found",
						"そのインシデントはありません");
	if (store_filings_get(st, r->id, false, &recs, &e)) {
		inc_full_release(&f);
		return web_reply_fail(r, &e);
	}
	j = engine_filing_json(r->p, &f.inc, &recs);
	filing_recs_release(&recs);
	inc_full_release(&f);
	if (!j)
		return web_reply_error(r, 500, "internal", "out of memory");
	return web_reply_json(r, 200, j);
}
