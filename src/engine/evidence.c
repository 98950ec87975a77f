/* Evidence (証拠保全): a file is copied into DIR/evidence/<id>/ (0600)
 * under a temporary dot name, hashed with SHA-256 while it is copied, made
 * durable (fsync of the file and the folder) before its record is written,
 * and linked to its numbered name only after the record commits. Checked
 * again on demand, with the files no record knows. Every act on evidence
 * is a custody event on the timeline. */
#include "engine/engineInt.h"
#include "util/fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 65536

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads fd to the end, hashing, and copying to out_fd when >= 0. */
static int stream(int fd, int out_fd, char hex[65], int64_t *size)
{
	crypto_hash_sha256_state h;
	unsigned char digest[crypto_hash_sha256_BYTES];
	unsigned char *chunk = malloc(CHUNK);
	int64_t total = 0;

	if (!chunk)
		return -1;
	crypto_hash_sha256_init(&h);
	for (;;) {
		ssize_t r = read(fd, chunk, CHUNK);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			free(chunk);
			return -1;
		}
		if (r == 0)
			break;
		crypto_hash_sha256_update(&h, chunk, (size_t)r);
		if (out_fd >= 0 && write_all(out_fd, chunk, (size_t)r)) {
			free(chunk);
			return -1;
		}
		total += r;
	}
	free(chunk);
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(hex, 65, digest, sizeof(digest));
	*size = total;
	return 0;
}

int engine_hash_file(const char *path, char hex[65], int64_t *size, struct mo_err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return mo_err_set(e, path, 0, 0, _("cannot open: %s"), strerror(errno));
	rc = stream(fd, -1, hex, size);
	if (rc)
		mo_err_set(e, path, 0, 0, _("cannot read: %s"), strerror(errno));
	close(fd);
	return rc;
}

static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/* A file name safe on any file system: ASCII letters, digits, . - _;
 * the rest becomes _. */
static void safe_name(const char *name, char *out, size_t size)
{
	size_t n = 0;

	for (const char *c = name; *c && n + 1 < size && n < 64; c++) {
		bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			  (*c >= '0' && *c <= '9') || *c == '.' || *c == '-' || *c == '_';

		out[n++] = ok ? *c : '_';
	}
	out[n] = '\0';
	if (!n || out[0] == '.')
		snprintf(out, size, "file");
}

/* The base name as valid UTF-8 for the record ('?' for bad bytes). */
static const char *display_name(const char *path, struct arena *a)
{
	const char *base = strrchr(path, '/');
	struct mo_err ignored;

	base = base ? base + 1 : path;
	if (engine_text_ok("name", base, 1024, false, &ignored) == 0)
		return arena_strdup(a, base);
	{
		char *copy = arena_strdup(a, base);

		for (char *c = copy; c && *c; c++)
			if ((unsigned char)*c >= 0x80 || (unsigned char)*c < 0x20)
				*c = '?';
		return copy;
	}
}

/* A copy waiting for its row's commit: DIR/evidence/<id>/.pending-<n>-…,
 * linked to its final name by link_pending() after the commit. A crash
 * before that leaves only a dot file, never a numbered one, and the next
 * start finishes or removes it (engine_evidence_cleanup). */
struct pending {
	int64_t incident_id;
	int n;
	char rel[512]; /* the row's file: <id>/<n>-<name> */
	char tmp[4200];
	char final[4200];
	char dir[4096];
};

/* After the transaction: the file goes into place only when its row is
 * there (a savepoint of the server's writer may have undone it). */
static int link_pending(struct store *st, void *arg, bool committed)
{
	struct pending *p = arg;
	char file[512], sha[65];
	struct mo_err e;
	int rc = committed
			 ? store_evidence_at(st, p->incident_id, p->n, file, sizeof(file), sha, &e)
			 : 1;

	if (rc == 0 && strcmp(file, p->rel) == 0) {
		if (rename(p->tmp, p->final)) {
			/* The next start finishes it; verify says MISSING till then. */
			fprintf(stderr, "moshimo: %s: %s\n", p->final, strerror(errno));
			rc = -1;
		} else {
			fsync_dir(p->dir);
		}
	} else if (rc >= 0) {
		unlink(p->tmp);
	}
	free(p);
	return rc < 0 ? -1 : 0;
}

