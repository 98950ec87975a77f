/* The YAML field readers the policy loaders share (loadInt.h): each checks
 * a value's type and reports a positioned finding when it is wrong. */
#include "policy/loadInt.h"

void load_keys_check(struct loader *L, const struct pnode *map, const char *const *allowed)
{
	for (size_t i = 0; i < map->n; i++) {
		bool ok = false;

		for (size_t k = 0; allowed[k]; k++)
			if (strcmp(map->pairs[i].key, allowed[k]) == 0)
				ok = true;
		if (!ok)
			mo_findings_add(L->f, MO_ERROR, map->pairs[i].key_line,
					map->pairs[i].key_col,
					L->drills ? _("drills: unknown key \"%s\"")
						  : _("unknown key \"%s\""),
					map->pairs[i].key);
	}
}

const struct pnode *load_as_map(struct loader *L, const struct pnode *n)
{
	if (!n || n->kind != PNODE_MAPPING) {
		if (n)
			pnode_error(L->f, n, _("expected a mapping (key: value), found %s"),
				    pnode_kind_name(n->kind));
		return NULL;
	}
	return n;
}

const struct pnode *load_as_seq(struct loader *L, const struct pnode *n, const char *key)
{
	if (pnode_is_null(n))
		return NULL;
	if (n->kind != PNODE_SEQUENCE) {
		pnode_error(L->f, n, _("\"%s\" must be a list, found %s"), key,
			    pnode_kind_name(n->kind));
		return NULL;
	}
	return n;
}

static void missing(struct loader *L, const struct pnode *map, const char *key)
{
	if (L->drills)
		pnode_error(L->f, map, _("drills: missing required key \"%s\""), key);
	else
		pnode_error(L->f, map, _("missing required key \"%s\""), key);
}

const struct pnode *load_seq(struct loader *L, const struct pnode *map, const char *key,
			     bool required)
{
	const struct pnode *n = pnode_get(map, key);

	if (pnode_is_null(n)) {
		if (required)
			missing(L, map, key);
		return NULL;
	}
	return load_as_seq(L, n, key);
}

const char *load_str(struct loader *L, const struct pnode *map, const char *key, bool required)
{
	const struct pnode *n = pnode_get(map, key);

	if (pnode_is_null(n)) {
		if (required)
			missing(L, map, key);
		return NULL;
	}
	if (n->kind != PNODE_SCALAR || (L->nul == LOAD_NUL_NOT_TEXT && strlen(n->str) != n->len)) {
		pnode_error(L->f, n, _("\"%s\" must be text, found %s"), key,
			    pnode_kind_name(n->kind));
		return NULL;
	}
	if (L->nul == LOAD_NUL_ERROR && strlen(n->str) != n->len) {
		pnode_error(L->f, n, _("\"%s\" contains a NUL character"), key);
		return NULL;
	}
	return n->str;
}

struct strv load_strv(struct loader *L, const struct pnode *map, const char *key, bool required)
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
	n = load_seq(L, map, key, required);
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

bool load_duration_text(struct loader *L, const struct pnode *map, const char *key, const char *s,
			struct duration *d)
{
	if (duration_parse(s, d)) {
		pnode_error(
			L->f, pnode_get(map, key),
			_("\"%s\": malformed duration \"%s\" (use a number and m, h, d, w, M or y, such as 10m or 3d)"),
			key, s);
		return false;
	}
	return true;
}

bool load_duration(struct loader *L, const struct pnode *map, const char *key, struct duration *d)
{
	const char *s = load_str(L, map, key, false);

	return s && load_duration_text(L, map, key, s, d);
}

bool load_wait(struct loader *L, const struct pnode *map, const char *key, struct duration *d)
{
	const char *s = load_str(L, map, key, false);

	if (!s)
		return false;
	if (s[0] == '-') {
		pnode_error(L->f, pnode_get(map, key),
			    _("\"%s\": a wait cannot be negative (\"%s\")"), key, s);
		return false;
	}
	if (s[0] == '0' && (!s[1] || (strchr("mhdwMy", s[1]) && !s[2]))) {
		d->count = 0; /* "0" or "0m": at once */
		d->unit = DUR_MINUTE;
		return true;
	}
	return load_duration_text(L, map, key, s, d);
}
