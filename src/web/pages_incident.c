/* The Incident page: the record items (editable), the checklist (one click
 * to done, skip with a reason), the timeline with notes, evidence upload,
 * the level (with a reason), status, close and reopen, the filings owed,
 * and export. What it shows of the incident comes from the incident's
 * view (engine/view.h), in the words of the report and `moshimo show`. A
 * reporter sees their own report and may add notes; the route table
 * decides who may post which form. */
#include "web/webInt.h"
#include "engine/labels.h"
#include "engine/op.h"
#include "engine/view.h"
#include "render/doc_format.h"
#include "render/incident_doc.h"
#include "util/timefmt.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- reading ---- */

/* The text of field f of inc as the form shows and posts it, the whole of
 * it, appended to out. 0, or -1 when out failed (too large, out of memory). */
static int field_value(struct web_req *r, const struct inc *inc, const struct inc_field *f,
		       struct buf *out)
{
	const char *slot = (const char *)inc + f->offset;

	switch (f->type) {
	case FT_TEXT: {
		const char *s = *(const char *const *)slot;

		return s ? buf_adds(out, s) : 0;
	}
	case FT_COUNT:
		if (*(const long long *)slot >= 0)
			return buf_addf(out, "%lld", *(const long long *)slot);
		return 0;
	case FT_TRI:
		if (*(const int *)slot != MO_TRI_NONE)
			return buf_adds(out, *(const int *)slot ? "yes" : "no");
		return 0;
	case FT_TIME:
		if (*(const int64_t *)slot != MO_TIME_NONE) {
			char t[MO_TIME_MAX];

			engine_time_rfc(r->p, *(const int64_t *)slot, t, sizeof(t));
			return buf_adds(out, t);
		}
		return 0;
	}
	return 0;
}

static bool multiline(const struct inc_field *f)
{
	return engine_field_multiline(f);
}

/* ---- the page ---- */

/* A time of the view as text: "-" when there is none. */
static void view_time(struct buf *b, const char *t)
{
	html_text(b, t ? t : "-");
}

static void header(struct buf *b, const struct inc_view *v)
{
	const struct inc *inc = &v->f->inc;

	HTML_RAW(b, "<h1>");
	html_text(b, v->ref);
	HTML_RAW(b, " ");
	html_text(b, inc->title);
	HTML_RAW(b, "</h1>\n<p class=\"row\">");
	page_level(b, inc->level);
	HTML_RAW(b, " <span>");
	html_text(b, v->status);
	HTML_RAW(b, "</span> <span>");
	html_text(b, v->category);
	HTML_RAW(b, "</span> <span>担当: ");
	html_text(b, inc->owner);
	if (v->owner_title) {
		HTML_RAW(b, "（");
		html_text(b, v->owner_title);
		HTML_RAW(b, "）");
	}
	HTML_RAW(b, "</span></p>\n<dl class=\"record\"><dt>発覚日時</dt><dd>");
	view_time(b, v->discovered);
	HTML_RAW(b, "</dd><dt>報告者</dt><dd>");
	html_text(b, inc->reporter_name ? inc->reporter_name : "-");
	if (inc->reporter_contact) {
		HTML_RAW(b, "（");
		html_text(b, inc->reporter_contact);
		HTML_RAW(b, "）");
	}
	HTML_RAW(b, "</dd><dt>発生事象</dt><dd>");
	html_text(b, inc->description && *inc->description ? inc->description : "-");
	HTML_RAW(b, "</dd></dl>\n");
}

/* One step as a card: number and title, what to do, who and by when, its
 * state, and the buttons within a thumb's reach under it. */
static void step_card(struct web_req *r, struct buf *b, const struct inc *inc,
		      const struct view_step *vs)
{
	const struct step *s = vs->s;
	bool open = !vs->closed;
	bool overdue = vs->overdue;
	bool can = r->who.role >= ROLE_RESPONDER && inc->status != INC_CLOSED;

	HTML_RAW(b, "<li class=\"step");
	if (overdue)
		HTML_RAW(b, " overdue");
	else if (!open)
		HTML_RAW(b, " closed");
	HTML_RAW(b, "\"");
	if (buf_addf(b, " id=\"step-%d\"", s->n))
		return;
	HTML_RAW(b, "><div class=\"step-head\"><span class=\"step-n\">");
	page_int(b, s->n);
	HTML_RAW(b, ".</span><span class=\"step-title\">");
	html_text(b, s->title ? s->title : s->action);
	HTML_RAW(b, "</span></div>\n");
	if (s->title) {
		HTML_RAW(b, "<p class=\"step-action\">");
		html_text(b, s->action);
		HTML_RAW(b, "</p>");
	}
	HTML_RAW(b, "<div class=\"meta\"><span>担当: ");
	html_text(b, s->person ? s->person : vs->actor);
	HTML_RAW(b, "</span><span>期限: ");
	view_time(b, vs->due);
	if (overdue)
		HTML_RAW(b, " <strong>期限超過</strong>");
	HTML_RAW(b, "</span><span class=\"state state-");
	html_text(b, step_state_key(s->state));
	HTML_RAW(b, "\">");
	html_text(b, vs->state);
	HTML_RAW(b, "</span>");
	if (!open && s->by) {
		HTML_RAW(b, "<span>");
		html_text(b, s->by);
		HTML_RAW(b, " ");
		view_time(b, vs->at);
		HTML_RAW(b, "</span>");
	}
	HTML_RAW(b, "</div>\n");
	if (s->note) {
		HTML_RAW(b, "<p class=\"muted\">メモ: ");
		html_text(b, s->note);
		HTML_RAW(b, "</p>");
	}
	if (can) {
		HTML_RAW(b, "<div class=\"step-ops\">");
		HTML_RAW(b, "<form method=\"post\" class=\"inline\"");
		page_action(b, "/incidents/%lld/steps/%d", (long long)inc->id, s->n);
		HTML_RAW(b, ">");
		page_csrf(r, b);
		if (open) {
			HTML_RAW(b, "<input type=\"hidden\" name=\"state\" value=\"done\">"
				    "<button type=\"submit\">完了</button></form>"
				    "<details><summary>スキップ</summary><form method=\"post\"");
			page_action(b, "/incidents/%lld/steps/%d", (long long)inc->id, s->n);
			HTML_RAW(b, ">");
			page_csrf(r, b);
			HTML_RAW(b,
				 "<input type=\"hidden\" name=\"state\" value=\"skipped\">"
				 "<input type=\"text\" name=\"note\" required "
				 "placeholder=\"スキップする理由\" aria-label=\"スキップする理由\">"
				 "<button type=\"submit\" class=\"secondary\">スキップ</button>"
				 "</form></details>");
		} else {
			HTML_RAW(b,
				 "<input type=\"hidden\" name=\"state\" value=\"todo\">"
				 "<button type=\"submit\" class=\"small secondary\">戻す</button>"
				 "</form>");
		}
		HTML_RAW(b, "</div>");
	}
	HTML_RAW(b, "</li>\n");
}

