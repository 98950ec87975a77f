/* Escalation with a test clock, against the outbox rows it queues: a
 * level-3 report tells the manager and the sysadmin at once, the chief at
 * +15 min when nobody acknowledged (not at +14), the rounds repeat; an
 * acknowledgement stops it and tells the rest 「…さんが対応中です」; the
 * token is single use, and an altered or expired one is refused; a raised
 * level extends the chain; a later policy edit does not change a running
 * chain; level 1 waits for business hours over weekends, public and company
 * holidays; reminders fire once, across a restart. */
#include "enginefix.h"
#include "engine/escalation.h"
#include "engine/linktoken.h"
#include "notify/notify.h"
#include "store/outbox.h"
#include "util/timefmt.h"

#include <sys/stat.h>

static struct fix fx;
static struct notify_conf *conf;
static char policy_path[4096];

static const char people[] = "people:\n"
			     "  - id: president\n"
			     "    name: 髙橋 一郎\n"
			     "    roles: [chief]\n"
			     "    phone: 090-1111-1111\n"
			     "    email: president@example.co.jp\n"
			     "  - id: incident_manager\n"
			     "    name: 山田 太郎\n"
			     "    roles: [manager]\n"
			     "    phone: 090-2222-2222\n"
			     "    email: incident@example.co.jp\n"
			     "  - id: system_admin\n"
			     "    name: 佐藤 花子\n"
			     "    roles: [sysadmin, first_responder]\n"
			     "    phone: 090-3333-3333\n"
			     "    email: system@example.co.jp\n"
			     "  - id: security_head\n"
			     "    name: 鈴木 次郎\n"
			     "    roles: [security_dept_head]\n"
			     "    phone: 090-4444-4444\n"
			     "  - id: general_affairs_head\n"
			     "    name: 田中 三郎\n"
			     "    roles: [general_affairs]\n"
			     "    phone: 090-5555-5555\n"
			     "  - id: sales_manager\n"
			     "    name: 伊藤 四郎\n"
			     "    roles: [sales_head]\n"
			     "    phone: 090-6666-6666\n"
			     "\n";

/* The built-in policy with real people, edited by (from, to) pairs, written
 * to $TMPDIR/name. */
static void write_policy(const char *name, const char *from, const char *to, char *path,
			 size_t size)
{
	const char *tmp = getenv("TMPDIR");
	char *text = strndup(policy_default_yaml, policy_default_yaml_len);
	const char *a = strstr(text, "\npeople:\n"), *b = a ? strstr(a, "\nlevels:\n") : NULL;
	struct buf out;
	FILE *f;

	assert_non_null(b);
	buf_init(&out, (size_t)16 << 20);
	assert_int_equal(buf_add(&out, text, (size_t)(a - text) + 1), 0);
	assert_int_equal(buf_adds(&out, people), 0);
	assert_int_equal(buf_adds(&out, b + 1), 0);
	free(text);
	text = buf_detach(&out, NULL);
	if (from) {
		char *edited = test_replace(text, from, to);

		free(text);
		text = edited;
	}
	snprintf(path, size, "%s/%s", tmp ? tmp : "/tmp", name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(text);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	struct mo_err e;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/notify.yaml", tmp ? tmp : "/tmp");
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("public_url: https://moshimo.example.co.jp\n"
	      "smtp: {url: \"smtp://127.0.0.1:2525\", from: \"moshimo <moshimo@example.co.jp>\"}\n",
	      f);
	fclose(f);
	chmod(path, 0600);
	if (notify_conf_load(path, &conf, &e) != 0) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	write_policy("esc-policy.yaml", "  company_holidays: []\n",
		     "  company_holidays: [\"2026-12-29..2027-01-03\"]\n", policy_path,
		     sizeof(policy_path));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	notify_conf_free(conf);
	return 0;
}

static int64_t at(const char *rfc)
{
	int64_t t;

	assert_int_equal(time_parse(rfc, &t), 0);
	return t;
}

static void open_fix(int64_t now)
{
	fix_open(&fx, policy_path);
	fx.en.notify = conf;
	fx.en.now = now;
}

/* The outbox rows of incident id (0: those about no incident). */
static void rows(int64_t id, struct outbox_list *l)
{
	struct mo_err e;

	outbox_list_init(l);
	if (id)
		assert_int_equal(store_outbox_incident(fx.st, id, l, &e), 0);
	else
		assert_int_equal(store_outbox_list(fx.st, OUTBOX_ALL, 1000, l, &e), 0);
}

/* How many rows of incident id have purpose and go to person (NULL: anyone). */
static size_t count(int64_t id, const char *purpose, const char *person)
{
	struct outbox_list l;
	size_t n = 0;

	rows(id, &l);
	for (size_t i = 0; i < l.n; i++)
		if ((!id || l.v[i].incident_id == id) && strcmp(l.v[i].purpose, purpose) == 0 &&
		    (!person || strcmp(l.v[i].person, person) == 0))
			n++;
	outbox_list_release(&l);
	return n;
}

/* The messages of incident id but its reminders (those have their own test). */
/* As count, of the messages whose body holds s. */
static size_t count_body(int64_t id, const char *purpose, const char *person, const char *s)
{
	struct outbox_list l;
	size_t n = 0;

	rows(id, &l);
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.v[i].purpose, purpose) == 0 && strcmp(l.v[i].person, person) == 0 &&
		    strstr(l.v[i].body, s))
			n++;
	outbox_list_release(&l);
	return n;
}

