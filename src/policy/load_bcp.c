/* "bcp:" of the policy (002 §5 and 004 §5: the scenarios, the recovery
 * owners and their contacts, the tiers, the systems, the IT-BCP steps, the
 * disaster guideline and the damage survey) from the YAML tree into the
 * model, with positioned findings for its structure; references (roles,
 * tiers) are checked in check.c. */
#include "policy/policy.h"

struct bl {
	struct policy *p;
	struct mo_findings *f;
	bool oom;
};

#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void check_keys(struct bl *L, const struct pnode *map, const char *const *allowed)
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

static const struct pnode *as_map(struct bl *L, const struct pnode *n)
{
	if (!n || n->kind != PNODE_MAPPING) {
		if (n)
			pnode_error(L->f, n, _("expected a mapping (key: value), found %s"),
				    pnode_kind_name(n->kind));
		return NULL;
	}
	return n;
}

static const struct pnode *get_seq(struct bl *L, const struct pnode *map, const char *key,
				   bool required)
{
	const struct pnode *n = pnode_get(map, key);

	if (pnode_is_null(n)) {
		if (required)
			pnode_error(L->f, map, _("missing required key \"%s\""), key);
		return NULL;
	}
	if (n->kind != PNODE_SEQUENCE) {
		mo_findings_add(L->f, MO_ERROR, n->line, n->col,
				_("\"%s\" must be a list, found %s"), key,
				pnode_kind_name(n->kind));
		return NULL;
	}
	return n;
}

static const char *get_str(struct bl *L, const struct pnode *map, const char *key, bool required)
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

static struct strv get_strv(struct bl *L, const struct pnode *map, const char *key, bool required)
{
	struct strv sv = {NULL, 0};
	const struct pnode *n = pnode_get(map, key);

	if (!pnode_is_null(n) && n->kind == PNODE_SCALAR) {
		/* One item written without brackets. */
		sv.v = arena_calloc(&L->p->arena, 1, sizeof(*sv.v));
		if (!sv.v) {
			L->oom = true;
			return sv;
		}
		sv.v[0] = n->str;
		sv.n = 1;
		return sv;
	}
	n = get_seq(L, map, key, required);
	if (!n)
		return sv;
	sv.v = arena_calloc(&L->p->arena, n->n, sizeof(*sv.v));
	if (!sv.v) {
		L->oom = true;
		return sv;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct pnode *it = n->items[i];

		if (it->kind != PNODE_SCALAR || pnode_is_null(it)) {
			pnode_error(L->f, it, _("list item must be text, found %s"),
				    pnode_is_null(it) ? _("nothing") : pnode_kind_name(it->kind));
			continue;
		}
		sv.v[sv.n++] = it->str;
	}
	return sv;
}

/* Allocates an array for a list of mappings and calls fn for each. */
#define LOAD_LIST(L, map, key, required, arr, count, fn)                                           \
	do {                                                                                       \
		const struct pnode *seq_ = get_seq((L), (map), (key), (required));                 \
		if (!seq_)                                                                         \
			break;                                                                     \
		(arr) = arena_calloc(&(L)->p->arena, seq_->n, sizeof(*(arr)));                     \
		if (!(arr)) {                                                                      \
			(L)->oom = true;                                                           \
			break;                                                                     \
		}                                                                                  \
		for (size_t i_ = 0; i_ < seq_->n; i_++) {                                          \
			const struct pnode *m_ = as_map((L), seq_->items[i_]);                     \
			/* a failed entry may have filled the slot: clear it */                    \
			memset(&(arr)[(count)], 0, sizeof(*(arr)));                                \
			if (m_ && fn((L), m_, &(arr)[(count)]))                                    \
				(count)++;                                                         \
		}                                                                                  \
	} while (0)

static bool load_scenario(struct bl *L, const struct pnode *m, struct mo_bcp_scenario *s)
{
	check_keys(L, m, KEYS("incident", "reason"));
	s->node = m;
	s->incident = get_str(L, m, "incident", true);
	s->reason = get_str(L, m, "reason", false);
	return s->incident != NULL;
}

static bool load_target(struct bl *L, const struct pnode *m, struct mo_bcp_target *t)
{
	check_keys(L, m, KEYS("targets", "owners", "contacts"));
	t->node = m;
	t->targets = get_strv(L, m, "targets", true);
	t->owners = get_strv(L, m, "owners", true);
	t->contacts = get_strv(L, m, "contacts", false);
	return t->targets.n > 0;
}

static bool load_tier(struct bl *L, const struct pnode *m, struct mo_bcp_tier *t)
{
	check_keys(L, m, KEYS("id", "label"));
	t->node = m;
	t->id = get_str(L, m, "id", true);
	t->label = get_str(L, m, "label", true);
	return t->id && t->label;
}

static bool load_system(struct bl *L, const struct pnode *m, struct mo_bcp_system *s)
{
	check_keys(L, m, KEYS("id", "name", "tier", "depends_on", "recovery_owner", "note"));
	s->node = m;
	s->id = get_str(L, m, "id", true);
	s->name = get_str(L, m, "name", true);
	s->tier = get_str(L, m, "tier", true);
	s->depends_on = get_strv(L, m, "depends_on", false);
	s->recovery_owner = get_str(L, m, "recovery_owner", false);
	s->note = get_str(L, m, "note", false);
	return s->id && s->name && s->tier;
}

bool policy_load_bcp(struct policy *p, const struct pnode *root, struct mo_findings *f)
{
	struct bl L0 = {p, f, false}, *L = &L0;
	const struct pnode *m = pnode_get(root, "bcp");
	struct mo_bcp *b = &p->bcp;

	if (pnode_is_null(m) || !(m = as_map(L, m)))
		return true;
	b->node = m;
	check_keys(L, m,
		   KEYS("intro", "scenarios", "targets", "plan", "tiers", "systems", "it_bcp_steps",
			"it_bcp_notes", "disaster", "damage_survey"));
	b->intro = get_str(L, m, "intro", false);
	LOAD_LIST(L, m, "scenarios", false, b->scenarios, b->n_scenarios, load_scenario);
	LOAD_LIST(L, m, "targets", false, b->targets, b->n_targets, load_target);
	b->plan = get_str(L, m, "plan", false);
	LOAD_LIST(L, m, "tiers", false, b->tiers, b->n_tiers, load_tier);
	LOAD_LIST(L, m, "systems", false, b->systems, b->n_systems, load_system);
	if (!policy_load_sections(p, m, "it_bcp_steps", f, &b->it_bcp_steps))
		L->oom = true;
	b->it_bcp_notes = get_strv(L, m, "it_bcp_notes", false);
	if (!policy_load_sections(p, m, "disaster", f, &b->disaster))
		L->oom = true;
	b->damage_survey = get_strv(L, m, "damage_survey", false);
	return !L->oom;
}