static void checklist(struct web_req *r, struct buf *b, const struct inc_view *v)
{
	HTML_RAW(b, "<h2 id=\"steps\">対応手順（チェックリスト）</h2>\n<p class=\"muted\">残り ");
	page_int(b, (long long)(v->n_steps - v->n_done - v->n_skipped));
	HTML_RAW(b, " / ");
	page_int(b, (long long)v->n_steps);
	HTML_RAW(b, "</p>\n<ol class=\"steps\">\n");
	for (size_t i = 0; i < v->n_steps; i++)
		step_card(r, b, &v->f->inc, &v->steps[i]);
	HTML_RAW(b, "</ol>\n");
}

static void filings(struct buf *b, const struct inc_view *v)
{
	if (!v->n_filings)
		return;
	HTML_RAW(b, "<h2 id=\"filings\">届出・報告先</h2>\n<p><a");
	page_href(b, "/incidents/%lld/filings", (long long)v->f->inc.id);
	HTML_RAW(b, ">届出の状況と下書き（提出先の連絡先、提出済みの記録）</a></p>\n");
	if (v->first_due) {
		HTML_RAW(b, "<p id=\"first-due\">最も早い期限 <strong>");
		html_text(b, v->first_due);
		HTML_RAW(b, "</strong></p>\n");
	}
	HTML_RAW(b, "<ul>");
	for (size_t i = 0; i < v->n_filings; i++) {
		const struct view_filing *vf = &v->filings[i];

		HTML_RAW(b, "<li>");
		html_text(b, vf->authority);
		HTML_RAW(b, " ");
		html_text(b, vf->title);
		HTML_RAW(b, " <span class=\"need\">【");
		html_text(b, vf->need);
		HTML_RAW(b, "】</span>");
		if (vf->at) {
			HTML_RAW(b, " <strong>期限 ");
			html_text(b, vf->at);
			HTML_RAW(b, "</strong>");
		}
		if (vf->overdue)
			HTML_RAW(b, " <strong class=\"overdue\">期限超過</strong>");
		/* Done, waived or substituted: its label and when (the view). */
		if (!vf->open) {
			HTML_RAW(b, " <span class=\"filing-state\">");
			html_text(b, vf->state_word);
			if (vf->done) {
				HTML_RAW(b, "（");
				html_text(b, vf->done);
				HTML_RAW(b, "）");
			}
			HTML_RAW(b, "</span>");
		}
		if (vf->due.filing->when) {
			HTML_RAW(b, "<br><small>");
			html_text(b, vf->due.filing->when);
			HTML_RAW(b, "</small>");
		}
		HTML_RAW(b, "</li>");
	}
	HTML_RAW(b, "</ul>\n");
}

static void timeline(struct web_req *r, struct buf *b, const struct inc_view *v)
{
	HTML_RAW(b, "<h2 id=\"timeline\">対応経過</h2>\n<ol class=\"timeline\">");
	for (size_t i = 0; i < v->n_events; i++) {
		const struct view_event *ve = &v->events[i];
		const struct event *ev = ve->ev;

		HTML_RAW(b, "<li><span class=\"when\">");
		view_time(b, ve->at);
		HTML_RAW(b, " ");
		html_text(b, ev->who);
		if (ev->login) {
			HTML_RAW(b, " <small class=\"login\">[");
			html_text(b, ev->login);
			HTML_RAW(b, "]</small>");
		}
		HTML_RAW(b, "</span><br><strong>");
		html_text(b, ve->kind);
		HTML_RAW(b, "</strong>");
		if (ve->change) {
			HTML_RAW(b, " ");
			html_text(b, ve->change);
		}
		if (ev->text) {
			HTML_RAW(b, "<br>");
			html_text_br(b, ev->text);
		}
		HTML_RAW(b, "</li>\n");
	}
	HTML_RAW(b, "</ol>\n");
	if (v->f->inc.status == INC_CLOSED)
		return;
	HTML_RAW(b, "<form method=\"post\"");
	page_action(b, "/incidents/%lld/notes", (long long)v->f->inc.id);
	HTML_RAW(b, ">");
	page_csrf(r, b);
	HTML_RAW(b, "<label for=\"note\">経過を記録する</label>"
		    "<textarea id=\"note\" name=\"text\" required maxlength=\"60000\"></textarea>"
		    "<p><button type=\"submit\">記録</button></p></form>\n");
}

/* One item of the record: a row of the list, or a control of the form
 * (with the <details> of its kind of incident opened when it starts one). */
