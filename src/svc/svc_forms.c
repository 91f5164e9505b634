/* Forms 01–07 of a dossier and of a unit as PDF (svc_forms.h): the mapping
 * from the dossier, its history and the units to the plain structs of
 * doc/forms.h. Each form is filled from the event that produced it (its
 * time, actor, note and data), not from the dossier as it is now, so that a
 * reprint matches what was handed over. Layer: svc. */
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "core/access.h"
#include "core/roles.h"
#include "doc/forms.h"
#include "repo/repo_book.h"
#include "repo/repo_forms.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_forms.h"

#define DAY_MS 86400000LL

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

/* ---- the agency block ---- */

/* The names of unit u at instant at (its former names, migration 0022);
 * *superior gets the superior body recorded with a former name, else is
 * left as it was. */
static int unit_at(struct db *db, struct arena *a, const struct unit *u, int64_t at,
		   const char **name, const char **superior)
{
	*name = u->name_vi;
	if (!at)
		return DB_OK;
	struct unit_name n;
	int rc = repo_unit_name_at(db, a, u->id, at, &n);
	if (rc == DB_NOT_FOUND)
		return DB_OK;
	if (rc < 0)
		return rc;
	*name = n.name_vi;
	if (n.superior)
		*superior = n.superior;
	return DB_OK;
}

/* The issuing unit u with its parent as the superior body, both as they
 * were named at instant at (0: now). */
int svc_form_agency(struct db *db, struct arena *a, const struct config *cfg, const struct unit *u,
		    int64_t at, struct doc_agency *out)
{
	out->place = cfg->v.agency_place;
	out->superior = nz(cfg->v.agency_superior);
	int rc = unit_at(db, a, u, at, &out->name, &out->superior);
	if (rc < 0 || !u->parent_id)
		return rc;
	struct unit p;
	rc = repo_unit_by_id(db, a, u->parent_id, &p);
	if (rc == DB_NOT_FOUND)
		return DB_OK;
	if (rc < 0)
		return rc;
	const char *ignored = NULL;
	return unit_at(db, a, &p, at, &out->superior, &ignored);
}

/* The agency unit u belongs to: the root of its tree (the board, of which
 * the departments are parts; a department does not write to citizens in
 * its own name). */
static int agency_of(struct db *db, struct arena *a, const struct unit *u, struct unit *out)
{
	*out = *u;
	for (int up = 0; out->parent_id && up < SVC_FORM_HEAD_MAX_UP; up++) {
		int rc = repo_unit_by_id(db, a, out->parent_id, out);
		if (rc < 0)
			return rc;
	}
	return DB_OK;
}

int svc_form_agency_unit(struct db *db, struct arena *a, const struct unit *u, struct unit *out)
{
	return agency_of(db, a, u, out);
}

/* ---- the register of numbers (Forms 01–05) ---- */

/* The unit in whose register form n of event e goes: the unit that issues
 * it (the receiving unit at receipt, the processing unit afterwards, as
 * issuing_unit() below). */
static int64_t register_unit(const struct dossier *d, const struct event *e, int form)
{
	bool at_receipt = !e->from_state || !*e->from_state || !strcmp(e->from_state, "submitted");
	if (form == 1 || ((form == 2 || form == 3) && at_receipt))
		return d->receiving_unit_id;
	return d->processing_unit_id;
}

int svc_form_register(struct db *db, struct arena *a, const struct dossier *d,
		      const struct event *e, int form)
{
	const struct doc_form_def *def = doc_form_def(form);
	if (!def || !def->numbered)
		return DB_OK;
	struct form_number n = {
		.form = form, .dossier_id = d->id, .event_seq = e->seq, .at = e->at};
	n.unit_id = register_unit(d, e, form);
	struct unit u;
	int rc = repo_unit_by_id(db, a, n.unit_id, &u);
	if (rc == DB_OK && (form == 4 || form == 5)) /* letters of the agency */
		rc = agency_of(db, a, &u, &u);
	if (rc < 0)
		return rc;
	n.unit_id = u.id;
	int y, min;
	unsigned mo, day;
	doc_local_parts(e->at, &y, &mo, &day, &min);
	n.year = y;
	/* Decree 30/2020: numbers below 10 with a leading zero; the symbol
	 * is the kind of document, then the issuing unit. */
	return repo_form_number_take(db, &n, arena_printf(a, "/%s-%s", def->symbol, u.code));
}

