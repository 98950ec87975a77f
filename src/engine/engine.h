/* The engine: the rules that turn a report into a managed case, driven by
 * the policy. Triage to level and owner, the playbook as a checklist, the
 * lifecycle, decisions, filings owed to authorities, evidence, export.
 *
 * Engine functions that write take a struct engine (the policy, an open
 * store, who is acting and when) and do not begin or commit: the caller
 * owns the transaction, so a server can batch many calls in one commit.
 * engine_tx() runs one call as one transaction (the CLI's way). On error
 * they return -1 with e set, and the caller rolls back. The engine never
 * sees SQL. */
#ifndef MO_ENGINE_H
#define MO_ENGINE_H

#include "policy/policy.h"
#include "store/drills.h"
#include "store/filings.h"
#include "store/store.h"
#include "util/buf.h"

#include <jansson.h>

struct notify_conf;

struct engine {
	const struct policy *p;
	struct store *st;
	const char *who;		  /* the acting person */
	int64_t now;			  /* when the action happens */
	const char *evidence_dir;	  /* DIR/evidence, for evidence files */
	const struct notify_conf *notify; /* NULL: nothing configured */
	const char *public_url;		  /* `serve --public-url`; may be NULL (notify_out.c) */
	size_t queued;			  /* messages queued through this engine (the
					     server wakes its dispatcher after the commit) */
};

/* Runs fn(en, arg, e) inside store_begin/store_commit, rolling back on any
 * error: one command, one transaction, nothing half-written. */
int engine_tx(struct engine *en, int (*fn)(struct engine *en, void *arg, struct mo_err *e),
	      void *arg, struct mo_err *e) MO_WUR;

/* Validates a text a person typed: not too long, valid UTF-8, no control
 * characters other than newlines and tabs (when multiline). */
int engine_text_ok(const char *what, const char *s, size_t max, bool multiline,
		   struct mo_err *e) MO_WUR;

/* The one rule for text before it is stored or compared: a new malloc'd
 * copy of s (the caller frees it; NULL when out of memory) in which the
 * line ends CR LF and CR became LF, and, when !multiline, the invisible
 * characters that reorder or break a line (bidirectional controls
 * U+202A-U+202E and U+2066-U+2069, separators U+2028 and U+2029) are
 * removed. s must be valid UTF-8 (engine_text_ok). */
char *engine_text_clean(const char *s, bool multiline);
/* True when s holds nothing but white space (ASCII or U+3000): a title
 * like that says nothing. */
bool engine_text_blank(const char *s);
/* True when incident field f takes several lines (a textarea); false for
 * the title and the short facts. */
bool engine_field_multiline(const struct inc_field *f);

/* "INC-0012" for id 12. */
void engine_ref(int64_t id, char *out, size_t size);
/* Parses "12", "INC-12" or "INC-0012"; -1 when s is none of these. */
int engine_parse_ref(const char *s, int64_t *id) MO_WUR;

/* ---- Reports (report.c) ---- */

#define ENGINE_REPORT_MAX ((size_t)1 << 20)

/* Reads an incident as DESIGN.md shapes it (JSON) into inc (which this
 * initialises), strictly: unknown keys, wrong types, unknown category or
 * sign, bad dates, a missing title are errors naming the key. name is the
 * source for messages ("<stdin>" or a file). now fills a missing
 * discovered_at. */
int engine_report_parse(const struct policy *p, const char *json, size_t len, const char *name,
			int64_t now, struct inc *inc, struct mo_err *e) MO_WUR;

/* ---- Triage (triage.c) ---- */

struct triage {
	int level;		/* what the incident gets */
	int impact_level;	/* from the impact answers alone */
	int min_level;		/* the category's minimum */
	const char *owner_role; /* the level's role id */
	char why[1024];		/* the rules that decided, in the seeds' words */
};

/* Impact → level per the level table, raised to the category's minimum,
 * then to the nearest level the policy defines. */
