/* /incidents/ID/bcp: the business continuity board of an incident (004 §5,
 * 002 §5), phone first: the next system to restore and what it waits for,
 * then each affected system in recovery order with its state (停止 / 縮退 /
 * 復旧), owner, vendors to call, elapsed time against its RTO and a form to
 * record its state; the damage survey (004 §5(2)④) as one form; who can
 * work from when (004 §5(2)③). The forms need the responder's role and
 * the CSRF token (the route table), and each write is an incident event. */
#include "engine/bcp.h"
#include "engine/labels.h"
#include "web/webInt.h"

static void elapsed(struct buf *b, int64_t s)
{
	long long d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;

	if (d) {
		page_int(b, d);
		HTML_RAW(b, "日");
	}
	if (d || h) {
		page_int(b, h);
		HTML_RAW(b, "時間");
	}
	page_int(b, m);
	HTML_RAW(b, "分");
}

static void words(struct buf *b, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			HTML_RAW(b, "、");
		html_text(b, v[i]);
	}
}

/* The system's name for id (for the waits), or id. */
static const char *name_of(const struct policy *p, const char *id)
{
	const struct mo_bcp_system *s = engine_bcp_system(p, id);

	return s ? s->name : id;
}

static void waits(struct web_req *r, struct buf *b, const struct bcp_view *v)
{
	if (v->n_waits) {
		HTML_RAW(b, "<span class=\"overdue\">待ち：");
		for (size_t i = 0; i < v->n_waits; i++) {
			if (i)
				HTML_RAW(b, "、");
			html_text(b, name_of(r->p, v->waits[i]));
		}
		HTML_RAW(b, "</span>");
	}
	if (v->n_needs) {
		HTML_RAW(b, "<span>前提：");
		words(b, v->needs, v->n_needs);
		HTML_RAW(b, "</span>");
	}
}

static void state_options(struct buf *b, enum bcp_state current)
{
	for (int s = BCP_STOPPED; s < BCP_STATE_COUNT; s++) {
		HTML_RAW(b, "<option");
		html_attr(b, "value", bcp_state_key((enum bcp_state)s));
		if ((int)current == s)
			HTML_RAW(b, " selected");
		HTML_RAW(b, ">");
		html_text(b, engine_bcp_state_word((enum bcp_state)s, LABEL_JA));
		HTML_RAW(b, "</option>");
	}
}

static void state_form(struct web_req *r, struct buf *b, const struct bcp_view *v)
{
	HTML_RAW(b, "<div class=\"step-ops\"><details><summary>状態を記録</summary>"
		    "<form method=\"post\"");
	page_action(b, "/incidents/%lld/bcp/state", (long long)r->id);
	HTML_RAW(b, ">");
	page_csrf(r, b);
	HTML_RAW(b, "<input type=\"hidden\" name=\"system\"");
	html_attr(b, "value", v->sys->id);
	HTML_RAW(b, "><select name=\"state\" aria-label=\"状態\">");
	state_options(b, v->state == BCP_UNKNOWN ? BCP_STOPPED : v->state);
	HTML_RAW(b, "</select><input type=\"text\" name=\"note\" maxlength=\"4000\" "
		    "placeholder=\"メモ（任意）\" aria-label=\"メモ\">"
		    "<button class=\"small\">記録</button></form></details></div>");
}

static void vendor_line(struct buf *b, const struct mo_authority *a)
{
	HTML_RAW(b, "<span>連絡先：");
	html_text(b, a->organization);
	if (a->name) {
		HTML_RAW(b, " ");
		html_text(b, a->name);
	}
	if (a->tel) {
		char tel[128];

		snprintf(tel, sizeof(tel), "tel:%s", a->tel);
		HTML_RAW(b, " <a");
		(void)html_url_attr(b, "href", tel);
		HTML_RAW(b, ">");
		html_text(b, a->tel);
		HTML_RAW(b, "</a>");
	}
	HTML_RAW(b, "</span>");
}

