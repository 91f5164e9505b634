/* Pure validation of procedures: see procedure.h. Layer: core. */
#include "core/procedure.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/roles.h"

void problems_init(struct problems *p, struct arena *a)
{
	memset(p, 0, sizeof *p);
	p->arena = a;
}

void problems_add(struct problems *p, const char *fmt, ...)
{
	char line[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		const char **items = arena_alloc(p->arena, cap * sizeof *items);
		if (p->n)
			memcpy(items, p->items, p->n * sizeof *items);
		p->items = items;
		p->cap = cap;
	}
	p->items[p->n++] = arena_strdup(p->arena, line);
}

static const char *const units_names[] = {"working_days", "days", "working_hours"};

enum limit_unit limit_unit_parse(const char *s)
{
	for (int i = 0; s && i < 3; i++)
		if (!strcmp(s, units_names[i]))
			return (enum limit_unit)i;
	return LIMIT_INVALID;
}

const char *limit_unit_name(enum limit_unit u)
{
	return u < LIMIT_INVALID ? units_names[u] : "invalid";
}

struct cal_limit limit_to_cal(const char *limit_unit, int64_t limit_value)
{
	int32_t v = (int32_t)limit_value;
	switch (limit_unit_parse(limit_unit)) {
	case LIMIT_DAYS:
		return (struct cal_limit){CAL_CALENDAR_DAYS, v};
	case LIMIT_WORKING_HOURS:
		return (struct cal_limit){CAL_WORKING_HOURS, v};
	case LIMIT_WORKING_DAYS:
	case LIMIT_INVALID:
		break;
	}
	return (struct cal_limit){CAL_WORKING_DAYS, v};
}

static bool empty(const char *s)
{
	if (!s)
		return true;
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return !*s;
}

static bool one_of(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

/* A fee's parameter name: 1 to 32 of a-z and _. */
static bool fee_param_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
			return false;
	return true;
}

static bool valid_code(const char *s)
{
	if (empty(s) || strlen(s) > 32)
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '.' || *s == '_'))
			return false;
	return true;
}

static bool valid_date(const char *s)
{
	int y, m, d;
	char tail;
	if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return y >= 1990 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= mdays[m - 1] + (m == 2 && leap);
}

static size_t check_text2(const struct text2 *t, const char *path, bool need_en,
			  struct problems *out)
{
	size_t n = 0;
	if (empty(t->vi)) {
		problems_add(out, "%s.vi: the Vietnamese name is missing", path);
		n++;
	} else if (strlen(t->vi) > PROC_MAX_NAME * 4) {
		problems_add(out, "%s.vi: longer than %d characters", path, PROC_MAX_NAME);
		n++;
	}
	if (need_en && empty(t->en)) {
		problems_add(out, "%s.en: the English name is missing", path);
		n++;
	}
	return n;
}

static void check_components(const struct procedure *p, const char *prefix, struct problems *out)
{
	static const char *const copies[] = {"original", "certified_copy", "copy",
					     "original_or_certified_copy", NULL};
	char path[160];
	if (p->ncomponents == 0)
		problems_add(out, "%s: components: at least one component is required", prefix);
	if (p->ncomponents > PROC_MAX_COMPONENTS)
		problems_add(out, "%s: components: more than %d", prefix, PROC_MAX_COMPONENTS);
	for (size_t i = 0; i < p->ncomponents; i++) {
		const struct proc_component *c = &p->components[i];
		snprintf(path, sizeof path, "%s: components[%zu].name", prefix, i);
		check_text2(&c->name, path, false, out);
		if (!one_of(c->copy_type, copies))
			problems_add(out,
				     "%s: components[%zu].copy_type: '%s' is not one of original, "
				     "certified_copy, copy, original_or_certified_copy",
				     prefix, i, c->copy_type ? c->copy_type : "");
		if (c->copies < 1 || c->copies > 10)
			problems_add(out, "%s: components[%zu].copies: must be from 1 to 10",
				     prefix, i);
		if (!c->mandatory && empty(c->condition.vi))
			problems_add(out,
				     "%s: components[%zu].condition: a conditional component needs "
				     "its condition in words",
				     prefix, i);
		if (empty(c->doc_type))
			problems_add(out,
				     "%s: components[%zu].doc_type: the document type is missing",
				     prefix, i);
	}
}

