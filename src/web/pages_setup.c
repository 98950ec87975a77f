/* The guided setup in Admin (かんたん設定): the template's placeholders as
 * short one-column forms, one group of questions a page (policy/setup.h).
 * The same pages edit the answers later without YAML. Each page's answers
 * are checked field by field (errors next to the fields, values kept), then
 * written into policy.yaml keeping its comments and saved as a revision
 * (revise_save: checked before it replaces anything), and the server takes
 * the new policy at once. Admin only. */
#include "web/pages_setup.h"
#include "engine/owner.h"
#include "policy/setup.h"
#include "revise/revise.h"
#include "util/fs.h"

/* The pages, in order: one group of questions each (titles and leads in
 * questions.c, shared with the terminal). */
static const char *const steps[] = {"company", "people", "contacts", "bcp", "outside", "review"};

#define N_STEPS ((int)MO_ARRAY_SIZE(steps))

/* One save at a time: each reads the policy it changes. */
static pthread_mutex_t setup_lock = PTHREAD_MUTEX_INITIALIZER;

void setup_lock_take(void)
{
	pthread_mutex_lock(&setup_lock);
}

void setup_lock_give(void)
{
	pthread_mutex_unlock(&setup_lock);
}

const char *setup_chat_fault(struct web_req *r, const char *chat)
{
	if (!chat || !*chat || revise_chat_known(r->srv->data_dir, chat) != 0)
		return NULL;
	return "notify.yaml にこの名前のチャット（webhooks の id）がありません。"
	       "notify.yaml に加えるか、空欄にしてください。";
}

/* The data folder's policy text, or the built-in one (malloc'd). */
char *setup_policy_text(struct web_req *r, size_t *len, struct mo_err *e)
{
	char *text = NULL;

	if (!fs_exists(r->srv->policy_path)) {
		text = malloc(policy_default_yaml_len + 1);
		if (!text) {
			mo_err_oom(e, NULL);
			return NULL;
		}
		memcpy(text, policy_default_yaml, policy_default_yaml_len + 1);
		*len = policy_default_yaml_len;
		return text;
	}
	if (fs_read_file(r->srv->policy_path, POLICY_MAX_BYTES, &text, len, e))
		return NULL;
	return text;
}

static int load_questions(struct web_req *r, struct setup_questions *q, struct mo_err *e)
{
	size_t len = 0;
	char *text = setup_policy_text(r, &len, e);
	int rc;

	if (!text)
		return -1;
	rc = setup_questions_load(q, text, len, e);
	free(text);
	return rc;
}

static size_t open_in(const struct setup_questions *q, const char *group)
{
	size_t n = 0;

	for (size_t i = 0; i < q->n; i++)
		n += q->v[i].open && strcmp(q->v[i].group, group) == 0;
	return n;
}

static size_t count_in(const struct setup_questions *q, const char *group)
{
	size_t n = 0;

	for (size_t i = 0; i < q->n; i++)
		n += strcmp(q->v[i].group, group) == 0;
	return n;
}

void page_setup_banner(struct web_req *r, struct buf *b)
{
	size_t n;

	if (r->who.role < ROLE_ADMIN || !r->p)
		return;
	n = policy_placeholder_count(r->p);
	if (!n)
		return;
	HTML_RAW(b, "<div class=\"box dont\" id=\"setup-banner\"><p><strong>マニュアルにまだ ");
	page_int(b, (long long)n);
	HTML_RAW(b, " か所の未記入（〇〇・****）があります。</strong>"
		    "会社の名前、役割を担う人と連絡先などを質問に答えて埋めてください（YAML "
		    "を開く必要はありません）。</p><p><a class=\"button\" href=\"/admin/setup\">"
		    "かんたん設定をはじめる</a></p></div>\n");
}

