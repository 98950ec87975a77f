/* moshimo manual: renders the manual or the emergency card. */
#include "cli/cli.h"
#include "engine/checks.h"
#include "engine/contacts.h"
#include "policy/policy.h"
#include "render/doc_format.h"
#include "render/manual.h"
#include "util/fs.h"

#include <getopt.h>
#include <unistd.h>

static const char *extension_format(const char *file)
{
	const char *dot = file ? strrchr(file, '.') : NULL;

	if (!dot)
		return NULL;
	if (strcmp(dot, ".md") == 0)
		return "md";
	if (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0)
		return "html";
	if (strcmp(dot, ".pdf") == 0)
		return "pdf";
	return NULL;
}

/* Every person's last 疎通確認 per channel from the data folder's database,
 * for the contact list; nothing (ro untouched) when there is no database.
 * *rows and *checks are malloc'd; the caller frees them. 0, or -1 (printed). */
static int load_checks(struct cli_ctx *ctx, const struct policy *p, struct render_opts *ro,
		       struct contact_row **rows, struct render_check **checks,
		       struct check_statuses *cs)
{
	char db[4096];
	struct store *st;
	struct mo_err e;
	size_t n = 0;

	mo_err_clear(&e);
	if (cli_data_path(ctx, "moshimo.db", db, sizeof(db)))
		return -1;
	if (!fs_exists(db))
		return 0;
	st = store_open(db, 0, &e);
	if (!st)
		goto fail;
	/* The check table's last results (engine/checks.h). */
	if (engine_checks_collect(p, st, time_now(), cs, &e) == 0)
		ro->check_states = cs;
	if (contacts_collect(p, NULL, st, rows, &n, &e)) {
		store_close(st);
		goto fail;
	}
	store_close(st);
	*checks = calloc(n ? n : 1, sizeof(**checks));
	if (!*checks) {
		mo_err_oom(&e, NULL);
		goto fail;
	}
	for (size_t i = 0; i < n; i++)
		(*checks)[i] = (struct render_check){(*rows)[i].person->id, (*rows)[i].channel,
						     (*rows)[i].confirmed_at};
	ro->checks = *checks;
	ro->n_checks = n;
	return 0;
fail:
	mo_report_err(stderr, &e);
	return -1;
}

int cmd_manual(struct cli_ctx *ctx, int argc, char **argv)
{
	struct contact_row *rows = NULL;
	struct render_check *checks = NULL;
	struct check_statuses cs = {0};
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'F'},
		{"card", no_argument, NULL, 'c'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	const char *format = NULL, *output = NULL;
	const struct doc_format *df;
	bool card = false;
	struct render_opts ro = {NULL};
	struct policy *p;
	struct buf out;
	struct mo_err e;
	int c, rc = EXIT_OK;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
			format = optarg;
			break;
		case 'c':
			card = true;
			break;
		case 'o':
			output = optarg;
			break;
		default:
			return cli_bad_option(ctx, argc, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(ctx, _("too many arguments"));
	if (!format)
		format = extension_format(output);
	if (!format)
		format = "md";
	df = doc_format_find(format);
	if (!df)
		return cli_usage_error(ctx, _("unknown format \"%s\" (choose from %s)"), format,
				       doc_format_names());
	if (!output && df->binary && isatty(STDOUT_FILENO))
		return cli_usage_error(ctx, _("%s output is binary: use -o FILE"), format);

	p = cli_load_policy(ctx, CLI_POLICY_PLACEHOLDERS);
	if (!p)
		return EXIT_DATA;
	if (!card && load_checks(ctx, p, &ro, &rows, &checks, &cs)) {
		free(rows);
		check_statuses_release(&cs);
		policy_free(p);
		return EXIT_DATA;
	}
	buf_init(&out, 0);
	mo_err_clear(&e);
	if (manual_write(p, &ro, card ? MANUAL_CARD : MANUAL_FULL, format, &out, &e)) {
		rc = cli_fail(&e);
	} else if (out.failed) {
		mo_die_msg(_("out of memory"));
		rc = EXIT_DATA;
	} else if (output) {
		if (fs_write_file(output, buf_str(&out), out.len, &e)) {
			rc = cli_fail(&e);
		} else {
			fprintf(stderr, _("moshimo: wrote %s\n"), output);
		}
	} else if (fwrite(buf_str(&out), 1, out.len, stdout) != out.len || fflush(stdout)) {
		mo_die_msg(_("cannot write to standard output"));
		rc = EXIT_DATA;
	}
	buf_release(&out);
	free(checks);
	free(rows);
	check_statuses_release(&cs);
	policy_free(p);
	return rc;
}
