/* /checks: the peacetime checks (平時の点検, engine/checks.h) with the
 * last result of each and when the next is due, and the form to record one
 * as done (a note, a file as evidence). contacts_verify and review are
 * recorded where they are done (the 疎通確認 on /admin, the review on
 * /admin/revisions): their items link there. */
#include "web/pages_checks.h"
#include "engine/checks.h"
#include "engine/labels.h"
#include "util/timefmt.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static void every_text(struct buf *b, const struct duration *d)
{
	static const char *const units[] = {"分", "時間", "日", "週", "か月", "年"};

	page_int(b, d->count);
	html_text(b, (unsigned)d->unit < MO_ARRAY_SIZE(units) ? units[d->unit] : "");
	HTML_RAW(b, "ごと");
}

static void one(struct web_req *r, struct buf *b, const struct check_status *s)
{
	const struct mo_check *c = s->check;

	HTML_RAW(b, "<li class=\"step");
	if (s->overdue)
		HTML_RAW(b, " overdue");
	HTML_RAW(b, "\"");
	page_attr_path(b, "id", "check-%s", c->id);
	HTML_RAW(b, "><div class=\"step-head\"><span class=\"step-title\">");
	html_text(b, c->title);
	HTML_RAW(b, "</span></div>\n<div class=\"meta\"><span class=\"state state-");
	html_text(b, check_state_key(s->state));
	HTML_RAW(b, "\">");
	html_text(b, label_of(&label_check_state, (int)s->state, LABEL_JA));
	HTML_RAW(b, "</span><span>担当: ");
	html_text(b, policy_role_title(r->p, c->owner));
	HTML_RAW(b, "</span><span>");
	every_text(b, &c->every);
	HTML_RAW(b, "</span><span>前回: ");
	page_time(r, b, s->last_done_at);
	if (s->last && s->last->who && *s->last->who) {
		HTML_RAW(b, " ");
		html_text(b, s->last->who);
	}
	HTML_RAW(b, "</span><span>次回: ");
	if (s->next_due_at == MO_TIME_NONE)
		HTML_RAW(b, "いますぐ");
	else
		page_time(r, b, s->next_due_at);
	HTML_RAW(b, "</span></div>\n");
	if (s->last && s->last->note && *s->last->note) {
		HTML_RAW(b, "<p class=\"muted\">結果: ");
		html_text(b, s->last->note);
		HTML_RAW(b, "</p>");
	}
	if (s->last && s->last->evidence_sha256) {
		HTML_RAW(b, "<p class=\"muted\">証拠: <a");
		page_href(b, "/checks/%s/evidence", c->id);
		HTML_RAW(b, ">");
		html_text(b, s->last->evidence_name ? s->last->evidence_name : "ファイル");
		HTML_RAW(b, "</a> <small class=\"hash\">SHA-256 ");
		html_text(b, s->last->evidence_sha256);
		HTML_RAW(b, "</small></p>");
	}
	HTML_RAW(b, "<div class=\"step-ops\">");
	if (s->source == CHECK_SRC_CONTACTS) {
		if (s->channels) {
			HTML_RAW(b, "<p>各人が確認リンクを押すと記録されます（確認済み ");
			page_int(b, s->confirmed);
			HTML_RAW(b, "／");
			page_int(b, s->channels);
			HTML_RAW(b, "）。");
		} else {
			HTML_RAW(b, "<p>確認できる連絡先（メール・チャット）がまだありません。");
		}
		if (r->who.role >= ROLE_ADMIN)
			HTML_RAW(b, " <a href=\"/admin#contacts\">疎通確認を送る</a>");
		HTML_RAW(b, "</p>");
	} else if (s->source == CHECK_SRC_REVIEW) {
		HTML_RAW(b, "<p>見直しの記録から判定します。");
		if (r->who.role >= ROLE_ADMIN)
			HTML_RAW(b, " <a href=\"/admin/revisions#review\">見直しを記録する</a>");
		HTML_RAW(b, "</p>");
	} else {
		HTML_RAW(b, "<details><summary>実施を記録する</summary><form method=\"post\" "
			    "enctype=\"multipart/form-data\"");
		page_action(b, "/checks/%s/done", c->id);
		HTML_RAW(b, ">");
		page_csrf(r, b);
		HTML_RAW(b, "<label");
		page_attr_path(b, "for", "note-%s", c->id);
		HTML_RAW(b, ">結果（何を確かめ、どうだったか）</label><textarea name=\"note\" "
			    "required maxlength=\"4000\" rows=\"2\"");
		page_attr_path(b, "id", "note-%s", c->id);
		HTML_RAW(b, "></textarea><label");
		page_attr_path(b, "for", "file-%s", c->id);
		HTML_RAW(b, ">証拠のファイル（任意：ログ、画面の写真など）</label>"
			    "<input type=\"file\" name=\"file\"");
		page_attr_path(b, "id", "file-%s", c->id);
		HTML_RAW(b, "><button type=\"submit\">記録する</button></form></details>");
	}
	HTML_RAW(b, "</div></li>\n");
}

