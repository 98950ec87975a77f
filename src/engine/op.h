/* One operation on an incident: what to do (kind), to which incident (id),
 * by whom (who) and with what (the kind's arguments). The CLI applies a
 * batch of them in one transaction (engine_ops_tx), the server through its
 * writer (web_submit(r, engine_ops_job, ops, engine_ops_free, done)); both
 * end in engine_op_apply(), which dispatches through one table (op.c), so
 * a new kind of change is one row there and one member of the union here.
 *
 * Validation stays where it was: the engine's functions check the texts,
 * the reasons and the states and say what is wrong; engine_op_apply()
 * checks only the operation's shape (a known kind, an incident). */
#ifndef MO_ENGINE_OP_H
#define MO_ENGINE_OP_H

#include "engine/engine.h"
#include "util/arena.h"

enum engine_op_kind {
	ENGINE_OP_CREATE,   /* a new incident from a parsed report (id set after) */
	ENGINE_OP_NOTE,	    /* a note on the timeline */
	ENGINE_OP_STEP,	    /* a checklist step's state */
	ENGINE_OP_FIELD,    /* a record item or fact, by key, from text */
	ENGINE_OP_STATUS,   /* along the lifecycle (not to closed) */
	ENGINE_OP_LEVEL,    /* the level, with a reason */
	ENGINE_OP_CATEGORY, /* the category, with a reason */
	ENGINE_OP_CLOSE,    /* closed with cause, measures, lessons */
	ENGINE_OP_DISMISS,  /* closed as a false alarm or a duplicate */
	ENGINE_OP_REOPEN,   /* a closed incident opened again */
	ENGINE_OP_DECIDE,   /* a decision on a decision point */
	ENGINE_OP_EVIDENCE, /* a file kept as evidence */
	ENGINE_OP_ACK,	    /* 「対応します」: the escalation stops */
	ENGINE_OP_ACK_LINK, /* 「対応します」 through an ack message's link token */
	ENGINE_OP_LINK,	    /* a signed link to the incident (engine/linktoken.h) */
	ENGINE_OP_KINDS	    /* the number of kinds */
};

/* As an operation's id in a batch: the incident the batch's ENGINE_OP_CREATE
 * made (or found: see create.once). */
#define ENGINE_OP_CREATED ((int64_t)-1)

struct ack_result; /* engine/escalation.h */

/* The strings are borrowed: they must live until the operation has been
 * applied (engine_ops_str copies one into the batch). */
struct engine_op {
	enum engine_op_kind kind;
	int64_t id;	 /* the incident; ENGINE_OP_CREATE: set when created */
	const char *who; /* who acts; NULL: the engine's (en->who) */
	union {
		struct {
			struct inc *inc;       /* engine_create's; the batch releases it */
			const char *principal; /* a reporter who may see it later, or NULL */
			/* The hash of a report form's one-time key (store/report_once.h),
			 * or NULL. When that form filed an incident before, id is that
			 * one, repeat is set and nothing is written. */
			const char *once;
			bool filed;  /* the act of reporting: the discoverer's step is
					done (engine/report_filed.h) */
			bool repeat; /* out: found filed by once */
		} create;
		struct {
			const char *text;
		} note;
		struct {
			int n;
			enum step_state state;
			const char *note; /* a remark, or why it is skipped */
		} step;
		struct {
			const char *key;   /* model.h inc_fields */
			const char *value; /* as engine_set_field reads it; "" clears */
		} field;
		struct {
			enum inc_status to;
			const char *reason; /* required to go back */
		} status;
		struct {
			int level;
			const char *reason;
		} level;
		struct {
			const char *category; /* a category id of the policy */
			const char *reason;
		} category;
		struct {
			const char *cause, *measures, *lessons; /* NULL keeps the stored */
		} close;
		struct {
			enum engine_resolution how;
			int64_t dup_of; /* ENGINE_DUPLICATE: the incident it repeats */
			const char *reason;
		} dismiss;
		struct {
			enum inc_status to; /* INC_CLOSED: the status it was closed from */
			const char *reason;
		} reopen;
		struct {
			const char *point; /* PHASE/POINT, or a point id */
			const char *decision, *why;
		} decide;
		struct {
			const char *path;   /* the file to keep */
			const char *name;   /* the name shown (NULL: path's) */
			const char *source; /* where it came from (NULL: path) */
			const char *note;
			int n; /* out: its number */
		} evidence;
		struct {
			const char *person;  /* a policy person id; NULL: who (by id or
						name); "": none of the policy's people */
			const char *name;    /* the name recorded (NULL: the person's, else who) */
			const char *channel; /* "cli", "web" */
		} ack;
		struct {
			const char *token;	/* the link's token (id is read from it) */
			struct ack_result *out; /* out: the incident, the recipient's name
						   and, refused, the page's status */
		} ack_link;
		struct {
			const char *purpose;   /* "followup" … (linktoken's) */
			const char *recipient; /* whom it is for (NULL: who) */
			int64_t seconds;       /* how long it works */
			char *out;	       /* out: the token, LINKTOKEN_MAX bytes */
		} link;
	} u;
};

