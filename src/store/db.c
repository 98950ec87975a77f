/* The connection: opening with the pragmas moshimo relies on, migrations,
 * the statement cache, transactions, and the small binding helpers. */
#include "store/storeInt.h"
#include "util/fs.h"

#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <unistd.h>

static const char sql_begin[] = "BEGIN IMMEDIATE";
static const char sql_begin_read[] = "BEGIN";
static const char sql_commit[] = "COMMIT";
static const char sql_rollback[] = "ROLLBACK";
static const char sql_savepoint[] = "SAVEPOINT job";
static const char sql_release[] = "RELEASE job";
static const char sql_rollback_to[] = "ROLLBACK TO job";
static const char sql_user_version[] = "PRAGMA user_version";
static const char sql_integrity[] = "PRAGMA integrity_check";
/* Development builds before the digest chain made an audit table with
 * other columns; such a database cannot be continued. */
static const char sql_audit_format[] =
	"SELECT count(*) FROM pragma_table_info('audit') WHERE name = 'digest'";

/* Durability for incident data: every commit reaches the disk (FULL), and
 * readers never block the writer (WAL). */
static const char sql_pragmas[] = "PRAGMA journal_mode = WAL;"
				  "PRAGMA synchronous = FULL;"
				  "PRAGMA foreign_keys = ON;"
				  "PRAGMA trusted_schema = OFF;";

#define BUSY_TIMEOUT_MS 10000

static void run_hooks(struct store *st, bool committed);
static int run_simple(struct store *st, const char *sql, struct mo_err *e);

/* SQLite's primary result codes as ours (util/err.h); the rest is
 * internal (a misuse, a corrupt file, a schema we did not expect). */
static const struct {
	int sqlite;
	enum mo_code code;
} sqlite_codes[] = {
	{SQLITE_BUSY, MO_EBUSY},    {SQLITE_LOCKED, MO_EBUSY}, {SQLITE_FULL, MO_EIO},
	{SQLITE_IOERR, MO_EIO},	    {SQLITE_CANTOPEN, MO_EIO}, {SQLITE_READONLY, MO_EIO},
	{SQLITE_PERM, MO_EIO},	    {SQLITE_NOMEM, MO_ENOMEM}, {SQLITE_CONSTRAINT, MO_ECONFLICT},
	{SQLITE_TOOBIG, MO_EINVAL},
};

enum mo_code store_code(int extended)
{
	for (size_t i = 0; i < MO_ARRAY_SIZE(sqlite_codes); i++)
		if ((extended & 0xff) == sqlite_codes[i].sqlite)
			return sqlite_codes[i].code;
	return MO_EINTERNAL;
}

int store_fail(struct store *st, struct mo_err *e)
{
	int code = sqlite3_extended_errcode(st->db);

	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		mo_err_set(e, st->path, 0, 0,
			   _("the database is busy (another moshimo is writing); try again"));
	else
		mo_err_set(e, st->path, 0, 0, _("database error: %s"), sqlite3_errmsg(st->db));
	return mo_err_code(e, store_code(code));
}

sqlite3_stmt *store_stmt(struct store *st, const char *sql, struct mo_err *e)
{
	sqlite3_stmt *s = NULL;

	for (size_t i = 0; i < st->n_cache; i++) {
		if (st->cache[i].sql == sql) {
			s = st->cache[i].stmt;
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return s;
		}
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		store_fail(st, e);
		return NULL;
	}
	if (st->n_cache < STORE_MAX_STMTS) {
		st->cache[st->n_cache].sql = sql;
		st->cache[st->n_cache].stmt = s;
		st->n_cache++;
	} else {
		/* Cannot happen with the statements we have; failing loudly
		 * beats leaking a statement per call. */
		sqlite3_finalize(s);
		mo_err_set(e, st->path, 0, 0, "store: statement cache is full");
		return NULL;
	}
	return s;
}

int store_exec_done(struct store *st, sqlite3_stmt *s, struct mo_err *e)
{
	int rc = sqlite3_step(s);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_fail(st, e);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return 0;
}

int store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(s, i);
}

int store_bind_time(sqlite3_stmt *s, int i, int64_t t)
{
	char buf[MO_TIME_MAX];

	if (t == MO_TIME_NONE)
		return sqlite3_bind_null(s, i);
	time_format_utc(t, buf, sizeof(buf));
	return sqlite3_bind_text(s, i, buf, -1, SQLITE_TRANSIENT);
}

