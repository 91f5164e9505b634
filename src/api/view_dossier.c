/* The view of a dossier: the one writer of every reply that shows one
 * (receipt, submission, an action, an officer's or the applicant's read),
 * a row of a list (the inbox, a citizen's own dossiers) and the public
 * tracking view. Written with the streaming writer (base/json.h): the
 * receipt is the desk's hot path, and a dossier is a few hundred values.
 * Times in the API's one format (jw_time). Layer: api. */
#include <string.h>

#include "api/views.h"
#include "base/clock.h"
#include "core/workflow.h"

static enum dossier_state state_of(const char *name)
{
	int st = wf_state_parse(name);
	return st > 0 ? (enum dossier_state)st : DOSSIER_NONE;
}

/* The state with its labels and its national status code. */
static void w_state(struct jw *w, enum dossier_state st)
{
	jw_kstr(w, "state", wf_state_name(st));
	jw_kstr(w, "state_label", wf_state_label_vi(st));
	jw_kstr(w, "state_label_en", wf_state_label_en(st));
	jw_kint(w, "national_status", st);
}

/* The procedure as lists and tracking name it. */
static void w_procedure_name(struct jw *w, const char *code, const char *vi, const char *en)
{
	jw_key(w, "procedure");
	jw_obj(w);
	jw_kstr(w, "code", code);
	jw_kstr(w, "name", vi ? vi : "");
	jw_kstr(w, "name_en", en ? en : "");
	jw_end_obj(w);
}

static void w_party_fields(struct jw *w, const struct dossier_party *p)
{
	jw_kstr(w, "kind", p->kind);
	jw_kstr(w, "name", p->name);
	jw_kstr(w, "id_number", p->id_number);
	jw_kstr(w, "tax_code", p->tax_code);
	jw_kstr(w, "address", p->address);
	jw_kstr(w, "phone", p->phone);
	jw_kstr(w, "email", p->email);
}

static void w_unit(struct jw *w, const struct unit *u)
{
	if (!u->id) {
		jw_null(w);
		return;
	}
	jw_obj(w);
	jw_kstr(w, "code", u->code);
	jw_kstr(w, "ident", u->ident);
	jw_kstr(w, "name", u->name_vi);
	jw_kstr(w, "name_en", u->name_en ? u->name_en : "");
	jw_end_obj(w);
}

/* An event as the history shows it: the fields of core/events.h's table
 * that have a reply key. */
static void w_event(struct jw *w, const struct event *e)
{
	jw_obj(w);
	for (size_t i = 0; i < event_nfields; i++) {
		const struct event_field *f = &event_fields[i];
		if (!f->json)
			continue;
		const char *v = f->type == EVENT_FT_TEXT || f->type == EVENT_FT_JSON
					? event_get_text(e, f)
					: NULL;
		switch (f->type) {
		case EVENT_FT_TEXT:
			jw_kstr(w, f->json, f->null_if_empty && !*v ? NULL : v);
			break;
		case EVENT_FT_INT:
			jw_kint(w, f->json, event_get_int(e, f));
			break;
		case EVENT_FT_TIME:
			jw_ktime(w, f->json, event_get_int(e, f));
			break;
		case EVENT_FT_JSON: {
			/* The stored data is JSON this program wrote; parsed, so
			 * that a damaged row cannot break the reply. */
			json_t *data = json_loads(v, 0, NULL);
			jw_key(w, f->json);
			if (data)
				jw_json(w, data);
			else
				buf_adds(w->out, "{}");
			json_decref(data);
			break;
		}
		}
	}
	jw_end_obj(w);
}

