/* The data of history events (svc/svc_event_data.h): each kind's builder
 * writes exactly the keys its row names, in the row's order; a value with
 * quotes, backslashes, control characters or Vietnamese text comes back
 * from the JSON unchanged; bytes that are not UTF-8 become U+FFFD, so the
 * data is always JSON (a NULL or unparsable data would be hashed as "" but
 * stored as "{}", and the chain would no longer verify). */
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "core/events.h"
#include "core/workflow.h"
#include "svc/svc_dossiers_impl.h"
#include "svc/svc_event_data.h"
#include "test_helpers.h"

#define NASTY "Giấy phép \"số\" 1\\2\n\t\x01\x1f — Hà Nam /</script>"

static json_t *parse(const char *s)
{
	json_error_t je;
	json_t *j = json_loads(s, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %s", je.text, s);
	assert_true(json_is_object(j));
	return j;
}

/* The keys of data, in order, are the row's keys (those not left out). */
static void keys_are_row(const char *data, enum event_kind k, const char *skipped)
{
	const struct event_kind_def *d = event_kind_def(k);
	json_t *j = parse(data);
	void *it = json_object_iter(j);
	for (size_t i = 0; d->keys[i]; i++) {
		if (skipped && !strcmp(d->keys[i], skipped))
			continue;
		if (!it)
			fail_msg("%s: key %s missing in %s", d->action, d->keys[i], data);
		assert_string_equal(json_object_iter_key(it), d->keys[i]);
		it = json_object_iter_next(j, it);
	}
	if (it)
		fail_msg("%s: key %s is not in its row", d->action, json_object_iter_key(it));
	json_decref(j);
}

static const char *str_of(const char *data, const char *key, struct arena *a)
{
	json_t *j = parse(data);
	const char *v = json_string_value(json_object_get(j, key));
	assert_non_null(v);
	const char *out = arena_strdup(a, v);
	json_decref(j);
	return out;
}

static void every_kind_matches_its_row(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	keys_are_row(evd_viewed(&a, "store"), EVENT_VIEWED, NULL);
	assert_string_equal(evd_viewed(&a, NULL), "{}");
	keys_are_row(evd_file_downloaded(&a, &(struct evd_download){4, 1, "ab"}),
		     EVENT_FILE_DOWNLOADED, NULL);
	struct evd_page p = {1, 2, 3, 4, "ab", "pdf"};
	keys_are_row(evd_component_page(&a, true, &p), EVENT_COMPONENT_UPLOADED, NULL);
	keys_are_row(evd_component_page(&a, false, &p), EVENT_COMPONENT_DIGITIZED, NULL);
	keys_are_row(evd_component_exempted(&a, 2, "electronic"), EVENT_COMPONENT_EXEMPTED, NULL);
	keys_are_row(evd_component_reused(&a, &(struct evd_reuse){1, 2, "X-1", "ab"}),
		     EVENT_COMPONENT_REUSED, NULL);
	keys_are_row(evd_result_drafted(&a, &(struct evd_draft){"ab", "pdf", 10, true}),
		     EVENT_RESULT_DRAFTED, NULL);
	struct evd_signed s = {"V", "ab", "cms", "Lãnh đạo", "cd", 7};
	keys_are_row(evd_result_signed(&a, &s), EVENT_RESULT_SIGNED, NULL);
	s.signature_sha256 = NULL; /* PAdES: no detached signature */
	keys_are_row(evd_result_signed(&a, &s), EVENT_RESULT_SIGNED, "signature_sha256");
	struct evd_recomputed r = {3, {10, 20}, {30, 40}};
	const char *rd = evd_due_recomputed(&a, &r);
	keys_are_row(rd, EVENT_DUE_RECOMPUTED, NULL);
	assert_string_equal(rd, "{\"calendar_version\":3,\"due_at\":[10,20],"
				"\"step_due_at\":[30,40]}");
	keys_are_row(evd_due(&a, "due_soon", 5), EVENT_DUE_SOON, NULL);
	keys_are_row(evd_due(&a, "overdue", 5), EVENT_OVERDUE, NULL);
	keys_are_row(evd_payment_cancelled(&a, "stop", 3, 600000), EVENT_PAYMENT_CANCELLED, NULL);
	keys_are_row(evd_fee_exempted(&a, &(struct evd_exempted){600000, 3, 0, "NĐ 152", "x"}),
		     EVENT_FEE_EXEMPTED, NULL);
	assert_string_equal(evd_due(&a, "overdue", 1772416800000LL), "{\"due_at\":1772416800000}");
	/* The same bytes the hand-written data had, for the values that had
	 * nothing to escape. */
	assert_string_equal(evd_component_page(&a, true, &p),
			    "{\"component\":1,\"document_id\":2,\"page\":3,\"sha256\":\"ab\","
			    "\"type\":\"pdf\",\"size\":4}");
	arena_release(&a);
}

/* Every row is found by its action; reads are marked; workflow actions
 * are not rows here. */
static void rows_by_action(void **state)
{
	(void)state;
	for (int k = 0; k < EVENT_NKINDS; k++) {
		const struct event_kind_def *d = event_kind_def((enum event_kind)k);
		assert_int_equal(d->kind, k);
		assert_ptr_equal(event_kind_find(d->action), d);
		for (int w = 0; w < WF_NACTIONS; w++)
			assert_string_not_equal(d->action, wf_action_name((enum wf_action)w));
	}
	assert_true(event_kind_find("viewed")->read);
	assert_true(event_kind_find("file_downloaded")->read);
	assert_false(event_kind_find("result_signed")->read);
	assert_null(event_kind_find("transfer"));
	assert_null(event_kind_def(EVENT_NKINDS));
}

/* Strings come back unchanged, whatever they hold. */
static void values_escaped(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	const char *d =
		evd_result_signed(&a, &(struct evd_signed){"V", "ab", "cms", NASTY, "cd", 7});
	assert_string_equal(str_of(d, "signer", &a), NASTY);
	d = evd_component_reused(&a, &(struct evd_reuse){1, 2, NASTY, NASTY});
	assert_string_equal(str_of(d, "from_dossier", &a), NASTY);
	assert_string_equal(str_of(d, "hash", &a), NASTY);
	d = evd_viewed(&a, NASTY);
	assert_string_equal(str_of(d, "what", &a), NASTY);
	/* A workflow action's data (the keys of its row). */
	struct svcd_event_data v = {.have = WF_KEY(WF_K_RESULT_CODE) | WF_KEY(WF_K_UNIT),
				    .result_code = NASTY,
				    .unit = "DNLD"};
	d = svcd_event_data(&a, wf_action_def(WF_ISSUE_RESULT)->keys, &v);
	assert_string_equal(str_of(d, "result_code", &a), NASTY);
	assert_string_equal(str_of(d, "unit", &a), "DNLD");
	/* NULL is null, not a missing or broken object. */
	d = evd_component_reused(&a, &(struct evd_reuse){1, 2, NULL, "ab"});
	json_t *j = parse(d);
	assert_true(json_is_null(json_object_get(j, "from_dossier")));
	json_decref(j);
	arena_release(&a);
}

/* Bytes that are not UTF-8 (a certificate's name, say) become U+FFFD: the
 * data stays JSON that jansson reads back. */
static void invalid_utf8_replaced(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	const char *d = evd_result_signed(
		&a,
		&(struct evd_signed){"V", "ab", "cms", "Ng\xff\xc3(uy\xe1\xbb\x85n\xe1", "cd", 7});
	assert_string_equal(str_of(d, "signer", &a),
			    "Ng\xef\xbf\xbd\xef\xbf\xbd(uy\xe1\xbb\x85n\xef\xbf\xbd");
	struct svcd_event_data v = {.have = WF_KEY(WF_K_RESULT_CODE), .result_code = "A\x80"};
	d = svcd_event_data(&a, WF_KEY(WF_K_RESULT_CODE), &v);
	assert_string_equal(str_of(d, "result_code", &a), "A\xef\xbf\xbd");
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_kind_matches_its_row),
		cmocka_unit_test(rows_by_action),
		cmocka_unit_test(values_escaped),
		cmocka_unit_test(invalid_utf8_replaced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
