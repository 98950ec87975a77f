/* The outbox rows (schema: migration_outbox in schema.c). See outbox.h. */
#include "store/outbox.h"
#include "store/storeInt.h"

#include <time.h>

#define OUTBOX_COLS                                                                                \
	"id, incident_id, purpose, person, person_name, channel, address, subject, body, "         \
	"ack_token, ack_url, incident_url, message_id, state, attempts, next_at, lease_until, "    \
	"lease_owner, last_error, created_at, window_from, sent_at"

static const char sql_add[] =
	"INSERT INTO outbox (incident_id, purpose, person, person_name, channel, address, subject, "
	"body, ack_token, ack_url, incident_url, message_id, state, attempts, next_at, created_at, "
	"window_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'pending', 0, ?13, "
	"?14, ?14)";
/* Oldest due first; the partial indexes outbox_due and outbox_lease serve
 * the two halves. */
static const char sql_claim[] =
	"UPDATE outbox SET state = 'sending', lease_owner = ?1, lease_until = ?2, "
	"attempts = attempts + 1 WHERE id IN ("
	" SELECT id FROM (SELECT id, next_at AS t FROM outbox WHERE state = 'pending' AND next_at <= ?3"
	" UNION ALL SELECT id, lease_until AS t FROM outbox WHERE state = 'sending' AND lease_until <= "
	"?3)"
	" ORDER BY t, id LIMIT ?4) RETURNING " OUTBOX_COLS;
static const char sql_finish[] =
	"UPDATE outbox SET state = ?3, next_at = ?4, sent_at = ?5, last_error = coalesce(?6, "
	"last_error), lease_owner = NULL, lease_until = NULL "
	"WHERE id = ?1 AND state = 'sending' AND lease_owner = ?2";
static const char sql_release[] =
	"UPDATE outbox SET state = 'pending', next_at = ?2, lease_owner = NULL, lease_until = NULL "
	"WHERE state = 'sending' AND lease_owner = ?1";
static const char sql_owners[] =
	"SELECT DISTINCT lease_owner FROM outbox WHERE state = 'sending' AND lease_owner IS NOT NULL";
static const char sql_retry[] =
	"UPDATE outbox SET state = 'pending', next_at = ?2, attempts = 0, window_from = ?2 "
	"WHERE id = ?1 AND state IN ('pending', 'dead')";
static const char sql_list_all[] = "SELECT " OUTBOX_COLS " FROM outbox ORDER BY id DESC LIMIT ?";
static const char sql_list_failed[] =
	"SELECT " OUTBOX_COLS " FROM outbox WHERE state = 'dead' OR (state IN ('pending', "
	"'sending') AND last_error IS NOT NULL) ORDER BY id DESC LIMIT ?";
static const char sql_list_unsent[] =
	"SELECT " OUTBOX_COLS " FROM outbox WHERE state IN ('pending', 'sending') "
	"ORDER BY id DESC LIMIT ?";
static const char sql_incident[] =
	"SELECT " OUTBOX_COLS " FROM outbox WHERE incident_id = ? ORDER BY id";
