/* The file store's prune (issue 15): files no row names any more (an
 * expired or dropped staged upload, a refused one, a replaced draft) leave
 * the store once nobody wrote or found them for blob.prune_grace_hours;
 * see blob.h for why the grace period and the freshening make this safe
 * against a writer that has stored its bytes and not committed its row.
 * Run by the worker (svc_worker.c) and `motcua blobs prune`.
 *
 * Layer: svc.
 */
#include "base/clock.h"
#include "base/log.h"
#include "repo/repo_documents.h"
#include "svc/svc_documents.h"

#define HOUR_MS (3600 * 1000LL)

struct prune_ctx {
	struct db *db;
	struct blob_store *bs;
	int64_t before;
	bool dry_run;
	void (*each)(void *arg, const char *hex, int64_t size);
	void *arg;
	struct svc_blobs_pruned *out;
};

static int prune_one(void *arg, const char *hex, int64_t size)
{
	struct prune_ctx *c = arg;
	c->out->old++;
	bool used;
	if (repo_blob_referenced(c->db, hex, &used) < 0) {
		log_warn("file store prune: %s", db_errmsg(c->db));
		return -1;
	}
	if (used) {
		c->out->referenced++;
		return 0;
	}
	int rc = c->dry_run ? BLOB_OK : blob_remove_older(c->bs, hex, c->before);
	if (rc == BLOB_FRESH)
		c->out->freshened++;
	if (rc != BLOB_OK)
		return rc == BLOB_IO ? -1 : 0;
	c->out->removed++;
	c->out->bytes += size;
	if (c->each)
		c->each(c->arg, hex, size);
	return 0;
}

int svc_blobs_prune(struct db *db, const struct config *cfg, bool dry_run,
		    void (*each)(void *arg, const char *hex, int64_t size), void *arg,
		    struct svc_blobs_pruned *out)
{
	*out = (struct svc_blobs_pruned){0};
	struct prune_ctx c = {.db = db,
			      .before = clock_now_ms() - cfg->v.blob_prune_grace_hours * HOUR_MS,
			      .dry_run = dry_run,
			      .each = each,
			      .arg = arg,
			      .out = out};
	if (svc_blobs_get(cfg, &c.bs) != 0)
		return -1;
	int rc = blob_each_older(c.bs, c.before, prune_one, &c);
	if (out->removed)
		log_info("file store prune: %s %lld files (%lld bytes) no row names",
			 dry_run ? "would remove" : "removed", (long long)out->removed,
			 (long long)out->bytes);
	return rc < 0 ? -1 : 0;
}