/* "05/GTN-VP", the number given to the form event e produced (and its
 * place in the register, if seq is not NULL); NULL and 0 for a form issued
 * before the register was kept. */
static int number_seq(struct db *db, struct arena *a, const struct dossier *d,
		      const struct event *e, const char **out, int64_t *seq)
{
	struct form_number n;
	*out = NULL;
	int rc = repo_form_number_get(db, a, d->id, e->seq, &n);
	if (rc == DB_OK) {
		*out = n.number;
		if (seq)
			*seq = n.seq;
	}
	return rc == DB_NOT_FOUND ? DB_OK : rc;
}

static int number_of(struct db *db, struct arena *a, const struct dossier *d, const struct event *e,
		     const char **out)
{
	return number_seq(db, a, d, e, out, NULL);
}

int svc_form_head(struct db *db, struct arena *a, const struct unit *u, const char **name)
{
	static const char *const roles[] = {"head", "leader"};
	struct unit cur = *u;
	*name = NULL;
	for (int up = 0; up <= SVC_FORM_HEAD_MAX_UP; up++) {
		for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
			struct unit_officer *o;
			size_t n;
			int rc = repo_officers_of_unit(db, a, cur.id, roles[i], &o, &n);
			if (rc < 0)
				return rc;
			if (n) {
				*name = o[0].full_name;
				return DB_OK;
			}
		}
		if (!cur.parent_id)
			break;
		int rc = repo_unit_by_id(db, a, cur.parent_id, &cur);
		if (rc < 0)
			return rc == DB_NOT_FOUND ? DB_OK : rc;
	}
	return DB_OK;
}

/* ---- small mappings ---- */

static const char *copy_label(const char *copy_type, const char *status)
{
	if (status && !strcmp(status, "uploaded"))
		return "Bản điện tử";
	static const struct {
		const char *key, *label;
	} labels[] = {
		{"original", "Bản chính"},
		{"certified_copy", "Bản sao chứng thực"},
		{"copy", "Bản sao"},
		{"original_or_certified_copy", "Bản chính hoặc bản sao chứng thực"},
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (copy_type && !strcmp(copy_type, labels[i].key))
			return labels[i].label;
	return copy_type;
}

static const char *time_limit_text(struct arena *a, const struct procedure *p)
{
	switch (limit_unit_parse(p->limit_unit)) {
	case LIMIT_DAYS:
		return arena_printf(a, "%lld ngày", (long long)p->limit_value);
	case LIMIT_WORKING_HOURS:
		return arena_printf(a, "%lld giờ làm việc", (long long)p->limit_value);
	case LIMIT_WORKING_DAYS:
	case LIMIT_INVALID:
		break;
	}
	return arena_printf(a, "%lld ngày làm việc", (long long)p->limit_value);
}

static const char *return_place(struct arena *a, const struct svc_dossier *s)
{
	const char *m = s->d.return_method ? s->d.return_method : "desk";
	if (!strcmp(m, "post"))
		return "Qua dịch vụ bưu chính công ích, đến địa chỉ của người nộp hồ sơ";
	if (!strcmp(m, "online"))
		return "Trực tuyến, vào kho dữ liệu điện tử của tổ chức, cá nhân";
	return arena_printf(a, "Bộ phận Một cửa, %s", s->receiving_unit.name_vi);
}

static struct doc_person person_of(const struct dossier_party *p)
{
	bool org = p->kind && !strcmp(p->kind, "organisation");
	return (struct doc_person){.name = p->name,
				   .id_number = org ? NULL : nz(p->id_number),
				   .tax_code = org || !nz(p->id_number) ? nz(p->tax_code) : NULL,
				   .address = nz(p->address),
				   .phone = nz(p->phone),
				   .email = nz(p->email)};
}

/* "Ông/Bà Nguyễn Văn An", or the organisation's name. */
static const char *addressee(struct arena *a, const struct dossier *d)
{
	const struct dossier_party *p = d->owner.kind ? &d->owner : &d->submitter;
	if (p->kind && !strcmp(p->kind, "organisation"))
		return p->name;
	return arena_printf(a, "Ông/Bà %s", p->name);
}

/* The full name of a user, or the user name when unknown; NULL for the
 * system. */
static int full_name(struct db *db, struct arena *a, const char *username, const char **out)
{
	*out = NULL;
	if (!username || !*username)
		return DB_OK;
	struct user u;
	int rc = repo_user_by_username(db, a, username, &u);
	if (rc == DB_NOT_FOUND) {
		*out = username;
		return DB_OK;
	}
	if (rc < 0)
		return rc;
	*out = u.full_name;
	return DB_OK;
}

/* An integer or string member of an event's data. */
static int64_t data_int(const struct event *e, const char *key)
{
	json_t *j = e->data ? json_loads(e->data, 0, NULL) : NULL;
	json_t *v = j ? json_object_get(j, key) : NULL;
	int64_t r = json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
	json_decref(j);
	return r;
}

static const char *data_str(struct arena *a, const struct event *e, const char *key)
{
	json_t *j = e->data ? json_loads(e->data, 0, NULL) : NULL;
	json_t *v = j ? json_object_get(j, key) : NULL;
	const char *r = json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
	json_decref(j);
	return r;
}

/* Reasons: one per non-empty line of a note. */
static const char *const *split_lines(struct arena *a, const char *note, size_t *n)
{
	size_t cap = 1;
	for (const char *p = note; *p; p++)
		cap += *p == '\n';
	const char **out = arena_zalloc(a, (cap + 1) * sizeof *out);
	*n = 0;
	const char *p = note;
	while (*p && *n < DOC_MAX_ITEMS) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
			len--;
		if (len) {
			char *s = arena_alloc(a, len + 1);
			memcpy(s, p, len);
			s[len] = 0;
			out[(*n)++] = s;
		}
		if (!e)
			break;
		p = e + 1;
	}
	if (!*n) {
		out[0] = note;
		*n = 1;
	}
	return out;
}

