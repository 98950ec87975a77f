/* The web server's tables: users, sessions, API tokens, settings, login
 * failures and report filers (schema in schema.c, migration 2), and the
 * savepoints of the server's writer. See auth.h. */
#include "store/auth.h"
#include "store/storeInt.h"
#include "util/utf8.h"

#define USER_COLS "id, name, display, role, pwhash, disabled, must_change, created_at"
static const char sql_user_add[] =
	"INSERT INTO users (name, display, role, pwhash, disabled, must_change, created_at) "
	"VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING";
static const char sql_user_get[] = "SELECT " USER_COLS " FROM users WHERE id = ?";
static const char sql_user_by_name[] = "SELECT " USER_COLS " FROM users WHERE name = ?";
static const char sql_user_list[] = "SELECT " USER_COLS " FROM users ORDER BY name";
static const char sql_user_count[] = "SELECT count(*) FROM users";
static const char sql_user_update[] =
	"UPDATE users SET display = ?2, role = ?3, pwhash = ?4, disabled = ?5, must_change = ?6 "
	"WHERE id = ?1";

static const char sql_session_add[] =
	"INSERT INTO sessions (hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)";
static const char sql_session_get[] =
	"SELECT u.id, u.name, u.display, u.role, u.pwhash, u.disabled, u.must_change, "
	"u.created_at, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id "
	"WHERE s.hash = ?1 AND s.expires_at > ?2 AND u.disabled = 0";
static const char sql_session_delete[] = "DELETE FROM sessions WHERE hash = ?";
static const char sql_sessions_delete_user[] = "DELETE FROM sessions WHERE user_id = ?";
static const char sql_sessions_purge[] = "DELETE FROM sessions WHERE expires_at <= ?";

#define TOKEN_COLS "id, role, label, created_by, created_at, coalesce(revoked_at, 0)"
static const char sql_token_add[] =
	"INSERT INTO api_tokens (hash, role, label, created_by, created_at) VALUES (?, ?, ?, ?, ?)";
static const char sql_token_find[] =
	"SELECT " TOKEN_COLS " FROM api_tokens WHERE hash = ? AND revoked_at IS NULL";
static const char sql_token_list[] = "SELECT " TOKEN_COLS " FROM api_tokens ORDER BY id";
static const char sql_token_revoke[] =
	"UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL";

static const char sql_setting_get[] = "SELECT value FROM web_settings WHERE key = ?";
static const char sql_setting_put[] = "INSERT INTO web_settings (key, value) VALUES (?1, ?2) "
				      "ON CONFLICT (key) DO UPDATE SET value = ?2";

/* The audit chain's content of each chained row (audit.c): users, tokens,
 * settings and report owners are records; sessions and login failures are
 * not (see audit.c). */
static const char sql_user_content[] =
	"SELECT json_array(" STORE_USER_COLS ") FROM users WHERE id = ?1";
static const char sql_token_content[] =
	"SELECT json_array(" STORE_TOKEN_COLS ") FROM api_tokens WHERE id = ?1";
static const char sql_setting_content[] =
	"SELECT json_array(" STORE_SETTING_COLS ") FROM web_settings WHERE key = ?1";
static const char sql_owner_content[] =
	"SELECT json_array(" STORE_OWNER_COLS ") FROM report_owners WHERE incident_id = ?1";
static const char sql_user_names[] = "SELECT name, display FROM users WHERE id IS NOT ?";

static int audit_id(struct store *st, const char *tbl, const char *sql, int64_t id,
		    struct mo_err *e)
{
	char key[32];

	snprintf(key, sizeof(key), "%lld", (long long)id);
	return store_audit(st, tbl, key, "put", sql, id, 0, e);
}

/* One attempt counted (a count older than ?3 restarts at 1), in one
 * statement that also says what the count became: two concurrent attempts
 * can never read the same count. */
static const char sql_attempt_add[] =
	"INSERT INTO login_failures (key, count, first_at) VALUES (?1, 1, ?2) "
	"ON CONFLICT (key) DO UPDATE SET "
	"count = CASE WHEN first_at <= ?2 - ?3 THEN 1 ELSE count + 1 END, "
	"first_at = CASE WHEN first_at <= ?2 - ?3 THEN ?2 ELSE first_at END "
	"RETURNING count";
static const char sql_failures_purge[] = "DELETE FROM login_failures WHERE first_at <= ?1 - ?2";
static const char sql_failures_clear[] = "DELETE FROM login_failures WHERE key = ?";

static const char sql_owner_add[] =
	"INSERT INTO report_owners (incident_id, principal) VALUES (?, ?)";
static const char sql_owner_get[] = "SELECT principal FROM report_owners WHERE incident_id = ?";
static const char sql_owner_list_all[] =
	"SELECT incident_id FROM report_owners WHERE principal = ? "
	"ORDER BY incident_id DESC LIMIT ? OFFSET ?";
