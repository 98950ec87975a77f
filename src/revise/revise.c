/* Saving the data folder's policy: the checks of `moshimo check` from
 * memory, a numbered revision kept in DATA/revisions/ (NNNNNN.yaml, the
 * text, and NNNNNN.json, its record, written last), policy.yaml replaced
 * atomically and the generated manual and cards made again. One saver at a
 * time: DATA/revisions/.lock (flock). */
#include "revise/reviseInt.h"
#include "engine/checks.h"
#include "engine/contacts.h"
#include "notify/notify.h"
#include "render/manual.h"
#include "store/store.h"
#include "util/fs.h"
#include "util/timefmt.h"

#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <sys/file.h>
#include <unistd.h>

#define REVISIONS_MAX 100000

static int dir_path(const char *data_dir, char *out, size_t size, struct mo_err *e)
{
	if (fs_join(out, size, data_dir, "revisions"))
		return mo_err_setc(e, MO_EINVAL, "%s", _("the data folder path is too long"));
	return 0;
}

static int rev_path(const char *data_dir, int number, const char *ext, char *out, size_t size,
		    struct mo_err *e)
{
	char dir[4096], name[32];

	if (dir_path(data_dir, dir, sizeof(dir), e))
		return -1;
	snprintf(name, sizeof(name), "%06d.%s", number, ext);
	if (fs_join(out, size, dir, name))
		return mo_err_setc(e, MO_EINVAL, "%s", _("the data folder path is too long"));
	return 0;
}

