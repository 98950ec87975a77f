/* The command table's flags column: each shared option a row's flags ask
 * for is in that command's help (cli_usage_text), on a line of its own
 * before --data; its generic line is written once, in cli.c, not in the
 * command's own text; a command without the flag does not get it. */
#include "testutil.h"
#include "cli/cli.h"
#include "util/buf.h"

static void test_flags_in_help(void **state)
{
	static const struct {
		unsigned flag;
		const char *says;
		const char *line; /* cli.c's */
	} shared[] = {
		{CMD_AS_PERSON, "--as NAME",
		 "  --as NAME     who is acting (default $MOSHIMO_USER, else $USER)\n"},
		{CMD_JSON, "--json", "  --json        print the incident as JSON afterwards\n"},
	};
	size_t flagged = 0;

	(void)state;
	for (size_t i = 0; i < cli_commands_count; i++) {
		const struct cli_command *c = &cli_commands[i];

		struct buf b;
		const char *text, *data;

		buf_init(&b, 0);
		assert_int_equal(cli_usage_text(c, false, &b), 0);
		text = buf_str(&b);
		data = strstr(text, "\n  --data ");
		flagged += c->flags != 0;
		for (size_t k = 0; k < MO_ARRAY_SIZE(shared); k++) {
			const char *at = strstr(text, shared[k].says);

			if (!(c->flags & shared[k].flag))
				continue;
			if (!at || (data && at > data)) {
				fprintf(stderr,
					"moshimo %s: its flags take %s, its help does not say so "
					"before --data\n%s",
					c->name, shared[k].says, text);
				fail();
			}
			/* one place for the generic line */
			if (strstr(c->usage, shared[k].line)) {
				fprintf(stderr, "moshimo %s spells cli.c's line for %s itself\n",
					c->name, shared[k].says);
				fail();
			}
		}
		if (!c->flags)
			assert_string_equal(text, c->usage);
		buf_release(&b);
	}
	/* ack explains --as itself: its own line, not the generic one too */
	for (size_t i = 0; i < cli_commands_count; i++) {
		struct buf b;

		if (strcmp(cli_commands[i].name, "ack") != 0)
			continue;
		buf_init(&b, 0);
		assert_int_equal(cli_usage_text(&cli_commands[i], false, &b), 0);
		assert_non_null(strstr(buf_str(&b), "who acknowledges"));
		assert_null(strstr(buf_str(&b), shared[0].line));
		assert_non_null(strstr(buf_str(&b), shared[1].line));
		buf_release(&b);
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
