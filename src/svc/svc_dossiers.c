/* The dossier lifecycle's writes: receipt at the desk and online submission
 * (with the code from the unit's day counter and the due times from the
 * working calendar), and every later action through the one transition
 * table of core/workflow.c. Each use case is one transaction that also
 * appends the action's hash-chained event; anything refused changes nothing.
 * Layer: svc. */
#include <string.h>

#include <sodium.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/log.h"
#include "base/text.h"
#include "core/dossier_code.h"
#include "core/ident.h"
#include "core/roles.h"
#include "repo/repo_documents.h"
#include "svc/svc_documents.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_forms.h"
#include "svc/svc_identity.h"
#include "svc/svc_payments_impl.h"

#define HOUR_MS 3600000LL

void svcd_event_hash(const struct event *e, char out[EVENT_HASH_HEX + 1])
{
	struct buf b = BUF_INIT;
	event_canonical(e, &b);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)b.p, b.len);
	text_hex(h, sizeof h, out);
	buf_release(&b);
}

void svcd_chain_event(struct arena *a, struct dossier *d, struct event *e)
{
	char h[EVENT_HASH_HEX + 1];
	e->dossier = d->code;
	e->seq = d->nevents + 1;
	e->prev_hash = d->nevents ? d->last_hash : event_genesis_hash;
	svcd_event_hash(e, h);
	e->hash = arena_strdup(a, h);
	d->nevents++;
	d->last_hash = e->hash;
}

int svcd_append_event(struct db *db, struct arena *a, struct dossier *d, struct event *e)
{
	svcd_chain_event(a, d, e);
	int rc = repo_event_insert(db, d->id, e);
	if (rc == DB_OK)
		db_after_commit(db, svc_track_forget, d->code);
	return rc;
}

/* ---- time limits ---- */

struct cal_limit svcd_step_limit(const struct procedure *p, int64_t step)
{
	int32_t share =
		step >= 1 && (size_t)step <= p->nsteps ? (int32_t)p->steps[step - 1].share : 0;
	if (limit_unit_parse(p->limit_unit) == LIMIT_DAYS)
		return (struct cal_limit){CAL_CALENDAR_DAYS, share};
	return (struct cal_limit){CAL_WORKING_HOURS, share};
}

/* The context every transaction callback here shares. */
struct txn {
	struct arena *a;
	const struct svc_actor *who;
	int64_t now;
	struct unit step_unit; /* the unit enter_step() moved the dossier to */
};

/* Due time through the unit's calendar; calendar failures abort. */
static int due(struct db *db, struct txn *t, int64_t unit_id, int64_t start, struct cal_limit lim,
	       const struct dossier_pause *pauses, size_t npauses, int64_t *out)
{
	/* As many as the dossier has: a fixed array here once dropped every
	 * pause after the 64th and gave an early due time. */
	struct cal_pause *cp = npauses ? arena_alloc(t->a, npauses * sizeof *cp) : NULL;
	size_t n = 0;
	for (size_t i = 0; i < npauses; i++) {
		int64_t to = pauses[i].to_at ? pauses[i].to_at : t->now;
		if (to > pauses[i].from_at)
			cp[n++] = (struct cal_pause){pauses[i].from_at, to};
	}
	int rc = svc_calendar_due(db, unit_id, start, lim, cp, n, out);
	if (rc == DB_ABORT) {
		const char *why = db_aborted(db).detail;
		log_error("due time for unit %lld failed: %s", (long long)unit_id, why ? why : "-");
		return db_abort(db, ERR_DUE_TIME_UNAVAILABLE, NULL, NULL);
	}
	return rc;
}

static int unit_of_step(struct db *db, struct txn *t, const struct procedure *p, int64_t step,
			struct unit *out)
{
	if (step < 1 || (size_t)step > p->nsteps)
		return DB_NOT_FOUND;
	int rc = repo_unit_by_code(db, t->a, p->steps[step - 1].unit, out);
	if (rc == DB_NOT_FOUND) {
		log_error("procedure %s: unit %s of step %lld is gone", p->code,
			  p->steps[step - 1].unit, (long long)step);
		return db_abort(db, ERR_INTERNAL, NULL, "a step's unit does not exist");
	}
	return rc;
}

/* Moves d to step `step` started now: its unit, role and due time. */
static int enter_step(struct db *db, struct txn *t, const struct procedure *p, struct dossier *d,
		      int64_t step)
{
	d->step = step;
	d->step_started_at = t->now;
	d->step_due_at = 0;
	d->step_role = NULL;
	if (step < 1 || (size_t)step > p->nsteps)
		return DB_OK;
	struct unit u;
	int rc = unit_of_step(db, t, p, step, &u);
	if (rc < 0)
		return rc;
	d->step_unit_id = u.id;
	d->step_role = p->steps[step - 1].role;
	t->step_unit = u;
	return due(db, t, u.id, t->now, svcd_step_limit(p, step), NULL, 0, &d->step_due_at);
}

/* Form 01: the clock starts now. */
static int start_clock(struct db *db, struct txn *t, const struct procedure *p, struct dossier *d)
{
	d->received_at = t->now;
	int rc = due(db, t, d->processing_unit_id, t->now,
		     limit_to_cal(p->limit_unit, p->limit_value), NULL, 0, &d->due_at);
	if (rc < 0)
		return rc;
	rc = enter_step(db, t, p, d, p->nsteps ? 1 : 0);
	d->assignee_id = t->who->id; /* the receiving officer holds the desk step */
	return rc;
}

/* The dossier's timeliness at the end of processing (DOMAIN.md 5 and 8):
 * late if it counts as late (second supplement, extension), else by date
 * against the due time (pauses included, the extension not). */
const char *svcd_timeliness(const struct dossier *d, int64_t now)
{
	if (!d->received_at || !d->due_at)
		return NULL;
	if (d->counts_late)
		return "late";
	switch (cal_classify(now, d->due_at)) {
	case CAL_EARLY:
		return "early";
	case CAL_ON_TIME:
		return "on_time";
	case CAL_LATE:
		break;
	}
	return "late";
}

/* ---- input checks (no database) ---- */

static bool text_ok(const char *s, size_t max)
{
	return s && text_utf8_valid(s, strlen(s)) && text_utf8_len(s) <= max;
}

static struct svc_result check_party(struct arena *a, const struct dossier_party *p,
				     const char *prefix)
{
#define F(name) arena_printf(a, "%s.%s", prefix, name)
	if (!p->kind)
		return svc_fail(ERR_FIELD_MISSING, F("kind"), NULL);
	bool person = !strcmp(p->kind, "person");
	if (!person && strcmp(p->kind, "organisation"))
		return svc_fail(ERR_FIELD_INVALID, F("kind"), "person or organisation");
	if (!p->name || !*p->name)
		return svc_fail(ERR_FIELD_MISSING, F("name"), NULL);
	if (!text_ok(p->name, 200))
		return svc_fail(ERR_FIELD_INVALID, F("name"), "at most 200 characters");
	if (person) {
		if (!p->id_number)
			return svc_fail(ERR_FIELD_MISSING, F("id_number"), NULL);
		enum ident_verdict v = ident_id_number_check(p->id_number);
		if (v != IDENT_OK)
			return svc_fail(ERR_FIELD_INVALID, F("id_number"),
					ident_verdict_text(v, false));
		if (p->tax_code)
			return svc_fail(ERR_FIELD_INVALID, F("tax_code"),
					"a person is identified by id_number");
	} else {
		if (!p->tax_code)
			return svc_fail(ERR_FIELD_MISSING, F("tax_code"), NULL);
		enum ident_verdict v = ident_tax_code_check(p->tax_code, NULL);
		if (v != IDENT_OK)
			return svc_fail(ERR_FIELD_INVALID, F("tax_code"),
					ident_verdict_text(v, true));
		/* The organisation's legal representative, if given. */
		v = p->id_number ? ident_id_number_check(p->id_number) : IDENT_OK;
		if (v != IDENT_OK)
			return svc_fail(ERR_FIELD_INVALID, F("id_number"),
					ident_verdict_text(v, false));
	}
	if (p->address && !text_ok(p->address, 500))
		return svc_fail(ERR_FIELD_INVALID, F("address"), "at most 500 characters");
	if (p->phone) {
		size_t n = strlen(p->phone);
		bool good = n >= 6 && n <= 20;
		for (size_t i = 0; good && i < n; i++)
			good = (p->phone[i] >= '0' && p->phone[i] <= '9') || p->phone[i] == '+' ||
			       p->phone[i] == ' ' || p->phone[i] == '.';
		if (!good)
			return svc_fail(ERR_FIELD_INVALID, F("phone"), "6 to 20 digits");
	}
	if (p->email && (!text_ok(p->email, 200) || !strchr(p->email, '@')))
		return svc_fail(ERR_FIELD_INVALID, F("email"), "an e-mail address");
	return svc_ok();
#undef F
}