static void check_steps(const struct procedure *p, const char *prefix, enum limit_unit lu,
			struct problems *out)
{
	char path[160];
	if (p->nsteps < 2 || p->nsteps > PROC_MAX_STEPS)
		problems_add(out, "%s: process: needs 2 to %d steps, has %zu", prefix,
			     PROC_MAX_STEPS, p->nsteps);
	int64_t sum = 0;
	for (size_t i = 0; i < p->nsteps; i++) {
		const struct proc_step *s = &p->steps[i];
		snprintf(path, sizeof path, "%s: process[%zu].name", prefix, i);
		check_text2(&s->name, path, false, out);
		unsigned r = s->role ? role_parse(s->role) : 0;
		if (!r || r == ROLE_CITIZEN)
			problems_add(out, "%s: process[%zu].role: unknown role '%s'", prefix, i,
				     s->role ? s->role : "");
		if (empty(s->unit))
			problems_add(out, "%s: process[%zu].unit: the unit is missing", prefix, i);
		if (s->share <= 0)
			problems_add(out,
				     "%s: process[%zu]: the share must be a positive number of %s",
				     prefix, i, lu == LIMIT_DAYS ? "days" : "hours");
		sum += s->share;
	}
	if (lu != LIMIT_INVALID && p->nsteps > 0) {
		int64_t want = lu == LIMIT_WORKING_DAYS ? p->limit_value * 8 : p->limit_value;
		/* A same-day procedure (0 working days) still needs time per step:
		 * its shares must fit in one working day. */
		if (lu == LIMIT_WORKING_DAYS && p->limit_value == 0) {
			if (sum > 8)
				problems_add(out,
					     "%s: process: same-day shares sum to %lld hours, more "
					     "than one working day (8)",
					     prefix, (long long)sum);
		} else if (sum != want) {
			problems_add(
				out,
				"%s: process: step shares sum to %lld %s but the time limit is "
				"%lld %s",
				prefix, (long long)sum, lu == LIMIT_DAYS ? "days" : "hours",
				(long long)want, lu == LIMIT_DAYS ? "days" : "hours");
		}
	}
}

static void check_fees(const struct procedure *p, const char *prefix, struct problems *out)
{
	char path[160];
	for (size_t i = 0; i < p->nfees; i++) {
		snprintf(path, sizeof path, "%s: fees[%zu].name", prefix, i);
		check_text2(&p->fees[i].name, path, false, out);
		const struct proc_fee *f = &p->fees[i];
		if (f->amount < 0)
			problems_add(out, "%s: fees[%zu].amount: must not be negative", prefix, i);
		if (f->due && strcmp(f->due, "receipt") && strcmp(f->due, "before_return"))
			problems_add(out, "%s: fees[%zu].due: receipt or before_return", prefix, i);
		if (f->per && !fee_param_ok(f->per))
			problems_add(out, "%s: fees[%zu].per: 1 to 32 of a-z and _", prefix, i);
		if (!f->exemption != !f->exemption_basis)
			problems_add(out, "%s: fees[%zu].exemption: who and basis go together",
				     prefix, i);
	}
}

size_t proc_validate(const struct procedure *p, const char *prefix, struct problems *out)
{
	static const char *const levels[] = {"full", "partial", "none", NULL};
	size_t before = out->n;
	char path[160];
	const char *code = p->code ? p->code : "?";
	if (!valid_code(p->code))
		problems_add(out,
			     "%s: code: '%s' is not a valid key (letters, digits, - . _; up to 32)",
			     prefix, code);
	snprintf(path, sizeof path, "%s: name", prefix);
	check_text2(&p->name, path, true, out);
	snprintf(path, sizeof path, "%s: field", prefix);
	check_text2(&p->field, path, false, out);
	if (empty(p->unit))
		problems_add(out, "%s: unit: the owning unit is missing", prefix);
	if (!one_of(p->online_level, levels))
		problems_add(out, "%s: online_level: '%s' is not full, partial or none", prefix,
			     p->online_level ? p->online_level : "");
	enum limit_unit lu = limit_unit_parse(p->limit_unit);
	if (lu == LIMIT_INVALID)
		problems_add(out,
			     "%s: time_limit.unit: '%s' is not working_days, days or working_hours",
			     prefix, p->limit_unit ? p->limit_unit : "");
	if (p->limit_value < 0 || p->limit_value > 3650)
		problems_add(out, "%s: time_limit.value: %lld is not from 0 to 3650", prefix,
			     (long long)p->limit_value);
	if (p->effective_from && !valid_date(p->effective_from))
		problems_add(out, "%s: effective_from: '%s' is not a date YYYY-MM-DD", prefix,
			     p->effective_from);
	if (p->decision_date && !valid_date(p->decision_date))
		problems_add(out, "%s: decision_date: '%s' is not a date YYYY-MM-DD", prefix,
			     p->decision_date);
	if (p->published_date && !valid_date(p->published_date))
		problems_add(out, "%s: published_date: '%s' is not a date YYYY-MM-DD", prefix,
			     p->published_date);
	if (p->sets < 0 || p->sets > 100)
		problems_add(out, "%s: sets: %lld is not from 0 to 100", prefix,
			     (long long)p->sets);
	check_components(p, prefix, out);
	check_steps(p, prefix, lu, out);
	check_fees(p, prefix, out);
	for (size_t i = 0; i < p->nlegal; i++)
		if (empty(p->legal[i]))
			problems_add(out, "%s: legal_basis[%zu]: empty", prefix, i);
	return out->n - before;
}
