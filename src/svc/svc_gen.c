/* `motcua gen dossiers`: realistic dossiers in bulk, for benchmarks and
 * demonstrations (svc_gen.h). Each dossier is written as the lifecycle
 * would have written it (every event decided by wf_apply() of
 * core/workflow.c, its data written by the service's writer, the due
 * times and the timeliness by the service's helpers): a code from the unit's day counter, due times
 * from the unit's calendar, the components of its procedure version, and a hash-chained history
 * (receive, hand-overs with their timeliness, approval, result, return; or a supplement request, a
 * stop, a refusal) that `motcua audit verify` accepts. Receipts are spread evenly over the past
 * year and whether one is still open depends on its age (see open_window
 * below): the open ones are the recent receipts. Batches of dossiers are
 * written in one transaction each. Layer: svc. */
#include <string.h>

#include <sodium.h>

#include "base/clock.h"
#include "base/log.h"
#include "core/dossier_code.h"
#include "core/ident.h"
#include "core/roles.h"
#include "base/text.h"
#include "core/queue.h"
#include "repo/repo_rating_links.h"
#include "repo/repo_worker.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_event_data.h"
#include "svc/svc_gen.h"
#include "svc/svc_queue_impl.h"

#define HOUR_MS	  3600000LL
#define DAY_MS	  86400000LL
#define MAX_PROCS 64
#define MAX_UNITS 64

/* xorshift64*: reproducible from --seed, fast. */
static uint64_t rnd_state = 88172645463325252ULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 2685821657736338717ULL;
}

static int64_t rnd_in(int64_t lo, int64_t hi) /* inclusive */
{
	return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
}

static const char *const family[] = {"Nguyễn", "Trần", "Lê",	"Phạm", "Hoàng", "Huỳnh",
				     "Phan",   "Vũ",   "Võ",	"Đặng", "Bùi",	 "Đỗ",
				     "Hồ",     "Ngô",  "Dương", "Lý"};
static const char *const middle[] = {"Văn", "Thị",  "Hữu",  "Đức",   "Minh",
				     "Thu", "Quốc", "Ngọc", "Thanh", "Xuân"};
static const char *const given[] = {"An",   "Bình", "Cường", "Dung",   "Giang", "Hà",
				    "Hải",  "Hạnh", "Hùng",  "Hương",  "Khánh", "Lan",
				    "Long", "Mai",  "Nam",   "Phương", "Quân",	"Sơn",
				    "Tâm",  "Thảo", "Trang", "Tuấn",   "Việt",	"Yến"};
static const char *const firms[] = {
	"Công ty TNHH Điện tử Đồng Văn",   "Công ty CP May Hà Nam",
	"Công ty TNHH Cơ khí Châu Sơn",	   "Công ty TNHH Nhựa Thanh Liêm",
	"Công ty CP Dược phẩm Hòa Mạc",	   "Công ty TNHH Linh kiện Kim Bảng",
	"Công ty TNHH Thực phẩm Duy Tiên", "Công ty CP Bao bì Phủ Lý"};
static const char *const places[] = {"KCN Đồng Văn I, thị xã Duy Tiên, tỉnh Hà Nam",
				     "KCN Đồng Văn II, thị xã Duy Tiên, tỉnh Hà Nam",
				     "KCN Châu Sơn, thành phố Phủ Lý, tỉnh Hà Nam",
				     "KCN Thanh Liêm, huyện Thanh Liêm, tỉnh Hà Nam",
				     "KCN Hòa Mạc, thị xã Duy Tiên, tỉnh Hà Nam"};
#define PICK(a) (a[rnd() % (sizeof a / sizeof a[0])])

/* The visits' own stream (queue tickets, ratings): drawn apart from the
 * dossiers', so that the dossiers of a seed are the same with visits or
 * without. */
static uint64_t vis_state = 0x9E3779B97F4A7C15ULL;

static int64_t vis_in(int64_t lo, int64_t hi) /* inclusive */
{
	vis_state ^= vis_state >> 12;
	vis_state ^= vis_state << 25;
	vis_state ^= vis_state >> 27;
	return lo + (int64_t)(vis_state * 2685821657736338717ULL % (uint64_t)(hi - lo + 1));
}

struct officer {
	int64_t id;
	const char *username;
};

struct gen_proc {
	struct procedure p;
	int64_t version_id;
	struct unit processing, receiving;
	struct unit *step_units; /* per step */
	struct officer *step_officers;
	struct svc_calendar cal; /* of the processing unit */
	struct svc_calendar *step_cal;
	/* The receiving unit's queue: its first active service (0: none, no
	 * visits) and a counter serving it (0: none). */
	int64_t q_unit, q_service, q_counter;
	const char *q_prefix;
};

struct gen {
	struct arena *a; /* lives for the run */
	struct gen_proc procs[MAX_PROCS];
	size_t nprocs;
	struct svc_calendar cals[MAX_UNITS];
	int64_t cal_units[MAX_UNITS];
	size_t ncals;
	const char *unit_code; /* NULL: each procedure's first step's unit */
	int64_t now;
	int64_t open_window_h; /* see one() */
	bool visits;	       /* direct dossiers come with a ticket and ratings */
};

