/* Editing the policy later without YAML (Admin, かんたん設定): people added
 * and removed, the escalation chain of each level, each sign's do/don't,
 * the peacetime checks' owner and interval, and the BCP's systems. Each
 * form's fields are checked first (errors next to the fields, the values
 * typed kept), then written into policy.yaml where they stand, keeping its
 * comments (policy/edit.c), and saved through revise_save(): checked as
 * `moshimo check` does, kept as a revision, manual and cards made again.
 * Admin only. */
#include "web/pages_forms.h"
#include "policy/setup.h"
#include "util/duration.h"
#include "util/strnum.h"

#define FORM_ERRS 64
#define ROWS_MAX 8	/* steps of one level's chain */
#define LIST_MAX 64	/* lines of a do/don't list, roles ticked */
#define VALUE_MAX 512	/* one field */
#define LINES_MAX 16384 /* one do/don't text */

/* What a refused post shows again: which form (target) was posted, and
 * the errors by field id. */
struct fstate {
	const char *target; /* the item's id ("" for a new one); NULL: nothing posted */
	const char *error;  /* the sentence at the top */
	const struct mo_findings *f;
	struct {
		char id[64];
		const char *msg;
	} err[FORM_ERRS];
	size_t n;
};

static void fs_err(struct fstate *fs, const char *id, const char *msg)
{
	if (fs->n == FORM_ERRS)
		return;
	snprintf(fs->err[fs->n].id, sizeof(fs->err[fs->n].id), "%s", id);
	fs->err[fs->n++].msg = msg;
}

static const char *fs_msg(const struct fstate *fs, const char *id)
{
	for (size_t i = 0; fs && i < fs->n; i++)
		if (strcmp(fs->err[i].id, id) == 0)
			return fs->err[i].msg;
	return NULL;
}

static bool posted_here(const struct fstate *fs, const char *target)
{
	return fs && fs->target && strcmp(fs->target, target) == 0;
}

/* The value a field shows: what was typed when this form was posted, else now. */
static const char *shown(struct web_req *r, const struct fstate *fs, const char *target,
			 const char *name, const char *now)
{
	const char *v;

	if (posted_here(fs, target) && (v = web_form(r, name)))
		return v;
	return now ? now : "";
}

/* <div class=field><label>…</label>(error)<input …></div> */
static void text_field(struct buf *b, const struct fstate *fs, const char *id, const char *name,
		       const char *label, const char *value, const char *hint, const char *mode)
{
	const char *msg = fs_msg(fs, id);

	HTML_RAW(b, "<div class=\"field\"><label");
	html_attr(b, "for", id);
	HTML_RAW(b, ">");
	html_text(b, label);
	HTML_RAW(b, "</label>");
	page_field_error(b, id, msg);
	HTML_RAW(b, "<input type=\"text\"");
	html_attr(b, "id", id);
	html_attr(b, "name", name);
	html_attr(b, "value", value);
	if (mode)
		html_attr(b, "inputmode", mode);
	page_field_invalid(b, id, msg);
	HTML_RAW(b, ">");
	if (hint) {
		HTML_RAW(b, "<p class=\"muted\"><small>");
		html_text(b, hint);
		HTML_RAW(b, "</small></p>");
	}
	HTML_RAW(b, "</div>\n");
}

static void role_name(struct buf *b, const struct mo_role *ro)
{
	html_text(b, ro->title);
	if (ro->holder && strcmp(ro->holder, ro->title) != 0) {
		HTML_RAW(b, "（");
		html_text(b, ro->holder);
		HTML_RAW(b, "）");
	}
}

static bool in_list(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* Role checkboxes named name; ticked: the posted ones, else now's. */
static void role_boxes(struct web_req *r, struct buf *b, const struct fstate *fs,
		       const char *target, const char *id, const char *name, const char *legend,
		       const char *const *now, size_t n_now)
{
	const struct policy *p = r->p;
	const char *v[LIST_MAX];
	size_t n = n_now;
	const char *msg = fs_msg(fs, id);

	if (posted_here(fs, target))
		n = web_form_all(r, name, v, LIST_MAX);
	else
		for (size_t i = 0; i < n && i < LIST_MAX; i++)
			v[i] = now[i];
	HTML_RAW(b, "<fieldset class=\"roles\"");
	html_attr(b, "id", id);
	page_field_invalid(b, id, msg);
	HTML_RAW(b, "><legend>");
	html_text(b, legend);
	HTML_RAW(b, "</legend>");
	page_field_error(b, id, msg);
	for (size_t k = 0; p && k < p->n_roles; k++) {
		HTML_RAW(b, "<label class=\"check\"><input type=\"checkbox\"");
		html_attr(b, "name", name);
		html_attr(b, "value", p->roles[k].id);
		if (in_list(v, n < LIST_MAX ? n : LIST_MAX, p->roles[k].id))
			HTML_RAW(b, " checked");
		HTML_RAW(b, "><span>");
		role_name(b, &p->roles[k]);
		HTML_RAW(b, "</span></label>");
	}
	HTML_RAW(b, "</fieldset>\n");
}

/* A <select> of the roles (or of tiers: pairs id/label). */
static void select_field(struct buf *b, const struct fstate *fs, const char *id, const char *name,
			 const char *label, const char *const *ids, const char *const *labels,
			 size_t n, const char *now)
{
	const char *msg = fs_msg(fs, id);

	HTML_RAW(b, "<div class=\"field\"><label");
	html_attr(b, "for", id);
	HTML_RAW(b, ">");
	html_text(b, label);
	HTML_RAW(b, "</label>");
	page_field_error(b, id, msg);
	HTML_RAW(b, "<select");
	html_attr(b, "id", id);
	html_attr(b, "name", name);
	page_field_invalid(b, id, msg);
	HTML_RAW(b, ">");
	for (size_t i = 0; i < n; i++) {
		HTML_RAW(b, "<option");
		html_attr(b, "value", ids[i]);
		if (now && strcmp(now, ids[i]) == 0)
			HTML_RAW(b, " selected");
		HTML_RAW(b, ">");
		html_text(b, labels[i]);
		HTML_RAW(b, "</option>");
	}
	HTML_RAW(b, "</select></div>\n");
}

static void role_select(struct web_req *r, struct buf *b, const struct fstate *fs, const char *id,
			const char *name, const char *label, const char *now)
{
	const struct policy *p = r->p;
	const char *ids[LIST_MAX], *labels[LIST_MAX];
	size_t n = 0;

	for (size_t k = 0; p && k < p->n_roles && n < LIST_MAX; k++) {
		ids[n] = p->roles[k].id;
		labels[n++] = p->roles[k].title;
	}
	select_field(b, fs, id, name, label, ids, labels, n, now);
}

static bool role_known(const struct policy *p, const char *id)
{
	for (size_t k = 0; p && k < p->n_roles; k++)
		if (strcmp(p->roles[k].id, id) == 0)
			return true;
	return false;
}

/* The top of a page: title, the link back, the flash, the refusal. */
static void head(struct web_req *r, struct buf *b, const char *title, const char *lead,
		 const struct fstate *fs)
{
	page_start(r, b, title);
	HTML_RAW(b, "<p class=\"muted\"><a href=\"/admin/setup\">かんたん設定</a></p>\n<h1>");
	html_text(b, title);
	HTML_RAW(b, "</h1>\n");
	page_flash(r, b);
	if (fs && fs->error)
		page_error(b, fs->error);
	for (size_t i = 0; fs && fs->f && i < fs->f->n; i++) {
		char pos[64];

		if (fs->f->v[i].severity != MO_ERROR)
			continue;
		snprintf(pos, sizeof(pos), "policy.yaml %d 行目: ", fs->f->v[i].line);
		HTML_RAW(b, "<p class=\"error\">");
		html_text(b, pos);
		html_text(b, fs->f->v[i].msg);
		HTML_RAW(b, "</p>\n");
	}
	HTML_RAW(b, "<p>");
	html_text(b, lead);
	HTML_RAW(b, " 保存するたびに新しい版として残り、マニュアル（PDF）とカードが作り直されます。"
		    "</p>\n");
}

static void form_open(struct web_req *r, struct buf *b, const char *action, const char *id)
{
	HTML_RAW(b, "<form method=\"post\" class=\"setup\" novalidate");
	html_attr(b, "action", action);
	if (id)
		html_attr(b, "id", id);
	HTML_RAW(b, ">");
	page_csrf(r, b);
}

static void hidden(struct buf *b, const char *name, const char *value)
{
	HTML_RAW(b, "<input type=\"hidden\"");
	html_attr(b, "name", name);
	html_attr(b, "value", value);
	HTML_RAW(b, ">");
}

/* ---- checking what was typed ---- */

/* s trimmed, full-width digits and letters as ASCII, a Japanese unit
 * (分, 時間, 日, 週, か月, 年) as the policy's letter; into out. true when
 * it is a duration of the policy. */
static bool normal_typed(const char *s, char *out, size_t size)
{
	static const struct {
		const char *word;
		const char *unit;
	} units[] = {{"分", "m"},   {"時間", "h"}, {"日", "d"},	  {"週間", "w"},
		     {"週", "w"},   {"か月", "M"}, {"ヶ月", "M"}, {"カ月", "M"},
		     {"ヵ月", "M"}, {"ケ月", "M"}, {"年", "y"}};
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;

	while (*p == ' ' || *p == '\t')
		p++;
	while (*p && n + 1 < size) {
		size_t k;

		/* U+FF01..U+FF5E (full-width ASCII): EF BC 81.. EF BD 9E */
		if (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2]) {
			unsigned cp =
				((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);

			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				out[n++] = (char)(cp - 0xFEE0);
				p += 3;
				continue;
			}
		}
		for (k = 0; k < MO_ARRAY_SIZE(units); k++) {
			size_t l = strlen(units[k].word);

			if (strncmp((const char *)p, units[k].word, l) == 0) {
				if (n + 1 < size)
					out[n++] = units[k].unit[0];
				p += l;
				break;
			}
		}
		if (k < MO_ARRAY_SIZE(units))
			continue;
		out[n++] = (char)*p++;
	}
	while (n && (out[n - 1] == ' ' || out[n - 1] == '\t'))
		n--;
	out[n] = '\0';
	return *p == '\0';
}

