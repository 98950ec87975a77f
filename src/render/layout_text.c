/* The layout engine's text: the pending runs, pango layouts made from them
 * (Japanese line breaking and kinsoku are pango's), and placing their lines
 * in the flow, on as many pages as they need. */
#include "render/layoutInt.h"

#include "util/html.h"

/* ---- Pending runs -------------------------------------------------------- */

bool layout_pending_empty(const struct layout *L)
{
	return L->text.len == 0;
}

void layout_discard(struct layout *L)
{
	lay_text_release(L);
}

void lay_text_release(struct layout *L)
{
	for (size_t i = 0; i < L->nruns; i++)
		free(L->runs[i].href);
	free(L->runs);
	L->runs = NULL;
	L->nruns = L->capruns = 0;
	buf_release(&L->text);
	buf_init(&L->text, 0);
}

/* Appends len bytes of text, valid UTF-8 without control characters other
 * than newline and tab (pango would draw them as boxes). */
static int add_clean(struct layout *L, const char *text, size_t len)
{
	char *valid = NULL;
	int r = 0;

	if (!g_utf8_validate(text, (gssize)len, NULL)) {
		valid = g_utf8_make_valid(text, (gssize)len);
		text = valid;
		len = strlen(valid);
	}
	for (size_t i = 0; i < len && !r; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\r')
			continue;
		r = buf_addc(&L->text, c < 0x20 && c != '\n' && c != '\t' ? ' ' : (char)c);
	}
	g_free(valid);
	return r;
}

static void add_run(struct layout *L, unsigned style, const char *text, size_t len,
		    const char *href)
{
	struct lrun *run;
	size_t start = L->text.len;

	if (L->failed || !text || !len)
		return;
	if (L->nruns == L->capruns) {
		size_t cap = L->capruns ? L->capruns * 2 : 16;
		struct lrun *v = realloc(L->runs, cap * sizeof(*v));

		if (!v) {
			lay_oom(L);
			return;
		}
		L->runs = v;
		L->capruns = cap;
	}
	if (add_clean(L, text, len)) {
		lay_oom(L);
		return;
	}
	run = &L->runs[L->nruns++];
	run->start = start;
	run->end = L->text.len;
	run->style = style;
	run->href = NULL;
	if (href && html_url_ok(href)) {
		run->href = strdup(href);
		if (!run->href)
			lay_oom(L);
	}
}

void layout_addn(struct layout *L, unsigned style, const char *text, size_t len)
{
	add_run(L, style, text, len, NULL);
}

void layout_add(struct layout *L, unsigned style, const char *text)
{
	if (text)
		add_run(L, style, text, strlen(text), NULL);
}

void layout_add_link(struct layout *L, unsigned style, const char *text, const char *href)
{
	if (text)
		add_run(L, style, text, strlen(text), href);
}

void layout_newline(struct layout *L)
{
	add_run(L, 0, "\n", 1, NULL);
}

void rich_release(struct rich *r)
{
	for (size_t i = 0; i < r->nruns; i++)
		free(r->runs[i].href);
	free(r->runs);
	free(r->text);
	memset(r, 0, sizeof(*r));
}

int lay_take(struct layout *L, struct rich *r)
{
	memset(r, 0, sizeof(*r));
	if (L->failed)
		return -1;
	if (L->text.failed) {
		lay_oom(L);
		return -1;
	}
	r->text = buf_detach(&L->text, &r->len);
	if (!r->text) {
		lay_oom(L);
		return -1;
	}
	r->runs = L->runs;
	r->nruns = L->nruns;
	L->runs = NULL;
	L->nruns = L->capruns = 0;
	return 0;
}

/* ---- Fonts of the flow --------------------------------------------------- */

/* The fonts of the flow's styles. */
static struct layout_font lay_font_para(enum layout_para_style s)
{
	switch (s) {
	case LAYOUT_P_NOTE:
		return (struct layout_font){LAYOUT_SANS, 8.5, false, LAYOUT_GREY, 1.05};
	case LAYOUT_P_LEAD:
		return (struct layout_font){LAYOUT_SANS, 16.0, true, LAYOUT_INK, 1.1};
	case LAYOUT_P_BODY:
	case LAYOUT_P_CENTER:
		break;
	}
	return (struct layout_font){LAYOUT_SERIF, 10.0, false, LAYOUT_INK, 1.12};
}

