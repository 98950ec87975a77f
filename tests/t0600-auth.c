/* auth/: passwords (argon2id), tokens and their hashes, the role table —
 * what the web app and `moshimo user` / `moshimo token` share. */
#include "testutil.h"
#include "auth/auth.h"

#include <sodium.h>

static void test_password_round_trip(void **state)
{
	char h[STORE_PWHASH_MAX], h2[STORE_PWHASH_MAX];

	(void)state;
	assert_int_equal(auth_password_hash("correct horse", h), 0);
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_true(auth_password_verify(h, "correct horse"));
	assert_false(auth_password_verify(h, "correct hors"));
	assert_false(auth_password_verify(h, ""));
	assert_false(auth_password_verify("not a hash", "correct horse"));
	/* Salted: the same password hashes differently each time. */
	assert_int_equal(auth_password_hash("correct horse", h2), 0);
	assert_string_not_equal(h, h2);
	assert_true(auth_password_verify(h2, "correct horse"));
}

static void test_password_new(void **state)
{
	char p[32], q[32], small[5];

	(void)state;
	auth_password_new(p, sizeof(p));
	auth_password_new(q, sizeof(q));
	assert_int_equal(strlen(p), 16);
	assert_string_not_equal(p, q);
	/* No look-alikes: 0 O 1 l I. */
	assert_null(strpbrk(p, "0O1lI"));
	auth_password_new(small, sizeof(small));
	assert_int_equal(strlen(small), 4);
}

static void test_tokens(void **state)
{
	char t[64], u[64], h[STORE_HASH_HEX], tiny[10] = "xxxxxxxxx";

	(void)state;
	auth_token_new(t, sizeof(t));
	auth_token_new(u, sizeof(u));
	assert_int_equal(strlen(t), 43);
	assert_string_not_equal(t, u);
	assert_int_equal(strspn(t,
				"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
			 43);
	auth_token_new(tiny, sizeof(tiny));
	assert_string_equal(tiny, "");
	/* FIPS 180-2's example. */
	auth_token_hash("abc", h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_roles(void **state)
{
	enum auth_role r = ROLE_NONE;

	(void)state;
	assert_int_equal(auth_role_parse("manager", &r), 0);
	assert_int_equal(r, ROLE_MANAGER);
	assert_string_equal(auth_role_key(r), "manager");
	assert_string_equal(auth_role_label(r), "責任者");
	assert_int_equal(auth_role_parse("none", &r), -1);
	assert_int_equal(auth_role_parse("Admin", &r), -1);
	assert_int_equal(auth_role_parse(NULL, &r), -1);
	assert_true(auth_role_valid("reporter"));
	assert_true(auth_role_valid("admin"));
	assert_false(auth_role_valid("none"));
	assert_false(auth_role_valid(""));
	assert_string_equal(auth_role_key((enum auth_role)99), "none");
	assert_true(ROLE_REPORTER < ROLE_RESPONDER && ROLE_RESPONDER < ROLE_MANAGER &&
		    ROLE_MANAGER < ROLE_ADMIN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_round_trip),
		cmocka_unit_test(test_password_new),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_roles),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
