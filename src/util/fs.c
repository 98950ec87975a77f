/* Files: see fs.h. */
#include "util/fs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int fs_read_file(const char *path, size_t max, char **data, size_t *len, struct mo_err *e)
{
	FILE *f;
	char *p = NULL;
	size_t n = 0, cap = 0;

	f = fopen(path, "rb");
	if (!f)
		return mo_err_set(e, path, 0, 0, _("cannot open: %s"), strerror(errno));
	for (;;) {
		size_t got;

		if (cap - n < 4096) {
			size_t ncap = cap ? cap * 2 : 8192;
			char *np;

			if (ncap > max + 4096 + 1)
				ncap = max + 4096 + 1;
			if (ncap <= cap) {
				free(p);
				fclose(f);
				return mo_err_set(e, path, 0, 0,
						  _("file is too large (the limit is %zu bytes)"),
						  max);
			}
			np = realloc(p, ncap);
			if (!np) {
				free(p);
				fclose(f);
				return mo_err_oom(e, path);
			}
			p = np;
			cap = ncap;
		}
		got = fread(p + n, 1, cap - n - 1, f);
		n += got;
		if (n > max) {
			free(p);
			fclose(f);
			return mo_err_set(e, path, 0, 0,
					  _("file is too large (the limit is %zu bytes)"), max);
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int err = errno;

		free(p);
		fclose(f);
		return mo_err_set(e, path, 0, 0, _("cannot read: %s"), strerror(err));
	}
	fclose(f);
	p[n] = '\0';
	*data = p;
	if (len)
		*len = n;
	return 0;
}

int fs_write_file(const char *path, const void *data, size_t len, struct mo_err *e)
{
	char tmp[4096];
	int fd;
	const char *p = data;
	size_t left = len;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof(tmp))
		return mo_err_set(e, path, 0, 0, _("path is too long"));
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return mo_err_set(e, path, 0, 0, _("cannot create: %s"), strerror(errno));
	while (left) {
		ssize_t w = write(fd, p, left);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += w;
		left -= (size_t)w;
	}
	if (fsync(fd))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path))
		goto fail;
	return 0;
fail : {
	int err = errno;

	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return mo_err_set(e, path, 0, 0, _("cannot write: %s"), strerror(err));
}
}

int fs_mkdirs(const char *dir, struct mo_err *e)
{
	char p[4096];
	size_t len = strlen(dir);

	if (len == 0 || len >= sizeof(p))
		return mo_err_set(e, dir, 0, 0, _("path is too long"));
	memcpy(p, dir, len + 1);
	for (size_t i = 1; i <= len; i++) {
		if (p[i] == '/' || p[i] == '\0') {
			char c = p[i];

			p[i] = '\0';
			if (mkdir(p, 0700) && errno != EEXIST)
				return mo_err_set(e, p, 0, 0, _("cannot create folder: %s"),
						  strerror(errno));
			p[i] = c;
		}
	}
	return 0;
}

bool fs_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int fs_join(char *out, size_t size, const char *dir, const char *name)
{
	int n = snprintf(out, size, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}