static void sha256_hex(const char *text, size_t len, char out[65])
{
	unsigned char d[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(d, (const unsigned char *)text, len);
	sodium_bin2hex(out, 65, d, sizeof(d));
}

/* A person's chat must be a webhook id of notify.yaml: the one error
 * `moshimo check` finds in the policy against it (check_notify.c). */
static void check_chat_ids(const char *data_dir, const struct policy *p, struct mo_findings *f)
{
	char path[4096];
	struct notify_conf *c = NULL;
	struct mo_findings nf;
	int rc;

	if (fs_join(path, sizeof(path), data_dir, "notify.yaml"))
		return;
	mo_findings_init(&nf, path);
	rc = notify_conf_check(path, &c, &nf);
	mo_findings_release(&nf);
	if (rc != 0)
		goto done;
	for (size_t i = 0; i < p->n_people; i++) {
		const struct mo_person *pe = &p->people[i];
		const struct pnode_pair *pp;
		int line = 0, col = 0;

		if (!pe->chat || strstr(pe->chat, "://") || policy_is_placeholder(pe->chat) ||
		    notify_conf_channel_kind(c, pe->chat) >= 0)
			continue;
		pp = pe->node ? pnode_pair(pe->node, "chat") : NULL;
		if (pp && pp->value) {
			line = pp->value->line;
			col = pp->value->col;
		} else if (pe->node) {
			line = pe->node->line;
			col = pe->node->col;
		}
		mo_findings_add(f, MO_ERROR, line, col,
				_("chat \"%s\" of \"%s\" is not a webhook id of notify.yaml"),
				pe->chat, pe->id);
	}
done:
	notify_conf_free(c);
}

int revise_chat_known(const char *data_dir, const char *chat)
{
	char path[4096];
	struct notify_conf *c = NULL;
	struct mo_findings nf;
	int rc;

	if (fs_join(path, sizeof(path), data_dir, "notify.yaml"))
		return -1;
	mo_findings_init(&nf, path);
	rc = notify_conf_check(path, &c, &nf);
	mo_findings_release(&nf);
	if (rc != 0) {
		notify_conf_free(c);
		return -1;
	}
	rc = notify_conf_channel_kind(c, chat) >= 0;
	notify_conf_free(c);
	return rc;
}

struct policy *revise_check(const char *data_dir, const char *text, size_t len,
			    struct mo_findings *f)
{
	struct policy *p;

	if (len > POLICY_MAX_BYTES) {
		mo_findings_add(f, MO_ERROR, 0, 0, _("the policy is larger than %zu bytes"),
				(size_t)POLICY_MAX_BYTES);
		return NULL;
	}
	p = policy_load(text, len, f->file ? f->file : "policy.yaml", f);
	if (!p)
		return NULL;
	policy_check(p, f);
	if (data_dir)
		check_chat_ids(data_dir, p, f);
	mo_findings_sort(f);
	return p;
}

static int meta_read(const char *path, struct revision *r, struct mo_err *e)
{
	json_error_t je;
	json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	const char *who = NULL, *note = NULL, *sha = NULL, *at = NULL, *checked = NULL;
	int number = 0, review = 0;

	if (!j)
		return mo_err_set(e, path, je.line, je.column, "%s", je.text);
	if (json_unpack(j, "{s:i,s:s,s:s,s:s,s:s,s?b,s?s}", "number", &number, "who", &who, "at",
			&at, "note", &note, "sha256", &sha, "review", &review, "checked",
			&checked) ||
	    time_parse(at, &r->at)) {
		json_decref(j);
		return mo_err_set(e, path, 0, 0, "%s", _("not a revision record"));
	}
	r->number = number;
	r->review = review;
	snprintf(r->who, sizeof(r->who), "%s", who);
	snprintf(r->note, sizeof(r->note), "%s", note);
	snprintf(r->sha256, sizeof(r->sha256), "%s", sha);
	snprintf(r->checked, sizeof(r->checked), "%s", checked ? checked : "");
	json_decref(j);
	return 0;
}

static int cmp_rev(const void *a, const void *b)
{
	const struct revision *x = a, *y = b;

	return (x->number > y->number) - (x->number < y->number);
}

int revise_list(const char *data_dir, struct revision **out, size_t *n, struct mo_err *e)
{
	char dir[4096], path[4200];
	struct revision *v = NULL;
	size_t cap = 0, len = 0;
	struct dirent *de;
	DIR *d;

	*out = NULL;
	*n = 0;
	if (dir_path(data_dir, dir, sizeof(dir), e))
		return -1;
	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		return mo_err_setc(e, MO_EIO, _("cannot read %s: %s"), dir, strerror(errno));
	}
	while ((de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name);

		if (nl != 11 || strcmp(de->d_name + 6, ".json") != 0 ||
		    strspn(de->d_name, "0123456789") != 6)
			continue;
		if (len == cap) {
			struct revision *nv;

			if (cap >= REVISIONS_MAX)
				break;
			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				closedir(d);
				free(v);
				return mo_err_oom(e, NULL);
			}
			v = nv;
		}
		if (fs_join(path, sizeof(path), dir, de->d_name) || meta_read(path, &v[len], e)) {
			if (!e->code)
				mo_err_setc(e, MO_EINVAL, "%s",
					    _("the data folder path is too long"));
			closedir(d);
			free(v);
			return -1;
		}
		len++;
	}
	closedir(d);
	if (len)
		qsort(v, len, sizeof(*v), cmp_rev);
	*out = v;
	*n = len;
	return 0;
}

int revise_read(const char *data_dir, int number, char **text, size_t *len, struct revision *r,
		struct mo_err *e)
{
	char path[4200], meta[4200];
	struct revision tmp;

	*text = NULL;
	*len = 0;
	if (number < 1 || rev_path(data_dir, number, "yaml", path, sizeof(path), e) ||
	    rev_path(data_dir, number, "json", meta, sizeof(meta), e) || !fs_exists(meta)) {
		if (!e->code)
			mo_err_setc(e, MO_ENOTFOUND, _("no revision %d"), number);
		return -1;
	}
	if (meta_read(meta, r ? r : &tmp, e))
		return -1;
	return fs_read_file(path, POLICY_MAX_BYTES, text, len, e);
}

/* The contacts' last 疎通確認 from the data folder's database, when there
 * is one (for the manual's contact list). */
static void load_checks(const char *data_dir, const struct policy *p, struct render_opts *ro,
			struct contact_row **rows, struct render_check **checks,
			struct check_statuses *cs)
{
	char db[4096];
	struct store *st;
	struct mo_err e;
	size_t n = 0;