static void system_card(struct web_req *r, struct buf *b, const struct inc *inc,
			const struct bcp_view *v, struct arena *a)
{
	const struct mo_bcp_system *s = v->sys;
	char d[64];

	HTML_RAW(b, "<li class=\"step");
	if (v->state == BCP_RESTORED)
		HTML_RAW(b, " closed");
	else if (v->rto_over == 1)
		HTML_RAW(b, " overdue");
	HTML_RAW(b, "\"");
	html_attr(b, "id", s->id);
	HTML_RAW(b, "><div class=\"step-head\"><span class=\"step-n\">");
	page_int(b, (long long)v->rank);
	HTML_RAW(b, "</span><span class=\"step-title\">");
	html_text(b, s->name);
	HTML_RAW(b, "</span> <strong class=\"state bcp-state\">");
	html_text(b, engine_bcp_state_word(v->state, LABEL_JA));
	HTML_RAW(b, "</strong></div><div class=\"meta\"><span>優先順位 ");
	html_text(b, s->tier);
	for (size_t t = 0; t < r->p->bcp.n_tiers; t++)
		if (strcmp(r->p->bcp.tiers[t].id, s->tier) == 0) {
			HTML_RAW(b, "（");
			html_text(b, r->p->bcp.tiers[t].label);
			HTML_RAW(b, "）");
		}
	HTML_RAW(b, "</span>");
	if (s->recovery_owner) {
		HTML_RAW(b, "<span>復旧責任者：");
		html_text(b, policy_role_title(r->p, s->recovery_owner));
		HTML_RAW(b, "（");
		html_text(b, engine_role_people(r->p, inc, s->recovery_owner, a));
		HTML_RAW(b, "）</span>");
	}
	HTML_RAW(b, "<span class=\"elapsed");
	if (v->rto_over == 1)
		HTML_RAW(b, " overdue");
	HTML_RAW(b, "\">経過 ");
	elapsed(b, v->elapsed);
	if (s->has_rto) {
		engine_duration_ja(&s->rto, d, sizeof(d));
		HTML_RAW(b, " / 目標復旧時間（RTO） ");
		html_text(b, d);
		HTML_RAW(b, " — ");
		html_text(b, engine_bcp_rto_word(v->rto_over == 1, LABEL_JA));
	}
	HTML_RAW(b, "</span>");
	if (s->has_rpo) {
		engine_duration_ja(&s->rpo, d, sizeof(d));
		HTML_RAW(b, "<span>目標復旧時点（RPO） ");
		html_text(b, d);
		HTML_RAW(b, "</span>");
	}
	for (size_t k = 0; k < s->vendors.n; k++) {
		const struct mo_authority *au = policy_authority(r->p, s->vendors.v[k]);

		if (au)
			vendor_line(b, au);
	}
	waits(r, b, v);
	if (v->last) {
		HTML_RAW(b, "<span>");
		page_time(r, b, v->last->at);
		HTML_RAW(b, " ");
		html_text(b, v->last->who);
		if (v->last->note) {
			HTML_RAW(b, "：");
			html_text(b, v->last->note);
		}
		HTML_RAW(b, "</span>");
	}
	HTML_RAW(b, "</div>");
	state_form(r, b, v);
	HTML_RAW(b, "</li>\n");
}

/* The systems not on the board, to record one as stopped (an incident that
 * is no disaster gets its board this way). */
static void other_form(struct web_req *r, struct buf *b, const struct bcp_board *bd)
{
	size_t *order = calloc(r->p->bcp.n_systems + 1, sizeof(*order)), n, shown = 0;

	n = order ? engine_bcp_order(r->p, order) : 0;
	for (size_t i = 0; i < n; i++) {
		const struct mo_bcp_system *s = &r->p->bcp.systems[order[i]];
		bool on = false;

		for (size_t k = 0; k < bd->n; k++)
			on |= bd->v[k].sys == s;
		if (on)
			continue;
		if (!shown++) {
			HTML_RAW(b, "<details><summary>ほかのシステムの状態を記録</summary>"
				    "<form method=\"post\"");
			page_action(b, "/incidents/%lld/bcp/state", (long long)r->id);
			HTML_RAW(b, ">");
			page_csrf(r, b);
			HTML_RAW(b, "<label>システム <select name=\"system\">");
		}
		HTML_RAW(b, "<option");
		html_attr(b, "value", s->id);
		HTML_RAW(b, ">");
		html_text(b, s->name);
		HTML_RAW(b, "</option>");
	}
	if (shown) {
		HTML_RAW(b, "</select></label><label>状態 <select name=\"state\">");
		state_options(b, BCP_STOPPED);
		HTML_RAW(b,
			 "</select></label><label>メモ（任意） <input type=\"text\" name=\"note\" "
			 "maxlength=\"4000\"></label><button>記録</button></form></details>\n");
	}
	free(order);
}

