// A minimal PDF for the documents tests (API and browser).
/** A minimal one-page PDF (classic cross-reference table). */
export function makePdf(text = 'Ket qua') {
  const content = `BT /F1 24 Tf 72 760 Td (${text}) Tj ET`;
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.276 841.89] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`];
  let out = '%PDF-1.4\n';
  const offs = [];
  objs.forEach((o, i) => { offs.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const x = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of offs) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${x}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * makePdf() with more in its trailer; "@X" stands for the offset of its own
 * cross-reference table (for the hostile files of issue 10: a trailer whose
 * /XRefStm or /Prev leads back to itself).
 */
export function makePdfTrailer(extra, text = 'Ket qua') {
  const good = makePdf(text).toString('latin1');
  const x = Number(good.match(/startxref\n(\d+)/)[1]);
  return Buffer.from(good.replace('/Root 1 0 R >>', `/Root 1 0 R ${extra.replaceAll('@X', String(x))} >>`), 'latin1');
}

/**
 * A file shaped like a signed PDF whose signature is hexBytes hex digits
 * (zeros): the shape of the request that held a worker thread for an hour
 * when the hex was decoded in quadratic time.
 */
export function makeHugeSignaturePdf(hexBytes) {
  const head = '%PDF-1.7\n1 0 obj << /ByteRange [0 ';
  const mid = '0000000000 0000000000 0000000000] /Contents <';
  const lt = head.length + mid.length - 1;
  const after = lt + 1 + hexBytes + 1;
  const tail = ' >> endobj\nstartxref\n0\n%%EOF\n';
  const nums = `${String(lt).padStart(10, '0')} ${String(after).padStart(10, '0')} ${String(tail.length).padStart(10, '0')}`;
  return Buffer.concat([Buffer.from(head + nums + '] /Contents <', 'latin1'), Buffer.alloc(hexBytes, '0'),
    Buffer.from('>' + tail, 'latin1')]);
}

/** The draft result of dossier `code`, attached by `client` (an officer at
 * the dossier's step: the specialist, head or leader): approving and
 * issuing need one (core/workflow.c). */
export async function draftResult(client, code, text = 'Ket qua') {
  const r = await client.post(`/api/v1/dossiers/${code}/result`, makePdf(text), { 'content-type': 'application/pdf' });
  if (r.status !== 201) throw new Error(`draft result of ${code}: ${r.status} ${r.text}`);
  return r.json;
}
