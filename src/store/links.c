/* Used link tokens and contact checks (store/links.h). */
#include "store/links.h"
#include "store/storeInt.h"

static const char sql_link_use[] =
	"INSERT INTO link_used (hash, used_at) VALUES (?1, ?2) ON CONFLICT (hash) DO NOTHING";
static const char sql_link_used[] = "SELECT 1 FROM link_used WHERE hash = ?";
static const char sql_contact_sent[] =
	"INSERT INTO contact_checks (person, channel, sent_at) VALUES (?1, ?2, ?3) "
	"ON CONFLICT (person, channel) DO UPDATE SET sent_at = excluded.sent_at";
static const char sql_contact_confirmed[] =
	"INSERT INTO contact_checks (person, channel, confirmed_at) VALUES (?1, ?2, ?3) "
	"ON CONFLICT (person, channel) DO UPDATE SET confirmed_at = excluded.confirmed_at";
static const char sql_contact_list[] =
	"SELECT person, channel, sent_at, confirmed_at FROM contact_checks "
	"ORDER BY person, channel";

int store_link_use(struct store *st, const char *hash, int64_t now, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_link_use, e);

	if (!s)
		return -1;
	store_bind_text(s, 1, hash);
	sqlite3_bind_int64(s, 2, now);
	if (store_exec_done(st, s, e))
		return -1;
	return sqlite3_changes(st->db) == 0 ? 1 : 0;
}

int store_link_used(struct store *st, const char *hash, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_link_used, e);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, hash);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(st, e);
}

static int contact_put(struct store *st, const char *sql, const char *person, const char *channel,
		       int64_t now, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql, e);

	if (!s)
		return -1;
	store_bind_text(s, 1, person);
	store_bind_text(s, 2, channel);
	sqlite3_bind_int64(s, 3, now);
	return store_exec_done(st, s, e);
}

int store_contact_sent(struct store *st, const char *person, const char *channel, int64_t now,
		       struct mo_err *e)
{
	return contact_put(st, sql_contact_sent, person, channel, now, e);
}

int store_contact_confirmed(struct store *st, const char *person, const char *channel, int64_t now,
			    struct mo_err *e)
{
	return contact_put(st, sql_contact_confirmed, person, channel, now, e);
}

static void copy_col(sqlite3_stmt *s, int i, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	snprintf(out, size, "%s", t ? (const char *)t : "");
}

static void read_contact(sqlite3_stmt *s, void *row, void *ctx, bool *oom)
{
	struct store_contact_check *c = row;

	(void)ctx;
	(void)oom;
	copy_col(s, 0, c->person, sizeof(c->person));
	copy_col(s, 1, c->channel, sizeof(c->channel));
	c->sent_at = sqlite3_column_int64(s, 2);
	c->confirmed_at = sqlite3_column_int64(s, 3);
}

int store_contact_list(struct store *st, struct store_contact_check **v, size_t *n,
		       struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_contact_list, e);
	size_t cap = 0;

	*v = NULL;
	*n = 0;
	if (!s)
		return -1;
	return store_read_rows(st, s, (void **)v, n, &cap, sizeof(**v), read_contact, NULL, e);
}
