/* moshimo similar: closed incidents like this one (same category first,
 * then shared text), with their cause and measures — 003's advice to use
 * what past incidents taught. */
#include "cli/workspace.h"
#include "util/strnum.h"

#include <getopt.h>

int cmd_similar(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"limit", required_argument, NULL, 'l'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct inc_full f;
	struct cli_ws ws;
	struct mo_err e;
	struct buf text, out;
	int64_t *ids = NULL;
	size_t n = 0;
	long limit = 10;
	bool json = false;
	json_t *arr = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j') {
			json = true;
		} else if (c == 'l') {
			if (str_to_long(optarg, 1, 1000, &limit))
				return cli_usage_error(
					ctx, _("--limit must be a number from 1 to 1000"));
		} else {
			return cli_bad_option(ctx, argc, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(ctx, _("give one incident id"));
	rc = cli_ws_load(ctx, argv[optind], &ws, &f);
	if (rc)
		return rc;
	buf_init(&text, 8192);
	(void)!buf_addf(&text, "%s\n%s", f.inc.title, f.inc.description);
	buf_init(&out, BUF_MAX_DEFAULT);
	if (json)
		arr = json_array();
	if (store_similar(ws.st, f.inc.id, f.inc.category, buf_str(&text), (size_t)limit, &ids, &n,
			  &e)) {
		rc = cli_fail(&e);
		goto done;
	}
	if (!n && !json)
		(void)!buf_addf(&out, "%s\n", _("No similar closed incidents."));
	for (size_t i = 0; i < n; i++) {
		struct inc_full g;
		char ref[32];

		if (engine_load(ws.st, ids[i], &g, &e)) {
			continue;
		}
		if (json) {
			json_t *o = json_object();

			json_object_set_new(o, "id", json_integer(g.inc.id));
			engine_ref(g.inc.id, ref, sizeof(ref));
			json_object_set_new(o, "ref", json_string(ref));
			json_object_set_new(o, "title", json_string(g.inc.title));
			json_object_set_new(o, "category", json_string(g.inc.category));
			json_object_set_new(o, "level", json_integer(g.inc.level));
			json_object_set_new(o, "cause",
					    g.inc.cause ? json_string(g.inc.cause) : json_null());
			json_object_set_new(o, "measures",
					    g.inc.measures ? json_string(g.inc.measures)
							   : json_null());
			json_object_set_new(o, "lessons",
					    g.inc.lessons ? json_string(g.inc.lessons)
							  : json_null());
			json_array_append_new(arr, o);
		} else {
			engine_ref(g.inc.id, ref, sizeof(ref));
			(void)!buf_addf(&out, _("%s  [%s] level %d  %s\n"), ref,
					engine_category_name(ws.p, g.inc.category), g.inc.level,
					g.inc.title);
			(void)!buf_addf(&out, "  %s %s\n", _("cause:"),
					g.inc.cause ? g.inc.cause : "-");
			(void)!buf_addf(&out, "  %s %s\n", _("measures:"),
					g.inc.measures ? g.inc.measures : "-");
			(void)!buf_addf(&out, "  %s %s\n", _("lessons:"),
					g.inc.lessons ? g.inc.lessons : "-");
		}
		inc_full_release(&g);
	}
	if (json) {
		rc = cli_print_json(arr);
		arr = NULL;
	} else {
		rc = cli_write_out(&out);
	}
done:
	json_decref(arr);
	free(ids);
	buf_release(&text);
	buf_release(&out);
	inc_full_release(&f);
	cli_ws_close(&ws);
	return rc;
}