static const char sql_get[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE id = ?";
/* A message's wait starts when it was due: a row never tried waits from
 * its next_at (a held-back level-1 message is not late at night), and does
 * not count before then; a tried one from its creation. */
#define WAIT_FROM                                                                                  \
	"CASE WHEN attempts = 0 AND next_at > ?1 THEN NULL "                                       \
	"WHEN attempts = 0 THEN max(created_at, next_at) ELSE created_at END"
static const char sql_stats[] = "SELECT count(*), coalesce(min(" WAIT_FROM "), ?1), "
				"coalesce(sum((" WAIT_FROM ") <= ?1 - 300), 0), "
				"coalesce(min(CASE WHEN state = 'pending' THEN next_at END), 0) "
				"FROM outbox WHERE state IN ('pending', 'sending')";
static const char sql_dead_recent[] =
	"SELECT count(*) FROM outbox WHERE state = 'dead' AND next_at > ?1 - 86400";

static const char *const state_keys[OUTBOX_STATE_COUNT] = {
	[OUTBOX_PENDING] = "pending",
	[OUTBOX_SENDING] = "sending",
	[OUTBOX_SENT] = "sent",
	[OUTBOX_DEAD] = "dead",
};

const char *outbox_state_key(enum outbox_state s)
{
	return (unsigned)s < OUTBOX_STATE_COUNT ? state_keys[s] : "?";
}

static enum outbox_state state_parse(const char *s)
{
	for (size_t i = 0; i < OUTBOX_STATE_COUNT; i++)
		if (s && strcmp(s, state_keys[i]) == 0)
			return (enum outbox_state)i;
	return OUTBOX_DEAD;
}

void outbox_list_init(struct outbox_list *l)
{
	memset(l, 0, sizeof(*l));
	arena_init(&l->arena, 0);
}

void outbox_list_release(struct outbox_list *l)
{
	arena_release(&l->arena);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void bind_int_or_null(sqlite3_stmt *s, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

int store_outbox_add(struct store *st, struct outbox_msg *m, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_add, e);

	if (!s)
		return -1;
	bind_int_or_null(s, 1, m->incident_id);
	store_bind_text(s, 2, m->purpose);
	store_bind_text(s, 3, m->person);
	store_bind_text(s, 4, m->person_name);
	store_bind_text(s, 5, m->channel);
	store_bind_text(s, 6, m->address);
	store_bind_text(s, 7, m->subject);
	store_bind_text(s, 8, m->body);
	store_bind_text(s, 9, m->ack_token);
	store_bind_text(s, 10, m->ack_url);
	store_bind_text(s, 11, m->incident_url);
	store_bind_text(s, 12, m->message_id);
	sqlite3_bind_int64(s, 13, m->next_at);
	sqlite3_bind_int64(s, 14, m->created_at);
	if (store_exec_done(st, s, e))
		return -1;
	m->id = sqlite3_last_insert_rowid(st->db);
	m->state = OUTBOX_PENDING;
	return 0;
}

static void read_msg(sqlite3_stmt *s, void *row, void *arena, bool *oom)
{
	struct outbox_msg *m = row;

	m->id = sqlite3_column_int64(s, 0);
	m->incident_id = sqlite3_column_int64(s, 1);
	m->purpose = store_col_text(s, 2, arena, oom);
	m->person = store_col_text(s, 3, arena, oom);
	m->person_name = store_col_text(s, 4, arena, oom);
	m->channel = store_col_text(s, 5, arena, oom);
	m->address = store_col_text(s, 6, arena, oom);
	m->subject = store_col_text(s, 7, arena, oom);
	m->body = store_col_text(s, 8, arena, oom);
	m->ack_token = store_col_text(s, 9, arena, oom);
	m->ack_url = store_col_text(s, 10, arena, oom);
	m->incident_url = store_col_text(s, 11, arena, oom);
	m->message_id = store_col_text(s, 12, arena, oom);
	m->state = state_parse((const char *)sqlite3_column_text(s, 13));
	m->attempts = sqlite3_column_int(s, 14);
	m->next_at = sqlite3_column_int64(s, 15);
	m->lease_until = sqlite3_column_int64(s, 16);
	m->lease_owner = store_col_text(s, 17, arena, oom);
	m->last_error = store_col_text(s, 18, arena, oom);
	m->created_at = sqlite3_column_int64(s, 19);
	m->window_from = sqlite3_column_int64(s, 20);
	m->sent_at = sqlite3_column_int64(s, 21);
}

static int read_all(struct store *st, sqlite3_stmt *s, struct outbox_list *out, struct mo_err *e)
{
	return store_read_rows(st, s, (void **)&out->v, &out->n, &out->cap, sizeof(*out->v),
			       read_msg, &out->arena, e);
}

int store_outbox_claim(struct store *st, const char *owner, int64_t now, int64_t lease_until,
		       size_t max, struct outbox_list *out, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_claim, e);

	if (!s)
		return -1;
	store_bind_text(s, 1, owner);
	sqlite3_bind_int64(s, 2, lease_until);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)max);
	return read_all(st, s, out, e);
}

