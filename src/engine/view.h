/* One incident as a person reads it, in one language: every value in the
 * words of the label table (labels.h), every time in the policy's zone,
 * what is late and what is still open worked out once. The report document
 * (render/incident_doc.c: md, html, pdf) and `moshimo show` print from it;
 * the web page's read-only parts can too. No query of its own: it reads the
 * struct inc_full that engine_load filled. */
#ifndef MO_VIEW_H
#define MO_VIEW_H

#include "engine/labels.h"

struct view_step {
	const struct step *s;
	const char *state; /* 未着手 … */
	const char *actor; /* the role's title */
	const char *due;   /* NULL: no deadline */
	const char *at;	   /* when it was done or skipped, or NULL */
	bool closed;	   /* done or skipped */
	bool overdue;	   /* open, and its deadline passed */
};

struct view_event {
	const struct event *ev;
	const char *at;
	const char *kind;   /* メモ … */
	const char *change; /* "手順1：未着手 → 完了", or NULL */
};

struct view_decision {
	const struct decision *d;
	const char *phase; /* the phase's title */
	const char *point; /* the point's question */
	const char *at;
};

struct view_filing {
	struct filing_due due;
	const char *title;     /* the filing's title, else its id */
	const char *authority; /* the organization, else the policy's key */
	const char *at;	       /* NULL: without delay (速やかに) */
	const char *need;      /* 必要（法定）, 推奨 or 検討 (engine_filing_need_word) */
	enum filing_state state;
	const char *state_word; /* 未提出, 提出済み … (engine_filing_state_word) */
	const char *done;	/* the day it was filed, or when waived; NULL: due */
	const char *ref;	/* done: the authority's reference, or NULL */
	bool open;		/* still due: nothing recorded */
	bool overdue;		/* open, and its deadline passed */
};

struct view_evidence {
	const struct evidence *ev;
	const char *at;
};

#define VIEW_FILINGS_MAX 32
#define VIEW_OPEN_MAX 64

struct inc_view {
	const struct policy *p;
	const struct inc_full *f;
	enum label_lang lang;
	int64_t now;
	char ref[32];
	const char *status, *level, *level_name; /* level_name: the policy's, or NULL */
	const char *category;			 /* the category's name */
	const char *owner_title;		 /* the owner's role */
	const char *discovered, *occurred;	 /* occurred: NULL when unknown */
	const char *closed;			 /* NULL while open */
	const char *made;			 /* now, for "作成日時" */
	struct view_step *steps;
	size_t n_steps, n_done, n_skipped;
	struct view_event *events;
	size_t n_events;
	struct view_decision *decisions;
	size_t n_decisions;
	struct open_point open[VIEW_OPEN_MAX];
	size_t n_open;
	struct view_filing filings[VIEW_FILINGS_MAX];
	size_t n_filings;
	const char *first_due; /* the earliest deadline of a filing still due, or NULL */
	struct view_evidence *evidence;
	size_t n_evidence;
	struct arena *arena; /* where its strings are: own, or the caller's */
	struct arena own;
};

/* Fills v for f under p as of now, in lang, its strings in arena a (NULL:
 * an arena of its own, freed by engine_view_release; a document passes its
 * own so that its text outlives v). v borrows f and p: release v first.
 * Returns 0, or -1 with e set (out of memory; v is then released). */
int engine_view_init(struct inc_view *v, const struct policy *p, const struct inc_full *f,
		     int64_t now, enum label_lang lang, struct arena *a, struct mo_err *e) MO_WUR;
void engine_view_release(struct inc_view *v);

/* A yes/no fact (MO_TRI_*) in words, or NULL when unknown. */
const char *engine_view_tri(int tri, enum label_lang lang);
/* The value of record field fl of v's incident as a person reads it, in
 * v's arena: text as written, a count, a yes/no fact in v's language, a
 * time in the policy's zone. NULL when unknown (or out of memory). */
const char *engine_view_field(struct inc_view *v, const struct inc_field *fl);
/* A time in the policy's zone in v's arena ("2026-11-20 10:00"); NULL for
 * MO_TIME_NONE or out of memory. */
const char *engine_view_time(struct inc_view *v, int64_t t);

#endif