static struct svc_calendar *calendar_of(struct gen *g, struct db *db, int64_t unit_id)
{
	for (size_t i = 0; i < g->ncals; i++)
		if (g->cal_units[i] == unit_id)
			return &g->cals[i];
	if (g->ncals == MAX_UNITS || svc_calendar_get(db, unit_id, &g->cals[g->ncals]) < 0)
		return NULL;
	g->cal_units[g->ncals] = unit_id;
	return &g->cals[g->ncals++];
}

static int officer_of(struct db *db, struct arena *a, int64_t unit_id, const char *role,
		      struct officer *out)
{
	return repo_gen_officer(db, a, unit_id, role, &out->id, &out->username);
}

/* The queue of the receiving unit's desk: the first active service of
 * the unit, or of the nearest unit above it that has one (the one-stop
 * desk of an office serves its agency), and a counter serving it, as the
 * administrator set the desk up (none: no visits there). */
static int desk_of(struct db *db, struct arena *a, struct gen_proc *gp)
{
	struct queue_service *sv;
	struct queue_counter *cs;
	size_t ns, nc;
	struct unit u = gp->receiving;
	int rc = DB_OK;
	for (int depth = 0; depth < 16 && !gp->q_service; depth++) {
		if ((rc = repo_queue_services(db, a, u.id, "", false, &sv, &ns)) < 0)
			return rc;
		for (size_t i = 0; i < ns && !gp->q_service; i++)
			if (sv[i].active) {
				gp->q_service = sv[i].id;
				gp->q_prefix = sv[i].prefix;
				gp->q_unit = u.id;
			}
		if (!u.parent_id)
			break;
		if (!gp->q_service && (rc = repo_unit_by_id(db, a, u.parent_id, &u)) < 0)
			return rc;
	}
	if (!gp->q_service)
		return DB_OK;
	if ((rc = repo_queue_counters(db, a, gp->q_unit, &cs, &nc)) < 0)
		return rc;
	for (size_t i = 0; i < nc && !gp->q_counter; i++)
		for (size_t k = 0; k < cs[i].nservices; k++)
			if (cs[i].active && cs[i].services[k] == gp->q_service)
				gp->q_counter = cs[i].id;
	return DB_OK;
}

static int load(struct gen *g, struct db *db)
{
	const char **codes;
	size_t n;
	int rc = repo_proc_codes(db, g->a, g->now, &codes, &n);
	if (rc < 0)
		return rc;
	struct unit forced = {0};
	if (g->unit_code) {
		rc = repo_unit_by_code(db, g->a, g->unit_code, &forced);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < n && g->nprocs < MAX_PROCS; i++) {
		struct gen_proc *gp = &g->procs[g->nprocs];
		memset(gp, 0, sizeof *gp);
		if (repo_proc_get(db, g->a, codes[i], 0, g->now, &gp->p) < 0 || !gp->p.nsteps ||
		    !gp->p.ncomponents)
			continue;
		if (repo_dossier_proc_version_id(db, gp->p.code, gp->p.version, &gp->version_id) <
			    0 ||
		    repo_unit_by_code(db, g->a, gp->p.unit, &gp->processing) < 0)
			continue;
		gp->step_units = arena_zalloc(g->a, gp->p.nsteps * sizeof *gp->step_units);
		gp->step_officers = arena_zalloc(g->a, gp->p.nsteps * sizeof *gp->step_officers);
		gp->step_cal = arena_zalloc(g->a, gp->p.nsteps * sizeof *gp->step_cal);
		bool ok = true;
		for (size_t s = 0; s < gp->p.nsteps && ok; s++) {
			struct svc_calendar *c;
			ok = repo_unit_by_code(db, g->a, gp->p.steps[s].unit, &gp->step_units[s]) ==
				     DB_OK &&
			     officer_of(db, g->a, gp->step_units[s].id, gp->p.steps[s].role,
					&gp->step_officers[s]) == DB_OK &&
			     (c = calendar_of(g, db, gp->step_units[s].id)) != NULL;
			if (ok)
				gp->step_cal[s] = *c;
		}
		struct svc_calendar *pc = ok ? calendar_of(g, db, gp->processing.id) : NULL;
		if (!pc)
			continue;
		gp->cal = *pc;
		gp->receiving = g->unit_code ? forced : gp->step_units[0];
		if (g->visits && (rc = desk_of(db, g->a, gp)) < 0)
			return rc;
		g->nprocs++;
	}
	return g->nprocs ? DB_OK : DB_NOT_FOUND;
}

/* A receipt instant in office hours of the working day `days_back` days
 * before now (or the next working day after it, never in the future). */
static int64_t receipt_time(const struct svc_calendar *cal, int64_t now, int64_t days_back)
{
	int64_t t = now - days_back * DAY_MS;
	/* Snap to the start of the local day, then some office time into it. */
	int64_t local_day = (t + 7 * HOUR_MS) / DAY_MS * DAY_MS - 7 * HOUR_MS;
	int64_t at;
	if (cal_add_office_time(cal->cal, cal->hours, local_day, rnd_in(5, 7 * 60) * 60000LL, &at) <
	    0)
		return t;
	return at < now ? at : now - HOUR_MS;
}

