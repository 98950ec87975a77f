/* Filing rules as data: "filings:" of the policy (who must be told or is
 * advised to be told, on which facts, by when) and "filing_deadlines:" (how
 * days are counted), their loading and checking. The engine evaluates them
 * (engine/filings.c); docs/policy-format.md is the reference. */
#include "policy/loadInt.h"

static struct strv names(struct loader *L, const struct pnode *m, const char *key)
{
	const struct pnode *n = pnode_get(m, key);
	struct strv sv = {NULL, 0};

	if (pnode_is_null(n))
		return sv;
	if (n->kind == PNODE_MAPPING) {
		pnode_error(L->f, n, _("\"%s\" must be a list, found %s"), key,
			    pnode_kind_name(n->kind));
		return sv;
	}
	sv.v = arena_calloc(&L->p->arena, n->kind == PNODE_SCALAR ? 1 : n->n + 1, sizeof(*sv.v));
	if (!sv.v) {
		L->oom = true;
		return sv;
	}
	if (n->kind == PNODE_SCALAR) {
		sv.v[sv.n++] = n->str;
		return sv;
	}
	for (size_t i = 0; i < n->n; i++) {
		if (n->items[i]->kind != PNODE_SCALAR || pnode_is_null(n->items[i]))
			pnode_error(L->f, n->items[i], _("list item must be text, found %s"),
				    pnode_kind_name(n->items[i]->kind));
		else
			sv.v[sv.n++] = n->items[i]->str;
	}
	return sv;
}

/* The facts of list key as bits; old: the wording of the old key
 * "conditions" for an unknown name. */
static unsigned facts(struct loader *L, const struct pnode *m, const char *key, bool old)
{
	const struct pnode *n = pnode_get(m, key);
	unsigned bits = 0;

	if (pnode_is_null(n))
		return 0;
	if (n->kind == PNODE_MAPPING) {
		pnode_error(L->f, n, _("\"%s\" must be a list, found %s"), key,
			    pnode_kind_name(n->kind));
		return 0;
	}
	for (size_t i = 0; i < (n->kind == PNODE_SCALAR ? 1 : n->n); i++) {
		const struct pnode *it = n->kind == PNODE_SCALAR ? n : n->items[i];
		unsigned b = it->kind == PNODE_SCALAR ? policy_condition_parse(it->str) : 0;

		if (!b && old)
			pnode_error(L->f, it, _("unknown filing condition \"%s\""),
				    it->kind == PNODE_SCALAR ? it->str : pnode_kind_name(it->kind));
		else if (!b)
			pnode_error(L->f, it, _("filings: unknown fact \"%s\" in \"%s\""),
				    it->kind == PNODE_SCALAR ? it->str : pnode_kind_name(it->kind),
				    key);
		else if (bits & b)
			pnode_error(L->f, it, _("filings: fact \"%s\" is listed twice"), it->str);
		bits |= b;
	}
	if (n->kind == PNODE_SEQUENCE && !n->n)
		pnode_error(L->f, n, _("filings: \"%s\" is an empty list"), key);
	return bits;
}

static bool duration(struct loader *L, const struct pnode *n, const char *s, struct duration *d)
{
	if (duration_parse(s, d) == 0)
		return true;
	pnode_error(
		L->f, n,
		_("\"%s\": malformed duration \"%s\" (use a number and m, h, d, w, M or y, such as 10m or 3d)"),
		"due", s);
	return false;
}

/* due: 5d, or window: 3d..5d (remind at the first, due at the second). */
static void deadline(struct loader *L, const struct pnode *m, struct mo_filing *fi)
{
	const char *due = load_str(L, m, "due", false), *win = load_str(L, m, "window", false);
	const char *mal = load_str(L, m, "due_if_malicious", false);
	const char *dots;

	if (due && win)
		pnode_error(L->f, pnode_get(m, "window"), "%s",
			    _("filings: write either \"due\" or \"window\", not both"));
	if (due)
		fi->has_due = duration(L, pnode_get(m, "due"), due, &fi->due);
	if (win && !due) {
		const struct pnode *n = pnode_get(m, "window");
		char first[32];

		dots = strstr(win, "..");
		if (!dots || (size_t)(dots - win) >= sizeof(first)) {
			pnode_error(
				L->f, n,
				_("filings: \"window\" must be two durations such as 3d..5d, not \"%s\""),
				win);
			return;
		}
		memcpy(first, win, (size_t)(dots - win));
		first[dots - win] = '\0';
		fi->has_remind = duration(L, n, first, &fi->remind);
		fi->has_due = duration(L, n, dots + 2, &fi->due);
		if (fi->has_remind && fi->has_due &&
		    duration_seconds(&fi->remind) >= duration_seconds(&fi->due))
			pnode_error(L->f, n,
				    _("filings: the window \"%s\" must end after it starts"), win);
	}
	if (mal)
		fi->has_due_if_malicious =
			duration(L, pnode_get(m, "due_if_malicious"), mal, &fi->due_if_malicious);
}