int store_outbox_finish(struct store *st, int64_t id, const char *owner, enum outbox_state state,
			int64_t next_at, int64_t sent_at, const char *error, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_finish, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, owner);
	store_bind_text(s, 3, outbox_state_key(state));
	sqlite3_bind_int64(s, 4, next_at);
	bind_int_or_null(s, 5, sent_at);
	store_bind_text(s, 6, error);
	if (store_exec_done(st, s, e))
		return -1;
	return sqlite3_changes(st->db) == 1 ? 0 : 1;
}

int store_outbox_release(struct store *st, const char *owner, int64_t now, size_t *n,
			 struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_release, e);

	if (!s)
		return -1;
	store_bind_text(s, 1, owner);
	sqlite3_bind_int64(s, 2, now);
	if (store_exec_done(st, s, e))
		return -1;
	if (n)
		*n = (size_t)sqlite3_changes(st->db);
	return 0;
}

int store_outbox_owners(struct store *st, char **out, size_t max, size_t *n, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_owners, e);
	int rc;

	*n = 0;
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *o = (const char *)sqlite3_column_text(s, 0);

		if (*n >= max || !o)
			continue;
		out[*n] = strdup(o);
		if (!out[*n]) {
			sqlite3_reset(s);
			return mo_err_oom(e, NULL);
		}
		(*n)++;
	}
	if (rc != SQLITE_DONE) {
		store_fail(st, e);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return 0;
}

int store_outbox_retry(struct store *st, int64_t id, int64_t now, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_retry, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	if (store_exec_done(st, s, e))
		return -1;
	return sqlite3_changes(st->db) == 1 ? 0 : 1;
}

int store_outbox_list(struct store *st, enum outbox_filter f, size_t limit, struct outbox_list *out,
		      struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st,
				     f == OUTBOX_FAILED	  ? sql_list_failed
				     : f == OUTBOX_UNSENT ? sql_list_unsent
							  : sql_list_all,
				     e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)limit);
	return read_all(st, s, out, e);
}

int store_outbox_incident(struct store *st, int64_t id, struct outbox_list *out, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_incident, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return read_all(st, s, out, e);
}

int store_outbox_get(struct store *st, int64_t id, struct outbox_list *out, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_get, e);
	size_t before = out->n;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (read_all(st, s, out, e))
		return -1;
	return out->n > before ? 0 : 1;
}

int store_outbox_stats(struct store *st, int64_t now, struct outbox_stats *o, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_stats, e);
	int rc;

	memset(o, 0, sizeof(*o));
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		int64_t oldest = sqlite3_column_int64(s, 1);

		o->pending = sqlite3_column_int64(s, 0);
		o->oldest_pending_s = oldest < now ? now - oldest : 0;
		o->stuck = sqlite3_column_int64(s, 2);
		o->next_due = sqlite3_column_int64(s, 3);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_fail(st, e);
	s = store_stmt(st, sql_dead_recent, e);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		o->dead_recent = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_fail(st, e);
}

/* SQLite's own busy handler sleeps 1, 2, 5, 10 … 100 ms between tries: a
 * claim that meets the writer's commit would wait far longer than the
 * commit takes. This one tries again every quarter of a millisecond, up to
 * the same ten seconds. */
static int busy_short(void *arg, int count)
{
	struct timespec ts = {0, 250 * 1000};

	(void)arg;
	if (count >= 40000)
		return 0;
	nanosleep(&ts, NULL);
	return 1;
}

static const char sql_sync_normal[] = "PRAGMA synchronous = NORMAL";

int store_outbox_dispatcher_conn(struct store *st, struct mo_err *e)
{
	sqlite3_busy_handler(st->db, busy_short, NULL);
	/* A claim or a mark lost to a power cut only makes a message go out
	 * again with its Message-ID (at least once, as promised); WAL keeps
	 * the database consistent either way. So this connection's commits
	 * skip the fsync, and the next FULL commit of the writer (or a
	 * checkpoint) makes them durable. */
	if (sqlite3_exec(st->db, sql_sync_normal, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, e);
	return 0;
}
