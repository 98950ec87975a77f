/* The bcp_log table (store/bcp.h): the board's states, the damage survey
 * and staff availability of an incident, appended and never changed. Each
 * write is also an incident event (engine/bcp.c), which the audit chain
 * holds. */
#include "store/bcp.h"
#include "store/storeInt.h"

static const char *const state_keys[BCP_STATE_COUNT] = {"unknown", "stopped", "degraded",
							"restored"};
static const char *const kind_keys[BCP_KIND_COUNT] = {"state", "survey", "staff"};

const char *bcp_state_key(enum bcp_state s)
{
	return (unsigned)s < BCP_STATE_COUNT ? state_keys[s] : NULL;
}

int bcp_state_parse(const char *key, enum bcp_state *out)
{
	for (int i = 0; key && i < BCP_STATE_COUNT; i++)
		if (strcmp(state_keys[i], key) == 0) {
			*out = (enum bcp_state)i;
			return 0;
		}
	return -1;
}

const char *bcp_kind_key(enum bcp_kind k)
{
	return (unsigned)k < BCP_KIND_COUNT ? kind_keys[k] : NULL;
}

static const char sql_get[] = "SELECT kind, item, value, note, who, from_at, at FROM bcp_log "
			      "WHERE incident_id = ?1 ORDER BY id";
static const char sql_add[] = "INSERT INTO bcp_log (incident_id, kind, item, value, note, who, "
			      "from_at, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

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
	struct bcp_rec *r = row;
	const char *k = (const char *)sqlite3_column_text(s, 0);

	(void)ctx;
	r->kind = BCP_STATE;
	for (int i = 0; k && i < BCP_KIND_COUNT; i++)
		if (strcmp(kind_keys[i], k) == 0)
			r->kind = (enum bcp_kind)i;
	r->item = dup_col(s, 1, oom);
	r->value = dup_col(s, 2, oom);
	r->note = dup_col(s, 3, oom);
	r->who = dup_col(s, 4, oom);
	r->from = store_col_time(s, 5);
	r->at = store_col_time(s, 6);
}

int store_bcp_get(struct store *st, int64_t id, struct bcp_recs *out, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_get, e);

	memset(out, 0, sizeof(*out));
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_read_rows(st, s, (void **)&out->v, &out->n, &out->cap, sizeof(*out->v),
			       read_rec, NULL, e);
}

void bcp_recs_release(struct bcp_recs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].item);
		free(r->v[i].value);
		free(r->v[i].note);
		free(r->v[i].who);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

int store_bcp_add(struct store *st, int64_t id, const struct bcp_rec *r, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_add, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, bcp_kind_key(r->kind));
	store_bind_text(s, 3, r->item);
	store_bind_text(s, 4, r->value);
	store_bind_text(s, 5, r->note && *r->note ? r->note : NULL);
	store_bind_text(s, 6, r->who);
	store_bind_time(s, 7, r->from);
	store_bind_time(s, 8, r->at);
	return store_exec_done(st, s, e);
}