int page_setup(struct web_req *r)
{
	struct setup_questions q;
	struct mo_err e;
	struct buf b;
	size_t open;
	int first = 0;

	mo_err_clear(&e);
	if (load_questions(r, &q, &e))
		return web_reply_err(r, &e);
	open = setup_questions_open(&q);
	buf_init(&b, 0);
	page_start(r, &b, "かんたん設定");
	HTML_RAW(&b, "<h1>かんたん設定</h1>\n");
	page_flash(r, &b);
	if (open) {
		HTML_RAW(&b,
			 "<p class=\"lead\">雛形の未記入を、質問に答えて埋めます。残り <strong>");
		page_int(&b, (long long)open);
		HTML_RAW(&b, " 問</strong>。1 ページずつ保存され、保存のたびにマニュアル（PDF）"
			     "とカードが作り直されます。</p>\n");
	} else {
		HTML_RAW(&b,
			 "<div class=\"box do\" id=\"setup-done\"><p><strong>未記入はありません。"
			 "</strong>自社のマニュアルになりました。印刷して配り、カードを携帯して"
			 "ください。</p><p class=\"row\"><a class=\"button\" "
			 "href=\"/manual/download/manual.pdf\">マニュアル（PDF）</a>"
			 "<a class=\"button\" href=\"/manual/download/card.pdf\">緊急連絡カード"
			 "（PDF）</a><a href=\"/manual\">画面で見る</a></p></div>\n"
			 "<p>あとから変えるときも、下の各ページで直せます（YAML "
			 "を開く必要はありません）。</p>\n");
	}
	HTML_RAW(&b, "<ol class=\"steps\">\n");
	for (int i = 0; i < N_STEPS; i++) {
		size_t o = open_in(&q, steps[i]), all = count_in(&q, steps[i]);

		if (!all)
			continue;
		if (o && !first)
			first = i + 1;
		HTML_RAW(&b, "<li><a");
		page_href(&b, "/admin/setup/%d", i + 1);
		HTML_RAW(&b, ">");
		html_text(&b, setup_group_title(steps[i]));
		HTML_RAW(&b, "</a> — ");
		if (o) {
			HTML_RAW(&b, "<strong>未記入 ");
			page_int(&b, (long long)o);
			HTML_RAW(&b, "</strong> / ");
		} else {
			HTML_RAW(&b, "記入済み / ");
		}
		page_int(&b, (long long)all);
		HTML_RAW(&b, " 問</li>\n");
	}
	HTML_RAW(&b,
		 "<li><a href=\"/admin/setup/roles\">役割と責任者</a> — だれがどの役割を務めるか、"
		 "事故レベルごとの責任者</li>\n</ol>\n"
		 "<h2>あとから直す</h2>\n<ul class=\"steps\">\n"
		 "<li><a href=\"/admin/setup/people\">人の追加と削除</a></li>\n"
		 "<li><a href=\"/admin/setup/escalation\">連絡の順番（エスカレーション）</a> — "
		 "だれに最初に知らせ、何分後にだれに</li>\n"
		 "<li><a href=\"/admin/setup/signs\">兆候ごとの「すること・しないこと」</a></li>\n"
		 "<li><a href=\"/admin/setup/checks\">平時の点検（担当と間隔）</a></li>\n"
		 "<li><a href=\"/admin/setup/bcp\">事業継続（BCP）のシステム</a></li>\n"
		 "<li><a href=\"/admin/policy/edit\">YAML を直接編集する</a>（詳しい人向け）</li>\n"
		 "</ul>\n");
	if (first) {
		HTML_RAW(&b, "<p class=\"submit\"><a class=\"button\" id=\"setup-start\"");
		page_href(&b, "/admin/setup/%d", first);
		HTML_RAW(&b, ">はじめる</a></p>\n");
	}
	page_end(r, &b);
	setup_questions_release(&q);
	return web_reply_page(r, 200, &b);
}

/* What a field shows: the answer typed (on an error), else the value now
 * unless it is still the template's placeholder. */
static const char *shown(const struct setup_question *s, const char *typed)
{
	if (typed)
		return typed;
	return s->open ? "" : s->current;
}

