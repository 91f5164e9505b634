/* The background worker (svc_worker.h): due-soon and overdue findings as
 * events, the applicants' notices, the assignees' reminders, and the
 * outbox sent through SMTP; as a thread of `motcua serve` or a round at a
 * time for `motcua worker`. Layer: svc. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/log.h"
#include "cal/cal.h"
#include "doc/forms.h"
#include "repo/repo_worker.h"
#include "svc/svc_documents.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_vnpay.h"
#include "svc/svc_worker.h"

#define HOUR_MS	  3600000LL
#define MINUTE_MS 60000LL
/* Dossiers looked at per unit and kind in one round; the rest wait for the
 * next round. */
#define MARK_BATCH   200
#define NOTICE_BATCH 500
#define SEND_BATCH   50
/* On PostgreSQL an event with a lower id can commit after a higher one: the
 * notices look this many ids behind the cursor again (each mail is made
 * once by its key, so looking twice costs a lookup). SQLite commits one
 * writer at a time, in id order. */
#define PG_NOTICE_MARGIN 5000

static const char *const cursor_name = "mail_event_cursor";
static const char *const floor_name = "mail_event_floor";

static bool mail_on(const struct config *cfg)
{
	return *cfg->v.smtp_url != 0;
}

/* "08:30 ngày 04/12/2026" (UTC+7); "—" for 0. */
static const char *when(struct arena *a, int64_t ms)
{
	if (!ms)
		return "—";
	struct cal_local l = cal_local_from_ms(ms);
	return arena_printf(a, "%02d:%02d ngày %02d/%02d/%04d", l.hour, l.minute, l.date.day,
			    l.date.month, l.date.year);
}

static const char *track_url(struct arena *a, const struct config *cfg, const char *code)
{
	const char *base = cfg->v.public_url;
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	return arena_printf(a, "%.*s/#/track/%s", (int)bl, base, code);
}

static const char *footer =
	"\nThư này được gửi tự động từ hệ thống một cửa điện tử; vui lòng không trả lời thư này.\n";

/* The place of the rating link in a "rating" mail: the link is made when
 * the mail is sent (send_all), so that the outbox never holds a working
 * token. */
static const char *const rating_slot = "{{rating_url}}";

static const char *rating_url(struct arena *a, const struct config *cfg, int64_t dossier_id,
			      const char *token)
{
	const char *base = cfg->v.public_url;
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	return arena_printf(a, "%.*s/#/rate/dossier/%lld?t=%s", (int)bl, base,
			    (long long)dossier_id, token);
}

/* ---- 1. due soon and overdue ---- */

struct mark_ctx {
	struct arena *a;
	const struct config *cfg;
	const struct due_row *row;
	const char *kind; /* due_soon | overdue */
	int64_t now;
	bool recorded;
	int64_t queued;
};

static int queue_mail(struct db *db, struct mark_ctx *c, const char *dedup, int64_t dossier_id,
		      const char *kind, const char *to, const char *subject, const char *body,
		      int64_t *queued)
{
	if (!svc_mail_address_ok(to))
		return DB_OK;
	struct outbox_row m = {0, dedup, dossier_id, kind, to, subject, body, 0};
	bool ins;
	int rc = repo_outbox_insert(db, &m, c->now, &ins);
	if (rc == DB_OK && ins)
		(*queued)++;
	return rc;
}

