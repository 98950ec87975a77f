/* The Dashboard: open incidents by level, the steps past their deadline in
 * red, and my steps (those whose person is my display name). A reporter
 * sees their own reports instead. Each open incident shows its next step
 * deadline and its next legal filing deadline (届出期限). */
#include "web/webInt.h"
#include "web/pages_setup.h"
#include "web/pages_checks.h"
#include "engine/listing.h"
#include "util/timefmt.h"

#define DASH_LIMIT 100

/* The dashboard refreshes itself this often while open (no scripts). */
#define DASH_REFRESH_SECONDS 60

/* Incidents as a list: one item a row, the whole item the link. */
static void summary_rows(struct web_req *r, struct buf *b, const struct inc_summary_list *l,
			 int64_t now)
{
	HTML_RAW(b, "<ul class=\"list\">\n");
	for (size_t i = 0; i < l->n; i++) {
		const struct inc_summary *s = &l->v[i];
		bool overdue = s->next_due != MO_TIME_NONE && s->next_due < now;

		HTML_RAW(b, "<li");
		if (overdue)
			HTML_RAW(b, " class=\"overdue\"");
		else if (s->status == INC_CLOSED)
			HTML_RAW(b, " class=\"closed\"");
		HTML_RAW(b, "><a class=\"item\"");
		page_href(b, "/incidents/%lld", (long long)s->id);
		HTML_RAW(b, "><span class=\"t\">");
		page_ref(b, s->id);
		HTML_RAW(b, " ");
		html_text(b, s->title);
		HTML_RAW(b, "</span><span class=\"meta\">");
		page_level(b, s->level);
		HTML_RAW(b, "<span>");
		html_text(b, engine_status_ja(s->status));
		HTML_RAW(b, "</span><span>担当: ");
		html_text(b, s->owner);
		HTML_RAW(b, "</span><span>手順 ");
		page_int(b, s->steps_closed);
		HTML_RAW(b, " / ");
		page_int(b, s->steps_total);
		HTML_RAW(b, "</span><span");
		if (overdue)
			HTML_RAW(b, " class=\"overdue\"");
		HTML_RAW(b, ">次の期限: ");
		page_time(r, b, s->next_due);
		if (overdue)
			HTML_RAW(b, " <strong>期限超過</strong>");
		HTML_RAW(b, "</span>");
		page_filing_due(r, b, s->filing_due, s->filing_kind, now);
		HTML_RAW(b, "</span></a></li>\n");
	}
	HTML_RAW(b, "</ul>\n");
}

static void step_rows(struct web_req *r, struct buf *b, const struct due_step_list *l, int64_t now)
{
	HTML_RAW(b, "<ul class=\"list\">\n");
	for (size_t i = 0; i < l->n; i++) {
		const struct due_step *s = &l->v[i];
		bool overdue = s->due_at != MO_TIME_NONE && s->due_at < now;

		HTML_RAW(b, "<li");
		if (overdue)
			HTML_RAW(b, " class=\"overdue\"");
		HTML_RAW(b, "><a class=\"item\"");
		page_href(b, "/incidents/%lld#step-%d", (long long)s->incident_id, s->n);
		HTML_RAW(b, "><span class=\"t\">");
		page_int(b, s->n);
		HTML_RAW(b, ". ");
		html_text(b, s->title ? s->title : s->action);
		HTML_RAW(b, "</span><span class=\"meta\"><span");
		if (overdue)
			HTML_RAW(b, " class=\"overdue\"");
		HTML_RAW(b, ">期限: ");
		page_time(r, b, s->due_at);
		if (overdue)
			HTML_RAW(b, " <strong>期限超過</strong>");
		HTML_RAW(b, "</span><span>");
		page_ref(b, s->incident_id);
		HTML_RAW(b, " ");
		page_level(b, s->level);
		HTML_RAW(b, " ");
		html_text(b, s->inc_title);
		HTML_RAW(b, "</span><span>担当: ");
		html_text(b, s->person ? s->person : policy_role_title(r->p, s->actor));
		HTML_RAW(b, "</span></span></a></li>\n");
	}
	HTML_RAW(b, "</ul>\n");
}

/* A reporter's dashboard: their reports and the way to report. */
static int reporter_dashboard(struct web_req *r, struct store *st)
{
	struct inc_summary_list l;
	int64_t *ids = NULL, total = 0;
	size_t n = 0;
	struct mo_err e;
	struct buf b;
	int rc;

	mo_err_clear(&e);
	rc = store_report_owner_list(st, r->who.id, false, DASH_LIMIT, 0, &ids, &n, &total, &e);
	if (rc == 0)
		rc = engine_summaries(st, ids, n, &l, &e);
	free(ids);
	if (rc)
		return web_reply_fail(r, &e);
	buf_init(&b, 0);
	page_start_refresh(r, &b, "ダッシュボード", DASH_REFRESH_SECONDS);
	HTML_RAW(&b, "<h1>ダッシュボード</h1>\n<p><a class=\"button\" href=\"/report\">"
		     "インシデントを報告する</a></p>\n<h2>自分の報告</h2>\n");
	if (l.n)
		summary_rows(r, &b, &l, time_now());
	else
		HTML_RAW(&b, "<p class=\"muted\">まだ報告はありません。</p>\n");
	page_end(r, &b);
	inc_summary_list_release(&l);
	return web_reply_page(r, 200, &b);
}

