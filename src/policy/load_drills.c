/* Drill scenarios as data: "drills:" of the policy (the report as an
 * employee files it, timed injects), their loading and checking. The
 * engine runs them (engine/drills.c); docs/policy-format.md and
 * docs/drills.md are the reference. */
#include "policy/loadInt.h"

static void load_injects(struct loader *L, const struct pnode *m, struct mo_drill *d)
{
	const struct pnode *n = load_seq(L, m, "injects", false);

	if (!n)
		return;
	d->injects = arena_calloc(&L->p->arena, n->n + 1, sizeof(*d->injects));
	if (!d->injects) {
		L->oom = true;
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct pnode *it = n->items[i];
		struct mo_drill_inject *in = &d->injects[d->n_injects];
		const char *after;

		if (it->kind != PNODE_MAPPING) {
			pnode_error(
				L->f, it,
				_("drills: an inject must be a mapping (after, text), found %s"),
				pnode_kind_name(it->kind));
			continue;
		}
		load_keys_check(L, it, KEYS("after", "text"));
		in->node = it;
		after = load_str(L, it, "after", true);
		in->text = load_str(L, it, "text", true);
		if (after && !load_duration_text(L, it, "after", after, &in->after))
			continue;
		if (after && in->text)
			d->n_injects++;
	}
}

static void load_drill(struct loader *L, const struct pnode *m, struct mo_drill *d)
{
	const struct pnode *r;

	load_keys_check(L, m, KEYS("id", "title", "summary", "report", "injects"));
	d->node = m;
	d->id = load_str(L, m, "id", true);
	d->title = load_str(L, m, "title", true);
	d->summary = load_str(L, m, "summary", false);
	r = pnode_get(m, "report");
	if (pnode_is_null(r))
		pnode_error(L->f, m, _("drills: missing required key \"%s\""), "report");
	else if (r->kind != PNODE_MAPPING)
		pnode_error(
			L->f, r,
			_("drills: \"report\" must be a mapping (the keys of moshimo report --json), "
			  "found %s"),
			pnode_kind_name(r->kind));
	else
		d->report = r;
	load_injects(L, m, d);
}

bool policy_load_drills(struct policy *p, const struct pnode *root, struct mo_findings *f)
{
	struct loader L = {.p = p, .f = f, .nul = LOAD_NUL_PASS, .drills = true};
	const struct pnode *n = load_seq(&L, root, "drills", false);

	if (!n)
		return true;
	p->drills = arena_calloc(&p->arena, n->n + 1, sizeof(*p->drills));
	if (!p->drills)
		return false;
	for (size_t i = 0; i < n->n && !L.oom; i++) {
		if (n->items[i]->kind != PNODE_MAPPING) {
			pnode_error(f, n->items[i],
				    _("drills: a scenario must be a mapping, found %s"),
				    pnode_kind_name(n->items[i]->kind));
			continue;
		}
		load_drill(&L, n->items[i], &p->drills[p->n_drills]);
		if (p->drills[p->n_drills].id && p->drills[p->n_drills].title &&
		    p->drills[p->n_drills].report)
			p->n_drills++;
	}
	return !L.oom;
}

const struct mo_drill *policy_drill(const struct policy *p, const char *id)
{
	for (size_t i = 0; id && i < p->n_drills; i++)
		if (strcmp(p->drills[i].id, id) == 0)
			return &p->drills[i];
	return NULL;
}

void policy_check_drills(const struct policy *p, struct mo_findings *f)
{
	for (size_t i = 0; i < p->n_drills; i++) {
		const struct mo_drill *d = &p->drills[i];
		const struct pnode *title = pnode_get(d->report, "title");
		const struct pnode *cat = pnode_get(d->report, "category");
		const struct pnode *sign = pnode_get(d->report, "sign");

		for (size_t k = 0; k < i; k++)
			if (strcmp(p->drills[k].id, d->id) == 0)
				pnode_error(f, pnode_get(d->node, "id"),
					    _("drills: the id \"%s\" is used twice"), d->id);
		if (pnode_is_null(title) || title->kind != PNODE_SCALAR)
			pnode_error(f, d->report, _("drills: \"%s\": the report needs a title"),
				    d->id);
		if (cat && cat->kind == PNODE_SCALAR && !policy_category(p, cat->str))
			pnode_error(f, cat, _("drills: unknown category \"%s\""), cat->str);
		if (sign && sign->kind == PNODE_SCALAR && !policy_sign(p, sign->str))
			pnode_error(f, sign, _("drills: unknown sign \"%s\""), sign->str);
		if (pnode_is_null(cat) && pnode_is_null(sign))
			pnode_error(f, d->report,
				    _("drills: \"%s\": the report needs a category or a sign"),
				    d->id);
		for (size_t k = 0; k + 1 < d->n_injects; k++)
			if (duration_seconds(&d->injects[k + 1].after) <
			    duration_seconds(&d->injects[k].after))
				pnode_error(f, d->injects[k + 1].node,
					    _("drills: \"%s\": the injects must be in time order"),
					    d->id);
	}
}
