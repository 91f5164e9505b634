/* Throttles: a counter per key with an exponential wait (sql 0009). A hit
 * is counted, and the key's next wait set, by one INSERT ... ON CONFLICT DO
 * UPDATE ... WHERE not blocked ... RETURNING: two requests in parallel are
 * counted one after the other (SQLite's write lock, PostgreSQL's row lock),
 * and a request that finds the key blocked changes nothing. A key touched
 * more than CLOCK_SKEW_MS after now (the clock was put back) blocks
 * nothing. Layer: repo. */
#include "repo/repo.h"

/* Parallel requests read the clock before they queue for the write lock,
 * so one may be counted after another whose "now" was a little later: a row
 * stamped up to this much after now is the present, not a clock put back
 * (which would let such a request through a blocked key). */
#define CLOCK_SKEW_MS 60000

/* The wait after a hit, from the row as it was: back to the start when the
 * key was quiet for forget_ms, none before `free` hits, then first_ms,
 * doubling up to max_ms. */
#define NEW_DELAY                                                                                  \
	"CASE WHEN throttles.updated_at < ? THEN ? "                                               \
	"WHEN throttles.hits + 1 < ? THEN 0 "                                                      \
	"WHEN throttles.delay_ms = 0 THEN ? "                                                      \
	"WHEN throttles.delay_ms * 2 >= ? THEN ? "                                                 \
	"ELSE throttles.delay_ms * 2 END"

int repo_throttle_hit(struct db *db, const char *key, int64_t now, const struct throttle_rule *r,
		      int64_t *wait_ms)
{
	int64_t max = r->max_ms > r->first_ms ? r->max_ms : r->first_ms;
	/* A wait must end before the key is forgotten, or it never would. */
	int64_t forget = r->forget_ms > max ? r->forget_ms : max + 1;
	int64_t first_delay = r->free <= 1 ? r->first_ms : 0;
	struct db_res *res = NULL;
	*wait_ms = 0;
	int rc = db_query(
		db,
		"INSERT INTO throttles (key, hits, delay_ms, updated_at) VALUES (?, 1, ?, ?) "
		"ON CONFLICT (key) DO UPDATE SET "
		"hits = CASE WHEN throttles.updated_at < ? THEN 1 ELSE throttles.hits + 1 END, "
		"delay_ms = " NEW_DELAY ", updated_at = ? "
		"WHERE throttles.delay_ms = 0 OR throttles.updated_at + throttles.delay_ms <= ? "
		"OR throttles.updated_at > ? RETURNING hits",
		DB_ARGS(DB_T(key), DB_I(first_delay), DB_I(now), DB_I(now - forget),
			DB_I(now - forget), DB_I(first_delay), DB_I(r->free), DB_I(r->first_ms),
			DB_I(max), DB_I(max), DB_I(now), DB_I(now), DB_I(now + CLOCK_SKEW_MS)),
		&res);
	if (rc < 0)
		return rc;
	bool counted = db_res_rows(res) > 0;
	db_res_free(res);
	if (counted)
		return DB_OK;
	rc = repo_throttle_wait(db, key, now, wait_ms);
	if (rc == DB_OK && *wait_ms <= 0)
		*wait_ms = 1; /* the wait ended between the two statements */
	return rc;
}

int repo_throttle_wait(struct db *db, const char *key, int64_t now, int64_t *wait_ms)
{
	int64_t until = 0;
	bool found = false;
	*wait_ms = 0;
	/* A row from the future (the clock was put back) blocks nothing. */
	int rc = db_query_int(db,
			      "SELECT updated_at + delay_ms FROM throttles WHERE key = ? AND "
			      "delay_ms > 0 AND updated_at <= ?",
			      DB_ARGS(DB_T(key), DB_I(now + CLOCK_SKEW_MS)), &until, &found);
	if (rc == DB_OK && found && until > now)
		*wait_ms = until - now;
	return rc;
}

int repo_throttle_clear(struct db *db, const char *key)
{
	return db_exec(db, "DELETE FROM throttles WHERE key = ?", DB_ARGS(DB_T(key)), NULL);
}

int repo_throttle_purge(struct db *db, int64_t before)
{
	return db_exec(db, "DELETE FROM throttles WHERE updated_at < ?", DB_ARGS(DB_I(before)),
		       NULL);
}