static void whys(struct loader *L, const struct pnode *m, struct mo_filing *fi)
{
	const struct pnode *n = pnode_get(m, "why");

	if (pnode_is_null(n) || !load_as_map(L, n))
		return;
	fi->why = arena_calloc(&L->p->arena, n->n, sizeof(*fi->why));
	if (!fi->why) {
		L->oom = true;
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct pnode_pair *pr = &n->pairs[i];
		unsigned b = policy_condition_parse(pr->key);

		if (!b) {
			mo_findings_add(L->f, MO_ERROR, pr->key_line, pr->key_col,
					_("filings: unknown fact \"%s\" in \"%s\""), pr->key,
					"why");
			continue;
		}
		if (pr->value->kind != PNODE_SCALAR || pnode_is_null(pr->value)) {
			pnode_error(L->f, pr->value, _("\"%s\" must be text, found %s"), pr->key,
				    pnode_kind_name(pr->value->kind));
			continue;
		}
		fi->why[fi->n_why++] = (struct mo_filing_why){b, pr->value->str};
	}
}

static bool flag(struct loader *L, const struct pnode *m, const char *key, bool dflt)
{
	const struct pnode *n = pnode_get(m, key);

	if (pnode_is_null(n))
		return dflt;
	if (n->kind == PNODE_SCALAR && strcmp(n->str, "true") == 0)
		return true;
	if (n->kind == PNODE_SCALAR && strcmp(n->str, "false") == 0)
		return false;
	pnode_error(L->f, n, _("\"%s\" must be true or false"), key);
	return dflt;
}

static bool load_filing(struct loader *L, const struct pnode *m, struct mo_filing *fi)
{
	const char *adv;

	load_keys_check(L, m,
			KEYS("id", "authority", "title", "when", "legal", "advice", "law", "any",
			     "all", "unless", "conditions", "why", "follows", "or", "combine",
			     "enabled", "categories", "due", "window", "due_if_malicious", "owner",
			     "substitute"));
	fi->node = m;
	fi->id = load_str(L, m, "id", true);
	fi->authority = load_str(L, m, "authority", true);
	fi->title = load_str(L, m, "title", true);
	fi->when = load_str(L, m, "when", false);
	fi->legal = flag(L, m, "legal", false);
	fi->disabled = !flag(L, m, "enabled", true);
	adv = load_str(L, m, "advice", false);
	fi->advice = ADVICE_CONSIDER;
	if (adv && strcmp(adv, "recommend") == 0)
		fi->advice = ADVICE_RECOMMEND;
	else if (adv && strcmp(adv, "consider") != 0)
		pnode_error(L->f, pnode_get(m, "advice"),
			    _("\"advice\" must be recommend or consider, not \"%s\""), adv);
	else if (adv && fi->legal)
		pnode_error(
			L->f, pnode_get(m, "advice"), "%s",
			_("filings: \"advice\" is for a filing the law does not require (legal: false)"));
	fi->law = load_str(L, m, "law", false);
	fi->conditions = facts(L, m, "conditions", true) | facts(L, m, "all", false);
	fi->any = facts(L, m, "any", false);
	fi->unless = facts(L, m, "unless", false);
	whys(L, m, fi);
	fi->follows = names(L, m, "follows");
	fi->instead = load_str(L, m, "or", false);
	fi->combine = load_str(L, m, "combine", false);
	fi->categories = names(L, m, "categories");
	deadline(L, m, fi);
	fi->owner = load_str(L, m, "owner", false);
	fi->substitute = flag(L, m, "substitute", false);
	if (!fi->conditions && !fi->any && !fi->follows.n && fi->id)
		pnode_error(
			L->f, m, "%s",
			_("filings: a filing needs \"any\", \"all\" or \"follows\" (the facts that make it apply)"));
	return fi->id && fi->authority && fi->title;
}

