/* The Report page (報告): a short guided form for any employee, with an
 * account or through the report link. What they noticed is one of the
 * policy's signs, as people say it; the impact questions are the level
 * table's. On submit they see at once what to do and not to do (the
 * policy's do/don't and self-help steps), the incident number, and who has
 * it. The form becomes the same JSON the API takes (engine_report_parse),
 * so both are checked by one reader. */
#include "web/webInt.h"
#include "engine/linktoken.h"
#include "engine/op.h"
#include "util/timefmt.h"

#define OTHER "other"

/* The form as typed, for showing it again with an error. */
struct report_form {
	const char *sign;
	const char *category;
	const char *when;
	const char *device;
	const char *details;
	const char *title;
	const char *name;
	const char *contact;
	const char *once; /* the form's one-time key (report once) */
	unsigned impact;
	const char *err_key; /* the field the error is about, shown next to it */
	const char *err;
};

/* This path: /report, or /r/TOKEN for the link. */
static void form_action(struct web_req *r, struct buf *b)
{
	if (r->token[0])
		page_action(b, "/r/%s", r->token);
	else
		page_action(b, "/report");
}

static void now_local(struct web_req *r, char *out, size_t size)
{
	char rfc[MO_TIME_MAX];

	engine_time_rfc(r->p, time_now(), rfc, sizeof(rfc));
	/* "2026-11-22T10:00:00+09:00" → "2026-11-22T10:00" */
	snprintf(out, size, "%.16s", rfc);
}

static void radio(struct buf *b, const char *name, const char *value, bool checked)
{
	HTML_RAW(b, "<input type=\"radio\"");
	html_attr(b, "name", name);
	html_attr(b, "value", value);
	if (checked)
		HTML_RAW(b, " checked");
	HTML_RAW(b, ">");
}

static void signs_fieldset(struct web_req *r, struct buf *b, const struct report_form *f)
{
	const struct policy *p = r->p;
	bool has_other = false;

	HTML_RAW(b, "<fieldset id=\"sign\"><legend>何に気づきましたか</legend>\n");
	if (f->err_key && strcmp(f->err_key, "sign") == 0)
		page_field_error(b, "sign", f->err);
	for (size_t i = 0; i < p->n_signs; i++) {
		has_other |= strcmp(p->signs[i].id, OTHER) == 0;
		HTML_RAW(b, "<label class=\"check\">");
		radio(b, "sign", p->signs[i].id, f->sign && strcmp(f->sign, p->signs[i].id) == 0);
		HTML_RAW(b, "<span>");
		html_text(b, p->signs[i].label);
		HTML_RAW(b, "</span></label>\n");
	}
	/* The policy usually has its own "other" sign; add one when not. */
	if (!has_other) {
		HTML_RAW(b, "<label class=\"check\">");
		radio(b, "sign", OTHER, f->sign && strcmp(f->sign, OTHER) == 0);
		HTML_RAW(b, "<span>その他</span></label>\n");
	}
	HTML_RAW(b, "<details");
	if ((f->sign && strcmp(f->sign, OTHER) == 0) ||
	    (f->err_key && strcmp(f->err_key, "category") == 0))
		HTML_RAW(b, " open");
	HTML_RAW(b,
		 "><summary>「その他」のときは、近いものも選んでください（分かれば）</summary>\n");
	if (f->err_key && strcmp(f->err_key, "category") == 0)
		page_field_error(b, "category", f->err);
	for (size_t i = 0; i < p->n_categories; i++) {
		HTML_RAW(b, "<label class=\"check\">");
		radio(b, "category", p->categories[i].id,
		      f->category && strcmp(f->category, p->categories[i].id) == 0);
		HTML_RAW(b, "<span>");
		html_text(b, p->categories[i].name);
		if (p->categories[i].description) {
			HTML_RAW(b, " <small>");
			html_text(b, p->categories[i].description);
			HTML_RAW(b, "</small>");
		}
		HTML_RAW(b, "</span></label>\n");
	}
	HTML_RAW(b, "</details></fieldset>\n");
}

