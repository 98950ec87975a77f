/* The incident model that the store keeps and the engine fills: an
 * incident with its record items (001's インシデント対応時に整理しておくべき
 * 事項) and per-kind facts, its checklist steps, its timeline events, its
 * decisions and its evidence. Plain structs; strings are UTF-8. Strings of
 * an incident live in its arena (inc_release frees them all); a field may
 * also point at a string literal. */
#ifndef MO_STORE_MODEL_H
#define MO_STORE_MODEL_H

#include "util/arena.h"
#include "util/common.h"
#include "util/timefmt.h"

/* 報告 → トリアージ → 初動対応 → 復旧 → (監視) → クローズ. */
enum inc_status {
	INC_REPORTED,
	INC_TRIAGE,
	INC_INITIAL,
	INC_RECOVERY,
	INC_MONITORING,
	INC_CLOSED,
	INC_STATUS_COUNT
};

enum step_state {
	STEP_TODO,
	STEP_DOING,
	STEP_DONE,
	STEP_SKIPPED,
	STEP_STATE_COUNT
};

/* Impact answers (DESIGN.md triage). */
enum inc_impact {
	IMPACT_CUSTOMERS = 1 << 0,     /* 顧客、取引先、株主等に影響 */
	IMPACT_PERSONAL_DATA = 1 << 1, /* 個人情報が漏えい */
	IMPACT_BUSINESS = 1 << 2,      /* 事業に影響 */
	IMPACT_EMPLOYEES = 1 << 3,     /* 従業員の業務遂行に影響 */
};

#define MO_COUNT_NONE (-1LL) /* an unknown count (persons) */
#define MO_TRI_NONE (-1)     /* an unknown yes/no fact */

/* Per-kind facts (経済産業省 付録C's tables as 001 cites them). Unknown
 * texts are NULL, unknown counts MO_COUNT_NONE, unknown yes/no MO_TRI_NONE. */
struct inc_facts {
	/* 情報漏えい */
	const char *data_kinds;
	long long persons;
	int sensitive;
	int financial;
	int encrypted;
	int malicious;
	int my_number;
	int skimming; /* 入力中の個人情報の窃取（規則7条3号、2024年4月〜） */
	int mynumber_system; /* 個人番号利用事務等の情報システムの特定個人情報 */
	int exposed_public; /* 不特定多数の者が閲覧できる状態になった */
	/* ウイルス感染 */
	const char *malware_name;
	const char *hosts;
	int disconnected;
	/* 不正アクセス */
	const char *entry_point;
	const char *accounts;
	int unauthorized_access;
	/* システム停止 */
	const char *systems;
	const char *workaround;
};

struct inc {
	struct arena arena;
	int64_t id; /* 0 until stored */
	const char *title;
	const char *description; /* 発生事象 */
	const char *category;	 /* 分類: a category id of the policy */
	int level;
	enum inc_status status;
	const char *owner_role; /* the level's role id */
	const char *owner;	/* the people holding it, 「、」-joined */
	unsigned impact;	/* enum inc_impact bits */
	const char *sign;	/* optional: the sign id the reporter chose */
	int64_t discovered_at;	/* 発覚日時 */
	int64_t occurred_at;	/* 発生日時, MO_TIME_NONE when unknown */
	int64_t reported_at;
	int64_t updated_at;
	int64_t closed_at;	 /* MO_TIME_NONE while open */
	const char *closed_from; /* the status before closing, for reopen */
	const char *reporter_name;
	const char *reporter_contact;
	int reporter_external;
	const char *business;	      /* 事業者 */
	const char *client;	      /* 委託元 (a contracted job's client) */
	const char *responsible;      /* 責任者・担当者: 所属、氏名 */
	const char *cause;	      /* 想定される原因 */
	const char *affected_systems; /* 被害を受けたシステムの状況 */
	const char *system_config;    /* システム構成・運用状況 */
	const char *measures;	      /* 再発防止策 */
	const char *lessons;	      /* 教訓 */
	struct inc_facts facts;
};

/* A zeroed incident with unknown facts and times; release with inc_release. */
void inc_init(struct inc *inc);
void inc_release(struct inc *inc);
/* A copy of s in the incident's arena (NULL stays NULL); NULL when out of
 * memory for a non-NULL s. */
const char *inc_strdup(struct inc *inc, const char *s);

