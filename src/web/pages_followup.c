/* The reporter's follow-up page (/f/TOKEN): the private link the report's
 * result gives, signed (engine/linktoken.c, purpose "followup") for one
 * incident. Without an account it shows the report's status in plain
 * words and who handles it, takes what the reporter learns later as a
 * note, and a photo or file as evidence. Right after the report (?new=1)
 * it is the result page too: what to do now and not to do. */
#include "web/webInt.h"
#include "engine/linktoken.h"
#include "engine/op.h"
#include "util/timefmt.h"

#define FOLLOWUP_WHO_ID "followup" /* the events' login: added through this page */

/* The incident of r's token; 0 with *id set, else a reply was sent. */
static int followup_incident(struct web_req *r, struct store *st, int64_t *id)
{
	struct linktoken t;
	struct mo_err e;
	int rc;

	mo_err_clear(&e);
	rc = linktoken_check(st, r->token, time_now(), &t, &e);
	if (rc < 0) {
		web_reply_fail(r, &e);
		return -1;
	}
	if (rc > 0 || strcmp(t.purpose, WEB_FOLLOWUP_PURPOSE) != 0) {
		web_reply_error(r, 404, "not_found",
				"このリンクは使えません。報告した時の画面のリンクか、"
				"マニュアルの連絡先から問い合わせてください");
		return -1;
	}
	*id = t.incident_id;
	return 0;
}

static void status_block(struct web_req *r, struct buf *b, const struct inc_full *f)
{
	const struct inc *inc = &f->inc;
	size_t done = 0;
	int64_t last = inc->reported_at;

	for (size_t i = 0; i < f->steps.n; i++)
		done += f->steps.v[i].state == STEP_DONE || f->steps.v[i].state == STEP_SKIPPED;
	for (size_t i = 0; i < f->events.n; i++)
		if (f->events.v[i].at > last)
			last = f->events.v[i].at;
	HTML_RAW(b,
		 "<h2 id=\"status\">いまの状況</h2>\n<dl class=\"summary\"><dt>受付番号</dt><dd>");
	page_ref(b, inc->id);
	HTML_RAW(b, " ");
	page_level(b, inc->level);
	HTML_RAW(b, "</dd><dt>件名</dt><dd>");
	html_text(b, inc->title);
	HTML_RAW(b, "</dd><dt>状況</dt><dd><strong>");
	html_text(b, engine_status_ja(inc->status));
	HTML_RAW(b, "</strong></dd><dt>対応する人</dt><dd>");
	html_text(b, inc->owner ? inc->owner : "-");
	if (inc->owner_role) {
		HTML_RAW(b, "（");
		html_text(b, policy_role_title(r->p, inc->owner_role));
		HTML_RAW(b, "）");
	}
	HTML_RAW(b, "</dd><dt>対応の手順</dt><dd>");
	page_int(b, (long long)f->steps.n);
	HTML_RAW(b, " のうち ");
	page_int(b, (long long)done);
	HTML_RAW(b, " が済んでいます</dd><dt>最終更新</dt><dd>");
	page_time(r, b, last);
	HTML_RAW(b, "</dd></dl>\n");
}

/* What the reporter added through this page, and the report itself. */
static void added_block(struct web_req *r, struct buf *b, const struct inc_full *f)
{
	bool any = false;

	for (size_t i = 0; i < f->events.n; i++) {
		const struct event *ev = &f->events.v[i];

		if (!ev->login || strcmp(ev->login, FOLLOWUP_WHO_ID) != 0)
			continue;
		if (!any)
			HTML_RAW(b, "<h2>あとから伝えたこと</h2>\n<ol class=\"timeline\">");
		any = true;
		HTML_RAW(b, "<li><span class=\"when\">");
		page_time(r, b, ev->at);
		HTML_RAW(b, "</span><br>");
		if (ev->text)
			html_text_br(b, ev->text);
		HTML_RAW(b, "</li>\n");
	}
	if (any)
		HTML_RAW(b, "</ol>\n");
	for (size_t i = 0, n = 0; i < f->evidence.n; i++) {
		const struct evidence *ev = &f->evidence.v[i];

		if (n++ == 0)
			HTML_RAW(b, "<h2>送られたファイル</h2>\n<ul>");
		HTML_RAW(b, "<li>");
		html_text(b, ev->name);
		HTML_RAW(b, " <small>");
		page_time(r, b, ev->at);
		HTML_RAW(b, "</small></li>");
		if (i + 1 == f->evidence.n)
			HTML_RAW(b, "</ul>\n");
	}
}

