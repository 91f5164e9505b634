/* Checked path formatting (see path.h). Layer: base. */
#include "base/path.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

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