int engine_triage(const struct policy *p, const struct inc *inc, struct triage *t,
		  struct mo_err *e) MO_WUR;
/* The impact answers (model.h IMPACT_*) in the level table's order: the
 * key the API and the forms use, the bit, and the policy condition whose
 * label words the question (「顧客、取引先、株主等に影響が及ぶ」). */
struct engine_impact {
	const char *key;
	unsigned bit;
	unsigned cond;
};
#define ENGINE_IMPACTS 4
extern const struct engine_impact engine_impacts[ENGINE_IMPACTS];
/* The impact bit for key ("business"); 0 when unknown. */
unsigned engine_impact_parse(const char *key);
/* The minimum level of inc: its sign's when the sign sets one and inc is
 * still in the sign's category, else its category's (0 when unknown). */
int engine_min_level(const struct policy *p, const struct inc *inc);
/* True when the incident's facts or impact say personal data leaked. */
bool engine_personal_data(const struct inc *inc);
/* The people holding role, 「、」-joined, in a (or the role's title when
 * nobody holds it; for the discoverer, the reporter's name). */
const char *engine_role_people(const struct policy *p, const struct inc *inc, const char *role,
			       struct arena *a);

/* ---- Incidents (incident.c) ---- */

/* Triage, owner, checklist, intake decisions and the first events; stores
 * inc and sets inc->id, level, owner, status. */
int engine_create(struct engine *en, struct inc *inc, struct mo_err *e) MO_WUR;
/* Changes the level (reason required): new owner, re-planned open steps. */
int engine_set_level(struct engine *en, int64_t id, int level, const char *reason,
		     struct mo_err *e) MO_WUR;
/* Sets a record item or fact by its key (model.h inc_fields) from text:
 * texts as given, counts as numbers, yes/no as true/false/yes/no, times as
 * RFC 3339; "" clears. */
int engine_set_field(struct engine *en, int64_t id, const char *key, const char *value,
		     struct mo_err *e) MO_WUR;
int engine_note(struct engine *en, int64_t id, const char *text, struct mo_err *e) MO_WUR;

/* ---- Every change (change.c) ---- */

/* Loads incident id for changing it: an error when absent or closed. */
int engine_load_open(struct engine *en, int64_t id, struct inc *inc, struct mo_err *e) MO_WUR;
/* Appends a timeline event for incident id. */
int engine_event(struct engine *en, int64_t id, const char *kind, const char *field,
		 const char *before, const char *after, const char *text, struct mo_err *e) MO_WUR;

/* ---- Checklist (playbook.c) ---- */

/* The checklist for inc's category and level, keeping from old (may be
 * NULL) the done and skipped steps and the state of open steps that the
 * new plan still has. Steps are written to *out (malloc'd; strings in a). */
int engine_plan(const struct policy *p, const struct inc *inc, const struct step_list *old,
		struct arena *a, struct step **out, size_t *n, struct mo_err *e) MO_WUR;
/* Marks step n: done, doing, skipped (note required) or todo (reopen). */
int engine_step(struct engine *en, int64_t id, int n, enum step_state state, const char *note,
		struct mo_err *e) MO_WUR;

/* ---- Lifecycle (lifecycle.c) ---- */

/* Checks a move from → to of the open lifecycle; reason may be NULL.
 * 0 when allowed, -1 with e saying why not. */
int engine_status_check(enum inc_status from, enum inc_status to, const char *reason,
			struct mo_err *e) MO_WUR;
int engine_set_status(struct engine *en, int64_t id, enum inc_status to, const char *reason,
		      struct mo_err *e) MO_WUR;
/* Closes: cause, measures and lessons are required (given here or already
 * recorded); every step must be done or skipped. NULL keeps the stored. */
int engine_close(struct engine *en, int64_t id, const char *cause, const char *measures,
		 const char *lessons, struct mo_err *e) MO_WUR;
int engine_reopen(struct engine *en, int64_t id, const char *reason, struct mo_err *e) MO_WUR;
/* The same, reopening into status want (INC_CLOSED: the status it was
 * closed from, as engine_reopen does). */
