/* The web app's reads: the dashboard's steps and counts, and the number of
 * search hits. See overview.h. */
#include "store/overview.h"
#include "store/storeInt.h"
#include "util/fold.h"
#include "util/buf.h"

#define DUE_COLS                                                                                   \
	"s.incident_id, s.n, s.title, s.action, s.actor, s.person, s.due_at, s.state, i.title, "   \
	"i.level"

static const char sql_overdue[] =
	"SELECT " DUE_COLS " FROM steps s JOIN incidents i ON i.id = s.incident_id "
	"WHERE s.state IN ('todo', 'doing') AND s.due_at IS NOT NULL AND s.due_at < ?1 "
	"AND i.status <> 'closed' " STORE_NOT_DRILL(
		"i.id") "ORDER BY s.due_at, s.incident_id, s.n LIMIT ?2";
static const char sql_of_person[] =
	"SELECT " DUE_COLS " FROM steps s JOIN incidents i ON i.id = s.incident_id "
	"WHERE s.state IN ('todo', 'doing') AND instr(s.person, ?1) > 0 "
	"AND i.status <> 'closed' " STORE_NOT_DRILL(
		"i.id") "ORDER BY s.due_at IS NULL, s.due_at, s.incident_id, s.n "
			"LIMIT ?2";
static const char sql_by_level[] =
	"SELECT level, count(*) FROM incidents WHERE status <> 'closed' " STORE_NOT_DRILL(
		"incidents.id") "GROUP BY level";
/* The columns engine_filings reads, in the order read_input reads them. */
#define FILING_INPUT_COLS                                                                          \
	"i.id, i.category, i.impact, i.sign, i.client, i.discovered_at, i.status, i.owner_role, "  \
	"i.title, i.persons, i.sensitive, i.financial, i.encrypted, i.malicious, i.my_number, "    \
	"i.malware_name, i.entry_point, i.unauthorized_access, i.skimming, i.mynumber_system, "    \
	"i.exposed_public, coalesce((SELECT group_concat(f.kind, ' ') FROM filings f "             \
	"WHERE f.incident_id = i.id), '')"
static const char sql_filing_inputs[] =
	"SELECT " FILING_INPUT_COLS " FROM incidents i "
	"WHERE i.id IN (SELECT value FROM json_each(?1)) ORDER BY i.id";
static const char sql_filing_inputs_open[] = "SELECT " FILING_INPUT_COLS " FROM incidents i "
					     "WHERE i.status <> 'closed' ORDER BY i.id";
static const char sql_match_count[] =
	"SELECT count(*) FROM (SELECT rowid FROM search WHERE search MATCH ?1 " STORE_NOT_DRILL(
		"search.rowid") "LIMIT ?2)";

void due_step_list_release(struct due_step_list *l)
{
	arena_release(&l->arena);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int read_due(struct store *st, sqlite3_stmt *s, struct due_step_list *out, struct mo_err *e)
{
	bool oom = false;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct due_step *d =
			store_list_grow((void **)&out->v, &out->n, &out->cap, sizeof(*out->v));

		if (!d) {
			oom = true;
			break;
		}
		d->incident_id = sqlite3_column_int64(s, 0);
		d->n = sqlite3_column_int(s, 1);
		d->title = store_col_text(s, 2, &out->arena, &oom);
		d->action = store_col_text(s, 3, &out->arena, &oom);
		d->actor = store_col_text(s, 4, &out->arena, &oom);
		d->person = store_col_text(s, 5, &out->arena, &oom);
		d->due_at = store_col_time(s, 6);
		if (step_state_parse((const char *)sqlite3_column_text(s, 7), &d->state))
			d->state = STEP_TODO;
		d->inc_title = store_col_text(s, 8, &out->arena, &oom);
		d->level = sqlite3_column_int(s, 9);
	}
	sqlite3_reset(s);
	if (oom)
		return mo_err_oom(e, st->path);
	if (rc != SQLITE_DONE)
		return store_fail(st, e);
	return 0;
}

int store_steps_overdue(struct store *st, int64_t now, size_t limit, struct due_step_list *out,
			struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_overdue, e);

	if (!s)
		return -1;
	store_bind_time(s, 1, now);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
	return read_due(st, s, out, e);
}

int store_steps_of_person(struct store *st, const char *name, size_t limit,
			  struct due_step_list *out, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_of_person, e);

	if (!s)
		return -1;
	store_bind_text(s, 1, name);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
	return read_due(st, s, out, e);
}

int store_open_by_level(struct store *st, int64_t counts[MO_LEVEL_MAX + 1], struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_by_level, e);
	int rc;

	memset(counts, 0, (MO_LEVEL_MAX + 1) * sizeof(counts[0]));
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int lv = sqlite3_column_int(s, 0);

		counts[lv < 0		   ? 0
		       : lv > MO_LEVEL_MAX ? MO_LEVEL_MAX
					   : lv] += sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, e);
}

