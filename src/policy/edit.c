/* Changing a policy's YAML text without losing its comments: a tree of the
 * document's nodes with the byte ranges libyaml reports, and edits that
 * replace, add or remove exactly those bytes (or whole lines of a block). */
#include "policy/setup.h"

#include <strings.h>
#include <yaml.h>

#define YDOC_MAX_DEPTH 64

struct ybuilder {
	struct ydoc *d;
	yaml_parser_t parser;
	size_t *lines; /* byte offset of each line's start */
	size_t n_lines;
	struct mo_err *e;
};

/* libyaml counts columns in characters; the text is UTF-8. */
static size_t mark_byte(const struct ybuilder *b, const yaml_mark_t *m)
{
	size_t at, col = 0;

	if (m->line >= b->n_lines)
		return b->d->len;
	at = b->lines[m->line];
	while (at < b->d->len && col < m->column) {
		unsigned char c = (unsigned char)b->d->text[at];

		at++;
		while (at < b->d->len && ((unsigned char)b->d->text[at] & 0xC0) == 0x80 &&
		       c >= 0xC0)
			at++;
		col++;
	}
	return at;
}

static int yfail(struct ybuilder *b, const char *msg, const yaml_mark_t *m)
{
	mo_err_set(b->e, NULL, m ? (int)m->line + 1 : 0, m ? (int)m->column + 1 : 0, "%s", msg);
	return -1;
}

static int ynext(struct ybuilder *b, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&b->parser, ev))
		return yfail(b, b->parser.problem ? b->parser.problem : _("YAML syntax error"),
			     &b->parser.problem_mark);
	return 0;
}

static struct ynode *ybuild(struct ybuilder *b, yaml_event_t *ev, int depth);

static int add_kid(struct ybuilder *b, struct ynode *n, struct ynode *k, size_t *cap)
{
	if (n->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		struct ynode **v = arena_alloc(&b->d->a, nc * sizeof(*v));

		if (!v)
			return mo_err_oom(b->e, NULL);
		if (n->n)
			memcpy(v, n->kid, n->n * sizeof(*v));
		n->kid = v;
		*cap = nc;
	}
	n->kid[n->n++] = k;
	if (k->last > n->last)
		n->last = k->last;
	return 0;
}

static struct ynode *ycollection(struct ybuilder *b, yaml_event_t *start, int depth)
{
	bool map = start->type == YAML_MAPPING_START_EVENT;
	struct ynode *n = arena_calloc(&b->d->a, 1, sizeof(*n));
	size_t cap = 0;

	if (!n) {
		mo_err_oom(b->e, NULL);
		return NULL;
	}
	n->kind = map ? YN_MAPPING : YN_SEQUENCE;
	n->start = mark_byte(b, &start->start_mark);
	n->col = (int)start->start_mark.column;
	n->flow = map ? start->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
		      : start->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
	n->last = n->start;
	for (;;) {
		yaml_event_t ev;
		const char *key = NULL;
		size_t key_start = 0;
		struct ynode *k;

		if (ynext(b, &ev))
			return NULL;
		if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT) {
			n->end = mark_byte(b, &ev.end_mark);
			yaml_event_delete(&ev);
			break;
		}
		if (map) {
			if (ev.type != YAML_SCALAR_EVENT) {
				yfail(b, _("a mapping key must be text"), &ev.start_mark);
				yaml_event_delete(&ev);
				return NULL;
			}
			key = arena_strndup(&b->d->a, (const char *)ev.data.scalar.value,
					    ev.data.scalar.length);
			key_start = mark_byte(b, &ev.start_mark);
			yaml_event_delete(&ev);
			if (!key) {
				mo_err_oom(b->e, NULL);
				return NULL;
			}
			if (ynext(b, &ev))
				return NULL;
		}
		k = ybuild(b, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!k)
			return NULL;
		k->key = key;
		k->key_start = key_start;
		if (n->flow && k->kind == YN_SCALAR)
			k->flow = true; /* its new value must be quoted if it holds , [ ] { } */
		if (add_kid(b, n, k, &cap))
			return NULL;
	}
	if (n->end < n->last)
		n->end = n->last;
	return n;
}

