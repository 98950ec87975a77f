/* Acknowledgement: the link in every report, level and escalation message
 * (/ack/TOKEN) and the 「対応します」 button of the incident page. Mail
 * scanners open every link, so the GET only shows the incident's summary and
 * a button; the POST acknowledges, once (the token is single use). Also the
 * blocks that show who was told and who acknowledged, for the incident page
 * and the dashboard. */
#include "engine/escalation.h"
#include "engine/linktoken.h"
#include "engine/op.h"
#include "util/timefmt.h"
#include "web/webInt.h"

/* A page saying why nothing happened, with status (403, 410). */
static int refused(struct web_req *r, unsigned status, const char *why)
{
	struct buf b;

	buf_init(&b, 0);
	page_start(r, &b, "確認できません");
	HTML_RAW(&b, "<h1>確認できません</h1>\n");
	page_error(&b, why);
	HTML_RAW(&b, "<p>何も変更していません。対応が必要な場合は、インシデントのページを開くか、"
		     "マニュアルの緊急連絡先に電話してください。</p>\n");
	page_end(r, &b);
	return web_reply_page(r, status, &b);
}

/* The incident's number, level, title and owner. */
static void summary(struct web_req *r, struct buf *b, const struct inc *inc)
{
	HTML_RAW(b, "<dl class=\"summary\"><dt>番号</dt><dd>");
	page_ref(b, inc->id);
	HTML_RAW(b, "</dd><dt>レベル</dt><dd>");
	page_level(b, inc->level);
	HTML_RAW(b, "</dd><dt>件名</dt><dd>");
	html_text(b, inc->title);
	HTML_RAW(b, "</dd><dt>責任者</dt><dd>");
	html_text(b, inc->owner ? inc->owner : "-");
	if (inc->owner_role) {
		HTML_RAW(b, "（");
		html_text(b, policy_role_title(r->p, inc->owner_role));
		HTML_RAW(b, "）");
	}
	HTML_RAW(b, "</dd><dt>報告</dt><dd>");
	page_time(r, b, inc->reported_at);
	HTML_RAW(b, "</dd></dl>\n");
}

static const char *channel_label(const char *ch)
{
	if (strcmp(ch, "email") == 0)
		return "メール";
	if (strcmp(ch, "web") == 0)
		return "画面";
	if (strcmp(ch, "cli") == 0)
		return "コマンド";
	if (strcmp(ch, "link") == 0)
		return "リンク";
	return ch;
}

/* Who acknowledged, as one line: 「山田 太郎（メール、10:05）」. */
static void acked_line(struct web_req *r, struct buf *b, const struct ack_status *s)
{
	bool any = false;

	for (size_t i = 0; i < s->n; i++) {
		if (!s->v[i].acked_at)
			continue;
		if (any)
			HTML_RAW(b, "、");
		html_text(b, s->v[i].name);
		HTML_RAW(b, "（");
		html_text(b, channel_label(s->v[i].channel));
		HTML_RAW(b, "、");
		page_time(r, b, s->v[i].acked_at);
		HTML_RAW(b, "）");
		any = true;
	}
	if (!any)
		HTML_RAW(b, "まだ誰も確認していません");
}