static bool duration_typed(const char *s, char *out, size_t size)
{
	struct duration d;

	return normal_typed(s, out, size) && duration_parse(out, &d) == 0;
}

static const char bad_duration[] =
	"「15m」「1h」「3d」のように数と単位で書いてください（m 分、h 時間、d 日、w 週、"
	"M 月、y 年。「15分」「1時間」も使えます）。";

static void duration_text(const struct duration *d, char *out, size_t size)
{
	static const char units[] = "mhdwMy";

	if (!d->count)
		*out = '\0';
	else
		snprintf(out, size, "%ld%c", d->count, units[d->unit]);
}

/* One line of text: usable characters, not too long. */
static bool line_ok(const char *s)
{
	return s && strlen(s) < VALUE_MAX && web_text_ok(s, false);
}

static int redirect_saved(struct web_req *r, const char *path)
{
	return web_redirectf(r, "%s?msg=saved", path);
}

/* Reads the policy, applies the edits made by build() and saves; the
 * caller holds no lock. build returns 0, or -1 with e set (the edit could
 * not be made: the file's layout). */
typedef int (*build_fn)(const struct ydoc *d, struct yedits *ed, void *arg, struct mo_err *e);

typedef int (*render_fn)(struct web_req *r, unsigned status, const struct fstate *fs);

struct refusal {
	struct fstate *fs;
	render_fn render;
};

static int refused(struct web_req *r, void *arg, const char *msg, const struct mo_findings *f)
{
	struct refusal *x = arg;

	x->fs->error = msg;
	x->fs->f = f;
	return x->render(r, 422, x->fs);
}

static int edit_and_save(struct web_req *r, build_fn build, void *arg, const char *note,
			 const char *back, struct fstate *fs, render_fn render)
{
	struct refusal x = {fs, render};
	int rc = 0;

	size_t len = 0;
	char *text;
	struct ydoc d;
	struct yedits ed = {0};
	struct buf out;
	struct mo_err e;

	mo_err_clear(&e);
	buf_init(&out, POLICY_MAX_BYTES * 2);
	setup_lock_take();
	text = setup_policy_text(r, &len, &e);
	if (!text) {
		rc = web_reply_err(r, &e);
		goto unlock;
	}
	if (ydoc_parse(&d, text, len, &e)) {
		rc = refused(r, &x, e.msg, NULL);
		goto text;
	}
	if (build(&d, &ed, arg, &e) || yedits_apply(&d, &ed, &out, &e)) {
		rc = refused(r, &x,
			     e.msg[0] ? e.msg
				      : "この policy.yaml の書き方では、ここから直せません。",
			     NULL);
		goto doc;
	}
	if (out.len == len && memcmp(out.data, text, len) == 0) {
		rc = web_redirectf(r, "%s?msg=nochange", back);
		goto doc;
	}
	if (setup_save_text(r, out.data, out.len, note, &rc, refused, &x))
		goto doc;
	rc = redirect_saved(r, back);
doc:
	yedits_release(&ed);
	ydoc_release(&d);
text:
	free(text);
unlock:
	setup_lock_give();
	buf_release(&out);
	return rc;
}

static int no_layout(struct mo_err *e)
{
	return mo_err_setc(
		e, MO_EINVAL, "%s",
		"この policy.yaml の書き方（流れ形式やアンカー）では、ここから直せません。"
		"YAML の編集で直してください。");
}

/* ---- people: added and removed ---- */

static const char *fs_target_new = "";

static int render_people(struct web_req *r, unsigned status, const struct fstate *fs)
{
	const struct policy *p = r->p;
	struct buf b;

	buf_init(&b, 0);
	head(r, &b, "人の追加と削除",
	     "役割を担う人を加えたり、外したりします。名前と連絡先は「連絡先」のページ、役割は"
	     "「役割と責任者」のページでも直せます。",
	     fs);
	HTML_RAW(&b, "<h2>いまの人</h2>\n<div class=\"tw\"><table><thead><tr><th>氏名</th>"
		     "<th>役割</th><th>電話</th><th></th></tr></thead><tbody>\n");
	for (size_t i = 0; p && i < p->n_people; i++) {
		const struct mo_person *pe = &p->people[i];

		HTML_RAW(&b, "<tr><td data-label=\"氏名\"><strong>");
		html_text(&b, pe->name);
		HTML_RAW(&b, "</strong></td><td data-label=\"役割\">");
		for (size_t k = 0; k < pe->roles.n; k++) {
			const char *t = pe->roles.v[k];

			for (size_t j = 0; j < p->n_roles; j++)
				if (strcmp(p->roles[j].id, t) == 0)
					t = p->roles[j].title;
			if (k)
				HTML_RAW(&b, "・");
			html_text(&b, t);
		}
		HTML_RAW(&b, "</td><td class=\"nw\" data-label=\"電話\">");
		html_text(&b, pe->phone ? pe->phone : "");
		HTML_RAW(&b, "</td><td class=\"ops\">");
		if (p->n_people > 1) {
			char id[96];

			HTML_RAW(&b, "<form method=\"post\" action=\"/admin/setup/people/delete\" "
				     "class=\"inline\">");
			page_csrf(r, &b);
			hidden(&b, "person", pe->id);
			snprintf(id, sizeof(id), "del-%zu", i);
			HTML_RAW(&b, "<button type=\"submit\" class=\"small secondary\"");
			html_attr(&b, "id", id);
			HTML_RAW(&b, ">外す</button></form>");
		}
		HTML_RAW(&b, "</td></tr>\n");
	}
	HTML_RAW(&b, "</tbody></table></div>\n<p class=\"muted\"><small>外した人は「"
		     "<a href=\"/admin/revisions\">版</a>」から元に戻せます。</small></p>\n");
	HTML_RAW(&b, "<h2>新しい人を加える</h2>\n");
	form_open(r, &b, "/admin/setup/people", "person-new");
	text_field(&b, fs, "p-name", "name", "氏名（必須）",
		   shown(r, fs, fs_target_new, "name", ""), "例: 山田 花子", NULL);
	role_boxes(r, &b, fs, fs_target_new, "p-roles", "roles", "役割（一つ以上）", NULL, 0);
	text_field(&b, fs, "p-phone", "phone", "電話", shown(r, fs, fs_target_new, "phone", ""),
		   "例: 090-1234-5678（全角の数字も使えます）", "tel");
	text_field(&b, fs, "p-email", "email", "メール", shown(r, fs, fs_target_new, "email", ""),
		   "例: hanako@example.co.jp", "email");
	text_field(&b, fs, "p-chat", "chat", "チャット（notify.yaml の webhooks の id）",
		   shown(r, fs, fs_target_new, "chat", ""), "例: team_slack（なければ空欄）", NULL);
	HTML_RAW(&b, "<p class=\"submit\"><button type=\"submit\">加えて保存する</button></p>"
		     "</form>\n");
	page_end(r, &b);
	return web_reply_page(r, status, &b);
}

