/* The schema, as migrations: migration i brings PRAGMA user_version from i
 * to i + 1 (db.c sets the version; migrations 1 and 2 also set it
 * themselves). A migration is never edited once released; a change is a
 * new one, appended to store_migrations. The timeline, decisions, evidence and audit tables are
 * append-only, enforced by triggers. */
#include "store/storeInt.h"

static const char migration_1[] =
	"CREATE TABLE incidents ("
	" id INTEGER PRIMARY KEY,"
	" title TEXT NOT NULL,"
	" description TEXT NOT NULL DEFAULT '',"
	" category TEXT NOT NULL,"
	" level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 9),"
	" status TEXT NOT NULL CHECK (status IN"
	"  ('reported','triage','initial','recovery','monitoring','closed')),"
	" owner_role TEXT NOT NULL,"
	" owner TEXT NOT NULL,"
	" impact INTEGER NOT NULL DEFAULT 0,"
	" sign TEXT,"
	" discovered_at TEXT NOT NULL,"
	" occurred_at TEXT,"
	" reported_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL,"
	" closed_at TEXT,"
	" closed_from TEXT,"
	" reporter_name TEXT,"
	" reporter_contact TEXT,"
	" reporter_external INTEGER NOT NULL DEFAULT 0,"
	" business TEXT,"
	" client TEXT,"
	" responsible TEXT,"
	" cause TEXT,"
	" affected_systems TEXT,"
	" system_config TEXT,"
	" measures TEXT,"
	" lessons TEXT,"
	" data_kinds TEXT,"
	" persons INTEGER,"
	" sensitive INTEGER,"
	" financial INTEGER,"
	" encrypted INTEGER,"
	" malicious INTEGER,"
	" my_number INTEGER,"
	" malware_name TEXT,"
	" hosts TEXT,"
	" disconnected INTEGER,"
	" entry_point TEXT,"
	" accounts TEXT,"
	" unauthorized_access INTEGER,"
	" systems TEXT,"
	" workaround TEXT"
	");"
	"CREATE INDEX incidents_open ON incidents(id) WHERE status <> 'closed';"
	"CREATE INDEX incidents_closed ON incidents(id) WHERE status = 'closed';"
	"CREATE INDEX incidents_closed_category ON incidents(category, id) WHERE status = 'closed';"
	"CREATE TABLE steps ("
	" incident_id INTEGER NOT NULL REFERENCES incidents(id),"
	" n INTEGER NOT NULL,"
	" level INTEGER NOT NULL,"
	" title TEXT,"
	" action TEXT NOT NULL,"
	" actor TEXT NOT NULL,"
	" person TEXT,"
	" variant TEXT,"
	" due_at TEXT,"
	" state TEXT NOT NULL CHECK (state IN ('todo','doing','done','skipped')),"
	" note TEXT,"
	" by TEXT,"
	" at TEXT,"
	" PRIMARY KEY (incident_id, n)"
	") WITHOUT ROWID;"
	"CREATE TABLE events ("
	" id INTEGER PRIMARY KEY,"
	" incident_id INTEGER NOT NULL REFERENCES incidents(id),"
	" at TEXT NOT NULL,"
	" who TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" field TEXT,"
	" before TEXT,"
	" after TEXT,"
	" text TEXT"
	");"
	"CREATE INDEX events_incident ON events(incident_id, id);"
	"CREATE TABLE decisions ("
	" id INTEGER PRIMARY KEY,"
	" incident_id INTEGER NOT NULL REFERENCES incidents(id),"
	" phase TEXT NOT NULL,"
	" point TEXT NOT NULL,"
	" decision TEXT NOT NULL,"
	" why TEXT,"
	" who TEXT NOT NULL,"
	" at TEXT NOT NULL"
	");"
	"CREATE INDEX decisions_incident ON decisions(incident_id, id);"
	"CREATE TABLE evidence ("
	" id INTEGER PRIMARY KEY,"
	" incident_id INTEGER NOT NULL REFERENCES incidents(id),"
	" n INTEGER NOT NULL,"
	" file TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" source TEXT NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" size INTEGER NOT NULL,"
	" note TEXT,"
	" who TEXT NOT NULL,"
	" at TEXT NOT NULL,"
	" UNIQUE (incident_id, n)"
	");"
	"CREATE TABLE audit ("
	" seq INTEGER PRIMARY KEY,"
	" at TEXT NOT NULL,"
	" who TEXT NOT NULL,"
	" tbl TEXT NOT NULL,"
	" key TEXT NOT NULL,"
	" op TEXT NOT NULL,"
	" digest BLOB,"
	" hash BLOB NOT NULL"
	");"
	"CREATE INDEX audit_row ON audit(tbl, key, seq);"
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
	" BEGIN SELECT RAISE(ABORT, 'the timeline is append-only'); END;"
	"CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
	" BEGIN SELECT RAISE(ABORT, 'the timeline is append-only'); END;"
	"CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions"
	" BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;"
	"CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions"
	" BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;"
	"CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence"
	" BEGIN SELECT RAISE(ABORT, 'evidence records are append-only'); END;"
	"CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence"
	" BEGIN SELECT RAISE(ABORT, 'evidence records are append-only'); END;"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END;"
	"CREATE VIRTUAL TABLE search USING fts5(title, body, notes, tokenize = 'trigram');"
	"PRAGMA user_version = 1;";

