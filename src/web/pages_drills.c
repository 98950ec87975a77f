/* /drills: the 訓練 page (start a drill from a scenario of the policy, the
 * drills run with their dates and scores), /drills/ID: a drill's report
 * (each step against its deadline, acknowledgements, what to improve; md,
 * html, pdf, json to download) and the button that ends it; and the
 * 【訓練】 banner of a drill incident's page (drill_banner). */
#include "engine/drills.h"
#include "engine/labels.h"
#include "render/doc_format.h"
#include "render/drill_doc.h"
#include "web/webInt.h"

#define PAST_MAX 100

static void delay(struct buf *b, int64_t from, int64_t t)
{
	char d[64];

	if (t == MO_TIME_NONE) {
		HTML_RAW(b, "—");
		return;
	}
	engine_drill_delay(t - from, d, sizeof(d));
	html_text(b, d);
}

static void scenarios(struct web_req *r, struct buf *b)
{
	HTML_RAW(b, "<h2>シナリオから訓練を始める</h2>\n");
	if (!r->p->n_drills) {
		HTML_RAW(b, "<p class=\"muted\">マニュアル（policy.yaml）に訓練のシナリオ"
			    "（drills:）がありません。</p>\n");
		return;
	}
	HTML_RAW(b, "<p>訓練は本物と同じ手順・期限・通知で進みます。通知の件名と画面・文書には"
		    "【訓練】が付き、届出は下書きまでで提出済みにはできません。一覧・検索・"
		    "ダッシュボードには出ません。</p>\n<ul class=\"list\">");
	for (size_t i = 0; i < r->p->n_drills; i++) {
		const struct mo_drill *d = &r->p->drills[i];

		HTML_RAW(b, "<li class=\"box\"><strong>");
		html_text(b, d->title);
		HTML_RAW(b, "</strong>");
		if (d->summary) {
			HTML_RAW(b, "<br><small>");
			html_text(b, d->summary);
			HTML_RAW(b, "</small>");
		}
		if (d->n_injects) {
			HTML_RAW(b, "<br><small>状況付与: ");
			for (size_t k = 0; k < d->n_injects; k++) {
				char after[32];

				engine_duration_ja(&d->injects[k].after, after, sizeof(after));
				if (k)
					HTML_RAW(b, "／");
				html_text(b, after);
				HTML_RAW(b, "後 ");
				html_text(b, d->injects[k].text);
			}
			HTML_RAW(b, "</small>");
		}
		if (r->who.role >= ROLE_MANAGER) {
			HTML_RAW(b, "<form method=\"post\" action=\"/drills\">");
			page_csrf(r, b);
			HTML_RAW(b, "<input type=\"hidden\" name=\"scenario\"");
			html_attr(b, "value", d->id);
			HTML_RAW(b, "><button type=\"submit\">この訓練を始める</button></form>");
		}
		HTML_RAW(b, "</li>\n");
	}
	HTML_RAW(b, "</ul>\n");
}

static void past(struct web_req *r, struct buf *b, const struct drill_row *v, size_t n)
{
	HTML_RAW(b, "<h2>これまでの訓練</h2>\n");
	if (!n) {
		HTML_RAW(b, "<p class=\"muted\">まだ訓練をしていません。</p>\n");
		return;
	}
	HTML_RAW(b, "<div class=\"tw\"><table><thead><tr><th>番号</th><th>シナリオ</th>"
		    "<th>開始</th><th>終了</th><th>得点</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		HTML_RAW(b, "<tr><td data-label=\"番号\" class=\"nw\"><a");
		page_href(b, "/drills/%lld", (long long)v[i].incident_id);
		HTML_RAW(b, ">");
		page_ref(b, v[i].incident_id);
		HTML_RAW(b, "</a></td><td data-label=\"シナリオ\">");
		html_text(b, v[i].title);
		HTML_RAW(b, "</td><td data-label=\"開始\" class=\"nw\">");
		page_time(r, b, v[i].started_at);
		HTML_RAW(b, "</td><td data-label=\"終了\" class=\"nw\">");
		if (v[i].ended_at == MO_TIME_NONE)
			HTML_RAW(b, "実施中");
		else
			page_time(r, b, v[i].ended_at);
		HTML_RAW(b, "</td><td data-label=\"得点\" class=\"num\">");
		if (v[i].score >= 0) {
			page_int(b, v[i].score);
			HTML_RAW(b, "点");
		} else {
			HTML_RAW(b, "—");
		}
		HTML_RAW(b, "</td></tr>");
	}
	HTML_RAW(b, "</tbody></table></div>\n");
}