int engine_reopen_to(struct engine *en, int64_t id, const char *reason, enum inc_status want,
		     struct mo_err *e) MO_WUR;

/* ---- Corrections (correct.c) ---- */

/* Moves the incident to another category (reason required): the level is
 * raised to the new minimum when below it, the checklist re-planned as on
 * a level change, the change on the timeline. */
int engine_set_category(struct engine *en, int64_t id, const char *category, const char *reason,
			struct mo_err *e) MO_WUR;
enum engine_resolution {
	ENGINE_FALSE_ALARM, /* 誤報 */
	ENGINE_DUPLICATE,   /* 重複: dup_of names the incident it repeats */
};
/* Closes as a false alarm or a duplicate of dup_of, without cause,
 * measures and lessons; open steps are skipped with the reason; reason
 * may be NULL. Reopening works as for any closed incident. */
int engine_close_as(struct engine *en, int64_t id, enum engine_resolution how, int64_t dup_of,
		    const char *reason, struct mo_err *e) MO_WUR;

/* ---- Decisions (decisions.c) ---- */

/* Records a decision on point "phase/point" (or a point id unique in the
 * policy) of incident id. */
int engine_decide(struct engine *en, int64_t id, const char *point, const char *decision,
		  const char *why, struct mo_err *e) MO_WUR;
/* The intake decisions triage takes (対応すべきインシデントか, 優先度, 担当者). */
int engine_intake_decisions(struct engine *en, const struct inc *inc, const struct triage *t,
			    struct mo_err *e) MO_WUR;

struct open_point {
	const struct mo_decision_phase *phase;
	const struct mo_decision_point *point;
};
/* The decision points of the incident's current phase with no decision
 * yet; returns how many were written (at most max). */
size_t engine_open_decisions(const struct policy *p, const struct inc *inc,
			     const struct decision_list *done, struct open_point *out, size_t max);

/* ---- Filings (filings.c) ---- */

struct filing_due {
	const struct mo_filing *filing;
	const struct mo_authority *authority; /* may be NULL */
	int64_t due_at;			      /* MO_TIME_NONE: no deadline (速やかに) */
	bool malicious;			      /* the longer deadline applied (③) */
	int64_t remind_at;		      /* a window's start; MO_TIME_NONE */
	const struct mo_filing *via;	      /* follows: the filing that made it apply */
	const struct mo_filing *absorbed;     /* combine: reported in one with this */
	const struct mo_filing *instead;      /* or: applies too and may replace it */
};
/* The condition bits (policy.h enum mo_condition) the incident meets. */
unsigned engine_conditions(const struct inc *inc);
/* engine_conditions and the facts of the reporter's sign (a ransom screen
 * is malware and a crime however little else is known): what triage and
 * filings read. */
unsigned engine_facts(const struct policy *p, const struct inc *inc);
/* The filings that apply (legal and advised), in policy order, a filing
 * combined into another left out; how many written (at most max). */
size_t engine_filings(const struct policy *p, const struct inc *inc, struct filing_due *out,
		      size_t max);
/* The rule that made fd apply, in words, with the law's articles:
 * 「②財産的被害のおそれ（クレジットカード番号等）に該当〔根拠：…〕」. Appends
 * to out; 0, or -1 when out is full. */
int engine_filing_rule(const struct policy *p, const struct inc *inc, const struct filing_due *fd,
		       struct buf *out) MO_WUR;
/* The deadline d after discovery at from, counted as the policy says
 * (filing_deadlines: day_one): days, weeks, months end at the end of the
 * last day (23:59:59) in the policy's time zone; minutes and hours are
 * exact. MO_TIME_NONE when from is. */
int64_t engine_filing_deadline(const struct policy *p, int64_t from, const struct duration *d);

