/* The seven forms of the one-stop mechanism (Decree 118/2025, Circular
 * 03/2025/TT-VPCP appendix I; DOMAIN.md section 6) rendered as A4 PDF.
 *
 * Layer: doc. The only folder that includes cairo, pango and qrencode. It
 * knows nothing of the database: callers fill the plain structs below (the
 * content DOMAIN.md lists for each form) and get PDF bytes back.
 *
 * Layout follows the administrative document format of Decree 30/2020: A4,
 * margins 20 mm top and bottom, 30 mm left, 15 mm right; Liberation Serif
 * (metric-compatible with Times New Roman, carries Vietnamese); the agency
 * block top left with "Số: …", the national motto block top right, the place
 * and date in italics under it, the title centred in bold capitals, the body
 * in 13 pt, signatures bottom right. Form 07, the tracking book, is a table on
 * landscape A4 whose header is repeated on every page.
 *
 * Conventions:
 *   - Every string is UTF-8, borrowed for the duration of the call, and
 *     printed as given (never read as markup) except where a comment says it
 *     is put in capitals. NULL or "" in an optional field leaves a dotted
 *     blank for a pen ("……"), as on the paper forms, except where a line
 *     means nothing without it (owner, code on 02/03, approval, legal basis,
 *     contact on 03): then the line is left out.
 *   - Instants are int64_t Unix milliseconds UTC and are printed in Vietnam
 *     local time (UTC+7, no daylight saving). 0 means "not set" and, like an
 *     empty string, prints a blank.
 *   - doc_render_formNN() appends the PDF to out (which must be initialised)
 *     and returns 0, or a negative enum doc_error; on error out is left as it
 *     was. Bad input is checked before anything is drawn: a required field
 *     that is NULL or empty, text that is not valid UTF-8, or a count above
 *     the caps below gives DOC_EINVAL / DOC_ERANGE.
 *   - Thread safety: every call makes its own cairo surface and pango context
 *     on the calling thread's default pango font map (per-thread since pango
 *     1.32.6), so any number of threads may render at once. The first call on
 *     a thread loads the fonts (fontconfig); later calls reuse them.
 */
#ifndef MOTCUA_DOC_FORMS_H
#define MOTCUA_DOC_FORMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#if defined(__GNUC__)
#define DOC_MUST_CHECK __attribute__((warn_unused_result))
#else
#define DOC_MUST_CHECK
#endif

enum doc_error {
	DOC_EINVAL = -1,  /* a required field missing, or text not valid UTF-8 */
	DOC_ERANGE = -2,  /* more rows / components / reasons than the caps below */
	DOC_ECAIRO = -3,  /* cairo or pango failed (out of memory, font missing) */
	DOC_EQR = -4,	  /* the tracking address does not fit a QR code */
	DOC_EBUDGET = -5, /* the request's time budget ran out (base/budget.h) */
};

/* A static English message for an enum doc_error value. */
const char *doc_strerror(int err);

/* Caps, so that input cannot make a render run away. The API layer caps
 * lower still. */
#define DOC_MAX_ITEMS	  500 /* components, reasons, recipients, hand-overs */
#define DOC_MAX_BOOK_ROWS 50000
#define DOC_MAX_TEXT	  4000 /* bytes in any one field */

/* The forms, one row each (forms_registry.c): the only place a form's
 * title is written. The renderers print title_vi; the pages show the same
 * rows (GET /api/v1/workflow). */
enum doc_signer_role {
	DOC_SIGNER_NONE,	    /* the tracking book: signed per row by the recipient */
	DOC_SIGNER_RECEIVER,	    /* the receiving officer (with the submitter) */
	DOC_SIGNER_GUIDE,	    /* the officer who guides the applicant */
	DOC_SIGNER_HEAD_AT_FAULT,   /* the head of the agency at fault (Form 04) */
	DOC_SIGNER_HEAD_PROCESSING, /* the head of the processing agency (Form 05) */
	DOC_SIGNER_EACH_HANDOVER,   /* giver and receiver of every hand-over (Form 06) */
};

struct doc_form_def {
	int number;	      /* 1..7 */
	const char *key;      /* "01".."07" */
	const char *title_vi; /* the official title, in capitals as printed */
	const char *title_en; /* for the English pages */
	enum doc_signer_role signer;
	const char *signer_title; /* printed above the signature; NULL: none */
	bool numbered;		  /* leaves the agency: "Số: …" from the register */
	const char *symbol;	  /* the kind of document in the symbol ("05/GTN-VP") */
};
#define DOC_NFORMS 7

/* The row of form number (1..7), NULL if there is none. */
const struct doc_form_def *doc_form_def(int number);
/* Its official title; "" for an unknown number. */
const char *doc_form_title(int number);
/* "receiving_officer", "head_of_processing_agency"... for the API. */
const char *doc_signer_name(enum doc_signer_role r);

