/* The procedure catalogue: reading the import format with a report of every
 * problem, importing all-or-nothing, drafts and publication, and the export
 * format. Layer: svc. */
#include <string.h>

#include "base/clock.h"
#include "base/json.h"
#include "base/log.h"
#include "base/text.h"
#include "repo/repo.h"
#include "svc/svc.h"
#include "svc/svc_review.h"

/* ---- reading JSON while collecting problems ---- */

struct reader {
	struct arena *a;
	struct problems *pr;
	const char *prefix;
	size_t problems;
};

static void problem(struct reader *r, const char *path, const char *msg)
{
	problems_add(r->pr, "%s: %s: %s", r->prefix, path, msg);
	r->problems++;
}

static void unknown_fields(struct reader *r, json_t *obj, const char *path,
			   const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		const char *const *a;
		for (a = allowed; *a; a++)
			if (!strcmp(*a, key))
				break;
		if (!*a) {
			char p[200];
			json_path(p, sizeof p, path, key);
			problem(r, p, "unknown field");
		}
	}
}

/* The value of key in obj, or NULL when it is absent or null (a problem
 * if required); p gets its path for the caller's messages. */
static json_t *get_field(struct reader *r, json_t *obj, const char *key, const char *path,
			 bool required, char p[200])
{
	json_path(p, 200, path, key);
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v)) {
		if (required)
			problem(r, p, "required field is missing");
		return NULL;
	}
	return v;
}

static const char *get_str(struct reader *r, json_t *obj, const char *key, const char *path,
			   bool required, size_t maxlen)
{
	char p[200];
	json_t *v = get_field(r, obj, key, path, required, p);
	if (!v)
		return NULL;
	if (!json_is_string(v)) {
		problem(r, p, "a string is expected");
		return NULL;
	}
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v)) {
		problem(r, p, "contains a NUL character");
		return NULL;
	}
	if (maxlen && text_utf8_len(s) > maxlen) {
		char m[64];
		snprintf(m, sizeof m, "longer than %zu characters", maxlen);
		problem(r, p, m);
		return NULL;
	}
	return s;
}

static int64_t get_int(struct reader *r, json_t *obj, const char *key, const char *path,
		       bool required, int64_t def)
{
	char p[200];
	json_t *v = get_field(r, obj, key, path, required, p);
	if (!v)
		return def;
	if (!json_is_integer(v)) {
		problem(r, p, "a whole number is expected");
		return def;
	}
	return json_integer_value(v);
}

static bool get_bool(struct reader *r, json_t *obj, const char *key, const char *path, bool def)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return def;
	if (!json_is_boolean(v)) {
		char p[200];
		json_path(p, sizeof p, path, key);
		problem(r, p, "true or false is expected");
		return def;
	}
	return json_is_true(v);
}

static json_t *get_obj(struct reader *r, json_t *obj, const char *key, const char *path,
		       bool required)
{
	char p[200];
	json_t *v = get_field(r, obj, key, path, required, p);
	if (!v)
		return NULL;
	if (!json_is_object(v)) {
		problem(r, p, "an object is expected");
		return NULL;
	}
	return v;
}

static json_t *get_arr(struct reader *r, json_t *obj, const char *key, size_t max)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		problem(r, key, "an array is expected");
		return NULL;
	}
	if (json_array_size(v) > max) {
		char m[64];
		snprintf(m, sizeof m, "more than %zu items", max);
		problem(r, key, m);
		return NULL;
	}
	return v;
}

static void get_text2(struct reader *r, json_t *obj, const char *key, const char *path,
		      bool required, struct text2 *out)
{
	static const char *const allowed[] = {"vi", "en", NULL};
	char p[200];
	json_path(p, sizeof p, path, key);
	json_t *o = get_obj(r, obj, key, path, required);
	out->vi = out->en = NULL;
	if (!o)
		return;
	unknown_fields(r, o, p, allowed);
	out->vi = get_str(r, o, "vi", p, false, PROC_MAX_NAME);
	out->en = get_str(r, o, "en", p, false, PROC_MAX_NAME);
}

