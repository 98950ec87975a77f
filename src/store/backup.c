/* Backups: one tar archive (pax, written and read with libarchive) holding
 * everything needed to bring a data folder back:
 *
 *   moshimo.db      a consistent snapshot (SQLite's online backup API, in
 *                   one step, so it is one moment), rollback journal mode
 *   audit.anchor    the snapshot's chain head (rows, last hash, key id)
 *   policy.yaml     the manual, when the folder has one
 *   evidence/…      every evidence file a record names, as recorded (and
 *                   evidence/checks/<sha256>, the peacetime checks' files)
 *   audit.key       only with --with-key (a secret: see README)
 *   MANIFEST        last: "sha256 size path" of every member above
 *
 * Before the archive replaces FILE, the snapshot passes integrity_check and
 * the audit verification (HMAC chain, the data, and the live anchor as it
 * was before the snapshot: a truncated chain is not backed up), every
 * evidence file hashes to its record, and the archive is read back against
 * its MANIFEST. Restore reads an archive into a new folder beside DIR,
 * checks the same and renames it to DIR: a damaged archive leaves nothing.
 * notify.yaml (passwords, webhook URLs) is never in a backup. */
#include "store/storeInt.h"
#include "util/buf.h"
#include "util/fs.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 65536
#define MANIFEST_MAX (16 * 1024 * 1024)
#define MEMBER_PATH_MAX 600

static const char sql_evidence_all[] = "SELECT incident_id, n, file, sha256, size FROM evidence "
				       "ORDER BY id";
/* The peacetime checks' evidence (store/checks.c), named by its hash; an
 * archive older than migration_checks has no such table. */
static const char sql_has_check_results[] =
	"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'check_results'";
static const char sql_check_evidence[] =
	"SELECT 0, 0, 'checks/' || evidence_sha256, evidence_sha256, max(evidence_size) "
	"FROM check_results WHERE evidence_sha256 IS NOT NULL GROUP BY evidence_sha256 "
	"ORDER BY evidence_sha256";

static int fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static void parent_of(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(out, size, ".");
	else if (slash == path)
		snprintf(out, size, "/");
	else
		snprintf(out, size, "%.*s", (int)(slash - path), path);
}

/* Removes a folder made by this file (files and folders only, no links
 * followed), deepest first. */
static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char path[4600];
		struct stat sb;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path))
			continue;
		if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			remove_tree(path);
		else
			unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

/* ---- the database snapshot ---- */

static int copy_to(struct store *st, const char *tmp, struct mo_err *e)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int fd, rc;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return mo_err_set(e, tmp, 0, 0, _("cannot create: %s"), strerror(errno));
	close(fd);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		mo_err_set(e, tmp, 0, 0, _("cannot write the backup: %s"),
			   dst ? sqlite3_errmsg(dst) : "out of memory");
		sqlite3_close(dst);
		return -1;
	}
	b = sqlite3_backup_init(dst, "main", st->db, "main");
	if (!b) {
		mo_err_set(e, tmp, 0, 0, _("cannot write the backup: %s"), sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return -1;
	}
	/* All pages in one step: one read transaction, one moment. */
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		mo_err_set(e, tmp, 0, 0, _("cannot write the backup: %s"), sqlite3_errstr(rc));
		sqlite3_close(dst);
		return -1;
	}
	/* A backup is one self-contained file: no WAL beside it. */
	if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		mo_err_set(e, tmp, 0, 0, _("cannot write the backup: %s"), sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return -1;
	}
	sqlite3_close(dst);
	if (fsync_path(tmp))
		return mo_err_set(e, tmp, 0, 0, _("cannot write the backup: %s"), strerror(errno));
	return 0;
}

/* Integrity and the audit chain of an opened copy; what for messages
 * ("the backup", "the archive"). */
static int verify_store(struct store *copy, const char *what, const char *path,
			struct store_backup_result *r, struct mo_err *e)
{
	struct store_audit_report ar;
	char msg[512];
	int rc;

	rc = store_integrity_check(copy, msg, sizeof(msg), e);
	if (rc == 1)
		return mo_err_set(e, path, 0, 0, _("%s failed its integrity check: %s"), what, msg);
	if (rc < 0)
		return -1;
	rc = store_audit_verify(copy, &ar, e);
	if (rc == 1)
		return mo_err_set(e, path, 0, 0, _("%s: the audit chain cannot be trusted: %s"),
				  what, ar.what);
	if (rc < 0)
		return -1;
	if (r)
		r->rows = ar.rows;
	return 0;
}

