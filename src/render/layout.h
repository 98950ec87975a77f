/* The PDF layout engine: A4 pages, Japanese text flow (pango: line
 * breaking, kinsoku, justified body text), headings with the PDF outline,
 * lists, tables that wrap their cells and repeat their header row on each
 * page, boxes, a table of contents with page numbers and links, page
 * furniture (headers, footers), QR codes, and the document's metadata. The
 * manual (pdf.c through pdf_doc.c), the emergency card (card_pdf.c) and
 * later an incident's report all print through it.
 *
 * How it is used: the caller fills struct layout_opts and calls
 * layout_render(), which calls opts->content to measure (nothing is drawn;
 * pages are counted and every heading's page is recorded; once more when a
 * heading was left alone at the foot of a page, which then starts the next)
 * and then once to draw. So "page N / M" and the contents' page numbers are
 * right on the first printing. The content function must make the same
 * calls every time; texts laid out once are not shaped again.
 *
 * Text is given as runs: layout_add() and friends append styled text to a
 * pending paragraph, and the next block call (layout_para, layout_heading,
 * layout_item, layout_table_cell, layout_text_at …) takes it. '\n' in a run
 * breaks the line.
 *
 * Errors: every call after a failure does nothing; layout_render() returns
 * -1 with the first error (a missing or broken font, cairo's status, out of
 * memory) and the output buffer then holds nothing usable. Positions and
 * sizes are in PDF points (1/72 inch); LAYOUT_MM converts millimetres. */
#ifndef MO_LAYOUT_H
#define MO_LAYOUT_H

#include "util/buf.h"
#include "util/err.h"

#define LAYOUT_MM(mm) ((mm)*72.0 / 25.4)
#define LAYOUT_A4_WIDTH LAYOUT_MM(210.0)
#define LAYOUT_A4_HEIGHT LAYOUT_MM(297.0)

struct layout;

enum layout_face {
	LAYOUT_SANS,  /* ゴシック: headings, tables, furniture */
	LAYOUT_SERIF, /* 明朝: body text */
};

/* Inline styles of a run: bit flags. */
enum layout_run_style {
	LAYOUT_BOLD = 1 << 0,
	LAYOUT_SMALL = 1 << 1,	   /* a size smaller and grey: who, when, notes */
	LAYOUT_MARK = 1 << 2,	   /* highlighted: a placeholder still to fill in */
	LAYOUT_MUTED = 1 << 3,	   /* grey */
	LAYOUT_ACCENT = 1 << 4,	   /* the accent colour (red): what must not be missed */
	LAYOUT_BIG = 1 << 5,	   /* a size larger */
	LAYOUT_FACE_SANS = 1 << 6, /* ゴシック inside a serif paragraph */
};

/* Paragraph styles of the flow. */
enum layout_para_style {
	LAYOUT_P_BODY,	 /* serif body text */
	LAYOUT_P_NOTE,	 /* smaller, grey: ※ remarks */
	LAYOUT_P_LEAD,	 /* larger sans: a cover's company name */
	LAYOUT_P_CENTER, /* body text, centred */
};

enum layout_align {
	LAYOUT_LEFT,
	LAYOUT_CENTER,
	LAYOUT_RIGHT,
};

/* A font for text placed by coordinates (cards, covers, furniture). */
struct layout_font {
	enum layout_face face;
	double size; /* points */
	bool bold;
	uint32_t color; /* 0xRRGGBB */
	double spacing; /* line height factor; 0: the font's own */
};

/* Heading flags. */
enum layout_heading_flags {
	LAYOUT_H_OUTLINE = 1 << 0,  /* a bookmark in the PDF outline */
	LAYOUT_H_TOC = 1 << 1,	    /* listed in the table of contents */
	LAYOUT_H_NEW_PAGE = 1 << 2, /* starts a new page */
};

/* Table flags. */
enum layout_table_flags {
	LAYOUT_T_HEAD = 1 << 0,	   /* the first row is the header, repeated on each page */
	LAYOUT_T_KEYS = 1 << 1,	   /* the first column names the row */
	LAYOUT_T_COMPACT = 1 << 2, /* no outer frame and lighter rules (a cover's facts) */
};

/* Colours the callers share, so the manual, the card and the report match. */
#define LAYOUT_INK 0x1a1a1aU	    /* body text */
#define LAYOUT_NAVY 0x1f3a5fU	    /* headings, table heads */
#define LAYOUT_RED 0xb3261eU	    /* 社外秘, what not to do */
#define LAYOUT_GREY 0x666666U	    /* secondary text */
#define LAYOUT_RULE 0xb8c0ccU	    /* table rules */
#define LAYOUT_TINT 0xeef2f7U	    /* key columns, boxes */
#define LAYOUT_ALERT_TINT 0xfdf0efU /* alert boxes */
#define LAYOUT_MARK_TINT 0xffe45cU  /* placeholders */
#define LAYOUT_WHITE 0xffffffU

struct layout_opts {
	double width, height;					     /* the page; 0: A4 portrait */
	double margin_top, margin_bottom, margin_left, margin_right; /* 0: 20 mm */
	/* PDF metadata (UTF-8, any may be NULL). create_date is ISO 8601,
	 * "2026-04-01T09:00:00"; when NULL, $MOSHIMO_TODAY at midnight (for
	 * reproducible tests), else now. */
	const char *title, *author, *subject, *keywords, *creator, *create_date;
	/* Produces the pages; returns 0, or -1 after layout_fail(). */
	int (*content)(struct layout *L, void *ud);
	/* Draws a page's header and footer (with layout_text_at and friends)
	 * after its content; not called for plain pages. May be NULL. */
	void (*furniture)(struct layout *L, int page, int pages, void *ud);
	void *ud;
};

