/* Steps: an incident's checklist rows. */
#include "store/storeInt.h"

static const char sql_get[] =
	"SELECT " STORE_STEP_COLS " FROM steps WHERE incident_id = ? ORDER BY n";
static const char sql_put[] = "INSERT OR REPLACE INTO steps (" STORE_STEP_COLS
			      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_delete_after[] = "DELETE FROM steps WHERE incident_id = ? AND n > ?";
static const char sql_beyond[] = "SELECT n FROM steps WHERE incident_id = ? AND n > ? ORDER BY n";
static const char sql_update[] =
	"UPDATE steps SET state = ?3, note = ?4, by = ?5, at = ?6 WHERE incident_id = ?1 AND n = ?2";
static const char sql_content[] =
	"SELECT json_array(" STORE_STEP_COLS ") FROM steps WHERE incident_id = ?1 AND n = ?2";

static int audit_step(struct store *st, int64_t id, int n, const char *op, struct mo_err *e)
{
	char key[48];

	snprintf(key, sizeof(key), "%lld/%d", (long long)id, n);
	return store_audit(st, "steps", key, op, strcmp(op, "put") == 0 ? sql_content : NULL, id, n,
			   e);
}

int store_steps_get(struct store *st, int64_t id, struct step_list *out, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_get, e);
	bool oom = false;
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct step *p = store_list_grow((void **)&out->v, &out->n, &out->cap, sizeof(*p));

		if (!p) {
			oom = true;
			break;
		}
		p->incident_id = sqlite3_column_int64(s, 0);
		p->n = sqlite3_column_int(s, 1);
		p->level = sqlite3_column_int(s, 2);
		p->title = store_col_text(s, 3, &out->arena, &oom);
		p->action = store_col_text(s, 4, &out->arena, &oom);
		p->actor = store_col_text(s, 5, &out->arena, &oom);
		p->person = store_col_text(s, 6, &out->arena, &oom);
		p->variant = store_col_text(s, 7, &out->arena, &oom);
		p->due_at = store_col_time(s, 8);
		if (step_state_parse((const char *)sqlite3_column_text(s, 9), &p->state))
			p->state = STEP_TODO;
		p->note = store_col_text(s, 10, &out->arena, &oom);
		p->by = store_col_text(s, 11, &out->arena, &oom);
		p->at = store_col_time(s, 12);
	}
	sqlite3_reset(s);
	if (oom)
		return mo_err_oom(e, st->path);
	if (rc != SQLITE_DONE)
		return store_fail(st, e);
	return 0;
}

static int put(struct store *st, int64_t id, const struct step *p, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_put, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, p->n);
	sqlite3_bind_int(s, 3, p->level);
	store_bind_text(s, 4, p->title);
	store_bind_text(s, 5, p->action ? p->action : "");
	store_bind_text(s, 6, p->actor ? p->actor : "");
	store_bind_text(s, 7, p->person);
	store_bind_text(s, 8, p->variant);
	store_bind_time(s, 9, p->due_at);
	store_bind_text(s, 10, step_state_key(p->state));
	store_bind_text(s, 11, p->note);
	store_bind_text(s, 12, p->by);
	store_bind_time(s, 13, p->at);
	if (store_exec_done(st, s, e))
		return -1;
	return audit_step(st, id, p->n, "put", e);
}

int store_steps_replace(struct store *st, int64_t id, const struct step *v, size_t n,
			struct mo_err *e)
{
	sqlite3_stmt *s;
	int *gone = NULL;
	size_t n_gone = 0, cap = 0;
	int rc;

	for (size_t i = 0; i < n; i++)
		if (put(st, id, &v[i], e))
			return -1;
	/* Rows past the new end: note them for the audit, then delete. */
	s = store_stmt(st, sql_beyond, e);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)n);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int *slot = store_list_grow((void **)&gone, &n_gone, &cap, sizeof(int));

		if (!slot) {
			sqlite3_reset(s);
			free(gone);
			return mo_err_oom(e, st->path);
		}
		*slot = sqlite3_column_int(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(gone);
		return store_fail(st, e);
	}
	rc = 0;
	if (n_gone) {
		s = store_stmt(st, sql_delete_after, e);
		rc = -1;
		if (s) {
			sqlite3_bind_int64(s, 1, id);
			sqlite3_bind_int64(s, 2, (sqlite3_int64)n);
			rc = store_exec_done(st, s, e);
		}
		for (size_t i = 0; rc == 0 && i < n_gone; i++)
			rc = audit_step(st, id, gone[i], "delete", e);
	}
	free(gone);
	return rc;
}

int store_step_update(struct store *st, const struct step *p, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_update, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, p->incident_id);
	sqlite3_bind_int(s, 2, p->n);
	store_bind_text(s, 3, step_state_key(p->state));
	store_bind_text(s, 4, p->note);
	store_bind_text(s, 5, p->by);
	store_bind_time(s, 6, p->at);
	if (store_exec_done(st, s, e))
		return -1;
	if (sqlite3_changes(st->db) != 1)
		return mo_err_set(e, st->path, 0, 0, _("incident %lld has no step %d"),
				  (long long)p->incident_id, p->n);
	return audit_step(st, p->incident_id, p->n, "put", e);
}
