/* The response manual as data: the policy model that policy.yaml loads into.
 * Every struct keeps the YAML node it came from (for positions in findings).
 * All memory belongs to the policy's arena; policy_free() frees it all.
 * Strings are UTF-8 and never NULL for required fields; optional strings
 * are NULL when absent. Lists are {v, n}. */
#ifndef MO_POLICY_H
#define MO_POLICY_H

#include "util/arena.h"
#include "util/buf.h"
#include "util/common.h"
#include "util/duration.h"
#include "util/err.h"
#include "util/timeutil.h"
#include "policy/node.h"

struct strv {
	const char **v;
	size_t n;
};

/* A titled block of prose and items: used wherever the seeds have a heading,
 * a paragraph and bullet points. */
struct mo_section {
	const struct pnode *node;
	const char *title; /* optional */
	const char *text;  /* optional */
	struct strv items;
};

struct mo_sectionv {
	struct mo_section *v;
	size_t n;
};

struct mo_related { /* a related business, e.g. 委託元 */
	const struct pnode *node;
	const char *name;
	const char *relation; /* optional: 委託元, 委託先, 親会社 … */
};

struct mo_organization {
	const struct pnode *node;
	const char *name;
	struct mo_related *related;
	size_t n_related;
	const char *timezone;	/* default "Asia/Tokyo" */
	const char *report_url; /* optional */
	struct strv domains;	/* the company's mail domains (report --mail); may be empty */
	const char *revision;	/* optional: 版, e.g. "第1版" */
	bool has_last_reviewed;
	struct mo_date last_reviewed;
	int review_interval_months; /* default 12 */
};

/* Definitions from 003 (what an incident is, who owns the unexpected) and
 * the manual's purpose and scope (004 §1, §2; 001). */
struct mo_definitions {
	const struct pnode *node;
	const char *incident;	      /* optional */
	const char *purpose;	      /* optional */
	const char *scope;	      /* optional */
	struct strv damages;	      /* 想定被害 */
	const char *unexpected_owner; /* role id, optional */
	const char *coordinator;      /* role id, optional */
};

/* The lead sentences of the manual's first chapters (002's wording in the
 * default); the manual falls back to 002's sentence when one is absent. */
struct mo_intros {
	const struct pnode *node;
	const char *title;	   /* 002's title, under the cover's heading */
	const char *subtitle;	   /* 002's subtitle */
	const char *response_team; /* 1. 対応体制 */
	const char *levels;	   /* 2. 影響範囲と対応者 */
	const char *categories;	   /* 4. 対応手順 */
	const char *authorities;   /* 届出及び相談 */
};

struct mo_role {
	const struct pnode *node;
	const char *id;
	const char *title;  /* 最高責任者 */
	const char *holder; /* optional: 代表取締役 */
	struct strv duties; /* 004 §3 */
};

struct mo_person {
	const struct pnode *node;
	const char *id;
	const char *name;
	struct strv roles; /* role ids */
	const char *phone; /* optional */
	const char *email; /* optional */
	const char *chat;  /* optional: a webhook id of notify.yaml */
	const char *note;  /* optional */
};

struct mo_level {
	const struct pnode *node;
	int level;	    /* 0..MO_LEVEL_MAX */
	const char *name;   /* optional: 予兆 for 0 */
	struct strv impact; /* 影響範囲 in words, for a level no triage rule names */
	const char *owner;  /* role id: 責任者 */
	struct strv notify; /* role ids told at this level */
};

/* 連絡・報告体制 */
struct mo_contact_chain {
	const struct pnode *node;
	const char *rule;  /* レベル1以上の…指示を仰ぐ。 */
	struct strv roles; /* the order of the chain, role ids */
};

struct mo_category {
	const struct pnode *node;
	const char *id;
	const char *name;	 /* 漏えい・流出 */
	const char *description; /* 事件・事故の状況 */
	int min_level;		 /* 0..MO_LEVEL_MAX */
};

