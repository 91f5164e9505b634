/* The dossier lifecycle's reads: one dossier with everything the pages and
 * the forms show (an officer's read of personal data is itself recorded as
 * a `viewed` event), the public tracking view without personal data, and
 * the officers' inbox. Layer: svc. */
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "core/roles.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_identity.h"

static unsigned step_role_bit(const struct procedure *p, int64_t step)
{
	if (step < 1 || (size_t)step > p->nsteps)
		return 0;
	return role_parse(p->steps[step - 1].role);
}

void svcd_wf_facts(const struct svc_dossier *s, struct wf_dossier *w)
{
	const struct dossier *d = &s->d;
	memset(w, 0, sizeof *w);
	w->state = s->state;
	w->received = d->received_at != 0;
	w->step = (int)d->step;
	w->nsteps = (int)s->proc.nsteps;
	w->step_role = step_role_bit(&s->proc, d->step);
	w->next_step_role = step_role_bit(&s->proc, d->step + 1);
	w->assigned = d->assignee_id != 0;
	w->supplements = (int)d->supplements;
	w->extension_requested = d->extension && strcmp(d->extension, "none");
	w->extension_pending = d->extension && !strcmp(d->extension, "pending");
	w->approved = d->approved;
	w->has_draft = s->has_draft;
	int rs = d->resume_state ? wf_state_parse(d->resume_state) : -1;
	w->resume_state = rs > 0 ? (enum dossier_state)rs : DOSSIER_NONE;
}

bool svcd_read_event(const char *action)
{
	const struct event_kind_def *k = event_kind_find(action);
	return k && k->read;
}

/* The facts core/access.c decides on; arrays from the arena. */
static void access_facts(struct arena *a, const struct svc_dossier *s, struct access_dossier *f)
{
	const struct dossier *d = &s->d;
	memset(f, 0, sizeof *f);
	f->applicant_user_id = d->applicant_user_id;
	const struct dossier_party *owner = d->owner.kind ? &d->owner : &d->submitter;
	f->owner_kind = owner->kind;
	f->owner_id_number = owner->id_number;
	f->owner_tax_code = owner->tax_code;
	f->receiving_unit_id = d->receiving_unit_id;
	f->processing_unit_id = d->processing_unit_id;
	f->step_unit_id = d->step_unit_id;
	f->assignee_id = d->assignee_id;
	const char **units =
		arena_zalloc(a, (s->proc.nsteps + s->ncoordinators + 1) * sizeof *units);
	size_t nu = 0;
	for (size_t i = 0; i < s->proc.nsteps; i++)
		units[nu++] = s->proc.steps[i].unit;
	for (size_t i = 0; i < s->ncoordinators; i++)
		units[nu++] = s->coordinators[i];
	f->process_units = units;
	f->nprocess_units = nu;
	int64_t *handlers = arena_zalloc(a, (s->nevents + 1) * sizeof *handlers);
	size_t nh = 0;
	for (size_t i = 0; i < s->nevents; i++)
		if (s->events[i].actor_id && !svcd_read_event(s->events[i].action))
			handlers[nh++] = s->events[i].actor_id;
	f->handlers = handlers;
	f->nhandlers = nh;
	f->desks = s->desks;
	f->ndesks = s->ndesks;
	f->root_id = s->ndesks ? s->desks[s->ndesks - 1] : 0;
	f->applicant_kind = d->submitter.kind;
	f->applicant_id_number = d->submitter.id_number;
	f->applicant_tax_code = d->submitter.tax_code;
	f->received = d->received_at != 0;
}

/* For the account that submitted d (who, as act): the account verified for
 * the number it submitted as (access_dossier.applicant_holder_id). */
static int holder_of(struct db *db, struct arena *a, const struct svc_actor *who,
		     const struct access_actor *act, const struct dossier *d, int64_t *holder)
{
	*holder = 0;
	if (!d->applicant_user_id || d->applicant_user_id != who->id || !d->submitter.kind)
		return DB_OK;
	const struct dossier_party *p = &d->submitter;
	const char *ident = svc_party_ident(a, p->kind, p->id_number, p->tax_code);
	if (!*ident)
		return DB_OK;
	if (act->verified_kind && !strcmp(act->verified_kind, p->kind) &&
	    !strcmp(act->verified_ident, ident)) {
		*holder = who->id;
		return DB_OK;
	}
	int rc = repo_user_verified_for(db, p->kind, ident, holder);
	if (rc == DB_NOT_FOUND)
		*holder = 0;
	return rc == DB_NOT_FOUND ? DB_OK : rc;
}