/* ---- evidence rows ---- */

struct ev_row {
	int64_t incident_id;
	int n;
	char file[512];
	char sha256[65];
	int64_t size;
};

static int read_ev_rows(struct store *st, sqlite3_stmt *s, struct ev_row **v, size_t *n,
			size_t *cap, struct mo_err *e);

static int evidence_rows(struct store *st, struct ev_row **v, size_t *n, struct mo_err *e)
{
	sqlite3_stmt *s = store_stmt(st, sql_evidence_all, e);
	size_t cap = 0;
	int has;

	*v = NULL;
	*n = 0;
	if (!s || read_ev_rows(st, s, v, n, &cap, e))
		return -1;
	s = store_stmt(st, sql_has_check_results, e);
	if (!s)
		return -1;
	has = sqlite3_step(s);
	sqlite3_reset(s);
	if (has == SQLITE_DONE)
		return 0;
	if (has != SQLITE_ROW)
		return store_fail(st, e);
	s = store_stmt(st, sql_check_evidence, e);
	return s ? read_ev_rows(st, s, v, n, &cap, e) : -1;
}

static int read_ev_rows(struct store *st, sqlite3_stmt *s, struct ev_row **v, size_t *n,
			size_t *cap, struct mo_err *e)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct ev_row *row = store_list_grow((void **)v, n, cap, sizeof(**v));
		const char *f = (const char *)sqlite3_column_text(s, 2);
		const char *h = (const char *)sqlite3_column_text(s, 3);

		if (!row) {
			sqlite3_reset(s);
			return mo_err_oom(e, st->path);
		}
		row->incident_id = sqlite3_column_int64(s, 0);
		row->n = sqlite3_column_int(s, 1);
		snprintf(row->file, sizeof(row->file), "%s", f ? f : "");
		snprintf(row->sha256, sizeof(row->sha256), "%s", h ? h : "");
		row->size = sqlite3_column_int64(s, 4);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, e);
}

/* A record's file: "<id>/<n>-<name>", or "checks/<sha256>" (a peacetime
 * check's), nothing that climbs out. */
static bool evidence_file_ok(const char *f)
{
	const char *slash = strchr(f, '/');

	if (strncmp(f, "checks/", 7) == 0)
		return strlen(f + 7) == 64 && strspn(f + 7, "0123456789abcdef") == 64;

	if (!slash || slash == f || strchr(slash + 1, '/') || !slash[1] || slash[1] == '.')
		return false;
	for (const char *c = f; c < slash; c++)
		if (*c < '0' || *c > '9')
			return false;
	return strlen(f) < 400;
}

/* ---- the archive ---- */

struct writer {
	struct archive *a;
	const char *path;
	struct buf manifest;
	unsigned char *chunk;
};

/* Adds the file at src as member name; hashes it (hex into sha) and
 * counts its bytes. */