int page_ack(struct web_req *r)
{
	struct engine en = {.p = r->p, .now = time_now()};
	struct ack_result res;
	struct ack_status s;
	struct inc inc;
	struct mo_err e;
	struct buf b;
	char csrf[100];
	int rc, used;

	mo_err_clear(&e);
	en.st = web_reader(r->srv, &e);
	if (!en.st)
		return web_reply_fail(r, &e);
	rc = engine_ack_peek(&en, r->token, &res, &e);
	if (rc < 0)
		return web_reply_fail(r, &e);
	if (rc > 0)
		return refused(r, (unsigned)res.status, e.msg);
	rc = store_incident_get(en.st, res.incident_id, &inc, &e);
	if (rc)
		return rc < 0 ? web_reply_fail(r, &e)
			      : refused(r, 410, "このリンクのインシデントはありません。");
	if (engine_ack_status(r->p, en.st, res.incident_id, &s, &e)) {
		inc_release(&inc);
		return web_reply_fail(r, &e);
	}
	used = linktoken_used(en.st, r->token, &e);
	if (used < 0) {
		ack_status_release(&s);
		inc_release(&inc);
		return web_reply_error(r, 500, "internal", e.msg);
	}
	if (used) {
		/* Pressed already: say so instead of a button that would fail. */
		buf_init(&b, 0);
		page_start(r, &b, "確認済みのリンク");
		HTML_RAW(&b,
			 "<h1>このリンクは使用済みです</h1>\n<p class=\"flash\" role=\"status\">");
		html_text(&b, res.name);
		HTML_RAW(&b,
			 "さん宛てのこのリンクの「対応します」は、すでに押されて記録されています。"
			 "もう一度押す必要はありません。</p>\n");
		summary(r, &b, &inc);
		HTML_RAW(&b, "<p>確認済み: ");
		acked_line(r, &b, &s);
		HTML_RAW(&b, "</p>\n<p><a");
		page_href(&b, "/incidents/%lld#ack", (long long)inc.id);
		HTML_RAW(&b, ">インシデントのページを開く</a>（ログインが必要です）</p>\n");
		page_end(r, &b);
		ack_status_release(&s);
		inc_release(&inc);
		return web_reply_page(r, 200, &b);
	}
	auth_login_csrf(r, csrf, sizeof(csrf));
	buf_init(&b, 0);
	page_start(r, &b, "対応の確認");
	HTML_RAW(&b, "<h1>インシデント対応の確認</h1>\n<p>");
	html_text(&b, res.name);
	HTML_RAW(&b, "さん宛ての連絡です。</p>\n");
	summary(r, &b, &inc);
	HTML_RAW(&b, "<p>確認済み: ");
	acked_line(r, &b, &s);
	HTML_RAW(&b, "</p>\n<p>「対応します」を押すと、あなたが対応することが記録され、"
		     "連絡網の次の人への連絡（エスカレーション）が止まり、ほかの人に"
		     "あなたが対応中であることが伝わります。</p>\n<form method=\"post\"");
	page_attr_path(&b, "action", "/ack/%s", r->token);
	HTML_RAW(&b, "><input type=\"hidden\" name=\"csrf\"");
	html_attr(&b, "value", csrf);
	HTML_RAW(&b,
		 "><p class=\"submit\"><button type=\"submit\">対応します</button></p></form>\n");
	page_end(r, &b);
	ack_status_release(&s);
	inc_release(&inc);
	return web_reply_page(r, 200, &b);
}

/* The acknowledgement as one engine operation (engine/op.h): the link's
 * (ENGINE_OP_ACK_LINK, the token says who and which incident) or the
 * incident page's button (ENGINE_OP_ACK). */
struct ack_post {
	struct engine_ops ops; /* first: the writer's job takes &ops */
	struct ack_result res; /* the link's: who, which incident, a refusal */
};

static void ack_free(void *arg)
{
	struct ack_post *a = arg;

	if (!a)
		return;
	engine_ops_release(&a->ops);
	free(a);
}

/* A post with one operation of kind on incident id, or NULL (out of
 * memory, replied). */
static struct ack_post *ack_new(struct web_req *r, enum engine_op_kind kind, int64_t id,
				struct engine_op **op)
{
	struct ack_post *a = malloc(sizeof(*a));

	if (a) {
		memset(a, 0, sizeof(*a));
		engine_ops_init(&a->ops);
		*op = engine_ops_add(&a->ops, kind, id);
	}
	if (!a || !*op) {
		ack_free(a);
		web_reply_error(r, 500, "internal", "out of memory");
		return NULL;
	}
	return a;
}

