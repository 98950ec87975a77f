/* YAML to a positioned tree with libyaml's event parser: see node.h. */
#include "policy/node.h"
#include "policy/yaml_errors.h"

#include <yaml.h>

struct anchor {
	const char *name;
	struct pnode *node;
};

struct builder {
	yaml_parser_t parser;
	struct arena *a;
	const char *name;
	const char *text; /* for yaml_error_explain */
	size_t len;
	struct mo_err *e;
	size_t nodes;
	struct anchor *anchors;
	size_t n_anchors;
	size_t cap_anchors;
};

/* Columns count characters, not bytes: libyaml's mark.column counts
 * characters already; lines and columns are 0-based there. */
static void pos_of(const yaml_mark_t *m, int *line, int *col)
{
	*line = (int)m->line + 1;
	*col = (int)m->column + 1;
}

static int fail_at(struct builder *b, const yaml_mark_t *m, const char *msg)
{
	int line, col;

	pos_of(m, &line, &col);
	return mo_err_set(b->e, b->name, line, col, "%s", msg);
}

static int parser_fail(struct builder *b)
{
	yaml_parser_t *p = &b->parser;
	const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->context_mark;
	const char *problem = p->problem ? p->problem : "unknown problem";

	if (p->error == YAML_MEMORY_ERROR)
		return mo_err_oom(b->e, b->name);
	{
		struct yaml_problem y = {p->context, p->problem, 0, 0, 0, 0};
		char msg[sizeof(b->e->msg)];
		int line = 0, col = 0;

		if (p->context)
			pos_of(&p->context_mark, &y.context_line, &y.context_col);
		if (p->problem)
			pos_of(&p->problem_mark, &y.problem_line, &y.problem_col);
		if (yaml_error_explain(b->text, b->len, &y, &line, &col, msg, sizeof(msg)))
			return mo_err_set(b->e, b->name, line, col, "%s", msg);
	}
	if (p->context) {
		int line, col;

		pos_of(m, &line, &col);
		return mo_err_set(b->e, b->name, line, col, _("YAML syntax: %s %s"), p->context,
				  problem);
	}
	{
		int line, col;

		pos_of(m, &line, &col);
		return mo_err_set(b->e, b->name, line, col, _("YAML syntax: %s"), problem);
	}
}

static int next_event(struct builder *b, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&b->parser, ev))
		return parser_fail(b);
	return 0;
}

static struct pnode *new_node(struct builder *b, enum pnode_kind kind, const yaml_mark_t *m)
{
	struct pnode *n;

	if (++b->nodes > PNODE_MAX_NODES) {
		fail_at(b, m, _("too many YAML nodes (aliases expanded)"));
		return NULL;
	}
	n = arena_alloc(b->a, sizeof(*n));
	if (!n) {
		mo_err_oom(b->e, b->name);
		return NULL;
	}
	n->kind = kind;
	pos_of(m, &n->line, &n->col);
	return n;
}

static int remember_anchor(struct builder *b, const yaml_char_t *anchor, struct pnode *n)
{
	if (!anchor)
		return 0;
	if (b->n_anchors == b->cap_anchors) {
		size_t ncap = b->cap_anchors ? b->cap_anchors * 2 : 8;
		struct anchor *na = realloc(b->anchors, ncap * sizeof(*na));

		if (!na)
			return mo_err_oom(b->e, b->name);
		b->anchors = na;
		b->cap_anchors = ncap;
	}
	b->anchors[b->n_anchors].name = arena_strdup(b->a, (const char *)anchor);
	if (!b->anchors[b->n_anchors].name)
		return mo_err_oom(b->e, b->name);
	b->anchors[b->n_anchors].node = n;
	b->n_anchors++;
	return 0;
}

/* Counts an alias's expansion against the node limit, since a model that
 * walks it visits every node again. */
static size_t subtree_size(const struct pnode *n, size_t limit)
{
	size_t total = 1;

	if (n->kind == PNODE_SEQUENCE) {
		for (size_t i = 0; i < n->n && total <= limit; i++)
			total += subtree_size(n->items[i], limit - total);
	} else if (n->kind == PNODE_MAPPING) {
		for (size_t i = 0; i < n->n && total <= limit; i++)
			total += subtree_size(n->pairs[i].value, limit - total);
	}
	return total;
}

static struct pnode *build(struct builder *b, yaml_event_t *ev, int depth);

static int grow(struct builder *b, void **v, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *nv;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	nv = arena_calloc(b->a, ncap, size);
	if (!nv)
		return mo_err_oom(b->e, b->name);
	if (n)
		memcpy(nv, *v, n * size);
	*v = nv;
	*cap = ncap;
	return 0;
}

static struct pnode *build_sequence(struct builder *b, yaml_event_t *start, int depth)
{
	struct pnode *n = new_node(b, PNODE_SEQUENCE, &start->start_mark);
	size_t cap = 0;

	if (!n || remember_anchor(b, start->data.sequence_start.anchor, n))
		return NULL;
	for (;;) {
		yaml_event_t ev;
		struct pnode *item;

		if (next_event(b, &ev))
			return NULL;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return n;
		}
		item = build(b, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!item || grow(b, (void **)&n->items, &cap, n->n, sizeof(*n->items)))
			return NULL;
		n->items[n->n++] = item;
	}
}

static struct pnode *build_mapping(struct builder *b, yaml_event_t *start, int depth)
{
	struct pnode *n = new_node(b, PNODE_MAPPING, &start->start_mark);
	size_t cap = 0;