static int add_file(struct writer *w, const char *src, const char *name, char sha[65],
		    int64_t *size, struct mo_err *e)
{
	struct archive_entry *en = NULL;
	crypto_hash_sha256_state h;
	unsigned char d[crypto_hash_sha256_BYTES];
	struct stat sb;
	int fd = open(src, O_RDONLY | O_CLOEXEC), rc = -1;
	int64_t total = 0;

	if (fd < 0)
		return mo_err_set(e, src, 0, 0, _("cannot open: %s"), strerror(errno));
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		mo_err_set(e, src, 0, 0, _("not a regular file"));
		goto done;
	}
	en = archive_entry_new();
	if (!en) {
		mo_err_oom(e, w->path);
		goto done;
	}
	archive_entry_set_pathname(en, name);
	archive_entry_set_filetype(en, AE_IFREG);
	archive_entry_set_perm(en, 0600);
	archive_entry_set_size(en, sb.st_size);
	archive_entry_set_mtime(en, sb.st_mtime, 0);
	if (archive_write_header(w->a, en) != ARCHIVE_OK) {
		mo_err_set(e, w->path, 0, 0, _("cannot write the backup: %s"),
			   archive_error_string(w->a));
		goto done;
	}
	crypto_hash_sha256_init(&h);
	for (;;) {
		ssize_t got = read(fd, w->chunk, CHUNK);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			mo_err_set(e, src, 0, 0, _("cannot read: %s"), strerror(errno));
			goto done;
		}
		if (got == 0)
			break;
		/* The size went into the header: a file that grows is cut there,
		 * and its hash then tells. */
		if (total + got > sb.st_size)
			got = (ssize_t)(sb.st_size - total);
		crypto_hash_sha256_update(&h, w->chunk, (size_t)got);
		if (archive_write_data(w->a, w->chunk, (size_t)got) != got) {
			mo_err_set(e, w->path, 0, 0, _("cannot write the backup: %s"),
				   archive_error_string(w->a));
			goto done;
		}
		total += got;
		if (total == sb.st_size)
			break;
	}
	if (total != sb.st_size) {
		mo_err_set(e, src, 0, 0, _("the file changed while it was backed up"));
		goto done;
	}
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(sha, 65, d, sizeof(d));
	*size = total;
	if (buf_addf(&w->manifest, "%s %lld %s\n", sha, (long long)total, name)) {
		mo_err_oom(e, w->path);
		goto done;
	}
	rc = 0;
done:
	archive_entry_free(en);
	close(fd);
	return rc;
}

static int add_bytes(struct writer *w, const char *name, const char *data, size_t len,
		     struct mo_err *e)
{
	struct archive_entry *en = archive_entry_new();
	int rc = 0;

	if (!en)
		return mo_err_oom(e, w->path);
	archive_entry_set_pathname(en, name);
	archive_entry_set_filetype(en, AE_IFREG);
	archive_entry_set_perm(en, 0600);
	archive_entry_set_size(en, (la_int64_t)len);
	archive_entry_set_mtime(en, time(NULL), 0);
	if (archive_write_header(w->a, en) != ARCHIVE_OK ||
	    archive_write_data(w->a, data, len) != (la_ssize_t)len)
		rc = mo_err_set(e, w->path, 0, 0, _("cannot write the backup: %s"),
				archive_error_string(w->a));
	archive_entry_free(en);
	return rc;
}

/* The evidence files the snapshot's records name, each checked against
 * its record while it is written. */
static int add_evidence(struct writer *w, struct store *copy, const char *evidence_dir,
			struct store_backup_result *r, struct mo_err *e)
{
	struct ev_row *v;
	size_t n;
	int rc = 0;

	if (evidence_rows(copy, &v, &n, e)) {
		free(v);
		return -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		char src[4600], name[MEMBER_PATH_MAX], sha[65];
		int64_t size = 0;

		if (!evidence_file_ok(v[i].file)) {
			rc = mo_err_set(e, copy->path, 0, 0,
					_("evidence %d of INC-%04lld names a bad file: %s"), v[i].n,
					(long long)v[i].incident_id, v[i].file);
			break;
		}
		snprintf(src, sizeof(src), "%s/%s", evidence_dir, v[i].file);
		snprintf(name, sizeof(name), "evidence/%s", v[i].file);
		/* A record committed a moment ago may be a moment from its link. */
		if (!fs_exists(src))
			sqlite3_sleep(200);
		rc = add_file(w, src, name, sha, &size, e);
		if (rc == 0 && (strcmp(sha, v[i].sha256) != 0 || size != v[i].size))
			rc = mo_err_set(
				e, src, 0, 0,
				_("evidence %d of INC-%04lld does not match its record (sha256 "
				  "%s, recorded %s): the backup was not written"),
				v[i].n, (long long)v[i].incident_id, sha, v[i].sha256);
		if (rc == 0) {
			r->files++;
			r->bytes += size;
		}
	}
	free(v);
	return rc;
}

/* One manifest line: "<sha256 hex> <size> <path>". */
struct member {
	char path[MEMBER_PATH_MAX];
	char sha[65];
	int64_t size;
	bool seen;
};

