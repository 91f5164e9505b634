/* The procedure catalogue: procedures and their versions with components,
 * internal-process steps, fees and legal basis. The current version of a
 * procedure is the published one with the highest number among those
 * already effective. Layer: repo. */
#include <pthread.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "repo/repo.h"

#define SUMMARY_COLS                                                                               \
	"p.code, v.national_code, v.name_vi, v.name_en, v.field_vi, v.field_en, u.code, "          \
	"u.name_vi, u.name_en, v.online_level, v.limit_value, v.limit_unit, v.version, "           \
	"v.status, v.effective_from, v.created_at, u.ident, v.result_vi, v.result_en, v.notes, "   \
	"v.id, v.subjects, v.sets, COALESCE(v.decision_at, 0), COALESCE(v.public_at, 0), "         \
	"v.digitize_at_receipt"

#define CURRENT_FROM                                                                               \
	" FROM procedure_versions v JOIN procedures p ON p.id = v.procedure_id "                   \
	"JOIN units u ON u.id = v.unit_id "                                                        \
	"WHERE v.status = 'published' AND v.effective_from <= ? AND NOT EXISTS ("                  \
	"SELECT 1 FROM procedure_versions w WHERE w.procedure_id = v.procedure_id AND "            \
	"w.status = 'published' AND w.effective_from <= ? AND w.version > v.version)"

/* A local date of a stored instant, NULL for 0 (not recorded). */
static const char *date_or_null(struct arena *a, int64_t ms)
{
	char date[16];
	if (!ms)
		return NULL;
	clock_format_date_local(ms, date, sizeof date);
	return arena_strdup(a, date);
}

/* The instant of a YYYY-MM-DD local date (checked before), or SQL NULL. */
static struct db_arg date_arg(const char *date)
{
	int64_t ms;
	return date && clock_parse_date(date, &ms) == 0 ? DB_I(ms) : DB_NULL;
}

static int64_t fill_summary(struct arena *a, const struct db_res *r, size_t i, struct procedure *p)
{
	memset(p, 0, sizeof *p);
	p->code = repo_textn(a, r, i, 0);
	p->national_code = repo_textn(a, r, i, 1);
	p->name.vi = repo_textn(a, r, i, 2);
	p->name.en = repo_textn(a, r, i, 3);
	p->field.vi = repo_textn(a, r, i, 4);
	p->field.en = repo_textn(a, r, i, 5);
	p->unit = repo_textn(a, r, i, 6);
	p->unit_name_vi = repo_textn(a, r, i, 7);
	p->unit_name_en = repo_textn(a, r, i, 8);
	p->online_level = repo_textn(a, r, i, 9);
	p->limit_value = db_res_int(r, i, 10);
	p->limit_unit = repo_textn(a, r, i, 11);
	p->version = db_res_int(r, i, 12);
	p->status = repo_textn(a, r, i, 13);
	char date[16];
	clock_format_date_local(db_res_int(r, i, 14), date, sizeof date);
	p->effective_from = arena_strdup(a, date);
	p->created_at = db_res_int(r, i, 15);
	p->unit_ident = repo_textn(a, r, i, 16);
	p->result.vi = repo_textn(a, r, i, 17);
	p->result.en = repo_textn(a, r, i, 18);
	p->notes = repo_textn(a, r, i, 19);
	p->subjects = repo_textn(a, r, i, 21);
	p->sets = db_res_int(r, i, 22);
	p->decision_date = date_or_null(a, db_res_int(r, i, 23));
	p->published_date = date_or_null(a, db_res_int(r, i, 24));
	p->digitize_exempt = db_res_int(r, i, 25) == 0;
	return db_res_int(r, i, 20);
}

static void add_filters(const struct proc_query *q, struct buf *sql, struct db_arg *args,
			size_t *nargs, struct arena *a)
{
	args[(*nargs)++] = DB_I(q->now);
	args[(*nargs)++] = DB_I(q->now);
	for (size_t i = 0; i < q->nterms; i++) {
		buf_adds(sql, " AND v.search_key LIKE ?");
		args[(*nargs)++] = DB_T(arena_printf(a, "%%%s%%", q->terms[i]));
	}
	if (q->field) {
		buf_adds(sql, " AND v.field_vi = ?");
		args[(*nargs)++] = DB_T(q->field);
	}
	if (q->unit) {
		buf_adds(sql, " AND u.code = ?");
		args[(*nargs)++] = DB_T(q->unit);
	}
	if (q->online_level) {
		buf_adds(sql, " AND v.online_level = ?");
		args[(*nargs)++] = DB_T(q->online_level);
	}
}

