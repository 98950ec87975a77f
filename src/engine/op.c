/* One operation type (op.h): the table of kinds, each row the engine
 * function that does it, and the batch the CLI, the API and the forms
 * submit. */
#include "engine/op.h"
#include "engine/escalation.h"
#include "engine/linktoken.h"
#include "engine/report_filed.h"
#include "store/auth.h"
#include "store/report_once.h"

static int do_create(struct engine *en, struct engine_op *op, struct mo_err *e)
{
	const char *once = op->u.create.once;
	int64_t id = 0;
	int rc;

	if (!op->u.create.inc)
		return mo_err_setc(e, MO_EINVAL, _("no incident to create"));
	op->u.create.repeat = false;
	if (once) {
		rc = store_report_once_get(en->st, once, &id, e);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			op->id = id;
			op->u.create.repeat = true;
			return 0;
		}
	}
	if (engine_create(en, op->u.create.inc, e))
		return -1;
	op->id = op->u.create.inc->id;
	if (op->u.create.principal &&
	    store_report_owner_add(en->st, op->id, op->u.create.principal, e))
		return -1;
	if (once && store_report_once_add(en->st, once, op->id, en->now, e))
		return -1;
	if (op->u.create.filed && engine_report_filed(en, op->id, e))
		return -1;
	return 0;
}

static int do_note(struct engine *en, struct engine_op *op, struct mo_err *e)
{
	return engine_note(en, op->id, op->u.note.text, e);
}

static int do_step(struct engine *en, struct engine_op *op, struct mo_err *e)
{
	return engine_step(en, op->id, op->u.step.n, op->u.step.state, op->u.step.note, e);
}

static int do_field(struct engine *en, struct engine_op *op, struct mo_err *e)
{
	return engine_set_field(en, op->id, op->u.field.key, op->u.field.value, e);
}

static int do_status(struct engine *en, struct engine_op *op, struct mo_err *e)
{
	return engine_set_status(en, op->id, op->u.status.to, op->u.status.reason, e);
}

static int do_level(struct engine *en, struct engine_op *op, struct mo_err *e)
{
	return engine_set_level(en, op->id, op->u.level.level, op->u.level.reason, e);
}

static int do_category(struct engine *en, struct engine_op *op, struct mo_err *e)
{
	return engine_set_category(en, op->id, op->u.category.category, op->u.category.reason, e);
}

static int do_close(struct engine *en, struct engine_op *op, struct mo_err *e)
{
	return engine_close(en, op->id, op->u.close.cause, op->u.close.measures,
			    op->u.close.lessons, e);
}

static int do_dismiss(struct engine *en, struct engine_op *op, struct mo_err *e)
{
	return engine_close_as(en, op->id, op->u.dismiss.how, op->u.dismiss.dup_of,
			       op->u.dismiss.reason, e);
}

static int do_reopen(struct engine *en, struct engine_op *op, struct mo_err *e)
{
	return engine_reopen_to(en, op->id, op->u.reopen.reason, op->u.reopen.to, e);
}

static int do_decide(struct engine *en, struct engine_op *op, struct mo_err *e)
{
	return engine_decide(en, op->id, op->u.decide.point, op->u.decide.decision,
			     op->u.decide.why, e);
}

static int do_evidence(struct engine *en, struct engine_op *op, struct mo_err *e)
{
	struct evidence ev = {0};

	if (engine_evidence_add_as(en, op->id, op->u.evidence.path, op->u.evidence.name,
				   op->u.evidence.source, op->u.evidence.note, &ev, e))
		return -1;
	op->u.evidence.n = ev.n;
	return 0;
}

/* Without a person, who acts names one of the policy's people by id or
 * by name; else the name is recorded as it is. */
