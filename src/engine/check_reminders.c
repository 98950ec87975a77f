/* Reminders of peacetime checks (engine/checks.h): a check whose next date
 * passed reminds the people holding its owner role, once per due date (the
 * key "check/ID/YYYY-MM-DD" in reminders_sent, marked in the transaction
 * that queues the message), one message per person through the outbox. */
#include "engine/checks.h"
#include "engine/notify_admin.h"
#include "engine/notify_out.h"
#include "store/escalation.h"
#include "util/buf.h"
#include "util/timefmt.h"

/* The reminder's key for s, or "" when s owes none: never done (shown on
 * the list and the dashboard, not mailed) or not due, and the review (it
 * has its own reminder, reminders.c). */
static void due_key(const struct engine *en, const struct check_status *s, char *key, size_t size)
{
	struct mo_local lt;

	key[0] = '\0';
	if (s->state != CHECK_OVERDUE || s->source == CHECK_SRC_REVIEW ||
	    time_local(s->next_due_at, en->p->org.timezone, &lt))
		return;
	snprintf(key, size, "check/%s/%04d-%02d-%02d", s->check->id, lt.year, lt.month, lt.day);
}

int engine_check_reminders_due(struct engine *en, struct mo_err *e)
{
	struct check_statuses cs;
	char key[256];
	int rc = 0;

	if (!en->p->n_checks)
		return 0;
	if (engine_checks_collect(en->p, en->st, en->now, &cs, e))
		return -1;
	for (size_t i = 0; i < cs.n && rc == 0; i++) {
		due_key(en, &cs.v[i], key, sizeof(key));
		if (key[0]) {
			int seen = store_reminder_seen(en->st, key, e);

			rc = seen < 0 ? -1 : seen == 0 ? 1 : 0;
		}
	}
	check_statuses_release(&cs);
	return rc;
}

int engine_check_reminders(struct engine *en, size_t *fired, struct mo_err *e)
{
	struct check_statuses cs;
	bool *fresh = NULL;
	size_t n_fresh = 0;
	struct buf body;
	char key[256], subject[256], when[MO_TIME_MAX], every[64];
	int rc = -1;

	if (!en->p->n_checks)
		return 0;
	if (engine_checks_collect(en->p, en->st, en->now, &cs, e))
		return -1;
	buf_init(&body, (size_t)1 << 20);
	fresh = calloc(cs.n ? cs.n : 1, sizeof(*fresh));
	if (!fresh) {
		mo_err_oom(e, NULL);
		goto done;
	}
	for (size_t i = 0; i < cs.n; i++) {
		int marked;

		due_key(en, &cs.v[i], key, sizeof(key));
		if (!key[0])
			continue;
		marked = store_reminder_mark(en->st, key, en->now, e);
		if (marked < 0)
			goto done;
		fresh[i] = marked == 0;
		n_fresh += fresh[i];
	}
	for (size_t pi = 0; n_fresh && pi < en->p->n_people; pi++) {
		const struct mo_person *pe = &en->p->people[pi];
		size_t mine = 0, told = 0;

		buf_reset(&body);
		if (buf_addf(&body, "%sさん\n\n次の平時の点検の期限が来ています。\n\n",
			     pe->name ? pe->name : pe->id) < 0)
			goto nomem;
		for (size_t i = 0; i < cs.n; i++) {
			const struct check_status *s = &cs.v[i];
			bool holds = false;

			if (!fresh[i])
				continue;
			for (size_t r = 0; r < pe->roles.n; r++)
				holds |= strcmp(pe->roles.v[r], s->check->owner) == 0;
			if (!holds)
				continue;
			mine++;
			engine_time(en->p, s->next_due_at, when, sizeof(when));
			duration_format(&s->check->every, every, sizeof(every));
			if (buf_addf(&body, "・%s（%s、%sごと、期限 %s）\n", s->check->title,
				     s->check->id, every, when) < 0)
				goto nomem;
			if (s->source == CHECK_SRC_CONTACTS) {
				if (buf_addf(&body, "  `moshimo contacts verify` で疎通確認を送り、"
						    "各人が確認リンクを押すと記録されます。\n") < 0)
					goto nomem;
			} else if (buf_addf(&body,
					    "  実施したら管理画面の「平時の点検」か "
					    "`moshimo checks done %s --note 結果` "
					    "で記録してください。\n",
					    s->check->id) < 0) {
				goto nomem;
			}
		}
		if (!mine)
			continue;
		if (buf_addf(&body, "\n-- \nmoshimo（自動送信）\n") < 0)
			goto nomem;
		snprintf(subject, sizeof(subject), "%s平時の点検の期限（%zu件）",
			 engine_notify_prefix(NULL), mine);
		if (engine_notify_plain(en, pe, "check", subject, buf_str(&body), &told, e))
			goto done;
		*fired += told ? 1 : 0;
	}
	rc = 0;
	goto done;
nomem:
	mo_err_oom(e, NULL);
done:
	free(fresh);
	buf_release(&body);
	check_statuses_release(&cs);
	return rc;
}
