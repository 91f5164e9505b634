/* Idempotency-Key: see svc_idempotency.h. Layer: svc. */
#include "svc/svc_idempotency.h"

#include <sodium.h>
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "repo/repo_idempotency.h"

bool svc_idem_key_valid(const char *key)
{
	size_t n = 0;
	for (; key[n]; n++)
		if (key[n] < 0x21 || key[n] > 0x7e)
			return false;
	return n >= 1 && n <= 255;
}

/* SHA-256 over what makes two requests the same: method, path, content
 * type and body, each ended by a NUL so that no two splits hash alike. */
static void request_hash(const struct svc_idem_request *q, char hex[65])
{
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	const char *parts[] = {q->method, q->path, q->content_type ? q->content_type : ""};
	for (size_t i = 0; i < 3; i++)
		crypto_hash_sha256_update(&st, (const unsigned char *)parts[i],
					  strlen(parts[i]) + 1);
	crypto_hash_sha256_update(&st, q->body, q->body_len);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, h);
	text_hex(h, sizeof h, hex);
}

struct begin_ctx {
	struct arena *a;
	const struct svc_idem_request *q;
	const char *hash;
	int64_t now;
	bool *replay;
	struct idem_row *prev;
};

static int begin_txn(struct db *db, void *arg)
{
	struct begin_ctx *c = arg;
	*c->replay = false;
	int rc = repo_idem_expire(db, c->now - SVC_IDEM_KEEP_MS);
	if (rc < 0)
		return rc;
	rc = repo_idem_get(db, c->a, c->q->who, c->q->key, c->prev);
	if (rc == DB_NOT_FOUND) {
		rc = repo_idem_start(db, c->q->who, c->q->key, c->q->route, c->hash, c->now);
		/* A copy of the request started it between our look and our
		 * insert (PostgreSQL runs both at once): it is in progress. */
		if (rc == DB_CONSTRAINT)
			return db_abort(db, ERR_IDEMPOTENCY_IN_PROGRESS, "Idempotency-Key", NULL);
		return rc;
	}
	if (rc < 0)
		return rc;
	if (strcmp(c->prev->request_hash, c->hash))
		return db_abort(db, ERR_IDEMPOTENCY_KEY_REUSED, "Idempotency-Key", NULL);
	if (c->prev->status)
		*c->replay = true;
	else if (c->prev->created_at < c->now - SVC_IDEM_STALE_MS)
		return repo_idem_restart(db, c->q->who, c->q->key, c->now);
	else
		return db_abort(db, ERR_IDEMPOTENCY_IN_PROGRESS, "Idempotency-Key", NULL);
	return DB_OK;
}

struct svc_result svc_idem_begin(struct db *db, struct arena *a, const struct svc_idem_request *q,
				 bool *replay, struct idem_row *prev)
{
	char hash[65];
	request_hash(q, hash);
	struct begin_ctx c = {.a = a,
			      .q = q,
			      .hash = hash,
			      .now = clock_now_ms(),
			      .replay = replay,
			      .prev = prev};
	return svc_txn_result(db, db_run_txn(db, begin_txn, &c, DB_TXN_ATTEMPTS));
}

struct finish_ctx {
	const struct svc_idem_request *q;
	int status;
	const char *content_type, *headers, *body;
};

static int finish_txn(struct db *db, void *arg)
{
	struct finish_ctx *c = arg;
	if (!c->body)
		return repo_idem_delete(db, c->q->who, c->q->key);
	return repo_idem_finish(db, c->q->who, c->q->key, c->status, c->content_type, c->headers,
				c->body);
}

void svc_idem_finish(struct db *db, const struct svc_idem_request *q, int status,
		     const char *content_type, const char *headers, const char *body)
{
	struct finish_ctx c = {q, status, content_type ? content_type : "", headers, body};
	/* Only a reply that says what happened is kept: a 5xx means nothing
	 * was done (busy, database down) or nobody knows; a retry runs. */
	if (status >= 500 || status < 100)
		c.body = NULL;
	if (db_run_txn(db, finish_txn, &c, DB_TXN_ATTEMPTS) < 0)
		log_error("idempotency key of %s %s: the reply could not be stored: %s", q->who,
			  q->route, db_errmsg(db));
}
