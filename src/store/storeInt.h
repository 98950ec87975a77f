/* Inside store/: the connection, its statement cache, binding and reading
 * helpers, and the audit hook every write calls. */
#ifndef MO_STORE_INT_H
#define MO_STORE_INT_H

#include "store/store.h"

#include <sqlite3.h>

#define STORE_MAX_STMTS 256

struct store_cached {
	const char *sql; /* a static const string: its address is the key */
	sqlite3_stmt *stmt;
};

struct store {
	sqlite3 *db;
	char path[1024];
	struct store_cached cache[STORE_MAX_STMTS];
	size_t n_cache;
	char *who; /* the actor of the following writes */
	int64_t at;
	char *login;	  /* the actor's stable login id (item: who is logged in) */
	bool chain_known; /* last_seq/last_hash read in this transaction */
	int64_t last_seq;
	unsigned char last_hash[32];
	bool appended;	      /* this transaction appended audit rows: write the anchor */
	int64_t tx_first_seq; /* the first row this transaction appended */
	bool anchor_reset;    /* this transaction re-anchors (store_audit_reanchor) */
	/* The chain's key (DATA/audit.key, outside the database) and its anchor. */
	char key_path[1024];
	char anchor_path[1024];
	bool have_key;
	unsigned char key[32];
	char key_id[17];		/* a public fingerprint of the key (hex) */
	struct store_hook *hooks;	/* store_after_commit, in the order added */
	int migrated_from, migrated_to; /* migrate(): the versions, equal when none ran */
};

struct store_hook {
	int (*fn)(struct store *st, void *arg, bool committed);
	void *arg;
	struct store_hook *next;
};

/* The columns of each audited table, in the order their audit content
 * (a JSON array made by SQLite from the stored row) lists them. The same
 * text serves the write path and `audit verify`, so they cannot differ. */
/* The condition that leaves drills out of lists, statistics and search
 * (store/drills.c): "AND NOT EXISTS (…)" for the incident id column col. */
#define STORE_NOT_DRILL(col) "AND NOT EXISTS (SELECT 1 FROM drills WHERE incident_id = " col ") "
#define STORE_INCIDENT_COLS                                                                        \
	"id, title, description, category, level, status, owner_role, owner, impact, sign, "       \
	"discovered_at, occurred_at, reported_at, updated_at, closed_at, closed_from, "            \
	"reporter_name, reporter_contact, reporter_external, business, client, responsible, "      \
	"cause, affected_systems, system_config, measures, lessons, data_kinds, persons, "         \
	"sensitive, financial, encrypted, malicious, my_number, malware_name, hosts, "             \
	"disconnected, entry_point, accounts, unauthorized_access, systems, workaround, "          \
	"skimming, mynumber_system, exposed_public"
/* An incident's audit content: rows from before the filing facts
 * (migration_filings; all three NULL) keep the content they were chained
 * with, so an old database still verifies. */
#define STORE_INCIDENT_OLD_COLS                                                                    \
	"id, title, description, category, level, status, owner_role, owner, impact, sign, "       \
	"discovered_at, occurred_at, reported_at, updated_at, closed_at, closed_from, "            \
	"reporter_name, reporter_contact, reporter_external, business, client, responsible, "      \
	"cause, affected_systems, system_config, measures, lessons, data_kinds, persons, "         \
	"sensitive, financial, encrypted, malicious, my_number, malware_name, hosts, "             \
	"disconnected, entry_point, accounts, unauthorized_access, systems, workaround"
#define STORE_INCIDENT_JSON                                                                        \
	"CASE WHEN skimming IS NULL AND mynumber_system IS NULL AND exposed_public IS NULL "       \
	"THEN json_array(" STORE_INCIDENT_OLD_COLS ") ELSE json_array(" STORE_INCIDENT_COLS        \
	") END"
#define STORE_STEP_COLS                                                                            \
	"incident_id, n, level, title, action, actor, person, variant, due_at, state, note, by, at"
#define STORE_EVENT_COLS "id, incident_id, at, who, kind, field, before, after, text"
/* An event's audit content: rows from before the login column (login NULL)
 * keep the content they were chained with; a login, once written, is part
 * of it (clearing it changes the content too). */
#define STORE_EVENT_JSON                                                                           \
	"CASE WHEN login IS NULL THEN json_array(" STORE_EVENT_COLS                                \
	") ELSE json_array(" STORE_EVENT_COLS ", login) END"
#define STORE_DECISION_COLS "id, incident_id, phase, point, decision, why, who, at"
#define STORE_EVIDENCE_COLS "id, incident_id, n, file, name, source, sha256, size, note, who, at"
/* The web server's tables in the chain (store/auth.c). Sessions and login
 * failures are not (see audit.c). */
#define STORE_USER_COLS "id, name, display, role, pwhash, disabled, must_change, created_at"
#define STORE_TOKEN_COLS "id, hash, role, label, created_by, created_at, revoked_at"
#define STORE_SETTING_COLS "key, value"
#define STORE_OWNER_COLS "incident_id, principal"
#define STORE_CHECK_RESULT_COLS                                                                    \
	"id, check_id, at, who, note, evidence_sha256, evidence_name, evidence_size"

