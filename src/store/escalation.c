/* Escalation rows, acknowledgements, sent reminders and overdue steps
 * (store/escalation.h). Operational state like the outbox: not in the audit
 * chain; every acknowledgement and escalation is on the audited timeline. */
#include "store/escalation.h"
#include "store/storeInt.h"
#include "util/timefmt.h"

static const char sql_esc_add[] =
	"INSERT INTO escalation (incident_id, level, round, step, roles, wait, purpose, due_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
#define ESC_COLS                                                                                   \
	"id, incident_id, level, round, step, roles, wait, purpose, due_at, "                      \
	"fired_at, stopped_at"
static const char sql_esc_list[] =
	"SELECT " ESC_COLS " FROM escalation WHERE incident_id = ?1 ORDER BY due_at, id";
static const char sql_esc_due[] =
	"SELECT " ESC_COLS " FROM escalation WHERE fired_at = 0 AND stopped_at = 0 "
	"AND due_at <= ?1 ORDER BY due_at, id LIMIT ?2";
static const char sql_esc_fire[] =
	"UPDATE escalation SET fired_at = ?2 WHERE id = ?1 AND fired_at = 0";
static const char sql_esc_stop[] =
	"UPDATE escalation SET stopped_at = ?2 WHERE incident_id = ?1 AND fired_at = 0 "
	"AND stopped_at = 0";
static const char sql_ack_add[] =
	"INSERT INTO acks (incident_id, person, name, channel, at) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_ack_list[] =
	"SELECT id, incident_id, person, name, channel, at FROM acks WHERE incident_id = ?1 "
	"ORDER BY at, id";
static const char sql_reminder[] =
	"INSERT INTO reminders_sent (key, at) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING";
/* steps.due_at is RFC 3339 UTC text, so text order is time order. Only the
 * steps that still owe a reminder (the actor's, or the owner's after the
 * grace): a tick every second reads nothing once all are sent. The keys are
 * the ones engine/reminders.c marks. */
static const char sql_overdue[] =
	"SELECT s.incident_id, s.n, s.actor, coalesce(s.title, substr(s.action, 1, 60)), s.due_at "
	"FROM steps s JOIN incidents i ON i.id = s.incident_id "
	"WHERE s.state IN ('todo', 'doing') AND s.due_at IS NOT NULL AND s.due_at <= ?1 "
	"AND i.status <> 'closed' AND (?3 < 0 OR NOT EXISTS (SELECT 1 FROM reminders_sent r WHERE "
	"r.key = "
	"'step/' || s.incident_id || '/' || s.n || '/' || CAST(strftime('%s', s.due_at) AS INTEGER)) "
	"OR (CAST(strftime('%s', s.due_at) AS INTEGER) + ?3 <= ?4 AND NOT EXISTS (SELECT 1 FROM "
	"reminders_sent r WHERE r.key = 'owner/' || s.incident_id || '/' || s.n || '/' || "
	"CAST(strftime('%s', s.due_at) AS INTEGER)))) "
	"ORDER BY s.due_at, s.incident_id, s.n LIMIT ?2";
static const char sql_reminder_seen[] = "SELECT 1 FROM reminders_sent WHERE key = ?1";
static const char sql_token_channel[] =
	"SELECT channel FROM outbox WHERE incident_id = ?1 AND ack_token = ?2 LIMIT 1";

static void copy_col(sqlite3_stmt *s, int i, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	snprintf(out, size, "%s", t ? (const char *)t : "");
}

int store_esc_add(struct store *st, struct esc_row *r, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_esc_add, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, r->incident_id);
	sqlite3_bind_int(s, 2, r->level);
	sqlite3_bind_int(s, 3, r->round);
	sqlite3_bind_int(s, 4, r->step);
	store_bind_text(s, 5, r->roles);
	sqlite3_bind_int64(s, 6, r->wait);
	store_bind_text(s, 7, r->purpose);
	sqlite3_bind_int64(s, 8, r->due_at);
	if (store_exec_done(st, s, e))
		return -1;
	r->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static void read_esc(sqlite3_stmt *s, void *row, void *ctx, bool *oom)
{
	struct esc_row *r = row;

	(void)ctx;
	(void)oom;
	r->id = sqlite3_column_int64(s, 0);
	r->incident_id = sqlite3_column_int64(s, 1);
	r->level = sqlite3_column_int(s, 2);
	r->round = sqlite3_column_int(s, 3);
	r->step = sqlite3_column_int(s, 4);
	copy_col(s, 5, r->roles, sizeof(r->roles));
	r->wait = sqlite3_column_int64(s, 6);
	copy_col(s, 7, r->purpose, sizeof(r->purpose));
	r->due_at = sqlite3_column_int64(s, 8);
	r->fired_at = sqlite3_column_int64(s, 9);
	r->stopped_at = sqlite3_column_int64(s, 10);
}

