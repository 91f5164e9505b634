/* `motcua audit verify`: proves that the dossier histories are what was
 * appended. For every dossier, in id order, it recomputes each event's
 * SHA-256 from its canonical form (core/events.h) and checks the stored
 * hash, the link to the previous event, that the sequence runs 1..n without
 * a hole, and that the dossier row's head (count and last hash) matches, so
 * an edited, inserted, deleted or truncated event is caught. Then it checks
 * that each unit's codes of each day are exactly 1..last of the day's
 * counter, so a dossier deleted whole is caught too. Last, every file the
 * database refers to is read from the file store and its SHA-256 checked,
 * so a damaged or lost upload or result is found before a citizen asks for
 * it. Layer: svc. */
#include <string.h>

#include "blob/blob.h"
#include "repo/repo_backup.h"
#include "repo/repo_documents.h"
#include "repo/repo_feedback.h"
#include "svc/svc_documents.h"
#include "svc/svc_feedback.h"
#include "svc/svc_dossiers_impl.h"

static int broken(struct svc_audit *out, const struct event *e, const char *kind, const char *code,
		  const char *why)
{
	if (e)
		snprintf(out->problem, sizeof out->problem, "event %lld (%s %s, #%lld): %s",
			 (long long)e->id, kind, code, (long long)e->seq, why);
	else
		snprintf(out->problem, sizeof out->problem, "%s %s: %s", kind, code, why);
	return 1;
}

/* The events of one chain: a dossier's, or a feedback item's. */
typedef int (*events_of_fn)(struct db *db, struct arena *a, int64_t id, struct event **out,
			    size_t *n);
/* Checks the row against its verified events: 0, 1 (out->problem says
 * why) or -1. NULL: nothing more to check. */
typedef int (*row_check_fn)(struct db *db, struct arena *a, const struct dossier_head *h,
			    const struct event *ev, size_t n, struct svc_audit *out);

static int verify_one(struct db *db, struct arena *a, const struct dossier_head *h,
		      struct svc_audit *out, events_of_fn events_of, const char *kind,
		      row_check_fn row_check)
{
	struct event *ev;
	size_t n;
	int rc = events_of(db, a, h->id, &ev, &n);
	if (rc < 0) {
		snprintf(out->problem, sizeof out->problem, "database: %s", db_errmsg(db));
		return -1;
	}
	const char *prev = event_genesis_hash;
	for (size_t i = 0; i < n; i++) {
		const struct event *e = &ev[i];
		char h2[EVENT_HASH_HEX + 1];
		if (e->seq != (int64_t)i + 1)
			return broken(out, e, kind, h->code,
				      i + 1 < (size_t)e->seq ? "an earlier event is missing"
							     : "sequence out of order");
		if (strcmp(e->prev_hash, prev))
			return broken(out, e, kind, h->code,
				      "prev_hash does not match the previous event");
		svcd_event_hash(e, h2);
		if (strcmp(h2, e->hash))
			return broken(out, e, kind, h->code,
				      "stored hash does not match its content");
		prev = e->hash;
		out->checked++;
	}
	if ((int64_t)n != h->nevents)
		return broken(out, n ? &ev[n - 1] : NULL, kind, h->code,
			      (int64_t)n < h->nevents ? "events after this one are missing"
						      : "more events than its row records");
	if (n && strcmp(prev, h->last_hash))
		return broken(out, &ev[n - 1], kind, h->code, "its last hash does not match");
	return row_check ? row_check(db, a, h, ev, n, out) : 0;
}

/* A feedback item's answer, rating and category are what its history
 * records last: an UPDATE of the row behind the events' back is named. */
static int feedback_row_check(struct db *db, struct arena *a, const struct dossier_head *h,
			      const struct event *ev, size_t n, struct svc_audit *out)
{
	struct feedback f;
	if (repo_feedback_by_code(db, a, h->code, &f) < 0) {
		snprintf(out->problem, sizeof out->problem, "database: %s", db_errmsg(db));
		return -1;
	}
	char why[160];
	if (!svc_feedback_history_matches(&f, ev, n, why, sizeof why))
		return broken(out, NULL, "feedback item", h->code, why);
	return 0;
}

