/* Incidents: the row, its columns mapped to struct inc once (a table), and
 * the lists. */
#include "store/storeInt.h"

#include <stddef.h>

enum col_type {
	C_ID,	  /* int64_t */
	C_TEXT,	  /* const char * */
	C_INT,	  /* int, never NULL */
	C_UINT,	  /* unsigned, never NULL */
	C_COUNT,  /* long long, NULL when negative */
	C_TRI,	  /* int, NULL when MO_TRI_NONE */
	C_TIME,	  /* int64_t, NULL when MO_TIME_NONE */
	C_STATUS, /* enum inc_status as its key */
};

#define COL(name, type, member)                                                                    \
	{                                                                                          \
		name, type, offsetof(struct inc, member)                                           \
	}

/* In the order of STORE_INCIDENT_COLS; checked when the statement is
 * prepared (check_columns). */
static const struct {
	const char *name;
	enum col_type type;
	size_t off;
} cols[] = {
	COL("id", C_ID, id),
	COL("title", C_TEXT, title),
	COL("description", C_TEXT, description),
	COL("category", C_TEXT, category),
	COL("level", C_INT, level),
	COL("status", C_STATUS, status),
	COL("owner_role", C_TEXT, owner_role),
	COL("owner", C_TEXT, owner),
	COL("impact", C_UINT, impact),
	COL("sign", C_TEXT, sign),
	COL("discovered_at", C_TIME, discovered_at),
	COL("occurred_at", C_TIME, occurred_at),
	COL("reported_at", C_TIME, reported_at),
	COL("updated_at", C_TIME, updated_at),
	COL("closed_at", C_TIME, closed_at),
	COL("closed_from", C_TEXT, closed_from),
	COL("reporter_name", C_TEXT, reporter_name),
	COL("reporter_contact", C_TEXT, reporter_contact),
	COL("reporter_external", C_INT, reporter_external),
	COL("business", C_TEXT, business),
	COL("client", C_TEXT, client),
	COL("responsible", C_TEXT, responsible),
	COL("cause", C_TEXT, cause),
	COL("affected_systems", C_TEXT, affected_systems),
	COL("system_config", C_TEXT, system_config),
	COL("measures", C_TEXT, measures),
	COL("lessons", C_TEXT, lessons),
	COL("data_kinds", C_TEXT, facts.data_kinds),
	COL("persons", C_COUNT, facts.persons),
	COL("sensitive", C_TRI, facts.sensitive),
	COL("financial", C_TRI, facts.financial),
	COL("encrypted", C_TRI, facts.encrypted),
	COL("malicious", C_TRI, facts.malicious),
	COL("my_number", C_TRI, facts.my_number),
	COL("malware_name", C_TEXT, facts.malware_name),
	COL("hosts", C_TEXT, facts.hosts),
	COL("disconnected", C_TRI, facts.disconnected),
	COL("entry_point", C_TEXT, facts.entry_point),
	COL("accounts", C_TEXT, facts.accounts),
	COL("unauthorized_access", C_TRI, facts.unauthorized_access),
	COL("systems", C_TEXT, facts.systems),
	COL("workaround", C_TEXT, facts.workaround),
	COL("skimming", C_TRI, facts.skimming),
	COL("mynumber_system", C_TRI, facts.mynumber_system),
	COL("exposed_public", C_TRI, facts.exposed_public),
};

#define NCOLS ((int)MO_ARRAY_SIZE(cols))

static const char sql_insert[] =
	"INSERT INTO incidents (" STORE_INCIDENT_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	"?, ?, ?, ?, ?)";
/* The same columns; id is bound as ?1 and kept. */
static const char sql_update[] =
	"UPDATE incidents SET (" STORE_INCIDENT_COLS ") = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	"WHERE id = ?1";
static const char sql_get[] = "SELECT " STORE_INCIDENT_COLS " FROM incidents WHERE id = ?";
static const char sql_content[] = "SELECT " STORE_INCIDENT_JSON " FROM incidents WHERE id = ?1";
static const char sql_next_id[] = "SELECT coalesce(max(id), 0) + 1 FROM incidents";

#define SUMMARY_COLS                                                                               \
	"i.id, i.title, i.category, i.level, i.status, i.owner, i.discovered_at, i.updated_at, "   \
	"(SELECT count(*) FROM steps s WHERE s.incident_id = i.id), "                              \
	"(SELECT count(*) FROM steps s WHERE s.incident_id = i.id AND s.state IN ('done', "        \
	"'skipped')), "                                                                            \
	"(SELECT min(due_at) FROM steps s WHERE s.incident_id = i.id AND s.state IN ('todo', "     \
	"'doing'))"

