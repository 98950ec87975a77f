/* The audit chain: every write to a record appends a row whose hash covers
 * the previous row's hash and the change — which row, what was done, by
 * whom (the name shown and the stable login id), when, and the SHA-256
 * digest of the row as SQLite stores it (a JSON array of its columns).
 *
 * The row hash is an HMAC-SHA256 with a key kept outside the database
 * (DATA/audit.key, 0600): someone who can edit the database but not read
 * the key cannot recompute the chain after an edit. The head (row count
 * and last hash) is also written to DATA/audit.anchor after every commit
 * that appended rows (by the CLI and the server alike; a new database gets
 * one of 0 rows before its first row), and into every backup, so a
 * database whose newest rows were deleted together with their audit tail
 * no longer matches its anchor. A crash between a commit and its anchor
 * leaves the anchor behind, which verify accepts; a removed or damaged
 * anchor is not made again by later commits (`moshimo audit anchor` does,
 * after checking the chain, as an audit row of its own).
 *
 * verify walks the chain, checks the anchor, then checks that every
 * audited table still holds exactly its last audited state, so an edit of
 * either the chain or the data is found. The chain keeps digests, not
 * copies: the readable history is the timeline.
 *
 * In the chain: incidents, steps, events, decisions, evidence, and the web
 * server's users (roles, password hashes, disabled), API tokens, report
 * owners and settings. Not in it: sessions and login failure counters.
 * They are transient state rather than records (a session expires, a
 * counter is reset by the next good login), they change on every login
 * attempt, so chaining them would let anyone without an account grow the
 * chain with each guess; and whatever a session does is chained under the
 * login of the (chained) user it belongs to. */
#include "store/storeInt.h"
#include "util/fs.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define HASH_LEN crypto_hash_sha256_BYTES
#define KEY_LEN crypto_auth_hmacsha256_KEYBYTES
#define ANCHOR_MAX 512

static const char sql_head[] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
static const char sql_insert[] = "INSERT INTO audit (seq, at, who, tbl, key, op, digest, hash, "
				 "login) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_walk[] =
	"SELECT seq, at, who, tbl, key, op, digest, hash, login FROM audit ORDER BY seq";
static const char sql_hash_at[] = "SELECT hash FROM audit WHERE seq = ?";
static const char sql_meta_key[] = "SELECT v FROM audit_meta WHERE k = 'key_id'";
static const char sql_meta_key_put[] =
	"INSERT INTO audit_meta (k, v) VALUES ('key_id', ?1) ON CONFLICT (k) DO UPDATE SET v = ?1";
static const char sql_meta_exists[] =
	"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'audit_meta'";
static const char sql_row_at[] =
	"SELECT seq, at, who, tbl, key, op, digest FROM audit WHERE seq = ?";
static const char sql_rehash[] = "UPDATE audit SET hash = ?2 WHERE seq = ?1";
static const char sql_no_update_trigger[] =
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END";

static const unsigned char genesis[HASH_LEN];

/* Each field as "<length>:<bytes>" so no field can run into the next. */
static void hash_field(crypto_hash_sha256_state *h, const char *s)
{
	char len[32];
	size_t n = s ? strlen(s) : 0;

	snprintf(len, sizeof(len), "%s%zu:", s ? "" : "-", n);
	crypto_hash_sha256_update(h, (const unsigned char *)len, strlen(len));
	if (n)
		crypto_hash_sha256_update(h, (const unsigned char *)s, n);
}

static void hash_bytes(crypto_hash_sha256_state *h, const unsigned char *p, size_t n)
{
	unsigned char len = (unsigned char)n;

	crypto_hash_sha256_update(h, &len, 1);
	if (n)
		crypto_hash_sha256_update(h, p, n);
}

/* The chain before it was keyed (format 2, plain SHA-256): only to check
 * an old chain once, when it is re-keyed. */
static void chain_hash_v2(int64_t seq, const char *at, const char *who, const char *tbl,
			  const char *key, const char *op, const unsigned char *digest,
			  const unsigned char prev[HASH_LEN], unsigned char out[HASH_LEN])
{
	crypto_hash_sha256_state h;
	char seqs[32];

	snprintf(seqs, sizeof(seqs), "%lld", (long long)seq);
	crypto_hash_sha256_init(&h);
	hash_field(&h, "moshimo-audit-2");
	hash_bytes(&h, prev, HASH_LEN);
	hash_field(&h, seqs);
	hash_field(&h, at);
	hash_field(&h, who);
	hash_field(&h, tbl);
	hash_field(&h, key);
	hash_field(&h, op);
	hash_bytes(&h, digest, digest ? HASH_LEN : 0);
	crypto_hash_sha256_final(&h, out);
}

/* One row of the chain as read or about to be written. */
struct arow {
	int64_t seq;
	const char *at, *who, *login, *tbl, *key, *op;
	const unsigned char *digest; /* NULL for a delete */
};

