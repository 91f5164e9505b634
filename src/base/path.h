/* The one way to build a file-system path in a fixed buffer: a path cut
 * short by snprintf() names another file (a parent folder, a sibling), so
 * a path that does not fit is an error the caller must handle, never a
 * shorter path used in silence.
 *
 * Layer: base. Thread-safe; path_fmt() is pure, path_mkdir() makes
 * folders, path_list() reads one.
 */
#ifndef MOTCUA_BASE_PATH_H
#define MOTCUA_BASE_PATH_H

#include <stddef.h>
#include <sys/types.h>

/* Formats a path into out[n] (n > 0) as snprintf() would. Returns 0, or -1
 * with errno = ENAMETOOLONG when it does not fit (or EINVAL on a format
 * error); then out holds the cut-off text, fit only to name the path in an
 * error message. The result must be checked. */
int path_fmt(char *out, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), warn_unused_result));

/* Makes the folder path and every missing parent with mode (as mkdir -p;
 * folders that exist are left as they are). Returns 0, or -1 with errno
 * (ENAMETOOLONG for a path of 4096 bytes or more). */
int path_mkdir(const char *path, mode_t mode) __attribute__((warn_unused_result));

/* The names of the files in folder dir that end in suffix (every one,
 * however many), sorted byte-wise: *names gets a malloc'd array of *n
 * malloc'd names, freed by path_list_free(). Returns 0, or -1 with errno
 * when dir cannot be opened. */
int path_list(const char *dir, const char *suffix, char ***names, size_t *n)
	__attribute__((warn_unused_result));
void path_list_free(char **names, size_t n);

struct buf;
/* Appends the whole file at path to out. Returns 0, or -1 with errno: that
 * of fopen(), EFBIG when the file holds more than max bytes (out then holds
 * what was read; nothing is cut in silence), EIO on a read error. */
int path_read(const char *path, size_t max, struct buf *out) __attribute__((warn_unused_result));

#endif