int store_bind_tri(sqlite3_stmt *s, int i, int v)
{
	return v == MO_TRI_NONE ? sqlite3_bind_null(s, i) : sqlite3_bind_int(s, i, v ? 1 : 0);
}

int store_bind_count(sqlite3_stmt *s, int i, long long v)
{
	return v < 0 ? sqlite3_bind_null(s, i) : sqlite3_bind_int64(s, i, v);
}

const char *store_col_text(sqlite3_stmt *s, int i, struct arena *a, bool *oom)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	char *copy;

	if (!t)
		return NULL;
	copy = arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(s, i));
	if (!copy) {
		*oom = true;
		return "";
	}
	return copy;
}

int64_t store_col_time(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	int64_t v;

	if (!t || time_parse(t, &v))
		return MO_TIME_NONE;
	return v;
}

int store_col_tri(sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return MO_TRI_NONE;
	return sqlite3_column_int(s, i) ? 1 : 0;
}

long long store_col_count(sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return MO_COUNT_NONE;
	return sqlite3_column_int64(s, i);
}

int store_read_rows(struct store *st, sqlite3_stmt *s, void **v, size_t *n, size_t *cap,
		    size_t size, void (*read)(sqlite3_stmt *s, void *row, void *ctx, bool *oom),
		    void *ctx, struct mo_err *e)
{
	bool oom = false;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		void *row = store_list_grow(v, n, cap, size);

		if (!row) {
			oom = true;
			break;
		}
		read(s, row, ctx, &oom);
	}
	sqlite3_reset(s);
	if (oom)
		return mo_err_oom(e, st->path);
	if (rc != SQLITE_DONE)
		return store_fail(st, e);
	return 0;
}

void *store_list_grow(void **v, size_t *n, size_t *cap, size_t size)
{
	char *p;

	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		void *nv = realloc(*v, ncap * size);

		if (!nv)
			return NULL;
		*v = nv;
		*cap = ncap;
	}
	p = (char *)*v + *n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

static int exec_script(struct store *st, const char *sql, struct mo_err *e)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		mo_err_set(e, st->path, 0, 0, _("database error: %s"),
			   msg ? msg : sqlite3_errmsg(st->db));
		mo_err_code(e, store_code(sqlite3_extended_errcode(st->db)));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int user_version(struct store *st, int *v, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_user_version, e);

	if (!s)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		store_fail(st, e);
		sqlite3_reset(s);
		return -1;
	}
	*v = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return 0;
}

/* PRAGMA takes no bound parameters; v is our own loop counter, never input. */
static int set_user_version(struct store *st, int v, struct mo_err *e)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
	return exec_script(st, sql, e);
}

/* Brings the schema to store_migrations_count, one migration per
 * transaction, so a crash leaves a whole version. */
static int migrate(struct store *st, struct mo_err *e)
{
	int v;

	if (user_version(st, &v, e))
		return -1;
	st->migrated_from = st->migrated_to = v;
	if (v > (int)store_migrations_count)
		return mo_err_set(e, st->path, 0, 0,
				  _("the database was written by a newer moshimo (schema %d, this "
				    "program knows up to %zu)"),
				  v, store_migrations_count);
	while ((size_t)v < store_migrations_count) {
		if (exec_script(st, "BEGIN IMMEDIATE", e))
			return -1;
		/* Another process may have migrated while we waited. */
		if (user_version(st, &v, e)) {
			store_rollback(st);
			return -1;
		}
		if ((size_t)v >= store_migrations_count) {
			store_rollback(st);
			break;
		}
		/* The re-keyed chain's anchor is written before its commit too:
		 * a crash after the commit must not leave a keyed chain
		 * without one (a crash before it re-runs the migration, which
		 * writes it again). */
		if (exec_script(st, store_migrations[v], e) ||
		    (store_migrations[v] == store_migration_audit_keyed &&
		     (store_audit_rekey(st, e) ||
		      (st->appended && store_audit_anchor_update(st, ANCHOR_FORCE, e)))) ||
		    set_user_version(st, v + 1, e)) {
			store_rollback(st);
			return -1;
		}
		if (exec_script(st, "COMMIT", e)) {
			store_rollback(st);
			return -1;
		}
		if (user_version(st, &v, e))
			return -1;
		st->migrated_to = v;
	}
	return 0;
}

bool store_migrated(const struct store *st, int *from, int *to)
{
	*from = st->migrated_from;
	*to = st->migrated_to;
	return st->migrated_from > 0 && st->migrated_to > st->migrated_from;
}