enum gen_end {
	END_RECEIVED,
	END_IN_PROCESS,
	END_SUPPLEMENT,
	END_RESULT_READY,
	END_RETURNED,
	END_REFUSED,
	END_WITHDRAWN,
	END_STOPPED
};

/* How a dossier ends up. Open (in the inbox): 48 % in process, 24 % with
 * the result ready, 16 % just received, 12 % waiting for a supplement.
 * Finished: 700 of 750 returned, the rest refused, withdrawn or stopped.
 * With a quarter open these are the shares of the generator's first
 * version (70 % returned, 6 % result ready, 12 % in process, ...). */
static enum gen_end pick_end(bool open)
{
	if (open) {
		int64_t r = rnd_in(1, 250);
		return r <= 60	  ? END_RESULT_READY
		       : r <= 180 ? END_IN_PROCESS
		       : r <= 220 ? END_RECEIVED
				  : END_SUPPLEMENT;
	}
	int64_t r = rnd_in(1, 750);
	return r <= 700	  ? END_RETURNED
	       : r <= 720 ? END_REFUSED
	       : r <= 735 ? END_WITHDRAWN
			  : END_STOPPED;
}

struct gen_ctx {
	struct gen *g;
	struct arena *a; /* per batch */
	int64_t count, done;
};

/* Numbers that pass core/ident.c, from the same draws as before: the
 * province code is the first valid one from p up, and the tax code's last
 * digit is its check digit (a draw with none takes the next one). */
static const char *gen_id_number(struct arena *a, int64_t p, int64_t rest)
{
	char code[4];
	for (int i = 0; i < 100; i++) {
		snprintf(code, sizeof code, "%03lld", (long long)((p + i) % 97));
		if (ident_province_name(code))
			break;
	}
	return arena_printf(a, "%s%09lld", code, (long long)rest);
}

static const char *gen_tax_code(struct arena *a, int64_t n)
{
	for (;; n = (n + 10) % 100000000) {
		char *t = arena_printf(a, "01%08lld", (long long)n);
		int c = ident_tax_check_digit(t);
		if (c < 10) {
			t[9] = (char)('0' + c);
			return t;
		}
	}
}

/* One generated dossier as it is written: the procedure version, the row,
 * the officers; and the event being decided (gen_decide()). */
struct gen_doc {
	struct db *db;
	struct arena *a;
	struct gen *g;
	struct gen_proc *gp;
	struct dossier d;
	bool drafted; /* a result file was drafted (result_drafted) */
};

struct gen_act {
	enum wf_action action;
	struct wf_outcome o;
	const char *from;
	int64_t step_from, step_due;
};

static unsigned step_role_of(const struct procedure *p, int64_t step)
{
	return step >= 1 && (size_t)step <= p->nsteps ? role_parse(p->steps[step - 1].role) : 0;
}

/* The lifecycle's decision (core/workflow.c) on the dossier as generated so
 * far, taken by an officer holding `roles`. */
static int gen_decide(struct gen_doc *x, enum wf_action a, unsigned roles, struct gen_act *out)
{
	const struct dossier *d = &x->d;
	const struct procedure *p = &x->gp->p;
	int st = d->state ? wf_state_parse(d->state) : DOSSIER_NONE;
	int rs = d->resume_state ? wf_state_parse(d->resume_state) : DOSSIER_NONE;
	struct wf_dossier w = {.state = st < 0 ? DOSSIER_NONE : (enum dossier_state)st,
			       .received = d->received_at != 0,
			       .step = (int)d->step,
			       .nsteps = (int)p->nsteps,
			       .step_role = step_role_of(p, d->step),
			       .next_step_role = step_role_of(p, d->step + 1),
			       .assigned = d->assignee_id != 0,
			       .supplements = (int)d->supplements,
			       .approved = d->approved,
			       .has_draft = x->drafted,
			       .resume_state = rs < 0 ? DOSSIER_NONE : (enum dossier_state)rs};
	struct wf_params wp = {.office_ms_left = INT64_MAX / 4};
	int rc = wf_apply(&w, a, roles, &wp, &out->o);
	if (rc != WF_OK) {
		log_error("gen: %s refused in state %s: %s", wf_action_name(a), d->state,
			  wf_error_text(rc));
		return DB_HARD;
	}
	out->action = a;
	out->from = st > 0 ? d->state : "";
	out->step_from = d->step;
	out->step_due = d->step_due_at;
	return DB_OK;
}

/* The event of a decided action, once its effects are on x->d: the state
 * and the data keys are the outcome's, the data written by the service's
 * writer. */
static int gen_append(struct gen_doc *x, const struct gen_act *ga, int64_t at,
		      const struct officer *by, const char *note, struct svcd_event_data *v)
{
	struct dossier *d = &x->d;
	const struct wf_outcome *o = &ga->o;
	d->state = wf_state_name(o->to);
	if ((o->keys & WF_KEY(WF_K_UNIT)) && d->step >= 1) {
		v->unit = x->gp->step_units[d->step - 1].code;
		v->have |= WF_KEY(WF_K_UNIT);
	}
	struct event e = {.at = at,
			  .actor_id = by ? by->id : 0,
			  .actor = by ? by->username : "",
			  .action = wf_action_name(ga->action),
			  .from_state = ga->from,
			  .to_state = d->state,
			  .step_from = ga->step_from,
			  .step_to = d->step,
			  .step_due_at = o->hand_over ? ga->step_due : 0,
			  .timeliness = o->hand_over ? event_timeliness_name(event_step_timeliness(
							       at, ga->step_due))
						     : "",
			  .note = note ? note : "",
			  .data = svcd_event_data(x->a, o->keys, v)};
	return svcd_append_event(x->db, x->a, d, &e);
}

