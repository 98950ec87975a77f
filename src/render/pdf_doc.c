/* Any document tree (doc.h) as PDF through the layout engine: headings
 * with the outline and the contents, paragraphs, notes, lists, tables, a
 * cover page (the "cover" box), framed boxes, page headers and footers.
 * Every document prints through it (doc_write_pdf: the pdf row of
 * doc_format.c): the manual, an incident's report. */
#include "render/pdf.h"
#include "render/doc_format.h"

#include "util/buf.h"

struct pdf {
	const struct doc *d;
	const struct doc_print *o;
	char *title; /* the doc's level-1 heading, for the headers */
};

/* ---- Text ---------------------------------------------------------------- */

static unsigned span_style(const struct doc_span *sp)
{
	unsigned st = 0;

	if (sp->style & DOC_STRONG)
		st |= LAYOUT_BOLD;
	if (sp->style & DOC_SMALL)
		st |= LAYOUT_SMALL;
	return st;
}

/* The doc text as pending runs of the layout. */
static void add_text(struct layout *L, const struct doc_text *t, unsigned extra)
{
	for (const struct doc_line *ln = t->first; ln; ln = ln->next) {
		if (ln != t->first)
			layout_newline(L);
		for (const struct doc_span *sp = ln->first; sp; sp = sp->next) {
			unsigned st = span_style(sp) | extra;

			if (sp->style & DOC_FIXED)
				layout_add_link(L, st, sp->text, sp->href);
			else
				pdf_add_marked(L, st, sp->text, strlen(sp->text), sp->href);
		}
	}
}

/* The plain text of t, malloc'd (NULL when out of memory). */
static char *text_plain(const struct doc_text *t)
{
	struct buf b;

	buf_init(&b, 0);
	for (const struct doc_line *ln = t->first; ln; ln = ln->next)
		for (const struct doc_span *sp = ln->first; sp; sp = sp->next)
			if (buf_adds(&b, sp->text))
				return NULL;
	return buf_detach(&b, NULL);
}

/* ---- Blocks -------------------------------------------------------------- */

static const char *list_marker(enum doc_list_kind kind, int depth, size_t n, char *buf, size_t size)
{
	switch (kind) {
	case DOC_NUMBERED:
		snprintf(buf, size, depth ? "(%zu)" : "%zu.", n);
		return buf;
	case DOC_CHECKLIST:
		return "□";
	case DOC_BULLET:
		break;
	}
	return depth ? "－" : "・";
}

static void put_list(struct layout *L, const struct doc_block *b, int depth)
{
	size_t n = 0;

	for (const struct doc_item *it = b->items; it; it = it->next) {
		char num[32];

		add_text(L, &it->text, 0);
		layout_item(L, depth, list_marker(b->list, depth, ++n, num, sizeof(num)));
		if (it->sub && depth < 6)
			put_list(L, it->sub, depth + 1);
	}
	if (!depth)
		layout_list_end(L);
}

static void put_table(struct layout *L, const struct doc_block *b, bool compact)
{
	unsigned flags = (b->head ? LAYOUT_T_HEAD : 0) |
			 (b->flags & DOC_TABLE_KEYS ? LAYOUT_T_KEYS : 0) |
			 (compact ? LAYOUT_T_COMPACT : 0);
	size_t ncols = b->ncols;

	for (const struct doc_row *r = b->rows; r; r = r->next)
		if (r->ncells > ncols)
			ncols = r->ncells;
	layout_table_begin(L, ncols, flags);
	if (b->head) {
		for (const struct doc_cell *c = b->head->first; c; c = c->next) {
			add_text(L, &c->text, 0);
			layout_table_cell(L);
		}
		layout_table_row(L);
	}
	for (const struct doc_row *r = b->rows; r; r = r->next) {
		for (const struct doc_cell *c = r->first; c; c = c->next) {
			add_text(L, &c->text, 0);
			layout_table_cell(L);
		}
		layout_table_row(L);
	}
	layout_table_end(L);
}

