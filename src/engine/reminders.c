/* Reminders, fired by the escalation tick: a checklist step's due time
 * passing reminds the step's actor, and after the policy's grace time the
 * level's owner; a daily digest of open incidents and overdue steps for
 * their owners at reminders.digest_at; the manual's review date passing
 * reminds its owner (once a day at most). Each reminder has a key in
 * reminders_sent, marked in the transaction that queues it: a restart or a
 * second dispatcher never sends it twice. */
#include "engine/checks.h"
#include "engine/engineInt.h"
#include "engine/drills.h"
#include "engine/escalation.h"
#include "engine/filing_reminders.h"
#include "engine/notify_admin.h"
#include "store/outbox.h"
#include "util/timefmt.h"

#define OVERDUE_MAX 200
#define DIGEST_MAX 200

static int oom(struct mo_err *e)
{
	return mo_err_oom(e, NULL);
}

static int remind_step(struct engine *en, const struct overdue_step *o, int64_t grace,
		       size_t *fired, struct mo_err *e)
{
	struct inc inc;
	struct strv roles;
	const char *one[1];
	char key[128], due[MO_TIME_MAX], wait[64];
	const char *extra, *text;
	size_t told = 0;
	int rc, marked;

	rc = store_incident_get(en->st, o->incident_id, &inc, e);
	if (rc)
		return rc < 0 ? -1 : 0;
	rc = -1;
	engine_time(en->p, o->due_at, due, sizeof(due));
	/* The actor, when the due time passed. */
	snprintf(key, sizeof(key), "step/%lld/%d/%lld", (long long)o->incident_id, o->n,
		 (long long)o->due_at);
	marked = store_reminder_mark(en->st, key, en->now, e);
	if (marked < 0)
		goto done;
	if (marked == 0 && o->actor[0] && policy_role(en->p, o->actor)) {
		one[0] = o->actor;
		roles.v = one;
		roles.n = 1;
		extra = engine_afmt(&inc.arena, "手順%d「%s」の期限（%s）を過ぎました。", o->n,
				    o->title, due);
		text = engine_afmt(&inc.arena, "手順%dの期限（%s）切れを%sに通知", o->n, due,
				   policy_role_title(en->p, o->actor));
		if (!extra || !text) {
			oom(e);
			goto done;
		}
		if (engine_notify_roles(en, &inc, &roles, "reminder", extra, en->now, &told, e))
			goto done;
		/* Nobody to tell (the discoverer, a role held by nobody): no event. */
		if (told && engine_event(en, inc.id, "reminder", NULL, NULL, NULL, text, e))
			goto done;
		*fired += told ? 1 : 0;
	}
	/* The level's owner, after the grace time. */
	if (en->now >= o->due_at + grace && inc.owner_role) {
		snprintf(key, sizeof(key), "owner/%lld/%d/%lld", (long long)o->incident_id, o->n,
			 (long long)o->due_at);
		marked = store_reminder_mark(en->st, key, en->now, e);
		if (marked < 0)
			goto done;
		if (marked == 0) {
			engine_wait_ja(grace, wait, sizeof(wait));
			one[0] = inc.owner_role;
			roles.v = one;
			roles.n = 1;
			extra = engine_afmt(
				&inc.arena,
				"手順%d「%s」が期限（%s）から%s過ぎても終わっていません。", o->n,
				o->title, due, wait);
			text = engine_afmt(&inc.arena,
					   "手順%dが期限から%s過ぎても未完了のため%sに通知", o->n,
					   wait, policy_role_title(en->p, inc.owner_role));
			if (!extra || !text) {
				oom(e);
				goto done;
			}
			if (engine_notify_roles(en, &inc, &roles, "reminder", extra, en->now, &told,
						e))
				goto done;
			if (told && engine_event(en, inc.id, "reminder", NULL, NULL, NULL, text, e))
				goto done;
			*fired += told ? 1 : 0;
		}
	}
	rc = 0;
done:
	inc_release(&inc);
	return rc;
}

/* One digest message per owner person: their open incidents with the
 * number of overdue steps each. */
