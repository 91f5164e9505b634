# Writes a minimal one-page A4 PDF for the signing tests. Plain: a classic
# cross-reference table (pdftocairo rewrites it as cairo would). With
# --xref-stream: the catalog, pages, page and font inside a compressed object
# stream and a compressed cross-reference stream with the PNG Up predictor,
# as PDF 1.5 writers (Acrobat, pdfTeX, Word) make them.
import sys
import zlib

content = b"BT /F1 24 Tf 72 760 Td (Giay chung nhan - test) Tj ET"
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.276 841.89] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]


def classic(path):
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    open(path, "wb").write(out)


def xref_stream(path):
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    # objects 1-4 in object stream 6; object 5 (the content stream) direct
    header, body = b"", b""
    for i in range(4):
        header += b"%d %d " % (i + 1, len(body))
        body += objs[i] + b"\n"
    data = header + body
    comp = zlib.compress(data)
    off5 = len(out)
    out += b"5 0 obj\n" + objs[4] + b"\nendobj\n"
    off6 = len(out)
    out += b"6 0 obj\n<< /Type /ObjStm /N 4 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (len(header), len(comp)) + comp + b"\nendstream\nendobj\n"
    off7 = len(out)
    rows = [(0, 0, 65535)] + [(2, 6, i) for i in range(4)] + [(1, off5, 0), (1, off6, 0), (1, off7, 0)]
    raw, prev = b"", bytes(5)
    for t, a, b in rows:
        row = bytes([t]) + a.to_bytes(2, "big") + b.to_bytes(2, "big")
        raw += b"\x02" + bytes((row[k] - prev[k]) & 0xFF for k in range(5))  # PNG Up
        prev = row
    comp = zlib.compress(raw)
    out += (b"7 0 obj\n<< /Type /XRef /Size 8 /Root 1 0 R /W [1 2 2] /Filter /FlateDecode "
            b"/DecodeParms << /Predictor 12 /Columns 5 >> /Length %d >>\nstream\n" % len(comp)) + comp + b"\nendstream\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % off7
    open(path, "wb").write(out)


if len(sys.argv) > 2 and sys.argv[2] == "--xref-stream":
    xref_stream(sys.argv[1])
else:
    classic(sys.argv[1])
