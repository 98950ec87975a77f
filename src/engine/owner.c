/* The owner by role: incidents filed before the company's names were
 * filled in show the role's current holder, not 〇〇 〇〇 forever. */
#include "engine/owner.h"
#include "engine/engineInt.h"
#include "policy/policy.h"

#define REFRESH_BATCH 500

static bool real_names(const char *s)
{
	return s && *s && !policy_is_placeholder(s);
}

/* One incident: its owner and its steps' persons from the policy now. */
static int refresh_one(struct engine *en, int64_t id, bool *changed, struct mo_err *e)
{
	struct inc inc;
	struct step_list steps;
	bool steps_changed = false;
	int rc = -1;

	*changed = false;
	memset(&steps, 0, sizeof(steps));
	if (store_incident_get(en->st, id, &inc, e))
		return -1;
	if (store_steps_get(en->st, id, &steps, e))
		goto out;
	if (!real_names(inc.owner)) {
		const char *old = inc.owner;
		const char *now = engine_role_people(en->p, &inc, inc.owner_role, &inc.arena);

		if (!now) {
			mo_err_oom(e, NULL);
			goto out;
		}
		if (real_names(now) && strcmp(now, old ? old : "") != 0) {
			inc.owner = now;
			inc.updated_at = en->now;
			if (store_incident_update(en->st, &inc, e) ||
			    engine_event(
				    en, id, "owner", "owner", old, now,
				    "マニュアルに役割の担当者の氏名が記入されたため（報告は記入の前）",
				    e))
				goto out;
			*changed = true;
		}
	}
	/* 事業者 was the company's name, still 株式会社〇〇, when it was filed */
	if (inc.business && policy_is_placeholder(inc.business) && real_names(en->p->org.name)) {
		const char *old = inc.business;

		inc.business = en->p->org.name;
		inc.updated_at = en->now;
		if (store_incident_update(en->st, &inc, e) ||
		    engine_event(en, id, "field", "business", old, inc.business, NULL, e))
			goto out;
		*changed = true;
	}
	for (size_t i = 0; i < steps.n; i++) {
		struct step *s = &steps.v[i];
		const char *now;

		if (real_names(s->person) || !s->actor)
			continue;
		now = engine_role_people(en->p, &inc, s->actor, &steps.arena);
		if (!now) {
			mo_err_oom(e, NULL);
			goto out;
		}
		if (real_names(now) && strcmp(now, s->person ? s->person : "") != 0) {
			s->person = now;
			steps_changed = true;
		}
	}
	if (steps_changed) {
		if (store_steps_replace(en->st, id, steps.v, steps.n, e))
			goto out;
		*changed = true;
	}
	rc = 0;
out:
	step_list_release(&steps);
	inc_release(&inc);
	return rc;
}

int engine_owner_refresh(struct engine *en, size_t *changed, struct mo_err *e)
{
	size_t offset = 0, n_changed = 0;

	for (;;) {
		struct inc_summary_list l;
		size_t got;

		memset(&l, 0, sizeof(l));
		if (store_incident_list(en->st, STORE_ALL, REFRESH_BATCH, offset, &l, e)) {
			inc_summary_list_release(&l);
			return -1;
		}
		got = l.n;
		for (size_t i = 0; i < l.n; i++) {
			bool ch;

			/* the steps are assigned when the owner is: a real owner
			 * means the names were known when it was filed */
			if (real_names(l.v[i].owner))
				continue;
			if (refresh_one(en, l.v[i].id, &ch, e)) {
				inc_summary_list_release(&l);
				return -1;
			}
			n_changed += ch;
		}
		inc_summary_list_release(&l);
		if (got < REFRESH_BATCH)
			break;
		offset += got;
	}
	if (changed)
		*changed = n_changed;
	return 0;
}
