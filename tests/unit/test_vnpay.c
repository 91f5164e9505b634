/* The VNPAY 2.1.0 protocol (core/vnpay.c) and its HMAC-SHA512
 * (pki/pki_hmac.c) against known vectors. The payment address, the querydr
 * and the refund request below were produced by the npm `vnpay` package
 * (2.5.0) for the same inputs, and each hash checked with
 *   printf '%s' DATA | openssl dgst -sha512 -hmac SECRETKEY0123456789ABCDEFGHIJKLM
 * so the signing rules (sorting, form encoding: space '+', '~' %7E, '*'
 * kept, '!' %21; the pipe-joined API texts) agree with the reference. */
#include <stdio.h>
#include <string.h>

#include "core/vnpay.h"
#include "pki/pki.h"
#include "test_helpers.h"

#define SECRET "SECRETKEY0123456789ABCDEFGHIJKLM"
/* 2026-12-06 21:45:00 GMT+7 */
#define CREATE_MS INT64_C(1796568300000)

static const char pay_query[] =
	"vnp_Amount=60000000&vnp_Command=pay&vnp_CreateDate=20261206214500&vnp_CurrCode=VND"
	"&vnp_ExpireDate=20261206220000&vnp_IpAddr=127.0.0.1&vnp_Locale=vn"
	"&vnp_OrderInfo=Thanh+toan+ho+so+000.00.00.H42-261206-0001+%28le+phi%29+100%25+%7E*%21"
	"&vnp_OrderType=other"
	"&vnp_ReturnUrl=http%3A%2F%2F127.0.0.1%3A8080%2Fapi%2Fv1%2Fpayments%2Fvnpay%2Freturn"
	"&vnp_TmnCode=MOTCUA01&vnp_TxnRef=P000042-1&vnp_Version=2.1.0";
static const char pay_hash[] = "e0c407ec20d0c6b1b03b9cd1f3547d3112cc70989d85768bdf80d3737abd3e33"
			       "79da206a3b6319f60b8f76dc74284053aa54629a66c0009204376679f4f88675";

static void hmac(const char *data, char out[PKI_HMAC512_HEX])
{
	assert_int_equal(pki_hmac_sha512_hex(SECRET, strlen(SECRET), data, strlen(data), out), 0);
}

static void pay_address(void **state)
{
	(void)state;
	struct vnpay_order o = {
		.tmn_code = "MOTCUA01",
		.txn_ref = "P000042-1",
		.order_info = "Thanh toan ho so 000.00.00.H42-261206-0001 (le phi) 100% ~*!",
		.return_url = "http://127.0.0.1:8080/api/v1/payments/vnpay/return",
		.ip_addr = "127.0.0.1",
		.amount = 600000,
		.create_ms = CREATE_MS,
		.expire_ms = CREATE_MS + 15 * 60 * 1000,
	};
	struct vnpay_params p;
	struct buf q = BUF_INIT, url = BUF_INIT;
	char h[PKI_HMAC512_HEX];
	buf_init(&q);
	buf_init(&url);
	assert_int_equal(vnpay_pay_params(&o, &p), VNPAY_OK);
	vnpay_sign_data(&p, &q);
	assert_string_equal(buf_str(&q), pay_query);
	hmac(buf_str(&q), h);
	assert_string_equal(h, pay_hash);
	vnpay_url(&url, "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html", buf_str(&q), h);
	assert_non_null(strstr(buf_str(&url), "vpcpay.html?vnp_Amount=60000000&"));
	assert_non_null(strstr(buf_str(&url), "&vnp_SecureHash=e0c407ec"));
	vnpay_params_release(&p);

	/* The address parsed back (what the gateway and an IPN see) signs
	 * the same text, and the hash and hash type are not part of it. */
	const char *query = strchr(buf_str(&url), '?') + 1;
	struct vnpay_params back;
	assert_int_equal(vnpay_parse_query(query, &back), VNPAY_OK);
	assert_string_equal(vnpay_params_get(&back, "vnp_OrderInfo"), o.order_info);
	assert_int_equal(vnpay_params_add(&back, "vnp_SecureHashType", "HmacSHA512"), VNPAY_OK);
	buf_reset(&q);
	vnpay_sign_data(&back, &q);
	assert_string_equal(buf_str(&q), pay_query);
	assert_true(vnpay_hash_equal(vnpay_params_get(&back, "vnp_SecureHash"), pay_hash));
	vnpay_params_release(&back);
	buf_release(&q);
	buf_release(&url);
}