struct filing_recs;
/* The filings of inc as the JSON array of issue 13 (id, title, authority,
 * legal, rule, due_at, remind_at for a window, state, done_at, ref); recs
 * (may be NULL: all due) says which were done or waived. NULL when out of
 * memory. The CLI (filing list --json), the API and the web use it. */
json_t *engine_filing_json(const struct policy *p, const struct inc *inc,
			   const struct filing_recs *recs);
/* The earliest deadline of a filing required by law that is still due
 * (recs: what was done or waived, may be NULL), for `list`, `show` and the
 * dashboard; MO_TIME_NONE when none. *which (may be NULL) gets the filing. */
int64_t engine_filing_next_due(const struct policy *p, const struct inc *inc,
			       const struct filing_recs *recs, const struct mo_filing **which);
/* filing done: records that filing kind of incident id was filed on date
 * (any instant of that day), with the authority's reference (may be NULL)
 * and the draft as filed (bytes, name such as "ppc_prompt.md"; both may
 * be NULL/0 when none is kept), its SHA-256 in a timeline event (the audit
 * chain). Refused (MO_ECONFLICT) when it was already filed; MO_ENOTFOUND
 * for a kind the policy does not have. */
int engine_filing_done(struct engine *en, int64_t id, const char *kind, int64_t date,
		       const char *ref, const void *draft, size_t draft_len, const char *draft_name,
		       struct mo_err *e) MO_WUR;
/* 代替措置 (substitute measures) instead of a notice that is impossible
 * (本人への通知, 規則10条): where the incident was published, the inquiry
 * desk and why the notice could not be given, all required. */
struct filing_substitute {
	const char *published; /* 公表: the URL or place */
	const char *desk;      /* 問合せ窓口: phone, mail, hours */
	const char *reason;    /* why the notice is impossible */
};
/* filing done … --substitute: records the filing kind (one whose policy
 * says `substitute: true`, else MO_EINVAL) as replaced by 代替措置 on date
 * (the publication's day), keeping the 公表文 as published (draft; may be
 * NULL) and its SHA-256 as engine_filing_done does; immutable alike. */
int engine_filing_substitute(struct engine *en, int64_t id, const char *kind, int64_t date,
			     const struct filing_substitute *sub, const void *draft,
			     size_t draft_len, const char *draft_name, struct mo_err *e) MO_WUR;
/* filing waive: records that filing kind is not needed, with the reason
 * (required). Refused when it was already filed. */
int engine_filing_waive(struct engine *en, int64_t id, const char *kind, const char *reason,
			struct mo_err *e) MO_WUR;

/* ---- Evidence (evidence.c) ---- */

/* Copies the file at path into evidence_dir (0600), hashing it (SHA-256)
 * as it goes, and records it with note and a custody event. */
int engine_evidence_add(struct engine *en, int64_t id, const char *path, const char *note,
			struct evidence *out, struct mo_err *e) MO_WUR;
/* The same for a file whose own path means nothing to the people who read
 * the record (an upload's temporary copy): name (may be NULL: the path's)
 * is shown as the file's name, source (may be NULL: the real path) as
 * where it came from. */
int engine_evidence_add_as(struct engine *en, int64_t id, const char *path, const char *name,
			   const char *source, const char *note, struct evidence *out,
			   struct mo_err *e) MO_WUR;

enum evidence_state {
	EVIDENCE_OK,
	EVIDENCE_CHANGED,
	EVIDENCE_MISSING,
	EVIDENCE_STRAY, /* a file in the incident's folder no record names */
};
struct evidence_check {
	int n; /* 0 for a stray */
	enum evidence_state state;
	char file[128];	 /* a stray's file name */
	char sha256[65]; /* what the file hashes to now ("" if missing) */
	int64_t size;
};
/* Re-hashes every evidence file of incident id into out (malloc'd, *n
 * rows: the records, then the stray files of the incident's folder),
 * records a custody event, and returns 0 when all match and there is no
 * stray, 1 otherwise, -1 on error. */
