/* The tracking book (sổ theo dõi hồ sơ, Form 07): the dossiers a unit
 * received in a period, with what the book prints of each. Layer: repo. */
#ifndef MOTCUA_REPO_REPO_BOOK_H
#define MOTCUA_REPO_REPO_BOOK_H

#include "repo/repo.h"

struct book_row {
	const char *code, *procedure; /* procedure: the version's Vietnamese name */
	int64_t sets;
	const char *owner, *address, *phone; /* the owner (else the submitter) */
	const char *officer;		     /* full name of who received it; "" if unknown */
	int64_t received_at, due_at;	     /* due_at: the original appointment */
	int64_t extended_due_at;	     /* once an extension is approved; 0: none */
	int64_t line;			     /* Form 01's number in the register; 0: none */
	int64_t transferred_at;		     /* first transfer to the next step, 0 = none */
	int64_t returned_at;		     /* 0 = not yet */
	const char *state;
	bool counts_late;
};

/* Dossiers of receiving unit unit_id received in [from_ms, to_ms), by
 * receipt time, at most limit rows (strings from a). */
int repo_book_rows(struct db *db, struct arena *a, int64_t unit_id, int64_t from_ms, int64_t to_ms,
		   int64_t limit, struct book_row **out, size_t *n)
	__attribute__((warn_unused_result));

#endif
