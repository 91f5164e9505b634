/* A cache of rendered public tracking replies (GET /api/v1/track/{code}),
 * so that the busiest public route is answered from memory instead of three
 * statements and a JSON render per lookup. Public tracking shows public data
 * only (the owner's name masked), so keeping the reply bytes is safe.
 *
 * Fixed memory: SVC_TRACK_CACHE_SETS sets of SVC_TRACK_CACHE_WAYS entries
 * (4096 in all), a set chosen by a hash of the code, one mutex per set.
 * An entry holds the code, the reply bytes (at most SVC_TRACK_BODY_MAX;
 * larger replies are not kept) and when it was built.
 *
 * Exactness. Every change to a dossier appends an event, and that
 * transaction calls svc_track_forget() once it has committed, so this
 * process never serves its own changes stale. A lookup that missed may race
 * with such a change (it read the old row, the change committed and forgot,
 * then it stores the old reply): a miss therefore takes a ticket (the set's
 * generation, bumped by every forget) before it reads, and the store is
 * refused if the ticket is out of date. Changes made by other processes
 * (`motcua worker`, another server on the same PostgreSQL) cannot forget
 * here: the caller's TTL bounds how long they stay unseen, counted from
 * before the miss read the database.
 *
 * Layer: svc. No I/O. All functions are thread-safe. Times are the
 * caller's monotonic milliseconds.
 */
#ifndef MOTCUA_SVC_SVC_TRACK_CACHE_H
#define MOTCUA_SVC_SVC_TRACK_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

#define SVC_TRACK_CACHE_SETS 1024
#define SVC_TRACK_CACHE_WAYS 4
#define SVC_TRACK_CODE_MAX   63	   /* longer codes are never cached */
#define SVC_TRACK_BODY_MAX   16384 /* larger replies are never cached */

/* Looks code up. On a hit (built no more than ttl_ms before now_ms, and not
 * in the future) copies the reply into memory from a (NUL-terminated, so it
 * may be used as text), sets *body and *len and returns true. On a miss
 * returns false and sets *ticket for svc_track_cache_put(). */
bool svc_track_cache_get(const char *code, int64_t now_ms, int64_t ttl_ms, struct arena *a,
			 const char **body, size_t *len, uint64_t *ticket);

/* Stores the reply body (len bytes, copied) for code as built at built_ms,
 * the time the miss took its ticket, replacing an older reply of code or
 * the set's oldest entry. Does nothing if code or body is too long, memory
 * runs out, or code's set was forgotten since the ticket was taken. */
void svc_track_cache_put(const char *code, uint64_t ticket, int64_t built_ms, const char *body,
			 size_t len);

/* Drops code's reply and makes every ticket of its set out of date. The
 * db_after_commit() callback of every transaction that changes a dossier. */
void svc_track_forget(const char *code);

/* Drops every entry and frees their memory (tests, shutdown). */
void svc_track_cache_clear(void);

#endif