/* Enters step `step` at `at`: its unit, role and due time (the step's
 * calendar, the procedure's share). */
static int gen_enter_step(struct gen_doc *x, int64_t step, int64_t at)
{
	struct gen_proc *gp = x->gp;
	struct dossier *d = &x->d;
	struct svc_calendar *sc = &gp->step_cal[step - 1];
	d->step = step;
	d->step_started_at = at;
	d->step_role = gp->p.steps[step - 1].role;
	d->step_unit_id = gp->step_units[step - 1].id;
	return cal_due(sc->cal, sc->hours, at, svcd_step_limit(&gp->p, step), NULL, 0,
		       &d->step_due_at) < 0
		       ? DB_HARD
		       : DB_OK;
}

/* The dossier's row as received (or refused) at the desk at t. */
static int gen_row(struct gen_doc *x, int64_t t, bool refused)
{
	struct gen_proc *gp = x->gp;
	const struct procedure *p = &gp->p;
	struct dossier *d = &x->d;
	struct arena *a = x->a;
	d->procedure_code = p->code;
	d->procedure_version_id = gp->version_id;
	d->code_day = dossier_code_day(t);
	int rc = repo_dossier_next_seq(x->db, gp->receiving.id, d->code_day, &d->code_seq, NULL);
	if (rc < 0)
		return rc;
	char code[DOSSIER_CODE_MAX + 1];
	if (dossier_code_format(gp->receiving.ident, t, d->code_seq, code, sizeof code) < 0)
		return DB_HARD;
	d->code = arena_strdup(a, code);
	d->channel = rnd_in(1, 10) <= 4 ? "online" : "direct";
	d->receiving_unit_id = gp->receiving.id;
	d->processing_unit_id = gp->processing.id;
	bool firm = rnd_in(1, 3) == 1;
	d->submitter.kind = firm ? "organisation" : "person";
	d->submitter.name =
		firm ? PICK(firms)
		     : arena_printf(a, "%s %s %s", PICK(family), PICK(middle), PICK(given));
	if (firm)
		d->submitter.tax_code = gen_tax_code(a, rnd_in(0, 99999999));
	else
		d->submitter.id_number = gen_id_number(a, rnd_in(1, 96), rnd_in(0, 999999999));
	d->submitter.address = PICK(places);
	d->submitter.phone = arena_printf(a, "09%08lld", (long long)rnd_in(0, 99999999));
	d->submitter.email = "";
	d->request_text = "";
	d->sets = 1;
	d->return_method = !strcmp(d->channel, "online") ? "online" : "desk";
	d->created_by = gp->step_officers[0].id;
	d->created_at = d->updated_at = t;
	d->step_unit_id = gp->receiving.id;
	d->state = refused ? "refused" : "received";
	struct dossier_component *comps = arena_zalloc(a, p->ncomponents * sizeof *comps);
	for (size_t i = 0; i < p->ncomponents; i++) {
		const struct proc_component *pc = &p->components[i];
		comps[i] = (struct dossier_component){
			pc->name.vi,
			pc->name.en,
			pc->copy_type,
			pc->copies,
			pc->mandatory,
			pc->mandatory ? (!strcmp(d->channel, "online") ? "uploaded" : "paper")
				      : "not_applicable"};
	}
	d->id = 0; /* a new id, given by the insert */
	rc = repo_dossier_insert(x->db, d, comps, p->ncomponents, NULL, 0, &d->id);
	d->state = NULL; /* the first event decides it */
	return rc;
}

/* The values of a creating action's event. */
static struct svcd_event_data create_values(const struct gen_doc *x)
{
	return (struct svcd_event_data){.have = WF_KEY(WF_K_CHANNEL) | WF_KEY(WF_K_PROCEDURE) |
						WF_KEY(WF_K_VERSION) | WF_KEY(WF_K_MISSING) |
						(x->d.due_at ? WF_KEY(WF_K_DUE_AT) : 0),
					.channel = x->d.channel,
					.procedure = x->gp->p.code,
					.version = x->gp->p.version,
					.due_at = x->d.due_at};
}

/* Refused at the desk (Form 03): the row and its only event. */
static int gen_refuse(struct gen_doc *x, int64_t t)
{
	struct gen_act ga;
	struct officer *desk = &x->gp->step_officers[0];
	int rc = gen_decide(x, WF_REFUSE, ROLE_RECEIVER, &ga);
	if (rc < 0)
		return rc;
	/* As at the desk: refused before any step was entered (the row keeps
	 * the desk's step). */
	x->d.ended_at = t;
	struct svcd_event_data v = create_values(x);
	rc = gen_append(x, &ga, t, desk, "Không thuộc phạm vi giải quyết", &v);
	x->d.step = 1;
	x->d.step_role = x->gp->p.steps[0].role;
	return rc < 0 ? rc : repo_dossier_update(x->db, &x->d, 0);
}