/* A text in Vietnamese that may have its English (issue 15, item 11): a
 * string (Vietnamese only, as files before English was asked for) or, as
 * names are, {"vi", "en"}. Absent, null or "" leaves both NULL. */
static void get_text_opt(struct reader *r, json_t *obj, const char *key, const char *path,
			 size_t maxlen, struct text2 *out)
{
	static const char *const allowed[] = {"vi", "en", NULL};
	out->vi = out->en = NULL;
	json_t *v = json_object_get(obj, key);
	if (v && json_is_object(v)) {
		char p[200];
		json_path(p, sizeof p, path, key);
		unknown_fields(r, v, p, allowed);
		out->vi = get_str(r, v, "vi", p, false, maxlen);
		out->en = get_str(r, v, "en", p, false, maxlen);
	} else {
		out->vi = get_str(r, obj, key, path, false, maxlen);
	}
	if (out->vi && !*out->vi)
		out->vi = NULL;
}

static void get_time_limit(struct reader *r, json_t *j, struct procedure *p)
{
	static const char *const limit_keys[] = {"value", "unit", NULL};
	json_t *tl = get_obj(r, j, "time_limit", "", true);
	if (tl) {
		unknown_fields(r, tl, "time_limit", limit_keys);
		p->limit_value = get_int(r, tl, "value", "time_limit", true, 0);
		p->limit_unit = get_str(r, tl, "unit", "time_limit", true, 16);
	}
}

/* What Decision 766's group 1 reads of a procedure (issue 12). */
static void get_disclosure(struct reader *r, json_t *j, struct procedure *p)
{
	p->subjects = get_str(r, j, "subjects", "", false, 1000);
	p->sets = get_int(r, j, "sets", "", false, 0);
	p->digitize_exempt = !get_bool(r, j, "digitize_at_receipt", "", true);
	p->decision_date = get_str(r, j, "decision_date", "", false, 10);
	p->published_date = get_str(r, j, "published_date", "", false, 10);
}

/* Reads the array key of obj, of objects only, each checked against the
 * keys it may have: *out gets an array from the arena of one element of
 * size bytes an item (plus a zeroed one), filled by fn(r, item, path,
 * element, ctx), and *n the count. An item that is not an object is a
 * problem, its element left zeroed. */
typedef void (*item_fn)(struct reader *r, json_t *item, const char *path, void *elem, void *ctx);
static void get_objects(struct reader *r, json_t *obj, const char *key, size_t max,
			const char *const *keys, size_t size, item_fn fn, void *ctx, void *out,
			size_t *n)
{
	json_t *arr = get_arr(r, obj, key, max);
	if (!arr)
		return;
	*n = json_array_size(arr);
	unsigned char *elems = arena_zalloc(r->a, (*n + 1) * size);
	memcpy(out, &elems, sizeof elems);
	size_t i;
	json_t *item;
	char path[64];
	json_array_foreach(arr, i, item)
	{
		snprintf(path, sizeof path, "%s[%zu]", key, i);
		if (!json_is_object(item)) {
			problem(r, path, "an object is expected");
			continue;
		}
		unknown_fields(r, item, path, keys);
		fn(r, item, path, elems + i * size, ctx);
	}
}

static void read_component(struct reader *r, json_t *item, const char *path, void *elem, void *ctx)
{
	struct proc_component *c = elem;
	get_text2(r, item, "name", path, true, &c->name);
	c->template_name = get_str(r, item, "template", path, false, 200);
	c->copy_type = get_str(r, item, "copy_type", path, true, 40);
	c->copies = get_int(r, item, "copies", path, false, 1);
	c->mandatory = get_bool(r, item, "mandatory", path, true);
	get_text_opt(r, item, "condition", path, 1000, &c->condition);
	c->doc_type = get_str(r, item, "doc_type", path, true, 80);
}

