/* Escalation and acknowledgement: the level's contact chain copied onto an
 * incident as rows (store/escalation.c), fired by the tick when due until
 * someone acknowledges; the acknowledgement through a signed link or the
 * incident page; who was told and who answered. */
#include "engine/escalation.h"
#include "engine/engineInt.h"
#include "engine/linktoken.h"
#include "util/timefmt.h"

void engine_wait_ja(int64_t seconds, char *out, size_t size)
{
	int64_t m = seconds / 60;

	if (m < 60)
		snprintf(out, size, "%lld分", (long long)m);
	else if (m % (24 * 60) == 0)
		snprintf(out, size, "%lld日", (long long)(m / (24 * 60)));
	else if (m % 60 == 0)
		snprintf(out, size, "%lld時間", (long long)(m / 60));
	else
		snprintf(out, size, "%lld時間%lld分", (long long)(m / 60), (long long)(m % 60));
}

/* The role ids of a row ("manager sysadmin") as a list in a. */
static int split_roles(struct arena *a, const char *roles, struct strv *out, struct mo_err *e)
{
	const char **v = arena_calloc(a, ESC_ROLES_MAX / 2 + 1, sizeof(*v));
	const char *s = roles;

	out->v = v;
	out->n = 0;
	if (!v)
		return mo_err_oom(e, NULL);
	while (*s) {
		const char *end = strchr(s, ' ');
		size_t len = end ? (size_t)(end - s) : strlen(s);

		if (len) {
			v[out->n] = arena_strndup(a, s, len);
			if (!v[out->n])
				return mo_err_oom(e, NULL);
			out->n++;
		}
		s += len;
		if (*s == ' ')
			s++;
	}
	return 0;
}

/* 「インシデント対応責任者・情報システム管理者」: each role as people know it
 * (its holder, else its title). */
static const char *roles_label(const struct policy *p, const struct strv *roles, struct arena *a)
{
	struct buf b;
	const char *out;

	buf_init(&b, 4096);
	for (size_t i = 0; i < roles->n; i++) {
		const struct mo_role *r = policy_role(p, roles->v[i]);
		const char *name = r ? (r->holder ? r->holder : r->title) : roles->v[i];

		if (buf_addf(&b, "%s%s", i ? "・" : "", name))
			return NULL;
	}
	out = arena_strdup(a, b.len ? b.data : "");
	buf_release(&b);
	return out;
}

/* The chain of level: the policy's, or one step telling levels[].notify
 * (else the level's owner) at once when the policy has none. */
static const struct mo_escalation *chain_for(const struct policy *p, int level,
					     struct mo_escalation *fb,
					     struct mo_escalation_step *fs, const char **owner)
{
	const struct mo_escalation *es = policy_escalation(p, level);
	const struct mo_level *lv;

	if (es)
		return es;
	memset(fb, 0, sizeof(*fb));
	memset(fs, 0, sizeof(*fs));
	lv = policy_level(p, level);
	fb->level = level;
	fb->rounds = 1;
	fb->steps = fs;
	fb->n_steps = 1;
	if (lv && lv->notify.n) {
		fs->notify = lv->notify;
	} else if (lv && lv->owner) {
		*owner = lv->owner;
		fs->notify.v = owner;
		fs->notify.n = 1;
	} else {
		fb->n_steps = 0;
	}
	return fb;
}

static int64_t step_wait(const struct mo_escalation *es, int round, size_t i)
{
	int64_t every = es->every.count ? duration_seconds(&es->every) : 0;
	int64_t after = es->steps[i].after.count ? duration_seconds(&es->steps[i].after) : 0;

	return (int64_t)round * every + after;
}