/* Received at the desk (Form 01): the clock starts, step 1 at the desk. */
static int gen_receive(struct gen_doc *x, int64_t t)
{
	struct gen_proc *gp = x->gp;
	struct dossier *d = &x->d;
	struct gen_act ga;
	int rc = gen_decide(x, WF_RECEIVE, ROLE_RECEIVER, &ga);
	if (rc < 0)
		return rc;
	d->received_at = t;
	if (cal_due(gp->cal.cal, gp->cal.hours, t,
		    limit_to_cal(gp->p.limit_unit, gp->p.limit_value), NULL, 0, &d->due_at) < 0)
		return DB_HARD;
	if ((rc = gen_enter_step(x, ga.o.step, t)) < 0)
		return rc;
	d->assignee_id = gp->step_officers[0].id;
	struct svcd_event_data v = create_values(x);
	return gen_append(x, &ga, t, &gp->step_officers[0], NULL, &v);
}

/* The result drafted by `by` at `at`, as svc_result_draft() records it:
 * approving and issuing need one (core/workflow.c). The generator keeps no
 * files: the event names the file a draft would be (its hash), no draft
 * row points at a file that is not there, and no signed result is made,
 * so the generated results count as not electronic (kpi: e_result). */
static int gen_draft(struct gen_doc *x, int64_t at, const struct officer *by)
{
	struct dossier *d = &x->d;
	const char *name = arena_printf(x->a, "KQ-%s.pdf", d->code);
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * sizeof h + 1];
	crypto_hash_sha256(h, (const unsigned char *)name, strlen(name));
	text_hex(h, sizeof h, hex);
	struct event e = {
		.at = at,
		.actor_id = by->id,
		.actor = by->username,
		.action = "result_drafted",
		.from_state = d->state,
		.to_state = d->state,
		.step_from = d->step,
		.step_to = d->step,
		.timeliness = "",
		.note = "",
		.data = evd_result_drafted(
			x->a, &(struct evd_draft){.sha256 = hex, .type = "pdf", .size = 4096})};
	x->drafted = true;
	return svcd_append_event(x->db, x->a, d, &e);
}

/* Step s's officer hands over at `at`: approves and issues the result to
 * the return step when `to_result`, else transfers to step s + 1. */
static int gen_hand_over(struct gen_doc *x, size_t s, int64_t at, bool to_result)
{
	struct gen_proc *gp = x->gp;
	struct dossier *d = &x->d;
	struct officer *giver = &gp->step_officers[s - 1];
	unsigned roles = role_parse(gp->p.steps[s - 1].role);
	struct gen_act ga;
	struct svcd_event_data v = {0};
	int rc;
	if (to_result) {
		if ((rc = gen_draft(x, at, giver)) < 0 ||
		    (rc = gen_decide(x, WF_APPROVE, roles, &ga)) < 0 ||
		    (rc = gen_append(x, &ga, at, giver, NULL, &v)) < 0)
			return rc;
		d->approved = true;
	}
	if ((rc = gen_decide(x, to_result ? WF_ISSUE_RESULT : WF_TRANSFER, roles, &ga)) < 0)
		return rc;
	if (to_result) {
		d->result_code = arena_printf(x->a, "KQ-%s", d->code);
		d->result_at = at;
		d->timeliness = svcd_timeliness(d, at);
		v.result_code = d->result_code;
		v.have |= WF_KEY(WF_K_RESULT_CODE);
	}
	if ((rc = gen_enter_step(x, ga.o.step, at)) < 0)
		return rc;
	d->assignee_id = to_result || rnd_in(1, 2) == 1 ? 0 : gp->step_officers[s].id;
	return gen_append(x, &ga, at, giver, NULL, &v);
}

/* The officers of the steps work each a share of its time (over it now
 * and then), handing over up to step `reach`; returns when it got there. */
static int gen_walk(struct gen_doc *x, int64_t t, size_t reach, bool to_result, int64_t *at)
{
	struct gen_proc *gp = x->gp;
	bool late_run = rnd_in(1, 10) == 1;
	*at = t;
	for (size_t s = 1; s < reach; s++) {
		struct svc_calendar *sc = &gp->step_cal[s - 1];
		int64_t share_ms = gp->p.steps[s - 1].share * HOUR_MS;
		int64_t work = late_run ? share_ms + rnd_in(1, 16) * HOUR_MS / 4
					: rnd_in(share_ms / 8 + 1, share_ms > 1 ? share_ms : 1);
		int64_t next;
		if (cal_add_office_time(sc->cal, sc->hours, *at, work, &next) < 0)
			return DB_HARD;
		if (next >= x->g->now) /* never in the future */
			next = *at + (x->g->now - *at) / 2;
		*at = next;
		int rc = gen_hand_over(x, s, *at, to_result && s + 1 == gp->p.nsteps);
		if (rc < 0)
			return rc;
	}
	return DB_OK;
}

/* An officer of the procedure's steps who may take action a now: the
 * current step's if its role may, else the first step's that may. */