static void record_item(struct web_req *r, struct buf *b, const struct inc_field *f,
			const char *value, bool can, const char **kind, const char *err)
{
	if (!can) {
		if (!value[0])
			return;
		HTML_RAW(b, "<dt>");
		html_text(b, f->label);
		HTML_RAW(b, "</dt><dd>");
		html_text(b, value);
		HTML_RAW(b, "</dd>");
		return;
	}
	if (f->kind && (!*kind || strcmp(*kind, f->kind) != 0)) {
		static const struct {
			const char *kind, *label;
		} kl[] = {{"leak", "情報漏えいの場合"},
			  {"malware", "ウイルス感染の場合"},
			  {"access", "不正アクセスの場合"},
			  {"outage", "システム停止の場合"}};

		if (*kind)
			HTML_RAW(b, "</details>\n");
		HTML_RAW(b, "<details><summary>");
		for (size_t k = 0; k < MO_ARRAY_SIZE(kl); k++)
			if (strcmp(kl[k].kind, f->kind) == 0)
				html_text(b, kl[k].label);
		HTML_RAW(b, "</summary>\n");
		*kind = f->kind;
	}
	HTML_RAW(b, "<label");
	if (buf_addf(b, " for=\"f-%s\"", f->key))
		return;
	HTML_RAW(b, ">");
	html_text(b, f->label);
	HTML_RAW(b, "</label>");
	if (f->type == FT_TIME) {
		char id[64];

		snprintf(id, sizeof(id), "f-%s", f->key);
		page_datetime(r, b, id, f->key, value, err);
		return;
	}
	if (f->type == FT_TRI) {
		static const char *const vals[] = {"", "yes", "no"};
		static const char *const labels[] = {"不明", "はい", "いいえ"};

		HTML_RAW(b, "<select");
		if (buf_addf(b, " id=\"f-%s\"", f->key))
			return;
		html_attr(b, "name", f->key);
		HTML_RAW(b, ">");
		for (size_t k = 0; k < 3; k++) {
			HTML_RAW(b, "<option");
			html_attr(b, "value", vals[k]);
			if (strcmp(vals[k], value) == 0)
				HTML_RAW(b, " selected");
			HTML_RAW(b, ">");
			html_text(b, labels[k]);
			HTML_RAW(b, "</option>");
		}
		HTML_RAW(b, "</select>\n");
	} else if (multiline(f)) {
		HTML_RAW(b, "<textarea");
		if (buf_addf(b, " id=\"f-%s\"", f->key))
			return;
		html_attr(b, "name", f->key);
		/* The HTML parser drops one newline right after <textarea>:
		 * this one, so a text that begins with a newline keeps it. */
		HTML_RAW(b, ">\n");
		html_text(b, value);
		HTML_RAW(b, "</textarea>\n");
	} else {
		HTML_RAW(b, "<input type=\"text\"");
		if (buf_addf(b, " id=\"f-%s\"", f->key))
			return;
		html_attr(b, "name", f->key);
		html_attr(b, "value", value);
		HTML_RAW(b, ">\n");
	}
}

/* The record: as stored, or, after an error in field err_key, as posted
 * (nothing typed is lost) with err next to that field. */
static void record_form(struct web_req *r, struct buf *b, struct inc_view *v, const char *err_key,
			const char *err)
{
	const struct inc *inc = &v->f->inc;
	const char *kind = NULL;
	bool can = r->who.role >= ROLE_RESPONDER && inc->status != INC_CLOSED;

	HTML_RAW(b, "<h2 id=\"record\">記録（インシデント対応時に整理しておくべき事項）</h2>\n");
	if (can) {
		HTML_RAW(b, "<form method=\"post\"");
		page_action(b, "/incidents/%lld/fields", (long long)inc->id);
		HTML_RAW(b, ">");
		page_csrf(r, b);
	} else {
		HTML_RAW(b, "<dl class=\"record\">");
	}
	for (size_t i = 0; i < inc_fields_count; i++) {
		struct buf vb;

		const char *posted = err_key ? web_form(r, inc_fields[i].key) : NULL;

		if (!can) {
			const char *shown = engine_view_field(v, &inc_fields[i]);

			record_item(r, b, &inc_fields[i], shown ? shown : "", false, &kind, NULL);
			continue;
		}
		buf_init(&vb, BUF_MAX_DEFAULT);
		if (posted) {
			if (buf_adds(&vb, posted)) {
				buf_release(b);
				b->failed = true;
				return;
			}
		} else if (field_value(r, inc, &inc_fields[i], &vb)) {
			/* Never a page offering a cut text to be saved back. */
			buf_release(b);
			b->failed = true;
			return;
		}
		record_item(r, b, &inc_fields[i], buf_str(&vb), can, &kind,
			    err_key && strcmp(err_key, inc_fields[i].key) == 0 ? err : NULL);
		buf_release(&vb);
	}
	if (can && kind)
		HTML_RAW(b, "</details>\n");
	if (can)
		HTML_RAW(
			b,
			"<p class=\"submit\"><button type=\"submit\">記録を保存</button></p></form>\n");
	else
		HTML_RAW(b, "</dl>\n");
}

static void evidence(struct web_req *r, struct buf *b, const struct inc_view *v)
{
	const struct inc_full *f = v->f;

	HTML_RAW(b, "<h2 id=\"evidence\">証拠保全</h2>\n");
	if (v->n_evidence) {
		HTML_RAW(b, "<div class=\"tw\"><table><thead><tr><th>#</th><th>ファイル</th>"
			    "<th>SHA-256</th><th>保全</th></tr></thead><tbody>");
		for (size_t i = 0; i < v->n_evidence; i++) {
			const struct evidence *ev = v->evidence[i].ev;

			HTML_RAW(b, "<tr><td class=\"num\" data-label=\"#\">");
			page_int(b, ev->n);
			HTML_RAW(b, "</td><td data-label=\"ファイル\"><a");
			page_href(b, "/incidents/%lld/evidence/%d", (long long)f->inc.id, ev->n);
			HTML_RAW(b, " download>");
			html_text(b, ev->name);
			HTML_RAW(b, "</a> <small>(");
			page_int(b, (long long)ev->size);
			HTML_RAW(b, " バイト)</small>");
			if (ev->note) {
				HTML_RAW(b, "<br><small>");
				html_text(b, ev->note);
				HTML_RAW(b, "</small>");
			}
			HTML_RAW(b, "</td><td data-label=\"SHA-256\"><small class=\"hash\">");
			html_text(b, ev->sha256);
			HTML_RAW(b, "</small></td><td data-label=\"保全\">");
			html_text(b, ev->who);
			HTML_RAW(b, "<br>");
			view_time(b, v->evidence[i].at);
			HTML_RAW(b, "</td></tr>");
		}
		HTML_RAW(b, "</tbody></table></div>\n");
	} else {
		HTML_RAW(b, "<p class=\"muted\">まだありません。</p>\n");
	}
	if (r->who.role < ROLE_RESPONDER || f->inc.status == INC_CLOSED)
		return;
	HTML_RAW(b, "<form method=\"post\" enctype=\"multipart/form-data\"");
	page_action(b, "/incidents/%lld/evidence", (long long)f->inc.id);
	HTML_RAW(b, ">");
	page_csrf(r, b);
	HTML_RAW(b, "<label for=\"file\">ファイル（ログ、スクリーンショットなど。32MBまで）</label>"
		    "<input type=\"file\" id=\"file\" name=\"file\" required>"
		    "<label for=\"ev-note\">メモ（どこから取ったか）</label>"
		    "<input type=\"text\" id=\"ev-note\" name=\"note\" maxlength=\"1000\">"
		    "<p><button type=\"submit\">保全する</button></p></form>\n");
}