static void refusals(void **state)
{
	(void)state;
	struct vnpay_order o = {
		.tmn_code = "T",
		.txn_ref = "R",
		.order_info = "x",
		.return_url = "u",
		.ip_addr = "1",
		.amount = 0,
		.create_ms = 0,
		.expire_ms = 1,
	};
	struct vnpay_params p;
	assert_int_equal(vnpay_pay_params(&o, &p), VNPAY_EAMOUNT);
	o.amount = VNPAY_MAX_AMOUNT + 1;
	assert_int_equal(vnpay_pay_params(&o, &p), VNPAY_EAMOUNT);
	o.amount = 1;
	o.order_info = "Lệ phí"; /* VNPAY wants ASCII without tone marks */
	assert_int_equal(vnpay_pay_params(&o, &p), VNPAY_EVALUE);
	o.order_info = "";
	assert_int_equal(vnpay_pay_params(&o, &p), VNPAY_EMISSING);

	vnpay_params_init(&p);
	assert_int_equal(vnpay_params_add(&p, "amount", "1"), VNPAY_EKEY);
	assert_int_equal(vnpay_params_add(&p, "vnp_", "1"), VNPAY_EKEY);
	assert_int_equal(vnpay_params_add(&p, "vnp_A-b", "1"), VNPAY_EKEY);
	assert_int_equal(vnpay_params_add(&p, "vnp_A", "a\nb"), VNPAY_EVALUE);
	assert_int_equal(vnpay_params_add(&p, "vnp_A", "\xff"), VNPAY_EVALUE);
	assert_int_equal(vnpay_params_add(&p, "vnp_A", "1"), VNPAY_OK);
	assert_int_equal(vnpay_params_add(&p, "vnp_A", "2"), VNPAY_EDUP);
	char key[16];
	for (int i = 1; i < VNPAY_MAX_PARAMS; i++) {
		snprintf(key, sizeof key, "vnp_K%d", i);
		assert_int_equal(vnpay_params_add(&p, key, "v"), VNPAY_OK);
	}
	assert_int_equal(vnpay_params_add(&p, "vnp_Z", "v"), VNPAY_ETOOMANY);
	vnpay_params_release(&p);

	char big[VNPAY_MAX_VALUE + 2];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	vnpay_params_init(&p);
	assert_int_equal(vnpay_params_add(&p, "vnp_A", big), VNPAY_EVALUE);
	/* Malformed queries: a bad escape, a NUL, a duplicate; other names
	 * are skipped. */
	assert_int_equal(vnpay_parse_query("vnp_A=%zz", &p), VNPAY_EVALUE);
	assert_int_equal(vnpay_parse_query("vnp_A=%4", &p), VNPAY_EVALUE);
	assert_int_equal(vnpay_parse_query("vnp_A=a%00b", &p), VNPAY_EVALUE);
	assert_int_equal(vnpay_parse_query("vnp_A=1&vnp_A=2", &p), VNPAY_EDUP);
	assert_int_equal(vnpay_parse_query("x=1&vnp_A=a+b%2B&&y", &p), VNPAY_OK);
	assert_int_equal(p.n, 1);
	assert_string_equal(vnpay_params_get(&p, "vnp_A"), "a b+");
	vnpay_params_release(&p);
}