int store_esc_list(struct store *st, int64_t id, struct esc_row **v, size_t *n, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_esc_list, e);
	size_t cap = 0;

	*v = NULL;
	*n = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_read_rows(st, s, (void **)v, n, &cap, sizeof(**v), read_esc, NULL, e);
}

int store_esc_due(struct store *st, int64_t now, size_t max, struct esc_row **v, size_t *n,
		  struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_esc_due, e);
	size_t cap = 0;

	*v = NULL;
	*n = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
	return store_read_rows(st, s, (void **)v, n, &cap, sizeof(**v), read_esc, NULL, e);
}

int store_esc_fire(struct store *st, int64_t id, int64_t now, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_esc_fire, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	return store_exec_done(st, s, e);
}

int store_esc_stop(struct store *st, int64_t id, int64_t now, size_t *stopped, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_esc_stop, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	if (store_exec_done(st, s, e))
		return -1;
	if (stopped)
		*stopped = (size_t)sqlite3_changes(st->db);
	return 0;
}

int store_ack_add(struct store *st, struct ack_row *r, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_ack_add, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, r->incident_id);
	store_bind_text(s, 2, r->person);
	store_bind_text(s, 3, r->name);
	store_bind_text(s, 4, r->channel);
	sqlite3_bind_int64(s, 5, r->at);
	if (store_exec_done(st, s, e))
		return -1;
	r->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static void read_ack(sqlite3_stmt *s, void *row, void *ctx, bool *oom)
{
	struct ack_row *r = row;

	(void)ctx;
	(void)oom;
	r->id = sqlite3_column_int64(s, 0);
	r->incident_id = sqlite3_column_int64(s, 1);
	copy_col(s, 2, r->person, sizeof(r->person));
	copy_col(s, 3, r->name, sizeof(r->name));
	copy_col(s, 4, r->channel, sizeof(r->channel));
	r->at = sqlite3_column_int64(s, 5);
}

int store_ack_list(struct store *st, int64_t id, struct ack_row **v, size_t *n, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_ack_list, e);
	size_t cap = 0;

	*v = NULL;
	*n = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_read_rows(st, s, (void **)v, n, &cap, sizeof(**v), read_ack, NULL, e);
}

int store_reminder_mark(struct store *st, const char *key, int64_t now, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_reminder, e);

	if (!s)
		return -1;
	store_bind_text(s, 1, key);
	sqlite3_bind_int64(s, 2, now);
	if (store_exec_done(st, s, e))
		return -1;
	return sqlite3_changes(st->db) == 0 ? 1 : 0;
}

static void read_overdue(sqlite3_stmt *s, void *row, void *ctx, bool *oom)
{
	struct overdue_step *o = row;
	const unsigned char *t;

	(void)ctx;
	(void)oom;
	o->incident_id = sqlite3_column_int64(s, 0);
	o->n = sqlite3_column_int(s, 1);
	copy_col(s, 2, o->actor, sizeof(o->actor));
	copy_col(s, 3, o->title, sizeof(o->title));
	t = sqlite3_column_text(s, 4);
	if (!t || time_parse((const char *)t, &o->due_at))
		o->due_at = 0;
}

int store_esc_overdue_steps(struct store *st, int64_t now, int64_t grace, size_t max,
			    struct overdue_step **v, size_t *n, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_overdue, e);
	size_t cap = 0;

	*v = NULL;
	*n = 0;
	if (!s)
		return -1;
	store_bind_time(s, 1, now);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
	sqlite3_bind_int64(s, 3, grace);
	sqlite3_bind_int64(s, 4, now);
	return store_read_rows(st, s, (void **)v, n, &cap, sizeof(**v), read_overdue, NULL, e);
}

int store_ack_token_channel(struct store *st, int64_t id, const char *token, char *out, size_t size,
			    struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_token_channel, e);
	int rc;

	out[0] = '\0';
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, token);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		copy_col(s, 0, out, size);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, e);
	return rc == SQLITE_ROW ? 0 : 1;
}

int store_reminder_seen(struct store *st, const char *key, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_reminder_seen, e);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, key);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, e);
	return rc == SQLITE_ROW ? 1 : 0;
}
