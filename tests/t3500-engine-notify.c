/* Queueing and composing messages (engine/notify_out.c, messages.c): who is
 * told on which channel, subjects and bodies in Japanese, the privacy rule
 * (e-mail full, chat minimal), ack links by purpose, the public URL's
 * fallbacks, not_before, a raised level, the reporter's truthful lines, and
 * a rolled-back report leaving no message. */
#include "enginefix.h"
#include "engine/notify_out.h"
#include "notify/notify.h"
#include "store/outbox.h"

static char policy_path[4200], conf_path[4200];

/* The template policy with real addresses, a chat for the system admin,
 * and (when report_url) an organization.report_url. */
static void write_policy(bool report_url)
{
	char *text = NULL, *a, *b, *c, *d;
	const char *tmp = getenv("TMPDIR");
	struct mo_err e;

	assert_int_equal(fs_read_file("data/policy.yaml", (size_t)8 << 20, &text, NULL, &e), 0);

	a = test_replace(text, "email: president@*****.co.jp", "email: president@example.co.jp");
	b = test_replace(a, "email: incident@*****.co.jp", "email: manager@example.co.jp");
	c = test_replace(b, "    email: system@*****.co.jp",
			 "    email: system@example.co.jp\n    chat: office");
	d = test_replace(
		c, "  name: 株式会社〇〇\n",
		report_url
			? "  name: 株式会社〇〇\n  report_url: https://report.example.jp:8443/r/x\n"
			: "  name: 株式会社〇〇\n");
	/* These tests are about queueing and composing, not the escalation:
	 * level 3 tells all three at its first step (the chain decides who
	 * is told at once; t5110 tests the chain itself). */
	{
		char *chain = test_replace(d,
					   "      - notify: [manager, sysadmin]\n"
					   "      - after: 15m\n"
					   "        notify: [chief]\n",
					   "      - notify: [chief, manager, sysadmin]\n");

		free(d);
		d = chain;
	}
	snprintf(policy_path, sizeof(policy_path), "%s/t3500-%ld.yaml", tmp ? tmp : "/tmp",
		 (long)getpid());
	assert_int_equal(fs_write_file(policy_path, d, strlen(d), &e), 0);
	free(text);
	free(a);
	free(b);
	free(c);
	free(d);
}

static struct notify_conf *load_conf(const char *text)
{
	const char *tmp = getenv("TMPDIR");
	struct notify_conf *c = NULL;
	struct mo_err e;

	snprintf(conf_path, sizeof(conf_path), "%s/t3500-%ld-notify.yaml", tmp ? tmp : "/tmp",
		 (long)getpid());
	assert_int_equal(fs_write_file(conf_path, text, strlen(text), &e), 0);
	if (notify_conf_load(conf_path, &c, &e) != 0) {
		fprintf(stderr, "%s\n", e.msg);
		fail();
	}
	return c;
}

static const char CONF[] = "public_url: https://moshimo.example.co.jp/\n"
			   "smtp: {url: \"smtp://127.0.0.1:2525\", from: moshimo@example.co.jp}\n"
			   "webhooks:\n"
			   "  - {id: office, kind: slack, url: \"https://hooks.example.jp/x\"}\n";

static const char LEAK[] = "{\"title\": \"顧客名簿の流出\", \"category\": \"leak\", "
			   "\"description\": \"顧客名簿のファイルが外部に送られた\", "
			   "\"impact\": {\"customers\": true, \"personal_data\": true}}";

static void rows(struct fix *f, int64_t id, struct outbox_list *l)
{
	struct mo_err e;

	outbox_list_init(l);
	assert_int_equal(store_outbox_incident(f->st, id, l, &e), 0);
}

static const struct outbox_msg *find(const struct outbox_list *l, const char *person,
				     const char *channel)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].person, person) == 0 && strcmp(l->v[i].channel, channel) == 0)
			return &l->v[i];
	return NULL;
}

