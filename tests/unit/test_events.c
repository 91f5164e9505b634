/* The canonical form of history events and the hash chain built on it:
 * the form is fixed (a stored chain must verify forever), covers every
 * field, cannot be confused by values that look like field boundaries, and a
 * change to any field or to the link breaks the chain. */
#include <string.h>

#include <sodium.h>

#include "core/events.h"
#include "test_helpers.h"

static struct event sample(void)
{
	struct event e = {
		.dossier = "000.17.22.H56-260302-0001",
		.seq = 2,
		.at = 1772416800000LL,
		.actor_id = 3,
		.actor = "chuyenvien",
		.action = "transfer",
		.from_state = "in_process",
		.to_state = "in_process",
		.step_from = 2,
		.step_to = 3,
		.step_due_at = 1772503200000LL,
		.timeliness = "early",
		.note = "Hồ sơ đầy đủ",
		.data = "{\"to_unit\":\"DNLD\"}",
		.prev_hash = event_genesis_hash,
	};
	return e;
}

static void hash_hex(const struct event *e, char out[65])
{
	struct buf b = BUF_INIT;
	event_canonical(e, &b);
	unsigned char h[32];
	crypto_hash_sha256(h, (const unsigned char *)b.p, b.len);
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[h[i] >> 4];
		out[2 * i + 1] = hex[h[i] & 15];
	}
	out[64] = 0;
	buf_release(&b);
}

/* The exact bytes: changing them breaks every stored chain, so the test pins them. */
static void canonical_bytes(void **state)
{
	(void)state;
	struct event e = sample();
	struct buf b = BUF_INIT;
	event_canonical(&e, &b);
	const char *want =
		"motcua-event-v1\n"
		"dossier=25:000.17.22.H56-260302-0001\n"
		"seq=1:2\n"
		"at=13:1772416800000\n"
		"actor_id=1:3\n"
		"actor=10:chuyenvien\n"
		"action=8:transfer\n"
		"from_state=10:in_process\n"
		"to_state=10:in_process\n"
		"step_from=1:2\n"
		"step_to=1:3\n"
		"step_due_at=13:1772503200000\n"
		"timeliness=5:early\n"
		"note=21:Hồ sơ đầy đủ\n"
		"data=18:{\"to_unit\":\"DNLD\"}\n"
		"prev_hash=64:0000000000000000000000000000000000000000000000000000000000000000\n";
	assert_string_equal(b.p, want);
	buf_release(&b);
	/* NULL strings are empty, not crashes. */
	struct event z = {0};
	event_canonical(&z, &b);
	assert_non_null(strstr(b.p, "note=0:\n"));
	buf_release(&b);
}

/* A note that imitates the following fields gives different bytes from
 * the event that really has those fields. */
static void no_boundary_confusion(void **state)
{
	(void)state;
	struct event a = sample(), c = sample();
	a.note = "x\ndata=2:{}";
	a.data = "";
	c.note = "x";
	c.data = "{}";
	struct buf ba = BUF_INIT, bc = BUF_INIT;
	event_canonical(&a, &ba);
	event_canonical(&c, &bc);
	assert_string_not_equal(ba.p, bc.p);
	buf_release(&ba);
	buf_release(&bc);
}

/* Every field is covered: changing any one changes the hash. */
static void every_field_counts(void **state)
{
	(void)state;
	struct event base = sample();
	char h0[65], h[65];
	hash_hex(&base, h0);
	for (int f = 0; f < 15; f++) {
		struct event e = sample();
		switch (f) {
		case 0:
			e.dossier = "000.17.22.H56-260302-0002";
			break;
		case 1:
			e.seq = 3;
			break;
		case 2:
			e.at++;
			break;
		case 3:
			e.actor_id = 4;
			break;
		case 4:
			e.actor = "truongphong";
			break;
		case 5:
			e.action = "send_back";
			break;
		case 6:
			e.from_state = "received";
			break;
		case 7:
			e.to_state = "result_ready";
			break;
		case 8:
			e.step_from = 1;
			break;
		case 9:
			e.step_to = 4;
			break;
		case 10:
			e.step_due_at = 0;
			break;
		case 11:
			e.timeliness = "late";
			break;
		case 12:
			e.note = "Hồ sơ đầy đủ.";
			break;
		case 13:
			e.data = "{\"to_unit\":\"BQL\"}";
			break;
		case 14:
			e.prev_hash =
				"1111111111111111111111111111111111111111111111111111111111111111";
			break;
		}
		hash_hex(&e, h);
		if (!strcmp(h, h0))
			fail_msg("field %d is not covered by the hash", f);
	}
	/* The database id is not: it is assigned by the database. */
	struct event e = sample();
	e.id = 99;
	hash_hex(&e, h);
	assert_string_equal(h, h0);
}