/* The feedback items' chains (issue 14), the same checks as a dossier's. */
static int verify_feedback(struct db *db, struct svc_audit *out)
{
	int64_t after = 0;
	for (;;) {
		struct arena a;
		arena_init(&a);
		struct dossier_head *heads;
		size_t n;
		int rc = repo_feedback_heads(db, &a, after, 500, &heads, &n);
		for (size_t i = 0; rc >= 0 && i < n; i++) {
			struct arena one;
			arena_init(&one);
			rc = verify_one(db, &one, &heads[i], out, repo_feedback_events_of,
					"feedback item", feedback_row_check);
			arena_release(&one);
			if (rc != 0)
				break;
			out->feedback++;
			after = heads[i].id;
		}
		arena_release(&a);
		if (rc < 0 && !out->problem[0])
			snprintf(out->problem, sizeof out->problem, "database: %s", db_errmsg(db));
		if (rc != 0)
			return rc;
		if (n < 500)
			return 0;
	}
}

int svc_audit_verify(struct db *db, struct svc_audit *out)
{
	memset(out, 0, sizeof *out);
	int64_t after = 0;
	for (;;) {
		struct arena a;
		arena_init(&a);
		struct dossier_head *heads;
		size_t n;
		int rc = repo_dossier_heads(db, &a, after, 500, &heads, &n);
		if (rc < 0) {
			snprintf(out->problem, sizeof out->problem, "database: %s", db_errmsg(db));
			arena_release(&a);
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			struct arena one;
			arena_init(&one);
			rc = verify_one(db, &one, &heads[i], out, repo_events_of, "dossier", NULL);
			arena_release(&one);
			if (rc != 0) {
				arena_release(&a);
				return rc;
			}
			out->dossiers++;
			after = heads[i].id;
		}
		arena_release(&a);
		if (n < 500)
			break;
	}
	int frc = verify_feedback(db, out);
	if (frc != 0)
		return frc;
	/* Events of no dossier cannot exist (foreign key); codes can go missing. */
	struct arena a;
	arena_init(&a);
	struct dossier_gap *gaps;
	size_t ngaps;
	int rc = repo_dossier_gaps(db, &a, &gaps, &ngaps);
	if (rc < 0) {
		snprintf(out->problem, sizeof out->problem, "database: %s", db_errmsg(db));
		rc = -1;
	} else if (ngaps) {
		snprintf(out->problem, sizeof out->problem,
			 "unit %s, day %lld: the counter gave %lld codes but %lld dossiers (and "
			 "codes skipped by restores) exist "
			 "(highest number %lld): a dossier was deleted or inserted",
			 gaps[0].unit_ident, (long long)gaps[0].day, (long long)gaps[0].last,
			 (long long)gaps[0].count, (long long)gaps[0].max_seq);
		rc = 1;
	}
	arena_release(&a);
	if (rc == 0 && repo_code_voided(db, &out->voided) < 0) {
		snprintf(out->problem, sizeof out->problem, "database: %s", db_errmsg(db));
		rc = -1;
	}
	return rc;
}

int svc_audit_verify_files(struct db *db, const struct config *cfg, struct svc_audit *out)
{
	out->files = 0;
	out->problem[0] = 0;
	struct blob_store *bs;
	if (svc_blobs_get(cfg, &bs) != 0) {
		snprintf(out->problem, sizeof out->problem,
			 "the file store under %s cannot be opened", cfg->v.data_dir);
		return -1;
	}
	/* Larger than any file accepted: the check reads what is there. */
	const size_t cap = (size_t)1 << 31;
	char after[BLOB_HEX + 1] = "";
	for (;;) {
		struct arena a;
		arena_init(&a);
		const char **hex;
		size_t n;
		if (repo_blob_hashes(db, &a, after, 200, &hex, &n) < 0) {
			snprintf(out->problem, sizeof out->problem, "database: %s", db_errmsg(db));
			arena_release(&a);
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			struct buf b = BUF_INIT;
			int rc = blob_get(bs, hex[i], cap, &b);
			buf_release(&b);
			if (rc != BLOB_OK) {
				snprintf(out->problem, sizeof out->problem, "file %s: %s", hex[i],
					 rc == BLOB_CORRUPT ? "its bytes do not match its SHA-256"
					 : rc == BLOB_NOT_FOUND
						 ? "is missing from the file store"
						 : "cannot be read from the file store");
				arena_release(&a);
				return 1;
			}
			out->files++;
			snprintf(after, sizeof after, "%s", hex[i]);
		}
		arena_release(&a);
		if (n < 200)
			return 0;
	}
}
