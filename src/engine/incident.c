/* Incidents: creating one from a report (triage, owner, checklist, intake
 * decisions, first events), changing its level, its record items and
 * facts, and notes. Every change appends to the timeline. */
#include "engine/engineInt.h"
#include "engine/escalation.h"
#include "engine/notify_out.h"
#include "util/strnum.h"

#include <limits.h>

int engine_assign(struct engine *en, struct inc *inc, const struct triage *t, struct mo_err *e)
{
	const char *owner = engine_role_people(en->p, inc, t->owner_role, &inc->arena);
	/* A copy: the incident outlives the policy (a reload frees it). */
	const char *role = inc_strdup(inc, t->owner_role);

	if (!owner || (t->owner_role && !role))
		return mo_err_oom(e, NULL);
	inc->owner_role = role;
	inc->owner = owner;
	return 0;
}

int engine_create(struct engine *en, struct inc *inc, struct mo_err *e)
{
	struct triage t;
	const char *text;

	if (engine_triage(en->p, inc, &t, e))
		return -1;
	inc->level = t.level;
	if (engine_assign(en, inc, &t, e))
		return -1;
	inc->status = INC_REPORTED;
	if (inc->discovered_at == MO_TIME_NONE)
		inc->discovered_at = en->now;
	inc->reported_at = en->now;
	inc->updated_at = en->now;
	inc->closed_at = MO_TIME_NONE;
	if (!inc->business && en->p->org.name) {
		inc->business = inc_strdup(inc, en->p->org.name);
		if (!inc->business)
			return mo_err_oom(e, NULL);
	}
	if (store_incident_insert(en->st, inc, e))
		return -1;
	text = engine_afmt(&inc->arena, "報告: %s（報告者: %s%s）", inc->title,
			   inc->reporter_name && *inc->reporter_name ? inc->reporter_name : en->who,
			   inc->reporter_external == 1 ? "、外部からの通報" : "");
	if (!text)
		return mo_err_oom(e, NULL);
	if (engine_event(en, inc->id, "created", NULL, NULL, inc_status_key(inc->status), text, e))
		return -1;
	if (engine_event(en, inc->id, "triage", "level", NULL,
			 engine_level_text(&inc->arena, inc->level), t.why, e))
		return -1;
	if (engine_replan(en, inc, true, e))
		return -1;
	if (engine_intake_decisions(en, inc, &t, e))
		return -1;
	/* The chain's first step is the one notification of a new incident. */
	return engine_escalation_start(en, inc, e);
}

int engine_set_level(struct engine *en, int64_t id, int level, const char *reason, struct mo_err *e)
{
	const struct mo_category *cat;
	const struct mo_level *lvl;
	struct inc inc;
	struct triage t;
	const char *old_owner, *old_level;
	int rc = -1, old = 0;

	if (!reason || !*reason)
		return mo_err_set(e, NULL, 0, 0,
				  _("a level change needs a reason (--reason TEXT)"));
	if (engine_text_ok("reason", reason, 16384, true, e))
		return -1;
	if (engine_load_open(en, id, &inc, e))
		return -1;
	lvl = policy_level(en->p, level);
	if (!lvl) {
		mo_err_set(e, NULL, 0, 0, _("level %d is not in the policy's level table"), level);
		goto done;
	}
	cat = policy_category(en->p, inc.category);
	if (cat && level < engine_min_level(en->p, &inc)) {
		mo_err_set(
			e, NULL, 0, 0,
			_("the category \"%s\" is always level %d or higher (the policy's minimum)"),
			cat->name, engine_min_level(en->p, &inc));
		goto done;
	}
	if (inc.level == level) {
		mo_err_set(e, NULL, 0, 0, _("the incident is already level %d"), level);
		goto done;
	}
	old = inc.level;
	old_level = engine_level_text(&inc.arena, inc.level);
	old_owner = inc.owner;
	memset(&t, 0, sizeof(t));
	t.level = level;
	t.owner_role = lvl->owner;
	inc.level = level;
	inc.updated_at = en->now;
	if (engine_assign(en, &inc, &t, e) || store_incident_update(en->st, &inc, e))
		goto done;
	if (engine_event(en, id, "level", "level", old_level, engine_level_text(&inc.arena, level),
			 reason, e))
		goto done;
	if (strcmp(old_owner ? old_owner : "", inc.owner) != 0 &&
	    engine_event(en, id, "owner", "owner", old_owner, inc.owner, NULL, e))
		goto done;
	{
		struct decision d = {0};
		const char *what = engine_afmt(&inc.arena, "%s（%s）", inc.owner,
					       policy_role_title(en->p, inc.owner_role));

		d.incident_id = id;
		d.phase = "intake";
		d.point = "assignee";
		d.decision = what;
		d.why = engine_afmt(&inc.arena, "事故レベル%dへの変更: %s", level, reason);
		d.who = en->who;
		d.at = en->now;
		if (!what || !d.why) {
			mo_err_oom(e, NULL);
			goto done;
		}
		if (store_decision_add(en->st, &d, e))
			goto done;
	}
	if (engine_replan(en, &inc, false, e) || engine_escalation_raise(en, &inc, old, e))
		goto done;
	rc = 0;
done:
	inc_release(&inc);
	return rc;
}

