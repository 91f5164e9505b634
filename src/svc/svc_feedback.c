/* Feedback items: the use cases of svc_feedback.h around the transition
 * table of core/feedback.c. Layer: svc. */
#include "svc/svc_feedback.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "core/roles.h"
#include "repo/repo_feedback.h"
#include "repo/repo_worker.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_worker.h"

/* Procedure codes are upper case ("LD-02"); a citizen may type "ld-02". */
static const char *code_upper(struct arena *a, const char *s)
{
	char *u = arena_strdup(a, s);
	for (char *p = u; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return u;
}

/* ---- small helpers ---- */

/* s without the white space around it, in the arena; NULL stays NULL. */
static const char *trimmed(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

static bool blank(const char *s)
{
	while (s && isspace((unsigned char)*s))
		s++;
	return !s || !*s;
}

/* The sender's texts trimmed (as the web form does); one left empty is
 * missing, named by its field. */
static struct svc_result trim_texts(struct arena *a, struct svc_feedback_in *in)
{
	struct {
		const char **v, *name;
	} req[] = {{&in->sender_name, "sender_name"},
		   {&in->subject, "subject"},
		   {&in->content, "content"}};
	for (size_t i = 0; i < sizeof req / sizeof req[0]; i++) {
		*req[i].v = trimmed(a, *req[i].v);
		if (!*req[i].v || !**req[i].v)
			return svc_fail(ERR_FIELD_MISSING, req[i].name, "blank");
	}
	return svc_ok();
}

static void key_hash(const char *key, char out[EVENT_HASH_HEX + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)key, strlen(key));
	text_hex(h, sizeof h, out);
}

/* The agency-wide due time of n working days from start, the pauses not counted. */
static int due_of(struct db *db, int64_t start, int days, const struct cal_pause *p, size_t np,
		  int64_t *due)
{
	struct cal_limit l = {CAL_WORKING_DAYS, days};
	return svc_calendar_due(db, 0, start, l, p, np, due);
}

/* When the current round began: the receipt, or the last raising again. */
static int64_t round_start(const struct feedback *f)
{
	return f->raised_at ? f->raised_at : f->received_at;
}

/* The three deadlines of a round that starts at `at`. */
static int round_deadlines(struct db *db, struct feedback *f, int64_t at)
{
	int rc;
	if ((rc = due_of(db, at, fb_deadline_days[FB_DL_REFUSE], NULL, 0, &f->refuse_due_at)) < 0 ||
	    (rc = due_of(db, at, fb_deadline_days[FB_DL_INFO], NULL, 0, &f->info_due_at)) < 0)
		return rc;
	return due_of(db, at, fb_deadline_days[FB_DL_ANSWER], NULL, 0, &f->answer_due_at);
}

static int64_t deadline_of(const struct feedback *f, enum fb_deadline d)
{
	switch (d) {
	case FB_DL_REFUSE:
		return f->refuse_due_at;
	case FB_DL_INFO:
		return f->info_due_at;
	case FB_DL_ANSWER:
		return f->answer_due_at;
	case FB_DL_PUBLISH:
		return f->publish_due_at;
	default:
		return 0;
	}
}

/* The deadlines that run in the item's state, into out (at most 3): while
 * received, the refusal's (2 days: the Office must classify or refuse it
 * by then) until it is classified in scope, the first request for
 * information's (5 days, unless asked already this round) and the answer's;
 * assigned or drafted, the answer's; answered, the publication's (unless
 * it is not to be published). Waiting for the sender, none: the clock
 * stops. The information's is not one to miss: asking is optional. */
static size_t running_of(const struct feedback *f, struct svc_fb_deadline out[3])
{
	int s = fb_state_parse(f->state);
	size_t n = 0;
	if (s == FB_RECEIVED) {
		bool decided = f->category && (!strcmp(f->category, "regulation") ||
					       !strcmp(f->category, "conduct"));
		if (!decided)
			out[n++] = (struct svc_fb_deadline){FB_DL_REFUSE, f->refuse_due_at, true};
		if (!f->info_requested)
			out[n++] = (struct svc_fb_deadline){FB_DL_INFO, f->info_due_at, false};
	}
	if (s == FB_RECEIVED || s == FB_ASSIGNED || s == FB_DRAFTED)
		out[n++] = (struct svc_fb_deadline){FB_DL_ANSWER, f->answer_due_at, true};
	if (s == FB_ANSWERED && !f->private_ && !f->personal_data && f->publish_due_at)
		out[n++] = (struct svc_fb_deadline){FB_DL_PUBLISH, f->publish_due_at, true};
	return n;
}

static void facts_of(const struct feedback *f, struct fb_item *it)
{
	int s = fb_state_parse(f->state);
	it->state = s < 0 ? FB_NONE : (enum fb_state)s;
	it->info_requested = f->info_requested;
	it->publishable = !f->private_ && !f->personal_data;
	it->rated = f->rating && *f->rating;
	it->has_category = f->category &&
			   (!strcmp(f->category, "regulation") || !strcmp(f->category, "conduct"));
	it->out_of_scope = f->category && !strcmp(f->category, "out_of_scope");
	it->link_unconfirmed = f->dossier_id && !f->dossier_confirmed;
}

/* Chains e to f's history and appends it. */
static int append(struct db *db, struct arena *a, struct feedback *f, struct event *e)
{
	char h[EVENT_HASH_HEX + 1];
	e->dossier = f->code;
	e->seq = f->nevents + 1;
	e->prev_hash = f->nevents ? f->last_hash : event_genesis_hash;
	svcd_event_hash(e, h);
	e->hash = arena_strdup(a, h);
	f->nevents++;
	f->last_hash = e->hash;
	return f->id ? repo_feedback_event_insert(db, f->id, e) : DB_OK;
}

/* Compact JSON with sorted keys, in the arena ("{}" for none). */
static const char *data_of(struct arena *a, json_t *o)
{
	if (!o)
		return "{}";
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (!s)
		return "{}";
	const char *r = arena_strdup(a, s);
	free(s);
	return r;
}

static const char *public_base(struct arena *a, const struct config *cfg)
{
	const char *base = cfg->v.public_url;
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	return arena_strndup(a, base, bl);
}

/* Queues a mail to the sender while a relay is configured (svc_worker.h). */
static int mail_sender(struct db *db, const struct config *cfg, const struct feedback *f,
		       const char *dedup, const char *subject, const char *body, int64_t now)
{
	if (!*cfg->v.smtp_url || !svc_mail_address_ok(f->sender_email))
		return DB_OK;
	struct outbox_row m = {0, dedup, 0, "feedback", f->sender_email, subject, body, 0};
	bool inserted;
	return repo_outbox_insert(db, &m, now, &inserted);
}

/* ---- creating ---- */

static void allowed_of(struct svc_feedback_view *v, unsigned roles, int64_t unit_id,
		       int64_t max_raises);
static void deadlines_now(struct db *db, struct svc_feedback_view *v, int64_t now);

struct create_ctx {
	const struct config *cfg;
	struct arena *a;
	const struct svc_actor *who;
	struct svc_feedback_in *in;
	struct svc_feedback_view *out;
	const char *key;
	int64_t now;
};

/* The dossier the item names: its procedure and field when the item gives
 * none, and whether the link is known true (766.5.4 counts it): the desk
 * or the Office records the item, or the sender's account reads the
 * dossier as its applicant or verified owner (DOMAIN.md 15). Anyone else's
 * link waits for the Office's confirm_dossier. */
static int link_dossier(struct db *db, struct create_ctx *c, struct feedback *f, bool desk)
{
	struct svc_dossier s = {0};
	int rc = repo_dossier_by_code(db, c->a, c->in->dossier_code, &s.d);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_DOSSIER_NOT_FOUND, "dossier_code", NULL);
	if (rc < 0 || (rc = svcd_load_rest(db, c->a, &s)) < 0)
		return rc;
	f->dossier_id = s.d.id;
	f->dossier_code = s.d.code;
	f->dossier_confirmed = desk;
	if (!desk && c->who && (c->who->roles & ROLE_CITIZEN)) {
		int verdict;
		if ((rc = svcd_access(db, c->a, c->who, &s, ACCESS_READ, WF_NACTIONS, &verdict)) <
		    0)
			return rc;
		f->dossier_confirmed = verdict == ACCESS_OK;
	}
	if (!(c->in->procedure_code && *c->in->procedure_code) && s.d.procedure_code) {
		f->procedure_code = s.d.procedure_code;
		f->field = s.proc.field.vi ? s.proc.field.vi : "";
	}
	return DB_OK;
}