struct mo_step {
	const struct pnode *node;
	const char *title;  /* optional: 発生の報告 */
	const char *actor;  /* role id */
	const char *action; /* the step's text, verbatim */
	bool has_due;
	struct duration due; /* after discovery */
	const char *variant; /* optional: 電子データ / 機器 / 書類・フィルム原本 */
};

struct mo_playbook {
	const struct pnode *node;
	const char *category; /* category id */
	int level;
	const char *note; /* optional: ※情報漏えい・流出は全て事故レベル2以上 */
	struct mo_step *steps;
	size_t n_steps;
	struct strv footnotes;
};

/* What an employee may notice, as they would say it, and what to do now. */
struct mo_sign {
	const struct pnode *node;
	const char *id;
	const char *label;     /* 身代金を要求する画面 */
	const char *category;  /* category id (a report with this sign gets it) */
	int min_level;	       /* -1: the category's; else this sign's minimum */
	unsigned facts;	       /* enum mo_condition bits the sign itself shows
				* (a ransom screen: malware, malicious) */
	const char *self_help; /* optional: self_help id */
	const char *guidance;  /* optional: guidance id */
	struct strv do_now;    /* YAML key: do */
	struct strv dont;
};

/* Steps an employee can take alone, and when to stop and ask (002 4.3). */
struct mo_self_help {
	const struct pnode *node;
	const char *id;
	const char *title;
	const char *intro; /* optional */
	struct strv steps;
	const char *escalate_intro; /* optional */
	struct strv escalate_if;
};

enum mo_phase {	       /* 001's three basic steps */
	PHASE_DETECT,  /* 検知・初動対応 */
	PHASE_REPORT,  /* 報告・公表 */
	PHASE_RECOVER, /* 復旧・再発防止 */
	PHASE_COUNT
};

/* Kind-by-kind advice by phase (001). */
struct mo_guidance {
	const struct pnode *node;
	const char *id;
	const char *title;    /* ウイルス感染 */
	const char *category; /* optional category id */
	const char *summary;  /* optional */
	struct mo_sectionv phases[PHASE_COUNT];
	struct strv notes; /* footnotes such as ※1 ランサムウェア */
};

/* A question to decide and record at one phase of the response (003). */
struct mo_decision_point {
	const struct pnode *node;
	const char *id;
	const char *question;
	struct strv hints;
};

struct mo_decision_phase {
	const struct pnode *node;
	const char *id;	   /* intake, initial, disclose, contain, after */
	const char *title; /* インシデントの発見及び報告 */
	struct mo_decision_point *points;
	size_t n_points;
};

/* A worked case (003) with its deadlines as examples. */
struct mo_case_deadline {
	const struct pnode *node;
	const char *what;
	struct duration due;
};

struct mo_case {
	const struct pnode *node;
	const char *id;
	const char *title;
	const char *category;	   /* optional category id */
	struct mo_sectionv phases; /* title = phase name, items = what was done */
	struct mo_case_deadline *deadlines;
	size_t n_deadlines;
};

enum mo_check_kind {
	CHECK_PREVENT, /* 予防措置 */
	CHECK_DETECT,  /* 検知措置 */
	CHECK_MANUAL,  /* the manual's own: 疎通確認, drill, review, BCP, backup restore */
};

/* A peacetime check: prevention or detection (004 §4), or one of the
 * manual's own (002 §5.3, 001's backup restore test). */
struct mo_check {
	const struct pnode *node;
	const char *id;
	enum mo_check_kind kind;
	const char *title;
	const char *owner; /* role id */
	const char *rule;  /* optional: the company rule it follows */
	struct duration every;
};

/* An authority or consultation desk (002 4.5, 001, 000). */
struct mo_authority {
	const struct pnode *node;
	const char *id;
	const char *organization; /* 個人情報保護委員会 */
	const char *name;	  /* the desk: 個人データ漏えい等報告窓口 */
	const char *kind;	  /* filing | consult | report */
	const char *url;	  /* optional */
	const char *tel;	  /* optional */
	const char *fax;	  /* optional */
	const char *email;	  /* optional */
	const char *when;	  /* optional: when to use it */
	struct strv conditions;	  /* optional: the cases listed */
	const char *note;	  /* optional */
};

