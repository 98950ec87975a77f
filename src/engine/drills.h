/* Drills (訓練; engine/drills.c, engine/drill_injects.c): an incident
 * started from a scenario of the policy (drills:), run through the real
 * playbook, deadlines, filings (drafted, never filed) and notifications,
 * each marked 【訓練】; ended with a score; reported step by step against
 * the manual's deadlines. An incident is a drill when the store has a
 * drills row for it (store/drills.h). */
#ifndef MO_ENGINE_DRILLS_H
#define MO_ENGINE_DRILLS_H

#include "engine/engine.h"
#include "store/drills.h"
#include "store/escalation.h"

/* 「【訓練】」: the one mark in every subject, title, page and document of a drill. */
const char *engine_drill_mark(void);
/* The mark when title starts with it (a drill's title), else "": for the
 * documents, which see the record and not the store. */
const char *engine_drill_title_mark(const char *title);
/* True when incident id is a drill (false on a read error too). */
bool engine_is_drill(struct engine *en, int64_t id);
/* The subject's opening for inc: 「【moshimo】【訓練】」 for a drill (a drills
 * row, or a title that starts with the mark while the drill is being
 * created), else engine_notify_prefix's 「【moshimo】」. */
const char *engine_drill_prefix(const struct engine *en, const struct inc *inc);
/* MO_ECONFLICT "a drill's filings are drafted, never filed" when incident id
 * is a drill, else 0 (engine_filing_done calls it). */
int engine_drill_refuse_filing(struct engine *en, int64_t id, struct mo_err *e) MO_WUR;

/* Starts scenario (a drills[].id of the policy): files its report as
 * moshimo report does (title marked 【訓練】), records the drill and its
 * injects (due from en->now) and a timeline event. In the caller's
 * transaction; *id gets the incident. MO_ENOTFOUND for an unknown scenario. */
int engine_drill_start(struct engine *en, const char *scenario, int64_t *id,
		       struct mo_err *e) MO_WUR;
/* Ends drill id at en->now: scores it, stops its escalation, closes the
 * incident as 訓練終了 (open steps stay as they were: the report counts them
 * missed), records the event. MO_ENOTFOUND when id is no drill,
 * MO_ECONFLICT when it has ended. *score (may be NULL) gets the score. */
int engine_drill_end(struct engine *en, int64_t id, int *score, struct mo_err *e) MO_WUR;

/* ---- The report ---- */

struct drill_step_result {
	int n;
	const char *title; /* the step's title, or its action */
	const char *actor; /* role id */
	const char *person;
	int64_t due_at;	 /* MO_TIME_NONE: no deadline */
	int64_t done_at; /* when done (or skipped); MO_TIME_NONE when not */
	enum step_state state;
	bool late;	    /* done after due_at, or still open past it */
	const char *result; /* pass, late, missed, skipped, pending (label_drill_result) */
	bool pass;
	const char *note; /* why it was skipped */
};

struct drill_person {
	const char *person; /* the policy's person id ("" for a login without one) */
	const char *name;
	const char *channel; /* how the acknowledgement came; NULL when never */
	int64_t acked_at;    /* MO_TIME_NONE: never acknowledged */
};

struct drill_report {
	struct arena arena;
	struct drill_row d;
	struct inc inc;
	int64_t reported_at;
	int64_t until; /* the end, or now while it runs */
	bool ended;
	struct drill_step_result *steps;
	size_t n_steps;
	struct drill_person
		*people; /* the people told, in the order told, then the others acking */
	size_t n_people;
	struct drill_inject *injects;
	size_t n_injects;
	size_t n_pass, n_late, n_missed;
	int score;	     /* 0..100 */
	struct strv improve; /* what to improve, in words */
};

/* The drill report of incident id at now (its end when ended): 0, 1 when
 * id is no drill, -1 with e set. Release with drill_report_release. */
int engine_drill_report(struct store *st, const struct policy *p, int64_t id, int64_t now,
			struct drill_report *r, struct mo_err *e) MO_WUR;
void drill_report_release(struct drill_report *r);
/* The report as JSON: {"drill": true, "id", "ref", "scenario", "title", "started_at",
 * "ended_at", "score", "steps": [{"n", "title", "actor", "due_at", "done_at", "late",
 * "result", "pass", "after_s"}], "acks": [...], "never_acknowledged": [...],
 * "injects": [...], "improve": [...]} (docs/drills.md). NULL when out of memory. */
json_t *engine_drill_report_json(const struct policy *p, const struct drill_report *r);
/* "3分" / "1時間5分": a delay for people. */
void engine_drill_delay(int64_t seconds, char *out, size_t size);

/* ---- Injects (drill_injects.c) ---- */

/* Delivers every inject due at en->now of running drills: a timeline event
 * and a message (【訓練】 in its subject) to the owner's role; in the
 * caller's transaction. *fired is incremented per inject. */
int engine_drill_injects(struct engine *en, size_t *fired, struct mo_err *e) MO_WUR;
/* 1 when an inject is due at en->now, 0 when none, -1 on error (reads only). */
int engine_drill_injects_due(struct engine *en, struct mo_err *e);

#endif
