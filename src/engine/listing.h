/* What the web app reads in one go: the dashboard, a page of a list, a
 * page of search hits with their number. Each runs in one read snapshot. */
#ifndef MO_ENGINE_LISTING_H
#define MO_ENGINE_LISTING_H

#include "engine/engine.h"
#include "store/overview.h"

struct dashboard {
	int64_t by_level[MO_LEVEL_MAX + 1]; /* open incidents at each level */
	struct inc_summary_list open;	    /* the newest open incidents */
	struct due_step_list overdue;	    /* open steps past their deadline */
	struct due_step_list mine;	    /* open steps of the person named */
};

/* Fills d (which it initialises; release with dashboard_release). person
 * may be NULL (no "mine"). limit bounds each list. */
int engine_dashboard(struct store *st, const char *person, int64_t now, size_t limit,
		     struct dashboard *d, struct mo_err *e) MO_WUR;
void dashboard_release(struct dashboard *d);

/* limit + 1 rows are read to tell whether there are more. */
int engine_list_page(struct store *st, enum store_filter filter, size_t limit, size_t offset,
		     struct inc_summary_list *out, bool *more, struct mo_err *e) MO_WUR;
/* The summaries of ids, in that order (absent ones are left out). */
int engine_summaries(struct store *st, const int64_t *ids, size_t n, struct inc_summary_list *out,
		     struct mo_err *e) MO_WUR;
/* Hits offset .. offset+limit of query, newest first, and how many there
 * are in all, counted up to 1,000 (*exact false when that number is a
 * lower bound). An empty query is an error. */
int engine_search_page(struct store *st, const char *query, size_t limit, size_t offset,
		       struct inc_summary_list *out, int64_t *total, bool *exact,
		       struct mo_err *e) MO_WUR;

/* Fills filing_due and filing_kind of every row of l: the next legal
 * deadline (engine_filing_next_due), from one query for the whole list
 * (store_filing_inputs). */
int engine_summaries_filing_due(const struct policy *p, struct store *st,
				struct inc_summary_list *l, struct mo_err *e) MO_WUR;

#endif