static bool one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

static const char *const component_statuses[] = {"paper", "uploaded", "missing", "not_applicable",
						 NULL};

/* ---- receipt and online submission ---- */

struct create_ctx {
	struct txn t;
	const struct svc_receipt *in;
	enum wf_action action;
	const char *code;
	int form;
	struct svc_dossier *out; /* the reply, filled from what the transaction wrote */
	/* Read and decided before the write transaction (create_prepare()): */
	struct procedure p;
	struct unit processing, receiving, step_unit;
	struct dossier_component *comps;
	int64_t *coord;
	struct wf_outcome o;
	struct dossier d; /* everything but the code, its id and its history */
	const char *event_data;
	struct svcup_component *files; /* online: each component's files (svc_uploads.c) */
	struct svc_queue_link ticket;  /* at the desk: the visit's queue ticket, if any */
};

/* The unit that receives dossiers of p: its first step's (the desk of
 * its internal process), else its own. */
static const char *receiving_unit_of(const struct procedure *p)
{
	return p->nsteps ? p->steps[0].unit : p->unit;
}

/* May the receiving officer receive a dossier of p at their desk
 * (core/access.h access_receive())? DB_ABORT with NOT_RECEIVING_DESK if
 * not. */
static int may_receive(struct db *db, struct txn *t, const struct procedure *p)
{
	struct unit desk;
	int rc = repo_unit_by_code(db, t->a, receiving_unit_of(p), &desk);
	if (rc < 0)
		return rc == DB_NOT_FOUND ? db_abort(db, ERR_INTERNAL, NULL, "no receiving unit")
					  : rc;
	int64_t *desks;
	size_t n;
	if ((rc = svcd_desks(db, t->a, desk.id, &desks, &n)) < 0)
		return rc;
	const struct svc_actor *who = t->who;
	struct access_actor act = {who->id, who->roles, who->unit_id, NULL, NULL, NULL};
	if (access_receive(&act, desks, n) == ACCESS_OK)
		return DB_OK;
	log_warn("receipt refused: user=%s receives %s, which is received at %s", who->username,
		 p->code, desk.code);
	return db_abort(db, ERR_NOT_RECEIVING_DESK, "procedure_code",
			arena_printf(t->a, "received at %s", desk.code));
}

/* Submitted (again): the receivers check it; acceptance is due within 8
 * working hours. */
static int await_acceptance(struct db *db, struct txn *t, const struct procedure *p,
			    struct dossier *d, int64_t step)
{
	d->submitted_at = t->now;
	d->assignee_id = 0;
	int rc = enter_step(db, t, p, d, step);
	if (rc == DB_OK)
		rc = due(db, t, d->step_unit_id, t->now, (struct cal_limit){CAL_WORKING_HOURS, 8},
			 NULL, 0, &d->step_due_at);
	return rc;
}

/* The effects of a creating action on the new dossier d (its components
 * were checked by create_prepare()). */
static int create_effects(struct db *db, struct txn *t, const struct procedure *p,
			  const struct wf_outcome *o, struct dossier *d)
{
	int rc = DB_OK;
	for (int i = 0; i < o->neffects && rc >= 0; i++) {
		switch (o->effects[i]) {
		case WF_FX_START_CLOCK:
			rc = start_clock(db, t, p, d);
			break;
		case WF_FX_AWAIT_ACCEPTANCE:
			rc = await_acceptance(db, t, p, d, o->step);
			break;
		case WF_FX_HOLD_AT_DESK:
			rc = enter_step(db, t, p, d, p->nsteps ? 1 : 0);
			d->step_due_at = 0; /* the clock has not started */
			d->assignee_id = t->who->id;
			break;
		case WF_FX_END:
			d->ended_at = t->now;
			break;
		default: /* nothing to close, time or clear on a new dossier */
			break;
		}
	}
	return rc;
}

/* The components given at creation, checked against version p's: complete
 * for a receipt or a submission, something missing for a supplement
 * request. */
static int create_components(struct db *db, struct create_ctx *c, const struct procedure *p)
{
	struct txn *t = &c->t;
	const struct svc_receipt *in = c->in;
	bool citizen = c->action == WF_SUBMIT;
	if (in->ncomponents != p->ncomponents)
		return db_abort(db, ERR_COMPONENTS_MISMATCH, "components",
				arena_printf(t->a,
					     "the procedure version has %zu components, %zu given",
					     p->ncomponents, in->ncomponents));
	struct dossier_component *comps = arena_zalloc(t->a, (p->ncomponents + 1) * sizeof *comps);
	size_t missing = 0;
	for (size_t i = 0; i < p->ncomponents; i++) {
		const struct svc_component_in *ci = &in->components[i];
		const struct proc_component *pc = &p->components[i];
		if (ci->doc_type && strcmp(ci->doc_type, pc->doc_type))
			return db_abort(
				db, ERR_COMPONENTS_MISMATCH,
				arena_printf(t->a, "components[%zu].doc_type", i),
				arena_printf(t->a, "component %zu is %s", i + 1, pc->doc_type));
		if (!ci->status)
			return db_abort(db, ERR_FIELD_MISSING,
					arena_printf(t->a, "components[%zu].status", i), NULL);
		if (!one_of(ci->status, component_statuses) ||
		    (citizen && !strcmp(ci->status, "paper")))
			return db_abort(db, ERR_FIELD_INVALID,
					arena_printf(t->a, "components[%zu].status", i),
					citizen ? "uploaded, missing or not_applicable online"
						: "paper, uploaded, missing or not_applicable");
		bool absent = !strcmp(ci->status, "missing") ||
			      (!strcmp(ci->status, "not_applicable") && pc->mandatory);
		if (absent)
			missing++;
		if (absent && pc->mandatory && (c->action == WF_RECEIVE || c->action == WF_SUBMIT))
			return db_abort(db, ERR_COMPONENTS_INCOMPLETE,
					arena_printf(t->a, "components[%zu]", i), pc->name.vi);
		/* As stored: the English name is '' rather than NULL. */
		comps[i] = (struct dossier_component){pc->name.vi,   pc->name.en ? pc->name.en : "",
						      pc->copy_type, pc->copies,
						      pc->mandatory, ci->status};
	}
	if (c->action == WF_REQUEST_SUPPLEMENT && missing == 0)
		return db_abort(db, ERR_FIELD_INVALID, "outcome",
				"no component is marked missing: nothing to supplement");
	c->comps = comps;
	return DB_OK;
}

/* Everything a receipt needs to read (the procedure version, the units, the
 * calendars) and decide (the components, the outcome, the due times), on
 * the caller's connection before the write transaction: a new dossier
 * depends on nothing another transaction could change in between but its
 * code, and the writer's lock is held only for the writes. */