static void impact_fieldset(struct web_req *r, struct buf *b, const struct report_form *f)
{
	const struct policy *p = r->p;

	HTML_RAW(b, "<fieldset><legend>影響（当てはまるものすべて）</legend>\n");
	/* The impact answers that the policy's triage rules read. */
	for (size_t i = 0; i < ENGINE_IMPACTS; i++) {
		const struct engine_impact *im = &engine_impacts[i];
		bool used = false;

		for (size_t k = 0; k < p->n_triage; k++)
			used = used ||
			       ((p->triage[k].any | p->triage[k].all | p->triage[k].unless) &
				im->cond);
		if (!used)
			continue;
		HTML_RAW(b, "<label class=\"check\"><input type=\"checkbox\" name=\"impact\"");
		html_attr(b, "value", im->key);
		if (f->impact & im->bit)
			HTML_RAW(b, " checked");
		HTML_RAW(b, "><span>");
		html_text(b, policy_condition_label(im->cond));
		HTML_RAW(b, "</span></label>\n");
	}
	HTML_RAW(b, "<p class=\"muted\">分からなければ空欄で構いません。担当者が判断します。</p>\n"
		    "</fieldset>\n");
}

static void text_input(struct buf *b, const char *id, const char *label, const char *value,
		       const char *placeholder, bool required, const struct report_form *f)
{
	const char *msg = f->err_key && strcmp(f->err_key, id) == 0 ? f->err : NULL;

	HTML_RAW(b, "<label");
	html_attr(b, "for", id);
	HTML_RAW(b, ">");
	html_text(b, label);
	HTML_RAW(b, "</label><input type=\"text\"");
	html_attr(b, "id", id);
	html_attr(b, "name", id);
	html_attr(b, "value", value ? value : "");
	if (placeholder)
		html_attr(b, "placeholder", placeholder);
	if (required)
		HTML_RAW(b, " required");
	page_field_invalid(b, id, msg);
	HTML_RAW(b, " maxlength=\"200\">");
	page_field_error(b, id, msg);
	HTML_RAW(b, "\n");
}

static int report_form(struct web_req *r, unsigned status, const char *error,
		       const struct report_form *f)
{
	char now[32], once[64];
	struct buf b;

	now_local(r, now, sizeof(now));
	buf_init(&b, 0);
	page_start(r, &b, "報告する");
	HTML_RAW(&b, "<h1>インシデントを報告する</h1>\n"
		     "<p class=\"lead\">おかしいと思ったら、そのまま教えてください。"
		     "分かる範囲で構いません。1分で終わります。</p>\n");
	if (error)
		page_error(&b, error);
	else if (f->err)
		page_error(&b, "入力を確認してください。下の赤い説明の欄です。");
	/* A fresh one-time key per form shown (kept through an error): the
	 * same form sent twice files one incident. */
	if (f->once && *f->once && strlen(f->once) < sizeof(once))
		snprintf(once, sizeof(once), "%s", f->once);
	else
		auth_token_new(once, sizeof(once));
	HTML_RAW(&b, "<form method=\"post\" enctype=\"multipart/form-data\"");
	form_action(r, &b);
	HTML_RAW(&b, ">");
	page_csrf(r, &b);
	HTML_RAW(&b, "<input type=\"hidden\" name=\"once\"");
	html_attr(&b, "value", once);
	HTML_RAW(&b, ">\n");
	signs_fieldset(r, &b, f);
	HTML_RAW(&b, "<label for=\"when\">いつ気づきましたか</label>");
	page_datetime(r, &b, "when", "when", f->when && *f->when ? f->when : now,
		      f->err_key && strcmp(f->err_key, "when") == 0 ? f->err : NULL);
	text_input(&b, "device", "どの機器ですか", f->device,
		   "例: 経理部のノートPC、業務用スマートフォン", false, f);
	impact_fieldset(r, &b, f);
	HTML_RAW(&b,
		 "<label for=\"details\">詳しく（見たこと、したこと）</label>"
		 "<textarea id=\"details\" name=\"details\" maxlength=\"20000\" "
		 "placeholder=\"例: 画面に英語の脅迫文が出て、共有フォルダのファイルが開けない\">");
	html_text(&b, f->details);
	HTML_RAW(&b, "</textarea>\n<label for=\"photo\">画面の写真やファイル（任意）</label>"
		     "<input type=\"file\" id=\"photo\" name=\"file\" accept=\"image/*,*/*\">"
		     "<p class=\"muted\">スマートフォンで画面を撮った写真などを付けられます。"
		     "証拠として保全されます。</p>\n");
	text_input(&b, "title", "件名（空欄なら選んだ内容から作ります）", f->title, NULL, false, f);
	if (r->who.kind == WHO_USER) {
		HTML_RAW(&b, "<p>報告者: ");
		html_text(&b, r->who.name);
		HTML_RAW(&b, "</p>\n");
		text_input(&b, "contact", "連絡先（内線・携帯など）", f->contact, NULL, false, f);
	} else {
		text_input(&b, "name", "お名前・部署", f->name, NULL, true, f);
		text_input(&b, "contact", "連絡先（内線・携帯など）", f->contact, NULL, false, f);
	}
	HTML_RAW(&b,
		 "<p class=\"submit\"><button type=\"submit\">報告する</button></p>\n</form>\n");
	page_end(r, &b);
	return web_reply_page(r, status, &b);
}

