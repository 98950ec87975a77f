/* A small document tree, independent of the output format: headings,
 * paragraphs, notes, lists, tables, boxes and page-break hints. manual.c
 * builds it once from the policy; md.c and html.c (and later the PDF
 * renderer) only serialize it, so every format has the same sections in the
 * same order.
 *
 * Memory: everything lives in the doc's arena and is freed by doc_free().
 * Strings are borrowed (the policy must outlive the doc) unless made with
 * doc_strf(). The builder never fails halfway for its caller: when memory
 * runs out it sets d->oom and every later call does nothing, so the caller
 * checks d->oom once when done. */
#ifndef MO_DOC_H
#define MO_DOC_H

#include "util/arena.h"
#include "util/common.h"

/* Inline styles of a span: bit flags. */
enum doc_style {
	DOC_STRONG = 1 << 0,  /* bold: a step's title, a label */
	DOC_SMALL = 1 << 1,   /* secondary: who, deadline, footnote */
	DOC_FIXED = 1 << 2,   /* our own wording, never a placeholder mark */
	DOC_NOBREAK = 1 << 3, /* a phrase kept on one line where it fits */
};

/* A run of text in one style. text may hold newlines (a YAML block): the
 * serializers turn them into line breaks. href is a link target or NULL;
 * serializers check its scheme. */
struct doc_span {
	struct doc_span *next;
	const char *text;
	const char *href;
	unsigned style;
};

/* A line of spans; a text is lines shown one under the other. */
struct doc_line {
	struct doc_line *next;
	struct doc_span *first, *last;
};

struct doc_text {
	struct doc_line *first, *last;
};

enum doc_list_kind {
	DOC_BULLET,
	DOC_NUMBERED,
	DOC_CHECKLIST, /* □ items to tick on paper */
};

struct doc_block;

struct doc_item {
	struct doc_item *next;
	struct doc_text text;
	struct doc_block *sub; /* a nested list, or NULL */
};

struct doc_cell {
	struct doc_cell *next;
	struct doc_text text;
};

struct doc_row {
	struct doc_row *next;
	struct doc_cell *first, *last;
	size_t ncells;
};

enum doc_kind {
	DOC_HEADING, /* level 1 title, 2 chapter, 3 section, 4 sub */
	DOC_PARA,
	DOC_NOTE, /* a remark in smaller type (※…) */
	DOC_LIST,
	DOC_TABLE,
	DOC_TOC,	/* the table of contents: chapters and sections */
	DOC_PAGE_BREAK, /* print: start a new page here */
	DOC_BOX_BEGIN,	/* a framed group: "cover", "card" */
	DOC_BOX_END,
};

/* Table flags. */
enum doc_table_flags {
	DOC_TABLE_KEYS = 1 << 0, /* the first column names the row (th) */
};

struct doc_block {
	struct doc_block *next;
	enum doc_kind kind;
	int level;	      /* heading */
	const char *number;   /* heading: "1", "4.1", or NULL */
	const char *anchor;   /* heading: id for links, or NULL */
	bool in_toc;	      /* heading: listed in the TOC */
	const char *box;      /* box: its class */
	struct doc_text text; /* heading, paragraph, note; TOC: its title */
	enum doc_list_kind list;
	struct doc_item *items, *items_last;
	struct doc_row *head; /* table: the header row, or NULL */
	struct doc_row *rows, *rows_last;
	size_t ncols;
	unsigned flags; /* table: enum doc_table_flags */
};

struct doc;
struct buf;
struct mo_err;

/* How the document is printed (the pdf format): the page headers and
 * footers and the file's metadata. Every field may be NULL. */
struct doc_print {
	const char *company; /* left of the page headers (placeholders marked) */
	const char *title;   /* right of the headers; NULL: the doc's level-1 heading */
	const char *footer;  /* right of the footers: revision, date */
	const char *mark;    /* the stamp left of the footers ("社外秘") */
	const char *author;  /* metadata (the title is the doc's title) */
	const char *subject;
	/* A document with a print layout of its own (the card's sheet of
	 * wallet cards) instead of the page flow: pdf calls it with source. */
	int (*layout)(const void *source, struct buf *out, struct mo_err *e);
	const void *source;
};

struct doc {
	struct arena arena;
	struct doc_block *first, *last;
	const char *title; /* the document's title (HTML <title>, PDF metadata) */
	struct doc_print print;
	bool oom;
};

/* A new empty document, or NULL when out of memory. */
struct doc *doc_new(void);
void doc_free(struct doc *d);

/* A copy of the formatted text in the doc's arena ("" after a failure). */
const char *doc_strf(struct doc *d, const char *fmt, ...) MO_PRINTF(2, 3);

/* Blocks, appended in order. Each returns the new block (or its text), or
 * NULL after a failure; passing NULL on to the other calls is harmless. */
struct doc_block *doc_heading(struct doc *d, int level, const char *number, const char *anchor,
			      const char *text);
struct doc_text *doc_para(struct doc *d);
struct doc_text *doc_note(struct doc *d);
struct doc_block *doc_list(struct doc *d, enum doc_list_kind kind);
struct doc_block *doc_table(struct doc *d, unsigned flags, size_t ncols, const char *const *header);
void doc_toc(struct doc *d, const char *title);
void doc_page_break(struct doc *d);
void doc_box_begin(struct doc *d, const char *cls);
void doc_box_end(struct doc *d);

/* A new item of list, and its text. */
struct doc_item *doc_item(struct doc *d, struct doc_block *list);
struct doc_text *doc_item_text(struct doc_item *it);
/* A list nested under item it (not part of the block sequence). */
struct doc_block *doc_item_sublist(struct doc *d, struct doc_item *it, enum doc_list_kind kind);
/* A new body row of table t, and a new cell of row r. */
struct doc_row *doc_row(struct doc *d, struct doc_block *t);
struct doc_text *doc_cell(struct doc *d, struct doc_row *r);

/* Text: doc_span appends to the last line of t (starting one if none);
 * doc_line starts a new line. NULL or "" text adds nothing. */
void doc_span(struct doc *d, struct doc_text *t, unsigned style, const char *text);
void doc_link(struct doc *d, struct doc_text *t, unsigned style, const char *text,
	      const char *href);
void doc_line(struct doc *d, struct doc_text *t);
/* A new line holding text (plain). */
void doc_add_line(struct doc *d, struct doc_text *t, unsigned style, const char *text);

#endif
