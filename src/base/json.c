/* Body parsing and field specs: see json.h. Layer: base. */
#include "base/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/text.h"

void jerr_set(struct jerr *err, enum jerr_kind kind, const char *field, const char *detail)
{
	err->kind = kind;
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	snprintf(err->detail, sizeof err->detail, "%s", detail ? detail : "");
}

/* Depth of the deepest nesting, counting brackets outside strings. */
static int json_depth(const char *s, size_t len)
{
	int depth = 0, max = 0;
	bool in_str = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			if (++depth > max)
				max = depth;
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return max;
}

int json_parse_body(const char *data, size_t len, int max_depth, json_t **out, struct jerr *err)
{
	*out = NULL;
	if (!text_utf8_valid(data, len)) {
		jerr_set(err, JERR_UTF8, "", "body is not valid UTF-8");
		return -1;
	}
	if (json_depth(data, len) > max_depth) {
		jerr_set(err, JERR_DEPTH, "", "JSON nested too deeply");
		return -1;
	}
	json_error_t je;
	json_t *j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		char d[200];
		snprintf(d, sizeof d, "line %d column %d: %.150s", je.line, je.column, je.text);
		jerr_set(err, JERR_SYNTAX, "", d);
		return -1;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		jerr_set(err, JERR_NOT_OBJECT, "", "a JSON object is expected");
		return -1;
	}
	*out = j;
	return 0;
}

void json_path(char *out, size_t n, const char *prefix, const char *name)
{
	if (prefix && *prefix)
		snprintf(out, n, "%s.%s", prefix, name);
	else
		snprintf(out, n, "%s", name);
}

/* Checks one present, non-null value v against its spec s (field: its path
 * for messages) and stores it where s says. */
static int check_value(json_t *v, const struct jspec *s, const char *field, struct jerr *err)
{
	switch (s->type) {
	case JSPEC_STRING: {
		if (!json_is_string(v)) {
			jerr_set(err, JERR_TYPE, field, "a string is expected");
			return -1;
		}
		const char *str = json_string_value(v);
		if (strlen(str) != json_string_length(v)) {
			jerr_set(err, JERR_INVALID, field, "string contains a NUL character");
			return -1;
		}
		size_t cps = text_utf8_len(str);
		if (s->max && cps > (size_t)s->max) {
			char d[96];
			snprintf(d, sizeof d, "longer than %lld characters", (long long)s->max);
			jerr_set(err, JERR_TOO_LONG, field, d);
			return -1;
		}
		if (s->min && cps < (size_t)s->min) {
			char d[96];
			snprintf(d, sizeof d, "shorter than %lld characters", (long long)s->min);
			jerr_set(err, JERR_TOO_SHORT, field, d);
			return -1;
		}
		if (s->out_str)
			*s->out_str = str;
		break;
	}
	case JSPEC_INT: {
		if (!json_is_integer(v)) {
			jerr_set(err, JERR_TYPE, field, "a whole number is expected");
			return -1;
		}
		json_int_t x = json_integer_value(v);
		if (x < s->min || x > s->max) {
			char d[96];
			snprintf(d, sizeof d, "must be from %lld to %lld", (long long)s->min,
				 (long long)s->max);
			jerr_set(err, JERR_RANGE, field, d);
			return -1;
		}
		if (s->out_int)
			*s->out_int = x;
		break;
	}
	case JSPEC_BOOL:
		if (!json_is_boolean(v)) {
			jerr_set(err, JERR_TYPE, field, "true or false is expected");
			return -1;
		}
		if (s->out_bool)
			*s->out_bool = json_is_true(v);
		break;
	case JSPEC_OBJECT:
		if (!json_is_object(v)) {
			jerr_set(err, JERR_TYPE, field, "an object is expected");
			return -1;
		}
		if (s->out_json)
			*s->out_json = v;
		break;
	case JSPEC_ARRAY:
		if (!json_is_array(v)) {
			jerr_set(err, JERR_TYPE, field, "an array is expected");
			return -1;
		}
		if (s->max && json_array_size(v) > (size_t)s->max) {
			char d[96];
			snprintf(d, sizeof d, "more than %lld items", (long long)s->max);
			jerr_set(err, JERR_TOO_LONG, field, d);
			return -1;
		}
		if (s->out_json)
			*s->out_json = v;
		break;
	case JSPEC_ANY:
		if (s->out_json)
			*s->out_json = v;
		break;
	}
	return 0;
}

