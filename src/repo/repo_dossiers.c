/* Dossiers: the dossier row with its components, co-ordinating units and
 * clock pauses; the append-only event history; the per-unit, per-day code
 * counters; the officers' inbox; and the reads `motcua audit verify` needs.
 * Layer: repo. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "core/events.h"
#include "repo/repo.h"

static struct db_arg opt_i(int64_t v)
{
	return v ? DB_I(v) : DB_NULL;
}

int repo_dossier_next_seq(struct db *db, int64_t unit_id, int64_t day, int64_t *seq, int64_t *id)
{
	bool pg = id && db_backend(db) == DB_POSTGRES;
	struct db_res *r;
	int rc = db_query(db,
			  pg ? "INSERT INTO dossier_counters (unit_id, day, last) VALUES (?, ?, 1) "
			       "ON CONFLICT (unit_id, day) DO UPDATE SET last = "
			       "dossier_counters.last + 1 RETURNING last, "
			       "nextval(pg_get_serial_sequence('dossiers', 'id'))"
			     : "INSERT INTO dossier_counters (unit_id, day, last) VALUES (?, ?, 1) "
			       "ON CONFLICT (unit_id, day) DO UPDATE SET last = "
			       "dossier_counters.last + 1 RETURNING last, 0",
			  DB_ARGS(DB_I(unit_id), DB_I(day)), &r);
	if (rc < 0)
		return rc;
	if (db_res_rows(r) != 1) {
		db_res_free(r);
		return DB_HARD;
	}
	*seq = db_res_int(r, 0, 0);
	if (id)
		*id = db_res_int(r, 0, 1);
	db_res_free(r);
	return DB_OK;
}

int repo_dossier_proc_version_id(struct db *db, const char *code, int64_t version, int64_t *id)
{
	bool found;
	int rc = db_query_int(db,
			      "SELECT v.id FROM procedure_versions v JOIN procedures p ON p.id = "
			      "v.procedure_id WHERE p.code = ? AND v.version = ?",
			      DB_ARGS(DB_T(code), DB_I(version)), id, &found);
	if (rc == DB_OK && !found)
		return DB_NOT_FOUND;
	return rc;
}

/* The components in one statement rather than one each, sent with the
 * next statement (db_exec_later()): a receipt runs them while it holds its
 * unit's day counter (issue 16). At most
 * COMPONENTS_PER_INSERT rows a statement (SQLite allows 32,766 variables). */
#define COMPONENTS_PER_INSERT 64
static int insert_components(struct db *db, int64_t id, const struct dossier_component *c,
			     size_t nc)
{
	int rc = DB_OK;
	struct db_arg *args = xcalloc(COMPONENTS_PER_INSERT * 8, sizeof *args);
	for (size_t from = 0; from < nc && rc == DB_OK; from += COMPONENTS_PER_INSERT) {
		size_t n = nc - from < COMPONENTS_PER_INSERT ? nc - from : COMPONENTS_PER_INSERT;
		struct buf sql = BUF_INIT;
		buf_addf(&sql, "INSERT INTO dossier_components (dossier_id, ord, name_vi, name_en, "
			       "copy_type, copies, mandatory, status) VALUES ");
		for (size_t k = 0; k < n; k++) {
			const struct dossier_component *x = &c[from + k];
			struct db_arg *v = &args[k * 8];
			buf_addf(&sql, "%s(?, ?, ?, ?, ?, ?, ?, ?)", k ? ", " : "");
			v[0] = DB_I(id);
			v[1] = DB_I((int64_t)(from + k) + 1);
			v[2] = DB_T(x->name_vi);
			v[3] = DB_T(x->name_en ? x->name_en : "");
			v[4] = DB_T(x->copy_type);
			v[5] = DB_I(x->copies);
			v[6] = DB_I(x->mandatory ? 1 : 0);
			v[7] = DB_T(x->status);
		}
		rc = db_exec_later(db, buf_str(&sql), args, n * 8);
		buf_release(&sql);
	}
	free(args);
	return rc;
}

#define DOSSIER_INSERT_COLS                                                                        \
	"code, code_day, code_seq, procedure_version_id, "                                         \
	"procedure_code, channel, state, receiving_unit_id, processing_unit_id, "                  \
	"submitter_kind, submitter_name, submitter_id_number, submitter_tax_code, "                \
	"submitter_address, submitter_phone, submitter_email, owner_kind, owner_name, "            \
	"owner_id_number, owner_tax_code, owner_address, applicant_user_id, request_text, "        \
	"sets, return_method, created_by, created_at, updated_at, submitted_at, "                  \
	"received_at, due_at, extended_due_at, step, step_started_at, step_due_at, "               \
	"step_unit_id, step_role, assignee_id, paused_at, resume_state, supplements, "             \
	"extension, extension_reason, extension_due_at, approved, counts_late, "                   \
	"result_code, result_at, returned_at, ended_at, timeliness, nevents, last_hash) "
#define DOSSIER_INSERT_VALUES                                                                      \
	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "  \
	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

