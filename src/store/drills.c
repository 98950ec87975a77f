/* Drills and their injects (store/drills.h). */
#include "store/drills.h"
#include "store/storeInt.h"

#define DRILL_COLS "incident_id, scenario, title, started_at, ended_at, score, by"
#define INJECT_COLS "incident_id, n, due_at, text, sent_at"

static const char sql_add[] = "INSERT INTO drills (" DRILL_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, "
			      "?6, ?7)";
static const char sql_get[] = "SELECT " DRILL_COLS " FROM drills WHERE incident_id = ?1";
static const char sql_end[] =
	"UPDATE drills SET ended_at = ?2, score = ?3 WHERE incident_id = ?1 AND ended_at IS NULL";
static const char sql_list[] = "SELECT " DRILL_COLS " FROM drills ORDER BY started_at DESC, "
			       "incident_id DESC LIMIT ?1";
static const char sql_inj_add[] = "INSERT INTO drill_injects (" INJECT_COLS ") VALUES (?1, ?2, "
				  "?3, ?4, NULL)";
static const char sql_inj_list[] = "SELECT " INJECT_COLS " FROM drill_injects WHERE "
				   "incident_id = ?1 ORDER BY n";
static const char sql_inj_due[] =
	"SELECT " INJECT_COLS " FROM drill_injects j WHERE j.sent_at IS NULL AND j.due_at <= ?1 "
	"AND EXISTS (SELECT 1 FROM drills d WHERE d.incident_id = j.incident_id AND d.ended_at IS "
	"NULL) ORDER BY j.due_at, j.incident_id, j.n LIMIT ?2";
static const char sql_inj_sent[] =
	"UPDATE drill_injects SET sent_at = ?3 WHERE incident_id = ?1 AND n = ?2";

static int64_t col_time(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? MO_TIME_NONE : sqlite3_column_int64(s, i);
}

static void bind_time(sqlite3_stmt *s, int i, int64_t t)
{
	if (t == MO_TIME_NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, t);
}

static void copy(char *dst, size_t size, const unsigned char *src)
{
	snprintf(dst, size, "%s", src ? (const char *)src : "");
}

static void read_drill(sqlite3_stmt *s, void *row, void *ctx, bool *oom)
{
	struct drill_row *r = row;

	(void)ctx;
	(void)oom;
	r->incident_id = sqlite3_column_int64(s, 0);
	copy(r->scenario, sizeof(r->scenario), sqlite3_column_text(s, 1));
	copy(r->title, sizeof(r->title), sqlite3_column_text(s, 2));
	r->started_at = col_time(s, 3);
	r->ended_at = col_time(s, 4);
	r->score = sqlite3_column_type(s, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 5);
	copy(r->by, sizeof(r->by), sqlite3_column_text(s, 6));
}

static void read_inject(sqlite3_stmt *s, void *row, void *ctx, bool *oom)
{
	struct drill_inject *r = row;

	(void)ctx;
	(void)oom;
	r->incident_id = sqlite3_column_int64(s, 0);
	r->n = sqlite3_column_int(s, 1);
	r->due_at = col_time(s, 2);
	copy(r->text, sizeof(r->text), sqlite3_column_text(s, 3));
	r->sent_at = col_time(s, 4);
}

int store_drill_add(struct store *st, const struct drill_row *r, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_add, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, r->incident_id);
	store_bind_text(s, 2, r->scenario);
	store_bind_text(s, 3, r->title);
	bind_time(s, 4, r->started_at);
	bind_time(s, 5, r->ended_at);
	if (r->score >= 0)
		sqlite3_bind_int(s, 6, r->score);
	store_bind_text(s, 7, r->by);
	return store_exec_done(st, s, e);
}

int store_drill_get(struct store *st, int64_t id, struct drill_row *out, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_get, e);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_drill(s, out, NULL, NULL);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(st, e);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : 1;
}

int store_drill_end(struct store *st, int64_t id, int64_t at, int score, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_end, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, at);
	sqlite3_bind_int(s, 3, score);
	if (store_exec_done(st, s, e))
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return mo_err_setc(e, MO_ECONFLICT, _("the drill has already ended"));
	return 0;
}

int store_drill_list(struct store *st, size_t max, struct drill_row **v, size_t *n,
		     struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_list, e);
	size_t cap = 0;

	*v = NULL;
	*n = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)max);
	return store_read_rows(st, s, (void **)v, n, &cap, sizeof(**v), read_drill, NULL, e);
}

int store_drill_inject_add(struct store *st, const struct drill_inject *in, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_inj_add, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, in->incident_id);
	sqlite3_bind_int(s, 2, in->n);
	bind_time(s, 3, in->due_at);
	store_bind_text(s, 4, in->text);
	return store_exec_done(st, s, e);
}

int store_drill_injects(struct store *st, int64_t id, struct drill_inject **v, size_t *n,
			struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_inj_list, e);
	size_t cap = 0;

	*v = NULL;
	*n = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_read_rows(st, s, (void **)v, n, &cap, sizeof(**v), read_inject, NULL, e);
}

int store_drill_injects_due(struct store *st, int64_t now, size_t max, struct drill_inject **v,
			    size_t *n, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_inj_due, e);
	size_t cap = 0;

	*v = NULL;
	*n = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
	return store_read_rows(st, s, (void **)v, n, &cap, sizeof(**v), read_inject, NULL, e);
}

int store_drill_inject_sent(struct store *st, int64_t id, int n, int64_t now, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_inj_sent, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, n);
	sqlite3_bind_int64(s, 3, now);
	return store_exec_done(st, s, e);
}