static int render_list(struct web_req *r, unsigned status, const char *error)
{
	struct drill_row *v = NULL;
	struct store *st;
	struct mo_err e;
	struct buf b;
	size_t n = 0;

	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st || store_drill_list(st, PAST_MAX, &v, &n, &e))
		return web_reply_fail(r, &e);
	buf_init(&b, 0);
	page_start(r, &b, "訓練");
	if (error)
		page_error(&b, error);
	HTML_RAW(&b, "<h1>訓練</h1>\n");
	scenarios(r, &b);
	past(r, &b, v, n);
	page_end(r, &b);
	free(v);
	return web_reply_page(r, status, &b);
}

int page_drills(struct web_req *r)
{
	return render_list(r, 200, NULL);
}

struct drill_job {
	char scenario[64];
	int64_t id;
	int score;
};

static int job_start(struct engine *en, void *arg, struct mo_err *e)
{
	struct drill_job *j = arg;

	return engine_drill_start(en, j->scenario, &j->id, e);
}

static int job_end(struct engine *en, void *arg, struct mo_err *e)
{
	struct drill_job *j = arg;

	return engine_drill_end(en, j->id, &j->score, e);
}

static int started(struct web_req *r, int rc, const struct mo_err *e)
{
	const struct drill_job *j = r->arg;

	if (rc && mo_code_internal(e->code))
		return web_reply_err(r, e);
	if (rc)
		return render_list(r, mo_code_http(e->code), e->msg);
	return web_redirectf(r, "/incidents/%lld", (long long)j->id);
}

int page_drill_start(struct web_req *r)
{
	const char *scenario = web_form(r, "scenario");
	struct drill_job *j;

	if (!scenario || !policy_drill(r->p, scenario))
		return render_list(r, 422, "そのシナリオはありません。");
	j = calloc(1, sizeof(*j));
	if (!j)
		return web_reply_error(r, 500, "internal", "out of memory");
	snprintf(j->scenario, sizeof(j->scenario), "%s", scenario);
	if (web_submit(r, job_start, j, free, started))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}

static int render_report(struct web_req *r, unsigned status, const char *error);

static int ended(struct web_req *r, int rc, const struct mo_err *e)
{
	if (rc && mo_code_internal(e->code))
		return web_reply_err(r, e);
	if (rc)
		return render_report(r, mo_code_http(e->code), e->msg);
	return web_redirectf(r, "/drills/%lld", (long long)r->id);
}

int page_drill_end(struct web_req *r)
{
	struct drill_job *j;

	if (web_incident_visible(r, r->id))
		return 0;
	j = calloc(1, sizeof(*j));
	if (!j)
		return web_reply_error(r, 500, "internal", "out of memory");
	j->id = r->id;
	if (web_submit(r, job_end, j, free, ended))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}

static void steps(struct web_req *r, struct buf *b, const struct drill_report *rep)
{
	HTML_RAW(b, "<h2>手順と期限</h2>\n<div class=\"tw\"><table><thead><tr><th>No.</th>"
		    "<th>手順</th><th>期限</th><th>完了</th><th>報告から</th><th>判定</th>"
		    "</tr></thead><tbody>");
	for (size_t i = 0; i < rep->n_steps; i++) {
		const struct drill_step_result *x = &rep->steps[i];

		HTML_RAW(b, "<tr");
		if (!x->pass && strcmp(x->result, "pending") != 0)
			HTML_RAW(b, " class=\"overdue\"");
		HTML_RAW(b, "><td data-label=\"No.\" class=\"num\">");
		page_int(b, x->n);
		HTML_RAW(b, "</td><td data-label=\"手順\">");
		html_text(b, x->title);
		if (x->actor) {
			HTML_RAW(b, "<br><small>");
			html_text(b, policy_role_title(r->p, x->actor));
			HTML_RAW(b, "</small>");
		}
		HTML_RAW(b, "</td><td data-label=\"期限\" class=\"nw\">");
		page_time(r, b, x->due_at);
		HTML_RAW(b, "</td><td data-label=\"完了\" class=\"nw\">");
		page_time(r, b, x->done_at);
		HTML_RAW(b, "</td><td data-label=\"報告から\" class=\"nw\">");
		delay(b, rep->reported_at, x->done_at);
		HTML_RAW(b, "</td><td data-label=\"判定\"><strong>");
		html_text(b, label_of_key(&label_drill_result, x->result, LABEL_JA));
		HTML_RAW(b, "</strong>");
		if (x->state == STEP_SKIPPED && x->note) {
			HTML_RAW(b, "<br><small>");
			html_text(b, x->note);
			HTML_RAW(b, "</small>");
		}
		HTML_RAW(b, "</td></tr>");
	}
	HTML_RAW(b, "</tbody></table></div>\n");
}

