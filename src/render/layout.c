/* The layout engine's frame: the PDF surface and its metadata, the fonts
 * and their check, the passes, pages and their furniture, boxes, links and
 * drawing by coordinates. Text runs and their flow are in layout_text.c,
 * headings, the outline and the contents in layout_heading.c, tables in
 * layout_table.c, QR codes in layout_qr.c. */
#include "render/layoutInt.h"

#include "util/clock.h"
#include "util/timeutil.h"

#include <cairo-pdf.h>
#include <malloc.h>
#include <math.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static void layout_keep(struct layout *L, double pt);

#define DEFAULT_SANS "Noto Sans CJK JP"
#define DEFAULT_SERIF "Noto Serif CJK JP"
#define DEFAULT_MARGIN LAYOUT_MM(20.0)

/* ---- Errors ------------------------------------------------------------- */

void layout_fail(struct layout *L, const char *fmt, ...)
{
	va_list ap;

	if (L->failed)
		return;
	L->failed = true;
	va_start(ap, fmt);
	mo_err_clear(L->e);
	L->e->code = 1;
	vsnprintf(L->e->msg, sizeof(L->e->msg), fmt, ap);
	va_end(ap);
}

void lay_oom(struct layout *L)
{
	layout_fail(L, "%s", _("out of memory"));
}

bool layout_failed(const struct layout *L)
{
	return L->failed;
}

void lay_set_rgb(struct layout *L, uint32_t rgb)
{
	cairo_set_source_rgb(L->cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
			     (rgb & 0xff) / 255.0);
}

/* ---- Geometry ----------------------------------------------------------- */

double layout_page_width(const struct layout *L)
{
	return L->pw;
}

double layout_page_height(const struct layout *L)
{
	return L->ph;
}

double layout_left(const struct layout *L)
{
	return L->left + L->indent;
}

double layout_right(const struct layout *L)
{
	return L->right - L->rindent;
}

double layout_y(const struct layout *L)
{
	return L->y;
}

double lay_body_height(const struct layout *L)
{
	return L->bottom - L->top;
}

/* ---- Boxes -------------------------------------------------------------- */

static void seg_add(struct layout *L, int page, double y0, double y1)
{
	if (L->nsegs == L->capsegs) {
		size_t cap = L->capsegs ? L->capsegs * 2 : 16;
		struct lseg *v = realloc(L->segs, cap * sizeof(*v));

		if (!v) {
			lay_oom(L);
			return;
		}
		L->segs = v;
		L->capsegs = cap;
	}
	L->segs[L->nsegs++] = (struct lseg){L->box_open, page, y0, y1};
}

/* Pass 2: the open box's background on the current page, under what the
 * page will hold. */
static void box_draw_segment(struct layout *L)
{
	double x = L->left + L->indent - LAYOUT_PAD_BOX;
	double w = (L->right - L->rindent + LAYOUT_PAD_BOX) - x;

	for (size_t i = 0; i < L->nsegs; i++) {
		const struct lseg *s = &L->segs[i];

		if (s->box != L->box_open || s->page != L->page)
			continue;
		layout_round_rect(L, x, s->y0, w, s->y1 - s->y0, 4.0, L->box_fill, L->box_border,
				  0.9);
	}
}

void layout_box_begin(struct layout *L, uint32_t fill, uint32_t border)
{
	if (L->failed || L->box_open >= 0)
		return;
	layout_keep(L, 72.0);
	lay_place(L, 2 * LAYOUT_PAD_BOX);
	L->box_open = L->box_count++;
	L->box_fill = fill;
	L->box_border = border;
	L->box_y0 = L->y;
	L->indent += LAYOUT_PAD_BOX;
	L->rindent += LAYOUT_PAD_BOX;
	if (L->pass == 2)
		box_draw_segment(L);
	L->y += LAYOUT_PAD_BOX;
	L->page_empty = true; /* no gap before the box's first block */
}