static void mac_field(crypto_auth_hmacsha256_state *h, const char *s)
{
	char len[32];
	size_t n = s ? strlen(s) : 0;

	snprintf(len, sizeof(len), "%s%zu:", s ? "" : "-", n);
	crypto_auth_hmacsha256_update(h, (const unsigned char *)len, strlen(len));
	if (n)
		crypto_auth_hmacsha256_update(h, (const unsigned char *)s, n);
}

static void mac_bytes(crypto_auth_hmacsha256_state *h, const unsigned char *p, size_t n)
{
	unsigned char len = (unsigned char)n;

	crypto_auth_hmacsha256_update(h, &len, 1);
	if (n)
		crypto_auth_hmacsha256_update(h, p, n);
}

/* The row's hash (format 3): HMAC-SHA256 with the key over the previous
 * hash and everything the row says, each field length-prefixed. base is
 * the HMAC state right after crypto_auth_hmacsha256_init with the key
 * (copied per row: a walk keys once). */
static void chain_hmac_from(const crypto_auth_hmacsha256_state *base, const struct arow *r,
			    const unsigned char prev[HASH_LEN], unsigned char out[HASH_LEN])
{
	crypto_auth_hmacsha256_state h = *base;
	char seqs[32];

	snprintf(seqs, sizeof(seqs), "%lld", (long long)r->seq);
	mac_field(&h, "moshimo-audit-3");
	mac_bytes(&h, prev, HASH_LEN);
	mac_field(&h, seqs);
	mac_field(&h, r->at);
	mac_field(&h, r->who);
	mac_field(&h, r->login);
	mac_field(&h, r->tbl);
	mac_field(&h, r->key);
	mac_field(&h, r->op);
	mac_bytes(&h, r->digest, r->digest ? HASH_LEN : 0);
	crypto_auth_hmacsha256_final(&h, out);
	sodium_memzero(&h, sizeof(h));
}

static void chain_hmac(const unsigned char key[KEY_LEN], const struct arow *r,
		       const unsigned char prev[HASH_LEN], unsigned char out[HASH_LEN])
{
	crypto_auth_hmacsha256_state base;

	crypto_auth_hmacsha256_init(&base, key, KEY_LEN);
	chain_hmac_from(&base, r, prev, out);
	sodium_memzero(&base, sizeof(base));
}

/* A public fingerprint of the key: which key a chain was made with,
 * without telling the key. */
static void make_key_id(const unsigned char key[KEY_LEN], char out[17])
{
	static const char label[] = "moshimo-audit-key-id";
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256(mac, (const unsigned char *)label, sizeof(label) - 1, key);
	sodium_bin2hex(out, 17, mac, 8);
}

/* mo_sha256(text): the SHA-256 digest of text as a blob; NULL for NULL. */
static void sql_sha256(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *t = sqlite3_value_text(argv[0]);
	unsigned char d[HASH_LEN];

	(void)argc;
	if (!t) {
		sqlite3_result_null(ctx);
		return;
	}
	crypto_hash_sha256(d, t, (unsigned long long)sqlite3_value_bytes(argv[0]));
	sqlite3_result_blob(ctx, d, HASH_LEN, SQLITE_TRANSIENT);
}

int store_audit_functions(struct store *st, struct mo_err *e)
{
	if (sqlite3_create_function(st->db, "mo_sha256", 1,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
				    sql_sha256, NULL, NULL) != SQLITE_OK)
		return store_fail(st, e);
	return 0;
}

void store_audit_forget(struct store *st)
{
	st->chain_known = false;
}

/* The key file: 64 hex digits and a newline, mode 0600. */
int store_audit_key_load(struct store *st, bool create, struct mo_err *e)
{
	char *text = NULL;
	size_t len = 0;
	struct mo_err ignored;

	st->have_key = false;
	if (!st->key_path[0])
		return 0;
	if (!fs_exists(st->key_path)) {
		char hex[2 * KEY_LEN + 2];
		int fd;

		if (!create)
			return 0;
		randombytes_buf(st->key, KEY_LEN);
		sodium_bin2hex(hex, sizeof(hex), st->key, KEY_LEN);
		hex[2 * KEY_LEN] = '\n';
		/* O_EXCL: two first opens at once agree on one key. */
		fd = open(st->key_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0) {
			bool ok = write(fd, hex, 2 * KEY_LEN + 1) == 2 * KEY_LEN + 1 && !fsync(fd);

			sodium_memzero(hex, sizeof(hex));
			if (close(fd) || !ok) {
				unlink(st->key_path);
				return mo_err_set(e, st->key_path, 0, 0, _("cannot write: %s"),
						  strerror(errno));
			}
		} else if (errno != EEXIST) {
			return mo_err_set(e, st->key_path, 0, 0, _("cannot create: %s"),
					  strerror(errno));
		}
	}
	if (fs_read_file(st->key_path, 4 * KEY_LEN, &text, &len, &ignored))
		return mo_err_set(e, st->key_path, 0, 0, _("cannot read the audit key: %s"),
				  ignored.msg);
	if (len < 2 * KEY_LEN ||
	    sodium_hex2bin(st->key, KEY_LEN, text, len, "\n", NULL, NULL) != 0) {
		sodium_memzero(text, len);
		free(text);
		return mo_err_set(e, st->key_path, 0, 0,
				  _("the audit key is damaged (64 hexadecimal digits expected)"));
	}
	sodium_memzero(text, len);
	free(text);
	make_key_id(st->key, st->key_id);
	st->have_key = true;
	return 0;
}