static void field(struct buf *b, const struct setup_question *s, const char *typed, const char *err)
{
	static const struct {
		enum setup_kind kind;
		const char *inputmode; /* no type=email/tel: the server checks, with our words */
		const char *autocomplete;
	} modes[] = {
		{SETUP_PHONE, "tel", "tel"}, {SETUP_EMAIL, "email", "email"},
		{SETUP_URL, "url", "url"},   {SETUP_MONTHS, "numeric", "off"},
		{SETUP_NAME, NULL, "name"},
	};
	char id[160], eid[160];

	snprintf(id, sizeof(id), "q-%s", s->id);
	snprintf(eid, sizeof(eid), "e-%s", s->id);
	HTML_RAW(b, "<div class=\"field\"><label");
	html_attr(b, "for", id);
	HTML_RAW(b, ">");
	html_text(b, s->label_ja);
	if (!(s->flags & SETUP_OPTIONAL))
		HTML_RAW(b, " <small>（必須）</small>");
	HTML_RAW(b, "</label>");
	if (err) {
		HTML_RAW(b, "<p class=\"error\" role=\"alert\"");
		html_attr(b, "id", eid);
		HTML_RAW(b, ">");
		html_text(b, err);
		HTML_RAW(b, "</p>");
	}
	HTML_RAW(b, "<input type=\"text\"");
	html_attr(b, "id", id);
	html_attr(b, "name", s->id);
	html_attr(b, "value", shown(s, typed));
	for (size_t i = 0; i < MO_ARRAY_SIZE(modes); i++) {
		if (modes[i].kind != s->kind)
			continue;
		if (modes[i].inputmode)
			html_attr(b, "inputmode", modes[i].inputmode);
		html_attr(b, "autocomplete", modes[i].autocomplete);
	}
	if (err) {
		HTML_RAW(b, " aria-invalid=\"true\"");
		html_attr(b, "aria-describedby", eid);
	}
	HTML_RAW(b, "><p class=\"muted\"><small>例: ");
	html_text(b, s->example);
	if (s->open && *s->current && s->kind == SETUP_TEXT) {
		HTML_RAW(b, "（いまは「");
		html_text(b, s->current);
		HTML_RAW(b, "」）");
	}
	HTML_RAW(b, "</small></p></div>\n");
}

/* The form of step n; typed and errs (indexed like q->v) after a refused
 * post, findings when the saved policy was refused. */
static int render_step(struct web_req *r, unsigned status, const struct setup_questions *q,
		       const char *const *typed, const char *const *errs, const char *error,
		       const struct mo_findings *f)
{
	int n = r->n;
	const char *subject = NULL;
	struct buf b;

	buf_init(&b, 0);
	page_start(r, &b, "かんたん設定");
	HTML_RAW(&b, "<p class=\"muted\"><a href=\"/admin/setup\">かんたん設定</a> ");
	page_int(&b, n);
	HTML_RAW(&b, " / ");
	page_int(&b, N_STEPS);
	HTML_RAW(&b, "</p>\n<h1>");
	html_text(&b, setup_group_title(steps[n - 1]));
	HTML_RAW(&b, "</h1>\n");
	page_flash(r, &b);
	if (error)
		page_error(&b, error);
	for (size_t i = 0; f && i < f->n; i++) {
		char pos[64];

		if (f->v[i].severity != MO_ERROR)
			continue;
		snprintf(pos, sizeof(pos), "policy.yaml %d 行目: ", f->v[i].line);
		HTML_RAW(&b, "<p class=\"error\">");
		html_text(&b, pos);
		html_text(&b, f->v[i].msg);
		HTML_RAW(&b, "</p>\n");
	}
	HTML_RAW(&b, "<p>");
	html_text(&b, setup_group_intro(steps[n - 1]));
	HTML_RAW(&b, "</p>\n<form method=\"post\" class=\"setup\"");
	page_action(&b, "/admin/setup/%d", n);
	HTML_RAW(&b, " novalidate>");
	page_csrf(r, &b);
	for (size_t i = 0; i < q->n; i++) {
		const struct setup_question *s = &q->v[i];

		if (strcmp(s->group, steps[n - 1]) != 0)
			continue;
		/* one person's contacts in one box, under their name */
		if (s->subject && (!subject || strcmp(subject, s->subject) != 0)) {
			if (subject)
				HTML_RAW(&b, "</fieldset>\n");
			HTML_RAW(&b, "<fieldset><legend>");
			html_text(&b, s->subject);
			HTML_RAW(&b, "</legend>\n");
			subject = s->subject;
		} else if (!s->subject && subject) {
			HTML_RAW(&b, "</fieldset>\n");
			subject = NULL;
		}
		field(&b, s, typed ? typed[i] : NULL, errs ? errs[i] : NULL);
	}
	if (subject)
		HTML_RAW(&b, "</fieldset>\n");
	HTML_RAW(&b, "<p class=\"submit\"><button type=\"submit\">");
	if (n < N_STEPS)
		HTML_RAW(&b, "保存して次へ");
	else
		HTML_RAW(&b, "保存して終わる");
	HTML_RAW(&b, "</button></p></form>\n<p>");
	if (n > 1) {
		HTML_RAW(&b, "<a");
		page_href(&b, "/admin/setup/%d", n - 1);
		HTML_RAW(&b, ">← 前へ</a> ・ ");
	}
	if (n < N_STEPS) {
		HTML_RAW(&b, "<a");
		page_href(&b, "/admin/setup/%d", n + 1);
		HTML_RAW(&b, ">あとで（保存せずに次へ）</a>");
	} else {
		HTML_RAW(&b, "<a href=\"/admin/setup\">保存せずに一覧へ</a>");
	}
	HTML_RAW(&b, "</p>\n");
	page_end(r, &b);
	return web_reply_page(r, status, &b);
}