static int create_links(struct db *db, struct create_ctx *c, struct feedback *f, bool desk)
{
	int rc;
	if (c->in->dossier_code && *c->in->dossier_code && (rc = link_dossier(db, c, f, desk)) < 0)
		return rc;
	if (c->in->procedure_code && *c->in->procedure_code) {
		const char *pcode = code_upper(c->a, c->in->procedure_code);
		rc = repo_feedback_procedure_field(db, c->a, pcode, &f->field);
		if (rc == DB_NOT_FOUND)
			return db_abort(db, ERR_PROCEDURE_NOT_FOUND, "procedure_code", NULL);
		if (rc < 0)
			return rc;
		f->procedure_code = pcode;
	}
	return DB_OK;
}

static int create_txn(struct db *db, void *arg)
{
	struct create_ctx *c = arg;
	struct feedback f = {0};
	const struct svc_feedback_in *in = c->in;
	bool desk = in->channel && strcmp(in->channel, "online");
	int rc = create_links(db, c, &f, desk);
	if (rc < 0)
		return rc;
	int64_t day = cal_local_day(c->now), seq;
	if ((rc = repo_feedback_next_seq(db, day, &seq)) < 0)
		return rc;
	struct cal_date d = cal_civil_from_days(day);
	f.code = arena_printf(c->a, "PA-%04d%02d%02d-%04lld", d.year, d.month, d.day,
			      (long long)seq);
	f.code_day = day;
	f.code_seq = seq;
	char kh[EVENT_HASH_HEX + 1];
	key_hash(c->key, kh);
	f.key_hash = arena_strdup(c->a, kh);
	f.channel = desk ? in->channel : "online";
	f.state = "received";
	f.category = "";
	f.sender_name = in->sender_name;
	f.sender_email = in->sender_email ? in->sender_email : "";
	f.sender_phone = in->sender_phone ? in->sender_phone : "";
	f.sender_address = in->sender_address ? in->sender_address : "";
	bool citizen = c->who && (c->who->roles & ROLE_CITIZEN);
	f.sender_user_id = citizen ? c->who->id : 0;
	f.created_by = desk ? c->who->id : 0;
	f.private_ = in->private_;
	f.personal_data = in->personal_data;
	f.subject = in->subject;
	f.content = in->content;
	f.rating = "";
	f.updated_at = c->now;
	f.received_at = c->now;
	if ((rc = round_deadlines(db, &f, c->now)) < 0)
		return rc;
	struct event e = {
		.at = c->now,
		.actor_id = desk ? c->who->id : 0,
		.actor = desk ? c->who->username : "",
		.action = desk ? "record" : "submit",
		.from_state = "none",
		.to_state = "received",
		.step_due_at = f.answer_due_at,
		.data = data_of(c->a, json_pack("{s:s,s:s}", "channel", f.channel, "dossier",
						f.dossier_code ? f.dossier_code : "")),
	};
	(void)append(db, c->a, &f, &e);
	if ((rc = repo_feedback_insert(db, &f, &f.id)) < 0 ||
	    (rc = repo_feedback_event_insert(db, f.id, &e)) < 0)
		return rc;
	const char *body = arena_printf(
		c->a,
		"Kính gửi Ông/Bà %s,\n\nCơ quan đã tiếp nhận phản ánh, kiến nghị của Ông/Bà: "
		"\"%s\".\nMã phản ánh: %s\nTra cứu, bổ sung thông tin và đánh giá câu trả lời tại: "
		"%s/#/feedback/track/%s?k=%s\n",
		f.sender_name, f.subject, f.code, public_base(c->a, c->cfg), f.code, c->key);
	if ((rc = mail_sender(db, c->cfg, &f, arena_printf(c->a, "feedback:%s:received", f.code),
			      arena_printf(c->a, "Đã tiếp nhận phản ánh, kiến nghị %s", f.code),
			      body, c->now)) < 0)
		return rc;
	/* The sender's view, as the tracking page reads it: the deadlines
	 * that run now, not the answer's alone. */
	struct event *ev = arena_alloc(c->a, sizeof *ev);
	*ev = e;
	*c->out = (struct svc_feedback_view){.f = f, .events = ev, .nevents = 1};
	allowed_of(c->out, FB_SENDER, 0, c->cfg->v.feedback_max_raises);
	deadlines_now(db, c->out, c->now);
	return DB_OK;
}