static int meta_key_id(struct store *st, char out[17], struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_meta_exists, e);
	int rc;

	out[0] = '\0';
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail(st, e);
	}
	rc = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	if (!rc)
		return 0;
	s = store_stmt(st, sql_meta_key, e);
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);

		snprintf(out, 17, "%s", t ? t : "");
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, e);
	return 0;
}

int store_audit_keyed(struct store *st, bool *keyed, struct mo_err *e)
{
	char id[17];

	if (meta_key_id(st, id, e))
		return -1;
	*keyed = id[0] != '\0';
	return 0;
}

/* The key may extend this chain: it is there and it is the chain's. */
static int key_usable(struct store *st, struct mo_err *e)
{
	char id[17];

	if (!st->have_key)
		return mo_err_set(
			e, st->key_path, 0, 0,
			_("the audit key is missing: put back the data folder's audit.key "
			  "(from where you keep its copy); nothing was changed"));
	if (meta_key_id(st, id, e))
		return -1;
	if (id[0] && strcmp(id, st->key_id) != 0)
		return mo_err_set(e, st->key_path, 0, 0,
				  _("this audit key (id %s) is not the one the chain was made with "
				    "(id %s); nothing was changed"),
				  st->key_id, id);
	return 0;
}

static int load_head(struct store *st, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_head, e);
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const void *h = sqlite3_column_blob(s, 1);

		st->last_seq = sqlite3_column_int64(s, 0);
		if (!h || sqlite3_column_bytes(s, 1) != HASH_LEN) {
			sqlite3_reset(s);
			return mo_err_set(e, st->path, 0, 0,
					  _("the audit chain's last row is damaged (moshimo audit "
					    "verify)"));
		}
		memcpy(st->last_hash, h, HASH_LEN);
	} else if (rc == SQLITE_DONE) {
		st->last_seq = 0;
		memcpy(st->last_hash, genesis, HASH_LEN);
	} else {
		sqlite3_reset(s);
		return store_fail(st, e);
	}
	sqlite3_reset(s);
	st->chain_known = true;
	return 0;
}

/* Appends one row with content digest (NULL for a delete). */
static int append(struct store *st, const char *tbl, const char *key, const char *op,
		  const unsigned char *digest, struct mo_err *e)
{
	sqlite3_stmt *s;
	unsigned char hash[HASH_LEN];
	char at[MO_TIME_MAX];
	struct arow r;

	if (sqlite3_get_autocommit(st->db))
		return mo_err_set(e, st->path, 0, 0, "store: a write outside a transaction");
	if (!st->chain_known && (key_usable(st, e) || load_head(st, e)))
		return -1;
	time_format_utc(st->at, at, sizeof(at));
	r = (struct arow){
		st->last_seq + 1, at, st->who ? st->who : "", st->login, tbl, key, op, digest};
	chain_hmac(st->key, &r, st->last_hash, hash);
	s = store_stmt(st, sql_insert, e);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, r.seq);
	store_bind_text(s, 2, at);
	store_bind_text(s, 3, r.who);
	store_bind_text(s, 4, tbl);
	store_bind_text(s, 5, key);
	store_bind_text(s, 6, op);
	if (digest)
		sqlite3_bind_blob(s, 7, digest, HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(s, 8, hash, HASH_LEN, SQLITE_STATIC);
	store_bind_text(s, 9, st->login);
	if (store_exec_done(st, s, e))
		return -1;
	st->last_seq = r.seq;
	memcpy(st->last_hash, hash, HASH_LEN);
	if (!st->appended)
		st->tx_first_seq = r.seq;
	st->appended = true;
	return 0;
}

/* The digest of what content_sql returns, already bound. */
static int content_digest(struct store *st, sqlite3_stmt *s, const char *tbl, const char *key,
			  unsigned char digest[HASH_LEN], struct mo_err *e)
{
	const unsigned char *text;

	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		if (sqlite3_errcode(st->db) != SQLITE_DONE && sqlite3_errcode(st->db) != SQLITE_OK)
			return store_fail(st, e);
		return mo_err_set(e, st->path, 0, 0, "store: the audited row %s/%s is missing", tbl,
				  key);
	}
	text = sqlite3_column_text(s, 0);
	/* NULL for SQL NULL, and when the text could not be made (no memory). */
	if (!text && sqlite3_errcode(st->db) == SQLITE_NOMEM) {
		store_fail(st, e);
		sqlite3_reset(s);
		return -1;
	}
	crypto_hash_sha256(digest, text ? text : (const unsigned char *)"",
			   text ? (unsigned long long)sqlite3_column_bytes(s, 0) : 0);
	sqlite3_reset(s);
	return 0;
}