/* A chain of three: each prev_hash is the previous hash; a change to the
 * middle event no longer matches the stored hash, and the link from the
 * third breaks if the middle one is rehashed. */
static void chain(void **state)
{
	(void)state;
	char h[3][65];
	struct event e[3];
	for (int i = 0; i < 3; i++) {
		e[i] = sample();
		e[i].seq = i + 1;
		e[i].prev_hash = i ? h[i - 1] : event_genesis_hash;
		hash_hex(&e[i], h[i]);
		assert_true(event_hash_valid(h[i]));
	}
	assert_string_not_equal(h[0], h[1]);
	struct event t = e[1];
	t.note = "changed";
	char th[65];
	hash_hex(&t, th);
	assert_string_not_equal(th, h[1]);
	/* Recomputing the third with the tampered middle's hash differs from
	 * the stored third: tampering must rewrite everything after it. */
	struct event t3 = e[2];
	t3.prev_hash = th;
	char th3[65];
	hash_hex(&t3, th3);
	assert_string_not_equal(th3, h[2]);
}

/* Histories written by the binary before the field table (v0.x, `motcua
 * gen dossiers 400 --seed 11 --open-percent 25` on SQLite, rows copied as
 * stored): five dossiers, a full lifecycle, a stop, a supplement request, a
 * refusal at the desk and a withdrawal. Every stored hash must still be
 * what the canonical form gives, and every link hold: a chain written once
 * verifies forever (`motcua audit verify` and the e-archive rely on it). */
struct stored_event {
	const char *dossier;
	int64_t seq, at, actor_id;
	const char *actor, *action, *from_state, *to_state;
	int64_t step_from, step_to, step_due_at;
	const char *timeliness, *note, *data, *prev_hash, *hash;
};