static const char sql_list_open[] =
	"SELECT " SUMMARY_COLS " FROM incidents i "
	"WHERE i.status <> 'closed' " STORE_NOT_DRILL("i.id") "ORDER BY i.id DESC LIMIT ? OFFSET ?";
static const char sql_list_closed[] =
	"SELECT " SUMMARY_COLS " FROM incidents i "
	"WHERE i.status = 'closed' " STORE_NOT_DRILL("i.id") "ORDER BY i.id DESC LIMIT ? OFFSET ?";
static const char sql_list_all[] =
	"SELECT " SUMMARY_COLS " FROM incidents i "
	"WHERE 1 " STORE_NOT_DRILL("i.id") "ORDER BY i.id DESC LIMIT ? OFFSET ?";
static const char sql_list_drills[] = "SELECT " SUMMARY_COLS " FROM incidents i "
				      "WHERE i.id IN (SELECT incident_id FROM drills) "
				      "ORDER BY i.id DESC LIMIT ? OFFSET ?";
static const char sql_summary[] = "SELECT " SUMMARY_COLS " FROM incidents i WHERE i.id = ?";
static const char sql_count_open[] =
	"SELECT count(*) FROM incidents WHERE status <> 'closed' " STORE_NOT_DRILL("id");
static const char sql_count_closed[] =
	"SELECT count(*) FROM incidents WHERE status = 'closed' " STORE_NOT_DRILL("id");
static const char sql_count_all[] = "SELECT count(*) FROM incidents WHERE 1 " STORE_NOT_DRILL("id");
static const char sql_count_drills[] = "SELECT count(*) FROM drills";

/* The statement's columns must be cols[] in order: a mismatch is a bug
 * here, caught at the first use rather than as swapped data. */
static int check_columns(struct store *st, sqlite3_stmt *s, struct mo_err *e)
{
	if (sqlite3_column_count(s) != NCOLS)
		return mo_err_set(e, st->path, 0, 0, "store: incident columns do not match");
	for (int i = 0; i < NCOLS; i++)
		if (strcmp(sqlite3_column_name(s, i), cols[i].name) != 0)
			return mo_err_set(e, st->path, 0, 0, "store: column %d is %s, expected %s",
					  i, sqlite3_column_name(s, i), cols[i].name);
	return 0;
}

static void bind_all(sqlite3_stmt *s, const struct inc *inc)
{
	const char *base = (const char *)inc;

	for (int i = 0; i < NCOLS; i++) {
		const void *p = base + cols[i].off;

		switch (cols[i].type) {
		case C_ID:
			sqlite3_bind_int64(s, i + 1, *(const int64_t *)p);
			break;
		case C_TEXT:
			store_bind_text(s, i + 1, *(const char *const *)p);
			break;
		case C_INT:
			sqlite3_bind_int(s, i + 1, *(const int *)p);
			break;
		case C_UINT:
			sqlite3_bind_int64(s, i + 1, *(const unsigned *)p);
			break;
		case C_COUNT:
			store_bind_count(s, i + 1, *(const long long *)p);
			break;
		case C_TRI:
			store_bind_tri(s, i + 1, *(const int *)p);
			break;
		case C_TIME:
			store_bind_time(s, i + 1, *(const int64_t *)p);
			break;
		case C_STATUS:
			store_bind_text(s, i + 1, inc_status_key(*(const enum inc_status *)p));
			break;
		}
	}
}

static int read_all(struct store *st, sqlite3_stmt *s, struct inc *inc, struct mo_err *e)
{
	char *base = (char *)inc;
	bool oom = false;

	for (int i = 0; i < NCOLS; i++) {
		void *p = base + cols[i].off;

		switch (cols[i].type) {
		case C_ID:
			*(int64_t *)p = sqlite3_column_int64(s, i);
			break;
		case C_TEXT:
			*(const char **)p = store_col_text(s, i, &inc->arena, &oom);
			break;
		case C_INT:
			*(int *)p = sqlite3_column_int(s, i);
			break;
		case C_UINT:
			*(unsigned *)p = (unsigned)sqlite3_column_int64(s, i);
			break;
		case C_COUNT:
			*(long long *)p = store_col_count(s, i);
			break;
		case C_TRI:
			*(int *)p = store_col_tri(s, i);
			break;
		case C_TIME:
			*(int64_t *)p = store_col_time(s, i);
			break;
		case C_STATUS:
			if (inc_status_parse((const char *)sqlite3_column_text(s, i),
					     (enum inc_status *)p))
				return mo_err_set(e, st->path, 0, 0,
						  _("incident %lld has an unknown status"),
						  (long long)inc->id);
			break;
		}
	}
	if (!inc->description)
		inc->description = "";
	if (oom)
		return mo_err_oom(e, st->path);
	return 0;
}

