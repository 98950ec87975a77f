/* The timeline (対応経過) and the decisions: append-only rows. */
#include "store/storeInt.h"

static const char sql_event_insert[] =
	"INSERT INTO events (incident_id, at, who, kind, field, before, after, text, login) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_event_get[] =
	"SELECT " STORE_EVENT_COLS ", login FROM events WHERE incident_id = ? ORDER BY id";
static const char sql_event_content[] = "SELECT " STORE_EVENT_JSON " FROM events WHERE id = ?1";
static const char sql_decision_insert[] =
	"INSERT INTO decisions (incident_id, phase, point, decision, why, who, at) "
	"VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char sql_decision_get[] =
	"SELECT " STORE_DECISION_COLS " FROM decisions WHERE incident_id = ? ORDER BY id";
static const char sql_decision_content[] =
	"SELECT json_array(" STORE_DECISION_COLS ") FROM decisions WHERE id = ?1";

static int audit_row(struct store *st, const char *tbl, const char *sql, int64_t id,
		     struct mo_err *e)
{
	char key[32];

	snprintf(key, sizeof(key), "%lld", (long long)id);
	return store_audit(st, tbl, key, "put", sql, id, 0, e);
}

int store_event_append(struct store *st, struct event *ev, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_event_insert, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, ev->incident_id);
	store_bind_time(s, 2, ev->at);
	store_bind_text(s, 3, ev->who ? ev->who : "");
	store_bind_text(s, 4, ev->kind);
	store_bind_text(s, 5, ev->field);
	store_bind_text(s, 6, ev->before);
	store_bind_text(s, 7, ev->after);
	store_bind_text(s, 8, ev->text);
	/* Who is logged in, whatever name the event shows. */
	store_bind_text(s, 9, st->login);
	if (store_exec_done(st, s, e))
		return -1;
	ev->id = sqlite3_last_insert_rowid(st->db);
	if (audit_row(st, "events", sql_event_content, ev->id, e))
		return -1;
	if (ev->text && strcmp(ev->kind, "note") == 0)
		return store_search_note(st, ev->incident_id, ev->text, e);
	return 0;
}

static void read_event(sqlite3_stmt *s, void *row, void *arena, bool *oom)
{
	struct event *p = row;

	p->id = sqlite3_column_int64(s, 0);
	p->incident_id = sqlite3_column_int64(s, 1);
	p->at = store_col_time(s, 2);
	p->who = store_col_text(s, 3, arena, oom);
	p->kind = store_col_text(s, 4, arena, oom);
	p->field = store_col_text(s, 5, arena, oom);
	p->before = store_col_text(s, 6, arena, oom);
	p->after = store_col_text(s, 7, arena, oom);
	p->text = store_col_text(s, 8, arena, oom);
	p->login = store_col_text(s, 9, arena, oom);
}

int store_events_get(struct store *st, int64_t id, struct event_list *out, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_event_get, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_read_rows(st, s, (void **)&out->v, &out->n, &out->cap, sizeof(*out->v),
			       read_event, &out->arena, e);
}

int store_decision_add(struct store *st, struct decision *d, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_decision_insert, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, d->incident_id);
	store_bind_text(s, 2, d->phase);
	store_bind_text(s, 3, d->point);
	store_bind_text(s, 4, d->decision);
	store_bind_text(s, 5, d->why);
	store_bind_text(s, 6, d->who ? d->who : "");
	store_bind_time(s, 7, d->at);
	if (store_exec_done(st, s, e))
		return -1;
	d->id = sqlite3_last_insert_rowid(st->db);
	return audit_row(st, "decisions", sql_decision_content, d->id, e);
}

static void read_decision(sqlite3_stmt *s, void *row, void *arena, bool *oom)
{
	struct decision *p = row;

	p->id = sqlite3_column_int64(s, 0);
	p->incident_id = sqlite3_column_int64(s, 1);
	p->phase = store_col_text(s, 2, arena, oom);
	p->point = store_col_text(s, 3, arena, oom);
	p->decision = store_col_text(s, 4, arena, oom);
	p->why = store_col_text(s, 5, arena, oom);
	p->who = store_col_text(s, 6, arena, oom);
	p->at = store_col_time(s, 7);
}

int store_decisions_get(struct store *st, int64_t id, struct decision_list *out, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_decision_get, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_read_rows(st, s, (void **)&out->v, &out->n, &out->cap, sizeof(*out->v),
			       read_decision, &out->arena, e);
}
