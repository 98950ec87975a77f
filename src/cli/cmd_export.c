/* moshimo export: the incident report document (md, html, pdf: the one doc
 * tree of render/incident_doc.c; json: the engine's JSON). */
#include "cli/workspace.h"
#include "render/doc_format.h"
#include "render/incident_doc.h"
#include "util/fs.h"

#include <getopt.h>
#include <unistd.h>

/* The report's format for -o FILE: a document format by its extension, or
 * json; NULL when the extension is none of these. */
static const char *format_of_file(const char *file)
{
	const struct doc_format *df = doc_format_for_file(file);
	const char *dot = file ? strrchr(file, '.') : NULL;

	if (df)
		return df->name;
	return dot && strcmp(dot, ".json") == 0 ? "json" : NULL;
}

int cmd_export(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'F'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	const char *format = NULL, *output = NULL;
	const struct doc_format *df;
	struct inc_full f;
	struct cli_ws ws;
	struct mo_err e;
	struct buf out;
	int c, rc;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'F')
			format = optarg;
		else if (c == 'o')
			output = optarg;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (argc - optind != 1)
		return cli_usage_error(ctx, _("give one incident id"));
	if (!format)
		format = format_of_file(output);
	if (!format)
		format = "md";
	df = doc_format_find(format);
	if (!df && strcmp(format, "json") != 0)
		return cli_usage_error(ctx, _("unknown format \"%s\" (choose from %s)"), format,
				       incident_format_names());
	if (!output && df && df->binary && isatty(STDOUT_FILENO))
		return cli_usage_error(ctx, _("%s output is binary: use -o FILE"), format);
	rc = cli_ws_load(ctx, argv[optind], &ws, &f);
	if (rc)
		return rc;
	buf_init(&out, BUF_MAX_DEFAULT);
	mo_err_clear(&e);
	if (incident_write(ws.p, &f, ws.en.now, format, &out, &e) || out.failed) {
		if (!e.msg[0])
			mo_err_oom(&e, NULL);
		rc = cli_fail(&e);
	} else if (output) {
		if (fs_write_file(output, buf_str(&out), out.len, &e)) {
			rc = cli_fail(&e);
		} else {
			fprintf(stderr, _("moshimo: wrote %s\n"), output);
		}
	} else {
		rc = cli_write_out(&out);
	}
	buf_release(&out);
	inc_full_release(&f);
	cli_ws_close(&ws);
	return rc;
}