static struct ynode *ybuild(struct ybuilder *b, yaml_event_t *ev, int depth)
{
	struct ynode *n;

	if (depth > YDOC_MAX_DEPTH) {
		yfail(b, _("the document is nested too deeply"), &ev->start_mark);
		return NULL;
	}
	if (ev->type == YAML_ALIAS_EVENT) {
		yfail(b, _("aliases cannot be edited here"), &ev->start_mark);
		return NULL;
	}
	if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT)
		return ycollection(b, ev, depth);
	if (ev->type != YAML_SCALAR_EVENT) {
		yfail(b, _("YAML syntax error"), &ev->start_mark);
		return NULL;
	}
	n = arena_calloc(&b->d->a, 1, sizeof(*n));
	if (!n || !(n->str = arena_strndup(&b->d->a, (const char *)ev->data.scalar.value,
					   ev->data.scalar.length))) {
		mo_err_oom(b->e, NULL);
		return NULL;
	}
	n->kind = YN_SCALAR;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	n->start = mark_byte(b, &ev->start_mark);
	n->col = (int)ev->start_mark.column;
	n->end = mark_byte(b, &ev->end_mark);
	/* a block scalar's end is past its trailing breaks: keep those lines */
	while (n->end > n->start && strchr(" \t\r\n", b->d->text[n->end - 1]))
		n->end--;
	n->last = n->end;
	/* the positions must point at the node's own bytes, or an edit would
	 * land elsewhere (a line break libyaml counts that we do not, a BOM) */
	if (n->plain
		    ? n->end - n->start != ev->data.scalar.length ||
			      memcmp(b->d->text + n->start, n->str, ev->data.scalar.length) != 0
		    : n->start >= b->d->len ||
			      !strchr(ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ? "'"
				      : ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
					      ? "\""
					      : "|>",
				      b->d->text[n->start])) {
		/* a plain scalar over several lines is folded: not comparable */
		if (!(n->plain && n->end <= b->d->len &&
		      memchr(b->d->text + n->start, '\n', n->end - n->start))) {
			yfail(b, _("this file's positions cannot be edited safely"),
			      &ev->start_mark);
			return NULL;
		}
	}
	return n;
}

int ydoc_parse(struct ydoc *d, const char *text, size_t len, struct mo_err *e)
{
	struct ybuilder b = {.d = d, .e = e};
	yaml_event_t ev;
	size_t cap = 64;
	int rc = -1;

	memset(d, 0, sizeof(*d));
	arena_init(&d->a, (size_t)256 << 20);
	d->text = text;
	d->len = len;
	b.lines = malloc(cap * sizeof(*b.lines));
	if (!b.lines)
		return mo_err_oom(e, NULL);
	b.lines[b.n_lines++] = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] != '\n')
			continue;
		if (b.n_lines == cap) {
			size_t *v = realloc(b.lines, cap * 2 * sizeof(*v));

			if (!v) {
				mo_err_oom(e, NULL);
				goto out;
			}
			b.lines = v;
			cap *= 2;
		}
		b.lines[b.n_lines++] = i + 1;
	}
	if (!yaml_parser_initialize(&b.parser)) {
		mo_err_oom(e, NULL);
		goto out;
	}
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&b.parser, YAML_UTF8_ENCODING);
	for (;;) {
		if (ynext(&b, &ev))
			goto parser;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT ||
		    ev.type == YAML_SCALAR_EVENT || ev.type == YAML_ALIAS_EVENT) {
			if (d->root) {
				yaml_event_delete(&ev);
				yfail(&b, _("only one YAML document is allowed"), NULL);
				goto parser;
			}
			d->root = ybuild(&b, &ev, 0);
			yaml_event_delete(&ev);
			if (!d->root)
				goto parser;
			continue;
		}
		yaml_event_delete(&ev);
	}
	if (!d->root) {
		yfail(&b, _("the document is empty"), NULL);
		goto parser;
	}
	rc = 0;
parser:
	yaml_parser_delete(&b.parser);
out:
	free(b.lines);
	if (rc)
		arena_release(&d->a);
	return rc;
}