/* The actor's unit code: from the dossier's own units when it is one of
 * them, else read. A citizen: the number their account is verified for,
 * if any (svc_identity.h). */
static int actor_of(struct db *db, struct arena *a, const struct svc_actor *who,
		    const struct svc_dossier *s, struct access_actor *out)
{
	*out = (struct access_actor){who->id, who->roles, who->unit_id, NULL, NULL, NULL};
	if ((who->roles & ROLE_CITIZEN) && !(who->roles & ROLES_STAFF)) {
		struct svc_identity me;
		int rc = svc_identity_of(db, a, who->id, &me);
		if (rc < 0)
			return rc == DB_NOT_FOUND ? DB_OK : rc;
		if (me.verified) {
			out->verified_kind = me.kind;
			out->verified_ident = me.ident;
		}
		return DB_OK;
	}
	if (!who->unit_id)
		return DB_OK;
	if (who->roles & (ROLE_LEADER | ROLE_OFFICE)) {
		/* Their agency: the tree of the desks above the dossier's
		 * receiving unit when their unit is one of those, else read. */
		for (size_t i = 0; i < s->ndesks; i++)
			if (s->desks[i] == who->unit_id)
				out->root_id = s->desks[s->ndesks - 1];
		int rc = out->root_id ? DB_OK : svcd_root(db, a, who->unit_id, &out->root_id);
		if (rc < 0)
			return rc;
	}
	const struct unit *known[] = {&s->receiving_unit, &s->processing_unit, &s->step_unit};
	for (size_t i = 0; i < 3; i++)
		if (known[i]->id == who->unit_id) {
			out->unit_code = known[i]->code;
			return DB_OK;
		}
	if (who->roles & (ROLE_LEADER | ROLE_OFFICE))
		return DB_OK; /* the whole agency: the code decides nothing */
	struct unit u;
	int rc = repo_unit_by_id(db, a, who->unit_id, &u);
	if (rc == DB_OK)
		out->unit_code = u.code;
	return rc == DB_NOT_FOUND ? DB_OK : rc;
}

int svcd_desks(struct db *db, struct arena *a, int64_t unit_id, int64_t **out, size_t *n)
{
	/* Every unit up to the root: a fixed 16 once left the higher desks
	 * out in silence. A unit met twice is a cycle (units.parent_id edited
	 * behind the service's back), logged and cut there. */
	size_t k = 0, cap = 16;
	int64_t *ids = arena_alloc(a, cap * sizeof *ids);
	while (unit_id) {
		bool seen = false;
		for (size_t i = 0; i < k && !seen; i++)
			seen = ids[i] == unit_id;
		if (seen) {
			log_error("units: a cycle through unit %lld", (long long)unit_id);
			break;
		}
		if (k == cap) {
			int64_t *more = arena_alloc(a, (cap *= 2) * sizeof *more);
			memcpy(more, ids, k * sizeof *ids);
			ids = more;
		}
		ids[k++] = unit_id;
		struct unit u;
		int rc = repo_unit_by_id(db, a, unit_id, &u);
		if (rc == DB_NOT_FOUND)
			break;
		if (rc < 0)
			return rc;
		unit_id = u.parent_id;
	}
	*out = ids;
	*n = k;
	return DB_OK;
}

int svcd_root(struct db *db, struct arena *a, int64_t unit_id, int64_t *root)
{
	int64_t *ids;
	size_t n;
	*root = 0;
	int rc = svcd_desks(db, a, unit_id, &ids, &n);
	if (rc < 0)
		return rc;
	*root = n ? ids[n - 1] : 0;
	return DB_OK;
}

/* Both sides of the predicate for who on s. */
static int facts_of(struct db *db, struct arena *a, const struct svc_actor *who,
		    const struct svc_dossier *s, struct access_actor *act, struct access_dossier *f)
{
	int rc = actor_of(db, a, who, s, act);
	if (rc < 0)
		return rc;
	access_facts(a, s, f);
	return holder_of(db, a, who, act, &s->d, &f->applicant_holder_id);
}