/* Applies op with en (inside the caller's transaction): 0, or -1 with e
 * set (an unknown kind or a missing incident id is MO_INVALID; otherwise
 * the engine function's error; an ack link refused: out->status set, the
 * code MO_ENOTFOUND, MO_EFORBIDDEN or MO_ECONFLICT, nothing changed).
 * Writes op's outputs (create: id, repeat; evidence: n; ack_link: id,
 * out; link: out). Does not begin or commit. */
int engine_op_apply(struct engine *en, struct engine_op *op, struct mo_err *e) MO_WUR;
/* The kind's name ("note", "step", …: for messages, logs and tests); NULL
 * when kind is none. */
const char *engine_op_name(enum engine_op_kind kind);

#define ENGINE_OPS_MAX 64

/* A batch of operations applied in order, all or nothing, with the memory
 * for their strings. */
struct engine_ops {
	struct arena a; /* copies of strings (engine_ops_str), the creates' incs */
	struct engine_op v[ENGINE_OPS_MAX];
	size_t n;
	bool failed; /* an add or a copy ran out of room: applying fails */
};

void engine_ops_init(struct engine_ops *ops);
/* Releases the strings and the creates' incidents (not ops itself). */
void engine_ops_release(struct engine_ops *ops);
/* Allocated batches: engine_ops_new (NULL when out of memory) and
 * engine_ops_free (releases and frees; takes NULL), web_submit's arg_free. */
struct engine_ops *engine_ops_new(void);
void engine_ops_free(void *ops);
/* Appends a zeroed operation of kind on incident id and returns it; NULL
 * (and ops->failed) when the batch is full. */
struct engine_op *engine_ops_add(struct engine_ops *ops, enum engine_op_kind kind, int64_t id);
/* A copy of s kept with the batch; NULL for NULL, or when out of memory
 * (then ops->failed is set). */
const char *engine_ops_str(struct engine_ops *ops, const char *s);
/* A new empty incident for an ENGINE_OP_CREATE, released with the batch;
 * NULL (and ops->failed) when out of memory. */
struct inc *engine_ops_inc(struct engine_ops *ops);

/* Applies every operation of ops (void * for engine_tx and web_submit) in
 * order, stopping at the first error: 0 or -1 with e set. An empty or
 * failed batch is an error and changes nothing. An operation whose id is
 * ENGINE_OP_CREATED acts on the incident of the create before it; when
 * that create was a repeat (create.once), only a link is made: the rest
 * was done when the form was first sent. */
int engine_ops_job(struct engine *en, void *ops, struct mo_err *e) MO_WUR;
/* The CLI's way: engine_ops_job as one transaction (engine_tx). */
int engine_ops_tx(struct engine *en, struct engine_ops *ops, struct mo_err *e) MO_WUR;

#endif
