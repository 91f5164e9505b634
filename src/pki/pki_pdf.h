/* The PDF reader of src/pki/ (pki_pdf_parse.c), internal. Spans are
 * [start, end) pointers into the file or into a decoded object stream
 * (valid until pdf_close()). Layer: pki. */
#ifndef MOTCUA_PKI_PDF_H
#define MOTCUA_PKI_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

struct pdf_xent {
	int type; /* 0 unknown, 1 at offset a (gen b), 2 in object stream a at index b, 3 free */
	int64_t a, b;
};

struct pdf_objstm {
	int64_t num, first, n;
	struct buf data;
};

struct pdf {
	const char *p;
	size_t n;
	int64_t startxref, size;
	struct pdf_xent *x;
	int64_t nx;
	const char *trailer, *trailer_end; /* the newest trailer dictionary */
	int64_t root, root_gen;
	bool xref_stream;
	struct pdf_objstm *cache;
	size_t ncache;
	int depth;
	int64_t *visited; /* offsets of the cross-reference sections read */
	size_t nvisited;
};

/* pdf_open's answer when the request's time budget ran out (base/budget.h);
 * any other failure is -1 (the file does not parse). */
#define PDF_EBUDGET (-2)

/* Reads the cross-reference chain. Every loop and recursion is bounded: a
 * section is read once (a chain that loops fails), at most MAX_SECTIONS of
 * them, a hybrid file's /XRefStm is followed one level into a stream only.
 * Returns 0, -1 or PDF_EBUDGET. pdf_close() is needed either way. */
int pdf_open(struct pdf *pdf, const void *data, size_t n);
void pdf_close(struct pdf *pdf);
/* The value of object num. */
int pdf_object(struct pdf *pdf, int64_t num, const char **vs, const char **ve);
int64_t pdf_gen(const struct pdf *pdf, int64_t num);
/* The raw bytes of the stream whose dictionary is dict..dend. */
int pdf_stream(struct pdf *pdf, const char *dict, const char *dend, const char **data, size_t *len);

const char *pdf_skip_ws(const char *p, const char *e);
const char *pdf_skip_value(const char *p, const char *e);
/* key with its slash: "/Root". */
bool pdf_dict_get(const char *d, const char *e, const char *key, const char **vs, const char **ve);
bool pdf_parse_ref(const char *vs, const char *ve, int64_t *num, int64_t *gen);
bool pdf_parse_int(const char *vs, const char *ve, int64_t *v);
int pdf_rewrite_refs(const char *vs, const char *ve, int64_t (*map)(void *ctx, int64_t num),
		     void *ctx, struct buf *out);

#endif