static void test_nothing_configured(void **state)
{
	struct fix f;
	struct outbox_list l;
	int64_t id;

	(void)state;
	write_policy(false);
	fix_open(&f, policy_path);
	id = fix_report(&f, LEAK);
	rows(&f, id, &l);
	assert_int_equal(l.n, 0);
	assert_int_equal(f.en.queued, 0);
	outbox_list_release(&l);
	fix_close(&f);
}

static void test_level3_report(void **state)
{
	struct notify_conf *c;
	struct fix f;
	struct outbox_list l;
	const struct outbox_msg *pm, *sm, *sc, *mm;
	char line[512];
	int64_t id;

	(void)state;
	write_policy(false);
	fix_open(&f, policy_path);
	c = load_conf(CONF);
	f.en.notify = c;
	id = fix_report(&f, LEAK);
	rows(&f, id, &l);
	/* chief, manager, sysadmin by e-mail; the sysadmin by chat too */
	assert_int_equal(l.n, 4);
	assert_int_equal(f.en.queued, 4);
	pm = find(&l, "president", "email");
	mm = find(&l, "incident_manager", "email");
	sm = find(&l, "system_admin", "email");
	sc = find(&l, "system_admin", "office");
	assert_non_null(pm);
	assert_non_null(mm);
	assert_non_null(sm);
	assert_non_null(sc);
	assert_string_equal(pm->address, "president@example.co.jp");
	assert_null(sc->address);
	assert_string_equal(pm->subject,
			    "【moshimo】レベル3 INC-0001 顧客名簿の流出（漏えい・流出）");
	assert_string_equal(pm->purpose, "report");
	assert_int_equal(pm->next_at, FIX_T0);
	assert_int_equal(pm->state, OUTBOX_PENDING);
	/* e-mail is full: the title and what happened */
	assert_non_null(strstr(pm->body, "レベル3のインシデントが報告されました。"));
	assert_non_null(strstr(pm->body, "顧客名簿のファイルが外部に送られた"));
	assert_non_null(strstr(pm->body, "■ あなたが今すること"));
	/* chat under privacy minimal: number, level, kind and links only */
	assert_string_equal(sc->subject, "【moshimo】レベル3 INC-0001（漏えい・流出）");
	assert_null(strstr(sc->body, "顧客名簿"));
	assert_null(strstr(sc->body, "あなたが今すること"));
	assert_non_null(strstr(sc->body, "INC-0001"));
	/* the ack link under public_url (its trailing slash dropped), the incident link */
	assert_non_null(pm->ack_url);
	assert_non_null(pm->ack_token);
	assert_int_equal(strncmp(pm->ack_url, "https://moshimo.example.co.jp/ack/", 34), 0);
	assert_string_equal(pm->ack_url + 34, pm->ack_token);
	assert_non_null(strstr(pm->body, pm->ack_url));
	assert_string_equal(pm->incident_url, "https://moshimo.example.co.jp/incidents/1");
	assert_non_null(strstr(sc->body, sc->ack_url));
	/* one Message-ID each, of moshimo's form */
	assert_int_equal(strncmp(pm->message_id, "<moshimo.1.", 11), 0);
	assert_non_null(strstr(pm->message_id, "@moshimo.example.co.jp>"));
	assert_string_not_equal(pm->message_id, sm->message_id);
	assert_string_not_equal(sm->message_id, sc->message_id);
	/* what the reporter reads */
	engine_notify_told_text(f.p, pm, FIX_T0, line, sizeof(line));
	assert_string_equal(line, "〇〇 〇〇さん（メール）への通知を送信しています");
	engine_notify_told_text(f.p, sc, FIX_T0, line, sizeof(line));
	assert_string_equal(line, "〇〇 〇〇さん（チャット（office））への通知を送信しています");
	outbox_list_release(&l);
	fix_close(&f);
	notify_conf_free(c);
}