static int do_ack(struct engine *en, struct engine_op *op, struct mo_err *e)
{
	const char *person = op->u.ack.person, *name = op->u.ack.name;

	if (person && !*person) {
		person = NULL;
	} else if (!person) {
		const struct mo_person *pe = NULL;

		for (size_t i = 0; i < en->p->n_people && !pe && en->who; i++)
			if (strcmp(en->p->people[i].id, en->who) == 0 ||
			    strcmp(en->p->people[i].name, en->who) == 0)
				pe = &en->p->people[i];
		if (pe) {
			person = pe->id;
			if (!name)
				name = pe->name;
		}
	}
	return engine_ack_by(en, op->id, person, name ? name : en->who,
			     op->u.ack.channel ? op->u.ack.channel : "cli", e);
}

/* The token says who and which incident; a refusal (a link not signed,
 * altered, expired, used, or its incident closed) is an error with the
 * page's status in out, and nothing changed. */
static int do_ack_link(struct engine *en, struct engine_op *op, struct mo_err *e)
{
	struct ack_result res, *out = op->u.ack_link.out ? op->u.ack_link.out : &res;
	int rc;

	if (!op->u.ack_link.token)
		return mo_err_setc(e, MO_EINVAL, _("operation %s: no token given"), "ack-link");
	rc = engine_ack(en, op->u.ack_link.token, "link", out, e);
	op->id = out->incident_id;
	if (rc <= 0)
		return rc;
	return mo_err_code(e, out->status == 404   ? MO_ENOTFOUND
			      : out->status == 403 ? MO_EFORBIDDEN
						   : MO_ECONFLICT);
}

static int do_link(struct engine *en, struct engine_op *op, struct mo_err *e)
{
	struct linktoken t;

	if (!op->u.link.purpose || !op->u.link.out)
		return mo_err_setc(e, MO_EINVAL, _("operation %s: no purpose or no room for it"),
				   "link");
	memset(&t, 0, sizeof(t));
	snprintf(t.purpose, sizeof(t.purpose), "%s", op->u.link.purpose);
	t.incident_id = op->id;
	snprintf(t.recipient, sizeof(t.recipient), "%s",
		 op->u.link.recipient ? op->u.link.recipient
		 : en->who	      ? en->who
				      : "");
	t.expires = en->now + op->u.link.seconds;
	return linktoken_make(en->st, &t, op->u.link.out, LINKTOKEN_MAX, e);
}

static const struct {
	const char *name;
	int (*apply)(struct engine *en, struct engine_op *op, struct mo_err *e);
	bool id_out;	/* id is the operation's result (made, or read from a
			   token), not given */
	bool on_repeat; /* on ENGINE_OP_CREATED: applied also when the create
			   found its form filed before */
} kinds[ENGINE_OP_KINDS] = {
	[ENGINE_OP_CREATE] = {"create", do_create, true, false},
	[ENGINE_OP_NOTE] = {"note", do_note, false, false},
	[ENGINE_OP_STEP] = {"step", do_step, false, false},
	[ENGINE_OP_FIELD] = {"field", do_field, false, false},
	[ENGINE_OP_STATUS] = {"status", do_status, false, false},
	[ENGINE_OP_LEVEL] = {"level", do_level, false, false},
	[ENGINE_OP_CATEGORY] = {"category", do_category, false, false},
	[ENGINE_OP_CLOSE] = {"close", do_close, false, false},
	[ENGINE_OP_DISMISS] = {"dismiss", do_dismiss, false, false},
	[ENGINE_OP_REOPEN] = {"reopen", do_reopen, false, false},
	[ENGINE_OP_DECIDE] = {"decide", do_decide, false, false},
	[ENGINE_OP_EVIDENCE] = {"evidence", do_evidence, false, false},
	[ENGINE_OP_ACK] = {"ack", do_ack, false, false},
	[ENGINE_OP_ACK_LINK] = {"ack-link", do_ack_link, true, false},
	[ENGINE_OP_LINK] = {"link", do_link, false, true},
};

const char *engine_op_name(enum engine_op_kind kind)
{
	if ((unsigned)kind >= ENGINE_OP_KINDS)
		return NULL;
	return kinds[kind].name;
}