/* Another category (with a reason), or closing as a false alarm or a
 * duplicate: no cause, measures and lessons. */
static void corrections(struct web_req *r, struct buf *b, const struct inc *inc)
{
	long long id = (long long)inc->id;

	HTML_RAW(b, "<details><summary>区分の変更・誤報・重複</summary><form method=\"post\"");
	page_action(b, "/incidents/%lld/category", id);
	HTML_RAW(b, ">");
	page_csrf(r, b);
	HTML_RAW(b, "<label for=\"category\">区分</label><div class=\"row\">"
		    "<select id=\"category\" name=\"category\">");
	for (size_t i = 0; i < r->p->n_categories; i++) {
		HTML_RAW(b, "<option");
		html_attr(b, "value", r->p->categories[i].id);
		if (inc->category && strcmp(inc->category, r->p->categories[i].id) == 0)
			HTML_RAW(b, " selected");
		HTML_RAW(b, ">");
		html_text(b, r->p->categories[i].name);
		HTML_RAW(b, "</option>");
	}
	HTML_RAW(
		b,
		"</select><input type=\"text\" name=\"reason\" required placeholder=\"変更の理由\" "
		"aria-label=\"区分を変更する理由\"><button type=\"submit\" class=\"small\">変更</button>"
		"</div></form><form method=\"post\"");
	page_action(b, "/incidents/%lld/dismiss", id);
	HTML_RAW(b, ">");
	page_csrf(r, b);
	HTML_RAW(
		b,
		"<label for=\"dup\">重複の元のインシデント（誤報なら空欄）</label>"
		"<input type=\"text\" id=\"dup\" name=\"duplicate_of\" placeholder=\"INC-0001\">"
		"<label for=\"d-reason\">理由</label><input type=\"text\" id=\"d-reason\" name=\"reason\">"
		"<p><button type=\"submit\" class=\"danger\">誤報・重複として完了にする</button></p>"
		"</form></details>\n");
}

static void actions(struct web_req *r, struct buf *b, const struct inc *inc)
{
	long long id = (long long)inc->id;

	if (r->who.role < ROLE_RESPONDER)
		return;
	HTML_RAW(b, "<h2 id=\"actions\">判断と状況</h2>\n");
	if (inc->status != INC_CLOSED) {
		HTML_RAW(b, "<form method=\"post\"");
		page_action(b, "/incidents/%lld/status", id);
		HTML_RAW(b, ">");
		page_csrf(r, b);
		HTML_RAW(b, "<label for=\"status\">状況</label><div class=\"row\">"
			    "<select id=\"status\" name=\"status\">");
		for (int s = INC_REPORTED; s < INC_CLOSED; s++) {
			HTML_RAW(b, "<option");
			html_attr(b, "value", inc_status_key((enum inc_status)s));
			if ((int)inc->status == s)
				HTML_RAW(b, " selected");
			HTML_RAW(b, ">");
			html_text(b, engine_status_ja((enum inc_status)s));
			HTML_RAW(b, "</option>");
		}
		HTML_RAW(
			b,
			"</select><input type=\"text\" name=\"reason\" placeholder=\"理由（戻すときは必須）\" "
			"aria-label=\"理由\"><button type=\"submit\" class=\"small\">変更</button>"
			"</div></form>\n");
	}
	if (r->who.role < ROLE_MANAGER) {
		HTML_RAW(
			b,
			"<p class=\"muted\">事故レベルの変更と完了は、責任者・管理者が行います。</p>\n");
		return;
	}
	if (inc->status == INC_CLOSED) {
		HTML_RAW(b, "<form method=\"post\"");
		page_action(b, "/incidents/%lld/reopen", id);
		HTML_RAW(b, ">");
		page_csrf(r, b);
		HTML_RAW(
			b,
			"<label for=\"reopen\">再開する理由</label><input type=\"text\" id=\"reopen\" "
			"name=\"reason\" required><p><button type=\"submit\" class=\"secondary\">"
			"再開</button></p></form>\n");
		return;
	}
	HTML_RAW(b, "<form method=\"post\"");
	page_action(b, "/incidents/%lld/level", id);
	HTML_RAW(b, ">");
	page_csrf(r, b);
	HTML_RAW(b, "<label for=\"level\">事故レベル</label><div class=\"row\">"
		    "<select id=\"level\" name=\"level\">");
	for (size_t i = 0; i < r->p->n_levels; i++) {
		char v[8];

		snprintf(v, sizeof(v), "%d", r->p->levels[i].level);
		HTML_RAW(b, "<option");
		html_attr(b, "value", v);
		if (r->p->levels[i].level == inc->level)
			HTML_RAW(b, " selected");
		HTML_RAW(b, ">");
		html_text(b, engine_level_word(r->p->levels[i].level, LABEL_JA));
		{
			/* The level's first words, from the triage rules. */
			struct arena a;
			struct strv words;

			arena_init(&a, 0);
			words = policy_level_words(r->p, r->p->levels[i].level, &a);
			if (words.n) {
				HTML_RAW(b, "：");
				html_text(b, words.v[0]);
			}
			arena_release(&a);
		}
		HTML_RAW(b, "</option>");
	}
	HTML_RAW(
		b,
		"</select><input type=\"text\" name=\"reason\" required placeholder=\"変更の理由\" "
		"aria-label=\"変更の理由\"><button type=\"submit\" class=\"small\">変更</button>"
		"</div></form>\n<details><summary>完了にする（原因・再発防止策・教訓が必要です）</summary>"
		"<form method=\"post\"");
	page_action(b, "/incidents/%lld/close", id);
	HTML_RAW(b, ">");
	page_csrf(r, b);
	HTML_RAW(
		b,
		"<label for=\"c-cause\">想定される原因</label><textarea id=\"c-cause\" name=\"cause\">\n");
	html_text(b, inc->cause);
	HTML_RAW(b, "</textarea><label for=\"c-measures\">再発防止策</label>"
		    "<textarea id=\"c-measures\" name=\"measures\">\n");
	html_text(b, inc->measures);
	HTML_RAW(b, "</textarea><label for=\"c-lessons\">教訓</label>"
		    "<textarea id=\"c-lessons\" name=\"lessons\">\n");
	html_text(b, inc->lessons);
	HTML_RAW(b, "</textarea><p><button type=\"submit\" class=\"danger\">完了にする</button></p>"
		    "</form></details>\n");
	corrections(r, b, inc);
}