int engine_evidence_add(struct engine *en, int64_t id, const char *path, const char *note,
			struct evidence *out, struct mo_err *e)
{
	return engine_evidence_add_as(en, id, path, NULL, NULL, note, out, e);
}

int engine_evidence_add_as(struct engine *en, int64_t id, const char *path, const char *name,
			   const char *source_as, const char *note, struct evidence *out,
			   struct mo_err *e)
{
	struct inc inc;
	struct evidence ev = {0};
	struct stat sb;
	struct pending *pd = NULL;
	char rel[512], safe[80], hex[65];
	int in = -1, fd = -1, rc = -1;
	int64_t size = 0;

	if (note && engine_text_ok("note", note, 16384, true, e))
		return -1;
	if (!en->evidence_dir)
		return mo_err_set(e, NULL, 0, 0, "engine: no evidence folder");
	if (engine_load_open(en, id, &inc, e))
		return -1;
	pd = calloc(1, sizeof(*pd));
	if (!pd) {
		mo_err_oom(e, NULL);
		goto done;
	}
	in = open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		mo_err_set(e, path, 0, 0, _("cannot open: %s"), strerror(errno));
		goto done;
	}
	if (fstat(in, &sb) || !S_ISREG(sb.st_mode)) {
		mo_err_set(e, path, 0, 0, _("not a regular file"));
		goto done;
	}
	if (store_evidence_next(en->st, id, &ev.n, e))
		goto done;
	snprintf(rel, sizeof(rel), "%lld", (long long)id);
	if (fs_join(pd->dir, sizeof(pd->dir), en->evidence_dir, rel) || fs_mkdirs(pd->dir, e)) {
		if (!e->code)
			mo_err_set(e, en->evidence_dir, 0, 0, _("path is too long"));
		goto done;
	}
	safe_name(strrchr(path, '/') ? strrchr(path, '/') + 1 : path, safe, sizeof(safe));
	snprintf(pd->rel, sizeof(pd->rel), "%lld/%d-%s", (long long)id, ev.n, safe);
	snprintf(pd->tmp, sizeof(pd->tmp), "%s/.pending-%d-%ld-%08x", pd->dir, ev.n, (long)getpid(),
		 (unsigned)randombytes_random());
	snprintf(pd->final, sizeof(pd->final), "%s/%s", en->evidence_dir, pd->rel);
	pd->incident_id = id;
	pd->n = ev.n;
	/* A file already at the final name belongs to no row (the number is
	 * new, and this transaction holds the write lock): a stray, kept
	 * aside under a dot name for verify to report. */
	if (fs_exists(pd->final)) {
		char aside[4300];

		snprintf(aside, sizeof(aside), "%s/.stray-%lld-%d-%s", pd->dir, (long long)en->now,
			 ev.n, safe);
		if (rename(pd->final, aside)) {
			mo_err_set(e, pd->final, 0, 0, _("cannot write: %s"), strerror(errno));
			goto done;
		}
	}
	fd = open(pd->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		mo_err_set(e, pd->tmp, 0, 0, _("cannot create: %s"), strerror(errno));
		goto done;
	}
	if (stream(in, fd, hex, &size) || fsync(fd)) {
		mo_err_set(e, path, 0, 0, _("cannot copy: %s"), strerror(errno));
		goto done;
	}
	if (close(fd)) {
		fd = -1;
		mo_err_set(e, pd->tmp, 0, 0, _("cannot write: %s"), strerror(errno));
		goto done;
	}
	fd = -1;
	fsync_dir(pd->dir);
	{
		char abs[4096];
		const char *source = source_as ? source_as : realpath(path, abs) ? abs : path;
		struct mo_err ignored;

		ev.incident_id = id;
		ev.file = pd->rel;
		ev.name = display_name(path, &inc.arena);
		/* Where it came from, when that can be recorded as text. */
		ev.source = engine_text_ok("source", source, 4096, false, &ignored) == 0 ? source
											 : ev.name;
		ev.sha256 = hex;
		if (name)
			ev.name = display_name(name, &inc.arena);
		ev.size = size;
		ev.note = note && *note ? note : NULL;
		ev.who = en->who;
		ev.at = en->now;
		if (!ev.name) {
			mo_err_oom(e, NULL);
			goto done;
		}
		if (store_evidence_add(en->st, &ev, e) ||
		    engine_event(en, id, "evidence", engine_afmt(&inc.arena, "evidence %d", ev.n),
				 NULL, hex,
				 engine_afmt(&inc.arena, "%s を保全（%lld バイト、元: %s）%s%s",
					     ev.name, (long long)size, ev.source,
					     ev.note ? "— " : "", ev.note ? ev.note : ""),
				 e))
			goto done;
	}
	/* From here the hook owns the copy: linked in after the commit,
	 * removed after a rollback. */
	rc = store_after_commit(en->st, link_pending, pd, e);
	pd = NULL;
	if (rc)
		goto done;
	if (out) {
		/* The numbers only: the strings do not outlive this call. */
		*out = ev;
		out->file = out->name = out->source = out->sha256 = out->note = out->who = NULL;
	}
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	if (pd) {
		if (pd->tmp[0])
			unlink(pd->tmp);
		free(pd);
	}
	if (in >= 0)
		close(in);
	inc_release(&inc);
	return rc;
}

