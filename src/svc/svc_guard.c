/* Guards of the accounts against a stranger (issue 10, item 6): the
 * password rules of registration (not the user name, not a common
 * password), rate limits per address on registrations and kiosk tickets,
 * the throttle rules of log-ins, and the slots that bound how many
 * passwords are hashed at once (Argon2id takes 64 MB each: sixteen parallel
 * registrations took the server to 832 MB). Layer: svc. */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "repo/repo_worker.h"
#include "svc/svc_guard.h"
#include "svc/svc_worker.h"

/* ---- hashing slots ---- */

static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_free;
static pthread_once_t slot_once = PTHREAD_ONCE_INIT;
static int64_t slots_taken;

static void slot_init(void)
{
	pthread_condattr_t at;
	pthread_condattr_init(&at);
	pthread_condattr_setclock(&at, CLOCK_MONOTONIC);
	pthread_cond_init(&slot_free, &at);
	pthread_condattr_destroy(&at);
}

bool svcg_hash_enter(const struct config *cfg)
{
	int64_t cap = cfg->v.password_max_parallel;
	int64_t wait_ms = cfg->v.password_max_wait_ms;
	pthread_once(&slot_once, slot_init);
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += wait_ms / 1000;
	until.tv_nsec += (wait_ms % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	bool got = true;
	pthread_mutex_lock(&slot_lock);
	while (slots_taken >= cap) {
		if (pthread_cond_timedwait(&slot_free, &slot_lock, &until) == ETIMEDOUT &&
		    slots_taken >= cap) {
			got = false;
			break;
		}
	}
	if (got)
		slots_taken++;
	pthread_mutex_unlock(&slot_lock);
	return got;
}

void svcg_hash_leave(void)
{
	pthread_mutex_lock(&slot_lock);
	if (ALWAYS(slots_taken > 0))
		slots_taken--;
	pthread_cond_signal(&slot_free);
	pthread_mutex_unlock(&slot_lock);
}

/* ---- the dummy hash ---- */

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char *dummy_hash;

static void dummy_init(void)
{
	/* A random password nobody knows: nothing can ever match it. */
	unsigned char raw[24];
	char pw[64];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(pw, sizeof pw, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
	dummy_hash = svc_password_hash(pw);
	sodium_memzero(pw, sizeof pw);
}

bool svcg_dummy_verify(const char *password)
{
	pthread_once(&dummy_once, dummy_init);
	if (dummy_hash)
		(void)svc_password_verify(dummy_hash, password);
	return false;
}

/* ---- throttle rules ---- */

int64_t svcg_forget_ms(const struct config *cfg)
{
	return cfg->v.login_forget_hours * 3600000;
}

struct throttle_rule svcg_login_rule(const struct config *cfg)
{
	return (struct throttle_rule){
		.free = cfg->v.login_free_attempts,
		.first_ms = cfg->v.login_backoff_seconds * 1000,
		.max_ms = cfg->v.login_max_backoff_minutes * 60000,
		.forget_ms = svcg_forget_ms(cfg),
	};
}

struct throttle_rule svcg_login_ip_rule(const struct config *cfg)
{
	return (struct throttle_rule){
		.free = cfg->v.login_ip_free_failures,
		.first_ms = 1000,
		.max_ms = cfg->v.login_ip_max_backoff_seconds * 1000,
		.forget_ms = svcg_forget_ms(cfg),
	};
}

int64_t svcg_seconds(int64_t ms)
{
	int64_t s = (ms + 999) / 1000;
	return s > 0 ? s : 1;
}

/* The per-hour limits: the key of each. */
static const char *const limit_key[] = {
	[SVC_LIMIT_REGISTER] = "register",
	[SVC_LIMIT_TICKET] = "ticket",
	[SVC_LIMIT_SUBMIT] = "submit",
	[SVC_LIMIT_FEEDBACK] = "feedback",
};

/* The option that sets a per-hour limit (-Wswitch names a new one left
 * out). */
static int64_t per_hour(const struct config *cfg, enum svc_limit what)
{
	switch (what) {
	case SVC_LIMIT_REGISTER:
		return cfg->v.register_per_ip_per_hour;
	case SVC_LIMIT_TICKET:
		return cfg->v.queue_tickets_per_ip_per_hour;
	case SVC_LIMIT_SUBMIT:
		return cfg->v.submit_per_account_per_hour;
	case SVC_LIMIT_FEEDBACK:
		return cfg->v.feedback_per_ip_per_hour;
	}
	return 1;
}

/* N per hour: N hits, then the key waits out the hour from the last. The
 * limit is part of the key: raising it takes effect at once, not when a
 * wait counted under the old one runs out. */
static struct throttle_rule limit_rule(const struct config *cfg, enum svc_limit what,
				       const char *who, char *key, size_t keylen)
{
	int64_t n = per_hour(cfg, what);
	snprintf(key, keylen, "%s:%s|%lld", limit_key[what], who, (long long)n);
	return (struct throttle_rule){n, 3600000, 3600000, 3600001};
}

static struct svc_result limited(enum svc_limit what, const char *who, int64_t wait,
				 int64_t *retry_after)
{
	*retry_after = svcg_seconds(wait);
	log_warn("%s rate limit reached by %s", limit_key[what], who);
	return svc_fail(ERR_RATE_LIMITED, NULL, NULL);
}

struct svc_result svc_rate_limit(struct db *db, const struct config *cfg, enum svc_limit what,
				 const char *who, int64_t *retry_after)
{
	char key[160];
	struct throttle_rule r = limit_rule(cfg, what, who, key, sizeof key);
	int64_t wait = 0;
	*retry_after = 0;
	int rc = repo_throttle_hit(db, key, clock_now_ms(), &r, &wait);
	if (rc < 0)
		return svc_txn_result(db, rc);
	return wait > 0 ? limited(what, who, wait, retry_after) : svc_ok();
}

struct svc_result svc_rate_blocked(struct db *db, const struct config *cfg, enum svc_limit what,
				   const char *who, int64_t *retry_after)
{
	char key[160];
	(void)limit_rule(cfg, what, who, key, sizeof key);
	int64_t wait = 0;
	*retry_after = 0;
	int rc = repo_throttle_wait(db, key, clock_now_ms(), &wait);
	if (rc < 0)
		return svc_txn_result(db, rc);
	return wait > 0 ? limited(what, who, wait, retry_after) : svc_ok();
}

/* ---- common passwords ---- */

static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static bool list_tried;
static char **list;
static size_t nlist;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* Reads the list: one password a line, '#' starts a comment line; kept
 * lower-case and sorted, to be found by binary search. */
static int read_list(const char *path, char ***out, size_t *n, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot read password.common_file %s: %s", path,
			 strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0, have = 0, room = 0;
	char **v = NULL;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = 0;
		if (!len || line[0] == '#')
			continue;
		if (have == room) {
			room = room ? room * 2 : 1024;
			v = xrealloc(v, room * sizeof *v);
		}
		v[have] = xstrdup(line);
		lower_ascii(v[have++]);
	}
	free(line);
	fclose(f);
	qsort(v, have, sizeof *v, cmp_str);
	*out = v;
	*n = have;
	return 0;
}

int svc_passwords_load(const struct config *cfg, char *err, size_t errlen)
{
	const char *path = cfg->v.password_common_file;
	int rc = 0;
	pthread_mutex_lock(&list_lock);
	if (!list_tried && *path) {
		rc = read_list(path, &list, &nlist, err, errlen);
		if (rc == 0)
			log_info("%zu common passwords refused (%s)", nlist, path);
	}
	list_tried = true;
	pthread_mutex_unlock(&list_lock);
	return rc;
}

static bool is_common(const struct config *cfg, const char *lowered)
{
	char err[300];
	pthread_mutex_lock(&list_lock);
	bool tried = list_tried;
	pthread_mutex_unlock(&list_lock);
	if (!tried && svc_passwords_load(cfg, err, sizeof err) < 0)
		log_warn("%s: only the user name is checked in passwords", err);
	/* Written once under the lock, then only read. */
	return nlist && bsearch(&lowered, list, nlist, sizeof *list, cmp_str);
}

struct svc_result svc_password_check(const struct config *cfg, struct arena *a,
				     const char *username, const char *password)
{
	int64_t min = cfg->v.password_min_length;
	if ((int64_t)text_utf8_len(password) < min)
		return svc_fail(ERR_FIELD_TOO_SHORT, "password",
				arena_printf(a, "at least %lld characters", (long long)min));
	char *pw = arena_strdup(a, password), *user = arena_strdup(a, username ? username : "");
	lower_ascii(pw);
	lower_ascii(user);
	struct svc_result r = svc_ok();
	if (*user && strstr(pw, user))
		r = svc_fail(ERR_PASSWORD_WEAK, "password", "it contains the user name");
	else if (is_common(cfg, pw))
		r = svc_fail(ERR_PASSWORD_WEAK, "password", "it is a common password");
	sodium_memzero(pw, strlen(pw));
	return r;
}

/* ---- telling the owner ---- */

static const char *const footer =
	"\nThư này được gửi tự động từ hệ thống một cửa điện tử; vui lòng không trả lời thư này.\n";

static const char *login_url(struct arena *a, const struct config *cfg)
{
	const char *base = cfg->v.public_url;
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	return arena_printf(a, "%.*s/#/login", (int)bl, base);
}

static int queue(struct db *db, const struct config *cfg, const char *dedup, const char *kind,
		 const char *to, const char *subject, const char *body, int64_t now)
{
	/* Mails go out only while a relay is configured (svc_worker.h). */
	if (!*cfg->v.smtp_url || !svc_mail_address_ok(to))
		return DB_OK;
	struct outbox_row m = {0, dedup, 0, kind, to, subject, body, 0};
	bool inserted;
	return repo_outbox_insert(db, &m, now, &inserted);
}

int svcg_mail_taken(struct db *db, const struct config *cfg, struct arena *a,
		    const struct user *owner, int64_t now)
{
	/* At most one a day per account, however often a stranger tries. */
	const char *dedup = arena_printf(a, "account-taken:%lld:%lld", (long long)owner->id,
					 (long long)(now / 86400000));
	const char *body = arena_printf(
		a,
		"Kính gửi %s,\n\nHệ thống vừa nhận một yêu cầu đăng ký tài khoản mới với tên "
		"đăng nhập của tài khoản mà ông/bà đang sử dụng. Không có tài khoản mới nào được "
		"tạo và "
		"tài khoản của ông/bà không thay đổi.\n\nNếu chính ông/bà vừa đăng ký, ông/bà đã "
		"có tài khoản với tên đăng nhập %s: mời đăng nhập tại %s\nNếu không phải ông/bà, "
		"ông/bà không cần làm gì.\n%s",
		owner->full_name, owner->username, login_url(a, cfg), footer);
	return queue(db, cfg, dedup, "account_taken", owner->email ? owner->email : "",
		     "Yêu cầu đăng ký tài khoản trùng với tài khoản của ông/bà", body, now);
}

int svcg_mail_welcome(struct db *db, const struct config *cfg, struct arena *a,
		      const struct user *u, int64_t now)
{
	const char *dedup = arena_printf(a, "account-created:%lld", (long long)u->id);
	const char *body = arena_printf(
		a,
		"Kính gửi %s,\n\nTài khoản của ông/bà trên hệ thống một cửa điện tử đã được "
		"tạo với tên đăng nhập %s. Mời ông/bà đăng nhập tại %s\n\nNếu không phải "
		"ông/bà đăng ký, vui lòng báo cho cơ quan tiếp nhận hồ sơ.\n%s",
		u->full_name, u->username, login_url(a, cfg), footer);
	return queue(db, cfg, dedup, "account_created", u->email ? u->email : "",
		     "Tài khoản của ông/bà đã được tạo", body, now);
}
