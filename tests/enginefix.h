/* Shared by the engine tests: a fresh store in $TMPDIR, the built-in
 * policy (or a fixture), an engine acting as "tester" at a fixed time, and
 * a one-call report helper. */
#ifndef MO_ENGINEFIX_H
#define MO_ENGINEFIX_H

#include "testutil.h"
#include "engine/engine.h"

#include <unistd.h>

#define FIX_T0 1795000000 /* 2026-11-18T11:06:40Z, 20:06:40 in Tokyo */

struct fix {
	struct policy *p;
	struct store *st;
	struct engine en;
	char db[4096];
	char evidence[4096];
};

static inline void fix_open(struct fix *f, const char *policy_file)
{
	static int serial;
	const char *tmp = getenv("TMPDIR");
	struct mo_findings fd;
	struct mo_err e;
	char cmd[4200];

	memset(f, 0, sizeof(*f));
	mo_findings_init(&fd, policy_file ? policy_file : "(built-in)");
	f->p = policy_file ? policy_load_file(policy_file, &fd) : policy_load_default(&fd);
	if (f->p)
		policy_check(f->p, &fd);
	if (!f->p || fd.errors) {
		mo_report_findings(stderr, &fd);
		fail();
	}
	mo_findings_release(&fd);
	serial++;
	snprintf(f->db, sizeof(f->db), "%s/fix-%ld-%d.db", tmp ? tmp : "/tmp", (long)getpid(),
		 serial);
	snprintf(f->evidence, sizeof(f->evidence), "%s/fix-%ld-%d-evidence", tmp ? tmp : "/tmp",
		 (long)getpid(), serial);
	/* The names are new for this process; a leftover of an earlier run
	 * with the same pid goes. */
	unlink(f->db);
	snprintf(cmd, sizeof(cmd), "%s-wal", f->db);
	unlink(cmd);
	snprintf(cmd, sizeof(cmd), "%s-shm", f->db);
	unlink(cmd);
	/* Each fixture's database has its own audit key and anchor. */
	{
		char key[4200], anchor[4200];

		snprintf(key, sizeof(key), "%s.key", f->db);
		snprintf(anchor, sizeof(anchor), "%s.anchor", f->db);
		unlink(key);
		unlink(anchor);
		f->st = store_open_keyed(f->db, key, anchor, STORE_CREATE, &e);
	}
	if (!f->st)
		fprintf(stderr, "%s\n", e.msg);
	assert_non_null(f->st);
	f->en.p = f->p;
	f->en.st = f->st;
	f->en.who = "tester";
	f->en.now = FIX_T0;
	f->en.evidence_dir = f->evidence;
}

static inline void fix_close(struct fix *f)
{
	store_close(f->st);
	policy_free(f->p);
}

static int fix_create_fn(struct engine *en, void *arg, struct mo_err *e)
{
	return engine_create(en, arg, e);
}

/* Reports json; returns the new id (fails the test on error). */
static inline int64_t fix_report(struct fix *f, const char *json)
{
	struct inc inc;
	struct mo_err e;
	int64_t id;

	if (engine_report_parse(f->p, json, strlen(json), "t.json", f->en.now, &inc, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		fail();
	}
	if (engine_tx(&f->en, fix_create_fn, &inc, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		fail();
	}
	id = inc.id;
	inc_release(&inc);
	return id;
}

/* The error message of parsing json, or NULL when it parses. */
static inline const char *fix_parse_error(struct fix *f, const char *json)
{
	static struct mo_err e;
	struct inc inc;

	if (engine_report_parse(f->p, json, strlen(json), "t.json", f->en.now, &inc, &e) == 0) {
		inc_release(&inc);
		return NULL;
	}
	return e.msg;
}

static inline void fix_load(struct fix *f, int64_t id, struct inc_full *out)
{
	struct mo_err e;

	if (engine_load(f->st, id, out, &e) != 0) {
		fprintf(stderr, "load %lld: %s\n", (long long)id, e.msg);
		fail();
	}
}

#endif
