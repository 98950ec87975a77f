/* Signed links (engine/linktoken.c) and the mail encoding of notify/: a
 * token checks as valid; one character altered, expired, checked after the
 * key was rotated, or used twice is refused with the right reason; RFC 2047
 * encoded-words stay within 75 characters and split on characters;
 * Retry-After in both forms. */
#include "testutil.h"
#include "engine/linktoken.h"
#include "notify/notifyInt.h"
#include "store/store.h"

#include <unistd.h>

static char dbpath[4096];
static const int64_t T0 = 1795000000;

static struct store *fresh(void)
{
	const char *tmp = getenv("TMPDIR");
	struct mo_err e;
	struct store *st;
	char side[4200];

	snprintf(dbpath, sizeof(dbpath), "%s/t3500-%ld.db", tmp ? tmp : "/tmp", (long)getpid());
	unlink(dbpath);
	snprintf(side, sizeof(side), "%s-wal", dbpath);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", dbpath);
	unlink(side);
	st = store_open(dbpath, STORE_CREATE, &e);
	if (!st)
		fprintf(stderr, "%s\n", e.msg);
	assert_non_null(st);
	store_actor(st, "tester", T0);
	return st;
}

static void done(struct store *st)
{
	store_close(st);
	unlink(dbpath);
}

