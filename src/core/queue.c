/* The desk queue's rules: ticket transitions, call order, numbers, the
 * spoken phrase, satisfaction levels and report figures. See queue.h.
 * Layer: core (pure). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/queue.h"

static const char *const state_names[TICKET_NSTATES] = {
	[TICKET_WAITING] = "waiting",	[TICKET_CALLED] = "called",   [TICKET_SERVING] = "serving",
	[TICKET_FINISHED] = "finished", [TICKET_NO_SHOW] = "no_show",
};

static const char *const action_names[TICKET_NACTIONS] = {
	[TICKET_CALL] = "call",		[TICKET_RECALL] = "recall", [TICKET_SKIP] = "skip",
	[TICKET_START] = "start",	[TICKET_FINISH] = "finish", [TICKET_TRANSFER] = "transfer",
	[TICKET_PRIORITY] = "priority",
};

const char *ticket_state_name(enum ticket_state s)
{
	return (unsigned)s < TICKET_NSTATES ? state_names[s] : NULL;
}

int ticket_state_parse(const char *s)
{
	for (int i = 0; s && i < TICKET_NSTATES; i++)
		if (!strcmp(s, state_names[i]))
			return i;
	return -1;
}

const char *ticket_action_name(enum ticket_action a)
{
	return (unsigned)a < TICKET_NACTIONS ? action_names[a] : NULL;
}

int queue_apply(const struct ticket_facts *t, enum ticket_action a, int64_t to_service,
		struct ticket_outcome *out)
{
	struct ticket_outcome o = {.to = t->state};
	switch (a) {
	case TICKET_CALL:
		if (t->state != TICKET_WAITING)
			return QUEUE_E_STATE;
		o.to = TICKET_CALLED;
		break;
	case TICKET_RECALL:
		if (t->state != TICKET_CALLED)
			return QUEUE_E_STATE;
		break;
	case TICKET_SKIP:
		/* A no-show goes back to the end of the queue once (a priority
		 * ticket too: calling an absent visitor again at once helps
		 * nobody); the second time it leaves the queue for good. */
		if (t->state != TICKET_CALLED)
			return QUEUE_E_STATE;
		if (t->skips == 0) {
			o.to = TICKET_WAITING;
			o.requeue = true;
			o.drops_priority = true;
		} else {
			o.to = TICKET_NO_SHOW;
			o.counts_no_show = true;
		}
		o.releases_counter = true;
		break;
	case TICKET_START:
		if (t->state != TICKET_CALLED)
			return QUEUE_E_STATE;
		o.to = TICKET_SERVING;
		break;
	case TICKET_FINISH:
		if (t->state != TICKET_SERVING)
			return QUEUE_E_STATE;
		o.to = TICKET_FINISHED;
		o.ends_handling = true;
		o.releases_counter = true;
		break;
	case TICKET_TRANSFER:
		/* The visitor is at (or was called to) the wrong desk: they keep
		 * their place by issue time in the other service's queue. */
		if (t->state != TICKET_CALLED && t->state != TICKET_SERVING)
			return QUEUE_E_STATE;
		if (to_service == t->service_id)
			return QUEUE_E_SAME_SERVICE;
		o.to = TICKET_WAITING;
		o.keep_place = true;
		o.ends_handling = t->state == TICKET_SERVING;
		o.releases_counter = true;
		break;
	case TICKET_PRIORITY:
		if (t->state != TICKET_WAITING && t->state != TICKET_CALLED)
			return QUEUE_E_STATE;
		break;
	default:
		return QUEUE_E_STATE;
	}
	*out = o;
	return QUEUE_OK;
}

int queue_compare(const struct queue_entry *a, const struct queue_entry *b)
{
	if (a->priority != b->priority)
		return a->priority ? -1 : 1;
	if (a->queued_at != b->queued_at)
		return a->queued_at < b->queued_at ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}

static bool serves(const int64_t *services, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (services[i] == id)
			return true;
	return false;
}

long queue_pick(const struct queue_entry *entries, size_t n, const int64_t *services,
		size_t nservices)
{
	long best = -1;
	for (size_t i = 0; i < n; i++) {
		if (!serves(services, nservices, entries[i].service_id))
			continue;
		if (best < 0 || queue_compare(&entries[i], &entries[best]) < 0)
			best = (long)i;
	}
	return best;
}

size_t queue_ahead(const struct queue_entry *entries, size_t n, const struct queue_entry *self)
{
	size_t ahead = 0;
	for (size_t i = 0; i < n; i++)
		if (entries[i].id != self->id && entries[i].service_id == self->service_id &&
		    queue_compare(&entries[i], self) < 0)
			ahead++;
	return ahead;
}

bool queue_prefix_valid(const char *prefix)
{
	return prefix && prefix[0] >= 'A' && prefix[0] <= 'Z' && prefix[1] == 0;
}

int queue_format_number(const char *prefix, int64_t seq, char *out, size_t n)
{
	if (!queue_prefix_valid(prefix) || seq < 1 || seq > 99999)
		return -1;
	int len = snprintf(out, n, "%c-%03lld", prefix[0], (long long)seq);
	return len < 0 || (size_t)len >= n ? -1 : len;
}

int queue_parse_number(const char *number, char *prefix, int64_t *seq)
{
	if (!number || number[0] < 'A' || number[0] > 'Z' || number[1] != '-')
		return -1;
	const char *d = number + 2;
	size_t nd = strlen(d);
	if (nd < 3 || nd > 5)
		return -1;
	int64_t v = 0;
	for (const char *p = d; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v < 1)
		return -1;
	*prefix = number[0];
	*seq = v;
	return 0;
}

