/* Line-oriented logging to stderr: see log.h. Layer: base. */
#include "base/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"

static enum log_level current = LOG_INFO;
static enum log_format format = LOG_TEXT;
static _Thread_local const char *request_id;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *names[] = {"debug", "info", "warn", "error", "off"};

void log_set_level(enum log_level level)
{
	current = level;
}

void log_set_format(enum log_format f)
{
	format = f;
}

int log_format_parse(const char *s)
{
	return !strcmp(s, "text") ? LOG_TEXT : !strcmp(s, "json") ? LOG_JSON : -1;
}

void log_set_request(const char *rid)
{
	request_id = rid;
}

int log_level_parse(const char *s)
{
	for (int i = 0; i <= LOG_OFF; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

/* The length of the well-formed UTF-8 sequence of 2 to 4 bytes p starts, or 0: the lead
 * byte's length, continuation bytes, and no overlong, surrogate or beyond
 * U+10FFFF forms. A JSON line replaces anything else. */
static int utf8_seq_len(const unsigned char *p)
{
	int n = p[0] >= 0xc2 && p[0] <= 0xdf   ? 2
		: p[0] >= 0xe0 && p[0] <= 0xef ? 3
		: p[0] >= 0xf0 && p[0] <= 0xf4 ? 4
					       : 0;
	for (int i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
		return 0;
	return n;
}

/* Copies src to dst (of size cap, cap >= 1) with every control character
 * written as \n, \r, \t or \xNN, and the C1 controls and Unicode line
 * breaks (U+0085, U+2028, U+2029: log viewers split on them) as \uNNNN, so that no value a client
 * sent (a user name, a path, a header) can end the line and forge the next one. Done here, once for
 * every field of every line, instead of at each call. For a JSON line
 * (json), quotes and backslashes are escaped too, and the other controls
 * written \u00NN, so the line is one valid JSON string's inside. */
static void escape_controls(const char *src, char *dst, size_t cap, bool json)
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
		} else if (json && (*p == '"' || *p == '\\')) {
			esc[n++] = '\\';
			esc[n++] = (char)*p;
		} else if (json && (*p < 0x20 || *p == 0x7f)) {
			memcpy(esc, "\\u00", 4);
			n = 4;
			esc[n++] = hex[*p >> 4];
			esc[n++] = hex[*p & 15];
		} else if (json && *p >= 0x80) {
			int k = utf8_seq_len(p);
			if (k) {
				memcpy(esc, p, (size_t)k);
				n = (size_t)k;
				p += k - 1;
			} else {
				memcpy(esc, "\\ufffd", 6); /* JSON readers refuse bad UTF-8 */
				n = 6;
			}
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

static void emit(const char *level, const char *src, const char *fmt, va_list ap)
{
	char ts[32];
	char msg[2048];
	char line[4096];
	clock_format_utc(clock_now_ms(), ts, sizeof ts);
	vsnprintf(msg, sizeof msg, fmt, ap);
	const char *rid = request_id;
	int n;
	if (format == LOG_JSON) {
		char m[3072];
		escape_controls(msg, m, sizeof m, true);
		n = snprintf(line, sizeof line, "{\"ts\":\"%s\",\"level\":\"%s\"", ts, level);
		if (src && n > 0 && (size_t)n < sizeof line)
			n += snprintf(line + n, sizeof line - (size_t)n, ",\"src\":\"%s\"", src);
		if (rid && n > 0 && (size_t)n < sizeof line)
			n += snprintf(line + n, sizeof line - (size_t)n, ",\"rid\":\"%s\"", rid);
		if (n > 0 && (size_t)n < sizeof line)
			snprintf(line + n, sizeof line - (size_t)n, ",\"msg\":\"%s\"}", m);
	} else {
		n = snprintf(line, sizeof line, "%s %s %s%s%s%s", ts, level, src ? src : "",
			     src ? " " : "", rid ? "rid=" : "", rid ? rid : "");
		if (n < 0 || (size_t)n >= sizeof line)
			n = 0;
		if (rid && (size_t)n + 1 < sizeof line)
			line[n++] = ' ';
		escape_controls(msg, line + n, sizeof line - (size_t)n, false);
	}
	pthread_mutex_lock(&log_lock);
	fputs(line, stderr);
	fputc('\n', stderr);
	fflush(stderr);
	pthread_mutex_unlock(&log_lock);
}

static void src_of(const char *file, int line, char *src, size_t n)
{
	const char *base = strrchr(file, '/');
	snprintf(src, n, "%s:%d", base ? base + 1 : file, line);
}

void log_msg(enum log_level level, const char *file, int line, const char *fmt, ...)
{
	if (level < current || current == LOG_OFF)
		return;
	char src[128];
	src_of(file, line, src, sizeof src);
	va_list ap;
	va_start(ap, fmt);
	emit(names[level], src, fmt, ap);
	va_end(ap);
}

void log_access_at(const char *file, int line, const char *fmt, ...)
{
	if (current == LOG_OFF)
		return;
	char src[128];
	src_of(file, line, src, sizeof src);
	va_list ap;
	va_start(ap, fmt);
	emit("access", src, fmt, ap);
	va_end(ap);
}

void log_plain(enum log_level level, const char *file, int line, const char *prefix,
	       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (format == LOG_JSON) {
		char src[128];
		src_of(file, line, src, sizeof src);
		emit(names[level < LOG_OFF ? level : LOG_ERROR], src, fmt, ap);
	} else {
		char msg[2048], line_text[2304];
		vsnprintf(msg, sizeof msg, fmt, ap);
		int n = snprintf(line_text, sizeof line_text, "%s: ", prefix);
		if (n < 0 || (size_t)n >= sizeof line_text)
			n = 0;
		escape_controls(msg, line_text + n, sizeof line_text - (size_t)n, false);
		pthread_mutex_lock(&log_lock);
		fputs(line_text, stderr);
		fputc('\n', stderr);
		fflush(stderr);
		pthread_mutex_unlock(&log_lock);
	}
	va_end(ap);
}
