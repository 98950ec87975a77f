/* The layout engine's headings: their typography, the PDF outline, the
 * named destinations the contents link to, and the table of contents with
 * its page numbers (measured after the first pass, see lay_toc_shift). */
#include "render/layoutInt.h"

#include <cairo-pdf.h>

/* ---- Outline and headings ----------------------------------------------- */

static void outline_add(struct layout *L, int level, const char *title, double y)
{
	char attrs[128];
	int parent = CAIRO_PDF_OUTLINE_ROOT;

	if (level < 1)
		level = 1;
	if (level >= (int)MO_ARRAY_SIZE(L->outline_ids))
		level = (int)MO_ARRAY_SIZE(L->outline_ids) - 1;
	for (int l = level - 1; l >= 1; l--) {
		if (L->outline_ids[l] > 0) {
			parent = L->outline_ids[l];
			break;
		}
	}
	snprintf(attrs, sizeof(attrs), "page=%d pos=[%.2f %.2f]", L->page, L->left,
		 y > 12 ? y - 12 : 0);
	L->outline_ids[level] =
		cairo_pdf_surface_add_outline(L->surface, parent, title, attrs,
					      level <= 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	for (int l = level + 1; l < (int)MO_ARRAY_SIZE(L->outline_ids); l++)
		L->outline_ids[l] = 0;
}

void layout_bookmark(struct layout *L, int level, const char *title, double y)
{
	if (L->failed || L->pass != 2 || L->dry || !title)
		return;
	lay_ensure_page(L);
	outline_add(L, level, title, y);
}

static struct layout_font heading_font(int level)
{
	switch (level) {
	case 1:
		return (struct layout_font){LAYOUT_SANS, 24.0, true, LAYOUT_NAVY, 1.0};
	case 2:
		return (struct layout_font){LAYOUT_SANS, 16.0, true, LAYOUT_NAVY, 1.0};
	case 3:
		return (struct layout_font){LAYOUT_SANS, 12.5, true, LAYOUT_NAVY, 1.0};
	default:
		return (struct layout_font){LAYOUT_SANS, 10.5, true, 0x2b3a4a, 1.0};
	}
}

static double heading_space_before(int level)
{
	return level <= 2 ? 20.0 : level == 3 ? 16.0 : 10.0;
}

static double heading_space_after(int level)
{
	return level <= 2 ? 14.0 : level == 3 ? 8.0 : 5.0;
}

/* The heading's text with its number, for the outline and the contents. */
static char *heading_title(const char *number, const struct rich *r)
{
	struct buf b;
	char *s;

	buf_init(&b, 0);
	if (number && *number && (buf_adds(&b, number) || buf_adds(&b, "　")))
		return NULL;
	for (size_t i = 0; i < r->len; i++)
		if (buf_addc(&b, r->text[i] == '\n' ? ' ' : r->text[i]))
			return NULL;
	s = buf_detach(&b, NULL);
	return s;
}

static int heading_record(struct layout *L, int level, char *title, size_t numlen, bool toc)
{
	if (L->nheads == L->capheads) {
		size_t cap = L->capheads ? L->capheads * 2 : 64;
		struct lheading *v = realloc(L->heads, cap * sizeof(*v));

		if (!v)
			return -1;
		L->heads = v;
		L->capheads = cap;
	}
	L->heads[L->nheads++] = (struct lheading){level, title, numlen, L->page, L->y, toc};
	return 0;
}

void layout_heading(struct layout *L, int level, const char *number, unsigned flags)
{
	struct layout_font f = heading_font(level);
	struct rich r = {0}, nr = {(char *)number, number ? strlen(number) : 0, NULL, 0};
	struct ltext t = {0}, num = {0};
	double numw = 0, bar = level == 3 ? 9.0 : 0, w, h, need;
	char *title = NULL, dest[96];
	size_t idx;

	if (L->failed || lay_take(L, &r))
		goto out;
	if (flags & LAYOUT_H_NEW_PAGE)
		layout_page_break(L);
	if (number && *number) {
		if (ltext_make(L, &num, &nr, 0, &f, LAYOUT_LEFT))
			goto out;
		numw = num.natural + f.size * 0.6;
	}
	w = layout_right(L) - layout_left(L) - numw - bar;
	if (level == 1) {
		/* A title a little too long for one line is set a little
		 * smaller rather than leave a character or two alone. */
		if (ltext_make(L, &t, &r, 0, &f, LAYOUT_LEFT))
			goto out;
		if (t.natural > w && t.natural * 0.75 <= w)
			f.size = f.size * w / t.natural * 0.995;
		ltext_release(&t);
	}
	if (ltext_make(L, &t, &r, w, &f, LAYOUT_LEFT))
		goto out;
	h = t.height + (level == 2 ? 6.0 : 0);
	idx = L->pass == 1 ? L->nheads : L->head_at;
	if (idx < L->capbrk && L->brk[idx])
		layout_page_break(L);
	layout_space(L, heading_space_before(level));
	/* Keep the heading with about three lines of what follows. */
	need = L->gap + h + heading_space_after(level) + 48.0;
	lay_ensure_page(L);
	if (!L->page_empty && L->y + need > L->bottom)
		lay_new_page(L);
	lay_place(L, h);

	title = heading_title(number, &r);
	if (!title) {
		lay_oom(L);
		goto out;
	}
	if (L->pass == 1) {
		L->last_head = (long)idx;
		L->last_head_page = L->page;
		L->last_head_y = L->y;
		L->last_head_end = L->y + h;
		if (heading_record(L, level, title, number ? strlen(number) : 0,
				   (flags & LAYOUT_H_TOC) != 0)) {
			lay_oom(L);
			goto out;
		}
		title = NULL; /* kept by the record */
	} else {
		if (L->head_at >= L->nheads || L->heads[L->head_at].page != L->page) {
			layout_fail(L, "layout: the pages moved between the passes at \"%s\"",
				    title);
			goto out;
		}
		if (flags & LAYOUT_H_OUTLINE)
			outline_add(L, level, title, L->y);
		/* The contents link here by name (see lay_link_to). */
		snprintf(dest, sizeof(dest), "name='h%zu' x=%.2f y=%.2f", L->head_at, L->left,
			 L->y > 12 ? L->y - 12 : 0);
		cairo_tag_begin(L->cr, CAIRO_TAG_DEST, dest);
		cairo_tag_end(L->cr, CAIRO_TAG_DEST); /* empty: no tag in a tag */
		L->head_at++;
		if (level == 3)
			layout_fill_rect(L, layout_left(L), L->y + 2, 3.5, t.height - 4,
					 LAYOUT_NAVY);
		if (level == 2)
			layout_line(L, layout_left(L), L->y + t.height + 4, layout_right(L),
				    L->y + t.height + 4, 1.4, LAYOUT_NAVY);
		if (num.n && t.n) {
			double dy = (t.lines[0].baseline - t.lines[0].top) -
				    (num.lines[0].baseline - num.lines[0].top);

			ltext_draw(L, &num, 0, num.n, layout_left(L) + bar, L->y + dy);
		}
		ltext_draw(L, &t, 0, t.n, layout_left(L) + bar + numw, L->y);
	}
	L->y += h;
	L->gap = heading_space_after(level);
out:
	free(title);
	ltext_release(&num);
	ltext_release(&t);
	rich_release(&r);
}

/* ---- The table of contents ---------------------------------------------- */

/* Places the contents (its title and entries) from the current position;
 * draws them in pass 2, only measures in pass 1. */
static void toc_place(struct layout *L)
{
	struct layout_font tf = heading_font(2);
	struct rich tr = {L->toc_title, strlen(L->toc_title), NULL, 0};
	struct ltext t = {0};
	char pg[16];

	if (ltext_make(L, &t, &tr, 0, &tf, LAYOUT_LEFT))
		return;
	lay_place(L, t.height);
	if (L->pass == 2) {
		outline_add(L, 2, L->toc_title, L->y);
		ltext_draw(L, &t, 0, t.n, layout_left(L), L->y);
		layout_line(L, layout_left(L), L->y + t.height + 4, layout_right(L),
			    L->y + t.height + 4, 1.4, LAYOUT_NAVY);
	}
	L->y += t.height + 6;
	L->gap = 16;
	ltext_release(&t);

	for (size_t i = 0; i < L->nheads && !L->failed; i++) {
		const struct lheading *hd = &L->heads[i];
		bool top = hd->level <= 2;
		struct layout_font f =
			top ? (struct layout_font){LAYOUT_SANS, 10.5, true, LAYOUT_INK, 1.0}
			    : (struct layout_font){LAYOUT_SANS, 9.5, false, LAYOUT_INK, 1.0};
		double x = layout_left(L) + (top ? 0 : 20.0);
		double right = layout_right(L);
		/* The number in a column of its own, the title after it. */
		double tx = x + (top ? 24.0 : 26.0);
		const char *text = hd->title + (hd->numlen ? hd->numlen + strlen("　") : 0);
		struct rich nr = {hd->title, hd->numlen, NULL, 0};
		struct rich er = {(char *)text, strlen(text), NULL, 0};
		struct rich pr = {pg, 0, NULL, 0};
		struct ltext e = {0}, p = {0}, num = {0};

		if (!hd->toc)
			continue;
		if (!hd->numlen)
			tx = x;
		snprintf(pg, sizeof(pg), "%d", hd->page);
		pr.len = strlen(pg);
		if (ltext_make(L, &e, &er, right - 40.0 - tx, &f, LAYOUT_LEFT) ||
		    ltext_make(L, &p, &pr, 0, &f, LAYOUT_LEFT) ||
		    (hd->numlen && ltext_make(L, &num, &nr, 0, &f, LAYOUT_LEFT))) {
			ltext_release(&e);
			ltext_release(&p);
			break;
		}
		layout_space(L, top ? 9.0 : 2.5);
		lay_place(L, e.height);
		if (L->pass == 2 && e.n) {
			const struct lline *last = &e.lines[e.n - 1];
			double base = L->y + last->baseline - e.lines[0].top;
			double lw = 0;
			PangoRectangle lr;

			pango_layout_line_get_extents(last->line, NULL, &lr);
			lw = (double)lr.width / PANGO_SCALE;
			ltext_draw(L, &num, 0, num.n, x, L->y);
			ltext_draw(L, &e, 0, e.n, tx, L->y);
			ltext_draw(L, &p, 0, p.n, right - p.natural,
				   base - (p.lines[0].baseline - p.lines[0].top));
			/* Dot leaders from the title to the page number. */
			if (right - p.natural - 6 > tx + lw + 6) {
				double dashes[] = {0.6, 3.0};

				cairo_save(L->cr);
				lay_set_rgb(L, 0x9aa3ad);
				cairo_set_line_width(L->cr, 1.0);
				cairo_set_line_cap(L->cr, CAIRO_LINE_CAP_ROUND);
				cairo_set_dash(L->cr, dashes, 2, 0);
				cairo_move_to(L->cr, tx + lw + 6, base - 2);
				cairo_line_to(L->cr, right - p.natural - 6, base - 2);
				cairo_stroke(L->cr);
				cairo_restore(L->cr);
			}
			lay_link_to(L, x, L->y, right - x, e.height, NULL, (int)i);
		}
		L->y += e.height;
		ltext_release(&num);
		ltext_release(&p);
		ltext_release(&e);
	}
	lay_end_page(L);
}

void layout_toc(struct layout *L)
{
	struct rich r = {0};

	if (L->failed || lay_take(L, &r))
		return;
	if (L->pass == 1) {
		if (L->toc_seen) {
			layout_fail(L, "layout: only one table of contents");
		} else {
			L->toc_seen = true;
			free(L->toc_title);
			L->toc_title = r.len ? strndup(r.text, r.len) : strdup("目次");
			if (!L->toc_title)
				lay_oom(L);
			lay_ensure_page(L);
			L->toc_page = L->page;
			L->toc_y = L->page_empty ? L->y : L->y + L->gap;
			/* Measured once every heading is known; see shift_after_toc. */
			lay_end_page(L);
		}
	} else {
		lay_ensure_page(L);
		toc_place(L);
	}
	rich_release(&r);
}

void lay_toc_shift(struct layout *L)
{
	int extra;

	if (!L->toc_seen || L->failed)
		return;
	L->page = L->toc_page;
	L->page_open = true;
	L->page_empty = false;
	L->y = L->toc_y;
	L->gap = 0;
	toc_place(L);
	extra = L->page - L->toc_page;
	if (extra <= 0)
		return;
	for (size_t i = 0; i < L->nheads; i++)
		if (L->heads[i].page > L->toc_page)
			L->heads[i].page += extra;
	for (size_t i = 0; i < L->nsegs; i++)
		if (L->segs[i].page > L->toc_page)
			L->segs[i].page += extra;
	L->pages += extra;
}
