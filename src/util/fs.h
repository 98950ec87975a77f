/* Files as moshimo keeps them: created 0600 in folders 0700, replaced
 * atomically, read with a size limit. */
#ifndef MO_FS_H
#define MO_FS_H

#include "util/common.h"
#include "util/err.h"

/* Reads all of path into a NUL-terminated malloc'd buffer (at most max
 * bytes). Returns 0, or -1 with e set. */
int fs_read_file(const char *path, size_t max, char **data, size_t *len, struct mo_err *e) MO_WUR;
/* Writes data to path through a temporary file in the same folder, fsyncs
 * and renames it into place, mode 0600. On error nothing at path changed. */
int fs_write_file(const char *path, const void *data, size_t len, struct mo_err *e) MO_WUR;
/* Creates dir (and its parents) with mode 0700 if missing. */
int fs_mkdirs(const char *dir, struct mo_err *e) MO_WUR;
bool fs_exists(const char *path);
/* Joins dir and name into out; -1 when it does not fit. */
int fs_join(char *out, size_t size, const char *dir, const char *name) MO_WUR;

#endif