/* The unit of step n of the procedure (name), or "" when none. */
static const char *step_unit_name(const struct svc_dossier *s, int64_t step)
{
	if (step < 1 || (size_t)step > s->proc.nsteps)
		return "";
	const struct proc_step *ps = &s->proc.steps[step - 1];
	return ps->unit_name_vi && *ps->unit_name_vi ? ps->unit_name_vi : ps->unit;
}

static enum doc_timeliness timeliness_of(const char *t)
{
	if (!t || !*t)
		return DOC_PENDING;
	if (!strcmp(t, "early"))
		return DOC_EARLY;
	if (!strcmp(t, "on_time"))
		return DOC_ON_TIME;
	return DOC_LATE;
}

/* ---- forms 01–06 ---- */

struct form_ctx {
	struct db *db;
	struct arena *a;
	const struct config *cfg;
	const struct svc_dossier *s;
	const struct event *e; /* the event that produced the form; NULL for 06 */
	struct buf *out;
	int rc; /* doc_render_formNN() */
};

/* The unit that issues a form produced by e: the receiving unit at receipt
 * (no state yet, or submitted online), the processing unit afterwards. */
static const struct unit *issuing_unit(const struct svc_dossier *s, const struct event *e)
{
	bool at_receipt =
		!e || !e->from_state || !*e->from_state || !strcmp(e->from_state, "submitted");
	return at_receipt ? &s->receiving_unit : &s->processing_unit;
}

/* The opening every notice shares: the agency that issues it (unit u)
 * and the full name of the officer whose action it records. */
static int agency_and_actor(struct form_ctx *c, const struct unit *u, struct doc_agency *agency,
			    const char **actor)
{
	int rc = svc_form_agency(c->db, c->a, c->cfg, u, c->e->at, agency);
	if (rc == DB_OK)
		rc = full_name(c->db, c->a, c->e->actor, actor);
	return rc;
}

/* The opening of a letter the head of the agency signs (Forms 04 and 05:
 * the head of the processing agency, the agency at fault; never the
 * officer who drafted it, who withdrew or stopped the dossier, nor a
 * department head; DOMAIN.md 6): the agency block of the agency unit u
 * belongs to, and its head's full name. */