int page_report(struct web_req *r)
{
	struct report_form f;

	memset(&f, 0, sizeof(f));
	return report_form(r, 200, NULL, &f);
}

/* ---- submit ---- */

/* How long a reporter's follow-up link works. */
#define FOLLOWUP_SECONDS (366 * 24 * 3600)

/* The report as engine operations (engine/op.h) for the writer: the
 * incident created (with the form's one-time key, the reporter as its
 * owner, the discoverer's step done by filing it), the photo kept as its
 * evidence, and the reporter's follow-up link made for it. A form sent
 * again finds its incident and only gets a link. */
struct report_post {
	struct engine_ops ops;	      /* first: the writer's job takes &ops */
	char followup[LINKTOKEN_MAX]; /* the reporter's private link */
};

static void report_free(void *arg)
{
	struct report_post *p = arg;

	if (!p)
		return;
	engine_ops_release(&p->ops);
	free(p);
}

static void list_items(struct buf *b, const char *const *v, size_t n, bool ordered)
{
	if (!n)
		return;
	if (ordered)
		HTML_RAW(b, "<ol>");
	else
		HTML_RAW(b, "<ul>");
	for (size_t i = 0; i < n; i++) {
		HTML_RAW(b, "<li>");
		html_text(b, v[i]);
		HTML_RAW(b, "</li>");
	}
	if (ordered)
		HTML_RAW(b, "</ol>\n");
	else
		HTML_RAW(b, "</ul>\n");
}

static void contacts(struct buf *b, const struct actions *a)
{
	if (!a->n_contacts)
		return;
	HTML_RAW(b, "<h2>連絡先</h2>\n<ul>");
	for (size_t i = 0; i < a->n_contacts; i++) {
		const struct mo_person *p = a->contacts[i];

		HTML_RAW(b, "<li>");
		html_text(b, p->name);
		if (p->phone) {
			HTML_RAW(b, " 電話 ");
			if (!policy_is_placeholder(p->phone)) {
				char tel[80];

				snprintf(tel, sizeof(tel), "tel:%s", p->phone);
				HTML_RAW(b, "<a");
				if (!html_url_attr(b, "href", tel))
					HTML_RAW(b, " href=\"#\"");
				HTML_RAW(b, ">");
				html_text(b, p->phone);
				HTML_RAW(b, "</a>");
			} else {
				html_text(b, p->phone);
			}
		}
		if (p->email) {
			HTML_RAW(b, " メール ");
			html_text(b, p->email);
		}
		HTML_RAW(b, "</li>");
	}
	HTML_RAW(b, "</ul>\n");
}

/* Filed (or found filed by the same form): 303 to the reporter's
 * follow-up page, which says what to do now (POST → redirect → GET: a
 * reload asks nothing again). */
static int report_done(struct web_req *r, int rc, const struct mo_err *e)
{
	struct report_post *p = r->arg;
	char path[LINKTOKEN_MAX + 32];

	if (rc)
		return web_reply_fail(r, e);
	snprintf(path, sizeof(path), "/f/%s?new=1", p->followup);
	return web_redirect(r, path);
}

/* What to do now: the incident's number, level and owner, whom the report
 * told, the policy's do/don't and self-help for it, and whom to call. */