static int ack_round(struct engine *en, void *arg, struct mo_err *e)
{
	const int64_t *id = arg;
	struct inc inc;
	struct strv roles;
	const char *v[] = {"manager", "manager", "first_responder", "sysadmin"};
	size_t told = 0;
	int rc;

	roles.v = v;
	roles.n = 4;
	if (store_incident_get(en->st, *id, &inc, e))
		return -1;
	/* the sysadmin holds sysadmin and first_responder: told once (twice:
	 * two channels); the manager once */
	rc = engine_notify_roles(en, &inc, &roles, "ack", "山田さんが対応中です", en->now, &told,
				 e);
	if (rc == 0 && told != 3)
		rc = mo_err_set(e, NULL, 0, 0, "told %zu", told);
	if (rc == 0)
		rc = engine_notify_roles(en, &inc, &roles, "reminder", NULL, en->now + 3600, &told,
					 e);
	inc_release(&inc);
	return rc;
}

static int bad_purpose(struct engine *en, void *arg, struct mo_err *e)
{
	const int64_t *id = arg;
	struct inc inc;
	struct strv roles = {0};
	int rc;

	if (store_incident_get(en->st, *id, &inc, e))
		return -1;
	rc = engine_notify_roles(en, &inc, &roles, "gossip", NULL, en->now, NULL, e);
	inc_release(&inc);
	return rc;
}

static void test_purposes_and_later(void **state)
{
	struct notify_conf *c;
	struct fix f;
	struct outbox_list l;
	struct mo_err e;
	int64_t id;
	size_t n_ack = 0, n_rem = 0;
	char line[512];

	(void)state;
	write_policy(false);
	fix_open(&f, policy_path);
	c = load_conf(CONF);
	f.en.notify = c;
	id = fix_report(&f, LEAK);
	assert_int_equal(engine_tx(&f.en, ack_round, &id, &e), 0);
	assert_int_equal(engine_tx(&f.en, bad_purpose, &id, &e), -1);
	assert_non_null(strstr(e.msg, "gossip"));
	rows(&f, id, &l);
	for (size_t i = 0; i < l.n; i++) {
		const struct outbox_msg *m = &l.v[i];

		if (strcmp(m->purpose, "ack") == 0) {
			n_ack++;
			assert_null(m->ack_url); /* telling, not asking */
			assert_non_null(strstr(m->body, "山田さんが対応中です"));
		} else if (strcmp(m->purpose, "reminder") == 0) {
			n_rem++;
			assert_non_null(m->ack_url);
			assert_int_equal(m->next_at, FIX_T0 + 3600);
			engine_notify_told_text(f.p, m, FIX_T0, line, sizeof(line));
			assert_non_null(strstr(line, "には 2026-11-18 21:06 に通知します"));
		}
	}
	assert_int_equal(n_ack, 3);
	assert_int_equal(n_rem, 3);
	outbox_list_release(&l);
	fix_close(&f);
	notify_conf_free(c);
}

static void test_public_url_fallbacks(void **state)
{
	static const char NO_URL[] =
		"smtp: {url: \"smtp://127.0.0.1:2525\", from: moshimo@example.co.jp}\n";
	struct notify_conf *c;
	struct fix f;
	struct outbox_list l;
	const struct outbox_msg *m;
	char base[256];
	int64_t id;

	(void)state;
	/* none at all: the number only, no link (the token is still kept) */
	write_policy(false);
	fix_open(&f, policy_path);
	c = load_conf(NO_URL);
	f.en.notify = c;
	assert_int_equal(engine_public_base(&f.en, base, sizeof(base)), 1);
	id = fix_report(&f, LEAK);
	rows(&f, id, &l);
	m = find(&l, "president", "email");
	assert_non_null(m);
	assert_null(m->ack_url);
	assert_non_null(m->ack_token);
	assert_null(m->incident_url);
	assert_non_null(strstr(m->body, "moshimo で INC-0001 を開いてください。"));
	assert_null(strstr(m->body, "http"));
	outbox_list_release(&l);
	/* serve --public-url */
	f.en.public_url = "http://127.0.0.1:8080/";
	assert_int_equal(engine_public_base(&f.en, base, sizeof(base)), 0);
	assert_string_equal(base, "http://127.0.0.1:8080");
	fix_close(&f);
	/* the report_url's origin */
	write_policy(true);
	fix_open(&f, policy_path);
	f.en.notify = c;
	assert_int_equal(engine_public_base(&f.en, base, sizeof(base)), 0);
	assert_string_equal(base, "https://report.example.jp:8443");
	fix_close(&f);
	notify_conf_free(c);
}