static int mark_txn(struct db *db, void *arg)
{
	struct mark_ctx *c = arg;
	c->recorded = false;
	c->queued = 0;
	bool ins;
	int rc = repo_worker_mark(db, c->row->id, c->kind, c->row->due_at, c->now, &ins);
	if (rc < 0 || !ins)
		return rc; /* another worker found it first */
	struct svc_dossier s;
	memset(&s, 0, sizeof s);
	struct dossier *d = &s.d;
	rc = repo_dossier_by_code(db, c->a, c->row->code, d);
	if (rc == DB_NOT_FOUND) /* the scan's finding no longer holds: roll the mark back */
		return db_abort(db, ERR_CONFLICT, NULL, "the dossier is gone");
	if (rc < 0)
		return rc;
	/* Still what the scan saw? (An officer may have acted meanwhile.) */
	int64_t due = d->extended_due_at ? d->extended_due_at : d->due_at;
	if (due != c->row->due_at || d->paused_at ||
	    (strcmp(d->state, "received") && strcmp(d->state, "in_process")))
		return db_abort(db, ERR_CONFLICT, NULL, "the dossier changed since the scan");
	int64_t old = d->nevents;
	const char *data = evd_due(c->a, c->kind, due);
	struct event e = {.at = c->now,
			  .actor_id = 0,
			  .actor = "",
			  .action = c->kind,
			  .from_state = d->state,
			  .to_state = d->state,
			  .step_from = d->step,
			  .step_to = d->step,
			  .note = "",
			  .data = data};
	rc = svcd_append_event(db, c->a, d, &e);
	if (rc < 0)
		return rc;
	d->updated_at = c->now;
	rc = repo_dossier_update(db, d, old);
	if (rc < 0)
		return rc;
	c->recorded = true;
	if (!mail_on(c->cfg))
		return DB_OK;

	/* Whom to remind: the assignee, else the step's pool. */
	const char **to = NULL;
	size_t nto = 0;
	if (d->assignee_id) {
		const char *em;
		rc = repo_worker_user_email(db, c->a, d->assignee_id, &em);
		if (rc < 0)
			return rc;
		to = arena_zalloc(c->a, 2 * sizeof *to);
		if (*em)
			to[nto++] = em;
	} else if (d->step_unit_id && d->step_role) {
		rc = repo_worker_pool_emails(db, c->a, d->step_unit_id, d->step_role, &to, &nto);
		if (rc < 0)
			return rc;
	}
	if (!nto)
		return DB_OK;
	rc = svcd_load_rest(db, c->a, &s);
	if (rc < 0)
		return rc;
	bool overdue = !strcmp(c->kind, "overdue");
	const char *subject = arena_printf(c->a,
					   overdue ? "Hồ sơ %s đã quá hạn giải quyết"
						   : "Hồ sơ %s sắp đến hạn giải quyết",
					   d->code);
	const char *body =
		arena_printf(c->a,
			     "Kính gửi đồng chí,\n\n"
			     "Hồ sơ %s (%s) %s %s.\n\n"
			     "Thủ tục: %s\n"
			     "Tổ chức, cá nhân: %s\n"
			     "Bước đang xử lý: %s\n"
			     "Trạng thái: %s\n\n"
			     "Đề nghị đồng chí xử lý kịp thời%s.\n%s",
			     d->code, d->procedure_code,
			     overdue ? "đã quá hạn trả kết quả từ" : "đến hạn trả kết quả vào",
			     when(c->a, due), d->procedure_name_vi ? d->procedure_name_vi : "",
			     d->owner.name ? d->owner.name : d->submitter.name,
			     s.step_name_vi ? s.step_name_vi : "—", wf_state_label_vi(s.state),
			     overdue ? arena_printf(c->a, "; hồ sơ quá hạn phải có %s (Mẫu 04)",
						    doc_form_title(4))
				     : "",
			     footer);
	for (size_t i = 0; i < nto; i++) {
		const char *dedup = arena_printf(c->a, "mark:%lld:%s:%lld:%s", (long long)d->id,
						 c->kind, (long long)due, to[i]);
		rc = queue_mail(db, c, dedup, d->id, c->kind, to[i], subject, body, &c->queued);
		if (rc < 0)
			return rc;
	}
	return DB_OK;
}