static void forms(struct web_req *r, struct buf *b, const struct inc *inc)
{
	char csrf[100];

	if (inc->status == INC_CLOSED) {
		HTML_RAW(
			b,
			"<p class=\"muted\">この件の対応は完了しました。ご協力ありがとうございました。"
			"ほかに気づいたことは、新しく報告してください。</p>\n");
		return;
	}
	auth_login_csrf(r, csrf, sizeof(csrf));
	HTML_RAW(b, "<h2 id=\"add\">分かったことを伝える</h2>\n<form method=\"post\"");
	page_action(b, "/f/%s/notes", r->token);
	HTML_RAW(b, "><input type=\"hidden\" name=\"csrf\"");
	html_attr(b, "value", csrf);
	HTML_RAW(b, "><label for=\"text\">あとから分かったこと、したこと</label>"
		    "<textarea id=\"text\" name=\"text\" required maxlength=\"20000\" "
		    "placeholder=\"例: 同じ画面が隣の席のPCにも出ています\"></textarea>"
		    "<p class=\"submit\"><button type=\"submit\">伝える</button></p></form>\n"
		    "<h2 id=\"photo\">写真やファイルを送る</h2>\n"
		    "<form method=\"post\" enctype=\"multipart/form-data\"");
	page_action(b, "/f/%s/evidence", r->token);
	HTML_RAW(b, "><input type=\"hidden\" name=\"csrf\"");
	html_attr(b, "value", csrf);
	HTML_RAW(b, "><label for=\"file\">写真・ファイル（32MBまで）</label>"
		    "<input type=\"file\" id=\"file\" name=\"file\" required>"
		    "<label for=\"ev-note\">説明（任意）</label>"
		    "<input type=\"text\" id=\"ev-note\" name=\"note\" maxlength=\"1000\">"
		    "<p class=\"submit\"><button type=\"submit\">送る</button></p></form>\n");
}

int page_followup(struct web_req *r)
{
	const char *isnew = web_query(r, "new"), *msg = web_query(r, "msg");
	struct inc_full f;
	struct store *st;
	struct mo_err e;
	struct buf b;
	int64_t id;
	int rc;

	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st)
		return web_reply_fail(r, &e);
	if (followup_incident(r, st, &id))
		return 0;
	rc = engine_load(st, id, &f, &e);
	if (rc)
		return rc < 0 ? web_reply_fail(r, &e)
			      : web_reply_error(r, 404, "not_found", "その報告はありません");
	buf_init(&b, 0);
	if (isnew && strcmp(isnew, "1") == 0) {
		page_start(r, &b, "報告を受け付けました");
		HTML_RAW(&b, "<h1>報告を受け付けました</h1>\n");
		report_guidance(r, &b, &f.inc);
	} else {
		page_start(r, &b, "報告の状況");
		HTML_RAW(&b, "<h1>報告の状況</h1>\n");
	}
	if (msg && strcmp(msg, "note") == 0)
		HTML_RAW(
			&b,
			"<p class=\"flash\" role=\"status\">伝えました。担当者に届いています。</p>\n");
	else if (msg && strcmp(msg, "evidence") == 0)
		HTML_RAW(
			&b,
			"<p class=\"flash\" role=\"status\">ファイルを受け取り、証拠として保全しました。"
			"</p>\n");
	HTML_RAW(
		&b,
		"<div class=\"box\"><p><strong>このページはあなた専用です。</strong>"
		"ブックマークしておくと、あとから状況を確かめたり、分かったことを伝えたりできます。"
		"ほかの人には教えないでください。</p><p><a class=\"followup\"");
	page_href(&b, "/f/%s", r->token);
	HTML_RAW(&b, ">この報告の専用ページ</a></p></div>\n");
	status_block(r, &b, &f);
	forms(r, &b, &f.inc);
	added_block(r, &b, &f);
	if (r->who.kind == WHO_USER)
		HTML_RAW(&b, "<p class=\"row\"><a href=\"/\">ダッシュボードへ</a> "
			     "<a href=\"/report\">別の件を報告する</a></p>\n");
	page_end(r, &b);
	inc_full_release(&f);
	return web_reply_page(r, 200, &b);
}

