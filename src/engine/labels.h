/* The words a person reads for each of the model's vocabularies: one table
 * per enum, each row {value, key, Japanese, English}. The web pages, the
 * exported documents (Markdown, PDF) and the CLI all print from here, so
 * one incident says the same words wherever it is read. */
#ifndef MO_LABELS_H
#define MO_LABELS_H

#include "engine/engine.h"
#include "store/bcp.h"
#include "store/filings.h"
#include "util/buf.h"

enum label_lang {
	LABEL_JA,
	LABEL_EN,
};

struct label {
	int value;	 /* the enum's value (or bit); -1 for keyed rows */
	const char *key; /* the store's key, or NULL */
	const char *ja;
	const char *en;
};

struct label_table {
	const char *name; /* "status", "step", … */
	const struct label *v;
	size_t n;
};

extern const struct label_table label_status;	    /* enum inc_status */
extern const struct label_table label_step;	    /* enum step_state */
extern const struct label_table label_event_kind;   /* event.kind, by key */
extern const struct label_table label_impact;	    /* enum inc_impact bits */
extern const struct label_table label_change_field; /* event.field, by key */
extern const struct label_table label_evidence;	    /* enum evidence_state */
extern const struct label_table label_level;	    /* level 0..MO_LEVEL_MAX */
extern const struct label_table label_filing_state; /* enum filing_state */
extern const struct label_table label_filing_need;  /* 0 検討, 1 推奨, 2 必要 */
extern const struct label_table label_yes_no;	    /* a fact's 0/1 */
extern const struct label_table label_drill_result; /* a drill step's verdict, by key */
extern const struct label_table label_check_kind;   /* enum mo_check_kind */
extern const struct label_table label_check_state;  /* enum check_state (engine/checks.h) */
extern const struct label_table label_bcp_state;    /* enum bcp_state */
extern const struct label_table label_bcp_rto;	    /* 0 within the RTO, 1 over it */
/* Every table above, for the test that checks each row has both words. */
extern const struct label_table *const label_tables[];
extern const size_t label_tables_count;

/* The row's word in lang; NULL when the table has no such value (key). */
const char *label_of(const struct label_table *t, int value, enum label_lang lang);
const char *label_of_key(const struct label_table *t, const char *key, enum label_lang lang);
/* The language of the user's messages (the CLI): Japanese when the locale is. */
enum label_lang label_lang_ui(void);

/* Shorthands; never NULL ("?" for a value out of range, an unknown event
 * kind is returned as it is). */
const char *engine_status_word(enum inc_status s, enum label_lang lang);
const char *engine_step_word(enum step_state s, enum label_lang lang);
const char *engine_event_kind_word(const char *kind, enum label_lang lang);
const char *engine_evidence_word(enum evidence_state s, enum label_lang lang);
const char *engine_level_word(int level, enum label_lang lang); /* "レベル2" */
/* 未提出, 提出済み, 不要と判断. */
const char *engine_filing_state_word(enum filing_state s, enum label_lang lang);
/* 必要（法定） for a legal filing, else 推奨 or 検討 (its advice). */
const char *engine_filing_need_word(const struct mo_filing *f, enum label_lang lang);

/* 未確認, 停止, 縮退, 復旧 (the business continuity board). */
const char *engine_bcp_state_word(enum bcp_state s, enum label_lang lang);
/* 目標時間内 / 目標時間超過 for a system's elapsed time against its RTO. */
const char *engine_bcp_rto_word(bool over, enum label_lang lang);

/* A decision phase's title (インシデントの発見及び報告) and a decision
 * point's question, from the policy (003); the id when it has none. */
const char *engine_decision_phase_word(const struct policy *p, const char *phase);
const char *engine_decision_point_word(const struct policy *p, const char *phase,
				       const char *point);

/* What an event changed, in words: "手順1: 未着手 → 完了", "状況: 報告 →
 * トリアージ", "判断: インシデントの発見及び報告 — 優先度は", "事故レベル:
 * レベル1 → レベル2" (p may be NULL: decision points then show their ids).
 * Appends nothing when the event records no change. 0, or -1 when out failed. */
int engine_event_change(const struct policy *p, const struct event *ev, enum label_lang lang,
			struct buf *out) MO_WUR;

#endif
