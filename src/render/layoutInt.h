/* Inside the layout engine: the state that layout.c (pages, passes,
 * headings, contents, boxes), layout_text.c (runs and text flow),
 * layout_table.c and layout_qr.c share. */
#ifndef MO_LAYOUT_INT_H
#define MO_LAYOUT_INT_H

#include "render/layout.h"

#include <cairo.h>
#include <pango/pangocairo.h>

/* A run of the pending text: bytes [start, end) in one style. */
struct lrun {
	size_t start, end;
	unsigned style;
	char *href; /* malloc'd, or NULL */
};

/* Text taken from the pending runs: owns its memory. */
struct rich {
	char *text;
	size_t len;
	struct lrun *runs;
	size_t nruns;
};

/* One laid-out line, in points from the top of its text. */
struct lline {
	PangoLayoutLine *line; /* owned by the PangoLayout */
	double top, bottom;    /* the line's band, spacing included */
	double baseline;
	double x; /* left edge of the line's logical extent */
};

/* A rich text laid out at a width: its lines, for placing them one by one
 * (a paragraph or a table cell can break across pages). */
struct ltext {
	PangoLayout *pl;
	const struct rich *r; /* for the links; borrowed */
	struct lline *lines;
	size_t n;
	double width;	/* the wrapping width */
	double natural; /* the widest line's width */
	double height;
	uint32_t color; /* the text's colour where no run sets one */
};

struct lheading {
	int level;
	char *title;   /* number and text */
	size_t numlen; /* the number's bytes at its start (0: none) */
	int page;
	double y;
	bool toc;
};

struct lseg { /* a box's part on one page */
	int box;
	int page;
	double y0, y1;
};

struct ltable;

struct layout {
	const struct layout_opts *o;
	struct mo_err *e;
	bool failed;

	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontMap *fontmap;
	PangoContext *ctx;
	PangoFontDescription *faces[2]; /* by enum layout_face */

	int pass;			 /* 1 measures, 2 draws */
	int dry;			 /* > 0: draw nothing (layout_dry) */
	bool ellipsize;			 /* ltext_make: one line, cut with "…" */
	double pw, ph;			 /* page size */
	double left, right, top, bottom; /* the content box */
	double indent;			 /* extra left indent (boxes) */
	double rindent;

	/* The flow. page is 0 before the first page. */
	int page;
	int pages;	 /* the measured total, in pass 2 */
	bool page_open;	 /* a page was started and not yet ended */
	bool page_empty; /* nothing placed on it yet */
	bool plain_next; /* the next page started has no furniture */
	bool page_plain;
	double y;
	double gap; /* space owed before the next block */

	/* The pending text. */
	struct buf text;
	struct lrun *runs;
	size_t nruns, capruns;

	/* Headings: recorded in pass 1, met again in pass 2. */
	struct lheading *heads;
	size_t nheads, capheads;
	size_t head_at;	    /* pass 2: the next heading's index */
	int outline_ids[8]; /* pass 2: the last outline entry of each level */

	/* Headings left alone at a page's foot: pass 1 notes them and is run
	 * again with a break before each (brk, by the heading's ordinal). */
	unsigned char *brk;
	size_t capbrk;
	bool new_hint;
	long last_head; /* pass 1: the last heading placed, or -1 */
	int last_head_page;
	double last_head_y, last_head_end;

	/* The table of contents (at most one). */
	bool toc_seen;
	int toc_page;
	double toc_y;
	char *toc_title;

	/* Boxes. */
	struct lseg *segs;
	size_t nsegs, capsegs;
	int box_count; /* boxes begun in this pass */
	int box_open;  /* the open box's number, or -1 */
	double box_y0; /* where its part on this page began (pass 1) */
	uint32_t box_fill, box_border;

	struct ltable *table; /* the table being filled, or NULL */

	/* Laid-out texts by what they hold: each pass makes the same texts,
	 * so the second and later passes shape nothing again. */
	struct lcache_entry **cache;
	size_t ncache_buckets, ncache;
};

#define LAYOUT_PAD_BOX 8.0 /* inside a box */

/* layout.c */
/* Makes sure a page is open (starting one when needed). */
void lay_ensure_page(struct layout *L);
/* Ends the page (furniture, show_page) and starts the next. */
void lay_new_page(struct layout *L);
/* Ends the page, if one is open (furniture, show_page). */
void lay_end_page(struct layout *L);
/* Space for a block of height h at the current position: applies the gap,
 * and starts a new page when h does not fit (unless the page is empty). */
void lay_place(struct layout *L, double h);
/* The usable height of a whole page. */
double lay_body_height(const struct layout *L);
void lay_set_rgb(struct layout *L, uint32_t rgb);
void lay_oom(struct layout *L);
/* Pass 2: a link to an URL over a rectangle of the current page. */
void lay_link(struct layout *L, double x, double y, double w, double h, const char *href);
/* Pass 2: a link over a rectangle of the current page to an URL, or (href
 * NULL) to the heading numbered head. */
void lay_link_to(struct layout *L, double x, double y, double w, double h, const char *href,
		 int head);

/* layout_heading.c */
/* After a measuring pass: the contents took one page there; measures how
 * many they really take and moves every later page number by the
 * difference. */
void lay_toc_shift(struct layout *L);

/* layout_text.c */
void lay_text_release(struct layout *L);
/* Takes the pending text into r (which the caller releases with
 * rich_release). Returns 0 or -1 (failed). */
int lay_take(struct layout *L, struct rich *r);
void rich_release(struct rich *r);
/* Lays r out at width w (w <= 0: no wrapping) in font f, aligned. */
int ltext_make(struct layout *L, struct ltext *t, const struct rich *r, double w,
	       const struct layout_font *f, enum layout_align a);
void ltext_release(struct ltext *t);
/* Draws lines [from, to) of t with the top of line `from` at (x, y), with
 * their links. */
void ltext_draw(struct layout *L, const struct ltext *t, size_t from, size_t to, double x,
		double y);
struct layout_font lay_font_table(bool head);

void lay_cache_free(struct layout *L);

/* layout_table.c */
void lay_table_free(struct ltable *t);

#endif