void ydoc_release(struct ydoc *d)
{
	if (d)
		arena_release(&d->a);
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != YN_MAPPING)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->kid[i]->key, key) == 0)
			return map->kid[i];
	return NULL;
}

/* One path segment "key", "key[3]" or "key[id=x]" applied to n. */
static const struct ynode *step(const struct ynode *n, const char *seg, size_t len)
{
	char key[128], sel[128] = "";
	const char *br = memchr(seg, '[', len);
	size_t klen = br ? (size_t)(br - seg) : len;

	if (klen >= sizeof(key))
		return NULL;
	memcpy(key, seg, klen);
	key[klen] = '\0';
	if (klen) {
		n = ynode_get(n, key);
		if (!n)
			return NULL;
	}
	if (!br)
		return n;
	if (len - klen < 2 || seg[len - 1] != ']' || len - klen - 2 >= sizeof(sel))
		return NULL;
	memcpy(sel, br + 1, len - klen - 2);
	sel[len - klen - 2] = '\0';
	if (n->kind != YN_SEQUENCE)
		return NULL;
	if (strncmp(sel, "id=", 3) == 0) {
		for (size_t i = 0; i < n->n; i++) {
			const struct ynode *id = ynode_get(n->kid[i], "id");

			if (id && id->kind == YN_SCALAR && strcmp(id->str, sel + 3) == 0)
				return n->kid[i];
		}
		return NULL;
	}
	{
		char *endp;
		unsigned long i = strtoul(sel, &endp, 10);

		if (*endp || endp == sel || i >= n->n)
			return NULL;
		return n->kid[i];
	}
}

const struct ynode *ydoc_find(const struct ydoc *d, const char *path)
{
	const struct ynode *n = d->root;

	while (n && *path) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);

		n = step(n, path, len);
		path += len + (dot ? 1 : 0);
	}
	return n;
}

/* ---- edits ---- */

void yedits_release(struct yedits *ed)
{
	for (size_t i = 0; i < ed->n; i++)
		free(ed->v[i].text);
	free(ed->v);
	memset(ed, 0, sizeof(*ed));
}

/* Takes text (malloc'd) in any case. */
static int push(struct yedits *ed, size_t start, size_t end, char *text)
{
	if (!text)
		return -1;
	if (ed->n == ed->cap) {
		size_t nc = ed->cap ? ed->cap * 2 : 16;
		struct yedit *v = realloc(ed->v, nc * sizeof(*v));

		if (!v) {
			free(text);
			return -1;
		}
		ed->v = v;
		ed->cap = nc;
	}
	ed->v[ed->n++] = (struct yedit){start, end, text};
	return 0;
}

static bool yaml_special_word(const char *s)
{
	static const char *const words[] = {"null", "~",  "true", "false", "yes",
					    "no",   "on", "off",  "y",	   "n"};
	char *endp;

	for (size_t i = 0; i < MO_ARRAY_SIZE(words); i++)
		if (strcasecmp(s, words[i]) == 0)
			return true;
	errno = 0;
	(void)strtod(s, &endp);
	if (!*endp)
		return true;
	/* dates and times read as timestamps by YAML 1.1 readers */
	if (strlen(s) >= 10 && s[4] == '-' && s[7] == '-' && strspn(s, "0123456789") == 4)
		return true;
	return false;
}

static bool plain_safe(const char *s, bool flow)
{
	size_t len = strlen(s);

	if (!len || strchr("-?:,[]{}#&*!|>'\"%@` \t", s[0]) || strchr(" \t", s[len - 1]) ||
	    s[len - 1] == ':')
		return false;
	if (strstr(s, ": ") || strstr(s, " #") || yaml_special_word(s))
		return false;
	if (flow && strpbrk(s, ",[]{}"))
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return false;
	return true;
}

int yaml_scalar_quote(const char *s, bool flow, struct buf *out)
{
	if (plain_safe(s, flow))
		return buf_adds(out, s);
	if (buf_addc(out, '"'))
		return -1;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int rc;

		if (*p == '"' || *p == '\\')
			rc = buf_addf(out, "\\%c", *p);
		else if (*p == '\n')
			rc = buf_adds(out, "\\n");
		else if (*p == '\t')
			rc = buf_adds(out, "\\t");
		else if (*p < 0x20 || *p == 0x7F)
			rc = buf_addf(out, "\\x%02X", *p);
		else
			rc = buf_addc(out, (char)*p);
		if (rc)
			return -1;
	}
	return buf_addc(out, '"');
}

