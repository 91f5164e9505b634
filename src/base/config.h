/* The configuration: one table of options (name, type, default, bounds,
 * help), as Redis keeps its config. Values come from, in rising priority,
 * the defaults, an INI file (--config FILE) and the command line (--name V).
 *
 * Layer: base. A struct config is filled at start-up and read-only after,
 * so it may be shared between threads.
 *
 * INI syntax: `name = value` lines, `#` or `;` comments, optional
 * `[section]` headers whose name prefixes the key with `section.`, e.g.
 * [http] max_body = 1048576  is the option `http.max_body`.
 */
#ifndef MOTCUA_BASE_CONFIG_H
#define MOTCUA_BASE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* CONFIG_URL is a string that may carry a password (user:pass@ or
 * ?password=): config_dump masks it. */
enum config_type { CONFIG_STR, CONFIG_INT, CONFIG_BOOL, CONFIG_SECRET, CONFIG_URL };

struct config_option {
	const char *name;
	enum config_type type;
	const char *def;
	int64_t min, max; /* CONFIG_INT only */
	const char *help;
};

/* The single table; defined in config.c. */
extern const struct config_option config_options[];
extern const size_t config_noptions;

struct config {
	char **values;	      /* config_noptions entries, owned */
	const char **sources; /* "default", the file name, or "command line" */
};

void config_init(struct config *c);
void config_release(struct config *c);
/* Index of an option by name ("db", "http.max_body"), or -1. */
int config_find(const char *name);
/* Sets an option after checking its type and bounds. On error writes a
 * message (English) to err and returns -1. */
int config_set(struct config *c, const char *name, const char *value, const char *source,
	       struct buf *err);
/* Loads an INI file. Returns 0, or -1 with a message naming file and line. */
int config_load_file(struct config *c, const char *path, struct buf *err);
/* Loads INI text (for tests). */
int config_load_text(struct config *c, const char *text, const char *source, struct buf *err);
/* The effective value of a declared option. A name that is not declared in
 * config_options is a bug: the program stops (abort) naming it, instead of
 * reading 0 or "" and silently turning a limit off. */
const char *config_str(const struct config *c, const char *name);
int64_t config_int(const struct config *c, const char *name);
bool config_bool(const struct config *c, const char *name);
/* Writes the effective configuration, one `name = value  # source` line per
 * option, with secrets masked as "********" (or "(unset)") and the passwords
 * inside every CONFIG_URL masked by config_mask_url. */
void config_dump(const struct config *c, struct buf *out);
/* Appends url to out with its passwords replaced by "********": the password
 * of the user:password@ part, and the value of every query parameter whose
 * name contains "pass", "pwd", "secret" or "token" (postgresql://h/db?password=x,
 * sslpassword=...). Text that is no URL is appended as it is. */
void config_mask_url(const char *url, struct buf *out);

#endif
