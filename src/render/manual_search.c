/* The manual's text, section by section (an anchored heading and what
 * follows it up to the next one), matched against folded words. */
#include "render/manual.h"
#include "render/manual_search.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fold.h"
#include "util/utf8.h"

#define WORDS_MAX 16
#define SNIPPET_BYTES 360

struct section {
	const struct doc_block *h; /* the anchored heading */
	struct buf text;	   /* its text, a line per doc line */
};

static void add_text(struct buf *b, const struct doc_text *t)
{
	for (const struct doc_line *l = t->first; l; l = l->next) {
		for (const struct doc_span *s = l->first; s; s = s->next)
			if (s->text)
				(void)!buf_adds(b, s->text);
		(void)!buf_addc(b, '\n');
	}
}

static void add_list(struct buf *b, const struct doc_block *list)
{
	for (const struct doc_item *it = list ? list->items : NULL; it; it = it->next) {
		add_text(b, &it->text);
		if (it->sub)
			add_list(b, it->sub);
	}
}

static void add_row(struct buf *b, const struct doc_row *r)
{
	for (const struct doc_cell *c = r ? r->first : NULL; c; c = c->next) {
		struct buf cell;

		buf_init(&cell, 1 << 20);
		add_text(&cell, &c->text);
		for (size_t i = 0; i < cell.len; i++)
			if (cell.data[i] == '\n')
				cell.data[i] = ' ';
		(void)!buf_add(b, cell.data ? cell.data : "", cell.len);
		(void)!buf_adds(b, " ");
		buf_release(&cell);
	}
	(void)!buf_addc(b, '\n');
}

static void add_block(struct buf *b, const struct doc_block *k)
{
	switch (k->kind) {
	case DOC_HEADING:
	case DOC_PARA:
	case DOC_NOTE:
		add_text(b, &k->text);
		break;
	case DOC_LIST:
		add_list(b, k);
		break;
	case DOC_TABLE:
		add_row(b, k->head);
		for (const struct doc_row *r = k->rows; r; r = r->next)
			add_row(b, r);
		break;
	default:
		break;
	}
}

/* Splits folded query into words (pointers into it, NUL-terminated). */
static size_t split_words(char *q, char *w[WORDS_MAX])
{
	size_t n = 0;
	char *p = q;

	while (*p && n < WORDS_MAX) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		w[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

/* s cut to at most max bytes at a character boundary, with "…" when cut. */
static char *cut(const char *s, size_t len, size_t max)
{
	size_t n = 0;
	char *out;

	while (n < len) {
		size_t k = utf8_seq_len((const unsigned char *)s + n);

		if (!k || n + k > max)
			break;
		n += k;
	}
	out = malloc(n + 4);
	if (!out)
		return NULL;
	memcpy(out, s, n);
	if (n < len)
		memcpy(out + n, "…", 4);
	else
		out[n] = '\0';
	return out;
}

/* The first line of text holding one of the words (folded), or NULL. */
static char *snippet(const char *text, char *const *w, size_t nw)
{
	const char *line = text;

	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char *f = text_fold(line, len, NULL);
		bool hit = false;

		for (size_t i = 0; f && i < nw && !hit; i++)
			hit = strstr(f, w[i]) != NULL;
		free(f);
		if (hit)
			return cut(line, len, SNIPPET_BYTES);
		if (!end)
			break;
		line = end + 1;
	}
	return NULL;
}

static int check_section(struct section *s, char *const *w, size_t nw, struct manual_hit **out,
			 size_t *n, size_t max, struct mo_err *e)
{
	const char *text = s->text.data ? s->text.data : "";
	char *f;
	bool all = true;
	struct manual_hit *v, *h;

	if (!s->h || *n >= max)
		return 0;
	f = text_fold(text, s->text.len, NULL);
	if (!f)
		return mo_err_oom(e, NULL);
	for (size_t i = 0; i < nw && all; i++)
		all = strstr(f, w[i]) != NULL;
	free(f);
	if (!all)
		return 0;
	v = realloc(*out, (*n + 1) * sizeof(**out));
	if (!v)
		return mo_err_oom(e, NULL);
	*out = v;
	h = &v[*n];
	memset(h, 0, sizeof(*h));
	(*n)++;
	h->anchor = strdup(s->h->anchor);
	{
		struct buf t;

		buf_init(&t, 4096);
		if (s->h->number)
			(void)!buf_addf(&t, "%s ", s->h->number);
		add_text(&t, &s->h->text);
		while (t.len && t.data[t.len - 1] == '\n')
			t.data[--t.len] = '\0';
		h->title = strdup(t.data ? t.data : "");
		buf_release(&t);
	}
	h->snippet = snippet(text, w, nw);
	if (!h->anchor || !h->title)
		return mo_err_oom(e, NULL);
	return 0;
}

int manual_search(const struct policy *p, const char *query, size_t max, struct manual_hit **out,
		  size_t *n, struct mo_err *e)
{
	struct render_opts ro = {NULL};
	struct section s = {NULL, {0}};
	char *q = text_fold(query, strlen(query), NULL), *w[WORDS_MAX];
	struct doc *d = NULL;
	size_t nw;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (!q)
		return mo_err_oom(e, NULL);
	nw = split_words(q, w);
	if (!nw) {
		free(q);
		return 0;
	}
	d = manual_build(p, &ro, MANUAL_FULL, e);
	if (!d)
		goto done;
	buf_init(&s.text, 1 << 22);
	for (const struct doc_block *k = d->first; k; k = k->next) {
		if (k->kind == DOC_HEADING && k->anchor && k->level >= 2) {
			if (check_section(&s, w, nw, out, n, max, e))
				goto done;
			buf_release(&s.text);
			buf_init(&s.text, 1 << 22);
			s.h = k;
		}
		if (s.h)
			add_block(&s.text, k);
	}
	if (check_section(&s, w, nw, out, n, max, e))
		goto done;
	rc = 0;
done:
	buf_release(&s.text);
	if (d)
		doc_free(d);
	free(q);
	if (rc) {
		manual_hits_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void manual_hits_free(struct manual_hit *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].anchor);
		free(v[i].title);
		free(v[i].snippet);
	}
	free(v);
}