/* ctx: the procedure, whose time limit's unit names the share's key. */
static void read_step(struct reader *r, json_t *item, const char *path, void *elem, void *ctx)
{
	const struct procedure *p = ctx;
	struct proc_step *s = elem;
	bool calendar_days = p->limit_unit && !strcmp(p->limit_unit, "days");
	get_text2(r, item, "name", path, true, &s->name);
	s->role = get_str(r, item, "role", path, true, 20);
	s->unit = get_str(r, item, "unit", path, true, 32);
	const char *want = calendar_days ? "days" : "hours";
	const char *other = calendar_days ? "hours" : "days";
	if (json_object_get(item, other)) {
		char m[120];
		snprintf(m, sizeof m, "use \"%s\" for a limit in %s", want,
			 p->limit_unit ? p->limit_unit : "this unit");
		problem(r, path, m);
	}
	s->share = get_int(r, item, want, path, true, 0);
}

static void read_fee(struct reader *r, json_t *item, const char *path, void *elem, void *ctx)
{
	struct proc_fee *f = elem;
	get_text2(r, item, "name", path, true, &f->name);
	/* amount null: "to be confirmed" (present, but not yet known). */
	json_t *amount = json_object_get(item, "amount");
	f->confirmed = amount && !json_is_null(amount);
	if (!amount) {
		char ap[200];
		json_path(ap, sizeof ap, path, "amount");
		problem(r, ap, "required field is missing (null = to be confirmed)");
	}
	f->amount = f->confirmed ? get_int(r, item, "amount", path, true, 0) : 0;
	get_text_opt(r, item, "note", path, 1000, &f->note);
	f->per = get_str(r, item, "per", path, false, 32);
	f->due = get_str(r, item, "due", path, false, 16);
	if (!f->due)
		f->due = "receipt";
	char p[200];
	json_path(p, sizeof p, path, "exemption");
	json_t *ex = get_obj(r, item, "exemption", path, false);
	if (ex) {
		static const char *const ex_keys[] = {"who", "basis", NULL};
		unknown_fields(r, ex, p, ex_keys);
		f->exemption = get_str(r, ex, "who", p, true, 1000);
		f->exemption_basis = get_str(r, ex, "basis", p, true, 1000);
	}
}

size_t svc_proc_from_json(json_t *j, const char *prefix, struct arena *a, struct procedure *p,
			  struct problems *pr)
{
	static const char *const top[] = {"code",
					  "national_code",
					  "name",
					  "field",
					  "unit",
					  "online_level",
					  "time_limit",
					  "effective_from",
					  "fees",
					  "components",
					  "legal_basis",
					  "result_type",
					  "process",
					  "notes",
					  "subjects",
					  "sets",
					  "decision_date",
					  "published_date",
					  "digitize_at_receipt",
					  NULL};
	static const char *const comp_keys[] = {"name",	     "template",  "copy_type", "copies",
						"mandatory", "condition", "doc_type",  NULL};
	static const char *const step_keys[] = {"name", "role", "unit", "hours", "days", NULL};
	static const char *const fee_keys[] = {"name", "amount",    "note", "per",
					       "due",  "exemption", NULL};
	struct reader r = {a, pr, prefix, 0};
	memset(p, 0, sizeof *p);
	if (!json_is_object(j)) {
		problem(&r, "(top)", "a JSON object is expected");
		return r.problems;
	}
	unknown_fields(&r, j, "", top);
	p->code = get_str(&r, j, "code", "", true, 32);
	p->national_code = get_str(&r, j, "national_code", "", false, 32);
	get_text2(&r, j, "name", "", true, &p->name);
	get_text2(&r, j, "field", "", true, &p->field);
	get_text2(&r, j, "result_type", "", false, &p->result);
	p->unit = get_str(&r, j, "unit", "", true, 32);
	p->online_level = get_str(&r, j, "online_level", "", true, 16);
	p->effective_from = get_str(&r, j, "effective_from", "", false, 10);
	p->notes = get_str(&r, j, "notes", "", false, 4000);
	get_disclosure(&r, j, p);
	get_time_limit(&r, j, p);
	get_objects(&r, j, "components", PROC_MAX_COMPONENTS, comp_keys, sizeof *p->components,
		    read_component, NULL, &p->components, &p->ncomponents);
	get_objects(&r, j, "process", PROC_MAX_STEPS, step_keys, sizeof *p->steps, read_step, p,
		    &p->steps, &p->nsteps);
	get_objects(&r, j, "fees", PROC_MAX_FEES, fee_keys, sizeof *p->fees, read_fee, NULL,
		    &p->fees, &p->nfees);
	json_t *arr, *item;
	size_t i;
	char path[64];
	if ((arr = get_arr(&r, j, "legal_basis", PROC_MAX_LEGAL))) {
		p->nlegal = json_array_size(arr);
		p->legal = arena_zalloc(a, (p->nlegal + 1) * sizeof *p->legal);
		json_array_foreach(arr, i, item)
		{
			snprintf(path, sizeof path, "legal_basis[%zu]", i);
			if (!json_is_string(item)) {
				problem(&r, path, "a string is expected");
				continue;
			}
			p->legal[i] = json_string_value(item);
		}
	}
	/* The pure rules, once the shape is right. */
	r.problems += proc_validate(p, prefix, pr);
	return r.problems;
}

