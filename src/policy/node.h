/* A YAML document as a tree of nodes that keep their line and column.
 * libyaml stays inside node.c. Scalars are strings; the model loader
 * decides what they mean. Mapping keys keep their own positions. */
#ifndef MO_POLICY_NODE_H
#define MO_POLICY_NODE_H

#include "util/arena.h"
#include "util/common.h"
#include "util/err.h"

enum pnode_kind {
	PNODE_SCALAR,
	PNODE_SEQUENCE,
	PNODE_MAPPING,
};

struct pnode;

struct pnode_pair {
	const char *key;
	int key_line;
	int key_col;
	struct pnode *value;
};

struct pnode {
	enum pnode_kind kind;
	int line;		  /* 1-based */
	int col;		  /* 1-based, counted in characters */
	bool plain;		  /* scalar written without quotes */
	const char *str;	  /* PNODE_SCALAR: the text */
	size_t len;		  /* PNODE_SCALAR: its length in bytes */
	struct pnode **items;	  /* PNODE_SEQUENCE */
	struct pnode_pair *pairs; /* PNODE_MAPPING, in file order */
	size_t n;		  /* items or pairs */
};

/* Limits against hostile input: nesting depth and node count (aliases are
 * expanded, so a "billion laughs" file hits the count, not the memory). */
#define PNODE_MAX_DEPTH 64
#define PNODE_MAX_NODES 200000

/* Parses text (one YAML document) into a tree allocated in a. Returns the
 * root, or NULL with e set (file name, line, column, message). An empty
 * document is an error. Duplicate mapping keys and non-scalar keys are
 * errors. */
struct pnode *pnode_parse(struct arena *a, const char *text, size_t len, const char *name,
			  struct mo_err *e);

/* The value for key in a mapping, or NULL. */
const struct pnode *pnode_get(const struct pnode *map, const char *key);
/* The pair for key in a mapping, or NULL (for the key's position). */
const struct pnode_pair *pnode_pair(const struct pnode *map, const char *key);
/* A name for the kind, translated ("mapping", "list", "text"). */
const char *pnode_kind_name(enum pnode_kind k);

/* True for a missing node or a plain scalar meaning null (empty, ~, null). */
bool pnode_is_null(const struct pnode *n);
/* An error finding at n's position (0:0 when n is NULL), the message
 * formatted as printf does. */
void pnode_error(struct mo_findings *f, const struct pnode *n, const char *fmt, ...)
	MO_PRINTF(3, 4);

#endif