int page_forms_people(struct web_req *r)
{
	return render_people(r, 200, NULL);
}

struct person_add {
	char id[64];
	struct ypair v[6];
	size_t n;
};

static int build_person_add(const struct ydoc *d, struct yedits *ed, void *arg, struct mo_err *e)
{
	struct person_add *a = arg;
	const struct ynode *seq = ydoc_find(d, "people");
	struct buf t;
	int rc;

	if (!seq || seq->kind != YN_SEQUENCE)
		return no_layout(e);
	buf_init(&t, 1 << 20);
	rc = yaml_block_mapping(a->v, a->n, &t) || yedits_add_item(ed, d, seq, buf_str(&t));
	buf_release(&t);
	return rc ? no_layout(e) : 0;
}

/* Checks one contact field with the setup's rules (full-width digits…). */
static bool contact_ok(struct fstate *fs, const char *id, enum setup_kind kind, const char *v,
		       const char *example, struct buf *norm)
{
	struct setup_question q = {
		.id = id,
		.group = "people",
		.kind = kind,
		.flags = SETUP_OPTIONAL,
		.label_ja = "",
		.question_ja = "",
		.question_en = "",
		.example = example,
		.current = "",
	};
	struct mo_err fe;

	buf_reset(norm);
	mo_err_clear(&fe);
	if (setup_answer_check(&q, v, norm, &fe) == 0)
		return true;
	fs_err(fs, id, setup_fault_ja(fe.detail));
	return false;
}

int page_forms_people_post(struct web_req *r)
{
	const struct policy *p = r->p;
	struct fstate fs = {.target = fs_target_new};
	struct person_add a;
	const char *roles[LIST_MAX];
	size_t nr = web_form_all(r, "roles", roles, LIST_MAX);
	const char *name = web_form(r, "name"), *phone = web_form(r, "phone"),
		   *email = web_form(r, "email"), *chat = web_form(r, "chat");
	struct buf nname, nphone, nemail, nchat;
	int rc = 0;

	buf_init(&nname, VALUE_MAX);
	buf_init(&nphone, VALUE_MAX);
	buf_init(&nemail, VALUE_MAX);
	buf_init(&nchat, VALUE_MAX);
	memset(&a, 0, sizeof(a));
	if (!name || !*name)
		fs_err(&fs, "p-name", "氏名を入れてください。");
	else if (!line_ok(name))
		fs_err(&fs, "p-name", "使えない文字が含まれているか、長すぎます。");
	else {
		struct setup_question q = {.id = "name",
					   .kind = SETUP_NAME,
					   .example = "山田 花子",
					   .current = ""};
		struct mo_err fe;

		mo_err_clear(&fe);
		if (setup_answer_check(&q, name, &nname, &fe))
			fs_err(&fs, "p-name", setup_fault_ja(fe.detail));
		for (size_t i = 0; p && i < p->n_people; i++)
			if (strcmp(p->people[i].name, buf_str(&nname)) == 0)
				fs_err(&fs, "p-name",
				       "同じ名前の人がもういます。役割を足すときは「役割と責任者」の"
				       "ページで。");
	}
	if (!nr)
		fs_err(&fs, "p-roles", "役割を一つ以上選んでください。");
	for (size_t i = 0; i < nr; i++)
		if (!role_known(p, roles[i]))
			fs_err(&fs, "p-roles", "ない役割が選ばれています。");
	if (phone && *phone)
		(void)contact_ok(&fs, "p-phone", SETUP_PHONE, phone, "090-1234-5678", &nphone);
	if (email && *email)
		(void)contact_ok(&fs, "p-email", SETUP_EMAIL, email, "hanako@example.co.jp",
				 &nemail);
	if (chat && *chat && contact_ok(&fs, "p-chat", SETUP_CHAT, chat, "team_slack", &nchat)) {
		const char *m = setup_chat_fault(r, buf_str(&nchat));

		if (m)
			fs_err(&fs, "p-chat", m);
	}
	if (fs.n) {
		fs.error = "入力を確かめてください（赤い欄）。何も変えていません。";
		rc = render_people(r, 422, &fs);
		goto out;
	}
	/* an id nobody has: person_2, person_3, … */
	for (int k = 2;; k++) {
		bool used = false;

		snprintf(a.id, sizeof(a.id), "person_%d", k);
		for (size_t i = 0; p && i < p->n_people; i++)
			used |= strcmp(p->people[i].id, a.id) == 0;
		if (!used)
			break;
	}
	a.v[a.n++] = (struct ypair){.key = "id", .kind = YP_SCALAR, .value = a.id};
	a.v[a.n++] = (struct ypair){.key = "name", .kind = YP_SCALAR, .value = buf_str(&nname)};
	a.v[a.n++] = (struct ypair){.key = "roles", .kind = YP_LIST, .list = roles, .n = nr};
	if (nphone.len)
		a.v[a.n++] = (struct ypair){"phone", YP_SCALAR, buf_str(&nphone), NULL, 0, 0, 0};
	if (nemail.len)
		a.v[a.n++] = (struct ypair){"email", YP_SCALAR, buf_str(&nemail), NULL, 0, 0, 0};
	if (nchat.len)
		a.v[a.n++] = (struct ypair){"chat", YP_SCALAR, buf_str(&nchat), NULL, 0, 0, 0};
	{
		char note[VALUE_MAX + 64];

		snprintf(note, sizeof(note), "人を追加（%s）", buf_str(&nname));
		rc = edit_and_save(r, build_person_add, &a, note, "/admin/setup/people", &fs,
				   render_people);
	}
out:
	buf_release(&nname);
	buf_release(&nphone);
	buf_release(&nemail);
	buf_release(&nchat);
	return rc;
}

/* Drops the item whose id is id from the list at path; gone: the message
 * when no item has it (removed meanwhile). */
static int drop_item_by_id(const struct ydoc *d, struct yedits *ed, const char *path,
			   const char *id, const char *gone, struct mo_err *e)
{
	const struct ynode *seq = ydoc_find(d, path);

	for (size_t i = 0; seq && seq->kind == YN_SEQUENCE && i < seq->n; i++) {
		const struct ynode *iid = ynode_get(seq->kid[i], "id");

		if (iid && iid->kind == YN_SCALAR && strcmp(iid->str, id) == 0)
			return yedits_drop_item_in(ed, d, seq, i) ? no_layout(e) : 0;
	}
	return mo_err_setc(e, MO_ENOTFOUND, "%s", gone);
}

static int build_person_drop(const struct ydoc *d, struct yedits *ed, void *arg, struct mo_err *e)
{
	return drop_item_by_id(d, ed, "people", arg, "その人はもういません。", e);
}

