/* Full-text search: one FTS5 row per incident (trigram tokenizer, so any
 * substring of three or more characters matches: ランサム finds
 * ランサムウェア) over the title, a body of the description and the record
 * items, and the notes. Words shorter than three characters (common in
 * Japanese: 感染, 紛失) cannot use the trigram index; they filter the rows
 * with mo_has_all(), a scan that stops at the limit. The index holds the
 * text folded by mo_fold() (NFKC and case, util/fold.h) and every query
 * is folded the same way, so ノートＰＣ finds ノートPC. */
#include "store/storeInt.h"
#include "util/buf.h"
#include "util/fold.h"

#define BODY                                                                                       \
	"coalesce(description, '') || char(10) || coalesce(business, '') || char(10) || "          \
	"coalesce(client, '') || char(10) || coalesce(responsible, '') || char(10) || "            \
	"coalesce(cause, '') || char(10) || coalesce(affected_systems, '') || char(10) || "        \
	"coalesce(system_config, '') || char(10) || coalesce(measures, '') || char(10) || "        \
	"coalesce(lessons, '') || char(10) || coalesce(data_kinds, '') || char(10) || "            \
	"coalesce(malware_name, '') || char(10) || coalesce(hosts, '') || char(10) || "            \
	"coalesce(entry_point, '') || char(10) || coalesce(accounts, '') || char(10) || "          \
	"coalesce(systems, '') || char(10) || coalesce(workaround, '')"

static const char sql_insert[] =
	"INSERT INTO search (rowid, title, body, notes) "
	"SELECT id, mo_fold(title), mo_fold(" BODY "), '' FROM incidents WHERE id = ?1";
static const char sql_update[] =
	"UPDATE search SET (title, body) = (SELECT mo_fold(title), mo_fold(" BODY ") FROM "
	"incidents WHERE id = ?1) WHERE rowid = ?1 AND (title IS NOT (SELECT mo_fold(title) "
	"FROM incidents WHERE id = ?1) OR body IS NOT (SELECT mo_fold(" BODY ") FROM incidents "
	"WHERE id = ?1))";
static const char sql_note[] = "UPDATE search SET notes = CASE WHEN notes = '' THEN mo_fold(?2) "
			       "ELSE notes || char(10) || mo_fold(?2) END WHERE rowid = ?1";
static const char sql_match[] = "SELECT rowid FROM search WHERE search MATCH ?1 " STORE_NOT_DRILL(
	"search.rowid") "ORDER BY rowid DESC LIMIT ?2";
static const char sql_match_filter[] =
	"SELECT rowid FROM search WHERE search MATCH ?1 AND "
	"mo_has_all(title || char(10) || body || char(10) || notes, ?2) " STORE_NOT_DRILL(
		"search.rowid") "ORDER BY rowid DESC LIMIT ?3";
static const char sql_scan[] =
	"SELECT rowid FROM search WHERE "
	"mo_has_all(title || char(10) || body || char(10) || notes, ?1) " STORE_NOT_DRILL(
		"search.rowid") "ORDER BY rowid DESC LIMIT ?2";
static const char sql_similar_text[] =
	"SELECT search.rowid, i.category = ?3 FROM search JOIN incidents i ON i.id = search.rowid "
	"WHERE search MATCH ?1 AND i.status = 'closed' AND i.id <> ?2 " STORE_NOT_DRILL(
		"i.id") "ORDER BY i.category = ?3 DESC, bm25(search) LIMIT ?4";
static const char sql_similar_category[] =
	"SELECT id FROM incidents WHERE status = 'closed' AND category = ?1 AND id <> ?2 " STORE_NOT_DRILL(
		"incidents.id") "ORDER BY id DESC LIMIT ?3";

#define TERM_SEP '\x1f'
#define MAX_QUERY 4096

int store_search_sync(struct store *st, int64_t id, bool insert, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, insert ? sql_insert : sql_update, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_exec_done(st, s, e);
}

int store_search_note(struct store *st, int64_t id, const char *text, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_note, e);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, text);
	return store_exec_done(st, s, e);
}

/* mo_has_all(text, terms): 1 when every TERM_SEP-separated term occurs in
 * text, ignoring ASCII case (as the trigram tokenizer does). */
