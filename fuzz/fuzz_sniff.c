/* libFuzzer target: the content-type check of uploads (blob/sniff.c).
 *
 * The whole input is an uploaded file; its first line is also tried as a
 * declared Content-Type. Properties: the reason is SNIFF_OK exactly when a
 * type was found, every type has a name, MIME type and extension, and the
 * MIME type and the name of a type parse back to that type. Layer: fuzz
 * (not part of the program).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob/blob.h"

static void need(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_sniff: property broken: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum blob_sniff_why why = SNIFF_OK;
	enum blob_type t = blob_sniff(data, size, &why);
	need(t >= BLOB_T_UNKNOWN && t < BLOB_NTYPES, "type in range");
	need((why == SNIFF_OK) == (t != BLOB_T_UNKNOWN), "a reason exactly when refused");
	need(size > 0 || why == SNIFF_EMPTY, "empty is said to be empty");
	need(blob_sniff(data, size, NULL) == t, "same answer without a reason");
	const char *mime = blob_type_mime(t), *name = blob_type_name(t), *ext = blob_type_ext(t);
	need(mime && name && ext && *mime && *name && *ext, "names are set");
	if (t != BLOB_T_UNKNOWN) {
		need(blob_type_parse(mime) == t, "MIME type parses back");
		need(blob_type_parse(name) == t, "name parses back");
	}
	/* The first line as a declared Content-Type (a C string, as MHD gives it). */
	size_t n = 0;
	while (n < size && data[n] != '\n' && data[n] != 0)
		n++;
	char *declared = xstrndup((const char *)data, n);
	enum blob_type d = blob_type_parse(declared);
	need(d >= BLOB_T_UNKNOWN && d < BLOB_NTYPES, "declared type in range");
	free(declared);
	return 0;
}