int page_forms_people_delete(struct web_req *r)
{
	const struct policy *p = r->p;
	const char *id = web_form(r, "person");
	const struct mo_person *pe = NULL;
	struct fstate fs = {.target = NULL};
	char note[VALUE_MAX + 64];
	int rc = 0;

	for (size_t i = 0; id && p && i < p->n_people; i++)
		if (strcmp(p->people[i].id, id) == 0)
			pe = &p->people[i];
	if (!pe)
		return web_reply_error(r, 404, "not_found", "その人はいません");
	if (p->n_people < 2) {
		fs.error = "最後の一人は外せません。";
		return render_people(r, 409, &fs);
	}
	snprintf(note, sizeof(note), "人を削除（%s）", pe->name);
	rc = edit_and_save(r, build_person_drop, (void *)pe->id, note, "/admin/setup/people", &fs,
			   render_people);
	return rc;
}

/* ---- the escalation chain of each level ---- */

static const struct mo_escalation *chain_of(const struct policy *p, int level)
{
	for (size_t i = 0; p && i < p->n_escalation; i++)
		if (p->escalation[i].level == level)
			return &p->escalation[i];
	return NULL;
}

static void level_form(struct web_req *r, struct buf *b, const struct fstate *fs, int level)
{
	const struct mo_escalation *c = chain_of(r->p, level);
	char target[16], id[64], name[32], now[32];
	size_t rows = c ? c->n_steps + 1 : 2;

	snprintf(target, sizeof(target), "%d", level);
	if (posted_here(fs, target)) {
		long v;
		const char *s = web_form(r, "rows");

		if (s && str_to_long(s, 1, ROWS_MAX, &v) == 0)
			rows = (size_t)v;
	}
	if (rows > ROWS_MAX)
		rows = ROWS_MAX;
	HTML_RAW(b, "<section class=\"chain\"><h2>");
	page_level(b, level);
	HTML_RAW(b, " の連絡の順番</h2>\n");
	snprintf(id, sizeof(id), "chain-%d", level);
	form_open(r, b, "/admin/setup/escalation", id);
	hidden(b, "level", target);
	snprintf(now, sizeof(now), "%zu", rows);
	hidden(b, "rows", now);
	for (size_t i = 0; i < rows; i++) {
		const struct mo_escalation_step *st = c && i < c->n_steps ? &c->steps[i] : NULL;
		const char *roles[LIST_MAX];
		size_t nr = 0;
		char legend[96];

		for (size_t k = 0; st && k < st->notify.n && nr < LIST_MAX; k++)
			roles[nr++] = st->notify.v[k];
		HTML_RAW(b, "<fieldset><legend>");
		if (i == 0)
			HTML_RAW(b, "最初に知らせる");
		else if (!st)
			HTML_RAW(b, "さらに知らせる（使うときだけ）");
		else
			HTML_RAW(b, "次に知らせる");
		HTML_RAW(b, "</legend>\n");
		snprintf(id, sizeof(id), "after-%d-%zu", level, i);
		snprintf(name, sizeof(name), "after.%zu", i);
		if (st)
			duration_text(&st->after, now, sizeof(now));
		else
			*now = '\0';
		text_field(b, fs, id, name, i == 0 ? "報告から（空欄: すぐ）" : "報告から何分後に",
			   shown(r, fs, target, name, now),
			   "例: 15m（15分）、1h（1時間）。だれも確認しないときに知らせます。",
			   NULL);
		snprintf(id, sizeof(id), "notify-%d-%zu", level, i);
		snprintf(name, sizeof(name), "notify.%zu", i);
		snprintf(legend, sizeof(legend), "知らせる役割");
		role_boxes(r, b, fs, target, id, name, legend, roles, nr);
		HTML_RAW(b, "</fieldset>\n");
	}
	{
		char rounds[16] = "1", every[32] = "";

		if (c && c->rounds > 1) {
			snprintf(rounds, sizeof(rounds), "%d", c->rounds);
			duration_text(&c->every, every, sizeof(every));
		}
		snprintf(id, sizeof(id), "rounds-%d", level);
		text_field(b, fs, id, "rounds", "繰り返す回数（1〜10）",
			   shown(r, fs, target, "rounds", rounds),
			   "だれも「対応します」を押さないとき、最初からもう一度知らせます。",
			   "numeric");
		snprintf(id, sizeof(id), "every-%d", level);
		text_field(b, fs, id, "every", "繰り返しの間隔（2回以上のとき）",
			   shown(r, fs, target, "every", every), "例: 30m", NULL);
	}
	{
		bool on = c && c->business_hours;

		if (posted_here(fs, target))
			on = web_form(r, "business_hours") != NULL;
		HTML_RAW(b,
			 "<label class=\"check\"><input type=\"checkbox\" name=\"business_hours\" "
			 "value=\"1\"");
		if (on)
			HTML_RAW(b, " checked");
		HTML_RAW(b, "><span>営業時間内だけ知らせる（時間外は次の営業開始まで待つ）</span>"
			    "</label>\n");
	}
	HTML_RAW(b, "<p class=\"submit\"><button type=\"submit\">");
	page_level(b, level);
	HTML_RAW(b, " を保存する</button></p></form></section>\n");
}

static int render_escalation(struct web_req *r, unsigned status, const struct fstate *fs)
{
	const struct policy *p = r->p;
	struct buf b;

	buf_init(&b, 0);
	head(r, &b, "連絡の順番（エスカレーション）",
	     "事故レベルごとに、だれに最初に知らせ、確認がないとき何分後にだれに知らせるかを決めます。"
	     "「対応します」が押された時点で止まります。",
	     fs);
	for (size_t i = 0; p && i < p->n_levels; i++)
		level_form(r, &b, fs, p->levels[i].level);
	page_end(r, &b);
	return web_reply_page(r, status, &b);
}

int page_forms_escalation(struct web_req *r)
{
	return render_escalation(r, 200, NULL);
}

struct chain_edit {
	int level;
	char level_s[16];
	struct buf steps; /* the steps: block, written */
	char rounds[16], every[32];
	bool business_hours;
};

static int build_chain(const struct ydoc *d, struct yedits *ed, void *arg, struct mo_err *e)
{
	struct chain_edit *c = arg;
	const struct ynode *seq = ydoc_find(d, "escalation"), *item = NULL;
	struct ypair v[5];
	size_t n = 0;
	struct buf t;
	int rc;

	if (!seq || seq->kind != YN_SEQUENCE)
		return no_layout(e);
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *lv = ynode_get(seq->kid[i], "level");

		if (lv && lv->kind == YN_SCALAR && strcmp(lv->str, c->level_s) == 0)
			item = seq->kid[i];
	}
	v[n++] = (struct ypair){.key = "level", .kind = YP_PLAIN, .value = c->level_s};
	if (c->business_hours)
		v[n++] = (struct ypair){.key = "business_hours", .kind = YP_PLAIN, .value = "true"};
	v[n++] = (struct ypair){.key = "steps", .kind = YP_BLOCK, .value = buf_str(&c->steps)};
	if (strcmp(c->rounds, "1") != 0) {
		v[n++] = (struct ypair){.key = "rounds", .kind = YP_PLAIN, .value = c->rounds};
		v[n++] = (struct ypair){.key = "every", .kind = YP_PLAIN, .value = c->every};
	}
	buf_init(&t, 1 << 20);
	rc = yaml_block_mapping(v, n, &t) || (item ? yedits_set_item(ed, d, item, buf_str(&t))
						   : yedits_add_item(ed, d, seq, buf_str(&t)));
	buf_release(&t);
	return rc ? no_layout(e) : 0;
}

