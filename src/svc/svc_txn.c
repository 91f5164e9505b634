/* The error plumbing every use case's transaction shares (svc.h): a
 * callback gives up with a registry error through the runner's db_abort(),
 * and the use case gets that error, or DB_ERROR, back from one place.
 * Layer: svc. */
#include "db/db.h"
#include "svc/svc.h"

int svc_abort(struct db *db, struct svc_result r)
{
	return db_abort(db, r.code, r.field, r.detail);
}

struct svc_result svc_txn_result(struct db *db, int rc)
{
	if (rc >= 0)
		return svc_ok();
	if (rc == DB_ABORT) {
		struct db_abort_info e = db_aborted(db);
		return svc_fail(e.code, e.field, e.detail);
	}
	return svc_fail(ERR_DB_ERROR, NULL, db_errmsg(db));
}