/* Removes dir and the files in it (an upload's folder holds one file). */
static void remove_folder(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[4400];

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path))
			continue;
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

/* Finishes or removes the copies that a crash left in one incident's
 * folder (see struct pending). */
static int cleanup_incident(struct engine *en, int64_t id, const char *dir, size_t *fixed,
			    struct mo_err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = 0;

	if (!d)
		return 0;
	while (rc == 0 && (de = readdir(d))) {
		char path[4400], final[4400], file[512], sha[65], hex[65];
		int n = 0, found;
		int64_t size;
		struct mo_err ignored;

		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path))
			continue;
		if (strncmp(de->d_name, ".tmp-", 5) == 0) {
			/* Older versions' copies: never named by a row. */
			unlink(path);
			(*fixed)++;
			continue;
		}
		if (sscanf(de->d_name, ".pending-%d-", &n) != 1 || n <= 0)
			continue;
		found = store_evidence_at(en->st, id, n, file, sizeof(file), sha, e);
		if (found < 0) {
			rc = -1;
			break;
		}
		snprintf(final, sizeof(final), "%s/%s", en->evidence_dir, file);
		if (found == 1) {
			unlink(path); /* its transaction never committed */
			(*fixed)++;
		} else if (fs_exists(final)) {
			unlink(path); /* linked already */
			(*fixed)++;
		} else if (engine_hash_file(path, hex, &size, &ignored) == 0 &&
			   strcmp(hex, sha) == 0 && rename(path, final) == 0) {
			fsync_dir(dir); /* committed, the link was lost */
			(*fixed)++;
		}
	}
	closedir(d);
	return rc;
}

int engine_evidence_cleanup(struct engine *en, const char *uploads_dir, int64_t upload_age,
			    size_t *fixed, struct mo_err *e)
{
	DIR *d;
	struct dirent *de;
	int rc = 0;

	*fixed = 0;
	d = en->evidence_dir ? opendir(en->evidence_dir) : NULL;
	while (d && rc == 0 && (de = readdir(d))) {
		char dir[4400];
		long long id;
		int end = 0;

		if (sscanf(de->d_name, "%lld%n", &id, &end) != 1 || de->d_name[end] || id <= 0)
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", en->evidence_dir, de->d_name);
		rc = cleanup_incident(en, id, dir, fixed, e);
	}
	if (d)
		closedir(d);
	/* Upload folders (web/dispatch.c: uploads/up-XXXXXX) whose request
	 * ended without removing them: a crash. */
	d = uploads_dir ? opendir(uploads_dir) : NULL;
	while (d && (de = readdir(d))) {
		char dir[4400];
		struct stat sb;

		if (strncmp(de->d_name, "up-", 3) != 0)
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", uploads_dir, de->d_name);
		if (lstat(dir, &sb) || !S_ISDIR(sb.st_mode) ||
		    (upload_age > 0 && sb.st_mtime > time(NULL) - upload_age))
			continue;
		remove_folder(dir);
		(*fixed)++;
	}
	if (d)
		closedir(d);
	return rc;
}