int store_audit(struct store *st, const char *tbl, const char *key, const char *op,
		const char *content_sql, int64_t a, int64_t b, struct mo_err *e)
{
	unsigned char digest[HASH_LEN];

	if (content_sql) {
		sqlite3_stmt *s = store_stmt(st, content_sql, e);

		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, a);
		if (sqlite3_bind_parameter_count(s) >= 2)
			sqlite3_bind_int64(s, 2, b);
		if (content_digest(st, s, tbl, key, digest, e))
			return -1;
	}
	return append(st, tbl, key, op, content_sql ? digest : NULL, e);
}

int store_audit_text(struct store *st, const char *tbl, const char *key, const char *op,
		     const char *content_sql, struct mo_err *e)
{
	unsigned char digest[HASH_LEN];
	sqlite3_stmt *s = store_stmt(st, content_sql, e);

	if (!s)
		return -1;
	store_bind_text(s, 1, key);
	if (content_digest(st, s, tbl, key, digest, e))
		return -1;
	return append(st, tbl, key, op, digest, e);
}

/* For each audited table: a row whose stored state differs from its last
 * audit content (or has none), and an audited row that is gone. */
#define LAST(tbl)                                                                                  \
	"WITH last AS (SELECT key, max(seq) AS seq FROM audit WHERE tbl = '" tbl "' GROUP BY key) "
/* A row of tbl (keyed by the SQL expression key) whose content (the SQL
 * expression json) no longer hashes to the digest of its last audit row. */
#define CHANGED(tbl, key, json)                                                                    \
	LAST(tbl)                                                                                  \
	"SELECT x.k, a.seq FROM (SELECT " key " AS k, " json " AS j FROM " tbl                     \
	") x LEFT JOIN last ON last.key = x.k "                                                    \
	"LEFT JOIN audit a ON a.seq = last.seq WHERE a.digest IS NOT mo_sha256(x.j) LIMIT 1"
/* An audited row of tbl that is gone: where matches the audit key a.key. */
#define GONE(tbl, where)                                                                           \
	LAST(tbl)                                                                                  \
	"SELECT a.key, a.seq FROM last JOIN audit a ON a.seq = last.seq "                          \
	"WHERE a.op = 'put' AND NOT EXISTS (SELECT 1 FROM " tbl " WHERE " where ") LIMIT 1"
#define BY_ID "id = CAST(a.key AS INTEGER)"
#define JSON(cols) "json_array(" cols ")"

static const char sql_incidents_changed[] =
	CHANGED("incidents", "CAST(id AS TEXT)", STORE_INCIDENT_JSON);
/* The same before migration_filings (the re-keying migration runs first). */
static const char sql_incidents_changed_old[] =
	CHANGED("incidents", "CAST(id AS TEXT)", JSON(STORE_INCIDENT_OLD_COLS));
static const char sql_incidents_gone[] = GONE("incidents", BY_ID);
static const char sql_steps_changed[] =
	CHANGED("steps", "incident_id || '/' || n", JSON(STORE_STEP_COLS));
static const char sql_steps_gone[] =
	GONE("steps", "incident_id = CAST(substr(a.key, 1, instr(a.key, '/') - 1) AS INTEGER) "
		      "AND n = CAST(substr(a.key, instr(a.key, '/') + 1) AS INTEGER)");
static const char sql_events_changed[] = CHANGED("events", "CAST(id AS TEXT)", STORE_EVENT_JSON);
static const char sql_events_gone[] = GONE("events", BY_ID);
static const char sql_decisions_changed[] =
	CHANGED("decisions", "CAST(id AS TEXT)", JSON(STORE_DECISION_COLS));
static const char sql_decisions_gone[] = GONE("decisions", BY_ID);
static const char sql_evidence_changed[] =
	CHANGED("evidence", "CAST(id AS TEXT)", JSON(STORE_EVIDENCE_COLS));
static const char sql_evidence_gone[] = GONE("evidence", BY_ID);
static const char sql_users_changed[] = CHANGED("users", "CAST(id AS TEXT)", JSON(STORE_USER_COLS));
static const char sql_users_gone[] = GONE("users", BY_ID);
static const char sql_tokens_changed[] =
	CHANGED("api_tokens", "CAST(id AS TEXT)", JSON(STORE_TOKEN_COLS));
static const char sql_tokens_gone[] = GONE("api_tokens", BY_ID);
static const char sql_settings_changed[] = CHANGED("web_settings", "key", JSON(STORE_SETTING_COLS));
static const char sql_settings_gone[] = GONE("web_settings", "key = a.key");
static const char sql_owners_changed[] =
	CHANGED("report_owners", "CAST(incident_id AS TEXT)", JSON(STORE_OWNER_COLS));