/* Conditions a filing depends on: facts of an incident (engine decides). */
enum mo_condition {
	COND_PERSONAL_DATA = 1 << 0,
	COND_MY_NUMBER = 1 << 1,
	COND_MALICIOUS = 1 << 2,
	COND_MALWARE = 1 << 3,
	COND_UNAUTHORIZED_ACCESS = 1 << 4,
	COND_SENSITIVE = 1 << 5,
	COND_FINANCIAL = 1 << 6,
	COND_CUSTOMERS = 1 << 7,
	COND_BUSINESS = 1 << 8,
	COND_PERSONS_OVER_1000 = 1 << 9,
	COND_PERSONS_OVER_100 = 1 << 10,
	COND_EMPLOYEES = 1 << 11,
	COND_ENCRYPTED = 1 << 12,
	COND_PERSONS_UNKNOWN = 1 << 13, /* personal data, the count not known */
	COND_SKIMMING = 1 << 14,	/* 規則7条3号 (2024): data being acquired */
	COND_CLIENT = 1 << 15,		/* handled for a client (委託元) */
	COND_MYNUMBER_SYSTEM = 1 << 16, /* 番号法規則2条1号: the designated systems */
	COND_EXPOSED_PUBLIC = 1 << 17,	/* 不特定多数が閲覧できる状態 */
	COND_PHISHING_SITE = 1 << 18,	/* a site imitating the company */
};

/* A triage rule (policy "triage:"): an incident whose facts meet it is at
 * least rule->level. any: one of the facts holds (none listed: no demand);
 * all: every one holds; unless: none holds. Facts are enum mo_condition
 * bits, named as policy_condition_parse() reads them. */
struct mo_triage_rule {
	const struct pnode *node; /* NULL for the built-in rules */
	int level;
	const char *text; /* optional: the rule in the company's words */
	unsigned any, all, unless;
};

/* What a filing that is not required by law is: advised (推奨) or to be
 * weighed (検討). */
enum mo_advice {
	ADVICE_CONSIDER,
	ADVICE_RECOMMEND,
};

/* A fact's words in one filing's rule (「②財産的被害のおそれ…に該当」). */
struct mo_filing_why {
	unsigned bit;
	const char *text;
};

/* A report or notice owed (legal) or advised when its rule holds (see
 * load_filings.c and docs/policy-format.md): all of all, one of any (none
 * listed: no demand), none of unless, and, with follows, one of the named
 * filings applies too. */
struct mo_filing {
	const struct pnode *node;
	const char *id;
	const char *authority; /* authority id */
	const char *title;     /* 速報 */
	const char *when;      /* the condition in words (the manual) */
	bool legal;	       /* 法定 */
	enum mo_advice advice; /* legal: false: 推奨 or 検討 */
	const char *law;       /* optional: the articles (個人情報保護法26条1項) */
	unsigned conditions;   /* all must hold (= all; the old key "conditions") */
	unsigned any, unless;  /* enum mo_condition bits */
	struct mo_filing_why *why;
	size_t n_why;
	struct strv follows;	/* filing ids: applies only with one of them */
	const char *instead;	/* key "or": a filing that may replace this one */
	const char *combine;	/* one report with this filing when both apply */
	bool disabled;		/* enabled: false (a sector ministry not set up) */
	struct strv categories; /* optional: only for these category ids */
	bool has_due;
	struct duration due;
	bool has_remind; /* a window "3d..5d": remind at the first */
	struct duration remind;
	bool has_due_if_malicious;
	struct duration due_if_malicious; /* ③ (malicious or skimming) */
	const char *owner;		  /* optional role id */
	/* substitute: true — when the notice is impossible, 代替措置 (公表 and an
	 * inquiry desk) may be recorded instead (本人への通知, 規則10条). */
	bool substitute;
};

