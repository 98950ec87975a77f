/* The YAML field readers the policy loaders share (load.c and load_*.c):
 * one loader state, unknown keys, mappings, lists, text, lists of text and
 * durations, each reporting a positioned finding. Policy-internal. */
#ifndef MO_POLICY_LOADINT_H
#define MO_POLICY_LOADINT_H

#include "policy/policy.h"

/* What a text field holding a NUL byte gives. */
enum load_nul {
	LOAD_NUL_ERROR,	   /* "contains a NUL character" */
	LOAD_NUL_PASS,	   /* the text up to the NUL (filings:, drills:) */
	LOAD_NUL_NOT_TEXT, /* "must be text, found text" (escalation:) */
};

struct loader {
	struct policy *p;
	struct mo_findings *f;
	bool oom; /* an arena allocation failed */
	enum load_nul nul;
	bool drills; /* "drills: " before unknown and missing keys' messages */
};

/* A NULL-terminated list of the keys a mapping may have. */
#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* An error for each key of map not in allowed (NULL-terminated). */
void load_keys_check(struct loader *L, const struct pnode *map, const char *const *allowed);

/* n when it is a mapping; NULL otherwise, with an error when n is not NULL. */
const struct pnode *load_as_map(struct loader *L, const struct pnode *n);

/* n when it is a list; NULL when absent or null, or with an error naming key
 * when it is something else. */
const struct pnode *load_as_seq(struct loader *L, const struct pnode *n, const char *key);

/* The list under key: NULL when absent or null (an error when required), or
 * when not a list (an error). */
const struct pnode *load_seq(struct loader *L, const struct pnode *map, const char *key,
			     bool required);

/* The text under key (pointing into the tree): NULL when absent or null (an
 * error when required) or not text (an error); a NUL byte as L->nul says. */
const char *load_str(struct loader *L, const struct pnode *map, const char *key, bool required);

/* The texts under key, one text written without brackets being a list of
 * one; items that are not text are errors and left out. The array is in
 * L->p's arena; on allocation failure L->oom is set. */
struct strv load_strv(struct loader *L, const struct pnode *map, const char *key, bool required);

/* The duration under key into d: true when present and well formed, false
 * when absent or null or (with an error) malformed. */
bool load_duration(struct loader *L, const struct pnode *map, const char *key, struct duration *d);

/* s, the text read from key of map, into d: false with an error at key's
 * value when malformed. */
bool load_duration_text(struct loader *L, const struct pnode *map, const char *key, const char *s,
			struct duration *d);

/* As load_duration for a wait: a leading minus is its own error, and "0" or
 * "0m" (any unit) is accepted as no wait. */
bool load_wait(struct loader *L, const struct pnode *map, const char *key, struct duration *d);

/* Allocates an array for the list of mappings under key and calls fn for
 * each; count counts the entries fn accepted. */
#define LOAD_LIST(L, map, key, required, arr, count, fn)                                           \
	do {                                                                                       \
		const struct pnode *seq_ = load_seq((L), (map), (key), (required));                \
		if (!seq_)                                                                         \
			break;                                                                     \
		(arr) = arena_calloc(&(L)->p->arena, seq_->n, sizeof(*(arr)));                     \
		if (!(arr)) {                                                                      \
			(L)->oom = true;                                                           \
			break;                                                                     \
		}                                                                                  \
		for (size_t i_ = 0; i_ < seq_->n; i_++) {                                          \
			const struct pnode *m_ = load_as_map((L), seq_->items[i_]);                \
			/* a failed entry may have filled the slot: clear it */                    \
			memset(&(arr)[(count)], 0, sizeof(*(arr)));                                \
			if (m_ && fn((L), m_, &(arr)[(count)]))                                    \
				(count)++;                                                         \
		}                                                                                  \
	} while (0)

#endif