int svcd_access(struct db *db, struct arena *a, const struct svc_actor *who,
		const struct svc_dossier *s, enum access_need need, enum wf_action action,
		int *verdict)
{
	struct access_actor act;
	struct access_dossier f;
	int rc = facts_of(db, a, who, s, &act, &f);
	if (rc < 0)
		return rc;
	*verdict = access_dossier(&act, &f, need, action);
	return DB_OK;
}

struct svc_result svcd_access_fail(struct arena *a, int verdict, const struct dossier *d)
{
	switch (verdict) {
	case ACCESS_E_NOT_APPLICANT:
		return svc_fail(ERR_DOSSIER_NOT_FOUND, "code", NULL);
	case ACCESS_E_NO_PERSONAL_DATA:
		return svc_fail(ERR_NO_PERSONAL_DATA, NULL, NULL);
	case ACCESS_E_NOT_DESK:
		return svc_fail(ERR_NOT_RECEIVING_DESK, NULL, access_error_text(verdict));
	case ACCESS_E_OWNER_READS:
		return svc_fail(ERR_ACTION_FORBIDDEN, NULL, access_error_text(verdict));
	case ACCESS_E_NOT_YOUR_STEP:
		return svc_fail(ERR_NOT_YOUR_STEP, NULL,
				d->assignee ? arena_printf(a, "assigned to %s", d->assignee)
					    : NULL);
	default:
		return svc_fail(ERR_NOT_HANDLING_DOSSIER, NULL, access_error_text(verdict));
	}
}

int svcd_allowed(struct db *db, struct arena *a, const struct svc_dossier *s,
		 const struct svc_actor *who, unsigned *bits)
{
	*bits = 0;
	if (!who)
		return DB_OK;
	struct access_actor act;
	struct access_dossier f;
	int rc = facts_of(db, a, who, s, &act, &f);
	if (rc < 0)
		return rc;
	struct wf_dossier w;
	svcd_wf_facts(s, &w);
	struct wf_params p = {.office_ms_left = INT64_MAX / 4};
	for (int i = 0; i < WF_NACTIONS; i++) {
		if (!wf_action_def((enum wf_action)i)->on_dossier)
			continue;
		struct wf_outcome o;
		if (wf_apply(&w, (enum wf_action)i, who->roles, &p, &o) == WF_OK &&
		    access_dossier(&act, &f, ACCESS_ACT, (enum wf_action)i) == ACCESS_OK)
			*bits |= 1u << i;
	}
	return DB_OK;
}

/* The form an event produced (see svc.h). */
static int form_of(const struct event *e)
{
	int a = wf_action_parse(e->action);
	switch (a) {
	case WF_RECEIVE:
	case WF_ACCEPT:
		return 1;
	case WF_SUPPLEMENT:
		return !strcmp(e->to_state, "received") && strcmp(e->from_state, "received") &&
				       !strstr(e->data, "\"clock\"")
			       ? 1
			       : 0;
	case WF_REQUEST_SUPPLEMENT:
		return 2;
	case WF_REFUSE:
		return 3;
	case WF_REQUEST_EXTENSION:
		return 4;
	case WF_STOP:
		return 5;
	case WF_WITHDRAW:
		return strcmp(e->from_state, "submitted") ? 5 : 0;
	}
	return 0;
}

const struct event *svc_dossier_form_event(const struct svc_dossier *s, int form)
{
	for (size_t i = s->nevents; i-- > 0;)
		if (form_of(&s->events[i]) == form)
			return &s->events[i];
	return NULL;
}