static int digest(struct engine *en, const struct mo_local *lt, size_t *fired, struct mo_err *e)
{
	struct inc_summary_list open = {0};
	struct overdue_step *od = NULL;
	size_t n_od = 0;
	struct buf body;
	char key[64], subject[256], ref[32], t[MO_TIME_MAX], chain_hash[65] = "";
	int rc = -1, marked;
	int64_t chain_rows = 0;
	int64_t cutoff =
		en->now -
		((int64_t)(lt->hour * 60 + lt->min - en->p->reminders.digest_min) * 60 + lt->sec);

	snprintf(key, sizeof(key), "digest/%04d-%02d-%02d", lt->year, lt->month, lt->day);
	/* Today's digest is decided once: an incident reported later today
	 * is in tomorrow's anyway (the cutoff). */
	marked = store_reminder_mark(en->st, key, en->now, e);
	if (marked)
		return marked < 0 ? -1 : 0;
	arena_init(&open.arena, 0);
	buf_init(&body, (size_t)1 << 20);
	if (store_incident_list(en->st, STORE_OPEN, DIGEST_MAX, 0, &open, e))
		goto done;
	if (!open.n) {
		rc = 0;
		goto done;
	}
	/* Every overdue step, reminded or not. */
	if (store_esc_overdue_steps(en->st, en->now, -1, OVERDUE_MAX * 5, &od, &n_od, e))
		goto done;
	/* The chain's head, so that a copy of the record's state lives outside
	 * the server (a truncated chain then shows against the mailboxes). */
	if (store_audit_head(en->st, &chain_rows, chain_hash, e))
		goto done;
	snprintf(subject, sizeof(subject), "%s毎日のまとめ %d月%d日（対応中 %zu件）",
		 engine_notify_prefix(NULL), lt->month, lt->day, open.n);
	for (size_t pi = 0; pi < en->p->n_people; pi++) {
		const struct mo_person *pe = &en->p->people[pi];
		size_t mine = 0, told = 0;

		buf_reset(&body);
		if (buf_addf(&body, "%sさん\n\n対応中のインシデントのまとめです（%d月%d日）。\n\n",
			     pe->name, lt->month, lt->day) < 0)
			goto nomem;
		for (size_t i = 0; i < open.n; i++) {
			const struct inc_summary *s = &open.v[i];
			struct inc inc;
			size_t late = 0;
			bool owner = false;
			int got = store_incident_get(en->st, s->id, &inc, e);

			if (got < 0)
				goto done;
			/* Reported before today's digest time: a report of this
			 * afternoon waits for tomorrow's (its people were just told). */
			if (got == 0 && inc.owner_role && inc.reported_at <= cutoff)
				for (size_t r = 0; r < pe->roles.n && !owner; r++)
					owner = strcmp(pe->roles.v[r], inc.owner_role) == 0;
			inc_release(&inc);
			if (!owner)
				continue;
			for (size_t k = 0; k < n_od; k++)
				if (od[k].incident_id == s->id)
					late++;
			engine_ref(s->id, ref, sizeof(ref));
			if (buf_addf(&body, "・%s レベル%d %s（%s、手順 %d/%d 完了", ref, s->level,
				     s->title, engine_status_ja(s->status), s->steps_closed,
				     s->steps_total) < 0)
				goto nomem;
			if (late && buf_addf(&body, "、期限切れ %zu件", late) < 0)
				goto nomem;
			if (!late && s->next_due != MO_TIME_NONE) {
				engine_time(en->p, s->next_due, t, sizeof(t));
				if (buf_addf(&body, "、次の期限 %s", t) < 0)
					goto nomem;
			}
			if (buf_adds(&body, "）\n") < 0)
				goto nomem;
			mine++;
		}
		if (!mine)
			continue;
		if (buf_addf(&body,
			     "\n記録の控え（監査チェーンの末尾。moshimo audit verify の照合用）: "
			     "%lld 行、%s\n",
			     (long long)chain_rows, chain_hash) < 0)
			goto nomem;
		if (buf_adds(&body, "\n-- \nmoshimo（自動送信）\n") < 0)
			goto nomem;
		if (engine_notify_plain(en, pe, "digest", subject, buf_str(&body), &told, e))
			goto done;
		if (told)
			(*fired)++;
	}
	rc = 0;
	goto done;
nomem:
	oom(e);
done:
	free(od);
	buf_release(&body);
	inc_summary_list_release(&open);
	return rc;
}

static void review_key(const struct engine *en, const struct mo_local *lt, char *key, size_t size);