static void has_all(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	const char *terms = (const char *)sqlite3_value_text(argv[1]);
	char term[MAX_QUERY];

	(void)argc;
	if (!text || !terms) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	while (*terms) {
		const char *end = strchr(terms, TERM_SEP);
		size_t len = end ? (size_t)(end - terms) : strlen(terms);

		if (len >= sizeof(term))
			len = sizeof(term) - 1;
		memcpy(term, terms, len);
		term[len] = '\0';
		if (len && !strcasestr(text, term)) {
			sqlite3_result_int(ctx, 0);
			return;
		}
		terms += len;
		if (*terms == TERM_SEP)
			terms++;
	}
	sqlite3_result_int(ctx, 1);
}

/* mo_fold(text): text folded by util/fold.h (NFKC, case); NULL stays NULL. */
static void fold_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	size_t n = 0;
	char *f;

	(void)argc;
	if (!text) {
		sqlite3_result_null(ctx);
		return;
	}
	f = text_fold(text, (size_t)sqlite3_value_bytes(argv[0]), &n);
	if (!f) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, f, (int)n, free);
}

int store_search_functions(struct store *st, struct mo_err *e)
{
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

	if (sqlite3_create_function(st->db, "mo_has_all", 2, flags, NULL, has_all, NULL, NULL) !=
		    SQLITE_OK ||
	    sqlite3_create_function(st->db, "mo_fold", 1, flags, NULL, fold_fn, NULL, NULL) !=
		    SQLITE_OK)
		return store_fail(st, e);
	return 0;
}

static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* The length of the separator at s (ASCII white space or U+3000), 0 when
 * s does not start with one. */
static size_t space_at(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		return 1;
	if ((unsigned char)s[0] == 0xe3 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

int store_search_split(const char *q, struct buf *match, struct buf *shorts)
{
	int rc = 0;

	while (*q) {
		size_t sp = space_at(q), len = 0;

		if (sp) {
			q += sp;
			continue;
		}
		while (q[len] && !space_at(q + len))
			len++;
		if (utf8_chars(q, len) >= 3) {
			rc |= buf_adds(match, match->len ? " \"" : "\"");
			for (size_t i = 0; i < len; i++)
				rc |= q[i] == '"' ? buf_adds(match, "\"\"") : buf_addc(match, q[i]);
			rc |= buf_addc(match, '"');
		} else {
			if (shorts->len)
				rc |= buf_addc(shorts, TERM_SEP);
			rc |= buf_add(shorts, q, len);
		}
		q += len;
	}
	return rc ? -1 : 0;
}

static int collect(struct store *st, sqlite3_stmt *s, int64_t **ids, size_t *n, size_t *cap,
		   struct mo_err *e)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		bool seen = false;
		int64_t *slot;

		for (size_t i = 0; i < *n && !seen; i++)
			seen = (*ids)[i] == id;
		if (seen)
			continue;
		slot = store_list_grow((void **)ids, n, cap, sizeof(int64_t));
		if (!slot) {
			sqlite3_reset(s);
			return mo_err_oom(e, st->path);
		}
		*slot = id;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, e);
	return 0;
}

int store_search(struct store *st, const char *query, size_t limit, int64_t **ids, size_t *n,
		 struct mo_err *e)
{
	struct buf match, shorts;
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc = -1;
	char *folded = text_fold(query, strlen(query), NULL);

	*ids = NULL;
	*n = 0;
	buf_init(&match, MAX_QUERY);
	buf_init(&shorts, MAX_QUERY);
	if (!folded) {
		mo_err_oom(e, NULL);
		goto done;
	}
	if (store_search_split(folded, &match, &shorts)) {
		mo_err_set(e, NULL, 0, 0, _("the search is too long"));
		goto done;
	}
	if (!match.len && !shorts.len) {
		mo_err_set(e, NULL, 0, 0, _("nothing to search for"));
		goto done;
	}
	if (!shorts.len) {
		s = store_stmt(st, sql_match, e);
		if (!s)
			goto done;
		store_bind_text(s, 1, buf_str(&match));
		sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
	} else if (match.len) {
		s = store_stmt(st, sql_match_filter, e);
		if (!s)
			goto done;
		store_bind_text(s, 1, buf_str(&match));
		store_bind_text(s, 2, buf_str(&shorts));
		sqlite3_bind_int64(s, 3, (sqlite3_int64)limit);
	} else {
		s = store_stmt(st, sql_scan, e);
		if (!s)
			goto done;
		store_bind_text(s, 1, buf_str(&shorts));
		sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
	}
	rc = collect(st, s, ids, n, &cap, e);
done:
	if (rc) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	free(folded);
	buf_release(&match);
	buf_release(&shorts);
	return rc;
}

