/* The configuration: one list of options (field, name, type, default,
 * bounds, help) in config_options.h, as Redis keeps its config; code reads
 * them as typed fields (cfg->v.threads), never by name. Values come from, in rising priority,
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
#include <sys/socket.h>

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
	size_t field; /* offset of its member in struct config_values */
};

/* The table of config_options.h, in its order; defined in config.c. */
extern const struct config_option config_options[];
extern const size_t config_noptions;

/* The C type of each option type's field. */
#define CONFIG_FIELD_CONFIG_STR	   const char *
#define CONFIG_FIELD_CONFIG_INT	   int64_t
#define CONFIG_FIELD_CONFIG_BOOL   bool
#define CONFIG_FIELD_CONFIG_SECRET const char *
#define CONFIG_FIELD_CONFIG_URL	   const char *

/* The effective value of every option, one typed member each, named as
 * the option with '.' turned to '_': cfg->v.http_max_body. A misspelt
 * option does not compile. Strings point into config.values. */
struct config_values {
#define OPT(field, name, type, def, min, max, help) CONFIG_FIELD_##type field;
#include "base/config_options.h"
#undef OPT
};

struct config {
	char **values;		/* config_noptions entries, owned */
	const char **sources;	/* "default", the file name, or "command line" */
	struct config_values v; /* the same values, typed: what code reads */
};

void config_init(struct config *c);
void config_release(struct config *c);
/* Index of an option by name ("db", "http.max_body"), or -1. */
int config_find(const char *name);
/* Sets an option (its text and its typed field) after checking its type
 * and bounds. On error writes a
 * message (English) to err and returns -1. */
int config_set(struct config *c, const char *name, const char *value, const char *source,
	       struct buf *err);
/* Loads an INI file. Returns 0, or -1 with a message naming file and line. */
int config_load_file(struct config *c, const char *path, struct buf *err);
/* Loads INI text (for tests). */
int config_load_text(struct config *c, const char *text, const char *source, struct buf *err);
/* Writes the effective configuration, one `name = value  # source` line per
 * option, with secrets masked as "********" (or "(unset)") and the passwords
 * inside every CONFIG_URL masked by config_mask_url. */
void config_dump(const struct config *c, struct buf *out);
/* Appends url to out with its passwords replaced by "********": the password
 * of the user:password@ part, and the value of every query parameter whose
 * name contains "pass", "pwd", "secret" or "token" (postgresql://h/db?password=x,
 * sslpassword=...). Text that is no URL is appended as it is. */
void config_mask_url(const char *url, struct buf *out);
/* A HOST:PORT option's value (listen, http.metrics_listen) as a socket
 * address: IPv4, [IPv6], localhost, or an empty host for every address.
 * -1 with the reason in err. */
struct sockaddr_storage;
int config_parse_addr(const char *s, struct sockaddr_storage *ss, socklen_t *len, char *err,
		      size_t errlen);

#endif
