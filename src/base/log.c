/* Line-oriented logging to stderr: see log.h. Layer: base. */
#include "base/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"

static enum log_level current = LOG_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *names[] = {"debug", "info", "warn", "error", "off"};

void log_set_level(enum log_level level)
{
	current = level;
}

int log_level_parse(const char *s)
{
	for (int i = 0; i <= LOG_OFF; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

/* Copies src to dst (of size cap, cap >= 1) with every control character
 * written as \n, \r, \t or \xNN, and the C1 controls and Unicode line
 * breaks (U+0085, U+2028, U+2029: log viewers split on them) as \uNNNN, so that no value a client
 * sent (a user name, a path, a header) can end the line and forge the next one. Done here, once for
 * every field of every line, instead of at each call. */
static void escape_controls(const char *src, char *dst, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)src; *p; p++) {
		char esc[8];
		size_t n = 0;
		unsigned u = 0; /* a Unicode line break or C1 control, in UTF-8 */
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			u = p[1];
		else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))
			u = 0x2000u | (p[2] == 0xa8 ? 0x28u : 0x29u);
		if (u) {
			esc[n++] = '\\';
			esc[n++] = 'u';
			for (int k = 12; k >= 0; k -= 4)
				esc[n++] = hex[(u >> k) & 15];
			p += u > 0xff ? 2 : 1;
		} else if (*p == '\n' || *p == '\r' || *p == '\t') {
			esc[n++] = '\\';
			esc[n++] = *p == '\n' ? 'n' : *p == '\r' ? 'r' : 't';
		} else if (*p < 0x20 || *p == 0x7f) {
			esc[n++] = '\\';
			esc[n++] = 'x';
			esc[n++] = hex[*p >> 4];
			esc[n++] = hex[*p & 15];
		} else {
			esc[n++] = (char)*p;
		}
		if (o + n >= cap)
			break;
		memcpy(dst + o, esc, n);
		o += n;
	}
	dst[o] = 0;
}

static void emit(const char *prefix, const char *fmt, va_list ap)
{
	char ts[32];
	char msg[2048];
	char line[4096];
	clock_format_utc(clock_now_ms(), ts, sizeof ts);
	int n = snprintf(line, sizeof line, "%s %s", ts, prefix);
	if (n < 0 || (size_t)n >= sizeof line)
		n = 0;
	vsnprintf(msg, sizeof msg, fmt, ap);
	escape_controls(msg, line + n, sizeof line - (size_t)n);
	pthread_mutex_lock(&log_lock);
	fputs(line, stderr);
	fputc('\n', stderr);
	fflush(stderr);
	pthread_mutex_unlock(&log_lock);
}

void log_msg(enum log_level level, const char *file, int line, const char *fmt, ...)
{
	if (level < current || current == LOG_OFF)
		return;
	const char *base = strrchr(file, '/');
	char prefix[128];
	snprintf(prefix, sizeof prefix, "%s %s:%d ", names[level], base ? base + 1 : file, line);
	va_list ap;
	va_start(ap, fmt);
	emit(prefix, fmt, ap);
	va_end(ap);
}

void log_access(const char *fmt, ...)
{
	if (current == LOG_OFF)
		return;
	va_list ap;
	va_start(ap, fmt);
	emit("access ", fmt, ap);
	va_end(ap);
}
