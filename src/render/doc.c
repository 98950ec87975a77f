/* The document tree's builder: see doc.h. Everything is allocated from the
 * doc's arena and linked in order; a failed allocation sets d->oom and makes
 * every later call a no-op. */
#include "render/doc.h"

#include "util/buf.h"

/* Documents are at most a few hundred kilobytes; this only stops a runaway. */
#define DOC_ARENA_LIMIT ((size_t)64 << 20)

struct doc *doc_new(void)
{
	struct doc *d = calloc(1, sizeof(*d));

	if (d)
		arena_init(&d->arena, DOC_ARENA_LIMIT);
	return d;
}

void doc_free(struct doc *d)
{
	if (!d)
		return;
	arena_release(&d->arena);
	free(d);
}

static void *doc_alloc(struct doc *d, size_t size)
{
	void *p;

	if (!d || d->oom)
		return NULL;
	p = arena_alloc(&d->arena, size);
	if (!p)
		d->oom = true;
	return p;
}

const char *doc_strf(struct doc *d, const char *fmt, ...)
{
	struct buf b;
	va_list ap;
	char *s = NULL;
	int r;

	if (!d || d->oom)
		return "";
	buf_init(&b, 0);
	va_start(ap, fmt);
	r = buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (r == 0)
		s = arena_strdup(&d->arena, buf_str(&b));
	buf_release(&b);
	if (!s) {
		d->oom = true;
		return "";
	}
	return s;
}

static struct doc_block *block_new(struct doc *d, enum doc_kind kind, bool attach)
{
	struct doc_block *b = doc_alloc(d, sizeof(*b));

	if (!b)
		return NULL;
	b->kind = kind;
	if (attach) {
		if (d->last)
			d->last->next = b;
		else
			d->first = b;
		d->last = b;
	}
	return b;
}

void doc_line(struct doc *d, struct doc_text *t)
{
	struct doc_line *l;

	if (!t)
		return;
	l = doc_alloc(d, sizeof(*l));
	if (!l)
		return;
	if (t->last)
		t->last->next = l;
	else
		t->first = l;
	t->last = l;
}

void doc_link(struct doc *d, struct doc_text *t, unsigned style, const char *text, const char *href)
{
	struct doc_span *s;
	size_t len;

	if (!t || !text || !*text)
		return;
	if (!t->last)
		doc_line(d, t);
	if (!t->last)
		return;
	s = doc_alloc(d, sizeof(*s));
	if (!s)
		return;
	/* A YAML block scalar ends in a newline that is no line of the text. */
	len = strlen(text);
	while (len && text[len - 1] == '\n')
		len--;
	if (len != strlen(text)) {
		text = arena_strndup(&d->arena, text, len);
		if (!text) {
			d->oom = true;
			return;
		}
	}
	s->text = text;
	s->href = href;
	s->style = style;
	if (t->last->last)
		t->last->last->next = s;
	else
		t->last->first = s;
	t->last->last = s;
}

void doc_span(struct doc *d, struct doc_text *t, unsigned style, const char *text)
{
	doc_link(d, t, style, text, NULL);
}

void doc_add_line(struct doc *d, struct doc_text *t, unsigned style, const char *text)
{
	if (!text || !*text)
		return;
	doc_line(d, t);
	doc_span(d, t, style, text);
}

struct doc_block *doc_heading(struct doc *d, int level, const char *number, const char *anchor,
			      const char *text)
{
	struct doc_block *b = block_new(d, DOC_HEADING, true);

	if (!b)
		return NULL;
	b->level = level;
	b->number = number;
	b->anchor = anchor;
	b->in_toc = anchor != NULL && level >= 2 && level <= 3;
	doc_span(d, &b->text, 0, text);
	return b;
}

struct doc_text *doc_para(struct doc *d)
{
	struct doc_block *b = block_new(d, DOC_PARA, true);

	return b ? &b->text : NULL;
}

struct doc_text *doc_note(struct doc *d)
{
	struct doc_block *b = block_new(d, DOC_NOTE, true);

	return b ? &b->text : NULL;
}

struct doc_block *doc_list(struct doc *d, enum doc_list_kind kind)
{
	struct doc_block *b = block_new(d, DOC_LIST, true);

	if (b)
		b->list = kind;
	return b;
}

struct doc_item *doc_item(struct doc *d, struct doc_block *list)
{
	struct doc_item *it;

	if (!list)
		return NULL;
	it = doc_alloc(d, sizeof(*it));
	if (!it)
		return NULL;
	if (list->items_last)
		list->items_last->next = it;
	else
		list->items = it;
	list->items_last = it;
	return it;
}

struct doc_text *doc_item_text(struct doc_item *it)
{
	return it ? &it->text : NULL;
}

struct doc_block *doc_item_sublist(struct doc *d, struct doc_item *it, enum doc_list_kind kind)
{
	struct doc_block *b;

	if (!it)
		return NULL;
	if (it->sub)
		return it->sub;
	b = block_new(d, DOC_LIST, false);
	if (b) {
		b->list = kind;
		it->sub = b;
	}
	return b;
}

struct doc_row *doc_row(struct doc *d, struct doc_block *t)
{
	struct doc_row *r;

	if (!t)
		return NULL;
	r = doc_alloc(d, sizeof(*r));
	if (!r)
		return NULL;
	if (t->rows_last)
		t->rows_last->next = r;
	else
		t->rows = r;
	t->rows_last = r;
	return r;
}

struct doc_text *doc_cell(struct doc *d, struct doc_row *r)
{
	struct doc_cell *c;

	if (!r)
		return NULL;
	c = doc_alloc(d, sizeof(*c));
	if (!c)
		return NULL;
	if (r->last)
		r->last->next = c;
	else
		r->first = c;
	r->last = c;
	r->ncells++;
	return &c->text;
}

struct doc_block *doc_table(struct doc *d, unsigned flags, size_t ncols, const char *const *header)
{
	struct doc_block *b = block_new(d, DOC_TABLE, true);

	if (!b)
		return NULL;
	b->ncols = ncols;
	b->flags = flags;
	if (header) {
		b->head = doc_alloc(d, sizeof(*b->head));
		for (size_t i = 0; b->head && i < ncols; i++)
			doc_span(d, doc_cell(d, b->head), 0, header[i]);
	}
	return b;
}

void doc_toc(struct doc *d, const char *title)
{
	struct doc_block *b = block_new(d, DOC_TOC, true);

	if (b)
		doc_span(d, &b->text, 0, title);
}

void doc_page_break(struct doc *d)
{
	(void)block_new(d, DOC_PAGE_BREAK, true);
}

void doc_box_begin(struct doc *d, const char *cls)
{
	struct doc_block *b = block_new(d, DOC_BOX_BEGIN, true);

	if (b)
		b->box = cls;
}

void doc_box_end(struct doc *d)
{
	(void)block_new(d, DOC_BOX_END, true);
}