/* Queues the messages of row r and records it on the timeline. */
static int fire(struct engine *en, const struct inc *inc, const struct esc_row *r, struct mo_err *e)
{
	struct arena a;
	struct strv roles;
	const char *who, *why, *text, *extra = NULL, *later = "", *nobody = "";
	char wait[64], when[MO_TIME_MAX];
	int64_t not_before = r->due_at > en->now ? r->due_at : en->now;
	size_t told = 0;
	int rc = -1;

	arena_init(&a, (size_t)1 << 20);
	if (split_roles(&a, r->roles, &roles, e))
		goto done;
	who = roles_label(en->p, &roles, &a);
	engine_wait_ja(r->wait, wait, sizeof(wait));
	if (strcmp(r->purpose, "escalation") == 0) {
		/* 「15分間」, but 「1時間」 already ends in 間. */
		size_t wl = strlen(wait);
		bool ends_kan = wl >= strlen("間") && strcmp(wait + wl - strlen("間"), "間") == 0;

		why = engine_afmt(&a, ends_kan ? "%s応答なし" : "%s間応答なし", wait);
		extra = engine_afmt(&a,
				    "%s経っても、まだ誰からも「対応します」の確認がありません。",
				    wait);
	} else if (strcmp(r->purpose, "level") == 0) {
		why = engine_afmt(&a, "事故レベル%dへの変更", r->level);
	} else {
		why = engine_afmt(&a, "事故レベル%dの連絡網", r->level);
	}
	if (!who || !why || (strcmp(r->purpose, "escalation") == 0 && !extra)) {
		mo_err_oom(e, NULL);
		goto done;
	}
	if (engine_notify_roles(en, inc, &roles, r->purpose, extra, not_before, &told, e))
		goto done;
	if (not_before > en->now) {
		engine_time(en->p, not_before, when, sizeof(when));
		later = engine_afmt(&a, "。営業時間外のため %s に送信", when);
	}
	if (!told)
		nobody = "。通知の送り先（メール・チャット）が設定されていないため、誰にも届いてい"
			 "ません";
	text = engine_afmt(&a, "%sに通知（%s）%s%s", who, why, later ? later : "", nobody);
	if (!text) {
		mo_err_oom(e, NULL);
		goto done;
	}
	if (engine_event(en, inc->id, "escalation", NULL, NULL, NULL, text, e))
		goto done;
	rc = store_esc_fire(en->st, r->id, en->now, e);
done:
	arena_release(&a);
	return rc;
}

/* Copies the chain of inc's level from en->now; fires what is due at once
 * with purpose first. */
static int plan(struct engine *en, const struct inc *inc, const char *first, struct mo_err *e)
{
	struct mo_escalation fb;
	struct mo_escalation_step fs;
	const char *owner[1];
	const struct mo_escalation *es = chain_for(en->p, inc->level, &fb, &fs, owner);
	int64_t start = en->now;
	struct esc_row *now_rows = NULL;
	size_t n_now = 0;
	int rc = -1;

	if (!es->n_steps)
		return 0;
	if (es->business_hours)
		start = policy_next_open(en->p, start);
	now_rows = calloc(es->n_steps, sizeof(*now_rows));
	if (!now_rows)
		return mo_err_oom(e, NULL);
	for (int round = 0; round < es->rounds; round++) {
		for (size_t i = 0; i < es->n_steps; i++) {
			struct esc_row r;
			size_t len = 0;

			memset(&r, 0, sizeof(r));
			r.incident_id = inc->id;
			r.level = inc->level;
			r.round = round;
			r.step = (int)i;
			r.wait = step_wait(es, round, i);
			r.due_at = start + r.wait;
			if (es->business_hours)
				r.due_at = policy_next_open(en->p, r.due_at);
			snprintf(r.purpose, sizeof(r.purpose), "%s",
				 r.wait == 0 && round == 0 ? first : "escalation");
			for (size_t k = 0; k < es->steps[i].notify.n; k++) {
				int w = snprintf(r.roles + len, sizeof(r.roles) - len, "%s%s",
						 k ? " " : "", es->steps[i].notify.v[k]);

				if (w < 0 || (size_t)w >= sizeof(r.roles) - len) {
					mo_err_set(
						e, NULL, 0, 0,
						_("level %d's escalation step names too many roles"),
						inc->level);
					goto done;
				}
				len += (size_t)w;
			}
			if (store_esc_add(en->st, &r, e))
				goto done;
			/* Round 0's steps without a wait go now (at most n_steps);
			 * anything else due now is the tick's. */
			if (r.wait == 0 && round == 0)
				now_rows[n_now++] = r;
		}
	}
	for (size_t i = 0; i < n_now; i++)
		if (fire(en, inc, &now_rows[i], e))
			goto done;
	rc = 0;
done:
	free(now_rows);
	return rc;
}

int engine_escalation_start(struct engine *en, const struct inc *inc, struct mo_err *e)
{
	return plan(en, inc, "report", e);
}