static int agency_and_head(struct form_ctx *c, const struct unit *u, struct doc_agency *agency,
			   const char **head)
{
	struct unit ag;
	int rc = agency_of(c->db, c->a, u, &ag);
	if (rc == DB_OK)
		rc = svc_form_agency(c->db, c->a, c->cfg, &ag, c->e->at, agency);
	if (rc == DB_OK)
		rc = svc_form_head(c->db, c->a, &ag, head);
	return rc;
}

static int render01(struct form_ctx *c)
{
	const struct svc_dossier *s = c->s;
	const struct dossier *d = &s->d;
	struct doc_form01 f = {0};
	int rc = agency_and_actor(c, &s->receiving_unit, &f.agency, &f.officer);
	if (rc == DB_OK)
		rc = number_seq(c->db, c->a, &s->d, c->e, &f.number, &f.book_line);
	if (rc < 0)
		return rc;
	f.date = c->e->at;
	f.code = d->code;
	f.submitter = person_of(&d->submitter);
	struct doc_person owner;
	if (d->owner.kind) {
		owner = person_of(&d->owner);
		f.owner = &owner;
	}
	f.procedure = d->procedure_name_vi;
	f.request = nz(d->request_text);
	struct doc_component *comps = arena_zalloc(c->a, (s->ncomponents + 1) * sizeof *comps);
	for (size_t i = 0; i < s->ncomponents; i++) {
		const struct dossier_component *dc = &s->components[i];
		if (strcmp(dc->status, "paper") && strcmp(dc->status, "uploaded"))
			continue;
		comps[f.n_components++] = (struct doc_component){
			dc->name_vi, copy_label(dc->copy_type, dc->status), (int)dc->copies, NULL};
	}
	f.components = comps;
	f.sets = (int)d->sets;
	f.time_limit = time_limit_text(c->a, &s->proc);
	f.received_at = c->e->at;
	f.due_at = data_int(c->e, "due_at");
	if (!f.due_at)
		f.due_at = d->due_at;
	f.return_place = return_place(c->a, s);
	const char *base = c->cfg->v.public_url;
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	f.tracking_url = arena_printf(c->a, "%.*s/#/track/%s", (int)bl, base, d->code);
	c->rc = doc_render_form01(&f, c->out);
	return DB_OK;
}

/* By when the applicant should supplement: forms.supplement_working_days
 * of the issuing unit's calendar after the request (0 when the calendar
 * cannot say: the form then leaves a blank for a pen). */
static int supplement_by(struct form_ctx *c, int64_t *out)
{
	struct svc_calendar cal;
	*out = 0;
	int rc = svc_calendar_get(c->db, issuing_unit(c->s, c->e)->id, &cal);
	if (rc == DB_SOFT || rc == DB_HARD)
		return rc;
	if (rc < 0)
		return DB_OK;
	struct cal_limit lim = {CAL_WORKING_DAYS, (int32_t)c->cfg->v.forms_supplement_working_days};
	if (cal_due(cal.cal, cal.hours, c->e->at, lim, NULL, 0, out) < 0)
		*out = 0;
	svc_calendar_put(&cal);
	return DB_OK;
}

