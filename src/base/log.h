/* Logging to standard error, one line per message, safe from any thread.
 *
 * Layer: base. Lines look like
 *   2026-11-27T22:31:05.123Z warn api_auth.c:88 rid=ab12-00002a login throttled user=...
 * Messages are lower-case and say what failed first (STYLE.md). Never pass
 * a password or a token: the log is read by operators. Control characters
 * in a message (a newline in a user name) are written escaped (\n, \x1b), so
 * one call is always one line.
 */
#ifndef MOTCUA_BASE_LOG_H
#define MOTCUA_BASE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_OFF };

enum log_format { LOG_TEXT, LOG_JSON };

void log_set_level(enum log_level level);
/* Text lines (the default) or one JSON object per line, for log shippers:
 *   {"ts":"…","level":"warn","src":"api_auth.c:88","rid":"…","msg":"…"} */
void log_set_format(enum log_format format);
/* Parses "text" or "json"; returns -1 if unknown. */
int log_format_parse(const char *s);
/* The request this thread is answering now, written on every line the
 * thread logs until it is cleared with NULL: the server sets it around each
 * request, so that a line from any layer can be joined to its access line.
 * The string must outlive the request (the request owns it). */
void log_set_request(const char *request_id);
/* Parses "debug", "info", "warn", "error", "off"; returns -1 if unknown. */
int log_level_parse(const char *s);
void log_msg(enum log_level level, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* An access-log line (src: where it is written), written unconditionally
 * unless the level is off. */
void log_access_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A line a command always writes, whatever log_level (even off): the
 * address a server listens on, or why it could not start. As text it is
 * "prefix: message" (prefix "motcua" or "motcua serve"), as it always was;
 * as JSON (log_format = json) a line like every other, at level. */
void log_plain(enum log_level level, const char *file, int line, const char *prefix,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#define log_debug(...)	log_msg(LOG_DEBUG, __FILE__, __LINE__, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __FILE__, __LINE__, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARN, __FILE__, __LINE__, __VA_ARGS__)
#define log_error(...)	log_msg(LOG_ERROR, __FILE__, __LINE__, __VA_ARGS__)
#define log_access(...) log_access_at(__FILE__, __LINE__, __VA_ARGS__)
#define log_banner(...) log_plain(LOG_INFO, __FILE__, __LINE__, "motcua", __VA_ARGS__)

/* Defensive checks, as in SQLite: true in normal operation; a false value is
 * our bug, logged with file:line, and the caller takes the safe path. */
#define ALWAYS(x) ((x) ? 1 : (log_error("internal: expected %s", #x), 0))
#define NEVER(x)  ((x) ? (log_error("internal: unexpected %s", #x), 1) : 0)

#endif