static size_t total(int64_t id)
{
	struct outbox_list l;
	size_t n = 0;

	rows(id, &l);
	for (size_t i = 0; i < l.n; i++)
		n += strcmp(l.v[i].purpose, "reminder") != 0;
	outbox_list_release(&l);
	return n;
}

/* True when the timeline of id has an event of kind whose text holds s. */
static bool timeline_has(int64_t id, const char *kind, const char *s)
{
	struct inc_full f;
	bool found = false;

	fix_load(&fx, id, &f);
	for (size_t i = 0; i < f.events.n; i++)
		if (strcmp(f.events.v[i].kind, kind) == 0 && f.events.v[i].text &&
		    strstr(f.events.v[i].text, s))
			found = true;
	if (!found) {
		fprintf(stderr, "timeline of %lld has no %s event with 「%s」:\n", (long long)id,
			kind, s);
		for (size_t i = 0; i < f.events.n; i++)
			fprintf(stderr, "  %s: %s\n", f.events.v[i].kind,
				f.events.v[i].text ? f.events.v[i].text : "");
	}
	inc_full_release(&f);
	return found;
}

/* The tick at now (it also sends reminders and the day's digest: the tests
 * count the outbox rows they expect instead of its return). */
static int tick(int64_t now)
{
	struct mo_err e;
	int n = engine_escalation_tick(&fx.en, now, &e);

	if (n < 0)
		fprintf(stderr, "tick: %s\n", e.msg);
	assert_true(n >= 0);
	return n;
}

static const char level3[] = "{\"title\":\"顧客名簿の流出\",\"category\":\"leak\","
			     "\"impact\":{\"customers\":true},\"reporter\":{\"name\":\"木村\"}}";
static const char level1[] = "{\"title\":\"PCの動作が遅い\",\"category\":\"malware\","
			     "\"impact\":{\"employees\":true}}";

/* The ack token of the message of purpose to person. */
static char *token_of(int64_t id, const char *purpose, const char *person)
{
	struct outbox_list l;
	char *tok = NULL;

	rows(id, &l);
	for (size_t i = 0; i < l.n && !tok; i++)
		if (strcmp(l.v[i].purpose, purpose) == 0 && strcmp(l.v[i].person, person) == 0 &&
		    l.v[i].ack_token)
			tok = strdup(l.v[i].ack_token);
	outbox_list_release(&l);
	assert_non_null(tok);
	return tok;
}

struct ack_arg {
	const char *token;
	struct ack_result res;
	int rc;
	struct mo_err err;
};

static int ack_fn(struct engine *en, void *arg, struct mo_err *e)
{
	struct ack_arg *a = arg;

	a->rc = engine_ack(en, a->token, "link", &a->res, &a->err);
	if (a->rc < 0) {
		*e = a->err;
		return -1;
	}
	return 0;
}

static int ack(const char *token, struct ack_arg *a)
{
	struct mo_err e;

	memset(a, 0, sizeof(*a));
	a->token = token;
	assert_int_equal(engine_tx(&fx.en, ack_fn, a, &e), 0);
	return a->rc;
}