int repo_dossier_insert(struct db *db, const struct dossier *d, const struct dossier_component *c,
			size_t nc, const int64_t *coordinators, size_t ncoord, int64_t *id)
{
	const struct dossier_party *s = &d->submitter, *o = &d->owner;
	/* The whole row, as repo_dossier_update() writes it: a receipt knows
	 * every field (and its first event's hash) before it inserts, and a
	 * second write of the row would touch every index again. */
	const struct db_arg v[] = {DB_I(*id),
				   DB_T(d->code),
				   DB_I(d->code_day),
				   DB_I(d->code_seq),
				   DB_I(d->procedure_version_id),
				   DB_T(d->procedure_code),
				   DB_T(d->channel),
				   DB_T(d->state),
				   DB_I(d->receiving_unit_id),
				   DB_I(d->processing_unit_id),
				   DB_T(s->kind),
				   DB_T(s->name),
				   DB_T(s->id_number),
				   DB_T(s->tax_code),
				   DB_T(s->address ? s->address : ""),
				   DB_T(s->phone ? s->phone : ""),
				   DB_T(s->email ? s->email : ""),
				   DB_T(o->kind),
				   DB_T(o->name),
				   DB_T(o->id_number),
				   DB_T(o->tax_code),
				   DB_T(o->address),
				   opt_i(d->applicant_user_id),
				   DB_T(d->request_text ? d->request_text : ""),
				   DB_I(d->sets),
				   DB_T(d->return_method),
				   opt_i(d->created_by),
				   DB_I(d->created_at),
				   DB_I(d->updated_at ? d->updated_at : d->created_at),
				   opt_i(d->submitted_at),
				   opt_i(d->received_at),
				   opt_i(d->due_at),
				   opt_i(d->extended_due_at),
				   DB_I(d->step),
				   opt_i(d->step_started_at),
				   opt_i(d->step_due_at),
				   opt_i(d->step_unit_id),
				   DB_T(d->step_role),
				   opt_i(d->assignee_id),
				   opt_i(d->paused_at),
				   DB_T(d->resume_state),
				   DB_I(d->supplements),
				   DB_T(d->extension ? d->extension : "none"),
				   DB_T(d->extension_reason),
				   opt_i(d->extension_due_at),
				   DB_I(d->approved ? 1 : 0),
				   DB_I(d->counts_late ? 1 : 0),
				   DB_T(d->result_code),
				   opt_i(d->result_at),
				   opt_i(d->returned_at),
				   opt_i(d->ended_at),
				   DB_T(d->timeliness),
				   DB_I(d->nevents),
				   DB_T(d->last_hash ? d->last_hash : "")};
	size_t nv = sizeof v / sizeof v[0];
	int rc;
	if (*id) { /* taken with the code's number: nothing to wait for */
		rc = db_exec_later(db,
				   "INSERT INTO dossiers (id, " DOSSIER_INSERT_COLS
				   "VALUES (?, " DOSSIER_INSERT_VALUES,
				   v, nv);
	} else {
		struct db_res *r;
		rc = db_query(db,
			      "INSERT INTO dossiers (" DOSSIER_INSERT_COLS
			      "VALUES (" DOSSIER_INSERT_VALUES " RETURNING id",
			      v + 1, nv - 1, &r);
		if (rc < 0)
			return rc;
		*id = db_res_int(r, 0, 0);
		db_res_free(r);
	}
	if (rc == DB_OK && nc)
		rc = insert_components(db, *id, c, nc);
	for (size_t i = 0; i < ncoord && rc == DB_OK; i++)
		rc = db_exec(db,
			     "INSERT INTO dossier_coordinators (dossier_id, unit_id) VALUES (?, ?)",
			     DB_ARGS(DB_I(*id), DB_I(coordinators[i])), NULL);
	return rc;
}

#define DOSSIER_COLS                                                                               \
	"d.id, d.code, d.code_day, d.code_seq, d.procedure_version_id, v.version, "                \
	"d.procedure_code, v.name_vi, v.name_en, d.channel, d.state, d.receiving_unit_id, "        \
	"d.processing_unit_id, d.submitter_kind, d.submitter_name, d.submitter_id_number, "        \
	"d.submitter_tax_code, d.submitter_address, d.submitter_phone, d.submitter_email, "        \
	"d.owner_kind, d.owner_name, d.owner_id_number, d.owner_tax_code, d.owner_address, "       \
	"COALESCE(d.applicant_user_id, 0), d.request_text, d.sets, d.return_method, "              \
	"COALESCE(d.created_by, 0), d.created_at, COALESCE(d.submitted_at, 0), "                   \
	"COALESCE(d.received_at, 0), COALESCE(d.due_at, 0), COALESCE(d.extended_due_at, 0), "      \
	"d.step, COALESCE(d.step_started_at, 0), COALESCE(d.step_due_at, 0), "                     \
	"COALESCE(d.step_unit_id, 0), d.step_role, COALESCE(d.assignee_id, 0), au.username, "      \
	"COALESCE(d.paused_at, 0), d.resume_state, d.supplements, d.extension, "                   \
	"d.extension_reason, COALESCE(d.extension_due_at, 0), d.approved, d.counts_late, "         \
	"d.result_code, COALESCE(d.result_at, 0), COALESCE(d.returned_at, 0), "                    \
	"COALESCE(d.ended_at, 0), d.timeliness, d.nevents, d.last_hash, d.updated_at"

#define DOSSIER_FROM                                                                               \
	" FROM dossiers d JOIN procedure_versions v ON v.id = d.procedure_version_id "             \
	"LEFT JOIN users au ON au.id = d.assignee_id"