static int create_prepare(struct db *db, struct create_ctx *c)
{
	struct txn *t = &c->t;
	const struct svc_receipt *in = c->in;
	bool citizen = c->action == WF_SUBMIT;
	struct procedure *pp = &c->p;
	int rc = repo_proc_get(db, t->a, in->procedure_code, in->version, t->now, pp);
	if (rc == DB_OK && pp->status && strcmp(pp->status, "published"))
		rc = DB_NOT_FOUND;
	if (rc == DB_NOT_FOUND)
		return in->version ? db_abort(db, ERR_VERSION_NOT_FOUND, "version", NULL)
				   : db_abort(db, ERR_PROCEDURE_NOT_FOUND, "procedure_code", NULL);
	if (rc < 0)
		return rc;
	const struct procedure p = *pp;
	if (citizen && !strcmp(p.online_level, "none"))
		return db_abort(db, ERR_PROCEDURE_NOT_ONLINE, "procedure_code", NULL);
	if (!citizen && (rc = may_receive(db, t, &p)) != DB_OK)
		return rc;

	/* The components, in the version's order, with their files online. */
	rc = create_components(db, c, &p);
	if (rc == DB_OK)
		rc = svcup_prepare(db, t->a, t->who, &p, in, &c->files);
	if (rc < 0)
		return rc;

	/* The three places. */
	rc = repo_unit_by_code(db, t->a, p.unit, &c->processing);
	if (rc < 0)
		return rc == DB_NOT_FOUND ? db_abort(db, ERR_INTERNAL, NULL, "no processing unit")
					  : rc;
	if (!citizen && t->who->unit_id) {
		rc = repo_unit_by_id(db, t->a, t->who->unit_id, &c->receiving);
	} else if (p.nsteps) {
		rc = repo_unit_by_code(db, t->a, receiving_unit_of(&p), &c->receiving);
	} else {
		c->receiving = c->processing;
		rc = DB_OK;
	}
	if (rc < 0)
		return rc == DB_NOT_FOUND ? db_abort(db, ERR_INTERNAL, NULL, "no receiving unit")
					  : rc;
	int64_t *coord = arena_zalloc(t->a, (in->ncoordinating + 1) * sizeof *coord);
	for (size_t i = 0; i < in->ncoordinating; i++) {
		struct unit u;
		rc = repo_unit_by_code(db, t->a, in->coordinating[i], &u);
		if (rc == DB_NOT_FOUND)
			return db_abort(db, ERR_UNIT_NOT_FOUND,
					arena_printf(t->a, "coordinating_units[%zu]", i), NULL);
		if (rc < 0)
			return rc;
		for (size_t k = 0; k < i; k++)
			if (coord[k] == u.id)
				return db_abort(db, ERR_FIELD_INVALID,
						arena_printf(t->a, "coordinating_units[%zu]", i),
						"given twice");
		coord[i] = u.id;
	}
	c->coord = coord;

	/* The rules: what this outcome does. */
	struct wf_dossier w = {.state = DOSSIER_NONE, .nsteps = (int)p.nsteps};
	if (wf_apply(&w, c->action, t->who->roles, NULL, &c->o) != WF_OK)
		return db_abort(db, ERR_FORBIDDEN, NULL, NULL);

	struct dossier *d = &c->d;
	memset(d, 0, sizeof *d);
	d->procedure_code = p.code;
	d->procedure_version_id = p.version_id;
	d->code_day = dossier_code_day(t->now);
	d->channel = in->channel;
	d->state = wf_state_name(c->o.to);
	d->receiving_unit_id = c->receiving.id;
	d->processing_unit_id = c->processing.id;
	d->submitter = in->submitter;
	d->owner = in->owner;
	d->applicant_user_id = citizen ? t->who->id : 0;
	d->request_text = in->request_text;
	d->sets = in->sets ? in->sets : 1;
	d->return_method = in->return_method ? in->return_method : "desk";
	d->created_by = t->who->id;
	d->created_at = d->updated_at = t->now;
	d->step_unit_id = c->receiving.id;
	/* As stored: these columns are '' rather than NULL. */
	const char **blank[] = {&d->submitter.address, &d->submitter.phone, &d->submitter.email,
				&d->request_text};
	for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++)
		if (!*blank[i])
			*blank[i] = "";

	rc = create_effects(db, t, &p, &c->o, d);
	/* At the desk, the visit's queue ticket: read here, not under the
	 * unit's day counter (issue 16). */
	if (rc == DB_OK && !citizen)
		rc = svc_queue_link_find(db, t->who->id, &c->ticket);
	if (rc < 0)
		return rc;
	struct svcd_event_data v = {.have = WF_KEY(WF_K_PROCEDURE) | WF_KEY(WF_K_VERSION) |
					    WF_KEY(WF_K_CHANNEL) | WF_KEY(WF_K_MISSING),
				    .procedure = p.code,
				    .version = p.version,
				    .channel = d->channel,
				    .due_at = d->due_at,
				    .components = c->comps,
				    .ncomponents = p.ncomponents};
	if (d->due_at)
		v.have |= WF_KEY(WF_K_DUE_AT);
	if (d->step && t->step_unit.id) { /* enter_step() found it */
		c->step_unit = t->step_unit;
		v.unit = c->step_unit.code;
		v.have |= WF_KEY(WF_K_UNIT);
	}
	c->event_data = svcd_event_data(t->a, c->o.keys, &v);
	return DB_OK;
}

/* The writes: the code from the receiving unit's day counter, the dossier,
 * its first event, the visit's queue ticket. Safe to re-run. */
static int create_txn(struct db *db, void *arg)
{
	struct create_ctx *c = arg;
	struct txn *t = &c->t;
	const struct procedure *p = &c->p;
	struct dossier d = c->d;
	d.id = 0; /* PostgreSQL: taken with the number, so the inserts need no answer */
	int rc = repo_dossier_next_seq(db, c->receiving.id, d.code_day, &d.code_seq, &d.id);
	if (rc < 0)
		return rc;
	char code[DOSSIER_CODE_MAX + 1];
	if (dossier_code_format(c->receiving.ident, t->now, d.code_seq, code, sizeof code) < 0)
		return db_abort(db, ERR_INTERNAL, NULL,
				"the receiving unit's identifier is not usable");
	d.code = c->code = arena_strdup(t->a, code);
	/* The first event's hash needs only the code: the row goes in whole,
	 * already pointing at it, and is not written twice. (A new code has no
	 * tracking reply to drop: unknown codes are never cached.) */
	struct event e = {.at = t->now,
			  .actor_id = t->who->id,
			  .actor = t->who->username,
			  .action = wf_action_name(c->action),
			  .from_state = "",
			  .to_state = d.state,
			  .step_from = 0,
			  .step_to = d.step,
			  .note = c->in->note ? c->in->note : "",
			  .data = c->event_data};
	d.nevents = 0;
	svcd_chain_event(t->a, &d, &e);
	rc = repo_dossier_insert(db, &d, c->comps, p->ncomponents, c->coord, c->in->ncoordinating,
				 &d.id);
	if (rc == DB_OK)
		rc = repo_event_insert_first(db, d.id, &e);
	if (rc == DB_OK && c->o.form)
		rc = svc_form_register(db, t->a, &d, &e, c->o.form);
	if (rc == DB_OK) /* the visit's queue ticket, if any */
		rc = svc_queue_link_new(db, &c->ticket, d.id);
	/* Online: the files attached before submitting become the dossier's. */
	struct event *fev = NULL;
	size_t nfev = 0;
	if (rc == DB_OK && c->files)
		rc = svcup_bind(db, t->a, t->who, &d, p, c->files, t->now, &fev, &nfev);
	/* The fees due at receipt: a payment demand, an event of its own. */
	if (rc == DB_OK && c->o.starts_clock)
		rc = svcpay_on_action(db, t->a, p, &d, t->who, c->action, true, &c->in->fees,
				      t->now);
	if (rc == DB_OK && d.nevents > 1)
		rc = repo_dossier_update(db, &d, 1);
	if (rc < 0)
		return rc;
	c->form = c->o.form;

	/* The reply, from what was just written rather than read back (a
	 * receipt is the busiest write; the read-back was a quarter of it). */
	struct svc_dossier *s = c->out;
	memset(s, 0, sizeof *s);
	d.procedure_version = p->version;
	d.procedure_name_vi = p->name.vi;
	d.procedure_name_en = p->name.en;
	d.assignee = d.assignee_id == t->who->id ? t->who->username : NULL;
	s->d = d;
	s->state = c->o.to;
	s->proc = *p;
	s->receiving_unit = c->receiving;
	s->processing_unit = c->processing;
	if (d.step_unit_id)
		s->step_unit = d.step_unit_id == c->step_unit.id ? c->step_unit : c->receiving;
	s->coordinators = c->in->coordinating;
	s->ncoordinators = c->in->ncoordinating;
	s->components = c->comps;
	s->ncomponents = p->ncomponents;
	s->events = arena_alloc(t->a, (nfev + 1) * sizeof *s->events);
	s->events[0] = e;
	if (nfev)
		memcpy(s->events + 1, fev, nfev * sizeof *fev);
	s->nevents = 1 + nfev;
	s->effective_due_at = d.due_at;
	if (d.step >= 1 && (size_t)d.step <= p->nsteps) {
		s->step_name_vi = p->steps[d.step - 1].name.vi;
		s->step_name_en = p->steps[d.step - 1].name.en;
	}
	return DB_OK;
}

