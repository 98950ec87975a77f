/* Triage rules as data: "triage:" of the policy (impact answers and facts
 * → level, with any / all / unless), its loading and checking, the rules
 * in words for the manual's 影響範囲 table and the triage record, and the
 * built-in rules (002's level table) for a policy that has none. */
#include "policy/policy.h"

/* 002 §2: 顧客、取引先、株主等に影響 or 個人情報が漏えい → 3, 事業 → 2,
 * 従業員の業務遂行 → 1; nothing → 0 (予兆). */
static const struct mo_triage_rule builtin[] = {
	{NULL, 3, NULL, COND_CUSTOMERS | COND_PERSONAL_DATA, 0, 0},
	{NULL, 2, NULL, COND_BUSINESS, 0, 0},
	{NULL, 1, NULL, COND_EMPLOYEES, 0, 0},
};

int policy_level_top(const struct policy *p)
{
	int top = 0;

	for (size_t i = 0; i < p->n_levels; i++)
		if (p->levels[i].level > top)
			top = p->levels[i].level;
	return top;
}

bool policy_triage_match(const struct mo_triage_rule *r, unsigned facts)
{
	if (!r->any && !r->all)
		return false;
	if (r->any && !(facts & r->any))
		return false;
	if ((facts & r->all) != r->all)
		return false;
	return !(facts & r->unless);
}

/* The labels of bits, in the manual's order, joined by sep. */
static int add_labels(struct buf *out, unsigned bits, const char *sep)
{
	bool first = true;
	unsigned bit;

	for (size_t i = 0; (bit = policy_condition_at(i)) != 0; i++) {
		if (!(bits & bit))
			continue;
		if ((!first && buf_adds(out, sep)) || buf_adds(out, policy_condition_label(bit)))
			return -1;
		first = false;
	}
	return 0;
}

int policy_triage_describe(const struct mo_triage_rule *r, unsigned facts, bool toki,
			   struct buf *out)
{
	unsigned any = r->any;

	if (r->text)
		return buf_adds(out, r->text);
	if (facts != ~0u && (any & facts))
		any &= facts;
	if (any && add_labels(out, any, "、又は"))
		return -1;
	if (r->all) {
		if (any && buf_adds(out, "、かつ"))
			return -1;
		if (add_labels(out, r->all, "、かつ"))
			return -1;
	}
	if (toki && buf_adds(out, "とき"))
		return -1;
	if (r->unless) {
		if (buf_adds(out, "（") || add_labels(out, r->unless, "又は") ||
		    buf_adds(out, "ときを除く）"))
			return -1;
	}
	return 0;
}

struct strv policy_level_words(const struct policy *p, int level, struct arena *a)
{
	const struct mo_level *lv = policy_level(p, level);
	struct strv sv = {NULL, 0};
	size_t max = 0;
	struct buf b;
	unsigned bit;

	if (p->triage_builtin && lv && lv->impact.n)
		return lv->impact;
	for (size_t i = 0; i < p->n_triage; i++)
		if (p->triage[i].level == level)
			max += 16;
	if (!max)
		return lv ? lv->impact : sv;
	sv.v = arena_calloc(a, max, sizeof(*sv.v));
	if (!sv.v)
		return sv;
	buf_init(&b, (size_t)64 << 10);
	for (size_t i = 0; i < p->n_triage; i++) {
		const struct mo_triage_rule *r = &p->triage[i];

		if (r->level != level)
			continue;
		if (!r->text && !r->all && !r->unless) {
			for (size_t k = 0; (bit = policy_condition_at(k)) != 0 && sv.n < max; k++) {
				if (!(r->any & bit))
					continue;
				buf_reset(&b);
				if (buf_addf(&b, "%sとき", policy_condition_label(bit)))
					goto oom;
				sv.v[sv.n++] = arena_strdup(a, buf_str(&b));
			}
			continue;
		}
		buf_reset(&b);
		if (policy_triage_describe(r, ~0u, true, &b))
			goto oom;
		sv.v[sv.n++] = arena_strdup(a, buf_str(&b));
	}
	buf_release(&b);
	for (size_t i = 0; i < sv.n; i++)
		if (!sv.v[i])
			return (struct strv){NULL, 0};
	return sv;
oom:
	buf_release(&b);
	return (struct strv){NULL, 0};
}

