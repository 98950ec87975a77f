/* Results of peacetime checks (store/checks.h): one row per time a check
 * was done, never changed, each one chained into the audit. */
#include "store/checks.h"
#include "store/storeInt.h"

#define COLS STORE_CHECK_RESULT_COLS

static const char sql_insert[] =
	"INSERT INTO check_results (check_id, at, who, note, evidence_sha256, evidence_name, "
	"evidence_size) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char sql_content[] = "SELECT json_array(" COLS ") FROM check_results WHERE id = ?1";
static const char sql_last[] =
	"SELECT " COLS " FROM check_results r WHERE id = (SELECT id FROM check_results "
	"WHERE check_id = r.check_id ORDER BY at DESC, id DESC LIMIT 1) ORDER BY check_id";
static const char sql_history[] = "SELECT " COLS " FROM check_results WHERE check_id = ? "
				  "ORDER BY at DESC, id DESC LIMIT ?";

int store_check_put(struct store *st, struct check_result *r, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_insert, e);
	char key[32];

	if (!s)
		return -1;
	store_bind_text(s, 1, r->check_id);
	store_bind_time(s, 2, r->at);
	store_bind_text(s, 3, r->who ? r->who : "");
	store_bind_text(s, 4, r->note ? r->note : "");
	store_bind_text(s, 5, r->evidence_sha256);
	store_bind_text(s, 6, r->evidence_name);
	if (r->evidence_sha256)
		sqlite3_bind_int64(s, 7, r->evidence_size);
	if (store_exec_done(st, s, e))
		return -1;
	r->id = sqlite3_last_insert_rowid(st->db);
	snprintf(key, sizeof(key), "%lld", (long long)r->id);
	return store_audit(st, "check_results", key, "put", sql_content, r->id, 0, e);
}

int store_check_record(struct store *st, const char *check_id, int64_t at, const char *who,
		       const char *note, const char *evidence_sha256, struct mo_err *e)
{
	struct check_result r = {0};

	r.check_id = check_id;
	r.at = at;
	r.who = who;
	r.note = note;
	r.evidence_sha256 = evidence_sha256;
	return store_check_put(st, &r, e);
}

static void read_result(sqlite3_stmt *s, void *row, void *arena, bool *oom)
{
	struct check_result *r = row;

	r->id = sqlite3_column_int64(s, 0);
	r->check_id = store_col_text(s, 1, arena, oom);
	r->at = store_col_time(s, 2);
	r->who = store_col_text(s, 3, arena, oom);
	r->note = store_col_text(s, 4, arena, oom);
	r->evidence_sha256 = store_col_text(s, 5, arena, oom);
	r->evidence_name = store_col_text(s, 6, arena, oom);
	r->evidence_size = sqlite3_column_int64(s, 7);
}

static int read_all(struct store *st, sqlite3_stmt *s, struct check_results *out, struct mo_err *e)
{
	return store_read_rows(st, s, (void **)&out->v, &out->n, &out->cap, sizeof(*out->v),
			       read_result, &out->arena, e);
}

int store_check_last(struct store *st, struct check_results *out, struct mo_err *e)
{
	sqlite3_stmt *s;

	memset(out, 0, sizeof(*out));
	arena_init(&out->arena, 0);
	s = store_stmt(st, sql_last, e);
	return s ? read_all(st, s, out, e) : -1;
}

int store_check_history(struct store *st, const char *check_id, int limit,
			struct check_results *out, struct mo_err *e)
{
	sqlite3_stmt *s;

	memset(out, 0, sizeof(*out));
	arena_init(&out->arena, 0);
	s = store_stmt(st, sql_history, e);
	if (!s)
		return -1;
	store_bind_text(s, 1, check_id);
	sqlite3_bind_int(s, 2, limit);
	return read_all(st, s, out, e);
}

void check_results_release(struct check_results *l)
{
	free(l->v);
	arena_release(&l->arena);
	memset(l, 0, sizeof(*l));
}
