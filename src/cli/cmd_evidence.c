/* moshimo evidence add|verify|list: keeps files as evidence (copied,
 * hashed, on the timeline) and checks them again. */
#include "cli/workspace.h"
#include "engine/op.h"

static int apply(struct engine *en, void *op, struct mo_err *e)
{
	return engine_op_apply(en, op, e);
}

struct verify_args {
	int64_t id;
	struct evidence_check *v;
	size_t n;
	int result;
};

static int verify(struct engine *en, void *arg, struct mo_err *e)
{
	struct verify_args *a = arg;

	a->result = engine_evidence_verify(en, a->id, &a->v, &a->n, e);
	return a->result < 0 ? -1 : 0;
}

int cmd_evidence(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *note = NULL, *verb;
	const struct cli_opt opts[] = {{"note", &note, NULL}, {NULL}};
	bool json = ctx->json;
	struct cli_ws ws;
	struct mo_err e;
	int64_t id;
	int rc, a0 = cli_parse(ctx, argc, argv, opts);
	char ref[32];

	if (a0 < 0)
		return EXIT_USAGE;
	if (argc - a0 < 2)
		return cli_usage_error(ctx, _("say: moshimo evidence add ID FILE, or evidence "
					      "verify ID"));
	verb = argv[a0];
	if (strcmp(verb, "add") == 0	  ? argc - a0 != 3
	    : strcmp(verb, "verify") == 0 ? argc - a0 != 2
					  : 1)
		return cli_usage_error(ctx, _("say: moshimo evidence add ID FILE, or evidence "
					      "verify ID"));
	rc = cli_id_arg(ctx, argv[a0 + 1], &id);
	if (rc)
		return rc;
	rc = cli_ws_open(ctx, &ws, WS_WRITE, ctx->as);
	if (rc)
		return rc;
	engine_ref(id, ref, sizeof(ref));
	if (strcmp(verb, "add") == 0) {
		struct engine_op op = {.kind = ENGINE_OP_EVIDENCE, .id = id};

		op.u.evidence.path = argv[a0 + 2];
		op.u.evidence.note = note;
		if (engine_tx(&ws.en, apply, &op, &e)) {
			rc = cli_fail(&e);
		} else {
			char msg[256];
			int n = op.u.evidence.n;

			snprintf(msg, sizeof(msg), _("%s: evidence %d kept (sha256 %s)"), ref, n,
				 "");
			{
				struct inc_full f;

				/* The hash is in the record: print it from there. */
				if (!json && engine_load(ws.st, id, &f, &e) == 0) {
					for (size_t i = 0; i < f.evidence.n; i++)
						if (f.evidence.v[i].n == n)
							snprintf(
								msg, sizeof(msg),
								_("%s: evidence %d kept (sha256 %s)"),
								ref, n, f.evidence.v[i].sha256);
					inc_full_release(&f);
				}
			}
			rc = cli_done(&ws, id, json, msg);
		}
	} else {
		struct verify_args a = {id, NULL, 0, 0};

		if (engine_tx(&ws.en, verify, &a, &e)) {
			rc = cli_fail(&e);
		} else if (json) {
			json_t *arr = json_array();

			for (size_t i = 0; i < a.n; i++) {
				json_t *o = json_object();

				json_object_set_new(o, "n", json_integer(a.v[i].n));
				if (a.v[i].state == EVIDENCE_STRAY)
					json_object_set_new(o, "file", json_string(a.v[i].file));
				json_object_set_new(o, "state",
						    json_string(engine_evidence_word(a.v[i].state,
										     LABEL_EN)));
				json_object_set_new(o, "sha256", json_string(a.v[i].sha256));
				json_array_append_new(arr, o);
			}
			rc = cli_print_json(arr);
			if (!rc && a.result)
				rc = EXIT_DATA;
		} else {
			for (size_t i = 0; i < a.n; i++) {
				if (a.v[i].state == EVIDENCE_STRAY)
					printf(_("%s: stray file no record names: %s\n"), ref,
					       a.v[i].file);
				else
					printf(_("%s: evidence %d: %s\n"), ref, a.v[i].n,
					       engine_evidence_word(a.v[i].state, label_lang_ui()));
			}
			if (!a.n)
				printf(_("%s: no evidence kept\n"), ref);
			if (a.result)
				mo_die_msg(_("%s: evidence does not match what was kept"), ref);
			rc = a.result ? EXIT_DATA : EXIT_OK;
		}
		free(a.v);
	}
	cli_ws_close(&ws);
	return rc;
}