int engine_evidence_verify(struct engine *en, int64_t id, struct evidence_check **out, size_t *n,
			   struct mo_err *e) MO_WUR;
/* At start, inside a write transaction (so no other add is between its
 * copy and its commit): finishes the evidence copies whose record
 * committed but whose link a crash prevented, removes those whose record
 * never committed, and removes upload folders under uploads_dir (may be
 * NULL) older than upload_age seconds (0: all of them, when no server
 * runs). *fixed counts what was done. */
int engine_evidence_cleanup(struct engine *en, const char *uploads_dir, int64_t upload_age,
			    size_t *fixed, struct mo_err *e) MO_WUR;
/* SHA-256 of the file at path as hex; -1 with e set when unreadable. */
int engine_hash_file(const char *path, char hex[65], int64_t *size, struct mo_err *e) MO_WUR;

/* ---- Reading (view.c) ---- */

struct inc_full {
	struct inc inc;
	struct step_list steps;
	struct event_list events;
	struct decision_list decisions;
	struct evidence_list evidence;
	struct filing_recs filings; /* what was filed or waived (no drafts' bytes) */
	bool drill;		    /* a drill (訓練): drill_row holds its scenario */
	struct drill_row drill_row;
};
/* Everything about incident id, in one read snapshot; 1 when absent. */
int engine_load(struct store *st, int64_t id, struct inc_full *f, struct mo_err *e) MO_WUR;
void inc_full_release(struct inc_full *f);

/* ---- Immediate actions (actions.c) ---- */

#define ACTIONS_MAX 32
struct actions {
	const char *do_now[ACTIONS_MAX];
	size_t n_do;
	const char *dont[ACTIONS_MAX];
	size_t n_dont;
	const struct mo_self_help *self_help;	  /* may be NULL */
	const struct mo_step *steps[ACTIONS_MAX]; /* the discoverer's own steps */
	size_t n_steps;
	const struct mo_person *contacts[8]; /* who to tell: the owner's people */
	size_t n_contacts;
};
/* What the reporter must do and not do now, from the sign (or the
 * category's signs), the self-help steps and the playbook. */
void engine_actions(const struct policy *p, const struct inc *inc, struct actions *out);

/* ---- JSON (json.c; the report document is render/incident_doc.h) ---- */

/* The incident with its checklist, timeline, decisions (and the open ones),
 * evidence and filings; NULL when out of memory. */
json_t *engine_incident_json(const struct policy *p, const struct inc_full *f, int64_t now);
json_t *engine_summary_json(const struct policy *p, const struct inc_summary *s);
/* The immediate actions of engine_actions as the one JSON shape the CLI
 * (report --json) and the API (POST /api/v1/incidents) give:
 * {"do": [text], "dont": [text], "steps": [text: the discoverer's own steps],
 *  "self_help": {"id", "title", "intro", "steps", "escalate_intro",
 *  "escalate_if"} or null, "contacts": [{"name", "role", "phone", "email"}]}
 * (docs/incident-json.md). NULL when out of memory. */
json_t *engine_actions_json(const struct policy *p, const struct inc *inc);
/* JSON text (indented, UTF-8, ends with a newline) appended to out. */
int engine_json_text(json_t *j, struct buf *out, struct mo_err *e) MO_WUR;

/* A status in Japanese (報告 … クローズ; labels.c). */
const char *engine_status_ja(enum inc_status s);

/* A policy duration in Japanese for the Japanese texts: "10分", "3日". */
void engine_duration_ja(const struct duration *d, char *out, size_t size);
/* Times for people in the policy's time zone: "2026-11-22 10:00". */
void engine_time(const struct policy *p, int64_t t, char *out, size_t size);
/* RFC 3339 in the policy's time zone. */
void engine_time_rfc(const struct policy *p, int64_t t, char *out, size_t size);
/* The category's name, or its id when the policy no longer has it. */
const char *engine_category_name(const struct policy *p, const char *id);

/* The label tables (words for people) build on the declarations above. */
#include "engine/labels.h"

#endif