static const char sql_owners_gone[] = GONE("report_owners", "incident_id = CAST(a.key AS INTEGER)");
static const char sql_checks_changed[] =
	CHANGED("check_results", "CAST(id AS TEXT)", JSON(STORE_CHECK_RESULT_COLS));
static const char sql_checks_gone[] = GONE("check_results", BY_ID);

/* The rows of the tables first chained by the keyed format, for the
 * migration's baseline: key and content. */
#define BASELINE(tbl, key, cols) "SELECT " key ", mo_sha256(json_array(" cols ")) FROM " tbl
static const char sql_users_all[] = BASELINE("users", "CAST(id AS TEXT)", STORE_USER_COLS);
static const char sql_tokens_all[] = BASELINE("api_tokens", "CAST(id AS TEXT)", STORE_TOKEN_COLS);
static const char sql_settings_all[] = BASELINE("web_settings", "key", STORE_SETTING_COLS);
static const char sql_owners_all[] =
	BASELINE("report_owners", "CAST(incident_id AS TEXT)", STORE_OWNER_COLS);

static const struct {
	const char *tbl;
	const char *changed;
	const char *gone;
	const char *all; /* NULL: chained since format 2 */
	bool later;	 /* made by a migration after the keyed format's: no old chain has it */
} audited[] = {
	{"incidents", sql_incidents_changed, sql_incidents_gone, NULL, false},
	{"steps", sql_steps_changed, sql_steps_gone, NULL, false},
	{"events", sql_events_changed, sql_events_gone, NULL, false},
	{"decisions", sql_decisions_changed, sql_decisions_gone, NULL, false},
	{"evidence", sql_evidence_changed, sql_evidence_gone, NULL, false},
	{"users", sql_users_changed, sql_users_gone, sql_users_all, false},
	{"api_tokens", sql_tokens_changed, sql_tokens_gone, sql_tokens_all, false},
	{"web_settings", sql_settings_changed, sql_settings_gone, sql_settings_all, false},
	{"report_owners", sql_owners_changed, sql_owners_gone, sql_owners_all, false},
	{"check_results", sql_checks_changed, sql_checks_gone, NULL, true},
};

static void set_problem(struct store_audit_report *r, enum store_audit_problem p, int64_t seq,
			const char *fmt, ...) MO_PRINTF(4, 5);

static void set_problem(struct store_audit_report *r, enum store_audit_problem p, int64_t seq,
			const char *fmt, ...)
{
	va_list ap;

	r->problem = p;
	r->broken_seq = seq;
	va_start(ap, fmt);
	vsnprintf(r->what, sizeof(r->what), fmt, ap);
	va_end(ap);
}

/* Walks the chain with format 3 (v2 false, the store's key) or checks an
 * old format 2 chain (v2 true). Remembers the head. */
static int walk_chain(struct store *st, bool v2, struct store_audit_report *r,
		      unsigned char head[HASH_LEN], struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_walk, e);
	unsigned char prev[HASH_LEN], hash[HASH_LEN];
	crypto_auth_hmacsha256_state base;
	int64_t expect_seq = 1;
	int rc;

	if (!s)
		return -1;
	crypto_auth_hmacsha256_init(&base, st->key, KEY_LEN);
	memcpy(prev, genesis, HASH_LEN);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct arow a;
		int dlen = sqlite3_column_bytes(s, 6);
		const unsigned char *stored = sqlite3_column_blob(s, 7);
		int slen = sqlite3_column_bytes(s, 7);

		a.seq = sqlite3_column_int64(s, 0);
		a.at = (const char *)sqlite3_column_text(s, 1);
		a.who = (const char *)sqlite3_column_text(s, 2);
		a.tbl = (const char *)sqlite3_column_text(s, 3);
		a.key = (const char *)sqlite3_column_text(s, 4);
		a.op = (const char *)sqlite3_column_text(s, 5);
		a.digest = sqlite3_column_blob(s, 6);
		a.login = (const char *)sqlite3_column_text(s, 8);
		r->rows++;
		if (a.seq != expect_seq) {
			set_problem(r, AUDIT_BAD_ROW, a.seq,
				    _("row %lld follows row %lld: rows are missing"),
				    (long long)a.seq, (long long)(expect_seq - 1));
			goto broken;
		}
		if ((a.digest && dlen != HASH_LEN) || !stored || slen != HASH_LEN) {
			set_problem(r, AUDIT_BAD_ROW, a.seq, _("row %lld is damaged"),
				    (long long)a.seq);
			goto broken;
		}
		if (v2)
			chain_hash_v2(a.seq, a.at, a.who, a.tbl, a.key, a.op, a.digest, prev, hash);
		else
			chain_hmac_from(&base, &a, prev, hash);
		if (sodium_memcmp(stored, hash, HASH_LEN) != 0) {
			set_problem(
				r, AUDIT_BAD_ROW, a.seq,
				_("row %lld was changed (%s %s): its HMAC does not match (an edit, "
				  "or hashes recomputed without the key)"),
				(long long)a.seq, a.tbl ? a.tbl : "?", a.key ? a.key : "?");
			goto broken;
		}
		memcpy(prev, hash, HASH_LEN);
		expect_seq++;
	}
	sqlite3_reset(s);
	sodium_memzero(&base, sizeof(base));
	if (rc != SQLITE_DONE)
		return store_fail(st, e);
	memcpy(head, prev, HASH_LEN);
	return 0;
