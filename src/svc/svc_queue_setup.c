/* The desk's set-up by an administrator: services (ticket categories with
 * a letter) and counters (number, the services they serve, the officers
 * allowed at them). One transaction per use case. Layer: svc. */
#include <string.h>

#include "base/clock.h"
#include "core/roles.h"
#include "svc/svc.h"
#include "svc/svc_queue_impl.h"

/* ---- services ---- */

struct service_ctx {
	struct arena *a;
	const char *unit_code;
	const struct queue_service *in;
	struct queue_service *out;
};

static int service_create_txn(struct db *db, void *arg)
{
	struct service_ctx *c = arg;
	struct unit u;
	int rc = queue_unit(db, c->a, c->unit_code, &u);
	if (rc < 0)
		return rc;
	struct queue_service s = *c->in;
	s.unit_id = u.id;
	s.active = true;
	int64_t id;
	rc = repo_queue_service_insert(db, &s, clock_now_ms(), &id);
	if (rc == DB_CONSTRAINT)
		return db_abort(db, ERR_QUEUE_PREFIX_TAKEN, "prefix", NULL);
	if (rc < 0)
		return rc;
	return repo_queue_service_get(db, c->a, id, c->out);
}

static struct svc_result check_service_names(const struct queue_service *in)
{
	if (!in->name_vi || !*in->name_vi)
		return svc_fail(ERR_FIELD_MISSING, "name", NULL);
	return svc_ok();
}

struct svc_result svc_queue_service_create(struct db *db, struct arena *a, const char *unit_code,
					   const struct queue_service *in,
					   struct queue_service *out)
{
	if (!queue_prefix_valid(in->prefix))
		return svc_fail(ERR_FIELD_INVALID, "prefix", "one capital letter A-Z");
	struct svc_result r = check_service_names(in);
	if (r.code != ERR_NONE)
		return r;
	struct service_ctx c = {.a = a, .unit_code = unit_code, .in = in, .out = out};
	return svc_txn_result(db, db_run_txn(db, service_create_txn, &c, DB_TXN_ATTEMPTS_HOT));
}

static int service_update_txn(struct db *db, void *arg)
{
	struct service_ctx *c = arg;
	int rc = repo_queue_service_update(db, c->in);
	if (rc == DB_NOT_FOUND)
		return db_abort(db, ERR_QUEUE_SERVICE_NOT_FOUND, "id", NULL);
	if (rc < 0)
		return rc;
	return repo_queue_service_get(db, c->a, c->in->id, c->out);
}

struct svc_result svc_queue_service_update(struct db *db, struct arena *a,
					   const struct queue_service *in,
					   struct queue_service *out)
{
	struct svc_result r = check_service_names(in);
	if (r.code != ERR_NONE)
		return r;
	struct service_ctx c = {.a = a, .in = in, .out = out};
	return svc_txn_result(db, db_run_txn(db, service_update_txn, &c, DB_TXN_ATTEMPTS_HOT));
}

/* ---- counters ---- */

struct counter_ctx {
	struct arena *a;
	const char *unit_code;
	const struct svc_queue_counter_in *in;
	struct queue_counter *out;
};

