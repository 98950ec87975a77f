/* "checks:" of the policy (004 §4's prevention and detection checks and the
 * manual's own checks, each with an owner and an interval) from the YAML
 * tree into the model, with positioned findings for their structure; the
 * owner's role is check.c's work. docs/policy-format.md is the reference. */
#include "policy/loadInt.h"

static bool load_check(struct loader *L, const struct pnode *m, struct mo_check *c)
{
	const char *kind;

	load_keys_check(L, m, KEYS("id", "kind", "title", "owner", "rule", "every"));
	c->node = m;
	c->id = load_str(L, m, "id", true);
	kind = load_str(L, m, "kind", true);
	if (kind && strcmp(kind, "prevent") == 0) {
		c->kind = CHECK_PREVENT;
	} else if (kind && strcmp(kind, "detect") == 0) {
		c->kind = CHECK_DETECT;
	} else if (kind && strcmp(kind, "manual") == 0) {
		c->kind = CHECK_MANUAL;
	} else if (kind) {
		pnode_error(L->f, pnode_get(m, "kind"),
			    _("\"kind\" must be prevent, detect or manual, not \"%s\""), kind);
		return false;
	}
	c->title = load_str(L, m, "title", true);
	c->owner = load_str(L, m, "owner", true);
	c->rule = load_str(L, m, "rule", false);
	if (!pnode_get(m, "every")) {
		pnode_error(L->f, m, _("missing required key \"%s\""), "every");
		return false;
	}
	if (!load_duration(L, m, "every", &c->every))
		return false;
	return c->id && c->title && c->owner && kind;
}

void policy_load_checks(struct policy *p, const struct pnode *root, struct mo_findings *f,
			bool *oom)
{
	struct loader L = {.p = p, .f = f};

	LOAD_LIST(&L, root, "checks", false, p->checks, p->n_checks, load_check);
	if (L.oom)
		*oom = true;
}
