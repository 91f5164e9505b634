/* Guards of the accounts, shared by svc_auth.c and svc_guard.c (issue 10,
 * item 6): the slots for password hashing, the throttle rules of log-ins,
 * and the dummy hash an unknown user is checked against. Layer: svc. */
#ifndef MOTCUA_SVC_SVC_GUARD_H
#define MOTCUA_SVC_SVC_GUARD_H

#include "svc/svc.h"

/* Waits up to password.max_wait_ms for one of password.max_parallel
 * hashing slots (Argon2id holds 64 MB while it runs, so the slots bound
 * the memory of log-ins and registrations in flight). False when none
 * came free in time. Thread-safe. */
bool svcg_hash_enter(const struct config *cfg) __attribute__((warn_unused_result));
/* Gives the slot back. */
void svcg_hash_leave(void);

/* Log-ins of one account from one address; failed log-ins of one address. */
struct throttle_rule svcg_login_rule(const struct config *cfg);
struct throttle_rule svcg_login_ip_rule(const struct config *cfg);
/* The quiet time after which every throttle key may be dropped. */
int64_t svcg_forget_ms(const struct config *cfg);
/* Milliseconds to whole seconds, rounded up (at least 1). */
int64_t svcg_seconds(int64_t ms);

/* Checks password against a hash made once for no account: what a log-in
 * of an unknown user costs, so that timing does not tell. Always false. */
bool svcg_dummy_verify(const char *password);

/* Queue the e-mail that tells the owner of a taken user name that someone
 * tried to register it; at most one a day per account. Queues nothing while
 * smtp.url is empty. Inside the registration's transaction. */
int svcg_mail_taken(struct db *db, const struct config *cfg, struct arena *a,
		    const struct user *owner, int64_t now) __attribute__((warn_unused_result));
/* Queue the e-mail that tells a new account it was made. */
int svcg_mail_welcome(struct db *db, const struct config *cfg, struct arena *a,
		      const struct user *u, int64_t now) __attribute__((warn_unused_result));

#endif