static int render02(struct form_ctx *c)
{
	const struct svc_dossier *s = c->s;
	const struct dossier *d = &s->d;
	struct doc_form02 f = {0};
	int rc = agency_and_actor(c, issuing_unit(s, c->e), &f.agency, &f.officer);
	if (rc == DB_OK)
		rc = number_of(c->db, c->a, &s->d, c->e, &f.number);
	if (rc < 0)
		return rc;
	f.date = c->e->at;
	f.code = d->code;
	f.submitter = person_of(&d->submitter);
	f.procedure = d->procedure_name_vi;
	/* The components the event asked for (1-based positions in its data). */
	struct doc_component *comps = arena_zalloc(c->a, (s->ncomponents + 1) * sizeof *comps);
	json_t *j = json_loads(c->e->data ? c->e->data : "{}", 0, NULL);
	json_t *miss = j ? json_object_get(j, "missing") : NULL;
	size_t k;
	json_t *v;
	json_array_foreach(miss, k, v)
	{
		json_int_t ord = json_integer_value(v);
		if (ord < 1 || (size_t)ord > s->ncomponents)
			continue;
		const struct dossier_component *dc = &s->components[ord - 1];
		comps[f.n_components++] = (struct doc_component){
			dc->name_vi, copy_label(dc->copy_type, NULL), (int)dc->copies,
			dc->mandatory ? "Bổ sung (bắt buộc)" : "Bổ sung"};
	}
	json_decref(j);
	if (!f.n_components) /* asked during processing without ticking a component */
		comps[f.n_components++] = (struct doc_component){
			c->e->note && *c->e->note ? c->e->note : "Thành phần hồ sơ theo hướng dẫn",
			NULL, 0, NULL};
	f.components = comps;
	f.reason = c->e->note && *c->e->note ? c->e->note
					     : "Hồ sơ chưa đầy đủ thành phần theo quy định";
	const struct unit *u = issuing_unit(s, c->e);
	f.contact = (struct doc_contact){f.officer, nz(u->phone)};
	/* During processing the clock pauses and resumes with what is left
	 * (DOMAIN.md 5); at the desk it has not started. */
	bool processing =
		c->e->from_state && *c->e->from_state && strcmp(c->e->from_state, "submitted");
	f.paused_at = processing ? c->e->at : 0;
	if ((rc = supplement_by(c, &f.supplement_by)) < 0)
		return rc;
	c->rc = doc_render_form02(&f, c->out);
	return DB_OK;
}

static int render03(struct form_ctx *c)
{
	const struct svc_dossier *s = c->s;
	const struct dossier *d = &s->d;
	struct doc_form03 f = {0};
	int rc = agency_and_actor(c, issuing_unit(s, c->e), &f.agency, &f.signer.name);
	if (rc == DB_OK)
		rc = number_of(c->db, c->a, &s->d, c->e, &f.number);
	if (rc < 0)
		return rc;
	f.date = c->e->at;
	f.code = d->code;
	f.submitter = person_of(&d->submitter);
	f.procedure = d->procedure_name_vi;
	f.reasons = split_lines(c->a, c->e->note ? c->e->note : "", &f.n_reasons);
	f.contact = (struct doc_contact){f.signer.name, nz(issuing_unit(s, c->e)->phone)};
	c->rc = doc_render_form03(&f, c->out);
	return DB_OK;
}

static int render04(struct form_ctx *c)
{
	const struct svc_dossier *s = c->s;
	const struct dossier *d = &s->d;
	struct doc_form04 f = {0};
	int rc = agency_and_head(c, &s->processing_unit, &f.agency, &f.signer.name);
	if (rc == DB_OK)
		rc = number_of(c->db, c->a, &s->d, c->e, &f.number);
	if (rc < 0)
		return rc;
	f.date = c->e->at;
	f.addressee = addressee(c->a, d);
	f.code = d->code;
	f.procedure = d->procedure_name_vi;
	f.received_at = d->received_at;
	f.due_at = data_int(c->e, "original_due_at");
	if (!f.due_at)
		f.due_at = d->due_at;
	f.reason = c->e->note;
	f.new_due_at = data_int(c->e, "proposed_due_at");
	f.signer.title = doc_form_def(4)->signer_title;
	/* The approval, if it came after this request: the letter is sent,
	 * and dated, on the day of its approval. */
	for (size_t i = 0; f.new_due_at && i < s->nevents; i++) {
		const struct event *x = &s->events[i];
		if (x->seq > c->e->seq && !strcmp(x->action, "approve_extension")) {
			rc = full_name(c->db, c->a, x->actor, &f.approved_by);
			if (rc < 0)
				return rc;
			f.approved_at = x->at;
			f.date = x->at;
			break;
		}
	}
	c->rc = doc_render_form04(&f, c->out);
	return DB_OK;
}

