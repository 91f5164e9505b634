/* The one way to build a file-system path in a fixed buffer: a path cut
 * short by snprintf() names another file (a parent folder, a sibling), so
 * a path that does not fit is an error the caller must handle, never a
 * shorter path used in silence.
 *
 * Layer: base. Pure, thread-safe.
 */
#ifndef MOTCUA_BASE_PATH_H
#define MOTCUA_BASE_PATH_H

#include <stddef.h>

/* Formats a path into out[n] (n > 0) as snprintf() would. Returns 0, or -1
 * with errno = ENAMETOOLONG when it does not fit (or EINVAL on a format
 * error); then out holds the cut-off text, fit only to name the path in an
 * error message. The result must be checked. */
int path_fmt(char *out, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), warn_unused_result));

#endif
