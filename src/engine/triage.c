/* Triage: impact answers → level per the policy's level table (002 §2):
 * customers, partners, shareholders affected or personal data leaked → 3;
 * the business affected → 2; employees' work affected → 1; only a sign of
 * a future incident → 0 (予兆: recorded, not dropped). The category's
 * minimum raises it (a leak is always 2 or more), and the owner is the
 * level's role. */
#include "engine/engineInt.h"

/* The rules, highest first. why is the seeds' wording: it goes into the
 * incident's record, a Japanese document. */
static const struct {
	unsigned impact;
	int level;
	const char *why;
} rules[] = {
	{IMPACT_CUSTOMERS, 3, "顧客、取引先、株主等に影響が及ぶ"},
	{IMPACT_PERSONAL_DATA, 3, "個人情報が漏えいした"},
	{IMPACT_BUSINESS, 2, "事業に影響が及ぶ"},
	{IMPACT_EMPLOYEES, 1, "従業員の業務遂行に影響が及ぶ"},
};

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

int engine_triage(const struct policy *p, const struct inc *inc, struct triage *t,
		  struct mo_err *e)
{
	const struct mo_category *cat = policy_category(p, inc->category);
	const struct mo_level *lvl;
	unsigned impact = inc->impact;
	size_t used = 0;
	int level = 0;

	memset(t, 0, sizeof(*t));
	if (!cat)
		return mo_err_set(e, NULL, 0, 0, _("unknown category \"%s\""),
				  inc->category ? inc->category : "");
	if (engine_personal_data(inc))
		impact |= IMPACT_PERSONAL_DATA;
	for (size_t i = 0; i < MO_ARRAY_SIZE(rules); i++) {
		int n;

		if (!(impact & rules[i].impact))
			continue;
		if (rules[i].level > level)
			level = rules[i].level;
		n = snprintf(t->why + used, sizeof(t->why) - used, "%s%s → レベル%d",
			     used ? "、" : "", rules[i].why, rules[i].level);
		if (n > 0 && (size_t)n < sizeof(t->why) - used)
			used += (size_t)n;
	}
	if (!used) {
		int n = snprintf(t->why, sizeof(t->why),
				 "影響の申告なし（インシデントの予兆） → レベル0");

		if (n > 0 && (size_t)n < sizeof(t->why))
			used = (size_t)n;
	}
	t->impact_level = level;
	t->min_level = cat->min_level;
	if (cat->min_level > level) {
		int n = snprintf(t->why + used, sizeof(t->why) - used,
				 "、区分「%s」は事故レベル%d以上 → レベル%d", cat->name,
				 cat->min_level, cat->min_level);

		if (n > 0 && (size_t)n < sizeof(t->why) - used)
			used += (size_t)n;
		level = cat->min_level;
	}
	lvl = defined_level(p, level);
	if (!lvl)
		return mo_err_set(e, NULL, 0, 0, _("the policy defines no levels"));
	if (lvl->level != level) {
		int n = snprintf(t->why + used, sizeof(t->why) - used,
				 "、ポリシーにレベル%dがないため → レベル%d", level, lvl->level);

		if (n > 0 && (size_t)n < sizeof(t->why) - used)
			used += (size_t)n;
	}
	t->level = lvl->level;
	t->owner_role = lvl->owner;
	return 0;
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