void layout_box_end(struct layout *L)
{
	if (L->failed || L->box_open < 0)
		return;
	L->y += LAYOUT_PAD_BOX;
	if (L->pass == 1)
		seg_add(L, L->page, L->box_y0, L->y);
	L->indent -= LAYOUT_PAD_BOX;
	L->rindent -= LAYOUT_PAD_BOX;
	L->box_open = -1;
	L->page_empty = false;
	L->gap = 12.0;
}

/* ---- Pages -------------------------------------------------------------- */

void lay_end_page(struct layout *L)
{
	if (!L->page_open)
		return;
	if (L->pass == 1 && L->box_open >= 0)
		seg_add(L, L->page, L->box_y0, L->y + LAYOUT_PAD_BOX / 2);
	if (L->pass == 2 && !L->failed) {
		if (!L->page_plain && L->o->furniture) {
			/* The furniture writes text of its own: keep the pending. */
			struct buf saved = L->text;
			struct lrun *runs = L->runs;
			size_t n = L->nruns, cap = L->capruns;

			buf_init(&L->text, 0);
			L->runs = NULL;
			L->nruns = L->capruns = 0;
			cairo_save(L->cr);
			L->o->furniture(L, L->page, L->pages, L->o->ud);
			cairo_restore(L->cr);
			lay_text_release(L);
			L->text = saved;
			L->runs = runs;
			L->nruns = n;
			L->capruns = cap;
		}
		cairo_show_page(L->cr);
	}
	L->page_open = false;
}

void lay_ensure_page(struct layout *L)
{
	if (L->page_open)
		return;
	L->page++;
	L->page_open = true;
	L->page_empty = true;
	L->page_plain = L->plain_next;
	L->plain_next = false;
	L->y = L->top;
	L->gap = 0;
	if (L->box_open >= 0) {
		L->box_y0 = L->y;
		if (L->pass == 2)
			box_draw_segment(L);
		L->y += LAYOUT_PAD_BOX;
	}
}

void lay_new_page(struct layout *L)
{
	lay_end_page(L);
	lay_ensure_page(L);
}

/* Pass 1, before a block that does not fit goes to the next page: when the
 * last heading is on this page with little under it, it should go too. */
static void orphan_check(struct layout *L)
{
	size_t i = (size_t)L->last_head;

	if (L->pass != 1 || L->last_head < 0 || L->last_head_page != L->page ||
	    L->last_head_y <= L->top + LAYOUT_PAD_BOX + 1 || L->y - L->last_head_end > 100.0)
		return;
	if (i >= L->capbrk) {
		size_t cap = i + 64;
		unsigned char *v = realloc(L->brk, cap);

		if (!v) {
			lay_oom(L);
			return;
		}
		memset(v + L->capbrk, 0, cap - L->capbrk);
		L->brk = v;
		L->capbrk = cap;
	}
	if (!L->brk[i]) {
		L->brk[i] = 1;
		L->new_hint = true;
	}
}

void lay_place(struct layout *L, double h)
{
	lay_ensure_page(L);
	if (!L->page_empty) {
		if (L->y + L->gap + h > L->bottom + 0.01) {
			orphan_check(L);
			lay_new_page(L);
		} else
			L->y += L->gap;
	}
	L->gap = 0;
	L->page_empty = false;
}

int layout_new_page(struct layout *L)
{
	if (L->failed)
		return L->page;
	lay_new_page(L);
	L->page_empty = false;
	return L->page;
}

void layout_page_break(struct layout *L)
{
	if (L->failed)
		return;
	if (L->page_open && !L->page_empty)
		lay_end_page(L);
}

void layout_page_plain(struct layout *L)
{
	if (L->page_open)
		L->page_plain = true;
	else
		L->plain_next = true;
}

void layout_space(struct layout *L, double pt)
{
	if (pt > L->gap)
		L->gap = pt;
}

void layout_skip_to(struct layout *L, double y)
{
	if (L->failed)
		return;
	lay_ensure_page(L);
	if (L->y > y)
		lay_new_page(L);
	L->y = y;
	L->gap = 0;
	L->page_empty = false;
}