/* How filing deadlines count days (policy "filing_deadlines:"). */
enum mo_day_one {
	DAY_ONE_DISCOVERY, /* the day of discovery is day 1 (conservative) */
	DAY_ONE_NEXT_DAY,  /* 民法140条: the first day is not counted */
};

/* A reference document (001's useful information). */
struct mo_reference {
	const struct pnode *node;
	const char *title;
	const char *publisher;	 /* optional */
	const char *url;	 /* optional */
	const char *description; /* optional */
};

struct mo_bcp_scenario {
	const struct pnode *node;
	const char *incident;
	const char *reason;
};

/* 5.2 復旧責任者及び関連連絡先: a damage target and who recovers it. */
struct mo_bcp_target {
	const struct pnode *node;
	struct strv targets;  /* 電源設備, 空調機 */
	struct strv owners;   /* role ids */
	struct strv contacts; /* (株)○○設備 … */
};

struct mo_bcp_tier {
	const struct pnode *node;
	const char *id; /* a, b, c */
	const char *label;
};

struct mo_bcp_system {
	const struct pnode *node;
	const char *id;
	const char *name;
	const char *tier;	    /* tier id */
	struct strv depends_on;	    /* free words or system ids */
	const char *recovery_owner; /* role id */
	const char *note;	    /* optional */
	struct duration rto;	    /* 目標復旧時間: back within this after it stops */
	struct duration rpo;	    /* 目標復旧時点: data lost at most this far back */
	bool has_rto, has_rpo;
	struct strv vendors; /* authorities ids to call (it_vendor …) */
};

struct mo_bcp {
	const struct pnode *node;
	const char *intro; /* optional */
	struct mo_bcp_scenario *scenarios;
	size_t n_scenarios;
	struct mo_bcp_target *targets;
	size_t n_targets;
	const char *plan; /* optional: 5.3 */
	struct mo_bcp_tier *tiers;
	size_t n_tiers;
	struct mo_bcp_system *systems;
	size_t n_systems;
	struct mo_sectionv it_bcp_steps; /* the five IT-BCP steps */
	struct strv it_bcp_notes;
	struct mo_sectionv disaster; /* 004 §5: prevention, priority, staff, survey, recovery */
	struct strv damage_survey; /* 電話, 電力, ネットワーク, 情報システム, 媒体 */
};

struct policy;
/* check's part for bcp's systems (load_bcp.c): vendors that are
 * authorities, and no cycle among the systems' depends_on (an error at the
 * item that closes it, naming the path). */
void policy_check_bcp_graph(const struct policy *p, struct mo_findings *f);
/* Loads "bcp:" of root into p->bcp (load_bcp.c); structural findings go to
 * f. false when out of memory. */
bool policy_load_bcp(struct policy *p, const struct pnode *root, struct mo_findings *f);
/* The list of sections ({title, text, items}) under key of map into *out
 * (load.c; {NULL, 0} when absent); false when out of memory. */
bool policy_load_sections(struct policy *p, const struct pnode *map, const char *key,
			  struct mo_findings *f, struct mo_sectionv *out);

/* The employee's card (card.c): the first things in order, the call
 * first, and what not to do; empty lists when the policy has no card:. */
struct mo_card {
	const struct pnode *node;
	struct strv first;
	struct strv dont;
};

/* Escalation (issue 9): who is told, in what order, after how long without an
 * acknowledgement, how many rounds. One entry per level. */
struct mo_escalation_step {
	const struct pnode *node;
	struct duration after; /* since the chain (round) started; count 0: at once */
	struct strv notify;    /* role ids */
};

struct mo_escalation {
	const struct pnode *node;
	int level;
	struct mo_escalation_step *steps;
	size_t n_steps;
	int rounds;	       /* how many times the chain runs (>= 1; default 1) */
	struct duration every; /* wait between rounds' starts (count 0 when rounds is 1) */
	bool business_hours;   /* messages outside business hours wait for the next opening */
};