struct layout_font lay_font_table(bool head)
{
	if (head)
		return (struct layout_font){LAYOUT_SANS, 8.8, true, LAYOUT_WHITE, 1.0};
	return (struct layout_font){LAYOUT_SANS, 8.8, false, LAYOUT_INK, 1.02};
}

/* ---- Laid-out text ------------------------------------------------------- */

static void attr_add(PangoAttrList *list, PangoAttribute *a, const struct lrun *run)
{
	a->start_index = (guint)run->start;
	a->end_index = (guint)run->end;
	pango_attr_list_insert(list, a);
}

static PangoAttribute *color_attr(uint32_t rgb)
{
	return pango_attr_foreground_new((guint16)(((rgb >> 16) & 0xff) * 257),
					 (guint16)(((rgb >> 8) & 0xff) * 257),
					 (guint16)((rgb & 0xff) * 257));
}

static PangoAttrList *run_attrs(struct layout *L, const struct rich *r, const struct layout_font *f)
{
	PangoAttrList *list = pango_attr_list_new();

	for (size_t i = 0; i < r->nruns; i++) {
		const struct lrun *run = &r->runs[i];
		unsigned s = run->style;

		/* Emphasis in 明朝 text is set in ゴシック, as Japanese print
		 * does (and it saves embedding a fourth font). */
		if ((s & LAYOUT_BOLD) && f->face == LAYOUT_SERIF)
			s |= LAYOUT_FACE_SANS;
		if (s & LAYOUT_BOLD)
			attr_add(list, pango_attr_weight_new(PANGO_WEIGHT_BOLD), run);
		if (s & LAYOUT_SMALL)
			attr_add(list, pango_attr_scale_new(0.86), run);
		if (s & LAYOUT_BIG)
			attr_add(list, pango_attr_scale_new(1.3), run);
		if (s & LAYOUT_FACE_SANS)
			attr_add(list,
				 pango_attr_family_new(
					 pango_font_description_get_family(L->faces[LAYOUT_SANS])),
				 run);
		if (s & LAYOUT_ACCENT)
			attr_add(list, color_attr(LAYOUT_RED), run);
		else if (s & (LAYOUT_SMALL | LAYOUT_MUTED))
			attr_add(list, color_attr(LAYOUT_GREY), run);
		else if (run->href)
			attr_add(list, color_attr(LAYOUT_NAVY), run);
		if (s & LAYOUT_MARK) {
			attr_add(list, pango_attr_background_new(0xffff, 0xe4e4, 0x5c5c), run);
			if (s & (LAYOUT_SMALL | LAYOUT_MUTED))
				attr_add(list, color_attr(LAYOUT_INK), run);
		}
	}
	return list;
}

/* ---- The cache of laid-out texts ---------------------------------------- */

struct lcache_entry {
	struct lcache_entry *next;
	uint64_t hash;
	char *key;
	size_t keylen;
	PangoLayout *pl; /* a reference of the cache's own */
	struct lline *lines;
	size_t n;
	double natural, height;
};

/* Everything a layout depends on, as bytes: the font, the width, the
 * alignment, the text and its runs (a link's colour, not its target). */
static int cache_key(struct buf *k, const struct rich *r, double w, const struct layout_font *f,
		     enum layout_align a, bool ellipsize)
{
	if (buf_addf(k, "%d %.3f %d %06x %.3f %d %.3f %d %zu|", (int)f->face, f->size, f->bold,
		     (unsigned)f->color, f->spacing, ellipsize, w, (int)a, r->nruns) ||
	    buf_add(k, r->text ? r->text : "", r->len))
		return -1;
	for (size_t i = 0; i < r->nruns; i++)
		if (buf_addf(k, "|%zu %zu %u %d", r->runs[i].start, r->runs[i].end,
			     r->runs[i].style, r->runs[i].href != NULL))
			return -1;
	return 0;
}

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static struct lcache_entry *cache_find(struct layout *L, const struct buf *k, uint64_t h)
{
	if (!L->ncache_buckets)
		return NULL;
	for (struct lcache_entry *e = L->cache[h % L->ncache_buckets]; e; e = e->next)
		if (e->hash == h && e->keylen == k->len && memcmp(e->key, k->data, k->len) == 0)
			return e;
	return NULL;
}