int yedits_set_scalar(struct yedits *ed, const struct ynode *n, const char *value)
{
	struct buf b;

	buf_init(&b, (size_t)1 << 20);
	if (yaml_scalar_quote(value, n->flow, &b))
		return -1;
	return push(ed, n->start, n->end, buf_detach(&b, NULL));
}

int yedits_set_raw(struct yedits *ed, const struct ydoc *d, const struct ynode *n, const char *yaml)
{
	size_t end = n->flow || n->kind == YN_SCALAR ? n->end : n->last;

	(void)d;
	return push(ed, n->start, end, strdup(yaml));
}

static size_t line_start(const struct ydoc *d, size_t at)
{
	while (at > 0 && d->text[at - 1] != '\n')
		at--;
	return at;
}

/* The offset after the line that holds the byte before at. */
static size_t line_after(const struct ydoc *d, size_t at)
{
	if (at > 0 && d->text[at - 1] == '\n')
		return at;
	while (at < d->len && d->text[at] != '\n')
		at++;
	return at < d->len ? at + 1 : at;
}

int yedits_add_pair(struct yedits *ed, const struct ydoc *d, const struct ynode *map,
		    const char *key, const char *yaml)
{
	size_t at;
	int col;
	char *text;

	if (!map || map->kind != YN_MAPPING || map->flow || !map->n)
		return -1;
	col = map->col;
	at = line_after(d, map->last);
	if (at == d->len && d->len && d->text[d->len - 1] != '\n') {
		if (asprintf(&text, "\n%*s%s: %s", col, "", key, yaml) < 0)
			return -1;
	} else if (asprintf(&text, "%*s%s: %s\n", col, "", key, yaml) < 0) {
		return -1;
	}
	return push(ed, at, at, text);
}

int yedits_drop_pair(struct yedits *ed, const struct ydoc *d, const struct ynode *value)
{
	if (!value || !value->key)
		return -1;
	return push(ed, line_start(d, value->key_start), line_after(d, value->last), strdup(""));
}

int yedits_drop_item(struct yedits *ed, const struct ydoc *d, const struct ynode *item)
{
	size_t from = line_start(d, item->start);

	/* "- " sits before the item on its first line */
	return push(ed, from, line_after(d, item->last), strdup(""));
}