int engine_escalation_raise(struct engine *en, const struct inc *inc, int old_level,
			    struct mo_err *e)
{
	/* The chain of the old level ends either way; a lowered level tells
	 * nobody anew (they were told at the higher level). */
	if (store_esc_stop(en->st, inc->id, en->now, NULL, e))
		return -1;
	if (inc->level <= old_level)
		return 0;
	return plan(en, inc, "level", e);
}

#define TICK_BATCH 32

/* One batch of due steps in one transaction; *n gets how many rows were due. */
static int tick_batch(struct engine *en, bool reminders, size_t *fired, size_t *n, struct mo_err *e)
{
	struct esc_row *rows = NULL;
	struct inc inc;
	bool have = false;
	int rc = -1;

	*n = 0;
	if (store_begin(en->st, e))
		return -1;
	store_actor(en->st, en->who, en->now);
	if (store_esc_due(en->st, en->now, TICK_BATCH, &rows, n, e))
		goto done;
	for (size_t i = 0; i < *n; i++) {
		int got;

		if (!have || inc.id != rows[i].incident_id) {
			if (have)
				inc_release(&inc);
			have = false;
			got = store_incident_get(en->st, rows[i].incident_id, &inc, e);
			if (got < 0)
				goto done;
			if (got > 0) {
				inc_release(&inc);
				if (store_esc_stop(en->st, rows[i].incident_id, en->now, NULL, e))
					goto done;
				continue;
			}
			have = true;
		}
		if (inc.status == INC_CLOSED) {
			if (store_esc_stop(en->st, inc.id, en->now, NULL, e))
				goto done;
			continue;
		}
		if (fire(en, &inc, &rows[i], e))
			goto done;
		(*fired)++;
	}
	if (reminders && engine_reminders(en, fired, e))
		goto done;
	rc = 0;
done:
	if (have)
		inc_release(&inc);
	free(rows);
	if (rc)
		store_rollback(en->st);
	else if (store_commit(en->st, e))
		rc = -1;
	return rc;
}

int engine_escalation_tick(struct engine *en, int64_t now, struct mo_err *e)
{
	size_t fired = 0, n;
	bool first = true;
	struct esc_row *due = NULL;
	int rem;

	en->now = now;
	/* Most ticks find nothing: look without the write lock first, so a
	 * tick every second does not compete with the writers. */
	if (store_esc_due(en->st, now, 1, &due, &n, e))
		return -1;
	free(due);
	rem = n ? 1 : engine_reminders_due(en, e);
	if (rem <= 0)
		return rem;
	do {
		if (tick_batch(en, first, &fired, &n, e))
			return -1;
		first = false;
	} while (n == TICK_BATCH);
	return (int)(fired > INT32_MAX ? INT32_MAX : fired);
}

/* ---- Acknowledgement ---- */

/* How a channel key reads for people. */
static const char *channel_ja(const char *channel, struct arena *a)
{
	static const struct {
		const char *key, *ja;
	} names[] = {
		{"email", "メールのリンク"},
		{"web", "画面の「対応します」"},
		{"cli", "コマンド（moshimo ack）"},
		{"link", "確認リンク"},
	};

	for (size_t i = 0; i < MO_ARRAY_SIZE(names); i++)
		if (strcmp(names[i].key, channel) == 0)
			return names[i].ja;
	return engine_afmt(a, "チャット（%s）のリンク", channel);
}

static const struct mo_person *person_by_id(const struct policy *p, const char *id)
{
	for (size_t i = 0; id && *id && i < p->n_people; i++)
		if (strcmp(p->people[i].id, id) == 0)
			return &p->people[i];
	return NULL;
}

/* The people the incident's fired rows told, once each, into out (at most max). */
static size_t told_people(const struct policy *p, const struct esc_row *rows, size_t n,
			  const struct mo_person **out, int64_t *at, size_t max, struct arena *a)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		struct strv roles;
		struct mo_err e;

		if (!rows[i].fired_at || split_roles(a, rows[i].roles, &roles, &e))
			continue;
		for (size_t r = 0; r < roles.n; r++) {
			const struct mo_person *pe[64];
			size_t np = policy_role_people(p, roles.v[r], pe, MO_ARRAY_SIZE(pe));

			for (size_t j = 0; j < np; j++) {
				size_t q = 0;

				while (q < k && out[q] != pe[j])
					q++;
				if (q == k && k < max) {
					out[k] = pe[j];
					at[k++] = rows[i].fired_at;
				}
			}
		}
	}
	return k;
}

