/* Filing reminders: for every open incident and every filing required by
 * law that is neither done nor waived and has a deadline,
 *   - before it: at the start of its window (remind_at, e.g. the 速報's
 *     3rd day) or, for a plain deadline, one day before it, the filing's
 *     owner role (the level's owner when the filing names none);
 *   - when it passed: the same role;
 *   - after the policy's grace (reminders.grace): the level's owner.
 * Filings without a date (速やかに) and advised ones get none. Each message
 * has a key in reminders_sent with the deadline in it, so a restart never
 * sends one twice and a deadline moved by new facts is reminded again. A
 * reminder whose moment passed while a later one is due (the server was
 * down) is marked without being sent. */
#include "engine/engineInt.h"
#include "engine/escalation.h"
#include "engine/filing_reminders.h"
#include "engine/notify_out.h"
#include "store/overview.h"
#include "util/timefmt.h"

#define DAY_SECONDS 86400
#define FILINGS_MAX 64

enum point {
	POINT_BEFORE, /* the window opens, or one day before the deadline */
	POINT_LATE,   /* the deadline passed: the filing's owner */
	POINT_OWNER,  /* grace after it: the level's owner */
	POINT_COUNT
};

static const char *const point_keys[POINT_COUNT] = {"before", "late", "owner"};

static int64_t grace_of(const struct engine *en)
{
	return en->p->reminders.grace.count ? duration_seconds(&en->p->reminders.grace) : 0;
}

/* True when kind is one of recorded's space-separated words. */
static bool recorded_has(const char *recorded, const char *kind)
{
	size_t len = strlen(kind);

	while (*recorded) {
		size_t w = strcspn(recorded, " ");

		if (w == len && strncmp(recorded, kind, len) == 0)
			return true;
		recorded += w;
		recorded += strspn(recorded, " ");
	}
	return false;
}

/* When point p of fd falls due, or MO_TIME_NONE. */
static int64_t point_at(const struct engine *en, const struct filing_due *fd, enum point p)
{
	switch (p) {
	case POINT_BEFORE:
		return fd->remind_at != MO_TIME_NONE ? fd->remind_at : fd->due_at - DAY_SECONDS;
	case POINT_LATE:
		return fd->due_at + 1;
	case POINT_OWNER:
		return fd->due_at + 1 + grace_of(en);
	case POINT_COUNT:
		break;
	}
	return MO_TIME_NONE;
}

static void point_key(int64_t id, const struct filing_due *fd, enum point p, char *key, size_t size)
{
	snprintf(key, size, "filing/%lld/%s/%s/%lld", (long long)id, fd->filing->id, point_keys[p],
		 (long long)(p == POINT_BEFORE && fd->remind_at != MO_TIME_NONE ? fd->remind_at
										: fd->due_at));
}

/* The filings of in that are owed, have a date and are not recorded. */
static size_t owed(const struct engine *en, const struct filing_input *in, struct filing_due *out)
{
	struct filing_due all[FILINGS_MAX];
	size_t n = engine_filings(en->p, &in->inc, all, FILINGS_MAX), w = 0;

	for (size_t i = 0; i < n; i++)
		if (all[i].filing->legal && all[i].due_at != MO_TIME_NONE &&
		    !recorded_has(in->recorded, all[i].filing->id))
			out[w++] = all[i];
	return w;
}

/* The role told at point p: the filing's owner, else the level's owner. */
static const char *role_of(const struct engine *en, const struct inc *inc,
			   const struct filing_due *fd, enum point p)
{
	if (p != POINT_OWNER && fd->filing->owner && policy_role(en->p, fd->filing->owner))
		return fd->filing->owner;
	return inc->owner_role;
}

static int send_point(struct engine *en, const struct inc *inc, const struct filing_due *fd,
		      enum point p, size_t *fired, struct mo_err *e)
{
	struct arena a;
	struct strv roles;
	const char *one[1], *extra = NULL, *text = NULL, *who;
	const char *org = fd->authority ? fd->authority->organization : fd->filing->authority;
	char due[MO_TIME_MAX], from[MO_TIME_MAX], wait[64];
	size_t told = 0;
	int rc = -1;