	mo_err_clear(&e);
	if (fs_join(db, sizeof(db), data_dir, "moshimo.db") || !fs_exists(db))
		return;
	st = store_open(db, STORE_READONLY, &e);
	if (!st)
		return;
	/* The check table's last results (engine/checks.h). */
	if (engine_checks_collect(p, st, time_now(), cs, &e) == 0)
		ro->check_states = cs;
	if (contacts_collect(p, NULL, st, rows, &n, &e)) {
		store_close(st);
		return;
	}
	store_close(st);
	*checks = calloc(n ? n : 1, sizeof(**checks));
	if (!*checks)
		return;
	for (size_t i = 0; i < n; i++)
		(*checks)[i] = (struct render_check){(*rows)[i].person->id, (*rows)[i].channel,
						     (*rows)[i].confirmed_at};
	ro->checks = *checks;
	ro->n_checks = n;
}

static const struct {
	const char *file;
	const char *format;
	bool card;
} generated[] = {
	{"manual.html", "html", false},
	{"manual.pdf", "pdf", false},
	{"card.html", "html", true},
	{"card.pdf", "pdf", true},
};

void revise_render_opts(const char *data_dir, struct render_opts *ro, struct revise_render *h)
{
	size_t n = 0;
	struct mo_err e;

	h->revs = NULL;
	h->rr = NULL;
	mo_err_clear(&e);
	if (revise_list(data_dir, &h->revs, &n, &e) || !n)
		return;
	h->rr = calloc(n, sizeof(*h->rr));
	if (!h->rr)
		return;
	for (size_t i = 0; i < n; i++)
		h->rr[i] = (struct render_revision){h->revs[i].number, h->revs[i].at,
						    h->revs[i].who,    h->revs[i].note,
						    h->revs[i].review, h->revs[i].checked};
	ro->revisions = h->rr;
	ro->n_revisions = n;
}

void revise_render_release(struct revise_render *h)
{
	free(h->rr);
	free(h->revs);
	h->rr = NULL;
	h->revs = NULL;
}

int revise_regenerate(const char *data_dir, const struct policy *p, struct mo_err *e)
{
	struct contact_row *rows = NULL;
	struct render_check *checks = NULL;
	struct check_statuses cs = {0};
	struct revise_render h;
	struct render_opts ro = {NULL};
	char path[4200];
	int rc = -1;

	revise_render_opts(data_dir, &ro, &h);
	load_checks(data_dir, p, &ro, &rows, &checks, &cs);
	for (size_t i = 0; i < MO_ARRAY_SIZE(generated); i++) {
		struct buf out;
		int r;

		if (fs_join(path, sizeof(path), data_dir, generated[i].file)) {
			mo_err_setc(e, MO_EINTERNAL, "%s", _("the data folder path is too long"));
			goto done;
		}
		buf_init(&out, 0);
		r = manual_write(p, &ro, generated[i].card ? MANUAL_CARD : MANUAL_FULL,
				 generated[i].format, &out, e);
		if (!r && out.failed)
			r = mo_err_oom(e, NULL);
		if (!r)
			r = fs_write_file(path, buf_str(&out), out.len, e);
		buf_release(&out);
		if (r)
			goto done;
	}
	rc = 0;
done:
	free(checks);
	free(rows);
	check_statuses_release(&cs);
	revise_render_release(&h);
	return rc;
}

static int lock_open(const char *dir, struct mo_err *e)
{
	char path[4200];
	int fd;

	if (fs_join(path, sizeof(path), dir, ".lock"))
		return mo_err_setc(e, MO_EINVAL, "%s", _("the data folder path is too long"));
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return mo_err_setc(e, MO_EIO, _("cannot open %s: %s"), path, strerror(errno));
	while (flock(fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			close(fd);
			return mo_err_setc(e, MO_EIO, _("cannot lock %s: %s"), path,
					   strerror(errno));
		}
	}
	return fd;
}