	if (!n || remember_anchor(b, start->data.mapping_start.anchor, n))
		return NULL;
	for (;;) {
		yaml_event_t ev;
		struct pnode *key, *value;
		struct pnode_pair *pair;

		if (next_event(b, &ev))
			return NULL;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return n;
		}
		if (ev.type != YAML_SCALAR_EVENT) {
			fail_at(b, &ev.start_mark, _("a mapping key must be plain text"));
			yaml_event_delete(&ev);
			return NULL;
		}
		key = build(b, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!key)
			return NULL;
		for (size_t i = 0; i < n->n; i++) {
			if (strcmp(n->pairs[i].key, key->str) == 0) {
				mo_err_set(b->e, b->name, key->line, key->col,
					   _("duplicate key \"%s\" (first at line %d)"), key->str,
					   n->pairs[i].key_line);
				return NULL;
			}
		}
		if (next_event(b, &ev))
			return NULL;
		value = build(b, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!value || grow(b, (void **)&n->pairs, &cap, n->n, sizeof(*n->pairs)))
			return NULL;
		pair = &n->pairs[n->n++];
		pair->key = key->str;
		pair->key_line = key->line;
		pair->key_col = key->col;
		pair->value = value;
	}
}

static struct pnode *build(struct builder *b, yaml_event_t *ev, int depth)
{
	struct pnode *n;

	if (depth > PNODE_MAX_DEPTH) {
		fail_at(b, &ev->start_mark, _("YAML nested too deeply"));
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = new_node(b, PNODE_SCALAR, &ev->start_mark);
		if (!n)
			return NULL;
		n->str = arena_strndup(b->a, (const char *)ev->data.scalar.value,
				       ev->data.scalar.length);
		if (!n->str) {
			mo_err_oom(b->e, b->name);
			return NULL;
		}
		n->len = ev->data.scalar.length;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		if (remember_anchor(b, ev->data.scalar.anchor, n))
			return NULL;
		return n;
	case YAML_SEQUENCE_START_EVENT:
		return build_sequence(b, ev, depth);
	case YAML_MAPPING_START_EVENT:
		return build_mapping(b, ev, depth);
	case YAML_ALIAS_EVENT:
		for (size_t i = b->n_anchors; i-- > 0;) {
			if (strcmp(b->anchors[i].name, (const char *)ev->data.alias.anchor) == 0) {
				size_t size = subtree_size(b->anchors[i].node, PNODE_MAX_NODES);

				if (size > PNODE_MAX_NODES - b->nodes) {
					fail_at(b, &ev->start_mark,
						_("too many YAML nodes (aliases expanded)"));
					return NULL;
				}
				b->nodes += size;
				return b->anchors[i].node;
			}
		}
		fail_at(b, &ev->start_mark, _("unknown YAML alias"));
		return NULL;
	default:
		fail_at(b, &ev->start_mark, _("unexpected YAML structure"));
		return NULL;
	}
}

struct pnode *pnode_parse(struct arena *a, const char *text, size_t len, const char *name,
			  struct mo_err *e)
{
	struct builder b;
	yaml_event_t ev;
	struct pnode *root = NULL;
	bool started = false;

	mo_err_clear(e);
	memset(&b, 0, sizeof(b));
	b.a = a;
	b.name = name;
	b.text = text;
	b.len = len;
	b.e = e;
	if (!yaml_parser_initialize(&b.parser)) {
		mo_err_oom(e, name);
		return NULL;
	}
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&b.parser, YAML_UTF8_ENCODING);
	for (;;) {
		if (next_event(&b, &ev))
			goto out;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT) {
			if (started) {
				fail_at(&b, &ev.start_mark, _("only one YAML document is allowed"));
				yaml_event_delete(&ev);
				root = NULL;
				goto out;
			}
			started = true;
			yaml_event_delete(&ev);
			if (next_event(&b, &ev))
				goto out;
			if (ev.type == YAML_DOCUMENT_END_EVENT) {
				yaml_event_delete(&ev);
				continue;
			}
			root = build(&b, &ev, 0);
			yaml_event_delete(&ev);
			if (!root)
				goto out;
			continue;
		}
		yaml_event_delete(&ev);
	}
	if (!root)
		mo_err_set(e, name, 1, 1, _("the file is empty"));
out:
	free(b.anchors);
	yaml_parser_delete(&b.parser);
	return e->code ? NULL : root;
}

const struct pnode_pair *pnode_pair(const struct pnode *map, const char *key)
{
	if (!map || map->kind != PNODE_MAPPING)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->pairs[i].key, key) == 0)
			return &map->pairs[i];
	return NULL;
}

const struct pnode *pnode_get(const struct pnode *map, const char *key)
{
	const struct pnode_pair *p = pnode_pair(map, key);

	return p ? p->value : NULL;
}

const char *pnode_kind_name(enum pnode_kind k)
{
	switch (k) {
	case PNODE_SCALAR:
		return _("text");
	case PNODE_SEQUENCE:
		return _("list");
	case PNODE_MAPPING:
		return _("mapping");
	}
	return "?";
}

bool pnode_is_null(const struct pnode *n)
{
	return !n || (n->kind == PNODE_SCALAR && n->plain &&
		      (n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0));
}

void pnode_error(struct mo_findings *f, const struct pnode *n, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mo_findings_add(f, MO_ERROR, n ? n->line : 0, n ? n->col : 0, "%s", msg);
}