static int marks(struct db *db, struct arena *a, const struct config *cfg, int64_t now,
		 struct svc_worker_stats *st)
{
	struct unit *units;
	size_t nunits;
	if (repo_unit_list(db, a, &units, &nunits) < 0)
		return -1;
	for (size_t u = 0; u < nunits; u++) {
		/* Due soon: within one working day of the unit's office time. */
		struct svc_calendar cal;
		int rc = svc_calendar_get(db, units[u].id, &cal);
		if (rc < 0) {
			log_warn("worker: no calendar for unit %s (%d)", units[u].code, rc);
			continue;
		}
		int64_t soon;
		int crc = cal_add_office_time(cal.cal, cal.hours, now, 8 * HOUR_MS, &soon);
		svc_calendar_put(&cal);
		if (crc < 0)
			continue;
		static const char *const kinds[] = {"overdue", "due_soon"};
		for (int k = 0; k < 2; k++) {
			bool overdue = k == 0;
			struct due_row *rows;
			size_t n;
			if (repo_worker_due(db, a, units[u].id, kinds[k], overdue ? 0 : now,
					    overdue ? now - 1 : soon, MARK_BATCH, &rows, &n) < 0)
				return -1;
			for (size_t i = 0; i < n; i++) {
				struct mark_ctx c = {a, cfg, &rows[i], kinds[k], now, false, 0};
				rc = db_run_txn(db, mark_txn, &c, DB_TXN_ATTEMPTS);
				if (rc == DB_ABORT)
					continue;
				if (rc < 0) {
					log_warn("worker: %s %s: %s", kinds[k], rows[i].code,
						 db_errmsg(db));
					continue;
				}
				if (c.recorded) {
					log_info("dossier %s %s", rows[i].code, kinds[k]);
					if (overdue)
						st->overdue++;
					else
						st->due_soon++;
				}
				st->queued += c.queued;
			}
		}
	}
	return 0;
}

/* ---- 2. the applicants' notices ---- */

struct notice_ctx {
	struct arena *a;
	const struct config *cfg;
	int64_t now, margin;
	int64_t queued;
};

/* The applicant's address: the one given with the dossier, else the
 * account's that submitted it online. */
static int applicant_email(struct db *db, struct arena *a, const struct dossier *d,
			   const char **out)
{
	*out = NULL;
	if (d->submitter.email && svc_mail_address_ok(d->submitter.email)) {
		*out = d->submitter.email;
		return DB_OK;
	}
	if (!d->applicant_user_id)
		return DB_OK;
	const char *em;
	int rc = repo_worker_user_email(db, a, d->applicant_user_id, &em);
	if (rc == DB_OK && svc_mail_address_ok(em))
		*out = em;
	return rc;
}

static const char *addressee(struct arena *a, const struct dossier *d)
{
	const struct dossier_party *p = d->owner.kind ? &d->owner : &d->submitter;
	if (p->kind && !strcmp(p->kind, "organisation"))
		return p->name;
	return arena_printf(a, "Ông/Bà %s", p->name);
}

/* The invitation to rate a returned dossier, with rating_slot where the
 * link goes. */
static void rating_text(struct arena *a, const struct dossier *d, const char **subject,
			const char **body)
{
	*subject = arena_printf(a, "Mời ông/bà đánh giá việc giải quyết hồ sơ %s", d->code);
	*body = arena_printf(
		a,
		"Kính gửi %s,\n\nHồ sơ của ông/bà đã được trả kết quả. Mời ông/bà "
		"đánh giá mức độ hài lòng về việc giải quyết hồ sơ theo đường dẫn dưới "
		"đây (dành riêng cho ông/bà, dùng được một lần):\n\n%s\n\nMã hồ sơ: "
		"%s\nThủ tục: %s\n%s",
		addressee(a, d), rating_slot, d->code,
		d->procedure_name_vi ? d->procedure_name_vi : "", footer);
}