static int parse_manifest(const char *text, struct member **out, size_t *n, struct mo_err *e,
			  const char *archive)
{
	size_t cap = 0;
	const char *p = text;

	*out = NULL;
	*n = 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		struct member *m;
		long long size;
		int used = 0;
		char sha[65], path[MEMBER_PATH_MAX];

		if (!nl || nl - p >= (long)sizeof(path) + 100 ||
		    sscanf(p, "%64[0-9a-f] %lld %599[^\n]%n", sha, &size, path, &used) != 3 ||
		    p + used != nl || strlen(sha) != 64 || size < 0)
			return mo_err_set(e, archive, 0, 0, _("the archive's MANIFEST is damaged"));
		m = store_list_grow((void **)out, n, &cap, sizeof(**out));
		if (!m)
			return mo_err_oom(e, archive);
		snprintf(m->path, sizeof(m->path), "%s", path);
		snprintf(m->sha, sizeof(m->sha), "%s", sha);
		m->size = size;
		p = nl + 1;
	}
	return 0;
}

/* A member's name as restore accepts it: the fixed files, or
 * evidence/<digits>/<name> without dot names or other folders. */
static bool member_name_ok(const char *p)
{
	static const char *const fixed[] = {"moshimo.db", "audit.anchor", "audit.key",
					    "policy.yaml", "MANIFEST"};

	for (size_t i = 0; i < MO_ARRAY_SIZE(fixed); i++)
		if (strcmp(p, fixed[i]) == 0)
			return true;
	return strncmp(p, "evidence/", 9) == 0 && evidence_file_ok(p + 9) && !strstr(p, "..");
}

/* Reads the archive at path. With dir: every member is written under dir
 * (folders 0700, files 0600). Checks every member against the MANIFEST
 * (which must come last and name them all). */