static void test_level3_chain(void **state)
{
	int64_t t0 = at("2026-11-18T10:00:00+09:00"), id;
	struct ack_status s;
	struct mo_err e;
	size_t before;

	(void)state;
	open_fix(t0);
	id = fix_report(&fx, level3);
	/* At once: the manager and the sysadmin, nobody else. */
	assert_int_equal(count(id, "report", "incident_manager"), 1);
	assert_int_equal(count(id, "report", "system_admin"), 1);
	assert_int_equal(total(id), 2);
	assert_true(timeline_has(
		id, "escalation",
		"インシデント対応責任者・情報システム管理者に通知（事故レベル3の連絡網）"));
	assert_int_equal(engine_ack_status(fx.p, fx.st, id, &s, &e), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.pending, 5);
	assert_int_equal(s.next_due, t0 + 15 * 60);
	assert_int_equal(s.v[0].acked_at, 0);
	ack_status_release(&s);
	/* +14: nothing; +15: the chief, once. */
	tick(t0 + 14 * 60);
	assert_int_equal(total(id), 2);
	tick(t0 + 15 * 60);
	assert_int_equal(count(id, "escalation", "president"), 1);
	assert_int_equal(total(id), 3);
	assert_true(timeline_has(id, "escalation", "代表取締役に通知（15分間応答なし）"));
	tick(t0 + 15 * 60);
	tick(t0 + 29 * 60);
	assert_int_equal(total(id), 3);
	/* The second round at +30: the first step again. */
	tick(t0 + 30 * 60);
	assert_int_equal(count(id, "escalation", "incident_manager"), 1);
	assert_int_equal(count(id, "escalation", "system_admin"), 1);
	assert_true(
		timeline_has(id, "escalation",
			     "インシデント対応責任者・情報システム管理者に通知（30分間応答なし）"));
	/* Three rounds, then nothing more. */
	tick(t0 + 5 * 3600);
	assert_int_equal(count(id, "escalation", "president"), 3);
	assert_true(timeline_has(id, "escalation", "代表取締役に通知（1時間15分間応答なし）"));
	/* The third round at +1 h: 「1時間応答なし」, not 「1時間間」. */
	assert_true(
		timeline_has(id, "escalation",
			     "インシデント対応責任者・情報システム管理者に通知（1時間応答なし）"));
	before = total(id);
	tick(t0 + 10 * 3600);
	assert_int_equal(total(id), before);
	fix_close(&fx);
}

static void test_ack_stops(void **state)
{
	int64_t t0 = at("2026-11-18T10:00:00+09:00"), id;
	struct ack_arg a;
	struct ack_status s;
	struct outbox_list l;
	struct mo_err e;
	char *tok, *altered;
	size_t told = 0;

	(void)state;
	open_fix(t0);
	id = fix_report(&fx, level3);
	tok = token_of(id, "report", "incident_manager");
	/* Looking changes nothing. */
	assert_int_equal(engine_ack_peek(&fx.en, tok, &a.res, &e), 0);
	assert_int_equal(a.res.incident_id, id);
	assert_string_equal(a.res.name, "山田 太郎");
	/* The manager acknowledges at +5. */
	fx.en.now = t0 + 5 * 60;
	assert_int_equal(ack(tok, &a), 0);
	assert_int_equal(a.res.incident_id, id);
	assert_true(timeline_has(id, "ack", "山田 太郎さんが確認しました（メールのリンク）"));
	/* The rest of the chain hears it; the manager does not. */
	assert_int_equal(count(id, "ack", "system_admin"), 1);
	assert_int_equal(count(id, "ack", "incident_manager"), 0);
	rows(id, &l);
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.v[i].purpose, "ack") == 0) {
			assert_non_null(strstr(l.v[i].body, "山田 太郎さんが対応中です"));
			told++;
		}
	outbox_list_release(&l);
	assert_int_equal(told, 1);
	/* Nothing escalates any more. */
	tick(t0 + 15 * 60);
	tick(t0 + 5 * 3600);
	assert_int_equal(count(id, "escalation", NULL), 0);
	assert_int_equal(engine_ack_status(fx.p, fx.st, id, &s, &e), 0);
	assert_int_equal(s.pending, 0);
	for (size_t i = 0; i < s.n; i++)
		if (s.v[i].person && strcmp(s.v[i].person->id, "incident_manager") == 0) {
			assert_int_equal(s.v[i].acked_at, t0 + 5 * 60);
			assert_string_equal(s.v[i].channel, "email");
		} else {
			assert_int_equal(s.v[i].acked_at, 0);
		}
	ack_status_release(&s);
	/* A second POST: refused, nothing changes. */
	told = total(id);
	assert_int_equal(ack(tok, &a), 1);
	assert_int_equal(a.res.status, 410);
	assert_int_equal(total(id), told);
	/* An altered token: refused. */
	altered = strdup(tok);
	altered[strlen(altered) - 3] = altered[strlen(altered) - 3] == 'A' ? 'B' : 'A';
	assert_int_equal(ack(altered, &a), 1);
	assert_int_equal(a.res.status, 403);
	free(altered);
	assert_int_equal(ack("not-a-token", &a), 1);
	assert_int_equal(a.res.status, 404);
	/* An expired one (7 days): refused, even unused. */
	free(tok);
	tok = token_of(id, "report", "system_admin");
	fx.en.now = t0 + 8 * 86400;
	assert_int_equal(ack(tok, &a), 1);
	assert_int_equal(a.res.status, 410);
	assert_int_equal(total(id), told);
	free(tok);
	fix_close(&fx);
}