static const char sql_owner_list_open[] =
	"SELECT o.incident_id FROM report_owners o JOIN incidents i ON i.id = o.incident_id "
	"WHERE o.principal = ? AND i.status <> 'closed' "
	"ORDER BY o.incident_id DESC LIMIT ? OFFSET ?";
static const char sql_owner_count_all[] = "SELECT count(*) FROM report_owners WHERE principal = ?";
static const char sql_owner_count_open[] =
	"SELECT count(*) FROM report_owners o JOIN incidents i ON i.id = o.incident_id "
	"WHERE o.principal = ? AND i.status <> 'closed'";

/* Copies column i into out (size bytes), "" for NULL. */
static void col_copy(sqlite3_stmt *s, int i, char *out, size_t size)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	snprintf(out, size, "%s", t ? t : "");
}

static void read_user(sqlite3_stmt *s, struct store_user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(s, 0);
	col_copy(s, 1, u->name, sizeof(u->name));
	col_copy(s, 2, u->display, sizeof(u->display));
	col_copy(s, 3, u->role, sizeof(u->role));
	col_copy(s, 4, u->pwhash, sizeof(u->pwhash));
	u->disabled = sqlite3_column_int(s, 5) != 0;
	u->must_change = sqlite3_column_int(s, 6) != 0;
	u->created_at = sqlite3_column_int64(s, 7);
}

/* Steps s for at most one row: 0 and the row read by fn, 1 for no row. */
static int one_row(struct store *st, sqlite3_stmt *s, struct mo_err *e)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		return 0;
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 1;
	return store_fail(st, e);
}

static int display_free(struct store *st, int64_t id, const char *name, const char *display,
			struct mo_err *e);

int store_user_add(struct store *st, struct store_user *u, struct mo_err *e)
{
	struct store_user old;
	sqlite3_stmt *s;
	int rc = store_user_by_name(st, u->name, &old, e);

	if (rc <= 0)
		return rc < 0 ? -1 : 1;
	if (display_free(st, 0, u->name, u->display, e))
		return -1;
	s = store_stmt(st, sql_user_add, e);
	if (!s)
		return -1;
	store_bind_text(s, 1, u->name);
	store_bind_text(s, 2, u->display[0] ? u->display : NULL);
	store_bind_text(s, 3, u->role);
	store_bind_text(s, 4, u->pwhash);
	sqlite3_bind_int(s, 5, u->disabled);
	sqlite3_bind_int(s, 6, u->must_change);
	sqlite3_bind_int64(s, 7, u->created_at);
	if (store_exec_done(st, s, e))
		return -1;
	if (sqlite3_changes(st->db) != 1)
		return 1;
	u->id = sqlite3_last_insert_rowid(st->db);
	return audit_id(st, "users", sql_user_content, u->id, e);
}

static int user_lookup(struct store *st, const char *sql, int64_t id, const char *name,
		       struct store_user *u, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql, e);
	int rc;

	if (!s)
		return -1;
	if (name)
		store_bind_text(s, 1, name);
	else
		sqlite3_bind_int64(s, 1, id);
	rc = one_row(st, s, e);
	if (rc == 0) {
		read_user(s, u);
		sqlite3_reset(s);
	}
	return rc;
}

int store_user_get(struct store *st, int64_t id, struct store_user *u, struct mo_err *e)
{
	return user_lookup(st, sql_user_get, id, NULL, u, e);
}

int store_user_by_name(struct store *st, const char *name, struct store_user *u, struct mo_err *e)
{
	return user_lookup(st, sql_user_by_name, 0, name, u, e);
}

/* Every row of sql into a new array *v of *n elements (the caller frees
 * it); on error nothing is kept. */
static int list_all(struct store *st, const char *sql, void **v, size_t *n, size_t size,
		    void (*read)(sqlite3_stmt *s, void *row, void *ctx, bool *oom),
		    struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql, e);
	size_t cap = 0;

	*v = NULL;
	*n = 0;
	if (!s)
		return -1;
	if (store_read_rows(st, s, v, n, &cap, size, read, NULL, e)) {
		free(*v);
		*v = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* store_read_rows's callback for read_user. */
static void read_user_row(sqlite3_stmt *s, void *row, void *ctx, bool *oom)
{
	(void)ctx;
	(void)oom;
	read_user(s, row);
}

int store_user_list(struct store *st, struct store_user **v, size_t *n, struct mo_err *e)
{
	return list_all(st, sql_user_list, (void **)v, n, sizeof(**v), read_user_row, e);
}

static int count_of(struct store *st, sqlite3_stmt *s, int64_t *n, struct mo_err *e)
{
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail(st, e);
	}
	*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

int store_user_count(struct store *st, int64_t *n, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_user_count, e);

	return s ? count_of(st, s, n, e) : -1;
}