static void people(struct web_req *r, struct buf *b, const struct drill_report *rep)
{
	HTML_RAW(b, "<h2>通知と受領の確認</h2>\n");
	if (!rep->n_people) {
		HTML_RAW(b, "<p class=\"muted\">通知した人はいません。</p>\n");
		return;
	}
	HTML_RAW(b, "<div class=\"tw\"><table><thead><tr><th>通知した人</th><th>受領の確認</th>"
		    "<th>報告から</th></tr></thead><tbody>");
	for (size_t i = 0; i < rep->n_people; i++) {
		const struct drill_person *pp = &rep->people[i];
		bool never = pp->acked_at == MO_TIME_NONE;

		HTML_RAW(b, "<tr");
		if (never)
			HTML_RAW(b, " class=\"overdue\"");
		HTML_RAW(b, "><td data-label=\"通知した人\">");
		html_text(b, pp->name);
		HTML_RAW(b, "</td><td data-label=\"受領の確認\" class=\"nw\">");
		if (never)
			HTML_RAW(b, "<strong>確認なし</strong>");
		else
			page_time(r, b, pp->acked_at);
		HTML_RAW(b, "</td><td data-label=\"報告から\" class=\"nw\">");
		delay(b, rep->reported_at, pp->acked_at);
		HTML_RAW(b, "</td></tr>");
	}
	HTML_RAW(b, "</tbody></table></div>\n");
}

static void injects(struct web_req *r, struct buf *b, const struct drill_report *rep)
{
	if (!rep->n_injects)
		return;
	HTML_RAW(b, "<h2>状況付与</h2>\n<ul>");
	for (size_t i = 0; i < rep->n_injects; i++) {
		HTML_RAW(b, "<li>");
		page_time(r, b, rep->injects[i].due_at);
		HTML_RAW(b, " ");
		html_text(b, rep->injects[i].text);
		if (rep->injects[i].sent_at == MO_TIME_NONE)
			HTML_RAW(b, " <small>（未配信）</small>");
		else
			HTML_RAW(b, " <small>（配信済み）</small>");
		HTML_RAW(b, "</li>");
	}
	HTML_RAW(b, "</ul>\n");
}

static int render_report(struct web_req *r, unsigned status, const char *error)
{
	static const char *const formats[] = {"md", "html", "pdf", "json"};
	struct drill_report rep;
	struct store *st;
	struct mo_err e;
	struct buf b;
	int got;

	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	got = st ? engine_drill_report(st, r->p, r->id, time_now(), &rep, &e) : -1;
	if (got < 0)
		return web_reply_fail(r, &e);
	if (got > 0)
		return web_reply_error(r, 404, "not_found", "その訓練はありません");
	buf_init(&b, 0);
	page_start(r, &b, "訓練の報告");
	if (error)
		page_error(&b, error);
	HTML_RAW(&b, "<p class=\"drill\" role=\"note\">");
	html_text(&b, engine_drill_mark());
	HTML_RAW(&b, " これは訓練の記録です。</p>\n<h1>");
	html_text(&b, engine_drill_mark());
	HTML_RAW(&b, "訓練の報告 <a");
	page_href(&b, "/incidents/%lld", (long long)r->id);
	HTML_RAW(&b, ">");
	page_ref(&b, r->id);
	HTML_RAW(&b, "</a></h1>\n<p>");
	html_text(&b, rep.d.title);
	HTML_RAW(&b, "<br><small>開始 ");
	page_time(r, &b, rep.reported_at);
	HTML_RAW(&b, " ／ 終了 ");
	if (rep.ended)
		page_time(r, &b, rep.d.ended_at);
	else
		HTML_RAW(&b, "実施中");
	HTML_RAW(&b, "</small></p>\n<p class=\"lead\"><strong>得点 ");
	page_int(&b, rep.score);
	HTML_RAW(&b, "点</strong>（手順 ");
	page_int(&b, (long long)rep.n_steps);
	HTML_RAW(&b, "件中 合格 ");
	page_int(&b, (long long)rep.n_pass);
	HTML_RAW(&b, "件、期限超過 ");
	page_int(&b, (long long)rep.n_late);
	HTML_RAW(&b, "件、未実施・省略 ");
	page_int(&b, (long long)rep.n_missed);
	HTML_RAW(&b, "件）");
	if (!rep.ended)
		HTML_RAW(&b, "<br><small>実施中の得点です。終了すると確定します。</small>");
	HTML_RAW(&b, "</p>\n");
	if (!rep.ended && r->who.role >= ROLE_MANAGER) {
		HTML_RAW(&b, "<form method=\"post\"");
		page_action(&b, "/drills/%lld/end", (long long)r->id);
		HTML_RAW(&b, ">");
		page_csrf(r, &b);
		HTML_RAW(&b, "<button type=\"submit\">訓練を終了して採点する</button></form>\n");
	}
	steps(r, &b, &rep);
	people(r, &b, &rep);
	injects(r, &b, &rep);
	HTML_RAW(&b, "<h2>改善すべき点</h2>\n<ul>");
	for (size_t i = 0; i < rep.improve.n; i++) {
		HTML_RAW(&b, "<li>");
		html_text(&b, rep.improve.v[i]);
		HTML_RAW(&b, "</li>");
	}
	if (!rep.improve.n)
		HTML_RAW(&b, "<li>すべての手順が期限内に完了し、全員が受領を確認しました。</li>");
	HTML_RAW(&b, "</ul>\n<p>報告書: ");
	for (size_t i = 0; i < MO_ARRAY_SIZE(formats); i++) {
		HTML_RAW(&b, " <a");
		page_href(&b, "/drills/%lld/report/%s", (long long)r->id, formats[i]);
		HTML_RAW(&b, ">");
		html_text(&b, formats[i]);
		HTML_RAW(&b, "</a>");
	}
	HTML_RAW(&b, "</p>\n<p><a href=\"/drills\">訓練の一覧へ</a></p>\n");
	page_end(r, &b);
	drill_report_release(&rep);
	return web_reply_page(r, status, &b);
}

