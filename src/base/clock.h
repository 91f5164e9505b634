/* The injected clock. Nothing in motcua reads the wall clock directly: tests
 * set time, and every instant is Unix milliseconds UTC (DESIGN.md section 5).
 *
 * Layer: base. clock_set_fixed()/clock_set_offset() are meant for start-up
 * and tests; reads are thread-safe.
 */
#ifndef MOTCUA_BASE_CLOCK_H
#define MOTCUA_BASE_CLOCK_H

#include <stdint.h>
#include <stddef.h>

/* Current instant in Unix milliseconds UTC. */
int64_t clock_now_ms(void);
/* Monotonic nanoseconds for measuring durations. */
int64_t clock_mono_ns(void);
/* Freezes time at ms (tests); 0 returns to the real clock. */
void clock_set_fixed(int64_t ms);
/* Shifts the real clock by ms (tests that need time to move). */
void clock_set_offset(int64_t ms);
/* Formats ms as ISO 8601 UTC "YYYY-MM-DDTHH:MM:SS.mmmZ" into out (>= 25 bytes). */
void clock_format_utc(int64_t ms, char *out, size_t n);
/* The one time format of the API (every reply, every page): ms in Vietnam
 * local time, UTC+7, the offset of every unit, as ISO 8601 with seconds,
 * "YYYY-MM-DDTHH:MM:SS+07:00" (CLOCK_LOCAL_LEN characters; out must have
 * room for one more, else out gets ""). Years 0..9999. Logs keep UTC
 * (clock_format_utc). */
#define CLOCK_LOCAL_LEN 25
void clock_format_local(int64_t ms, char *out, size_t n);
/* Civil date helpers (proleptic Gregorian), no libc time functions. */
int64_t clock_days_from_civil(int y, unsigned m, unsigned d);
void clock_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);
/* Formats ms as the local (UTC+7) date "YYYY-MM-DD" (>= 11 bytes). */
void clock_format_date_local(int64_t ms, char *out, size_t n);
/* Parses "YYYY-MM-DD" as local midnight (UTC+7) in ms; -1 if malformed. */
int clock_parse_date(const char *s, int64_t *ms);

#endif