/* clang-format off */
static const struct stored_event old_rows[] = {
	{"000.17.22.H56.01-260306-0001", 1, 1772765520000LL, 2, "tiepnhan", "receive", "", "received", 0, 1, 0LL, "", "",
	 "{\"channel\":\"direct\",\"due_at\":1773370320000,\"missing\":[],\"procedure\":\"LD-04\",\"unit\":\"VP\",\"version\":1}",
	 "0000000000000000000000000000000000000000000000000000000000000000",
	 "b5816583abb6cc64c64067552f3365cf230ec07ff2e1f2d07a3d786f380a8363"},
	{"000.17.22.H56.01-260306-0001", 2, 1772788920000LL, 2, "tiepnhan", "transfer", "received", "in_process", 1, 2, 1772785320000LL, "late", "",
	 "{\"unit\":\"DNLD\"}",
	 "b5816583abb6cc64c64067552f3365cf230ec07ff2e1f2d07a3d786f380a8363",
	 "a3bd0e22e70bef42d5b59d72b82f5f6ccf9881c942c58c342a8e6787e9d76507"},
	{"000.17.22.H56.01-260306-0001", 3, 1773275820000LL, 3, "chuyenvien", "transfer", "in_process", "in_process", 2, 3, 1773220920000LL, "late", "",
	 "{\"unit\":\"DNLD\"}",
	 "a3bd0e22e70bef42d5b59d72b82f5f6ccf9881c942c58c342a8e6787e9d76507",
	 "b9dd7c3d3cac5fe09ecda2bfa000e37c53bffbac638e1575cb86a6a81a09144b"},
	{"000.17.22.H56.01-260306-0001", 4, 1773308220000LL, 4, "truongphong", "transfer", "in_process", "in_process", 3, 4, 1773295620000LL, "late", "",
	 "{\"unit\":\"BQL\"}",
	 "b9dd7c3d3cac5fe09ecda2bfa000e37c53bffbac638e1575cb86a6a81a09144b",
	 "74749433836be4ad8b7aa54e925558a90588701348a036600d37037cea55f46c"},
	{"000.17.22.H56.01-260306-0001", 5, 1773386520000LL, 5, "lanhdao", "approve", "in_process", "in_process", 4, 4, 0LL, "", "",
	 "{}",
	 "74749433836be4ad8b7aa54e925558a90588701348a036600d37037cea55f46c",
	 "690e184a94b493e7a94f7d2d0f0e249fb00e06d309db8b8ab9624e99ed4f6434"},
	{"000.17.22.H56.01-260306-0001", 6, 1773386520000LL, 5, "lanhdao", "issue_result", "in_process", "result_ready", 4, 5, 1773374820000LL, "late", "",
	 "{\"result_code\":\"KQ-000.17.22.H56.01-260306-0001\",\"unit\":\"VP\"}",
	 "690e184a94b493e7a94f7d2d0f0e249fb00e06d309db8b8ab9624e99ed4f6434",
	 "da5a937f550954741824c87037c565d259ed9a9351aabfa80157c6db836f7971"},
	{"000.17.22.H56.01-260306-0001", 7, 1773498120000LL, 2, "tiepnhan", "return_result", "result_ready", "returned", 5, 5, 1773625920000LL, "early", "",
	 "{\"unit\":\"VP\"}",
	 "da5a937f550954741824c87037c565d259ed9a9351aabfa80157c6db836f7971",
	 "259cd8c97bfb0e20f0a972aef3b5a31b5db534dae9d0a07b705fc3e43c68435d"},
	{"000.17.22.H56.01-251209-0001", 1, 1765242000000LL, 2, "tiepnhan", "receive", "", "received", 0, 1, 0LL, "", "",
	 "{\"channel\":\"online\",\"due_at\":1766138400000,\"missing\":[],\"procedure\":\"DT-05\",\"unit\":\"VP\",\"version\":1}",
	 "0000000000000000000000000000000000000000000000000000000000000000",
	 "0cafc462d27be2944fa98cc0833539375352a6c7e14c95498cd3954664d365f0"},
	{"000.17.22.H56.01-251209-0001", 2, 1765243890127LL, 2, "tiepnhan", "transfer", "received", "in_process", 1, 2, 1765360800000LL, "early", "",
	 "{\"unit\":\"QLDT\"}",
	 "0cafc462d27be2944fa98cc0833539375352a6c7e14c95498cd3954664d365f0",
	 "022182075a34fd13b64908e11cc0f2a71ea0a2abbba57b0cf144e39e096be9d4"},
	{"000.17.22.H56.01-251209-0001", 3, 1765252309474LL, 3, "chuyenvien", "transfer", "in_process", "in_process", 2, 3, 1765792800000LL, "early", "",
	 "{\"unit\":\"QLDT\"}",
	 "022182075a34fd13b64908e11cc0f2a71ea0a2abbba57b0cf144e39e096be9d4",
	 "74b2664c3cf5a113c386f1538dfb7767d8dccc35f52e7f746bfe53294b551d97"},
	{"000.17.22.H56.01-251209-0001", 4, 1765262684269LL, 4, "truongphong", "transfer", "in_process", "in_process", 3, 4, 1765447200000LL, "early", "",
	 "{\"unit\":\"BQL\"}",
	 "74b2664c3cf5a113c386f1538dfb7767d8dccc35f52e7f746bfe53294b551d97",
	 "7727c1b6c22a09eb5aa4af45a54f3ca6c8a5a4a04c977012f327e7f56ec9c5a3"},
	{"000.17.22.H56.01-251209-0001", 5, 1765291484269LL, 5, "lanhdao", "stop", "in_process", "stopped", 4, 4, 1765360800000LL, "early", "Quá hạn bổ sung theo quy định",
	 "{\"stage\":\"in_process\",\"unit\":\"BQL\"}",
	 "7727c1b6c22a09eb5aa4af45a54f3ca6c8a5a4a04c977012f327e7f56ec9c5a3",
	 "5d021b40b1f8e35b1957e9d7bd4d4ddc9863a91489a94f732f2ca004217a3051"},
	{"000.17.22.H56.01-261120-0001", 1, 1795164600000LL, 2, "tiepnhan", "receive", "", "received", 0, 1, 0LL, "", "",
	 "{\"channel\":\"direct\",\"due_at\":1796896800000,\"missing\":[],\"procedure\":\"XD-01\",\"unit\":\"VP\",\"version\":1}",
	 "0000000000000000000000000000000000000000000000000000000000000000",
	 "5f345c832ed3e2c854b71548914cc5652efa4cc0aebd5d872c8832a6b8d796f2"},
	{"000.17.22.H56.01-261120-0001", 2, 1795166919341LL, 2, "tiepnhan", "transfer", "received", "in_process", 1, 2, 1795428000000LL, "early", "",
	 "{\"unit\":\"QHXD\"}",
	 "5f345c832ed3e2c854b71548914cc5652efa4cc0aebd5d872c8832a6b8d796f2",
	 "5214eaffce89bf439a244cf006e11667b748a13a0838630078efe5fa132718bc"},
	{"000.17.22.H56.01-261120-0001", 3, 1795177719341LL, 3, "chuyenvien", "request_supplement", "in_process", "awaiting_supplement", 2, 2, 0LL, "", "Bổ sung bản sao có chứng thực",
	 "{\"clock\":\"paused\",\"missing\":[1]}",
	 "5214eaffce89bf439a244cf006e11667b748a13a0838630078efe5fa132718bc",
	 "708761beb98818cb6e29c7cfceb5aa617fd266f65b652bd7716dcc210cbebad5"},
	{"000.17.22.H56.01-260707-0002", 1, 1783414080000LL, 2, "tiepnhan", "refuse", "", "refused", 0, 0, 0LL, "", "Không thuộc phạm vi giải quyết",
	 "{\"channel\":\"direct\",\"missing\":[],\"procedure\":\"XD-01\",\"version\":1}",
	 "0000000000000000000000000000000000000000000000000000000000000000",
	 "c0cc9b8420c35b30c4482ee1a506cae95f6cd571af6fa0731155a93a62f2ba23"},
	{"000.17.22.H56.01-260126-0002", 1, 1769390340000LL, 2, "tiepnhan", "receive", "", "received", 0, 1, 0LL, "", "",
	 "{\"channel\":\"online\",\"due_at\":1770717600000,\"missing\":[],\"procedure\":\"DT-09\",\"unit\":\"VP\",\"version\":1}",
	 "0000000000000000000000000000000000000000000000000000000000000000",
	 "e11a63b8ef47eb983dcb1c424503774826de96881cc7aedce93d829f44183f16"},
	{"000.17.22.H56.01-260126-0002", 2, 1769391082769LL, 2, "tiepnhan", "transfer", "received", "in_process", 1, 2, 1769508000000LL, "early", "",
	 "{\"unit\":\"QLDT\"}",
	 "e11a63b8ef47eb983dcb1c424503774826de96881cc7aedce93d829f44183f16",
	 "a09479b80f72d6b5ec00f22d6a2a3e9b4a728ab2b2e9e590b5837b18e06b935e"},
	{"000.17.22.H56.01-260126-0002", 3, 1769482809701LL, 3, "chuyenvien", "transfer", "in_process", "in_process", 2, 3, 1770285600000LL, "early", "",
	 "{\"unit\":\"QLDT\"}",
	 "a09479b80f72d6b5ec00f22d6a2a3e9b4a728ab2b2e9e590b5837b18e06b935e",
	 "ec3c8a50a4ff8f5e21e65f13270deebef53ce559da4bce46de5d788f808c2d6d"},
	{"000.17.22.H56.01-260126-0002", 4, 1769508009701LL, 0, "", "withdraw", "in_process", "withdrawn", 3, 3, 1769680800000LL, "early", "Tổ chức, cá nhân rút hồ sơ",
	 "{\"stage\":\"in_process\",\"unit\":\"QLDT\"}",
	 "ec3c8a50a4ff8f5e21e65f13270deebef53ce559da4bce46de5d788f808c2d6d",
	 "8e889e281fb57267ee42975ba195d8cf208953d87893fd09b56dd336ed537517"},
};
/* clang-format on */