static struct officer *gen_taker(struct gen_doc *x, enum wf_action a, unsigned *roles)
{
	struct gen_proc *gp = x->gp;
	int st = wf_state_parse(x->d.state);
	unsigned may = wf_action_roles(a, st < 0 ? DOSSIER_NONE : (enum dossier_state)st);
	size_t cur = (size_t)x->d.step - 1;
	for (size_t i = 0; i <= gp->p.nsteps; i++) {
		size_t s = i == 0 ? cur : i - 1;
		unsigned r = role_parse(gp->p.steps[s].role);
		if (r & may) {
			*roles = r;
			return &gp->step_officers[s];
		}
	}
	*roles = 0;
	return &gp->step_officers[cur];
}

/* How it ends (or waits): returned, a supplement requested, withdrawn or
 * stopped, some time after `at`. */
static int gen_end(struct gen_doc *x, enum gen_end end, int64_t at)
{
	struct dossier *d = &x->d;
	struct gen_act ga;
	struct svcd_event_data v = {0};
	int64_t when = at + (end == END_RETURNED ? rnd_in(1, 48) : rnd_in(1, 8)) * HOUR_MS;
	if (when >= x->g->now)
		when = at + (x->g->now - at) / 2;
	const char *from = d->state;
	if (end == END_RETURNED) {
		struct officer *o = &x->gp->step_officers[x->gp->p.nsteps - 1];
		int rc = gen_decide(x, WF_RETURN_RESULT, ROLE_RECEIVER, &ga);
		if (rc < 0)
			return rc;
		d->returned_at = d->ended_at = when;
		return gen_append(x, &ga, when, o, NULL, &v);
	}
	unsigned roles;
	enum wf_action a = end == END_SUPPLEMENT  ? WF_REQUEST_SUPPLEMENT
			   : end == END_WITHDRAWN ? WF_WITHDRAW
						  : WF_STOP;
	struct officer *o = a == WF_WITHDRAW ? NULL : gen_taker(x, a, &roles);
	int rc = gen_decide(x, a, a == WF_WITHDRAW ? ROLE_CITIZEN : roles, &ga);
	if (rc < 0)
		return rc;
	if (a == WF_REQUEST_SUPPLEMENT) {
		static const struct dossier_component first_missing = {.status = "missing"};
		d->paused_at = when;
		d->resume_state = from;
		d->supplements = 1;
		v = (struct svcd_event_data){.have = WF_KEY(WF_K_CLOCK) | WF_KEY(WF_K_MISSING),
					     .clock = "paused",
					     .components = &first_missing,
					     .ncomponents = 1};
		rc = repo_dossier_pause_start(x->db, d->id, "supplement", when);
		return rc < 0 ? rc
			      : gen_append(x, &ga, when, o, "Bổ sung bản sao có chứng thực", &v);
	}
	d->ended_at = when;
	d->timeliness = svcd_timeliness(d, when);
	d->assignee_id = 0;
	v.stage = from;
	v.have = WF_KEY(WF_K_STAGE);
	return gen_append(x, &ga, when, o,
			  a == WF_WITHDRAW ? "Tổ chức, cá nhân rút hồ sơ"
					   : "Quá hạn bổ sung theo quy định",
			  &v);
}

/* ---- the visit: a queue ticket and ratings ---- */

/* A level on the five of DOMAIN.md 7: mostly satisfied, some not
 * (45 % very satisfied, 35 % satisfied, 10 % neutral, 6 % and 4 %). */
static int gen_level(void)
{
	int64_t r = vis_in(1, 100);
	return r <= 45	 ? SAT_VERY_SATISFIED
	       : r <= 80 ? SAT_SATISFIED
	       : r <= 90 ? SAT_NEUTRAL
	       : r <= 96 ? SAT_DISSATISFIED
			 : SAT_VERY_DISSATISFIED;
}

/* A rating as the applicant gives it through a link: the link made and
 * used at `at`, the rating keeping its hash. */
static int gen_rate(struct gen_doc *x, const char *kind, int64_t ticket_id, int64_t at,
		    const int64_t *officers, size_t nofficers)
{
	bool visit = !strcmp(kind, "visit");
	int64_t target = visit ? ticket_id : x->d.id;
	unsigned char h[crypto_hash_sha256_BYTES];
	char token[65], hash[65];
	const char *seed = arena_printf(x->a, "motcua-gen-rating:%s:%lld:%lld", kind,
					(long long)target, (long long)vis_in(0, INT64_MAX / 2));
	crypto_hash_sha256(h, (const unsigned char *)seed, strlen(seed));
	text_hex(h, sizeof h, token);
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	text_hex(h, sizeof h, hash);
	bool used, ok;
	struct rating_link l;
	int rc = repo_rating_link_put(x->db, kind, target, visit ? "holder" : "applicant", hash, at,
				      &used);
	if (rc == DB_OK)
		rc = repo_rating_link_find(x->db, x->a, hash, &l);
	if (rc == DB_OK)
		rc = repo_rating_link_use(x->db, l.id, at, &ok);
	if (rc < 0)
		return rc;
	struct rating_row r = {.kind = kind,
			       .ticket_id = ticket_id,
			       .dossier_id = visit ? 0 : x->d.id,
			       .unit_id = visit ? x->gp->q_unit : x->gp->receiving.id,
			       .level = gen_level(),
			       .link_nonce = hash,
			       .contacts_score = -1,
			       .agencies_score = -1,
			       .attitude_score = -1};
	return repo_rating_insert(x->db, &r, officers, nofficers, at, NULL);
}

