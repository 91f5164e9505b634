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

/* A closed period of a unit's periodic report (DOMAIN.md 11): its figures
 * frozen as JSON text with their SHA-256, one link of the closures' hash
 * chain (svc/svc_closure.h), signed by the agency when a key is set up. */
struct monitor_closure {
	int64_t id, seq; /* seq: 1, 2, ... in the one chain of closures */
	int64_t unit_id;
	const char *unit_code;
	const char *period;	  /* "2026-03", "2026-Q1", "2026-H1", "2026" */
	const char *from, *to;	  /* its first and last local days, YYYY-MM-DD */
	int64_t closed_at;	  /* UTC ms */
	int64_t actor_id;	  /* 0: the command line */
	const char *actor;	  /* user name, "" for the command line */
	const char *figures;	  /* compact JSON: the report by procedure, field, unit */
	const char *figures_hash; /* SHA-256 of figures, hex */
	const char *signature;	  /* base64 DER of a detached CMS over the canonical form; "" */
	const char *signer;	  /* the certificate's name; "" when unsigned */
	const char *prev_hash;	  /* the previous closure's hash; 64 zeros for the first */
	const char *hash;	  /* SHA-256 of the canonical form, hex */
};

#endif
