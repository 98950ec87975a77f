/* Notifications on the web: whom a report told (the report result page and
 * the API's 201), the outbox in Admin (pending, sent, dead letters, 再送),
 * the outbox's health for /healthz and the dashboard's warning when
 * messages are stuck. */
#include "web/webInt.h"
#include "engine/notify_out.h"
#include "notify/dispatch.h"
#include "store/outbox.h"
#include "util/timefmt.h"

#define ADMIN_ROWS 50
#define STUCK_SECONDS 300

/* ---- whom a report told ---- */

static int told_rows(struct web_req *r, int64_t id, struct outbox_list *l)
{
	struct mo_err e;
	struct store *st;

	mo_err_clear(&e);
	outbox_list_init(l);
	st = web_reader(r->srv, &e);
	if (!st || store_outbox_incident(st, id, l, &e)) {
		fprintf(stderr, "moshimo: %s\n", e.msg);
		return -1;
	}
	return 0;
}

size_t notify_told_html(struct web_req *r, struct buf *b, int64_t id)
{
	int64_t now = time_now();
	struct outbox_list l;
	size_t n = 0;

	if (told_rows(r, id, &l) == 0) {
		for (size_t i = 0; i < l.n; i++) {
			char line[512];

			if (strcmp(l.v[i].purpose, "report") != 0 &&
			    strcmp(l.v[i].purpose, "escalation") != 0)
				continue;
			if (n++ == 0)
				HTML_RAW(b, "<div class=\"box do\" id=\"notified\"><ul>");
			engine_notify_told_text(r->p, &l.v[i], now, line, sizeof(line));
			HTML_RAW(b, "<li>");
			html_text(b, line);
			HTML_RAW(b, "。</li>");
		}
	}
	if (n)
		HTML_RAW(b, "</ul><p class=\"muted\">送信中の通知は、ふつう数秒以内に届きます。"
			    "急ぐときは下の電話番号にも連絡してください。</p></div>\n");
	else {
		HTML_RAW(b, "<div class=\"box dont\" id=\"notified\"><p><strong>");
		html_text(b, ENGINE_NOTIFY_NOBODY);
		HTML_RAW(b, "。</strong></p></div>\n");
	}
	outbox_list_release(&l);
	return n;
}

json_t *notify_told_json(struct web_req *r, int64_t id)
{
	int64_t now = time_now();
	struct outbox_list l;
	json_t *a = json_array();

	if (told_rows(r, id, &l) == 0) {
		for (size_t i = 0; a && i < l.n; i++) {
			char line[512];

			engine_notify_told_text(r->p, &l.v[i], now, line, sizeof(line));
			json_array_append_new(a,
					      json_pack("{s:I,s:s,s:s?,s:s,s:s,s:s,s:s}", "id",
							(json_int_t)l.v[i].id, "person",
							l.v[i].person, "name", l.v[i].person_name,
							"channel", l.v[i].channel, "purpose",
							l.v[i].purpose, "state",
							outbox_state_key(l.v[i].state), "text",
							line));
		}
	}
	outbox_list_release(&l);
	return a;
}

/* ---- health ---- */

int notify_stats(struct web_req *r, struct outbox_stats *s)
{
	struct mo_err e;
	struct store *st;

	mo_err_clear(&e);
	memset(s, 0, sizeof(*s));
	st = web_reader(r->srv, &e);
	if (!st || store_outbox_stats(st, time_now(), s, &e))
		return -1;
	return 0;
}

void notify_dashboard_warning(struct web_req *r, struct buf *b)
{
	struct outbox_stats s;

	if (r->who.role < ROLE_RESPONDER || notify_stats(r, &s))
		return;
	if (!s.stuck && !s.dead_recent)
		return;
	HTML_RAW(b, "<div class=\"box dont\" role=\"alert\" id=\"outbox-warning\"><p><strong>"
		    "通知が届いていない可能性があります。</strong>");
	if (s.stuck) {
		HTML_RAW(b, " 5分以上送信待ちの通知が ");
		page_int(b, s.stuck);
		HTML_RAW(b, " 件あります（最も古いもので ");
		page_int(b, s.oldest_pending_s / 60);
		HTML_RAW(b, " 分）。");
	}
	if (s.dead_recent) {
		HTML_RAW(b, " この1日に送れなかった通知が ");
		page_int(b, s.dead_recent);
		HTML_RAW(b, " 件あります。");
	}
	if (!r->srv->notify)
		HTML_RAW(b, " notify.yaml が設定されていません。");
	if (r->who.role >= ROLE_ADMIN)
		HTML_RAW(b, " <a href=\"/admin#outbox\">管理画面で確認する</a>");
	else
		HTML_RAW(b, " 管理者に連絡してください。");
	HTML_RAW(b, "</p></div>\n");
}

/* ---- Admin ---- */

static const char *state_ja(enum outbox_state s)
{
	static const char *const names[OUTBOX_STATE_COUNT] = {
		[OUTBOX_PENDING] = "送信待ち",
		[OUTBOX_SENDING] = "送信中",
		[OUTBOX_SENT] = "送信済み",
		[OUTBOX_DEAD] = "送信不能",
	};

	return (unsigned)s < OUTBOX_STATE_COUNT ? names[s] : "?";
}