void report_guidance(struct web_req *r, struct buf *b, const struct inc *inc)
{
	const struct mo_role *owner;
	struct actions a;

	engine_actions(r->p, inc, &a);
	owner = policy_role(r->p, inc->owner_role);
	HTML_RAW(b, "<p class=\"lead\">受付番号 <span class=\"big\">");
	page_ref(b, inc->id);
	HTML_RAW(b, "</span> ");
	page_level(b, inc->level);
	HTML_RAW(b, "</p>\n<p>件名: ");
	html_text(b, inc->title);
	HTML_RAW(b, "</p>\n<p>担当: <strong>");
	html_text(b, inc->owner);
	if (owner) {
		HTML_RAW(b, "（");
		html_text(b, owner->title);
		HTML_RAW(b, "）");
	}
	HTML_RAW(b, "</strong></p>\n");
	/* what the outbox holds for this report, not what we hope */
	notify_told_html(r, b, inc->id);
	if (a.n_do || a.n_steps) {
		HTML_RAW(b, "<div class=\"box do\"><h2>いますぐすること</h2>\n");
		list_items(b, a.do_now, a.n_do, false);
		for (size_t i = 0; i < a.n_steps; i++) {
			if (i == 0)
				HTML_RAW(b, "<ul>");
			HTML_RAW(b, "<li>");
			html_text(b, a.steps[i]->action);
			HTML_RAW(b, "</li>");
			if (i + 1 == a.n_steps)
				HTML_RAW(b, "</ul>\n");
		}
		HTML_RAW(b, "</div>\n");
	}
	if (a.n_dont) {
		HTML_RAW(b, "<div class=\"box dont\"><h2>してはいけないこと</h2>\n");
		list_items(b, a.dont, a.n_dont, false);
		HTML_RAW(b, "</div>\n");
	}
	if (a.self_help) {
		HTML_RAW(b, "<h2>");
		html_text(b, a.self_help->title);
		HTML_RAW(b, "</h2>\n");
		if (a.self_help->intro) {
			HTML_RAW(b, "<p>");
			html_text(b, a.self_help->intro);
			HTML_RAW(b, "</p>\n");
		}
		list_items(b, a.self_help->steps.v, a.self_help->steps.n, true);
		if (a.self_help->escalate_if.n) {
			HTML_RAW(
				b,
				"<p><strong>次のときは作業をやめて、すぐ連絡してください。</strong></p>\n");
			list_items(b, a.self_help->escalate_if.v, a.self_help->escalate_if.n,
				   false);
		}
	}
	contacts(b, &a);
}

/* What the reporter typed or the datetime-local field sent, in the
 * policy's zone (util's one parser) → RFC 3339. */
static int local_to_rfc(struct web_req *r, const char *local, char *out, size_t size)
{
	int64_t t;

	if (time_parse_input(local, r->p->org.timezone, time_now(), &t))
		return -1;
	time_format_utc(t, out, size);
	return 0;
}

static void read_form(struct web_req *r, struct report_form *f)
{
	const char *impacts[8];
	size_t n = web_form_all(r, "impact", impacts, MO_ARRAY_SIZE(impacts));

	memset(f, 0, sizeof(*f));
	f->sign = web_form(r, "sign");
	f->category = web_form(r, "category");
	f->when = web_form(r, "when");
	f->device = web_form(r, "device");
	f->details = web_form(r, "details");
	f->title = web_form(r, "title");
	f->name = web_form(r, "name");
	f->contact = web_form(r, "contact");
	f->once = web_form(r, "once");
	for (size_t i = 0; i < n; i++)
		f->impact |= engine_impact_parse(impacts[i]);
}

static bool blank(const char *s)
{
	return !s || !*s;
}

/* The form as the JSON report the engine reads. */
static json_t *form_json(struct web_req *r, struct report_form *f, char *err, size_t size)
{
	const struct mo_sign *sign = NULL;
	json_t *o = json_object(), *imp = json_object();
	struct buf title, desc;
	char when[64];
	int add = 0;

	for (size_t i = 0; f->sign && i < r->p->n_signs; i++)
		if (strcmp(r->p->signs[i].id, f->sign) == 0)
			sign = &r->p->signs[i];
	if (!sign && (blank(f->sign) || strcmp(f->sign, OTHER) != 0)) {
		snprintf(err, size, "「何に気づきましたか」から、ひとつ選んでください。");
		f->err_key = "sign";
		goto fail;
	}
	if (!sign && blank(f->category)) {
		snprintf(err, size, "「その他」のときは、近いものを選んでください。");
		f->err_key = "category";
		goto fail;
	}
	if (r->who.kind != WHO_USER && blank(f->name)) {
		snprintf(err, size, "「お名前・部署」を入力してください。");
		f->err_key = "name";
		goto fail;
	}
	buf_init(&title, 4096);
	buf_init(&desc, 64 * 1024);
	if (!blank(f->title))
		add |= buf_adds(&title, f->title);
	else if (sign)
		add |= buf_adds(&title, sign->label);
	else
		add |= buf_adds(&title, "その他の事象");
	if (blank(f->title) && !blank(f->device))
		add |= buf_addf(&title, "（%s）", f->device);
	if (!blank(f->details))
		add |= buf_adds(&desc, f->details);
	if (!blank(f->device))
		add |= buf_addf(&desc, "%s機器: %s", desc.len ? "\n" : "", f->device);
	if (add || title.failed || desc.failed) {
		buf_release(&title);
		buf_release(&desc);
		snprintf(err, size, "入力が長すぎます。");
		goto fail;
	}
	json_object_set_new(o, "title", json_string(buf_str(&title)));
	json_object_set_new(o, "description", json_string(buf_str(&desc)));
	buf_release(&title);
	buf_release(&desc);
	if (sign)
		json_object_set_new(o, "sign", json_string(sign->id));
	if (!blank(f->category) && (!sign || strcmp(sign->id, OTHER) == 0))
		json_object_set_new(o, "category", json_string(f->category));
	if (!blank(f->when)) {
		if (local_to_rfc(r, f->when, when, sizeof(when))) {
			snprintf(err, size,
				 "「いつ気づきましたか」の日時が読めません。2026/12/01 18:30 "
				 "のように、年/月/日 時:分で入力してください。");
			f->err_key = "when";
			goto fail;
		}
		json_object_set_new(o, "discovered_at", json_string(when));
	}
	json_object_set_new(o, "reporter",
			    json_pack("{s:s,s:s?,s:b}", "name",
				      r->who.kind == WHO_USER ? r->who.name : f->name, "contact",
				      blank(f->contact) ? NULL : f->contact, "external", 0));
	for (size_t i = 0; i < ENGINE_IMPACTS; i++)
		json_object_set_new(imp, engine_impacts[i].key,
				    json_boolean(f->impact & engine_impacts[i].bit));
	json_object_set_new(o, "impact", imp);
	return o;
fail:
	json_decref(o);
	json_decref(imp);
	return NULL;
}