static bool step_ok(struct web_req *r)
{
	return r->n >= 1 && r->n <= N_STEPS;
}

int page_setup_step(struct web_req *r)
{
	struct setup_questions q;
	struct mo_err e;
	int rc;

	if (!step_ok(r))
		return web_reply_error(r, 404, "not_found", "そのページはありません");
	mo_err_clear(&e);
	if (load_questions(r, &q, &e))
		return web_reply_err(r, &e);
	rc = render_step(r, 200, &q, NULL, NULL, NULL, NULL);
	setup_questions_release(&q);
	return rc;
}

static int refresh(struct engine *en, void *arg, struct mo_err *e)
{
	(void)arg;
	return engine_owner_refresh(en, NULL, e);
}

int page_setup_post(struct web_req *r)
{
	const char *group;
	struct setup_questions q;
	struct setup_answer *a = NULL;
	const char **typed = NULL, **errs = NULL;
	char **msgs = NULL;
	size_t na = 0, nerr = 0, len = 0;
	char *text = NULL;
	struct buf out, norm;
	struct mo_findings f;
	struct mo_err e;
	int rc, rev = 0, saved;
	char note[128];

	if (!step_ok(r))
		return web_reply_error(r, 404, "not_found", "そのページはありません");
	group = steps[r->n - 1];
	mo_err_clear(&e);
	mo_findings_init(&f, "policy.yaml");
	buf_init(&out, POLICY_MAX_BYTES * 2);
	buf_init(&norm, 1 << 16);
	pthread_mutex_lock(&setup_lock);
	text = setup_policy_text(r, &len, &e);
	if (!text || setup_questions_load(&q, text, len, &e)) {
		pthread_mutex_unlock(&setup_lock);
		free(text);
		return web_reply_err(r, &e);
	}
	a = calloc(q.n + 1, sizeof(*a));
	typed = calloc(q.n + 1, sizeof(*typed));
	errs = calloc(q.n + 1, sizeof(*errs));
	msgs = calloc(q.n + 1, sizeof(*msgs));
	if (!a || !typed || !errs || !msgs) {
		mo_err_oom(&e, NULL);
		rc = web_reply_fail(r, &e);
		goto out;
	}
	for (size_t i = 0; i < q.n; i++) {
		const struct setup_question *s = &q.v[i];
		const char *v = web_form(r, s->id);
		struct mo_err fe;

		if (strcmp(s->group, group) != 0 || !v)
			continue;
		typed[i] = v;
		mo_err_clear(&fe);
		if (!web_text_ok(v, false)) {
			errs[i] = "使えない文字が含まれています";
			nerr++;
			continue;
		}
		if (setup_answer_check(s, v, &norm, &fe)) {
			/* in Japanese whatever the server's locale, with the example */
			if (asprintf(&msgs[i], "%s（例: %s）", setup_fault_ja(fe.detail),
				     s->example) < 0)
				msgs[i] = NULL;
			errs[i] = msgs[i] ? msgs[i] : setup_fault_ja(fe.detail);
			nerr++;
			continue;
		}
		/* a chat id that notify.yaml lacks: here, not only by the save's check */
		if (s->kind == SETUP_CHAT && (errs[i] = setup_chat_fault(r, buf_str(&norm)))) {
			nerr++;
			continue;
		}
		/* unchanged answers are not written again */
		if (!s->open && strcmp(buf_str(&norm), s->current) == 0)
			continue;
		a[na++] = (struct setup_answer){s->id, v};
	}
	if (nerr) {
		rc = render_step(r, 422, &q, typed, errs, "入力を確かめてください（赤い欄）。",
				 NULL);
		goto out;
	}
	if (!na) {
		rc = r->n < N_STEPS ? web_redirectf(r, "/admin/setup/%d?msg=nochange", r->n + 1)
				    : web_redirect(r, "/admin/setup?msg=nochange");
		goto out;
	}
	if (setup_apply(text, len, a, na, &out, NULL, &e)) {
		rc = render_step(r, mo_code_http(e.code), &q, typed, NULL, e.msg, NULL);
		goto out;
	}
	snprintf(note, sizeof(note), "かんたん設定（%s）", setup_group_title(steps[r->n - 1]));
	saved = revise_save(r->srv->data_dir, out.data, out.len, r->who.name, note, &f, &rev, &e);
	if (saved > 0) {
		rc = render_step(r, 422, &q, typed, NULL,
				 "この内容ではマニュアルにエラーが出るため、保存しませんでした。",
				 &f);
		goto out;
	}
	if (saved < 0) {
		rc = web_reply_err(r, &e);
		goto out;
	}
	mo_err_clear(&e);
	if (web_policy_reload(r->srv, &e)) {
		rc = render_step(r, 422, &q, typed, NULL, e.msg, NULL);
		goto out;
	}
	{
		/* incidents filed while the names were 〇〇 get the holders named now */
		struct web_policy *wp = web_policy_get(r->srv);
		int fr = web_submit_sync(r->srv, wp->p, r->who.name, refresh, NULL, &e);

		web_policy_put(wp);
		if (fr) {
			rc = web_reply_err(r, &e);
			goto out;
		}
	}
	rc = r->n < N_STEPS ? web_redirectf(r, "/admin/setup/%d?msg=saved", r->n + 1)
			    : web_redirect(r, "/admin/setup?msg=saved");
out:
	pthread_mutex_unlock(&setup_lock);
	for (size_t i = 0; msgs && i < q.n; i++)
		free(msgs[i]);
	free(msgs);
	free(errs);
	free(typed);
	free(a);
	free(text);
	buf_release(&out);
	buf_release(&norm);
	mo_findings_release(&f);
	setup_questions_release(&q);
	return rc;
}