static void read_summary(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	fill_summary(a, r, i, elem);
}

int repo_proc_search(struct db *db, struct arena *a, const struct proc_query *q,
		     struct procedure **out, size_t *n, int64_t *total)
{
	/* now twice, the terms, three filters, limit and offset. */
	struct db_arg *args = arena_alloc(a, (q->nterms + 7) * sizeof *args);
	size_t nargs = 0;
	struct buf where = BUF_INIT, sql = BUF_INIT;
	add_filters(q, &where, args, &nargs, a);
	buf_addf(&sql, "SELECT COUNT(*)" CURRENT_FROM "%s", buf_str(&where));
	bool found;
	int rc = db_query_int(db, buf_str(&sql), args, nargs, total, &found);
	if (rc < 0)
		goto out;
	buf_reset(&sql);
	buf_addf(&sql, "SELECT " SUMMARY_COLS CURRENT_FROM "%s ORDER BY p.code LIMIT ? OFFSET ?",
		 buf_str(&where));
	args[nargs++] = DB_I(q->limit);
	args[nargs++] = DB_I(q->offset);
	rc = repo_rows_read(db, a, buf_str(&sql), args, nargs, read_summary, NULL, sizeof **out,
			    out, n);
out:
	buf_release(&where);
	buf_release(&sql);
	return rc;
}

static void read_component(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct proc_component *c = elem;
	c->name.vi = repo_textn(a, r, i, 0);
	c->name.en = repo_textn(a, r, i, 1);
	c->template_name = repo_textn(a, r, i, 2);
	c->copy_type = repo_textn(a, r, i, 3);
	c->copies = db_res_int(r, i, 4);
	c->mandatory = db_res_int(r, i, 5) != 0;
	c->condition.vi = repo_textn(a, r, i, 6);
	c->doc_type = repo_textn(a, r, i, 7);
	c->condition.en = repo_textn(a, r, i, 8);
}

static void read_step(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct proc_step *s = elem;
	s->name.vi = repo_textn(a, r, i, 0);
	s->name.en = repo_textn(a, r, i, 1);
	s->role = repo_textn(a, r, i, 2);
	s->unit = repo_textn(a, r, i, 3);
	s->share = db_res_int(r, i, 4);
	s->unit_name_vi = repo_textn(a, r, i, 5);
	s->unit_name_en = repo_textn(a, r, i, 6);
}

static void read_fee(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct proc_fee *f = elem;
	f->name.vi = repo_textn(a, r, i, 0);
	f->name.en = repo_textn(a, r, i, 1);
	f->amount = db_res_int(r, i, 2);
	f->note.vi = repo_textn(a, r, i, 3);
	f->per = repo_textn(a, r, i, 4);
	f->due = repo_text(a, r, i, 5);
	f->confirmed = db_res_int(r, i, 6) != 0;
	const char *who = repo_text(a, r, i, 7);
	f->exemption = *who ? who : NULL;
	f->exemption_basis = f->exemption ? repo_text(a, r, i, 8) : NULL;
	f->note.en = repo_textn(a, r, i, 9);
}

static int load_parts(struct db *db, struct arena *a, int64_t vid, struct procedure *p)
{
	int rc = repo_rows(db, a,
			   "SELECT name_vi, name_en, template, copy_type, copies, mandatory, "
			   "condition_text, doc_type, condition_en FROM procedure_components WHERE "
			   "version_id = ? "
			   "ORDER BY ord",
			   DB_ARGS(DB_I(vid)), read_component, NULL, &p->components,
			   &p->ncomponents);
	if (rc < 0)
		return rc;
	rc = repo_rows(db, a,
		       "SELECT s.name_vi, s.name_en, s.role, u.code, s.share, u.name_vi, u.name_en "
		       "FROM procedure_steps s "
		       "JOIN units u ON u.id = s.unit_id WHERE s.version_id = ? ORDER BY s.ord",
		       DB_ARGS(DB_I(vid)), read_step, NULL, &p->steps, &p->nsteps);
	if (rc < 0)
		return rc;
	rc = repo_rows(db, a,
		       "SELECT name_vi, name_en, amount, note, per, due, confirmed, exemption, "
		       "exemption_basis, note_en FROM procedure_fees WHERE "
		       "version_id = ? ORDER BY ord",
		       DB_ARGS(DB_I(vid)), read_fee, NULL, &p->fees, &p->nfees);
	if (rc < 0)
		return rc;
	return repo_rows(db, a,
			 "SELECT text FROM procedure_legal WHERE version_id = ? ORDER BY ord",
			 DB_ARGS(DB_I(vid)), repo_row_text, NULL, &p->legal, &p->nlegal);
}

