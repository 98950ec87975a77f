/* Evidence metadata: what was kept, its hash, who kept it and when. The
 * files themselves are the engine's (engine/evidence.c). */
#include "store/storeInt.h"

static const char sql_next[] = "SELECT coalesce(max(n), 0) + 1 FROM evidence WHERE incident_id = ?";
static const char sql_insert[] =
	"INSERT INTO evidence (incident_id, n, file, name, source, sha256, size, note, who, at) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_get[] =
	"SELECT " STORE_EVIDENCE_COLS " FROM evidence WHERE incident_id = ? ORDER BY n";
static const char sql_at[] = "SELECT file, sha256 FROM evidence WHERE incident_id = ? AND n = ?";
static const char sql_content[] =
	"SELECT json_array(" STORE_EVIDENCE_COLS ") FROM evidence WHERE id = ?1";

int store_evidence_next(struct store *st, int64_t incident_id, int *n, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_next, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, incident_id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail(st, e);
	}
	*n = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return 0;
}

int store_evidence_add(struct store *st, struct evidence *ev, struct mo_err *e)
{
	sqlite3_stmt *s;
	char key[32];

	if (ev->n <= 0 && store_evidence_next(st, ev->incident_id, &ev->n, e))
		return -1;
	s = store_stmt(st, sql_insert, e);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, ev->incident_id);
	sqlite3_bind_int(s, 2, ev->n);
	store_bind_text(s, 3, ev->file);
	store_bind_text(s, 4, ev->name);
	store_bind_text(s, 5, ev->source);
	store_bind_text(s, 6, ev->sha256);
	sqlite3_bind_int64(s, 7, ev->size);
	store_bind_text(s, 8, ev->note);
	store_bind_text(s, 9, ev->who ? ev->who : "");
	store_bind_time(s, 10, ev->at);
	if (store_exec_done(st, s, e))
		return -1;
	ev->id = sqlite3_last_insert_rowid(st->db);
	snprintf(key, sizeof(key), "%lld", (long long)ev->id);
	return store_audit(st, "evidence", key, "put", sql_content, ev->id, 0, e);
}

static void read_evidence(sqlite3_stmt *s, void *row, void *arena, bool *oom)
{
	struct evidence *p = row;

	p->id = sqlite3_column_int64(s, 0);
	p->incident_id = sqlite3_column_int64(s, 1);
	p->n = sqlite3_column_int(s, 2);
	p->file = store_col_text(s, 3, arena, oom);
	p->name = store_col_text(s, 4, arena, oom);
	p->source = store_col_text(s, 5, arena, oom);
	p->sha256 = store_col_text(s, 6, arena, oom);
	p->size = sqlite3_column_int64(s, 7);
	p->note = store_col_text(s, 8, arena, oom);
	p->who = store_col_text(s, 9, arena, oom);
	p->at = store_col_time(s, 10);
}

int store_evidence_get(struct store *st, int64_t id, struct evidence_list *out, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_get, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_read_rows(st, s, (void **)&out->v, &out->n, &out->cap, sizeof(*out->v),
			       read_evidence, &out->arena, e);
}

int store_evidence_at(struct store *st, int64_t id, int n, char *file, size_t size, char sha256[65],
		      struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_at, e);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, n);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(s, 0);
		const char *h = (const char *)sqlite3_column_text(s, 1);

		snprintf(file, size, "%s", f ? f : "");
		snprintf(sha256, 65, "%s", h ? h : "");
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : store_fail(st, e);
}