/* The manual's review date passed: its owner hears it once a day. */
static int review(struct engine *en, const struct mo_local *lt, size_t *fired, struct mo_err *e)
{
	const struct mo_organization *o = &en->p->org;
	struct mo_date due;
	const struct mo_person *pe[64];
	char key[64], d[64], subject[256], body[2048];
	size_t n;
	int marked;

	review_key(en, lt, key, sizeof(key));
	if (!key[0])
		return 0;
	due = date_add_months(o->last_reviewed, o->review_interval_months);
	marked = store_reminder_mark(en->st, key, en->now, e);
	if (marked)
		return marked < 0 ? -1 : 0;
	date_format(due, true, d, sizeof(d));
	snprintf(subject, sizeof(subject), "%sマニュアルの見直し期限（%s）を過ぎています",
		 engine_notify_prefix(NULL), d);
	n = policy_role_people(en->p, en->p->reminders.review_owner, pe, MO_ARRAY_SIZE(pe));
	for (size_t i = 0; i < n; i++) {
		size_t told = 0;

		snprintf(body, sizeof(body),
			 "%sさん\n\nインシデント対応マニュアルの見直し期限（%s）を過ぎています。\n"
			 "内容（連絡先、手順、届出先）を確認し、見直したら管理画面の「版」ページの"
			 "「見直しを記録する」か `moshimo review done` "
			 "で記録してください。\n\n-- \nmoshimo（自動送信）\n",
			 pe[i]->name, d);
		if (engine_notify_plain(en, pe[i], "review", subject, body, &told, e))
			return -1;
		if (told)
			(*fired)++;
	}
	return 0;
}

/* The review date's key for today, or "" when the review is not due. */
static void review_key(const struct engine *en, const struct mo_local *lt, char *key, size_t size)
{
	const struct mo_organization *o = &en->p->org;
	struct mo_date today = {lt->year, lt->month, lt->day};

	key[0] = '\0';
	if (o->has_last_reviewed &&
	    date_cmp(today, date_add_months(o->last_reviewed, o->review_interval_months)) > 0)
		snprintf(key, size, "review/%04d-%02d-%02d", lt->year, lt->month, lt->day);
}

int engine_reminders_due(struct engine *en, struct mo_err *e)
{
	struct overdue_step *od = NULL;
	size_t n = 0;
	int64_t grace =
		en->p->reminders.grace.count ? duration_seconds(&en->p->reminders.grace) : 0;
	struct mo_local lt;
	char key[64];
	int seen;

	if (store_esc_overdue_steps(en->st, en->now, grace, 1, &od, &n, e))
		return -1;
	free(od);
	if (n || engine_drill_injects_due(en, e))
		return 1;
	if (time_local(en->now, en->p->org.timezone, &lt))
		return 0;
	if (lt.hour * 60 + lt.min >= en->p->reminders.digest_min) {
		snprintf(key, sizeof(key), "digest/%04d-%02d-%02d", lt.year, lt.month, lt.day);
		seen = store_reminder_seen(en->st, key, e);
		if (seen <= 0)
			return seen < 0 ? -1 : 1;
	}
	review_key(en, &lt, key, sizeof(key));
	if (key[0]) {
		seen = store_reminder_seen(en->st, key, e);
		if (seen <= 0)
			return seen < 0 ? -1 : 1;
	}
	seen = engine_filing_reminders_due(en, e);
	if (seen)
		return seen;
	return engine_check_reminders_due(en, e);
}

int engine_reminders(struct engine *en, size_t *fired, struct mo_err *e)
{
	struct overdue_step *od = NULL;
	size_t n = 0;
	int64_t grace =
		en->p->reminders.grace.count ? duration_seconds(&en->p->reminders.grace) : 0;
	struct mo_local lt;
	int rc = -1;

	if (store_esc_overdue_steps(en->st, en->now, grace, OVERDUE_MAX, &od, &n, e))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (remind_step(en, &od[i], grace, fired, e))
			goto done;
	if (engine_drill_injects(en, fired, e))
		goto done;
	if (time_local(en->now, en->p->org.timezone, &lt) == 0) {
		if (lt.hour * 60 + lt.min >= en->p->reminders.digest_min &&
		    digest(en, &lt, fired, e))
			goto done;
		if (review(en, &lt, fired, e))
			goto done;
	}
	if (engine_filing_reminders(en, fired, e))
		goto done;
	if (engine_check_reminders(en, fired, e))
		goto done;
	rc = 0;
done:
	free(od);
	return rc;
}
