/* A feedback item (phản ánh, kiến nghị; issue 14) as repo and svc pass it.
 *
 * Layer: model: plain structs, no functions, no includes beyond libc.
 * Strings are borrowed or from the arena of whoever filled the struct.
 */
#ifndef MOTCUA_MODEL_FEEDBACK_H
#define MOTCUA_MODEL_FEEDBACK_H

#include <stdbool.h>
#include <stdint.h>

struct feedback {
	int64_t id;
	const char *code;
	int64_t code_day, code_seq;
	const char *key_hash; /* SHA-256 hex of the tracking key */
	const char *channel, *state, *category;
	const char *sender_name, *sender_email, *sender_phone, *sender_address;
	int64_t sender_user_id; /* 0 = none */
	bool private_, personal_data;
	const char *subject, *content;
	const char *published_content; /* "" = the content as sent is published */
	int64_t dossier_id;	       /* 0 = none */
	const char *dossier_code;      /* read only: the linked dossier's code, "" if none */
	/* The link counts against the dossier (766.5.4): its applicant sent
	 * it, the desk recorded it or the Office confirmed it. */
	bool dossier_confirmed;
	const char *procedure_code, *field;
	int64_t unit_id;       /* the unit in charge, 0 until assigned */
	const char *unit_code; /* read only */
	const char *answer;
	int64_t received_at; /* the first receipt */
	int64_t raised_at;   /* the current round's start if raised again, else 0 */
	int64_t refuse_due_at, info_due_at, answer_due_at;
	int64_t paused_at; /* 0 = the clock runs */
	bool info_requested;
	int64_t answered_at, publish_due_at, published_at; /* 0 = not yet */
	const char *rating;				   /* "", satisfied, dissatisfied */
	int64_t reraised;
	bool late; /* a deadline of this item was missed */
	int64_t created_by;
	int64_t nevents;
	const char *last_hash;
	int64_t updated_at;
};

/* Filters of the staff's list and of the public page. */
struct feedback_filter {
	const char *state; /* NULL = any */
	/* Both 0: any item; else those assigned to unit_id or recorded by
	 * created_by (-1: none). */
	int64_t unit_id, created_by;
	bool published_only;	    /* the public page */
	const char *q;		    /* words in subject, content or answer; NULL = any */
	const char *procedure_code; /* NULL = any */
	const char *field;	    /* folded, a run inside the field; NULL = any */
	int64_t sender_user_id;	    /* the items this account sent (newest first); 0 = any */
	int64_t limit, offset;
};

#endif