/* ---- Loading ---- */

struct tl {
	struct policy *p;
	struct mo_findings *f;
};

static void at(struct tl *T, const struct pnode *n, const char *fmt, ...) MO_PRINTF(3, 4);

static void at(struct tl *T, const struct pnode *n, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mo_findings_add(T->f, MO_ERROR, n ? n->line : 0, n ? n->col : 0, "%s", msg);
}

/* The facts of list key (a list of names, or one name) as bits. */
static unsigned load_facts(struct tl *T, const struct pnode *m, const char *key)
{
	const struct pnode *n = pnode_get(m, key);
	unsigned bits = 0;

	if (!n)
		return 0;
	if (n->kind == PNODE_SCALAR) {
		unsigned b = policy_condition_parse(n->str);

		if (!b)
			at(T, n, _("triage: unknown fact \"%s\""), n->str);
		return b;
	}
	if (n->kind != PNODE_SEQUENCE) {
		at(T, n, _("\"%s\" must be a list, found %s"), key, pnode_kind_name(n->kind));
		return 0;
	}
	if (n->n == 0)
		at(T, n, _("triage: \"%s\" is an empty list"), key);
	for (size_t i = 0; i < n->n; i++) {
		const struct pnode *it = n->items[i];
		unsigned b = it->kind == PNODE_SCALAR ? policy_condition_parse(it->str) : 0;

		if (it->kind != PNODE_SCALAR)
			at(T, it, _("list item must be text, found %s"), pnode_kind_name(it->kind));
		else if (!b)
			at(T, it, _("triage: unknown fact \"%s\""), it->str);
		else if (bits & b)
			at(T, it, _("triage: fact \"%s\" is listed twice"), it->str);
		bits |= b;
	}
	return bits;
}

unsigned policy_load_facts(struct policy *p, const struct pnode *map, const char *key,
			   struct mo_findings *f)
{
	struct tl T = {p, f};

	return load_facts(&T, map, key);
}

static bool load_rule(struct tl *T, const struct pnode *m, struct mo_triage_rule *r)
{
	const struct pnode *lv = pnode_get(m, "level"), *text = pnode_get(m, "text");
	static const char *const keys[] = {"level", "any", "all", "unless", "text"};
	char *end;
	long v;

	for (size_t i = 0; i < m->n; i++) {
		bool ok = false;

		for (size_t k = 0; k < MO_ARRAY_SIZE(keys); k++)
			ok = ok || strcmp(m->pairs[i].key, keys[k]) == 0;
		if (!ok)
			mo_findings_add(T->f, MO_ERROR, m->pairs[i].key_line, m->pairs[i].key_col,
					_("unknown key \"%s\""), m->pairs[i].key);
	}
	r->node = m;
	if (!lv) {
		at(T, m, _("missing required key \"%s\""), "level");
		return false;
	}
	errno = 0;
	v = lv->kind == PNODE_SCALAR ? strtol(lv->str, &end, 10) : -1;
	if (lv->kind != PNODE_SCALAR || errno || end == lv->str || *end || v < 0 ||
	    v > MO_LEVEL_MAX) {
		at(T, lv, _("\"%s\" must be a whole number from %ld to %ld"), "level", 0L,
		   (long)MO_LEVEL_MAX);
		return false;
	}
	r->level = (int)v;
	if (text) {
		if (text->kind != PNODE_SCALAR || !*text->str)
			at(T, text, _("\"%s\" must be text, found %s"), "text",
			   pnode_kind_name(text->kind));
		else
			r->text = text->str;
	}
	r->any = load_facts(T, m, "any");
	r->all = load_facts(T, m, "all");
	r->unless = load_facts(T, m, "unless");
	if (!pnode_get(m, "any") && !pnode_get(m, "all"))
		at(T, m, "%s",
		   _("triage: a rule needs \"any\" or \"all\" (the facts that raise the level)"));
	return true;
}

