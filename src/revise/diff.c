/* A line diff of two revisions: the common head and tail set aside, the
 * longest common subsequence of the lines between, and hunks with a few
 * lines of context, as `diff -u` shows them. */
#include "revise/revise.h"

struct lines {
	const char **s;
	size_t *len;
	size_t n;
};

static int split(const char *t, size_t tlen, struct lines *l)
{
	size_t cap = 0;
	const char *p = t, *end = t + tlen;

	l->s = NULL;
	l->len = NULL;
	l->n = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (l->n == cap) {
			const char **ns;
			size_t *nlen;

			if (cap >= REVISE_DIFF_MAX)
				return -1;
			cap = cap ? cap * 2 : 256;
			ns = realloc(l->s, cap * sizeof(*ns));
			if (!ns)
				return -1;
			l->s = ns;
			nlen = realloc(l->len, cap * sizeof(*nlen));
			if (!nlen)
				return -1;
			l->len = nlen;
		}
		l->s[l->n] = p;
		l->len[l->n] = ll;
		l->n++;
		p += ll + (nl ? 1 : 0);
	}
	return 0;
}

static bool same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] && memcmp(a->s[i], b->s[j], a->len[i]) == 0;
}

struct edit {
	enum revise_diff_kind kind;
	size_t ai, bj; /* indexes (for SAME: both; DEL: ai; ADD: bj) */
};

/* The edit script of a[lo..ahi) against b[lo..bhi) by LCS; the middle too
 * big for the table (more than 4M cells) is all deleted, then all added. */
static int middle(const struct lines *a, const struct lines *b, size_t lo, size_t ahi, size_t bhi,
		  struct edit *ed, size_t *ne)
{
	size_t na = ahi - lo, nb = bhi - lo, i, j;
	uint32_t *t;

	if (na && nb && na * nb <= ((size_t)4 << 20)) {
		t = calloc((na + 1) * (nb + 1), sizeof(*t));
		if (!t)
			return -1;
#define T(x, y) t[(x) * (nb + 1) + (y)]
		for (i = na; i-- > 0;)
			for (j = nb; j-- > 0;)
				T(i, j) = same(a, lo + i, b, lo + j)
						  ? T(i + 1, j + 1) + 1
						  : (T(i + 1, j) >= T(i, j + 1) ? T(i + 1, j)
										: T(i, j + 1));
		i = 0;
		j = 0;
		while (i < na || j < nb) {
			if (i < na && j < nb && same(a, lo + i, b, lo + j)) {
				ed[(*ne)++] = (struct edit){DIFF_SAME, lo + i, lo + j};
				i++;
				j++;
			} else if (j < nb && (i == na || T(i, j + 1) >= T(i + 1, j))) {
				ed[(*ne)++] = (struct edit){DIFF_ADD, 0, lo + j};
				j++;
			} else {
				ed[(*ne)++] = (struct edit){DIFF_DEL, lo + i, 0};
				i++;
			}
		}
#undef T
		free(t);
		return 0;
	}
	for (i = 0; i < na; i++)
		ed[(*ne)++] = (struct edit){DIFF_DEL, lo + i, 0};
	for (j = 0; j < nb; j++)
		ed[(*ne)++] = (struct edit){DIFF_ADD, 0, lo + j};
	return 0;
}

int revise_diff(const char *a, size_t alen, const char *b, size_t blen, int context,
		struct revise_diff_line **out, size_t *n)
{
	struct lines la = {0}, lb = {0};
	struct edit *ed = NULL;
	struct revise_diff_line *v = NULL;
	size_t ne = 0, nv = 0, pre = 0, suf = 0, i;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (split(a, alen, &la) || split(b, blen, &lb))
		goto done;
	while (pre < la.n && pre < lb.n && same(&la, pre, &lb, pre))
		pre++;
	while (suf < la.n - pre && suf < lb.n - pre &&
	       same(&la, la.n - 1 - suf, &lb, lb.n - 1 - suf))
		suf++;
	ed = malloc((la.n + lb.n + 1) * sizeof(*ed));
	if (!ed)
		goto done;
	for (i = 0; i < pre; i++)
		ed[ne++] = (struct edit){DIFF_SAME, i, i};
	if (middle(&la, &lb, pre, la.n - suf, lb.n - suf, ed, &ne))
		goto done;
	for (i = 0; i < suf; i++)
		ed[ne++] = (struct edit){DIFF_SAME, la.n - suf + i, lb.n - suf + i};
	/* Every line at most once, plus one header per hunk. */
	v = malloc((2 * ne + 1) * sizeof(*v));
	if (!v)
		goto done;
	for (i = 0; i < ne;) {
		size_t start, end, k, last;

		if (ed[i].kind == DIFF_SAME) {
			i++;
			continue;
		}
		/* A hunk: from context lines before this change to context
		 * lines after the last change within 2*context of each other. */
		start = i > (size_t)context ? i - (size_t)context : 0;
		last = i;
		for (k = i; k < ne; k++) {
			if (ed[k].kind != DIFF_SAME)
				last = k;
			else if (k - last > 2 * (size_t)context)
				break;
		}
		end = last + (size_t)context + 1 < ne ? last + (size_t)context + 1 : ne;
		{
			size_t first_a = 0, first_b = 0;

			for (k = start; k < end; k++) {
				if (!first_a && ed[k].kind != DIFF_ADD)
					first_a = ed[k].ai + 1;
				if (!first_b && ed[k].kind != DIFF_DEL)
					first_b = ed[k].bj + 1;
			}
			v[nv++] = (struct revise_diff_line){DIFF_HUNK, (int)first_a, (int)first_b,
							    NULL, 0};
		}
		for (k = start; k < end; k++) {
			const struct edit *x = &ed[k];

			if (x->kind == DIFF_ADD)
				v[nv++] = (struct revise_diff_line){DIFF_ADD, 0, (int)x->bj + 1,
								    lb.s[x->bj], lb.len[x->bj]};
			else
				v[nv++] = (struct revise_diff_line){x->kind, (int)x->ai + 1,
								    x->kind == DIFF_SAME
									    ? (int)x->bj + 1
									    : 0,
								    la.s[x->ai], la.len[x->ai]};
		}
		i = end;
	}
	*out = v;
	*n = nv;
	v = NULL;
	rc = 0;
done:
	free(v);
	free(ed);
	free(la.s);
	free(la.len);
	free(lb.s);
	free(lb.len);
	return rc;
}
