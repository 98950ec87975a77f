/* libyaml's syntax errors made actionable. libyaml says where its scanner
 * gave up, in its own English ("while scanning a simple key could not find
 * expected ':'"), often a line or many lines after the mistake. Here the
 * text itself is read, up to where libyaml stopped, for the mistakes people
 * make when they edit policy.yaml by hand, and the first one found is
 * named in words, at its own line. */
#include "policy/yaml_errors.h"

#include <ctype.h>

struct line {
	const char *s;
	size_t len;
	int no; /* 1-based */
};

static bool next_line(const char *text, size_t len, size_t *pos, int *no, struct line *l)
{
	const char *nl;

	if (*pos >= len)
		return false;
	l->s = text + *pos;
	nl = memchr(l->s, '\n', len - *pos);
	l->len = nl ? (size_t)(nl - l->s) : len - *pos;
	if (l->len && l->s[l->len - 1] == '\r')
		l->len--;
	l->no = ++*no;
	*pos += (size_t)(nl ? nl - l->s + 1 : (ptrdiff_t)(len - *pos));
	return true;
}

/* Characters (not bytes) before byte offset off of l: libyaml's columns. */
static int col_of(const struct line *l, size_t off)
{
	int c = 1;

	for (size_t i = 0; i < off && i < l->len; i++)
		if (((unsigned char)l->s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

static size_t indent_of(const struct line *l)
{
	size_t i = 0;

	while (i < l->len && l->s[i] == ' ')
		i++;
	return i;
}

static bool is_fullwidth_space(const struct line *l, size_t i)
{
	return i + 2 < l->len && (unsigned char)l->s[i] == 0xE3 &&
	       (unsigned char)l->s[i + 1] == 0x80 && (unsigned char)l->s[i + 2] == 0x80;
}

/* Blank or a comment only. */
static bool is_blank(const struct line *l)
{
	size_t i = indent_of(l);

	return i == l->len || l->s[i] == '#';
}

/* Where the content starts after the indentation and any "- " markers. */
static size_t content_of(const struct line *l)
{
	size_t i = indent_of(l);

	while (i + 1 < l->len && l->s[i] == '-' && l->s[i + 1] == ' ') {
		i += 2;
		while (i < l->len && l->s[i] == ' ')
			i++;
	}
	return i;
}

/* The line's text without a trailing comment or spaces (outside quotes,
 * roughly: a # after a space). */
static size_t code_len(const struct line *l)
{
	size_t n = l->len;
	char q = 0;

	for (size_t i = 0; i < l->len; i++) {
		char c = l->s[i];

		if (q) {
			if (c == q)
				q = 0;
		} else if ((c == '"' || c == '\'') && (i == 0 || strchr(" [{,:", l->s[i - 1]))) {
			q = c;
		} else if (c == '#' && (i == 0 || l->s[i - 1] == ' ')) {
			n = i;
			break;
		}
	}
	while (n && l->s[n - 1] == ' ')
		n--;
	return n;
}

/* A value that is a block scalar ("key: |", "- >-"): the lines after it
 * that are indented more are text, not YAML. */
static bool opens_block_scalar(const struct line *l)
{
	size_t n = code_len(l);

	while (n &&
	       (l->s[n - 1] == '-' || l->s[n - 1] == '+' || isdigit((unsigned char)l->s[n - 1])))
		n--;
	return n >= 2 && (l->s[n - 1] == '|' || l->s[n - 1] == '>') &&
	       (l->s[n - 2] == ' ' || l->s[n - 2] == ':');
}

/* Walks the content lines up to limit, skipping block scalars' text. */
struct walk {
	const char *text;
	size_t len, pos;
	int no, limit;
	bool in_block;
	size_t block_indent;
};

static bool walk_next(struct walk *w, struct line *l)
{
	while (next_line(w->text, w->len, &w->pos, &w->no, l)) {
		if (l->no > w->limit)
			return false;
		if (w->in_block) {
			if (is_blank(l) || indent_of(l) > w->block_indent)
				continue;
			w->in_block = false;
		}
		if (is_blank(l))
			continue;
		if (opens_block_scalar(l)) {
			w->in_block = true;
			w->block_indent = indent_of(l);
		}
		return true;
	}
	return false;
}

static void walk_init(struct walk *w, const char *text, size_t len, int limit)
{
	memset(w, 0, sizeof(*w));
	w->text = text;
	w->len = len;
	w->limit = limit;
}

/* A tab or a full-width space in the indentation. */
static bool find_tab(const char *text, size_t len, int limit, int *line, int *col, char *msg,
		     size_t size)
{
	struct line l;
	size_t pos = 0;
	int no = 0;

	while (next_line(text, len, &pos, &no, &l) && l.no <= limit) {
		for (size_t i = 0; i < l.len; i++) {
			if (l.s[i] == '\t') {
				*line = l.no;
				*col = col_of(&l, i);
				snprintf(
					msg, size, "%s",
					_("the indentation has a tab character: indent with spaces "
					  "only (YAML does not allow tabs)"));
				return true;
			}
			if (is_fullwidth_space(&l, i)) {
				*line = l.no;
				*col = col_of(&l, i);
				snprintf(msg, size, "%s",
					 _("the indentation has a full-width space (　): indent "
					   "with half-width spaces"));
				return true;
			}
			if (l.s[i] != ' ' && l.s[i] != '-')
				break;
		}
	}
	return false;
}

/* A quote opened on a line and not closed on it. */
static bool find_quote(const char *text, size_t len, int limit, int *line, int *col, char *msg,
		       size_t size)
{
	struct walk w;
	struct line l;

	walk_init(&w, text, len, limit);
	while (walk_next(&w, &l)) {
		char q = 0;
		size_t at = 0;

		for (size_t i = content_of(&l); i < l.len; i++) {
			char c = l.s[i];

			if (q) {
				if (c == '\\' && q == '"')
					i++;
				else if (c == q && q == '\'' && i + 1 < l.len && l.s[i + 1] == '\'')
					i++;
				else if (c == q)
					q = 0;
			} else if ((c == '"' || c == '\'') &&
				   (i == content_of(&l) || strchr(" [{,", l.s[i - 1]))) {
				q = c;
				at = i;
			} else if (c == '#' && i > 0 && l.s[i - 1] == ' ') {
				break;
			}
		}
		if (q) {
			*line = l.no;
			*col = col_of(&l, at);
			snprintf(msg, size, "%s",
				 q == '"' ? _("the quote \" opened here is not closed: add the "
					      "closing \" at the end of the value")
					  : _("the quote ' opened here is not closed: add the "
					      "closing ' at the end of the value"));
			return true;
		}
	}
	return false;
}

/* "key:value" (no space) or "key：value" (a full-width colon). */
static bool find_colon(const char *text, size_t len, int from, int limit, int *line, int *col,
		       char *msg, size_t size)
{
	struct walk w;
	struct line l;

	walk_init(&w, text, len, limit);
	while (walk_next(&w, &l)) {
		size_t i = content_of(&l), k = i;

		if (l.no < from)
			continue;
		if (k >= l.len || !(isalpha((unsigned char)l.s[k]) || l.s[k] == '_'))
			continue;
		while (k < l.len &&
		       (isalnum((unsigned char)l.s[k]) || l.s[k] == '_' || l.s[k] == '-'))
			k++;
		if (k + 1 < l.len && l.s[k] == ':' && l.s[k + 1] != ' ' && l.s[k + 1] != '/') {
			*line = l.no;
			*col = col_of(&l, k + 1);
			snprintf(msg, size,
				 _("no space after the colon of \"%.*s:\": write \"%.*s: …\" with "
				   "a space after the colon"),
				 (int)(k - i), l.s + i, (int)(k - i), l.s + i);
			return true;
		}
		if (k + 2 < l.len && (unsigned char)l.s[k] == 0xEF &&
		    (unsigned char)l.s[k + 1] == 0xBC && (unsigned char)l.s[k + 2] == 0x9A) {
			*line = l.no;
			*col = col_of(&l, k);
			snprintf(msg, size,
				 _("\"%.*s\" is followed by a full-width colon (：): write a "
				   "half-width colon and a space, \"%.*s: …\""),
				 (int)(k - i), l.s + i, (int)(k - i), l.s + i);
			return true;
		}
	}
	return false;
}

/* A [ or { without its closing bracket on the line it opens. */
static bool find_bracket(const char *text, size_t len, int from, int limit, int *line, int *col,
			 char *msg, size_t size)
{
	struct walk w;
	struct line l;

	walk_init(&w, text, len, limit);
	while (walk_next(&w, &l)) {
		char stack[32], q = 0;
		size_t at[32], depth = 0, n = code_len(&l);

		if (l.no < from)
			continue;
		for (size_t i = content_of(&l); i < n; i++) {
			char c = l.s[i];

			if (q) {
				if (c == q)
					q = 0;
			} else if (c == '"' || c == '\'') {
				if (i == 0 || strchr(" [{,", l.s[i - 1]))
					q = c;
			} else if ((c == '[' || c == '{') && depth < MO_ARRAY_SIZE(stack)) {
				at[depth] = i;
				stack[depth++] = c;
			} else if ((c == ']' || c == '}') && depth) {
				depth--;
			}
		}
		if (depth) {
			*line = l.no;
			*col = col_of(&l, at[depth - 1]);
			snprintf(
				msg, size, "%s",
				stack[depth - 1] == '['
					? _("the bracket [ opened here is not closed: add ] at the "
					    "end of the list (items are separated by commas)")
					: _("the brace { opened here is not closed: add } at the "
					    "end (items are separated by commas)"));
			return true;
		}
	}
	return false;
}

/* A line indented to no level of the lines before it: deeper than its
 * parent allows, or back to a column no key above starts at. */
static bool find_indent(const char *text, size_t len, int limit, int *line, int *col, char *msg,
			size_t size)
{
	struct walk w;
	struct line l;
	size_t levels[128], nl = 0;
	bool opens = true; /* the line before ends with ':' (a key with a block value) */

	walk_init(&w, text, len, limit);
	while (walk_next(&w, &l)) {
		size_t ind = indent_of(&l), n = code_len(&l);
		bool bad = false;

		if (nl == 0 || ind > levels[nl - 1]) {
			if (nl && !opens)
				bad = true;
			else if (nl < MO_ARRAY_SIZE(levels))
				levels[nl++] = ind;
		} else {
			while (nl && levels[nl - 1] > ind)
				nl--;
			if (!nl || levels[nl - 1] != ind)
				bad = true;
		}
		if (bad) {
			*line = l.no;
			*col = (int)ind + 1;
			snprintf(msg, size, "%s",
				 _("the indentation (the spaces at the start of the line) does "
				   "not match the lines around it: start it in the same column as "
				   "the other keys at its level"));
			return true;
		}
		/* "- key: v": the item's keys continue two columns in. */
		if (content_of(&l) > ind && l.s[ind] == '-' && nl < MO_ARRAY_SIZE(levels) &&
		    content_of(&l) < n)
			levels[nl++] = content_of(&l);
		opens = n > 0 && (l.s[n - 1] == ':' || (l.s[n - 1] == '-' && n - 1 == ind));
	}
	return false;
}

static bool has(const char *s, const char *what)
{
	return s && strstr(s, what);
}

bool yaml_error_explain(const char *text, size_t len, const struct yaml_problem *y, int *line,
			int *col, char *msg, size_t size)
{
	int limit = y->problem_line > y->context_line ? y->problem_line : y->context_line;
	int from = y->context_line ? y->context_line : 1;

	if (!text || limit < 1)
		return false;
	if (find_tab(text, len, limit, line, col, msg, size))
		return true;
	if (find_quote(text, len, limit, line, col, msg, size))
		return true;
	if ((has(y->context, "simple key") || has(y->problem, "could not find expected ':'")) &&
	    find_colon(text, len, from, limit, line, col, msg, size))
		return true;
	if ((has(y->context, "flow") || has(y->problem, "']'") || has(y->problem, "'}'")) &&
	    find_bracket(text, len, from, limit, line, col, msg, size))
		return true;
	if (find_bracket(text, len, 1, limit, line, col, msg, size))
		return true;
	if (find_indent(text, len, limit, line, col, msg, size))
		return true;
	if (find_colon(text, len, 1, limit, line, col, msg, size))
		return true;
	if (has(y->problem, "mapping values are not allowed") && y->problem_line) {
		*line = y->problem_line;
		*col = y->problem_col;
		snprintf(msg, size, "%s",
			 _("a colon and a space (\": \") inside a value: put the whole value in "
			   "quotes (\"…\")"));
		return true;
	}
	return false;
}