broken:
	sqlite3_reset(s);
	sodium_memzero(&base, sizeof(base));
	return 1;
}

static int check_state(struct store *st, bool old_only, struct store_audit_report *r,
		       struct mo_err *e)
{
	for (size_t i = 0; i < MO_ARRAY_SIZE(audited); i++) {
		const char *q[2] = {audited[i].changed, audited[i].gone};

		if (old_only && audited[i].changed == sql_incidents_changed)
			q[0] = sql_incidents_changed_old;

		if (old_only && (audited[i].all || audited[i].later))
			continue;
		for (int k = 0; k < 2; k++) {
			sqlite3_stmt *s = store_stmt(st, q[k], e);
			int rc;

			if (!s)
				return -1;
			rc = sqlite3_step(s);
			if (rc == SQLITE_ROW) {
				const char *key = (const char *)sqlite3_column_text(s, 0);
				int64_t seq = sqlite3_column_int64(s, 1);

				if (k == 0)
					set_problem(
						r, AUDIT_BAD_DATA, seq > 0 ? seq : -1,
						_("%s row %s differs from its last audited state%s"),
						audited[i].tbl, key ? key : "?",
						seq <= 0 ? _(" (it was never audited)") : "");
				else
					set_problem(r, AUDIT_BAD_DATA, seq > 0 ? seq : -1,
						    _("%s row %s was deleted outside moshimo"),
						    audited[i].tbl, key ? key : "?");
				sqlite3_reset(s);
				return 1;
			}
			sqlite3_reset(s);
			if (rc != SQLITE_DONE)
				return store_fail(st, e);
		}
	}
	return 0;
}

/* The anchor file: what the chain's head was after the last commit. */
struct anchor {
	int64_t rows;
	unsigned char head[HASH_LEN];
	char key_id[17];
};

static const char anchor_magic[] = "moshimo audit anchor 1\n";

static void anchor_text(const struct anchor *a, char *out, size_t size)
{
	char hex[2 * HASH_LEN + 1];

	sodium_bin2hex(hex, sizeof(hex), a->head, HASH_LEN);
	snprintf(out, size, "%srows %lld\nhead %s\nkey %s\n", anchor_magic, (long long)a->rows, hex,
		 a->key_id);
}

/* 0 and a filled; 1 when there is no anchor file; -1 with e on a damaged one. */
static int anchor_read(const char *path, struct anchor *a, struct mo_err *e)
{
	char *text = NULL, hex[2 * HASH_LEN + 1];
	long long rows;
	int n = 0, rc = 0;

	if (!fs_exists(path))
		return 1;
	if (fs_read_file(path, ANCHOR_MAX, &text, NULL, e))
		return -1;
	memset(a, 0, sizeof(*a));
	if (strncmp(text, anchor_magic, sizeof(anchor_magic) - 1) != 0 ||
	    sscanf(text + sizeof(anchor_magic) - 1,
		   "rows %lld\nhead %64[0-9a-f]\nkey %16[0-9a-f]\n%n", &rows, hex, a->key_id,
		   &n) != 3 ||
	    rows < 0 || strlen(hex) != 2 * HASH_LEN ||
	    sodium_hex2bin(a->head, HASH_LEN, hex, strlen(hex), NULL, NULL, NULL) != 0 ||
	    text[sizeof(anchor_magic) - 1 + (size_t)n] != '\0')
		rc = mo_err_set(e, path, 0, 0, _("the audit anchor is damaged"));
	a->rows = rows;
	free(text);
	return rc;
}

static int head_of(struct store *st, struct anchor *a, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_head, e);
	int rc;

	if (!s)
		return -1;
	memset(a, 0, sizeof(*a));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		a->rows = sqlite3_column_int64(s, 0);
		if (sqlite3_column_bytes(s, 1) == HASH_LEN)
			memcpy(a->head, sqlite3_column_blob(s, 1), HASH_LEN);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, e);
	snprintf(a->key_id, sizeof(a->key_id), "%s", st->key_id);
	return 0;
}

int store_audit_head(struct store *st, int64_t *rows, char hash_hex[65], struct mo_err *e)
{
	struct anchor a;

	if (head_of(st, &a, e))
		return -1;
	*rows = a.rows;
	sodium_bin2hex(hash_hex, 65, a.head, HASH_LEN);
	return 0;
}

