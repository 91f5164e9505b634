/* The desk queue's pure rules (core/queue.c), as tables: transitions,
 * call order (priority, FIFO, recall, skip, transfer), numbers, the spoken
 * phrase, satisfaction and index answers, report figures. */
#include <string.h>

#include "core/queue.h"
#include "test_helpers.h"

#define W TICKET_WAITING
#define C TICKET_CALLED
#define S TICKET_SERVING
#define F TICKET_FINISHED
#define N TICKET_NO_SHOW

static void test_transitions(void **state)
{
	(void)state;
	static const struct {
		enum ticket_state from;
		int skips;
		enum ticket_action a;
		int64_t to_service; /* the ticket is in service 1 */
		int rc;
		enum ticket_state to;
		bool requeue, keep_place, no_show, ends_handling, releases;
	} cases[] = {
		/* columns: requeue, keep_place, no_show, ends_handling, releases_counter */
		{W, 0, TICKET_CALL, 0, QUEUE_OK, C, false, false, false, false, false},
		{C, 0, TICKET_CALL, 0, QUEUE_E_STATE, C, 0, 0, 0, 0, 0},
		{S, 0, TICKET_CALL, 0, QUEUE_E_STATE, S, 0, 0, 0, 0, 0},
		{F, 0, TICKET_CALL, 0, QUEUE_E_STATE, F, 0, 0, 0, 0, 0},
		{C, 0, TICKET_RECALL, 0, QUEUE_OK, C, false, false, false, false, false},
		{W, 0, TICKET_RECALL, 0, QUEUE_E_STATE, W, 0, 0, 0, 0, 0},
		{S, 0, TICKET_RECALL, 0, QUEUE_E_STATE, S, 0, 0, 0, 0, 0},
		/* skip: back to the end of the queue once, then no-show */
		{C, 0, TICKET_SKIP, 0, QUEUE_OK, W, true, false, false, false, true},
		{C, 1, TICKET_SKIP, 0, QUEUE_OK, N, false, false, true, false, true},
		{W, 0, TICKET_SKIP, 0, QUEUE_E_STATE, W, 0, 0, 0, 0, 0},
		{S, 0, TICKET_SKIP, 0, QUEUE_E_STATE, S, 0, 0, 0, 0, 0},
		{C, 0, TICKET_START, 0, QUEUE_OK, S, false, false, false, false, false},
		{W, 0, TICKET_START, 0, QUEUE_E_STATE, W, 0, 0, 0, 0, 0},
		{S, 0, TICKET_START, 0, QUEUE_E_STATE, S, 0, 0, 0, 0, 0},
		/* finishing a ticket not started is refused */
		{C, 0, TICKET_FINISH, 0, QUEUE_E_STATE, C, 0, 0, 0, 0, 0},
		{W, 0, TICKET_FINISH, 0, QUEUE_E_STATE, W, 0, 0, 0, 0, 0},
		{S, 0, TICKET_FINISH, 0, QUEUE_OK, F, false, false, false, true, true},
		{F, 0, TICKET_FINISH, 0, QUEUE_E_STATE, F, 0, 0, 0, 0, 0},
		{C, 0, TICKET_TRANSFER, 2, QUEUE_OK, W, false, true, false, false, true},
		{S, 0, TICKET_TRANSFER, 2, QUEUE_OK, W, false, true, false, true, true},
		{S, 0, TICKET_TRANSFER, 1, QUEUE_E_SAME_SERVICE, S, 0, 0, 0, 0, 0},
		{W, 0, TICKET_TRANSFER, 2, QUEUE_E_STATE, W, 0, 0, 0, 0, 0},
		{F, 0, TICKET_TRANSFER, 2, QUEUE_E_STATE, F, 0, 0, 0, 0, 0},
		{N, 1, TICKET_TRANSFER, 2, QUEUE_E_STATE, N, 0, 0, 0, 0, 0},
		{W, 0, TICKET_PRIORITY, 0, QUEUE_OK, W, false, false, false, false, false},
		{C, 0, TICKET_PRIORITY, 0, QUEUE_OK, C, false, false, false, false, false},
		{S, 0, TICKET_PRIORITY, 0, QUEUE_E_STATE, S, 0, 0, 0, 0, 0},
		{F, 0, TICKET_PRIORITY, 0, QUEUE_E_STATE, F, 0, 0, 0, 0, 0},
	};
	for (size_t i = 0; i < N_ELEMENTS(cases); i++) {
		struct ticket_facts t = {cases[i].from, cases[i].skips, 1};
		struct ticket_outcome o;
		memset(&o, 0x55, sizeof o);
		int rc = queue_apply(&t, cases[i].a, cases[i].to_service, &o);
		if (rc != cases[i].rc)
			fail_msg("case %zu (%s from %s): rc %d, want %d", i,
				 ticket_action_name(cases[i].a), ticket_state_name(cases[i].from),
				 rc, cases[i].rc);
		if (rc != QUEUE_OK)
			continue;
		assert_int_equal(o.to, cases[i].to);
		assert_int_equal(o.requeue, cases[i].requeue);
		assert_int_equal(o.drops_priority, cases[i].requeue);
		assert_int_equal(o.keep_place, cases[i].keep_place);
		assert_int_equal(o.counts_no_show, cases[i].no_show);
		assert_int_equal(o.ends_handling, cases[i].ends_handling);
		assert_int_equal(o.releases_counter, cases[i].releases);
	}
}