/* ---- 役割と責任者: who holds which role, which role owns each level ---- */

#define ROLES_MAX 64

static bool has_role(const struct mo_person *pe, const char *role)
{
	for (size_t i = 0; i < pe->roles.n; i++)
		if (strcmp(pe->roles.v[i], role) == 0)
			return true;
	return false;
}

/* Whether the form (after a refused post) or the policy gives pe the role. */
static bool checked(struct web_req *r, bool posted, const struct mo_person *pe, const char *role)
{
	const char *v[ROLES_MAX];
	char key[160];
	size_t n;

	if (!posted)
		return has_role(pe, role);
	snprintf(key, sizeof(key), "roles.%s", pe->id);
	n = web_form_all(r, key, v, ROLES_MAX);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], role) == 0)
			return true;
	return false;
}

static void role_label(struct buf *b, const struct mo_role *ro)
{
	html_text(b, ro->title);
	if (ro->holder && strcmp(ro->holder, ro->title) != 0) {
		HTML_RAW(b, "（");
		html_text(b, ro->holder);
		HTML_RAW(b, "）");
	}
}

static int render_roles(struct web_req *r, unsigned status, bool posted, const char *error)
{
	const struct policy *p = r->p;
	struct buf b;

	buf_init(&b, 0);
	page_start(r, &b, "役割と責任者");
	HTML_RAW(&b, "<p class=\"muted\"><a href=\"/admin/setup\">かんたん設定</a></p>\n"
		     "<h1>役割と責任者</h1>\n");
	page_flash(r, &b);
	if (error)
		page_error(&b, error);
	HTML_RAW(&b, "<p>だれがどの役割を務めるか（一人で複数の役割を兼ねられます）と、事故レベル"
		     "ごとの責任者の役割です。氏名と連絡先は「役割を担う人」「連絡先」のページで"
		     "直せます。</p>\n<form method=\"post\" action=\"/admin/setup/roles\" "
		     "class=\"setup\" novalidate>");
	page_csrf(r, &b);
	HTML_RAW(&b, "<h2>役割の割り当て</h2>\n");
	for (size_t i = 0; p && i < p->n_people; i++) {
		const struct mo_person *pe = &p->people[i];
		char key[160];

		snprintf(key, sizeof(key), "roles.%s", pe->id);
		HTML_RAW(&b, "<fieldset><legend>");
		html_text(&b, pe->name);
		HTML_RAW(&b, "</legend><input type=\"hidden\" name=\"person\"");
		html_attr(&b, "value", pe->id);
		HTML_RAW(&b, ">");
		for (size_t k = 0; k < p->n_roles; k++) {
			HTML_RAW(&b, "<label class=\"check\"><input type=\"checkbox\"");
			html_attr(&b, "name", key);
			html_attr(&b, "value", p->roles[k].id);
			if (checked(r, posted, pe, p->roles[k].id))
				HTML_RAW(&b, " checked");
			HTML_RAW(&b, "><span>");
			role_label(&b, &p->roles[k]);
			HTML_RAW(&b, "</span></label>");
		}
		HTML_RAW(&b, "</fieldset>\n");
	}
	HTML_RAW(&b, "<h2>事故レベルごとの責任者</h2>\n");
	for (size_t i = 0; p && i < p->n_levels; i++) {
		const struct mo_level *lv = &p->levels[i];
		char key[32], id[40];
		const char *now = lv->owner;

		snprintf(key, sizeof(key), "owner.%d", lv->level);
		snprintf(id, sizeof(id), "owner-%d", lv->level);
		if (posted && web_form(r, key))
			now = web_form(r, key);
		HTML_RAW(&b, "<label");
		html_attr(&b, "for", id);
		HTML_RAW(&b, ">");
		page_level(&b, lv->level);
		HTML_RAW(&b, " の責任者</label><select");
		html_attr(&b, "id", id);
		html_attr(&b, "name", key);
		HTML_RAW(&b, ">");
		for (size_t k = 0; k < p->n_roles; k++) {
			HTML_RAW(&b, "<option");
			html_attr(&b, "value", p->roles[k].id);
			if (now && strcmp(now, p->roles[k].id) == 0)
				HTML_RAW(&b, " selected");
			HTML_RAW(&b, ">");
			role_label(&b, &p->roles[k]);
			HTML_RAW(&b, "</option>");
		}
		HTML_RAW(&b, "</select>\n");
	}
	HTML_RAW(&b, "<p class=\"submit\"><button type=\"submit\">保存する</button></p></form>\n");
	page_end(r, &b);
	return web_reply_page(r, status, &b);
}