/* ---- the reporter's additions ---- */

/* A note or a file as one engine operation (engine/op.h) for the writer,
 * and which flash the page shows after the commit. */
struct followup_post {
	struct engine_ops ops; /* first: the writer's job takes &ops */
	const char *msg;       /* "note", "evidence" */
};

static void followup_free(void *arg)
{
	struct followup_post *f = arg;

	if (!f)
		return;
	engine_ops_release(&f->ops);
	free(f);
}

static int followup_done(struct web_req *r, int rc, const struct mo_err *e)
{
	struct followup_post *f = r->arg;
	char path[LINKTOKEN_MAX + 32];

	if (rc && mo_code_internal(e->code))
		return web_reply_err(r, e);
	if (rc)
		return web_reply_error(r, mo_code_http(e->code), "invalid", e->msg);
	snprintf(path, sizeof(path), "/f/%s?msg=%s", r->token, f->msg);
	return web_redirect(r, path);
}

/* Checks the link and the text; the post with one operation of kind on
 * the link's incident in *op, or NULL when a reply was sent. */
static struct followup_post *followup_start(struct web_req *r, enum engine_op_kind kind,
					    const char *msg, struct engine_op **op)
{
	struct followup_post *f;
	struct store *st;
	struct mo_err e;
	struct inc inc;
	int64_t id;
	int rc;

	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st) {
		web_reply_fail(r, &e);
		return NULL;
	}
	if (followup_incident(r, st, &id))
		return NULL;
	for (size_t i = 0; i < r->form.n; i++) {
		if (!web_text_ok(r->form.v[i].value, true)) {
			web_reply_error(r, 422, "invalid", "使えない文字が含まれています");
			return NULL;
		}
	}
	rc = store_incident_get(st, id, &inc, &e);
	if (rc) {
		if (rc < 0)
			web_reply_fail(r, &e);
		else
			web_reply_error(r, 404, "not_found", "その報告はありません");
		return NULL;
	}
	/* The timeline names the reporter, as the report did; the events'
	 * login says it came through this page. */
	snprintf(r->who.name, sizeof(r->who.name), "%s",
		 inc.reporter_name ? inc.reporter_name : "報告者");
	snprintf(r->who.id, sizeof(r->who.id), "%s", FOLLOWUP_WHO_ID);
	inc_release(&inc);
	f = malloc(sizeof(*f));
	if (f) {
		engine_ops_init(&f->ops);
		f->msg = msg;
		*op = engine_ops_add(&f->ops, kind, id);
	}
	if (!f || !*op) {
		followup_free(f);
		web_reply_error(r, 500, "internal", "out of memory");
		return NULL;
	}
	return f;
}

static int followup_submit(struct web_req *r, struct followup_post *f)
{
	if (f->ops.failed) {
		followup_free(f);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	if (web_submit(r, engine_ops_job, &f->ops, followup_free, followup_done))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}

int page_followup_note(struct web_req *r)
{
	struct engine_op *op = NULL;
	struct followup_post *f = followup_start(r, ENGINE_OP_NOTE, "note", &op);
	const char *text = web_form(r, "text");

	if (!f)
		return 0;
	if (!text || !*text) {
		followup_free(f);
		return web_reply_error(r, 422, "invalid",
				       "「あとから分かったこと、したこと」を入力してください");
	}
	op->u.note.text = engine_ops_str(&f->ops, text);
	return followup_submit(r, f);
}

int page_followup_evidence(struct web_req *r)
{
	struct engine_op *op = NULL;
	struct followup_post *f = followup_start(r, ENGINE_OP_EVIDENCE, "evidence", &op);
	const char *note = web_form(r, "note");

	if (!f)
		return 0;
	if (!r->up.path[0]) {
		followup_free(f);
		return web_reply_error(r, 422, "invalid", "送る写真かファイルを選んでください");
	}
	op->u.evidence.path = engine_ops_str(&f->ops, r->up.path);
	op->u.evidence.name = engine_ops_str(&f->ops, r->up.name);
	op->u.evidence.source = op->u.evidence.name;
	op->u.evidence.note =
		engine_ops_str(&f->ops,
			       note && *note ? note : "報告者が専用ページから送ったファイル");
	return followup_submit(r, f);
}