/* ---- the parts of published versions, from memory ----
 * Publishing freezes a version's components, steps, fees and legal basis
 * (only drafts are edited), so every receipt and every dossier view need
 * not read them again: they are kept per version row for a minute (the
 * minute bounds what a hand edit of the database would leave stale).
 * The steps carry their units' names, joined from units, which do change:
 * a kept copy is used only at the version of units it was read at (the
 * version this request reads once, repo_cache_versions()), so a rename
 * shows at the next request on every server. Readers get copies in their
 * own arena. */
#define PARTS_SLOTS  128
#define PARTS_TTL_NS (60LL * 1000000000LL)

struct parts_slot {
	int64_t vid, built;
	int64_t units_v; /* the version of units the step names were read at */
	struct arena a;
	struct procedure p;
};
static struct parts_slot parts_cache[PARTS_SLOTS];
static pthread_mutex_t parts_mu = PTHREAD_MUTEX_INITIALIZER;

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static struct text2 dup2(struct arena *a, struct text2 t)
{
	return (struct text2){dup_or_null(a, t.vi), dup_or_null(a, t.en)};
}

static void copy_parts(struct arena *a, const struct procedure *from, struct procedure *to)
{
	to->ncomponents = from->ncomponents;
	to->components = arena_zalloc(a, (from->ncomponents + 1) * sizeof *to->components);
	for (size_t i = 0; i < from->ncomponents; i++) {
		const struct proc_component *f = &from->components[i];
		to->components[i] = (struct proc_component){dup2(a, f->name),
							    dup_or_null(a, f->template_name),
							    dup_or_null(a, f->copy_type),
							    f->copies,
							    f->mandatory,
							    dup2(a, f->condition),
							    dup_or_null(a, f->doc_type)};
	}
	to->nsteps = from->nsteps;
	to->steps = arena_zalloc(a, (from->nsteps + 1) * sizeof *to->steps);
	for (size_t i = 0; i < from->nsteps; i++) {
		const struct proc_step *f = &from->steps[i];
		to->steps[i] = (struct proc_step){dup2(a, f->name),
						  dup_or_null(a, f->role),
						  dup_or_null(a, f->unit),
						  f->share,
						  dup_or_null(a, f->unit_name_vi),
						  dup_or_null(a, f->unit_name_en)};
	}
	to->nfees = from->nfees;
	to->fees = arena_zalloc(a, (from->nfees + 1) * sizeof *to->fees);
	for (size_t i = 0; i < from->nfees; i++)
		to->fees[i] = (struct proc_fee){dup2(a, from->fees[i].name),
						from->fees[i].amount,
						dup2(a, from->fees[i].note),
						from->fees[i].confirmed,
						dup_or_null(a, from->fees[i].per),
						dup_or_null(a, from->fees[i].due),
						dup_or_null(a, from->fees[i].exemption),
						dup_or_null(a, from->fees[i].exemption_basis)};
	to->nlegal = from->nlegal;
	to->legal = arena_zalloc(a, (from->nlegal + 1) * sizeof *to->legal);
	for (size_t i = 0; i < from->nlegal; i++)
		to->legal[i] = dup_or_null(a, from->legal[i]);
}

static bool parts_cached(struct arena *a, int64_t vid, int64_t units_v, struct procedure *p)
{
	struct parts_slot *s = &parts_cache[(uint64_t)vid % PARTS_SLOTS];
	pthread_mutex_lock(&parts_mu);
	bool hit =
		s->vid == vid && s->units_v == units_v && clock_mono_ns() - s->built < PARTS_TTL_NS;
	if (hit)
		copy_parts(a, &s->p, p);
	pthread_mutex_unlock(&parts_mu);
	return hit;
}

static void parts_keep(int64_t vid, int64_t units_v, const struct procedure *p)
{
	struct parts_slot *s = &parts_cache[(uint64_t)vid % PARTS_SLOTS];
	pthread_mutex_lock(&parts_mu);
	if (s->vid)
		arena_release(&s->a);
	arena_init(&s->a);
	memset(&s->p, 0, sizeof s->p);
	copy_parts(&s->a, p, &s->p);
	s->vid = vid;
	s->units_v = units_v;
	s->built = clock_mono_ns();
	pthread_mutex_unlock(&parts_mu);
}