int svcd_load_rest(struct db *db, struct arena *a, struct svc_dossier *s)
{
	struct dossier *d = &s->d;
	int rc = repo_proc_get(db, a, d->procedure_code, d->procedure_version, 0, &s->proc);
	if (rc < 0)
		return rc == DB_NOT_FOUND ? DB_HARD : rc;
	rc = repo_unit_by_id(db, a, d->receiving_unit_id, &s->receiving_unit);
	if (rc == DB_OK)
		rc = repo_unit_by_id(db, a, d->processing_unit_id, &s->processing_unit);
	if (rc == DB_OK && d->step_unit_id)
		rc = repo_unit_by_id(db, a, d->step_unit_id, &s->step_unit);
	if (rc < 0)
		return rc == DB_NOT_FOUND ? DB_HARD : rc;
	int64_t *above;
	size_t nabove;
	if ((rc = svcd_desks(db, a, s->receiving_unit.parent_id, &above, &nabove)) < 0)
		return rc;
	int64_t *desks = arena_zalloc(a, (nabove + 1) * sizeof *desks);
	desks[0] = s->receiving_unit.id;
	memcpy(desks + 1, above, nabove * sizeof *desks);
	s->desks = desks;
	s->ndesks = nabove + 1;
	rc = repo_dossier_coordinators(db, a, d->id, &s->coordinators, &s->ncoordinators);
	if (rc == DB_OK)
		rc = repo_dossier_components(db, a, d->id, &s->components, &s->ncomponents);
	if (rc == DB_OK)
		rc = repo_dossier_pauses(db, a, d->id, &s->pauses, &s->npauses);
	if (rc == DB_OK)
		rc = repo_events_of(db, a, d->id, &s->events, &s->nevents);
	if (rc < 0)
		return rc;
	int st = wf_state_parse(d->state);
	s->state = st > 0 ? (enum dossier_state)st : DOSSIER_NONE;
	s->effective_due_at = d->extended_due_at ? d->extended_due_at : d->due_at;
	if (d->step >= 1 && (size_t)d->step <= s->proc.nsteps) {
		s->step_name_vi = s->proc.steps[d->step - 1].name.vi;
		s->step_name_en = s->proc.steps[d->step - 1].name.en;
	}
	s->form = s->nevents ? form_of(&s->events[s->nevents - 1]) : 0;
	for (size_t i = 0; i < s->nevents && !s->has_draft; i++)
		s->has_draft = !strcmp(s->events[i].action, "result_drafted");
	return DB_OK;
}

struct get_ctx {
	struct arena *a;
	const struct svc_actor *who;
	const char *code;
	bool record_view;
	struct svc_dossier *out;
};

static int get_txn(struct db *db, void *arg)
{
	struct get_ctx *c = arg;
	struct svc_dossier *s = c->out;
	memset(s, 0, sizeof *s);
	int rc = repo_dossier_by_code(db, c->a, c->code, &s->d);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_DOSSIER_NOT_FOUND, "code", NULL);
	if (rc < 0)
		return rc;
	rc = svcd_load_rest(db, c->a, s);
	if (rc < 0)
		return rc;
	const struct svc_actor *who = c->who;
	if (who) {
		int verdict;
		rc = svcd_access(db, c->a, who, s, ACCESS_READ, WF_NACTIONS, &verdict);
		if (rc < 0)
			return rc;
		if (verdict != ACCESS_OK)
			return svc_abort(db, svcd_access_fail(c->a, verdict, &s->d));
	}
	if (c->record_view && who && (who->roles & ROLES_STAFF)) {
		/* Officers' reads of personal data are part of the history. */
		int64_t old = s->d.nevents;
		struct event e = {.at = clock_now_ms(),
				  .actor_id = who->id,
				  .actor = who->username,
				  .action = event_kind_def(EVENT_VIEWED)->action,
				  .from_state = s->d.state,
				  .to_state = s->d.state,
				  .step_from = s->d.step,
				  .step_to = s->d.step,
				  .data = evd_viewed(c->a, NULL)};
		rc = svcd_append_event(db, c->a, &s->d, &e);
		if (rc == DB_OK) {
			s->d.updated_at = e.at;
			rc = repo_dossier_update(db, &s->d, old);
		}
		if (rc < 0)
			return rc;
		/* The history shown ends with this read: add the event as it was
		 * stored (empty texts, not NULL) instead of reading all again. */
		struct event *all = arena_zalloc(c->a, (s->nevents + 2) * sizeof *all);
		if (s->nevents)
			memcpy(all, s->events, s->nevents * sizeof *all);
		e.timeliness = "";
		e.note = "";
		all[s->nevents++] = e;
		s->events = all;
	}
	return svcd_allowed(db, c->a, s, who, &s->allowed);
}