static struct svc_result finish(struct db *db, struct arena *a, const struct svc_actor *who, int rc,
				struct txn *t, const char *code, struct svc_dossier *out, int form)
{
	if (rc < 0)
		return svc_txn_result(db, rc);
	struct svc_result r = svc_dossier_get(db, a, who, code, false, out);
	if (r.code == ERR_NONE)
		out->form = form;
	return r;
}

/* The actions the reply offers are read once the receipt has committed,
 * on the caller's connection: their reads (the officer's desks up the unit
 * tree) were half the statements run while the unit's day counter was
 * held (issue 16). A failure to read them then is a failed reply (503) of
 * a receipt that is saved, as a reply lost on the way would be. */
static struct svc_result finish_create(struct db *db, int rc, struct create_ctx *c)
{
	if (rc == DB_OK)
		rc = svcd_allowed(db, c->t.a, c->out, c->t.who, &c->out->allowed);
	if (rc < 0)
		return svc_txn_result(db, rc);
	c->out->form = c->form;
	return svc_ok();
}

struct svc_result svc_dossier_create(struct db *db, struct arena *a, const struct svc_actor *who,
				     const struct svc_receipt *in0, struct svc_dossier *out)
{
	struct svc_receipt in = *in0;
	bool citizen = (who->roles & ROLE_CITIZEN) && !(who->roles & ROLE_RECEIVER);
	if (!citizen && !(who->roles & ROLE_RECEIVER))
		return svc_fail(ERR_FORBIDDEN, NULL, NULL);
	if (!in.procedure_code || !*in.procedure_code)
		return svc_fail(ERR_FIELD_MISSING, "procedure_code", NULL);
	static const char *const channels[] = {"direct", "online", "post", NULL};
	if (!in.channel)
		in.channel = citizen ? "online" : "direct";
	if (!one_of(in.channel, channels) || (citizen != !strcmp(in.channel, "online")))
		return svc_fail(
			ERR_FIELD_INVALID, "channel",
			citizen ? "online for a submission on the portal"
				: "direct or post at the desk (online dossiers come from the "
				  "portal)");
	enum wf_action action;
	if (citizen) {
		if (in.outcome && strcmp(in.outcome, "submit"))
			return svc_fail(ERR_FIELD_INVALID, "outcome", "submit");
		action = WF_SUBMIT;
	} else if (!in.outcome || !strcmp(in.outcome, "receive")) {
		action = WF_RECEIVE;
	} else if (!strcmp(in.outcome, "request_supplement")) {
		action = WF_REQUEST_SUPPLEMENT;
	} else if (!strcmp(in.outcome, "refuse")) {
		action = WF_REFUSE;
	} else {
		return svc_fail(ERR_FIELD_INVALID, "outcome",
				"receive, request_supplement or refuse");
	}
	struct svc_result r = check_party(a, &in.submitter, "applicant");
	if (r.code != ERR_NONE)
		return r;
	if (in.owner.kind || in.owner.name || in.owner.id_number || in.owner.tax_code) {
		r = check_party(a, &in.owner, "applicant.owner");
		if (r.code != ERR_NONE)
			return r;
	}
	if (citizen) { /* online, one submits as oneself (svc_identity.h) */
		r = svc_identity_check_applicant(db, a, who, &in.submitter);
		if (r.code != ERR_NONE)
			return r;
	}
	if (wf_note_required(action, true) && (!in.note || !*in.note))
		return svc_fail(ERR_FIELD_MISSING, "note", "the reasons for refusal");
	if (in.note && !text_ok(in.note, 4000))
		return svc_fail(ERR_FIELD_INVALID, "note", "at most 4000 characters");
	if (in.request_text && !text_ok(in.request_text, 2000))
		return svc_fail(ERR_FIELD_INVALID, "request", "at most 2000 characters");
	if (in.sets < 0 || in.sets > 100)
		return svc_fail(ERR_FIELD_RANGE, "sets", "1 to 100");
	static const char *const methods[] = {"desk", "post", "online", NULL};
	if (in.return_method && !one_of(in.return_method, methods))
		return svc_fail(ERR_FIELD_INVALID, "return_method", "desk, post or online");
	if (in.ncoordinating > 10)
		return svc_fail(ERR_FIELD_TOO_LONG, "coordinating_units", "at most 10");
	struct create_ctx c = {.t = {.a = a, .who = who, .now = clock_now_ms()},
			       .in = &in,
			       .action = action,
			       .out = out};
	int rc = create_prepare(db, &c);
	if (rc == DB_OK)
		rc = db_run_txn_counter(db, c.receiving.id, create_txn, &c, DB_TXN_ATTEMPTS_HOT);
	if (rc == DB_OK)
		log_info("dossier %s %s by %s", c.code, wf_action_name(action), who->username);
	return finish_create(db, rc, &c);
}

/* ---- actions ---- */

struct act_ctx {
	struct txn t;
	const char *code;
	const struct svc_action *act;
	enum wf_action action;
	int form;
	struct svc_dossier s; /* the dossier, read in the transaction */
	struct wf_outcome o;  /* what the action does to it */
	bool system;	      /* taken for a settled payment: no access check */
};

static enum err_code wf_err(int e)
{
	switch (e) {
	case WF_E_STATE:
		return ERR_ACTION_NOT_ALLOWED;
	case WF_E_ROLE:
		return ERR_ACTION_FORBIDDEN;
	case WF_E_STEP_ROLE:
		return ERR_NOT_YOUR_STEP;
	case WF_E_SUPPLEMENT_TWICE:
		return ERR_SUPPLEMENT_ALREADY_REQUESTED;
	case WF_E_EXTENSION_TWICE:
		return ERR_EXTENSION_ALREADY_REQUESTED;
	case WF_E_EXTENSION_LATE:
		return ERR_EXTENSION_TOO_LATE;
	case WF_E_NO_EXTENSION:
		return ERR_NO_EXTENSION_PENDING;
	case WF_E_NOT_APPROVED:
		return ERR_NOT_APPROVED;
	case WF_E_NO_NEXT_STEP:
		return ERR_NO_NEXT_STEP;
	case WF_E_NO_PREVIOUS_STEP:
		return ERR_NO_PREVIOUS_STEP;
	case WF_E_ASSIGNED:
		return ERR_ALREADY_ASSIGNED;
	case WF_E_UNASSIGNED:
		return ERR_NOT_ASSIGNED;
	case WF_E_NO_DRAFT:
		return ERR_NO_RESULT_DRAFT;
	case WF_E_APPROVED:
		return ERR_ALREADY_APPROVED;
	}
	return ERR_INTERNAL;
}