int engine_ack_by(struct engine *en, int64_t id, const char *person, const char *name,
		  const char *channel, struct mo_err *e)
{
	struct inc inc;
	struct ack_row ack;
	struct ack_row *acks = NULL;
	struct esc_row *rows = NULL;
	size_t n_acks = 0, n_rows = 0, stopped = 0;
	const struct mo_person *told[128];
	int64_t told_at[128];
	struct arena a;
	const char *text, *extra, *who_before = en->who;
	int rc = -1;

	if (engine_load_open(en, id, &inc, e))
		return -1;
	arena_init(&a, (size_t)1 << 20);
	if (store_ack_list(en->st, id, &acks, &n_acks, e) ||
	    store_esc_list(en->st, id, &rows, &n_rows, e))
		goto done;
	memset(&ack, 0, sizeof(ack));
	ack.incident_id = id;
	snprintf(ack.person, sizeof(ack.person), "%s", person ? person : "");
	snprintf(ack.name, sizeof(ack.name), "%s", name);
	snprintf(ack.channel, sizeof(ack.channel), "%s", channel);
	ack.at = en->now;
	if (store_ack_add(en->st, &ack, e) || store_esc_stop(en->st, id, en->now, &stopped, e))
		goto done;
	text = engine_afmt(&a, "%sさんが確認しました（%s）。%s", name, channel_ja(channel, &a),
			   stopped ? "エスカレーションを停止しました" : "対応中です");
	if (!text) {
		mo_err_oom(e, NULL);
		goto done;
	}
	en->who = name;
	rc = engine_event(en, id, "ack", NULL, NULL, NULL, text, e);
	en->who = who_before;
	if (rc)
		goto done;
	rc = -1;
	/* The rest of the chain hears it once: from the first acknowledgement,
	 * or one that stopped a running chain (a raised level's). */
	if (stopped || n_acks == 0) {
		size_t k = told_people(en->p, rows, n_rows, told, told_at, MO_ARRAY_SIZE(told), &a);

		extra = engine_afmt(&a, "%sさんが対応中です", name);
		if (!extra) {
			mo_err_oom(e, NULL);
			goto done;
		}
		for (size_t i = 0; i < k; i++) {
			size_t sent = 0;

			if (person && strcmp(told[i]->id, person) == 0)
				continue;
			if (engine_notify_person(en, &inc, told[i], "ack", extra, en->now, &sent,
						 e))
				goto done;
		}
	}
	rc = 0;
done:
	free(acks);
	free(rows);
	arena_release(&a);
	inc_release(&inc);
	return rc;
}

/* Checks token for an acknowledgement: fills t and out, or refuses. */
static int ack_token(struct engine *en, const char *token, struct linktoken *t,
		     struct ack_result *out, struct mo_err *e)
{
	struct inc inc;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = linktoken_check(en->st, token, en->now, t, e);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		/* Not a signed link at all: there is no such page (404); a
		 * signed one changed: forbidden (403); expired: gone (410). */
		out->status = e->detail == LINKTOKEN_EXPIRED	 ? 410
			      : e->detail == LINKTOKEN_MALFORMED ? 404
								 : 403;
		return 1;
	}
	if (strcmp(t->purpose, "ack") != 0 || t->incident_id <= 0) {
		out->status = 403;
		mo_err_set(e, NULL, 0, 0, "%s",
			   _("This link is not an acknowledgement link of an incident."));
		return 1;
	}
	out->incident_id = t->incident_id;
	{
		char person[128];
		const struct mo_person *pe;
		char *slash;

		snprintf(person, sizeof(person), "%s", t->recipient);
		slash = strchr(person, '/');
		if (slash)
			*slash = '\0';
		pe = person_by_id(en->p, person);
		snprintf(out->name, sizeof(out->name), "%s", pe ? pe->name : person);
	}
	rc = store_incident_get(en->st, t->incident_id, &inc, e);
	if (rc < 0)
		return -1;
	if (rc > 0 || inc.status == INC_CLOSED) {
		inc_release(&inc);
		out->status = 410;
		mo_err_set(e, NULL, 0, 0, "%s",
			   rc > 0 ? _("The incident of this link no longer exists.")
				  : _("The incident of this link is closed: there is nothing to "
				      "acknowledge."));
		return 1;
	}
	inc_release(&inc);
	return 0;
}