static void hashes(void **state)
{
	(void)state;
	char upper[VNPAY_HASH_HEX];
	for (size_t i = 0; i < sizeof upper; i++)
		upper[i] = (char)(pay_hash[i] >= 'a' ? pay_hash[i] - 32 : pay_hash[i]);
	assert_true(vnpay_hash_equal(pay_hash, upper));
	char other[VNPAY_HASH_HEX];
	memcpy(other, pay_hash, sizeof other);
	other[100] = other[100] == '0' ? '1' : '0';
	assert_false(vnpay_hash_equal(pay_hash, other));
	assert_false(vnpay_hash_equal(pay_hash, NULL));
	assert_false(vnpay_hash_equal(pay_hash, "e0c4"));
	other[100] = 'g';
	assert_false(vnpay_hash_equal(other, other));
	char h[PKI_HMAC512_HEX];
	assert_int_equal(pki_hmac_sha512_hex("", 0, "x", 1, h), PKI_EINVAL);
}

static void times(void **state)
{
	(void)state;
	char s[VNPAY_TIME_LEN];
	vnpay_time_format(CREATE_MS, s);
	assert_string_equal(s, "20261206214500");
	vnpay_time_format(CREATE_MS + 2 * 3600 * 1000 + 15 * 60 * 1000 + 999, s);
	assert_string_equal(s, "20261207000000"); /* midnight in Hà Nội, 17:00 UTC */
	int64_t ms;
	assert_int_equal(vnpay_time_parse("20261206214500", &ms), VNPAY_OK);
	assert_int_equal(ms, CREATE_MS);
	assert_int_equal(vnpay_time_parse("20260229120000", &ms), VNPAY_ETIME);
	assert_int_equal(vnpay_time_parse("20261306120000", &ms), VNPAY_ETIME);
	assert_int_equal(vnpay_time_parse("2026120612000", &ms), VNPAY_ETIME);
	assert_int_equal(vnpay_time_parse("2026120612000x", &ms), VNPAY_ETIME);
	assert_int_equal(vnpay_time_parse("20261206240000", &ms), VNPAY_ETIME);
}

static void outcomes(void **state)
{
	(void)state;
	struct vnpay_params p;
	struct vnpay_outcome o;
	assert_int_equal(vnpay_parse_query("vnp_Amount=60000000&vnp_ResponseCode=00"
					   "&vnp_TransactionStatus=00&vnp_TxnRef=P1"
					   "&vnp_TransactionNo=14226112&vnp_BankCode=NCB",
					   &p),
			 VNPAY_OK);
	assert_int_equal(vnpay_outcome_read(&p, &o), VNPAY_OK);
	assert_true(o.paid);
	assert_int_equal(o.amount, 600000);
	assert_string_equal(o.txn_ref, "P1");
	assert_string_equal(o.transaction_no, "14226112");
	vnpay_params_release(&p);

	static const struct {
		const char *q;
		int rc;
		bool paid;
	} cases[] = {
		{"vnp_Amount=100&vnp_ResponseCode=24&vnp_TxnRef=P", VNPAY_OK, false},
		{"vnp_Amount=100&vnp_ResponseCode=00&vnp_TransactionStatus=02&vnp_TxnRef=P",
		 VNPAY_OK, false},
		{"vnp_Amount=100&vnp_ResponseCode=00&vnp_TxnRef=P", VNPAY_OK, true},
		{"vnp_Amount=150&vnp_ResponseCode=00&vnp_TxnRef=P", VNPAY_EAMOUNT, false},
		{"vnp_Amount=-100&vnp_ResponseCode=00&vnp_TxnRef=P", VNPAY_EAMOUNT, false},
		{"vnp_Amount=1e5&vnp_ResponseCode=00&vnp_TxnRef=P", VNPAY_EAMOUNT, false},
		{"vnp_Amount=100&vnp_ResponseCode=00", VNPAY_EMISSING, false},
		{"vnp_ResponseCode=00&vnp_TxnRef=P", VNPAY_EMISSING, false},
	};
	for (size_t i = 0; i < N_ELEMENTS(cases); i++) {
		assert_int_equal(vnpay_parse_query(cases[i].q, &p), VNPAY_OK);
		int rc = vnpay_outcome_read(&p, &o);
		if (rc != cases[i].rc || (rc == 0 && o.paid != cases[i].paid))
			fail_msg("%s: rc %d paid %d", cases[i].q, rc, o.paid);
		vnpay_params_release(&p);
	}
}