static int raise_to(struct engine *en, void *arg, struct mo_err *e)
{
	const int *level = arg;

	return engine_set_level(en, 1, *level, "調べたら顧客に影響があった", e);
}

static void test_level_raised(void **state)
{
	struct notify_conf *c;
	struct fix f;
	struct outbox_list l;
	struct mo_err e;
	int level = 3;
	size_t n_level = 0;
	int64_t id;

	(void)state;
	write_policy(false);
	fix_open(&f, policy_path);
	c = load_conf(CONF);
	f.en.notify = c;
	id = fix_report(&f, "{\"title\": \"PCの動作が遅い\", \"category\": \"malware\", "
			    "\"impact\": {\"employees\": true}}");
	rows(&f, id, &l);
	{
		size_t before = l.n;

		outbox_list_release(&l);
		assert_int_equal(engine_tx(&f.en, raise_to, &level, &e), 0);
		rows(&f, id, &l);
		for (size_t i = 0; i < l.n; i++)
			if (strcmp(l.v[i].purpose, "level") == 0)
				n_level++;
		assert_int_equal(l.n, before + n_level);
	}
	assert_int_equal(n_level, 4); /* level 3's people, as on a report */
	assert_non_null(strstr(l.v[l.n - 1].subject, "レベル3"));
	assert_non_null(strstr(l.v[l.n - 1].body, "レベル3のインシデントになりました"));
	outbox_list_release(&l);
	/* lowering tells nobody */
	level = 2;
	assert_int_equal(engine_tx(&f.en, raise_to, &level, &e), 0);
	rows(&f, id, &l);
	n_level = 0;
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.v[i].purpose, "level") == 0)
			n_level++;
	assert_int_equal(n_level, 4);
	outbox_list_release(&l);
	fix_close(&f);
	notify_conf_free(c);
}

static int create_then_fail(struct engine *en, void *arg, struct mo_err *e)
{
	if (engine_create(en, arg, e))
		return -1;
	return mo_err_set(e, NULL, 0, 0, "a later step failed");
}

static void test_rolled_back_report_sends_nothing(void **state)
{
	struct notify_conf *c;
	struct fix f;
	struct outbox_list l;
	struct inc inc;
	struct mo_err e;

	(void)state;
	write_policy(false);
	fix_open(&f, policy_path);
	c = load_conf(CONF);
	f.en.notify = c;
	assert_int_equal(engine_report_parse(f.p, LEAK, strlen(LEAK), "t.json", f.en.now, &inc, &e),
			 0);
	assert_int_equal(engine_tx(&f.en, create_then_fail, &inc, &e), -1);
	assert_true(f.en.queued > 0); /* composed and queued, then rolled back */
	inc_release(&inc);
	outbox_list_init(&l);
	assert_int_equal(store_outbox_list(f.st, OUTBOX_ALL, 100, &l, &e), 0);
	assert_int_equal(l.n, 0);
	outbox_list_release(&l);
	fix_close(&f);
	notify_conf_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_configured),
		cmocka_unit_test(test_level3_report),
		cmocka_unit_test(test_purposes_and_later),
		cmocka_unit_test(test_public_url_fallbacks),
		cmocka_unit_test(test_level_raised),
		cmocka_unit_test(test_rolled_back_report_sends_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