int repo_proc_get(struct db *db, struct arena *a, const char *code, int64_t version, int64_t now,
		  struct procedure *out)
{
	struct db_res *r;
	int rc;
	if (version > 0)
		rc = db_query(db,
			      "SELECT " SUMMARY_COLS
			      " FROM procedure_versions v JOIN procedures p ON "
			      "p.id = v.procedure_id JOIN units u ON u.id = v.unit_id "
			      "WHERE p.code = ? AND v.version = ?",
			      DB_ARGS(DB_T(code), DB_I(version)), &r);
	else
		rc = db_query(db, "SELECT " SUMMARY_COLS CURRENT_FROM " AND p.code = ?",
			      DB_ARGS(DB_I(now), DB_I(now), DB_T(code)), &r);
	if (rc < 0)
		return rc;
	if (db_res_rows(r) == 0) {
		db_res_free(r);
		return DB_NOT_FOUND;
	}
	int64_t vid = fill_summary(a, r, 0, out);
	db_res_free(r);
	out->version_id = vid;
	bool frozen = out->status && !strcmp(out->status, "published");
	int64_t units_v = 0, cal_v;
	bool versioned = false;
	if (frozen && (rc = repo_cache_versions(db, &units_v, &cal_v, &versioned)) < 0)
		return rc;
	/* Without a version to check (not migrated, or this request wrote
	 * units) the parts are read, not kept. */
	frozen = frozen && versioned;
	if (frozen && parts_cached(a, vid, units_v, out))
		return DB_OK;
	rc = load_parts(db, a, vid, out);
	if (rc == DB_OK && frozen)
		parts_keep(vid, units_v, out);
	return rc;
}

static void read_version(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct proc_version_row *v = elem;
	v->version = db_res_int(r, i, 0);
	v->status = repo_textn(a, r, i, 1);
	v->effective_from = db_res_int(r, i, 2);
	v->created_at = db_res_int(r, i, 3);
	v->published_at = db_res_int(r, i, 4);
}

int repo_proc_versions(struct db *db, struct arena *a, const char *code,
		       struct proc_version_row **out, size_t *n)
{
	int rc =
		repo_rows(db, a,
			  "SELECT v.version, v.status, v.effective_from, v.created_at, "
			  "COALESCE(v.published_at, 0) FROM procedure_versions v JOIN procedures p "
			  "ON p.id = v.procedure_id WHERE p.code = ? ORDER BY v.version",
			  DB_ARGS(DB_T(code)), read_version, NULL, out, n);
	if (rc < 0)
		return rc;
	return *n ? DB_OK : DB_NOT_FOUND;
}

static int unit_id(struct db *db, const char *code, int64_t *id)
{
	bool found;
	int rc = db_query_int(db, "SELECT id FROM units WHERE code = ?", DB_ARGS(DB_T(code)), id,
			      &found);
	if (rc == DB_OK && !found)
		return DB_NOT_FOUND;
	return rc;
}

