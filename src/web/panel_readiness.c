/* The dashboard's 平時 panel (one picture of readiness): placeholders left
 * in the manual, the last review, contacts confirmed, the last drill,
 * overdue peacetime checks; each line links to where it is fixed. */
#include "web/pages_checks.h"
#include "engine/checks.h"
#include "engine/contacts.h"
#include "engine/labels.h"
#include "util/timefmt.h"

/* <li> opening: class bad when the line needs work. */
static void line_start(struct buf *b, const char *id, bool bad)
{
	HTML_RAW(b, "<li");
	page_attr_path(b, "id", "ready-%s", id);
	if (bad)
		HTML_RAW(b, " class=\"overdue\"");
	HTML_RAW(b, ">");
}

/* A link for whoever may act there, else nothing. */
static void fix_link(struct web_req *r, struct buf *b, enum auth_role role, const char *href,
		     const char *text)
{
	if (r->who.role < role)
		return;
	HTML_RAW(b, " <a");
	page_href(b, "%s", href);
	HTML_RAW(b, ">");
	html_text(b, text);
	HTML_RAW(b, "</a>");
}

static const struct check_status *status_of(const struct check_statuses *cs, const char *id)
{
	for (size_t i = 0; i < cs->n; i++)
		if (strcmp(cs->v[i].check->id, id) == 0)
			return &cs->v[i];
	return NULL;
}

static void placeholders(struct web_req *r, struct buf *b)
{
	size_t n = policy_placeholder_count(r->p);

	line_start(b, "placeholders", n > 0);
	HTML_RAW(b, "<strong>マニュアルの記入箇所</strong>：");
	if (n) {
		HTML_RAW(b, "未記入 ");
		page_int(b, (long long)n);
		HTML_RAW(b, "か所");
		fix_link(r, b, ROLE_ADMIN, "/admin/setup", "記入する");
	} else {
		HTML_RAW(b, "すべて記入済み");
	}
	HTML_RAW(b, "</li>");
}

static void review(struct web_req *r, struct buf *b, const struct check_statuses *cs)
{
	const struct mo_organization *o = &r->p->org;
	const struct check_status *s = status_of(cs, CHECK_ID_REVIEW);
	char d[64];
	bool due = s ? s->overdue : !o->has_last_reviewed;

	line_start(b, "review", due);
	HTML_RAW(b, "<strong>前回の見直し</strong>：");
	if (o->has_last_reviewed) {
		date_format(o->last_reviewed, true, d, sizeof(d));
		html_text(b, d);
		HTML_RAW(b, "（次回 ");
		date_format(date_add_months(o->last_reviewed, o->review_interval_months), true, d,
			    sizeof(d));
		html_text(b, d);
		if (due)
			HTML_RAW(b, "、期限切れ");
		HTML_RAW(b, "）");
	} else {
		HTML_RAW(b, "記録なし");
	}
	fix_link(r, b, ROLE_ADMIN, "/admin/revisions#review", "見直しを記録する");
	HTML_RAW(b, "</li>");
}

static void contacts(struct web_req *r, struct buf *b, struct store *st)
{
	struct contact_row *rows = NULL;
	size_t n = 0, fresh = 0;
	struct mo_err e;
	int64_t now = time_now();

	mo_err_clear(&e);
	if (contacts_collect(r->p, NULL, st, &rows, &n, &e))
		n = 0;
	for (size_t i = 0; i < n; i++)
		fresh += !contacts_stale(r->p, &rows[i], now);
	free(rows);
	line_start(b, "contacts", fresh < n || !n);
	HTML_RAW(b, "<strong>連絡先の疎通確認</strong>：");
	if (n) {
		HTML_RAW(b, "確認済み ");
		page_int(b, (long long)fresh);
		HTML_RAW(b, "／");
		page_int(b, (long long)n);
	} else {
		HTML_RAW(b, "確認できる連絡先（メール・チャット）がありません");
	}
	fix_link(r, b, ROLE_ADMIN, "/admin#contacts", "疎通確認を送る");
	HTML_RAW(b, "</li>");
}

/* HOOK(drills): the last drill. The drills branch adds the drill's score
 * here (one line: its last report's score after the date); today the line
 * shows the check "drill" (recorded when a drill ends, with the score in
 * its note). */
static void drill(struct web_req *r, struct buf *b, const struct check_statuses *cs)
{
	const struct check_status *s = status_of(cs, CHECK_ID_DRILL);

	line_start(b, "drill", !s || s->overdue);
	HTML_RAW(b, "<strong>前回の訓練</strong>：");
	if (s && s->last_done_at != MO_TIME_NONE) {
		page_time(r, b, s->last_done_at);
		if (s->last && s->last->note && *s->last->note) {
			HTML_RAW(b, "（");
			html_text(b, s->last->note);
			HTML_RAW(b, "）");
		}
		if (s->overdue)
			HTML_RAW(b, " 期限切れ");
	} else {
		HTML_RAW(b, "記録なし");
	}
	fix_link(r, b, ROLE_RESPONDER, "/checks#check-drill", "訓練の記録");
	fix_link(r, b, ROLE_RESPONDER, "/drills", "訓練（得点の推移・始める）");
	HTML_RAW(b, "</li>");
}

static void overdue(struct web_req *r, struct buf *b, const struct check_statuses *cs)
{
	size_t shown = 0;

	line_start(b, "checks", cs->overdue > 0);
	HTML_RAW(b, "<strong>平時の点検</strong>：");
	if (!cs->overdue) {
		HTML_RAW(b, "期限切れはありません");
	} else {
		HTML_RAW(b, "期限切れ・未実施 ");
		page_int(b, (long long)cs->overdue);
		HTML_RAW(b, "件");
	}
	fix_link(r, b, ROLE_RESPONDER, "/checks", "点検の一覧");
	if (cs->overdue) {
		HTML_RAW(b, "<ul>");
		/* Those past their date first: they were done once and slipped. */
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < cs->n && shown < 5; i++) {
				const struct check_status *s = &cs->v[i];

				if (s->state != (pass == 0 ? CHECK_OVERDUE : CHECK_NEVER))
					continue;
				shown++;
				HTML_RAW(b, "<li><a");
				page_href(b, "/checks#check-%s", s->check->id);
				HTML_RAW(b, ">");
				html_text(b, s->check->title);
				HTML_RAW(b, "</a> <small>");
				html_text(b, label_of(&label_check_state, (int)s->state, LABEL_JA));
				HTML_RAW(b, "</small></li>");
			}
		if (cs->overdue > shown) {
			HTML_RAW(b, "<li><a href=\"/checks\">ほか ");
			page_int(b, (long long)(cs->overdue - shown));
			HTML_RAW(b, "件</a></li>");
		}
		HTML_RAW(b, "</ul>");
	}
	HTML_RAW(b, "</li>");
}

void panel_readiness(struct web_req *r, struct buf *b, struct store *st)
{
	struct check_statuses cs;
	struct mo_err e;

	mo_err_clear(&e);
	if (engine_checks_collect(r->p, st, time_now(), &cs, &e))
		memset(&cs, 0, sizeof(cs));
	HTML_RAW(b, "<section class=\"box\" id=\"readiness\" aria-labelledby=\"readiness-h\">"
		    "<h2 id=\"readiness-h\">平時の備え</h2><ul class=\"readiness\">");
	placeholders(r, b);
	review(r, b, &cs);
	contacts(r, b, st);
	drill(r, b, &cs);
	overdue(r, b, &cs);
	HTML_RAW(b, "</ul></section>\n");
	check_statuses_release(&cs);
}
