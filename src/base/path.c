/* Checked path formatting (see path.h). Layer: base. */
#include "base/path.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"

int path_fmt(char *out, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(out, n, fmt, ap);
	va_end(ap);
	if (w < 0) {
		errno = EINVAL;
		return -1;
	}
	if ((size_t)w >= n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int path_mkdir(const char *path, mode_t mode)
{
	char tmp[4096];
	size_t n = strlen(path);
	if (n >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(tmp, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (tmp[i] == '/' || tmp[i] == 0) {
			char c = tmp[i];
			tmp[i] = 0;
			if (mkdir(tmp, mode) != 0 && errno != EEXIST)
				return -1;
			tmp[i] = c;
		}
	}
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int path_list(const char *dir, const char *suffix, char ***names, size_t *n)
{
	*names = NULL;
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	size_t sl = strlen(suffix);
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l > sl && !strcmp(e->d_name + l - sl, suffix)) {
			*names = xrealloc(*names, (*n + 1) * sizeof **names);
			(*names)[(*n)++] = xstrdup(e->d_name);
		}
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof **names, cmp_name);
	return 0;
}

void path_list_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int path_read(const char *path, size_t max, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[65536];
	size_t n, got = 0;
	int rc = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (n > max - got) {
			rc = -1;
			errno = EFBIG;
			break;
		}
		buf_add(out, chunk, n);
		got += n;
	}
	if (rc == 0 && ferror(f)) {
		rc = -1;
		errno = EIO;
	}
	fclose(f);
	return rc;
}