static void test_names(void **state)
{
	(void)state;
	for (int s = 0; s < TICKET_NSTATES; s++)
		assert_int_equal(ticket_state_parse(ticket_state_name(s)), s);
	assert_int_equal(ticket_state_parse("gone"), -1);
	assert_null(ticket_state_name(TICKET_NSTATES));
	assert_string_equal(ticket_action_name(TICKET_TRANSFER), "transfer");
}

/* Applies the queue's actions to a small in-memory queue the way the
 * repository does, and checks who each counter calls. */
struct sim {
	struct queue_entry e[16];
	enum ticket_state st[16];
	int skips[16];
	int64_t issued[16];
	size_t n;
};

static int64_t sim_issue(struct sim *s, int64_t service, bool prio, int64_t at)
{
	size_t i = s->n++;
	s->e[i] = (struct queue_entry){(int64_t)i + 1, service, prio, at};
	s->st[i] = W;
	s->skips[i] = 0;
	s->issued[i] = at;
	return (int64_t)i + 1;
}

/* The next ticket for a counter serving the given services: 0 if none. */
static int64_t sim_call(struct sim *s, const int64_t *services, size_t ns)
{
	struct queue_entry waiting[16];
	size_t map[16], nw = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->st[i] == W) {
			map[nw] = i;
			waiting[nw++] = s->e[i];
		}
	long k = queue_pick(waiting, nw, services, ns);
	if (k < 0)
		return 0;
	s->st[map[k]] = C;
	return s->e[map[k]].id;
}

static void sim_act(struct sim *s, int64_t id, enum ticket_action a, int64_t to, int64_t now)
{
	size_t i = (size_t)id - 1;
	struct ticket_facts t = {s->st[i], s->skips[i], s->e[i].service_id};
	struct ticket_outcome o;
	assert_int_equal(queue_apply(&t, a, to, &o), QUEUE_OK);
	s->st[i] = o.to;
	if (a == TICKET_SKIP)
		s->skips[i]++;
	if (o.requeue)
		s->e[i].queued_at = now;
	if (o.drops_priority)
		s->e[i].priority = false;
	if (o.keep_place) {
		s->e[i].queued_at = s->issued[i];
		s->e[i].service_id = to;
	}
	if (a == TICKET_PRIORITY)
		s->e[i].priority = true;
}

static void test_order(void **state)
{
	(void)state;
	struct sim s = {0};
	const int64_t both[] = {1, 2}, only1[] = {1}, only2[] = {2};
	int64_t a1 = sim_issue(&s, 1, false, 100);
	int64_t b1 = sim_issue(&s, 2, false, 110);
	int64_t a2 = sim_issue(&s, 1, false, 120);
	int64_t p = sim_issue(&s, 2, true, 130); /* priority, issued last */
	int64_t a3 = sim_issue(&s, 1, false, 140);
	/* Priority first, across the counter's services. */
	assert_int_equal(sim_call(&s, both, 2), p);
	/* Then FIFO across services. */
	assert_int_equal(sim_call(&s, both, 2), a1);
	/* A counter serving only service 1 skips service 2's tickets. */
	assert_int_equal(sim_call(&s, only1, 1), a2);
	/* Skip: a2 goes back to the end of the queue (after a3). */
	sim_act(&s, a2, TICKET_SKIP, 0, 200);
	assert_int_equal(sim_call(&s, only1, 1), a3);
	assert_int_equal(sim_call(&s, only1, 1), a2);
	/* A second skip takes it out of the queue. */
	sim_act(&s, a2, TICKET_SKIP, 0, 210);
	assert_int_equal(s.st[a2 - 1], N);
	assert_int_equal(sim_call(&s, only1, 1), 0);
	/* Recall keeps the ticket called; nobody else is called for it. */
	sim_act(&s, a3, TICKET_RECALL, 0, 220);
	assert_int_equal(s.st[a3 - 1], C);
	/* Transfer: a3 moves to service 2 and keeps its place by issue time
	 * (140): after b1 (110), before b2 (230) issued meanwhile. */
	int64_t b2 = sim_issue(&s, 2, false, 230);
	sim_act(&s, a3, TICKET_TRANSFER, 2, 240);
	assert_int_equal(sim_call(&s, only2, 1), b1);
	assert_int_equal(sim_call(&s, only2, 1), a3);
	assert_int_equal(sim_call(&s, only2, 1), b2);
	assert_int_equal(sim_call(&s, both, 2), 0);
	/* An officer flags a waiting ticket as priority: it jumps the queue. */
	int64_t c1 = sim_issue(&s, 1, false, 300);
	int64_t c2 = sim_issue(&s, 1, false, 310);
	sim_act(&s, c2, TICKET_PRIORITY, 0, 320);
	assert_int_equal(sim_call(&s, only1, 1), c2);
	/* Skipped, a priority ticket goes behind everyone waiting. */
	int64_t c3 = sim_issue(&s, 1, false, 330);
	sim_act(&s, c2, TICKET_SKIP, 0, 340);
	assert_int_equal(sim_call(&s, only1, 1), c1);
	assert_int_equal(sim_call(&s, only1, 1), c3);
	assert_int_equal(sim_call(&s, only1, 1), c2);
	/* Equal times: the id decides. */
	struct queue_entry x = {5, 1, false, 10}, y = {6, 1, false, 10};
	assert_true(queue_compare(&x, &y) < 0);
	assert_true(queue_compare(&y, &x) > 0);
	assert_int_equal(queue_compare(&x, &x), 0);
}