static void old_histories_verify(void **state)
{
	(void)state;
	const char *prev = event_genesis_hash;
	size_t dossiers = 0;
	for (size_t i = 0; i < sizeof old_rows / sizeof old_rows[0]; i++) {
		const struct stored_event *r = &old_rows[i];
		/* Filled member by member, not through the table under test. */
		struct event e = {0};
		e.dossier = r->dossier;
		e.seq = r->seq;
		e.at = r->at;
		e.actor_id = r->actor_id;
		e.actor = r->actor;
		e.action = r->action;
		e.from_state = r->from_state;
		e.to_state = r->to_state;
		e.step_from = r->step_from;
		e.step_to = r->step_to;
		e.step_due_at = r->step_due_at;
		e.timeliness = r->timeliness;
		e.note = r->note;
		e.data = r->data;
		e.prev_hash = r->prev_hash;
		if (r->seq == 1) {
			prev = event_genesis_hash;
			dossiers++;
		}
		assert_string_equal(r->prev_hash, prev);
		char h[65];
		hash_hex(&e, h);
		if (strcmp(h, r->hash))
			fail_msg("%s #%lld (%s): hash %s, stored %s", r->dossier, (long long)r->seq,
				 r->action, h, r->hash);
		prev = r->hash;
	}
	assert_int_equal(dossiers, 5);
}