/* The value of field f of inc as text for the timeline; NULL when unset. */
static const char *field_text(struct inc *inc, const struct inc_field *f)
{
	const char *p = (const char *)inc + f->offset;

	switch (f->type) {
	case FT_TEXT:
		return *(const char *const *)p;
	case FT_COUNT:
		return *(const long long *)p < 0
			       ? NULL
			       : engine_afmt(&inc->arena, "%lld", *(const long long *)p);
	case FT_TRI:
		return *(const int *)p == MO_TRI_NONE ? NULL : *(const int *)p ? "true" : "false";
	case FT_TIME: {
		char t[MO_TIME_MAX];

		if (*(const int64_t *)p == MO_TIME_NONE)
			return NULL;
		time_format_utc(*(const int64_t *)p, t, sizeof(t));
		return arena_strdup(&inc->arena, t);
	}
	}
	return NULL;
}

static const struct {
	const char *word;
	int value;
} yes_no[] = {
	{"true", 1},  {"yes", 1}, {"y", 1}, {"はい", 1},
	{"false", 0}, {"no", 0},  {"n", 0}, {"いいえ", 0},
};

int engine_set_field(struct engine *en, int64_t id, const char *key, const char *value,
		     struct mo_err *e)
{
	const struct inc_field *f = inc_field_find(key);
	struct inc inc;
	char *p, *clean = NULL;
	const char *before;
	int rc = -1;

	if (!f) {
		struct buf names;

		buf_init(&names, 4096);
		for (size_t i = 0; i < inc_fields_count; i++)
			if (buf_adds(&names, i ? ", " : "") || buf_adds(&names, inc_fields[i].key))
				break;
		mo_err_set(e, NULL, 0, 0, _("unknown field \"%s\" (known: %s)"), key,
			   buf_str(&names));
		buf_release(&names);
		return -1;
	}
	if (engine_text_ok(key, value, 65536, engine_field_multiline(f) || f->type != FT_TEXT, e))
		return -1;
	/* Line ends as LF, so a textarea posted back with CR LF is the same
	 * text and nothing is rewritten. */
	clean = engine_text_clean(value, f->type != FT_TEXT || engine_field_multiline(f));
	if (!clean)
		return mo_err_oom(e, NULL);
	value = clean;
	if (engine_load_open(en, id, &inc, e)) {
		free(clean);
		return -1;
	}
	p = (char *)&inc + f->offset;
	before = field_text(&inc, f);
	switch (f->type) {
	case FT_TEXT:
		if (strcmp(key, "title") == 0 && engine_text_blank(value)) {
			mo_err_set(e, NULL, 0, 0, _("the title cannot be empty"));
			goto done;
		}
		if (strcmp(key, "title") == 0 && engine_text_ok(key, value, 1000, false, e))
			goto done;
		*(const char **)p = *value			      ? inc_strdup(&inc, value)
				    : strcmp(key, "description") == 0 ? ""
								      : NULL;
		break;
	case FT_COUNT: {
		long v;

		if (!*value) {
			*(long long *)p = MO_COUNT_NONE;
		} else if (str_to_long(value, 0, LONG_MAX, &v)) {
			mo_err_set(e, NULL, 0, 0, _("\"%s\" must be a whole number of 0 or more"),
				   key);
			goto done;
		} else {
			*(long long *)p = v;
		}
		break;
	}
	case FT_TRI: {
		bool found = !*value;

		*(int *)p = MO_TRI_NONE;
		for (size_t i = 0; i < MO_ARRAY_SIZE(yes_no) && !found; i++) {
			if (strcasecmp(yes_no[i].word, value) == 0) {
				*(int *)p = yes_no[i].value;
				found = true;
			}
		}
		if (!found) {
			mo_err_set(e, NULL, 0, 0, _("\"%s\" must be true or false"), key);
			goto done;
		}
		break;
	}
	case FT_TIME: {
		int64_t t = MO_TIME_NONE;

		if (*value && time_parse_input(value, en->p->org.timezone, en->now, &t)) {
			mo_err_set(e, NULL, 0, 0,
				   _("\"%s\" must be a date and time such as 2026/11/22 10:00, "
				     "11/22 10:00 or 2026-11-22T10:00:00+09:00"),
				   key);
			goto done;
		}
		if (t != MO_TIME_NONE && strcmp(key, "occurred_at") == 0 && t > inc.discovered_at) {
			mo_err_set(e, NULL, 0, 0,
				   _("\"occurred_at\" cannot be after \"discovered_at\""));
			goto done;
		}
		*(int64_t *)p = t;
		break;
	}
	}
	{
		const char *after = field_text(&inc, f);

		if ((!before && !after) || (before && after && strcmp(before, after) == 0)) {
			mo_err_set(e, NULL, 0, 0, _("\"%s\" already has this value"), key);
			goto done;
		}
		inc.updated_at = en->now;
		if (store_incident_update(en->st, &inc, e) ||
		    engine_event(en, id, "field", key, before, after, NULL, e))
			goto done;
	}
	rc = 0;
done:
	inc_release(&inc);
	free(clean);
	return rc;
}

int engine_note(struct engine *en, int64_t id, const char *text, struct mo_err *e)
{
	struct inc inc;
	int rc;

	if (!text || !*text)
		return mo_err_set(e, NULL, 0, 0, _("the note is empty"));
	if (engine_text_ok("note", text, 65536, true, e))
		return -1;
	if (engine_load_open(en, id, &inc, e))
		return -1;
	rc = engine_event(en, id, "note", NULL, NULL, NULL, text, e);
	inc_release(&inc);
	return rc;
}
