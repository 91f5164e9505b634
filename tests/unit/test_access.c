/* core/access.c, table-driven: one dossier of LD-02 (received at the VP
 * desk, processed by DNLD, at its specialist step assigned to one officer)
 * against officers of every role in their own unit, in another unit and
 * in none, citizens and administrators, for reading, working on the papers
 * and acting. The API matrix (tests/api/authz-matrix.test.mjs) checks the
 * same rules through every route. */
#include <stdio.h>
#include <string.h>

#include "core/access.h"
#include "core/roles.h"
#include "test_helpers.h"

enum { BQL = 1, VP = 2, QLDT = 3, DNLD = 6, VP2 = 7 /* a second tree's root */ };
enum { U_DESK = 10, U_SPEC = 11, U_SPEC2 = 12, U_HEAD = 13, U_OTHER = 20, U_CITIZEN = 30 };

static const char *const process[] = {"VP", "DNLD", "DNLD", "BQL", "VP"};
static const int64_t handlers[] = {U_DESK};

static const struct access_dossier at_specialist = {
	.applicant_user_id = U_CITIZEN,
	.owner_kind = "person",
	.owner_id_number = "001090012345",
	.receiving_unit_id = VP,
	.processing_unit_id = DNLD,
	.step_unit_id = DNLD,
	.assignee_id = U_SPEC,
	.process_units = process,
	.nprocess_units = 5,
	.handlers = handlers,
	.nhandlers = 1,
	.root_id = BQL,
	.received = true,
};

#define A(id, roles, unit, code)                                                                   \
	{                                                                                          \
		id, roles, unit, code                                                              \
	}
/* A leader or the office of unit, whose agency's root is root. */
#define L(id_, roles_, unit_, code_, root_)                                                        \
	{                                                                                          \
		.user_id = id_, .roles = roles_, .unit_id = unit_, .unit_code = code_,             \
		.root_id = root_                                                                   \
	}
/* A citizen account verified for (kind, ident). */
#define V(id, kind, ident)                                                                         \
	{                                                                                          \
		id, ROLE_CITIZEN, 0, NULL, kind, ident                                             \
	}
#define READ   ACCESS_READ, WF_NACTIONS
#define WORK   ACCESS_WORK, WF_NACTIONS
#define ACT(a) ACCESS_ACT, a