char *svc_proc_search_key(const struct procedure *p)
{
	struct buf b = BUF_INIT, f = BUF_INIT;
	buf_addf(&b, "%s %s %s %s %s", p->code, p->national_code ? p->national_code : "",
		 p->name.vi ? p->name.vi : "", p->name.en ? p->name.en : "",
		 p->field.vi ? p->field.vi : "");
	text_fold(buf_str(&b), &f);
	buf_release(&b);
	/* Leading and trailing spaces let a search match whole words too. */
	char *s = xasprintf(" %s ", buf_str(&f));
	buf_release(&f);
	return s;
}

static int64_t effective_ms(const char *date, int64_t now)
{
	int64_t ms;
	if (date && clock_parse_date(date, &ms) == 0)
		return ms;
	return now;
}

/* Unit codes are checked against the database, all before any write. */
static int check_units(struct db *db, struct arena *a, const struct procedure *p,
		       const char *prefix, struct problems *pr, size_t *nproblems)
{
	struct unit u;
	int rc = repo_unit_by_code(db, a, p->unit ? p->unit : "", &u);
	if (rc == DB_NOT_FOUND && p->unit) {
		problems_add(pr, "%s: unit: unknown unit '%s'", prefix, p->unit);
		(*nproblems)++;
	} else if (rc < 0 && rc != DB_NOT_FOUND) {
		return rc;
	}
	for (size_t i = 0; i < p->nsteps; i++) {
		if (!p->steps[i].unit)
			continue;
		rc = repo_unit_by_code(db, a, p->steps[i].unit, &u);
		if (rc == DB_NOT_FOUND) {
			problems_add(pr, "%s: process[%zu].unit: unknown unit '%s'", prefix, i,
				     p->steps[i].unit);
			(*nproblems)++;
		} else if (rc < 0) {
			return rc;
		}
	}
	return DB_OK;
}

/* Checks the unit codes of every procedure, adding to the problems found so
 * far, so that one report names every problem. Read-only. */
static int check_all_units(struct db *db, struct arena *a, const struct procedure *procs, size_t n,
			   struct problems *pr)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		int rc = check_units(db, a, &procs[i], procs[i].code ? procs[i].code : "?", pr,
				     &count);
		if (rc < 0)
			return rc;
	}
	return DB_OK;
}

struct import_ctx {
	struct arena *a;
	struct procedure *procs;
	size_t n;
	int64_t user_id;
	struct problems *pr;
	size_t imported;
	const char *status;
	int64_t version;
	bool replace_draft;
};

static int import_txn(struct db *db, void *arg)
{
	struct import_ctx *c = arg;
	int64_t now = clock_now_ms();
	c->imported = 0;
	for (size_t i = 0; i < c->n; i++) {
		struct procedure *p = &c->procs[i];
		if (c->replace_draft) {
			int64_t dv;
			int rc = repo_proc_draft(db, p->code, &dv);
			if (rc == DB_OK)
				rc = repo_proc_delete_version(db, p->code, dv);
			if (rc < 0 && rc != DB_NOT_FOUND)
				return rc;
		}
		char *key = svc_proc_search_key(p);
		int rc = repo_proc_insert_version(db, p, c->status,
						  effective_ms(p->effective_from, now), key,
						  c->user_id, now, &c->version);
		free(key);
		if (rc < 0)
			return rc;
		c->imported++;
	}
	return DB_OK;
}