static int counter_save_txn(struct db *db, void *arg)
{
	struct counter_ctx *c = arg;
	const struct svc_queue_counter_in *in = c->in;
	struct unit u;
	int rc = queue_unit(db, c->a, c->unit_code, &u);
	if (rc < 0)
		return rc;
	struct queue_counter q = {.id = in->id,
				  .unit_id = u.id,
				  .number = in->number,
				  .name = in->name,
				  .active = in->active};
	q.services = arena_zalloc(c->a, (in->nservices + 1) * sizeof *q.services);
	q.officers = arena_zalloc(c->a, (in->nofficers + 1) * sizeof *q.officers);
	for (size_t i = 0; i < in->nservices; i++) {
		struct queue_service s;
		rc = repo_queue_service_get(db, c->a, in->services[i], &s);
		if (rc == DB_NOT_FOUND || (rc == DB_OK && s.unit_id != u.id))
			return db_abort(db, ERR_QUEUE_SERVICE_NOT_FOUND,
					arena_printf(c->a, "services[%zu]", i), NULL);
		if (rc < 0)
			return rc;
		q.services[q.nservices++] = s.id;
	}
	for (size_t i = 0; i < in->nofficers; i++) {
		struct user usr;
		rc = repo_user_by_username(db, c->a, in->officers[i], &usr);
		if (rc == DB_NOT_FOUND || (rc == DB_OK && !(usr.roles & ROLE_RECEIVER)))
			return db_abort(db, ERR_FIELD_INVALID,
					arena_printf(c->a, "officers[%zu]", i),
					"not a receiving officer");
		if (rc < 0)
			return rc;
		q.officers[q.nofficers++] = usr.id;
	}
	if (in->id) {
		struct queue_counter old;
		rc = repo_queue_counter_get(db, c->a, in->id, &old);
		if (rc == DB_NOT_FOUND || (rc == DB_OK && old.unit_id != u.id))
			return db_abort(db, ERR_QUEUE_COUNTER_NOT_FOUND, "id", NULL);
		if (rc < 0)
			return rc;
		rc = repo_queue_counter_update(db, &q);
	} else {
		rc = repo_queue_counter_insert(db, &q, clock_now_ms(), &q.id);
	}
	if (rc == DB_CONSTRAINT)
		return db_abort(db, ERR_QUEUE_COUNTER_NUMBER_TAKEN, "number", NULL);
	if (rc < 0)
		return rc;
	if ((rc = repo_queue_counter_set_lists(db, &q)) < 0)
		return rc;
	return repo_queue_counter_get(db, c->a, q.id, c->out);
}

struct svc_result svc_queue_counter_save(struct db *db, struct arena *a, const char *unit_code,
					 const struct svc_queue_counter_in *in,
					 struct queue_counter *out)
{
	if (in->number < 1 || in->number > 99)
		return svc_fail(ERR_FIELD_RANGE, "number", "1 to 99");
	struct counter_ctx c = {.a = a, .unit_code = unit_code, .in = in, .out = out};
	return svc_txn_result(db, db_run_txn(db, counter_save_txn, &c, DB_TXN_ATTEMPTS_HOT));
}

struct svc_result svc_queue_setup(struct db *db, struct arena *a, const char *unit_code,
				  struct svc_queue_desk *out)
{
	struct svc_result r = svc_queue_desk(db, a, unit_code, out);
	if (r.code != ERR_NONE)
		return r;
	/* Inactive services too, for the administrator. */
	out->live = NULL;
	return svc_txn_result(db, repo_queue_services(db, a, out->unit.id, out->day, true,
						      &out->services, &out->nservices));
}

struct svc_result svc_queue_my_counters(struct db *db, struct arena *a, const struct svc_actor *who,
					struct svc_queue_place **out, size_t *n)
{
	struct queue_counter *c = NULL;
	size_t nc = 0;
	*out = NULL;
	*n = 0;
	int rc = repo_queue_counters_of_officer(db, a, who->id, who->unit_id, &c, &nc);
	if (rc < 0)
		return svc_txn_result(db, rc);
	struct svc_queue_place *p = arena_zalloc(a, (nc + 1) * sizeof *p);
	for (size_t i = 0; i < nc; i++) {
		p[i].counter = c[i];
		/* Counters come by unit: look each unit up once. */
		if (i > 0 && c[i].unit_id == c[i - 1].unit_id)
			p[i].unit = p[i - 1].unit;
		else if ((rc = repo_unit_by_id(db, a, c[i].unit_id, &p[i].unit)) < 0)
			return svc_txn_result(db, rc);
	}
	*out = p;
	*n = nc;
	return svc_ok();
}

struct svc_result svc_queue_counter_unit(struct db *db, struct arena *a, int64_t counter_id,
					 const char **unit_code)
{
	struct queue_counter c;
	struct unit u;
	int rc = repo_queue_counter_get(db, a, counter_id, &c);
	if (rc == DB_OK)
		rc = repo_unit_by_id(db, a, c.unit_id, &u);
	if (rc == DB_NOT_FOUND)
		return svc_fail(ERR_QUEUE_COUNTER_NOT_FOUND, "id", NULL);
	if (rc < 0)
		return svc_txn_result(db, rc);
	*unit_code = u.code;
	return svc_ok();
}