/* An OR query of text's distinct trigrams (at most max), skipping those
 * with white space or quotes. */
static int trigram_query(const char *text, size_t max, struct buf *q)
{
	size_t starts[4], count = 0, used = 0;
	const char *p = text;
	int rc = 0;

	/* Walk character starts, keeping the last three. */
	while (*p && used < max) {
		size_t clen = 1;

		while (p[clen] && ((unsigned char)p[clen] & 0xc0) == 0x80)
			clen++;
		if (space_at(p) || *p == '"' || (unsigned char)*p < 0x20) {
			count = 0;
			p += clen;
			continue;
		}
		starts[count < 3 ? count : 3] = (size_t)(p - text);
		if (count >= 3) {
			starts[0] = starts[1];
			starts[1] = starts[2];
			starts[2] = starts[3];
		} else {
			count++;
		}
		p += clen;
		if (count == 3) {
			size_t from = starts[0], len = (size_t)(p - text) - from;
			char gram[64];

			if (len < sizeof(gram) - 3) {
				gram[0] = '"';
				memcpy(gram + 1, text + from, len);
				gram[len + 1] = '"';
				gram[len + 2] = '\0';
				if (!strstr(buf_str(q), gram)) {
					if (q->len)
						rc |= buf_adds(q, " OR ");
					rc |= buf_adds(q, gram);
					used++;
				}
			}
		}
	}
	return rc ? -1 : 0;
}

int store_similar(struct store *st, int64_t id, const char *category, const char *text,
		  size_t limit, int64_t **ids, size_t *n, struct mo_err *e)
{
	int64_t *same = NULL, *other = NULL, *recent = NULL;
	size_t n_same = 0, n_other = 0, n_recent = 0, cap_s = 0, cap_o = 0, cap_r = 0, cap = 0;
	struct buf q;
	sqlite3_stmt *s;
	int rc = -1;
	char *folded = text_fold(text ? text : "", text ? strlen(text) : 0, NULL);

	*ids = NULL;
	*n = 0;
	buf_init(&q, MAX_QUERY);
	if (!folded || trigram_query(folded, 48, &q)) {
		mo_err_oom(e, NULL);
		goto done;
	}
	if (q.len) {
		s = store_stmt(st, sql_similar_text, e);
		if (!s)
			goto done;
		store_bind_text(s, 1, buf_str(&q));
		sqlite3_bind_int64(s, 2, id);
		store_bind_text(s, 3, category);
		sqlite3_bind_int64(s, 4, (sqlite3_int64)limit);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			bool same_cat = sqlite3_column_int(s, 1) != 0;
			int64_t *slot = same_cat ? store_list_grow((void **)&same, &n_same, &cap_s,
								   sizeof(int64_t))
						 : store_list_grow((void **)&other, &n_other,
								   &cap_o, sizeof(int64_t));

			if (!slot) {
				sqlite3_reset(s);
				mo_err_oom(e, st->path);
				rc = -1;
				goto done;
			}
			*slot = sqlite3_column_int64(s, 0);
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE) {
			rc = store_fail(st, e);
			goto done;
		}
	}
	s = store_stmt(st, sql_similar_category, e);
	rc = -1;
	if (!s)
		goto done;
	store_bind_text(s, 1, category);
	sqlite3_bind_int64(s, 2, id);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)limit);
	if (collect(st, s, &recent, &n_recent, &cap_r, e))
		goto done;
	/* Same category with shared text, same category, other categories. */
	{
		int64_t *parts[3] = {same, recent, other};
		size_t counts[3] = {n_same, n_recent, n_other};

		for (int k = 0; k < 3; k++) {
			for (size_t i = 0; i < counts[k] && *n < limit; i++) {
				bool seen = false;
				int64_t *slot;

				for (size_t j = 0; j < *n && !seen; j++)
					seen = (*ids)[j] == parts[k][i];
				if (seen)
					continue;
				slot = store_list_grow((void **)ids, n, &cap, sizeof(int64_t));
				if (!slot) {
					mo_err_oom(e, st->path);
					goto done;
				}
				*slot = parts[k][i];
			}
		}
	}
	rc = 0;
done:
	if (rc) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	free(same);
	free(other);
	free(recent);
	free(folded);
	buf_release(&q);
	return rc;
}
