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

static bool get_duration(struct bl *L, const struct pnode *map, const char *key, struct duration *d)
{
	const char *s = get_str(L, map, key, false);

	if (!s)
		return false;
	if (duration_parse(s, d)) {
		pnode_error(
			L->f, pnode_get(map, key),
			_("\"%s\": malformed duration \"%s\" (use a number and m, h, d, w, M or y, such as 10m or 3d)"),
			key, s);
		return false;
	}
	return true;
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
	check_keys(L, m,
		   KEYS("id", "name", "tier", "depends_on", "recovery_owner", "note", "rto", "rpo",
			"vendors"));
	s->node = m;
	s->id = get_str(L, m, "id", true);
	s->name = get_str(L, m, "name", true);
	s->tier = get_str(L, m, "tier", true);
	s->depends_on = get_strv(L, m, "depends_on", false);
	s->recovery_owner = get_str(L, m, "recovery_owner", false);
	s->note = get_str(L, m, "note", false);
	s->has_rto = get_duration(L, m, "rto", &s->rto);
	s->has_rpo = get_duration(L, m, "rpo", &s->rpo);
	s->vendors = get_strv(L, m, "vendors", false);
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