bool policy_load_triage(struct policy *p, const struct pnode *root, struct mo_findings *f)
{
	const struct pnode *seq = pnode_get(root, "triage");
	struct tl T = {p, f};

	if (!seq ||
	    (seq->kind == PNODE_SCALAR && seq->plain &&
	     (seq->len == 0 || strcmp(seq->str, "~") == 0 || strcmp(seq->str, "null") == 0))) {
		p->triage = arena_calloc(&p->arena, MO_ARRAY_SIZE(builtin), sizeof(*p->triage));
		if (!p->triage)
			return false;
		memcpy(p->triage, builtin, sizeof(builtin));
		p->n_triage = MO_ARRAY_SIZE(builtin);
		p->triage_builtin = true;
		return true;
	}
	if (seq->kind != PNODE_SEQUENCE) {
		at(&T, seq, _("\"%s\" must be a list, found %s"), "triage",
		   pnode_kind_name(seq->kind));
		return true;
	}
	if (!seq->n) {
		at(&T, seq, "%s",
		   _("triage: the list has no rules (leave it out for the built-in rules)"));
		return true;
	}
	p->triage = arena_calloc(&p->arena, seq->n, sizeof(*p->triage));
	if (!p->triage)
		return false;
	for (size_t i = 0; i < seq->n; i++) {
		const struct pnode *m = seq->items[i];

		if (m->kind != PNODE_MAPPING) {
			at(&T, m, _("expected a mapping (key: value), found %s"),
			   pnode_kind_name(m->kind));
			continue;
		}
		memset(&p->triage[p->n_triage], 0, sizeof(p->triage[0]));
		if (load_rule(&T, m, &p->triage[p->n_triage]))
			p->n_triage++;
	}
	return true;
}

/* ---- Checking ---- */

static void finding(struct mo_findings *f, enum mo_severity sev, const struct pnode *n,
		    const char *fmt, ...) MO_PRINTF(4, 5);

static void finding(struct mo_findings *f, enum mo_severity sev, const struct pnode *n,
		    const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mo_findings_add(f, sev, n ? n->line : 0, n ? n->col : 0, "%s", msg);
}

static const struct pnode *key_node(const struct pnode *m, const char *key)
{
	const struct pnode *n = m ? pnode_get(m, key) : NULL;

	return n ? n : m;
}

void policy_check_triage(const struct policy *p, struct mo_findings *f)
{
	bool reached[MO_LEVEL_MAX + 1] = {false};
	int low = MO_LEVEL_MAX + 1;

	for (size_t i = 0; i < p->n_levels; i++)
		if (p->levels[i].level < low)
			low = p->levels[i].level;
	for (size_t i = 0; i < p->n_triage; i++) {
		const struct mo_triage_rule *r = &p->triage[i];
		unsigned never = (r->all | r->any) & r->unless;

		if (!policy_level(p, r->level)) {
			finding(f, MO_ERROR, key_node(r->node, "level"),
				_("triage: level %d is not defined in levels, so this rule's level is never reached"),
				r->level);
		}
		if ((r->all & r->unless) || (r->any && !(r->any & ~r->unless))) {
			finding(f, MO_ERROR, key_node(r->node, "unless"),
				_("triage: the rule can never match: \"%s\" is both required and excluded"),
				policy_condition_name(never & (~never + 1)));
			continue;
		}
		for (size_t j = 0; j < i; j++) {
			const struct mo_triage_rule *o = &p->triage[j];

			if (o->level == r->level && o->any == r->any && o->all == r->all &&
			    o->unless == r->unless) {
				finding(f, MO_ERROR, r->node, _("triage: the same rule as line %d"),
					o->node ? o->node->line : 0);
				break;
			}
		}
		if (r->level >= 0 && r->level <= MO_LEVEL_MAX)
			reached[r->level] = true;
	}
	for (size_t i = 0; i < p->n_categories; i++)
		reached[p->categories[i].min_level] = true;
	for (size_t i = 0; i < p->n_signs; i++)
		if (p->signs[i].min_level >= 0)
			reached[p->signs[i].min_level] = true;
	for (size_t i = 0; i < p->n_levels; i++) {
		const struct mo_level *lv = &p->levels[i];

		/* The lowest level is where a report with no fact lands. */
		if (lv->level == low || reached[lv->level])
			continue;
		finding(f, MO_ERROR, key_node(lv->node, "level"),
			_("level %d has no triage rule (and no category or sign has it as its minimum): no report can reach it"),
			lv->level);
	}
}