/* An instant `ms` after `at`, never now or later. */
static int64_t gen_after(const struct gen_doc *x, int64_t at, int64_t ms)
{
	return at + ms < x->g->now ? at + ms : at + (x->g->now - at) / 2;
}

/* The visit of a dossier handed in at the desk at t (received or refused):
 * the ticket issued, waited (mostly 3 to 25 minutes, a tail up to an hour),
 * called to the counter, served (the dossier linked at t), finished; each
 * step with the queue's own event, as the desk writes them. */
static int gen_visit(struct gen_doc *x, int64_t t, int64_t *ticket_id)
{
	struct gen_proc *gp = x->gp;
	const struct officer *desk = &gp->step_officers[0];
	int64_t wait = (vis_in(1, 100) <= 85 ? vis_in(3 * 60, 25 * 60) : vis_in(25 * 60, 60 * 60)) *
		       1000LL;
	struct queue_ticket q = {.unit_id = gp->q_unit, .service_id = gp->q_service};
	q.started_at = t - vis_in(2 * 60, 15 * 60) * 1000LL;
	q.called_at = q.last_called_at = q.started_at - vis_in(20, 90) * 1000LL;
	q.issued_at = q.queued_at = q.called_at - wait;
	char day[16], number[16];
	queue_today(q.issued_at, day);
	q.day = day;
	int rc = repo_queue_next_seq(x->db, gp->q_service, day, &q.seq);
	if (rc < 0)
		return rc;
	if (queue_format_number(gp->q_prefix, q.seq, number, sizeof number) < 0)
		return DB_HARD;
	q.number = number;
	q.follow_token = arena_printf(x->a, "%016llx%08llx", (long long)vis_in(0, INT64_MAX / 2),
				      (long long)vis_in(0, 0x7fffffff));
	if ((rc = repo_queue_ticket_insert(x->db, &q, &q.id)) < 0 ||
	    (rc = repo_queue_event_insert(x->db, q.id, "issue", gp->q_service, 0, 0, NULL,
					  q.issued_at)) < 0 ||
	    (rc = repo_queue_event_insert(x->db, q.id, "call", gp->q_service, gp->q_counter,
					  desk->id, NULL, q.called_at)) < 0 ||
	    (rc = repo_queue_event_insert(x->db, q.id, "start", gp->q_service, gp->q_counter,
					  desk->id, NULL, q.started_at)) < 0 ||
	    (rc = repo_queue_link_dossier(x->db, q.id, x->d.id, gp->q_counter, desk->id, t)) < 0 ||
	    (rc = repo_queue_event_insert(x->db, q.id, "link_dossier", gp->q_service, gp->q_counter,
					  desk->id, NULL, t)) < 0)
		return rc;
	q.finished_at = gen_after(x, t, vis_in(1, 8) * 60000LL);
	q.handling_ms = q.finished_at - q.started_at;
	q.state = ticket_state_name(TICKET_FINISHED);
	q.counter_id = gp->q_counter;
	q.officer_id = desk->id;
	q.calls = 1;
	if ((rc = repo_queue_ticket_update(x->db, &q, "waiting")) < 0 ||
	    (rc = repo_queue_event_insert(x->db, q.id, "finish", gp->q_service, gp->q_counter,
					  desk->id, NULL, q.finished_at)) < 0)
		return rc;
	*ticket_id = q.id;
	/* Two visitors in five rate the visit, soon after. */
	if (vis_in(1, 5) <= 2)
		rc = gen_rate(x, "visit", q.id,
			      gen_after(x, q.finished_at, vis_in(1, 120) * 60000LL), &desk->id, 1);
	return rc;
}

/* The visit of a direct dossier, and the dossier's own rating by some of
 * those who got their result back (one in three). */
static int gen_visit_and_rating(struct gen_doc *x, int64_t t)
{
	int64_t ticket = 0;
	int rc = DB_OK;
	if (!strcmp(x->d.channel, "direct") && x->gp->q_service)
		rc = gen_visit(x, t, &ticket);
	if (rc == DB_OK && x->d.returned_at && vis_in(1, 3) == 1) {
		/* Rated with the officers who acted on it (the steps'). */
		struct gen_proc *gp = x->gp;
		int64_t *ids = arena_zalloc(x->a, gp->p.nsteps * sizeof *ids);
		for (size_t s = 0; s < gp->p.nsteps; s++)
			ids[s] = gp->step_officers[s].id;
		rc = gen_rate(x, "dossier", ticket,
			      gen_after(x, x->d.returned_at, vis_in(1, 72) * HOUR_MS), ids,
			      gp->p.nsteps);
	}
	return rc;
}