/* ---- The cover ------------------------------------------------------------ */

static void cover_begin(struct layout *L)
{
	const struct layout_font stamp = {LAYOUT_SANS, 11.0, true, LAYOUT_RED, 1.0};
	double pw = layout_page_width(L), right = layout_right(L);

	layout_page_break(L);
	layout_page_plain(L);
	layout_new_page(L);
	layout_fill_rect(L, 0, 0, pw, LAYOUT_MM(16), LAYOUT_NAVY);
	layout_fill_rect(L, 0, LAYOUT_MM(16), pw, LAYOUT_MM(1.2), LAYOUT_RED);
	layout_add(L, 0, "社外秘");
	layout_stroke_rect(L, right - 62, LAYOUT_MM(26), 62, 22, 1.2, LAYOUT_RED);
	layout_text_at(L, right - 62, LAYOUT_MM(26) + 4, 62, &stamp, LAYOUT_CENTER);
	layout_skip_to(L, LAYOUT_MM(78));
}

static void cover_end(struct layout *L)
{
	double pw = layout_page_width(L), ph = layout_page_height(L);

	layout_fill_rect(L, 0, ph - LAYOUT_MM(8), pw, LAYOUT_MM(8), LAYOUT_NAVY);
	layout_page_break(L);
}

/* ---- The document ------------------------------------------------------- */

#define COVER_LOW_ROWS 6

static size_t table_rows(const struct doc_block *t)
{
	size_t n = 0;

	for (const struct doc_row *r = t->rows; r; r = r->next)
		n++;
	return n;
}

static int content(struct layout *L, void *ud)
{
	struct pdf *pd = ud;
	bool cover = false, boxed = false, cover_table = false;

	for (const struct doc_block *b = pd->d->first; b && !layout_failed(L); b = b->next) {
		switch (b->kind) {
		case DOC_HEADING: {
			unsigned flags = 0;

			if (b->anchor && b->level >= 2 && b->level <= 3 && !cover)
				flags |= LAYOUT_H_OUTLINE;
			if (b->in_toc && !cover)
				flags |= LAYOUT_H_TOC;
			add_text(L, &b->text, 0);
			layout_heading(L, b->level, b->number, flags);
			if (cover && b->level == 1) {
				layout_fill_rect(L, layout_left(L), layout_y(L) + 8, 56, 3.5,
						 LAYOUT_RED);
				layout_space(L, 26);
			}
			break;
		}
		case DOC_PARA:
			add_text(L, &b->text, 0);
			layout_para(L, cover ? LAYOUT_P_LEAD : LAYOUT_P_BODY);
			break;
		case DOC_NOTE:
			add_text(L, &b->text, 0);
			if (cover) {
				layout_space(L, 14);
				layout_box_begin(L, 0xfff8d6, 0xe0b400);
				layout_para(L, LAYOUT_P_NOTE);
				layout_box_end(L);
			} else {
				layout_para(L, LAYOUT_P_NOTE);
			}
			break;
		case DOC_LIST:
			put_list(L, b, 0);
			break;
		case DOC_TABLE:
			if (cover && !cover_table) {
				/* A short table (the manual's revision) sits low on
				 * the cover; a long one (a report's) follows the
				 * title, so the cover stays one page. */
				if (table_rows(b) <= COVER_LOW_ROWS)
					layout_skip_to(L, LAYOUT_MM(180));
				else
					layout_space(L, 18);
				cover_table = true;
			}
			put_table(L, b, cover);
			break;
		case DOC_TOC:
			add_text(L, &b->text, 0);
			layout_toc(L);
			break;
		case DOC_PAGE_BREAK:
			layout_page_break(L);
			break;
		case DOC_BOX_BEGIN:
			if (b->box && strcmp(b->box, "cover") == 0) {
				cover = true;
				cover_begin(L);
			} else if (!boxed) {
				boxed = true;
				if (b->box && strcmp(b->box, "card") == 0)
					layout_box_begin(L, LAYOUT_ALERT_TINT, LAYOUT_RED);
				else
					layout_box_begin(L, LAYOUT_TINT, LAYOUT_RULE);
			}
			break;
		case DOC_BOX_END:
			if (cover) {
				cover = false;
				cover_end(L);
			} else if (boxed) {
				boxed = false;
				layout_box_end(L);
			}
			break;
		}
	}
	return layout_failed(L) ? -1 : 0;
}