struct level_arg {
	int64_t id;
	int level;
};

static int level_fn(struct engine *en, void *arg, struct mo_err *e)
{
	struct level_arg *a = arg;

	return engine_set_level(en, a->id, a->level, "顧客情報が含まれていた", e);
}

static void test_raise_extends(void **state)
{
	int64_t t0 = at("2026-11-18T10:00:00+09:00"), id;
	struct level_arg la;
	struct mo_err e;

	(void)state;
	open_fix(t0);
	id = fix_report(&fx, level1);
	assert_int_equal(count(id, "report", "system_admin"), 1);
	assert_int_equal(total(id), 1);
	/* Raised to 3 at +10: the level-3 chain from now. */
	fx.en.now = t0 + 10 * 60;
	la.id = id;
	la.level = 3;
	assert_int_equal(engine_tx(&fx.en, level_fn, &la, &e), 0);
	assert_int_equal(count(id, "level", "incident_manager"), 1);
	assert_int_equal(count(id, "level", "system_admin"), 1);
	assert_true(timeline_has(id, "escalation", "に通知（事故レベル3への変更）"));
	/* The level-1 step (manager at +1h) is gone; the chief comes at raise + 15. */
	tick(t0 + 24 * 60);
	tick(t0 + 25 * 60);
	assert_int_equal(count(id, "escalation", "president"), 1);
	tick(t0 + 60 * 60); /* level 3's second round at +40 */
	assert_int_equal(count(id, "escalation", "incident_manager"), 1);
	fix_close(&fx);
}

static void test_policy_edit_keeps_running_chain(void **state)
{
	int64_t t0 = at("2026-11-18T10:00:00+09:00"), id;
	struct mo_findings f;
	struct policy *edited;
	const struct policy *orig;
	char path[4096];

	(void)state;
	open_fix(t0);
	id = fix_report(&fx, level3);
	/* The chief now only after an hour: the running incident keeps 15 min. */
	write_policy("esc-edited.yaml", "      - after: 15m\n        notify: [chief]\n",
		     "      - after: 60m\n        notify: [chief]\n", path, sizeof(path));
	mo_findings_init(&f, path);
	edited = policy_load_file(path, &f);
	assert_non_null(edited);
	assert_int_equal(f.errors, 0);
	mo_findings_release(&f);
	orig = fx.en.p;
	fx.en.p = edited;
	tick(t0 + 15 * 60);
	assert_int_equal(count(id, "escalation", "president"), 1);
	fx.en.p = orig;
	policy_free(edited);
	fix_close(&fx);
}

/* The outbox row of purpose for person: when it may be sent. */
static int64_t next_at(int64_t id, const char *purpose, const char *person)
{
	struct outbox_list l;
	int64_t t = 0;

	rows(id, &l);
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.v[i].purpose, purpose) == 0 && strcmp(l.v[i].person, person) == 0)
			t = l.v[i].next_at;
	outbox_list_release(&l);
	return t;
}

