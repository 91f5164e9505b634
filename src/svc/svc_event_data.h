/* The data of a history event, built by one typed function per kind of
 * event: a struct in, a compact JSON object out, every string escaped and
 * made valid UTF-8 (invalid bytes become U+FFFD), a NULL string written as
 * null. The keys come from the rows that name them: core/workflow.c's
 * table for the workflow's actions (svcd_event_data() in
 * svc_dossiers_impl.h), core/events.c's event_kind rows for the others.
 * The result is allocated in the arena; these never fail.
 *
 * Layer: svc (internal to the services that append events).
 */
#ifndef MOTCUA_SVC_EVENT_DATA_H
#define MOTCUA_SVC_EVENT_DATA_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "core/events.h"

/* viewed: what was read ("components", "store"); NULL writes {} (the
 * dossier itself). */
const char *evd_viewed(struct arena *a, const char *what);

/* file_downloaded */
struct evd_download {
	int64_t document_id, file;
	const char *sha256;
};
const char *evd_file_downloaded(struct arena *a, const struct evd_download *v);

/* component_uploaded (citizen) or component_digitized (desk): one page. */
struct evd_page {
	int64_t component, document_id, page, size;
	const char *sha256, *type;
};
const char *evd_component_page(struct arena *a, bool citizen, const struct evd_page *v);

/* component_exempted */
const char *evd_component_exempted(struct arena *a, int64_t component, const char *exemption);

/* component_reused */
struct evd_reuse {
	int64_t component, document_id;
	const char *from_dossier, *hash;
};
const char *evd_component_reused(struct arena *a, const struct evd_reuse *v);

/* result_drafted */
struct evd_draft {
	const char *sha256, *type;
	int64_t size;
	bool paper;
};
const char *evd_result_drafted(struct arena *a, const struct evd_draft *v);

/* result_signed; signature_sha256 NULL (PAdES) leaves the key out. */
struct evd_signed {
	const char *verify_code, *sha256, *format, *signer, *signature_sha256;
	int64_t document_id;
};
const char *evd_result_signed(struct arena *a, const struct evd_signed *v);

/* due_recomputed: the calendar's version, and [old, new] of each due time. */
struct evd_recomputed {
	int64_t calendar_version;
	int64_t due_at[2], step_due_at[2];
};
const char *evd_due_recomputed(struct arena *a, const struct evd_recomputed *v);

/* due_soon or overdue (the worker's kinds, by action name): the due time. */
const char *evd_due(struct arena *a, const char *action, int64_t due_at);

/* payment_demanded: the demand, when it is due, pay by (0 = none), total in đồng. */
struct evd_demand {
	int64_t demand, due_at, total;
	const char *due;
};
const char *evd_payment_demanded(struct arena *a, const struct evd_demand *v);

/* payment_paid, payment_failed, payment_refunded (k): NULL strings are
 * written as null; flag and receipt ("series/number") only for paid. */
struct evd_payment {
	int64_t amount, demand, payment;
	const char *flag, *gateway_txn, *method, *receipt, *txn_ref;
};
const char *evd_payment(struct arena *a, enum event_kind k, const struct evd_payment *v);

/* payment_cancelled: the action that ended the dossier (refuse, stop,
 * withdraw), the demand, and its total in đồng no longer owed. */
const char *evd_payment_cancelled(struct arena *a, const char *cause, int64_t demand,
				  int64_t total);

/* fee_exempted: the amount not charged (đồng), the exemption's legal basis,
 * the demand, the fee (its index in the version's fees), and the reason
 * the desk applied it. */
struct evd_exempted {
	int64_t amount, demand, fee;
	const char *basis, *reason;
};
const char *evd_fee_exempted(struct arena *a, const struct evd_exempted *v);

#endif