static void load_days(struct loader *L, const struct pnode *root)
{
	const struct pnode *m = pnode_get(root, "filing_deadlines");
	const char *d;

	L->p->day_one = DAY_ONE_DISCOVERY;
	if (pnode_is_null(m) || !load_as_map(L, m))
		return;
	load_keys_check(L, m, KEYS("day_one"));
	d = load_str(L, m, "day_one", false);
	if (d && strcmp(d, "next_day") == 0)
		L->p->day_one = DAY_ONE_NEXT_DAY;
	else if (d && strcmp(d, "discovery") != 0)
		pnode_error(L->f, pnode_get(m, "day_one"),
			    _("\"day_one\" must be discovery or next_day, not \"%s\""), d);
}

bool policy_load_filings(struct policy *p, const struct pnode *root, struct mo_findings *f)
{
	struct loader L = {.p = p, .f = f, .nul = LOAD_NUL_PASS};
	const struct pnode *seq;

	load_days(&L, root);
	seq = load_seq(&L, root, "filings", false);
	if (!seq)
		return !L.oom;
	p->filings = arena_calloc(&p->arena, seq->n ? seq->n : 1, sizeof(*p->filings));
	if (!p->filings)
		return false;
	for (size_t i = 0; i < seq->n; i++) {
		const struct pnode *m = load_as_map(&L, seq->items[i]);

		if (!m)
			continue;
		memset(&p->filings[p->n_filings], 0, sizeof(p->filings[0]));
		if (load_filing(&L, m, &p->filings[p->n_filings]))
			p->n_filings++;
	}
	return !L.oom;
}

const struct mo_filing *policy_filing(const struct policy *p, const char *id)
{
	for (size_t i = 0; id && i < p->n_filings; i++)
		if (strcmp(p->filings[i].id, id) == 0)
			return &p->filings[i];
	return NULL;
}

/* ---- Checking ---- */

static const struct pnode *key_node(const struct pnode *m, const char *key)
{
	const struct pnode *n = m ? pnode_get(m, key) : NULL;

	return n ? n : m;
}

static void need_filing(const struct policy *p, struct mo_findings *f, const struct mo_filing *fi,
			const char *key, const char *id)
{
	const struct pnode *n = key_node(fi->node, key);

	if (!policy_filing(p, id))
		mo_findings_add(f, MO_ERROR, n ? n->line : 0, n ? n->col : 0,
				_("filings: \"%s\" names filing \"%s\", which is not defined"), key,
				id);
	else if (strcmp(id, fi->id) == 0)
		mo_findings_add(f, MO_ERROR, n ? n->line : 0, n ? n->col : 0,
				_("filings: \"%s\" of filing \"%s\" names the filing itself"), key,
				id);
}

void policy_check_filings(const struct policy *p, struct mo_findings *f)
{
	for (size_t i = 0; i < p->n_filings; i++) {
		const struct mo_filing *fi = &p->filings[i];
		unsigned never = (fi->conditions | fi->any) & fi->unless;

		if ((fi->conditions & fi->unless) || (fi->any && !(fi->any & ~fi->unless))) {
			const struct pnode *n = key_node(fi->node, "unless");

			mo_findings_add(
				f, MO_ERROR, n ? n->line : 0, n ? n->col : 0,
				_("filings: the rule can never hold: \"%s\" is both required and excluded"),
				policy_condition_name(never & (~never + 1)));
		}
		for (size_t k = 0; k < fi->n_why; k++)
			if (!((fi->conditions | fi->any) & fi->why[k].bit)) {
				const struct pnode *n = key_node(fi->node, "why");

				mo_findings_add(
					f, MO_WARNING, n ? n->line : 0, n ? n->col : 0,
					_("filings: \"why\" explains fact \"%s\", which the rule does not name"),
					policy_condition_name(fi->why[k].bit));
			}
		for (size_t k = 0; k < fi->follows.n; k++)
			need_filing(p, f, fi, "follows", fi->follows.v[k]);
		if (fi->instead)
			need_filing(p, f, fi, "or", fi->instead);
		if (fi->combine)
			need_filing(p, f, fi, "combine", fi->combine);
		if (fi->legal && !fi->law) {
			const struct pnode *n = fi->node;

			mo_findings_add(
				f, MO_WARNING, n ? n->line : 0, n ? n->col : 0,
				_("filings: \"%s\" is required by law but names no article (law:)"),
				fi->id);
		}
	}
}
