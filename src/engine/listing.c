/* The web app's reads, each in one snapshot: the dashboard, pages of lists
 * and of search hits. See listing.h. */
#include "engine/listing.h"
#include "store/filings.h"

#define SEARCH_SCAN_MAX 1000
#define SEARCH_COUNT_MAX 1000

void dashboard_release(struct dashboard *d)
{
	inc_summary_list_release(&d->open);
	due_step_list_release(&d->overdue);
	due_step_list_release(&d->mine);
}

int engine_dashboard(struct store *st, const char *person, int64_t now, size_t limit,
		     struct dashboard *d, struct mo_err *e)
{
	int rc = -1;

	memset(d, 0, sizeof(*d));
	if (store_begin_read(st, e))
		return -1;
	if (store_open_by_level(st, d->by_level, e) ||
	    store_incident_list(st, STORE_OPEN, limit, 0, &d->open, e) ||
	    store_steps_overdue(st, now, limit, &d->overdue, e))
		goto done;
	if (person && *person && store_steps_of_person(st, person, limit, &d->mine, e))
		goto done;
	rc = 0;
done:
	store_rollback(st);
	if (rc)
		dashboard_release(d);
	return rc;
}

int engine_list_page(struct store *st, enum store_filter filter, size_t limit, size_t offset,
		     struct inc_summary_list *out, bool *more, struct mo_err *e)
{
	memset(out, 0, sizeof(*out));
	*more = false;
	if (store_incident_list(st, filter, limit + 1, offset, out, e)) {
		inc_summary_list_release(out);
		return -1;
	}
	if (out->n > limit) {
		out->n = limit;
		*more = true;
	}
	return 0;
}

static int summaries(struct store *st, const int64_t *ids, size_t n, struct inc_summary_list *out,
		     struct mo_err *e)
{
	for (size_t i = 0; i < n; i++)
		if (store_incident_summary(st, ids[i], out, e) < 0)
			return -1;
	return 0;
}

int engine_summaries(struct store *st, const int64_t *ids, size_t n, struct inc_summary_list *out,
		     struct mo_err *e)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (store_begin_read(st, e))
		return -1;
	rc = summaries(st, ids, n, out, e);
	store_rollback(st);
	if (rc)
		inc_summary_list_release(out);
	return rc;
}

int engine_search_page(struct store *st, const char *query, size_t limit, size_t offset,
		       struct inc_summary_list *out, int64_t *total, bool *exact, struct mo_err *e)
{
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	*total = 0;
	*exact = true;
	if (store_begin_read(st, e))
		return -1;
	if (store_search_total(st, query, SEARCH_COUNT_MAX, total, exact, e))
		goto done;
	if (*exact || *total) {
		if (store_search(st, query, offset + limit, &ids, &n, e))
			goto done;
	} else {
		/* Short words are found by a scan: count what one bounded
		 * scan finds. */
		if (store_search(st, query, SEARCH_SCAN_MAX, &ids, &n, e))
			goto done;
		*total = (int64_t)n;
		*exact = n < SEARCH_SCAN_MAX;
	}
	if (n > offset)
		rc = summaries(st, ids + offset, n - offset < limit ? n - offset : limit, out, e);
	else
		rc = 0;
done:
	store_rollback(st);
	free(ids);
	if (rc)
		inc_summary_list_release(out);
	return rc;
}

/* The filing records a row of recorded names ("ppc_prompt police"): only
 * their kinds matter to engine_filing_next_due. */
static size_t recorded_recs(const char *recorded, struct filing_rec *v, size_t max)
{
	size_t n = 0;

	while (*recorded && n < max) {
		size_t len = strcspn(recorded, " ");

		if (len) {
			memset(&v[n], 0, sizeof(v[n]));
			snprintf(v[n].kind, sizeof(v[n].kind), "%.*s", (int)len, recorded);
			v[n].state = FILING_DONE;
			n++;
		}
		recorded += len;
		recorded += strspn(recorded, " ");
	}
	return n;
}

static const struct filing_input *input_of(const struct filing_input_list *in, int64_t id)
{
	size_t lo = 0, hi = in->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (in->v[mid].inc.id == id)
			return &in->v[mid];
		if (in->v[mid].inc.id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int engine_summaries_filing_due(const struct policy *p, struct store *st,
				struct inc_summary_list *l, struct mo_err *e)
{
	struct filing_input_list in;
	int64_t *ids;
	int rc;

	if (!l->n)
		return 0;
	ids = calloc(l->n, sizeof(*ids));
	if (!ids)
		return mo_err_oom(e, NULL);
	for (size_t i = 0; i < l->n; i++)
		ids[i] = l->v[i].id;
	rc = store_filing_inputs(st, ids, l->n, &in, e);
	free(ids);
	if (rc)
		return -1;
	for (size_t i = 0; i < l->n; i++) {
		const struct filing_input *fi = input_of(&in, l->v[i].id);
		const struct mo_filing *which = NULL;
		struct filing_rec rec[64];
		struct filing_recs recs = {rec, 0, MO_ARRAY_SIZE(rec)};

		l->v[i].filing_due = MO_TIME_NONE;
		l->v[i].filing_kind = NULL;
		l->v[i].filing_known = true;
		if (!fi)
			continue;
		recs.n = recorded_recs(fi->recorded, rec, MO_ARRAY_SIZE(rec));
		l->v[i].filing_due = engine_filing_next_due(p, &fi->inc, &recs, &which);
		l->v[i].filing_kind = which ? which->id : NULL;
	}
	filing_input_list_release(&in);
	return 0;
}
