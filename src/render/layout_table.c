/* The layout engine's tables: cells collected row by row, column widths
 * from what the cells hold, long cells wrapped, rows placed on pages with
 * the header row repeated after each break, and rows taller than what is
 * left of a page split between their lines. */
#include "render/layoutInt.h"

#include <math.h>

#define PAD_X 5.0
#define PAD_Y 3.6
#define MIN_COL 30.0

struct ltable {
	size_t ncols;
	unsigned flags;
	struct rich *cells; /* row-major, ncols per row */
	size_t ncells, capcells;
	size_t nrows;
	size_t col; /* cells in the current row */
};

void lay_table_free(struct ltable *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncells; i++)
		rich_release(&t->cells[i]);
	free(t->cells);
	free(t);
}

void layout_table_begin(struct layout *L, size_t ncols, unsigned flags)
{
	if (L->failed)
		return;
	if (L->table)
		layout_table_end(L);
	if (!ncols)
		ncols = 1;
	L->table = calloc(1, sizeof(*L->table));
	if (!L->table) {
		lay_oom(L);
		return;
	}
	L->table->ncols = ncols;
	L->table->flags = flags;
}

static int cell_push(struct layout *L, struct rich *r)
{
	struct ltable *t = L->table;

	if (t->ncells == t->capcells) {
		size_t cap = t->capcells ? t->capcells * 2 : 32;
		struct rich *v = realloc(t->cells, cap * sizeof(*v));

		if (!v) {
			rich_release(r);
			lay_oom(L);
			return -1;
		}
		t->cells = v;
		t->capcells = cap;
	}
	t->cells[t->ncells++] = *r;
	t->col++;
	return 0;
}

void layout_table_cell(struct layout *L)
{
	struct rich r;

	if (L->failed || !L->table || lay_take(L, &r))
		return;
	if (L->table->col >= L->table->ncols) {
		rich_release(&r); /* more cells than columns: not shown */
		return;
	}
	cell_push(L, &r);
}

void layout_table_row(struct layout *L)
{
	struct ltable *t = L->table;

	if (L->failed || !t)
		return;
	if (!layout_pending_empty(L))
		layout_table_cell(L);
	while (!L->failed && t->col < t->ncols) {
		struct rich empty = {strdup(""), 0, NULL, 0};

		if (!empty.text) {
			lay_oom(L);
			return;
		}
		cell_push(L, &empty);
	}
	t->nrows++;
	t->col = 0;
}

/* ---- Column widths ------------------------------------------------------- */

static struct layout_font cell_font(const struct ltable *t, size_t row, size_t col)
{
	struct layout_font f = lay_font_table(row == 0 && (t->flags & LAYOUT_T_HEAD));

	if (t->flags & LAYOUT_T_COMPACT)
		f.size = 10.0;

	if ((t->flags & LAYOUT_T_KEYS) && col == 0 && !(row == 0 && (t->flags & LAYOUT_T_HEAD))) {
		f.bold = true;
		f.color = 0x22303f;
	}
	return f;
}

/* Widths for the columns within avail: a column whose text fits its fair
 * share gets what it needs; the others share the rest by how much they
 * hold; space left over goes to the columns that hold the most. */
static int column_widths(struct layout *L, const struct ltable *t, double avail, double *w)
{
	size_t nc = t->ncols;
	double *nat = calloc(nc, sizeof(double));
	bool *fixed = calloc(nc, sizeof(bool));
	double total = 0;
	int rc = -1;

	if (!nat || !fixed) {
		lay_oom(L);
		goto out;
	}
	for (size_t c = 0; c < nc; c++)
		nat[c] = MIN_COL;
	for (size_t i = 0; i < t->ncells; i++) {
		size_t row = i / nc, c = i % nc;
		struct layout_font f = cell_font(t, row, c);
		struct ltext lt;

		if (ltext_make(L, &lt, &t->cells[i], 0, &f, LAYOUT_LEFT))
			goto out;
		if (lt.natural + 2 * PAD_X + 1 > nat[c])
			nat[c] = lt.natural + 2 * PAD_X + 1;
		ltext_release(&lt);
	}
	/* A column is never wider than the table: one long cell must not take
	 * the width from every other column. */
	for (size_t c = 0; c < nc; c++) {
		if (nat[c] > avail)
			nat[c] = avail;
		total += nat[c];
	}
	if (total <= avail) {
		/* Room to spare: widen the columns that are not keys. */
		double spare = avail - total, weight = 0;

		for (size_t c = 0; c < nc; c++) {
			w[c] = nat[c];
			if (!((t->flags & LAYOUT_T_KEYS) && c == 0 && nc > 1))
				weight += nat[c];
		}
		for (size_t c = 0; c < nc; c++)
			if (!((t->flags & LAYOUT_T_KEYS) && c == 0 && nc > 1))
				w[c] += spare * nat[c] / weight;
	} else {
		/* Short columns get what they need; the long ones share the rest
		 * by the square root of what they hold, so a column of short
		 * names is not squeezed to a character per line by one long
		 * column of prose. */
		double left = avail, weight = 0;
		bool changed = true;

		while (changed) {
			changed = false;
			weight = 0;
			for (size_t c = 0; c < nc; c++)
				if (!fixed[c])
					weight += sqrt(nat[c]);
			for (size_t c = 0; c < nc && weight > 0; c++) {
				if (!fixed[c] && left * sqrt(nat[c]) / weight >= nat[c]) {
					fixed[c] = true;
					w[c] = nat[c];
					left -= nat[c];
					changed = true;
				}
			}
		}
		for (size_t c = 0; c < nc; c++)
			if (!fixed[c])
				w[c] = weight > 0 ? left * sqrt(nat[c]) / weight : MIN_COL;
		/* No column narrower than MIN_COL, taken from the widest. */
		for (size_t c = 0; c < nc; c++) {
			if (w[c] < MIN_COL) {
				size_t widest = 0;

				for (size_t k = 1; k < nc; k++)
					if (w[k] > w[widest])
						widest = k;
				w[widest] -= MIN_COL - w[c];
				w[c] = MIN_COL;
			}
		}
	}
	rc = 0;
out:
	free(nat);
	free(fixed);
	return rc;
}

