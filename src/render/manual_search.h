/* Searching the manual's text (the document manual.c builds), folded like
 * the incident search (util/fold.h), section by section, so that a hit can
 * link to its section (/manual/document#ch3). */
#ifndef MO_MANUAL_SEARCH_H
#define MO_MANUAL_SEARCH_H

#include "policy/policy.h"

struct manual_hit {
	char *anchor;  /* the section's id in the HTML manual ("s3.2") */
	char *title;   /* "3.2 対応体制" */
	char *snippet; /* the first line that holds a word, at most ~120 characters */
};

/* The sections of p's manual whose text holds every white-space-separated
 * word of query (NFKC and case folded), in the manual's order, at most max;
 * *out is malloc'd (free with manual_hits_free). 0, or -1 with e set. */
int manual_search(const struct policy *p, const char *query, size_t max, struct manual_hit **out,
		  size_t *n, struct mo_err *e) MO_WUR;
void manual_hits_free(struct manual_hit *v, size_t n);

#endif