static void test_level1_waits_for_business_hours(void **state)
{
	static const struct {
		const char *reported, *sent, *why;
	} cases[] = {
		{"2026-11-13T20:00:00+09:00", "2026-11-16T09:00:00+09:00", "Friday night → Monday"},
		{"2026-11-20T20:00:00+09:00", "2026-11-24T09:00:00+09:00",
		 "Friday → Tuesday (Monday is 勤労感謝の日)"},
		{"2026-05-01T20:00:00+09:00", "2026-05-07T09:00:00+09:00",
		 "Golden Week: 5/3-5/5 and 5/6 振替休日"},
		{"2026-09-18T18:30:00+09:00", "2026-09-24T09:00:00+09:00",
		 "Silver Week: 9/21 敬老の日, 9/22 国民の休日, 9/23 秋分の日"},
		{"2026-12-28T20:00:00+09:00", "2027-01-04T09:00:00+09:00",
		 "the company's 12/29-1/3"},
		{"2026-11-18T07:59:00+09:00", "2026-11-18T09:00:00+09:00", "before opening"},
		{"2026-11-18T10:00:00+09:00", "2026-11-18T10:00:00+09:00", "open: at once"},
	};

	(void)state;
	for (size_t i = 0; i < MO_ARRAY_SIZE(cases); i++) {
		int64_t t = at(cases[i].reported), sent = at(cases[i].sent), id;

		open_fix(t);
		id = fix_report(&fx, level1);
		if (next_at(id, "report", "system_admin") != sent)
			fprintf(stderr, "case %s\n", cases[i].why);
		assert_int_equal(next_at(id, "report", "system_admin"), sent);
		if (sent > t)
			assert_true(timeline_has(id, "escalation", "営業時間外のため"));
		/* The manager an hour after the opening, not an hour after the report. */
		tick(sent + 59 * 60);
		assert_int_equal(count(id, "escalation", "incident_manager"), 0);
		tick(sent + 60 * 60);
		assert_int_equal(count(id, "escalation", "incident_manager"), 1);
		fix_close(&fx);
	}
	/* Level 3 never waits, even on New Year's Day. */
	open_fix(at("2027-01-01T03:00:00+09:00"));
	{
		int64_t id = fix_report(&fx, level3);

		assert_int_equal(next_at(id, "report", "incident_manager"),
				 at("2027-01-01T03:00:00+09:00"));
	}
	fix_close(&fx);
}

static int close_fn(struct engine *en, void *arg, struct mo_err *e)
{
	int64_t id = *(int64_t *)arg;
	struct step_list steps = {0};

	arena_init(&steps.arena, 0);
	if (store_steps_get(en->st, id, &steps, e))
		return -1;
	for (size_t i = 0; i < steps.n; i++)
		if (engine_step(en, id, steps.v[i].n, STEP_SKIPPED, "訓練のため", e)) {
			step_list_release(&steps);
			return -1;
		}
	step_list_release(&steps);
	return engine_close(en, id, "誤報", "なし", "連絡網は動いた", e);
}

static void test_close_stops(void **state)
{
	int64_t t0 = at("2026-11-18T10:00:00+09:00"), id;
	struct ack_status s;
	struct mo_err e;

	(void)state;
	open_fix(t0);
	id = fix_report(&fx, level3);
	fx.en.now = t0 + 5 * 60;
	assert_int_equal(engine_tx(&fx.en, close_fn, &id, &e), 0);
	assert_int_equal(engine_ack_status(fx.p, fx.st, id, &s, &e), 0);
	assert_int_equal(s.pending, 0);
	ack_status_release(&s);
	tick(t0 + 15 * 60);
	tick(t0 + 5 * 3600);
	assert_int_equal(count(id, "escalation", NULL), 0);
	fix_close(&fx);
}