/* The web server's tables (store/auth.c): accounts, sessions, API tokens,
 * settings, login failures, and who filed which report. Secrets are kept
 * as hashes only; times are Unix seconds. */
static const char migration_2[] =
	"CREATE TABLE users ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" display TEXT,"
	" role TEXT NOT NULL CHECK (role IN ('reporter','responder','manager','admin')),"
	" pwhash TEXT NOT NULL,"
	" disabled INTEGER NOT NULL DEFAULT 0,"
	" must_change INTEGER NOT NULL DEFAULT 0,"
	" created_at INTEGER NOT NULL"
	");"
	"CREATE TABLE sessions ("
	" hash TEXT PRIMARY KEY,"
	" user_id INTEGER NOT NULL REFERENCES users(id),"
	" created_at INTEGER NOT NULL,"
	" expires_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE TABLE api_tokens ("
	" id INTEGER PRIMARY KEY,"
	" hash TEXT NOT NULL UNIQUE,"
	" role TEXT NOT NULL CHECK (role IN ('reporter','responder','manager','admin')),"
	" label TEXT,"
	" created_by TEXT,"
	" created_at INTEGER NOT NULL,"
	" revoked_at INTEGER"
	");"
	"CREATE TABLE web_settings ("
	" key TEXT PRIMARY KEY,"
	" value TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE login_failures ("
	" key TEXT PRIMARY KEY,"
	" count INTEGER NOT NULL,"
	" first_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE report_owners ("
	" incident_id INTEGER PRIMARY KEY REFERENCES incidents(id),"
	" principal TEXT NOT NULL"
	");"
	"CREATE INDEX report_owners_principal ON report_owners(principal, incident_id);"
	"CREATE INDEX steps_open_due ON steps(due_at) WHERE state IN ('todo', 'doing');"
	"PRAGMA user_version = 2;";

/* The keyed audit chain and who is logged in (issue 10): the login id of
 * the actor beside the name shown, in every audit row and event; the key's
 * fingerprint. The old chain is re-keyed by store_audit_rekey() (db.c runs
 * it right after this script, in the same transaction), which puts back
 * audit_no_update. */
const char store_migration_audit_keyed[] = "ALTER TABLE audit ADD COLUMN login TEXT;"
					   "ALTER TABLE events ADD COLUMN login TEXT;"
					   "CREATE TABLE audit_meta ("
					   " k TEXT PRIMARY KEY,"
					   " v TEXT NOT NULL"
					   ") WITHOUT ROWID;"
					   "DROP TRIGGER audit_no_update;";

/* The outbox (store/outbox.c): one row per message to send, written with
 * the change that caused it; the dispatcher claims rows with a lease.
 * Times are Unix seconds. */