struct mo_day_range { /* from..to inclusive; one day: from == to */
	const struct pnode *node;
	struct mo_date from, to;
};

/* When the office is open: decides whether a waiting level's message waits. */
struct mo_business_hours {
	const struct pnode *node; /* NULL: not set (always open) */
	unsigned days;		  /* bit 0 Sunday .. bit 6 Saturday */
	int from_min;		  /* minutes after local midnight, e.g. 540 for 09:00 */
	int to_min;		  /* > from_min */
	bool holidays_jp;	  /* holidays: jp (data/holidays-jp.txt) */
	struct mo_day_range *company_holidays; /* the company's own days off */
	size_t n_company_holidays;
};

struct mo_reminders {
	const struct pnode *node; /* NULL: defaults */
	struct duration grace;	  /* after a step's due time, the level's owner: default 30m */
	int digest_min;		  /* daily digest, minutes after local midnight: default 08:30 */
	const char *review_owner; /* role told when the review date passed: default
				     definitions.coordinator, else manager */
};

/* A drill scenario (load_drills.c): the report as an employee files it
 * (the keys of `moshimo report --json`, kept as the YAML node; the engine
 * reads it as JSON) and the timed injects delivered while it runs. */
struct mo_drill_inject {
	const struct pnode *node;
	struct duration after; /* since the drill's report */
	const char *text;      /* 取引先から問い合わせの電話 */
};

struct mo_drill {
	const struct pnode *node;
	const char *id;
	const char *title;
	const char *summary;	    /* optional: what the drill trains */
	const struct pnode *report; /* a mapping */
	struct mo_drill_inject *injects;
	size_t n_injects;
};

struct policy {
	struct arena arena;
	const struct pnode *root;
	const char *file; /* for findings */
	int version;
	struct mo_organization org;
	struct mo_definitions defs;
	struct mo_intros intros;
	struct strv response_team; /* role ids for 対応体制 */
	struct mo_role *roles;
	size_t n_roles;
	struct mo_person *people;
	size_t n_people;
	struct mo_level *levels;
	size_t n_levels;
	struct mo_contact_chain chain;
	struct mo_triage_rule *triage; /* policy order; the built-in rules when absent */
	size_t n_triage;
	bool triage_builtin; /* the file has no triage: */
	struct mo_card card;
	struct mo_sectionv glossary; /* title = term, text = the manual's word for it */
	struct mo_sectionv sources;  /* 出典: title = the source, text = what it gave */
	struct mo_category *categories;
	size_t n_categories;
	struct mo_playbook *playbooks;
	size_t n_playbooks;
	struct mo_sign *signs;
	size_t n_signs;
	struct mo_self_help *self_help;
	size_t n_self_help;
	struct mo_sectionv record_items; /* title = item, text = what */
	struct mo_guidance *guidance;
	size_t n_guidance;
	struct mo_decision_phase *decisions;
	size_t n_decisions;
	struct mo_case *cases;
	size_t n_cases;
	struct mo_sectionv preparation; /* 003 インシデント発生前の準備 */
	struct mo_sectionv emergency;	/* 004 §4(3)(4) 対処・事後対処 */
	struct mo_check *checks;
	size_t n_checks;
	struct mo_authority *authorities;
	size_t n_authorities;
	struct mo_filing *filings;
	size_t n_filings;
	enum mo_day_one day_one; /* filing_deadlines: {day_one: ...} */
	struct mo_reference *references;
	size_t n_references;
	struct mo_bcp bcp;
	/* escalation, business_hours, reminders (load_escalation.c) */
	struct mo_escalation *escalation;
	size_t n_escalation;
	struct mo_business_hours hours;
	struct mo_reminders reminders;
	/* contacts: {verify_every: 6M}: how old a 疎通確認 may be (count 0 when
	 * not set: POLICY_VERIFY_EVERY_DEFAULT). */
	struct duration verify_every;
	struct mo_drill *drills; /* drills: (load_drills.c) */
	size_t n_drills;
};

