/* The store: every line of SQL. One SQLite database (WAL, synchronous=FULL,
 * foreign keys on) with versioned migrations, prepared statements owned
 * here, full-text search (FTS5 trigram), the audit chain and backups.
 *
 * Transactions are the caller's: store_begin() … store_commit() around any
 * number of writes, so a server's writer thread can commit a batch at once
 * (group commit) and the CLI can run one command as one transaction. Every
 * write function expects an open transaction and appends to the audit
 * chain with the actor set by store_actor(). A store handle is one
 * connection: use one per thread.
 *
 * Functions returning int give 0 on success and -1 with e set on error;
 * the getters give 1 when the row does not exist. */
#ifndef MO_STORE_H
#define MO_STORE_H

#include "store/model.h"
#include "util/err.h"

struct store;

enum store_open_flags {
	STORE_CREATE = 1 << 0, /* create the file (0600) and the schema */
	STORE_READONLY = 1 << 1,
};

/* The schema version this build writes (PRAGMA user_version): the number
 * of migrations in schema.c. */
int store_schema_version(void);
/* True when opening st migrated an existing database (schema *from to
 * *to), for the caller's log line; a new database is not a migration. */
bool store_migrated(const struct store *st, int *from, int *to);

/* Opens (and migrates) the database at path. NULL with e set on error:
 * missing file without STORE_CREATE, a newer schema, a corrupt file. */
struct store *store_open(const char *path, unsigned flags, struct mo_err *e);
/* As store_open, with the audit chain's key file and anchor file named
 * (store_open uses audit.key and audit.anchor beside the database). The
 * key is created (0600) on the first open of a database whose chain is not
 * keyed yet; a missing key of a keyed database is reported by every write
 * and by store_audit_verify. */
struct store *store_open_keyed(const char *path, const char *key_path, const char *anchor_path,
			       unsigned flags, struct mo_err *e);
void store_close(struct store *st);

/* BEGIN IMMEDIATE: takes the write lock now, waiting up to the busy timeout. */
int store_begin(struct store *st, struct mo_err *e) MO_WUR;
int store_commit(struct store *st, struct mo_err *e) MO_WUR;
/* BEGIN (deferred): a consistent snapshot for several reads. End it with
 * store_commit or store_rollback. */
int store_begin_read(struct store *st, struct mo_err *e) MO_WUR;
/* Rolls back an open transaction; harmless when none is open. */
void store_rollback(struct store *st);
/* Savepoints nest inside an open transaction (store_begin): release keeps
 * the work, rollback undoes it and leaves the transaction open. There is
 * one savepoint at a time (the writer wraps each job of a batch in one). */
int store_savepoint(struct store *st, struct mo_err *e) MO_WUR;
int store_savepoint_release(struct store *st, struct mo_err *e) MO_WUR;
void store_savepoint_rollback(struct store *st);
/* True while a transaction is open (SQLite may end one on an I/O error). */
bool store_in_transaction(struct store *st);
/* Runs fn(st, arg, committed) once the open transaction ends: committed
 * true after its COMMIT succeeded, false after a rollback (or a failed
 * commit). fn owns arg (frees it). A savepoint rolled back inside the
 * transaction does not cancel fn: it must check that its rows are there.
 * For work outside the database that must follow a commit (an evidence
 * file linked into place). -1 with e set when out of memory (fn is then
 * called at once with committed false). */
int store_after_commit(struct store *st, int (*fn)(struct store *st, void *arg, bool committed),
		       void *arg, struct mo_err *e) MO_WUR;

/* Who and when the following writes are recorded as (audit chain). The
 * store keeps a copy of who. */
void store_actor(struct store *st, const char *who, int64_t at);
/* The actor's stable login id ("user:NAME", "token:ID", "link", "cli:USER"),
 * recorded beside who in every following event and audit row (NULL: none). */
void store_actor_login(struct store *st, const char *login);

/* Incidents. insert sets inc->id. update writes every column of inc. */
int store_incident_insert(struct store *st, struct inc *inc, struct mo_err *e) MO_WUR;
int store_incident_update(struct store *st, const struct inc *inc, struct mo_err *e) MO_WUR;
/* Loads incident id into out (inc_init'ed by the call); 1 when absent. */
int store_incident_get(struct store *st, int64_t id, struct inc *out, struct mo_err *e) MO_WUR;

enum store_filter {
	STORE_OPEN,
	STORE_CLOSED,
	STORE_ALL,    /* every incident but the drills */
	STORE_DRILLS, /* the drills only (store/drills.h), open or closed */
};

/* The newest incidents first. Appends to out. */
int store_incident_list(struct store *st, enum store_filter filter, size_t limit, size_t offset,
			struct inc_summary_list *out, struct mo_err *e) MO_WUR;
/* The summary of one incident, appended to out; 1 when absent. */
int store_incident_summary(struct store *st, int64_t id, struct inc_summary_list *out,
			   struct mo_err *e) MO_WUR;
int store_incident_count(struct store *st, enum store_filter filter, int64_t *n,
			 struct mo_err *e) MO_WUR;

/* Steps. replace makes the incident's checklist exactly v[0..n) (numbered
 * by their n); update writes one step's state, note, by and at. */
int store_steps_get(struct store *st, int64_t id, struct step_list *out, struct mo_err *e) MO_WUR;
int store_steps_replace(struct store *st, int64_t id, const struct step *v, size_t n,
			struct mo_err *e) MO_WUR;
int store_step_update(struct store *st, const struct step *s, struct mo_err *e) MO_WUR;

/* Timeline: append-only. append sets ev->id. Notes become searchable. */
int store_event_append(struct store *st, struct event *ev, struct mo_err *e) MO_WUR;
int store_events_get(struct store *st, int64_t id, struct event_list *out, struct mo_err *e) MO_WUR;