struct svc_result svc_feedback_create(struct db *db, const struct config *cfg, struct arena *a,
				      const struct svc_actor *who, struct svc_feedback_in *in,
				      struct svc_feedback_view *out, const char **key)
{
	if (who && who->id == 0)
		who = NULL;
	bool desk = in->channel && strcmp(in->channel, "online");
	struct svc_result t = trim_texts(a, in);
	if (t.code != ERR_NONE)
		return t;
	if (in->channel && !fb_channel_valid(in->channel))
		return svc_fail(ERR_FIELD_INVALID, "channel",
				"online, phone, letter, in_person or email");
	if (desk && !(who && (who->roles & (ROLE_RECEIVER | ROLE_OFFICE))))
		return svc_fail(ERR_FORBIDDEN, "channel",
				"only the desk or the Office records items of other channels");
	/* The desk records what it received by phone, letter, in person or
	 * e-mail, as itself: never an anonymous online item it could not open
	 * again. */
	if (!desk && who && (who->roles & (ROLE_RECEIVER | ROLE_OFFICE)))
		return svc_fail(ERR_FIELD_INVALID, "channel",
				"the desk records phone, letter, in_person or email");
	if (in->sender_email && *in->sender_email && !svc_mail_address_ok(in->sender_email))
		return svc_fail(ERR_FIELD_INVALID, "sender_email", "an e-mail address");
	if (!desk && in->ip) {
		struct svc_result r =
			svc_rate_limit(db, cfg, SVC_LIMIT_FEEDBACK, in->ip, &in->retry_after);
		if (r.code != ERR_NONE)
			return r;
	}
	unsigned char raw[SVC_FEEDBACK_KEY_HEX / 2];
	randombytes_buf(raw, sizeof raw);
	char *k = arena_alloc(a, SVC_FEEDBACK_KEY_HEX + 1);
	text_hex(raw, sizeof raw, k);
	struct create_ctx c = {cfg, a, who, in, out, k, clock_now_ms()};
	struct svc_result r = svc_txn_result(db, db_run_txn(db, create_txn, &c, DB_TXN_ATTEMPTS));
	*key = r.code == ERR_NONE ? k : NULL;
	return r;
}

/* ---- reading ---- */

static int load_view(struct db *db, struct arena *a, const char *code,
		     struct svc_feedback_view *out)
{
	memset(out, 0, sizeof *out);
	int rc = repo_feedback_by_code(db, a, code, &out->f);
	if (rc < 0)
		return rc;
	return repo_feedback_events_of(db, a, out->f.id, &out->events, &out->nevents);
}

/* Due soon or overdue, from the agency's calendar. */
static void warn_of(struct db *db, struct svc_feedback_view *v, int64_t now,
		    struct svc_calendar *cal)
{
	(void)db;
	v->nrunning = running_of(&v->f, v->running);
	/* The inbox's: the earliest one missed that must not be, else the
	 * nearest still ahead. */
	const struct svc_fb_deadline *pick = NULL;
	for (size_t i = 0; i < v->nrunning; i++) {
		struct svc_fb_deadline *d = &v->running[i];
		d->overdue = cal_is_overdue(now, d->due_at);
		bool soon = false;
		if (!d->overdue && cal &&
		    cal_is_due_soon(cal->cal, cal->hours, now, d->due_at, &soon) == 0)
			d->due_soon = soon;
		if (d->overdue && d->must && (!pick || !pick->overdue || d->due_at < pick->due_at))
			pick = d;
		else if (!d->overdue && (!pick || (!pick->overdue && d->due_at < pick->due_at)))
			pick = d;
	}
	if (!pick)
		return;
	v->due_at = pick->due_at;
	v->due_kind = pick->kind;
	v->overdue = pick->overdue;
	v->due_soon = pick->due_soon;
}