/* Subject and body of the notice for event e of s; kind gets its name. */
static void notice_text(struct arena *a, const struct config *cfg, const struct svc_dossier *s,
			const struct event *e, const char **kind, const char **subject,
			const char **body)
{
	const struct dossier *d = &s->d;
	const char *head = arena_printf(a, "Kính gửi %s,\n\n", addressee(a, d));
	const char *facts = arena_printf(a, "Mã hồ sơ: %s\nThủ tục: %s\n", d->code,
					 d->procedure_name_vi ? d->procedure_name_vi : "");
	const char *track =
		arena_printf(a, "\nTra cứu tình trạng hồ sơ: %s\n", track_url(a, cfg, d->code));
	if (!strcmp(e->action, "request_supplement")) {
		struct buf b = BUF_INIT;
		json_t *j = json_loads(e->data ? e->data : "{}", 0, NULL);
		json_t *miss = j ? json_object_get(j, "missing") : NULL;
		size_t k;
		json_t *v;
		json_array_foreach(miss, k, v)
		{
			json_int_t ord = json_integer_value(v);
			if (ord >= 1 && (size_t)ord <= s->ncomponents)
				buf_addf(&b, "  - %s\n", s->components[ord - 1].name_vi);
		}
		json_decref(j);
		*kind = "supplement";
		*subject = arena_printf(a, "Hồ sơ %s cần bổ sung, hoàn thiện", d->code);
		*body = arena_printf(
			a,
			"%sHồ sơ của ông/bà chưa đầy đủ, hợp lệ. Đề nghị ông/bà bổ sung, "
			"hoàn thiện hồ sơ theo %s (Mẫu 02).\n\n%s%s%s%s%s%s",
			head, doc_form_title(2), facts,
			e->note && *e->note ? "Nội dung cần bổ sung: " : "",
			e->note && *e->note ? arena_printf(a, "%s\n", e->note) : "",
			b.len ? "Thành phần hồ sơ cần bổ sung:\n" : "", buf_str(&b),
			arena_printf(a, "%s%s", track, footer));
		buf_release(&b);
	} else if (!strcmp(e->action, "approve_extension")) {
		*kind = "extended";
		*subject = arena_printf(a, "Hồ sơ %s được hẹn lại ngày trả kết quả", d->code);
		*body = arena_printf(
			a,
			"%sCơ quan giải quyết chân thành xin lỗi ông/bà vì hồ sơ chưa được "
			"giải quyết đúng hạn (%s, Mẫu 04).\n\n%sNgày hẹn trả trước đây: "
			"%s\nNgày hẹn trả mới: %s\nLý do: %s\n%s%s",
			head, doc_form_title(4), facts, when(a, d->due_at),
			when(a, s->effective_due_at),
			d->extension_reason ? d->extension_reason : "—", track, footer);
	} else if (!strcmp(e->action, "issue_result")) {
		*kind = "result";
		*subject = arena_printf(a, "Hồ sơ %s đã có kết quả", d->code);
		const char *m = d->return_method ? d->return_method : "desk";
		const char *where =
			!strcmp(m, "online")
				? "trong kho dữ liệu điện tử của ông/bà trên Cổng dịch vụ công"
			: !strcmp(m, "post")
				? "qua dịch vụ bưu chính công ích, tại địa chỉ đã đăng ký"
				: arena_printf(a, "tại Bộ phận Một cửa, %s",
					       s->receiving_unit.name_vi);
		*body = arena_printf(
			a,
			"%sHồ sơ của ông/bà đã có kết quả giải quyết.\n\n%sSố kết quả: %s\n"
			"Nhận kết quả %s.\n%s%s",
			head, facts, d->result_code ? d->result_code : "—", where, track, footer);
	} else if (!strcmp(e->action, "return_result")) {
		*kind = "rating";
		rating_text(a, d, subject, body);
	} else {
		*kind = "received";
		*subject = arena_printf(a, "Hồ sơ %s đã được tiếp nhận", d->code);
		*body = arena_printf(
			a,
			"%s%s đã tiếp nhận hồ sơ của ông/bà.\n\n%sThời gian tiếp nhận: %s\n"
			"Ngày hẹn trả kết quả: %s\n%s%s",
			head, s->receiving_unit.name_vi, facts, when(a, e->at), when(a, d->due_at),
			track, footer);
	}
}