static const struct {
	const char *what;
	struct access_actor who;
	enum access_need need;
	enum wf_action action;
	int expected;
} cases[] = {
	/* Administrators: no personal data, whatever else. */
	{"admin reads", A(1, ROLE_ADMIN, BQL, "BQL"), READ, ACCESS_E_NO_PERSONAL_DATA},
	{"admin of the unit", A(1, ROLE_ADMIN, DNLD, "DNLD"), READ, ACCESS_E_NO_PERSONAL_DATA},
	{"admin acts", A(1, ROLE_ADMIN, DNLD, "DNLD"), ACT(WF_STOP), ACCESS_E_NO_PERSONAL_DATA},
	/* Citizens: their own. */
	{"applicant reads", A(U_CITIZEN, ROLE_CITIZEN, 0, NULL), READ, ACCESS_OK},
	{"applicant withdraws", A(U_CITIZEN, ROLE_CITIZEN, 0, NULL), ACT(WF_WITHDRAW), ACCESS_OK},
	{"other citizen", A(31, ROLE_CITIZEN, 0, NULL), READ, ACCESS_E_NOT_APPLICANT},
	{"nobody", A(0, 0, 0, NULL), READ, ACCESS_E_NOT_APPLICANT},
	/* Its owner, verified for the number, who did not submit it: follows it. */
	{"verified owner reads", V(32, "person", "001090012345"), READ, ACCESS_OK},
	{"verified owner withdraws", V(32, "person", "001090012345"), ACT(WF_WITHDRAW),
	 ACCESS_E_OWNER_READS},
	{"verified owner attaches", V(32, "person", "001090012345"), WORK, ACCESS_E_OWNER_READS},
	{"verified for another number", V(32, "person", "001090054321"), READ,
	 ACCESS_E_NOT_APPLICANT},
	{"verified organisation, same digits", V(32, "organisation", "001090012345"), READ,
	 ACCESS_E_NOT_APPLICANT},
	{"claimant, not verified", V(32, NULL, NULL), READ, ACCESS_E_NOT_APPLICANT},
	{"verified applicant withdraws", V(U_CITIZEN, "person", "001090012345"), ACT(WF_WITHDRAW),
	 ACCESS_OK},
	/* Leaders and the office: the whole agency (their unit's tree). */
	{"leader elsewhere reads", L(40, ROLE_LEADER, QLDT, "QLDT", BQL), READ, ACCESS_OK},
	{"leader elsewhere stops", L(40, ROLE_LEADER, QLDT, "QLDT", BQL), ACT(WF_STOP), ACCESS_OK},
	{"office elsewhere reads", L(41, ROLE_OFFICE, QLDT, "QLDT", BQL), READ, ACCESS_OK},
	{"office acts nowhere", L(41, ROLE_OFFICE, QLDT, "QLDT", BQL), ACT(WF_STOP),
	 ACCESS_E_NOT_HANDLING},
	/* ... and nothing of another tree's, nor without a unit. */
	{"leader of another agency reads", L(42, ROLE_LEADER, VP2, "VP2", VP2), READ,
	 ACCESS_E_NOT_HANDLING},
	{"leader of another agency stops", L(42, ROLE_LEADER, VP2, "VP2", VP2), ACT(WF_STOP),
	 ACCESS_E_NOT_HANDLING},
	{"office of another agency reads", L(43, ROLE_OFFICE, VP2, "VP2", VP2), READ,
	 ACCESS_E_NOT_HANDLING},
	{"office of another agency works", L(43, ROLE_OFFICE, VP2, "VP2", VP2), WORK,
	 ACCESS_E_NOT_HANDLING},
	{"leader without unit stops", A(40, ROLE_LEADER, 0, NULL), ACT(WF_STOP),
	 ACCESS_E_NOT_HANDLING},
	{"leader, agency not known", L(40, ROLE_LEADER, QLDT, "QLDT", 0), READ,
	 ACCESS_E_NOT_HANDLING},
	/* The unit whose step it is. */
	{"assignee transfers", A(U_SPEC, ROLE_SPECIALIST, DNLD, "DNLD"), ACT(WF_TRANSFER),
	 ACCESS_OK},
	{"colleague transfers", A(U_SPEC2, ROLE_SPECIALIST, DNLD, "DNLD"), ACT(WF_TRANSFER),
	 ACCESS_E_NOT_YOUR_STEP},
	{"colleague asks a supplement", A(U_SPEC2, ROLE_SPECIALIST, DNLD, "DNLD"),
	 ACT(WF_REQUEST_SUPPLEMENT), ACCESS_OK},
	{"head transfers", A(U_HEAD, ROLE_HEAD, DNLD, "DNLD"), ACT(WF_TRANSFER), ACCESS_OK},
	{"head stops", A(U_HEAD, ROLE_HEAD, DNLD, "DNLD"), ACT(WF_STOP), ACCESS_OK},
	{"specialist works", A(U_SPEC2, ROLE_SPECIALIST, DNLD, "DNLD"), WORK, ACCESS_OK},
	/* Another department: nothing (the hole of issue 10). */
	{"other specialist reads", A(U_OTHER, ROLE_SPECIALIST, QLDT, "QLDT"), READ,
	 ACCESS_E_NOT_HANDLING},
	{"other head stops", A(U_OTHER, ROLE_HEAD, QLDT, "QLDT"), ACT(WF_STOP),
	 ACCESS_E_NOT_HANDLING},
	{"other specialist extends", A(U_OTHER, ROLE_SPECIALIST, QLDT, "QLDT"),
	 ACT(WF_REQUEST_EXTENSION), ACCESS_E_NOT_HANDLING},
	{"other receiver withdraws", A(U_OTHER, ROLE_RECEIVER, QLDT, "QLDT"), ACT(WF_WITHDRAW),
	 ACCESS_E_NOT_HANDLING},
	{"other receiver works", A(U_OTHER, ROLE_RECEIVER, QLDT, "QLDT"), WORK,
	 ACCESS_E_NOT_HANDLING},
	{"specialist without unit", A(U_OTHER, ROLE_SPECIALIST, 0, NULL), READ,
	 ACCESS_E_NOT_HANDLING},
	/* The receiving desk: reads; acts only for the applicant at the desk. */
	{"desk reads", A(21, ROLE_RECEIVER, VP, "VP"), READ, ACCESS_OK},
	{"desk withdraws", A(21, ROLE_RECEIVER, VP, "VP"), ACT(WF_WITHDRAW), ACCESS_OK},
	{"desk records a payment", A(21, ROLE_RECEIVER, VP, "VP"), ACT(WF_RECORD_PAYMENT),
	 ACCESS_OK},
	{"desk asks a supplement", A(21, ROLE_RECEIVER, VP, "VP"), ACT(WF_REQUEST_SUPPLEMENT),
	 ACCESS_E_NOT_HANDLING},
	{"desk transfers", A(21, ROLE_RECEIVER, VP, "VP"), ACT(WF_TRANSFER), ACCESS_E_NOT_HANDLING},
	/* Units of a later step read; the leader's unit works too (leader). */
	{"BQL officer reads", A(22, ROLE_SPECIALIST, BQL, "BQL"), READ, ACCESS_OK},
	{"BQL officer works", A(22, ROLE_SPECIALIST, BQL, "BQL"), WORK, ACCESS_E_NOT_HANDLING},
	/* Who took part reads, wherever they are now. */
	{"former handler reads", A(U_DESK, ROLE_RECEIVER, QLDT, "QLDT"), READ, ACCESS_OK},
	{"former handler acts", A(U_DESK, ROLE_RECEIVER, QLDT, "QLDT"), ACT(WF_WITHDRAW),
	 ACCESS_E_NOT_HANDLING},
	/* Staff roles with administration too: the staff role decides. */
	{"admin and head", A(U_HEAD, ROLE_ADMIN | ROLE_HEAD, DNLD, "DNLD"), ACT(WF_STOP),
	 ACCESS_OK},
};