/* ---- Placing rows -------------------------------------------------------- */

struct trow {
	struct ltext *cells; /* ncols */
	size_t *from;	     /* the first line not yet placed, per cell */
};

struct tctx {
	const struct ltable *t;
	double x, *w;
	struct trow head;
	bool has_head;
	double head_h;
};

/* Lines [from, end) of cell c that fit in h; returns the index after them
 * and sets *used to their height. */
static size_t lines_fitting(const struct ltext *lt, size_t from, double h, double *used)
{
	size_t e = from;

	*used = 0;
	while (e < lt->n && lt->lines[e].bottom - lt->lines[from].top <= h + 0.01)
		e++;
	if (e > from)
		*used = lt->lines[e - 1].bottom - lt->lines[from].top;
	return e;
}

/* The height the rest of row r needs, padding included. */
static double rest_height(const struct tctx *x, const struct trow *r)
{
	double h = 0;

	for (size_t c = 0; c < x->t->ncols; c++) {
		const struct ltext *lt = &r->cells[c];

		if (r->from[c] < lt->n) {
			double ch = lt->lines[lt->n - 1].bottom - lt->lines[r->from[c]].top;

			if (ch > h)
				h = ch;
		}
	}
	return h + 2 * PAD_Y;
}

/* Draws the part of row r given by to[] (lines from[c]..to[c]) at the
 * current y in a band of height h. */
static void draw_band(struct layout *L, const struct tctx *x, const struct trow *r,
		      const size_t *to, double h, bool head)
{
	const struct ltable *t = x->t;
	bool compact = t->flags & LAYOUT_T_COMPACT;
	double cx = x->x, y = L->y;

	if (L->pass != 2)
		return;
	for (size_t c = 0; c < t->ncols; c++) {
		if (head)
			layout_fill_rect(L, cx, y, x->w[c], h, LAYOUT_NAVY);
		else if ((t->flags & LAYOUT_T_KEYS) && c == 0 && !compact)
			layout_fill_rect(L, cx, y, x->w[c], h, LAYOUT_TINT);
		else if (L->box_open >= 0)
			layout_fill_rect(L, cx, y, x->w[c], h, LAYOUT_WHITE);
		ltext_draw(L, &r->cells[c], r->from[c], to[c], cx + PAD_X, y + PAD_Y);
		cx += x->w[c];
	}
	cx = x->x;
	if (compact) {
		double total = 0;

		for (size_t c = 0; c < t->ncols; c++)
			total += x->w[c];
		layout_line(L, cx, y + h, cx + total, y + h, 0.5, LAYOUT_RULE);
		return;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		layout_stroke_rect(L, cx, y, x->w[c], h, 0.5, head ? LAYOUT_NAVY : LAYOUT_RULE);
		cx += x->w[c];
	}
}

static void draw_head(struct layout *L, struct tctx *x)
{
	size_t to[64];
	size_t nc = x->t->ncols;

	if (!x->has_head)
		return;
	for (size_t c = 0; c < nc && c < MO_ARRAY_SIZE(to); c++)
		to[c] = x->head.cells[c].n;
	draw_band(L, x, &x->head, to, x->head_h, true);
	L->y += x->head_h;
}

/* A new page for the rest of the table, its header first. */
static void table_new_page(struct layout *L, struct tctx *x)
{
	lay_new_page(L);
	L->page_empty = false;
	draw_head(L, x);
}

