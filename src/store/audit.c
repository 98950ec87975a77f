/* The audit chain: every write to incident data appends a row whose hash
 * covers the previous row's hash and the change (the row as SQLite stores
 * it, as a JSON array). verify walks the chain, then checks that every
 * audited table still holds exactly its last audited state, so an edit of
 * either the chain or the data is found. */
#include "store/storeInt.h"

#include <sodium.h>

#define HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)

static const char sql_head[] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
static const char sql_insert[] = "INSERT INTO audit (seq, at, who, tbl, key, op, content, prev, "
				 "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_walk[] =
	"SELECT seq, at, who, tbl, key, op, content, prev, hash FROM audit ORDER BY seq";

static const char genesis[HASH_HEX] =
	"0000000000000000000000000000000000000000000000000000000000000000";

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

static void chain_hash(int64_t seq, const char *at, const char *who, const char *tbl,
		       const char *key, const char *op, const char *content, const char *prev,
		       char out[HASH_HEX])
{
	crypto_hash_sha256_state h;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char seqs[32];

	snprintf(seqs, sizeof(seqs), "%lld", (long long)seq);
	crypto_hash_sha256_init(&h);
	hash_field(&h, "moshimo-audit-1");
	hash_field(&h, prev);
	hash_field(&h, seqs);
	hash_field(&h, at);
	hash_field(&h, who);
	hash_field(&h, tbl);
	hash_field(&h, key);
	hash_field(&h, op);
	hash_field(&h, content);
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(out, HASH_HEX, digest, sizeof(digest));
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
		const char *h = (const char *)sqlite3_column_text(s, 1);

		st->last_seq = sqlite3_column_int64(s, 0);
		snprintf(st->last_hash, sizeof(st->last_hash), "%s", h ? h : "");
	} else if (rc == SQLITE_DONE) {
		st->last_seq = 0;
		memcpy(st->last_hash, genesis, sizeof(genesis));
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
	char *content = NULL;
	char at[MO_TIME_MAX], hash[HASH_HEX];
	int64_t seq;
	int rc = -1;

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
		content = strdup((const char *)sqlite3_column_text(s, 0));
		sqlite3_reset(s);
		if (!content)
			return mo_err_set(e, st->path, 0, 0, _("out of memory"));
	}
	seq = st->last_seq + 1;
	time_format_utc(st->at, at, sizeof(at));
	chain_hash(seq, at, st->who ? st->who : "", tbl, key, op, content, st->last_hash, hash);
	s = store_stmt(st, sql_insert, e);
	if (!s)
		goto done;
	sqlite3_bind_int64(s, 1, seq);
	store_bind_text(s, 2, at);
	store_bind_text(s, 3, st->who ? st->who : "");
	store_bind_text(s, 4, tbl);
	store_bind_text(s, 5, key);
	store_bind_text(s, 6, op);
	store_bind_text(s, 7, content);
	store_bind_text(s, 8, st->last_hash);
	store_bind_text(s, 9, hash);
	if (store_exec_done(st, s, e))
		goto done;
	st->last_seq = seq;
	memcpy(st->last_hash, hash, sizeof(hash));
	rc = 0;
done:
	free(content);
	return rc;
}

/* For each audited table: a row whose stored state differs from its last
 * audit content (or has none), and an audited row that is gone. */
#define LAST(tbl) "WITH last AS (SELECT key, max(seq) AS seq FROM audit WHERE tbl = '" tbl "' GROUP BY key) "

static const char sql_incidents_changed[] =
	LAST("incidents") "SELECT x.k, a.seq FROM (SELECT CAST(id AS TEXT) AS k, json_array("
	STORE_INCIDENT_COLS ") AS j FROM incidents) x LEFT JOIN last ON last.key = x.k "
	"LEFT JOIN audit a ON a.seq = last.seq WHERE a.content IS NOT x.j LIMIT 1";
static const char sql_incidents_gone[] =
	LAST("incidents") "SELECT a.key, a.seq FROM last JOIN audit a ON a.seq = last.seq "
	"WHERE a.op = 'put' AND NOT EXISTS (SELECT 1 FROM incidents WHERE id = "
	"CAST(a.key AS INTEGER)) LIMIT 1";