static void test_cases(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < N_ELEMENTS(cases); i++) {
		int got = access_dossier(&cases[i].who, &at_specialist, cases[i].need,
					 cases[i].action);
		if (got != cases[i].expected) {
			fprintf(stderr, "%s: got %s, expected %s\n", cases[i].what,
				access_error_text(got), access_error_text(cases[i].expected));
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* A procedure without steps: the processing unit holds the dossier. */
static void test_no_steps(void **state)
{
	(void)state;
	struct access_dossier d = {.receiving_unit_id = VP, .processing_unit_id = DNLD};
	struct access_actor spec = {5, ROLE_SPECIALIST, DNLD, "DNLD"};
	struct access_actor other = {6, ROLE_SPECIALIST, QLDT, "QLDT"};
	assert_int_equal(access_dossier(&spec, &d, ACCESS_ACT, WF_REQUEST_EXTENSION), ACCESS_OK);
	assert_int_equal(access_dossier(&other, &d, ACCESS_ACT, WF_REQUEST_EXTENSION),
			 ACCESS_E_NOT_HANDLING);
}

/* Acting is never wider than reading, for any action and any actor. */
static void test_act_implies_read(void **state)
{
	(void)state;
	static const unsigned roles[] = {ROLE_ADMIN,  ROLE_RECEIVER, ROLE_SPECIALIST, ROLE_HEAD,
					 ROLE_LEADER, ROLE_OFFICE,   ROLE_CITIZEN};
	static const int64_t units[] = {0, BQL, VP, QLDT, DNLD};
	static const char *const codes[] = {NULL, "BQL", "VP", "QLDT", "DNLD"};
	static const int64_t ids[] = {U_DESK, U_SPEC, U_OTHER, U_CITIZEN};
	for (size_t r = 0; r < N_ELEMENTS(roles); r++)
		for (size_t u = 0; u < N_ELEMENTS(units); u++)
			for (size_t i = 0; i < N_ELEMENTS(ids); i++) {
				struct access_actor who = {ids[i], roles[r], units[u], codes[u]};
				bool reads = access_dossier(&who, &at_specialist, ACCESS_READ,
							    WF_NACTIONS) == ACCESS_OK;
				for (int a = 0; a < WF_NACTIONS; a++)
					if (access_dossier(&who, &at_specialist, ACCESS_ACT,
							   (enum wf_action)a) == ACCESS_OK)
						assert_true(reads);
				if (access_dossier(&who, &at_specialist, ACCESS_WORK,
						   WF_NACTIONS) == ACCESS_OK)
					assert_true(reads);
			}
}

/* An organisation owns by its tax code, a branch's written either way; a
 * dossier without an owner named is its applicant's. */
static void test_owner_organisation(void **state)
{
	(void)state;
	struct access_dossier d = {.applicant_user_id = U_CITIZEN,
				   .owner_kind = "organisation",
				   .owner_tax_code = "0101234565-001",
				   .receiving_unit_id = VP,
				   .processing_unit_id = DNLD,
				   .received = true};
	struct access_actor branch = V(33, "organisation", "0101234565001");
	struct access_actor parent = V(34, "organisation", "0101234565");
	assert_int_equal(access_dossier(&branch, &d, ACCESS_READ, WF_NACTIONS), ACCESS_OK);
	assert_int_equal(access_dossier(&parent, &d, ACCESS_READ, WF_NACTIONS),
			 ACCESS_E_NOT_APPLICANT);
	d.owner_tax_code = "0101234567-001"; /* a wrong check digit matches nobody */
	struct access_actor bad = V(35, "organisation", "0101234567001");
	assert_int_equal(access_dossier(&bad, &d, ACCESS_READ, WF_NACTIONS),
			 ACCESS_E_NOT_APPLICANT);
}

/* The account that submitted a dossier as a number verified since for
 * another account (the desk moved the verification) loses it; the dossier
 * follows the number to the account now verified for it, which acts on it
 * as its applicant. What another account submitted reaches the owner only
 * once received at the desk (stranger report F8, F17). */
static void test_applicant_moves(void **state)
{
	(void)state;
	struct access_dossier d = {.applicant_user_id = U_CITIZEN,
				   .owner_kind = "person",
				   .owner_id_number = "001090012345",
				   .applicant_kind = "person",
				   .applicant_id_number = "001090012345",
				   .applicant_holder_id = U_CITIZEN,
				   .receiving_unit_id = VP,
				   .processing_unit_id = DNLD,
				   .step_unit_id = VP,
				   .root_id = BQL};
	struct access_actor old = V(U_CITIZEN, NULL, NULL);
	struct access_actor moved = V(36, "person", "001090012345");
	/* Submitted, the number verified for its account: the owner is the applicant. */
	assert_int_equal(access_dossier(&old, &d, ACCESS_ACT, WF_WITHDRAW), ACCESS_OK);
	assert_int_equal(access_dossier(&moved, &d, ACCESS_READ, WF_NACTIONS),
			 ACCESS_E_NOT_APPLICANT);
	/* Nobody verified for the number: the claimant who submitted keeps it. */
	d.applicant_holder_id = 0;
	assert_int_equal(access_dossier(&old, &d, ACCESS_WORK, WF_NACTIONS), ACCESS_OK);
	/* Moved to account 36: the old account has nothing; 36 waits for the desk. */
	d.applicant_holder_id = 36;
	assert_int_equal(access_dossier(&old, &d, ACCESS_READ, WF_NACTIONS),
			 ACCESS_E_NOT_APPLICANT);
	assert_int_equal(access_dossier(&old, &d, ACCESS_ACT, WF_WITHDRAW), ACCESS_E_NOT_APPLICANT);
	assert_int_equal(access_dossier(&moved, &d, ACCESS_READ, WF_NACTIONS),
			 ACCESS_E_NOT_APPLICANT);
	d.received = true;
	assert_int_equal(access_dossier(&old, &d, ACCESS_READ, WF_NACTIONS),
			 ACCESS_E_NOT_APPLICANT);
	assert_int_equal(access_dossier(&moved, &d, ACCESS_READ, WF_NACTIONS), ACCESS_OK);
	assert_int_equal(access_dossier(&moved, &d, ACCESS_WORK, WF_NACTIONS), ACCESS_OK);
	assert_int_equal(access_dossier(&moved, &d, ACCESS_ACT, WF_WITHDRAW), ACCESS_OK);

	/* A representative's dossier for an owner: the owner reads it once received. */
	struct access_dossier r = {.applicant_user_id = 37,
				   .owner_kind = "person",
				   .owner_id_number = "001090012345",
				   .applicant_kind = "person",
				   .applicant_id_number = "001099013579",
				   .receiving_unit_id = VP,
				   .processing_unit_id = DNLD,
				   .root_id = BQL};
	assert_int_equal(access_dossier(&moved, &r, ACCESS_READ, WF_NACTIONS),
			 ACCESS_E_NOT_APPLICANT);
	struct access_actor rep = V(37, NULL, NULL);
	assert_int_equal(access_dossier(&rep, &r, ACCESS_ACT, WF_WITHDRAW), ACCESS_OK);
	r.received = true;
	assert_int_equal(access_dossier(&moved, &r, ACCESS_READ, WF_NACTIONS), ACCESS_OK);
	assert_int_equal(access_dossier(&moved, &r, ACCESS_ACT, WF_WITHDRAW), ACCESS_E_OWNER_READS);
	/* Received at the desk (no account submitted it): its owner reads it at once. */
	struct access_dossier desk = {.owner_kind = "person",
				      .owner_id_number = "001090012345",
				      .receiving_unit_id = VP,
				      .processing_unit_id = DNLD};
	assert_int_equal(access_dossier(&moved, &desk, ACCESS_READ, WF_NACTIONS), ACCESS_OK);
}

/* Receiving: at the procedure's receiving unit (VP) or a desk above it
 * (BQL); not at a department, without a unit, or in another role. */
static void test_receive(void **state)
{
	(void)state;
	static const int64_t desks[] = {VP, BQL};
	static const struct {
		const char *what;
		struct access_actor who;
		int expected;
	} rc[] = {
		{"desk", A(21, ROLE_RECEIVER, VP, "VP"), ACCESS_OK},
		{"board desk", A(21, ROLE_RECEIVER, BQL, "BQL"), ACCESS_OK},
		{"department desk", A(21, ROLE_RECEIVER, DNLD, "DNLD"), ACCESS_E_NOT_DESK},
		{"other department", A(21, ROLE_RECEIVER, QLDT, "QLDT"), ACCESS_E_NOT_DESK},
		{"no unit", A(21, ROLE_RECEIVER, 0, NULL), ACCESS_E_NOT_DESK},
		{"specialist of the desk", A(21, ROLE_SPECIALIST, VP, "VP"), ACCESS_E_NOT_DESK},
		{"admin", A(1, ROLE_ADMIN, VP, "VP"), ACCESS_E_NO_PERSONAL_DATA},
		{"citizen", A(U_CITIZEN, ROLE_CITIZEN, 0, NULL), ACCESS_E_NOT_DESK},
	};
	for (size_t i = 0; i < N_ELEMENTS(rc); i++) {
		int got = access_receive(&rc[i].who, desks, N_ELEMENTS(desks));
		if (got != rc[i].expected)
			fprintf(stderr, "%s: got %s\n", rc[i].what, access_error_text(got));
		assert_int_equal(got, rc[i].expected);
	}
	/* Accepting an online dossier received at VP: the same desks. */
	struct access_dossier d = {.applicant_user_id = U_CITIZEN,
				   .receiving_unit_id = VP,
				   .processing_unit_id = DNLD,
				   .step_unit_id = VP,
				   .process_units = process,
				   .nprocess_units = 5,
				   .desks = desks,
				   .ndesks = N_ELEMENTS(desks)};
	struct access_actor board = A(21, ROLE_RECEIVER, BQL, "BQL");
	struct access_actor dept = A(22, ROLE_RECEIVER, DNLD, "DNLD");
	assert_int_equal(access_dossier(&board, &d, ACCESS_ACT, WF_ACCEPT), ACCESS_OK);
	assert_int_equal(access_dossier(&dept, &d, ACCESS_ACT, WF_ACCEPT), ACCESS_E_NOT_DESK);
	d.desks = NULL; /* not known: the receiving unit alone */
	assert_int_equal(access_dossier(&board, &d, ACCESS_ACT, WF_ACCEPT), ACCESS_E_NOT_DESK);
}

static void test_unit_book(void **state)
{
	(void)state;
	struct access_actor desk = {1, ROLE_RECEIVER, VP, "VP"};
	struct access_actor office = L(2, ROLE_OFFICE, VP, "VP", BQL);
	struct access_actor admin = {3, ROLE_ADMIN, VP, "VP"};
	assert_int_equal(access_unit_book(&desk, VP, BQL), ACCESS_OK);
	assert_int_equal(access_unit_book(&desk, QLDT, BQL), ACCESS_E_NOT_HANDLING);
	assert_int_equal(access_unit_book(&office, QLDT, BQL), ACCESS_OK);
	assert_int_equal(access_unit_book(&office, VP2, VP2), ACCESS_E_NOT_HANDLING);
	assert_int_equal(access_unit_book(&admin, VP, BQL), ACCESS_E_NO_PERSONAL_DATA);
}

/* The statistics of a unit (issue 12): a head their own unit only, leaders
 * and the office their agency, administrators any (counts, no names). */
static void test_unit_stats(void **state)
{
	(void)state;
	struct access_actor head = {1, ROLE_HEAD, QLDT, "QLDT"};
	struct access_actor desk = {4, ROLE_RECEIVER, VP, "VP"};
	struct access_actor leader = L(2, ROLE_LEADER, VP, "VP", BQL);
	struct access_actor admin = {3, ROLE_ADMIN, 0, NULL};
	assert_int_equal(access_unit_stats(&head, QLDT, BQL), ACCESS_OK);
	assert_int_equal(access_unit_stats(&head, VP, BQL), ACCESS_E_NOT_HANDLING);
	assert_int_equal(access_unit_stats(&head, BQL, BQL), ACCESS_E_NOT_HANDLING);
	assert_int_equal(access_unit_stats(&desk, VP, BQL), ACCESS_E_NOT_HANDLING);
	assert_int_equal(access_unit_stats(&leader, QLDT, BQL), ACCESS_OK);
	assert_int_equal(access_unit_stats(&leader, BQL, BQL), ACCESS_OK);
	assert_int_equal(access_unit_stats(&leader, VP2, VP2), ACCESS_E_NOT_HANDLING);
	assert_int_equal(access_unit_stats(&admin, VP2, VP2), ACCESS_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_no_steps),
		cmocka_unit_test(test_act_implies_read),
		cmocka_unit_test(test_owner_organisation),
		cmocka_unit_test(test_applicant_moves),
		cmocka_unit_test(test_receive),
		cmocka_unit_test(test_unit_book),
		cmocka_unit_test(test_unit_stats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