/* A new page unless pt points still fit on this one. */
static void layout_keep(struct layout *L, double pt)
{
	if (L->failed)
		return;
	lay_ensure_page(L);
	if (!L->page_empty && L->y + L->gap + pt > L->bottom)
		lay_new_page(L);
}

/* ---- Drawing by coordinates ---------------------------------------------- */

void layout_dry(struct layout *L, bool on)
{
	if (on)
		L->dry++;
	else if (L->dry > 0)
		L->dry--;
}

static bool can_draw(struct layout *L)
{
	if (L->failed || L->pass != 2 || L->dry)
		return false;
	lay_ensure_page(L);
	return true;
}

void layout_fill_rect(struct layout *L, double x, double y, double w, double h, uint32_t rgb)
{
	if (!can_draw(L))
		return;
	lay_set_rgb(L, rgb);
	cairo_rectangle(L->cr, x, y, w, h);
	cairo_fill(L->cr);
}

void layout_stroke_rect(struct layout *L, double x, double y, double w, double h, double line_width,
			uint32_t rgb)
{
	if (!can_draw(L))
		return;
	lay_set_rgb(L, rgb);
	cairo_set_line_width(L->cr, line_width);
	cairo_rectangle(L->cr, x, y, w, h);
	cairo_stroke(L->cr);
}

void layout_round_rect(struct layout *L, double x, double y, double w, double h, double r,
		       uint32_t fill, uint32_t border, double line_width)
{
	cairo_t *cr = L->cr;

	if (!can_draw(L))
		return;
	if (r * 2 > w)
		r = w / 2;
	if (r * 2 > h)
		r = h / 2;
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
	cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
	cairo_close_path(cr);
	if (fill != LAYOUT_NONE) {
		lay_set_rgb(L, fill);
		if (border != LAYOUT_NONE)
			cairo_fill_preserve(cr);
		else
			cairo_fill(cr);
	}
	if (border != LAYOUT_NONE) {
		lay_set_rgb(L, border);
		cairo_set_line_width(cr, line_width);
		cairo_stroke(cr);
	}
	cairo_new_path(cr);
}

void layout_line(struct layout *L, double x0, double y0, double x1, double y1, double line_width,
		 uint32_t rgb)
{
	if (!can_draw(L))
		return;
	lay_set_rgb(L, rgb);
	cairo_set_line_width(L->cr, line_width);
	cairo_move_to(L->cr, x0, y0);
	cairo_line_to(L->cr, x1, y1);
	cairo_stroke(L->cr);
}

/* Appends s to b quoted for a cairo tag attribute: '…' with ' and \
 * escaped. */
static int attr_quote(struct buf *b, const char *s)
{
	if (buf_addc(b, '\''))
		return -1;
	for (; *s; s++)
		if (((*s == '\'' || *s == '\\') && buf_addc(b, '\\')) || buf_addc(b, *s))
			return -1;
	return buf_addc(b, '\'');
}

/* Emits a link over one rectangle: to an URL, or to page/pos when href is
 * NULL. */
void lay_link_to(struct layout *L, double x, double y, double w, double h, const char *href,
		 int head)
{
	struct buf b;
	int r;

	buf_init(&b, 8192);
	r = buf_addf(&b, "rect=[%.2f %.2f %.2f %.2f] ", x, y, w, h);
	if (!r && href)
		r = buf_adds(&b, "uri=") || attr_quote(&b, href);
	else if (!r)
		/* A named destination (see layout_heading): cairo 1.16 drops
		 * a link by page number to a page it has not written yet. */
		r = buf_addf(&b, "dest='h%d'", head);
	if (r) {
		lay_oom(L);
	} else {
		cairo_tag_begin(L->cr, CAIRO_TAG_LINK, buf_str(&b));
		cairo_tag_end(L->cr, CAIRO_TAG_LINK);
	}
	buf_release(&b);
}

