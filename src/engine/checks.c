/* Peacetime checks (engine/checks.h): each check's state from its last
 * result, and recording one with its evidence file. */
#include "engine/checks.h"
#include "engine/contacts.h"
#include "util/fs.h"
#include "util/timefmt.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const state_keys[] = {"never", "ok", "overdue"};
_Static_assert(MO_ARRAY_SIZE(state_keys) == CHECK_STATE_COUNT, "a key per state");

const char *check_state_key(enum check_state s)
{
	return (unsigned)s < MO_ARRAY_SIZE(state_keys) ? state_keys[s] : NULL;
}

const char *check_kind_key(enum mo_check_kind k)
{
	static const char *const keys[] = {"prevent", "detect", "manual"};

	return (unsigned)k < MO_ARRAY_SIZE(keys) ? keys[k] : NULL;
}

const struct mo_check *engine_check_find(const struct policy *p, const char *id)
{
	for (size_t i = 0; id && i < p->n_checks; i++)
		if (strcmp(p->checks[i].id, id) == 0)
			return &p->checks[i];
	return NULL;
}

/* The instant a day begins in zone tz. */
static int64_t local_midnight(int y, int m, int d, const char *tz)
{
	int64_t t0 = time_days_from_civil(y, m, d) * 86400;
	struct mo_local lt;
	int64_t shown;

	if (time_local(t0, tz, &lt))
		return t0;
	shown = time_days_from_civil(lt.year, lt.month, lt.day) * 86400 + lt.hour * 3600 +
		lt.min * 60 + lt.sec;
	return t0 - (shown - t0);
}

static void derive_contacts(const struct policy *p, struct store *st, struct check_status *s,
			    struct mo_err *e, int *rc)
{
	struct contact_row *rows = NULL;
	size_t n = 0;
	int64_t oldest = INT64_MAX;

	s->source = CHECK_SRC_CONTACTS;
	if (contacts_collect(p, NULL, st, &rows, &n, e)) {
		*rc = -1;
		return;
	}
	s->channels = (int)n;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].confirmed_at) {
			s->confirmed++;
			if (rows[i].confirmed_at < oldest)
				oldest = rows[i].confirmed_at;
		}
	}
	/* Done when every channel is confirmed: as of the oldest confirmation. */
	if (n && s->confirmed == s->channels)
		s->last_done_at = oldest;
	free(rows);
}

static void derive_review(const struct policy *p, struct check_status *s)
{
	const struct mo_organization *o = &p->org;
	struct mo_date due;

	s->source = CHECK_SRC_REVIEW;
	if (!o->has_last_reviewed)
		return;
	s->last_done_at = local_midnight(o->last_reviewed.year, o->last_reviewed.month,
					 o->last_reviewed.day, o->timezone);
	/* The date the review's own reminder counts from (reminders.c). */
	due = date_add_months(o->last_reviewed, o->review_interval_months);
	s->next_due_at = local_midnight(due.year, due.month, due.day, o->timezone);
}

int engine_checks_collect(const struct policy *p, struct store *st, int64_t now,
			  struct check_statuses *out, struct mo_err *e)
{
	int rc = 0;

	memset(out, 0, sizeof(*out));
	arena_init(&out->results.arena, 0);
	if (st && store_check_last(st, &out->results, e))
		return -1;
	out->v = calloc(p->n_checks ? p->n_checks : 1, sizeof(*out->v));
	if (!out->v) {
		check_statuses_release(out);
		return mo_err_oom(e, NULL);
	}
	for (size_t i = 0; i < p->n_checks && rc == 0; i++) {
		const struct mo_check *c = &p->checks[i];
		struct check_status *s = &out->v[out->n++];

		s->check = c;
		s->last_done_at = MO_TIME_NONE;
		s->next_due_at = MO_TIME_NONE;
		if (strcmp(c->id, CHECK_ID_CONTACTS) == 0 && c->kind == CHECK_MANUAL) {
			derive_contacts(p, st, s, e, &rc);
		} else if (strcmp(c->id, CHECK_ID_REVIEW) == 0 && c->kind == CHECK_MANUAL) {
			derive_review(p, s);
		} else {
			for (size_t k = 0; k < out->results.n; k++)
				if (strcmp(out->results.v[k].check_id, c->id) == 0)
					s->last = &out->results.v[k];
			if (s->last)
				s->last_done_at = s->last->at;
		}
		if (s->last_done_at != MO_TIME_NONE && s->next_due_at == MO_TIME_NONE)
			s->next_due_at = s->last_done_at + duration_seconds(&c->every);
		if (s->last_done_at == MO_TIME_NONE)
			s->state = CHECK_NEVER;
		else if (now >= s->next_due_at)
			s->state = CHECK_OVERDUE;
		else
			s->state = CHECK_OK;
		s->overdue = s->state != CHECK_OK;
		out->overdue += s->overdue;
	}
	if (rc)
		check_statuses_release(out);
	return rc;
}

void check_statuses_release(struct check_statuses *s)
{
	free(s->v);
	check_results_release(&s->results);
	memset(s, 0, sizeof(*s));
}

/* ---- Recording ---- */

/* A copy waiting for its row's commit: DIR/evidence/checks/.pending-…,
 * renamed to DIR/evidence/checks/<sha256> after it. */
struct pending {
	int64_t row;
	char check_id[128];
	char tmp[4200];
	char final[4200];
	char dir[4096];
};

static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

