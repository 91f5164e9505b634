/* RS256 verification (pki/pki_jws.c), the arithmetic under the ID tokens
 * of an OpenID Connect provider: a signature made by node:crypto verifies;
 * one changed bit of the signature, of the message or of the key does not;
 * a key under 2048 bits is refused. The key and signatures were made once
 * with node:crypto (generateKeyPairSync, sign("sha256")). */
#include <string.h>

#include "pki/pki.h"
#include "test_helpers.h"

static const char N_HEX[] = "8b63a77da20dd34e0f44af4df113062a3d5835e122dd2181f5487eec9c7bebfa"
			    "4e083a367ca5115ccb5fdd8b7d25e7bcbb0706aea05f22ed32627d5a2ba3ad45"
			    "89bf7afd845b68b824927f5f5a6eaa77d0d4a0f6d46b3b50960ad89427aa2411"
			    "05e63f8c1b8dd619ca44c50f9fcbc5b69b4b97e9b750e789337f6b0e45609e4c"
			    "1a810c84f586ab850fd2a0434ecc706be6639ec0b0ee3b153081f41af5419d74"
			    "37f8f36bc1477be968e311c5fc1066dc336716d916646aaba3538483778cf57f"
			    "e26e8130b3e83364c67010f11e2a814412523a13ae4b004802eb0658df1902c1"
			    "a593609a44e5c243a79c3aca7e7a7da778232238623804eed1412f8eea3a4be1";

static const char SIG_HEX[] = "0f6ba3b428a51fe53660e23e90001bfcac956aa5c37b6e1e1e268e8bc24b87ee"
			      "3c896f85b11dd570172a041716b0aea18f3d9ec9a1a27851048168491a2ba45b"
			      "50ef61228f371e60d9d61f53f61d4e9ed2c98dc3a91b1daaaa395df4306f1e01"
			      "85cb9b3c27b55155d8def4b43bec4485b762726b37182b86271459eb94637990"
			      "3d96b484c6ceca66a9d5642a25746fe8084def852c445ee33b3929eed60f2f87"
			      "f64e7c3f5367cd6d2a7a428ee74c2c486802b26456c948465a5235a97485fdca"
			      "40b136940bc884eb066779876d5fd5b5a301e3ddc25406042d478398dfec773c"
			      "f55d378ee57a621e7fa795d608c520b721ea71bb3ffbcaa1f2c3989519a3a2df";

static const char SMALL_N_HEX[] =
	"a48304bb21ce6c89f8c1c6cd52fc421bea01798427b6e753d6f9cdca02781913"
	"69ab6763d26d8359dfa7abae8b588c2998d36359328955bb706f7c2b48bdb02a"
	"a33e97d8a26f96940d1072981530165e2ff2f1de415ac4e7ace5048fed75c284"
	"eb4bcbdec9a56ed0fe2023764cf59bc91f2546e289d85331a2c37ed00371b49f";

static const char SMALL_SIG_HEX[] =
	"9c9157193517fcf15267fcd0111d0859e796e7762e20f8e361656463d4bf3da6"
	"c9758321f23e5c6f26d00b492475edb3dfb9304f9b35467d9d8f745c5497bf1f"
	"fa7fccca623805a734c6b38c17f19340c4253ab20fce8ff09e1bcd2b37f9118b"
	"b99fa462893fe274bfc93601222219410c819f3dc0bf1a9c043ccb8af724977a";

static const char MSG[] = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0";
static const unsigned char E[] = {0x01, 0x00, 0x01};

static int nibble(char c)
{
	return c <= '9' ? c - '0' : c - 'a' + 10;
}

static size_t unhex(const char *h, unsigned char *out)
{
	size_t n = strlen(h) / 2;
	for (size_t i = 0; i < n; i++)
		out[i] = (unsigned char)(nibble(h[2 * i]) << 4 | nibble(h[2 * i + 1]));
	return n;
}

static void verifies(void **state)
{
	(void)state;
	unsigned char n[256], sig[256];
	size_t nl = unhex(N_HEX, n), sl = unhex(SIG_HEX, sig);
	assert_int_equal(pki_rs256_verify(n, nl, E, sizeof E, MSG, strlen(MSG), sig, sl), PKI_OK);
}

static void changed_bits_fail(void **state)
{
	(void)state;
	unsigned char n[256], sig[256];
	size_t nl = unhex(N_HEX, n), sl = unhex(SIG_HEX, sig);
	char msg[sizeof MSG];
	memcpy(msg, MSG, sizeof MSG);
	msg[10] ^= 1;
	assert_int_equal(pki_rs256_verify(n, nl, E, sizeof E, msg, strlen(msg), sig, sl), 1);
	sig[100] ^= 0x80;
	assert_int_equal(pki_rs256_verify(n, nl, E, sizeof E, MSG, strlen(MSG), sig, sl), 1);
	sig[100] ^= 0x80;
	n[200] ^= 1;
	assert_int_not_equal(pki_rs256_verify(n, nl, E, sizeof E, MSG, strlen(MSG), sig, sl),
			     PKI_OK);
	n[200] ^= 1;
	/* A truncated signature, or none. */
	assert_int_equal(pki_rs256_verify(n, nl, E, sizeof E, MSG, strlen(MSG), sig, sl - 1), 1);
	assert_int_equal(pki_rs256_verify(n, nl, E, sizeof E, MSG, strlen(MSG), sig, 0), 1);
}

static void small_keys_refused(void **state)
{
	(void)state;
	unsigned char n[128], sig[128];
	size_t nl = unhex(SMALL_N_HEX, n), sl = unhex(SMALL_SIG_HEX, sig);
	/* A valid signature, but by a 1024-bit key. */
	assert_int_equal(pki_rs256_verify(n, nl, E, sizeof E, MSG, strlen(MSG), sig, sl),
			 PKI_EINVAL);
	unsigned char one = 1;
	unsigned char big[256];
	size_t bl = unhex(N_HEX, big);
	assert_int_equal(pki_rs256_verify(big, bl, &one, 1, MSG, strlen(MSG), sig, sl), PKI_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(verifies),
		cmocka_unit_test(changed_bits_fail),
		cmocka_unit_test(small_keys_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