/* The officer who receives a step: active staff of the step's unit with
 * the step's role. */
static int resolve_officer(struct db *db, struct txn *t, const char *username,
			   const struct procedure *p, int64_t step, int64_t *id)
{
	struct user u;
	int rc = repo_user_by_username(db, t->a, username, &u);
	if (rc < 0 && rc != DB_NOT_FOUND)
		return rc;
	struct unit su;
	if (step < 1 || (size_t)step > p->nsteps)
		return db_abort(db, ERR_ASSIGNEE_INVALID, "to_user", "the step has no unit");
	rc = rc == DB_OK ? unit_of_step(db, t, p, step, &su) : DB_NOT_FOUND;
	if (rc < 0 && rc != DB_NOT_FOUND)
		return rc;
	unsigned want = role_parse(p->steps[step - 1].role);
	if (rc == DB_NOT_FOUND || !u.active || !(u.roles & want) || u.unit_id != su.id)
		return db_abort(db, ERR_ASSIGNEE_INVALID, "to_user",
				arena_printf(t->a, "a %s of unit %s", p->steps[step - 1].role,
					     p->steps[step - 1].unit));
	*id = u.id;
	return DB_OK;
}

/* Office time from now to s's due time through its processing unit's
 * calendar (an extension is requested at least a working day before). */
static int office_time_left(struct db *db, struct txn *t, const struct svc_dossier *s,
			    int64_t *left)
{
	struct svc_calendar cal;
	int rc = svc_calendar_get(db, s->d.processing_unit_id, &cal);
	if (rc == DB_SOFT || rc == DB_HARD)
		return rc;
	if (rc < 0)
		return db_abort(db, ERR_DUE_TIME_UNAVAILABLE, NULL, NULL);
	int crc = cal_office_time_between(cal.cal, cal.hours, t->now, s->effective_due_at, left);
	svc_calendar_put(&cal);
	return crc < 0 ? db_abort(db, ERR_DUE_TIME_UNAVAILABLE, NULL, NULL) : DB_OK;
}

static int set_components(struct db *db, struct txn *t, struct svc_dossier *s,
			  const struct svc_action *act)
{
	if (!act->components)
		return DB_OK;
	if (act->ncomponents != s->ncomponents)
		return db_abort(db, ERR_COMPONENTS_MISMATCH, "components",
				arena_printf(t->a, "%zu components expected", s->ncomponents));
	for (size_t i = 0; i < s->ncomponents; i++) {
		const struct svc_component_in *ci = &act->components[i];
		const struct proc_component *pc =
			i < s->proc.ncomponents ? &s->proc.components[i] : NULL;
		if (ci->doc_type && pc && strcmp(ci->doc_type, pc->doc_type))
			return db_abort(db, ERR_COMPONENTS_MISMATCH,
					arena_printf(t->a, "components[%zu].doc_type", i), NULL);
		if (!ci->status || !one_of(ci->status, component_statuses))
			return db_abort(db, ERR_FIELD_INVALID,
					arena_printf(t->a, "components[%zu].status", i),
					"paper, uploaded, missing or not_applicable");
		int rc = repo_dossier_component_status(db, s->d.id, (int64_t)i + 1, ci->status);
		if (rc < 0)
			return rc;
		s->components[i].status = ci->status;
	}
	return DB_OK;
}

/* ---- carrying out an action's effects (core/workflow.h enum wf_effect) ---- */

/* Where the effects of one action work: the dossier loaded, the outcome of
 * wf_apply(), the officer named by to_user and the event's data values. */
struct act_run {
	struct db *db;
	struct txn *t;
	const struct svc_action *act;
	struct svc_dossier *s;
	struct dossier *d;
	const struct wf_outcome *o;
	int64_t to_user;
	struct svcd_event_data v;
};

typedef int (*effect_fn)(struct act_run *r);

static int fx_components(struct act_run *r)
{
	return set_components(r->db, r->t, r->s, r->act);
}

static int fx_require_complete(struct act_run *r)
{
	const struct svc_dossier *s = r->s;
	for (size_t i = 0; i < s->ncomponents; i++)
		if (s->components[i].mandatory && strcmp(s->components[i].status, "paper") &&
		    strcmp(s->components[i].status, "uploaded"))
			return db_abort(r->db, ERR_COMPONENTS_INCOMPLETE,
					arena_printf(r->t->a, "components[%zu]", i),
					s->components[i].name_vi);
	return DB_OK;
}

static int fx_start_clock(struct act_run *r)
{
	return start_clock(r->db, r->t, &r->s->proc, r->d);
}

static int fx_pause(struct act_run *r)
{
	struct dossier *d = r->d;
	const char *kind = r->o->def->pause;
	d->paused_at = r->t->now;
	d->resume_state = d->state;
	if (!strcmp(kind, "supplement"))
		d->supplements++;
	return repo_dossier_pause_start(r->db, d->id, kind, r->t->now);
}

static int fx_resume(struct act_run *r)
{
	struct svc_dossier *s = r->s;
	struct dossier *d = r->d;
	int rc = repo_dossier_pause_end(r->db, d->id, r->t->now);
	for (size_t i = 0; i < s->npauses; i++)
		if (!s->pauses[i].to_at)
			s->pauses[i].to_at = r->t->now;
	if (rc == DB_OK)
		rc = due(r->db, r->t, d->processing_unit_id, d->received_at,
			 limit_to_cal(s->proc.limit_unit, s->proc.limit_value), s->pauses,
			 s->npauses, &d->due_at);
	if (rc == DB_OK && d->step >= 1)
		rc = due(r->db, r->t, d->step_unit_id, d->step_started_at,
			 svcd_step_limit(&s->proc, d->step), s->pauses, s->npauses,
			 &d->step_due_at);
	d->paused_at = 0;
	d->resume_state = NULL;
	return rc;
}

static int fx_await_acceptance(struct act_run *r)
{
	return await_acceptance(r->db, r->t, &r->s->proc, r->d, r->o->step);
}

static int fx_enter_step(struct act_run *r)
{
	return enter_step(r->db, r->t, &r->s->proc, r->d, r->o->step);
}

static int fx_require_to_user(struct act_run *r)
{
	return r->act->to_user ? DB_OK : db_abort(r->db, ERR_FIELD_MISSING, "to_user", NULL);
}

static int fx_assign(struct act_run *r)
{
	r->d->assignee_id = r->to_user;
	return DB_OK;
}

static int fx_approve(struct act_run *r)
{
	r->d->approved = true;
	return DB_OK;
}

static int fx_unapprove(struct act_run *r)
{
	r->d->approved = false;
	return DB_OK;
}

/* Is at an instant the processing unit works at (a working day, inside
 * office hours; the end of a period, 17:00, counts)? Its calendar says:
 * the minute before it is office time. Outside the calendar's years: no. */
static int working_instant(struct db *db, const struct svc_dossier *s, int64_t at, bool *yes)
{
	struct svc_calendar cal;
	*yes = false;
	int rc = svc_calendar_get(db, s->d.processing_unit_id, &cal);
	if (rc == DB_SOFT || rc == DB_HARD)
		return rc;
	if (rc < 0)
		return db_abort(db, ERR_DUE_TIME_UNAVAILABLE, NULL, NULL);
	int64_t office = 0;
	int crc = cal_office_time_between(cal.cal, cal.hours, at - 60000, at, &office);
	svc_calendar_put(&cal);
	*yes = crc == 0 && office == 60000;
	return DB_OK;
}