static int render05(struct form_ctx *c)
{
	const struct svc_dossier *s = c->s;
	const struct dossier *d = &s->d;
	struct doc_form05 f = {0};
	int rc = agency_and_head(c, &s->processing_unit, &f.agency, &f.signer.name);
	if (rc == DB_OK)
		rc = number_of(c->db, c->a, &s->d, c->e, &f.number);
	if (rc < 0)
		return rc;
	f.date = c->e->at;
	f.addressee = addressee(c->a, d);
	f.code = d->code;
	f.procedure = d->procedure_name_vi;
	f.received_at = d->received_at;
	const char *stage = data_str(c->a, c->e, "stage");
	int st = stage ? wf_state_parse(stage) : -1;
	const char *label = st > 0 ? wf_state_label_vi((enum dossier_state)st) : "Đang giải quyết";
	f.stage = c->e->step_from >= 1 && (size_t)c->e->step_from <= s->proc.nsteps
			  ? arena_printf(c->a, "%s, bước %lld: %s (%s)", label,
					 (long long)c->e->step_from,
					 s->proc.steps[c->e->step_from - 1].name.vi,
					 step_unit_name(s, c->e->step_from))
			  : label;
	f.at_request = !strcmp(c->e->action, "withdraw");
	f.reason = c->e->note && *c->e->note
			   ? c->e->note
			   : (f.at_request ? "Theo đề nghị rút hồ sơ của tổ chức, cá nhân" : "");
	/* The basis for stopping chosen when stopping, else the decree on the
	 * one-stop mechanism (not the procedure's own basis: its fee law says
	 * nothing of stopping). */
	f.legal_basis = data_str(c->a, c->e, "legal_basis");
	if (!f.legal_basis && !f.at_request)
		f.legal_basis = "Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính "
				"phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa "
				"liên thông";
	const char *fees = data_str(c->a, c->e, "fee_handling");
	f.fees = !fees ? "Phí, lệ phí đã nộp (nếu có) được xử lý theo quy định của pháp luật "
			 "về phí, lệ phí."
		 : !strcmp(fees, "refund")
			 ? "Phí, lệ phí đã nộp được hoàn trả cho tổ chức, cá nhân."
		 : !strcmp(fees, "no_refund")
			 ? "Phí, lệ phí đã nộp không được hoàn trả theo quy định của pháp luật về "
			   "phí, lệ phí."
			 : "Hồ sơ không phải nộp phí, lệ phí.";
	f.originals = "Bản chính giấy tờ đã nộp (nếu có) được trả lại cho tổ chức, cá nhân tại Bộ "
		      "phận Một cửa.";
	f.signer.title = doc_form_def(5)->signer_title;
	c->rc = doc_render_form05(&f, c->out);
	return DB_OK;
}

/* A row of Form 06 for every hand-over from one step to another, and the
 * return of the result to the applicant. */
