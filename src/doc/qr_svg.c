/* QR codes as SVG: one path of unit squares, scaled by the viewBox so the
 * page can size it freely and it prints sharp on a thermal printer.
 * Layer: doc. */
#include <qrencode.h>
#include <string.h>

#include "doc/qr_svg.h"

int doc_qr_svg(const char *text, struct buf *out)
{
	if (!text || !*text)
		return -1;
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return -1;
	int w = q->width, quiet = 4, size = w + 2 * quiet;
	buf_addf(out,
		 "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		 "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		 "<path fill=\"#000\" d=\"",
		 size, size, size, size);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++)
			if (q->data[y * w + x] & 1)
				buf_addf(out, "M%d %dh1v1h-1z", x + quiet, y + quiet);
	buf_adds(out, "\"/></svg>");
	QRcode_free(q);
	return 0;
}
