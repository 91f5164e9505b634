// Online submission as the portal makes it (issue 15), for the API and the
// browser tests: the files first, staged by POST /api/v1/uploads, then the
// components naming them.
import assert from 'node:assert/strict';
import { makePdf } from './pdf.mjs';

/**
 * The components of an online submission of procedure `proc` (a seed file)
 * by citizen client c, as the portal sends them (issue 15): a PDF staged
 * for each mandatory component (POST /api/v1/uploads) and named by its id,
 * the others not applicable. extra: {index: {...}} overrides a component.
 */
export async function onlineComponents(c, proc, extra = {}) {
  const out = [];
  for (const [i, comp] of proc.components.entries()) {
    if (extra[i]) { out.push(extra[i]); continue; }
    if (!comp.mandatory) { out.push('not_applicable'); continue; }
    const r = await c.post(`/api/v1/uploads?name=tp${i + 1}.pdf`, makePdf(`Thanh phan ${i + 1}`),
      { 'content-type': 'application/pdf' });
    assert.equal(r.status, 201, `staging component ${i + 1}: ${r.text}`);
    out.push({ status: 'uploaded', files: [r.json.id] });
  }
  return out;
}