static int fx_request_extension(struct act_run *r)
{
	const struct svc_action *act = r->act;
	struct dossier *d = r->d;
	r->v.original_due_at = r->s->effective_due_at;
	r->v.have |= WF_KEY(WF_K_ORIGINAL_DUE_AT);
	if (!act->proposed_due_at) /* an apology alone (act_decide allowed it) */
		return DB_OK;
	if (act->proposed_due_at <= r->s->effective_due_at)
		return db_abort(r->db, ERR_FIELD_INVALID, "proposed_due_at",
				"must be after the current due time");
	bool working;
	int rc = working_instant(r->db, r->s, act->proposed_due_at, &working);
	if (rc < 0)
		return rc;
	if (!working)
		return db_abort(r->db, ERR_NOT_WORKING_TIME, "proposed_due_at",
				"a working day of the processing unit, within its office hours");
	d->extension = "pending";
	d->extension_reason = act->note;
	d->extension_due_at = act->proposed_due_at;
	r->v.proposed_due_at = act->proposed_due_at;
	r->v.have |= WF_KEY(WF_K_PROPOSED_DUE_AT);
	return DB_OK;
}

static int fx_approve_extension(struct act_run *r)
{
	struct dossier *d = r->d;
	d->extension = "approved";
	d->extended_due_at = d->extension_due_at;
	r->v.due_at = d->extended_due_at;
	r->v.have |= WF_KEY(WF_K_DUE_AT);
	return DB_OK;
}

static int fx_issue_result(struct act_run *r)
{
	struct dossier *d = r->d;
	d->result_code =
		r->act->result_code ? r->act->result_code : arena_printf(r->t->a, "KQ-%s", d->code);
	d->result_at = r->t->now;
	d->timeliness = svcd_timeliness(d, r->t->now);
	r->v.result_code = d->result_code;
	r->v.have |= WF_KEY(WF_K_RESULT_CODE);
	return DB_OK;
}

static int fx_return_result(struct act_run *r)
{
	r->d->returned_at = r->t->now;
	return DB_OK;
}

static int fx_close_pause(struct act_run *r)
{
	if (!r->d->paused_at)
		return DB_OK;
	r->d->paused_at = 0;
	return repo_dossier_pause_end(r->db, r->d->id, r->t->now);
}

static int fx_timeliness(struct act_run *r)
{
	if (!r->d->timeliness)
		r->d->timeliness = svcd_timeliness(r->d, r->t->now);
	return DB_OK;
}

static int fx_counts_late(struct act_run *r)
{
	r->d->counts_late = true;
	return DB_OK;
}

static int fx_clear_assignee(struct act_run *r)
{
	r->d->assignee_id = 0;
	return DB_OK;
}

static int fx_end(struct act_run *r)
{
	r->d->ended_at = r->t->now;
	return DB_OK;
}

/* Only at creation (create_prepare() carries it out). */
static int fx_creation_only(struct act_run *r)
{
	log_error("an effect of a creating action on dossier %s", r->d->code);
	return db_abort(r->db, ERR_INTERNAL, NULL, NULL);
}

static const effect_fn effects[WF_NEFFECTS] = {
	[WF_FX_COMPONENTS] = fx_components,
	[WF_FX_REQUIRE_COMPLETE] = fx_require_complete,
	[WF_FX_START_CLOCK] = fx_start_clock,
	[WF_FX_PAUSE] = fx_pause,
	[WF_FX_RESUME] = fx_resume,
	[WF_FX_AWAIT_ACCEPTANCE] = fx_await_acceptance,
	[WF_FX_HOLD_AT_DESK] = fx_creation_only,
	[WF_FX_ENTER_STEP] = fx_enter_step,
	[WF_FX_REQUIRE_TO_USER] = fx_require_to_user,
	[WF_FX_ASSIGN] = fx_assign,
	[WF_FX_APPROVE] = fx_approve,
	[WF_FX_UNAPPROVE] = fx_unapprove,
	[WF_FX_REQUEST_EXTENSION] = fx_request_extension,
	[WF_FX_APPROVE_EXTENSION] = fx_approve_extension,
	[WF_FX_ISSUE_RESULT] = fx_issue_result,
	[WF_FX_RETURN_RESULT] = fx_return_result,
	[WF_FX_CLOSE_PAUSE] = fx_close_pause,
	[WF_FX_TIMELINESS] = fx_timeliness,
	[WF_FX_COUNTS_LATE] = fx_counts_late,
	[WF_FX_CLEAR_ASSIGNEE] = fx_clear_assignee,
	[WF_FX_END] = fx_end,
};

/* The values of the event's data that the effects did not set. */
static int event_values(struct act_run *r, const char *from_state)
{
	struct svcd_event_data *v = &r->v;
	const struct dossier *d = r->d;
	v->to_user = r->act->to_user;
	v->stage = from_state;
	v->clock = r->o->pauses_clock ? "paused" : "resumed";
	v->counts_late = true;
	v->components = r->s->components;
	v->ncomponents = r->s->ncomponents;
	v->have |= WF_KEY(WF_K_STAGE) | WF_KEY(WF_K_CLOCK) | WF_KEY(WF_K_COUNTS_LATE) |
		   WF_KEY(WF_K_MISSING) | (v->to_user ? WF_KEY(WF_K_TO_USER) : 0);
	v->fee_handling = r->act->fee_handling;
	v->legal_basis = r->act->legal_basis;
	v->have |= (v->fee_handling ? WF_KEY(WF_K_FEE_HANDLING) : 0) |
		   (v->legal_basis ? WF_KEY(WF_K_LEGAL_BASIS) : 0);
	if (!(v->have & WF_KEY(WF_K_DUE_AT)) && d->due_at) {
		v->due_at = d->due_at;
		v->have |= WF_KEY(WF_K_DUE_AT);
	}
	if ((r->o->keys & WF_KEY(WF_K_UNIT)) && d->step_unit_id) {
		struct unit u;
		int rc = repo_unit_by_id(r->db, r->t->a, d->step_unit_id, &u);
		if (rc == DB_OK) {
			v->unit = u.code;
			v->have |= WF_KEY(WF_K_UNIT);
		}
	}
	return DB_OK;
}

/* Form 04 (DOMAIN.md 6): asked by an officer of the processing unit (or a
 * unit under it), once the dossier has left the desk; a new due time is
 * proposed while at least one working day is left, and once that limit has
 * passed the apology alone is still owed. */
static int extension_allowed(struct db *db, struct act_ctx *c, const struct wf_params *wp)
{
	struct txn *t = &c->t;
	const struct svc_dossier *s = &c->s;
	bool mine = false;
	struct unit u = {.id = t->who->unit_id, .parent_id = 0};
	for (int up = 0; u.id && !mine && up < 16; up++) {
		mine = u.id == s->d.processing_unit_id;
		int rc = repo_unit_by_id(db, t->a, u.id, &u);
		if (rc == DB_NOT_FOUND)
			break;
		if (rc < 0)
			return rc;
		u.id = u.parent_id;
	}
	if (!mine || s->d.step <= 1)
		return db_abort(db, ERR_EXTENSION_NOT_PROCESSING_UNIT, "action",
				!mine ? "an officer of the processing unit"
				      : "the dossier is still at the receiving desk");
	if (wp->apology_only && wp->office_ms_left >= 8 * 3600000LL)
		return db_abort(db, ERR_FIELD_MISSING, "proposed_due_at",
				"the proposed due time; an apology alone only once the one-working-"
				"day limit has passed");
	return DB_OK;
}

/* Digitization at receipt (Circular 03/2025; DOMAIN.md 6): every paper
 * component is digitized (scanned at the desk, or uploaded, or reused from
 * the applicant's store) or exempted with a reason before the dossier
 * leaves the desk, unless the procedure says otherwise. 409
 * DIGITIZATION_MISSING names the first component that is neither. */