static void make(struct store *st, const char *purpose, int64_t inc, const char *who,
		 int64_t expires, char *out)
{
	struct linktoken t = {.incident_id = inc, .expires = expires};
	struct mo_err e;

	snprintf(t.purpose, sizeof(t.purpose), "%s", purpose);
	snprintf(t.recipient, sizeof(t.recipient), "%s", who);
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(linktoken_make(st, &t, out, LINKTOKEN_MAX, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
}

static void test_valid(void **state)
{
	struct store *st = fresh();
	char tok[LINKTOKEN_MAX];
	struct linktoken t;
	struct mo_err e;

	(void)state;
	make(st, "ack", 12, "president", T0 + 3600, tok);
	for (const char *p = tok; *p; p++)
		assert_true(
			strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.",
			       *p) != NULL);
	assert_int_equal(linktoken_check(st, tok, T0, &t, &e), 0);
	assert_string_equal(t.purpose, "ack");
	assert_int_equal(t.incident_id, 12);
	assert_string_equal(t.recipient, "president");
	assert_int_equal(t.expires, T0 + 3600);
	/* Recipients may hold the separator after the fixed fields. */
	make(st, "verify", 0, "president/office", T0 + 3600, tok);
	assert_int_equal(linktoken_check(st, tok, T0, &t, &e), 0);
	assert_string_equal(t.recipient, "president/office");
	done(st);
}

static void test_altered(void **state)
{
	struct store *st = fresh();
	char tok[LINKTOKEN_MAX], bad[LINKTOKEN_MAX];
	struct linktoken t;
	struct mo_err e;
	size_t n;

	(void)state;
	make(st, "ack", 12, "president", T0 + 3600, tok);
	n = strlen(tok);
	/* Every single-character change anywhere is refused. */
	for (size_t i = 0; i < n; i++) {
		memcpy(bad, tok, n + 1);
		bad[i] = bad[i] == 'A' ? 'B' : 'A';
		assert_int_equal(linktoken_check(st, bad, T0, &t, &e), 1);
		assert_true(e.detail == LINKTOKEN_ALTERED || e.detail == LINKTOKEN_MALFORMED);
	}
	/* A change in the payload is "altered" (the MAC does not match). */
	memcpy(bad, tok, n + 1);
	bad[3] = bad[3] == 'A' ? 'B' : 'A';
	assert_int_equal(linktoken_check(st, bad, T0, &t, &e), 1);
	assert_int_equal(e.detail, LINKTOKEN_ALTERED);
	assert_int_equal(e.code, MO_EFORBIDDEN); /* the code the web and CLI read */
	/* Truncated, empty, no dot, garbage. */
	memcpy(bad, tok, n + 1);
	bad[n - 1] = '\0';
	assert_int_equal(linktoken_check(st, bad, T0, &t, &e), 1);
	assert_int_equal(linktoken_check(st, "", T0, &t, &e), 1);
	assert_int_equal(e.detail, LINKTOKEN_MALFORMED);
	assert_int_equal(e.code, MO_ENOTFOUND);
	assert_int_equal(linktoken_check(st, "abc", T0, &t, &e), 1);
	assert_int_equal(linktoken_check(st, "..", T0, &t, &e), 1);
	assert_int_equal(linktoken_check(st, "YWJj.!!!", T0, &t, &e), 1);
	done(st);
}

static void test_expired(void **state)
{
	struct store *st = fresh();
	char tok[LINKTOKEN_MAX];
	struct linktoken t;
	struct mo_err e;

	(void)state;
	make(st, "verify", 0, "p/email", T0 + 60, tok);
	assert_int_equal(linktoken_check(st, tok, T0 + 59, &t, &e), 0);
	assert_int_equal(linktoken_check(st, tok, T0 + 60, &t, &e), 1);
	assert_int_equal(e.detail, LINKTOKEN_EXPIRED);
	done(st);
}

static void test_rotated(void **state)
{
	struct store *st = fresh();
	char tok[LINKTOKEN_MAX], tok2[LINKTOKEN_MAX];
	struct linktoken t;
	struct mo_err e;

	(void)state;
	make(st, "ack", 3, "president", T0 + 3600, tok);
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(linktoken_rotate(st, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(linktoken_check(st, tok, T0, &t, &e), 1);
	assert_int_equal(e.detail, LINKTOKEN_ALTERED);
	make(st, "ack", 3, "president", T0 + 3600, tok2);
	assert_string_not_equal(tok, tok2);
	assert_int_equal(linktoken_check(st, tok2, T0, &t, &e), 0);
	/* The key survives closing and reopening the database. */
	store_close(st);
	st = store_open(dbpath, 0, &e);
	assert_non_null(st);
	assert_int_equal(linktoken_check(st, tok2, T0, &t, &e), 0);
	done(st);
}

static void test_reused(void **state)
{
	struct store *st = fresh();
	char tok[LINKTOKEN_MAX], other[LINKTOKEN_MAX];
	struct mo_err e;

	(void)state;
	make(st, "ack", 5, "president", T0 + 3600, tok);
	make(st, "ack", 5, "manager", T0 + 3600, other);
	assert_int_equal(linktoken_used(st, tok, &e), 0);
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(linktoken_use(st, tok, T0, &e), 0);
	assert_int_equal(linktoken_use(st, tok, T0 + 1, &e), 1);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(linktoken_used(st, tok, &e), 1);
	assert_int_equal(linktoken_used(st, other, &e), 0);
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(linktoken_use(st, tok, T0 + 2, &e), 1);
	assert_int_equal(linktoken_use(st, other, T0 + 2, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	done(st);
}

static void test_no_key_yet(void **state)
{
	struct store *st = fresh();
	struct linktoken t;
	struct mo_err e;

	(void)state;
	/* A well-formed token before any key exists is refused, not an error. */
	assert_int_equal(
		linktoken_check(
			st,
			"djF8YWNrfDF8OTk5OTk5OTk5OXxw.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
			T0, &t, &e),
		1);
	done(st);
}

static void test_encoded_words(void **state)
{
	const char *s = "【moshimo】レベル3 INC-0012 顧客名簿の流出（漏えい・流出） 髙橋 "
			"🙂🙂🙂";
	struct buf b;

	(void)state;
	buf_init(&b, 1 << 16);
	assert_int_equal(notify_mail_encode_words(&b, s), 0);
	for (const char *w = buf_str(&b); *w;) {
		const char *end = strstr(w, "?=");
		size_t len;

		assert_true(strncmp(w, "=?UTF-8?B?", 10) == 0);
		assert_non_null(end);
		len = (size_t)(end + 2 - w);
		assert_true(len <= 75);
		w = end + 2;
		if (*w)
			assert_true(strncmp(w, "\r\n ", 3) == 0), w += 3;
	}
	buf_release(&b);
}

static void test_addresses(void **state)
{
	char name[128], addr[128];

	(void)state;
	assert_int_equal(notify_mail_split_address("moshimo <m@example.jp>", name, sizeof(name),
						   addr, sizeof(addr)),
			 0);
	assert_string_equal(name, "moshimo");
	assert_string_equal(addr, "m@example.jp");
	assert_int_equal(notify_mail_split_address("\"髙橋 一郎\" <t@example.jp>", name,
						   sizeof(name), addr, sizeof(addr)),
			 0);
	assert_string_equal(name, "髙橋 一郎");
	assert_int_equal(notify_mail_split_address("a@b.jp", name, sizeof(name), addr,
						   sizeof(addr)),
			 0);
	assert_string_equal(name, "");
	assert_int_equal(notify_mail_split_address("a b@c.jp", name, sizeof(name), addr,
						   sizeof(addr)),
			 -1);
	assert_int_equal(notify_mail_split_address("x <a@b.jp>\r\nBcc: e@f", name, sizeof(name),
						   addr, sizeof(addr)),
			 -1);
	assert_int_equal(notify_mail_split_address("noat", name, sizeof(name), addr, sizeof(addr)),
			 -1);
	assert_int_equal(notify_mail_split_address("a@b@c", name, sizeof(name), addr, sizeof(addr)),
			 -1);
}

static void test_retry_after(void **state)
{
	(void)state;
	assert_int_equal(notify_retry_after_parse("7", T0), 7);
	assert_int_equal(notify_retry_after_parse("0", T0), 0);
	assert_int_equal(notify_retry_after_parse("", T0), 0);
	assert_int_equal(notify_retry_after_parse("soon", T0), 0);
	/* 1795000000 is Wed, 18 Nov 2026 11:06:40 GMT. */
	assert_int_equal(notify_retry_after_parse("Wed, 18 Nov 2026 11:08:40 GMT", T0), 120);
	assert_int_equal(notify_retry_after_parse("Wed, 18 Nov 2026 11:00:00 GMT", T0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),	      cmocka_unit_test(test_altered),
		cmocka_unit_test(test_expired),	      cmocka_unit_test(test_rotated),
		cmocka_unit_test(test_reused),	      cmocka_unit_test(test_no_key_yet),
		cmocka_unit_test(test_encoded_words), cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_retry_after),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