int store_audit_anchor_save(struct store *st, const char *path, struct mo_err *e)
{
	struct anchor a;
	char text[ANCHOR_MAX];

	if (head_of(st, &a, e))
		return -1;
	anchor_text(&a, text, sizeof(text));
	return fs_write_file(path, text, strlen(text), e);
}

/* Writes the anchor under an exclusive lock on the key file (which is never
 * replaced), and only forwards: two writers finishing in either order leave
 * the longer head. */
int store_audit_anchor_update(struct store *st, enum store_anchor_mode mode, struct mo_err *e)
{
	struct anchor now, old;
	struct mo_err ignored;
	char text[ANCHOR_MAX];
	int fd, rc = 0, have;

	if (!st->anchor_path[0] || !st->have_key)
		return 0;
	fd = open(st->key_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return mo_err_set(e, st->key_path, 0, 0, _("cannot open: %s"), strerror(errno));
	while (flock(fd, LOCK_EX) && errno == EINTR)
		;
	if (head_of(st, &now, e)) {
		rc = -1;
		goto done;
	}
	have = anchor_read(st->anchor_path, &old, &ignored) == 0 &&
	       strcmp(old.key_id, now.key_id) == 0;
	if (mode != ANCHOR_FORCE && have && old.rows >= now.rows)
		goto done;
	if (!have && mode == ANCHOR_FORWARD) {
		rc = mo_err_set(
			e, st->anchor_path, 0, 0,
			_("the audit anchor is missing or damaged, and is not made again over "
			  "a chain that may have lost rows: check with moshimo audit verify, "
			  "then moshimo audit anchor"));
		goto done;
	}
	anchor_text(&now, text, sizeof(text));
	rc = fs_write_file(st->anchor_path, text, strlen(text), e);
done:
	close(fd);
	return rc;
}

/* The anchor against the chain just walked (rows, head). */
static int check_anchor(struct store *st, struct store_audit_report *r, struct mo_err *e)
{
	struct anchor a;
	struct mo_err why;
	sqlite3_stmt *s;
	int rc;

	if (!st->anchor_path[0])
		return 0; /* a copy checked on its own: its head is what it is */
	rc = anchor_read(st->anchor_path, &a, &why);
	if (rc == 1) {
		if (r->rows == 0)
			return 0;
		set_problem(r, AUDIT_NO_ANCHOR, 0,
			    _("the anchor file %s is missing: the chain's length cannot be "
			      "checked (rows may have been deleted from its end)"),
			    st->anchor_path);
		return 1;
	}
	if (rc < 0) {
		set_problem(r, AUDIT_NO_ANCHOR, 0, "%s: %s", st->anchor_path, why.msg);
		return 1;
	}
	if (strcmp(a.key_id, st->key_id) != 0) {
		set_problem(r, AUDIT_WRONG_KEY, 0,
			    _("the anchor was written with another key (id %s; this key is %s)"),
			    a.key_id, st->key_id);
		return 1;
	}
	if (a.rows > r->rows) {
		char hex[2 * HASH_LEN + 1];

		sodium_bin2hex(hex, sizeof(hex), a.head, HASH_LEN);
		set_problem(r, AUDIT_TRUNCATED, r->rows + 1,
			    _("the chain is truncated: the anchor says %lld rows ending in hash "
			      "%.16s…, the database has %lld (rows %lld and later were deleted)"),
			    (long long)a.rows, hex, (long long)r->rows, (long long)r->rows + 1);
		return 1;
	}
	if (a.rows == 0)
		return 0;
	s = store_stmt(st, sql_hash_at, e);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, a.rows);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == HASH_LEN &&
	    sodium_memcmp(sqlite3_column_blob(s, 0), a.head, HASH_LEN) == 0) {
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, e);
	set_problem(r, AUDIT_TRUNCATED, a.rows,
		    _("row %lld is not the row the anchor recorded: the chain was replaced from "
		      "there on"),
		    (long long)a.rows);
	return 1;
}

int store_audit_verify(struct store *st, struct store_audit_report *r, struct mo_err *e)
{
	unsigned char head[HASH_LEN];
	char id[17];
	int rc;

	memset(r, 0, sizeof(*r));
	if (!st->have_key) {
		set_problem(r, AUDIT_NO_KEY, 0,
			    _("the audit key %s is missing: the chain cannot be checked without "
			      "it"),
			    st->key_path);
		return 1;
	}
	if (meta_key_id(st, id, e))
		return -1;
	if (strcmp(id, st->key_id) != 0) {
		set_problem(r, AUDIT_WRONG_KEY, 0,
			    _("%s is not the key this chain was made with (key id %s, the "
			      "chain's: %s)"),
			    st->key_path, st->key_id, id[0] ? id : "?");
		return 1;
	}
	rc = walk_chain(st, false, r, head, e);
	if (rc)
		return rc;
	rc = check_anchor(st, r, e);
	if (rc)
		return rc;
	return check_state(st, false, r, e);
}