static const char migration_outbox[] =
	"CREATE TABLE outbox ("
	" id INTEGER PRIMARY KEY,"
	" incident_id INTEGER REFERENCES incidents(id),"
	" purpose TEXT NOT NULL,"
	" person TEXT NOT NULL,"
	" person_name TEXT,"
	" channel TEXT NOT NULL,"
	" address TEXT,"
	" subject TEXT NOT NULL,"
	" body TEXT NOT NULL,"
	" ack_token TEXT,"
	" ack_url TEXT,"
	" incident_url TEXT,"
	" message_id TEXT NOT NULL UNIQUE,"
	" state TEXT NOT NULL CHECK (state IN ('pending','sending','sent','dead')),"
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" next_at INTEGER NOT NULL,"
	" lease_until INTEGER,"
	" lease_owner TEXT,"
	" last_error TEXT,"
	" created_at INTEGER NOT NULL,"
	" window_from INTEGER NOT NULL,"
	" sent_at INTEGER"
	");"
	"CREATE INDEX outbox_due ON outbox(next_at, id) WHERE state = 'pending';"
	"CREATE INDEX outbox_lease ON outbox(lease_until, id) WHERE state = 'sending';"
	"CREATE INDEX outbox_unsent ON outbox(created_at) WHERE state IN ('pending','sending');"
	"CREATE INDEX outbox_incident ON outbox(incident_id, id);";

/* Signed links (store/links.c): the hashes of used link tokens (single
 * use), and per person and channel when a 疎通確認 was last sent and last
 * confirmed by a human (0: never). Not audited: neither is incident data. */
static const char migration_links[] = "CREATE TABLE link_used ("
				      " hash TEXT PRIMARY KEY,"
				      " used_at INTEGER NOT NULL"
				      ") WITHOUT ROWID;"
				      "CREATE TABLE contact_checks ("
				      " person TEXT NOT NULL,"
				      " channel TEXT NOT NULL,"
				      " sent_at INTEGER NOT NULL DEFAULT 0,"
				      " confirmed_at INTEGER NOT NULL DEFAULT 0,"
				      " PRIMARY KEY (person, channel)"
				      ") WITHOUT ROWID;";

/* Escalation (store/escalation.c): each incident's copy of its contact
 * chain, one row per round and step (due, fired and stopped as Unix
 * seconds, 0 for not yet), who acknowledged by which channel, and the
 * reminders sent (a key per reminder: a restart never sends one twice). */
static const char migration_escalation[] =
	"CREATE TABLE escalation ("
	" id INTEGER PRIMARY KEY,"
	" incident_id INTEGER NOT NULL REFERENCES incidents(id),"
	" level INTEGER NOT NULL,"
	" round INTEGER NOT NULL,"
	" step INTEGER NOT NULL,"
	" roles TEXT NOT NULL,"
	" wait INTEGER NOT NULL,"
	" purpose TEXT NOT NULL,"
	" due_at INTEGER NOT NULL,"
	" fired_at INTEGER NOT NULL DEFAULT 0,"
	" stopped_at INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX escalation_incident ON escalation(incident_id, due_at);"
	"CREATE INDEX escalation_pending ON escalation(due_at) WHERE fired_at = 0 AND stopped_at = 0;"
	"CREATE TABLE acks ("
	" id INTEGER PRIMARY KEY,"
	" incident_id INTEGER NOT NULL REFERENCES incidents(id),"
	" person TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" channel TEXT NOT NULL,"
	" at INTEGER NOT NULL"
	");"
	"CREATE INDEX acks_incident ON acks(incident_id, at);"
	"CREATE TABLE reminders_sent ("
	" key TEXT PRIMARY KEY,"
	" at INTEGER NOT NULL"
	") WITHOUT ROWID;";

/* Filings (store/filings.c): what became of each filing an incident owed
 * (no row: still due). A done row keeps the draft as filed and its SHA-256
 * and can be neither changed nor deleted (the triggers). The incident gets
 * the facts the filing rules read (engine/filings.c). */