static void fill(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct dossier *d = elem;
	size_t c = 0;
	memset(d, 0, sizeof *d);
	d->id = db_res_int(r, i, c++);
	d->code = repo_textn(a, r, i, c++);
	d->code_day = db_res_int(r, i, c++);
	d->code_seq = db_res_int(r, i, c++);
	d->procedure_version_id = db_res_int(r, i, c++);
	d->procedure_version = db_res_int(r, i, c++);
	d->procedure_code = repo_textn(a, r, i, c++);
	d->procedure_name_vi = repo_textn(a, r, i, c++);
	d->procedure_name_en = repo_textn(a, r, i, c++);
	d->channel = repo_textn(a, r, i, c++);
	d->state = repo_textn(a, r, i, c++);
	d->receiving_unit_id = db_res_int(r, i, c++);
	d->processing_unit_id = db_res_int(r, i, c++);
	d->submitter.kind = repo_textn(a, r, i, c++);
	d->submitter.name = repo_textn(a, r, i, c++);
	d->submitter.id_number = repo_textn(a, r, i, c++);
	d->submitter.tax_code = repo_textn(a, r, i, c++);
	d->submitter.address = repo_textn(a, r, i, c++);
	d->submitter.phone = repo_textn(a, r, i, c++);
	d->submitter.email = repo_textn(a, r, i, c++);
	d->owner.kind = repo_textn(a, r, i, c++);
	d->owner.name = repo_textn(a, r, i, c++);
	d->owner.id_number = repo_textn(a, r, i, c++);
	d->owner.tax_code = repo_textn(a, r, i, c++);
	d->owner.address = repo_textn(a, r, i, c++);
	d->applicant_user_id = db_res_int(r, i, c++);
	d->request_text = repo_textn(a, r, i, c++);
	d->sets = db_res_int(r, i, c++);
	d->return_method = repo_textn(a, r, i, c++);
	d->created_by = db_res_int(r, i, c++);
	d->created_at = db_res_int(r, i, c++);
	d->submitted_at = db_res_int(r, i, c++);
	d->received_at = db_res_int(r, i, c++);
	d->due_at = db_res_int(r, i, c++);
	d->extended_due_at = db_res_int(r, i, c++);
	d->step = db_res_int(r, i, c++);
	d->step_started_at = db_res_int(r, i, c++);
	d->step_due_at = db_res_int(r, i, c++);
	d->step_unit_id = db_res_int(r, i, c++);
	d->step_role = repo_textn(a, r, i, c++);
	d->assignee_id = db_res_int(r, i, c++);
	d->assignee = repo_textn(a, r, i, c++);
	d->paused_at = db_res_int(r, i, c++);
	d->resume_state = repo_textn(a, r, i, c++);
	d->supplements = db_res_int(r, i, c++);
	d->extension = repo_textn(a, r, i, c++);
	d->extension_reason = repo_textn(a, r, i, c++);
	d->extension_due_at = db_res_int(r, i, c++);
	d->approved = db_res_int(r, i, c++) != 0;
	d->counts_late = db_res_int(r, i, c++) != 0;
	d->result_code = repo_textn(a, r, i, c++);
	d->result_at = db_res_int(r, i, c++);
	d->returned_at = db_res_int(r, i, c++);
	d->ended_at = db_res_int(r, i, c++);
	d->timeliness = repo_textn(a, r, i, c++);
	d->nevents = db_res_int(r, i, c++);
	d->last_hash = repo_textn(a, r, i, c++);
	d->updated_at = db_res_int(r, i, c++);
}

int repo_dossier_by_code(struct db *db, struct arena *a, const char *code, struct dossier *out)
{
	return repo_row(db, a, "SELECT " DOSSIER_COLS DOSSIER_FROM " WHERE d.code = ?",
			DB_ARGS(DB_T(code)), fill, NULL, out);
}

int repo_dossiers_timed(struct db *db, struct arena *a, int64_t unit_id, struct dossier **out,
			size_t *n)
{
	return repo_rows(db, a,
			 "SELECT " DOSSIER_COLS DOSSIER_FROM
			 " WHERE d.state IN ('submitted', 'received', 'in_process', "
			 "'awaiting_supplement', 'awaiting_payment') AND (? = 0 OR "
			 "d.processing_unit_id = ? OR d.step_unit_id = ?) ORDER BY d.id",
			 DB_ARGS(DB_I(unit_id), DB_I(unit_id), DB_I(unit_id)), fill, NULL, out, n);
}

int repo_dossier_update(struct db *db, const struct dossier *d, int64_t old_nevents)
{
	int64_t changes = 0;
	int rc = db_exec(
		db,
		"UPDATE dossiers SET state = ?, submitted_at = ?, received_at = ?, due_at = ?, "
		"extended_due_at = ?, step = ?, step_started_at = ?, step_due_at = ?, step_unit_id "
		"= ?, "
		"step_role = ?, assignee_id = ?, paused_at = ?, resume_state = ?, supplements = ?, "
		"extension = ?, extension_reason = ?, extension_due_at = ?, approved = ?, "
		"counts_late = ?, result_code = ?, result_at = ?, returned_at = ?, ended_at = ?, "
		"timeliness = ?, nevents = ?, last_hash = ?, updated_at = ? WHERE id = ? AND "
		"nevents = ?",
		DB_ARGS(DB_T(d->state), opt_i(d->submitted_at), opt_i(d->received_at),
			opt_i(d->due_at), opt_i(d->extended_due_at), DB_I(d->step),
			opt_i(d->step_started_at), opt_i(d->step_due_at), opt_i(d->step_unit_id),
			DB_T(d->step_role), opt_i(d->assignee_id), opt_i(d->paused_at),
			DB_T(d->resume_state), DB_I(d->supplements),
			DB_T(d->extension ? d->extension : "none"), DB_T(d->extension_reason),
			opt_i(d->extension_due_at), DB_I(d->approved ? 1 : 0),
			DB_I(d->counts_late ? 1 : 0), DB_T(d->result_code), opt_i(d->result_at),
			opt_i(d->returned_at), opt_i(d->ended_at), DB_T(d->timeliness),
			DB_I(d->nevents), DB_T(d->last_hash), DB_I(d->updated_at), DB_I(d->id),
			DB_I(old_nevents)),
		&changes);
	if (rc == DB_OK && changes != 1)
		return DB_SOFT;
	return rc;
}