#define POLICY_VERIFY_EVERY_DEFAULT ((struct duration){6, DUR_MONTH})

/* Loads a policy from YAML text. name is used in findings. Findings of the
 * structure (syntax, wrong types, missing required fields, unknown keys) go
 * to f; returns NULL when the text could not be loaded into a model at all
 * (then f has at least one error). A non-NULL policy may still have errors
 * in f: the caller decides. */
struct policy *policy_load(const char *text, size_t len, const char *name, struct mo_findings *f);
/* Loads the file at path (limit: POLICY_MAX_BYTES). */
struct policy *policy_load_file(const char *path, struct mo_findings *f);
/* The built-in default (the IPA template with all five seeds). */
struct policy *policy_load_default(struct mo_findings *f);
void policy_free(struct policy *p);

#define POLICY_MAX_BYTES ((size_t)8 << 20)

/* The embedded default policy text (generated from data/policy.yaml). */
extern const char policy_default_yaml[];
extern const size_t policy_default_yaml_len;

/* Validation beyond structure: references, contacts, placeholders, review
 * dates, reachability (see check.c for the list). Adds to f. */
void policy_check(const struct policy *p, struct mo_findings *f);

/* Lookups: NULL when absent. */
const struct mo_role *policy_role(const struct policy *p, const char *id);
const struct mo_category *policy_category(const struct policy *p, const char *id);
const struct mo_level *policy_level(const struct policy *p, int level);
const struct mo_playbook *policy_playbook(const struct policy *p, const char *category, int level);
const struct mo_self_help *policy_self_help(const struct policy *p, const char *id);
const struct mo_authority *policy_authority(const struct policy *p, const char *id);
const struct mo_guidance *policy_guidance(const struct policy *p, const char *id);
const struct mo_sign *policy_sign(const struct policy *p, const char *id);
/* The people who hold role id, in policy order; returns how many were
 * written to out (at most max). */
size_t policy_role_people(const struct policy *p, const char *role, const struct mo_person **out,
			  size_t max);
/* The display name of a role: "title（holder）" pieces are the caller's;
 * this returns the title or the id when unknown. */
const char *policy_role_title(const struct policy *p, const char *id);

/* The do (dont, when dont) action that the most signs share, leaving out
 * those in skip[0..nskip); ties go to the one the policy lists first.
 * *count gets how many signs list it. NULL when there is none. The
 * emergency cards lead with these: they fit every kind of incident. */
const char *policy_common_action(const struct policy *p, bool dont, const char *const *skip,
				 size_t nskip, size_t *count);

/* True when s still holds a placeholder the company must fill in
 * (〇〇, ○○, △△, ◇◇, ****). */
bool policy_is_placeholder(const char *s);
/* How many values of the policy still hold a placeholder. */
size_t policy_placeholder_count(const struct policy *p);

/* checks: (load_checks.c): the peacetime checks with positioned findings;
 * sets *oom when out of memory. */
void policy_load_checks(struct policy *p, const struct pnode *root, struct mo_findings *f,
			bool *oom);
/* Escalation (load_escalation.c, hours.c). The chain for level, or NULL when
 * the policy has none (callers fall back to levels[].notify at once). */
const struct mo_escalation *policy_escalation(const struct policy *p, int level);
/* Loads escalation:, business_hours: and reminders: from root (load.c calls it). */
void policy_load_escalation(struct policy *p, const struct pnode *root, struct mo_findings *f,
			    bool *oom);
/* Checks them: roles defined, waits ordered, every level with a chain (check.c calls it). */
void policy_check_escalation(const struct policy *p, struct mo_findings *f);
/* True when d is a day off: a Japanese public holiday (when the policy asks
 * for them) or a company holiday. */
bool policy_is_holiday(const struct policy *p, struct mo_date d);
/* The name of a Japanese public holiday on d (元日, 振替休日 …), or NULL. */
const char *holiday_jp_name(struct mo_date d);
/* t when the office is open then, else the next opening (t itself when
 * business_hours is not set). */