int page_forms_escalation_post(struct web_req *r)
{
	const struct policy *p = r->p;
	const char *lv = web_form(r, "level"), *rows_s = web_form(r, "rows");
	struct fstate fs = {.target = lv};
	struct chain_edit c;
	long level = -1, rows = 0;
	long long prev = -1;
	size_t used = 0;
	char id[64], note[64];
	int rc;

	memset(&c, 0, sizeof(c));
	buf_init(&c.steps, 1 << 20);
	if (!lv || str_to_long(lv, 0, MO_LEVEL_MAX, &level) || !policy_level(p, (int)level) ||
	    !rows_s || str_to_long(rows_s, 1, ROWS_MAX, &rows)) {
		buf_release(&c.steps);
		return web_reply_error(r, 400, "bad_request", "そのレベルはありません");
	}
	c.level = (int)level;
	snprintf(c.level_s, sizeof(c.level_s), "%ld", level);
	for (long i = 0; i < rows; i++) {
		char an[32], nn[32], after[32] = "";
		const char *a, *roles[LIST_MAX];
		size_t nr;
		struct ypair v[2];
		size_t n = 0;

		snprintf(an, sizeof(an), "after.%ld", i);
		snprintf(nn, sizeof(nn), "notify.%ld", i);
		a = web_form(r, an);
		nr = web_form_all(r, nn, roles, LIST_MAX);
		if ((!a || !*a) && !nr)
			continue; /* an empty row */
		snprintf(id, sizeof(id), "after-%ld-%ld", level, i);
		if (a && *a) {
			struct duration d;

			if (!line_ok(a) || !duration_typed(a, after, sizeof(after)) ||
			    duration_parse(after, &d)) {
				fs_err(&fs, id, bad_duration);
			} else if (duration_seconds(&d) <= prev) {
				fs_err(&fs, id, "前の行より後の時間にしてください。");
			} else {
				prev = duration_seconds(&d);
				v[n++] = (struct ypair){.key = "after",
							.kind = YP_PLAIN,
							.value = after};
			}
		} else if (used) {
			fs_err(&fs, id, "二番目からは、何分後に知らせるかを入れてください。");
		} else {
			prev = 0;
		}
		snprintf(id, sizeof(id), "notify-%ld-%ld", level, i);
		if (!nr)
			fs_err(&fs, id, "知らせる役割を一つ以上選んでください。");
		for (size_t k = 0; k < nr; k++)
			if (!role_known(p, roles[k]))
				fs_err(&fs, id, "ない役割が選ばれています。");
		used++;
		if (fs.n)
			continue;
		v[n++] = (struct ypair){.key = "notify", .kind = YP_LIST, .list = roles, .n = nr};
		if (yaml_block_item(v, n, &c.steps)) {
			buf_release(&c.steps);
			return web_reply_error(r, 503, "oom", "メモリが足りません");
		}
	}
	if (!used) {
		snprintf(id, sizeof(id), "notify-%ld-0", level);
		fs_err(&fs, id, "最初に知らせる役割を選んでください。");
	}
	{
		const char *rs = web_form(r, "rounds"), *ev = web_form(r, "every");
		long rounds = 1;

		snprintf(id, sizeof(id), "rounds-%ld", level);
		if (rs && *rs) {
			char norm[32];

			/* full-width digits too */
			if (!line_ok(rs) || !normal_typed(rs, norm, sizeof(norm)) ||
			    str_to_long(norm, 1, 10, &rounds))
				fs_err(&fs, id, "1 から 10 までの数を入れてください。");
		}
		snprintf(c.rounds, sizeof(c.rounds), "%ld", rounds);
		snprintf(id, sizeof(id), "every-%ld", level);
		if (rounds > 1) {
			struct duration d;

			if (!ev || !*ev || !line_ok(ev) ||
			    !duration_typed(ev, c.every, sizeof(c.every)) ||
			    duration_parse(c.every, &d))
				fs_err(&fs, id, bad_duration);
		}
	}
	c.business_hours = web_form(r, "business_hours") != NULL;
	if (fs.n) {
		fs.error = "入力を確かめてください（赤い欄）。何も変えていません。";
		rc = render_escalation(r, 422, &fs);
		goto out;
	}
	snprintf(note, sizeof(note), "連絡の順番（レベル%ld）", level);
	rc = edit_and_save(r, build_chain, &c, note, "/admin/setup/escalation", &fs,
			   render_escalation);
out:
	buf_release(&c.steps);
	return rc;
}

/* ---- each sign's do / don't ---- */

/* A list as lines of a textarea (the posted text after a refusal). */
static void lines_field(struct web_req *r, struct buf *b, const struct fstate *fs,
			const char *target, const char *id, const char *name, const char *label,
			const struct strv *now)
{
	const char *msg = fs_msg(fs, id), *typed = NULL;

	if (posted_here(fs, target))
		typed = web_form(r, name);
	HTML_RAW(b, "<div class=\"field\"><label");
	html_attr(b, "for", id);
	HTML_RAW(b, ">");
	html_text(b, label);
	HTML_RAW(b, " <small>（一行に一つ）</small></label>");
	page_field_error(b, id, msg);
	HTML_RAW(b, "<textarea rows=\"4\"");
	html_attr(b, "id", id);
	html_attr(b, "name", name);
	page_field_invalid(b, id, msg);
	HTML_RAW(b, ">");
	if (typed) {
		html_text(b, typed);
	} else {
		for (size_t i = 0; now && i < now->n; i++) {
			html_text(b, now->v[i]);
			HTML_RAW(b, "\n");
		}
	}
	HTML_RAW(b, "</textarea></div>\n");
}

static int render_signs(struct web_req *r, unsigned status, const struct fstate *fs)
{
	const struct policy *p = r->p;
	struct buf b;

	buf_init(&b, 0);
	head(r, &b, "兆候ごとの「すること・しないこと」",
	     "従業員が報告の画面とカードで見る、兆候ごとにすぐすることと、してはいけないことです。",
	     fs);
	for (size_t i = 0; p && i < p->n_signs; i++) {
		const struct mo_sign *sg = &p->signs[i];
		char id[64];
		bool open = posted_here(fs, sg->id);

		HTML_RAW(&b, "<details class=\"sign\"");
		if (open)
			HTML_RAW(&b, " open");
		HTML_RAW(&b, "><summary>");
		html_text(&b, sg->label);
		HTML_RAW(&b, "</summary>\n");
		snprintf(id, sizeof(id), "sign-%zu", i);
		form_open(r, &b, "/admin/setup/signs", id);
		hidden(&b, "sign", sg->id);
		snprintf(id, sizeof(id), "do-%zu", i);
		lines_field(r, &b, fs, sg->id, id, "do", "すること", &sg->do_now);
		snprintf(id, sizeof(id), "dont-%zu", i);
		lines_field(r, &b, fs, sg->id, id, "dont", "しないこと", &sg->dont);
		HTML_RAW(&b, "<p class=\"submit\"><button type=\"submit\">保存する</button></p>"
			     "</form></details>\n");
	}
	page_end(r, &b);
	return web_reply_page(r, status, &b);
}

int page_forms_signs(struct web_req *r)
{
	return render_signs(r, 200, NULL);
}

struct sign_edit {
	const char *id;
	char *text[2]; /* do, dont: copies split in place */
	const char *lines[2][LIST_MAX];
	size_t n[2];
};

static int build_sign(const struct ydoc *d, struct yedits *ed, void *arg, struct mo_err *e)
{
	struct sign_edit *s = arg;
	char path[128];
	const struct ynode *item;
	struct ypair v[2] = {
		{.key = "do", .kind = YP_LIST, .list = s->lines[0], .n = s->n[0], .block = true},
		{.key = "dont", .kind = YP_LIST, .list = s->lines[1], .n = s->n[1], .block = true},
	};

	snprintf(path, sizeof(path), "signs[id=%s]", s->id);
	item = ydoc_find(d, path);
	if (!item)
		return mo_err_setc(e, MO_ENOTFOUND, "%s", "その兆候はもうありません。");
	return yedits_set_fields(ed, d, item, v, 2) ? no_layout(e) : 0;
}