static void survey(struct web_req *r, struct buf *b, const struct bcp_board *bd)
{
	const struct strv *sv = &r->p->bcp.damage_survey;

	if (!sv->n)
		return;
	HTML_RAW(b,
		 "<h2 id=\"survey\">被害状況の把握</h2>\n<p class=\"muted\">出勤した社員が部門内の"
		 "被害状況を調査して記入します。変えた項目だけが記録されます。</p>\n"
		 "<form method=\"post\" class=\"survey\"");
	page_action(b, "/incidents/%lld/bcp/survey", (long long)r->id);
	HTML_RAW(b, ">");
	page_csrf(r, b);
	for (size_t i = 0; i < sv->n; i++) {
		const struct bcp_rec *rec = bd->survey[i];
		char id[32];

		snprintf(id, sizeof(id), "a%zu", i + 1);
		HTML_RAW(b, "<label>");
		html_text(b, sv->v[i]);
		if (rec) {
			HTML_RAW(b, " <small>（");
			page_time(r, b, rec->at);
			HTML_RAW(b, " ");
			html_text(b, rec->who);
			HTML_RAW(b, "）</small>");
		} else {
			HTML_RAW(b, " <small>（未回答）</small>");
		}
		HTML_RAW(b, "<br><input type=\"text\" maxlength=\"4000\"");
		html_attr(b, "name", id);
		html_attr(b, "value", rec ? rec->value : "");
		HTML_RAW(b, "></label>\n");
	}
	HTML_RAW(b, "<button>被害状況を記録</button></form>\n");
}

static void staff(struct web_req *r, struct buf *b, const struct bcp_board *bd)
{
	HTML_RAW(b, "<h2 id=\"staff\">復旧作業の要員</h2>\n<p class=\"muted\">安否確認の後、"
		    "就業できる社員と、就業できる時間帯を記録します。</p>\n");
	if (bd->n_staff) {
		HTML_RAW(b, "<ul class=\"staff\">");
		for (size_t i = 0; i < bd->n_staff; i++) {
			const struct bcp_rec *s = bd->staff[i];

			HTML_RAW(b, "<li>");
			html_text(b, s->item);
			HTML_RAW(b, "：");
			page_time(r, b, s->from);
			HTML_RAW(b, " から就業可能");
			if (s->note) {
				HTML_RAW(b, "（");
				html_text(b, s->note);
				HTML_RAW(b, "）");
			}
			HTML_RAW(b, "</li>");
		}
		HTML_RAW(b, "</ul>\n");
	}
	HTML_RAW(b, "<details><summary>要員を追加</summary><form method=\"post\"");
	page_action(b, "/incidents/%lld/bcp/staff", (long long)r->id);
	HTML_RAW(b, ">");
	page_csrf(r, b);
	HTML_RAW(b, "<label>名前 <input type=\"text\" name=\"person\" maxlength=\"200\" "
		    "required></label><label for=\"from\">就業可能になる日時</label>");
	page_datetime(r, b, "from", "from", NULL, NULL);
	HTML_RAW(b, "<label>メモ（任意） <input type=\"text\" name=\"note\" maxlength=\"4000\">"
		    "</label><button>要員を記録</button></form></details>\n");
}

