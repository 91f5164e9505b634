/* The view of a procedure, in its three shapes: a row of the catalogue
 * list, the detail page's, and the catalogue file that `motcua export
 * procedures` writes and `import procedures` reads back (svc_proc_from_json:
 * texts as {"vi", "en"} objects, the unit as its code). One function with
 * one writer (jansson: a procedure is built once per reply, and the file
 * is indented), so a field is added in one place for every shape.
 * Layer: api. */
#include <stdio.h>
#include <string.h>

#include "api/views.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* A Vietnamese and English text: {"vi", "en"} under key in the file,
 * key and key_en in the API. */
static void put_text(json_t *o, const char *key, const struct text2 *t, bool file)
{
	const char *vi = t->vi ? t->vi : "", *en = t->en ? t->en : "";
	if (file) {
		json_object_set_new(o, key, json_pack("{s:s,s:s}", "vi", vi, "en", en));
		return;
	}
	char key_en[48];
	snprintf(key_en, sizeof key_en, "%s_en", key);
	json_object_set_new(o, key, json_string(vi));
	json_object_set_new(o, key_en, json_string(en));
}

/* A text that may be absent (a component's condition, a fee's note): in the
 * file {"vi", "en"}, or null when there is none; in the API key and key_en,
 * each null when there is none if nullable, "" otherwise. */
static void put_text_opt(json_t *o, const char *key, const struct text2 *t, bool file,
			 bool nullable)
{
	bool none = !t->vi || !*t->vi;
	if (file) {
		json_object_set_new(
			o, key,
			none ? json_null()
			     : json_pack("{s:s,s:s}", "vi", t->vi, "en", t->en ? t->en : ""));
		return;
	}
	char key_en[48];
	snprintf(key_en, sizeof key_en, "%s_en", key);
	const char *en = t->en && *t->en ? t->en : NULL;
	json_object_set_new(o, key,
			    none && nullable ? json_null() : json_string(none ? "" : t->vi));
	json_object_set_new(o, key_en,
			    none || !en ? (nullable ? json_null() : json_string(""))
					: json_string(en));
}

static json_t *unit_json(const struct procedure *p, enum view_proc_shape shape)
{
	if (shape == VIEW_PROC_FILE)
		return json_string(p->unit);
	json_t *u = json_pack("{s:s}", "code", p->unit);
	if (shape == VIEW_PROC_DETAIL)
		json_object_set_new(u, "ident", json_string(p->unit_ident ? p->unit_ident : ""));
	json_object_set_new(u, "name", json_string(p->unit_name_vi ? p->unit_name_vi : ""));
	json_object_set_new(u, "name_en", json_string(p->unit_name_en ? p->unit_name_en : ""));
	return u;
}

static json_t *fees_json(const struct procedure *p, bool file)
{
	json_t *fees = json_array();
	for (size_t i = 0; i < p->nfees; i++) {
		json_t *f = json_object();
		put_text(f, "name", &p->fees[i].name, file);
		const struct proc_fee *fee = &p->fees[i];
		json_object_set_new(f, "amount",
				    fee->confirmed ? json_integer(fee->amount) : json_null());
		put_text_opt(f, "note", &fee->note, file, false);
		json_object_set_new(f, "per", str_or_null(fee->per));
		json_object_set_new(f, "due", json_string(fee->due ? fee->due : "receipt"));
		json_object_set_new(
			f, "exemption",
			fee->exemption ? json_pack("{s:s,s:s}", "who", fee->exemption, "basis",
						   fee->exemption_basis ? fee->exemption_basis : "")
				       : json_null());
		json_array_append_new(fees, f);
	}
	return fees;
}

static json_t *components_json(const struct procedure *p, bool file)
{
	json_t *comps = json_array();
	for (size_t i = 0; i < p->ncomponents; i++) {
		const struct proc_component *c = &p->components[i];
		json_t *x = json_object();
		put_text(x, "name", &c->name, file);
		json_object_set_new(x, "template", str_or_null(c->template_name));
		json_object_set_new(x, "copy_type", json_string(c->copy_type));
		json_object_set_new(x, "copies", json_integer(c->copies));
		json_object_set_new(x, "mandatory", json_boolean(c->mandatory));
		put_text_opt(x, "condition", &c->condition, file, true);
		json_object_set_new(x, "doc_type", json_string(c->doc_type));
		json_array_append_new(comps, x);
	}
	return comps;
}

