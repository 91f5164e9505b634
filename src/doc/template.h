/* A component's template (mẫu đơn, tờ khai) as an A4 PDF (issue 15): what
 * the procedure page and the online submission offer to download where a
 * component names a template ("Mẫu số 11/PLI"). motcua holds no copy of the
 * official form: the page is drawn from the component's own fields (its
 * name and template number, the procedure, the agency it is addressed to),
 * with the blanks an applicant fills in, and says that the official
 * template of the procedure's legal basis is the one that counts.
 *
 * Layer: doc. Conventions of doc/forms.h: 0 or a negative enum doc_error,
 * out left as it was on error, thread-safe. */
#ifndef MOTCUA_DOC_TEMPLATE_H
#define MOTCUA_DOC_TEMPLATE_H

#include "base/buf.h"
#include "doc/forms.h"

struct doc_template {
	const char *number;    /* "Mẫu số 11/PLI"; required */
	const char *title;     /* the component's name; required */
	const char *procedure; /* the procedure's name; required */
	const char *addressee; /* "Kính gửi:" the agency, or NULL (a blank) */
};

int doc_render_template(const struct doc_template *t, struct buf *out) DOC_MUST_CHECK;

#endif