static int render(struct web_req *r, unsigned status, const char *error)
{
	struct bcp_board bd;
	struct inc_full f;
	struct store *st;
	struct mo_err e;
	struct arena a;
	struct buf b;
	char title[64];
	int rc;

	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st)
		return web_reply_fail(r, &e);
	rc = engine_load(st, r->id, &f, &e);
	if (rc < 0)
		return web_reply_fail(r, &e);
	if (rc > 0)
		return web_reply_error(r, 404, "not_found", "そのインシデントはありません");
	if (engine_bcp_board(r->p, st, &f.inc, time_now(), &bd, &e)) {
		engine_bcp_board_release(&bd);
		inc_full_release(&f);
		return web_reply_fail(r, &e);
	}
	arena_init(&a, (size_t)1 << 20);
	engine_ref(r->id, title, sizeof(title));
	buf_init(&b, 0);
	page_start(r, &b, "事業継続ボード");
	if (error)
		page_error(&b, error);
	page_flash(r, &b);
	HTML_RAW(&b, "<h1>事業継続ボード <a");
	page_href(&b, "/incidents/%lld", (long long)r->id);
	HTML_RAW(&b, ">");
	html_text(&b, title);
	HTML_RAW(&b, "</a></h1>\n<p>");
	html_text(&b, f.inc.title);
	HTML_RAW(&b, "</p>\n<dl class=\"summary\"><dt>発生</dt><dd>");
	page_time(r, &b, bd.start);
	HTML_RAW(&b, "</dd><dt>現在</dt><dd>");
	page_time(r, &b, bd.now);
	HTML_RAW(&b, "</dd><dt>次に復旧</dt><dd class=\"next\">");
	if (bd.next) {
		HTML_RAW(&b, "<a");
		page_href(&b, "#%s", bd.next->sys->id);
		HTML_RAW(&b, "><strong>");
		html_text(&b, bd.next->sys->name);
		HTML_RAW(&b, "</strong></a>");
		if (bd.next->sys->recovery_owner) {
			HTML_RAW(&b, "（");
			html_text(&b, policy_role_title(r->p, bd.next->sys->recovery_owner));
			HTML_RAW(&b, "）");
		}
		HTML_RAW(&b, "<br><span class=\"meta\">");
		waits(r, &b, bd.next);
		if (!bd.next->n_waits)
			HTML_RAW(&b, "<span>待ち：なし（復旧作業を始められます）</span>");
		HTML_RAW(&b, "</span>");
	} else if (bd.n) {
		HTML_RAW(&b, "影響を受けたシステムはすべて復旧しました");
	} else {
		HTML_RAW(&b, "—");
	}
	HTML_RAW(&b, "</dd></dl>\n");
	if (!bd.applies)
		HTML_RAW(
			&b,
			"<div class=\"box\">このインシデントで停止と記録されたシステムはありません。"
			"止まったシステムがあれば、下で状態を記録するとボードに載ります。</div>\n");
	HTML_RAW(&b, "<h2 id=\"systems\">復旧の順番と状態</h2>\n<ol class=\"steps bcp\">");
	for (size_t i = 0; i < bd.n; i++)
		system_card(r, &b, &f.inc, &bd.v[i], &a);
	HTML_RAW(&b, "</ol>\n");
	other_form(r, &b, &bd);
	survey(r, &b, &bd);
	staff(r, &b, &bd);
	page_end(r, &b);
	arena_release(&a);
	engine_bcp_board_release(&bd);
	inc_full_release(&f);
	return web_reply_page(r, status, &b);
}

int page_bcp(struct web_req *r)
{
	if (web_incident_visible(r, r->id))
		return 0;
	return render(r, 200, NULL);
}

void page_bcp_link(struct web_req *r, struct buf *b, struct store *st, const struct inc *inc)
{
	struct bcp_recs recs;
	struct mo_err e;
	bool any = false;

	if (r->who.role < ROLE_RESPONDER || !r->p->bcp.n_systems)
		return;
	if (!engine_bcp_disaster(inc)) {
		if (store_bcp_get(st, inc->id, &recs, &e))
			return;
		any = recs.n > 0;
		bcp_recs_release(&recs);
		if (!any)
			return;
	}
	HTML_RAW(b, "<p class=\"bcp-link\"><a");
	page_href(b, "/incidents/%lld/bcp", (long long)inc->id);
	HTML_RAW(b, ">事業継続ボード（復旧の順番・被害状況・要員）</a></p>\n");
}

/* ---- the forms ---- */

enum job_kind {
	JOB_STATE,
	JOB_SURVEY,
	JOB_STAFF
};

#define SURVEY_MAX 32

struct bcp_job {
	int64_t id;
	enum job_kind kind;
	char *system, *state, *note, *person;
	char *answers[SURVEY_MAX]; /* NULL: left as it was */
	int64_t from;
};

static void job_free(void *arg)
{
	struct bcp_job *j = arg;

	if (!j)
		return;
	free(j->system);
	free(j->state);
	free(j->note);
	free(j->person);
	for (size_t i = 0; i < SURVEY_MAX; i++)
		free(j->answers[i]);
	free(j);
}

