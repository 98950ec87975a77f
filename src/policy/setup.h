/* Guided setup of a policy: the questions that the template's placeholders
 * ask (questions.c), and changes to the YAML text that keep every comment and
 * every line nobody answered (edit.c). The text is the source of truth: an
 * answer becomes an edit at the byte range libyaml reports for its node. */
#ifndef MO_POLICY_SETUP_H
#define MO_POLICY_SETUP_H

#include "util/arena.h"
#include "util/buf.h"
#include "util/common.h"
#include "util/err.h"

/* ---- edit.c: a YAML document with byte positions, and edits to its text ---- */

enum ynode_kind {
	YN_SCALAR,
	YN_SEQUENCE,
	YN_MAPPING,
};

struct ynode {
	enum ynode_kind kind;
	size_t start;	    /* byte offset where libyaml starts the node */
	size_t end;	    /* byte offset after it (block scalars: trailing breaks trimmed) */
	size_t last;	    /* byte offset after the last scalar inside (itself for a scalar) */
	int col;	    /* 0-based column (characters) of start */
	bool flow;	    /* a flow collection ([...] / {...}), or a scalar inside one */
	bool plain;	    /* a scalar written without quotes */
	const char *str;    /* scalar: its value */
	const char *key;    /* as a mapping's value: its key */
	size_t key_start;   /* as a mapping's value: the key's byte offset */
	struct ynode **kid; /* sequence items; mapping values (with key set) */
	size_t n;
};

struct ydoc {
	struct arena a;
	const char *text; /* not owned */
	size_t len;
	struct ynode *root;
};

/* Parses text (borrowed: it must outlive d). 0, or -1 with e set (position). */
int ydoc_parse(struct ydoc *d, const char *text, size_t len, struct mo_err *e);
void ydoc_release(struct ydoc *d);
/* The value of key in map (NULL when map is not a mapping or has no key). */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* The node at path from the root: keys separated by '.', an item as
 * key[N] or key[id=VALUE] (the item whose id is VALUE). NULL when absent. */
const struct ynode *ydoc_find(const struct ydoc *d, const char *path);

struct yedit {
	size_t start, end; /* the bytes replaced */
	char *text;	   /* what replaces them (malloc'd) */
};

struct yedits {
	struct yedit *v;
	size_t n, cap;
};

void yedits_release(struct yedits *ed);
/* Replaces scalar (or any node) n with value written as one YAML scalar
 * (plain when that reads back the same, else double-quoted). */
int yedits_set_scalar(struct yedits *ed, const struct ynode *n, const char *value) MO_WUR;
/* Replaces node n with raw YAML text (a flow collection the caller wrote). */
int yedits_set_raw(struct yedits *ed, const struct ydoc *d, const struct ynode *n,
		   const char *yaml) MO_WUR;
/* Adds "key: yaml" as the last pair of block mapping map (its indentation). */
int yedits_add_pair(struct yedits *ed, const struct ydoc *d, const struct ynode *map,
		    const char *key, const char *yaml) MO_WUR;
/* Removes the lines of value's pair (key and value) from its block mapping. */
int yedits_drop_pair(struct yedits *ed, const struct ydoc *d, const struct ynode *value) MO_WUR;
/* Removes the lines of item (an item of a block sequence). */
int yedits_drop_item(struct yedits *ed, const struct ydoc *d, const struct ynode *item) MO_WUR;
/* The text with every edit made, into out. Edits that overlap are an error
 * (-1, e set, MO_ECONFLICT); out then holds nothing. */
int yedits_apply(const struct ydoc *d, const struct yedits *ed, struct buf *out,
		 struct mo_err *e) MO_WUR;
/* Appends s as a YAML scalar for a block context: plain when safe, else
 * double-quoted with escapes. */
int yaml_scalar_quote(const char *s, bool flow, struct buf *out) MO_WUR;

/* Whole items and pairs written as block YAML: a pair's value is one
 * scalar (quoted when needed), a plain word written as is (3, true, 15m), a
 * list of scalars (flow `[a, b]`, or block `- a` lines when block), or a
 * block of YAML written at column 0 that goes under the key. */
enum ypair_kind {
	YP_SCALAR,
	YP_PLAIN,
	YP_LIST,
	YP_BLOCK,
};

struct ypair {
	const char *key;
	enum ypair_kind kind;
	const char *value;	 /* YP_SCALAR, YP_PLAIN, YP_BLOCK */
	const char *const *list; /* YP_LIST */
	size_t n;
	bool block;    /* YP_LIST: one item a line */
	bool optional; /* yedits_set_fields: empty removes the key */
};

/* "key: value" lines at column 0 (a block under the key indented by two). */
int yaml_block_pair(const struct ypair *p, struct buf *out) MO_WUR;
int yaml_block_mapping(const struct ypair *v, size_t n, struct buf *out) MO_WUR;
/* The mapping as one item of a block sequence ("- " before its first line). */
int yaml_block_item(const struct ypair *v, size_t n, struct buf *out) MO_WUR;
/* Replaces item (a block mapping inside a sequence) with yaml, a block
 * mapping written at column 0; the lines around it (comments) stay. */
int yedits_set_item(struct yedits *ed, const struct ydoc *d, const struct ynode *item,
		    const char *yaml) MO_WUR;
/* Replaces value's whole pair (its key and value lines) with yaml, "key: …"
 * lines written at column 0. */