/* warn_of() with the agency's calendar, read now. */
static void deadlines_now(struct db *db, struct svc_feedback_view *v, int64_t now)
{
	struct svc_calendar cal;
	bool have = svc_calendar_get(db, 0, &cal) == DB_OK;
	warn_of(db, v, now, have ? &cal : NULL);
	if (have)
		svc_calendar_put(&cal);
}

/* Whether the sender raised the item as often as feedback.max_raises
 * allows (max_raises 0: no limit applies, as for staff). */
static bool raised_enough(const struct feedback *f, int64_t max_raises)
{
	return max_raises > 0 && f->reraised >= max_raises;
}

static void allowed_of(struct svc_feedback_view *v, unsigned roles, int64_t unit_id,
		       int64_t max_raises)
{
	struct fb_item it;
	facts_of(&v->f, &it);
	v->allowed = 0;
	v->raise_limited = false;
	for (int a = 0; a < FB_NACTIONS; a++) {
		struct fb_outcome o;
		const struct fb_action_def *d = fb_action_def((enum fb_action)a);
		if (d->unit_bound && unit_id != v->f.unit_id)
			continue;
		bool cat = a == FB_ASSIGN; /* assign may name the category itself */
		if (fb_apply(&it, (enum fb_action)a, roles, cat, &o) != FB_OK)
			continue;
		if (a == FB_RERAISE && raised_enough(&v->f, max_raises))
			v->raise_limited = true;
		else
			v->allowed |= 1u << a;
	}
}

/* Office, leaders and administrators see every item; a unit's officers
 * those assigned to their unit; the desk those it recorded. */
static bool staff_sees(const struct svc_actor *who, const struct feedback *f)
{
	if (who->roles & (ROLE_OFFICE | ROLE_LEADER))
		return true;
	if ((who->roles & (ROLE_SPECIALIST | ROLE_HEAD)) && f->unit_id &&
	    f->unit_id == who->unit_id)
		return true;
	return (who->roles & ROLE_RECEIVER) && f->created_by == who->id;
}

struct get_ctx {
	struct arena *a;
	const struct svc_actor *who;
	const char *code, *key;
	struct svc_feedback_view *out;
	int64_t max_raises; /* the sender's: feedback.max_raises */
	bool acted;	    /* the reply to an action: shown to its actor, who may no
			     * longer see it (a unit that handed it back) */
	int64_t owner_id;   /* the sender's account (no key): the items it sent */
};

/* The units an item can be assigned to, when the asker may assign it. */
static int units_of(struct db *db, struct arena *a, struct svc_feedback_view *v)
{
	if (!(v->allowed & ((1u << FB_ASSIGN) | (1u << FB_REASSIGN))))
		return DB_OK;
	return repo_feedback_drafting_units(db, a, 0, &v->units, &v->nunits);
}

static int get_txn(struct db *db, void *arg)
{
	struct get_ctx *c = arg;
	int rc = load_view(db, c->a, c->code, c->out);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_FEEDBACK_NOT_FOUND, "code", NULL);
	if (rc < 0)
		return rc;
	if (c->key) {
		char kh[EVENT_HASH_HEX + 1];
		key_hash(c->key, kh);
		if (sodium_memcmp(kh, c->out->f.key_hash, EVENT_HASH_HEX) != 0)
			return db_abort(db, ERR_FEEDBACK_NOT_FOUND, "key", NULL);
		allowed_of(c->out, FB_SENDER, 0, c->max_raises);
	} else if (c->owner_id) {
		/* Sent while logged in: the account is the credential. */
		if (c->out->f.sender_user_id != c->owner_id)
			return db_abort(db, ERR_FEEDBACK_NOT_FOUND, "code", NULL);
		allowed_of(c->out, FB_SENDER, 0, c->max_raises);
	} else {
		if (!c->acted && !staff_sees(c->who, &c->out->f))
			return db_abort(db, ERR_FEEDBACK_NOT_FOUND, "code", NULL);
		allowed_of(c->out, c->who->roles, c->who->unit_id, 0);
		if ((rc = units_of(db, c->a, c->out)) < 0)
			return rc;
	}
	deadlines_now(db, c->out, clock_now_ms());
	return DB_OK;
}

struct svc_result svc_feedback_get(struct db *db, struct arena *a, const struct svc_actor *who,
				   const char *code, struct svc_feedback_view *out)
{
	struct get_ctx c = {a, who, code, NULL, out, 0, false};
	return svc_txn_result(db, db_run_txn(db, get_txn, &c, DB_TXN_ATTEMPTS));
}

struct svc_result svc_feedback_track(struct db *db, const struct config *cfg, struct arena *a,
				     const char *code, const char *key,
				     struct svc_feedback_view *out)
{
	if (!key || strlen(key) != SVC_FEEDBACK_KEY_HEX)
		return svc_fail(ERR_FEEDBACK_NOT_FOUND, "key", NULL);
	struct get_ctx c = {a, NULL, code, key, out, cfg->v.feedback_max_raises, false};
	return svc_txn_result(db, db_run_txn(db, get_txn, &c, DB_TXN_ATTEMPTS));
}

