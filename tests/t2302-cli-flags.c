/* The command table's flags column: each shared option a row's flags ask
 * for is in that command's help. */
#include "testutil.h"
#include "cli/cli.h"

static void test_flags_in_help(void **state)
{
	static const struct {
		unsigned flag;
		const char *says;
	} shared[] = {
		{CMD_AS_PERSON, "--as NAME"},
		{CMD_JSON, "--json"},
	};
	size_t flagged = 0;

	(void)state;
	for (size_t i = 0; i < cli_commands_count; i++) {
		const struct cli_command *c = &cli_commands[i];

		flagged += c->flags != 0;
		for (size_t k = 0; k < MO_ARRAY_SIZE(shared); k++) {
			if ((c->flags & shared[k].flag) && !strstr(c->usage, shared[k].says)) {
				fprintf(stderr,
					"moshimo %s: its flags take %s, its help does not say so\n",
					c->name, shared[k].says);
				fail();
			}
		}
	}
	/* The incident commands at least. */
	assert_true(flagged >= 11);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flags_in_help),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