void lay_link(struct layout *L, double x, double y, double w, double h, const char *href)
{
	lay_link_to(L, x, y, w, h, href, 0);
}

/* ---- Fonts -------------------------------------------------------------- */

/* Loads family and checks that it is that family (fontconfig substitutes
 * silently), that it has Japanese glyphs and that cairo can use it. */
static int font_check(struct layout *L, const char *family, bool bold)
{
	PangoFontDescription *want = pango_font_description_new();
	PangoFontDescription *got = NULL;
	PangoFont *font;
	const char *got_family;
	int rc = -1;

	pango_font_description_set_family(want, family);
	pango_font_description_set_size(want, 10 * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(want, PANGO_WEIGHT_BOLD);
	font = pango_font_map_load_font(L->fontmap, L->ctx, want);
	if (!font) {
		layout_fail(L,
			    _("no font could be loaded for \"%s\": install fonts-noto-cjk or set "
			      "MOSHIMO_FONT to an installed Japanese font family"),
			    family);
		goto out;
	}
	got = pango_font_describe(font);
	got_family = pango_font_description_get_family(got);
	if (!got_family || g_ascii_strcasecmp(got_family, family) != 0) {
		layout_fail(L,
			    _("the font \"%s\" is not installed (found \"%s\" instead): install "
			      "fonts-noto-cjk or set MOSHIMO_FONT to an installed Japanese font "
			      "family"),
			    family, got_family ? got_family : "?");
		goto out;
	}
	if (!pango_font_has_char(font, 0x3042) || !pango_font_has_char(font, 0x6f22)) {
		layout_fail(L,
			    _("the font \"%s\" has no Japanese characters: set MOSHIMO_FONT to a "
			      "Japanese font family"),
			    family);
		goto out;
	}
	if (PANGO_IS_CAIRO_FONT(font)) {
		cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));

		if (!sf || cairo_scaled_font_status(sf) != CAIRO_STATUS_SUCCESS) {
			layout_fail(L, _("the font \"%s\" cannot be used: %s"), family,
				    sf ? cairo_status_to_string(cairo_scaled_font_status(sf))
				       : "no scaled font");
			goto out;
		}
	}
	rc = 0;
out:
	if (got)
		pango_font_description_free(got);
	if (font)
		g_object_unref(font);
	pango_font_description_free(want);
	return rc;
}

static int fonts_init(struct layout *L)
{
	const char *env = getenv("MOSHIMO_FONT");
	const char *fam[2] = {DEFAULT_SANS, DEFAULT_SERIF};
	cairo_font_options_t *fo;

	if (env && *env)
		fam[0] = fam[1] = env;
	L->fontmap = pango_cairo_font_map_new();
	if (!L->fontmap)
		return lay_oom(L), -1;
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(L->fontmap), 72.0);
	L->ctx = pango_font_map_create_context(L->fontmap);
	if (!L->ctx)
		return lay_oom(L), -1;
	pango_cairo_context_set_resolution(L->ctx, 72.0);
	pango_context_set_language(L->ctx, pango_language_from_string("ja-jp"));
	pango_context_set_round_glyph_positions(L->ctx, FALSE);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(L->ctx, fo);
	cairo_font_options_destroy(fo);
	for (int i = 0; i < 2; i++) {
		/* Bold is only ever set in ゴシック (see ltext_make). */
		if (font_check(L, fam[i], false) ||
		    (i == LAYOUT_SANS && font_check(L, fam[i], true)))
			return -1;
		L->faces[i] = pango_font_description_new();
		pango_font_description_set_family(L->faces[i], fam[i]);
	}
	return 0;
}

/* ---- The passes ---------------------------------------------------------- */

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
	struct buf *b = closure;

	return buf_add(b, data, length) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static void pass_reset(struct layout *L, int pass)
{
	L->pass = pass;
	L->page = 0;
	L->page_open = false;
	L->page_empty = true;
	L->plain_next = false;
	L->page_plain = false;
	L->y = L->top;
	L->gap = 0;
	L->indent = L->rindent = 0;
	L->head_at = 0;
	L->dry = 0;
	L->last_head = -1;
	L->box_count = 0;
	L->box_open = -1;
	memset(L->outline_ids, 0, sizeof(L->outline_ids));
	lay_text_release(L);
	if (L->table) {
		lay_table_free(L->table);
		L->table = NULL;
	}
}