struct svc_result svc_feedback_track_mine(struct db *db, const struct config *cfg, struct arena *a,
					  const struct svc_actor *who, const char *code,
					  struct svc_feedback_view *out)
{
	if (!who || !who->id)
		return svc_fail(ERR_FEEDBACK_NOT_FOUND, "code", NULL);
	struct get_ctx c = {.a = a,
			    .code = code,
			    .out = out,
			    .max_raises = cfg->v.feedback_max_raises,
			    .owner_id = who->id};
	return svc_txn_result(db, db_run_txn(db, get_txn, &c, DB_TXN_ATTEMPTS));
}

struct list_ctx {
	struct arena *a;
	const struct svc_actor *who;
	struct feedback_filter *flt;
	struct svc_feedback_view **out;
	size_t *n;
	int64_t *total;
	int64_t max_raises; /* the sender's own items: feedback.max_raises */
};

static int list_txn(struct db *db, void *arg)
{
	struct list_ctx *c = arg;
	struct feedback *items;
	int rc = repo_feedback_list(db, c->a, c->flt, &items, c->n, c->total);
	if (rc < 0)
		return rc;
	*c->out = arena_zalloc(c->a, (*c->n + 1) * sizeof **c->out);
	struct svc_calendar cal;
	bool have = svc_calendar_get(db, 0, &cal) == DB_OK;
	int64_t now = clock_now_ms();
	for (size_t i = 0; i < *c->n; i++) {
		struct svc_feedback_view *v = &(*c->out)[i];
		v->f = items[i];
		if (c->flt->sender_user_id) {
			allowed_of(v, FB_SENDER, 0, c->max_raises);
			warn_of(db, v, now, have ? &cal : NULL);
		} else if (!c->flt->published_only) {
			allowed_of(v, c->who->roles, c->who->unit_id, 0);
			warn_of(db, v, now, have ? &cal : NULL);
		}
	}
	if (have)
		svc_calendar_put(&cal);
	return DB_OK;
}

struct svc_result svc_feedback_list(struct db *db, struct arena *a, const struct svc_actor *who,
				    struct feedback_filter *flt, struct svc_feedback_view **out,
				    size_t *n, int64_t *total)
{
	/* As staff_sees(): a unit's officers their unit's, the desk the items
	 * it recorded (DOMAIN.md 15: those received at their desk). */
	if (!flt->published_only && !(who->roles & (ROLE_OFFICE | ROLE_LEADER))) {
		bool unit = (who->roles & (ROLE_SPECIALIST | ROLE_HEAD)) && who->unit_id;
		flt->unit_id = unit ? who->unit_id : -1;
		flt->created_by = (who->roles & ROLE_RECEIVER) ? who->id : -1;
	}
	if (flt->procedure_code)
		flt->procedure_code = code_upper(a, flt->procedure_code);
	flt->sender_user_id = 0;
	struct list_ctx c = {a, who, flt, out, n, total, 0};
	return svc_txn_result(db, db_run_txn(db, list_txn, &c, DB_TXN_ATTEMPTS));
}

struct svc_result svc_feedback_mine(struct db *db, const struct config *cfg, struct arena *a,
				    const struct svc_actor *who, struct feedback_filter *flt,
				    struct svc_feedback_view **out, size_t *n, int64_t *total)
{
	struct feedback_filter mine = {.sender_user_id = who->id ? who->id : -1,
				       .limit = flt->limit,
				       .offset = flt->offset};
	*flt = mine;
	struct list_ctx c = {a, who, flt, out, n, total, cfg->v.feedback_max_raises};
	return svc_txn_result(db, db_run_txn(db, list_txn, &c, DB_TXN_ATTEMPTS));
}

/* ---- acting ---- */

struct act_ctx {
	const struct config *cfg;
	struct arena *a;
	const struct svc_actor *who; /* NULL: the sender with the key */
	const char *code, *key;
	enum fb_action action;
	const struct svc_feedback_act_in *in;
	struct svc_feedback_view *out;
	int64_t unit_id; /* assign: resolved before the transaction's checks */
	int64_t now;
	int64_t owner_id; /* the sender by its account instead of the key */
};

static int refuse_fb(struct db *db, int err)
{
	switch (err) {
	case FB_E_ROLE:
		return db_abort(db, ERR_FEEDBACK_FORBIDDEN, NULL, fb_error_text(err));
	case FB_E_INFO_TWICE:
		return db_abort(db, ERR_FEEDBACK_INFO_TWICE, NULL, NULL);
	case FB_E_PRIVATE:
		return db_abort(db, ERR_FEEDBACK_PRIVATE, NULL, NULL);
	case FB_E_RATED:
		return db_abort(db, ERR_FEEDBACK_RATED, NULL, NULL);
	case FB_E_NO_CATEGORY:
	case FB_E_OUT_OF_SCOPE:
		return db_abort(db, ERR_FIELD_MISSING, "category", fb_error_text(err));
	default:
		return db_abort(db, ERR_FEEDBACK_STATE, NULL, fb_error_text(err));
	}
}

/* The clock stops while the sender is asked; at the reply the answer's
 * deadline moves by the office time it waited (a pause of cal_due()). */
static int resume_clock(struct db *db, struct feedback *f, int64_t now)
{
	struct cal_pause p = {f->paused_at, now};
	int rc = due_of(db, round_start(f), fb_deadline_days[FB_DL_ANSWER], &p, 1,
			&f->answer_due_at);
	f->paused_at = 0;
	return rc;
}

