/* struct inc owns its strings (store/model.h: they live in its arena): an
 * incident made by engine_create stays whole after the policy it was made
 * with is freed (a reload frees the old policy while a request may still
 * hold the incident). Under AddressSanitizer a string pointing into the
 * policy is a use after free here. */
#include "testutil.h"
#include "enginefix.h"

static void test_incident_outlives_policy(void **state)
{
	static const char json[] = "{\"title\":\"顧客名簿の誤送信\",\"category\":\"leak\","
				   "\"impact\":{\"customers\":true,\"personal_data\":true}}";
	struct fix fx;
	struct inc inc;
	struct mo_err e;
	char *business, *role;

	(void)state;
	fix_open(&fx, NULL);
	assert_int_equal(engine_report_parse(fx.p, json, strlen(json), "t.json", fx.en.now, &inc,
					     &e),
			 0);
	assert_int_equal(engine_tx(&fx.en, fix_create_fn, &inc, &e), 0);
	assert_non_null(inc.business);
	assert_non_null(inc.owner_role);
	business = strdup(inc.business);
	role = strdup(inc.owner_role);
	store_close(fx.st);
	policy_free(fx.p);
	/* Read after the policy is gone: still the same words. */
	assert_string_equal(inc.business, business);
	assert_string_equal(inc.owner_role, role);
	free(business);
	free(role);
	inc_release(&inc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_incident_outlives_policy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