/* Forgets what a measuring pass recorded, keeping the hints. */
static void measure_reset(struct layout *L)
{
	for (size_t i = 0; i < L->nheads; i++)
		free(L->heads[i].title);
	L->nheads = 0;
	L->nsegs = 0;
	L->toc_seen = false;
	free(L->toc_title);
	L->toc_title = NULL;
}

/* The creation date: the test clock's (util/clock.h; $MOSHIMO_TODAY is that
 * day at midnight), else now in local time. */
static void default_date(char *out, size_t size)
{
	int64_t t;
	bool fixed = clock_test(&t) != CLOCK_REAL;
	time_t now = (time_t)t;
	struct tm tm;

	if (!(fixed ? gmtime_r(&now, &tm) : localtime_r(&now, &tm)) ||
	    !strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm))
		snprintf(out, size, "%s", "");
}

static void set_metadata(struct layout *L)
{
	char date[64];
	static const struct {
		cairo_pdf_metadata_t key;
		size_t offset;
	} keys[] = {
		{CAIRO_PDF_METADATA_TITLE, offsetof(struct layout_opts, title)},
		{CAIRO_PDF_METADATA_AUTHOR, offsetof(struct layout_opts, author)},
		{CAIRO_PDF_METADATA_SUBJECT, offsetof(struct layout_opts, subject)},
		{CAIRO_PDF_METADATA_KEYWORDS, offsetof(struct layout_opts, keywords)},
		{CAIRO_PDF_METADATA_CREATOR, offsetof(struct layout_opts, creator)},
		{CAIRO_PDF_METADATA_CREATE_DATE, offsetof(struct layout_opts, create_date)},
	};

	for (size_t i = 0; i < MO_ARRAY_SIZE(keys); i++) {
		const char *v = *(const char *const *)((const char *)L->o + keys[i].offset);

		if (keys[i].key == CAIRO_PDF_METADATA_CREATE_DATE && !v) {
			default_date(date, sizeof(date));
			v = date;
		}
		if (v && *v)
			cairo_pdf_surface_set_metadata(L->surface, keys[i].key, v);
	}
}

static int run_pass(struct layout *L, int pass)
{
	pass_reset(L, pass);
	if (L->o->content(L, L->o->ud) && !L->failed)
		layout_fail(L, "layout: the content failed");
	if (L->failed)
		return -1;
	if (L->table)
		layout_table_end(L);
	if (L->box_open >= 0)
		layout_box_end(L);
	lay_end_page(L);
	return L->failed ? -1 : 0;
}

static void layout_release(struct layout *L)
{
	lay_text_release(L);
	lay_cache_free(L);
	if (L->table)
		lay_table_free(L->table);
	for (size_t i = 0; i < L->nheads; i++)
		free(L->heads[i].title);
	free(L->heads);
	free(L->segs);
	free(L->brk);
	free(L->toc_title);
	if (L->cr)
		cairo_destroy(L->cr);
	if (L->surface)
		cairo_surface_destroy(L->surface);
	for (int i = 0; i < 2; i++)
		if (L->faces[i])
			pango_font_description_free(L->faces[i]);
	if (L->ctx)
		g_object_unref(L->ctx);
	if (L->fontmap)
		g_object_unref(L->fontmap);
}

/* ---- Memory for cairo's copies of the fonts ------------------------------ */

#define HEAP_CHUNK ((size_t)24 << 20)
#define HUGE_PAGE ((uintptr_t)2 << 20)

