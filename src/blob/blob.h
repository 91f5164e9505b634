/* The file store: every file motcua keeps (uploads, scans, results,
 * signatures) is stored once under the lower-case hex SHA-256 of its bytes,
 * so that the same document reused by ten dossiers costs one copy and the
 * name itself proves the content. struct blob_store is an interface (a
 * table of functions and the implementation's state) so that a shared or
 * object store can replace the local folder later without touching callers;
 * blob_fs_open() is the local-folder implementation.
 *
 * Layer: blob. A store may be shared by all request threads: every
 * operation is thread-safe (the local store writes through a unique temp
 * file, fsyncs it, renames it into place and fsyncs the folder, so a crash
 * leaves either the whole file or nothing, and two writers of the same
 * content both succeed).
 *
 * Also here: blob_sniff(), the content-type check of uploads (pure).
 */
#ifndef MOTCUA_BLOB_BLOB_H
#define MOTCUA_BLOB_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define BLOB_HEX 64

enum blob_status {
	BLOB_OK = 0,
	BLOB_NOT_FOUND = -1, /* no file with this hash */
	BLOB_IO = -2,	     /* the disk failed; errno-based message in the log */
	BLOB_TOO_LARGE = -3, /* larger than the caller's cap */
	BLOB_BAD_NAME = -4,  /* not 64 lower-case hex digits */
	BLOB_CORRUPT = -5,   /* stored bytes no longer hash to their name */
	BLOB_FRESH = 1,	     /* blob_remove_older(): kept, written or freshened since */
};

struct blob_store;

/* The interface an implementation fills. All strings are borrowed. */
struct blob_store_ops {
	/* Stores data, writes its hash (65 bytes with NUL) to hex. */
	int (*put)(struct blob_store *s, const void *data, size_t len, char *hex);
	/* Appends the content to out; BLOB_TOO_LARGE if larger than max. */
	int (*get)(struct blob_store *s, const char *hex, size_t max, struct buf *out);
	/* Size of a stored file. */
	int (*stat)(struct blob_store *s, const char *hex, int64_t *size);
	/* Calls fn for each stored file last written or freshened before
	 * `before` (Unix ms); fn returning < 0 stops the walk (returned). */
	int (*each_older)(struct blob_store *s, int64_t before,
			  int (*fn)(void *arg, const char *hex, int64_t size), void *arg);
	/* Removes hex unless it was written or freshened at or after `before`. */
	int (*remove_older)(struct blob_store *s, const char *hex, int64_t before);
	void (*close)(struct blob_store *s);
};

struct blob_store {
	const struct blob_store_ops *ops;
	void *impl;
};

/* Opens (creating if needed) the local store in dir/blobs. Returns 0 or
 * BLOB_IO with a message in err. *out is heap; close with blob_close(). */
int blob_fs_open(const char *dir, struct blob_store **out, char *err, size_t errlen)
	__attribute__((warn_unused_result));
/* The path of a stored file in a local store (for tools and tests);
 * written to out, NUL-terminated. 0, or BLOB_BAD_NAME. */
int blob_fs_path(const struct blob_store *s, const char *hex, char *out, size_t outlen);

/* Stores data under its hash. If a file of that name is already there, its
 * bytes are compared with data and it is written again when they differ (a
 * copy damaged on disk is repaired by uploading the same content again);
 * when they are the same, its time is freshened to now (clock_now_ms()), or
 * it is written again if that fails: a file a writer has just found, and
 * whose row it has not committed yet, is never older than the prune's grace
 * period (blob_remove_older()). */
int blob_put(struct blob_store *s, const void *data, size_t len, char hex[BLOB_HEX + 1])
	__attribute__((warn_unused_result));
/* Reads and checks the hash (BLOB_CORRUPT if the bytes were altered). */
int blob_get(struct blob_store *s, const char *hex, size_t max, struct buf *out)
	__attribute__((warn_unused_result));
int blob_stat(struct blob_store *s, const char *hex, int64_t *size)
	__attribute__((warn_unused_result));
/* The file store's garbage collection, git's rule: a file no row names is
 * removed only when nobody wrote or found it for a grace period, so that a
 * writer which found the same bytes already stored (blob_put() freshens
 * them) and has not committed its row yet keeps its file.
 * blob_each_older() walks the files last written or freshened before
 * `before` (Unix ms, by clock_now_ms()); the caller checks that no row
 * names one, then blob_remove_older() moves it aside, looks at its time
 * again (a writer may have freshened it since the walk) and deletes it
 * (BLOB_OK), or puts it back (BLOB_FRESH). A writer that freshens after
 * the move finds no file and writes it again. BLOB_NOT_FOUND if it was
 * gone. */
int blob_each_older(struct blob_store *s, int64_t before,
		    int (*fn)(void *arg, const char *hex, int64_t size), void *arg)
	__attribute__((warn_unused_result));
int blob_remove_older(struct blob_store *s, const char *hex, int64_t before)
	__attribute__((warn_unused_result));
void blob_close(struct blob_store *s);

/* SHA-256 of data as 64 lower-case hex digits (+ NUL). */
void blob_hash(const void *data, size_t len, char hex[BLOB_HEX + 1]);
bool blob_hex_valid(const char *hex);

/* ---- content types (sniff.c; pure, no I/O) ---- */
enum blob_type {
	BLOB_T_UNKNOWN = 0,
	BLOB_T_PDF,
	BLOB_T_JPEG,
	BLOB_T_PNG,
	BLOB_T_TIFF,
	BLOB_T_DOCX,
	BLOB_T_XLSX,
	BLOB_T_XML,
	BLOB_T_P7S, /* a detached CMS signature (DER), stored beside results; not uploadable */
	BLOB_NTYPES
};

/* Why a file was refused, for the error's detail. */
enum blob_sniff_why {
	SNIFF_OK = 0,
	SNIFF_EMPTY,
	SNIFF_UNKNOWN,	      /* none of the accepted types */
	SNIFF_PDF_BROKEN,     /* starts as a PDF but has no valid trailer */
	SNIFF_ZIP_NOT_OFFICE, /* a zip that is neither DOCX nor XLSX */
};

/* The type of data judged from its bytes alone. For PDF the header,
 * %%EOF and startxref are checked; for zip files the [Content_Types].xml
 * entry must declare the main part of a Word document or an Excel workbook;
 * XML must be UTF-8 starting with a declaration or an element. why (may be
 * NULL) says why the result is BLOB_T_UNKNOWN. Never reads past n. */
enum blob_type blob_sniff(const void *data, size_t n, enum blob_sniff_why *why);
/* "application/pdf"... */
const char *blob_type_mime(enum blob_type t);
/* "pdf", "jpeg"... (the API's names) */
const char *blob_type_name(enum blob_type t);
/* From a MIME type or a name; BLOB_T_UNKNOWN if neither. Parameters after
 * ';' are ignored; "image/jpg" is taken as JPEG. */
enum blob_type blob_type_parse(const char *s);
/* File name extension, without dot. */
const char *blob_type_ext(enum blob_type t);

#endif