static const char sql_steps_changed[] =
	LAST("steps") "SELECT x.k, a.seq FROM (SELECT incident_id || '/' || n AS k, json_array("
	STORE_STEP_COLS ") AS j FROM steps) x LEFT JOIN last ON last.key = x.k "
	"LEFT JOIN audit a ON a.seq = last.seq WHERE a.content IS NOT x.j LIMIT 1";
static const char sql_steps_gone[] =
	LAST("steps") "SELECT a.key, a.seq FROM last JOIN audit a ON a.seq = last.seq "
	"WHERE a.op = 'put' AND NOT EXISTS (SELECT 1 FROM steps WHERE incident_id = "
	"CAST(substr(a.key, 1, instr(a.key, '/') - 1) AS INTEGER) AND n = "
	"CAST(substr(a.key, instr(a.key, '/') + 1) AS INTEGER)) LIMIT 1";
static const char sql_events_changed[] =
	LAST("events") "SELECT x.k, a.seq FROM (SELECT CAST(id AS TEXT) AS k, json_array("
	STORE_EVENT_COLS ") AS j FROM events) x LEFT JOIN last ON last.key = x.k "
	"LEFT JOIN audit a ON a.seq = last.seq WHERE a.content IS NOT x.j LIMIT 1";
static const char sql_events_gone[] =
	LAST("events") "SELECT a.key, a.seq FROM last JOIN audit a ON a.seq = last.seq "
	"WHERE a.op = 'put' AND NOT EXISTS (SELECT 1 FROM events WHERE id = "
	"CAST(a.key AS INTEGER)) LIMIT 1";
static const char sql_decisions_changed[] =
	LAST("decisions") "SELECT x.k, a.seq FROM (SELECT CAST(id AS TEXT) AS k, json_array("
	STORE_DECISION_COLS ") AS j FROM decisions) x LEFT JOIN last ON last.key = x.k "
	"LEFT JOIN audit a ON a.seq = last.seq WHERE a.content IS NOT x.j LIMIT 1";
static const char sql_decisions_gone[] =
	LAST("decisions") "SELECT a.key, a.seq FROM last JOIN audit a ON a.seq = last.seq "
	"WHERE a.op = 'put' AND NOT EXISTS (SELECT 1 FROM decisions WHERE id = "
	"CAST(a.key AS INTEGER)) LIMIT 1";
static const char sql_evidence_changed[] =
	LAST("evidence") "SELECT x.k, a.seq FROM (SELECT CAST(id AS TEXT) AS k, json_array("
	STORE_EVIDENCE_COLS ") AS j FROM evidence) x LEFT JOIN last ON last.key = x.k "
	"LEFT JOIN audit a ON a.seq = last.seq WHERE a.content IS NOT x.j LIMIT 1";
static const char sql_evidence_gone[] =
	LAST("evidence") "SELECT a.key, a.seq FROM last JOIN audit a ON a.seq = last.seq "
	"WHERE a.op = 'put' AND NOT EXISTS (SELECT 1 FROM evidence WHERE id = "
	"CAST(a.key AS INTEGER)) LIMIT 1";

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
	char prev[HASH_HEX], hash[HASH_HEX];
	int64_t expect_seq = 1;
	int rc;

	if (!s)
		return -1;
	memcpy(prev, genesis, sizeof(genesis));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(s, 0);
		const char *col[8];

		for (int i = 1; i <= 8; i++)
			col[i - 1] = (const char *)sqlite3_column_text(s, i);
		r->rows++;
		if (seq != expect_seq) {
			r->broken_seq = seq;
			snprintf(r->what, sizeof(r->what),
				 "row %lld follows row %lld: rows are missing", (long long)seq,
				 (long long)(expect_seq - 1));
			goto broken;
		}
		if (!col[6] || strcmp(col[6], prev) != 0) {
			r->broken_seq = seq;
			snprintf(r->what, sizeof(r->what),
				 "row %lld does not continue the chain (its previous hash differs)",
				 (long long)seq);
			goto broken;
		}
		chain_hash(seq, col[0], col[1], col[2], col[3], col[4], col[5], prev, hash);
		if (!col[7] || strcmp(col[7], hash) != 0) {
			r->broken_seq = seq;
			snprintf(r->what, sizeof(r->what),
				 "row %lld was changed (%s %s): its hash does not match", (long long)seq,
				 col[2] ? col[2] : "?", col[3] ? col[3] : "?");
			goto broken;
		}
		memcpy(prev, hash, sizeof(hash));
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