int64_t policy_next_open(const struct policy *p, int64_t t);

/* Labels for phases and condition names, for renderers. */
const char *policy_phase_label(enum mo_phase ph); /* Japanese, as 001 */
const char *policy_phase_key(enum mo_phase ph);	  /* detect, report, recover */
/* Parses a condition name ("personal_data"); 0 when unknown. */
unsigned policy_condition_parse(const char *name);
/* The name of one condition bit ("personal_data"), or NULL. */
const char *policy_condition_name(unsigned bit);
/* The condition in the manual's words, as 002's level table writes it
 * (「顧客、取引先、株主等に影響が及ぶ」); NULL when unknown. */
const char *policy_condition_label(unsigned bit);
/* The i-th condition bit in the manual's order (the impact answers first);
 * 0 past the end. */
unsigned policy_condition_at(size_t i);

/* ---- Triage rules (triage.c) ---- */

/* The highest level the policy defines (0 when none). */
int policy_level_top(const struct policy *p);
/* True when the facts meet the rule. */
bool policy_triage_match(const struct mo_triage_rule *r, unsigned facts);
/* The rule in words, as the manual's 影響範囲 column and the triage record
 * show it: the rule's text, else its conditions' labels (with toki, as
 * the level table words them: 「…とき」). With facts other than ~0u, an
 * any-list names only the facts that hold. Appends to out; -1 when out is
 * full. */
int policy_triage_describe(const struct mo_triage_rule *r, unsigned facts, bool toki,
			   struct buf *out);
/* The 影響範囲 of level in words, as the manual's table prints it: one line
 * per fact of a plain any-rule (002's level 3), one per other rule, from
 * the triage rules; the level's impact: when no rule names it, or when the
 * policy has no triage: and its own words for 002's rules. Strings in a;
 * {NULL, 0} when out of memory or nothing. */
struct strv policy_level_words(const struct policy *p, int level, struct arena *a);
/* Loads "triage:" of root into p (the built-in rules when absent); called
 * by policy_load. Findings of its structure go to f. false when out of memory. */
bool policy_load_triage(struct policy *p, const struct pnode *root, struct mo_findings *f);
/* The facts named by list key of map as enum mo_condition bits (0 when
 * absent); unknown names are findings at their position. */
unsigned policy_load_facts(struct policy *p, const struct pnode *map, const char *key,
			   struct mo_findings *f);
/* Loads "filings:" and "filing_deadlines:" of root into p
 * (load_filings.c); false when out of memory. */
bool policy_load_filings(struct policy *p, const struct pnode *root, struct mo_findings *f);
/* check's part for filings: authorities, roles, categories, follows, or,
 * combine naming filings that exist, rules that can never hold. */
void policy_check_filings(const struct policy *p, struct mo_findings *f);
/* A filing by id; NULL when absent. */
const struct mo_filing *policy_filing(const struct policy *p, const char *id);
/* Full-width digits and dashes of the people's phones and the desks'
 * numbers as ASCII (phones.c); false when out of memory. */
bool policy_normalize_phones(struct policy *p);
/* Loads "card:" of root into p->card; false when out of memory. */
bool policy_load_card(struct policy *p, const struct pnode *root, struct mo_findings *f);
/* Loads "drills:" of root (load_drills.c); false when out of memory. */
bool policy_load_drills(struct policy *p, const struct pnode *root, struct mo_findings *f);
/* check's part for drills: unique ids, the report's category and sign. */
void policy_check_drills(const struct policy *p, struct mo_findings *f);
/* A drill scenario by id; NULL when absent. */
const struct mo_drill *policy_drill(const struct policy *p, const char *id);
/* check's part for triage: unknown facts are the loader's; here rules at
 * undefined levels, rules that can never match, levels no rule, category or
 * sign reaches. */
void policy_check_triage(const struct policy *p, struct mo_findings *f);

#endif