static const char *const digit_words[10] = {"không", "một", "hai", "ba",  "bốn",
					    "năm",   "sáu", "bảy", "tám", "chín"};

/* Appends s (with a space before it unless first) to out at *len. */
static int put(char *out, size_t size, size_t *len, const char *s)
{
	int w = snprintf(out + *len, size - *len, "%s%s", *len ? " " : "", s);
	if (w < 0 || (size_t)w >= size - *len)
		return -1;
	*len += (size_t)w;
	return 0;
}

/* Tens and units of 1..99, as read after a hundred or alone. */
static int tens_words(int n, char *out, size_t size, size_t *len)
{
	int t = n / 10, u = n % 10;
	if (t == 0)
		return put(out, size, len, digit_words[u]);
	if (t == 1) {
		if (put(out, size, len, "mười") < 0)
			return -1;
	} else if (put(out, size, len, digit_words[t]) < 0 || put(out, size, len, "mươi") < 0) {
		return -1;
	}
	if (u == 0)
		return 0;
	/* After "mười"/"mươi": 5 is "lăm"; 1 is "mốt" after "mươi"; 4 is "tư"
	 * after "mươi" (the usual reading in the North). */
	const char *w = digit_words[u];
	if (u == 5)
		w = "lăm";
	else if (u == 1 && t > 1)
		w = "mốt";
	else if (u == 4 && t > 1)
		w = "tư";
	return put(out, size, len, w);
}

int queue_number_words(int n, char *out, size_t size)
{
	if (n < 0 || n > 999 || size == 0)
		return -1;
	size_t len = 0;
	out[0] = 0;
	int h = n / 100, rest = n % 100;
	if (h == 0)
		return tens_words(rest, out, size, &len) < 0 ? -1 : (int)len;
	if (put(out, size, &len, digit_words[h]) < 0 || put(out, size, &len, "trăm") < 0)
		return -1;
	if (rest == 0)
		return (int)len;
	if (rest < 10) {
		/* "một trăm linh năm": the plain digit after "linh". */
		if (put(out, size, &len, "linh") < 0 || put(out, size, &len, digit_words[rest]) < 0)
			return -1;
		return (int)len;
	}
	return tens_words(rest, out, size, &len) < 0 ? -1 : (int)len;
}

int queue_call_phrase(const char *number, int counter, char *out, size_t size)
{
	char prefix;
	int64_t seq;
	char cw[64];
	if (queue_parse_number(number, &prefix, &seq) < 0 || counter < 1 || counter > 999 ||
	    queue_number_words(counter, cw, sizeof cw) < 0 || size == 0)
		return -1;
	size_t len = 0;
	out[0] = 0;
	char letter[2] = {prefix, 0};
	if (put(out, size, &len, "Mời số") < 0 || put(out, size, &len, letter) < 0)
		return -1;
	for (const char *d = number + 2; *d; d++)
		if (put(out, size, &len, digit_words[*d - '0']) < 0)
			return -1;
	if (put(out, size, &len, "đến quầy số") < 0 || put(out, size, &len, cw) < 0)
		return -1;
	return (int)len;
}

static const struct {
	const char *name, *vi;
} sat_levels[] = {
	[SAT_VERY_SATISFIED] = {"very_satisfied", "Rất hài lòng"},
	[SAT_SATISFIED] = {"satisfied", "Hài lòng"},
	[SAT_NEUTRAL] = {"neutral", "Bình thường"},
	[SAT_DISSATISFIED] = {"dissatisfied", "Không hài lòng"},
	[SAT_VERY_DISSATISFIED] = {"very_dissatisfied", "Rất không hài lòng"},
};

int satisfaction_parse(const char *s)
{
	for (int i = 1; s && i <= 5; i++)
		if (!strcmp(s, sat_levels[i].name))
			return i;
	return -1;
}

const char *satisfaction_name(int level)
{
	return level >= 1 && level <= 5 ? sat_levels[level].name : NULL;
}

const char *satisfaction_label_vi(int level)
{
	return level >= 1 && level <= 5 ? sat_levels[level].vi : NULL;
}

bool satisfaction_is_satisfied(int level)
{
	return level == SAT_VERY_SATISFIED || level == SAT_SATISFIED;
}

const struct rating_index rating_indices[] = {
	{3, "contacts", {"none", "one", "more"}, {2, 1, 0}},
	{4, "agencies", {"none", "desk_only", "more"}, {2, 1, 0}},
	{7, "attitude", {"no_complaint", "complaint", NULL}, {-1, 0, 0}},
};
const size_t rating_nindices = sizeof rating_indices / sizeof rating_indices[0];

int rating_index_score(const char *key, const char *answer)
{
	if (!key || !answer)
		return -2;
	for (size_t i = 0; i < rating_nindices; i++) {
		if (strcmp(rating_indices[i].key, key))
			continue;
		for (size_t k = 0; k < 3 && rating_indices[i].answers[k]; k++)
			if (!strcmp(rating_indices[i].answers[k], answer))
				return rating_indices[i].scores[k];
		return -2;
	}
	return -2;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

void queue_stats_compute(int64_t *v, size_t n, struct queue_stats *out)
{
	memset(out, 0, sizeof *out);
	out->n = n;
	if (n == 0)
		return;
	qsort(v, n, sizeof *v, cmp_i64);
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	out->avg = (sum + (int64_t)n / 2) / (int64_t)n;
	/* Nearest rank: ceil(0.9 n), 1-based. */
	size_t rank = (9 * n + 9) / 10;
	out->p90 = v[rank - 1];
	out->max = v[n - 1];
}
