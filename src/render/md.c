/* Any document tree (doc.h) as Markdown (CommonMark with GFM tables, like
 * the IPA template 002 itself): the manual, the card, an incident's report.
 *
 * Policy text stays as written, so the Markdown reads as plain text too;
 * only what would change the document's structure or inject markup is
 * escaped: \ ` [ < & everywhere, | in table cells, and a list, heading or
 * quote marker at the start of a line. Emphasis characters (* _) are left
 * alone: the template's own text uses them ("個人データ*", "090-****"). */
#include "render/doc_format.h"
#include "policy/policy.h"

/* How text is written where it appears. */
struct md_ctx {
	const char *br;	    /* a line break inside the text */
	const char *indent; /* written after each break (list continuation) */
	bool cell;	    /* inside a table cell */
};

static const struct md_ctx ctx_para = {"  \n", "", false};
static const struct md_ctx ctx_heading = {" ", "", false};
static const struct md_ctx ctx_cell = {"<br>", "", true};

/* Failures accumulate in b (see util/buf.h): the caller checks b->failed. */
static void put(struct buf *b, const char *s)
{
	if (buf_adds(b, s))
		return;
}

static void putn(struct buf *b, const char *s, size_t n)
{
	if (buf_add(b, s, n))
		return;
}

/* A list marker at the start of a line ("1. ", "2) "): digits then . or )
 * then a space or the end. Returns the number of digits, or 0. */
static size_t ordered_marker(const char *s)
{
	size_t k = strspn(s, "0123456789");

	if (k && (s[k] == '.' || s[k] == ')') && (s[k + 1] == ' ' || s[k + 1] == '\0'))
		return k;
	return 0;
}

/* Writes s escaped; *bol says the next byte starts a line of the output. */
static void md_escaped(struct buf *b, const char *s, const struct md_ctx *c, bool *bol)
{
	for (const char *p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '\n') {
			put(b, c->br);
			put(b, c->indent);
			*bol = !c->cell;
			continue;
		}
		if (*bol) {
			size_t k = ordered_marker(p);

			*bol = false;
			if (k) {
				putn(b, p, k);
				put(b, "\\");
				p += k - 1;
				continue;
			}
			if (strchr("#>-+=", ch) || (ch == '*' && p[1] == ' '))
				put(b, "\\");
		}
		switch (ch) {
		case '\\':
			put(b, "\\\\");
			break;
		case '`':
			put(b, "\\`");
			break;
		case '[':
			put(b, "\\[");
			break;
		case '<':
			put(b, "&lt;");
			break;
		case '&':
			put(b, "&amp;");
			break;
		case '|':
			put(b, c->cell ? "\\|" : "|");
			break;
		default:
			if (ch >= 0x20 || ch == '\t')
				putn(b, p, 1);
			break;
		}
	}
}

static bool is_web_url(const char *s)
{
	return strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0;
}

/* Spans of one line. Bold only for a line that is one span: CommonMark's
 * emphasis rules misread ** next to Japanese punctuation inside a line. A
 * link whose text is its web address is written bare (GFM links it);
 * other links (tel:, mailto:) are shown as their text. */
static void md_line(struct buf *b, const struct doc_line *l, const struct md_ctx *c, bool *bol)
{
	bool bold = l->first && !l->first->next && (l->first->style & DOC_STRONG) &&
		    !strchr(l->first->text, '\n');

	if (bold) {
		put(b, "**");
		*bol = false;
	}
	for (const struct doc_span *s = l->first; s; s = s->next) {
		if (s->href && strcmp(s->href, s->text) == 0 && is_web_url(s->href) &&
		    !strpbrk(s->href, " <>\n"))
			md_escaped(b, s->href, c, bol);
		else
			md_escaped(b, s->text, c, bol);
	}
	if (bold)
		put(b, "**");
}

static void md_text(struct buf *b, const struct doc_text *t, const struct md_ctx *c, bool bol)
{
	for (const struct doc_line *l = t->first; l; l = l->next) {
		if (l != t->first) {
			put(b, c->br);
			put(b, c->indent);
			bol = !c->cell;
		}
		md_line(b, l, c, &bol);
	}
}

static void md_heading(struct buf *b, const struct doc_block *h)
{
	static const char hashes[] = "######";
	int level = h->level < 1 ? 1 : h->level > 6 ? 6 : h->level;

	putn(b, hashes, (size_t)level);
	put(b, " ");
	if (h->number) {
		put(b, h->number);
		put(b, h->level == 2 ? ". " : " ");
	}
	md_text(b, &h->text, &ctx_heading, false);
	put(b, "\n\n");
}