/* The field table: every member of struct event once, the hashed ones in
 * the canonical order, the id and the hash outside the hash; the reply
 * and the archive name the fields they carry. */
static void field_table(void **state)
{
	(void)state;
	static const char *const canonical[] = {"dossier",   "seq",	"at",	       "actor_id",
						"actor",     "action",	"from_state",  "to_state",
						"step_from", "step_to", "step_due_at", "timeliness",
						"note",	     "data",	"prev_hash"};
	size_t k = 0, size = 0;
	for (size_t i = 0; i < event_nfields; i++) {
		const struct event_field *f = &event_fields[i];
		size += f->type == EVENT_FT_TEXT || f->type == EVENT_FT_JSON ? sizeof(char *)
									     : sizeof(int64_t);
		if (!f->hashed)
			continue;
		assert_true(k < sizeof canonical / sizeof canonical[0]);
		assert_string_equal(f->name, canonical[k++]);
	}
	assert_int_equal(k, sizeof canonical / sizeof canonical[0]);
	assert_int_equal(size, sizeof(struct event)); /* no member left out */
	/* Accessors read and write the member the row names. */
	struct event e = sample();
	for (size_t i = 0; i < event_nfields; i++) {
		const struct event_field *f = &event_fields[i];
		if (!strcmp(f->name, "note"))
			assert_string_equal(event_get_text(&e, f), "Hồ sơ đầy đủ");
		if (!strcmp(f->name, "step_due_at"))
			assert_int_equal(event_get_int(&e, f), 1772503200000LL);
		if (!strcmp(f->name, "actor")) {
			event_set_text(&e, f, "lanhdao");
			assert_string_equal(e.actor, "lanhdao");
		}
		if (!strcmp(f->name, "data")) {
			event_set_text(&e, f, NULL);
			assert_string_equal(event_get_text(&e, f), "{}");
		}
	}
}

static void timeliness(void **state)
{
	(void)state;
	const int64_t due = 1772445600000LL; /* 2026-03-02 17:00 local */
	const int64_t H = 3600000LL;
	assert_int_equal(event_step_timeliness(due - 30 * H, due), EVENT_TL_EARLY);
	assert_int_equal(event_step_timeliness(due - 9 * H, due), EVENT_TL_ON_TIME); /* 08:00 */
	assert_int_equal(event_step_timeliness(due, due), EVENT_TL_ON_TIME);
	assert_int_equal(event_step_timeliness(due + 1, due), EVENT_TL_LATE);
	assert_int_equal(event_step_timeliness(due + 48 * H, due), EVENT_TL_LATE);
	assert_int_equal(event_step_timeliness(due, 0), EVENT_TL_NONE);
	assert_string_equal(event_timeliness_name(EVENT_TL_ON_TIME), "on_time");
	assert_string_equal(event_timeliness_name(EVENT_TL_NONE), "");
	assert_false(event_hash_valid("ABCDEF"));
	assert_false(event_hash_valid(NULL));
	assert_true(event_hash_valid(event_genesis_hash));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(canonical_bytes),    cmocka_unit_test(no_boundary_confusion),
		cmocka_unit_test(every_field_counts), cmocka_unit_test(chain),
		cmocka_unit_test(timeliness),	      cmocka_unit_test(old_histories_verify),
		cmocka_unit_test(field_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