/* The issuing agency, top left. Both names are printed in capitals whatever
 * their case here. */
struct doc_agency {
	const char *superior; /* cơ quan chủ quản, e.g. "UBND tỉnh Ninh Bình"; optional */
	const char *name;     /* the issuing unit, in bold; required */
	const char *place;    /* place of the date line, e.g. "Ninh Bình"; required */
};

/* A person or organisation applying. */
struct doc_person {
	const char *name;      /* required where the person is */
	const char *id_number; /* số định danh cá nhân (a person) */
	const char *address;
	const char *phone;
	const char *email;
	const char *tax_code; /* mã số thuế (an organisation): printed as such */
};

/* A component of the dossier (thành phần hồ sơ). */
struct doc_component {
	const char *name; /* required */
	const char
		*copy_type; /* label: "Bản chính", "Bản sao chứng thực", "Bản sao", "Bản điện tử" */
	int copies;	  /* số lượng; 0 prints a blank */
	const char *note; /* form 02: what to add or correct; optional */
};

/* Whom to ask for help (forms 02 and 03). */
struct doc_contact {
	const char *name;
	const char *phone;
};

/* A signature block: the signer's title in capitals above the name, with
 * room for the hand signature and the seal between. A title may hold '\n'
 * for "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC". */
struct doc_signer {
	const char *title; /* e.g. "GIÁM ĐỐC"; required on forms 04 and 05 */
	const char *name;  /* optional: blank for a pen */
};

/* Form 01: receipt and appointment (giấy tiếp nhận hồ sơ và hẹn trả kết quả). */
struct doc_form01 {
	struct doc_agency agency;
	const char *number;		/* "Số: …" */
	int64_t date;			/* the date line; usually received_at */
	const char *code;		/* dossier code; required */
	struct doc_person submitter;	/* name required */
	const struct doc_person *owner; /* chủ hồ sơ if not the submitter; else NULL */
	const char *procedure;		/* the procedure's name; required */
	const char *request;		/* the request as typed; NULL: the procedure */
	const struct doc_component *components;
	size_t n_components;
	int sets;		  /* số bộ hồ sơ */
	const char *time_limit;	  /* legal limit, e.g. "15 ngày làm việc" */
	int64_t received_at;	  /* required */
	int64_t due_at;		  /* required */
	const char *return_place; /* where the result is returned */
	const char *tracking_url; /* public look-up address, printed and as QR; required */
	const char *officer;	  /* receiving officer's name */
	int64_t book_line;	  /* its line in the tracking book (Form 07); 0: none */
};

/* Form 02: request to supplement or complete the dossier. */
struct doc_form02 {
	struct doc_agency agency;
	const char *number;
	int64_t date;
	const char *code;	     /* dossier code, if it has one (during processing) */
	struct doc_person submitter; /* name required */
	const char *procedure;	     /* required */
	const struct doc_component *components; /* what to add or complete; at least one */
	size_t n_components;
	const char *reason; /* required */
	struct doc_contact contact;
	const char *officer;   /* the guiding officer's name */
	int64_t paused_at;     /* during processing: the clock stopped then; 0 at receipt */
	int64_t supplement_by; /* by when to supplement; 0 prints a blank */
};

/* Form 03: refusal (at receipt, or during processing). */
struct doc_form03 {
	struct doc_agency agency;
	const char *number;
	int64_t date;
	const char *code;	     /* optional */
	struct doc_person submitter; /* name required */
	const char *procedure;	     /* required */
	const char *const *reasons;  /* at least one */
	size_t n_reasons;
	struct doc_contact contact;
	struct doc_signer signer; /* title NULL: "NGƯỜI TIẾP NHẬN HỒ SƠ" */
};

/* Form 04: apology and new appointment (extension). */
struct doc_form04 {
	struct doc_agency agency; /* the agency at fault */
	const char *number;
	int64_t date;
	const char *addressee;	 /* "Kính gửi: …", e.g. "Ông Nguyễn Văn An"; required */
	const char *code;	 /* required */
	const char *procedure;	 /* required */
	int64_t received_at;	 /* required */
	int64_t due_at;		 /* the original appointment; required */
	const char *reason;	 /* reason for the delay; required */
	int64_t new_due_at;	 /* proposed new appointment; 0: an apology alone */
	const char *approved_by; /* who approved the extension, e.g. "Giám đốc Sở …";
				    NULL: a request, which promises no date */
	int64_t approved_at;	 /* and when: the letter is sent, and dated, then */
	const char *const *recipients; /* "Nơi nhận"; none: "Như trên; Lưu: VT." */
	size_t n_recipients;
	struct doc_signer signer; /* head of the agency at fault; title required */
};