int engine_evidence_verify(struct engine *en, int64_t id, struct evidence_check **out, size_t *n,
			   struct mo_err *e)
{
	struct inc inc;
	struct evidence_list list = {0};
	struct evidence_check *v = NULL;
	struct buf text;
	size_t bad = 0, n_strays = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_incident_get(en->st, id, &inc, e);
	if (rc)
		return rc < 0 ? -1 : engine_err_missing(id, e);
	buf_init(&text, 65536);
	rc = -1;
	if (store_evidence_get(en->st, id, &list, e))
		goto done;
	v = calloc(list.n + 1, sizeof(*v));
	if (!v) {
		mo_err_oom(e, NULL);
		goto done;
	}
	for (size_t i = 0; i < list.n; i++) {
		const struct evidence *ev = &list.v[i];
		char path[4600];
		struct mo_err ignored;

		v[i].n = ev->n;
		snprintf(path, sizeof(path), "%s/%s", en->evidence_dir, ev->file);
		if (engine_hash_file(path, v[i].sha256, &v[i].size, &ignored)) {
			v[i].state = EVIDENCE_MISSING;
			v[i].sha256[0] = '\0';
		} else if (strcmp(v[i].sha256, ev->sha256) != 0 || v[i].size != ev->size) {
			v[i].state = EVIDENCE_CHANGED;
		} else {
			v[i].state = EVIDENCE_OK;
		}
		if (v[i].state != EVIDENCE_OK) {
			bad++;
			if (buf_addf(&text, "\n#%d %s: %s", ev->n, ev->name,
				     v[i].state == EVIDENCE_MISSING ? "ファイルがない"
								    : "ハッシュ値が一致しない"))
				break;
		}
	}
	/* Files in the incident's folder that no row names: strays (left by
	 * a crash of an older version, or put there by hand). */
	{
		char dir[4400], rel[64];
		DIR *d;
		struct dirent *de;
		size_t cap = list.n + 1, strays = 0;

		snprintf(rel, sizeof(rel), "%lld/", (long long)id);
		snprintf(dir, sizeof(dir), "%s/%lld", en->evidence_dir, (long long)id);
		d = opendir(dir);
		while (d && (de = readdir(d))) {
			bool known = false;

			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			for (size_t i = 0; i < list.n && !known; i++)
				known = strncmp(list.v[i].file, rel, strlen(rel)) == 0 &&
					strcmp(list.v[i].file + strlen(rel), de->d_name) == 0;
			if (known)
				continue;
			if (list.n + strays + 1 > cap) {
				struct evidence_check *nv = realloc(v, (cap * 2) * sizeof(*v));

				if (!nv)
					break;
				v = nv;
				cap *= 2;
			}
			memset(&v[list.n + strays], 0, sizeof(*v));
			v[list.n + strays].state = EVIDENCE_STRAY;
			if (snprintf(v[list.n + strays].file, sizeof(v->file), "%s", de->d_name) >=
			    (int)sizeof(v->file))
				memcpy(v[list.n + strays].file + sizeof(v->file) - 4, "...", 4);
			strays++;
			bad++;
			if (buf_addf(&text, "\n%s: 記録にないファイル", de->d_name))
				break;
		}
		if (d)
			closedir(d);
		n_strays = strays;
	}
	/* The check itself is a custody event, whatever the incident's state:
	 * it changes nothing in the case. */
	if (engine_event(en, id, "custody", NULL, NULL, NULL,
			 engine_afmt(&inc.arena, "証拠の検証: %zu件中 %zu件が一致%s", list.n,
				     list.n - (bad - n_strays), buf_str(&text)),
			 e))
		goto done;
	*out = v;
	*n = list.n + n_strays;
	v = NULL;
	rc = bad ? 1 : 0;
done:
	free(v);
	buf_release(&text);
	evidence_list_release(&list);
	inc_release(&inc);
	return rc;
}
