/* "checks:" of the policy (004 §4's prevention and detection checks and the
 * manual's own checks, each with an owner and an interval) from the YAML
 * tree into the model, with positioned findings for their structure; the
 * owner's role is check.c's work. docs/policy-format.md is the reference. */
#include "policy/policy.h"

struct cloader {
	struct policy *p;
	struct mo_findings *f;
	bool *oom;
};

#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void check_keys(struct cloader *L, const struct pnode *map, const char *const *allowed)
{
	for (size_t i = 0; i < map->n; i++) {
		bool ok = false;

		for (size_t k = 0; allowed[k]; k++)
			if (strcmp(map->pairs[i].key, allowed[k]) == 0)
				ok = true;
		if (!ok)
			mo_findings_add(L->f, MO_ERROR, map->pairs[i].key_line,
					map->pairs[i].key_col, _("unknown key \"%s\""),
					map->pairs[i].key);
	}
}

static const char *get_str(struct cloader *L, const struct pnode *map, const char *key,
			   bool required)
{
	const struct pnode *n = pnode_get(map, key);

	if (pnode_is_null(n)) {
		if (required)
			pnode_error(L->f, map, _("missing required key \"%s\""), key);
		return NULL;
	}
	if (n->kind != PNODE_SCALAR) {
		mo_findings_add(L->f, MO_ERROR, n->line, n->col, _("\"%s\" must be text, found %s"),
				key, pnode_kind_name(n->kind));
		return NULL;
	}
	if (strlen(n->str) != n->len) {
		pnode_error(L->f, n, _("\"%s\" contains a NUL character"), key);
		return NULL;
	}
	return n->str;
}

static bool get_duration(struct cloader *L, const struct pnode *map, const char *key,
			 struct duration *d)
{
	const char *s = get_str(L, map, key, false);

	if (!s)
		return false;
	if (duration_parse(s, d)) {
		const struct pnode *n = pnode_get(map, key);

		mo_findings_add(
			L->f, MO_ERROR, n->line, n->col,
			_("\"%s\": malformed duration \"%s\" (use a number and m, h, d, w, M or y, such as 10m or 3d)"),
			key, s);
		return false;
	}
	return true;
}

static bool load_check(struct cloader *L, const struct pnode *m, struct mo_check *c)
{
	const char *kind;

	check_keys(L, m, KEYS("id", "kind", "title", "owner", "rule", "every"));
	c->node = m;
	c->id = get_str(L, m, "id", true);
	kind = get_str(L, m, "kind", true);
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
	c->title = get_str(L, m, "title", true);
	c->owner = get_str(L, m, "owner", true);
	c->rule = get_str(L, m, "rule", false);
	if (!pnode_get(m, "every")) {
		pnode_error(L->f, m, _("missing required key \"%s\""), "every");
		return false;
	}
	if (!get_duration(L, m, "every", &c->every))
		return false;
	return c->id && c->title && c->owner && kind;
}

void policy_load_checks(struct policy *p, const struct pnode *root, struct mo_findings *f,
			bool *oom)
{
	struct cloader L = {p, f, oom};
	const struct pnode *seq = pnode_get(root, "checks");

	if (pnode_is_null(seq))
		return;
	if (seq->kind != PNODE_SEQUENCE) {
		mo_findings_add(f, MO_ERROR, seq->line, seq->col,
				_("\"%s\" must be a list, found %s"), "checks",
				pnode_kind_name(seq->kind));
		return;
	}
	p->checks = arena_calloc(&p->arena, seq->n, sizeof(*p->checks));
	if (!p->checks) {
		*oom = true;
		return;
	}
	for (size_t i = 0; i < seq->n; i++) {
		const struct pnode *m = seq->items[i];

		if (m->kind != PNODE_MAPPING) {
			pnode_error(f, m, _("expected a mapping (key: value), found %s"),
				    pnode_kind_name(m->kind));
			continue;
		}
		/* a failed entry may have filled the slot: clear it */
		memset(&p->checks[p->n_checks], 0, sizeof(*p->checks));
		if (load_check(&L, m, &p->checks[p->n_checks]))
			p->n_checks++;
	}
}