/* Keeps a copy of t under key k; a failure only means no caching. */
static void cache_put(struct layout *L, const struct buf *k, uint64_t h, const struct ltext *t)
{
	struct lcache_entry *e;

	if (L->ncache >= L->ncache_buckets) {
		size_t nb = L->ncache_buckets ? L->ncache_buckets * 2 : 1024;
		struct lcache_entry **v = calloc(nb, sizeof(*v));

		if (!v)
			return;
		for (size_t i = 0; i < L->ncache_buckets; i++) {
			while (L->cache[i]) {
				e = L->cache[i];
				L->cache[i] = e->next;
				e->next = v[e->hash % nb];
				v[e->hash % nb] = e;
			}
		}
		free(L->cache);
		L->cache = v;
		L->ncache_buckets = nb;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return;
	e->key = malloc(k->len ? k->len : 1);
	e->lines = malloc((t->n ? t->n : 1) * sizeof(*e->lines));
	if (!e->key || !e->lines) {
		free(e->key);
		free(e->lines);
		free(e);
		return;
	}
	memcpy(e->key, k->data, k->len);
	memcpy(e->lines, t->lines, t->n * sizeof(*e->lines));
	e->keylen = k->len;
	e->hash = h;
	e->pl = g_object_ref(t->pl);
	e->n = t->n;
	e->natural = t->natural;
	e->height = t->height;
	e->next = L->cache[h % L->ncache_buckets];
	L->cache[h % L->ncache_buckets] = e;
	L->ncache++;
}

void lay_cache_free(struct layout *L)
{
	for (size_t i = 0; i < L->ncache_buckets; i++) {
		while (L->cache[i]) {
			struct lcache_entry *e = L->cache[i];

			L->cache[i] = e->next;
			g_object_unref(e->pl);
			free(e->lines);
			free(e->key);
			free(e);
		}
	}
	free(L->cache);
	L->cache = NULL;
	L->ncache_buckets = L->ncache = 0;
}

/* ---- Laying out ------------------------------------------------------------ */

void ltext_release(struct ltext *t)
{
	if (t->pl)
		g_object_unref(t->pl);
	free(t->lines);
	memset(t, 0, sizeof(*t));
}

int ltext_make(struct layout *L, struct ltext *t, const struct rich *r, double w,
	       const struct layout_font *f, enum layout_align a)
{
	PangoFontDescription *fd;
	PangoAttrList *attrs;
	PangoLayoutIter *it;
	size_t i = 0;

	struct buf key;
	struct lcache_entry *hit;
	uint64_t h = 0;

	memset(t, 0, sizeof(*t));
	if (L->failed)
		return -1;
	buf_init(&key, 0);
	if (cache_key(&key, r, w, f, a, L->ellipsize) == 0) {
		h = fnv1a(key.data, key.len);
		hit = cache_find(L, &key, h);
		if (hit) {
			t->lines = malloc((hit->n ? hit->n : 1) * sizeof(*t->lines));
			if (!t->lines) {
				buf_release(&key);
				lay_oom(L);
				return -1;
			}
			memcpy(t->lines, hit->lines, hit->n * sizeof(*t->lines));
			t->pl = g_object_ref(hit->pl);
			t->r = r;
			t->width = w;
			t->color = f->color;
			t->n = hit->n;
			t->natural = hit->natural;
			t->height = hit->height;
			buf_release(&key);
			return 0;
		}
	}
	t->pl = pango_layout_new(L->ctx);
	t->r = r;
	t->width = w;
	t->color = f->color;
	fd = pango_font_description_copy_static(
		L->faces[f->bold && f->face == LAYOUT_SERIF ? LAYOUT_SANS : f->face]);
	pango_font_description_set_size(fd, (gint)(f->size * PANGO_SCALE + 0.5));
	if (f->bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(t->pl, fd);
	pango_font_description_free(fd);
	if (w > 0) {
		pango_layout_set_width(t->pl, (int)(w * PANGO_SCALE));
		pango_layout_set_wrap(t->pl, PANGO_WRAP_WORD_CHAR);
		if (L->ellipsize)
			pango_layout_set_ellipsize(t->pl, PANGO_ELLIPSIZE_END);
	}
	pango_layout_set_alignment(t->pl, a == LAYOUT_CENTER  ? PANGO_ALIGN_CENTER
					  : a == LAYOUT_RIGHT ? PANGO_ALIGN_RIGHT
							      : PANGO_ALIGN_LEFT);
	/* Body text set flush on both sides, as Japanese print is. */
	if (w > 0 && a == LAYOUT_LEFT && f->face == LAYOUT_SERIF)
		pango_layout_set_justify(t->pl, TRUE);
	if (f->spacing > 0)
		pango_layout_set_line_spacing(t->pl, (float)f->spacing);
	pango_layout_set_text(t->pl, r->text ? r->text : "", (int)r->len);
	attrs = run_attrs(L, r, f);
	pango_layout_set_attributes(t->pl, attrs);
	pango_attr_list_unref(attrs);

	t->n = (size_t)pango_layout_get_line_count(t->pl);
	t->lines = calloc(t->n ? t->n : 1, sizeof(*t->lines));
	if (!t->lines) {
		ltext_release(t);
		buf_release(&key);
		lay_oom(L);
		return -1;
	}
	it = pango_layout_get_iter(t->pl);
	do {
		PangoRectangle log;
		int y0, y1;

		if (i >= t->n)
			break;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		pango_layout_iter_get_line_extents(it, NULL, &log);
		t->lines[i].line = pango_layout_iter_get_line_readonly(it);
		t->lines[i].top = (double)y0 / PANGO_SCALE;
		t->lines[i].bottom = (double)y1 / PANGO_SCALE;
		t->lines[i].baseline = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		t->lines[i].x = (double)log.x / PANGO_SCALE;
		if ((double)log.width / PANGO_SCALE > t->natural)
			t->natural = (double)log.width / PANGO_SCALE;
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	t->n = i;
	t->height = t->n ? t->lines[t->n - 1].bottom - t->lines[0].top : 0;
	if (key.len && !key.failed)
		cache_put(L, &key, h, t);
	buf_release(&key);
	return 0;
}

/* The links of t's runs that fall on line i, drawn at (x, top of t). */
static void line_links(struct layout *L, const struct ltext *t, size_t i, double x, double y)
{
	PangoLayoutLine *line = t->lines[i].line;
	size_t ls = (size_t)line->start_index, le = ls + (size_t)line->length;

	for (size_t k = 0; t->r && k < t->r->nruns; k++) {
		const struct lrun *run = &t->r->runs[k];
		size_t s = run->start > ls ? run->start : ls;
		size_t e = run->end < le ? run->end : le;
		int *ranges = NULL, n = 0;

		if (!run->href || s >= e)
			continue;
		pango_layout_line_get_x_ranges(line, (int)s, (int)e, &ranges, &n);
		for (int j = 0; j < n; j++) {
			double x0 = (double)ranges[2 * j] / PANGO_SCALE;
			double x1 = (double)ranges[2 * j + 1] / PANGO_SCALE;

			lay_link(L, x + x0, y + t->lines[i].top, x1 - x0,
				 t->lines[i].bottom - t->lines[i].top, run->href);
		}
		g_free(ranges);
	}
}

void ltext_draw(struct layout *L, const struct ltext *t, size_t from, size_t to, double x, double y)
{
	double y0;

	if (L->failed || L->pass != 2 || L->dry || from >= to || to > t->n)
		return;
	lay_ensure_page(L);
	y0 = t->lines[from].top;
	for (size_t i = from; i < to; i++) {
		lay_set_rgb(L, t->color);
		cairo_move_to(L->cr, x + t->lines[i].x, y + t->lines[i].baseline - y0);
		pango_cairo_show_layout_line(L->cr, t->lines[i].line);
		line_links(L, t, i, x, y - y0);
	}
}

/* Places t in the flow at x, line by line, breaking pages; keeps at least
 * two lines together at a page's foot. */
static void ltext_flow(struct layout *L, const struct ltext *t, double x)
{
	size_t i = 0;
	double first;

	if (L->failed || !t->n)
		return;
	/* No single line at the foot of a page (an orphan). */
	first = t->lines[t->n >= 2 ? 1 : 0].bottom - t->lines[0].top;
	lay_place(L, first);
	while (i < t->n && !L->failed) {
		double y0 = t->lines[i].top;
		size_t j = i;

		while (j < t->n && L->y + (t->lines[j].bottom - y0) <= L->bottom + 0.01)
			j++;
		if (j == i)
			j = i + 1; /* a line taller than the page: let it overflow */
		/* No single line at the head of the next page (a widow). */
		if (j < t->n && j + 1 == t->n && j - i >= 3)
			j--;
		ltext_draw(L, t, i, j, x, L->y);
		L->y += t->lines[j - 1].bottom - y0;
		i = j;
		if (i < t->n)
			lay_new_page(L);
	}
}

/* ---- Blocks of text ------------------------------------------------------ */

void layout_para(struct layout *L, enum layout_para_style style)
{
	struct layout_font f = lay_font_para(style);
	struct rich r;
	struct ltext t;
	double x = layout_left(L), w = layout_right(L) - x;

	if (lay_take(L, &r))
		return;
	if (r.len &&
	    !ltext_make(L, &t, &r, w, &f, style == LAYOUT_P_CENTER ? LAYOUT_CENTER : LAYOUT_LEFT)) {
		ltext_flow(L, &t, x);
		ltext_release(&t);
		L->gap = style == LAYOUT_P_NOTE ? 5.0 : style == LAYOUT_P_LEAD ? 10.0 : 7.0;
	}
	rich_release(&r);
}

#define LIST_INDENT 15.0

void layout_item(struct layout *L, int depth, const char *marker)
{
	struct layout_font f = lay_font_para(LAYOUT_P_BODY);
	struct layout_font mf = f;
	struct rich r, mr = {(char *)(marker ? marker : ""), marker ? strlen(marker) : 0, NULL, 0};
	struct ltext t = {0}, m = {0};
	double x, mw, w;

	if (lay_take(L, &r))
		return;
	if (depth > 0)
		f.size = mf.size = 9.5;
	mf.face = LAYOUT_SANS;
	mf.color = LAYOUT_NAVY;
	if (ltext_make(L, &m, &mr, 0, &mf, LAYOUT_LEFT))
		goto out;
	x = layout_left(L) + 4.0 + depth * LIST_INDENT;
	mw = m.natural + 5.0 > LIST_INDENT ? m.natural + 5.0 : LIST_INDENT;
	w = layout_right(L) - x - mw;
	if (ltext_make(L, &t, &r, w, &f, LAYOUT_LEFT) || !t.n)
		goto out;
	layout_space(L, depth > 0 ? 2.0 : 3.5);
	/* Where the first lines go: the marker is drawn beside them. */
	lay_place(L, t.lines[t.n >= 2 ? 1 : 0].bottom - t.lines[0].top);
	if (L->pass == 2 && m.n) {
		double dy = (t.lines[0].baseline - t.lines[0].top) -
			    (m.lines[0].baseline - m.lines[0].top);

		ltext_draw(L, &m, 0, m.n, x, L->y + dy);
	}
	ltext_flow(L, &t, x + mw);
	L->gap = 0;
out:
	ltext_release(&m);
	ltext_release(&t);
	rich_release(&r);
}

void layout_list_end(struct layout *L)
{
	layout_space(L, 8.0);
}

/* ---- Text by coordinates ------------------------------------------------- */

double layout_text_at(struct layout *L, double x, double y, double w, const struct layout_font *f,
		      enum layout_align a)
{
	struct rich r;
	struct ltext t;
	double h = 0;

	if (lay_take(L, &r))
		return 0;
	if (!ltext_make(L, &t, &r, w, f, a)) {
		h = t.height;
		if (L->pass == 2 && !L->dry) {
			lay_ensure_page(L);
			ltext_draw(L, &t, 0, t.n, x, y);
		}
		ltext_release(&t);
	}
	rich_release(&r);
	return h;
}

double layout_text_line(struct layout *L, double x, double y, double w, const struct layout_font *f,
			enum layout_align a)
{
	double h;

	L->ellipsize = w > 0;
	h = layout_text_at(L, x, y, w, f, a);
	L->ellipsize = false;
	return h;
}

double layout_text_height(struct layout *L, double w, const struct layout_font *f)
{
	struct rich r = {L->text.data, L->text.len, L->runs, L->nruns};
	struct ltext t;
	double h = 0;

	if (L->failed || L->text.failed)
		return 0;
	if (!ltext_make(L, &t, &r, w, f, LAYOUT_LEFT)) {
		h = t.height;
		ltext_release(&t);
	}
	return h;
}