int engine_ack_peek(struct engine *en, const char *token, struct ack_result *out, struct mo_err *e)
{
	struct linktoken t;

	return ack_token(en, token, &t, out, e);
}

int engine_ack(struct engine *en, const char *token, const char *channel, struct ack_result *out,
	       struct mo_err *e)
{
	struct linktoken t;
	char person[128], via[64];
	const char *slash;
	int rc = ack_token(en, token, &t, out, e);

	if (rc)
		return rc;
	rc = linktoken_use(en->st, token, en->now, e);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		out->status = 410;
		mo_err_set(e, NULL, 0, 0, "%s",
			   _("This link was used already: the acknowledgement is recorded."));
		return 1;
	}
	snprintf(person, sizeof(person), "%s", t.recipient);
	slash = strchr(t.recipient, '/');
	if (slash) {
		person[slash - t.recipient] = '\0';
		channel = slash + 1;
	} else {
		/* The message that carried the token says by which channel. */
		rc = store_ack_token_channel(en->st, t.incident_id, token, via, sizeof(via), e);
		if (rc < 0)
			return -1;
		if (rc == 0 && via[0])
			channel = via;
	}
	return engine_ack_by(en, t.incident_id, person_by_id(en->p, person) ? person : NULL,
			     out->name, channel && *channel ? channel : "link", e)
		       ? -1
		       : 0;
}

/* ---- Who was told, who answered ---- */

int engine_ack_status(const struct policy *p, struct store *st, int64_t id, struct ack_status *out,
		      struct mo_err *e)
{
	struct esc_row *rows = NULL;
	struct ack_row *acks = NULL;
	size_t n_rows = 0, n_acks = 0, k;
	const struct mo_person *told[128];
	int64_t told_at[128];
	struct arena a;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	arena_init(&a, (size_t)1 << 20);
	if (store_esc_list(st, id, &rows, &n_rows, e) || store_ack_list(st, id, &acks, &n_acks, e))
		goto done;
	for (size_t i = 0; i < n_rows; i++)
		if (!rows[i].fired_at && !rows[i].stopped_at) {
			out->pending++;
			if (!out->next_due || rows[i].due_at < out->next_due)
				out->next_due = rows[i].due_at;
		}
	k = told_people(p, rows, n_rows, told, told_at, MO_ARRAY_SIZE(told), &a);
	out->v = calloc(k + n_acks + 1, sizeof(*out->v));
	if (!out->v) {
		mo_err_oom(e, NULL);
		goto done;
	}
	for (size_t i = 0; i < k; i++) {
		struct ack_person *ap = &out->v[out->n++];

		ap->person = told[i];
		snprintf(ap->name, sizeof(ap->name), "%s", told[i]->name);
		ap->told_at = told_at[i];
	}
	for (size_t i = 0; i < n_acks; i++) {
		struct ack_person *ap = NULL;

		for (size_t j = 0; j < out->n && !ap; j++)
			if (acks[i].person[0] && out->v[j].person &&
			    strcmp(out->v[j].person->id, acks[i].person) == 0)
				ap = &out->v[j];
		for (size_t j = 0; j < out->n && !ap; j++)
			if (strcmp(out->v[j].name, acks[i].name) == 0)
				ap = &out->v[j];
		if (!ap) {
			ap = &out->v[out->n++];
			ap->person = person_by_id(p, acks[i].person);
			snprintf(ap->name, sizeof(ap->name), "%s", acks[i].name);
		}
		if (!ap->acked_at) {
			ap->acked_at = acks[i].at;
			snprintf(ap->channel, sizeof(ap->channel), "%s", acks[i].channel);
		}
	}
	rc = 0;
done:
	free(rows);
	free(acks);
	arena_release(&a);
	if (rc)
		ack_status_release(out);
	return rc;
}

void ack_status_release(struct ack_status *s)
{
	free(s->v);
	s->v = NULL;
	s->n = 0;
}