static bool point_decided(const struct decision_list *l, const char *phase, const char *point)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].phase, phase) == 0 && strcmp(l->v[i].point, point) == 0)
			return true;
	return false;
}

static void decision_form(struct web_req *r, struct buf *b, int64_t id,
			  const struct mo_decision_phase *ph, const struct mo_decision_point *pt)
{
	char ref[160], fid[200];

	snprintf(ref, sizeof(ref), "%s/%s", ph->id, pt->id);
	snprintf(fid, sizeof(fid), "d-%s-%s", ph->id, pt->id);
	HTML_RAW(b, "<form method=\"post\" class=\"decision\"");
	page_action(b, "/incidents/%lld/decisions", (long long)id);
	HTML_RAW(b, ">");
	page_csrf(r, b);
	HTML_RAW(b, "<input type=\"hidden\" name=\"point\"");
	html_attr(b, "value", ref);
	HTML_RAW(b, "><label");
	html_attr(b, "for", fid);
	HTML_RAW(b, ">");
	html_text(b, pt->question);
	HTML_RAW(b, "</label>");
	if (pt->hints.n) {
		HTML_RAW(b, "<ul class=\"muted\">");
		for (size_t k = 0; k < pt->hints.n; k++) {
			HTML_RAW(b, "<li>");
			html_text(b, pt->hints.v[k]);
			HTML_RAW(b, "</li>");
		}
		HTML_RAW(b, "</ul>");
	}
	HTML_RAW(b, "<input type=\"text\" name=\"decision\" required maxlength=\"2000\"");
	html_attr(b, "id", fid);
	HTML_RAW(b, " placeholder=\"判断（例: 公表する、警察に相談しない）\">"
		    "<input type=\"text\" name=\"why\" maxlength=\"2000\" "
		    "placeholder=\"理由（任意）\" aria-label=\"判断の理由\">"
		    "<p><button type=\"submit\" class=\"small\">判断を記録</button></p></form>\n");
}

/* The decision points of the policy (003): what was decided, and a form
 * for each point not yet decided, the current phase's first. */
static void decisions(struct web_req *r, struct buf *b, const struct inc_view *v)
{
	const struct inc_full *f = v->f;
	const struct open_point *open = v->open;
	size_t n_open = v->n_open;
	bool can = r->who.role >= ROLE_RESPONDER && f->inc.status != INC_CLOSED;

	if (!r->p->n_decisions)
		return;
	HTML_RAW(b, "<h2 id=\"decisions\">判断ポイント</h2>\n");
	if (f->decisions.n) {
		HTML_RAW(b, "<ul class=\"decided\">");
		for (size_t i = 0; i < v->n_decisions; i++) {
			const struct decision *d = v->decisions[i].d;

			HTML_RAW(b, "<li><strong>");
			html_text(b, v->decisions[i].point);
			HTML_RAW(b, "</strong><br>");
			html_text(b, d->decision);
			if (d->why) {
				HTML_RAW(b, "（理由: ");
				html_text(b, d->why);
				HTML_RAW(b, "）");
			}
			HTML_RAW(b, " <small>");
			html_text(b, d->who);
			HTML_RAW(b, " ");
			view_time(b, v->decisions[i].at);
			HTML_RAW(b, "</small></li>");
		}
		HTML_RAW(b, "</ul>\n");
	}
	if (!can)
		return;
	for (size_t i = 0; i < n_open; i++)
		decision_form(r, b, f->inc.id, open[i].phase, open[i].point);
	HTML_RAW(b, "<details><summary>ほかの段階の判断ポイント</summary>\n");
	for (size_t p = 0; p < r->p->n_decisions; p++) {
		const struct mo_decision_phase *ph = &r->p->decisions[p];
		bool head = false;

		for (size_t k = 0; k < ph->n_points; k++) {
			bool listed = false;

			for (size_t i = 0; i < n_open; i++)
				listed |= open[i].point == &ph->points[k];
			if (listed || point_decided(&f->decisions, ph->id, ph->points[k].id))
				continue;
			if (!head) {
				HTML_RAW(b, "<h3>");
				html_text(b, ph->title ? ph->title : ph->id);
				HTML_RAW(b, "</h3>\n");
				head = true;
			}
			decision_form(r, b, f->inc.id, ph, &ph->points[k]);
		}
	}
	HTML_RAW(b, "</details>\n");
}

static void exports(struct web_req *r, struct buf *b, const struct inc *inc)
{
	if (r->who.role < ROLE_RESPONDER)
		return;
	HTML_RAW(b, "<h2>報告書の出力</h2>\n<p class=\"row\"><a");
	page_href(b, "/incidents/%lld/export/md", (long long)inc->id);
	HTML_RAW(b, ">Markdown</a> <a");
	page_href(b, "/incidents/%lld/export/html", (long long)inc->id);
	HTML_RAW(b, ">HTML</a> <a");
	page_href(b, "/incidents/%lld/export/json", (long long)inc->id);
	HTML_RAW(b, ">JSON</a>");
	if (doc_format_find("pdf")) {
		HTML_RAW(b, " <a");
		page_href(b, "/incidents/%lld/export/pdf", (long long)inc->id);
		HTML_RAW(b, ">PDF</a>");
	}
	HTML_RAW(b, "</p>\n");
}