struct svc_result svc_dossier_get(struct db *db, struct arena *a, const struct svc_actor *who,
				  const char *code, bool record_view, struct svc_dossier *out)
{
	struct get_ctx c = {
		.a = a, .who = who, .code = code, .record_view = record_view, .out = out};
	/* A plain read needs no transaction (on SQLite one would take the
	 * write lock); recording a view does. */
	int rc = record_view && who && (who->roles & ROLES_STAFF)
			 ? db_run_txn(db, get_txn, &c, DB_TXN_ATTEMPTS)
			 : get_txn(db, &c);
	return svc_txn_result(db, rc);
}

/* ---- the applicant's view ---- */

static bool in_list(const char *action, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(action, list[i]))
			return true;
	return false;
}

void svc_dossier_applicant_view(struct arena *a, struct svc_dossier *s, const struct svc_actor *who)
{
	static const char *const internal[] = {"viewed",   "file_downloaded", "assign",
					       "reassign", "send_back",	      "result_drafted",
					       "due_soon"};
	static const char *const to_applicant[] = {
		"submit", "supplement", "request_supplement", "refuse",	       "request_extension",
		"stop",	  "withdraw",	"request_payment",    "record_payment"};
	struct event *out = arena_zalloc(a, (s->nevents + 1) * sizeof *out);
	size_t n = 0;
	for (size_t i = 0; i < s->nevents; i++) {
		const struct event *e = &s->events[i];
		if (!e->action ||
		    in_list(e->action, internal, sizeof internal / sizeof internal[0]))
			continue;
		struct event v = *e;
		bool own = who && e->actor_id && e->actor_id == who->id;
		if (!own) {
			v.actor = "";
			v.data = "{}";
			if (!in_list(e->action, to_applicant,
				     sizeof to_applicant / sizeof to_applicant[0]))
				v.note = "";
		}
		out[n++] = v;
	}
	s->events = out;
	s->nevents = n;
	s->d.assignee = NULL; /* nor the officer the step is assigned to */
}

/* ---- public tracking ---- */

char *svc_mask_name(struct arena *a, const char *name)
{
	struct buf b = BUF_INIT;
	bool word_start = true;
	for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p;) {
		size_t len = 1;
		if (*p >= 0xF0)
			len = 4;
		else if (*p >= 0xE0)
			len = 3;
		else if (*p >= 0xC0)
			len = 2;
		if (*p == ' ') {
			buf_addc(&b, ' ');
			word_start = true;
		} else if (word_start) {
			buf_add(&b, p, len);
			word_start = false;
		} else {
			buf_addc(&b, '*');
		}
		for (size_t i = 0; i < len && *p; i++)
			p++;
	}
	char *s = arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return s;
}

/* Events that move the dossier to a unit: the public sees where and when. */
static bool public_step(const struct event *e)
{
	static const char *const moves[] = {
		"receive",	"accept",	 "transfer",   "send_back",
		"issue_result", "return_result", "supplement", NULL};
	for (const char *const *m = moves; *m; m++)
		if (!strcmp(e->action, *m))
			return strstr(e->data, "\"unit\"") != NULL;
	return false;
}

