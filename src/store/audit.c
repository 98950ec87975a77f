/* The audit chain: every write to incident data appends a row whose hash
 * covers the previous row's hash and the change — which row, what was done,
 * by whom, when, and the SHA-256 digest of the row as SQLite stores it
 * (a JSON array of its columns). verify walks the chain, then checks that
 * every audited table still holds exactly its last audited state, so an
 * edit of either the chain or the data is found. The chain keeps digests,
 * not copies: the readable history is the timeline. */
#include "store/storeInt.h"

#include <sodium.h>

#define HASH_LEN crypto_hash_sha256_BYTES

static const char sql_head[] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
static const char sql_insert[] = "INSERT INTO audit (seq, at, who, tbl, key, op, digest, hash) "
				 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_walk[] =
	"SELECT seq, at, who, tbl, key, op, digest, hash FROM audit ORDER BY seq";

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

/* The row's hash: over the previous hash and everything the row says. */
static void chain_hash(int64_t seq, const char *at, const char *who, const char *tbl,
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

int store_audit(struct store *st, const char *tbl, const char *key, const char *op,
		const char *content_sql, int64_t a, int64_t b, struct mo_err *e)
{
	sqlite3_stmt *s;
	unsigned char digest[HASH_LEN], hash[HASH_LEN];
	char at[MO_TIME_MAX];
	int64_t seq;

	if (sqlite3_get_autocommit(st->db))
		return mo_err_set(e, st->path, 0, 0, "store: a write outside a transaction");
	if (!st->chain_known && load_head(st, e))
		return -1;
	if (content_sql) {
		s = store_stmt(st, content_sql, e);
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, a);
		if (sqlite3_bind_parameter_count(s) >= 2)
			sqlite3_bind_int64(s, 2, b);
		if (sqlite3_step(s) != SQLITE_ROW) {
			sqlite3_reset(s);
			if (sqlite3_errcode(st->db) != SQLITE_DONE &&
			    sqlite3_errcode(st->db) != SQLITE_OK)
				return store_fail(st, e);
			return mo_err_set(e, st->path, 0, 0, "store: the audited row %s/%s is missing",
					  tbl, key);
		}
		crypto_hash_sha256(digest, sqlite3_column_text(s, 0),
				   (unsigned long long)sqlite3_column_bytes(s, 0));
		sqlite3_reset(s);
	}
	seq = st->last_seq + 1;
	time_format_utc(st->at, at, sizeof(at));
	chain_hash(seq, at, st->who ? st->who : "", tbl, key, op, content_sql ? digest : NULL,
		   st->last_hash, hash);
	s = store_stmt(st, sql_insert, e);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	store_bind_text(s, 2, at);
	store_bind_text(s, 3, st->who ? st->who : "");
	store_bind_text(s, 4, tbl);
	store_bind_text(s, 5, key);
	store_bind_text(s, 6, op);
	if (content_sql)
		sqlite3_bind_blob(s, 7, digest, HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(s, 8, hash, HASH_LEN, SQLITE_STATIC);
	if (store_exec_done(st, s, e))
		return -1;
	st->last_seq = seq;
	memcpy(st->last_hash, hash, HASH_LEN);
	return 0;
}

/* For each audited table: a row whose stored state differs from its last
 * audit content (or has none), and an audited row that is gone. */
#define LAST(tbl) "WITH last AS (SELECT key, max(seq) AS seq FROM audit WHERE tbl = '" tbl "' GROUP BY key) "
/* A row of tbl (keyed by the SQL expression key) whose columns cols no
 * longer hash to the digest of its last audit row. */
#define CHANGED(tbl, key, cols)                                                                    \
	LAST(tbl) "SELECT x.k, a.seq FROM (SELECT " key " AS k, json_array(" cols ") AS j FROM " tbl \
		  ") x LEFT JOIN last ON last.key = x.k "                                           \
		  "LEFT JOIN audit a ON a.seq = last.seq WHERE a.digest IS NOT mo_sha256(x.j) LIMIT 1"
/* An audited row of tbl that is gone: where matches the audit key a.key. */
#define GONE(tbl, where)                                                                           \
	LAST(tbl) "SELECT a.key, a.seq FROM last JOIN audit a ON a.seq = last.seq "               \
		  "WHERE a.op = 'put' AND NOT EXISTS (SELECT 1 FROM " tbl " WHERE " where ") LIMIT 1"
#define BY_ID "id = CAST(a.key AS INTEGER)"

static const char sql_incidents_changed[] =
	CHANGED("incidents", "CAST(id AS TEXT)", STORE_INCIDENT_COLS);
static const char sql_incidents_gone[] = GONE("incidents", BY_ID);
static const char sql_steps_changed[] =
	CHANGED("steps", "incident_id || '/' || n", STORE_STEP_COLS);
static const char sql_steps_gone[] =
	GONE("steps", "incident_id = CAST(substr(a.key, 1, instr(a.key, '/') - 1) AS INTEGER) "
		      "AND n = CAST(substr(a.key, instr(a.key, '/') + 1) AS INTEGER)");
static const char sql_events_changed[] =
	CHANGED("events", "CAST(id AS TEXT)", STORE_EVENT_COLS);
static const char sql_events_gone[] = GONE("events", BY_ID);
static const char sql_decisions_changed[] =
	CHANGED("decisions", "CAST(id AS TEXT)", STORE_DECISION_COLS);
static const char sql_decisions_gone[] = GONE("decisions", BY_ID);
static const char sql_evidence_changed[] =
	CHANGED("evidence", "CAST(id AS TEXT)", STORE_EVIDENCE_COLS);
static const char sql_evidence_gone[] = GONE("evidence", BY_ID);

static const struct {
	const char *tbl;
	const char *changed;
	const char *gone;
} audited[] = {
	{"incidents", sql_incidents_changed, sql_incidents_gone},
	{"steps", sql_steps_changed, sql_steps_gone},
	{"events", sql_events_changed, sql_events_gone},
	{"decisions", sql_decisions_changed, sql_decisions_gone},
	{"evidence", sql_evidence_changed, sql_evidence_gone},
};

static int walk_chain(struct store *st, struct store_audit_report *r, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_walk, e);
	unsigned char prev[HASH_LEN], hash[HASH_LEN];
	int64_t expect_seq = 1;
	int rc;

	if (!s)
		return -1;
	memcpy(prev, genesis, HASH_LEN);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(s, 0);
		const char *col[5];
		const unsigned char *digest = sqlite3_column_blob(s, 6);
		int dlen = sqlite3_column_bytes(s, 6);
		const unsigned char *stored = sqlite3_column_blob(s, 7);
		int slen = sqlite3_column_bytes(s, 7);

		for (int i = 1; i <= 5; i++)
			col[i - 1] = (const char *)sqlite3_column_text(s, i);
		r->rows++;
		if (seq != expect_seq) {
			r->broken_seq = seq;
			snprintf(r->what, sizeof(r->what),
				 "row %lld follows row %lld: rows are missing", (long long)seq,
				 (long long)(expect_seq - 1));
			goto broken;
		}
		if ((digest && dlen != HASH_LEN) || !stored || slen != HASH_LEN) {
			r->broken_seq = seq;
			snprintf(r->what, sizeof(r->what), "row %lld is damaged", (long long)seq);
			goto broken;
		}
		chain_hash(seq, col[0], col[1], col[2], col[3], col[4], digest, prev, hash);
		if (sodium_memcmp(stored, hash, HASH_LEN) != 0) {
			r->broken_seq = seq;
			snprintf(r->what, sizeof(r->what),
				 "row %lld was changed (%s %s): its hash does not match", (long long)seq,
				 col[2] ? col[2] : "?", col[3] ? col[3] : "?");
			goto broken;
		}
		memcpy(prev, hash, HASH_LEN);
		expect_seq++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, e);
	return 0;