static int render(struct web_req *r, unsigned status, const char *error)
{
	static const enum mo_check_kind kinds[] = {CHECK_MANUAL, CHECK_PREVENT, CHECK_DETECT};
	static const char *const heads[] = {"体制の点検（マニュアルが機能するか）",
					    "予防措置（004 §4(1)）", "検知措置（004 §4(2)）"};
	struct check_statuses cs;
	struct store *st;
	struct mo_err e;
	struct buf b;

	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st || engine_checks_collect(r->p, st, time_now(), &cs, &e))
		return web_reply_fail(r, &e);
	buf_init(&b, 0);
	page_start(r, &b, "平時の点検");
	if (error)
		page_error(&b, error);
	page_flash(r, &b);
	HTML_RAW(&b, "<h1>平時の点検</h1>\n<p>");
	if (cs.overdue) {
		HTML_RAW(&b, "<strong class=\"overdue\">期限切れ・未実施 ");
		page_int(&b, (long long)cs.overdue);
		HTML_RAW(&b, "件</strong>／");
	}
	page_int(&b, (long long)cs.n);
	HTML_RAW(&b, "件。期限が来ると担当者にメールで知らせます（初回は知らせず、ここと"
		     "ダッシュボードに出ます）。</p>\n");
	for (size_t k = 0; k < MO_ARRAY_SIZE(kinds); k++) {
		bool any = false;

		for (size_t pass = 0; pass < 2; pass++) {
			for (size_t i = 0; i < cs.n; i++) {
				const struct check_status *s = &cs.v[i];

				/* The due ones first within their group. */
				if (s->check->kind != kinds[k] || s->overdue != (pass == 0))
					continue;
				if (!any) {
					HTML_RAW(&b, "<h2>");
					html_text(&b, heads[k]);
					HTML_RAW(&b, "</h2>\n<ol class=\"steps\">\n");
					any = true;
				}
				one(r, &b, s);
			}
		}
		if (any)
			HTML_RAW(&b, "</ol>\n");
	}
	if (!cs.n)
		HTML_RAW(&b, "<p class=\"muted\">ポリシーに点検（checks）がありません。</p>\n");
	page_end(r, &b);
	check_statuses_release(&cs);
	return web_reply_page(r, status, &b);
}

int page_checks(struct web_req *r)
{
	return render(r, 200, NULL);
}

struct check_job {
	char id[sizeof(((struct web_req *)0)->token)];
	char *note;
	char path[sizeof(((struct upload *)0)->path)];
	char name[256];
};

static void job_free(void *arg)
{
	struct check_job *j = arg;

	if (!j)
		return;
	free(j->note);
	free(j);
}

static int job_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct check_job *j = arg;

	return engine_check_done(en, j->id, j->note, j->path[0] ? j->path : NULL,
				 j->path[0] ? j->name : NULL, e);
}

static int job_done(struct web_req *r, int rc, const struct mo_err *e)
{
	if (rc && mo_code_internal(e->code))
		return web_reply_err(r, e);
	if (rc)
		return render(r, mo_code_http(e->code), e->msg);
	return web_redirectf(r, "/checks?msg=check#check-%s", r->token);
}

int page_check_done(struct web_req *r)
{
	const char *note = web_form(r, "note");
	struct check_job *j;

	if (!engine_check_find(r->p, r->token))
		return web_reply_error(r, 404, "not_found", "その点検はありません");
	if (r->up.too_big)
		return render(r, 413, "ファイルが大きすぎます。");
	if (!note || engine_text_blank(note))
		return render(r, 422, "結果（何を確かめ、どうだったか）を入力してください。");
	if (!web_text_ok(note, true))
		return render(r, 422, "使えない文字が含まれています。");
	j = calloc(1, sizeof(*j));
	if (!j || !(j->note = strdup(note))) {
		free(j);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	snprintf(j->id, sizeof(j->id), "%s", r->token);
	snprintf(j->path, sizeof(j->path), "%s", r->up.path);
	snprintf(j->name, sizeof(j->name), "%s", r->up.name);
	if (web_submit(r, job_write, j, job_free, job_done))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}

int page_check_evidence(struct web_req *r)
{
	struct check_statuses cs;
	struct store *st;
	struct mo_err e;
	char path[sizeof(r->srv->evidence_dir) + 128], name[256] = "";
	struct stat sb;
	int fd;

	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st || engine_checks_collect(r->p, st, time_now(), &cs, &e))
		return web_reply_fail(r, &e);
	path[0] = '\0';
	for (size_t i = 0; i < cs.n; i++) {
		const struct check_result *l = cs.v[i].last;

		/* The hash is 64 hex digits written by the engine: a file name. */
		if (strcmp(cs.v[i].check->id, r->token) == 0 && l && l->evidence_sha256 &&
		    strspn(l->evidence_sha256, "0123456789abcdef") == 64 &&
		    !l->evidence_sha256[64]) {
			snprintf(path, sizeof(path), "%s/checks/%s", r->srv->evidence_dir,
				 l->evidence_sha256);
			snprintf(name, sizeof(name), "%s",
				 l->evidence_name ? l->evidence_name : "evidence");
		}
	}
	check_statuses_release(&cs);
	if (!path[0])
		return web_reply_error(r, 404, "not_found", "その証拠はありません");
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		if (fd >= 0)
			close(fd);
		return web_reply_error(r, 404, "not_found", "証拠のファイルが見つかりません");
	}
	return web_reply_file(r, fd, (uint64_t)sb.st_size, name);
}