/* The answer is sent: by e-mail, and the tracking page shows it. */
static int send_answer(struct db *db, struct act_ctx *c, struct feedback *f)
{
	/* The key is kept only as its hash: the sender types it on the page. */
	const char *base = public_base(c->a, c->cfg);
	const char *body = arena_printf(
		c->a,
		"Kính gửi Ông/Bà %s,\n\nCơ quan trả lời phản ánh, kiến nghị %s (\"%s\") như "
		"sau:\n\n"
		"%s\n\n"
		"Để xem và đánh giá câu trả lời, mở trang %s/#/feedback/track, nhập mã phản ánh %s "
		"và mã tra cứu được cấp khi gửi phản ánh (trong thư xác nhận tiếp nhận). Nếu "
		"Ông/Bà "
		"gửi khi đã đăng nhập, phản ánh có trong mục \"Phản ánh của tôi\": "
		"%s/#/feedback/mine\n\n"
		"To read and rate the answer, open %s/#/feedback/track and enter the code %s and "
		"the "
		"tracking key given when the feedback was sent (in the acknowledgement e-mail); "
		"sent "
		"while logged in, it is under \"My feedback\".\n",
		f->sender_name, f->code, f->subject, f->answer, base, f->code, base, base, f->code);
	return mail_sender(
		db, c->cfg, f,
		arena_printf(c->a, "feedback:%s:answer:%lld", f->code, (long long)f->nevents),
		arena_printf(c->a, "Trả lời phản ánh, kiến nghị %s", f->code), body, c->now);
}

/* Marking personal data (the Office, at any step before publishing) and
 * publishing, with the text to publish when the Office took personal data
 * out of the sender's: both recorded in the event. */
static int apply_publication(struct db *db, struct act_ctx *c, struct feedback *f, json_t *data)
{
	const struct svc_feedback_act_in *in = c->in;
	if (c->action == FB_PUBLISH) {
		f->published_at = c->now;
		if (in->published_content) {
			f->published_content = in->published_content;
			json_object_set_new(data, "published_content",
					    json_string(in->published_content));
		}
		return DB_OK;
	}
	f->personal_data = in->personal_data != 0;
	json_object_set_new(data, "personal_data", json_boolean(f->personal_data));
	/* Unmarked once answered: publication is due again from the answer. */
	if (!strcmp(f->state, "answered") && !f->private_ && !f->personal_data &&
	    !f->publish_due_at)
		return due_of(db, f->answered_at, fb_deadline_days[FB_DL_PUBLISH], NULL, 0,
			      &f->publish_due_at);
	if (f->personal_data)
		f->publish_due_at = 0;
	return DB_OK;
}

/* What the action changes on the row, besides the state. */
static int apply_fields(struct db *db, struct act_ctx *c, struct feedback *f,
			const struct fb_outcome *o, json_t *data)
{
	const struct svc_feedback_act_in *in = c->in;
	int rc = DB_OK;
	if (in->category && (c->action == FB_CLASSIFY || c->action == FB_ASSIGN)) {
		f->category = in->category;
		json_object_set_new(data, "category", json_string(in->category));
	}
	if (c->action == FB_CLASSIFY && in->personal_data >= 0) {
		f->personal_data = in->personal_data != 0;
		json_object_set_new(data, "personal_data", json_boolean(f->personal_data));
	}
	switch (c->action) {
	case FB_REFUSE:
		f->category = "out_of_scope";
		json_object_set_new(data, "category", json_string(f->category));
		break;
	case FB_REQUEST_INFO:
		f->info_requested = true;
		f->paused_at = c->now;
		break;
	case FB_REPLY:
		rc = resume_clock(db, f, c->now);
		json_object_set_new(data, "due_at", json_integer(f->answer_due_at));
		break;
	case FB_ASSIGN:
		f->unit_id = c->unit_id;
		json_object_set_new(data, "unit", json_string(in->unit_code));
		break;
	case FB_REASSIGN:
		json_object_set_new(data, "from_unit", json_string(f->unit_code));
		f->unit_id = c->unit_id;
		json_object_set_new(data, "unit", json_string(in->unit_code));
		break;
	case FB_CONFIRM_DOSSIER:
		/* From now on the item counts against the dossier (766.5.4). */
		f->dossier_confirmed = true;
		json_object_set_new(data, "dossier", json_string(f->dossier_code));
		break;
	case FB_HAND_BACK:
		/* Back to the Office, deadlines unchanged: it assigns it again. */
		json_object_set_new(data, "unit", json_string(f->unit_code));
		f->unit_id = 0;
		break;
	case FB_DRAFT:
		/* The text in the hash-chained history: audit verify compares. */
		f->answer = in->answer;
		json_object_set_new(data, "answer", json_string(in->answer));
		break;
	case FB_APPROVE: {
		char h[EVENT_HASH_HEX + 1];
		key_hash(f->answer ? f->answer : "", h);
		json_object_set_new(data, "answer_sha256", json_string(h));
		f->answered_at = c->now;
		if (!f->private_ && !f->personal_data)
			rc = due_of(db, c->now, fb_deadline_days[FB_DL_PUBLISH], NULL, 0,
				    &f->publish_due_at);
		break;
	}
	case FB_PUBLISH:
	case FB_MARK_PERSONAL:
		rc = apply_publication(db, c, f, data);
		break;
	case FB_RATE:
		f->rating = in->rating;
		json_object_set_new(data, "rating", json_string(in->rating));
		break;
	case FB_RERAISE:
		f->reraised++;
		f->info_requested = false;
		f->paused_at = 0;
		f->rating = "";
		f->answered_at = 0;
		f->publish_due_at = 0;
		/* Off the public page (it has no answer date now) until answered
		 * and published again; the earlier answer stays the sender's. */
		f->published_at = 0;
		f->published_content = "";
		/* received_at keeps the first receipt; the round starts now. */
		f->raised_at = c->now;
		rc = round_deadlines(db, f, c->now);
		break;
	default:
		break;
	}
	(void)o;
	return rc;
}