static void test_holiday_table(void **state)
{
	static const struct {
		int y, m, d;
		const char *name;
	} days[] = {
		{2026, 1, 1, "元日"},		{2026, 1, 12, "成人の日"},
		{2026, 3, 20, "春分の日"},	{2026, 5, 6, "振替休日"},
		{2026, 7, 20, "海の日"},	{2026, 9, 21, "敬老の日"},
		{2026, 9, 22, "国民の休日"},	{2026, 9, 23, "秋分の日"},
		{2026, 10, 12, "スポーツの日"}, {2026, 11, 23, "勤労感謝の日"},
		{2027, 1, 11, "成人の日"},	{2027, 3, 21, "春分の日"},
		{2027, 3, 22, "振替休日"},	{2027, 7, 19, "海の日"},
		{2027, 9, 20, "敬老の日"},	{2027, 9, 23, "秋分の日"},
		{2027, 10, 11, "スポーツの日"}, {2027, 11, 23, "勤労感謝の日"},
	};
	static const struct mo_date workdays[] = {
		{2026, 12, 31}, {2026, 5, 7},  {2026, 9, 24},
		{2027, 9, 21},	{2027, 9, 22}, {2027, 5, 6},
	};
	size_t n = 0;

	(void)state;
	for (size_t i = 0; i < MO_ARRAY_SIZE(days); i++) {
		struct mo_date d = {days[i].y, days[i].m, days[i].d};
		const char *name = holiday_jp_name(d);

		assert_non_null(name);
		assert_string_equal(name, days[i].name);
	}
	for (size_t i = 0; i < MO_ARRAY_SIZE(workdays); i++)
		assert_null(holiday_jp_name(workdays[i]));
	/* Every day of both years: 18 holidays in 2026, 17 in 2027. */
	for (int y = 2026; y <= 2027; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= 31; d++) {
				struct mo_date dd = {y, m, d};

				if (holiday_jp_name(dd))
					n++;
			}
	assert_int_equal(n, 35);
}

static void test_reminders_once(void **state)
{
	int64_t t0 = at("2026-11-18T10:00:00+09:00"), id, due = 0;
	struct inc_full f;
	struct mo_err e;
	int n_step = 0;
	const char *actor = NULL;
	size_t before;
	char step[64];

	(void)state;
	open_fix(t0);
	id = fix_report(&fx, level3);
	fix_load(&fx, id, &f);
	for (size_t i = 0; i < f.steps.n && !n_step; i++)
		if (f.steps.v[i].due_at != MO_TIME_NONE &&
		    strcmp(f.steps.v[i].actor, "manager") == 0) {
			n_step = f.steps.v[i].n;
			due = f.steps.v[i].due_at;
			actor = "incident_manager";
		}
	inc_full_release(&f);
	assert_true(n_step > 0);
	/* Stop the escalation first, so only reminders are left. */
	fx.en.now = t0 + 60;
	{
		struct ack_arg a;
		char *tok = token_of(id, "report", "system_admin");

		assert_int_equal(ack(tok, &a), 0);
		free(tok);
	}
	before = count(id, "reminder", NULL);
	assert_int_equal(before, 0);
	/* Before the due time: nothing. At it: the actor, once. */
	tick(due - 60);
	assert_int_equal(count(id, "reminder", actor), 0);
	tick(due);
	assert_int_equal(count(id, "reminder", actor), 1);
	assert_true(timeline_has(id, "reminder", "の期限"));
	tick(due + 60);
	assert_int_equal(count(id, "reminder", actor), 1);
	/* After the grace (30 min): the owner (level 3: the chief), once. */
	snprintf(step, sizeof(step), "手順%d「", n_step);
	tick(due + 29 * 60);
	assert_int_equal(count_body(id, "reminder", "president", step), 0);
	tick(due + 30 * 60);
	assert_int_equal(count_body(id, "reminder", "president", step), 1);
	assert_non_null(strstr(step, "手順"));
	assert_int_equal(count_body(id, "reminder", actor, step), 1);
	/* A restart: a new connection, the same database: nothing twice. */
	store_close(fx.st);
	{
		char key[4200], anchor[4200];

		snprintf(key, sizeof(key), "%s.key", fx.db);
		snprintf(anchor, sizeof(anchor), "%s.anchor", fx.db);
		fx.st = store_open_keyed(fx.db, key, anchor, 0, &e);
	}
	assert_non_null(fx.st);
	fx.en.st = fx.st;
	before = total(id);
	tick(due + 40 * 60);
	assert_int_equal(total(id), before);
	/* The digest: the first tick after 08:30 each day, once, for the
	 * owners; none on the 18th (reported after that day's 08:30). */
	before = count(0, "digest", "president");
	assert_int_equal(before, 0);
	tick(at("2026-11-19T08:29:00+09:00"));
	assert_int_equal(count(0, "digest", "president"), before);
	tick(at("2026-11-19T08:30:00+09:00"));
	assert_int_equal(count(0, "digest", "president"), before + 1);
	assert_int_equal(count_body(0, "digest", "president", "期限切れ"), before + 1);
	/* The digest carries the audit chain's head, a witness outside the server. */
	assert_int_equal(count_body(0, "digest", "president", "監査チェーンの末尾"), before + 1);
	tick(at("2026-11-19T12:00:00+09:00"));
	assert_int_equal(count(0, "digest", "president"), before + 1);
	tick(at("2026-11-20T09:00:00+09:00"));
	assert_int_equal(count(0, "digest", "president"), before + 2);
	assert_int_equal(count(0, "digest", "system_admin"), 0); /* not an owner */
	/* The review date (2026-04-01 + 12 months) passed: the manager, once a day. */
	assert_int_equal(count(0, "review", NULL), 0);
	tick(at("2027-04-01T10:00:00+09:00"));
	assert_int_equal(count(0, "review", NULL), 0);
	tick(at("2027-04-02T10:00:00+09:00"));
	assert_int_equal(count(0, "review", "incident_manager"), 1);
	tick(at("2027-04-02T18:00:00+09:00"));
	assert_int_equal(count(0, "review", NULL), 1);
	tick(at("2027-04-03T10:00:00+09:00"));
	assert_int_equal(count(0, "review", NULL), 2);
	fix_close(&fx);
}