static const char migration_filings[] =
	"ALTER TABLE incidents ADD COLUMN skimming INTEGER;"
	"ALTER TABLE incidents ADD COLUMN mynumber_system INTEGER;"
	"ALTER TABLE incidents ADD COLUMN exposed_public INTEGER;"
	"CREATE TABLE filings ("
	" incident_id INTEGER NOT NULL REFERENCES incidents(id),"
	" kind TEXT NOT NULL,"
	" state TEXT NOT NULL CHECK (state IN ('done','waived')),"
	" at INTEGER NOT NULL,"
	" ref TEXT,"
	" reason TEXT,"
	" by TEXT,"
	" draft_name TEXT,"
	" draft BLOB,"
	" sha256 TEXT,"
	" recorded_at INTEGER NOT NULL,"
	" PRIMARY KEY (incident_id, kind)"
	") WITHOUT ROWID;"
	"CREATE TRIGGER filings_filed_no_update BEFORE UPDATE ON filings WHEN OLD.state = 'done'"
	" BEGIN SELECT RAISE(ABORT, 'a filed draft cannot be changed'); END;"
	"CREATE TRIGGER filings_filed_no_delete BEFORE DELETE ON filings WHEN OLD.state = 'done'"
	" BEGIN SELECT RAISE(ABORT, 'a filed draft cannot be changed'); END;";

/* The search index folded (NFKC and case, mo_fold in search.c) so that
 * ノートＰＣ finds ノートPC: every incident's row written again from its
 * columns and its notes, as store_search_sync and store_search_note write
 * them (the body's columns in search.c's order). */
static const char migration_search_nfkc[] =
	"DELETE FROM search;"
	"INSERT INTO search (rowid, title, body, notes) SELECT id, mo_fold(title), mo_fold("
	"coalesce(description, '') || char(10) || coalesce(business, '') || char(10) || "
	"coalesce(client, '') || char(10) || coalesce(responsible, '') || char(10) || "
	"coalesce(cause, '') || char(10) || coalesce(affected_systems, '') || char(10) || "
	"coalesce(system_config, '') || char(10) || coalesce(measures, '') || char(10) || "
	"coalesce(lessons, '') || char(10) || coalesce(data_kinds, '') || char(10) || "
	"coalesce(malware_name, '') || char(10) || coalesce(hosts, '') || char(10) || "
	"coalesce(entry_point, '') || char(10) || coalesce(accounts, '') || char(10) || "
	"coalesce(systems, '') || char(10) || coalesce(workaround, '')), "
	"coalesce((SELECT group_concat(mo_fold(text), char(10)) FROM "
	"(SELECT text FROM events WHERE incident_id = incidents.id AND kind = 'note' "
	"AND text IS NOT NULL ORDER BY id)), '') FROM incidents;";

/* Report once (store/report_once.c): the SHA-256 of each report form's
 * one-time key and the incident it filed (a double tap files one). Not
 * audited: the incident it names is. */
static const char migration_report_once[] =
	"CREATE TABLE report_once ("
	" hash TEXT PRIMARY KEY,"
	" incident_id INTEGER NOT NULL REFERENCES incidents(id),"
	" at INTEGER NOT NULL"
	") WITHOUT ROWID;";

/* 代替措置 (store/filings.c): when the notice to the persons is impossible,
 * where the incident was published and the inquiry desk; its filings row is
 * a done row (the 公表文 as published, its SHA-256), so both are immutable. */
static const char migration_filing_substitute[] =
	"CREATE TABLE IF NOT EXISTS filing_substitutes ("
	" incident_id INTEGER NOT NULL,"
	" kind TEXT NOT NULL,"
	" published TEXT NOT NULL,"
	" desk TEXT NOT NULL,"
	" PRIMARY KEY (incident_id, kind),"
	" FOREIGN KEY (incident_id, kind) REFERENCES filings(incident_id, kind)"
	") WITHOUT ROWID;"
	"CREATE TRIGGER IF NOT EXISTS filing_substitutes_no_update BEFORE UPDATE ON filing_substitutes"
	" BEGIN SELECT RAISE(ABORT, 'a filed draft cannot be changed'); END;"
	"CREATE TRIGGER IF NOT EXISTS filing_substitutes_no_delete BEFORE DELETE ON filing_substitutes"
	" BEGIN SELECT RAISE(ABORT, 'a filed draft cannot be changed'); END;";