broken:
	sqlite3_reset(s);
	return 1;
}

static int check_state(struct store *st, struct store_audit_report *r, struct mo_err *e)
{
	for (size_t i = 0; i < MO_ARRAY_SIZE(audited); i++) {
		const char *q[2] = {audited[i].changed, audited[i].gone};

		for (int k = 0; k < 2; k++) {
			sqlite3_stmt *s = store_stmt(st, q[k], e);
			int rc;

			if (!s)
				return -1;
			rc = sqlite3_step(s);
			if (rc == SQLITE_ROW) {
				const char *key = (const char *)sqlite3_column_text(s, 0);
				int64_t seq = sqlite3_column_int64(s, 1);

				r->broken_seq = seq > 0 ? seq : -1;
				snprintf(r->what, sizeof(r->what),
					 k == 0 ? "%s row %s differs from its last audited state%s"
						: "%s row %s was deleted outside moshimo%s",
					 audited[i].tbl, key ? key : "?",
					 k == 0 && seq <= 0 ? " (it was never audited)" : "");
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

int store_audit_verify(struct store *st, struct store_audit_report *r, struct mo_err *e)
{
	int rc;

	memset(r, 0, sizeof(*r));
	rc = walk_chain(st, r, e);
	if (rc)
		return rc;
	return check_state(st, r, e);
}