/* The batch for the form's report inc (parsed into p's batch): 0, or -1
 * out of memory. */
static int report_ops(struct web_req *r, struct report_post *p, const struct report_form *f,
		      struct engine_op *create)
{
	struct engine_op *op;

	create->u.create.principal = engine_ops_str(&p->ops, r->who.id);
	create->u.create.filed = true;
	if (f->once && *f->once) {
		char hash[STORE_HASH_HEX];

		auth_token_hash(f->once, hash);
		create->u.create.once = engine_ops_str(&p->ops, hash);
	}
	if (r->up.path[0]) {
		op = engine_ops_add(&p->ops, ENGINE_OP_EVIDENCE, ENGINE_OP_CREATED);
		if (!op)
			return -1;
		op->u.evidence.path = engine_ops_str(&p->ops, r->up.path);
		op->u.evidence.name = engine_ops_str(&p->ops, r->up.name);
		op->u.evidence.source = op->u.evidence.name;
		op->u.evidence.note = "報告と一緒に送られたファイル";
	}
	op = engine_ops_add(&p->ops, ENGINE_OP_LINK, ENGINE_OP_CREATED);
	if (!op)
		return -1;
	op->u.link.purpose = WEB_FOLLOWUP_PURPOSE;
	op->u.link.recipient = create->u.create.principal;
	op->u.link.seconds = FOLLOWUP_SECONDS;
	op->u.link.out = p->followup;
	return p->ops.failed ? -1 : 0;
}

int page_report_post(struct web_req *r)
{
	struct report_form f;
	struct report_post *p;
	struct engine_op *create = NULL;
	struct inc *inc = NULL;
	struct mo_err e;
	char err[300], *text;
	json_t *o;

	read_form(r, &f);
	for (size_t i = 0; i < r->form.n; i++)
		if (!web_text_ok(r->form.v[i].value, true))
			return report_form(r, 422, "使えない文字が含まれています。", &f);
	o = form_json(r, &f, err, sizeof(err));
	if (!o) {
		f.err = err;
		return report_form(r, 422, f.err_key ? NULL : err, &f);
	}
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	p = malloc(sizeof(*p));
	if (p) {
		memset(p->followup, 0, sizeof(p->followup));
		engine_ops_init(&p->ops);
		create = engine_ops_add(&p->ops, ENGINE_OP_CREATE, 0);
		inc = create ? engine_ops_inc(&p->ops) : NULL;
	}
	if (!text || !inc) {
		free(text);
		report_free(p);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	create->u.create.inc = inc;
	mo_err_clear(&e);
	if (engine_report_parse(r->p, text, strlen(text), "form", time_now(), inc, &e)) {
		free(text);
		report_free(p);
		return report_form(r, 422, e.msg, &f);
	}
	free(text);
	if (report_ops(r, p, &f, create)) {
		report_free(p);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	if (web_submit(r, engine_ops_job, &p->ops, report_free, report_done))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}