/* An item goes only to a unit with an officer who may draft its answer
 * (else it would wait there for nobody), and a re-assignment to another. */
static int unit_can_draft(struct db *db, struct act_ctx *c)
{
	struct unit *u;
	size_t n;
	int rc = repo_feedback_drafting_units(db, c->a, c->unit_id, &u, &n);
	if (rc < 0)
		return rc;
	if (!n)
		return db_abort(db, ERR_FEEDBACK_UNIT_NO_DRAFTER, "unit",
				arena_printf(c->a, "%s has no specialist or head of unit",
					     c->in->unit_code));
	if (c->action == FB_REASSIGN && c->unit_id == c->out->f.unit_id)
		return db_abort(db, ERR_FIELD_INVALID, "unit",
				"another unit than the one in charge");
	return DB_OK;
}

/* The input an action needs, checked before the table (a missing note
 * names the field). */
static int check_input(struct db *db, struct act_ctx *c, const struct fb_action_def *d)
{
	const struct svc_feedback_act_in *in = c->in;
	if (d->note && blank(in->note))
		return db_abort(db, ERR_FIELD_MISSING, "note", NULL);
	if ((d->needs & FB_NEED_CATEGORY) && !in->category)
		return db_abort(db, ERR_FIELD_MISSING, "category", NULL);
	if (in->category && !fb_category_valid(in->category))
		return db_abort(db, ERR_FIELD_INVALID, "category",
				"regulation, conduct or out_of_scope");
	if (c->action == FB_ASSIGN && in->category && !strcmp(in->category, "out_of_scope"))
		return db_abort(db, ERR_FIELD_INVALID, "category",
				"regulation or conduct: refuse an item out of scope");
	if ((d->needs & FB_NEED_UNIT) && !(in->unit_code && *in->unit_code))
		return db_abort(db, ERR_FIELD_MISSING, "unit", NULL);
	if ((d->needs & FB_NEED_PERSONAL) && in->personal_data < 0)
		return db_abort(db, ERR_FIELD_MISSING, "personal_data", "true or false");
	if (c->action == FB_PUBLISH && in->published_content && blank(in->published_content))
		return db_abort(db, ERR_FIELD_INVALID, "published_content",
				"the text to publish, or leave it out to publish the item as sent");
	if ((d->needs & FB_NEED_ANSWER) && blank(in->answer))
		return db_abort(db, ERR_FIELD_MISSING, "answer", NULL);
	if ((d->needs & FB_NEED_RATING) && !(in->rating && (!strcmp(in->rating, "satisfied") ||
							    !strcmp(in->rating, "dissatisfied"))))
		return db_abort(db, in->rating ? ERR_FIELD_INVALID : ERR_FIELD_MISSING, "rating",
				"satisfied or dissatisfied");
	if (d->needs & FB_NEED_UNIT) {
		struct unit u;
		int rc = repo_unit_by_code(db, c->a, in->unit_code, &u);
		if (rc == DB_NOT_FOUND)
			return db_abort(db, ERR_UNIT_NOT_FOUND, "unit", NULL);
		if (rc < 0)
			return rc;
		c->unit_id = u.id;
		return unit_can_draft(db, c);
	}
	return DB_OK;
}

static int act_txn(struct db *db, void *arg)
{
	struct act_ctx *c = arg;
	struct get_ctx g = {c->a,   c->who,	c->code,
			    c->key, c->out,	c->cfg->v.feedback_max_raises,
			    false,  c->owner_id};
	int rc = get_txn(db, &g);
	if (rc < 0)
		return rc;
	struct feedback *f = &c->out->f;
	const struct fb_action_def *d = fb_action_def(c->action);
	if ((rc = check_input(db, c, d)) < 0)
		return rc;
	struct fb_item it;
	facts_of(f, &it);
	unsigned roles = c->who ? c->who->roles : FB_SENDER;
	struct fb_outcome o;
	int err = fb_apply(&it, c->action, roles, c->in->category != NULL, &o);
	if (err != FB_OK)
		return refuse_fb(db, err);
	/* A public input is bounded: raised again at most feedback.max_raises
	 * times; beyond, nothing changes. */
	if (c->action == FB_RERAISE && raised_enough(f, c->cfg->v.feedback_max_raises))
		return db_abort(db, ERR_FEEDBACK_RAISE_LIMIT, NULL,
				arena_printf(c->a, "raised again %lld times, the most allowed",
					     (long long)f->reraised));
	if (d->unit_bound && c->who->unit_id != f->unit_id)
		return db_abort(db, ERR_FEEDBACK_FORBIDDEN, NULL,
				"only officers of the unit in charge draft the answer");
	int64_t old = f->nevents;
	const char *from = f->state;
	json_t *data = json_object();
	/* Judged against the deadline as it stood before the action. */
	int64_t due = deadline_of(f, o.deadline);
	const char *tl = "";
	if (o.deadline != FB_DL_NONE && due) {
		bool late = c->now > due;
		tl = late ? "late" : "on_time";
		f->late = f->late || late;
	}
	if ((rc = apply_fields(db, c, f, &o, data)) < 0) {
		json_decref(data);
		return rc;
	}
	f->state = fb_state_name(o.to);
	f->updated_at = c->now;
	struct event e = {
		.at = c->now,
		.actor_id = c->who ? c->who->id : 0,
		.actor = c->who ? c->who->username : "",
		.action = fb_action_name(c->action),
		.from_state = from,
		.to_state = f->state,
		.step_due_at = due,
		.timeliness = tl,
		.note = c->in->note ? c->in->note : "",
		.data = data_of(c->a, json_object_size(data) ? data : (json_decref(data), NULL)),
	};
	if ((rc = append(db, c->a, f, &e)) < 0 || (rc = repo_feedback_update(db, f, old)) < 0)
		return rc;
	if (o.sends && (rc = send_answer(db, c, f)) < 0)
		return rc;
	/* The reply shows the item as it is now. */
	g.acted = true;
	return get_txn(db, &g);
}