static int read_archive(const char *path, const char *dir, struct mo_err *e)
{
	struct archive *a = archive_read_new();
	struct archive_entry *en;
	unsigned char *chunk = malloc(CHUNK);
	struct buf seen;
	struct member *m = NULL;
	char *manifest = NULL;
	size_t n_members = 0, n_seen = 0;
	int r, rc = -1;

	buf_init(&seen, MANIFEST_MAX);
	if (!a || !chunk) {
		mo_err_oom(e, path);
		goto done;
	}
	archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, path, CHUNK) != ARCHIVE_OK) {
		mo_err_set(e, path, 0, 0, _("not a moshimo backup: %s"), archive_error_string(a));
		goto done;
	}
	while ((r = archive_read_next_header(a, &en)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(en);
		crypto_hash_sha256_state h;
		unsigned char d[crypto_hash_sha256_BYTES];
		char sha[65], out[4700];
		int64_t total = 0;
		int fd = -1;

		if (manifest) {
			mo_err_set(e, path, 0, 0, _("the archive has members after its MANIFEST"));
			goto done;
		}
		if (!name || archive_entry_filetype(en) != AE_IFREG || !member_name_ok(name)) {
			mo_err_set(e, path, 0, 0,
				   _("the archive holds a member a backup does not: %s"),
				   name ? name : "?");
			goto done;
		}
		if (strcmp(name, "MANIFEST") == 0) {
			la_int64_t sz = archive_entry_size(en);

			la_int64_t got = 0;

			if (sz < 0 || sz > MANIFEST_MAX || !(manifest = malloc((size_t)sz + 1))) {
				mo_err_set(e, path, 0, 0, _("the archive's MANIFEST is damaged"));
				goto done;
			}
			while (got < sz) {
				la_ssize_t k =
					archive_read_data(a, manifest + got, (size_t)(sz - got));

				if (k <= 0) {
					mo_err_set(e, path, 0, 0, _("the archive is damaged: %s"),
						   k < 0 ? archive_error_string(a) : "MANIFEST");
					goto done;
				}
				got += k;
			}
			manifest[sz] = '\0';
			if (strlen(manifest) != (size_t)sz) {
				mo_err_set(e, path, 0, 0, _("the archive's MANIFEST is damaged"));
				goto done;
			}
			continue;
		}
		if (dir) {
			char sub[4700];
			const char *slash = strrchr(name, '/');

			snprintf(out, sizeof(out), "%s/%s", dir, name);
			if (slash) {
				struct mo_err ignored;

				snprintf(sub, sizeof(sub), "%s/%.*s", dir, (int)(slash - name),
					 name);
				if (fs_mkdirs(sub, &ignored)) {
					mo_err_set(e, sub, 0, 0, "%s", ignored.msg);
					goto done;
				}
			}
			fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
			if (fd < 0) {
				mo_err_set(e, out, 0, 0, _("cannot create: %s"), strerror(errno));
				goto done;
			}
		}
		crypto_hash_sha256_init(&h);
		for (;;) {
			la_ssize_t got = archive_read_data(a, chunk, CHUNK);

			if (got < 0) {
				mo_err_set(e, path, 0, 0, _("the archive is damaged at %s: %s"),
					   name, archive_error_string(a));
				if (fd >= 0)
					close(fd);
				goto done;
			}
			if (got == 0)
				break;
			crypto_hash_sha256_update(&h, chunk, (size_t)got);
			if (fd >= 0 && write(fd, chunk, (size_t)got) != got) {
				mo_err_set(e, out, 0, 0, _("cannot write: %s"), strerror(errno));
				close(fd);
				goto done;
			}
			total += got;
		}
		if (fd >= 0 && (fsync(fd) || close(fd))) {
			mo_err_set(e, out, 0, 0, _("cannot write: %s"), strerror(errno));
			goto done;
		}
		crypto_hash_sha256_final(&h, d);
		sodium_bin2hex(sha, sizeof(sha), d, sizeof(d));
		if (buf_addf(&seen, "%s %lld %s\n", sha, (long long)total, name)) {
			mo_err_oom(e, path);
			goto done;
		}
		n_seen++;
	}
	if (r != ARCHIVE_EOF) {
		mo_err_set(e, path, 0, 0, _("the archive is damaged: %s"), archive_error_string(a));
		goto done;
	}
	if (!manifest) {
		mo_err_set(e, path, 0, 0, _("not a whole moshimo backup: it has no MANIFEST"));
		goto done;
	}
	if (parse_manifest(manifest, &m, &n_members, e, path))
		goto done;
	/* What was read must be exactly what the MANIFEST lists, in order. */
	if (n_members != n_seen || strcmp(buf_str(&seen), manifest) != 0) {
		const char *s = buf_str(&seen);

		for (size_t i = 0; i < n_members; i++) {
			char line[800];
			size_t len = (size_t)snprintf(line, sizeof(line), "%s %lld %s\n", m[i].sha,
						      (long long)m[i].size, m[i].path);

			if (strncmp(s, line, len) != 0) {
				mo_err_set(
					e, path, 0, 0,
					_("the archive is damaged: %s does not match its MANIFEST "
					  "line (sha256 %s)"),
					m[i].path, m[i].sha);
				goto done;
			}
			s += len;
		}
		mo_err_set(e, path, 0, 0, _("the archive's members differ from its MANIFEST"));
		goto done;
	}
	if (!n_members || strcmp(m[0].path, "moshimo.db") != 0) {
		mo_err_set(e, path, 0, 0, _("not a moshimo backup: no moshimo.db first"));
		goto done;
	}
	rc = 0;
done:
	free(m);
	free(manifest);
	free(chunk);
	buf_release(&seen);
	if (a)
		archive_read_free(a);
	return rc;
}

/* Every evidence file of an opened copy under evidence_dir hashes to its
 * record. */
static int verify_evidence(struct store *copy, const char *evidence_dir,
			   struct store_backup_result *r, struct mo_err *e)
{
	struct ev_row *v;
	size_t n;
	int rc = 0;

	if (evidence_rows(copy, &v, &n, e)) {
		free(v);
		return -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		char path[4600] = "", hex[65];
		crypto_hash_sha256_state h;
		unsigned char d[crypto_hash_sha256_BYTES], buf[8192];
		int64_t total = 0;
		int fd;

		fd = evidence_file_ok(v[i].file) &&
				     snprintf(path, sizeof(path), "%s/%s", evidence_dir,
					      v[i].file) < (int)sizeof(path)
			     ? open(path, O_RDONLY | O_CLOEXEC)
			     : -1;
		if (fd < 0) {
			rc = mo_err_set(e, path, 0, 0, _("evidence %d of INC-%04lld is missing"),
					v[i].n, (long long)v[i].incident_id);
			break;
		}
		crypto_hash_sha256_init(&h);
		for (;;) {
			ssize_t got = read(fd, buf, sizeof(buf));

			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0)
				break;
			crypto_hash_sha256_update(&h, buf, (size_t)got);
			total += got;
		}
		close(fd);
		crypto_hash_sha256_final(&h, d);
		sodium_bin2hex(hex, sizeof(hex), d, sizeof(d));
		if (strcmp(hex, v[i].sha256) != 0 || total != v[i].size)
			rc = mo_err_set(e, path, 0, 0,
					_("evidence %d of INC-%04lld does not match its record"),
					v[i].n, (long long)v[i].incident_id);
		else
			r->files++, r->bytes += total;
	}
	free(v);
	return rc;
}