/* The survey's answers that differ from the latest recorded ones. */
static int write_survey(struct engine *en, struct bcp_job *j, struct mo_err *e)
{
	const struct strv *sv = &en->p->bcp.damage_survey;
	struct bcp_recs recs;
	int rc = 0;

	if (store_bcp_get(en->st, j->id, &recs, e))
		return -1;
	for (size_t i = 0; rc == 0 && i < sv->n && i < SURVEY_MAX; i++) {
		const char *now = NULL;

		if (!j->answers[i] || !*j->answers[i])
			continue;
		for (size_t k = recs.n; k-- > 0;)
			if (recs.v[k].kind == BCP_SURVEY && strcmp(recs.v[k].item, sv->v[i]) == 0) {
				now = recs.v[k].value;
				break;
			}
		if (!now || strcmp(now, j->answers[i]))
			rc = engine_bcp_survey(en, j->id, sv->v[i], j->answers[i], e);
	}
	bcp_recs_release(&recs);
	return rc;
}

static int job_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct bcp_job *j = arg;

	switch (j->kind) {
	case JOB_STATE:
		return engine_bcp_set(en, j->id, j->system, j->state, j->note, e);
	case JOB_SURVEY:
		return write_survey(en, j, e);
	case JOB_STAFF:
		return engine_bcp_staff(en, j->id, j->person, j->from, j->note, e);
	}
	return mo_err_setc(e, MO_EINVAL, "%s", "unknown job");
}

static int job_done(struct web_req *r, int rc, const struct mo_err *e)
{
	if (rc && mo_code_internal(e->code))
		return web_reply_err(r, e);
	if (rc)
		return render(r, mo_code_http(e->code), e->msg);
	return web_redirectf(r, "/incidents/%lld/bcp?msg=saved", (long long)r->id);
}

static struct bcp_job *job_start(struct web_req *r, enum job_kind kind)
{
	struct bcp_job *j;

	if (web_incident_visible(r, r->id))
		return NULL;
	for (size_t i = 0; i < r->form.n; i++)
		if (!web_text_ok(r->form.v[i].value, true)) {
			render(r, 422, "使えない文字が含まれています。");
			return NULL;
		}
	j = calloc(1, sizeof(*j));
	if (!j) {
		web_reply_error(r, 500, "internal", "out of memory");
		return NULL;
	}
	j->id = r->id;
	j->kind = kind;
	j->from = MO_TIME_NONE;
	return j;
}

/* A copy of the form's field key in *out (NULL when absent or empty);
 * false when out of memory. */
static bool field(struct web_req *r, const char *key, char **out)
{
	const char *v = web_form(r, key);

	*out = v && *v ? strdup(v) : NULL;
	return !(v && *v && !*out);
}

static int submit(struct web_req *r, struct bcp_job *j)
{
	if (web_submit(r, job_write, j, job_free, job_done))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}

int page_bcp_state(struct web_req *r)
{
	struct bcp_job *j = job_start(r, JOB_STATE);

	if (!j)
		return 0;
	if (!field(r, "system", &j->system) || !field(r, "state", &j->state) ||
	    !field(r, "note", &j->note)) {
		job_free(j);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	if (!j->system || !j->state) {
		job_free(j);
		return render(r, 422, "システムと状態を選んでください。");
	}
	return submit(r, j);
}

int page_bcp_survey(struct web_req *r)
{
	struct bcp_job *j = job_start(r, JOB_SURVEY);
	bool any = false;

	if (!j)
		return 0;
	for (size_t i = 0; i < r->p->bcp.damage_survey.n && i < SURVEY_MAX; i++) {
		char key[16];

		snprintf(key, sizeof(key), "a%zu", i + 1);
		if (!field(r, key, &j->answers[i])) {
			job_free(j);
			return web_reply_error(r, 500, "internal", "out of memory");
		}
		any |= j->answers[i] != NULL;
	}
	if (!any) {
		job_free(j);
		return render(r, 422, "被害状況をひとつ以上記入してください。");
	}
	return submit(r, j);
}

int page_bcp_staff(struct web_req *r)
{
	struct bcp_job *j = job_start(r, JOB_STAFF);
	const char *from;

	if (!j)
		return 0;
	if (!field(r, "person", &j->person) || !field(r, "note", &j->note)) {
		job_free(j);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	from = web_form(r, "from");
	if (!j->person) {
		job_free(j);
		return render(r, 422, "要員の名前を入力してください。");
	}
	if (!from || !*from || time_parse_input(from, r->p->org.timezone, time_now(), &j->from)) {
		job_free(j);
		return render(r, 422,
			      "就業可能になる日時を入力してください（例 2026/12/01 18:30）。");
	}
	return submit(r, j);
}