	one[0] = role_of(en, inc, fd, p);
	if (!one[0] || !policy_role(en->p, one[0]))
		return 0;
	who = policy_role_title(en->p, one[0]);
	roles.v = one;
	roles.n = 1;
	engine_time(en->p, fd->due_at, due, sizeof(due));
	arena_init(&a, 0);
	switch (p) {
	case POINT_BEFORE:
		if (fd->remind_at != MO_TIME_NONE) {
			engine_time(en->p, fd->remind_at, from, sizeof(from));
			extra = engine_afmt(
				&a,
				"法定の届け出・通知「%s」（提出先：%s）の提出期間に入り"
				"ました（%s から、期限 %s）。まだ提出の記録がありません。",
				fd->filing->title, org, from, due);
		} else {
			extra = engine_afmt(&a,
					    "法定の届け出・通知「%s」（提出先：%s）の期限（%s）が"
					    "近づいています。まだ提出の記録がありません。",
					    fd->filing->title, org, due);
		}
		text = engine_afmt(&a, "届け出・通知「%s」の期限（%s）の前の通知を%sに送信",
				   fd->filing->title, due, who);
		break;
	case POINT_LATE:
		extra = engine_afmt(
			&a,
			"法定の届け出・通知「%s」（提出先：%s）の期限（%s）を過ぎました。"
			"提出したら提出済みとして記録し、不要なら理由を記録してください。",
			fd->filing->title, org, due);
		text = engine_afmt(&a, "届け出・通知「%s」の期限（%s）切れを%sに通知",
				   fd->filing->title, due, who);
		break;
	case POINT_OWNER:
		engine_wait_ja(grace_of(en), wait, sizeof(wait));
		extra = engine_afmt(
			&a,
			"法定の届け出・通知「%s」（提出先：%s）が期限（%s）から%s過ぎても"
			"提出の記録がありません。",
			fd->filing->title, org, due, wait);
		text = engine_afmt(&a, "届け出・通知「%s」が期限から%s過ぎても未提出のため%sに通知",
				   fd->filing->title, wait, who);
		break;
	case POINT_COUNT:
		break;
	}
	if (!extra || !text) {
		mo_err_oom(e, NULL);
		goto done;
	}
	if (engine_notify_roles(en, inc, &roles, "filing", extra, en->now, &told, e))
		goto done;
	if (told && engine_event(en, inc->id, "reminder", NULL, NULL, fd->filing->id, text, e))
		goto done;
	*fired += told ? 1 : 0;
	rc = 0;
done:
	arena_release(&a);
	return rc;
}

/* The points of fd due at now and not yet marked: marks and sends them
 * (a before-reminder whose deadline already passed is only marked). */
static int remind_one(struct engine *en, const struct filing_input *in, struct inc *full,
		      bool *loaded, const struct filing_due *fd, size_t *fired, struct mo_err *e)
{
	char key[256];

	for (int p = 0; p < POINT_COUNT; p++) {
		int64_t at = point_at(en, fd, (enum point)p);
		int marked, got;

		if (at == MO_TIME_NONE || en->now < at)
			continue;
		point_key(in->inc.id, fd, (enum point)p, key, sizeof(key));
		marked = store_reminder_mark(en->st, key, en->now, e);
		if (marked < 0)
			return -1;
		if (marked > 0 || (p == POINT_BEFORE && en->now > fd->due_at))
			continue;
		if (!*loaded) {
			got = store_incident_get(en->st, in->inc.id, full, e);
			if (got)
				return got < 0 ? -1 : 0;
			*loaded = true;
		}
		if (send_point(en, full, fd, (enum point)p, fired, e))
			return -1;
	}
	return 0;
}

int engine_filing_reminders(struct engine *en, size_t *fired, struct mo_err *e)
{
	struct filing_input_list in;
	struct filing_due due[FILINGS_MAX];
	int rc = 0;

	if (store_filing_inputs_open(en->st, &in, e))
		return -1;
	for (size_t i = 0; i < in.n && !rc; i++) {
		size_t n = owed(en, &in.v[i], due);
		struct inc full;
		bool loaded = false;

		for (size_t k = 0; k < n && !rc; k++)
			rc = remind_one(en, &in.v[i], &full, &loaded, &due[k], fired, e);
		if (loaded)
			inc_release(&full);
	}
	filing_input_list_release(&in);
	return rc;
}

int engine_filing_reminders_due(struct engine *en, struct mo_err *e)
{
	struct filing_input_list in;
	struct filing_due due[FILINGS_MAX];
	char key[256];
	int found = 0;

	if (store_filing_inputs_open(en->st, &in, e))
		return -1;
	for (size_t i = 0; i < in.n && !found; i++) {
		size_t n = owed(en, &in.v[i], due);

		for (size_t k = 0; k < n && !found; k++)
			for (int p = 0; p < POINT_COUNT && !found; p++) {
				int64_t at = point_at(en, &due[k], (enum point)p);
				int seen;

				if (at == MO_TIME_NONE || en->now < at)
					continue;
				point_key(in.v[i].inc.id, &due[k], (enum point)p, key, sizeof(key));
				seen = store_reminder_seen(en->st, key, e);
				if (seen < 0)
					found = -1;
				else if (seen == 0)
					found = 1;
			}
	}
	filing_input_list_release(&in);
	return found;
}
