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

#endif