int repo_proc_insert_version(struct db *db, const struct procedure *p, const char *status,
			     int64_t effective_from, const char *search_key, int64_t user_id,
			     int64_t now, int64_t *version)
{
	int64_t pid, uid, vid, ver;
	bool found;
	int rc = unit_id(db, p->unit, &uid);
	if (rc < 0)
		return rc;
	rc = db_exec(db,
		     "INSERT INTO procedures (code, created_at) VALUES (?, ?) ON CONFLICT (code) "
		     "DO NOTHING",
		     DB_ARGS(DB_T(p->code), DB_I(now)), NULL);
	if (rc < 0)
		return rc;
	rc = db_query_int(db, "SELECT id FROM procedures WHERE code = ?", DB_ARGS(DB_T(p->code)),
			  &pid, &found);
	if (rc < 0)
		return rc;
	rc = db_query_int(db,
			  "SELECT COALESCE(MAX(version), 0) + 1 FROM procedure_versions WHERE "
			  "procedure_id = ?",
			  DB_ARGS(DB_I(pid)), &ver, &found);
	if (rc < 0)
		return rc;
	struct db_res *r;
	rc = db_query(
		db,
		"INSERT INTO procedure_versions (procedure_id, version, status, effective_from, "
		"national_code, name_vi, name_en, search_key, field_vi, field_en, unit_id, "
		"online_level, limit_value, limit_unit, result_vi, result_en, notes, created_at, "
		"created_by, published_at, subjects, sets, decision_at, public_at, "
		"digitize_at_receipt) VALUES (?, ?, ?, "
		"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_I(pid), DB_I(ver), DB_T(status), DB_I(effective_from),
			DB_T(p->national_code), DB_T(p->name.vi),
			DB_T(p->name.en ? p->name.en : ""), DB_T(search_key), DB_T(p->field.vi),
			DB_T(p->field.en ? p->field.en : ""), DB_I(uid), DB_T(p->online_level),
			DB_I(p->limit_value), DB_T(p->limit_unit),
			DB_T(p->result.vi ? p->result.vi : ""),
			DB_T(p->result.en ? p->result.en : ""), DB_T(p->notes ? p->notes : ""),
			DB_I(now), user_id ? DB_I(user_id) : DB_NULL,
			strcmp(status, "published") ? DB_NULL : DB_I(now),
			DB_T(p->subjects ? p->subjects : ""), DB_I(p->sets),
			date_arg(p->decision_date), date_arg(p->published_date),
			DB_I(p->digitize_exempt ? 0 : 1)),
		&r);
	if (rc < 0)
		return rc;
	vid = db_res_int(r, 0, 0);
	db_res_free(r);
	for (size_t i = 0; i < p->ncomponents && rc == DB_OK; i++) {
		const struct proc_component *c = &p->components[i];
		rc = db_exec(db,
			     "INSERT INTO procedure_components (version_id, ord, name_vi, name_en, "
			     "template, copy_type, copies, mandatory, condition_text, doc_type, "
			     "condition_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			     DB_ARGS(DB_I(vid), DB_I((int64_t)i + 1), DB_T(c->name.vi),
				     DB_T(c->name.en ? c->name.en : ""), DB_T(c->template_name),
				     DB_T(c->copy_type), DB_I(c->copies),
				     DB_I(c->mandatory ? 1 : 0), DB_T(c->condition.vi),
				     DB_T(c->doc_type),
				     DB_T(c->condition.en ? c->condition.en : "")),
			     NULL);
	}
	for (size_t i = 0; i < p->nsteps && rc == DB_OK; i++) {
		const struct proc_step *s = &p->steps[i];
		int64_t suid;
		rc = unit_id(db, s->unit, &suid);
		if (rc == DB_OK)
			rc = db_exec(db,
				     "INSERT INTO procedure_steps (version_id, ord, name_vi, "
				     "name_en, role, "
				     "unit_id, share) VALUES (?, ?, ?, ?, ?, ?, ?)",
				     DB_ARGS(DB_I(vid), DB_I((int64_t)i + 1), DB_T(s->name.vi),
					     DB_T(s->name.en ? s->name.en : ""), DB_T(s->role),
					     DB_I(suid), DB_I(s->share)),
				     NULL);
	}
	for (size_t i = 0; i < p->nfees && rc == DB_OK; i++) {
		const struct proc_fee *f = &p->fees[i];
		rc = db_exec(db,
			     "INSERT INTO procedure_fees (version_id, ord, name_vi, name_en, "
			     "amount, note, per, due, confirmed, exemption, exemption_basis, "
			     "note_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			     DB_ARGS(DB_I(vid), DB_I((int64_t)i + 1), DB_T(f->name.vi),
				     DB_T(f->name.en ? f->name.en : ""), DB_I(f->amount),
				     DB_T(f->note.vi ? f->note.vi : ""), DB_T(f->per),
				     DB_T(f->due ? f->due : "receipt"), DB_I(f->confirmed ? 1 : 0),
				     DB_T(f->exemption ? f->exemption : ""),
				     DB_T(f->exemption_basis ? f->exemption_basis : ""),
				     DB_T(f->note.en ? f->note.en : "")),
			     NULL);
	}
	for (size_t i = 0; i < p->nlegal && rc == DB_OK; i++)
		rc = db_exec(db,
			     "INSERT INTO procedure_legal (version_id, ord, text) VALUES (?, ?, ?)",
			     DB_ARGS(DB_I(vid), DB_I((int64_t)i + 1), DB_T(p->legal[i])), NULL);
	if (rc == DB_OK && version)
		*version = ver;
	return rc;
}

int repo_proc_draft(struct db *db, const char *code, int64_t *version)
{
	bool found;
	int rc = db_query_int(
		db,
		"SELECT v.version FROM procedure_versions v JOIN procedures p ON p.id = "
		"v.procedure_id WHERE p.code = ? AND v.status = 'draft'",
		DB_ARGS(DB_T(code)), version, &found);
	if (rc == DB_OK && !found)
		return DB_NOT_FOUND;
	return rc;
}