int repo_dossier_component_status(struct db *db, int64_t dossier_id, int64_t ord,
				  const char *status)
{
	return db_exec(db,
		       "UPDATE dossier_components SET status = ? WHERE dossier_id = ? AND ord = ?",
		       DB_ARGS(DB_T(status), DB_I(dossier_id), DB_I(ord)), NULL);
}

static void read_component(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct dossier_component *c = elem;
	c->name_vi = repo_textn(a, r, i, 0);
	c->name_en = repo_textn(a, r, i, 1);
	c->copy_type = repo_textn(a, r, i, 2);
	c->copies = db_res_int(r, i, 3);
	c->mandatory = db_res_int(r, i, 4) != 0;
	c->status = repo_textn(a, r, i, 5);
}

int repo_dossier_components(struct db *db, struct arena *a, int64_t dossier_id,
			    struct dossier_component **out, size_t *n)
{
	return repo_rows(db, a,
			 "SELECT name_vi, name_en, copy_type, copies, mandatory, status FROM "
			 "dossier_components WHERE dossier_id = ? ORDER BY ord",
			 DB_ARGS(DB_I(dossier_id)), read_component, NULL, out, n);
}

int repo_dossier_coordinators(struct db *db, struct arena *a, int64_t dossier_id,
			      const char ***codes, size_t *n)
{
	return repo_rows(
		db, a,
		"SELECT u.code FROM dossier_coordinators c JOIN units u ON u.id = c.unit_id "
		"WHERE c.dossier_id = ? ORDER BY u.code",
		DB_ARGS(DB_I(dossier_id)), repo_row_text, NULL, codes, n);
}

static void read_pause(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct dossier_pause *p = elem;
	p->kind = repo_textn(a, r, i, 0);
	p->from_at = db_res_int(r, i, 1);
	p->to_at = db_res_int(r, i, 2);
}

int repo_dossier_pauses(struct db *db, struct arena *a, int64_t dossier_id,
			struct dossier_pause **out, size_t *n)
{
	return repo_rows(db, a,
			 "SELECT kind, from_at, COALESCE(to_at, 0) FROM dossier_pauses WHERE "
			 "dossier_id = ? ORDER BY ord",
			 DB_ARGS(DB_I(dossier_id)), read_pause, NULL, out, n);
}

int repo_dossier_pause_start(struct db *db, int64_t dossier_id, const char *kind, int64_t at)
{
	return db_exec(db,
		       "INSERT INTO dossier_pauses (dossier_id, ord, kind, from_at) VALUES (?, "
		       "(SELECT COALESCE(MAX(ord), 0) + 1 FROM dossier_pauses WHERE dossier_id = "
		       "?), ?, ?)",
		       DB_ARGS(DB_I(dossier_id), DB_I(dossier_id), DB_T(kind), DB_I(at)), NULL);
}

int repo_dossier_pause_end(struct db *db, int64_t dossier_id, int64_t at)
{
	return db_exec(db,
		       "UPDATE dossier_pauses SET to_at = ? WHERE dossier_id = ? AND to_at IS NULL",
		       DB_ARGS(DB_I(at), DB_I(dossier_id)), NULL);
}

static int db_exec_now(struct db *db, const char *sql, const struct db_arg *args, size_t nargs)
{
	return db_exec(db, sql, args, nargs, NULL);
}

static int event_insert(struct db *db, int64_t dossier_id, const struct event *e, bool later)
{
	return (later ? db_exec_later : db_exec_now)(
		db,
		"INSERT INTO dossier_events (dossier_id, seq, at, actor_id, actor, action, "
		"from_state, to_state, step_from, step_to, step_due_at, timeliness, note, data, "
		"prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		DB_ARGS(DB_I(dossier_id), DB_I(e->seq), DB_I(e->at), opt_i(e->actor_id),
			DB_T(e->actor ? e->actor : ""), DB_T(e->action),
			DB_T(e->from_state ? e->from_state : ""),
			DB_T(e->to_state ? e->to_state : ""), DB_I(e->step_from), DB_I(e->step_to),
			DB_I(e->step_due_at), DB_T(e->timeliness ? e->timeliness : ""),
			DB_T(e->note ? e->note : ""), DB_T(e->data ? e->data : "{}"),
			DB_T(e->prev_hash), DB_T(e->hash)));
}

int repo_event_insert(struct db *db, int64_t dossier_id, const struct event *e)
{
	return event_insert(db, dossier_id, e, false);
}

int repo_event_insert_first(struct db *db, int64_t dossier_id, const struct event *e)
{
	return event_insert(db, dossier_id, e, true);
}

void repo_row_event(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	(void)ctx;
	struct event *e = elem;
	e->id = db_res_int(r, i, 0);
	e->dossier = repo_textn(a, r, i, 1);
	e->seq = db_res_int(r, i, 2);
	e->at = db_res_int(r, i, 3);
	e->actor_id = db_res_int(r, i, 4);
	e->actor = repo_textn(a, r, i, 5);
	e->action = repo_textn(a, r, i, 6);
	e->from_state = repo_textn(a, r, i, 7);
	e->to_state = repo_textn(a, r, i, 8);
	e->step_from = db_res_int(r, i, 9);
	e->step_to = db_res_int(r, i, 10);
	e->step_due_at = db_res_int(r, i, 11);
	e->timeliness = repo_textn(a, r, i, 12);
	e->note = repo_textn(a, r, i, 13);
	e->data = repo_textn(a, r, i, 14);
	e->prev_hash = repo_textn(a, r, i, 15);
	e->hash = repo_textn(a, r, i, 16);
}