int page_setup_roles(struct web_req *r)
{
	return render_roles(r, 200, false, NULL);
}

int setup_save_text(struct web_req *r, const char *text, size_t len, const char *note, int *rc,
		    int (*refused)(struct web_req *r, void *arg, const char *msg,
				   const struct mo_findings *f),
		    void *arg)
{
	struct mo_findings f;
	struct mo_err e;
	int rev = 0, saved;

	mo_err_clear(&e);
	mo_findings_init(&f, "policy.yaml");
	saved = revise_save(r->srv->data_dir, text, len, r->who.name, note, &f, &rev, &e);
	if (saved > 0) {
		*rc = refused(r, arg,
			      "この内容ではマニュアルにエラーが出るため、保存しませんでした。", &f);
		mo_findings_release(&f);
		return -1;
	}
	mo_findings_release(&f);
	if (saved < 0) {
		*rc = web_reply_err(r, &e);
		return -1;
	}
	if (web_policy_reload(r->srv, &e)) {
		*rc = refused(r, arg, e.msg, NULL);
		return -1;
	}
	{
		struct web_policy *wp = web_policy_get(r->srv);
		int fr = web_submit_sync(r->srv, wp->p, r->who.name, refresh, NULL, &e);

		web_policy_put(wp);
		if (fr) {
			*rc = web_reply_err(r, &e);
			return -1;
		}
	}
	return 0;
}