static int ack_submit(struct web_req *r, struct ack_post *a, web_done_fn done)
{
	if (a->ops.failed) {
		ack_free(a);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	if (web_submit(r, engine_ops_job, &a->ops, ack_free, done))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}

static int ack_done(struct web_req *r, int rc, const struct mo_err *e)
{
	struct ack_post *a = r->arg;
	struct buf b;

	/* Refused (nothing changed): the page says why, with its status. */
	if (rc && a->res.status)
		return refused(r, (unsigned)a->res.status, e->msg);
	if (rc)
		return web_reply_fail(r, e);
	buf_init(&b, 0);
	page_start(r, &b, "確認しました");
	HTML_RAW(&b, "<h1>確認しました</h1>\n<p class=\"flash\" role=\"status\">");
	html_text(&b, a->res.name);
	HTML_RAW(&b, "さんが対応することを記録し、連絡網のエスカレーションを止めました。"
		     "ほかの人にも伝えます。</p>\n<p><a");
	page_href(&b, "/incidents/%lld", (long long)a->res.incident_id);
	HTML_RAW(&b, ">インシデントのページを開く</a>（ログインが必要です）</p>\n");
	page_end(r, &b);
	return web_reply_page(r, 200, &b);
}

int page_ack_post(struct web_req *r)
{
	struct engine_op *op = NULL;
	struct ack_post *a = ack_new(r, ENGINE_OP_ACK_LINK, 0, &op);

	if (!a)
		return 0;
	op->u.ack_link.token = engine_ops_str(&a->ops, r->token);
	op->u.ack_link.out = &a->res;
	return ack_submit(r, a, ack_done);
}

/* ---- the incident page's 「対応します」 ---- */

/* The policy person this login is: the same id as the user name, else the
 * same name as the display name; NULL when none. */
static const struct mo_person *login_person(const struct policy *p, const struct principal *who)
{
	for (size_t i = 0; i < p->n_people; i++)
		if (strcmp(p->people[i].id, who->user.name) == 0)
			return &p->people[i];
	for (size_t i = 0; who->user.display[0] && i < p->n_people; i++)
		if (strcmp(p->people[i].name, who->user.display) == 0)
			return &p->people[i];
	return NULL;
}

static int ack_by_done(struct web_req *r, int rc, const struct mo_err *e)
{
	if (rc && mo_code_internal(e->code))
		return web_reply_err(r, e);
	if (rc)
		return web_reply_error(r, 422, "refused", e->msg);
	return web_redirectf(r, "/incidents/%lld?msg=acked#ack", (long long)r->id);
}

int page_incident_ack(struct web_req *r)
{
	const struct mo_person *pe;
	struct engine_op *op = NULL;
	struct ack_post *a;

	if (web_incident_visible(r, r->id))
		return 0;
	a = ack_new(r, ENGINE_OP_ACK, r->id, &op);
	if (!a)
		return 0;
	/* The person this login is, else nobody of the policy's, by the
	 * login's name ("": not looked up again by name). */
	pe = login_person(r->p, &r->who);
	op->u.ack.person = pe ? engine_ops_str(&a->ops, pe->id) : "";
	op->u.ack.name = engine_ops_str(&a->ops, pe ? pe->name : r->who.name);
	op->u.ack.channel = "web";
	return ack_submit(r, a, ack_by_done);
}

/* ---- who was told, who answered ---- */

void page_ack_block(struct web_req *r, struct buf *b, struct store *st, const struct inc *inc)
{
	struct ack_status s;
	struct mo_err e;

	if (engine_ack_status(r->p, st, inc->id, &s, &e)) {
		page_error(b, e.msg);
		return;
	}
	HTML_RAW(b, "<h2 id=\"ack\">連絡と確認（対応します）</h2>\n");
	if (s.n) {
		HTML_RAW(b, "<div class=\"tw\"><table><thead><tr><th>名前</th><th>連絡</th>"
			    "<th>確認</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < s.n; i++) {
			HTML_RAW(b, "<tr><td class=\"nw\" data-label=\"名前\">");
			html_text(b, s.v[i].name);
			HTML_RAW(b, "</td><td class=\"num\" data-label=\"連絡\">");
			if (s.v[i].told_at)
				page_time(r, b, s.v[i].told_at);
			else
				HTML_RAW(b, "-");
			HTML_RAW(b, "</td><td data-label=\"確認\">");
			if (s.v[i].acked_at) {
				HTML_RAW(b, "確認済み ");
				page_time(r, b, s.v[i].acked_at);
				HTML_RAW(b, "（");
				html_text(b, channel_label(s.v[i].channel));
				HTML_RAW(b, "）");
			} else {
				HTML_RAW(b, "<strong>未確認</strong>");
			}
			HTML_RAW(b, "</td></tr>\n");
		}
		HTML_RAW(b, "</tbody></table></div>\n");
	} else {
		HTML_RAW(b, "<p class=\"muted\">まだ誰にも連絡していません。</p>\n");
	}
	if (s.pending) {
		HTML_RAW(b, "<p>エスカレーション: 確認がなければ ");
		page_time(r, b, s.next_due);
		HTML_RAW(b, " に次の人へ連絡します（残り ");
		page_int(b, (long long)s.pending);
		HTML_RAW(b, " 段）。</p>\n");
	} else {
		HTML_RAW(b, "<p class=\"muted\">エスカレーションは止まっています。</p>\n");
	}
	if (r->who.role >= ROLE_RESPONDER && r->who.kind == WHO_USER && inc->status != INC_CLOSED) {
		HTML_RAW(b, "<form method=\"post\"");
		page_attr_path(b, "action", "/incidents/%lld/ack", (long long)inc->id);
		HTML_RAW(b, ">");
		page_csrf(r, b);
		HTML_RAW(b, "<p class=\"submit\"><button type=\"submit\">対応します</button></p>"
			    "</form>\n");
	}
	ack_status_release(&s);
}

void page_ack_dashboard(struct web_req *r, struct buf *b, struct store *st,
			const struct inc_summary_list *open)
{
	bool any = false;

	for (size_t i = 0; i < open->n; i++) {
		struct ack_status s;
		struct mo_err e;
		bool acked = false;

		if (engine_ack_status(r->p, st, open->v[i].id, &s, &e))
			continue;
		for (size_t k = 0; k < s.n; k++)
			acked = acked || s.v[k].acked_at;
		if (!s.n && !s.pending) {
			ack_status_release(&s);
			continue;
		}
		if (!any)
			HTML_RAW(b,
				 "<h2>連絡と確認</h2>\n<div class=\"tw\"><table><thead><tr>"
				 "<th>番号</th><th>確認した人</th><th>未確認</th><th>次の連絡</th>"
				 "</tr></thead><tbody>\n");
		any = true;
		HTML_RAW(b, "<tr");
		if (!acked)
			HTML_RAW(b, " class=\"overdue\"");
		HTML_RAW(b, "><td class=\"num\" data-label=\"番号\"><a");
		page_href(b, "/incidents/%lld#ack", (long long)open->v[i].id);
		HTML_RAW(b, ">");
		page_ref(b, open->v[i].id);
		HTML_RAW(b, "</a></td><td data-label=\"確認した人\">");
		acked_line(r, b, &s);
		HTML_RAW(b, "</td><td data-label=\"未確認\">");
		{
			bool first = true;

			for (size_t k = 0; k < s.n; k++) {
				if (s.v[k].acked_at)
					continue;
				if (!first)
					HTML_RAW(b, "、");
				html_text(b, s.v[k].name);
				first = false;
			}
			if (first)
				HTML_RAW(b, "-");
		}
		HTML_RAW(b, "</td><td class=\"num\" data-label=\"次の連絡\">");
		if (s.pending)
			page_time(r, b, s.next_due);
		else
			HTML_RAW(b, "-");
		HTML_RAW(b, "</td></tr>\n");
		ack_status_release(&s);
	}
	if (any)
		HTML_RAW(b, "</tbody></table></div>\n");
}
