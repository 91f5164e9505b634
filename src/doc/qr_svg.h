/* A QR code as an SVG image, for web pages (the kiosk ticket's "follow
 * your place" code). Layer: doc (the only folder that includes qrencode). */
#ifndef MOTCUA_DOC_QR_SVG_H
#define MOTCUA_DOC_QR_SVG_H

#include "base/buf.h"

/* Appends to out an SVG of text as a QR code (error correction M, a quiet
 * zone of four modules, black on white, one <path>). Returns 0, or -1 if
 * the text does not fit a QR code or is empty. Thread-safe. */
int doc_qr_svg(const char *text, struct buf *out);

#endif
