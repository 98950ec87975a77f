/* Backups: the online backup API copies a consistent snapshot while others
 * keep writing; the copy is then opened and verified (integrity and the
 * audit chain) before it replaces FILE. */
#include "store/storeInt.h"
#include "util/fs.h"

#include <fcntl.h>
#include <unistd.h>

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
	do {
		rc = sqlite3_backup_step(b, 256);
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

static int verify_copy(struct store *st, const char *tmp, struct mo_err *e)
{
	struct store *copy = store_open_keyed(tmp, st->key_path, "", STORE_READONLY, e);
	struct store_audit_report r;
	char msg[512];
	int rc;

	if (!copy)
		return -1;
	rc = store_integrity_check(copy, msg, sizeof(msg), e);
	if (rc == 1)
		mo_err_set(e, tmp, 0, 0, _("the backup failed its integrity check: %s"), msg);
	if (rc == 0) {
		rc = store_audit_verify(copy, &r, e);
		if (rc == 1)
			mo_err_set(e, tmp, 0, 0, _("the backup's audit chain is broken: %s"), r.what);
	}
	store_close(copy);
	return rc ? -1 : 0;
}

int store_backup(struct store *st, const char *path, struct mo_err *e)
{
	char tmp[4096], dir[4096];
	char *slash;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof(tmp))
		return mo_err_set(e, path, 0, 0, _("path is too long"));
	if (copy_to(st, tmp, e) || verify_copy(st, tmp, e)) {
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path)) {
		int err = errno;

		unlink(tmp);
		return mo_err_set(e, path, 0, 0, _("cannot write: %s"), strerror(err));
	}
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir)
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), "%s", slash ? "/" : ".");
	fsync_path(dir);
	return 0;
}