static int write_archive(struct store *st, const char *tmpdir, const char *out,
			 const struct store_backup_opts *o, struct store_backup_result *r,
			 struct mo_err *e)
{
	struct writer w = {0};
	struct store *copy = NULL;
	char db[4600], anchor[4600], live[4600], sha[65];
	int64_t size;
	int fd = -1, rc = -1;

	snprintf(db, sizeof(db), "%s/moshimo.db", tmpdir);
	snprintf(anchor, sizeof(anchor), "%s/audit.anchor", tmpdir);
	snprintf(live, sizeof(live), "%s/live.anchor", tmpdir);
	/* The live anchor as it is before the snapshot: the snapshot must
	 * reach at least that far. */
	if (fs_exists(st->anchor_path)) {
		char *text = NULL;
		size_t len = 0;

		if (fs_read_file(st->anchor_path, 4096, &text, &len, e))
			return -1;
		rc = fs_write_file(live, text, len, e);
		free(text);
		if (rc)
			return -1;
		rc = -1;
	}
	if (copy_to(st, db, e))
		return -1;
	/* Without a live anchor, the real path: verify says it is missing. */
	copy = store_open_keyed(db, st->key_path, fs_exists(live) ? live : st->anchor_path,
				STORE_READONLY, e);
	if (!copy)
		return -1;
	if (verify_store(copy, _("the backup"), db, r, e) ||
	    store_audit_anchor_save(copy, anchor, e))
		goto done;
	fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		mo_err_set(e, out, 0, 0, _("cannot create: %s"), strerror(errno));
		goto done;
	}
	w.path = out;
	w.chunk = malloc(CHUNK);
	w.a = archive_write_new();
	buf_init(&w.manifest, MANIFEST_MAX);
	if (!w.chunk || !w.a) {
		mo_err_oom(e, out);
		goto done;
	}
	if (archive_write_set_format_pax_restricted(w.a) != ARCHIVE_OK ||
	    archive_write_open_fd(w.a, fd) != ARCHIVE_OK) {
		mo_err_set(e, out, 0, 0, _("cannot write the backup: %s"),
			   archive_error_string(w.a));
		goto done;
	}
	if (add_file(&w, db, "moshimo.db", sha, &size, e) ||
	    add_file(&w, anchor, "audit.anchor", sha, &size, e))
		goto done;
	if (o->policy && fs_exists(o->policy) &&
	    add_file(&w, o->policy, "policy.yaml", sha, &size, e))
		goto done;
	if (o->with_key && add_file(&w, st->key_path, "audit.key", sha, &size, e))
		goto done;
	if (add_evidence(&w, copy, o->evidence_dir, r, e))
		goto done;
	if (w.manifest.failed) {
		mo_err_oom(e, out);
		goto done;
	}
	if (add_bytes(&w, "MANIFEST", buf_str(&w.manifest), w.manifest.len, e))
		goto done;
	if (archive_write_close(w.a) != ARCHIVE_OK) {
		mo_err_set(e, out, 0, 0, _("cannot write the backup: %s"),
			   archive_error_string(w.a));
		goto done;
	}
	if (fsync(fd)) {
		mo_err_set(e, out, 0, 0, _("cannot write the backup: %s"), strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (w.a)
		archive_write_free(w.a);
	if (fd >= 0)
		close(fd);
	free(w.chunk);
	buf_release(&w.manifest);
	store_close(copy);
	return rc;
}

int store_backup(struct store *st, const char *path, const struct store_backup_opts *o,
		 struct store_backup_result *r, struct mo_err *e)
{
	char tmpdir[4096], tmp[4096], dir[4096];
	struct store_backup_result ignored;
	int rc;

	if (!r)
		r = &ignored;
	memset(r, 0, sizeof(*r));
	if (snprintf(tmpdir, sizeof(tmpdir), "%s.tmp.%ld.d", path, (long)getpid()) >=
		    (int)sizeof(tmpdir) ||
	    snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof(tmp))
		return mo_err_set(e, path, 0, 0, _("path is too long"));
	remove_tree(tmpdir);
	unlink(tmp);
	if (mkdir(tmpdir, 0700))
		return mo_err_set(e, tmpdir, 0, 0, _("cannot create: %s"), strerror(errno));
	rc = write_archive(st, tmpdir, tmp, o, r, e);
	remove_tree(tmpdir);
	/* Read back: every member against the MANIFEST. */
	if (rc == 0)
		rc = read_archive(tmp, NULL, e);
	if (rc == 0 && rename(tmp, path))
		rc = mo_err_set(e, path, 0, 0, _("cannot write: %s"), strerror(errno));
	if (rc) {
		unlink(tmp);
		return -1;
	}
	parent_of(path, dir, sizeof(dir));
	fsync_path(dir);
	return 0;
}

/* True when dir does not exist or is an empty folder. */
static int dir_empty(const char *dir, struct mo_err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d) {
		if (errno == ENOENT)
			return 0;
		return mo_err_set(e, dir, 0, 0, _("cannot open: %s"), strerror(errno));
	}
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			closedir(d);
			return mo_err_set(e, dir, 0, 0,
					  _("the folder is not empty: restore only into a new or "
					    "empty folder"));
		}
	}
	closedir(d);
	return 0;
}