static int link_pending(struct store *st, void *arg, bool committed)
{
	struct pending *p = arg;
	struct check_results h;
	struct mo_err e;
	int rc = 0;
	bool there = false;

	/* A savepoint of the server's writer may have undone the row. */
	if (committed && store_check_history(st, p->check_id, 1, &h, &e) == 0) {
		there = h.n == 1 && h.v[0].id == p->row;
		check_results_release(&h);
	}
	if (there && !fs_exists(p->final)) {
		if (rename(p->tmp, p->final)) {
			fprintf(stderr, "moshimo: %s: %s\n", p->final, strerror(errno));
			rc = -1;
		} else {
			fsync_dir(p->dir);
		}
	} else {
		unlink(p->tmp); /* no row, or the same bytes are kept already */
	}
	free(p);
	return rc;
}

/* Copies path into p->tmp (0600), hashing it; hex and *size on success. */
static int copy_hashed(const char *path, struct pending *p, char hex[65], int64_t *size,
		       struct mo_err *e)
{
	crypto_hash_sha256_state h;
	unsigned char digest[crypto_hash_sha256_BYTES], chunk[65536];
	struct stat sb;
	int in, out = -1, rc = -1;

	*size = 0;
	in = open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return mo_err_set(e, path, 0, 0, _("cannot open: %s"), strerror(errno));
	if (fstat(in, &sb) || !S_ISREG(sb.st_mode)) {
		mo_err_set(e, path, 0, 0, _("not a regular file"));
		goto done;
	}
	out = open(p->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0) {
		mo_err_set(e, p->tmp, 0, 0, _("cannot create: %s"), strerror(errno));
		goto done;
	}
	crypto_hash_sha256_init(&h);
	for (;;) {
		ssize_t r = read(in, chunk, sizeof(chunk));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			mo_err_set(e, path, 0, 0, _("cannot read: %s"), strerror(errno));
			goto done;
		}
		if (r == 0)
			break;
		crypto_hash_sha256_update(&h, chunk, (size_t)r);
		for (ssize_t off = 0; off < r;) {
			ssize_t w = write(out, chunk + off, (size_t)(r - off));

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				mo_err_set(e, p->tmp, 0, 0, _("cannot write: %s"), strerror(errno));
				goto done;
			}
			off += w;
		}
		*size += r;
	}
	if (fsync(out)) {
		mo_err_set(e, p->tmp, 0, 0, _("cannot write: %s"), strerror(errno));
		goto done;
	}
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(hex, 65, digest, sizeof(digest));
	rc = 0;
done:
	if (out >= 0 && close(out) && rc == 0)
		rc = mo_err_set(e, p->tmp, 0, 0, _("cannot write: %s"), strerror(errno));
	close(in);
	return rc;
}

int engine_check_done(struct engine *en, const char *id, const char *note, const char *file,
		      const char *file_name, struct mo_err *e)
{
	const struct mo_check *c = engine_check_find(en->p, id);
	struct check_result r = {0};
	struct pending *pd = NULL;
	char hex[65], *clean = NULL, *name = NULL;
	int rc = -1;

	if (!c)
		return mo_err_setc(e, MO_ENOTFOUND, _("no check \"%s\" in the policy"),
				   id ? id : "");
	if (c->kind == CHECK_MANUAL && strcmp(c->id, CHECK_ID_CONTACTS) == 0)
		return mo_err_setc(
			e, MO_EINVAL,
			_("\"%s\" is recorded when each person confirms the test message: run `moshimo contacts verify`"),
			id);
	if (c->kind == CHECK_MANUAL && strcmp(c->id, CHECK_ID_REVIEW) == 0)
		return mo_err_setc(
			e, MO_EINVAL,
			_("\"%s\" is recorded with the review itself: run `moshimo review done --note TEXT`"),
			id);
	if (!note || engine_text_blank(note))
		return mo_err_setc(e, MO_EINVAL, "%s",
				   _("give a note: what was checked and what was found (--note)"));
	if (engine_text_ok("note", note, 16384, true, e))
		return -1;
	clean = engine_text_clean(note, true);
	if (!clean)
		return mo_err_oom(e, NULL);
	r.check_id = c->id;
	r.at = en->now;
	r.who = en->who;
	r.note = clean;
	if (file) {
		const char *base = file_name		? file_name
				   : strrchr(file, '/') ? strrchr(file, '/') + 1
							: file;
		struct mo_err ignored;

		if (!en->evidence_dir) {
			mo_err_set(e, NULL, 0, 0, "engine: no evidence folder");
			goto done;
		}
		pd = calloc(1, sizeof(*pd));
		if (!pd) {
			mo_err_oom(e, NULL);
			goto done;
		}
		if (fs_join(pd->dir, sizeof(pd->dir), en->evidence_dir, "checks") ||
		    fs_mkdirs(pd->dir, e)) {
			if (!e->code)
				mo_err_set(e, en->evidence_dir, 0, 0, _("path is too long"));
			goto done;
		}
		snprintf(pd->tmp, sizeof(pd->tmp), "%s/.pending-%ld-%08x", pd->dir, (long)getpid(),
			 (unsigned)randombytes_random());
		if (copy_hashed(file, pd, hex, &r.evidence_size, e))
			goto done;
		snprintf(pd->final, sizeof(pd->final), "%s/%s", pd->dir, hex);
		snprintf(pd->check_id, sizeof(pd->check_id), "%s", c->id);
		r.evidence_sha256 = hex;
		/* The name as text a page can show; else none. */
		if (engine_text_ok("name", base, 1024, false, &ignored) == 0) {
			name = engine_text_clean(base, false);
			r.evidence_name = name;
		}
	}
	if (store_check_put(en->st, &r, e))
		goto done;
	if (pd) {
		pd->row = r.id;
		rc = store_after_commit(en->st, link_pending, pd, e);
		pd = NULL;
		if (rc)
			goto done;
	}
	rc = 0;
done:
	if (pd) {
		if (pd->tmp[0])
			unlink(pd->tmp);
		free(pd);
	}
	free(name);
	free(clean);
	return rc;
}