static int notice_txn(struct db *db, void *arg)
{
	struct notice_ctx *c = arg;
	c->queued = 0;
	int64_t cursor, floor;
	bool have_floor, have_cursor;
	int rc = repo_worker_cursor(db, cursor_name, &cursor, &have_cursor);
	if (rc == DB_OK)
		rc = repo_worker_cursor(db, floor_name, &floor, &have_floor);
	if (rc < 0)
		return rc;
	if (!have_cursor) { /* a database migrated without it: start from now */
		rc = repo_worker_last_event(db, &cursor);
		if (rc == DB_OK)
			rc = repo_worker_cursor_advance(db, cursor_name, cursor);
		if (rc < 0)
			return rc;
	}
	/* The floor is where the first round started (the cursor set by the
	 * migration): the look-back never reaches events older than motcua's
	 * worker, nor those `motcua gen` made. */
	if (!have_floor) {
		floor = cursor;
		if ((rc = repo_worker_cursor_advance(db, floor_name, floor)) < 0)
			return rc;
	}
	int64_t after = cursor - c->margin > floor ? cursor - c->margin : floor;
	struct notice_row *rows;
	size_t n;
	int64_t last;
	rc = repo_worker_notices(db, c->a, after, c->margin + NOTICE_BATCH, &rows, &n, &last);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n && mail_on(c->cfg); i++) {
		const char *dedup =
			arena_printf(c->a, "event:%lld:applicant", (long long)rows[i].event_id);
		bool have;
		if ((rc = repo_outbox_exists(db, dedup, &have)) < 0)
			return rc;
		if (have)
			continue;
		struct svc_dossier s;
		struct svc_result r = svc_dossier_get(db, c->a, NULL, rows[i].code, false, &s);
		if (r.code != ERR_NONE)
			return r.code == ERR_DOSSIER_NOT_FOUND ? DB_OK : DB_SOFT;
		const struct event *e = NULL;
		for (size_t k = 0; k < s.nevents; k++)
			if (s.events[k].id == rows[i].event_id)
				e = &s.events[k];
		const char *to;
		if ((rc = applicant_email(db, c->a, &s.d, &to)) < 0)
			return rc;
		if (!e || !to)
			continue;
		const char *kind, *subject, *body;
		notice_text(c->a, c->cfg, &s, e, &kind, &subject, &body);
		struct outbox_row m = {0, dedup, s.d.id, kind, to, subject, body, 0};
		bool ins;
		if ((rc = repo_outbox_insert(db, &m, c->now, &ins)) < 0)
			return rc;
		c->queued += ins;
	}
	return repo_worker_cursor_advance(db, cursor_name, last);
}

/* ---- 3. sending ---- */

struct claim_ctx {
	struct arena *a;
	int64_t id;
	const char *worker;
	int64_t now;
	struct outbox_row row;
	bool claimed;
};

static int claim_txn(struct db *db, void *arg)
{
	struct claim_ctx *c = arg;
	return repo_outbox_claim(db, c->a, c->id, c->worker, c->now, c->now - SVC_WORKER_LEASE_MS,
				 &c->row, &c->claimed);
}

struct done_ctx {
	int64_t id, now, next_at;
	const char *worker, *error;
	bool ok, give_up;
};

static int done_txn(struct db *db, void *arg)
{
	struct done_ctx *c = arg;
	if (c->ok)
		return repo_outbox_sent(db, c->id, c->worker, c->now);
	return repo_outbox_retry(db, c->id, c->worker, c->error, c->next_at, c->give_up);
}

/* The body of a "rating" mail with a fresh link for its recipient in the
 * slot: 0, 1 when that recipient has rated already (nothing to send), or -1
 * if the link could not be made (the mail is tried again later). Each
 * attempt replaces the recipient's unused link: the last mail sent holds
 * the one that works. */
static int rating_body(struct db *db, struct arena *a, const struct config *cfg,
		       const struct outbox_row *row, const char **body)
{
	const char *token;
	struct svc_result r =
		svc_rating_link(db, a, "dossier", row->dossier_id, row->recipient, &token);
	if (r.code == ERR_RATING_LINK_USED)
		return 1;
	if (r.code != ERR_NONE)
		return -1;
	const char *slot = strstr(row->body, rating_slot);
	if (!slot)
		return -1;
	*body = arena_printf(a, "%.*s%s%s", (int)(slot - row->body), row->body,
			     rating_url(a, cfg, row->dossier_id, token),
			     slot + strlen(rating_slot));
	return 0;
}