static int by_start(const void *a, const void *b)
{
	const struct yedit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

int yedits_apply(const struct ydoc *d, const struct yedits *ed, struct buf *out, struct mo_err *e)
{
	size_t at = 0;

	if (ed->n)
		qsort(ed->v, ed->n, sizeof(*ed->v), by_start);
	for (size_t i = 0; i < ed->n; i++) {
		const struct yedit *x = &ed->v[i];

		if (x->start < at || x->end < x->start || x->end > d->len) {
			buf_reset(out);
			return mo_err_setc(e, MO_ECONFLICT,
					   _("two answers change the same place of the policy"));
		}
		if (buf_add(out, d->text + at, x->start - at) || buf_adds(out, x->text))
			return mo_err_oom(e, NULL);
		at = x->end;
	}
	if (buf_add(out, d->text + at, d->len - at))
		return mo_err_oom(e, NULL);
	return 0;
}

/* ---- whole items and pairs written as block YAML ---- */

/* Characters from the start of at's line to at (the column of at). */
static int column_of(const struct ydoc *d, size_t at)
{
	int col = 0;

	for (size_t i = line_start(d, at); i < at; i++)
		col += ((unsigned char)d->text[i] & 0xC0) != 0x80;
	return col;
}

/* text (lines at column 0) with col spaces before each line but the first
 * (and before the first too when first); empty lines stay empty. */
static char *reindent(const char *text, int col, bool first)
{
	struct buf b;
	bool bol = first;

	buf_init(&b, (size_t)1 << 22);
	for (const char *p = text; *p; p++) {
		if (bol && *p != '\n' && buf_addf(&b, "%*s", col, ""))
			goto oom;
		if (buf_addc(&b, *p))
			goto oom;
		bol = *p == '\n';
	}
	return buf_detach(&b, NULL);
oom:
	buf_release(&b);
	return NULL;
}

static int add_list(struct buf *out, const struct ypair *p)
{
	if (!p->n)
		return buf_adds(out, " []\n");
	if (!p->block) {
		if (buf_adds(out, " ["))
			return -1;
		for (size_t i = 0; i < p->n; i++)
			if ((i && buf_adds(out, ", ")) || yaml_scalar_quote(p->list[i], true, out))
				return -1;
		return buf_adds(out, "]\n");
	}
	if (buf_addc(out, '\n'))
		return -1;
	for (size_t i = 0; i < p->n; i++)
		if (buf_adds(out, "  - ") || yaml_scalar_quote(p->list[i], false, out) ||
		    buf_addc(out, '\n'))
			return -1;
	return 0;
}

int yaml_block_pair(const struct ypair *p, struct buf *out)
{
	char *in;
	int rc;

	if (buf_adds(out, p->key) || buf_addc(out, ':'))
		return -1;
	switch (p->kind) {
	case YP_SCALAR:
		return buf_addc(out, ' ') || yaml_scalar_quote(p->value, false, out) ||
		       buf_addc(out, '\n');
	case YP_PLAIN:
		return buf_addc(out, ' ') || buf_adds(out, p->value) || buf_addc(out, '\n');
	case YP_LIST:
		return add_list(out, p);
	case YP_BLOCK:
		in = reindent(p->value, 2, true);
		if (!in)
			return -1;
		rc = buf_addc(out, '\n') || buf_adds(out, in);
		free(in);
		if (!rc && out->len && out->data[out->len - 1] != '\n')
			rc = buf_addc(out, '\n');
		return rc;
	}
	return -1;
}

int yaml_block_mapping(const struct ypair *v, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++)
		if (yaml_block_pair(&v[i], out))
			return -1;
	return 0;
}

int yaml_block_item(const struct ypair *v, size_t n, struct buf *out)
{
	struct buf m;
	char *in;
	int rc;

	buf_init(&m, (size_t)1 << 22);
	if (yaml_block_mapping(v, n, &m)) {
		buf_release(&m);
		return -1;
	}
	in = reindent(buf_str(&m), 2, false);
	buf_release(&m);
	if (!in)
		return -1;
	rc = buf_adds(out, "- ") || buf_adds(out, in);
	free(in);
	return rc;
}

/* Replaces [from, line_after(last)) with block text whose first line goes
 * at from (already at its column) and whose other lines are indented to
 * from's column. */
static int replace_block(struct yedits *ed, const struct ydoc *d, size_t from, size_t last,
			 const char *yaml)
{
	size_t to = line_after(d, last);
	char *text = reindent(yaml, column_of(d, from), false);

	if (!text)
		return -1;
	/* the end of the file without a line break: none added */
	if (to == d->len && d->len && d->text[d->len - 1] != '\n') {
		size_t l = strlen(text);

		if (l && text[l - 1] == '\n')
			text[l - 1] = '\0';
	}
	return push(ed, from, to, text);
}

int yedits_set_item(struct yedits *ed, const struct ydoc *d, const struct ynode *item,
		    const char *yaml)
{
	if (!item || item->key || item->kind != YN_MAPPING || item->flow || !item->n || !*yaml)
		return -1;
	return replace_block(ed, d, item->start, item->last, yaml);
}

int yedits_set_pair(struct yedits *ed, const struct ydoc *d, const struct ynode *value,
		    const char *yaml)
{
	if (!value || !value->key || !*yaml)
		return -1;
	return replace_block(ed, d, value->key_start, value->last, yaml);
}