static void rows_table(struct web_req *r, struct buf *b, const struct outbox_list *l)
{
	HTML_RAW(b, "<div class=\"tw\"><table><thead><tr><th>番号</th><th>インシデント</th>"
		    "<th>宛先</th><th>経路</th><th>用途</th><th>状態</th><th>試行</th>"
		    "<th>作成</th><th>最後の応答</th><th>操作</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < l->n; i++) {
		const struct outbox_msg *m = &l->v[i];
		char ch[96];

		HTML_RAW(b, "<tr><td>");
		page_int(b, m->id);
		HTML_RAW(b, "</td><td>");
		if (m->incident_id > 0) {
			HTML_RAW(b, "<a");
			page_href(b, "/incidents/%lld", (long long)m->incident_id);
			HTML_RAW(b, ">");
			page_ref(b, m->incident_id);
			HTML_RAW(b, "</a>");
		} else {
			HTML_RAW(b, "-");
		}
		HTML_RAW(b, "</td><td class=\"nw\">");
		html_text(b, m->person_name ? m->person_name : m->person);
		HTML_RAW(b, "</td><td class=\"nw\">");
		engine_notify_channel_ja(m->channel, ch, sizeof(ch));
		html_text(b, ch);
		HTML_RAW(b, "</td><td class=\"nw\">");
		html_text(b, engine_notify_purpose_ja(m->purpose));
		HTML_RAW(b, "</td><td class=\"nw\">");
		html_text(b, state_ja(m->state));
		if (m->state == OUTBOX_PENDING && m->attempts) {
			HTML_RAW(b, "（次回 ");
			page_time(r, b, m->next_at);
			HTML_RAW(b, "）");
		}
		HTML_RAW(b, "</td><td>");
		page_int(b, m->attempts);
		HTML_RAW(b, "</td><td class=\"num\">");
		page_time(r, b, m->created_at);
		HTML_RAW(b, "</td><td class=\"reply\">");
		html_text(b, m->last_error ? m->last_error : "");
		HTML_RAW(b, "</td><td>");
		if (m->state == OUTBOX_DEAD || (m->state == OUTBOX_PENDING && m->attempts)) {
			HTML_RAW(b, "<form method=\"post\" class=\"inline\"");
			page_action(b, "/admin/outbox/%lld/retry", (long long)m->id);
			HTML_RAW(b, ">");
			page_csrf(r, b);
			HTML_RAW(b, "<button type=\"submit\" class=\"small "
				    "secondary\">再送</button></form>");
		}
		HTML_RAW(b, "</td></tr>\n");
	}
	HTML_RAW(b, "</tbody></table></div>\n");
}

void notify_admin_section(struct web_req *r, struct buf *b)
{
	struct outbox_list unsent, failed, all;
	struct outbox_stats s;
	struct mo_err e;
	struct store *st;

	mo_err_clear(&e);
	outbox_list_init(&unsent);
	outbox_list_init(&failed);
	outbox_list_init(&all);
	HTML_RAW(b, "<h2 id=\"outbox\">通知の送信状況</h2>\n");
	st = web_reader(r->srv, &e);
	if (!st || store_outbox_stats(st, time_now(), &s, &e) ||
	    store_outbox_list(st, OUTBOX_UNSENT, ADMIN_ROWS, &unsent, &e) ||
	    store_outbox_list(st, OUTBOX_FAILED, ADMIN_ROWS, &failed, &e) ||
	    store_outbox_list(st, OUTBOX_ALL, ADMIN_ROWS, &all, &e)) {
		page_error(b, e.msg);
		goto done;
	}
	HTML_RAW(b, "<p>");
	if (!r->srv->notify)
		HTML_RAW(b, "<strong>notify.yaml がないため、通知は送信されません。</strong> ");
	HTML_RAW(b, "送信待ち ");
	page_int(b, s.pending);
	HTML_RAW(b, " 件（最も古いもので ");
	page_int(b, s.oldest_pending_s);
	HTML_RAW(b, " 秒）、この1日の送信不能 ");
	page_int(b, s.dead_recent);
	HTML_RAW(b, " 件。</p>\n<h3>送信待ち</h3>\n");
	if (unsent.n)
		rows_table(r, b, &unsent);
	else
		HTML_RAW(b, "<p class=\"muted\">ありません。</p>\n");
	HTML_RAW(b, "<h3>失敗・送信不能（再送できます）</h3>\n");
	if (failed.n)
		rows_table(r, b, &failed);
	else
		HTML_RAW(b, "<p class=\"muted\">ありません。</p>\n");
	HTML_RAW(b, "<h3>最近の通知</h3>\n");
	if (all.n)
		rows_table(r, b, &all);
	else
		HTML_RAW(b, "<p class=\"muted\">まだ通知はありません。</p>\n");
done:
	outbox_list_release(&unsent);
	outbox_list_release(&failed);
	outbox_list_release(&all);
}

struct retry_job {
	int64_t id;
	int rc;
};

static int retry_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct retry_job *j = arg;

	j->rc = store_outbox_retry(en->st, j->id, en->now, e);
	if (j->rc < 0)
		return -1;
	if (j->rc == 0)
		en->queued++;
	return 0;
}

static int retry_done(struct web_req *r, int rc, const struct mo_err *e)
{
	struct retry_job *j = r->arg;

	if (rc)
		return web_reply_fail(r, e);
	if (j->rc)
		return web_reply_error(r, 409, "conflict",
				       "その通知は再送できません（送信済みか送信中です）。");
	return web_redirect(r, "/admin?msg=resent#outbox");
}

int page_admin_outbox_retry(struct web_req *r)
{
	struct retry_job *j = calloc(1, sizeof(*j));

	if (!j)
		return web_reply_error(r, 500, "internal", "out of memory");
	j->id = r->id;
	if (web_submit(r, retry_write, j, free, retry_done))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}