static int check_audit_format(struct store *st, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_audit_format, e);
	int n;

	if (!s)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail(st, e);
	}
	n = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	if (n != 1)
		return mo_err_set(e, st->path, 0, 0,
				  _("this database was made by a development version of moshimo "
				    "with another audit format; start a new data folder"));
	return 0;
}

/* Creates path with mode 0600 when missing, so SQLite's -wal and -shm
 * files (which copy the database's mode) are private too. */
static int create_private(const char *path, struct mo_err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0)
		return mo_err_set(e, path, 0, 0, _("cannot create: %s"), strerror(errno));
	close(fd);
	return 0;
}

/* Process-wide SQLite settings, before its first use. A connection is only
 * ever used by one thread at a time (store.h), so SQLite's own mutexes
 * around each connection are not needed; and its memory statistics take a
 * global mutex on every allocation, which the server's threads then fight
 * over (seen with perf: a third of a search's time). */
static void sqlite_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* name beside the database at path, into out. */
static void beside(const char *path, const char *name, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (slash)
		snprintf(out, size, "%.*s/%s", (int)(slash - path), path, name);
	else
		snprintf(out, size, "%s", name);
}

struct store *store_open(const char *path, unsigned flags, struct mo_err *e)
{
	char key[1024], anchor[1024];

	beside(path, "audit.key", key, sizeof(key));
	beside(path, "audit.anchor", anchor, sizeof(anchor));
	return store_open_keyed(path, key, anchor, flags, e);
}

struct store *store_open_keyed(const char *path, const char *key_path, const char *anchor_path,
			       unsigned flags, struct mo_err *e)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	struct store *st;
	bool keyed;
	int oflags;

	pthread_once(&configured, sqlite_configure);
	if (sodium_init() < 0) {
		mo_err_set(e, path, 0, 0, "libsodium cannot start");
		return NULL;
	}
	if (!fs_exists(path)) {
		if (!(flags & STORE_CREATE)) {
			mo_err_set(e, path, 0, 0,
				   _("no incident database here (report an incident first: moshimo "
				     "report)"));
			return NULL;
		}
		if (create_private(path, e))
			return NULL;
	}
	st = calloc(1, sizeof(*st));
	if (!st) {
		mo_err_oom(e, path);
		return NULL;
	}
	snprintf(st->path, sizeof(st->path), "%s", path);
	snprintf(st->key_path, sizeof(st->key_path), "%s", key_path ? key_path : "");
	snprintf(st->anchor_path, sizeof(st->anchor_path), "%s", anchor_path ? anchor_path : "");
	oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		if (st->db)
			store_fail(st, e);
		else
			mo_err_oom(e, path);
		store_close(st);
		return NULL;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	if (store_audit_functions(st, e) || store_search_functions(st, e))
		goto fail;
	if (!(flags & STORE_READONLY) && exec_script(st, sql_pragmas, e))
		goto fail;
	/* The key first: the migration to the keyed chain needs it. A new
	 * key only for a database whose chain is not keyed yet. */
	if (store_audit_keyed(st, &keyed, e) ||
	    store_audit_key_load(st, !(flags & STORE_READONLY) && !keyed, e))
		goto fail;
	if (!(flags & STORE_READONLY) && migrate(st, e))
		goto fail;
	if (!(flags & STORE_READONLY)) {
		int64_t rows;
		char head[65];

		/* After a re-keying migration: its head. A new database gets an
		 * anchor of 0 rows before its first row, so that later a
		 * missing anchor means a removed one, never a crash before the
		 * first anchor was written. */
		if (store_audit_head(st, &rows, head, e) ||
		    ((st->appended || (rows == 0 && !fs_exists(st->anchor_path))) &&
		     store_audit_anchor_update(st, st->appended ? ANCHOR_FORCE : ANCHOR_CREATE, e)))
			goto fail;
		st->appended = false;
		store_actor(st, "", 0);
	}
	if (check_audit_format(st, e))
		goto fail;
	/* Tests only (t4500, t6320): the file may not grow past its size now,
	 * so the next write needing a page fails as on a full disk
	 * (SQLITE_FULL). max_page_count is never below the current size. */
	if (!(flags & STORE_READONLY) && getenv("MOSHIMO_TEST_DB_FULL") &&
	    run_simple(st, "PRAGMA max_page_count = 1", e))
		goto fail;
	if (flags & STORE_READONLY) {
		int v;

		if (user_version(st, &v, e))
			goto fail;
		if (v != store_schema_version()) {
			mo_err_set(e, path, 0, 0, _("the database has schema %d, expected %d"), v,
				   store_schema_version());
			goto fail;
		}
	}
	return st;
