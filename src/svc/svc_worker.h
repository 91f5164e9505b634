/* The background worker (issue 4, item 7) and its e-mail.
 *
 * One round of the worker:
 *   1. finds open dossiers (received or in process, clock running) that are
 *      due soon (due within one working day of the processing unit's office
 *      time) or overdue, and records each finding once per due time as a
 *      hash-chained event ("due_soon", "overdue") of the dossier, appended
 *      by the system in the same transaction as its mark in dossier_marks;
 *      the assignee (or, for an unassigned step, the officers of the step's
 *      unit holding its role) is mailed;
 *   2. reads the history past its cursor and mails the applicant when the
 *      dossier was received, a supplement was requested, an extension was
 *      approved, or the result was issued;
 *   3. sends the outbox: each mail is claimed by one worker (pending →
 *      sending) in a transaction, sent through the configured SMTP relay
 *      (libcurl, smtp.url / smtp.from / smtp.user / smtp.password), then
 *      marked sent, or retried later with back-off (failed after 5 tries).
 *   4. reconciles online payments with the gateway (svc_vnpay_round:
 *      querydr for payments still pending, refunds of fees of refused or
 *      stopped dossiers).
 *   5. at most once an hour per process, prunes the file store of files no
 *      row names and nobody wrote or found for blob.prune_grace_hours
 *      (svc_blobs_prune(), svc_documents.h).
 * Mails are queued only while smtp.url is set; marks and events are made
 * either way.
 *
 * Several workers may run at once (the thread of each `motcua serve` and
 * any number of `motcua worker` processes on one PostgreSQL): every mark,
 * event and mail is made once by its key, and a mail is sent by the one
 * worker that claimed it. A worker that dies between claiming and finishing
 * leaves the row to be claimed again after SVC_WORKER_LEASE_MS: then, and
 * only then, a mail can go out twice.
 *
 * Layer: svc. libcurl: svc_mail.c (SMTP), svc_fetch.c (HTTP), svc_oidc.c (escaping).
 */
#ifndef MOTCUA_SVC_SVC_WORKER_H
#define MOTCUA_SVC_SVC_WORKER_H

#include "base/buf.h"
#include "svc/svc.h"

#define SVC_WORKER_LEASE_MS	(10 * 60 * 1000LL)
#define SVC_WORKER_MAX_ATTEMPTS 5

struct svc_worker_stats {
	int64_t due_soon, overdue;    /* findings recorded by this round */
	int64_t queued, sent, failed; /* mails */
	/* online payments (svc_vnpay.h): settled from the gateway's querydr,
	 * refunded, gateway calls that failed */
	int64_t settled, refunded, gateway_errors;
	int64_t pruned; /* files removed from the file store */
};

/* Runs one round on db as worker `id` (a name unique among running
 * workers, for the claims). Returns 0, or -1 when the database failed
 * (logged; the next round tries again). st may be NULL. Not thread-safe
 * for one db; different threads with their own db may run rounds at once. */
int svc_worker_round(struct db *db, const struct config *cfg, const char *id,
		     struct svc_worker_stats *st) __attribute__((warn_unused_result));

/* A name for this worker: "<host>:<pid>:<n>". Writes at most n bytes. */
void svc_worker_name(char *out, size_t n);

/* The worker thread of `motcua serve`: a round every
 * worker.interval_seconds on its own connection. *out is NULL (and 0 is
 * returned) when the interval is 0 (off). -1 if the thread cannot start.
 * cfg must outlive the worker. svc_worker_stop() ends the round under way
 * at its next step and joins; NULL is ignored. */
struct svc_worker;
int svc_worker_start(const struct config *cfg, struct svc_worker **out)
	__attribute__((warn_unused_result));
void svc_worker_stop(struct svc_worker *w);

/* ---- e-mail (svc_mail.c) ---- */
struct svc_mail {
	const char *to;		/* one address: local@domain */
	const char *subject;	/* UTF-8, one line */
	const char *body;	/* UTF-8 text; lines end in \n or \r\n */
	const char *message_id; /* without <>; NULL = none */
};
/* Queues the invitation to rate a returned dossier to its applicant again
 * (an officer's request: the mail was lost); the mail carries a new link
 * that replaces the applicant's unused one. *to gets the address. Errors:
 * DOSSIER_NOT_FOUND, RATING_NOT_READY (not returned), RATING_NO_RECIPIENT
 * (no address, or smtp.url unset), DB_ERROR. */
struct svc_result svc_rating_send(struct db *db, struct arena *a, const struct config *cfg,
				  int64_t dossier_id, const char **to);
/* True if s is an address we are willing to put in a header. */
bool svc_mail_address_ok(const char *s);
/* The RFC 5322 message from `from` (an address, or "Name <address>"),
 * dated now (UTC+7): the subject as RFC 2047 encoded words, the body as
 * 8-bit UTF-8 text/plain with CRLF line ends. Appends to out. */
void svc_mail_format(const char *from, const struct svc_mail *m, int64_t now, struct buf *out);
/* Sends m through cfg's smtp.url. Returns 0, or -1 with a reason in err.
 * Thread-safe. */
int svc_mail_send(const struct config *cfg, const struct svc_mail *m, char *err, size_t errlen)
	__attribute__((warn_unused_result));

#endif