/* The migrations, in order: migration i brings user_version to i + 1. */
extern const char *const store_migrations[];
extern const size_t store_migrations_count;
/* The migration after which db.c runs store_audit_rekey(). */
extern const char store_migration_audit_keyed[];

/* The prepared statement for sql (a static const string), reset and with
 * its bindings cleared; NULL with e set when it cannot be prepared. */
sqlite3_stmt *store_stmt(struct store *st, const char *sql, struct mo_err *e);
/* Sets e from the connection's last error; returns -1. */
/* Our error code (util/err.h) for SQLite's extended result code. */
enum mo_code store_code(int extended);
int store_fail(struct store *st, struct mo_err *e);
/* Steps s once expecting SQLITE_DONE, then resets it. */
int store_exec_done(struct store *st, sqlite3_stmt *s, struct mo_err *e);

int store_bind_text(sqlite3_stmt *s, int i, const char *v);
int store_bind_time(sqlite3_stmt *s, int i, int64_t t);
int store_bind_tri(sqlite3_stmt *s, int i, int v);
int store_bind_count(sqlite3_stmt *s, int i, long long v);

/* Column i as a copy in a (NULL for SQL NULL; "" when out of memory is
 * reported through *oom). */
const char *store_col_text(sqlite3_stmt *s, int i, struct arena *a, bool *oom);
int64_t store_col_time(sqlite3_stmt *s, int i);
int store_col_tri(sqlite3_stmt *s, int i);
long long store_col_count(sqlite3_stmt *s, int i);

/* Grows a list's array (v, n, cap) by one zeroed element; NULL when out of
 * memory. */
void *store_list_grow(void **v, size_t *n, size_t *cap, size_t size);

/* Steps s (already bound) to its end: for each row, grows the list (v, n,
 * cap) by one zeroed element of size bytes and fills it with read(s, row,
 * ctx, oom). Resets s. Returns 0, or -1 with e set when memory ran out or
 * the step failed; the rows read so far stay in the list. */
int store_read_rows(struct store *st, sqlite3_stmt *s, void **v, size_t *n, size_t *cap,
		    size_t size, void (*read)(sqlite3_stmt *s, void *row, void *ctx, bool *oom),
		    void *ctx, struct mo_err *e);

/* Appends an audit row for a change of table tbl's row key: op is "put"
 * or "delete"; the content is what content_sql (a SELECT json_array(…) of
 * the row, taking ?1 and ?2) returns for a and b, NULL for a delete. */
int store_audit(struct store *st, const char *tbl, const char *key, const char *op,
		const char *content_sql, int64_t a, int64_t b, struct mo_err *e);
/* Forgets the cached chain head (at the start and end of a transaction). */
void store_audit_forget(struct store *st);
/* Registers the SQL functions the audit needs (mo_sha256) on a connection. */
int store_audit_functions(struct store *st, struct mo_err *e);
/* mo_fold() and mo_has_all() for the search index (search.c); at open. */
int store_search_functions(struct store *st, struct mo_err *e);
/* Like store_audit for a row whose key is text (web_settings): the
 * content_sql takes the key as ?1. */
int store_audit_text(struct store *st, const char *tbl, const char *key, const char *op,
		     const char *content_sql, struct mo_err *e);
/* Reads st->key_path into st->key; creates it (0600) when it is missing
 * and create is set. A missing key is not an error (have_key stays false). */
int store_audit_key_load(struct store *st, bool create, struct mo_err *e);
/* True when the database's chain has been keyed (audit_meta has a key id). */
int store_audit_keyed(struct store *st, bool *keyed, struct mo_err *e);
/* The migration to the keyed chain, inside its transaction: checks the old
 * SHA-256 chain, re-keys every row with HMAC-SHA256, records that as an
 * audit row and chains the rows of the tables newly covered. */
int store_audit_rekey(struct store *st, struct mo_err *e);
/* How the anchor file follows the head. */
enum store_anchor_mode {
	ANCHOR_FORWARD, /* only forward; a missing, damaged or other-key
			   anchor is not written again (that would hide a
			   truncation followed by the anchor's removal) */
	ANCHOR_CREATE,	/* also makes a missing one: a chain that began in
			   this transaction, a new database (0 rows) */
	ANCHOR_FORCE,	/* the head as it is: the migration, audit anchor */
};
/* Writes the anchor file from the database's current head (as this
 * connection sees it, inside a transaction too). */
int store_audit_anchor_update(struct store *st, enum store_anchor_mode mode, struct mo_err *e);

/* Splits a folded query into an FTS5 query of quoted phrases (words of
 * three or more characters) and a TERM_SEP list of the shorter ones
 * (search.c; store_search_total counts by the same phrases). 0, or -1 when
 * a buffer could not grow. */
struct buf;
int store_search_split(const char *q, struct buf *match, struct buf *shorts);

/* The searchable text of incident id changed: re-index its title and body. */
int store_search_sync(struct store *st, int64_t id, bool insert, struct mo_err *e);
/* A note was added to incident id. */
int store_search_note(struct store *st, int64_t id, const char *text, struct mo_err *e);

#endif