fail:
	store_close(st);
	return NULL;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	run_hooks(st, false);
	for (size_t i = 0; i < st->n_cache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	if (st->db)
		sqlite3_close(st->db);
	free(st->who);
	free(st->login);
	sodium_memzero(st->key, sizeof(st->key));
	free(st);
}

static int run_simple(struct store *st, const char *sql, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql, e);

	return s ? store_exec_done(st, s, e) : -1;
}

int store_after_commit(struct store *st, int (*fn)(struct store *st, void *arg, bool committed),
		       void *arg, struct mo_err *e)
{
	struct store_hook *h = calloc(1, sizeof(*h)), **tail = &st->hooks;

	if (!h) {
		fn(st, arg, false);
		return mo_err_oom(e, st->path);
	}
	h->fn = fn;
	h->arg = arg;
	while (*tail)
		tail = &(*tail)->next;
	*tail = h;
	return 0;
}

/* Runs and forgets the hooks; their own problems go to standard error: the
 * transaction's outcome stands. */
static void run_hooks(struct store *st, bool committed)
{
	while (st->hooks) {
		struct store_hook *h = st->hooks;

		st->hooks = h->next;
		(void)h->fn(st, h->arg, committed);
		free(h);
	}
}

int store_begin(struct store *st, struct mo_err *e)
{
	store_audit_forget(st);
	st->appended = false;
	st->anchor_reset = false;
	return run_simple(st, sql_begin, e);
}

int store_begin_read(struct store *st, struct mo_err *e)
{
	return run_simple(st, sql_begin_read, e);
}

/* After a commit that appended audit rows, the anchor follows the head.
 * The commit stands even when the anchor cannot be written (it lags, which
 * verify accepts: only an anchor ahead of the chain is a truncation); the
 * problem is said on standard error. */
int store_commit(struct store *st, struct mo_err *e)
{
	int rc = run_simple(st, sql_commit, e);
	bool appended = st->appended;
	enum store_anchor_mode mode = st->anchor_reset	      ? ANCHOR_FORCE
				      : st->tx_first_seq == 1 ? ANCHOR_CREATE
							      : ANCHOR_FORWARD;

	store_audit_forget(st);
	st->appended = false;
	st->anchor_reset = false;
	if (rc) {
		store_rollback(st);
		return rc;
	}
	run_hooks(st, true);
	if (appended) {
		struct mo_err why;

		mo_err_clear(&why);
		if (store_audit_anchor_update(st, mode, &why))
			fprintf(stderr, "moshimo: %s: %s\n", why.file, why.msg);
	}
	return 0;
}

void store_rollback(struct store *st)
{
	struct mo_err ignored;

	store_audit_forget(st);
	st->appended = false;
	st->anchor_reset = false;
	if (!sqlite3_get_autocommit(st->db))
		(void)run_simple(st, sql_rollback, &ignored);
	run_hooks(st, false);
}

int store_savepoint(struct store *st, struct mo_err *e)
{
	return run_simple(st, sql_savepoint, e);
}

int store_savepoint_release(struct store *st, struct mo_err *e)
{
	return run_simple(st, sql_release, e);
}

void store_savepoint_rollback(struct store *st)
{
	struct mo_err ignored;

	/* The audit chain's cached head may belong to the undone work. */
	store_audit_forget(st);
	if (run_simple(st, sql_rollback_to, &ignored) == 0)
		(void)run_simple(st, sql_release, &ignored);
}

bool store_in_transaction(struct store *st)
{
	return !sqlite3_get_autocommit(st->db);
}

void store_actor(struct store *st, const char *who, int64_t at)
{
	char *copy = strdup(who ? who : "");

	if (copy) {
		free(st->who);
		st->who = copy;
	}
	st->at = at;
}

void store_actor_login(struct store *st, const char *login)
{
	char *copy = login ? strdup(login) : NULL;

	if (login && !copy)
		return;
	free(st->login);
	st->login = copy;
}

int store_integrity_check(struct store *st, char *msg, size_t size, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_integrity, e);
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		store_fail(st, e);
		sqlite3_reset(s);
		return -1;
	}
	snprintf(msg, size, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return strcmp(msg, "ok") == 0 ? 0 : 1;
}

int store_schema_version(void)
{
	return (int)store_migrations_count;
}