int engine_op_apply(struct engine *en, struct engine_op *op, struct mo_err *e)
{
	const char *who = en->who;
	int rc;

	if ((unsigned)op->kind >= ENGINE_OP_KINDS || !kinds[op->kind].apply)
		return mo_err_setc(e, MO_EINVAL, _("unknown operation %d"), (int)op->kind);
	if (!kinds[op->kind].id_out && op->id <= 0)
		return mo_err_setc(e, MO_EINVAL, _("operation %s: no incident given"),
				   kinds[op->kind].name);
	if (op->who && !*op->who)
		return mo_err_setc(e, MO_EINVAL, _("operation %s: nobody is acting"),
				   kinds[op->kind].name);
	/* By whom: the timeline's and the audit chain's actor, for this
	 * operation only. */
	if (op->who) {
		en->who = op->who;
		store_actor(en->st, op->who, en->now);
	}
	rc = kinds[op->kind].apply(en, op, e);
	if (op->who) {
		en->who = who;
		store_actor(en->st, who, en->now);
	}
	return rc;
}

/* ---- batches ---- */

void engine_ops_init(struct engine_ops *ops)
{
	memset(ops, 0, sizeof(*ops));
	arena_init(&ops->a, 0);
}

void engine_ops_release(struct engine_ops *ops)
{
	for (size_t i = 0; i < ops->n; i++)
		if (ops->v[i].kind == ENGINE_OP_CREATE && ops->v[i].u.create.inc)
			inc_release(ops->v[i].u.create.inc);
	arena_release(&ops->a);
	ops->n = 0;
}

struct engine_ops *engine_ops_new(void)
{
	struct engine_ops *ops = malloc(sizeof(*ops));

	if (ops)
		engine_ops_init(ops);
	return ops;
}

void engine_ops_free(void *arg)
{
	struct engine_ops *ops = arg;

	if (!ops)
		return;
	engine_ops_release(ops);
	free(ops);
}

struct engine_op *engine_ops_add(struct engine_ops *ops, enum engine_op_kind kind, int64_t id)
{
	struct engine_op *op;

	if (ops->n == ENGINE_OPS_MAX) {
		ops->failed = true;
		return NULL;
	}
	op = &ops->v[ops->n++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->id = id;
	return op;
}

const char *engine_ops_str(struct engine_ops *ops, const char *s)
{
	char *copy;

	if (!s)
		return NULL;
	copy = arena_strdup(&ops->a, s);
	if (!copy)
		ops->failed = true;
	return copy;
}

struct inc *engine_ops_inc(struct engine_ops *ops)
{
	struct inc *inc = arena_alloc(&ops->a, sizeof(*inc));

	if (!inc) {
		ops->failed = true;
		return NULL;
	}
	inc_init(inc);
	return inc;
}

int engine_ops_job(struct engine *en, void *arg, struct mo_err *e)
{
	struct engine_ops *ops = arg;
	int64_t created = 0;
	bool repeat = false;

	if (ops->failed)
		return mo_err_oom(e, NULL);
	if (!ops->n)
		return mo_err_setc(e, MO_EINVAL, _("nothing to change"));
	for (size_t i = 0; i < ops->n; i++) {
		struct engine_op *op = &ops->v[i];
		int rc;

		if (op->id != ENGINE_OP_CREATED || (unsigned)op->kind >= ENGINE_OP_KINDS ||
		    kinds[op->kind].id_out) {
			if (engine_op_apply(en, op, e))
				return -1;
		} else if (!repeat || kinds[op->kind].on_repeat) {
			/* The batch is a job the writer may run again: the
			 * reference stays for that run. */
			op->id = created;
			rc = engine_op_apply(en, op, e);
			op->id = ENGINE_OP_CREATED;
			if (rc)
				return -1;
		}
		if (op->kind == ENGINE_OP_CREATE) {
			created = op->id;
			repeat = op->u.create.repeat;
		}
	}
	return 0;
}

int engine_ops_tx(struct engine *en, struct engine_ops *ops, struct mo_err *e)
{
	return engine_tx(en, engine_ops_job, ops, e);
}
