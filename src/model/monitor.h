/* Monitoring (issue 12): a dossier as the indicators and the periodic
 * report read it — what core/kpi.h's judgement needs of its history, and
 * the keys it is grouped by (procedure, field, processing unit).
 *
 * Layer: model, below svc and repo (docs/architecture.md): plain structs,
 * no functions, libc only. Strings are from the arena of whoever filled
 * the struct.
 */
#ifndef MOTCUA_MODEL_MONITOR_H
#define MOTCUA_MODEL_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/dossier.h"

/* A procedure version as the monitoring groups and times by it. */
struct monitor_version {
	int64_t id;
	const char *procedure_code, *procedure_vi, *procedure_en;
	const char *field_vi, *field_en;
	int64_t limit_value;
	const char *limit_unit; /* working_days | days | working_hours */
};

struct monitor_dossier {
	int64_t id;
	const char *code;
	const char *channel;  /* direct | online | post */
	const char *state;    /* now; with ended_at it says how the dossier ended */
	int64_t received_at;  /* 0 = never received */
	int64_t ended_at;     /* the end of processing, 0 = not ended */
	int64_t extension_at; /* the first Form 04 request, 0 = none */
	int64_t processing_unit_id;
	int64_t version_id;
	const struct monitor_version *version; /* the procedure version it was received under */
	const struct dossier_pause *pauses;    /* after receipt, in order */
	size_t npauses;
};

#endif