/* The internal process; the API adds each step's unit name. */
static json_t *process_json(const struct procedure *p, bool file)
{
	bool days = p->limit_unit && !strcmp(p->limit_unit, "days");
	json_t *steps = json_array();
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct proc_step *s = &p->steps[i];
		json_t *x = json_object();
		put_text(x, "name", &s->name, file);
		json_object_set_new(x, "role", json_string(s->role));
		json_object_set_new(x, "unit", json_string(s->unit));
		json_object_set_new(x, days ? "days" : "hours", json_integer(s->share));
		if (!file) {
			json_object_set_new(x, "unit_name",
					    json_string(s->unit_name_vi ? s->unit_name_vi : ""));
			json_object_set_new(x, "unit_name_en",
					    json_string(s->unit_name_en ? s->unit_name_en : ""));
		}
		json_array_append_new(steps, x);
	}
	return steps;
}

/* What the catalogue file and the detail carry: the subjects, the number of sets,
 * the announcing decision's and the publication's dates (read back by
 * svc_proc_from_json), null while unknown, as the seed files write them, so
 * that an export is its file again. */
static void put_file_only(json_t *o, const struct procedure *p)
{
	json_object_set_new(o, "subjects",
			    p->subjects && *p->subjects ? json_string(p->subjects) : json_null());
	json_object_set_new(o, "sets", p->sets ? json_integer(p->sets) : json_null());
	json_object_set_new(o, "decision_date", str_or_null(p->decision_date));
	json_object_set_new(o, "published_date", str_or_null(p->published_date));
}

json_t *view_procedure(const struct procedure *p, enum view_proc_shape shape)
{
	bool file = shape == VIEW_PROC_FILE, detail = shape == VIEW_PROC_DETAIL;
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(p->code));
	json_object_set_new(o, "national_code", str_or_null(p->national_code));
	put_text(o, "name", &p->name, file);
	put_text(o, "field", &p->field, file);
	json_object_set_new(o, "unit", unit_json(p, shape));
	json_object_set_new(o, "online_level", json_string(p->online_level));
	json_object_set_new(
		o, "time_limit",
		json_pack("{s:I,s:s}", "value", (json_int_t)p->limit_value, "unit", p->limit_unit));
	if (!file)
		json_object_set_new(o, "version", json_integer(p->version));
	if (shape == VIEW_PROC_SUMMARY)
		return o;
	if (detail)
		json_object_set_new(o, "status", json_string(p->status ? p->status : "published"));
	const char *eff = p->effective_from;
	json_object_set_new(o, "effective_from",
			    file ? str_or_null(eff) : json_string(eff ? eff : ""));
	/* The detail carries them too, so that the editor's draft keeps them
	 * (issue 15); the digitization flag only there (files leave it out
	 * while it is the default). */
	if (file || detail)
		put_file_only(o, p);
	if (detail)
		json_object_set_new(o, "digitize_at_receipt", json_boolean(!p->digitize_exempt));
	if (detail) {
		put_text(o, "result_type", &p->result, false);
		json_object_set_new(o, "notes", json_string(p->notes ? p->notes : ""));
	}
	json_object_set_new(o, "fees", fees_json(p, file));
	json_object_set_new(o, "components", components_json(p, file));
	json_t *legal = json_array();
	for (size_t i = 0; i < p->nlegal; i++)
		json_array_append_new(legal, json_string(p->legal[i]));
	json_object_set_new(o, "legal_basis", legal);
	if (file)
		put_text(o, "result_type", &p->result, true);
	json_object_set_new(o, "process", process_json(p, file));
	if (file)
		json_object_set_new(o, "notes", json_string(p->notes ? p->notes : ""));
	return o;
}