struct svc_result svc_catalogue_import(struct db *db, struct arena *a, struct procedure *procs,
				       size_t n, int64_t user_id, struct problems *pr,
				       size_t *imported)
{
	/* Problems already in pr (from reading the JSON) are reported together
	 * with these. Two files with the same code would make two versions. */
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < i; k++)
			if (procs[i].code && procs[k].code && !strcmp(procs[i].code, procs[k].code))
				problems_add(pr, "%s: code: given more than once", procs[i].code);
	int rc = check_all_units(db, a, procs, n, pr);
	if (rc < 0)
		return svc_txn_result(db, rc);
	if (pr->n)
		return (struct svc_result){ERR_CATALOGUE_INVALID, NULL, NULL};
	struct import_ctx c = {.a = a,
			       .procs = procs,
			       .n = n,
			       .user_id = user_id,
			       .pr = pr,
			       .status = "published"};
	rc = db_run_txn(db, import_txn, &c, DB_TXN_ATTEMPTS);
	if (rc < 0)
		return svc_txn_result(db, rc);
	*imported = c.imported;
	log_info("imported %zu procedures", c.imported);
	return (struct svc_result){ERR_NONE, NULL, NULL};
}

struct svc_result svc_catalogue_check_draft(struct db *db, struct arena *a,
					    const struct procedure *p, struct problems *pr)
{
	int rc = check_all_units(db, a, p, 1, pr);
	if (rc < 0)
		return svc_txn_result(db, rc);
	if (pr->n)
		return (struct svc_result){ERR_CATALOGUE_INVALID, NULL, NULL};
	return (struct svc_result){ERR_NONE, NULL, NULL};
}

struct svc_result svc_catalogue_save_draft(struct db *db, struct arena *a,
					   const struct procedure *p, int64_t user_id,
					   struct problems *pr, int64_t *version)
{
	struct svc_result chk = svc_catalogue_check_draft(db, a, p, pr);
	if (chk.code != ERR_NONE)
		return chk;
	int rc;
	struct import_ctx c = {.a = a,
			       .procs = (struct procedure *)p,
			       .n = 1,
			       .user_id = user_id,
			       .pr = pr,
			       .status = "draft",
			       .replace_draft = true};
	if ((rc = db_run_txn(db, import_txn, &c, DB_TXN_ATTEMPTS)) < 0)
		return svc_txn_result(db, rc);
	*version = c.version;
	return (struct svc_result){ERR_NONE, NULL, NULL};
}

struct publish_ctx {
	const char *code;
	int64_t effective;
	int64_t version;
	const int64_t *enacts; /* review proposals the version enacts (issue 14) */
	size_t nenacts;
};

static int publish_txn(struct db *db, void *arg)
{
	struct publish_ctx *c = arg;
	int rc = repo_proc_draft(db, c->code, &c->version);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_NO_DRAFT, NULL, NULL);
	if (rc < 0)
		return rc;
	rc = repo_proc_publish(db, c->code, c->version, c->effective, clock_now_ms());
	return rc < 0 ? rc : svc_review_enact(db, c->code, c->version, c->enacts, c->nenacts);
}

struct svc_result svc_catalogue_publish(struct db *db, const char *code, const char *date,
					const int64_t *enacts, size_t nenacts, int64_t *version)
{
	int64_t now = clock_now_ms();
	int64_t eff = now;
	if (date && clock_parse_date(date, &eff) < 0)
		return (struct svc_result){ERR_FIELD_INVALID, "effective_from",
					   "a date YYYY-MM-DD"};
	struct publish_ctx c = {code, eff, 0, enacts, nenacts};
	int rc = db_run_txn(db, publish_txn, &c, DB_TXN_ATTEMPTS);
	if (rc < 0)
		return svc_txn_result(db, rc);
	*version = c.version;
	return (struct svc_result){ERR_NONE, NULL, NULL};
}