static int audit_incident(struct store *st, int64_t id, struct mo_err *e)
{
	char key[32];

	snprintf(key, sizeof(key), "%lld", (long long)id);
	return store_audit(st, "incidents", key, "put", sql_content, id, 0, e);
}

int store_incident_insert(struct store *st, struct inc *inc, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_next_id, e);

	if (!s)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail(st, e);
	}
	inc->id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	s = store_stmt(st, sql_insert, e);
	if (!s)
		return -1;
	bind_all(s, inc);
	if (store_exec_done(st, s, e) || audit_incident(st, inc->id, e) ||
	    store_search_sync(st, inc->id, true, e)) {
		inc->id = 0;
		return -1;
	}
	return 0;
}

int store_incident_update(struct store *st, const struct inc *inc, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_update, e);

	if (!s)
		return -1;
	bind_all(s, inc);
	if (store_exec_done(st, s, e))
		return -1;
	if (sqlite3_changes(st->db) != 1)
		return mo_err_set(e, st->path, 0, 0, _("no incident %lld"), (long long)inc->id);
	if (audit_incident(st, inc->id, e))
		return -1;
	return store_search_sync(st, inc->id, false, e);
}

int store_incident_get(struct store *st, int64_t id, struct inc *out, struct mo_err *e)
{
	static bool checked;
	sqlite3_stmt *s = store_stmt(st, sql_get, e);
	int rc;

	inc_init(out);
	if (!s)
		return -1;
	if (!checked) {
		if (check_columns(st, s, e))
			return -1;
		checked = true;
	}
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return 1;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail(st, e);
	}
	rc = read_all(st, s, out, e);
	sqlite3_reset(s);
	if (rc)
		inc_release(out);
	return rc;
}

static int read_summaries(struct store *st, sqlite3_stmt *s, struct inc_summary_list *out,
			  struct mo_err *e)
{
	int rc;
	bool oom = false;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct inc_summary *r =
			store_list_grow((void **)&out->v, &out->n, &out->cap, sizeof(*out->v));

		if (!r) {
			sqlite3_reset(s);
			return mo_err_oom(e, st->path);
		}
		r->id = sqlite3_column_int64(s, 0);
		r->title = store_col_text(s, 1, &out->arena, &oom);
		r->category = store_col_text(s, 2, &out->arena, &oom);
		r->level = sqlite3_column_int(s, 3);
		if (inc_status_parse((const char *)sqlite3_column_text(s, 4), &r->status))
			r->status = INC_REPORTED;
		r->owner = store_col_text(s, 5, &out->arena, &oom);
		r->discovered_at = store_col_time(s, 6);
		r->updated_at = store_col_time(s, 7);
		r->steps_total = sqlite3_column_int(s, 8);
		r->steps_closed = sqlite3_column_int(s, 9);
		r->next_due = store_col_time(s, 10);
		r->filing_due = MO_TIME_NONE;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, e);
	if (oom)
		return mo_err_oom(e, st->path);
	return 0;
}

int store_incident_list(struct store *st, enum store_filter filter, size_t limit, size_t offset,
			struct inc_summary_list *out, struct mo_err *e)
{
	static const char *const by_filter[] = {
		[STORE_OPEN] = sql_list_open,
		[STORE_CLOSED] = sql_list_closed,
		[STORE_ALL] = sql_list_all,
		[STORE_DRILLS] = sql_list_drills,
	};
	sqlite3_stmt *s = store_stmt(st, by_filter[filter], e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)limit);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)offset);
	return read_summaries(st, s, out, e);
}

int store_incident_summary(struct store *st, int64_t id, struct inc_summary_list *out,
			   struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_summary, e);
	size_t before = out->n;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (read_summaries(st, s, out, e))
		return -1;
	return out->n == before ? 1 : 0;
}

int store_incident_count(struct store *st, enum store_filter filter, int64_t *n, struct mo_err *e)
{
	static const char *const by_filter[] = {
		[STORE_OPEN] = sql_count_open,
		[STORE_CLOSED] = sql_count_closed,
		[STORE_ALL] = sql_count_all,
		[STORE_DRILLS] = sql_count_drills,
	};
	sqlite3_stmt *s = store_stmt(st, by_filter[filter], e);

	if (!s)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail(st, e);
	}
	*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}