/* Decisions: append-only; the latest for a phase and point counts. */
int store_decision_add(struct store *st, struct decision *d, struct mo_err *e) MO_WUR;
int store_decisions_get(struct store *st, int64_t id, struct decision_list *out,
			struct mo_err *e) MO_WUR;

/* Evidence metadata (the files are the engine's). add sets ev->id and
 * ev->n (the next number within the incident). */
int store_evidence_next(struct store *st, int64_t incident_id, int *n, struct mo_err *e) MO_WUR;
int store_evidence_add(struct store *st, struct evidence *ev, struct mo_err *e) MO_WUR;
int store_evidence_get(struct store *st, int64_t id, struct evidence_list *out,
		       struct mo_err *e) MO_WUR;
/* Evidence n of incident id: its file (under DIR/evidence/) and hash into
 * file (size bytes) and sha256; 1 when there is no such row. */
int store_evidence_at(struct store *st, int64_t id, int n, char *file, size_t size, char sha256[65],
		      struct mo_err *e) MO_WUR;

/* Full-text search over titles, descriptions, record items and notes.
 * query is the user's words: every word must occur (as a substring, so
 * ランサム finds ランサムウェア); the newest incidents first. Writes up to
 * limit ids to ids (malloc'd, the caller frees). */
int store_search(struct store *st, const char *query, size_t limit, int64_t **ids, size_t *n,
		 struct mo_err *e) MO_WUR;
/* Closed incidents like incident id: those sharing text with text
 * (overlapping trigrams, best first), and closed ones of the same category.
 * Same category first. */
int store_similar(struct store *st, int64_t id, const char *category, const char *text,
		  size_t limit, int64_t **ids, size_t *n, struct mo_err *e) MO_WUR;

/* The audit chain. verify checks the key, walks every row (each row's
 * HMAC-SHA256 covers the previous row's and the change), checks the head
 * against the anchor file (a truncated tail shows), then checks the data
 * still match their last audited state. Returns 0 when all is well, 1 when
 * something is broken (described in r), -1 on error. */
enum store_audit_problem {
	AUDIT_FINE,
	AUDIT_BAD_ROW,	 /* a row's HMAC does not match: edited, or recomputed */
	AUDIT_BAD_DATA,	 /* a data row differs from its last audited state */
	AUDIT_TRUNCATED, /* the anchor knows rows (or a head) the database lacks */
	AUDIT_NO_ANCHOR, /* the chain has rows but no anchor file */
	AUDIT_NO_KEY,	 /* the key file is missing */
	AUDIT_WRONG_KEY, /* the key is not the one the chain was made with */
};
struct store_audit_report {
	int64_t rows;	    /* audit rows checked */
	int64_t broken_seq; /* the first broken audit row; 0 when none,
			       -1 for a data row never audited */
	enum store_audit_problem problem;
	char what[512]; /* what is wrong (translated) */
};
int store_audit_verify(struct store *st, struct store_audit_report *r, struct mo_err *e) MO_WUR;
/* The chain's head: its row count and the last row's hash (hex, 65 bytes),
 * what the anchor file keeps; a witness outside the server (a digest
 * mail) may print them. */
int store_audit_head(struct store *st, int64_t *rows, char hash_hex[65], struct mo_err *e) MO_WUR;
/* After an anchor file was lost or damaged (which verify reports, and
 * which the commits do not repair on their own): inside a write
 * transaction, checks the chain and the data (all but the anchor), records
 * the re-anchoring as an audit row and has the commit write a new anchor.
 * 0 done; 1 when the chain or the data is broken (r says how, nothing
 * written); -1 on error. Only the earlier backups and digests can then
 * tell whether rows were lost before. */
int store_audit_reanchor(struct store *st, struct store_audit_report *r, struct mo_err *e) MO_WUR;
/* Writes an anchor file for st's current head to path (0600). */
int store_audit_anchor_save(struct store *st, const char *path, struct mo_err *e) MO_WUR;

/* PRAGMA integrity_check; 0 when "ok", 1 with the first problem in msg. */
int store_integrity_check(struct store *st, char *msg, size_t size, struct mo_err *e) MO_WUR;

/* Backups (backup.c): one tar archive with the database (a consistent
 * snapshot), the chain's anchor for that snapshot, the policy, every
 * evidence file, a MANIFEST of SHA-256 hashes, and the audit key only when
 * asked. Verified (integrity, the audit chain against the live anchor,
 * every evidence hash, the archive read back) before it replaces path
 * (0600). */
struct store_backup_opts {
	const char *evidence_dir; /* DIR/evidence */
	const char *policy;	  /* DIR/policy.yaml (may be missing, or NULL) */
	bool with_key;		  /* put audit.key in the archive too */
};
struct store_backup_result {
	int64_t rows;  /* audit rows verified */
	size_t files;  /* evidence files */
	int64_t bytes; /* their size */
};
int store_backup(struct store *st, const char *path, const struct store_backup_opts *o,
		 struct store_backup_result *r, struct mo_err *e) MO_WUR;
/* Brings an archive back into dir, which must not exist or be empty: read
 * into a new folder beside it, checked against the MANIFEST, the database's
 * integrity, its audit chain (with the archive's key, else key_file) and
 * anchor and every evidence hash, then renamed to dir. On any error nothing
 * is left. */
int store_restore(const char *archive, const char *dir, const char *key_file,
		  struct store_backup_result *r, struct mo_err *e) MO_WUR;
/* Reads an archive through, checking every member's name and hash against
 * its MANIFEST (what restore does first); writes nothing. */
int store_backup_check(const char *path, struct mo_err *e) MO_WUR;

#endif