struct svc_result svc_dossier_track(struct db *db, struct arena *a, const char *code,
				    struct svc_track *out)
{
	/* The public view needs the dossier row, its events and the unit
	 * names: three statements, not the dozen of a full svc_dossier_get()
	 * (tracking is the busiest public route). */
	struct svc_dossier s;
	memset(&s, 0, sizeof s);
	int rc = repo_dossier_by_code(db, a, code, &s.d);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_DOSSIER_NOT_FOUND, "code", NULL);
	if (rc == DB_OK)
		rc = repo_events_of(db, a, s.d.id, &s.events, &s.nevents);
	if (rc < 0)
		return svc_txn_result(db, rc);
	int st = wf_state_parse(s.d.state);
	s.state = st > 0 ? (enum dossier_state)st : DOSSIER_NONE;
	s.effective_due_at = s.d.extended_due_at ? s.d.extended_due_at : s.d.due_at;
	memset(out, 0, sizeof *out);
	out->code = s.d.code;
	out->procedure_code = s.d.procedure_code;
	out->procedure_name_vi = s.d.procedure_name_vi;
	out->procedure_name_en = s.d.procedure_name_en;
	out->state = s.state;
	out->submitted_at = s.d.submitted_at;
	out->received_at = s.d.received_at;
	out->due_at = s.effective_due_at;
	out->result_at = s.d.result_at;
	out->returned_at = s.d.returned_at;
	/* A person's name is masked; an organisation's is public (its
	 * registration is), and masked it tells the owner nothing (issue 15). */
	const struct dossier_party *own = s.d.owner.kind ? &s.d.owner : &s.d.submitter;
	out->owner_masked = own->kind && !strcmp(own->kind, "organisation")
				    ? own->name
				    : svc_mask_name(a, own->name);
	out->steps = arena_zalloc(a, (s.nevents + 1) * sizeof *out->steps);
	struct unit *units;
	size_t nunits;
	if ((rc = repo_unit_list(db, a, &units, &nunits)) < 0)
		return svc_txn_result(db, rc);
	for (size_t i = 0; i < s.nevents; i++) {
		const struct event *e = &s.events[i];
		if (!public_step(e))
			continue;
		json_t *j = json_loads(e->data, 0, NULL);
		const char *u = j ? json_string_value(json_object_get(j, "unit")) : NULL;
		for (size_t k = 0; u && k < nunits; k++)
			if (!strcmp(units[k].code, u)) {
				out->steps[out->nsteps++] = (struct svc_track_step){
					units[k].code, units[k].name_vi, units[k].name_en, e->at};
				break;
			}
		json_decref(j);
	}
	return svc_ok();
}

/* ---- inbox ---- */

/* The root of unit_id's tree among units[0..n-1] (as svcd_root()). */
static int64_t root_among(const struct unit *units, size_t n, int64_t unit_id)
{
	int64_t root = 0;
	for (size_t depth = 0; unit_id && depth <= n; depth++) { /* longer: a cycle */
		root = unit_id;
		int64_t parent = 0;
		for (size_t i = 0; i < n; i++)
			if (units[i].id == unit_id)
				parent = units[i].parent_id;
		unit_id = parent;
	}
	return root;
}

struct svc_result svc_inbox(struct db *db, struct arena *a, const struct svc_actor *who,
			    const struct svc_inbox_in *in, struct svc_inbox *out)
{
	memset(out, 0, sizeof *out);
	if (in->state && wf_state_parse(in->state) < 0)
		return svc_fail(ERR_BAD_QUERY, "state", "a dossier state");
	struct inbox_query q = {.user_id = who->id,
				.unit_id = who->unit_id,
				.box = in->box,
				.procedure = in->procedure,
				.state = in->state,
				.now = clock_now_ms(),
				.limit = in->per_page,
				.offset = (in->page - 1) * in->per_page};
	const char *roles[8];
	for (const unsigned *r = role_all; *r && q.nroles < 8; r++)
		if ((who->roles & *r) && *r != ROLE_CITIZEN)
			roles[q.nroles++] = role_name(*r);
	q.roles = roles;
	/* Leaders and the office: their agency, the tree of their unit (none
	 * without a unit); only an organisation of several trees needs the
	 * query to say which. */
	q.whole_agency = (who->roles & (ROLE_LEADER | ROLE_OFFICE)) && who->unit_id;
	q.unit_wide = (who->roles & ROLE_HEAD) != 0;
	struct unit *units = NULL;
	size_t nunits = 0;
	int64_t root = 0;
	int rc;
	if (q.whole_agency) {
		if ((rc = repo_unit_list(db, a, &units, &nunits)) < 0)
			return svc_txn_result(db, rc);
		root = root_among(units, nunits, who->unit_id);
		size_t roots = 0;
		for (size_t i = 0; i < nunits; i++)
			roots += units[i].parent_id == 0;
		if (roots > 1)
			q.agency_root = root;
	}
	/* Due soon: within one working day (8 office hours) from now. */
	struct svc_calendar cal;
	rc = svc_calendar_get(db, who->unit_id, &cal);
	if (rc == DB_ABORT)
		return svc_fail(ERR_DUE_TIME_UNAVAILABLE, NULL, NULL);
	if (rc < 0)
		return svc_txn_result(db, rc);
	int crc = cal_add_office_time(cal.cal, cal.hours, q.now, 8 * 3600000LL, &q.soon);
	svc_calendar_put(&cal);
	if (crc < 0)
		return svc_fail(ERR_DUE_TIME_UNAVAILABLE, NULL, NULL);
	/* The counts first: the page's total is usually one of them, and then
	 * the page costs no count of its own. */
	if ((rc = repo_inbox_counts(db, &q, &out->counts)) < 0)
		return svc_txn_result(db, rc);
	bool known = repo_inbox_total(&q, &out->counts, &out->total);
	if ((rc = repo_inbox(db, a, &q, &out->items, &out->n, known ? NULL : &out->total)) < 0)
		return svc_txn_result(db, rc);
	/* The query's WHERE is the predicate's own subset (assignee, the
	 * step's unit, the whole agency); a row the predicate refuses is a
	 * defect of the query, never shown. */
	struct access_actor act = {
		.user_id = who->id, .roles = who->roles, .unit_id = who->unit_id, .root_id = root};
	size_t kept = 0;
	for (size_t i = 0; i < out->n; i++) {
		const struct dossier *d = &out->items[i];
		struct access_dossier f = {
			.applicant_user_id = d->applicant_user_id,
			.receiving_unit_id = d->receiving_unit_id,
			.processing_unit_id = d->processing_unit_id,
			.step_unit_id = d->step_unit_id,
			.assignee_id = d->assignee_id,
			.root_id = root ? root_among(units, nunits, d->receiving_unit_id) : 0};
		if (access_dossier(&act, &f, ACCESS_READ, WF_NACTIONS) != ACCESS_OK) {
			log_error("inbox of %s listed %s, which they do not handle", who->username,
				  d->code);
			continue;
		}
		out->items[kept++] = *d;
	}
	out->n = kept;
	return svc_ok();
}