int page_drill(struct web_req *r)
{
	if (web_incident_visible(r, r->id))
		return 0;
	return render_report(r, 200, NULL);
}

int page_drill_download(struct web_req *r)
{
	static const struct {
		const char *format, *type;
	} types[] = {
		{"md", "text/markdown; charset=utf-8"},
		{"html", "text/html; charset=utf-8"},
		{"pdf", "application/pdf"},
		{"json", "application/json"},
	};
	struct drill_report rep;
	struct store *st;
	struct mo_err e;
	struct buf b;
	char name[64], ref[32];
	size_t i;
	int rc;

	if (web_incident_visible(r, r->id))
		return 0;
	for (i = 0; i < MO_ARRAY_SIZE(types); i++)
		if (strcmp(types[i].format, r->token) == 0)
			break;
	if (i == MO_ARRAY_SIZE(types))
		return web_reply_error(r, 404, "not_found", "その形式はありません");
	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	rc = st ? engine_drill_report(st, r->p, r->id, time_now(), &rep, &e) : -1;
	if (rc < 0)
		return web_reply_fail(r, &e);
	if (rc > 0)
		return web_reply_error(r, 404, "not_found", "その訓練はありません");
	buf_init(&b, 0);
	if (strcmp(r->token, "json") == 0) {
		json_t *j = engine_drill_report_json(r->p, &rep);

		rc = j ? engine_json_text(j, &b, &e) : -1;
		json_decref(j);
	} else {
		rc = doc_write_free(drill_doc_build(r->p, &rep, time_now(), &e), r->token, &b, &e);
	}
	drill_report_release(&rep);
	if (rc || b.failed) {
		buf_release(&b);
		return web_reply_error(r, 500, "internal", e.msg[0] ? e.msg : "out of memory");
	}
	engine_ref(r->id, ref, sizeof(ref));
	snprintf(name, sizeof(name), "%s-drill.%s", ref, types[i].format);
	rc = web_reply(r, 200, REPLY_DOWNLOAD, types[i].type, buf_str(&b), b.len, NULL, name);
	buf_release(&b);
	return rc;
}

void drill_banner(struct web_req *r, struct buf *b, struct store *st, int64_t id)
{
	struct drill_row d;
	struct mo_err e;

	(void)r;
	if (store_drill_get(st, id, &d, &e) != 0)
		return;
	HTML_RAW(b, "<p class=\"drill\" role=\"note\">");
	html_text(b, engine_drill_mark());
	HTML_RAW(b, " これは訓練です（");
	html_text(b, d.title);
	HTML_RAW(b, "）。本物の報告ではありません。届出は下書きまでです。 <a");
	page_href(b, "/drills/%lld", (long long)id);
	if (d.ended_at == MO_TIME_NONE)
		HTML_RAW(b, ">訓練の進み具合と終了</a></p>\n");
	else
		HTML_RAW(b, ">訓練の報告</a></p>\n");
}

void drill_dashboard_notice(struct web_req *r, struct buf *b, struct store *st)
{
	struct drill_row *v = NULL;
	struct mo_err e;
	size_t n = 0, running = 0;

	(void)r;
	if (store_drill_list(st, PAST_MAX, &v, &n, &e) == 0)
		for (size_t i = 0; i < n; i++)
			running += v[i].ended_at == MO_TIME_NONE;
	free(v);
	if (!running)
		return;
	HTML_RAW(b, "<p class=\"drill\" role=\"note\">");
	html_text(b, engine_drill_mark());
	HTML_RAW(b, " 実施中の訓練が ");
	page_int(b, (long long)running);
	HTML_RAW(b, " 件あります（下の一覧には出ません）。 <a href=\"/drills\">訓練</a></p>\n");
}
