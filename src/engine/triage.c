/* Triage: the incident's facts (impact answers and facts, engine_conditions)
 * → level by the policy's triage rules (002 §2's level table in the
 * built-in policy: customers or personal data → 3, business → 2,
 * employees → 1, nothing → 0, 予兆: recorded, not dropped). The minimum of
 * the reporter's sign (else of the category) raises it (a leak is always 2
 * or more; a ransom screen 2), and the owner is the level's role. */
#include "engine/engineInt.h"

const struct engine_impact engine_impacts[ENGINE_IMPACTS] = {
	{"customers", IMPACT_CUSTOMERS, COND_CUSTOMERS},
	{"personal_data", IMPACT_PERSONAL_DATA, COND_PERSONAL_DATA},
	{"business", IMPACT_BUSINESS, COND_BUSINESS},
	{"employees", IMPACT_EMPLOYEES, COND_EMPLOYEES},
};

unsigned engine_impact_parse(const char *key)
{
	for (size_t i = 0; key && i < ENGINE_IMPACTS; i++)
		if (strcmp(engine_impacts[i].key, key) == 0)
			return engine_impacts[i].bit;
	return 0;
}

bool engine_personal_data(const struct inc *inc)
{
	return (inc->impact & IMPACT_PERSONAL_DATA) || inc->facts.my_number == 1 ||
	       inc->facts.persons > 0;
}

/* The level the policy defines at or above want, else its highest. */
static const struct mo_level *defined_level(const struct policy *p, int want)
{
	const struct mo_level *best = NULL, *top = NULL;

	for (size_t i = 0; i < p->n_levels; i++) {
		const struct mo_level *l = &p->levels[i];

		if (!top || l->level > top->level)
			top = l;
		if (l->level >= want && (!best || l->level < best->level))
			best = l;
	}
	return best ? best : top;
}

/* The minimum that applies: the reporter's sign's when it sets one and
 * the incident is still in the sign's category, else the category's.
 * *sign_out gets the sign when its minimum applied. */
static int minimum(const struct policy *p, const struct inc *inc, const struct mo_category *cat,
		   const struct mo_sign **sign_out)
{
	const struct mo_sign *s = policy_sign(p, inc->sign);

	*sign_out = NULL;
	if (s && s->min_level >= 0 && s->category && strcmp(s->category, cat->id) == 0) {
		*sign_out = s;
		return s->min_level;
	}
	return cat->min_level;
}

int engine_min_level(const struct policy *p, const struct inc *inc)
{
	const struct mo_category *cat = policy_category(p, inc->category);
	const struct mo_sign *s;

	return cat ? minimum(p, inc, cat, &s) : 0;
}

int engine_triage(const struct policy *p, const struct inc *inc, struct triage *t, struct mo_err *e)
{
	const struct mo_category *cat = policy_category(p, inc->category);
	const struct mo_sign *sign;
	const struct mo_level *lvl;
	unsigned facts;
	struct buf why;
	int level = 0, min, rc = -1;

	memset(t, 0, sizeof(*t));
	if (!cat)
		return mo_err_set(e, NULL, 0, 0, _("unknown category \"%s\""),
				  inc->category ? inc->category : "");
	/* why is a Japanese record: it goes into the incident's timeline. */
	buf_init(&why, (size_t)64 << 10);
	facts = engine_facts(p, inc);
	for (size_t i = 0; i < p->n_triage; i++) {
		const struct mo_triage_rule *r = &p->triage[i];

		if (!policy_triage_match(r, facts))
			continue;
		if (r->level > level)
			level = r->level;
		if ((why.len && buf_adds(&why, "、")) ||
		    policy_triage_describe(r, facts, false, &why) ||
		    buf_addf(&why, " → レベル%d", r->level))
			goto done;
	}
	if (!why.len && buf_adds(&why, "影響の申告なし（インシデントの予兆） → レベル0"))
		goto done;
	t->impact_level = level;
	min = minimum(p, inc, cat, &sign);
	t->min_level = min;
	if (min > level) {
		if (sign ? buf_addf(&why, "、「%s」は事故レベル%d以上 → レベル%d", sign->label, min,
				    min)
			 : buf_addf(&why, "、区分「%s」は事故レベル%d以上 → レベル%d", cat->name,
				    min, min))
			goto done;
		level = min;
	}
	lvl = defined_level(p, level);
	if (!lvl) {
		mo_err_set(e, NULL, 0, 0, _("the policy defines no levels"));
		goto out;
	}
	if (lvl->level != level &&
	    buf_addf(&why, "、ポリシーにレベル%dがないため → レベル%d", level, lvl->level))
		goto done;
	t->level = lvl->level;
	t->owner_role = lvl->owner;
done:
	if (why.failed) {
		mo_err_oom(e, NULL);
		goto out;
	}
	/* Many rules may match: keep what fits, cut between characters. */
	{
		size_t n = why.len < sizeof(t->why) - 1 ? why.len : sizeof(t->why) - 1;

		while (n > 0 && n < why.len && ((unsigned char)why.data[n] & 0xC0) == 0x80)
			n--;
		memcpy(t->why, buf_str(&why), n);
		t->why[n] = '\0';
	}
	rc = 0;
out:
	buf_release(&why);
	return rc;
}

const char *engine_role_people(const struct policy *p, const struct inc *inc, const char *role,
			       struct arena *a)
{
	const struct mo_person *people[16];
	size_t n = policy_role_people(p, role, people, MO_ARRAY_SIZE(people));
	struct buf b;
	const char *out;

	if (!n) {
		if (role && strcmp(role, "discoverer") == 0 && inc && inc->reporter_name &&
		    *inc->reporter_name)
			return arena_strdup(a, inc->reporter_name);
		return arena_strdup(a, policy_role_title(p, role));
	}
	buf_init(&b, 4096);
	for (size_t i = 0; i < n; i++)
		if (buf_adds(&b, i ? "、" : "") || buf_adds(&b, people[i]->name))
			break;
	out = b.failed ? NULL : arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return out;
}