int repo_events_of(struct db *db, struct arena *a, int64_t dossier_id, struct event **out,
		   size_t *n)
{
	return repo_rows(
		db, a,
		"SELECT e.id, d.code, e.seq, e.at, COALESCE(e.actor_id, 0), e.actor, "
		"e.action, e.from_state, e.to_state, e.step_from, e.step_to, e.step_due_at, "
		"e.timeliness, e.note, e.data, e.prev_hash, e.hash FROM dossier_events e "
		"JOIN dossiers d ON d.id = e.dossier_id WHERE e.dossier_id = ? ORDER BY e.seq",
		DB_ARGS(DB_I(dossier_id)), repo_row_event, NULL, out, n);
}

static void read_head(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct dossier_head *h = elem;
	h->id = db_res_int(r, i, 0);
	h->code = repo_textn(a, r, i, 1);
	h->nevents = db_res_int(r, i, 2);
	h->last_hash = repo_textn(a, r, i, 3);
}

int repo_dossier_heads(struct db *db, struct arena *a, int64_t after_id, int64_t limit,
		       struct dossier_head **out, size_t *n)
{
	return repo_rows(db, a,
			 "SELECT id, code, nevents, last_hash FROM dossiers WHERE id > ? ORDER BY "
			 "id LIMIT ?",
			 DB_ARGS(DB_I(after_id), DB_I(limit)), read_head, NULL, out, n);
}

static void read_gap(struct arena *a, const struct db_res *r, size_t i, void *elem, void *ctx)
{
	struct dossier_gap *g = elem;
	g->unit_ident = repo_textn(a, r, i, 0);
	g->day = db_res_int(r, i, 1);
	g->last = db_res_int(r, i, 2);
	g->count = db_res_int(r, i, 3);
	g->max_seq = db_res_int(r, i, 4);
}

int repo_dossier_gaps(struct db *db, struct arena *a, struct dossier_gap **out, size_t *n)
{
	return repo_rows(
		db, a,
		/* Codes a restore skipped (dossier_code_voids) count as given:
		 * a counter's 1..last is its dossiers and its voided ranges. */
		"WITH v AS (SELECT unit_id, day, SUM(last_seq - first_seq + 1) AS n, "
		"MAX(last_seq) AS hi FROM dossier_code_voids GROUP BY unit_id, day) "
		"SELECT u.ident, c.day, c.last, COUNT(d.id) + COALESCE(MAX(v.n), 0), "
		"CASE WHEN COALESCE(MAX(d.code_seq), 0) > COALESCE(MAX(v.hi), 0) "
		"THEN COALESCE(MAX(d.code_seq), 0) ELSE COALESCE(MAX(v.hi), 0) END "
		"FROM dossier_counters c JOIN units u ON u.id = c.unit_id "
		"LEFT JOIN dossiers d ON d.receiving_unit_id = c.unit_id AND d.code_day = c.day "
		"LEFT JOIN v ON v.unit_id = c.unit_id AND v.day = c.day "
		"GROUP BY u.ident, c.day, c.last "
		"HAVING COUNT(d.id) + COALESCE(MAX(v.n), 0) <> c.last OR "
		"(CASE WHEN COALESCE(MAX(d.code_seq), 0) > COALESCE(MAX(v.hi), 0) "
		"THEN COALESCE(MAX(d.code_seq), 0) ELSE COALESCE(MAX(v.hi), 0) END) <> c.last "
		"ORDER BY c.day, u.ident",
		DB_NOARGS, read_gap, NULL, out, n);
}

/* ---- the inbox ---- */

/* OPEN_STATES and DUE_EXPR are, word for word, the WHERE and the first
 * column of the partial index dossiers_open_due (migration 0007): the
 * planners use it only when the query says the same. A dossier without any
 * due time sorts last by the largest 64-bit integer rather than by a CASE,
 * so the page walks the index in order and its LIMIT stops the walk; every
 * column the filters and counts below read is in that index (and in
 * dossiers_open_who), so only the page's rows are read from the table. */
#define OPEN_STATES                                                                                \
	"('submitted', 'received', 'in_process', 'awaiting_supplement', "                          \
	"'awaiting_payment', 'result_ready')"
/* The same states, spelt as the complement: the WHERE of dossiers_open_who.
 * A count says both (its index then is a seek on state); the page says
 * only OPEN_STATES, so that the planner, which has no statistics to tell
 * it that six states are most of that index, cannot pick it over the
 * walk of dossiers_open_due in due order. A new state goes in one list or
 * the other. */
#define OPEN_STATES_WHO "NOT IN ('refused', 'withdrawn', 'stopped', 'returned')"
#define WAITING_STATES	"('awaiting_supplement', 'awaiting_payment')"
#define DUE_EXPR	"COALESCE(d.extended_due_at, d.due_at, d.step_due_at, 9223372036854775807)"

/* The condition of one box (without a leading AND), or NULL for all. The
 * largest integer of DUE_EXPR is never <= now or soon, so a dossier
 * without a due time is neither due soon nor overdue. */
static bool box_cond(const struct inbox_query *q, struct buf *w, struct db_arg *args, size_t *na,
		     enum inbox_box box)
{
	switch (box) {
	case INBOX_ALL:
		return false;
	case INBOX_MINE:
		buf_adds(w, "d.assignee_id = ?");
		args[(*na)++] = DB_I(q->user_id);
		break;
	case INBOX_POOL:
		buf_adds(w, "d.assignee_id IS NULL AND d.step_unit_id = ?");
		args[(*na)++] = DB_I(q->unit_id);
		break;
	case INBOX_DUE_SOON: /* the rare condition first: a CASE stops there */
		buf_adds(w,
			 DUE_EXPR " <= ? AND " DUE_EXPR " > ? AND d.state NOT IN " WAITING_STATES);
		args[(*na)++] = DB_I(q->soon);
		args[(*na)++] = DB_I(q->now);
		break;
	case INBOX_OVERDUE:
		buf_adds(w, DUE_EXPR " <= ? AND d.state NOT IN " WAITING_STATES
				     " AND d.state <> 'result_ready'");
		args[(*na)++] = DB_I(q->now);
		break;
	case INBOX_WAITING:
		buf_adds(w, "d.state IN " WAITING_STATES);
		break;
	case INBOX_APPROVALS:
		/* An extension pending, or in process at a leader's step, not
		 * approved, with a draft result: kept on write by migration
		 * 0040's triggers, so that the page and its count walk the
		 * index of the rows awaiting (dossiers_awaiting), not every
		 * open dossier with its draft (issue 16). */
		buf_adds(w, "d.awaiting_approval = 1");
		break;
	}
	return true;
}