#define MD_MAX_INDENT 32

static void md_list(struct buf *b, const struct doc_block *l, size_t indent)
{
	size_t n = 0;

	for (const struct doc_item *it = l->items; it; it = it->next) {
		char marker[32], cont[MD_MAX_INDENT + 8];
		struct md_ctx c = ctx_para;
		size_t width;

		n++;
		switch (l->list) {
		case DOC_NUMBERED:
			snprintf(marker, sizeof(marker), "%zu. ", n);
			width = strlen(marker);
			break;
		case DOC_CHECKLIST:
			snprintf(marker, sizeof(marker), "- [ ] ");
			width = 2;
			break;
		default:
			snprintf(marker, sizeof(marker), "- ");
			width = 2;
			break;
		}
		/* Deeper than the documents nest: stop indenting, keep the text. */
		if (indent + width > MD_MAX_INDENT)
			width = 0;
		memset(cont, ' ', indent + width);
		cont[indent + width] = '\0';
		c.indent = cont;
		putn(b, cont, indent);
		put(b, marker);
		md_text(b, &it->text, &c, true);
		put(b, "\n");
		if (it->sub)
			md_list(b, it->sub, indent + width);
	}
	if (!indent)
		put(b, "\n");
}

/* A table without a header row is a list of names and values. */
static void md_key_list(struct buf *b, const struct doc_block *t)
{
	static const struct md_ctx ctx_item = {"  \n", "  ", false};

	for (const struct doc_row *r = t->rows; r; r = r->next) {
		put(b, "- ");
		for (const struct doc_cell *c = r->first; c; c = c->next) {
			if (c != r->first)
				put(b, c == r->first->next ? "：" : "　");
			md_text(b, &c->text, &ctx_item, c == r->first);
		}
		put(b, "\n");
	}
	put(b, "\n");
}

static void md_row(struct buf *b, const struct doc_row *r, size_t ncols)
{
	const struct doc_cell *c = r->first;

	put(b, "|");
	for (size_t i = 0; i < ncols; i++) {
		put(b, " ");
		if (c) {
			md_text(b, &c->text, &ctx_cell, false);
			c = c->next;
		}
		put(b, " |");
	}
	put(b, "\n");
}

static void md_table(struct buf *b, const struct doc_block *t)
{
	if (!t->head) {
		md_key_list(b, t);
		return;
	}
	md_row(b, t->head, t->ncols);
	put(b, "|");
	for (size_t i = 0; i < t->ncols; i++)
		put(b, " --- |");
	put(b, "\n");
	for (const struct doc_row *r = t->rows; r; r = r->next)
		md_row(b, r, t->ncols);
	put(b, "\n");
}

static void md_toc(struct buf *b, const struct doc *d, const struct doc_block *toc)
{
	put(b, "## ");
	md_text(b, &toc->text, &ctx_heading, false);
	put(b, "\n\n");
	for (const struct doc_block *h = d->first; h; h = h->next) {
		bool bol = true;

		if (h->kind != DOC_HEADING || !h->in_toc)
			continue;
		put(b, h->level == 2 ? "- " : "  - ");
		if (h->number) {
			char num[64];

			snprintf(num, sizeof(num), "%s%s", h->number, h->level == 2 ? ". " : " ");
			md_escaped(b, num, &ctx_para, &bol);
		}
		md_text(b, &h->text, &ctx_para, bol);
		put(b, "\n");
	}
	put(b, "\n");
}

static void md_block(struct buf *b, const struct doc *d, const struct doc_block *k)
{
	switch (k->kind) {
	case DOC_HEADING:
		md_heading(b, k);
		break;
	case DOC_PARA:
	case DOC_NOTE:
		md_text(b, &k->text, &ctx_para, true);
		put(b, "\n\n");
		break;
	case DOC_LIST:
		md_list(b, k, 0);
		break;
	case DOC_TABLE:
		md_table(b, k);
		break;
	case DOC_TOC:
		md_toc(b, d, k);
		break;
	case DOC_PAGE_BREAK:
		break;
	case DOC_BOX_BEGIN:
		/* A box (the card) stands apart from what comes before it. */
		if (k != d->first)
			put(b, "---\n\n");
		break;
	case DOC_BOX_END:
		if (k->next)
			put(b, "---\n\n");
		break;
	}
}

int doc_write_md(const struct doc *d, struct buf *out, struct mo_err *e)
{
	for (const struct doc_block *k = d->first; k; k = k->next)
		md_block(out, d, k);
	if (out->failed)
		return mo_err_oom(e, NULL);
	return 0;
}