int store_restore(const char *archive, const char *dir, const char *key_file,
		  struct store_backup_result *r, struct mo_err *e)
{
	char tmp[4096], parent[4096], path[4600], evidence[4600], anchor[4600];
	const char *base = strrchr(dir, '/');
	struct store *copy = NULL;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (dir_empty(dir, e))
		return -1;
	parent_of(dir, parent, sizeof(parent));
	base = base ? base + 1 : dir;
	if (!*base || snprintf(tmp, sizeof(tmp), "%s/.%s.restore.%ld", parent, base,
			       (long)getpid()) >= (int)sizeof(tmp))
		return mo_err_set(e, dir, 0, 0, _("path is too long"));
	remove_tree(tmp);
	if (mkdir(tmp, 0700))
		return mo_err_set(e, tmp, 0, 0, _("cannot create: %s"), strerror(errno));
	if (read_archive(archive, tmp, e))
		goto done;
	snprintf(path, sizeof(path), "%s/audit.key", tmp);
	if (key_file) {
		char *text = NULL;
		size_t len = 0;

		unlink(path);
		if (fs_read_file(key_file, 4096, &text, &len, e))
			goto done;
		rc = fs_write_file(path, text, len, e);
		sodium_memzero(text, len);
		free(text);
		if (rc)
			goto done;
		rc = -1;
	} else if (!fs_exists(path)) {
		mo_err_set(e, archive, 0, 0,
			   _("the archive holds no audit key: give --key FILE (the data folder's "
			     "audit.key, kept apart from its backups)"));
		goto done;
	}
	snprintf(path, sizeof(path), "%s/moshimo.db", tmp);
	snprintf(anchor, sizeof(anchor), "%s/audit.anchor", tmp);
	snprintf(evidence, sizeof(evidence), "%s/audit.key", tmp);
	copy = store_open_keyed(path, evidence, anchor, STORE_READONLY, e);
	if (!copy)
		goto done;
	snprintf(evidence, sizeof(evidence), "%s/evidence", tmp);
	if (verify_store(copy, _("the archive"), archive, r, e) ||
	    verify_evidence(copy, evidence, r, e))
		goto done;
	store_close(copy);
	copy = NULL;
	/* An empty DIR is replaced by the whole restored folder at once. */
	if (rename(tmp, dir)) {
		mo_err_set(e, dir, 0, 0, _("cannot write: %s"), strerror(errno));
		goto done;
	}
	fsync_path(parent);
	rc = 0;
done:
	store_close(copy);
	if (rc)
		remove_tree(tmp);
	return rc;
}

int store_backup_check(const char *path, struct mo_err *e)
{
	return read_archive(path, NULL, e);
}