int yedits_add_item(struct yedits *ed, const struct ydoc *d, const struct ynode *seq,
		    const char *yaml)
{
	struct buf b;
	char *text;
	int col;
	size_t at;

	if (!seq || seq->kind != YN_SEQUENCE || !*yaml)
		return -1;
	buf_init(&b, (size_t)1 << 22);
	if (seq->flow || !seq->n) {
		/* an empty `key: []` becomes a block sequence under its key */
		if (!seq->key || seq->n)
			goto fail;
		col = column_of(d, seq->key_start) + 2;
		text = reindent(yaml, col + 2, false);
		if (!text || buf_addc(&b, '\n') || buf_addf(&b, "%*s- ", col, "") ||
		    buf_adds(&b, text)) {
			free(text);
			goto fail;
		}
		free(text);
		/* the trailing line break of the last item is the file's own */
		if (b.len && b.data[b.len - 1] == '\n')
			b.data[--b.len] = '\0';
		at = seq->start; /* "key: []": the space before [ goes too */
		while (at > seq->key_start && d->text[at - 1] == ' ')
			at--;
		return push(ed, at, seq->end, buf_detach(&b, NULL));
	}
	col = seq->col;
	at = line_after(d, seq->last);
	text = reindent(yaml, col + 2, false);
	if (!text)
		goto fail;
	if (at == d->len && d->len && d->text[d->len - 1] != '\n' && buf_addc(&b, '\n'))
		goto fail_text;
	if (buf_addf(&b, "%*s- ", col, "") || buf_adds(&b, text))
		goto fail_text;
	if (b.len && b.data[b.len - 1] != '\n' && buf_addc(&b, '\n'))
		goto fail_text;
	free(text);
	return push(ed, at, at, buf_detach(&b, NULL));
fail_text:
	free(text);
fail:
	buf_release(&b);
	return -1;
}

int yedits_drop_item_in(struct yedits *ed, const struct ydoc *d, const struct ynode *seq, size_t i)
{
	const char *colon;

	if (!seq || seq->kind != YN_SEQUENCE || i >= seq->n || seq->flow)
		return -1;
	if (seq->n > 1 || !seq->key)
		return yedits_drop_item(ed, d, seq->kid[i]);
	/* the last item: `key: []` keeps the key (a list, not null) */
	colon = d->text + seq->key_start + strlen(seq->key);
	if (colon >= d->text + d->len || *colon != ':')
		return -1;
	colon++;
	if (push(ed, (size_t)(colon - d->text), (size_t)(colon - d->text), strdup(" []")))
		return -1;
	return yedits_drop_item(ed, d, seq->kid[i]);
}

int yedits_set_fields(struct yedits *ed, const struct ydoc *d, const struct ynode *map,
		      const struct ypair *v, size_t n)
{
	struct buf add, one;
	int rc = -1;

	if (!map || map->kind != YN_MAPPING || map->flow || !map->n)
		return -1;
	buf_init(&add, (size_t)1 << 22);
	buf_init(&one, (size_t)1 << 22);
	for (size_t i = 0; i < n; i++) {
		const struct ynode *old = ynode_get(map, v[i].key);
		bool empty = v[i].kind == YP_LIST ? !v[i].n : !v[i].value || !*v[i].value;

		if (empty && v[i].optional) {
			/* the first pair carries the item's "- " */
			if (old && (old == map->kid[0] || yedits_drop_pair(ed, d, old)))
				goto out;
			continue;
		}
		buf_reset(&one);
		if (yaml_block_pair(&v[i], &one))
			goto out;
		if (old) {
			if (yedits_set_pair(ed, d, old, buf_str(&one)))
				goto out;
		} else if (buf_adds(&add, buf_str(&one))) {
			goto out;
		}
	}
	if (add.len) {
		size_t at = line_after(d, map->last);
		char *text = reindent(buf_str(&add), map->col, true);
		struct buf b;

		if (!text)
			goto out;
		buf_init(&b, (size_t)1 << 22);
		if ((at == d->len && d->len && d->text[d->len - 1] != '\n' && buf_addc(&b, '\n')) ||
		    buf_adds(&b, text)) {
			free(text);
			buf_release(&b);
			goto out;
		}
		free(text);
		if (push(ed, at, at, buf_detach(&b, NULL)))
			goto out;
	}
	rc = 0;
out:
	buf_release(&add);
	buf_release(&one);
	return rc;
}