static void test_ahead(void **state)
{
	(void)state;
	struct queue_entry q[] = {
		{1, 1, false, 100}, {2, 2, false, 105}, {3, 1, true, 110},
		{4, 1, false, 120}, {5, 1, false, 130},
	};
	assert_int_equal(queue_ahead(q, 5, &q[0]), 1); /* the priority ticket */
	assert_int_equal(queue_ahead(q, 5, &q[2]), 0);
	assert_int_equal(queue_ahead(q, 5, &q[4]), 3);
	assert_int_equal(queue_ahead(q, 5, &q[1]), 0); /* alone in service 2 */
}

static void test_numbers(void **state)
{
	(void)state;
	char b[16];
	assert_int_equal(queue_format_number("A", 12, b, sizeof b), 5);
	assert_string_equal(b, "A-012");
	assert_int_equal(queue_format_number("Z", 1, b, sizeof b), 5);
	assert_string_equal(b, "Z-001");
	assert_int_equal(queue_format_number("B", 1234, b, sizeof b), 6);
	assert_string_equal(b, "B-1234");
	assert_int_equal(queue_format_number("a", 1, b, sizeof b), -1);
	assert_int_equal(queue_format_number("AB", 1, b, sizeof b), -1);
	assert_int_equal(queue_format_number("", 1, b, sizeof b), -1);
	assert_int_equal(queue_format_number("A", 0, b, sizeof b), -1);
	assert_int_equal(queue_format_number("A", 1, b, 4), -1);
	char p;
	int64_t seq;
	assert_int_equal(queue_parse_number("A-012", &p, &seq), 0);
	assert_int_equal(p, 'A');
	assert_int_equal(seq, 12);
	static const char *const bad[] = {"",	   "A",	    "A-",     "A-12",	  "a-012", "A012",
					  "A-0x1", "A-000", "AA-012", "A-123456", "A--12"};
	for (size_t i = 0; i < N_ELEMENTS(bad); i++)
		if (queue_parse_number(bad[i], &p, &seq) != -1)
			fail_msg("'%s' parsed", bad[i]);
	assert_true(queue_prefix_valid("Q"));
	assert_false(queue_prefix_valid("Đ"));
	assert_false(queue_prefix_valid(NULL));
}

static void test_number_words(void **state)
{
	(void)state;
	static const struct {
		int n;
		const char *words;
	} cases[] = {
		{0, "không"},
		{1, "một"},
		{3, "ba"},
		{4, "bốn"},
		{5, "năm"},
		{7, "bảy"},
		{10, "mười"},
		{11, "mười một"},
		{14, "mười bốn"},
		{15, "mười lăm"},
		{19, "mười chín"},
		{20, "hai mươi"},
		{21, "hai mươi mốt"},
		{24, "hai mươi tư"},
		{25, "hai mươi lăm"},
		{31, "ba mươi mốt"},
		{55, "năm mươi lăm"},
		{90, "chín mươi"},
		{99, "chín mươi chín"},
		{100, "một trăm"},
		{101, "một trăm linh một"},
		{104, "một trăm linh bốn"},
		{105, "một trăm linh năm"},
		{110, "một trăm mười"},
		{111, "một trăm mười một"},
		{115, "một trăm mười lăm"},
		{121, "một trăm hai mươi mốt"},
		{500, "năm trăm"},
		{999, "chín trăm chín mươi chín"},
	};
	char b[64];
	for (size_t i = 0; i < N_ELEMENTS(cases); i++) {
		int len = queue_number_words(cases[i].n, b, sizeof b);
		if (len < 0 || strcmp(b, cases[i].words))
			fail_msg("%d: got '%s', want '%s'", cases[i].n, len < 0 ? "(error)" : b,
				 cases[i].words);
		assert_int_equal((size_t)len, strlen(cases[i].words));
	}
	assert_int_equal(queue_number_words(1000, b, sizeof b), -1);
	assert_int_equal(queue_number_words(-1, b, sizeof b), -1);
	assert_int_equal(queue_number_words(121, b, 8), -1);
}