static void api_requests(void **state)
{
	(void)state;
	struct vnpay_api_request r = {
		.request_id = "REQ1",
		.tmn_code = "MOTCUA01",
		.txn_ref = "P000042-1",
		.order_info = "Truy van P000042-1",
		.ip_addr = "127.0.0.1",
		.transaction_date = "20261206214500",
		.now_ms = CREATE_MS + 75 * 60 * 1000, /* 23:00 */
	};
	struct vnpay_params p;
	struct buf d = BUF_INIT;
	char h[PKI_HMAC512_HEX];
	buf_init(&d);
	assert_int_equal(vnpay_api_request(&r, false, &p), VNPAY_OK);
	vnpay_pipe_data(&p, VNPAY_QUERYDR_REQUEST, &d);
	assert_string_equal(buf_str(&d), "REQ1|2.1.0|querydr|MOTCUA01|P000042-1|20261206214500|"
					 "20261206230000|127.0.0.1|Truy van P000042-1");
	hmac(buf_str(&d), h);
	assert_string_equal(h, "68d86a010c725aedb3e24d93143a6e51f948bab7c93ef9e9e0339dc0e2600efc"
			       "9bce016974a826ac2a73435bad58b3ba3ef4b032f8ab9f50c3f8cab708108ad8");
	vnpay_params_release(&p);

	r.request_id = "REQ2";
	r.order_info = "Hoan tien P000042-1";
	r.transaction_no = "14226112";
	r.create_by = "motcua";
	r.amount = 600000;
	assert_int_equal(vnpay_api_request(&r, true, &p), VNPAY_OK);
	buf_reset(&d);
	vnpay_pipe_data(&p, VNPAY_REFUND_REQUEST, &d);
	assert_string_equal(buf_str(&d),
			    "REQ2|2.1.0|refund|MOTCUA01|02|P000042-1|60000000|14226112|"
			    "20261206214500|motcua|20261206230000|127.0.0.1|"
			    "Hoan tien P000042-1");
	hmac(buf_str(&d), h);
	assert_string_equal(h, "09c3a5d3f58c57712a3abfaf7441d151a0fbf01877a35730ea6c28dd4fd97004"
			       "e81846573122963ab0b87dde0dc24ff6d4bc14ce862c5ffb145c92c70a41e8d3");
	vnpay_params_release(&p);

	r.create_by = NULL;
	assert_int_equal(vnpay_api_request(&r, true, &p), VNPAY_EMISSING);
	r.create_by = "motcua";
	r.transaction_date = "2026";
	assert_int_equal(vnpay_api_request(&r, true, &p), VNPAY_ETIME);

	/* The answers: querydr's fifteen fields, refund's thirteen. */
	assert_int_equal(vnpay_parse_query("vnp_ResponseId=R&vnp_Command=querydr"
					   "&vnp_ResponseCode=00&vnp_Message=OK&vnp_TmnCode=T"
					   "&vnp_TxnRef=P&vnp_Amount=100&vnp_TransactionStatus=00"
					   "&vnp_PromotionAmount=5",
					   &p),
			 VNPAY_OK);
	buf_reset(&d);
	vnpay_pipe_data(&p, VNPAY_QUERYDR_ANSWER, &d);
	assert_string_equal(buf_str(&d), "R|querydr|00|OK|T|P|100|||||00|||5");
	buf_reset(&d);
	vnpay_pipe_data(&p, VNPAY_REFUND_ANSWER, &d);
	assert_string_equal(buf_str(&d), "R|querydr|00|OK|T|P|100|||||00|");
	vnpay_params_release(&p);
	buf_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pay_address), cmocka_unit_test(refusals),
		cmocka_unit_test(hashes),      cmocka_unit_test(times),
		cmocka_unit_test(outcomes),    cmocka_unit_test(api_requests),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