/* One row of an incident's checklist. */
struct step {
	int64_t incident_id;
	int n;		   /* 1-based, as the CLI numbers it */
	int level;	   /* the level whose playbook made it */
	const char *title; /* optional */
	const char *action;
	const char *actor;   /* role id */
	const char *person;  /* who holds the role, resolved */
	const char *variant; /* optional */
	int64_t due_at;	     /* MO_TIME_NONE: no deadline */
	enum step_state state;
	const char *note; /* why skipped, or a remark */
	const char *by;	  /* who set the state */
	int64_t at;	  /* when, MO_TIME_NONE while todo */
};

struct step_list {
	struct arena arena;
	struct step *v;
	size_t n;
	size_t cap;
};

/* One entry of the timeline (対応経過). kind: created, triage, level,
 * status, step, plan, note, field, decision, evidence, custody, close,
 * reopen. */
struct event {
	int64_t id;
	int64_t incident_id;
	int64_t at;
	const char *who;
	const char *kind;
	const char *field;  /* optional: what changed */
	const char *before; /* optional */
	const char *after;  /* optional */
	const char *text;   /* optional: a note or a reason */
	const char *login;  /* the actor's login id (NULL in older rows); read only:
			       the store records its actor's (store_actor_login) */
};

struct event_list {
	struct arena arena;
	struct event *v;
	size_t n;
	size_t cap;
};

/* A decision taken at one phase of the response (003). */
struct decision {
	int64_t id;
	int64_t incident_id;
	const char *phase; /* decision phase id: intake, initial, … */
	const char *point; /* decision point id */
	const char *decision;
	const char *why; /* optional */
	const char *who;
	int64_t at;
};

struct decision_list {
	struct arena arena;
	struct decision *v;
	size_t n;
	size_t cap;
};

/* A file kept as evidence (証拠保全). */
struct evidence {
	int64_t id;
	int64_t incident_id;
	int n;		    /* 1-based within the incident */
	const char *file;   /* path under DIR/evidence/ */
	const char *name;   /* the original file name */
	const char *source; /* where it was copied from */
	const char *sha256; /* hex */
	int64_t size;
	const char *note;
	const char *who;
	int64_t at;
};

struct evidence_list {
	struct arena arena;
	struct evidence *v;
	size_t n;
	size_t cap;
};

/* A row of a list of incidents. */
struct inc_summary {
	int64_t id;
	const char *title;
	const char *category;
	int level;
	enum inc_status status;
	const char *owner;
	int64_t discovered_at;
	int64_t updated_at;
	int steps_total;
	int steps_closed; /* done or skipped */
	int64_t next_due; /* the earliest due of an open step, or NONE */
	/* The earliest deadline of a legal filing neither done nor waived and
	 * that filing's id (engine_summaries_filing_due fills them), or NONE. */
	int64_t filing_due;
	const char *filing_kind;
	bool filing_known; /* filled: the JSON has filing_due, filing_due_kind */
};

struct inc_summary_list {
	struct arena arena;
	struct inc_summary *v;
	size_t n;
	size_t cap;
};

void step_list_release(struct step_list *l);
void event_list_release(struct event_list *l);
void decision_list_release(struct decision_list *l);
void evidence_list_release(struct evidence_list *l);
void inc_summary_list_release(struct inc_summary_list *l);

/* Keys as stored and as JSON shows them ("reported", "todo", …); the words
 * for people are engine/labels.h's. */
const char *inc_status_key(enum inc_status s);
int inc_status_parse(const char *key, enum inc_status *out) MO_WUR;
const char *step_state_key(enum step_state s);
int step_state_parse(const char *key, enum step_state *out) MO_WUR;

/* The fields that a report may give and `set` may change, described once
 * for the JSON reader, the writer and the exporter. */
enum inc_ftype {
	FT_TEXT,  /* const char * */
	FT_COUNT, /* long long, MO_COUNT_NONE when unknown */
	FT_TRI,	  /* int: MO_TRI_NONE, 0 or 1 */
	FT_TIME,  /* int64_t, MO_TIME_NONE when unknown */
};

enum inc_fflag {
	FF_FACT = 1 << 0,   /* lives under "facts" in JSON */
	FF_RECORD = 1 << 1, /* a record item outside facts */
	FF_SEARCH = 1 << 2, /* part of the searchable text */
};

struct inc_field {
	const char *key; /* JSON key, column name, `set` name */
	enum inc_ftype type;
	size_t offset; /* in struct inc */
	unsigned flags;
	const char *kind;  /* facts: leak, malware, access, outage */
	const char *label; /* Japanese, as the seeds name it */
};

extern const struct inc_field inc_fields[];
extern const size_t inc_fields_count;
const struct inc_field *inc_field_find(const char *key);

#endif
