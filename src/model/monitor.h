/* Monitoring (issue 12): the keys the periodic report groups a dossier by
 * (procedure, field, processing unit); its history and judgement come from
 * the indicators' one reader (repo_kpi.h, core/kpi.h).
 *
 * Layer: model, below svc and repo (docs/architecture.md): plain structs,
 * no functions, libc only. Strings are from the arena of whoever filled
 * the struct.
 */
#ifndef MOTCUA_MODEL_MONITOR_H
#define MOTCUA_MODEL_MONITOR_H

#include <stdint.h>

/* A procedure version as the report groups by it. */
struct monitor_version {
	int64_t id;
	const char *procedure_code, *procedure_vi, *procedure_en;
	const char *field_vi, *field_en;
};

/* A dossier as the periodic report groups it (its judgement comes beside
 * it, from the indicators' reader: svc/svc_monitor.h). */
struct monitor_dossier {
	const char *code;
	const char *channel; /* direct | online | post */
	int64_t processing_unit_id;
	const struct monitor_version *version; /* the procedure version it was received under */
};

#endif
