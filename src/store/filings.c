/* The filings table (store/filings.h): one row per incident and filing
 * once it is done or waived. A done row is immutable: the database's own
 * triggers refuse an update or a delete of it, so the draft as filed stays
 * the company's proof (the PPC gives no receipt). */
#include "store/filings.h"
#include "store/storeInt.h"

static const char *const state_keys[FILING_STATE_COUNT] = {"due", "done", "waived", "substituted"};

const char *filing_state_key(enum filing_state s)
{
	return (unsigned)s < FILING_STATE_COUNT ? state_keys[s] : NULL;
}

int filing_state_parse(const char *key, enum filing_state *out)
{
	for (int i = 0; key && i < FILING_STATE_COUNT; i++)
		if (strcmp(state_keys[i], key) == 0) {
			*out = (enum filing_state)i;
			return 0;
		}
	return -1;
}

/* A substituted filing is a done row with a filing_substitutes row. */
static const char sql_get[] =
	"SELECT f.kind, CASE WHEN s.kind IS NULL THEN f.state ELSE 'substituted' END, f.at, f.ref, "
	"f.reason, f.by, f.draft_name, f.sha256, f.recorded_at, CASE WHEN ?2 THEN f.draft END, "
	"s.published, s.desk FROM filings f LEFT JOIN filing_substitutes s "
	"ON s.incident_id = f.incident_id AND s.kind = f.kind WHERE f.incident_id = ?1 "
	"ORDER BY f.kind";
static const char sql_put_substitute[] =
	"INSERT INTO filing_substitutes (incident_id, kind, published, desk) "
	"VALUES (?1, ?2, ?3, ?4)";
static const char sql_state[] = "SELECT state FROM filings WHERE incident_id = ?1 AND kind = ?2";
static const char sql_put[] =
	"INSERT INTO filings (incident_id, kind, state, at, ref, reason, by, draft_name, draft, "
	"sha256, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
	"ON CONFLICT (incident_id, kind) DO UPDATE SET state = excluded.state, at = excluded.at, "
	"ref = excluded.ref, reason = excluded.reason, by = excluded.by, "
	"draft_name = excluded.draft_name, draft = excluded.draft, sha256 = excluded.sha256, "
	"recorded_at = excluded.recorded_at";

static char *dup_col(sqlite3_stmt *s, int i, bool *oom)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	char *c;

	if (!t)
		return NULL;
	c = strdup((const char *)t);
	if (!c)
		*oom = true;
	return c;
}

static void read_rec(sqlite3_stmt *s, void *row, void *ctx, bool *oom)
{
	struct filing_rec *r = row;
	const unsigned char *t;
	const void *blob;
	int len;

	(void)ctx;
	t = sqlite3_column_text(s, 0);
	snprintf(r->kind, sizeof(r->kind), "%s", t ? (const char *)t : "");
	if (filing_state_parse((const char *)sqlite3_column_text(s, 1), &r->state))
		r->state = FILING_DUE;
	r->at = sqlite3_column_int64(s, 2);
	r->ref = dup_col(s, 3, oom);
	r->reason = dup_col(s, 4, oom);
	r->by = dup_col(s, 5, oom);
	r->draft_name = dup_col(s, 6, oom);
	t = sqlite3_column_text(s, 7);
	snprintf(r->sha256, sizeof(r->sha256), "%s", t ? (const char *)t : "");
	r->recorded_at = sqlite3_column_int64(s, 8);
	r->published = dup_col(s, 10, oom);
	r->desk = dup_col(s, 11, oom);
	blob = sqlite3_column_blob(s, 9);
	len = sqlite3_column_bytes(s, 9);
	if (blob && len > 0) {
		r->draft = malloc((size_t)len);
		if (!r->draft) {
			*oom = true;
			return;
		}
		memcpy(r->draft, blob, (size_t)len);
		r->draft_len = (size_t)len;
	}
}

int store_filings_get(struct store *st, int64_t id, bool with_drafts, struct filing_recs *out,
		      struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_get, e);

	memset(out, 0, sizeof(*out));
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, with_drafts);
	return store_read_rows(st, s, (void **)&out->v, &out->n, &out->cap, sizeof(*out->v),
			       read_rec, NULL, e);
}

void filing_recs_release(struct filing_recs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].ref);
		free(r->v[i].reason);
		free(r->v[i].by);
		free(r->v[i].draft_name);
		free(r->v[i].draft);
		free(r->v[i].published);
		free(r->v[i].desk);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

const struct filing_rec *filing_recs_find(const struct filing_recs *r, const char *kind)
{
	for (size_t i = 0; r && i < r->n; i++)
		if (strcmp(r->v[i].kind, kind) == 0)
			return &r->v[i];
	return NULL;
}

int store_filing_put(struct store *st, int64_t id, const struct filing_rec *r, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_state, e);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, r->kind);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(s, 0), "done") == 0) {
		sqlite3_reset(s);
		return mo_err_setc(
			e, MO_ECONFLICT,
			_("filing \"%s\" was already filed: a filed draft cannot be changed"),
			r->kind);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, e);
	s = store_stmt(st, sql_put, e);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, r->kind);
	store_bind_text(s, 3,
			filing_state_key(r->state == FILING_SUBSTITUTED ? FILING_DONE : r->state));
	sqlite3_bind_int64(s, 4, r->at);
	store_bind_text(s, 5, r->ref);
	store_bind_text(s, 6, r->reason);
	store_bind_text(s, 7, r->by);
	store_bind_text(s, 8, r->draft_name);
	if (r->draft)
		sqlite3_bind_blob(s, 9, r->draft, (int)r->draft_len, SQLITE_TRANSIENT);
	store_bind_text(s, 10, r->sha256[0] ? r->sha256 : NULL);
	sqlite3_bind_int64(s, 11, r->recorded_at);
	if (store_exec_done(st, s, e))
		return -1;
	if (r->state != FILING_SUBSTITUTED)
		return 0;
	s = store_stmt(st, sql_put_substitute, e);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, r->kind);
	store_bind_text(s, 3, r->published);
	store_bind_text(s, 4, r->desk);
	return store_exec_done(st, s, e);
}