int store_user_update(struct store *st, const struct store_user *u, struct mo_err *e)
{
	struct store_user old;
	sqlite3_stmt *s;
	int rc = store_user_get(st, u->id, &old, e);

	if (rc)
		return rc;
	/* Only a new display name is checked: names from before the rule stay. */
	if (strcmp(old.display, u->display) != 0 &&
	    display_free(st, u->id, old.name, u->display, e))
		return -1;
	s = store_stmt(st, sql_user_update, e);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, u->id);
	store_bind_text(s, 2, u->display[0] ? u->display : NULL);
	store_bind_text(s, 3, u->role);
	store_bind_text(s, 4, u->pwhash);
	sqlite3_bind_int(s, 5, u->disabled);
	sqlite3_bind_int(s, 6, u->must_change);
	if (store_exec_done(st, s, e))
		return -1;
	if (sqlite3_changes(st->db) != 1)
		return 1;
	return audit_id(st, "users", sql_user_content, u->id, e);
}

int store_session_add(struct store *st, const char *hash, int64_t user_id, int64_t now,
		      int64_t expires, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_session_add, e);

	if (!s)
		return -1;
	store_bind_text(s, 1, hash);
	sqlite3_bind_int64(s, 2, user_id);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_int64(s, 4, expires);
	return store_exec_done(st, s, e);
}

int store_session_get(struct store *st, const char *hash, int64_t now, struct store_user *u,
		      int64_t *expires, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_session_get, e);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, hash);
	sqlite3_bind_int64(s, 2, now);
	rc = one_row(st, s, e);
	if (rc == 0) {
		read_user(s, u);
		if (expires)
			*expires = sqlite3_column_int64(s, 8);
		sqlite3_reset(s);
	}
	return rc;
}

static int delete_by_text(struct store *st, const char *sql, const char *key, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql, e);

	if (!s)
		return -1;
	store_bind_text(s, 1, key);
	return store_exec_done(st, s, e);
}

static int delete_by_int(struct store *st, const char *sql, int64_t v, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, v);
	return store_exec_done(st, s, e);
}

int store_session_delete(struct store *st, const char *hash, struct mo_err *e)
{
	return delete_by_text(st, sql_session_delete, hash, e);
}

int store_sessions_delete_user(struct store *st, int64_t user_id, struct mo_err *e)
{
	return delete_by_int(st, sql_sessions_delete_user, user_id, e);
}

int store_sessions_purge(struct store *st, int64_t now, struct mo_err *e)
{
	return delete_by_int(st, sql_sessions_purge, now, e);
}

static void read_token(sqlite3_stmt *s, struct store_token *t)
{
	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(s, 0);
	col_copy(s, 1, t->role, sizeof(t->role));
	col_copy(s, 2, t->label, sizeof(t->label));
	col_copy(s, 3, t->created_by, sizeof(t->created_by));
	t->created_at = sqlite3_column_int64(s, 4);
	t->revoked_at = sqlite3_column_int64(s, 5);
}

int store_token_add(struct store *st, const char *hash, struct store_token *t, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_token_add, e);

	if (!s)
		return -1;
	store_bind_text(s, 1, hash);
	store_bind_text(s, 2, t->role);
	store_bind_text(s, 3, t->label[0] ? t->label : NULL);
	store_bind_text(s, 4, t->created_by[0] ? t->created_by : NULL);
	sqlite3_bind_int64(s, 5, t->created_at);
	if (store_exec_done(st, s, e))
		return -1;
	t->id = sqlite3_last_insert_rowid(st->db);
	return audit_id(st, "api_tokens", sql_token_content, t->id, e);
}

int store_token_find(struct store *st, const char *hash, struct store_token *t, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_token_find, e);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, hash);
	rc = one_row(st, s, e);
	if (rc == 0) {
		read_token(s, t);
		sqlite3_reset(s);
	}
	return rc;
}

/* store_read_rows's callback for read_token. */
static void read_token_row(sqlite3_stmt *s, void *row, void *ctx, bool *oom)
{
	(void)ctx;
	(void)oom;
	read_token(s, row);
}

int store_token_list(struct store *st, struct store_token **v, size_t *n, struct mo_err *e)
{
	return list_all(st, sql_token_list, (void **)v, n, sizeof(**v), read_token_row, e);
}

int store_token_revoke(struct store *st, int64_t id, int64_t now, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_token_revoke, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	if (store_exec_done(st, s, e))
		return -1;
	if (sqlite3_changes(st->db) != 1)
		return 1;
	return audit_id(st, "api_tokens", sql_token_content, id, e);
}

int store_setting_get(struct store *st, const char *key, char *out, size_t size, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_setting_get, e);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, key);
	rc = one_row(st, s, e);
	if (rc == 0) {
		col_copy(s, 0, out, size);
		sqlite3_reset(s);
	}
	return rc;
}