/* Checks the fonts, lays out and draws the document and appends the PDF to
 * out. Returns 0, or -1 with e set; out is then left as it was. The font
 * families are "Noto Sans CJK JP" and "Noto Serif CJK JP", or both
 * $MOSHIMO_FONT when set; a family that is not installed, has no Japanese
 * glyphs or cannot be loaded is an error naming it. */
int layout_render(const struct layout_opts *o, struct buf *out, struct mo_err *e) MO_WUR;

/* Sets the first error (later errors are ignored) and stops the layout. */
void layout_fail(struct layout *L, const char *fmt, ...) MO_PRINTF(2, 3);
bool layout_failed(const struct layout *L);

/* ---- Pending text ------------------------------------------------------- */

/* Appends text (NULL or "" adds nothing) in style (enum layout_run_style). */
void layout_add(struct layout *L, unsigned style, const char *text);
void layout_addn(struct layout *L, unsigned style, const char *text, size_t len);
/* As layout_add, and the text links to href (http, https, mailto, tel;
 * other schemes are shown as plain text). */
void layout_add_link(struct layout *L, unsigned style, const char *text, const char *href);
/* Breaks the line. */
void layout_newline(struct layout *L);
/* True when no text is pending. */
bool layout_pending_empty(const struct layout *L);
/* Drops the pending text (after measuring it with layout_text_height). */
void layout_discard(struct layout *L);

/* ---- The flow ----------------------------------------------------------- */

/* A heading of level 1 (a document's title) to 4. number ("4.1") may be
 * NULL. flags: enum layout_heading_flags. Kept on a page with what follows. */
void layout_heading(struct layout *L, int level, const char *number, unsigned flags);
void layout_para(struct layout *L, enum layout_para_style style);
/* A list item at depth (0 = top), with its marker ("・", "1.", "□"). */
void layout_item(struct layout *L, int depth, const char *marker);
/* Ends a list: the space after it. */
void layout_list_end(struct layout *L);

/* A table of ncols columns (flags: enum layout_table_flags). Each cell's
 * text is the pending text when layout_table_cell is called; a row ends with
 * layout_table_row (a short row is padded with empty cells). The table is
 * laid out at layout_table_end: column widths from the cells' contents, long
 * cells wrapped, rows split across pages with the header row repeated. */
void layout_table_begin(struct layout *L, size_t ncols, unsigned flags);
void layout_table_cell(struct layout *L);
void layout_table_row(struct layout *L);
void layout_table_end(struct layout *L);

/* The table of contents: the pending text is its title; then every heading
 * with LAYOUT_H_TOC, its page number and a link to it. A new page follows. */
void layout_toc(struct layout *L);

/* Starts a new page for what follows (nothing when the page is empty). */
void layout_page_break(struct layout *L);
/* No furniture on the current page (or the next, when none is started). */
void layout_page_plain(struct layout *L);
/* Vertical space; dropped at the top of a page. */
void layout_space(struct layout *L, double pt);
/* Moves down to y on the current page (a new page when past it). */
void layout_skip_to(struct layout *L, double y);

/* A framed group with a background; may break across pages (the frame is
 * open at the break). Boxes do not nest. */
void layout_box_begin(struct layout *L, uint32_t fill, uint32_t border);
void layout_box_end(struct layout *L);

/* ---- Placing by coordinates (cards, covers, furniture) ----------------- */

/* Starts a new page (even when the current one is empty) and returns its
 * number; for pages drawn by coordinates. */
int layout_new_page(struct layout *L);
/* Draws the pending text at (x, y) (its top) in a box w wide (w <= 0: no
 * wrapping), aligned; returns its height. In the measuring pass nothing is
 * drawn but the height is right. */
double layout_text_at(struct layout *L, double x, double y, double w, const struct layout_font *f,
		      enum layout_align a);
/* As layout_text_at, on one line: text wider than w is cut with "…". */
double layout_text_line(struct layout *L, double x, double y, double w, const struct layout_font *f,
			enum layout_align a);
/* The height the pending text would take, without taking it. */
double layout_text_height(struct layout *L, double w, const struct layout_font *f);
void layout_fill_rect(struct layout *L, double x, double y, double w, double h, uint32_t rgb);
void layout_stroke_rect(struct layout *L, double x, double y, double w, double h, double line_width,
			uint32_t rgb);
/* A rectangle with rounded corners (radius r), filled and/or stroked
 * (pass fill or border as LAYOUT_NONE to leave it out). */
void layout_round_rect(struct layout *L, double x, double y, double w, double h, double r,
		       uint32_t fill, uint32_t border, double line_width);
#define LAYOUT_NONE 0xff000000U
void layout_line(struct layout *L, double x0, double y0, double x1, double y1, double line_width,
		 uint32_t rgb);
/* A bookmark in the outline at level (1, 2, …) pointing at y of the
 * current page. */
void layout_bookmark(struct layout *L, int level, const char *title, double y);

/* The QR code of text (UTF-8, error correction level M) as a square of
 * side size with its quiet zone included, top-left at (x, y). Returns 0,
 * or -1 with the layout failed when text cannot be encoded. */
int layout_qr(struct layout *L, double x, double y, double size, const char *text);

/* Measuring only: while on, the calls of this section draw nothing but
 * layout_text_at still returns heights, so a caller can try a size before
 * drawing with it. Calls nest (on, on, off, off). */
void layout_dry(struct layout *L, bool on);

/* Geometry of the flow: the content box and the current position. */
double layout_page_width(const struct layout *L);
double layout_page_height(const struct layout *L);
double layout_left(const struct layout *L);
double layout_right(const struct layout *L);
double layout_y(const struct layout *L);

#endif