/* Header: the company and the title over a rule. Footer: the mark (社外秘),
 * page N / M, the revision. */
static void furniture(struct layout *L, int page, int pages, void *ud)
{
	const struct pdf *pd = ud;
	const struct layout_font small = {LAYOUT_SANS, 7.5, false, LAYOUT_GREY, 1.0};
	const struct layout_font stamp = {LAYOUT_SANS, 7.5, true, LAYOUT_RED, 1.0};
	const struct layout_font num = {LAYOUT_SANS, 8.5, false, LAYOUT_INK, 1.0};
	double left = LAYOUT_MM(20), right = layout_page_width(L) - LAYOUT_MM(20);
	double w = right - left, ph = layout_page_height(L);
	double hy = LAYOUT_MM(10.5), fy = ph - LAYOUT_MM(13);
	char pn[64];

	pdf_add_str(L, 0, pd->o->company);
	layout_text_line(L, left, hy, w / 2 - 6, &small, LAYOUT_LEFT);
	layout_add(L, 0, pd->o->title ? pd->o->title : pd->title);
	layout_text_line(L, left + w / 2 + 6, hy, w / 2 - 6, &small, LAYOUT_RIGHT);
	layout_line(L, left, hy + 13, right, hy + 13, 0.6, LAYOUT_RULE);

	layout_line(L, left, fy - 5, right, fy - 5, 0.6, LAYOUT_RULE);
	if (pd->o->mark) {
		layout_stroke_rect(L, left, fy - 1, 34, 13, 0.8, LAYOUT_RED);
		layout_add(L, 0, pd->o->mark);
		layout_text_at(L, left, fy + 1, 34, &stamp, LAYOUT_CENTER);
	}
	snprintf(pn, sizeof(pn), "%d / %d", page, pages);
	layout_add(L, 0, pn);
	layout_text_at(L, left, fy, w, &num, LAYOUT_CENTER);
	layout_add(L, 0, pd->o->footer);
	layout_text_at(L, left + w / 2, fy + 1, w / 2, &small, LAYOUT_RIGHT);
}

/* The title in the page headers: the doc's level-1 heading. */
static char *cover_title(const struct doc *d)
{
	for (const struct doc_block *b = d->first; b; b = b->next)
		if (b->kind == DOC_HEADING && b->level == 1)
			return text_plain(&b->text);
	return strdup(d->title ? d->title : "");
}

int pdf_render_doc(const struct doc *d, const struct doc_print *o, struct buf *out,
		   struct mo_err *e)
{
	struct pdf pd = {d, o ? o : &d->print, NULL};
	struct layout_opts lo = {0};
	int rc;

	o = pd.o;
	if (!o->title) {
		pd.title = cover_title(d);
		if (!pd.title)
			return mo_err_oom(e, NULL);
	}
	lo.margin_top = LAYOUT_MM(22);
	lo.margin_bottom = LAYOUT_MM(22);
	lo.title = d->title;
	lo.author = o->author;
	lo.subject = o->subject;
	lo.creator = "moshimo " MOSHIMO_VERSION;
	lo.content = content;
	lo.furniture = furniture;
	lo.ud = &pd;
	rc = layout_render(&lo, out, e);
	free(pd.title);
	return rc;
}

int doc_write_pdf(const struct doc *d, struct buf *out, struct mo_err *e)
{
	if (d->print.layout)
		return d->print.layout(d->print.source, out, e);
	return pdf_render_doc(d, &d->print, out, e);
}
