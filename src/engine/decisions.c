/* Decisions (003): each phase of the response has points to decide and
 * record — what was decided, by whom, when, why. Triage takes the intake
 * ones itself (is it an incident, its priority, who handles it); the
 * others are open until someone records them for the incident's phase. */
#include "engine/engineInt.h"

/* Which of the policy's decision phases belong to each status. */
static const struct {
	enum inc_status status;
	const char *phases[3];
} phase_of[] = {
	{INC_REPORTED, {"intake"}},
	{INC_TRIAGE, {"intake"}},
	{INC_INITIAL, {"initial", "disclose"}},
	{INC_RECOVERY, {"contain"}},
	{INC_MONITORING, {"after"}},
	{INC_CLOSED, {"after"}},
};

/* Priority by level: the intake decision 対応の優先度. */
static const char *const priority[] = {
	"低（予兆として記録し、経過を見る）",
	"中（従業員の業務への影響）",
	"高（事業への影響）",
	"最優先（顧客・取引先等への影響、代表取締役に報告）",
};

static bool in_phase(enum inc_status s, const char *phase)
{
	for (size_t i = 0; i < MO_ARRAY_SIZE(phase_of); i++)
		if (phase_of[i].status == s)
			for (size_t k = 0; k < 3 && phase_of[i].phases[k]; k++)
				if (strcmp(phase_of[i].phases[k], phase) == 0)
					return true;
	return false;
}

static bool decided(const struct decision_list *done, const char *phase, const char *point)
{
	for (size_t i = 0; done && i < done->n; i++)
		if (strcmp(done->v[i].phase, phase) == 0 && strcmp(done->v[i].point, point) == 0)
			return true;
	return false;
}

size_t engine_open_decisions(const struct policy *p, const struct inc *inc,
			     const struct decision_list *done, struct open_point *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_decisions; i++) {
		const struct mo_decision_phase *ph = &p->decisions[i];

		if (!ph->id || !in_phase(inc->status, ph->id))
			continue;
		for (size_t k = 0; k < ph->n_points; k++) {
			if (decided(done, ph->id, ph->points[k].id))
				continue;
			if (n < max) {
				out[n].phase = ph;
				out[n].point = &ph->points[k];
			}
			n++;
		}
	}
	return n < max ? n : max;
}

static int add(struct engine *en, int64_t id, const char *phase, const char *point,
	       const char *decision, const char *why, const char *who, struct arena *a,
	       struct mo_err *e)
{
	struct decision d = {0};
	const char *text;

	d.incident_id = id;
	d.phase = phase;
	d.point = point;
	d.decision = decision;
	d.why = why;
	d.who = who;
	d.at = en->now;
	if (store_decision_add(en->st, &d, e))
		return -1;
	text = engine_afmt(a, "%s%s%s", decision, why ? " — " : "", why ? why : "");
	if (!text)
		return mo_err_oom(e, NULL);
	return engine_event(en, id, "decision", engine_afmt(a, "%s/%s", phase, point), NULL, NULL,
			    text, e);
}

int engine_intake_decisions(struct engine *en, const struct inc *inc, const struct triage *t,
			    struct mo_err *e)
{
	struct arena a;
	const char *is, *pri, *who, *lvl_why;
	int rc = -1;

	arena_init(&a, 0);
	is = inc->level == 0
		     ? "インシデントには至らない予兆として記録する（事故レベル0）"
		     : engine_afmt(&a, "対応すべきインシデント（事故レベル%d）", inc->level);
	{
		/* Relative to the policy's highest level: 0..3 in the IPA template. */
		int top = policy_level_top(en->p), lv = inc->level;

		pri = priority[lv <= 0 ? 0 : lv >= top ? 3 : lv == top - 1 ? 2 : 1];
	}
	who = engine_afmt(&a, "%s（%s）", inc->owner, policy_role_title(en->p, inc->owner_role));
	lvl_why = engine_afmt(&a, "事故レベル%dの責任者（影響範囲と対応者の表）", inc->level);
	if (!is || !who || !lvl_why) {
		mo_err_oom(e, NULL);
		goto done;
	}
	/* Taken by the policy's rules, not by a person: recorded as such,
	 * and a person may record a different decision later. */
	if (add(en, inc->id, "intake", "is_incident", is, t->why, "moshimo", &a, e) ||
	    add(en, inc->id, "intake", "priority", pri, t->why, "moshimo", &a, e) ||
	    add(en, inc->id, "intake", "assignee", who, lvl_why, "moshimo", &a, e))
		goto done;
	rc = 0;
done:
	arena_release(&a);
	return rc;
}

/* The point named by ref ("phase/point", or a point id only one phase
 * has); NULL with e set when unknown or ambiguous. */
static const struct mo_decision_point *find_point(const struct policy *p, const char *ref,
						  const struct mo_decision_phase **phase,
						  struct mo_err *e)
{
	const char *slash = strchr(ref, '/');
	const struct mo_decision_point *found = NULL;
	size_t matches = 0, plen = slash ? (size_t)(slash - ref) : 0;
	const char *pid = slash ? slash + 1 : ref;

	for (size_t i = 0; i < p->n_decisions; i++) {
		const struct mo_decision_phase *ph = &p->decisions[i];

		if (slash && (strlen(ph->id) != plen || strncmp(ph->id, ref, plen) != 0))
			continue;
		for (size_t k = 0; k < ph->n_points; k++) {
			if (strcmp(ph->points[k].id, pid) == 0) {
				found = &ph->points[k];
				*phase = ph;
				matches++;
			}
		}
	}
	if (matches == 1)
		return found;
	if (matches > 1)
		mo_err_set(e, NULL, 0, 0,
			   _("decision point \"%s\" is in several phases: write PHASE/%s"), ref,
			   ref);
	else
		mo_err_set(e, NULL, 0, 0,
			   _("unknown decision point \"%s\" (moshimo show ID lists the open ones)"),
			   ref);
	return NULL;
}

int engine_decide(struct engine *en, int64_t id, const char *ref, const char *decision,
		  const char *why, struct mo_err *e)
{
	const struct mo_decision_phase *ph = NULL;
	const struct mo_decision_point *pt;
	struct inc inc;
	int rc;

	if (!decision || !*decision)
		return mo_err_set(e, NULL, 0, 0, _("the decision is empty"));
	if (engine_text_ok("decision", decision, 16384, true, e) ||
	    (why && engine_text_ok("why", why, 16384, true, e)))
		return -1;
	pt = find_point(en->p, ref ? ref : "", &ph, e);
	if (!pt)
		return -1;
	if (engine_load_open(en, id, &inc, e))
		return -1;
	rc = add(en, id, ph->id, pt->id, decision, why && *why ? why : NULL, en->who, &inc.arena,
		 e);
	inc_release(&inc);
	return rc;
}