/* The column is a unit of the tree of q->agency_root (one argument). */
#define IN_TREE(col)                                                                               \
	col " IN (WITH RECURSIVE tree(id) AS (SELECT CAST(? AS BIGINT) UNION "                     \
	    "SELECT u.id FROM units u JOIN tree ON u.parent_id = tree.id) SELECT id FROM tree)"
/* Received in the unit tree of q->agency_root (one argument). */
#define IN_AGENCY IN_TREE("d.receiving_unit_id")

/* The WHERE clause of what the user may see, plus the box and filters. */
static void where_visible(const struct inbox_query *q, struct buf *w, struct db_arg *args,
			  size_t *na, enum inbox_box box)
{
	buf_adds(w, " WHERE d.state IN " OPEN_STATES);
	if (!q->whole_agency) {
		buf_adds(w, " AND (d.assignee_id = ?");
		args[(*na)++] = DB_I(q->user_id);
		if (q->unit_wide) {
			buf_adds(w, " OR d.step_unit_id = ?");
			args[(*na)++] = DB_I(q->unit_id);
		}
		if (q->nroles) {
			buf_adds(w, " OR (d.assignee_id IS NULL AND d.step_unit_id = ? AND "
				    "d.step_role IN (");
			args[(*na)++] = DB_I(q->unit_id);
			for (size_t i = 0; i < q->nroles && i < 8; i++) {
				buf_adds(w, i ? ", ?" : "?");
				args[(*na)++] = DB_T(q->roles[i]);
			}
			buf_adds(w, "))");
		}
		buf_adds(w, ")");
	} else if (q->agency_root) {
		buf_adds(w, " AND " IN_AGENCY);
		args[(*na)++] = DB_I(q->agency_root);
	}
	struct buf c = BUF_INIT;
	if (box_cond(q, &c, args, na, box))
		buf_addf(w, " AND %s", buf_str(&c));
	buf_release(&c);
	if (q->procedure) {
		buf_adds(w, " AND d.procedure_code = ?");
		args[(*na)++] = DB_T(q->procedure);
	}
	if (q->state) {
		buf_adds(w, " AND d.state = ?");
		args[(*na)++] = DB_T(q->state);
	}
}

int repo_inbox(struct db *db, struct arena *a, const struct inbox_query *q, struct dossier **out,
	       size_t *n, int64_t *total)
{
	struct db_arg args[32];
	size_t na = 0;
	struct buf w = BUF_INIT, sql = BUF_INIT;
	int rc = DB_OK;
	where_visible(q, &w, args, &na, q->box);
	if (total) {
		bool found;
		buf_addf(&sql, "SELECT COUNT(*) FROM dossiers d%s", buf_str(&w));
		rc = db_query_int(db, buf_str(&sql), args, na, total, &found);
		if (rc < 0)
			goto out;
		buf_reset(&sql);
	}
	/* LIMIT and OFFSET are written as numbers, not parameters: PostgreSQL
	 * costs a generic plan of "LIMIT $1" as if it returned a tenth of the
	 * open dossiers (thousands of rows at a million), so with parameters it
	 * planned the page again at every request (0.45 ms of planning beside
	 * 0.38 ms of execution, issue 16); with the numbers its generic plan
	 * costs what the page costs and is kept. Both are bounded integers
	 * (per_page <= 100, page <= 100000), so the texts are few. */
	buf_addf(&sql,
		 "SELECT " DOSSIER_COLS DOSSIER_FROM "%s ORDER BY " DUE_EXPR
		 ", d.id LIMIT %lld OFFSET %lld",
		 buf_str(&w), (long long)q->limit, (long long)q->offset);
	rc = repo_rows_read(db, a, buf_str(&sql), args, na, fill, NULL, sizeof **out, out, n);
out:
	buf_release(&w);
	buf_release(&sql);
	return rc;
}

/* The counts are summed over disjoint parts of what the user sees, each
 * an aggregate of its own (one row of the UNION ALL below), so that each
 * is a range of an index rather than a pass over every open dossier with
 * the visibility test on each: dossiers_open_who (state, assignee_id,
 * step_unit_id, step_role, the due times) serves "assigned to me", "in my
 * unit's pool" and "waiting" as ranges, dossiers_open_due serves due soon
 * and overdue as ranges of its first column. A head's unit (assigned to
 * others) remains a scan, of the narrower index; a whole agency's counts
 * are mostly kept on write (count_agency). */
enum { NBOX = 6 }; /* all, mine, pool, due soon, overdue, waiting */
static const enum inbox_box count_boxes[NBOX] = {INBOX_ALL,	 INBOX_MINE,	INBOX_POOL,
						 INBOX_DUE_SOON, INBOX_OVERDUE, INBOX_WAITING};

enum part { PART_ANY, PART_MINE, PART_POOL };