static void place_row(struct layout *L, struct tctx *x, struct trow *r)
{
	size_t nc = x->t->ncols;
	size_t to[64];
	double body = lay_body_height(L) - x->head_h;

	for (int guard = 0; guard < 10000 && !L->failed; guard++) {
		double need = rest_height(x, r), room = L->bottom - L->y;
		bool fresh = L->y <= L->top + x->head_h + LAYOUT_PAD_BOX + 0.5;

		if (need <= room + 0.01) {
			for (size_t c = 0; c < nc; c++)
				to[c] = r->cells[c].n;
			draw_band(L, x, r, to, need, false);
			L->y += need;
			return;
		}
		/* A row that fits a page and is not long: on the next page whole. */
		if (!fresh && need <= body && need <= body * 0.45) {
			table_new_page(L, x);
			continue;
		}
		/* Otherwise split it: what fits here, the rest after the break. */
		if (room - 2 * PAD_Y < 24.0 && !fresh) {
			table_new_page(L, x);
			continue;
		}
		{
			double band = 0;
			bool any = false;

			for (size_t c = 0; c < nc; c++) {
				double u;

				to[c] = lines_fitting(&r->cells[c], r->from[c], room - 2 * PAD_Y,
						      &u);
				if (to[c] > r->from[c])
					any = true;
				if (u > band)
					band = u;
			}
			if (!any) {
				/* Not even one line fits an empty page: place one. */
				for (size_t c = 0; c < nc; c++)
					to[c] = r->from[c] < r->cells[c].n ? r->from[c] + 1
									   : r->from[c];
				band = room - 2 * PAD_Y;
			}
			draw_band(L, x, r, to, band + 2 * PAD_Y, false);
			L->y += band + 2 * PAD_Y;
			for (size_t c = 0; c < nc; c++)
				r->from[c] = to[c];
			if (rest_height(x, r) > 2 * PAD_Y)
				table_new_page(L, x);
			else
				return;
		}
	}
}

static void row_release(struct trow *r, size_t nc)
{
	for (size_t c = 0; r->cells && c < nc; c++)
		ltext_release(&r->cells[c]);
	free(r->cells);
	free(r->from);
	r->cells = NULL;
	r->from = NULL;
}

static int row_make(struct layout *L, const struct tctx *x, size_t row, struct trow *r)
{
	size_t nc = x->t->ncols;

	r->cells = calloc(nc, sizeof(*r->cells));
	r->from = calloc(nc, sizeof(*r->from));
	if (!r->cells || !r->from) {
		lay_oom(L);
		return -1;
	}
	for (size_t c = 0; c < nc; c++) {
		struct layout_font f = cell_font(x->t, row, c);

		if (ltext_make(L, &r->cells[c], &x->t->cells[row * nc + c], x->w[c] - 2 * PAD_X, &f,
			       LAYOUT_LEFT))
			return -1;
	}
	return 0;
}

void layout_table_end(struct layout *L)
{
	struct ltable *t = L->table;
	struct tctx x = {0};
	size_t first = 0;
	double *w = NULL;

	if (!t)
		return;
	L->table = NULL;
	if (L->failed)
		goto out;
	if (t->col)
		layout_table_row(L);
	if (t->ncols > 64) {
		layout_fail(L, "layout: a table of %zu columns", t->ncols);
		goto out;
	}
	if (!t->nrows || (t->nrows == 1 && (t->flags & LAYOUT_T_HEAD)))
		goto out;
	w = calloc(t->ncols, sizeof(*w));
	if (!w) {
		lay_oom(L);
		goto out;
	}
	x.t = t;
	x.w = w;
	x.x = layout_left(L);
	if (column_widths(L, t, layout_right(L) - x.x, w))
		goto out;
	if (t->flags & LAYOUT_T_HEAD) {
		if (row_make(L, &x, 0, &x.head))
			goto out;
		x.has_head = true;
		x.head_h = rest_height(&x, &x.head);
		first = 1;
	}
	layout_space(L, 6.0);
	for (size_t row = first; row < t->nrows && !L->failed; row++) {
		struct trow r = {0};

		if (row_make(L, &x, row, &r)) {
			row_release(&r, t->ncols);
			break;
		}
		if (row == first) {
			/* The header stays with the first row (or its first lines). */
			double need = rest_height(&x, &r);
			double body = lay_body_height(L) - x.head_h;

			/* As place_row decides: a short row moves whole. */
			if (need > body * 0.45 && need > 60.0)
				need = 60.0;
			lay_place(L, x.head_h + need);
			draw_head(L, &x);
		}
		place_row(L, &x, &r);
		row_release(&r, t->ncols);
	}
	L->gap = 10.0;
out:
	row_release(&x.head, t->ncols);
	free(w);
	lay_table_free(t);
}