/* The whole page for incident id, with error shown on top when given;
 * with err_key, the record form as posted and field_err next to that field. */
static int render_form(struct web_req *r, int64_t id, unsigned status, const char *error,
		       const char *err_key, const char *field_err)
{
	struct inc_full f;
	struct inc_view v;
	struct store *st;
	struct mo_err e;
	struct buf b;
	int rc;

	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st)
		return web_reply_fail(r, &e);
	rc = engine_load(st, id, &f, &e);
	if (rc < 0)
		return web_reply_fail(r, &e);
	if (rc > 0)
		return web_reply_error(r, 404, "not_found", "そのインシデントはありません");
	if (engine_view_init(&v, r->p, &f, time_now(), LABEL_JA, NULL, &e)) {
		inc_full_release(&f);
		return web_reply_fail(r, &e);
	}
	buf_init(&b, 0);
	page_start(r, &b, v.ref);
	if (error)
		page_error(&b, error);
	page_flash(r, &b);
	drill_banner(r, &b, st, id);
	header(&b, &v);
	if (r->who.role >= ROLE_RESPONDER)
		page_ack_block(r, &b, st, &f.inc);
	page_bcp_link(r, &b, st, &f.inc);
	if (r->who.role >= ROLE_RESPONDER) {
		page_filing_next(r, &b, st, &f.inc, v.now);
		checklist(r, &b, &v);
		actions(r, &b, &f.inc);
		decisions(r, &b, &v);
		filings(&b, &v);
	}
	timeline(r, &b, &v);
	record_form(r, &b, &v, err_key, field_err);
	if (r->who.role >= ROLE_RESPONDER)
		evidence(r, &b, &v);
	exports(r, &b, &f.inc);
	page_end(r, &b);
	engine_view_release(&v);
	inc_full_release(&f);
	return web_reply_page(r, status, &b);
}

static int render(struct web_req *r, int64_t id, unsigned status, const char *error)
{
	return render_form(r, id, status, error, NULL, NULL);
}

int page_incident(struct web_req *r)
{
	if (web_incident_visible(r, r->id))
		return 0;
	return render(r, r->id, 200, NULL);
}

/* ---- the forms ---- */

#define FIELDS_MAX 48

/* What a form posts: engine operations (engine/op.h) for the writer, and
 * where the browser goes after their commit. */
struct form_post {
	struct engine_ops ops; /* first: the writer's job takes &ops */
	const char *msg;       /* the flash after the redirect */
	const char *anchor;
};

static void form_free(void *arg)
{
	struct form_post *f = arg;

	if (!f)
		return;
	engine_ops_release(&f->ops);
	free(f);
}

static int form_done(struct web_req *r, int rc, const struct mo_err *e)
{
	struct form_post *f = r->arg;

	if (rc && mo_code_internal(e->code))
		return web_reply_err(r, e);
	if (rc)
		return render(r, r->id, mo_code_http(e->code), e->msg);
	return web_redirectf(r, "/incidents/%lld?msg=%s#%s", (long long)r->id, f->msg, f->anchor);
}

/* A field of the form as text kept with the post; NULL when absent or
 * empty. */
static const char *form_text(struct web_req *r, struct form_post *f, const char *key)
{
	const char *v = web_form(r, key);

	return v && *v ? engine_ops_str(&f->ops, v) : NULL;
}

/* Common to every form: the incident must be visible, the text typed must
 * be text. Returns the post, with one operation of kind on the incident in
 * *op unless op is NULL, or NULL when a reply was sent. */
static struct form_post *form_start(struct web_req *r, enum engine_op_kind kind, const char *msg,
				    const char *anchor, struct engine_op **op)
{
	struct form_post *f;

	if (web_incident_visible(r, r->id))
		return NULL;
	for (size_t i = 0; i < r->form.n; i++) {
		if (!web_text_ok(r->form.v[i].value, true)) {
			render(r, r->id, 422, "使えない文字が含まれています。");
			return NULL;
		}
	}
	f = malloc(sizeof(*f));
	if (f)
		engine_ops_init(&f->ops);
	if (f && op)
		*op = engine_ops_add(&f->ops, kind, r->id);
	if (!f || (op && !*op)) {
		form_free(f);
		web_reply_error(r, 500, "internal", "out of memory");
		return NULL;
	}
	f->msg = msg;
	f->anchor = anchor;
	return f;
}

