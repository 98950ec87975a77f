/* Checks escalation:, business_hours: and reminders: beyond their structure:
 * roles defined and held, waits ordered, rounds that do not overlap, levels
 * 2 and 3 never waiting for office hours, every level with a chain. */
#include "policy/policy.h"

static void at(struct mo_findings *f, enum mo_severity sev, const struct pnode *n, const char *fmt,
	       ...) MO_PRINTF(4, 5);

static void at(struct mo_findings *f, enum mo_severity sev, const struct pnode *n, const char *fmt,
	       ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mo_findings_add(f, sev, n ? n->line : 0, n ? n->col : 0, "%s", msg);
}

/* The node of key in map, else map. */
static const struct pnode *key_node(const struct pnode *map, const char *key)
{
	const struct pnode *n = map ? pnode_get(map, key) : NULL;

	return n ? n : map;
}

static const struct pnode *item_node(const struct pnode *map, const char *key, size_t i)
{
	const struct pnode *n = key_node(map, key);

	if (n && n->kind == PNODE_SEQUENCE && i < n->n)
		return n->items[i];
	return n;
}

static void check_step(const struct policy *p, const struct mo_escalation *es,
		       const struct mo_escalation_step *st, struct mo_findings *f)
{
	for (size_t i = 0; i < st->notify.n; i++) {
		const struct pnode *n = item_node(st->node, "notify", i);
		const struct mo_person *pe[1];

		if (!policy_role(p, st->notify.v[i]))
			at(f, MO_ERROR, n, _("role \"%s\" is not defined in roles"),
			   st->notify.v[i]);
		else if (!policy_role_people(p, st->notify.v[i], pe, 1))
			at(f, MO_WARNING, n,
			   _("level %d's escalation notifies role \"%s\", but no person holds it"),
			   es->level, st->notify.v[i]);
	}
}

static void check_level(const struct policy *p, const struct mo_escalation *es,
			struct mo_findings *f)
{
	long long prev = 0, last = 0;

	for (size_t i = 0; i < es->n_steps; i++) {
		const struct mo_escalation_step *st = &es->steps[i];
		long long s = duration_seconds(&st->after);

		if (st->after.count == 0)
			s = 0;
		if (s < prev)
			at(f, MO_ERROR, key_node(st->node, "after"),
			   _("level %d's escalation steps are out of order: this step waits less "
			     "than the one before it"),
			   es->level);
		if (s > prev)
			prev = s;
		last = prev;
		check_step(p, es, st, f);
	}
	if (es->rounds > 1) {
		long long every = es->every.count ? duration_seconds(&es->every) : 0;

		if (!every)
			at(f, MO_ERROR, es->node,
			   _("level %d's escalation has %d rounds but no \"every\" (the wait "
			     "between rounds)"),
			   es->level, es->rounds);
		else if (every <= last)
			at(f, MO_ERROR, key_node(es->node, "every"),
			   _("level %d's escalation: \"every\" must be longer than the last step's "
			     "wait, or the rounds overlap"),
			   es->level);
	}
	if (es->business_hours && es->level >= 2)
		at(f, MO_ERROR, key_node(es->node, "business_hours"),
		   _("level %d must never wait for business hours: only levels 0 and 1 can"),
		   es->level);
	if (es->business_hours && !p->hours.node)
		at(f, MO_WARNING, key_node(es->node, "business_hours"),
		   _("level %d waits for business hours, but the policy has no business_hours: it "
		     "never waits"),
		   es->level);
}

void policy_check_escalation(const struct policy *p, struct mo_findings *f)
{
	const struct mo_escalation *seen[4] = {NULL, NULL, NULL, NULL};
	const struct pnode *esc = pnode_get(p->root, "escalation");

	for (size_t i = 0; i < p->n_escalation; i++) {
		const struct mo_escalation *es = &p->escalation[i];

		if (seen[es->level])
			at(f, MO_ERROR, key_node(es->node, "level"),
			   _("level %d's escalation is defined twice"), es->level);
		seen[es->level] = es;
		check_level(p, es, f);
	}
	/* No escalation: at all is an older policy: each level tells its
	 * levels[].notify once (documented); a partial one is likely a slip. */
	for (int l = 0; esc && l < 4; l++)
		if (!seen[l] && policy_level(p, l))
			at(f, MO_WARNING, esc,
			   _("level %d has no escalation chain: its levels[].notify roles are told "
			     "once, with no escalation"),
			   l);
	if (p->reminders.node && pnode_get(p->reminders.node, "review_owner") &&
	    !policy_role(p, p->reminders.review_owner))
		at(f, MO_ERROR, key_node(p->reminders.node, "review_owner"),
		   _("role \"%s\" is not defined in roles"), p->reminders.review_owner);
	if (p->hours.node) {
		if (!p->hours.days)
			at(f, MO_ERROR, key_node(p->hours.node, "days"), "%s",
			   _("business_hours has no working day"));
		if (p->hours.from_min >= p->hours.to_min)
			at(f, MO_ERROR, key_node(p->hours.node, "to"), "%s",
			   _("business_hours: \"to\" must be later than \"from\""));
	}
}