static int digitized(struct db *db, struct act_ctx *c)
{
	const struct svc_dossier *s = &c->s;
	if (s->proc.digitize_exempt)
		return DB_OK;
	struct component_doc *docs;
	size_t n;
	int rc = repo_component_docs(db, c->t.a, s->d.id, &docs, &n);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < s->ncomponents; i++) {
		if (strcmp(s->components[i].status, "paper"))
			continue;
		bool done = false;
		for (size_t k = 0; k < n && !done; k++)
			done = docs[k].ord == (int64_t)i + 1 &&
			       (strcmp(docs[k].how, "exempt") ||
				(docs[k].reason && *docs[k].reason));
		if (!done)
			return db_abort(db, ERR_DIGITIZATION_MISSING,
					arena_printf(c->t.a, "components[%zu]", i),
					arena_printf(c->t.a,
						     "component %zu (%s): scan it or exempt it "
						     "with a reason",
						     i + 1, s->components[i].name_vi));
	}
	return DB_OK;
}

/* Reads the dossier and decides: seen by who, allowed by the table, at the
 * right place. Fills c->s and c->o. */
static int act_decide(struct db *db, struct act_ctx *c)
{
	struct txn *t = &c->t;
	struct svc_dossier *s = &c->s;
	int rc = repo_dossier_by_code(db, t->a, c->code, &s->d);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_DOSSIER_NOT_FOUND, "code", NULL);
	if (rc < 0 || (rc = svcd_load_rest(db, t->a, s)) < 0)
		return rc;
	/* Who may not even see it learns nothing of its state. */
	int verdict = ACCESS_OK;
	if (!c->system &&
	    (rc = svcd_access(db, t->a, t->who, s, ACCESS_READ, c->action, &verdict)) < 0)
		return rc;
	if (verdict != ACCESS_OK) {
		return svc_abort(db, svcd_access_fail(t->a, verdict, &s->d));
	}
	struct wf_params wp = {.accept_late = c->act->accept_late,
			       .office_ms_left = INT64_MAX / 4,
			       .apology_only = !c->act->proposed_due_at};
	if (c->action == WF_REQUEST_EXTENSION && s->effective_due_at &&
	    (rc = office_time_left(db, t, s, &wp.office_ms_left)) < 0)
		return rc;
	struct wf_dossier w;
	svcd_wf_facts(s, &w);
	unsigned roles = c->system ? wf_action_roles(c->action, s->state) : t->who->roles;
	int wrc = wf_apply(&w, c->action, roles, &wp, &c->o);
	if (wrc != WF_OK)
		return db_abort(db, wf_err(wrc),
				wrc == WF_E_STATE || wrc == WF_E_ROLE ? "action" : NULL,
				arena_printf(t->a, "%s in state %s: %s", wf_action_name(c->action),
					     s->d.state, wf_error_text(wrc)));
	/* At the right place: the current step's unit or officer, the
	 * receiving desk for what the applicant does there, a leader anywhere. */
	if (!c->system &&
	    (rc = svcd_access(db, t->a, t->who, s, ACCESS_ACT, c->action, &verdict)) < 0)
		return rc;
	if (verdict != ACCESS_OK) {
		return svc_abort(db, svcd_access_fail(t->a, verdict, &s->d));
	}
	if (c->action == WF_REQUEST_EXTENSION)
		return extension_allowed(db, c, &wp);
	/* The papers go on to be processed; refused, stopped or withdrawn at the
	 * desk, they go back to the applicant and are not scanned. */
	bool leaves_desk =
		(c->o.hand_over && s->d.step <= 1 && !c->o.ends) || c->action == WF_ISSUE_RESULT;
	if (c->act->require_digitization && leaves_desk)
		return digitized(db, c);
	return DB_OK;
}

/* The number of the form the action's event e produces; Form 04 is
 * numbered when it is approved and sent, not while it is a request. */
static int register_form(struct db *db, struct act_ctx *c, const struct event *e)
{
	if (c->action == WF_APPROVE_EXTENSION) {
		for (size_t i = c->s.nevents; i-- > 0;)
			if (!strcmp(c->s.events[i].action, "request_extension")) {
				struct event req = c->s.events[i];
				req.at = e->at; /* sent, and dated, at its approval */
				return svc_form_register(db, c->t.a, &c->s.d, &req, 4);
			}
		return DB_OK;
	}
	/* An apology alone needs no approval: it is sent, and numbered, now. */
	if (!c->o.form || (c->o.form == 4 && c->act->proposed_due_at))
		return DB_OK;
	return svc_form_register(db, c->t.a, &c->s.d, e, c->o.form);
}

/* Decides, then carries out the outcome's effects one by one, appends the
 * event and writes the dossier. */
static int act_txn(struct db *db, void *arg)
{
	struct act_ctx *c = arg;
	struct txn *t = &c->t;
	memset(&c->s, 0, sizeof c->s);
	int rc = act_decide(db, c);
	if (rc < 0)
		return rc;
	struct dossier *d = &c->s.d;
	struct act_run r = {db, t, c->act, &c->s, d, &c->o, 0, {0}};
	int64_t old_nevents = d->nevents, step_from = d->step, step_due = d->step_due_at;
	const char *from_state = d->state;
	const char *tl = c->o.hand_over
				 ? event_timeliness_name(event_step_timeliness(t->now, step_due))
				 : "";
	if (c->act->to_user && (rc = resolve_officer(db, t, c->act->to_user, &c->s.proc,
						     c->o.to_user_step, &r.to_user)) < 0)
		return rc;
	for (int i = 0; i < c->o.neffects; i++)
		if ((rc = effects[c->o.effects[i]](&r)) < 0)
			return rc;
	if ((rc = event_values(&r, from_state)) < 0)
		return rc;
	d->state = wf_state_name(c->o.to);
	d->updated_at = t->now;
	struct event e = {.at = t->now,
			  .actor_id = t->who->id,
			  .actor = t->who->username,
			  .action = wf_action_name(c->action),
			  .from_state = from_state,
			  .to_state = d->state,
			  .step_from = step_from,
			  .step_to = d->step,
			  .step_due_at = c->o.hand_over ? step_due : 0,
			  .timeliness = tl,
			  .note = c->act->note ? c->act->note : "",
			  .data = svcd_event_data(t->a, c->o.keys, &r.v)};
	if ((rc = svcd_append_event(db, t->a, d, &e)) < 0 || (rc = register_form(db, c, &e)) < 0)
		return rc;
	if ((rc = svcpay_on_action(db, t->a, &c->s.proc, d, t->who, c->action, c->o.starts_clock,
				   &c->act->fees, t->now)) < 0)
		return rc;
	c->form = c->o.form;
	return repo_dossier_update(db, d, old_nevents);
}

int svcd_act_in_txn(struct db *db, struct arena *a, const struct svc_actor *who, const char *code,
		    enum wf_action action, int64_t now)
{
	static const struct svc_actor nobody = {.id = 0, .username = "", .full_name = ""};
	struct svc_action act = {.action = wf_action_name(action)};
	struct act_ctx c = {.t = {.a = a, .who = who ? who : &nobody, .now = now},
			    .code = code,
			    .act = &act,
			    .action = action,
			    .system = true};
	return act_txn(db, &c);
}