/* Form 05: notice to stop processing (also the applicant's withdrawal). */
struct doc_form05 {
	struct doc_agency agency; /* the processing agency */
	const char *number;
	int64_t date;
	const char *addressee;	 /* required */
	const char *code;	 /* required */
	const char *procedure;	 /* required */
	int64_t received_at;	 /* required */
	const char *stage;	 /* the stage reached; required */
	const char *reason;	 /* required */
	const char *legal_basis; /* required unless at_request */
	bool at_request;	 /* stopped because the applicant asked to withdraw */
	const char *fees;	 /* what happens to fees paid */
	const char *originals;	 /* what happens to originals submitted */
	const char *const *recipients;
	size_t n_recipients;
	struct doc_signer signer; /* head of the processing agency; title required */
};

/* Timeliness of one step or of a dossier (DOMAIN.md section 5). */
enum doc_timeliness {
	DOC_PENDING = 0, /* not finished: prints a blank */
	DOC_EARLY,	 /* Trước hạn */
	DOC_ON_TIME,	 /* Đúng hạn */
	DOC_LATE,	 /* Quá hạn */
};

/* One hand-over of form 06. */
struct doc_handover {
	const char *from;  /* giver: unit, officer; required */
	const char *to;	   /* receiver: unit, officer; required */
	int64_t handed_at; /* required */
	int64_t received_at;
	int64_t due_at; /* the step's due time */
	enum doc_timeliness result;
	const char *note;
};

/* Form 06: process-control sheet. No number and no date line: it travels
 * with the dossier. */
struct doc_form06 {
	struct doc_agency agency; /* the receiving unit; place unused */
	const char *code;	  /* required */
	const char *submitter;	  /* name; required */
	const char *procedure;	  /* required */
	int64_t received_at;	  /* required */
	const char *time_limit;
	int64_t due_at;
	const char *processing_unit;
	const char *coordinating_units;
	const struct doc_handover *rows;
	size_t n_rows;
};

/* One dossier of the tracking book. */
struct doc_book_row {
	int64_t line;	       /* its line in the book (Form 01's number); 0: index + 1 */
	const char *code;      /* required */
	const char *procedure; /* required */
	int sets;
	const char *owner;	 /* name; required */
	const char *address;	 /* and phone */
	const char *officer;	 /* receiving officer */
	int64_t received_at;	 /* required */
	int64_t due_at;		 /* the original appointment */
	int64_t extended_due_at; /* the one after an approved extension; 0: none */
	int64_t transferred_at;	 /* to the processing agency */
	int64_t returned_at;	 /* to the applicant */
	const char *note;
};

/* Form 07: a unit's tracking book for a period, landscape A4. The column for
 * the recipient's signature is left blank for a pen. */
struct doc_form07 {
	struct doc_agency agency; /* place unused */
	int64_t from;		  /* first day of the period (any instant of it); required */
	int64_t to;		  /* last day, inclusive; required, >= from */
	const struct doc_book_row *rows;
	size_t n_rows; /* 0 renders an empty book page */
};

int doc_render_form01(const struct doc_form01 *f, struct buf *out) DOC_MUST_CHECK;
int doc_render_form02(const struct doc_form02 *f, struct buf *out) DOC_MUST_CHECK;
int doc_render_form03(const struct doc_form03 *f, struct buf *out) DOC_MUST_CHECK;
int doc_render_form04(const struct doc_form04 *f, struct buf *out) DOC_MUST_CHECK;
int doc_render_form05(const struct doc_form05 *f, struct buf *out) DOC_MUST_CHECK;
int doc_render_form06(const struct doc_form06 *f, struct buf *out) DOC_MUST_CHECK;
int doc_render_form07(const struct doc_form07 *f, struct buf *out) DOC_MUST_CHECK;

/* Vietnamese dates and times, as the forms print them. Pure, thread-safe.
 * The date of ms in UTC+7 as "ngày 27 tháng 11 năm 2026"; per Decree 30/2020
 * a day below 10 and the months 1 and 2 take a leading zero ("ngày 05 tháng
 * 02 năm 2026", but "tháng 3"). Appends to out. */
void doc_date_vi(int64_t ms, struct buf *out);
/* "14 giờ 05 phút" (UTC+7). */
void doc_time_vi(int64_t ms, struct buf *out);
/* "27/11/2026" (UTC+7), for table cells. */
void doc_date_short(int64_t ms, struct buf *out);
/* The local (UTC+7) civil date and minute of the day of an instant. */
void doc_local_parts(int64_t ms, int *y, unsigned *m, unsigned *d, int *minute);

#endif