static int send_all(struct db *db, struct arena *a, const struct config *cfg, const char *worker,
		    int64_t now, struct svc_worker_stats *st)
{
	int64_t *ids;
	size_t n;
	if (repo_outbox_ready(db, a, now, now - SVC_WORKER_LEASE_MS, SEND_BATCH, &ids, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct claim_ctx c = {a, ids[i], worker, now, {0}, false};
		if (db_run_txn(db, claim_txn, &c, DB_TXN_ATTEMPTS) < 0)
			return -1;
		if (!c.claimed)
			continue; /* another worker has it */
		char err[256] = "";
		char *mid = arena_printf(a, "motcua-%lld-%lld@%s", (long long)c.row.id,
					 (long long)c.row.attempts, "motcua");
		const char *body = c.row.body;
		int src = 0;
		if (!strcmp(c.row.kind, "rating") &&
		    (src = rating_body(db, a, cfg, &c.row, &body)) < 0)
			snprintf(err, sizeof err, "the rating link could not be made");
		struct svc_mail m = {c.row.recipient, c.row.subject, body, mid};
		if (src == 0)
			src = svc_mail_send(cfg, &m, err, sizeof err);
		if (src > 0)
			src = 0; /* rated already: nothing to send, done */
		struct done_ctx d = {c.row.id, clock_now_ms(), 0, worker, err, src == 0, false};
		if (src < 0) {
			/* 1, 2, 4, 8 minutes, then give up. */
			d.give_up = c.row.attempts >= SVC_WORKER_MAX_ATTEMPTS;
			d.next_at = now + (MINUTE_MS
					   << (c.row.attempts - 1 < 10 ? c.row.attempts - 1 : 10));
			log_warn("mail %lld to %s (%s), try %lld: %s", (long long)c.row.id,
				 c.row.recipient, c.row.kind, (long long)c.row.attempts, err);
		}
		if (db_run_txn(db, done_txn, &d, DB_TXN_ATTEMPTS) < 0)
			return -1;
		if (src == 0) {
			st->sent++;
			log_info("mail %lld sent to %s (%s)", (long long)c.row.id, c.row.recipient,
				 c.row.kind);
		} else if (d.give_up) {
			st->failed++;
		}
	}
	return 0;
}

/* ---- a round ---- */

/* The file store's prune walks every file: once an hour per process is
 * enough for a grace period counted in hours. */
#define PRUNE_EVERY_MS (3600 * 1000LL)

static int prune(struct db *db, const struct config *cfg, int64_t now, struct svc_worker_stats *st)
{
	static int64_t last; /* 0: not yet in this process */
	int64_t was = __atomic_load_n(&last, __ATOMIC_RELAXED);
	if (was && now - was < PRUNE_EVERY_MS && now >= was)
		return 0;
	if (!__atomic_compare_exchange_n(&last, &was, now, false, __ATOMIC_RELAXED,
					 __ATOMIC_RELAXED))
		return 0; /* another thread of this process prunes now */
	struct svc_blobs_pruned p;
	int rc = svc_blobs_prune(db, cfg, false, NULL, NULL, &p);
	st->pruned = p.removed;
	return rc;
}

int svc_worker_round(struct db *db, const struct config *cfg, const char *id,
		     struct svc_worker_stats *st)
{
	struct svc_worker_stats local = {0};
	if (!st)
		st = &local;
	memset(st, 0, sizeof *st);
	struct arena a;
	arena_init(&a);
	int64_t now = clock_now_ms();
	int rc = marks(db, &a, cfg, now, st);
	/* The monitoring aggregates: what changed since the last round or
	 * read is counted (svc_kpi_agg.c), so that a replica's dashboards,
	 * which cannot count, are at most one round behind. */
	if (rc == 0 && svc_kpi_flush(db).code != ERR_NONE) {
		log_warn("worker: monitoring aggregates: %s", db_errmsg(db));
		rc = -1;
	}
	if (rc == 0) {
		struct notice_ctx c = {&a, cfg, now,
				       db_backend(db) == DB_POSTGRES ? PG_NOTICE_MARGIN : 0, 0};
		if (db_run_txn(db, notice_txn, &c, DB_TXN_ATTEMPTS) < 0) {
			log_warn("worker: notices: %s", db_errmsg(db));
			rc = -1;
		}
		st->queued += c.queued;
	}
	if (rc == 0 && mail_on(cfg))
		rc = send_all(db, &a, cfg, id, now, st);
	if (rc == 0) {
		struct svc_vnpay_round pr;
		rc = svc_vnpay_round(db, cfg, &pr);
		st->settled = pr.settled;
		st->refunded = pr.refunded;
		st->gateway_errors = pr.errors;
	}
	if (rc == 0)
		rc = prune(db, cfg, now, st);
	if (rc < 0)
		log_warn("worker round failed: %s", db_errmsg(db));
	arena_release(&a);
	return rc;
}

void svc_worker_name(char *out, size_t n)
{
	static int counter;
	char host[64] = "host";
	gethostname(host, sizeof host - 1);
	host[sizeof host - 1] = 0;
	snprintf(out, n, "%s:%ld:%d", host, (long)getpid(),
		 __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED));
}