/* One part's row: column b counts box b among the dossiers of the part
 * (the condition `cond`, its args added after this call's), or is 0 where
 * the part cannot hold any. only >= 0: a whole agency's part for that one
 * box, whose condition is `cond`; its row is COUNT(*) there and 0
 * elsewhere. `by_due`: the part is a range of due times, read in
 * dossiers_open_due; else in dossiers_open_who. */
static void count_part(const struct inbox_query *q, struct buf *sql, struct db_arg *args,
		       size_t *na, enum part part, const char *cond, int only, bool by_due)
{
	buf_adds(sql, sql->len ? " UNION ALL SELECT " : "SELECT ");
	for (int b = 0; b < NBOX; b++) {
		if (b)
			buf_adds(sql, ", ");
		enum inbox_box box = count_boxes[b];
		if (only >= 0 ? b != only
			      : (part == PART_MINE && box == INBOX_POOL) ||
					(part == PART_POOL && box == INBOX_MINE))
			buf_adds(sql, "0");
		else if (only >= 0 || box == INBOX_ALL ||
			 (part == PART_MINE && box == INBOX_MINE) ||
			 (part == PART_POOL && box == INBOX_POOL))
			buf_adds(sql, "COUNT(*)");
		else {
			buf_adds(sql, "COUNT(CASE WHEN ");
			box_cond(q, sql, args, na, box);
			buf_adds(sql, " THEN 1 END)");
		}
	}
	if (!by_due && !*cond) /* a whole agency's all: the scan tests no state */
		buf_adds(sql, " FROM dossiers d WHERE d.state " OPEN_STATES_WHO);
	else
		buf_addf(sql, " FROM dossiers d WHERE %sd.state IN " OPEN_STATES "%s%s",
			 by_due ? "" : "d.state " OPEN_STATES_WHO " AND ", *cond ? " AND " : "",
			 cond);
}

/* A whole agency's counts: "all", "pool" and "waiting" are sums of the
 * counts kept on write per receiving unit, state, step unit and pool
 * (inbox_tally, migration 0033), "overdue" the sum of the days before
 * today kept in inbox_due plus today's range of dossiers_open_due; "mine"
 * and "due soon" stay ranges of the indexes (the viewer's own dossiers,
 * one working day's due times), so that nothing read grows with the open
 * dossiers of the agency. */
static void count_agency(const struct inbox_query *q, struct buf *sql, struct db_arg *args,
			 size_t *na)
{
	const int64_t day = 86400000;
	int64_t today = q->now / day;
	buf_adds(sql, "SELECT COALESCE(SUM(t.n), 0), 0, COALESCE(SUM(CASE WHEN t.pooled = 1 AND "
		      "t.step_unit_id = ? THEN t.n END), 0), 0, 0, COALESCE(SUM(CASE WHEN "
		      "t.state IN " WAITING_STATES " THEN t.n END), 0) FROM inbox_tally t");
	args[(*na)++] = DB_I(q->unit_id);
	if (q->agency_root) {
		buf_adds(sql, " WHERE " IN_TREE("t.unit_id"));
		args[(*na)++] = DB_I(q->agency_root);
	}
	buf_adds(sql, " UNION ALL SELECT 0, 0, 0, 0, COALESCE(SUM(t.n), 0), 0 FROM inbox_due t "
		      "WHERE t.day < ?");
	args[(*na)++] = DB_I(today);
	if (q->agency_root) {
		buf_adds(sql, " AND " IN_TREE("t.unit_id"));
		args[(*na)++] = DB_I(q->agency_root);
	}
	/* Overdue since midnight and due soon: one range of dossiers_open_due,
	 * from midnight to the end of due soon (now lies between). */
	buf_adds(sql,
		 " UNION ALL SELECT 0, 0, 0, COUNT(CASE WHEN " DUE_EXPR
		 " > ? AND d.state NOT IN " WAITING_STATES " THEN 1 END), COUNT(CASE WHEN " DUE_EXPR
		 " <= ? AND d.state NOT IN " WAITING_STATES " AND d.state <> 'result_ready' THEN 1 "
		 "END), 0 FROM dossiers d WHERE d.state IN " OPEN_STATES " AND " DUE_EXPR
		 " >= ? AND " DUE_EXPR " <= ?");
	args[(*na)++] = DB_I(q->now);
	args[(*na)++] = DB_I(q->now);
	args[(*na)++] = DB_I(today * day);
	args[(*na)++] = DB_I(q->soon);
	if (q->agency_root) {
		buf_adds(sql, " AND " IN_AGENCY);
		args[(*na)++] = DB_I(q->agency_root);
	}
	/* Mine: the viewer's own, a range of dossiers_open_who. */
	struct buf c = BUF_INIT;
	buf_adds(&c, "d.assignee_id = ?");
	args[(*na)++] = DB_I(q->user_id);
	if (q->agency_root) {
		buf_adds(&c, " AND " IN_AGENCY);
		args[(*na)++] = DB_I(q->agency_root);
	}
	count_part(q, sql, args, na, PART_ANY, buf_str(&c), 1, false);
	buf_release(&c);
}