static int one(struct db *db, struct gen *g, struct arena *a)
{
	struct gen_doc x = {.db = db, .a = a, .g = g, .gp = &g->procs[rnd() % g->nprocs]};
	const struct procedure *p = &x.gp->p;
	/* Its age, even over the year; then open with probability 1 - age / W
	 * (W = open_window_h, none older), as an agency's work goes: what came
	 * in today is all open, half of what came W/2 ago, none older than W.
	 * That makes open_percent of all open (W = 2 years x open_percent). */
	int64_t age_h = rnd_in(1, 365 * 24);
	bool open = age_h < g->open_window_h && rnd_in(1, g->open_window_h) > age_h;
	enum gen_end end = pick_end(open);
	int64_t t = receipt_time(&x.gp->step_cal[0], g->now, (age_h + 23) / 24);
	int rc = gen_row(&x, t, end == END_REFUSED);
	if (rc < 0)
		return rc;
	if (end == END_REFUSED) {
		rc = gen_refuse(&x, t);
		return rc < 0 || !g->visits ? rc : gen_visit_and_rating(&x, t);
	}
	if ((rc = gen_receive(&x, t)) < 0)
		return rc;

	/* How far it went: the last step reached (1-based). */
	size_t last = p->nsteps;
	size_t reach =
		end == END_RECEIVED ? 1
		: end == END_RETURNED || end == END_RESULT_READY
			? last
			: (size_t)rnd_in(last >= 3 ? 2 : 1, last > 2 ? (int64_t)last - 1 : 1);
	int64_t at;
	rc = gen_walk(&x, t, reach, end == END_RETURNED || end == END_RESULT_READY, &at);
	if (rc == DB_OK && (end == END_RETURNED || end == END_SUPPLEMENT || end == END_WITHDRAWN ||
			    end == END_STOPPED))
		rc = gen_end(&x, end, at);
	if (rc < 0)
		return rc;
	x.d.updated_at = x.d.ended_at ? x.d.ended_at : at;
	rc = repo_dossier_update(db, &x.d, 0);
	return rc < 0 || !g->visits ? rc : gen_visit_and_rating(&x, t);
}

static int batch_txn(struct db *db, void *arg)
{
	struct gen_ctx *c = arg;
	uint64_t saved = rnd_state, vis_saved = vis_state; /* a retried batch makes the same */
	for (int64_t i = 0; i < c->count; i++) {
		int rc = one(db, c->g, c->a);
		if (rc < 0) {
			rnd_state = saved;
			vis_state = vis_saved;
			return rc;
		}
	}
	return DB_OK;
}

static int cursor_txn(struct db *db, void *arg)
{
	(void)arg;
	int64_t last;
	int rc = repo_worker_last_event(db, &last);
	/* The worker mails nobody about generated dossiers. */
	if (rc == DB_OK)
		rc = repo_worker_cursor_advance(db, "mail_event_cursor", last);
	if (rc == DB_OK)
		rc = repo_worker_cursor_advance(db, "mail_event_floor", last);
	return rc;
}

int svc_gen_dossiers(struct db *db, int64_t n, const char *unit_code, uint64_t seed, int64_t batch,
		     int64_t open_percent, bool visits, FILE *progress, char *err, size_t errlen)
{
	struct arena run;
	arena_init(&run);
	struct gen g = {.a = &run,
			.unit_code = unit_code,
			.now = clock_now_ms(),
			.open_window_h = 2 * 365 * 24 * open_percent / 100,
			.visits = visits};
	if (seed)
		rnd_state = seed * 2654435761ULL + 1;
	vis_state = (seed ? seed : 1) * 0x9E3779B97F4A7C15ULL + 7;
	int rc = load(&g, db);
	if (rc < 0) {
		snprintf(err, errlen, "%s",
			 rc == DB_NOT_FOUND
				 ? (unit_code ? "no such unit, or no published procedure with steps"
					      : "no published procedure with steps: load the "
						"catalogue first")
				 : db_errmsg(db));
		goto out;
	}
	/* Generated data need not survive a crash: commits without waiting
	 * for the disk, so that small batches (fast: see cli_gen.c) are not
	 * bound by one sync each. */
	if ((rc = db_bulk_commits(db)) < 0) {
		snprintf(err, errlen, "%s", db_errmsg(db));
		goto out;
	}
	int64_t t0 = clock_mono_ns();
	for (int64_t done = 0; done < n;) {
		struct arena a;
		arena_init(&a);
		struct gen_ctx c = {&g, &a, n - done < batch ? n - done : batch, done};
		rc = db_run_txn(db, batch_txn, &c, DB_TXN_ATTEMPTS);
		arena_release(&a);
		if (rc < 0) {
			snprintf(err, errlen, "batch at %lld: %s", (long long)done, db_errmsg(db));
			goto out;
		}
		done += c.count;
		if (progress && (done % (batch * 10) == 0 || done == n)) {
			double s = (double)(clock_mono_ns() - t0) / 1e9;
			fprintf(progress, "%lld dossiers, %.1f s, %.0f/s\n", (long long)done, s,
				s > 0 ? (double)done / s : 0.0);
			fflush(progress);
		}
	}
	rc = db_run_txn(db, cursor_txn, NULL, DB_TXN_ATTEMPTS);
	if (rc < 0)
		snprintf(err, errlen, "%s", db_errmsg(db));
out:
	for (size_t i = 0; i < g.ncals; i++)
		svc_calendar_put(&g.cals[i]);
	arena_release(&run);
	return rc < 0 ? -1 : 0;
}