static int meta_write(const char *path, const struct revision *r, struct mo_err *e)
{
	char at[MO_TIME_MAX];
	json_t *j;
	char *s;
	int rc;

	time_format_utc(r->at, at, sizeof(at));
	j = json_pack("{s:i,s:s,s:s,s:s,s:s,s:b,s:s}", "number", r->number, "who", r->who, "at", at,
		      "note", r->note, "sha256", r->sha256, "review", r->review, "checked",
		      r->checked);
	s = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
	json_decref(j);
	if (!s)
		return mo_err_oom(e, NULL);
	rc = fs_write_file(path, s, strlen(s), e);
	free(s);
	return rc;
}

int revise_lock(const char *data_dir, struct mo_err *e)
{
	char dir[4096];

	if (dir_path(data_dir, dir, sizeof(dir), e) || fs_mkdirs(dir, e))
		return -1;
	return lock_open(dir, e);
}

int revise_commit(const char *data_dir, const char *text, size_t len, const char *who,
		  const char *note, const char *checked, struct mo_findings *f, int *rev_out,
		  struct mo_err *e)
{
	int fd = revise_lock(data_dir, e), rc;

	if (fd < 0)
		return -1;
	rc = revise_commit_locked(data_dir, text, len, who, note, checked, f, rev_out, e);
	close(fd);
	return rc;
}

int revise_commit_locked(const char *data_dir, const char *text, size_t len, const char *who,
			 const char *note, const char *checked, struct mo_findings *f, int *rev_out,
			 struct mo_err *e)
{
	char ypath[4200], mpath[4200], ppath[4200];
	struct revision *revs = NULL, r;
	size_t nrev = 0;
	struct policy *p;
	int rc = -1;

	if (rev_out)
		*rev_out = 0;
	p = revise_check(data_dir, text, len, f);
	if (!p || f->errors || f->oom) {
		policy_free(p);
		return 1;
	}
	memset(&r, 0, sizeof(r));
	if (revise_list(data_dir, &revs, &nrev, e))
		goto done;
	sha256_hex(text, len, r.sha256);
	if (nrev && !checked && strcmp(revs[nrev - 1].sha256, r.sha256) == 0) {
		/* The same text again (a reload of an unchanged file): no new
		 * revision, but the policy and the documents are made again. */
		r = revs[nrev - 1];
	} else {
		r.number = nrev ? revs[nrev - 1].number + 1 : 1;
		r.at = time_now();
		snprintf(r.who, sizeof(r.who), "%s", who && who[0] ? who : "?");
		snprintf(r.note, sizeof(r.note), "%s", note ? note : "");
		r.review = checked != NULL;
		snprintf(r.checked, sizeof(r.checked), "%s", checked ? checked : "");
		if (rev_path(data_dir, r.number, "yaml", ypath, sizeof(ypath), e) ||
		    rev_path(data_dir, r.number, "json", mpath, sizeof(mpath), e) ||
		    fs_write_file(ypath, text, len, e) || meta_write(mpath, &r, e))
			goto done;
	}
	if (fs_join(ppath, sizeof(ppath), data_dir, "policy.yaml")) {
		mo_err_setc(e, MO_EINVAL, "%s", _("the data folder path is too long"));
		goto done;
	}
	if (fs_write_file(ppath, text, len, e))
		goto done;
	if (rev_out)
		*rev_out = r.number;
	if (revise_regenerate(data_dir, p, e))
		goto done;
	rc = 0;
done:
	free(revs);
	policy_free(p);
	return rc;
}

int revise_save(const char *data_dir, const char *text, size_t len, const char *who,
		const char *note, struct mo_findings *f, int *rev_out, struct mo_err *e)
{
	return revise_commit(data_dir, text, len, who, note, NULL, f, rev_out, e);
}

int revise_restore(const char *data_dir, int number, const char *who, const char *note,
		   struct mo_findings *f, int *rev_out, struct mo_err *e)
{
	char *text = NULL, def[64];
	size_t len = 0;
	int rc;

	if (revise_read(data_dir, number, &text, &len, NULL, e))
		return -1;
	snprintf(def, sizeof(def), "第%d版に戻す", number);
	rc = revise_commit(data_dir, text, len, who, note && note[0] ? note : def, NULL, f, rev_out,
			   e);
	free(text);
	return rc;
}