int yedits_set_pair(struct yedits *ed, const struct ydoc *d, const struct ynode *value,
		    const char *yaml) MO_WUR;
/* Adds yaml (a block mapping written at column 0) as the last item of
 * sequence seq: a block sequence, or an empty `key: []`. */
int yedits_add_item(struct yedits *ed, const struct ydoc *d, const struct ynode *seq,
		    const char *yaml) MO_WUR;
/* Removes item i of block sequence seq; the last one leaves `key: []`. */
int yedits_drop_item_in(struct yedits *ed, const struct ydoc *d, const struct ynode *seq,
			size_t i) MO_WUR;
/* Sets pairs of block mapping map: a pair present is replaced, a missing
 * one added after the last, an empty optional one removed. Other pairs,
 * and comments outside the pairs written, stay. */
int yedits_set_fields(struct yedits *ed, const struct ydoc *d, const struct ynode *map,
		      const struct ypair *v, size_t n) MO_WUR;

/* ---- questions.c: the questions a policy's placeholders ask ---- */

enum setup_kind {
	SETUP_TEXT,   /* a name of a company, a system, an office */
	SETUP_NAME,   /* a person's name */
	SETUP_PHONE,  /* full-width digits and dashes read as ASCII */
	SETUP_EMAIL,  /* local@domain.tld */
	SETUP_URL,    /* http:// or https:// */
	SETUP_MONTHS, /* 1 to 60 */
	SETUP_CHAT,   /* a webhook id of notify.yaml */
	SETUP_RELATED /* 名前（関係）、名前（関係）… */
};

enum setup_flags {
	SETUP_OPTIONAL = 1 << 0, /* may be left empty (then the key is removed) */
};

struct setup_question {
	const char *id;	   /* "company_name", "president.phone" */
	const char *group; /* company, people, contacts, bcp, outside, review */
	enum setup_kind kind;
	unsigned flags;
	const char *subject; /* whose contact this is ("山田 太郎（最高責任者）"), or NULL */
	const char *label_ja;	 /* the question without its subject (a form's label) */
	const char *question_ja; /* what is asked, in Japanese (with its subject) */
	const char *question_en;
	const char *example;
	const char *current; /* the value now ("" when absent) */
	bool open;	     /* still a placeholder, or required and empty */
};

struct setup_questions {
	struct arena a;
	struct setup_question *v;
	size_t n;
};

/* The questions of policy text, in the order a person answers them
 * (company, the role holders' names, their contacts, the BCP's systems and
 * vendors, the outside contacts, the review). 0, or -1 with e set. */
int setup_questions_load(struct setup_questions *q, const char *text, size_t len, struct mo_err *e);
void setup_questions_release(struct setup_questions *q);
const struct setup_question *setup_question_find(const struct setup_questions *q, const char *id);
/* How many questions are open. */
size_t setup_questions_open(const struct setup_questions *q);

/* Why an answer was refused: mo_err's detail (the web words it in Japanese
 * whatever the server's locale). */
enum setup_fault {
	SETUP_FAULT_NONE,
	SETUP_FAULT_TOO_LONG,
	SETUP_FAULT_CONTROL,
	SETUP_FAULT_REQUIRED,
	SETUP_FAULT_PLACEHOLDER,
	SETUP_FAULT_PHONE,
	SETUP_FAULT_EMAIL,
	SETUP_FAULT_URL,
	SETUP_FAULT_MONTHS,
	SETUP_FAULT_CHAT,
	SETUP_FAULT_RELATED,
	SETUP_FAULT_COUNT
};
/* The fault in Japanese (the example appended by the caller when it helps). */
const char *setup_fault_ja(int fault);
/* A group's title and lead sentence in Japanese, for the terminal and the web. */
const char *setup_group_title(const char *group);
const char *setup_group_intro(const char *group);

/* Checks one answer for q and writes its normal form to out (trimmed,
 * full-width digits and letters as ASCII for phones, e-mails, URLs and
 * months). 0, or -1 with e set (MO_EINVAL, the message names what is
 * wrong, translated). */
int setup_answer_check(const struct setup_question *q, const char *answer, struct buf *out,
		       struct mo_err *e) MO_WUR;

struct setup_answer {
	const char *id;
	const char *value;
};

/* Applies answers to policy text: each is checked (a bad one: -1, e set
 * naming the question's id, *bad = its index), written at its node, then
 * people given the same name become one person holding all their roles.
 * The result goes to out; text is not changed. The caller saves it through
 * revise_save(), which loads and checks it before it replaces anything. */
int setup_apply(const char *text, size_t len, const struct setup_answer *a, size_t n,
		struct buf *out, size_t *bad, struct mo_err *e) MO_WUR;

/* Editing later without YAML: who holds which roles, and which role owns
 * each level. */
struct setup_person_roles {
	const char *person;	  /* people[].id */
	const char *const *roles; /* role ids (at least one) */
	size_t n;
};

struct setup_level_owner {
	int level;
	const char *role; /* a role id */
};

/* Writes the people's roles and the levels' owners into text (only what
 * differs), into out. Unknown people, levels or roles and a person left
 * without a role are errors (-1, e set naming them, MO_EINVAL); out then
 * holds nothing. *changed: whether anything differed (may be NULL). */
int setup_apply_roles(const char *text, size_t len, const struct setup_person_roles *pr, size_t npr,
		      const struct setup_level_owner *lo, size_t nlo, struct buf *out,
		      bool *changed, struct mo_err *e) MO_WUR;

#endif
