/* JSON in and out through jansson, with declared field specs (the GNU Taler
 * habit): a handler lists the fields it accepts, and one function checks
 * presence, type, length and bounds and names the first bad field.
 *
 * Layer: base. Pure; thread-safe. Strings returned through a spec borrow
 * from the json_t they were read from.
 */
#ifndef MOTCUA_BASE_JSON_H
#define MOTCUA_BASE_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

enum jspec_type { JSPEC_STRING, JSPEC_INT, JSPEC_BOOL, JSPEC_OBJECT, JSPEC_ARRAY, JSPEC_ANY };

struct jspec {
	const char *name;
	enum jspec_type type;
	bool required;
	bool nullable;	  /* JSON null accepted (the output stays unset) */
	int64_t min, max; /* ints: bounds; strings: code points; arrays: items */
	const char **out_str;
	int64_t *out_int;
	bool *out_bool;
	json_t **out_json;
	bool *present; /* optional: set when the field was given (not null) */
};

#define JSPEC_STR(n, req, maxlen, out)                                                             \
	{                                                                                          \
		.name = (n), .type = JSPEC_STRING, .required = (req), .min = 0, .max = (maxlen),   \
		.out_str = (out)                                                                   \
	}
#define JSPEC_STRN(n, req, minlen, maxlen, out)                                                    \
	{                                                                                          \
		.name = (n), .type = JSPEC_STRING, .required = (req), .min = (minlen),             \
		.max = (maxlen), .out_str = (out)                                                  \
	}
#define JSPEC_INT(n, req, lo, hi, out)                                                             \
	{                                                                                          \
		.name = (n), .type = JSPEC_INT, .required = (req), .min = (lo), .max = (hi),       \
		.out_int = (out)                                                                   \
	}
#define JSPEC_BOOL(n, req, out)                                                                    \
	{                                                                                          \
		.name = (n), .type = JSPEC_BOOL, .required = (req), .out_bool = (out)              \
	}
#define JSPEC_OBJ(n, req, out)                                                                     \
	{                                                                                          \
		.name = (n), .type = JSPEC_OBJECT, .required = (req), .out_json = (out)            \
	}
#define JSPEC_ARR(n, req, maxitems, out)                                                           \
	{                                                                                          \
		.name = (n), .type = JSPEC_ARRAY, .required = (req), .min = 0, .max = (maxitems),  \
		.out_json = (out)                                                                  \
	}

/* What went wrong, for the error reply. `field` is a path like
 * "components[2].name" (owned by the struct, at most 127 bytes). */
enum jerr_kind {
	JERR_NONE,
	JERR_SYNTAX, /* not JSON, or trailing garbage */
	JERR_UTF8,   /* invalid UTF-8 */
	JERR_DEPTH,  /* nested deeper than allowed */
	JERR_NOT_OBJECT,
	JERR_MISSING,
	JERR_TYPE,
	JERR_UNKNOWN,  /* a field the spec does not declare */
	JERR_TOO_LONG, /* string longer than max, or array with too many items */
	JERR_TOO_SHORT,
	JERR_RANGE,   /* integer out of bounds */
	JERR_INVALID, /* value of the right type but not acceptable */
};

struct jerr {
	enum jerr_kind kind;
	char field[128];
	char detail[160];
};

/* Parses a request body: valid UTF-8, depth ≤ max_depth, duplicate keys
 * refused, a JSON object at top level. On success *out is a new reference. */
int json_parse_body(const char *data, size_t len, int max_depth, json_t **out, struct jerr *err);
/* Checks obj against specs; prefix (may be "") is prepended to field names
 * in errors, for nested objects. Unknown fields are refused. */
int jspec_check(json_t *obj, const struct jspec *specs, size_t n, const char *prefix,
		struct jerr *err);
void jerr_set(struct jerr *err, enum jerr_kind kind, const char *field, const char *detail);
/* Writes the path of field name under prefix ("a.b", or "b" when prefix is
 * empty or NULL) into out, truncated to n bytes. */
void json_path(char *out, size_t n, const char *prefix, const char *name);
/* Serialises compactly; caller frees. Never NULL (see xjson_dumps). */
char *json_dump_compact(const json_t *j);
/* json_dumps() that never returns NULL, as xmalloc() never does: jansson
 * returns NULL when memory runs out or when j is NULL (a json_pack() that
 * failed, which is a bug), and a caller that stored "" or skipped the write
 * instead lost data in silence. Both stop the program with a message.
 * Caller frees. */
char *xjson_dumps(const json_t *j, size_t flags);

/* A streaming writer for large replies built from structs (a dossier is a
 * few hundred values: a tree of json_t costs more than the rest of the
 * request). Output is compact, UTF-8 as given, with the escapes jansson
 * writes. Commas are placed by the writer; after jw_key() comes exactly one
 * value (a scalar, or a jw_obj()/jw_arr() ... jw_end()). Nesting up to 60. */
struct jw {
	struct buf *out;
	unsigned depth;
	uint64_t has_items; /* bit d: something was written at depth d */
	bool after_key;
};
void jw_init(struct jw *w, struct buf *out);
void jw_obj(struct jw *w);
void jw_arr(struct jw *w);
void jw_end_obj(struct jw *w);
void jw_end_arr(struct jw *w);
void jw_key(struct jw *w, const char *key);
void jw_str(struct jw *w, const char *s); /* NULL: null */
void jw_int(struct jw *w, int64_t v);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
/* A key and its value in one call. */
void jw_kstr(struct jw *w, const char *key, const char *s);
void jw_kint(struct jw *w, const char *key, int64_t v);
void jw_kbool(struct jw *w, const char *key, bool v);
/* A json_t value (borrowed), serialised in place. */
void jw_json(struct jw *w, const json_t *j);
/* An instant in the API's one time format, "YYYY-MM-DDTHH:MM:SS+07:00"
 * (clock_format_local), or null when ms is 0 (not yet). jw_ktime() with its
 * key; json_time() as a new json_t for replies built with jansson. */
void jw_time(struct jw *w, int64_t ms);
void jw_ktime(struct jw *w, const char *key, int64_t ms);
json_t *json_time(int64_t ms);

#endif