/* Drills (store/drills.c): an incident is a drill exactly when it has a
 * row in drills (the scenario, start, end, score); its timed injects wait
 * in drill_injects until the reminders' tick delivers them. Not audited:
 * the drill's start, injects and end are events of the incident. */
static const char migration_drills[] =
	"CREATE TABLE IF NOT EXISTS drills ("
	" incident_id INTEGER PRIMARY KEY REFERENCES incidents(id),"
	" scenario TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" started_at INTEGER NOT NULL,"
	" ended_at INTEGER,"
	" score INTEGER,"
	" by TEXT"
	");"
	"CREATE TABLE IF NOT EXISTS drill_injects ("
	" incident_id INTEGER NOT NULL REFERENCES drills(incident_id),"
	" n INTEGER NOT NULL,"
	" due_at INTEGER NOT NULL,"
	" text TEXT NOT NULL,"
	" sent_at INTEGER,"
	" PRIMARY KEY (incident_id, n)"
	") WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS drill_injects_due ON drill_injects (due_at) WHERE sent_at IS NULL;";
/* Peacetime checks (store/checks.c): one row per time a check of the
 * policy's checks[] was done, with who, a note and the evidence's SHA-256
 * (the file is DIR/evidence/checks/<sha256>). Never changed. */
static const char migration_checks[] =
	"CREATE TABLE IF NOT EXISTS check_results ("
	" id INTEGER PRIMARY KEY,"
	" check_id TEXT NOT NULL,"
	" at INTEGER NOT NULL,"
	" who TEXT NOT NULL,"
	" note TEXT NOT NULL,"
	" evidence_sha256 TEXT,"
	" evidence_name TEXT,"
	" evidence_size INTEGER"
	");"
	"CREATE INDEX IF NOT EXISTS check_results_by_check ON check_results (check_id, at);"
	"CREATE TRIGGER IF NOT EXISTS check_results_no_update BEFORE UPDATE ON check_results"
	" BEGIN SELECT RAISE(ABORT, 'a check result cannot be changed'); END;"
	"CREATE TRIGGER IF NOT EXISTS check_results_no_delete BEFORE DELETE ON check_results"
	" BEGIN SELECT RAISE(ABORT, 'a check result cannot be changed'); END;";

/* The business continuity board (store/bcp.c): per incident, each
 * system's state, the damage survey's answers and who can work from when,
 * appended and never changed (the latest row of a kind and item is the
 * current one). Each row is also an incident event, in the audit chain. */
static const char migration_bcp[] =
	"CREATE TABLE IF NOT EXISTS bcp_log ("
	" id INTEGER PRIMARY KEY,"
	" incident_id INTEGER NOT NULL REFERENCES incidents(id),"
	" kind TEXT NOT NULL CHECK (kind IN ('state','survey','staff')),"
	" item TEXT NOT NULL,"
	" value TEXT NOT NULL,"
	" note TEXT,"
	" who TEXT,"
	" from_at TEXT,"
	" at TEXT NOT NULL"
	");"
	"CREATE INDEX IF NOT EXISTS bcp_log_incident ON bcp_log (incident_id, id);";

/* Append only. Every migration after search_nfkc (the ninth) creates its
 * tables, indexes and triggers IF NOT EXISTS and alters no table: t4710
 * runs the re-index again by setting the schema back to 8. */
const char *const store_migrations[] = {
	migration_1,
	migration_2,
	store_migration_audit_keyed,
	migration_outbox,
	migration_links,
	migration_escalation,
	migration_filings,
	migration_report_once,
	migration_search_nfkc,
	migration_filing_substitute,
	migration_checks,
	migration_drills,
	migration_bcp,
};

const size_t store_migrations_count = MO_ARRAY_SIZE(store_migrations);