static int render06(struct form_ctx *c)
{
	const struct svc_dossier *s = c->s;
	const struct dossier *d = &s->d;
	struct doc_form06 f = {0};
	int rc =
		svc_form_agency(c->db, c->a, c->cfg, &s->receiving_unit, d->received_at, &f.agency);
	if (rc < 0)
		return rc;
	f.code = d->code;
	f.submitter = d->submitter.name;
	f.procedure = d->procedure_name_vi;
	f.received_at = d->received_at;
	f.time_limit = time_limit_text(c->a, &s->proc);
	f.due_at = s->effective_due_at;
	f.processing_unit = s->processing_unit.name_vi;
	if (s->ncoordinators) {
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < s->ncoordinators; i++) {
			struct unit u;
			rc = repo_unit_by_code(c->db, c->a, s->coordinators[i], &u);
			if (rc < 0 && rc != DB_NOT_FOUND) {
				buf_release(&b);
				return rc;
			}
			buf_addf(&b, "%s%s", i ? "; " : "",
				 rc == DB_OK ? u.name_vi : s->coordinators[i]);
		}
		f.coordinating_units = arena_strdup(c->a, buf_str(&b));
		buf_release(&b);
	}
	struct doc_handover *rows = arena_zalloc(c->a, (s->nevents + 1) * sizeof *rows);
	for (size_t i = 0; i < s->nevents && f.n_rows < DOC_MAX_ITEMS; i++) {
		const struct event *e = &s->events[i];
		bool ret = !strcmp(e->action, "return_result");
		/* A stop or a withdrawal ends the process: the dossier goes back
		 * to the applicant (Form 05), a row as any hand-over. */
		bool stop = !strcmp(e->action, "stop"), quit = !strcmp(e->action, "withdraw");
		ret = ret || stop || quit;
		if (!ret && !(e->step_from >= 1 && e->step_to != e->step_from))
			continue;
		const char *giver, *taker = NULL;
		if ((rc = full_name(c->db, c->a, e->actor, &giver)) < 0)
			return rc;
		const char *to_user = data_str(c->a, e, "to_user");
		if (to_user && (rc = full_name(c->db, c->a, to_user, &taker)) < 0)
			return rc;
		struct doc_handover *h = &rows[f.n_rows++];
		const char *from_unit = step_unit_name(s, e->step_from);
		h->from = giver ? arena_printf(c->a, "%s%s%s", from_unit, *from_unit ? " – " : "",
					       giver)
				: from_unit;
		if (!*h->from)
			h->from = s->receiving_unit.name_vi;
		if (ret) {
			h->to = arena_printf(c->a, "Tổ chức, cá nhân: %s",
					     d->owner.name ? d->owner.name : d->submitter.name);
		} else {
			const char *to_unit = step_unit_name(s, e->step_to);
			h->to = taker ? arena_printf(c->a, "%s – %s", to_unit, taker)
				      : (*to_unit ? to_unit : s->processing_unit.name_vi);
		}
		h->handed_at = e->at;
		h->received_at = e->at; /* electronic: received as handed */
		h->due_at = e->step_due_at;
		h->result = timeliness_of(e->timeliness);
		if (stop || quit)
			h->note = arena_printf(c->a, "%s (Mẫu 05)%s%s",
					       stop ? "Dừng giải quyết" : "Rút hồ sơ theo đề nghị",
					       nz(e->note) ? ": " : "", nz(e->note) ? e->note : "");
		else
			h->note = nz(e->note)			    ? e->note
				  : !strcmp(e->action, "send_back") ? "Trả lại bước trước"
				  : !strcmp(e->action, "issue_result") ? "Đã có kết quả"
								       : NULL;
	}
	f.rows = rows;
	c->rc = doc_render_form06(&f, c->out);
	return DB_OK;
}

struct svc_result svc_form_dossier(struct db *db, struct arena *a, const struct config *cfg,
				   const struct svc_actor *who, const char *code, int form,
				   struct buf *out)
{
	if (form < 1 || form > 6)
		return svc_fail(ERR_NOT_FOUND, "form",
				"forms 01 to 06 belong to a dossier; 07 to a unit");
	struct svc_dossier s;
	/* Who may print is who may read (core/access.c, asked before an
	 * officer's view is recorded); a citizen's own print is not recorded. */
	struct svc_result r = svc_dossier_get(db, a, who, code, true, &s);
	if (r.code != ERR_NONE)
		return r;
	const struct event *e = NULL;
	if (form <= 5) {
		e = svc_dossier_form_event(&s, form);
		if (!e)
			return svc_fail(ERR_NOT_FOUND, "form",
					arena_printf(a, "dossier %s has no form %02d", code, form));
	} else if (!s.d.received_at) {
		return svc_fail(
			ERR_NOT_FOUND, "form",
			arena_printf(a, "dossier %s was not received: no form 06 yet", code));
	}
	struct form_ctx c = {db, a, cfg, &s, e, out, 0};
	int rc;
	switch (form) {
	case 1:
		rc = render01(&c);
		break;
	case 2:
		rc = render02(&c);
		break;
	case 3:
		rc = render03(&c);
		break;
	case 4:
		rc = render04(&c);
		break;
	case 5:
		rc = render05(&c);
		break;
	default:
		rc = render06(&c);
		break;
	}
	if (rc < 0)
		return svc_txn_result(db, rc);
	if (c.rc == DOC_EBUDGET)
		return svc_fail(ERR_REQUEST_BUDGET_SPENT, NULL, NULL);
	if (c.rc < 0) {
		log_error("form %02d of %s: %s", form, code, doc_strerror(c.rc));
		return svc_fail(ERR_INTERNAL, NULL, doc_strerror(c.rc));
	}
	return svc_ok();
}

/* ---- form 07 ---- */

static int unit_by_ref(struct db *db, struct arena *a, const char *ref, struct unit *u)
{
	int64_t id;
	if (text_parse_i64(ref, 1, INT64_MAX, &id) == 0)
		return repo_unit_by_id(db, a, id, u);
	return repo_unit_by_code(db, a, ref, u);
}

