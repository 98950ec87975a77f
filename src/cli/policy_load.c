/* The policy every command works from: DIR/policy.yaml when present, else
 * the built-in manual. A policy with errors is refused: neither a manual
 * nor an incident's triage may come from a wrong policy. */
#include "cli/cli.h"
#include "policy/policy.h"
#include "util/fs.h"

struct policy *cli_load_policy(struct cli_ctx *ctx, unsigned flags)
{
	char path[4096];
	struct mo_findings f;
	struct policy *p;

	if (cli_data_path(ctx, "policy.yaml", path, sizeof(path)))
		return NULL;
	if (!fs_exists(path)) {
		if (!(flags & CLI_POLICY_QUIET))
			fprintf(stderr, _("moshimo: no policy at %s; using the built-in manual\n"),
				path);
		mo_findings_init(&f, "(built-in)");
		p = policy_load_default(&f);
	} else {
		mo_findings_init(&f, path);
		p = policy_load_file(path, &f);
	}
	if (p)
		policy_check(p, &f);
	if (!p || f.errors || f.oom) {
		for (size_t i = 0; i < f.n; i++)
			if (f.v[i].severity == MO_ERROR)
				mo_report(stderr, f.file, f.v[i].line, f.v[i].col, MO_ERROR,
					  f.v[i].msg);
		mo_die_msg(_("the policy has errors; fix them first (moshimo check)"));
		policy_free(p);
		p = NULL;
	} else if ((flags & CLI_POLICY_PLACEHOLDERS) && policy_placeholder_count(p)) {
		fprintf(stderr,
			_("moshimo: warning: %zu placeholders (〇〇, ****) are still in the policy; "
			  "the manual is not ready to hand out (moshimo check lists them)\n"),
			policy_placeholder_count(p));
	}
	mo_findings_release(&f);
	return p;
}