void filing_input_list_release(struct filing_input_list *l)
{
	arena_release(&l->arena);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void read_input(sqlite3_stmt *s, struct filing_input *in, struct arena *a, bool *oom)
{
	struct inc *inc = &in->inc;
	struct inc_facts *f = &inc->facts;

	inc_init(inc);
	inc->id = sqlite3_column_int64(s, 0);
	inc->category = store_col_text(s, 1, a, oom);
	inc->impact = (unsigned)sqlite3_column_int64(s, 2);
	inc->sign = store_col_text(s, 3, a, oom);
	inc->client = store_col_text(s, 4, a, oom);
	inc->discovered_at = store_col_time(s, 5);
	if (inc_status_parse((const char *)sqlite3_column_text(s, 6), &inc->status))
		inc->status = INC_REPORTED;
	inc->owner_role = store_col_text(s, 7, a, oom);
	inc->title = store_col_text(s, 8, a, oom);
	f->persons = store_col_count(s, 9);
	f->sensitive = store_col_tri(s, 10);
	f->financial = store_col_tri(s, 11);
	f->encrypted = store_col_tri(s, 12);
	f->malicious = store_col_tri(s, 13);
	f->my_number = store_col_tri(s, 14);
	f->malware_name = store_col_text(s, 15, a, oom);
	f->entry_point = store_col_text(s, 16, a, oom);
	f->unauthorized_access = store_col_tri(s, 17);
	f->skimming = store_col_tri(s, 18);
	f->mynumber_system = store_col_tri(s, 19);
	f->exposed_public = store_col_tri(s, 20);
	in->recorded = store_col_text(s, 21, a, oom);
	if (!in->recorded)
		in->recorded = "";
}

static int read_inputs(struct store *st, sqlite3_stmt *s, struct filing_input_list *out,
		       struct mo_err *e)
{
	bool oom = false;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct filing_input *in =
			store_list_grow((void **)&out->v, &out->n, &out->cap, sizeof(*out->v));

		if (!in) {
			oom = true;
			break;
		}
		read_input(s, in, &out->arena, &oom);
	}
	sqlite3_reset(s);
	if (oom)
		return mo_err_oom(e, st->path);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(st, e);
	return 0;
}

int store_filing_inputs(struct store *st, const int64_t *ids, size_t n,
			struct filing_input_list *out, struct mo_err *e)
{
	struct buf list;
	sqlite3_stmt *s;
	int rc = -1, add = 0;

	memset(out, 0, sizeof(*out));
	arena_init(&out->arena, 0);
	if (!n)
		return 0;
	/* The ids as one JSON array: one statement for the whole list. */
	buf_init(&list, (size_t)1 << 24);
	add |= buf_addc(&list, '[');
	for (size_t i = 0; i < n; i++)
		add |= buf_addf(&list, "%s%lld", i ? "," : "", (long long)ids[i]);
	add |= buf_addc(&list, ']');
	if (add) {
		mo_err_oom(e, st->path);
		goto done;
	}
	s = store_stmt(st, sql_filing_inputs, e);
	if (!s)
		goto done;
	store_bind_text(s, 1, buf_str(&list));
	rc = read_inputs(st, s, out, e);
done:
	buf_release(&list);
	if (rc)
		filing_input_list_release(out);
	return rc;
}

int store_filing_inputs_open(struct store *st, struct filing_input_list *out, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_filing_inputs_open, e);
	int rc;

	memset(out, 0, sizeof(*out));
	arena_init(&out->arena, 0);
	if (!s)
		return -1;
	rc = read_inputs(st, s, out, e);
	if (rc)
		filing_input_list_release(out);
	return rc;
}

int store_search_total(struct store *st, const char *query, int64_t max, int64_t *total,
		       bool *exact, struct mo_err *e)
{
	struct buf match, shorts;
	sqlite3_stmt *s;
	int rc = -1, add;
	/* folded as store_search folds it (search.c, util/fold.h) */
	char *folded = text_fold(query, strlen(query), NULL);

	*total = 0;
	*exact = true;
	buf_init(&match, 4096);
	buf_init(&shorts, 256);
	if (!folded)
		return mo_err_oom(e, NULL);
	query = folded;
	/* The same phrases as store_search makes; a short word is matched
	 * outside the index, so the count is not exact. */
	add = store_search_split(query, &match, &shorts);
	if (!add && shorts.len) {
		*exact = false;
		rc = 0;
		goto done;
	}
	if (add) {
		mo_err_set(e, NULL, 0, 0, "%s", _("the search is too long"));
		goto done;
	}
	if (!match.len) {
		rc = 0;
		goto done;
	}
	s = store_stmt(st, sql_match_count, e);
	if (!s)
		goto done;
	store_bind_text(s, 1, buf_str(&match));
	sqlite3_bind_int64(s, 2, max + 1);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		rc = store_fail(st, e);
		goto done;
	}
	*total = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (*total > max) {
		*total = max;
		*exact = false;
	}
	rc = 0;
done:
	free(folded);
	buf_release(&match);
	buf_release(&shorts);
	return rc;
}