static const char *book_note(const struct book_row *b)
{
	int st = wf_state_parse(b->state);
	if (st == DOSSIER_REFUSED || st == DOSSIER_WITHDRAWN || st == DOSSIER_STOPPED)
		return wf_state_label_vi((enum dossier_state)st);
	if (b->counts_late)
		return "Quá hạn";
	return NULL;
}

struct svc_result svc_form_tracking_book(struct db *db, struct arena *a, const struct config *cfg,
					 const struct svc_actor *who, const char *unit_ref,
					 const char *from, const char *to, struct buf *out)
{
	int64_t from_ms, to_ms;
	if (!from || clock_parse_date(from, &from_ms) < 0)
		return svc_fail(ERR_BAD_QUERY, "from", "a date YYYY-MM-DD");
	if (!to || clock_parse_date(to, &to_ms) < 0)
		return svc_fail(ERR_BAD_QUERY, "to", "a date YYYY-MM-DD");
	if (to_ms < from_ms)
		return svc_fail(ERR_BAD_QUERY, "to", "on or after from");
	if ((to_ms - from_ms) / DAY_MS + 1 > SVC_BOOK_MAX_DAYS)
		return svc_fail(ERR_BAD_QUERY, "to", "a period of at most 366 days");
	struct unit u;
	int rc = unit_by_ref(db, a, unit_ref, &u);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_UNIT_NOT_FOUND, "unit", NULL);
	if (rc < 0)
		return svc_txn_result(db, rc);
	struct access_actor act = {.user_id = who->id,
				   .roles = who->roles,
				   .unit_id = who->unit_id,
				   .unit_code = u.code};
	int64_t unit_root;
	if ((rc = svcd_root(db, a, who->unit_id, &act.root_id)) < 0 ||
	    (rc = svcd_root(db, a, u.id, &unit_root)) < 0)
		return svc_txn_result(db, rc);
	if (access_unit_book(&act, u.id, unit_root) != ACCESS_OK)
		return svc_fail(ERR_FORBIDDEN, NULL, "the tracking book of another unit");
	struct book_row *rows;
	size_t n;
	rc = repo_book_rows(db, a, u.id, from_ms, to_ms + DAY_MS, SVC_BOOK_MAX_ROWS + 1, &rows, &n);
	if (rc < 0)
		return svc_txn_result(db, rc);
	if (n > SVC_BOOK_MAX_ROWS)
		return svc_fail(ERR_BAD_QUERY, "to",
				arena_printf(a, "more than %d dossiers: choose a shorter period",
					     SVC_BOOK_MAX_ROWS));
	struct doc_form07 f = {0};
	if ((rc = svc_form_agency(db, a, cfg, &u, to_ms, &f.agency)) < 0)
		return svc_txn_result(db, rc);
	f.from = from_ms;
	f.to = to_ms;
	struct doc_book_row *br = arena_zalloc(a, (n + 1) * sizeof *br);
	for (size_t i = 0; i < n; i++) {
		const struct book_row *b = &rows[i];
		const char *addr =
			b->address && *b->address
				? (b->phone && *b->phone
					   ? arena_printf(a, "%s; ĐT: %s", b->address, b->phone)
					   : b->address)
				: nz(b->phone);
		br[i] = (struct doc_book_row){.line = b->line,
					      .code = b->code,
					      .procedure = b->procedure,
					      .sets = (int)b->sets,
					      .owner = b->owner,
					      .address = addr,
					      .officer = nz(b->officer),
					      .received_at = b->received_at,
					      .due_at = b->due_at,
					      .extended_due_at = b->extended_due_at,
					      .transferred_at = b->transferred_at,
					      .returned_at = b->returned_at,
					      .note = book_note(b)};
	}
	f.rows = br;
	f.n_rows = n;
	int drc = doc_render_form07(&f, out);
	if (drc == DOC_EBUDGET)
		return svc_fail(ERR_REQUEST_BUDGET_SPENT, "to",
				"the book took too long: choose a shorter period");
	if (drc < 0) {
		log_error("form 07 of %s: %s", u.code, doc_strerror(drc));
		return svc_fail(ERR_INTERNAL, NULL, doc_strerror(drc));
	}
	return svc_ok();
}