int jspec_check(json_t *obj, const struct jspec *specs, size_t n, const char *prefix,
		struct jerr *err)
{
	char field[128];
	const char *key;
	json_t *val;
	if (!json_is_object(obj)) {
		jerr_set(err, JERR_TYPE, prefix, "an object is expected");
		return -1;
	}
	json_object_foreach(obj, key, val)
	{
		size_t i;
		for (i = 0; i < n; i++)
			if (!strcmp(specs[i].name, key))
				break;
		if (i == n) {
			json_path(field, sizeof field, prefix, key);
			jerr_set(err, JERR_UNKNOWN, field, "unknown field");
			return -1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct jspec *s = &specs[i];
		json_t *v = json_object_get(obj, s->name);
		json_path(field, sizeof field, prefix, s->name);
		if (!v || (json_is_null(v) && (s->nullable || !s->required))) {
			if (s->required) {
				jerr_set(err, JERR_MISSING, field, "required field is missing");
				return -1;
			}
			continue;
		}
		if (json_is_null(v)) {
			jerr_set(err, JERR_MISSING, field, "required field is null");
			return -1;
		}
		if (check_value(v, s, field, err) < 0)
			return -1;
		if (s->present)
			*s->present = true;
	}
	return 0;
}

char *xjson_dumps(const json_t *j, size_t flags)
{
	char *s = j ? json_dumps(j, flags) : NULL;
	if (!s) {
		fprintf(stderr, "motcua: cannot serialise JSON: %s\n",
			j ? "out of memory" : "no value (a json_pack() failed: a bug)");
		abort();
	}
	return s;
}

char *json_dump_compact(const json_t *j)
{
	return xjson_dumps(j, JSON_COMPACT);
}

/* ---- the streaming writer ---- */

void jw_init(struct jw *w, struct buf *out)
{
	*w = (struct jw){.out = out};
}

static void jw_sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->has_items & (1ULL << w->depth))
		buf_addc(w->out, ',');
	w->has_items |= 1ULL << w->depth;
}

static void jw_open(struct jw *w, char c)
{
	jw_sep(w);
	buf_addc(w->out, c);
	w->depth++;
	w->has_items &= ~(1ULL << w->depth);
}

void jw_obj(struct jw *w)
{
	jw_open(w, '{');
}

void jw_arr(struct jw *w)
{
	jw_open(w, '[');
}

void jw_end_obj(struct jw *w)
{
	w->depth--;
	buf_addc(w->out, '}');
}

void jw_end_arr(struct jw *w)
{
	w->depth--;
	buf_addc(w->out, ']');
}

static void jw_quoted(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF"; /* as jansson writes them */
	buf_addc(b, '"');
	const char *run = s;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		buf_add(b, run, (size_t)((const char *)p - run));
		run = (const char *)p + 1;
		switch (*p) {
		case '"':
			buf_adds(b, "\\\"");
			break;
		case '\\':
			buf_adds(b, "\\\\");
			break;
		case '\n':
			buf_adds(b, "\\n");
			break;
		case '\r':
			buf_adds(b, "\\r");
			break;
		case '\t':
			buf_adds(b, "\\t");
			break;
		case '\b':
			buf_adds(b, "\\b");
			break;
		case '\f':
			buf_adds(b, "\\f");
			break;
		default: {
			char u[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
			buf_add(b, u, sizeof u);
		}
		}
	}
	buf_adds(b, run);
	buf_addc(b, '"');
}

void jw_key(struct jw *w, const char *key)
{
	jw_sep(w);
	jw_quoted(w->out, key);
	buf_addc(w->out, ':');
	w->after_key = true;
}

void jw_str(struct jw *w, const char *s)
{
	jw_sep(w);
	if (s)
		jw_quoted(w->out, s);
	else
		buf_adds(w->out, "null");
}

void jw_int(struct jw *w, int64_t v)
{
	jw_sep(w);
	char t[24];
	int n = snprintf(t, sizeof t, "%lld", (long long)v);
	buf_add(w->out, t, (size_t)n);
}

void jw_bool(struct jw *w, bool v)
{
	jw_sep(w);
	buf_adds(w->out, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
	jw_sep(w);
	buf_adds(w->out, "null");
}

void jw_kstr(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

void jw_kint(struct jw *w, const char *key, int64_t v)
{
	jw_key(w, key);
	jw_int(w, v);
}

void jw_kbool(struct jw *w, const char *key, bool v)
{
	jw_key(w, key);
	jw_bool(w, v);
}

void jw_json(struct jw *w, const json_t *j)
{
	char *s = j ? xjson_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	jw_sep(w);
	buf_adds(w->out, s ? s : "null");
	free(s);
}

void jw_time(struct jw *w, int64_t ms)
{
	if (!ms) {
		jw_null(w);
		return;
	}
	jw_sep(w);
	char t[CLOCK_LOCAL_LEN + 3];
	t[0] = '"';
	clock_format_local(ms, t + 1, sizeof t - 1);
	t[CLOCK_LOCAL_LEN + 1] = '"';
	buf_add(w->out, t, CLOCK_LOCAL_LEN + 2);
}

void jw_ktime(struct jw *w, const char *key, int64_t ms)
{
	jw_key(w, key);
	jw_time(w, ms);
}

json_t *json_time(int64_t ms)
{
	if (!ms)
		return json_null();
	char t[CLOCK_LOCAL_LEN + 1];
	clock_format_local(ms, t, sizeof t);
	return json_stringn(t, CLOCK_LOCAL_LEN);
}
