/* A VFS for tests, wrapping the default one: while fault_armed, every write
 * fails with SQLITE_IOERR_WRITE (a real SQLite I/O error, counted in
 * fault_writes_failed); with fault_nosync, xSync does nothing (tests that
 * open thousands of databases, where durability is not what they test).
 * fault_vfs_install() makes it the default before the first open. */
#ifndef MO_FAULTVFS_H
#define MO_FAULTVFS_H

#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>

static sqlite3_vfs *real_vfs;
static sqlite3_vfs faulty_vfs;
static atomic_bool fault_armed;
static atomic_bool fault_nosync;
static atomic_int fault_writes_failed;

struct ffile {
	sqlite3_file base;
	sqlite3_file *real; /* follows this struct in the same allocation */
};

#define REAL(f) (((struct ffile *)(f))->real)

static int f_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}
static int f_read(sqlite3_file *f, void *b, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), b, n, off);
}
static int f_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 off)
{
	if (atomic_load(&fault_armed)) {
		atomic_fetch_add(&fault_writes_failed, 1);
		return SQLITE_IOERR_WRITE;
	}
	return REAL(f)->pMethods->xWrite(REAL(f), b, n, off);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int f_sync(sqlite3_file *f, int flags)
{
	if (atomic_load(&fault_nosync))
		return SQLITE_OK;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int f_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int f_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int f_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}
static int f_check(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int f_fcntl(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int f_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int f_caps(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int f_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, extend, pp);
}
static int f_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void f_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int f_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}
static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	return REAL(f)->pMethods->xFetch(REAL(f), off, n, pp);
}
static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods faulty_io = {
	3,	    f_close,	   f_read,	f_write, f_truncate, f_sync, f_size,
	f_lock,	    f_unlock,	   f_check,	f_fcntl, f_sector,   f_caps, f_shm_map,
	f_shm_lock, f_shm_barrier, f_shm_unmap, f_fetch, f_unfetch,
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	struct ffile *ff = (struct ffile *)f;
	int rc;

	(void)vfs;
	ff->real = (sqlite3_file *)(ff + 1);
	rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out);
	/* Only a file the real VFS opened has methods to forward to. */
	f->pMethods = ff->real->pMethods ? &faulty_io : NULL;
	return rc;
}

static inline void fault_vfs_install(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	if (!real_vfs)
		abort();
	faulty_vfs = *real_vfs;
	faulty_vfs.zName = "moshimo-faulty";
	faulty_vfs.szOsFile = (int)sizeof(struct ffile) + real_vfs->szOsFile;
	faulty_vfs.xOpen = v_open;
	if (sqlite3_vfs_register(&faulty_vfs, 1) != SQLITE_OK)
		abort();
}

#endif
