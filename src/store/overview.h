/* Reads the web app needs beyond store.h: the dashboard's overdue and
 * personal steps, open incidents by level, and the number of search hits.
 * Conventions as store.h. */
#ifndef MO_STORE_OVERVIEW_H
#define MO_STORE_OVERVIEW_H

#include "store/store.h"

/* An open step of an open incident, with the incident's title and level. */
struct due_step {
	int64_t incident_id;
	int n;
	const char *title; /* may be NULL */
	const char *action;
	const char *actor;
	const char *person; /* may be NULL */
	int64_t due_at;	    /* MO_TIME_NONE: no deadline */
	enum step_state state;
	const char *inc_title;
	int level;
};

struct due_step_list {
	struct arena arena;
	struct due_step *v;
	size_t n;
	size_t cap;
};

void due_step_list_release(struct due_step_list *l);

/* Open steps of open incidents due before now, the most overdue first. */
int store_steps_overdue(struct store *st, int64_t now, size_t limit, struct due_step_list *out,
			struct mo_err *e) MO_WUR;
/* Open steps of open incidents whose person names include name, by due
 * time (those without one last). */
int store_steps_of_person(struct store *st, const char *name, size_t limit,
			  struct due_step_list *out, struct mo_err *e) MO_WUR;
/* How many open incidents there are at each level 0..MO_LEVEL_MAX. */
int store_open_by_level(struct store *st, int64_t counts[MO_LEVEL_MAX + 1],
			struct mo_err *e) MO_WUR;
/* How many incidents store_search(query) would find without a limit, up
 * to max: beyond it *total is max and *exact false (counting every hit of
 * a word in most incidents costs tens of milliseconds at 100,000). Words
 * of three or more characters are counted through the index; when the
 * query has shorter words (which store_search scans for) *exact is set
 * false and nothing is counted. */
int store_search_total(struct store *st, const char *query, int64_t max, int64_t *total,
		       bool *exact, struct mo_err *e) MO_WUR;

/* What the filing rules (engine/filings.c) read of one incident: its
 * category, impact, sign, client, discovery time and facts (the other
 * members of inc are left as inc_init sets them; text lives in the list's
 * arena), and the kinds of its filings already done or waived, separated
 * by spaces ("" when none). */
struct filing_input {
	struct inc inc;
	const char *recorded;
};

struct filing_input_list {
	struct arena arena;
	struct filing_input *v; /* by id, ascending */
	size_t n;
	size_t cap;
};

void filing_input_list_release(struct filing_input_list *l);
/* The filing inputs of the incidents ids (absent ones are left out), in one
 * query however many there are: a list's next legal deadlines without a
 * query per row. */
int store_filing_inputs(struct store *st, const int64_t *ids, size_t n,
			struct filing_input_list *out, struct mo_err *e) MO_WUR;
/* The same for every open incident (the filing reminders). */
int store_filing_inputs_open(struct store *st, struct filing_input_list *out,
			     struct mo_err *e) MO_WUR;

#endif