static int form_submit(struct web_req *r, struct form_post *f)
{
	if (f->ops.failed) {
		form_free(f);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	if (web_submit(r, engine_ops_job, &f->ops, form_free, form_done))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}

/* Queues a change of field fd to value (taken: kept with the post, or
 * freed). 0, or -2 out of memory. */
static int form_field(struct web_req *r, struct form_post *f, const struct inc_field *fd,
		      char *value)
{
	struct engine_op *op =
		f->ops.n < FIELDS_MAX ? engine_ops_add(&f->ops, ENGINE_OP_FIELD, r->id) : NULL;

	if (op) {
		op->u.field.key = fd->key;
		op->u.field.value = engine_ops_str(&f->ops, value);
	}
	free(value);
	return f->ops.failed ? -2 : 0;
}

/* A date-and-time item of the record as posted (a datetime-local value
 * in the policy's zone, or typed): queued in f as UTC when it differs
 * from the stored instant. 0, -1 when posted is no date, -2 out of memory. */
static int time_field(struct web_req *r, const struct inc *inc, const struct inc_field *fd,
		      const char *posted, struct form_post *f)
{
	int64_t have = *(const int64_t *)((const char *)inc + fd->offset), want = MO_TIME_NONE;
	char utc[MO_TIME_MAX];

	while (*posted == ' ')
		posted++;
	if (*posted && time_parse_input(posted, r->p->org.timezone, time_now(), &want))
		return -1;
	/* datetime-local has no seconds: a stored :SS is not a change. */
	if (want == have || (want != MO_TIME_NONE && have != MO_TIME_NONE &&
			     want / 60 == have / 60 && strlen(posted) <= 16))
		return 0;
	if (want == MO_TIME_NONE)
		utc[0] = '\0';
	else
		time_format_utc(want, utc, sizeof(utc));
	return form_field(r, f, fd, strdup(utc));
}

int page_incident_fields(struct web_req *r)
{
	struct form_post *j = form_start(r, ENGINE_OP_FIELD, "saved", "record", NULL);
	struct inc_full f;
	struct store *st;
	struct mo_err e;
	int rc;

	if (!j)
		return 0;
	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	rc = st ? engine_load(st, r->id, &f, &e) : -1;
	if (rc) {
		form_free(j);
		return rc < 0 ? web_reply_fail(r, &e)
			      : web_reply_error(r, 404, "not_found",
						"そのインシデントはありません");
	}
	/* Only the fields that changed are written (each is a timeline event):
	 * compared whole, as the engine will store them (line ends as LF), so
	 * a textarea that comes back with CR LF is not a change. */
	for (size_t i = 0; i < inc_fields_count && j->ops.n < FIELDS_MAX; i++) {
		const struct inc_field *fd = &inc_fields[i];
		const char *posted = web_form(r, fd->key);
		bool ml = fd->type != FT_TEXT || engine_field_multiline(fd);
		char *want, *have = NULL;
		struct buf cur;
		bool same;

		if (!posted)
			continue;
		if (fd->type == FT_TIME) {
			int rc_t = time_field(r, &f.inc, fd, posted, j);

			if (rc_t == -2) {
				form_free(j);
				inc_full_release(&f);
				return web_reply_error(r, 500, "internal", "out of memory");
			}
			if (rc_t < 0) {
				char msg[300];

				snprintf(msg, sizeof(msg),
					 "「%s」の日時が読めません。2026/12/01 18:30 のように、"
					 "年/月/日 時:分で入力してください。",
					 fd->label);
				form_free(j);
				inc_full_release(&f);
				return render_form(r, r->id, 422,
						   "入力を確認してください。赤い説明の欄です。",
						   fd->key, msg);
			}
			continue;
		}
		buf_init(&cur, BUF_MAX_DEFAULT);
		want = engine_text_clean(posted, ml);
		if (want && field_value(r, &f.inc, fd, &cur) == 0)
			have = engine_text_clean(buf_str(&cur), ml);
		buf_release(&cur);
		if (!want || !have) {
			free(want);
			free(have);
			form_free(j);
			inc_full_release(&f);
			return web_reply_error(r, 500, "internal", "out of memory");
		}
		same = strcmp(have, want) == 0;
		free(have);
		if (same) {
			free(want);
			continue;
		}
		if (form_field(r, j, fd, want)) {
			form_free(j);
			inc_full_release(&f);
			return web_reply_error(r, 500, "internal", "out of memory");
		}
	}
	inc_full_release(&f);
	if (!j->ops.n) {
		form_free(j);
		return web_redirectf(r, "/incidents/%lld?msg=nochange#record", (long long)r->id);
	}
	return form_submit(r, j);
}

int page_incident_step(struct web_req *r)
{
	struct engine_op *op;
	struct form_post *j = form_start(r, ENGINE_OP_STEP, "step", "steps", &op);
	const char *state = web_form(r, "state");

	if (!j)
		return 0;
	if (!state || step_state_parse(state, &op->u.step.state)) {
		form_free(j);
		return render(r, r->id, 422, "手順の状態が正しくありません。");
	}
	op->u.step.n = r->n;
	op->u.step.note = form_text(r, j, "note");
	return form_submit(r, j);
}

int page_incident_note(struct web_req *r)
{
	struct engine_op *op;
	struct form_post *j = form_start(r, ENGINE_OP_NOTE, "note", "timeline", &op);

	if (!j)
		return 0;
	op->u.note.text = form_text(r, j, "text");
	if (!op->u.note.text && !j->ops.failed) {
		form_free(j);
		return render(r, r->id, 422, "記録する内容を入力してください。");
	}
	return form_submit(r, j);
}

int page_incident_status(struct web_req *r)
{
	struct engine_op *op;
	struct form_post *j = form_start(r, ENGINE_OP_STATUS, "status", "actions", &op);
	const char *status = web_form(r, "status");

	if (!j)
		return 0;
	if (!status || inc_status_parse(status, &op->u.status.to) ||
	    op->u.status.to == INC_CLOSED) {
		form_free(j);
		return render(r, r->id, 422, "状況が正しくありません。");
	}
	op->u.status.reason = form_text(r, j, "reason");
	return form_submit(r, j);
}

int page_incident_level(struct web_req *r)
{
	struct engine_op *op;
	struct form_post *j = form_start(r, ENGINE_OP_LEVEL, "level", "actions", &op);
	const char *level = web_form(r, "level");

	if (!j)
		return 0;
	/* One digit: MO_LEVEL_MAX is 9; engine_set_level checks the policy's. */
	if (!level || strlen(level) != 1 || level[0] < '0' || level[0] > '0' + MO_LEVEL_MAX) {
		form_free(j);
		return render(r, r->id, 422, "事故レベルが正しくありません。");
	}
	op->u.level.level = level[0] - '0';
	op->u.level.reason = form_text(r, j, "reason");
	return form_submit(r, j);
}

int page_incident_close(struct web_req *r)
{
	struct engine_op *op;
	struct form_post *j = form_start(r, ENGINE_OP_CLOSE, "closed", "actions", &op);

	if (!j)
		return 0;
	op->u.close.cause = form_text(r, j, "cause");
	op->u.close.measures = form_text(r, j, "measures");
	op->u.close.lessons = form_text(r, j, "lessons");
	return form_submit(r, j);
}

int page_incident_category(struct web_req *r)
{
	struct engine_op *op;
	struct form_post *j = form_start(r, ENGINE_OP_CATEGORY, "category", "actions", &op);

	if (!j)
		return 0;
	op->u.category.category = form_text(r, j, "category");
	op->u.category.reason = form_text(r, j, "reason");
	return form_submit(r, j);
}

int page_incident_dismiss(struct web_req *r)
{
	struct engine_op *op;
	struct form_post *j = form_start(r, ENGINE_OP_DISMISS, "closed", "actions", &op);
	const char *dup = web_form(r, "duplicate_of");

	if (!j)
		return 0;
	op->u.dismiss.how = ENGINE_FALSE_ALARM;
	if (dup && *dup) {
		if (engine_parse_ref(dup, &op->u.dismiss.dup_of)) {
			form_free(j);
			return render(r, r->id, 422,
				      "重複の元のインシデントは INC-0001 の形で入力してください。");
		}
		op->u.dismiss.how = ENGINE_DUPLICATE;
	}
	op->u.dismiss.reason = form_text(r, j, "reason");
	return form_submit(r, j);
}

int page_incident_decision(struct web_req *r)
{
	struct engine_op *op;
	struct form_post *j = form_start(r, ENGINE_OP_DECIDE, "decision", "decisions", &op);

	if (!j)
		return 0;
	op->u.decide.point = form_text(r, j, "point");
	op->u.decide.decision = form_text(r, j, "decision");
	op->u.decide.why = form_text(r, j, "why");
	if ((!op->u.decide.point || !op->u.decide.decision) && !j->ops.failed) {
		form_free(j);
		return render(r, r->id, 422, "「判断」を入力してください。");
	}
	return form_submit(r, j);
}

int page_incident_reopen(struct web_req *r)
{
	struct engine_op *op;
	struct form_post *j = form_start(r, ENGINE_OP_REOPEN, "reopened", "actions", &op);

	if (!j)
		return 0;
	op->u.reopen.to = INC_CLOSED; /* the status it was closed from */
	op->u.reopen.reason = form_text(r, j, "reason");
	return form_submit(r, j);
}

int page_incident_evidence(struct web_req *r)
{
	struct engine_op *op;
	struct form_post *j = form_start(r, ENGINE_OP_EVIDENCE, "evidence", "evidence", &op);

	if (!j)
		return 0;
	if (!r->up.path[0]) {
		form_free(j);
		return render(r, r->id, 422, "ファイルを選んでください。");
	}
	/* The upload's temporary path means nothing to a reader: the name the
	 * browser gave is shown and recorded as the source. */
	op->u.evidence.path = engine_ops_str(&j->ops, r->up.path);
	op->u.evidence.name = engine_ops_str(&j->ops, r->up.name);
	op->u.evidence.source = op->u.evidence.name;
	op->u.evidence.note = form_text(r, j, "note");
	return form_submit(r, j);
}

/* Evidence file {n} of incident {id}, as kept (responders; the route
 * table checks the role, web_incident_visible the incident). */
int page_incident_evidence_get(struct web_req *r)
{
	struct inc_full f;
	struct store *st;
	struct mo_err e;
	const struct evidence *ev = NULL;
	char path[sizeof(r->srv->evidence_dir) + 512], name[256];
	struct stat sb;
	int rc, fd;

	if (web_incident_visible(r, r->id))
		return 0;
	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	rc = st ? engine_load(st, r->id, &f, &e) : -1;
	if (rc)
		return rc < 0 ? web_reply_fail(r, &e)
			      : web_reply_error(r, 404, "not_found",
						"そのインシデントはありません");
	for (size_t i = 0; i < f.evidence.n; i++)
		if (f.evidence.v[i].n == r->n)
			ev = &f.evidence.v[i];
	/* The stored path is the engine's own; a ".." in it all the same
	 * never leaves the evidence folder. */
	if (!ev || !ev->file || strstr(ev->file, "..") || ev->file[0] == '/' ||
	    (size_t)snprintf(path, sizeof(path), "%s/%s", r->srv->evidence_dir, ev->file) >=
		    sizeof(path)) {
		inc_full_release(&f);
		return web_reply_error(r, 404, "not_found", "その証拠はありません");
	}
	snprintf(name, sizeof(name), "%s", ev->name ? ev->name : "evidence");
	inc_full_release(&f);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		if (fd >= 0)
			close(fd);
		return web_reply_error(r, 404, "not_found", "証拠のファイルが見つかりません");
	}
	return web_reply_file(r, fd, (uint64_t)sb.st_size, name);
}