int page_dashboard(struct web_req *r)
{
	struct dashboard d;
	struct store *st;
	struct mo_err e;
	struct buf b;
	int64_t now = time_now();
	const char *q;
	bool auto_off;

	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st)
		return web_reply_fail(r, &e);
	if (r->who.role < ROLE_RESPONDER)
		return reporter_dashboard(r, st);
	if (engine_dashboard(st, r->who.user.display[0] ? r->who.user.display : NULL, now,
			     DASH_LIMIT, &d, &e))
		return web_reply_fail(r, &e);
	if (engine_summaries_filing_due(r->p, st, &d.open, &e)) {
		dashboard_release(&d);
		return web_reply_fail(r, &e);
	}
	buf_init(&b, 0);
	/* ?auto=0 stops the refresh: whoever reads slowly or with a screen
	 * reader can turn it off (WCAG 2.2.1). */
	auto_off = (q = web_query(r, "auto")) && strcmp(q, "0") == 0;
	page_start_refresh(r, &b, "ダッシュボード", auto_off ? 0 : DASH_REFRESH_SECONDS);
	HTML_RAW(&b, "<h1>ダッシュボード</h1>\n<p class=\"muted\">最終更新 ");
	page_time(r, &b, now);
	if (auto_off)
		HTML_RAW(&b,
			 "（自動更新は止まっています） <a href=\"/\">1分ごとに自動更新する</a>");
	else
		HTML_RAW(&b, "（1分ごとに自動更新） <a href=\"/?auto=0\">自動更新を止める</a>");
	HTML_RAW(&b, "</p>\n");
	page_setup_banner(r, &b);
	page_flash(r, &b);
	notify_dashboard_warning(r, &b);
	page_review_notice(r, &b);
	drill_dashboard_notice(r, &b, st);
	HTML_RAW(&b, "<div class=\"cards\">");
	for (int lv = policy_level_top(r->p); lv >= 0; lv--) {
		HTML_RAW(&b, "<div class=\"card\">");
		page_level(&b, lv);
		HTML_RAW(&b, "<span class=\"big\">");
		page_int(&b, (long long)d.by_level[lv]);
		HTML_RAW(&b, "</span><small>対応中</small></div>");
	}
	HTML_RAW(&b, "<div class=\"card\"><span class=\"overdue\">期限超過の手順</span>"
		     "<span class=\"big overdue\">");
	page_int(&b, (long long)d.overdue.n);
	HTML_RAW(&b, "</span></div></div>\n");
	if (d.overdue.n) {
		HTML_RAW(&b, "<h2 class=\"overdue\">期限を過ぎた手順</h2>\n");
		step_rows(r, &b, &d.overdue, now);
	}
	HTML_RAW(&b, "<h2>自分の手順</h2>\n");
	if (d.mine.n)
		step_rows(r, &b, &d.mine, now);
	else if (!r->who.user.display[0])
		HTML_RAW(
			&b,
			"<p class=\"muted\"><a href=\"/account\">アカウント</a>で表示名をマニュアルの"
			"担当者名と同じにすると、ここに自分の手順が出ます。</p>\n");
	else
		HTML_RAW(&b, "<p class=\"muted\">いま担当している手順はありません。</p>\n");
	HTML_RAW(&b, "<h2>対応中のインシデント（レベルの高い順）</h2>\n");
	if (d.open.n) {
		struct inc_summary_list sorted = d.open;
		struct inc_summary tmp;

		/* By level, highest first; the newest first within a level
		 * (the list comes newest first, and this sort is stable). */
		for (size_t i = 1; i < sorted.n; i++) {
			size_t k = i;

			tmp = sorted.v[i];
			while (k > 0 && sorted.v[k - 1].level < tmp.level) {
				sorted.v[k] = sorted.v[k - 1];
				k--;
			}
			sorted.v[k] = tmp;
		}
		summary_rows(r, &b, &sorted, now);
		page_ack_dashboard(r, &b, st, &sorted);
	} else {
		HTML_RAW(&b, "<p class=\"muted\">対応中のインシデントはありません。</p>\n");
	}
	panel_readiness(r, &b, st);
	page_end(r, &b);
	dashboard_release(&d);
	return web_reply_page(r, 200, &b);
}