/* ---- a citizen's own dossiers ---- */

struct svc_result svc_my_dossiers(struct db *db, struct arena *a, const struct svc_actor *who,
				  int64_t page, int64_t per_page, struct svc_inbox *out)
{
	memset(out, 0, sizeof *out);
	/* By owner only for the number the account is verified for. */
	struct svc_identity me;
	int rc = svc_identity_of(db, a, who->id, &me);
	if (rc < 0 && rc != DB_NOT_FOUND)
		return svc_txn_result(db, rc);
	bool owner = rc == DB_OK && me.verified;
	rc = repo_dossiers_mine(db, a, who->id, owner ? me.kind : NULL, owner ? me.ident : NULL,
				per_page, (page - 1) * per_page, &out->items, &out->n, &out->total);
	if (rc < 0)
		return svc_txn_result(db, rc);
	/* Each row is one the predicate lets them read; one it refuses is a
	 * defect of the query, never shown. */
	struct access_actor act = {who->id, who->roles, who->unit_id, NULL, NULL, NULL};
	if (owner) {
		act.verified_kind = me.kind;
		act.verified_ident = me.ident;
	}
	size_t kept = 0;
	for (size_t i = 0; i < out->n; i++) {
		const struct dossier *d = &out->items[i];
		const struct dossier_party *o = d->owner.kind ? &d->owner : &d->submitter;
		struct access_dossier f = {.applicant_user_id = d->applicant_user_id,
					   .owner_kind = o->kind,
					   .owner_id_number = o->id_number,
					   .owner_tax_code = o->tax_code,
					   .applicant_kind = d->submitter.kind,
					   .applicant_id_number = d->submitter.id_number,
					   .applicant_tax_code = d->submitter.tax_code,
					   .received = d->received_at != 0};
		if ((rc = holder_of(db, a, who, &act, d, &f.applicant_holder_id)) < 0)
			return svc_txn_result(db, rc);
		if (access_dossier(&act, &f, ACCESS_READ, WF_NACTIONS) != ACCESS_OK) {
			log_error("my dossiers of %s listed %s, which is not theirs", who->username,
				  d->code);
			out->total--;
			continue;
		}
		out->items[kept++] = *d;
	}
	out->n = kept;
	return svc_ok();
}