int store_setting_put(struct store *st, const char *key, const char *value, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_setting_put, e);

	if (!s)
		return -1;
	store_bind_text(s, 1, key);
	store_bind_text(s, 2, value);
	if (store_exec_done(st, s, e))
		return -1;
	return store_audit_text(st, "web_settings", key, "put", sql_setting_content, e);
}

int store_login_attempt(struct store *st, const char *key, int64_t now, int64_t window,
			int64_t *count, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_attempt_add, e);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, key);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int64(s, 3, window);
	rc = one_row(st, s, e);
	if (rc)
		return rc < 0 ? -1 : mo_err_set(e, NULL, 0, 0, "login attempt not counted");
	*count = sqlite3_column_int64(s, 0);
	return store_exec_done(st, s, e);
}

int store_login_failures_purge(struct store *st, int64_t now, int64_t window, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_failures_purge, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, window);
	return store_exec_done(st, s, e);
}

int store_login_failures_clear(struct store *st, const char *key, struct mo_err *e)
{
	return delete_by_text(st, sql_failures_clear, key, e);
}

int store_report_owner_add(struct store *st, int64_t incident_id, const char *principal,
			   struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_owner_add, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, incident_id);
	store_bind_text(s, 2, principal);
	if (store_exec_done(st, s, e))
		return -1;
	return audit_id(st, "report_owners", sql_owner_content, incident_id, e);
}

int store_report_owner_get(struct store *st, int64_t incident_id, char *out, size_t size,
			   struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_owner_get, e);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, incident_id);
	rc = one_row(st, s, e);
	if (rc == 0) {
		col_copy(s, 0, out, size);
		sqlite3_reset(s);
	}
	return rc;
}

int store_report_owner_list(struct store *st, const char *principal, bool open_only, size_t limit,
			    size_t offset, int64_t **ids, size_t *n, int64_t *total,
			    struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, open_only ? sql_owner_count_open : sql_owner_count_all, e);
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (!s)
		return -1;
	store_bind_text(s, 1, principal);
	if (count_of(st, s, total, e))
		return -1;
	s = store_stmt(st, open_only ? sql_owner_list_open : sql_owner_list_all, e);
	if (!s)
		return -1;
	store_bind_text(s, 1, principal);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)offset);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t *slot = store_list_grow((void **)ids, n, &cap, sizeof(int64_t));

		if (!slot) {
			sqlite3_reset(s);
			free(*ids);
			*ids = NULL;
			*n = 0;
			return mo_err_oom(e, st->path);
		}
		*slot = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return store_fail(st, e);
	}
	return 0;
}

/* Display names are unique (issue 10, item 7): the name a user is shown
 * as (display, else the login name) may not be another user's display or
 * login name, compared without case, width (ＡＢＣ = abc) or spaces, so a
 * reporter cannot appear as the manager. */
static size_t fold_name(const char *s, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p && n + 5 < size) {
		size_t len = utf8_seq_len(p);
		unsigned cp;

		if (!len) {
			p++;
			continue;
		}
		if (len == 1)
			cp = p[0];
		else if (len == 2)
			cp = (unsigned)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		else if (len == 3)
			cp = (unsigned)(p[0] & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 |
			     (p[2] & 0x3f);
		else
			cp = 0x10000; /* kept as it is below */
		if (cp >= 0xff01 && cp <= 0xff5e)
			cp -= 0xfee0; /* full-width ASCII */
		if (cp == ' ' || cp == '\t' || cp == 0x3000) {
			p += len;
			continue;
		}
		if (cp < 0x80) {
			out[n++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
		} else {
			memcpy(out + n, p, len);
			n += len;
		}
		p += len;
	}
	out[n] = '\0';
	return n;
}

static int display_free(struct store *st, int64_t id, const char *name, const char *display,
			struct mo_err *e)
{
	char want[4 * STORE_DISPLAY_MAX], other[4 * STORE_DISPLAY_MAX];
	const char *shown = display && display[0] ? display : name;
	sqlite3_stmt *s;
	int rc;

	if (!shown || !fold_name(shown, want, sizeof(want)))
		return 0;
	s = store_stmt(st, sql_user_names, e);
	if (!s)
		return -1;
	if (id)
		sqlite3_bind_int64(s, 1, id);
	else
		sqlite3_bind_null(s, 1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < 2; i++) {
			const char *t = (const char *)sqlite3_column_text(s, i);

			if (t && fold_name(t, other, sizeof(other)) && strcmp(want, other) == 0) {
				sqlite3_reset(s);
				return mo_err_set(
					e, NULL, 0, 0,
					_("the name \"%s\" is already used by another account; "
					  "choose another display name"),
					shown);
			}
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, e);
}
