/* The employee's card as data ("card:" of the policy): what to do first,
 * in order (the first is the call), and what not to do. Absent, the card
 * takes the actions the signs share. */
#include "policy/policy.h"

static struct strv texts(struct policy *p, const struct pnode *m, const char *key,
			 struct mo_findings *f, bool *oom)
{
	const struct pnode *n = pnode_get(m, key);
	struct strv sv = {NULL, 0};

	if (!n)
		return sv;
	if (n->kind != PNODE_SEQUENCE) {
		mo_findings_add(f, MO_ERROR, n->line, n->col, _("\"%s\" must be a list, found %s"),
				key, pnode_kind_name(n->kind));
		return sv;
	}
	sv.v = arena_calloc(&p->arena, n->n ? n->n : 1, sizeof(*sv.v));
	if (!sv.v) {
		*oom = true;
		return sv;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct pnode *it = n->items[i];

		if (it->kind != PNODE_SCALAR || !*it->str) {
			mo_findings_add(f, MO_ERROR, it->line, it->col,
					_("list item must be text, found %s"),
					pnode_kind_name(it->kind));
			continue;
		}
		sv.v[sv.n++] = it->str;
	}
	return sv;
}

bool policy_load_card(struct policy *p, const struct pnode *root, struct mo_findings *f)
{
	const struct pnode *m = pnode_get(root, "card");
	bool oom = false;

	if (!m)
		return true;
	if (m->kind != PNODE_MAPPING) {
		mo_findings_add(f, MO_ERROR, m->line, m->col,
				_("expected a mapping (key: value), found %s"),
				pnode_kind_name(m->kind));
		return true;
	}
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->pairs[i].key, "first") && strcmp(m->pairs[i].key, "dont"))
			mo_findings_add(f, MO_ERROR, m->pairs[i].key_line, m->pairs[i].key_col,
					_("unknown key \"%s\""), m->pairs[i].key);
	p->card.node = m;
	p->card.first = texts(p, m, "first", f, &oom);
	p->card.dont = texts(p, m, "dont", f, &oom);
	return !oom;
}