/* The dossier's components, with the document type its procedure asks. */
static void w_components(struct jw *w, const struct svc_dossier *s)
{
	jw_key(w, "components");
	jw_arr(w);
	for (size_t i = 0; i < s->ncomponents; i++) {
		const struct dossier_component *c = &s->components[i];
		jw_obj(w);
		jw_kstr(w, "name", c->name_vi);
		jw_kstr(w, "name_en", c->name_en ? c->name_en : "");
		jw_kstr(w, "copy_type", c->copy_type);
		jw_kint(w, "copies", c->copies);
		jw_kbool(w, "mandatory", c->mandatory);
		jw_kstr(w, "status", c->status);
		jw_kstr(w, "doc_type",
			i < s->proc.ncomponents ? s->proc.components[i].doc_type : "");
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

/* The steps of the procedure's process, each with its share of the time
 * limit in the limit's unit. */
static void w_process(struct jw *w, const struct svc_dossier *s)
{
	bool days = s->proc.limit_unit && !strcmp(s->proc.limit_unit, "days");
	jw_key(w, "process");
	jw_arr(w);
	for (size_t i = 0; i < s->proc.nsteps; i++) {
		const struct proc_step *ps = &s->proc.steps[i];
		jw_obj(w);
		jw_kint(w, "number", (int64_t)i + 1);
		jw_kstr(w, "name", ps->name.vi);
		jw_kstr(w, "name_en", ps->name.en ? ps->name.en : "");
		jw_kstr(w, "role", ps->role);
		jw_kstr(w, "unit", ps->unit);
		jw_key(w, days ? "days" : "hours");
		jw_int(w, ps->share);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

void view_dossier(struct jw *w, const struct svc_dossier *s)
{
	const struct dossier *d = &s->d;
	jw_obj(w);
	jw_kstr(w, "code", d->code);
	w_state(w, s->state);
	jw_kstr(w, "channel", d->channel);
	jw_key(w, "procedure");
	jw_obj(w);
	jw_kstr(w, "code", d->procedure_code);
	jw_kint(w, "version", d->procedure_version);
	jw_kstr(w, "name", d->procedure_name_vi ? d->procedure_name_vi : "");
	jw_kstr(w, "name_en", d->procedure_name_en ? d->procedure_name_en : "");
	jw_key(w, "time_limit");
	jw_obj(w);
	jw_kint(w, "value", s->proc.limit_value);
	jw_kstr(w, "unit", s->proc.limit_unit);
	jw_end_obj(w);
	jw_end_obj(w);
	jw_key(w, "receiving_unit");
	w_unit(w, &s->receiving_unit);
	jw_key(w, "processing_unit");
	w_unit(w, &s->processing_unit);
	jw_key(w, "coordinating_units");
	jw_arr(w);
	for (size_t i = 0; i < s->ncoordinators; i++)
		jw_str(w, s->coordinators[i]);
	jw_end_arr(w);
	jw_key(w, "applicant");
	if (d->submitter.kind) {
		jw_obj(w);
		w_party_fields(w, &d->submitter);
		jw_key(w, "owner");
		if (d->owner.kind) {
			jw_obj(w);
			w_party_fields(w, &d->owner);
			jw_end_obj(w);
		} else {
			jw_null(w);
		}
		jw_end_obj(w);
	} else {
		jw_null(w);
	}
	jw_kstr(w, "request", d->request_text ? d->request_text : "");
	jw_kint(w, "sets", d->sets);
	jw_kstr(w, "return_method", d->return_method);
	w_components(w, s);
	jw_ktime(w, "submitted_at", d->submitted_at);
	jw_ktime(w, "received_at", d->received_at);
	jw_ktime(w, "due_at", s->effective_due_at);
	jw_ktime(w, "original_due_at", d->due_at);
	jw_key(w, "step");
	jw_obj(w);
	jw_kint(w, "number", d->step);
	jw_kstr(w, "name", s->step_name_vi);
	jw_kstr(w, "name_en", s->step_name_en);
	jw_kstr(w, "role", d->step_role);
	jw_kstr(w, "unit", s->step_unit.id ? s->step_unit.code : NULL);
	jw_ktime(w, "started_at", d->step_started_at);
	jw_ktime(w, "due_at", d->step_due_at);
	jw_kstr(w, "assignee", d->assignee);
	jw_end_obj(w);
	w_process(w, s);
	jw_kbool(w, "paused", d->paused_at != 0);
	jw_kint(w, "supplements", d->supplements);
	jw_key(w, "extension");
	jw_obj(w);
	jw_kstr(w, "state", d->extension ? d->extension : "none");
	jw_kstr(w, "reason", d->extension_reason);
	jw_ktime(w, "proposed_due_at", d->extension_due_at);
	jw_end_obj(w);
	jw_kbool(w, "approved", d->approved);
	jw_kbool(w, "counts_late", d->counts_late);
	jw_kstr(w, "result_code", d->result_code);
	jw_ktime(w, "result_at", d->result_at);
	jw_ktime(w, "returned_at", d->returned_at);
	jw_ktime(w, "ended_at", d->ended_at);
	jw_kstr(w, "timeliness", d->timeliness);
	jw_key(w, "actions");
	jw_arr(w);
	for (int a = 0; a < WF_NACTIONS; a++)
		if (s->allowed & (1u << a))
			jw_str(w, wf_action_name((enum wf_action)a));
	jw_end_arr(w);
	jw_key(w, "form");
	if (s->form) {
		char f[3] = {(char)('0' + s->form / 10 % 10), (char)('0' + s->form % 10), 0};
		jw_str(w, f);
	} else {
		jw_null(w);
	}
	jw_key(w, "history");
	jw_arr(w);
	for (size_t i = 0; i < s->nevents; i++)
		w_event(w, &s->events[i]);
	jw_end_arr(w);
	jw_end_obj(w);
}

void view_dossier_item(struct jw *w, const struct dossier *d)
{
	jw_obj(w);
	jw_kstr(w, "code", d->code);
	w_state(w, state_of(d->state));
	w_procedure_name(w, d->procedure_code, d->procedure_name_vi, d->procedure_name_en);
	jw_kstr(w, "applicant", d->owner.name ? d->owner.name : d->submitter.name);
	jw_kstr(w, "channel", d->channel);
	jw_ktime(w, "received_at", d->received_at);
	jw_ktime(w, "submitted_at", d->submitted_at);
	jw_ktime(w, "due_at", d->extended_due_at ? d->extended_due_at : d->due_at);
	jw_key(w, "step");
	jw_obj(w);
	jw_kint(w, "number", d->step);
	jw_kstr(w, "role", d->step_role);
	jw_ktime(w, "due_at", d->step_due_at);
	jw_kstr(w, "assignee", d->assignee);
	jw_end_obj(w);
	jw_kbool(w, "paused", d->paused_at != 0);
	jw_kbool(w, "counts_late", d->counts_late);
	jw_kstr(w, "extension", d->extension ? d->extension : "none");
	jw_kstr(w, "extension_reason", d->extension_reason);
	jw_ktime(w, "extension_due_at", d->extension_due_at);
	jw_kbool(w, "approved", d->approved);
	jw_kstr(w, "result_code", d->result_code);
	jw_end_obj(w);
}

void view_dossier_track(struct jw *w, const struct svc_track *t)
{
	jw_obj(w);
	jw_kstr(w, "code", t->code);
	w_state(w, t->state);
	w_procedure_name(w, t->procedure_code, t->procedure_name_vi, t->procedure_name_en);
	jw_kstr(w, "owner", t->owner_masked);
	jw_ktime(w, "submitted_at", t->submitted_at);
	jw_ktime(w, "received_at", t->received_at);
	jw_ktime(w, "due_at", t->due_at);
	jw_ktime(w, "result_at", t->result_at);
	jw_ktime(w, "returned_at", t->returned_at);
	jw_key(w, "steps");
	jw_arr(w);
	for (size_t i = 0; i < t->nsteps; i++) {
		const struct svc_track_step *st = &t->steps[i];
		char date[16];
		clock_format_date_local(st->at, date, sizeof date);
		jw_obj(w);
		jw_kstr(w, "unit", st->unit_code);
		jw_kstr(w, "unit_name", st->unit_name_vi);
		jw_kstr(w, "unit_name_en", st->unit_name_en ? st->unit_name_en : "");
		jw_kstr(w, "date", date);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_end_obj(w);
}
