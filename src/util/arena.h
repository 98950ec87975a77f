/* A bump allocator: many small allocations freed together. The policy model
 * lives in one arena, so freeing a policy is one call. */
#ifndef MO_ARENA_H
#define MO_ARENA_H

#include "util/common.h"

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used_total; /* bytes handed out, for limits */
	size_t limit;	   /* 0: no limit */
};

void arena_init(struct arena *a, size_t limit);
/* Frees every allocation made from the arena. */
void arena_release(struct arena *a);
/* Zeroed memory aligned for any type; NULL when out of memory or past limit. */
void *arena_alloc(struct arena *a, size_t size) MO_WUR;
/* Zeroed array of n elements; NULL on overflow, out of memory or limit. */
void *arena_calloc(struct arena *a, size_t n, size_t size) MO_WUR;
char *arena_strndup(struct arena *a, const char *s, size_t len) MO_WUR;
char *arena_strdup(struct arena *a, const char *s) MO_WUR;

#endif
