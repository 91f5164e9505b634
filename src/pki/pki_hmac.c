/* HMAC-SHA512, the signature of the VNPAY protocol's messages (core/vnpay.h
 * builds the text; this signs it with the merchant's secret).
 *
 * Layer: pki (the only folder that includes OpenSSL). Thread-safe.
 */
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base/text.h"
#include "pki/pki.h"

int pki_hmac_sha512_hex(const void *key, size_t key_len, const void *data, size_t len,
			char out[PKI_HMAC512_HEX])
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;
	out[0] = '\0';
	if (key_len == 0 || key_len > (size_t)INT32_MAX)
		return PKI_EINVAL;
	if (!HMAC(EVP_sha512(), key, (int)key_len, data, len, mac, &mac_len) || mac_len != 64)
		return PKI_ESIGN;
	text_hex(mac, mac_len, out);
	return PKI_OK;
}