static int roles_refused(struct web_req *r, void *arg, const char *msg, const struct mo_findings *f)
{
	(void)arg;
	struct buf m;
	int rc;

	buf_init(&m, 1 << 16);
	if (buf_adds(&m, msg))
		return render_roles(r, 422, true, msg);
	for (size_t i = 0; f && i < f->n; i++)
		if (f->v[i].severity == MO_ERROR &&
		    buf_addf(&m, " policy.yaml %d 行目: %s", f->v[i].line, f->v[i].msg))
			break;
	rc = render_roles(r, 422, true, m.len ? buf_str(&m) : msg);
	buf_release(&m);
	return rc;
}

int page_setup_roles_post(struct web_req *r)
{
	const struct policy *p = r->p;
	struct setup_person_roles *pr = NULL;
	struct setup_level_owner *lo = NULL;
	const char *(*vals)[ROLES_MAX] = NULL;
	const char *persons[ROLES_MAX];
	size_t npr = 0, nlo = 0, len = 0, np;
	char *text = NULL;
	struct buf out;
	struct mo_err e;
	bool changed = false;
	int rc;

	mo_err_clear(&e);
	buf_init(&out, POLICY_MAX_BYTES * 2);
	np = web_form_all(r, "person", persons, ROLES_MAX);
	pr = calloc(np + 1, sizeof(*pr));
	vals = calloc(np + 1, sizeof(*vals));
	lo = calloc((p ? p->n_levels : 0) + 1, sizeof(*lo));
	if (!pr || !vals || !lo) {
		mo_err_oom(&e, NULL);
		rc = web_reply_fail(r, &e);
		goto done;
	}
	for (size_t i = 0; i < np; i++) {
		char key[160];

		snprintf(key, sizeof(key), "roles.%s", persons[i]);
		pr[npr].person = persons[i];
		pr[npr].n = web_form_all(r, key, vals[i], ROLES_MAX);
		pr[npr].roles = vals[i];
		if (!pr[npr].n) {
			char msg[512];
			const char *name = persons[i];

			for (size_t k = 0; p && k < p->n_people; k++)
				if (strcmp(p->people[k].id, persons[i]) == 0)
					name = p->people[k].name;
			snprintf(msg, sizeof(msg), "「%s」の役割を一つ以上選んでください。", name);
			rc = render_roles(r, 422, true, msg);
			goto done;
		}
		npr++;
	}
	for (size_t i = 0; p && i < p->n_levels; i++) {
		char key[32];
		const char *v;

		snprintf(key, sizeof(key), "owner.%d", p->levels[i].level);
		v = web_form(r, key);
		if (v)
			lo[nlo++] = (struct setup_level_owner){p->levels[i].level, v};
	}
	pthread_mutex_lock(&setup_lock);
	text = setup_policy_text(r, &len, &e);
	if (!text) {
		rc = web_reply_fail(r, &e);
		goto out;
	}
	if (setup_apply_roles(text, len, pr, npr, lo, nlo, &out, &changed, &e)) {
		rc = render_roles(r, mo_code_http(e.code), true, e.msg);
		goto out;
	}
	if (!changed) {
		rc = web_redirect(r, "/admin/setup/roles?msg=nochange");
		goto out;
	}
	if (setup_save_text(r, out.data, out.len, "役割と責任者", &rc, roles_refused, NULL))
		goto out;
	rc = web_redirect(r, "/admin/setup/roles?msg=saved");
out:
	pthread_mutex_unlock(&setup_lock);
done:
	free(text);
	free(pr);
	free(vals);
	free(lo);
	buf_release(&out);
	return rc;
}