/* Asks for transparent huge pages over the whole 2 MiB pages of [p, p+n). */
static void advise_huge(char *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t b = ((uintptr_t)p + n) & ~(HUGE_PAGE - 1);

	if (b > a)
		(void)madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

/* cairo 1.16 copies the whole CFF table of each embedded font into a
 * malloc'd buffer twice per PDF: when the font's first glyph reaches the
 * page (cairo_show_page: is it CID-keyed?) and when it subsets it
 * (cairo_surface_finish). Noto CJK's tables are 15-23 MiB. By default
 * glibc maps most such buffers afresh and unmaps them on free, so the six
 * copies touch some 60 MiB of new memory, a page fault per 4 KiB: three in
 * four of the manual's 25,000 page faults and a third of its time on a
 * virtual machine, where a fault is dear.
 * Here, once per process and only on the main thread (the server tunes
 * malloc itself and renders on its request threads): buffers up to 32 MiB
 * come from the heap and freed memory stays (up to 64 MiB, as the server
 * keeps), so the copies reuse one region; that region is asked for as
 * huge pages (a fault per 2 MiB) where the kernel allows it. */
static void heap_prepare(void)
{
	static bool done;
	char *p, *q;

	if (getpid() != gettid() || done)
		return;
	done = true;
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	p = malloc(HEAP_CHUNK);
	q = malloc(HEAP_CHUNK);
	if (p)
		advise_huge(p, HEAP_CHUNK);
	if (q)
		advise_huge(q, HEAP_CHUNK);
	free(q);
	free(p);
}

int layout_render(const struct layout_opts *o, struct buf *out, struct mo_err *e)
{
	struct layout L = {0};
	struct buf pdf;
	cairo_status_t st;
	int rc = -1;

	mo_err_clear(e);
	L.o = o;
	L.e = e;
	L.box_open = -1;
	L.pw = o->width > 0 ? o->width : LAYOUT_A4_WIDTH;
	L.ph = o->height > 0 ? o->height : LAYOUT_A4_HEIGHT;
	L.top = o->margin_top > 0 ? o->margin_top : DEFAULT_MARGIN;
	L.bottom = L.ph - (o->margin_bottom > 0 ? o->margin_bottom : DEFAULT_MARGIN);
	L.left = o->margin_left > 0 ? o->margin_left : DEFAULT_MARGIN;
	L.right = L.pw - (o->margin_right > 0 ? o->margin_right : DEFAULT_MARGIN);
	buf_init(&L.text, 0);
	buf_init(&pdf, out->max ? out->max : BUF_MAX_DEFAULT);

	heap_prepare();
	if (fonts_init(&L))
		goto out;
	L.surface = cairo_pdf_surface_create_for_stream(write_out, &pdf, L.pw, L.ph);
	if (cairo_surface_status(L.surface) != CAIRO_STATUS_SUCCESS) {
		layout_fail(&L, _("cannot create the PDF: %s"),
			    cairo_status_to_string(cairo_surface_status(L.surface)));
		goto out;
	}
	L.cr = cairo_create(L.surface);
	set_metadata(&L);

	for (int round = 0;; round++) {
		L.new_hint = false;
		if (run_pass(&L, 1))
			goto out;
		L.pages = L.page;
		lay_toc_shift(&L);
		if (L.failed)
			goto out;
		if (!L.new_hint || round == 3)
			break;
		measure_reset(&L);
	}
	if (run_pass(&L, 2))
		goto out;
	if (L.page != L.pages || L.head_at != L.nheads) {
		layout_fail(&L, "layout: %d pages drawn, %d measured", L.page, L.pages);
		goto out;
	}
	cairo_destroy(L.cr);
	L.cr = NULL;
	cairo_surface_finish(L.surface);
	st = cairo_surface_status(L.surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		layout_fail(&L, _("cannot write the PDF: %s"),
			    pdf.failed ? _("out of memory") : cairo_status_to_string(st));
		goto out;
	}
	if (buf_add(out, pdf.data, pdf.len)) {
		lay_oom(&L);
		goto out;
	}
	rc = 0;
out:
	layout_release(&L);
	buf_release(&pdf);
	return rc;
}
