/* libFuzzer target: any bytes given to `moshimo restore` as an archive
 * (store/backup.c: libarchive's tar reader, the member names allowed, the
 * MANIFEST parser and check, the extraction into a new folder) must be
 * refused with an error or restored, never a crash, a file written outside
 * the folder, or a leak. */
#include "store/store.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char base[256], archive[300], key[300], dir[300];
	struct store_backup_result r;
	struct mo_err e;
	FILE *f;

	if (!base[0]) {
		const char *tmp = getenv("TMPDIR");

		snprintf(base, sizeof(base), "%s/fuzz-archive-XXXXXX", tmp ? tmp : "/tmp");
		if (!mkdtemp(base))
			__builtin_trap();
		snprintf(archive, sizeof(archive), "%s/in.tar", base);
		snprintf(key, sizeof(key), "%s/audit.key", base);
		snprintf(dir, sizeof(dir), "%s/restored", base);
		f = fopen(key, "w");
		if (!f)
			__builtin_trap();
		fputs("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n", f);
		fclose(f);
	}
	f = fopen(archive, "wb");
	if (!f)
		return 0;
	if (size)
		fwrite(data, 1, size, f);
	fclose(f);
	mo_err_clear(&e);
	if (store_backup_check(archive, &e) && !e.msg[0])
		__builtin_trap(); /* a refusal says why */
	mo_err_clear(&e);
	if (store_restore(archive, dir, key, &r, &e) == 0)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	else if (access(dir, F_OK) == 0)
		__builtin_trap(); /* a failed restore leaves nothing */
	return 0;
}
