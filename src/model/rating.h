/* Ratings of a visit or a dossier and the links that rate them.
 *
 * Layer: model, below svc and repo (docs/architecture.md): plain structs
 * that both pass, with no functions and no includes beyond libc. Strings
 * are borrowed or from the arena of whoever filled the struct.
 */
#ifndef MOTCUA_MODEL_RATING_H
#define MOTCUA_MODEL_RATING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a rating needs to know of a dossier. */
struct rating_dossier {
	int64_t id;
	const char *code, *state, *procedure_code;
	int64_t unit_id;   /* the receiving unit (the desk the applicant dealt with) */
	int64_t *officers; /* who acted on it (history) and received it */
	size_t nofficers;
};

struct rating_row {
	int64_t id;
	const char *kind;
	int64_t ticket_id, dossier_id, unit_id;
	int level;
	const char *comment, *answers;
	int contacts_score, agencies_score, attitude_score; /* -1 = not scored */
	const char *link_nonce;
	bool is_current;
	int64_t created_at, replaced_at;
};

struct rating_link {
	int64_t id;
	const char *kind; /* visit | dossier */
	int64_t target_id;
	const char *recipient;
	int64_t created_at, used_at; /* used_at 0 = not used */
};

#endif
