/* The HTML writer: escaping text and attributes, literal-only markup, URL
 * schemes that may be linked. See html.h. */
#include "util/html.h"

#include <strings.h>

/* The escape for byte c, or NULL when c is written as is. Control
 * characters other than tab, newline and carriage return are not allowed
 * in HTML text: they are dropped (""). */
static const char *escape_of(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	case '\t':
	case '\n':
	case '\r':
		return NULL;
	default:
		return c < 0x20 || c == 0x7f ? "" : NULL;
	}
}

/* Writes s[0..n) escaped; with br, newlines become <br>. Copies the runs
 * between escapes in one add each. */
static void write_escaped(struct buf *b, const char *s, size_t n, bool br)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = br && c == '\n' ? "<br>\n" : escape_of(c);

		if (!esc)
			continue;
		if (buf_add(b, s + run, i - run) || buf_adds(b, esc))
			return;
		run = i + 1;
	}
	if (buf_add(b, s + run, n - run))
		return;
}

void html_text(struct buf *b, const char *s)
{
	if (s)
		write_escaped(b, s, strlen(s), false);
}

void html_text_n(struct buf *b, const char *s, size_t n)
{
	if (s)
		write_escaped(b, s, n, false);
}

void html_text_br(struct buf *b, const char *s)
{
	if (s)
		write_escaped(b, s, strlen(s), true);
}

void html_raw_literal_(struct buf *b, const char *literal, size_t len)
{
	if (buf_add(b, literal, len))
		return;
}

void html_attr_(struct buf *b, const char *name, const char *value)
{
	if (buf_addc(b, ' ') || buf_adds(b, name) || buf_adds(b, "=\""))
		return;
	html_text(b, value ? value : "");
	if (buf_addc(b, '"'))
		return;
}

bool html_url_ok(const char *url)
{
	static const char *const schemes[] = {"http://", "https://", "mailto:", "tel:"};
	bool scheme = false;

	if (!url)
		return false;
	for (size_t i = 0; i < MO_ARRAY_SIZE(schemes); i++) {
		size_t n = strlen(schemes[i]);

		if (strncasecmp(url, schemes[i], n) == 0 && url[n])
			scheme = true;
	}
	if (!scheme)
		return false;
	for (const unsigned char *c = (const unsigned char *)url; *c; c++)
		if (*c <= 0x20 || *c == 0x7f)
			return false;
	return true;
}

bool html_url_attr_(struct buf *b, const char *name, const char *url)
{
	if (!html_url_ok(url))
		return false;
	html_attr_(b, name, url);
	return true;
}
