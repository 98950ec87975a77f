/* The report forms' one-time keys (store/report_once.h). */
#include "store/report_once.h"
#include "store/storeInt.h"

static const char sql_once_get[] = "SELECT incident_id FROM report_once WHERE hash = ?";
static const char sql_once_add[] =
	"INSERT INTO report_once (hash, incident_id, at) VALUES (?1, ?2, ?3)";

int store_report_once_get(struct store *st, const char *hash, int64_t *id, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_once_get, e);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, hash);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(st, e);
}

int store_report_once_add(struct store *st, const char *hash, int64_t id, int64_t now,
			  struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_once_add, e);

	if (!s)
		return -1;
	store_bind_text(s, 1, hash);
	sqlite3_bind_int64(s, 2, id);
	sqlite3_bind_int64(s, 3, now);
	return store_exec_done(st, s, e);
}
