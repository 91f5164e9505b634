/* Procedures of the catalogue beyond struct procedure (core/procedure.h):
 * a search of the catalogue, the versions of one procedure and the count
 * of procedures per field.
 *
 * Layer: model, below svc and repo (docs/architecture.md): plain structs
 * that both pass, with no functions and no includes beyond libc. Strings
 * are borrowed or from the arena of whoever filled the struct.
 */
#ifndef MOTCUA_MODEL_PROCEDURE_H
#define MOTCUA_MODEL_PROCEDURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct proc_query {
	const char **terms; /* folded words, each must occur */
	size_t nterms;
	const char *field;	  /* Vietnamese field name, or NULL */
	const char *unit;	  /* unit code, or NULL */
	const char *online_level; /* or NULL */
	int64_t now;		  /* versions effective at this instant */
	int64_t limit, offset;
};

struct proc_version_row {
	int64_t version;
	const char *status;
	int64_t effective_from, created_at, published_at;
};

/* A procedure as the administrators' list shows it: its latest published
 * version (0: none yet) and its draft (0: none), the name from the draft if
 * any. */
struct proc_admin_row {
	const char *code;
	const char *name_vi, *name_en;
	int64_t published, published_from; /* version, and from when (ms) */
	int64_t draft, draft_created_at;
};

struct field_count {
	const char *name_vi, *name_en;
	int64_t count;
};

#endif
