/* Drill scenarios as data: "drills:" of the policy (the report as an
 * employee files it, timed injects), their loading and checking. The
 * engine runs them (engine/drills.c); docs/policy-format.md and
 * docs/drills.md are the reference. */
#include "policy/policy.h"

struct dl {
	struct policy *p;
	struct mo_findings *f;
	bool oom;
};

static void at(struct dl *L, const struct pnode *n, const char *fmt, ...) MO_PRINTF(3, 4);

static void at(struct dl *L, const struct pnode *n, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mo_findings_add(L->f, MO_ERROR, n ? n->line : 0, n ? n->col : 0, "%s", msg);
}

static bool keys_ok(struct dl *L, const struct pnode *m, const char *const *known, size_t nk)
{
	bool ok = true;

	for (size_t i = 0; i < m->n; i++) {
		size_t k = 0;

		while (k < nk && strcmp(known[k], m->pairs[i].key) != 0)
			k++;
		if (k == nk) {
			mo_findings_add(L->f, MO_ERROR, m->pairs[i].key_line, m->pairs[i].key_col,
					_("drills: unknown key \"%s\""), m->pairs[i].key);
			ok = false;
		}
	}
	return ok;
}

static const char *text(struct dl *L, const struct pnode *m, const char *key, bool required)
{
	const struct pnode *n = pnode_get(m, key);

	if (pnode_is_null(n)) {
		if (required)
			at(L, m, _("drills: missing required key \"%s\""), key);
		return NULL;
	}
	if (n->kind != PNODE_SCALAR) {
		at(L, n, _("\"%s\" must be text, found %s"), key, pnode_kind_name(n->kind));
		return NULL;
	}
	return n->str;
}

static void load_injects(struct dl *L, const struct pnode *m, struct mo_drill *d)
{
	static const char *const known[] = {"after", "text"};
	const struct pnode *n = pnode_get(m, "injects");

	if (pnode_is_null(n))
		return;
	if (n->kind != PNODE_SEQUENCE) {
		at(L, n, _("\"%s\" must be a list, found %s"), "injects", pnode_kind_name(n->kind));
		return;
	}
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
			at(L, it, _("drills: an inject must be a mapping (after, text), found %s"),
			   pnode_kind_name(it->kind));
			continue;
		}
		keys_ok(L, it, known, MO_ARRAY_SIZE(known));
		in->node = it;
		after = text(L, it, "after", true);
		in->text = text(L, it, "text", true);
		if (after && duration_parse(after, &in->after) != 0) {
			at(L, pnode_get(it, "after"),
			   _("\"%s\": malformed duration \"%s\" (use a number and m, h, d, w, M or y, "
			     "such as 10m or 3d)"),
			   "after", after);
			continue;
		}
		if (after && in->text)
			d->n_injects++;
	}
}

static void load_drill(struct dl *L, const struct pnode *m, struct mo_drill *d)
{
	static const char *const known[] = {"id", "title", "summary", "report", "injects"};
	const struct pnode *r;

	keys_ok(L, m, known, MO_ARRAY_SIZE(known));
	d->node = m;
	d->id = text(L, m, "id", true);
	d->title = text(L, m, "title", true);
	d->summary = text(L, m, "summary", false);
	r = pnode_get(m, "report");
	if (pnode_is_null(r))
		at(L, m, _("drills: missing required key \"%s\""), "report");
	else if (r->kind != PNODE_MAPPING)
		at(L, r,
		   _("drills: \"report\" must be a mapping (the keys of moshimo report --json), "
		     "found %s"),
		   pnode_kind_name(r->kind));
	else
		d->report = r;
	load_injects(L, m, d);
}

bool policy_load_drills(struct policy *p, const struct pnode *root, struct mo_findings *f)
{
	struct dl L = {p, f, false};
	const struct pnode *n = pnode_get(root, "drills");

	if (pnode_is_null(n))
		return true;
	if (n->kind != PNODE_SEQUENCE) {
		at(&L, n, _("\"%s\" must be a list, found %s"), "drills", pnode_kind_name(n->kind));
		return true;
	}
	p->drills = arena_calloc(&p->arena, n->n + 1, sizeof(*p->drills));
	if (!p->drills)
		return false;
	for (size_t i = 0; i < n->n && !L.oom; i++) {
		if (n->items[i]->kind != PNODE_MAPPING) {
			at(&L, n->items[i], _("drills: a scenario must be a mapping, found %s"),
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