static void test_check_findings(void **state)
{
	struct mo_findings f;
	struct policy *p;
	char path[4096];
	static const struct {
		const char *from, *to, *want;
	} bad[] = {
		{"        notify: [chief]\n    rounds: 3", "        notify: [boss]\n    rounds: 3",
		 "role \"boss\" is not defined"},
		{"      - after: 15m\n", "      - after: -15m\n", "cannot be negative"},
		{"    every: 30m\n", "    every: 10m\n", "the rounds overlap"},
		{"  - level: 2\n    steps:", "  - level: 2\n    business_hours: true\n    steps:",
		 "level 2 must never wait"},
		{"  from: \"09:00\"", "  from: \"9時\"", "is not a time of day"},
		{"  - level: 0\n    business_hours: true\n    steps:\n      - notify: [sysadmin]\n",
		 "", "level 0 has no escalation chain"},
		{"      - after: 1h\n        notify: [manager]\n",
		 "      - after: 1h\n        notify: [manager]\n      - after: 30m\n        notify: "
		 "[chief]\n",
		 "out of order"},
		{"  digest_at: \"08:30\"", "  digest_at: \"25:00\"", "is not a time of day"},
	};

	(void)state;
	for (size_t i = 0; i < MO_ARRAY_SIZE(bad); i++) {
		bool found = false;

		write_policy("esc-bad.yaml", bad[i].from, bad[i].to, path, sizeof(path));
		mo_findings_init(&f, path);
		p = policy_load_file(path, &f);
		if (p)
			policy_check(p, &f);
		for (size_t k = 0; k < f.n; k++)
			if (strstr(f.v[k].msg, bad[i].want)) {
				found = true;
				assert_true(f.v[k].line > 0);
			}
		if (!found)
			mo_report_findings(stderr, &f);
		assert_true(found);
		mo_findings_release(&f);
		policy_free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level3_chain),
		cmocka_unit_test(test_ack_stops),
		cmocka_unit_test(test_raise_extends),
		cmocka_unit_test(test_policy_edit_keeps_running_chain),
		cmocka_unit_test(test_level1_waits_for_business_hours),
		cmocka_unit_test(test_close_stops),
		cmocka_unit_test(test_holiday_table),
		cmocka_unit_test(test_reminders_once),
		cmocka_unit_test(test_check_findings),
	};

	setenv("LC_ALL", "C", 1);
	return cmocka_run_group_tests(tests, setup, teardown);
}