int repo_proc_delete_version(struct db *db, const char *code, int64_t version)
{
	return db_exec(db,
		       "DELETE FROM procedure_versions WHERE version = ? AND status = 'draft' AND "
		       "procedure_id = (SELECT id FROM procedures WHERE code = ?)",
		       DB_ARGS(DB_I(version), DB_T(code)), NULL);
}

int repo_proc_publish(struct db *db, const char *code, int64_t version, int64_t effective_from,
		      int64_t now)
{
	int64_t changes;
	int rc = db_exec(
		db,
		"UPDATE procedure_versions SET status = 'published', effective_from = ?, "
		"published_at = ? WHERE version = ? AND status = 'draft' AND procedure_id = "
		"(SELECT id FROM procedures WHERE code = ?)",
		DB_ARGS(DB_I(effective_from), DB_I(now), DB_I(version), DB_T(code)), &changes);
	if (rc == DB_OK && changes == 0)
		return DB_NOT_FOUND;
	return rc;
}

static void read_proc_fields(struct arena *a, const struct db_res *r, size_t i, void *elem,
			     void *ctx)
{
	struct field_count *e = elem;
	e->name_vi = repo_textn(a, r, i, 0);
	e->name_en = repo_textn(a, r, i, 1);
	e->count = db_res_int(r, i, 2);
}

int repo_proc_fields(struct db *db, struct arena *a, int64_t now, struct field_count **out,
		     size_t *n)
{
	return repo_rows(db, a,
			 "SELECT v.field_vi, MIN(v.field_en), COUNT(*)" CURRENT_FROM
			 " GROUP BY v.field_vi ORDER BY v.field_vi",
			 DB_ARGS(DB_I(now), DB_I(now)), read_proc_fields, NULL, out, n);
}

int repo_proc_codes(struct db *db, struct arena *a, int64_t now, const char ***out, size_t *n)
{
	return repo_rows(db, a, "SELECT p.code" CURRENT_FROM " ORDER BY p.code",
			 DB_ARGS(DB_I(now), DB_I(now)), repo_row_text, NULL, out, n);
}

/* One row per version that matters (the draft, the latest published),
 * folded per procedure by the caller's loop below; rows come by code. */
static void read_admin_version(struct arena *a, const struct db_res *r, size_t i, void *elem,
			       void *ctx)
{
	struct proc_admin_row *x = elem;
	x->code = repo_textn(a, r, i, 0);
	x->name_vi = repo_textn(a, r, i, 3);
	x->name_en = repo_textn(a, r, i, 4);
	bool draft = !strcmp(db_res_text(r, i, 2), "draft");
	if (draft) {
		x->draft = db_res_int(r, i, 1);
		x->draft_created_at = db_res_int(r, i, 6);
	} else {
		x->published = db_res_int(r, i, 1);
		x->published_from = db_res_int(r, i, 5);
	}
}

int repo_proc_admin_list(struct db *db, struct arena *a, struct proc_admin_row **out, size_t *n)
{
	struct proc_admin_row *rows;
	size_t nrows;
	int rc = repo_rows(
		db, a,
		"SELECT p.code, v.version, v.status, v.name_vi, v.name_en, v.effective_from, "
		"v.created_at FROM procedure_versions v JOIN procedures p ON p.id = "
		"v.procedure_id WHERE v.status = 'draft' OR v.version = (SELECT MAX(w.version) "
		"FROM procedure_versions w WHERE w.procedure_id = v.procedure_id AND w.status = "
		"'published') ORDER BY p.code, v.status DESC",
		DB_NOARGS, read_admin_version, NULL, &rows, &nrows);
	if (rc < 0)
		return rc;
	/* "published" sorts after "draft" descending: the published row of a
	 * code comes first, its draft (whose name wins) second. */
	size_t k = 0;
	for (size_t i = 0; i < nrows; i++) {
		if (k && !strcmp(rows[k - 1].code, rows[i].code)) {
			rows[k - 1].draft = rows[i].draft;
			rows[k - 1].draft_created_at = rows[i].draft_created_at;
			rows[k - 1].name_vi = rows[i].name_vi;
			rows[k - 1].name_en = rows[i].name_en;
		} else {
			rows[k++] = rows[i];
		}
	}
	*out = rows;
	*n = k;
	return DB_OK;
}
