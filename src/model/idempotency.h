/* The stored reply of a request made with an Idempotency-Key (issue 10).
 *
 * Layer: model, below svc and repo (docs/architecture.md): plain structs
 * that both pass, with no functions and no includes beyond libc. Strings
 * are borrowed or from the arena of whoever filled the struct.
 */
#ifndef MOTCUA_MODEL_IDEMPOTENCY_H
#define MOTCUA_MODEL_IDEMPOTENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct idem_row {
	const char *route, *request_hash;
	int status; /* 0 = the first request is still running */
	const char *content_type, *headers, *body;
	int64_t created_at;
};

#endif
