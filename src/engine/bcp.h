/* The business continuity board (engine/bcp.c): the order in which the
 * policy's systems are restored (002 §5, 004 §5(2)①: tier a → b → c, each
 * system after what it depends on), and, for an incident that stops
 * systems (the disaster category, the system_down or disaster sign, or any
 * state recorded), each affected system's state, owner, vendors, the
 * elapsed time against its RTO, the next system to restore and what it
 * waits for; the damage survey (004 §5(2)④) and who can work from when
 * (004 §5(2)③). Writes go through the store's log and the timeline. */
#ifndef MO_ENGINE_BCP_H
#define MO_ENGINE_BCP_H

#include "engine/engine.h"
#include "store/bcp.h"

/* The recovery order: writes the indexes of p->bcp.systems into order
 * (room for p->bcp.n_systems) and returns their number. Among the systems
 * whose dependencies (other systems) are placed, the lowest tier (the
 * tiers' order; an unknown tier last) goes first, then the policy's order:
 * deterministic. A system counts in the tier of the most important system
 * that depends on it (what a tier-a system waits for is restored as a). Systems on a dependency
 * cycle (check reports it) follow in tier and policy order. Fewer than n_systems only when out of
 * memory. */
size_t engine_bcp_order(const struct policy *p, size_t *order);
/* The system by id; NULL when the policy has none. */
const struct mo_bcp_system *engine_bcp_system(const struct policy *p, const char *id);
/* True when inc is one the board is for by its kind alone: the disaster
 * category or the system_down / disaster sign (then every system counts as
 * affected until its state is reported). */
bool engine_bcp_disaster(const struct inc *inc);

#define BCP_WAITS_MAX 16

struct bcp_view {
	const struct mo_bcp_system *sys;
	size_t rank; /* 1: the first to restore (among all systems) */
	enum bcp_state state;
	const struct bcp_rec *last;	  /* the latest state row; NULL when none */
	int64_t restored_at;		  /* MO_TIME_NONE unless restored */
	int64_t elapsed;		  /* seconds from the start to now (to restored_at) */
	int rto_over;			  /* -1: no RTO; 0: within it; 1: over it */
	const char *waits[BCP_WAITS_MAX]; /* systems (ids) not yet restored */
	size_t n_waits;
	const char *needs[BCP_WAITS_MAX]; /* free words: 電源, 回線サービス */
	size_t n_needs;
};

struct bcp_board {
	bool applies;  /* the board is for this incident */
	int64_t start; /* the outage's start: occurred, else discovered, else reported */
	int64_t now;
	struct bcp_view *v; /* the affected systems, in recovery order */
	size_t n;
	const struct bcp_view *next;   /* the next to restore; NULL when none */
	const struct bcp_rec **survey; /* per p->bcp.damage_survey entry: latest or NULL */
	const struct bcp_rec **staff;  /* the latest row per person, first seen first */
	size_t n_staff;
	struct bcp_recs recs; /* owns the rows above */
};

/* The board of inc at now from the store's log. 0, or -1 with e set.
 * Release with engine_bcp_board_release (also after an error). */
int engine_bcp_board(const struct policy *p, struct store *st, const struct inc *inc, int64_t now,
		     struct bcp_board *b, struct mo_err *e) MO_WUR;
void engine_bcp_board_release(struct bcp_board *b);
/* The board as JSON (docs/bcp.md gives its shape); NULL when out of memory. */
json_t *engine_bcp_board_json(const struct policy *p, const struct inc *inc,
			      const struct bcp_board *b);
/* The board of incident id at now as its JSON (engine_bcp_board_json), read
 * from st: the one producer of `moshimo bcp board --json` and the API's
 * GET /api/v1/incidents/ID/bcp. 0 with *out set, 1 when there is no such
 * incident, -1 with e set. */
int engine_bcp_board_load_json(const struct policy *p, struct store *st, int64_t id, int64_t now,
			       json_t **out, struct mo_err *e) MO_WUR;
/* The damage survey entry named by item: its text, or its number 1..n;
 * NULL when none. */
const char *engine_bcp_survey_item(const struct policy *p, const char *item);

/* Records system's state (a key of store/bcp.h: stopped, degraded,
 * restored) with an optional note, on the board and the timeline. */
int engine_bcp_set(struct engine *en, int64_t id, const char *system, const char *state,
		   const char *note, struct mo_err *e) MO_WUR;
/* Records the answer to a damage survey entry (engine_bcp_survey_item). */
int engine_bcp_survey(struct engine *en, int64_t id, const char *item, const char *answer,
		      struct mo_err *e) MO_WUR;
/* Records that person can work from from (with an optional note). */
int engine_bcp_staff(struct engine *en, int64_t id, const char *person, int64_t from,
		     const char *note, struct mo_err *e) MO_WUR;

#endif