/* Splits text into trimmed non-empty lines (in place). false: too many. */
static bool split_lines(char *text, const char **out, size_t *n)
{
	*n = 0;
	for (char *save = NULL, *l = strtok_r(text, "\r\n", &save); l;
	     l = strtok_r(NULL, "\r\n", &save)) {
		char *end = l + strlen(l);

		while (*l == ' ' || *l == '\t')
			l++;
		while (end > l && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (!*l)
			continue;
		if (*n == LIST_MAX)
			return false;
		out[(*n)++] = l;
	}
	return true;
}

int page_forms_signs_post(struct web_req *r)
{
	const struct policy *p = r->p;
	const char *id = web_form(r, "sign");
	const struct mo_sign *sg = NULL;
	struct fstate fs = {.target = id};
	struct sign_edit s;
	size_t at = 0;
	char note[VALUE_MAX + 64];
	int rc;

	memset(&s, 0, sizeof(s));
	for (size_t i = 0; id && p && i < p->n_signs; i++)
		if (strcmp(p->signs[i].id, id) == 0) {
			sg = &p->signs[i];
			at = i;
		}
	if (!sg)
		return web_reply_error(r, 404, "not_found", "その兆候はありません");
	s.id = sg->id;
	for (int k = 0; k < 2; k++) {
		const char *v = web_form(r, k ? "dont" : "do");
		char fid[64];

		snprintf(fid, sizeof(fid), "%s-%zu", k ? "dont" : "do", at);
		if (!v || strlen(v) > LINES_MAX || !web_text_ok(v, true)) {
			fs_err(&fs, fid, "使えない文字が含まれているか、長すぎます。");
			continue;
		}
		s.text[k] = strdup(v);
		if (!s.text[k] || !split_lines(s.text[k], s.lines[k], &s.n[k])) {
			fs_err(&fs, fid, "行が多すぎます（64 行まで）。");
			continue;
		}
		for (size_t i = 0; i < s.n[k]; i++)
			if (strlen(s.lines[k][i]) >= VALUE_MAX)
				fs_err(&fs, fid, "長すぎる行があります。");
		if (k == 0 && !s.n[0])
			fs_err(&fs, fid, "すぐにすることを一行以上書いてください。");
	}
	if (fs.n) {
		fs.error = "入力を確かめてください（赤い欄）。何も変えていません。";
		rc = render_signs(r, 422, &fs);
		goto out;
	}
	snprintf(note, sizeof(note), "兆候の「すること・しないこと」（%s）", sg->label);
	rc = edit_and_save(r, build_sign, &s, note, "/admin/setup/signs", &fs, render_signs);
out:
	free(s.text[0]);
	free(s.text[1]);
	return rc;
}

/* ---- the peacetime checks: owner and interval ---- */

static int render_checks(struct web_req *r, unsigned status, const struct fstate *fs)
{
	const struct policy *p = r->p;
	struct buf b;

	buf_init(&b, 0);
	head(r, &b, "平時の点検（担当と間隔）",
	     "予防と検知のために平素から行う点検の、担当の役割と、どのくらいの間隔で行うかです。",
	     fs);
	form_open(r, &b, "/admin/setup/checks", "checks");
	for (size_t i = 0; p && i < p->n_checks; i++) {
		const struct mo_check *ck = &p->checks[i];
		char id[64], name[96], now[32];

		HTML_RAW(&b, "<fieldset><legend>");
		html_text(&b, ck->title);
		HTML_RAW(&b, "</legend>\n");
		snprintf(id, sizeof(id), "owner-%zu", i);
		snprintf(name, sizeof(name), "owner.%s", ck->id);
		role_select(r, &b, fs, id, name, "担当", shown(r, fs, "", name, ck->owner));
		snprintf(id, sizeof(id), "every-%zu", i);
		snprintf(name, sizeof(name), "every.%s", ck->id);
		duration_text(&ck->every, now, sizeof(now));
		text_field(&b, fs, id, name, "間隔", shown(r, fs, "", name, now),
			   "例: 1d（毎日）、1w（毎週）、1M（毎月）、1y（毎年）", NULL);
		HTML_RAW(&b, "</fieldset>\n");
	}
	HTML_RAW(&b, "<p class=\"submit\"><button type=\"submit\">保存する</button></p></form>\n");
	page_end(r, &b);
	return web_reply_page(r, status, &b);
}

int page_forms_checks(struct web_req *r)
{
	return render_checks(r, 200, NULL);
}

struct checks_edit {
	size_t n;
	struct {
		const char *id, *owner;
		char every[32];
	} v[256];
};

static int build_checks(const struct ydoc *d, struct yedits *ed, void *arg, struct mo_err *e)
{
	struct checks_edit *c = arg;

	for (size_t i = 0; i < c->n; i++) {
		char path[128];
		const struct ynode *item;
		struct ypair v[2] = {
			{.key = "owner", .kind = YP_SCALAR, .value = c->v[i].owner},
			{.key = "every", .kind = YP_PLAIN, .value = c->v[i].every},
		};

		snprintf(path, sizeof(path), "checks[id=%s]", c->v[i].id);
		item = ydoc_find(d, path);
		if (!item)
			return mo_err_setc(e, MO_ENOTFOUND, "%s", "その点検はもうありません。");
		if (yedits_set_fields(ed, d, item, v, 2))
			return no_layout(e);
	}
	return 0;
}

int page_forms_checks_post(struct web_req *r)
{
	const struct policy *p = r->p;
	struct fstate fs = {.target = ""};
	struct checks_edit *c = calloc(1, sizeof(*c));
	int rc;

	if (!c)
		return web_reply_error(r, 503, "oom", "メモリが足りません");
	for (size_t i = 0; p && i < p->n_checks && c->n < MO_ARRAY_SIZE(c->v); i++) {
		const struct mo_check *ck = &p->checks[i];
		char name[96], id[64], now[32], every[32];
		const char *o, *ev;

		snprintf(name, sizeof(name), "owner.%s", ck->id);
		o = web_form(r, name);
		snprintf(name, sizeof(name), "every.%s", ck->id);
		ev = web_form(r, name);
		if (!o || !ev)
			continue;
		snprintf(id, sizeof(id), "owner-%zu", i);
		if (!role_known(p, o))
			fs_err(&fs, id, "ない役割です。");
		snprintf(id, sizeof(id), "every-%zu", i);
		if (!line_ok(ev) || !duration_typed(ev, every, sizeof(every))) {
			fs_err(&fs, id, bad_duration);
			continue;
		}
		duration_text(&ck->every, now, sizeof(now));
		if (strcmp(o, ck->owner ? ck->owner : "") == 0 && strcmp(every, now) == 0)
			continue;
		c->v[c->n].id = ck->id;
		c->v[c->n].owner = o;
		snprintf(c->v[c->n].every, sizeof(c->v[c->n].every), "%s", every);
		c->n++;
	}
	if (fs.n) {
		fs.error = "入力を確かめてください（赤い欄）。何も変えていません。";
		rc = render_checks(r, 422, &fs);
	} else if (!c->n) {
		rc = web_redirect(r, "/admin/setup/checks?msg=nochange");
	} else {
		rc = edit_and_save(r, build_checks, c, "平時の点検（担当と間隔）",
				   "/admin/setup/checks", &fs, render_checks);
	}
	free(c);
	return rc;
}

/* ---- the BCP's systems ---- */

/* The scalar at path in the policy text ("" when none), and a list's items
 * joined: rto, rpo and vendors are read from the text, so the form shows
 * them whichever loader is built in. */
static void yaml_value(const struct ydoc *d, const char *path, char *out, size_t size)
{
	const struct ynode *n = d ? ydoc_find(d, path) : NULL;
	size_t at = 0;

	*out = '\0';
	if (!n)
		return;
	if (n->kind == YN_SCALAR) {
		snprintf(out, size, "%s", n->str);
		return;
	}
	for (size_t i = 0; n->kind == YN_SEQUENCE && i < n->n; i++) {
		int w;

		if (n->kid[i]->kind != YN_SCALAR)
			continue;
		w = snprintf(out + at, size - at, "%s%s", at ? " " : "", n->kid[i]->str);
		if (w < 0 || (size_t)w >= size - at)
			return;
		at += (size_t)w;
	}
}

static void system_fields(struct web_req *r, struct buf *b, const struct fstate *fs,
			  const struct ydoc *d, const struct mo_bcp_system *sy, size_t at)
{
	const struct policy *p = r->p;
	const char *target = sy ? sy->id : "";
	const char *tier_ids[LIST_MAX], *tier_labels[LIST_MAX];
	size_t nt = 0;
	char id[64], path[160], now[VALUE_MAX];
	struct buf dep;

	buf_init(&dep, 1 << 16);
	for (size_t i = 0; i < p->bcp.n_tiers && nt < LIST_MAX; i++) {
		tier_ids[nt] = p->bcp.tiers[i].id;
		tier_labels[nt++] = p->bcp.tiers[i].label;
	}
	snprintf(id, sizeof(id), "sys-name-%zu", at);
	text_field(b, fs, id, "name", "システムの名前（必須）",
		   shown(r, fs, target, "name", sy ? sy->name : ""), "例: 販売管理システム", NULL);
	snprintf(id, sizeof(id), "sys-tier-%zu", at);
	select_field(b, fs, id, "tier", "復旧の優先順位", tier_ids, tier_labels, nt,
		     shown(r, fs, target, "tier", sy ? sy->tier : (nt ? tier_ids[nt - 1] : "")));
	for (size_t i = 0; sy && i < sy->depends_on.n; i++)
		if ((i && buf_adds(&dep, "、")) || buf_adds(&dep, sy->depends_on.v[i]))
			break;
	snprintf(id, sizeof(id), "sys-dep-%zu", at);
	text_field(b, fs, id, "depends_on", "頼っているもの（、で区切る）",
		   shown(r, fs, target, "depends_on", buf_str(&dep)),
		   "例: 電源、ネットワーク、回線サービス（ほかのシステムの id も書けます）", NULL);
	snprintf(id, sizeof(id), "sys-owner-%zu", at);
	role_select(r, b, fs, id, "recovery_owner", "復旧の責任者（役割）",
		    shown(r, fs, target, "recovery_owner", sy ? sy->recovery_owner : "manager"));
	snprintf(id, sizeof(id), "sys-note-%zu", at);
	text_field(b, fs, id, "note", "メモ", shown(r, fs, target, "note", sy ? sy->note : ""),
		   "例: 商品の販売から請求回収までの業務を支える", NULL);
	snprintf(path, sizeof(path), "bcp.systems[id=%s].rto", target);
	yaml_value(sy ? d : NULL, path, now, sizeof(now));
	snprintf(id, sizeof(id), "sys-rto-%zu", at);
	text_field(b, fs, id, "rto", "目標復旧時間 RTO（止まってから動かすまで）",
		   shown(r, fs, target, "rto", now), "例: 4h、1d（なければ空欄）", NULL);
	snprintf(path, sizeof(path), "bcp.systems[id=%s].rpo", target);
	yaml_value(sy ? d : NULL, path, now, sizeof(now));
	snprintf(id, sizeof(id), "sys-rpo-%zu", at);
	text_field(b, fs, id, "rpo", "目標復旧時点 RPO（失ってよいデータの時間）",
		   shown(r, fs, target, "rpo", now), "例: 1d（前日のバックアップまで）", NULL);
	snprintf(path, sizeof(path), "bcp.systems[id=%s].vendors", target);
	yaml_value(sy ? d : NULL, path, now, sizeof(now));
	{
		const char *v[LIST_MAX];
		size_t n = 0;
		char *save = NULL;
		const char *msg;

		snprintf(id, sizeof(id), "sys-vendors-%zu", at);
		msg = fs_msg(fs, id);
		if (posted_here(fs, target))
			n = web_form_all(r, "vendors", v, LIST_MAX);
		else
			for (char *t = strtok_r(now, " ", &save); t && n < LIST_MAX;
			     t = strtok_r(NULL, " ", &save))
				v[n++] = t;
		HTML_RAW(b, "<fieldset class=\"roles\"");
		html_attr(b, "id", id);
		HTML_RAW(b, "><legend>頼る業者・窓口</legend>");
		page_field_error(b, id, msg);
		for (size_t k = 0; k < p->n_authorities; k++) {
			const struct mo_authority *au = &p->authorities[k];

			HTML_RAW(
				b,
				"<label class=\"check\"><input type=\"checkbox\" name=\"vendors\"");
			html_attr(b, "value", au->id);
			if (in_list(v, n, au->id))
				HTML_RAW(b, " checked");
			HTML_RAW(b, "><span>");
			html_text(b, au->organization);
			if (au->name && *au->name) {
				HTML_RAW(b, " ");
				html_text(b, au->name);
			}
			HTML_RAW(b, "</span></label>");
		}
		HTML_RAW(b, "</fieldset>\n");
	}
	buf_release(&dep);
}

static int render_bcp(struct web_req *r, unsigned status, const struct fstate *fs)
{
	const struct policy *p = r->p;
	struct ydoc d;
	bool have_doc = false;
	size_t len = 0;
	char *text;
	struct mo_err e;
	struct buf b;

	mo_err_clear(&e);
	text = setup_policy_text(r, &len, &e);
	if (text && ydoc_parse(&d, text, len, &e) == 0)
		have_doc = true;
	buf_init(&b, 0);
	head(r, &b, "事業継続（BCP）のシステム",
	     "事業が止まったときに復旧するシステムと、その優先順位、頼っているもの、復旧の責任者、"
	     "目標復旧時間（RTO）と目標復旧時点（RPO）、頼る業者です。",
	     fs);
	for (size_t i = 0; p && i < p->bcp.n_systems; i++) {
		const struct mo_bcp_system *sy = &p->bcp.systems[i];
		char id[64];

		HTML_RAW(&b, "<section class=\"system\"><h2>");
		html_text(&b, sy->name);
		HTML_RAW(&b, "</h2>\n");
		snprintf(id, sizeof(id), "system-%zu", i);
		form_open(r, &b, "/admin/setup/bcp", id);
		hidden(&b, "system", sy->id);
		system_fields(r, &b, fs, have_doc ? &d : NULL, sy, i);
		HTML_RAW(&b, "<p class=\"submit\"><button type=\"submit\">保存する</button></p>"
			     "</form>\n<form method=\"post\" action=\"/admin/setup/bcp/delete\" "
			     "class=\"inline\">");
		page_csrf(r, &b);
		hidden(&b, "system", sy->id);
		HTML_RAW(&b, "<button type=\"submit\" class=\"small secondary\">このシステムを外す"
			     "</button></form></section>\n");
	}
	HTML_RAW(&b, "<section class=\"system\"><h2>システムを加える</h2>\n");
	form_open(r, &b, "/admin/setup/bcp", "system-new");
	hidden(&b, "system", "");
	system_fields(r, &b, fs, NULL, NULL, p ? p->bcp.n_systems : 0);
	HTML_RAW(&b, "<p class=\"submit\"><button type=\"submit\">加えて保存する</button></p>"
		     "</form></section>\n");
	page_end(r, &b);
	if (have_doc)
		ydoc_release(&d);
	free(text);
	return web_reply_page(r, status, &b);
}

int page_forms_bcp(struct web_req *r)
{
	return render_bcp(r, 200, NULL);
}

struct system_edit {
	char id[64];
	bool is_new;
	struct ypair v[10];
	size_t n;
	char *dep_text;
	const char *deps[LIST_MAX];
	const char *vendors[LIST_MAX];
	char rto[32], rpo[32];
};

static int build_system(const struct ydoc *d, struct yedits *ed, void *arg, struct mo_err *e)
{
	struct system_edit *s = arg;
	const struct ynode *seq = ydoc_find(d, "bcp.systems"), *item = NULL;
	char path[128];
	struct buf t;
	int rc;

	if (!s->is_new) {
		snprintf(path, sizeof(path), "bcp.systems[id=%s]", s->id);
		item = ydoc_find(d, path);
		if (!item)
			return mo_err_setc(e, MO_ENOTFOUND, "%s", "そのシステムはもうありません。");
		return yedits_set_fields(ed, d, item, s->v + 1, s->n - 1) ? no_layout(e) : 0;
	}
	if (!seq)
		return mo_err_setc(e, MO_EINVAL, "%s",
				   "policy.yaml に bcp: の systems: がありません。YAML の編集で "
				   "systems: [] を加えてください。");
	buf_init(&t, 1 << 20);
	rc = yaml_block_mapping(s->v, s->n, &t) || yedits_add_item(ed, d, seq, buf_str(&t));
	buf_release(&t);
	return rc ? no_layout(e) : 0;
}

int page_forms_bcp_post(struct web_req *r)
{
	const struct policy *p = r->p;
	const char *sid = web_form(r, "system");
	const struct mo_bcp_system *sy = NULL;
	struct fstate fs = {.target = sid};
	struct system_edit *s = calloc(1, sizeof(*s));
	const char *name = web_form(r, "name"), *tier = web_form(r, "tier"),
		   *dep = web_form(r, "depends_on"), *owner = web_form(r, "recovery_owner"),
		   *note = web_form(r, "note"), *rto = web_form(r, "rto"),
		   *rpo = web_form(r, "rpo");
	size_t at = 0, nd = 0, nv;
	char fid[64], msg[VALUE_MAX + 64];
	int rc;

	if (!s)
		return web_reply_error(r, 503, "oom", "メモリが足りません");
	for (size_t i = 0; sid && *sid && p && i < p->bcp.n_systems; i++)
		if (strcmp(p->bcp.systems[i].id, sid) == 0) {
			sy = &p->bcp.systems[i];
			at = i;
		}
	if (!sid || (*sid && !sy)) {
		free(s);
		return web_reply_error(r, 404, "not_found", "そのシステムはありません");
	}
	if (!sy)
		at = p ? p->bcp.n_systems : 0;
	s->is_new = !sy;
	snprintf(fid, sizeof(fid), "sys-name-%zu", at);
	if (!name || !*name)
		fs_err(&fs, fid, "名前を入れてください。");
	else if (!line_ok(name))
		fs_err(&fs, fid, "使えない文字が含まれているか、長すぎます。");
	snprintf(fid, sizeof(fid), "sys-tier-%zu", at);
	{
		bool known = false;

		for (size_t i = 0; tier && p && i < p->bcp.n_tiers; i++)
			known |= strcmp(p->bcp.tiers[i].id, tier) == 0;
		if (!known)
			fs_err(&fs, fid, "ない優先順位です。");
	}
	snprintf(fid, sizeof(fid), "sys-dep-%zu", at);
	if (dep && !line_ok(dep)) {
		fs_err(&fs, fid, "使えない文字が含まれているか、長すぎます。");
	} else if (dep) {
		char *save = NULL;

		s->dep_text = strdup(dep);
		/* 、 , ， and spaces separate */
		for (char *c = s->dep_text; c && *c; c++) {
			if (strncmp(c, "、", 3) == 0 || strncmp(c, "，", 3) == 0) {
				memset(c, ',', 3);
				c += 2;
			}
		}
		for (char *t = s->dep_text ? strtok_r(s->dep_text, ", \t", &save) : NULL; t;
		     t = strtok_r(NULL, ", \t", &save))
			if (nd < LIST_MAX)
				s->deps[nd++] = t;
	}
	snprintf(fid, sizeof(fid), "sys-owner-%zu", at);
	if (!owner || !role_known(p, owner))
		fs_err(&fs, fid, "ない役割です。");
	snprintf(fid, sizeof(fid), "sys-note-%zu", at);
	if (note && *note && !line_ok(note))
		fs_err(&fs, fid, "使えない文字が含まれているか、長すぎます。");
	snprintf(fid, sizeof(fid), "sys-rto-%zu", at);
	if (rto && *rto && (!line_ok(rto) || !duration_typed(rto, s->rto, sizeof(s->rto))))
		fs_err(&fs, fid, bad_duration);
	snprintf(fid, sizeof(fid), "sys-rpo-%zu", at);
	if (rpo && *rpo && (!line_ok(rpo) || !duration_typed(rpo, s->rpo, sizeof(s->rpo))))
		fs_err(&fs, fid, bad_duration);
	nv = web_form_all(r, "vendors", s->vendors, LIST_MAX);
	snprintf(fid, sizeof(fid), "sys-vendors-%zu", at);
	for (size_t i = 0; i < nv; i++) {
		bool known = false;

		for (size_t k = 0; p && k < p->n_authorities; k++)
			known |= strcmp(p->authorities[k].id, s->vendors[i]) == 0;
		if (!known)
			fs_err(&fs, fid, "ない窓口が選ばれています。");
	}
	if (fs.n) {
		fs.error = "入力を確かめてください（赤い欄）。何も変えていません。";
		rc = render_bcp(r, 422, &fs);
		goto out;
	}
	if (sy) {
		snprintf(s->id, sizeof(s->id), "%s", sy->id);
	} else {
		for (int k = 1;; k++) {
			bool used = false;

			snprintf(s->id, sizeof(s->id), "system_%d", k);
			for (size_t i = 0; p && i < p->bcp.n_systems; i++)
				used |= strcmp(p->bcp.systems[i].id, s->id) == 0;
			if (!used)
				break;
		}
	}
	s->v[s->n++] = (struct ypair){.key = "id", .kind = YP_SCALAR, .value = s->id};
	s->v[s->n++] = (struct ypair){.key = "name", .kind = YP_SCALAR, .value = name};
	s->v[s->n++] = (struct ypair){.key = "tier", .kind = YP_SCALAR, .value = tier};
	s->v[s->n++] =
		(struct ypair){.key = "depends_on", .kind = YP_LIST, .list = s->deps, .n = nd};
	s->v[s->n++] = (struct ypair){.key = "recovery_owner", .kind = YP_SCALAR, .value = owner};
	/* the optional keys: written when given, removed when emptied */
	s->v[s->n++] = (struct ypair){.key = "note",
				      .kind = YP_SCALAR,
				      .value = note ? note : "",
				      .optional = true};
	s->v[s->n++] =
		(struct ypair){.key = "rto", .kind = YP_PLAIN, .value = s->rto, .optional = true};
	s->v[s->n++] =
		(struct ypair){.key = "rpo", .kind = YP_PLAIN, .value = s->rpo, .optional = true};
	if (nv || !s->is_new)
		s->v[s->n++] = (struct ypair){.key = "vendors",
					      .kind = YP_LIST,
					      .list = s->vendors,
					      .n = nv,
					      .optional = !nv};
	if (s->is_new) {
		/* a new item: only what was given */
		size_t k = 0;

		for (size_t i = 0; i < s->n; i++)
			if (!s->v[i].optional ||
			    (s->v[i].kind == YP_LIST ? s->v[i].n > 0 : *s->v[i].value != '\0'))
				s->v[k++] = s->v[i];
		s->n = k;
	}
	snprintf(msg, sizeof(msg), "BCP のシステム（%s）", name);
	rc = edit_and_save(r, build_system, s, msg, "/admin/setup/bcp", &fs, render_bcp);
out:
	free(s->dep_text);
	free(s);
	return rc;
}

static int build_system_drop(const struct ydoc *d, struct yedits *ed, void *arg, struct mo_err *e)
{
	return drop_item_by_id(d, ed, "bcp.systems", arg, "そのシステムはもうありません。", e);
}

int page_forms_bcp_delete(struct web_req *r)
{
	const struct policy *p = r->p;
	const char *id = web_form(r, "system");
	const struct mo_bcp_system *sy = NULL;
	struct fstate fs = {.target = NULL};
	char note[VALUE_MAX + 64];

	for (size_t i = 0; id && p && i < p->bcp.n_systems; i++)
		if (strcmp(p->bcp.systems[i].id, id) == 0)
			sy = &p->bcp.systems[i];
	if (!sy)
		return web_reply_error(r, 404, "not_found", "そのシステムはありません");
	snprintf(note, sizeof(note), "BCP のシステムを削除（%s）", sy->name);
	return edit_and_save(r, build_system_drop, (void *)sy->id, note, "/admin/setup/bcp", &fs,
			     render_bcp);
}