static void test_phrase(void **state)
{
	(void)state;
	static const struct {
		const char *number;
		int counter;
		const char *phrase;
	} cases[] = {
		{"A-012", 3, "Mời số A không một hai đến quầy số ba"},
		{"B-105", 1, "Mời số B một không năm đến quầy số một"},
		{"C-1000", 12, "Mời số C một không không không đến quầy số mười hai"},
		{"A-001", 21, "Mời số A không không một đến quầy số hai mươi mốt"},
	};
	char b[160];
	for (size_t i = 0; i < N_ELEMENTS(cases); i++) {
		assert_true(queue_call_phrase(cases[i].number, cases[i].counter, b, sizeof b) > 0);
		assert_string_equal(b, cases[i].phrase);
	}
	assert_int_equal(queue_call_phrase("A-12", 3, b, sizeof b), -1);
	assert_int_equal(queue_call_phrase("A-012", 0, b, sizeof b), -1);
	assert_int_equal(queue_call_phrase("A-012", 1000, b, sizeof b), -1);
	assert_int_equal(queue_call_phrase("A-012", 3, b, 20), -1);
}

static void test_satisfaction(void **state)
{
	(void)state;
	static const char *const names[] = {"very_dissatisfied", "dissatisfied", "neutral",
					    "satisfied", "very_satisfied"};
	for (int i = 0; i < 5; i++) {
		assert_int_equal(satisfaction_parse(names[i]), i + 1);
		assert_string_equal(satisfaction_name(i + 1), names[i]);
		assert_int_equal(satisfaction_is_satisfied(i + 1), i >= 3);
	}
	assert_string_equal(satisfaction_label_vi(SAT_VERY_SATISFIED), "Rất hài lòng");
	assert_string_equal(satisfaction_label_vi(SAT_VERY_DISSATISFIED), "Rất không hài lòng");
	assert_int_equal(satisfaction_parse("happy"), -1);
	assert_int_equal(satisfaction_parse(NULL), -1);
	assert_null(satisfaction_name(0));
	assert_null(satisfaction_name(6));
	static const struct {
		const char *key, *answer;
		int score;
	} idx[] = {
		{"contacts", "none", 2},	  {"contacts", "one", 1},
		{"contacts", "more", 0},	  {"agencies", "none", 2},
		{"agencies", "desk_only", 1},	  {"agencies", "more", 0},
		{"attitude", "no_complaint", -1}, {"attitude", "complaint", 0},
		{"attitude", "none", -2},	  {"contacts", "two", -2},
		{"timeliness", "none", -2},
	};
	for (size_t i = 0; i < N_ELEMENTS(idx); i++)
		if (rating_index_score(idx[i].key, idx[i].answer) != idx[i].score)
			fail_msg("%s=%s: %d, want %d", idx[i].key, idx[i].answer,
				 rating_index_score(idx[i].key, idx[i].answer), idx[i].score);
}

static void test_stats(void **state)
{
	(void)state;
	struct queue_stats st;
	queue_stats_compute(NULL, 0, &st);
	assert_int_equal(st.n, 0);
	assert_int_equal(st.avg, 0);
	int64_t one[] = {42};
	queue_stats_compute(one, 1, &st);
	assert_int_equal(st.avg, 42);
	assert_int_equal(st.p90, 42);
	assert_int_equal(st.max, 42);
	int64_t ten[] = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
	queue_stats_compute(ten, 10, &st);
	assert_int_equal(st.avg, 6); /* 5.5 rounds to 6 */
	assert_int_equal(st.p90, 9);
	assert_int_equal(st.max, 10);
	int64_t eleven[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100};
	queue_stats_compute(eleven, 11, &st);
	assert_int_equal(st.p90, 10); /* rank ceil(9.9) = 10 */
	assert_int_equal(st.max, 100);
	assert_int_equal(st.avg, 14);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transitions), cmocka_unit_test(test_names),
		cmocka_unit_test(test_order),	    cmocka_unit_test(test_ahead),
		cmocka_unit_test(test_numbers),	    cmocka_unit_test(test_number_words),
		cmocka_unit_test(test_phrase),	    cmocka_unit_test(test_satisfaction),
		cmocka_unit_test(test_stats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
