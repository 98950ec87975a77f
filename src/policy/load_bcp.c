/* "bcp:" of the policy (002 §5 and 004 §5: the scenarios, the recovery
 * owners and their contacts, the tiers, the systems, the IT-BCP steps, the
 * disaster guideline and the damage survey) from the YAML tree into the
 * model, with positioned findings for its structure; references (roles,
 * tiers) are checked in check.c. */
#include "policy/loadInt.h"

static bool load_scenario(struct loader *L, const struct pnode *m, struct mo_bcp_scenario *s)
{
	load_keys_check(L, m, KEYS("incident", "reason"));
	s->node = m;
	s->incident = load_str(L, m, "incident", true);
	s->reason = load_str(L, m, "reason", false);
	return s->incident != NULL;
}

static bool load_target(struct loader *L, const struct pnode *m, struct mo_bcp_target *t)
{
	load_keys_check(L, m, KEYS("targets", "owners", "contacts"));
	t->node = m;
	t->targets = load_strv(L, m, "targets", true);
	t->owners = load_strv(L, m, "owners", true);
	t->contacts = load_strv(L, m, "contacts", false);
	return t->targets.n > 0;
}

static bool load_tier(struct loader *L, const struct pnode *m, struct mo_bcp_tier *t)
{
	load_keys_check(L, m, KEYS("id", "label"));
	t->node = m;
	t->id = load_str(L, m, "id", true);
	t->label = load_str(L, m, "label", true);
	return t->id && t->label;
}

static bool load_system(struct loader *L, const struct pnode *m, struct mo_bcp_system *s)
{
	load_keys_check(L, m,
			KEYS("id", "name", "tier", "depends_on", "recovery_owner", "note", "rto",
			     "rpo", "vendors"));
	s->node = m;
	s->id = load_str(L, m, "id", true);
	s->name = load_str(L, m, "name", true);
	s->tier = load_str(L, m, "tier", true);
	s->depends_on = load_strv(L, m, "depends_on", false);
	s->recovery_owner = load_str(L, m, "recovery_owner", false);
	s->note = load_str(L, m, "note", false);
	s->has_rto = load_duration(L, m, "rto", &s->rto);
	s->has_rpo = load_duration(L, m, "rpo", &s->rpo);
	s->vendors = load_strv(L, m, "vendors", false);
	return s->id && s->name && s->tier;
}

bool policy_load_bcp(struct policy *p, const struct pnode *root, struct mo_findings *f)
{
	struct loader L0 = {.p = p, .f = f}, *L = &L0;
	const struct pnode *m = pnode_get(root, "bcp");
	struct mo_bcp *b = &p->bcp;

	if (pnode_is_null(m) || !(m = load_as_map(L, m)))
		return true;
	b->node = m;
	load_keys_check(L, m,
			KEYS("intro", "scenarios", "targets", "plan", "tiers", "systems",
			     "it_bcp_steps", "it_bcp_notes", "disaster", "damage_survey"));
	b->intro = load_str(L, m, "intro", false);
	LOAD_LIST(L, m, "scenarios", false, b->scenarios, b->n_scenarios, load_scenario);
	LOAD_LIST(L, m, "targets", false, b->targets, b->n_targets, load_target);
	b->plan = load_str(L, m, "plan", false);
	LOAD_LIST(L, m, "tiers", false, b->tiers, b->n_tiers, load_tier);
	LOAD_LIST(L, m, "systems", false, b->systems, b->n_systems, load_system);
	if (!policy_load_sections(p, m, "it_bcp_steps", f, &b->it_bcp_steps))
		L->oom = true;
	b->it_bcp_notes = load_strv(L, m, "it_bcp_notes", false);
	if (!policy_load_sections(p, m, "disaster", f, &b->disaster))
		L->oom = true;
	b->damage_survey = load_strv(L, m, "damage_survey", false);
	return !L->oom;
}

/* ---- check ---- */

static const struct mo_bcp_system *system_of(const struct mo_bcp *b, const char *id, size_t *at)
{
	for (size_t i = 0; i < b->n_systems; i++)
		if (b->systems[i].id && strcmp(b->systems[i].id, id) == 0) {
			if (at)
				*at = i;
			return &b->systems[i];
		}
	return NULL;
}

/* The position of item i of list key in map (map's own when absent). */
static const struct pnode *item_node(const struct pnode *map, const char *key, size_t i)
{
	const struct pnode *n = pnode_get(map, key);

	if (n && n->kind == PNODE_SEQUENCE && i < n->n)
		return n->items[i];
	return n ? n : map;
}

enum {
	WHITE,
	GREY,
	BLACK
};

struct walk {
	const struct mo_bcp *b;
	struct mo_findings *f;
	unsigned char *colour;
	size_t *path; /* the systems on the current path, in order */
	size_t depth;
};

/* Depth first from system u: an edge to a grey system closes a cycle,
 * reported at that depends_on item with the path in words. */
static void visit(struct walk *W, size_t u)
{
	const struct mo_bcp_system *s = &W->b->systems[u];

	W->colour[u] = GREY;
	W->path[W->depth++] = u;
	for (size_t k = 0; k < s->depends_on.n; k++) {
		size_t v;

		if (!system_of(W->b, s->depends_on.v[k], &v))
			continue; /* a free word: 電源, ネットワーク */
		if (W->colour[v] == WHITE) {
			visit(W, v);
		} else if (W->colour[v] == GREY) {
			struct buf words;
			size_t from = 0;

			while (W->path[from] != v)
				from++;
			buf_init(&words, 4096);
			for (size_t i = from; i < W->depth; i++)
				(void)!buf_addf(&words, "%s → ", W->b->systems[W->path[i]].id);
			(void)!buf_adds(&words, W->b->systems[v].id);
			pnode_error(W->f, item_node(s->node, "depends_on", k),
				    _("the systems depend on each other in a cycle: %s (a system "
				      "can only be restored after what it depends on)"),
				    words.failed ? s->id : buf_str(&words));
			buf_release(&words);
		}
	}
	W->depth--;
	W->colour[u] = BLACK;
}

void policy_check_bcp_graph(const struct policy *p, struct mo_findings *f)
{
	const struct mo_bcp *b = &p->bcp;
	struct walk W = {b, f, NULL, NULL, 0};

	for (size_t i = 0; i < b->n_systems; i++)
		for (size_t k = 0; k < b->systems[i].vendors.n; k++)
			if (!policy_authority(p, b->systems[i].vendors.v[k]))
				pnode_error(f, item_node(b->systems[i].node, "vendors", k),
					    _("vendor \"%s\" is not defined in authorities"),
					    b->systems[i].vendors.v[k]);
	if (!b->n_systems)
		return;
	W.colour = calloc(b->n_systems, 1);
	W.path = calloc(b->n_systems, sizeof(*W.path));
	if (!W.colour || !W.path) {
		mo_findings_add(f, MO_ERROR, 0, 0, "%s", _("out of memory"));
		goto out;
	}
	for (size_t i = 0; i < b->n_systems; i++)
		if (W.colour[i] == WHITE)
			visit(&W, i);
out:
	free(W.colour);
	free(W.path);
}