int page_incident_export(struct web_req *r)
{
	static const struct {
		const char *format, *type, *ext;
	} types[] = {
		{"md", "text/markdown; charset=utf-8", "md"},
		{"html", "text/html; charset=utf-8", "html"},
		{"json", "application/json", "json"},
		{"pdf", "application/pdf", "pdf"},
	};
	struct inc_full f;
	struct store *st;
	struct mo_err e;
	struct buf b;
	char name[64], ref[32];
	size_t i;
	int rc;

	for (i = 0; i < MO_ARRAY_SIZE(types); i++)
		if (strcmp(types[i].format, r->token) == 0)
			break;
	if (i == MO_ARRAY_SIZE(types) ||
	    (strcmp(types[i].format, "json") != 0 && !doc_format_find(types[i].format)))
		return web_reply_error(r, 404, "not_found", "その形式では出力できません");
	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	rc = st ? engine_load(st, r->id, &f, &e) : -1;
	if (rc)
		return rc < 0 ? web_reply_fail(r, &e)
			      : web_reply_error(r, 404, "not_found",
						"そのインシデントはありません");
	buf_init(&b, 0);
	rc = incident_write(r->p, &f, time_now(), types[i].format, &b, &e);
	inc_full_release(&f);
	if (rc || b.failed) {
		buf_release(&b);
		return web_reply_error(r, 500, "internal", e.msg[0] ? e.msg : "out of memory");
	}
	engine_ref(r->id, ref, sizeof(ref));
	snprintf(name, sizeof(name), "%s.%s", ref, types[i].ext);
	rc = web_reply(r, 200, REPLY_DOWNLOAD, types[i].type, buf_str(&b), b.len, NULL, name);
	buf_release(&b);
	return rc;
}