struct svc_result svc_feedback_act(struct db *db, const struct config *cfg, struct arena *a,
				   const struct svc_actor *who, const char *code,
				   enum fb_action action, const struct svc_feedback_act_in *in,
				   struct svc_feedback_view *out)
{
	const struct fb_action_def *d = fb_action_def(action);
	if (!d || (d->roles == FB_SENDER))
		return svc_fail(ERR_FEEDBACK_ACTION_UNKNOWN, "action", NULL);
	struct act_ctx c = {cfg, a, who, code, NULL, action, in, out, 0, clock_now_ms()};
	return svc_txn_result(db, db_run_txn(db, act_txn, &c, DB_TXN_ATTEMPTS));
}

struct svc_result svc_feedback_sender(struct db *db, const struct config *cfg, struct arena *a,
				      const char *code, const char *key, int64_t owner_id,
				      enum fb_action action, const struct svc_feedback_act_in *in,
				      struct svc_feedback_view *out)
{
	const struct fb_action_def *d = fb_action_def(action);
	if (!d || d->roles != FB_SENDER || action == FB_SUBMIT)
		return svc_fail(ERR_FEEDBACK_ACTION_UNKNOWN, "action", NULL);
	if (owner_id)
		key = NULL;
	else if (!key || strlen(key) != SVC_FEEDBACK_KEY_HEX)
		return svc_fail(ERR_FEEDBACK_NOT_FOUND, "key", NULL);
	struct act_ctx c = {cfg, a, NULL, code, key, action, in, out, 0, clock_now_ms(), owner_id};
	return svc_txn_result(db, db_run_txn(db, act_txn, &c, DB_TXN_ATTEMPTS));
}

/* ---- audit ---- */

/* What the history says a field holds: its value, or unknown (an event of
 * an older version that did not record it), and the event that set it. */
struct said {
	char v[EVENT_HASH_HEX + 1];
	bool known;
	int64_t seq;
};

static void say(struct said *s, const char *v, int64_t seq)
{
	s->known = v != NULL;
	snprintf(s->v, sizeof s->v, "%s", v ? v : "");
	s->seq = seq;
}

/* Folds one event into what the history says of the answer (its SHA-256),
 * the rating and the category. Values set by the code whatever the version
 * (created with none, refused out of scope, raised again unrated) are known
 * without data. */
static void said_of(const struct event *e, struct said *ans, struct said *rating, struct said *cat)
{
	json_t *d = json_loads(e->data ? e->data : "{}", 0, NULL);
	const char *a = e->action;
	const char *v;
	if (!strcmp(a, "draft")) {
		char h[EVENT_HASH_HEX + 1];
		v = json_string_value(json_object_get(d, "answer"));
		if (v)
			key_hash(v, h);
		say(ans, v ? h : NULL, e->seq);
	} else if (!strcmp(a, "approve")) {
		v = json_string_value(json_object_get(d, "answer_sha256"));
		if (v)
			say(ans, v, e->seq);
	} else if (!strcmp(a, "rate")) {
		say(rating, json_string_value(json_object_get(d, "rating")), e->seq);
	} else if (!strcmp(a, "reraise")) {
		say(rating, "", e->seq);
	} else if (!strcmp(a, "refuse")) {
		say(cat, "out_of_scope", e->seq);
	} else if ((v = json_string_value(json_object_get(d, "category"))) != NULL) {
		say(cat, v, e->seq);
	}
	json_decref(d);
}

bool svc_feedback_history_matches(const struct feedback *f, const struct event *ev, size_t n,
				  char *why, size_t whylen)
{
	struct said ans = {"", false, 0}, rating = {"", true, 1}, cat = {"", true, 1};
	for (size_t i = 0; i < n; i++)
		said_of(&ev[i], &ans, &rating, &cat);
	char h[EVENT_HASH_HEX + 1];
	key_hash(f->answer ? f->answer : "", h);
	const struct {
		const struct said *said;
		const char *row, *name;
	} chk[] = {{&ans, h, "answer"},
		   {&rating, f->rating ? f->rating : "", "rating"},
		   {&cat, f->category ? f->category : "", "category"}};
	for (size_t i = 0; i < sizeof chk / sizeof chk[0]; i++)
		if (chk[i].said->known && strcmp(chk[i].row, chk[i].said->v)) {
			snprintf(why, whylen,
				 "its %s is not the one its history records (event #%lld)",
				 chk[i].name, (long long)chk[i].said->seq);
			return false;
		}
	return true;
}