int repo_inbox_counts(struct db *db, const struct inbox_query *q, struct inbox_counts *out)
{
	struct db_arg args[96];
	size_t na = 0;
	struct buf sql = BUF_INIT, c = BUF_INIT;
	if (q->whole_agency) {
		count_agency(q, &sql, args, &na);
	} else {
		/* Assigned to me; then the unit's (a head) or my roles' pool,
		 * never assigned to me: disjoint, so the rows add up. Each
		 * part's SELECT list comes before its WHERE, and so do its
		 * arguments. */
		count_part(q, &sql, args, &na, PART_MINE, "d.assignee_id = ?", -1, false);
		args[na++] = DB_I(q->user_id);
		if (q->unit_wide) {
			count_part(q, &sql, args, &na, PART_ANY,
				   "d.step_unit_id = ? AND (d.assignee_id IS NULL OR d.assignee_id "
				   "<> ?)",
				   -1, false);
			args[na++] = DB_I(q->unit_id);
			args[na++] = DB_I(q->user_id);
		} else if (q->nroles) {
			buf_reset(&c);
			buf_adds(&c, "d.assignee_id IS NULL AND d.step_unit_id = ? AND d.step_role "
				     "IN (");
			for (size_t i = 0; i < q->nroles && i < 8; i++)
				buf_adds(&c, i ? ", ?" : "?");
			buf_adds(&c, ")");
			count_part(q, &sql, args, &na, PART_POOL, buf_str(&c), -1, false);
			args[na++] = DB_I(q->unit_id);
			for (size_t i = 0; i < q->nroles && i < 8; i++)
				args[na++] = DB_T(q->roles[i]);
		}
	}
	struct db_res *r = NULL;
	int rc = db_query(db, buf_str(&sql), args, na, &r);
	if (rc == DB_OK) {
		int64_t *slots[NBOX] = {&out->all,	&out->mine,    &out->pool,
					&out->due_soon, &out->overdue, &out->waiting};
		for (int b = 0; b < NBOX; b++)
			*slots[b] = 0;
		for (size_t i = 0; i < db_res_rows(r); i++)
			for (int b = 0; b < NBOX; b++)
				*slots[b] += db_res_int(r, i, (size_t)b);
	}
	db_res_free(r);
	buf_release(&c);
	buf_release(&sql);
	return rc;
}

bool repo_inbox_total(const struct inbox_query *q, const struct inbox_counts *c, int64_t *total)
{
	if (q->procedure || q->state)
		return false;
	switch (q->box) {
	case INBOX_ALL:
		*total = c->all;
		return true;
	case INBOX_MINE:
		*total = c->mine;
		return true;
	case INBOX_POOL:
		*total = c->pool;
		return true;
	case INBOX_DUE_SOON:
		*total = c->due_soon;
		return true;
	case INBOX_OVERDUE:
		*total = c->overdue;
		return true;
	case INBOX_WAITING:
		*total = c->waiting;
		return true;
	case INBOX_APPROVALS:
		break;
	}
	return false;
}

/* ---- a citizen's own dossiers ---- */

/* What the account submitted, unless the number it submitted as is now
 * verified for another account; and, for the number it is verified for:
 * what is owned by it (the owner named on the dossier, else its
 * applicant) and what another account submitted as it, the latter only
 * once received at the desk (core/access.c says the same of one dossier).
 * Tax codes are stored as written (a branch's dash or not) and compared
 * without the dash (users hold them without); 0013-dossier-owners indexes
 * each expression. */
#define MINE_SUBMITTED                                                                             \
	" WHERE (d.applicant_user_id = ? AND NOT EXISTS (SELECT 1 FROM users v WHERE "             \
	"v.verified_at IS NOT NULL AND v.id <> d.applicant_user_id AND ((d.submitter_kind = "      \
	"'person' AND v.kind = 'person' AND v.id_number = d.submitter_id_number) OR "              \
	"(d.submitter_kind = 'organisation' AND v.kind = 'organisation' AND v.tax_code = "         \
	"REPLACE(d.submitter_tax_code, '-', '')))))"
#define MINE_RECEIVED " AND (d.applicant_user_id IS NULL OR COALESCE(d.received_at, 0) <> 0))"
static const char *const mine_where[] = {
	MINE_SUBMITTED,
	MINE_SUBMITTED
	" OR (((d.owner_kind = 'person' AND d.owner_id_number = ?)"
	" OR ((d.owner_kind IS NULL OR d.applicant_user_id IS NOT NULL)"
	" AND d.submitter_kind = 'person' AND d.submitter_id_number = ?))" MINE_RECEIVED,
	MINE_SUBMITTED " OR (((d.owner_kind = 'organisation'"
		       " AND REPLACE(d.owner_tax_code, '-', '') = ?)"
		       " OR ((d.owner_kind IS NULL OR d.applicant_user_id IS NOT NULL)"
		       " AND d.submitter_kind = 'organisation'"
		       " AND REPLACE(d.submitter_tax_code, '-', '') = ?))" MINE_RECEIVED,
};

int repo_dossiers_mine(struct db *db, struct arena *a, int64_t user_id, const char *kind,
		       const char *ident, int64_t limit, int64_t offset, struct dossier **out,
		       size_t *n, int64_t *total)
{
	bool found;
	*n = 0;
	size_t w = 0;
	if (kind && ident && *ident)
		w = !strcmp(kind, "person") ? 1 : !strcmp(kind, "organisation") ? 2 : 0;
	const char *id = w ? ident : "";
	char *count = arena_printf(a, "SELECT COUNT(*) FROM dossiers d%s", mine_where[w]);
	int rc = w ? db_query_int(db, count, DB_ARGS(DB_I(user_id), DB_T(id), DB_T(id)), total,
				  &found)
		   : db_query_int(db, count, DB_ARGS(DB_I(user_id)), total, &found);
	if (rc < 0)
		return rc;
	char *sql = arena_printf(a,
				 "SELECT " DOSSIER_COLS DOSSIER_FROM
				 "%s ORDER BY d.created_at DESC, d.id DESC LIMIT ? OFFSET ?",
				 mine_where[w]);
	return w ? repo_rows(db, a, sql,
			     DB_ARGS(DB_I(user_id), DB_T(id), DB_T(id), DB_I(limit), DB_I(offset)),
			     fill, NULL, out, n)
		 : repo_rows(db, a, sql, DB_ARGS(DB_I(user_id), DB_I(limit), DB_I(offset)), fill,
			     NULL, out, n);
}