/* ---- the thread of `motcua serve` ---- */

struct svc_worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	const struct config *cfg;
	char name[128];
};

static void *worker_main(void *arg)
{
	struct svc_worker *w = arg;
	int64_t interval = w->cfg->v.worker_interval_seconds;
	struct db *db = NULL;
	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		pthread_mutex_unlock(&w->mu);
		if (!db) {
			char err[512];
			if (db_open(w->cfg->v.db, &db, err, sizeof err) < 0) {
				log_warn("worker: %s", err);
				db = NULL;
			}
		}
		if (db) {
			struct svc_worker_stats st;
			if (svc_worker_round(db, w->cfg, w->name, &st) < 0) {
				db_close(db); /* reconnect next time */
				db = NULL;
			}
		}
		pthread_mutex_lock(&w->mu);
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += interval;
		while (!w->stop && pthread_cond_timedwait(&w->cv, &w->mu, &ts) == 0)
			;
	}
	pthread_mutex_unlock(&w->mu);
	db_close(db);
	return NULL;
}

int svc_worker_start(const struct config *cfg, struct svc_worker **out)
{
	*out = NULL;
	if (cfg->v.worker_interval_seconds <= 0)
		return 0;
	struct svc_worker *w = xcalloc(1, sizeof *w);
	w->cfg = cfg;
	svc_worker_name(w->name, sizeof w->name);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cv, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&w->mu, NULL);
	/* The thread takes no signals: SIGINT and SIGTERM must reach the main
	 * thread's pause(). */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int prc = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (prc != 0) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return -1;
	}
	log_info("worker %s: a round every %lld s", w->name,
		 (long long)cfg->v.worker_interval_seconds);
	*out = w;
	return 0;
}

void svc_worker_stop(struct svc_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w);
}

/* ---- the rating link, sent again at an officer's request ---- */

struct resend_ctx {
	struct arena *a;
	const struct config *cfg;
	int64_t dossier_id, now;
	const char **to;
};

static int resend_txn(struct db *db, void *arg)
{
	struct resend_ctx *c = arg;
	struct rating_dossier rd;
	int rc = repo_rating_dossier(db, c->a, c->dossier_id, &rd);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_DOSSIER_NOT_FOUND, "id", NULL);
	if (rc < 0)
		return rc;
	if (strcmp(rd.state, "returned"))
		return db_abort(db, ERR_RATING_NOT_READY, NULL, NULL);
	struct dossier d;
	if ((rc = repo_dossier_by_code(db, c->a, rd.code, &d)) < 0)
		return rc;
	if ((rc = applicant_email(db, c->a, &d, c->to)) < 0)
		return rc;
	if (!*c->to || !mail_on(c->cfg))
		return db_abort(db, ERR_RATING_NO_RECIPIENT, NULL, NULL);
	const char *subject, *body;
	rating_text(c->a, &d, &subject, &body);
	const char *dedup =
		arena_printf(c->a, "rating:%lld:%lld", (long long)d.id, (long long)c->now);
	struct outbox_row m = {0, dedup, d.id, "rating", *c->to, subject, body, 0};
	bool ins;
	return repo_outbox_insert(db, &m, c->now, &ins);
}

struct svc_result svc_rating_send(struct db *db, struct arena *a, const struct config *cfg,
				  int64_t dossier_id, const char **to)
{
	*to = NULL;
	struct resend_ctx c = {a, cfg, dossier_id, clock_now_ms(), to};
	return svc_txn_result(db, db_run_txn(db, resend_txn, &c, DB_TXN_ATTEMPTS));
}