int store_audit_reanchor(struct store *st, struct store_audit_report *r, struct mo_err *e)
{
	unsigned char head[HASH_LEN];
	char what[160];
	char id[17];
	int rc;

	memset(r, 0, sizeof(*r));
	if (key_usable(st, e))
		return -1;
	if (meta_key_id(st, id, e))
		return -1;
	rc = walk_chain(st, false, r, head, e);
	if (rc == 0)
		rc = check_state(st, false, r, e);
	if (rc)
		return rc;
	snprintf(what, sizeof(what), "anchor made again at row %lld", (long long)r->rows);
	if (append(st, "audit", what, "anchor", NULL, e))
		return -1;
	st->anchor_reset = true;
	return 0;
}

/* Chains the current rows of the tables first covered by format 3. */
static int baseline(struct store *st, int64_t *n, struct mo_err *e)
{
	for (size_t i = 0; i < MO_ARRAY_SIZE(audited); i++) {
		sqlite3_stmt *s;
		char key[256];
		unsigned char digest[HASH_LEN];
		int rc;

		if (!audited[i].all)
			continue;
		s = store_stmt(st, audited[i].all, e);
		if (!s)
			return -1;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			snprintf(key, sizeof(key), "%s", (const char *)sqlite3_column_text(s, 0));
			if (sqlite3_column_bytes(s, 1) != HASH_LEN)
				break;
			memcpy(digest, sqlite3_column_blob(s, 1), HASH_LEN);
			if (append(st, audited[i].tbl, key, "put", digest, e)) {
				sqlite3_reset(s);
				return -1;
			}
			(*n)++;
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_fail(st, e);
	}
	return 0;
}

int store_audit_rekey(struct store *st, struct mo_err *e)
{
	struct store_audit_report r;
	unsigned char head[HASH_LEN], prev[HASH_LEN], hash[HASH_LEN];
	char what[256];
	int64_t rows = 0, base = 0;
	sqlite3_stmt *s;
	int rc;

	if (!st->have_key)
		return mo_err_set(
			e, st->key_path, 0, 0,
			_("the audit key is missing: it is made on the first open of a data "
			  "folder; put back the folder's audit.key"));
	memset(&r, 0, sizeof(r));
	rc = walk_chain(st, true, &r, head, e);
	if (rc == 0)
		rc = check_state(st, true, &r, e);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return mo_err_set(
			e, st->path, 0, 0,
			_("the audit chain is already broken (%s); moshimo will not re-key "
			  "a broken chain: keep this database as evidence and start a new "
			  "data folder"),
			r.what);
	rows = r.rows;
	/* Re-key: every row's hash again, with the key. The old rows have no
	 * login. audit_no_update was dropped by the migration for this. */
	memcpy(prev, genesis, HASH_LEN);
	for (int64_t seq = 1; seq <= rows; seq++) {
		struct arow a;
		sqlite3_stmt *u;

		/* A lookup per row: the table is not updated under a running scan. */
		s = store_stmt(st, sql_row_at, e);
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, seq);
		if (sqlite3_step(s) != SQLITE_ROW) {
			sqlite3_reset(s);
			return store_fail(st, e);
		}
		a = (struct arow){sqlite3_column_int64(s, 0),
				  (const char *)sqlite3_column_text(s, 1),
				  (const char *)sqlite3_column_text(s, 2),
				  NULL,
				  (const char *)sqlite3_column_text(s, 3),
				  (const char *)sqlite3_column_text(s, 4),
				  (const char *)sqlite3_column_text(s, 5),
				  sqlite3_column_blob(s, 6)};
		chain_hmac(st->key, &a, prev, hash);
		sqlite3_reset(s);
		memcpy(prev, hash, HASH_LEN);
		u = store_stmt(st, sql_rehash, e);
		if (!u)
			return -1;
		sqlite3_bind_int64(u, 1, seq);
		sqlite3_bind_blob(u, 2, hash, HASH_LEN, SQLITE_STATIC);
		if (store_exec_done(st, u, e))
			return -1;
	}
	if (sqlite3_exec(st->db, sql_no_update_trigger, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, e);
	s = store_stmt(st, sql_meta_key_put, e);
	if (!s)
		return -1;
	store_bind_text(s, 1, st->key_id);
	if (store_exec_done(st, s, e))
		return -1;
	/* The migration acts as moshimo itself, now. */
	store_actor(st, "moshimo", time_now());
	store_actor_login(st, "moshimo");
	st->chain_known = false;
	if (rows) {
		snprintf(what, sizeof(what),
			 "rows 1-%lld re-keyed with HMAC-SHA256 (key id %s); the SHA-256 chain "
			 "verified before",
			 (long long)rows, st->key_id);
		if (append(st, "audit", what, "rekey", NULL, e))
			return -1;
	}
	if (baseline(st, &base, e))
		return -1;
	store_actor_login(st, NULL);
	return 0;
}