struct svc_result svc_dossier_act(struct db *db, struct arena *a, const struct svc_actor *who,
				  const char *code, const struct svc_action *act,
				  struct svc_dossier *out)
{
	int ai = act->action ? wf_action_parse(act->action) : -1;
	const struct wf_action_def *row = ai >= 0 ? wf_action_def((enum wf_action)ai) : NULL;
	/* Creating actions are POST /dossiers, not actions on a dossier. */
	if (!row || !row->on_dossier)
		return svc_fail(ERR_ACTION_UNKNOWN, "action", act->action);
	enum wf_action action = (enum wf_action)ai;
	if (wf_note_required(action, false) && (!act->note || !*act->note))
		return svc_fail(ERR_FIELD_MISSING, "note", "the reason is required");
	if (act->note && !text_ok(act->note, 4000))
		return svc_fail(ERR_FIELD_INVALID, "note", "at most 4000 characters");
	if (act->fee_handling && strcmp(act->fee_handling, "refund") &&
	    strcmp(act->fee_handling, "no_refund") && strcmp(act->fee_handling, "none"))
		return svc_fail(ERR_FIELD_INVALID, "fee_handling", "refund, no_refund or none");
	if ((act->fee_handling || act->legal_basis) && action != WF_STOP && action != WF_WITHDRAW)
		return svc_fail(ERR_FIELD_INVALID,
				act->fee_handling ? "fee_handling" : "legal_basis",
				"only when stopping or withdrawing (Form 05)");
	if (act->legal_basis &&
	    (action != WF_STOP || !text_ok(act->legal_basis, 1000) || !*act->legal_basis))
		return svc_fail(ERR_FIELD_INVALID, "legal_basis",
				"1 to 1000 characters, when stopping");
	if (act->result_code && (!text_ok(act->result_code, 100) || !*act->result_code))
		return svc_fail(ERR_FIELD_INVALID, "result_code", "1 to 100 characters");
	if (act->to_user && row->to_user == WF_TO_USER_NO)
		return svc_fail(ERR_FIELD_INVALID, "to_user",
				"only for transfer, send_back, assign, reassign");
	struct act_ctx c = {.t = {.a = a, .who = who, .now = clock_now_ms()},
			    .code = code,
			    .act = act,
			    .action = action};
	int rc = db_run_txn(db, act_txn, &c, DB_TXN_ATTEMPTS_HOT);
	if (rc == DB_OK)
		log_info("dossier %s %s by %s", code, act->action, who->username);
	return finish(db, a, who, rc, &c.t, code, out, c.form);
}

/* ---- recomputing stored due times after a calendar change ---- */

struct recompute_ctx {
	struct txn t;
	int64_t unit_id;
	int year;
	const char *note;
	bool dry_run;
	struct svc_recompute *out;
};

/* The due times d would have under the calendar as it is now. */
static int due_times_now(struct db *db, struct txn *t, const struct dossier *d, int64_t *due_at,
			 int64_t *step_due_at)
{
	*due_at = d->due_at;
	*step_due_at = d->step_due_at;
	struct procedure p;
	int rc = repo_proc_get(db, t->a, d->procedure_code, d->procedure_version, 0, &p);
	if (rc < 0)
		return rc == DB_NOT_FOUND ? DB_HARD : rc;
	if (d->received_at && d->due_at) {
		struct dossier_pause *ps;
		size_t nps;
		rc = repo_dossier_pauses(db, t->a, d->id, &ps, &nps);
		if (rc < 0)
			return rc;
		/* A pause still open is not counted yet: resuming counts it. */
		size_t closed = 0;
		for (size_t i = 0; i < nps; i++)
			if (ps[i].to_at)
				ps[closed++] = ps[i];
		rc = due(db, t, d->processing_unit_id, d->received_at,
			 limit_to_cal(p.limit_unit, p.limit_value), ps, closed, due_at);
		if (rc < 0)
			return rc;
	}
	if (!d->step_due_at || !d->step_unit_id)
		return DB_OK;
	if (!strcmp(d->state, "submitted") && d->submitted_at)
		return due(db, t, d->step_unit_id, d->submitted_at,
			   (struct cal_limit){CAL_WORKING_HOURS, 8}, NULL, 0, step_due_at);
	bool running = !strcmp(d->state, "received") || !strcmp(d->state, "in_process");
	if (running && d->step_started_at && d->step >= 1 && (size_t)d->step <= p.nsteps)
		return due(db, t, d->step_unit_id, d->step_started_at, svcd_step_limit(&p, d->step),
			   NULL, 0, step_due_at);
	return DB_OK;
}

static int recompute_txn(struct db *db, void *arg)
{
	struct recompute_ctx *c = arg;
	struct txn *t = &c->t;
	struct svc_recompute *out = c->out;
	out->checked = 0;
	out->n = 0;
	int rc = svc_calendar_version(db, &out->version);
	if (rc < 0)
		return rc;
	struct dossier *ds;
	size_t n;
	rc = repo_dossiers_timed(db, t->a, c->unit_id, &ds, &n);
	if (rc < 0)
		return rc;
	out->items = arena_zalloc(t->a, (n + 1) * sizeof *out->items);
	for (size_t i = 0; i < n; i++) {
		struct dossier *d = &ds[i];
		int64_t due_at, step_due_at;
		rc = due_times_now(db, t, d, &due_at, &step_due_at);
		if (rc < 0)
			return rc;
		out->checked++;
		if (due_at == d->due_at && step_due_at == d->step_due_at)
			continue;
		out->items[out->n++] = (struct svc_recomputed){d->code, d->due_at, due_at,
							       d->step_due_at, step_due_at};
		if (c->dry_run)
			continue;
		int64_t old = d->nevents;
		struct event e = {
			.at = t->now,
			.actor_id = t->who->id,
			.actor = t->who->username,
			.action = event_kind_def(EVENT_DUE_RECOMPUTED)->action,
			.from_state = d->state,
			.to_state = d->state,
			.step_from = d->step,
			.step_to = d->step,
			.note = c->note ? c->note : "",
			.timeliness = "",
			.data = evd_due_recomputed(
				t->a, &(struct evd_recomputed){
					      .calendar_version = out->version,
					      .due_at = {d->due_at, due_at},
					      .step_due_at = {d->step_due_at, step_due_at}})};
		d->due_at = due_at;
		d->step_due_at = step_due_at;
		d->updated_at = t->now;
		rc = svcd_append_event(db, t->a, d, &e);
		if (rc == DB_OK)
			rc = repo_dossier_update(db, d, old);
		if (rc < 0)
			return rc;
	}
	if (c->dry_run)
		return DB_OK;
	const char *what = arena_printf(t->a, "%zu of %lld dossiers moved%s%s", out->n,
					(long long)out->checked, c->note && *c->note ? ": " : "",
					c->note ? c->note : "");
	return svc_calendar_record_recompute(db, t->who->id, c->unit_id, c->year, what);
}

struct svc_result svc_dossiers_recompute_due(struct db *db, struct arena *a,
					     const struct svc_actor *who, const char *unit_code,
					     int year, const char *note, bool dry_run,
					     struct svc_recompute *out)
{
	memset(out, 0, sizeof *out);
	if (!(who->roles & ROLE_ADMIN))
		return svc_fail(ERR_FORBIDDEN, NULL, NULL);
	if (note && !text_ok(note, 1000))
		return svc_fail(ERR_FIELD_INVALID, "note", "at most 1000 characters");
	struct recompute_ctx c = {.t = {.a = a, .who = who, .now = clock_now_ms()},
				  .year = year,
				  .note = note,
				  .dry_run = dry_run,
				  .out = out};
	if (unit_code) {
		struct unit u;
		int rc = repo_unit_by_code(db, a, unit_code, &u);
		if (rc == DB_NOT_FOUND)
			return svc_fail(ERR_UNIT_NOT_FOUND, "unit", NULL);
		if (rc < 0)
			return svc_txn_result(db, rc);
		c.unit_id = u.id;
	}
	int rc = dry_run ? recompute_txn(db, &c)
			 : db_run_txn(db, recompute_txn, &c, DB_TXN_ATTEMPTS_HOT);
	if (rc < 0)
		return svc_txn_result(db, rc);
	if (!dry_run)
		log_info("due times recomputed by %s: %zu of %lld dossiers moved", who->username,
			 out->n, (long long)out->checked);
	return svc_ok();
}
