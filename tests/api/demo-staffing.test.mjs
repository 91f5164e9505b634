// The demo takes every procedure of the seed past the desk (issue 15): each
// step's unit has an active officer of the step's role (the specialist and
// head were in DNLD only, and 17 of the 24 procedures stopped at the desk).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { useServer, loggedIn, seedProcedure, ROOT } from './helpers.mjs';

const env = useServer();
const codes = readdirSync(path.join(ROOT, 'data/catalogue')).filter((f) => /^[A-Z]{2}-\d{2}\.json$/.test(f)).map((f) => f.slice(0, -5));

test('every step of every seed procedure has an active officer of its role in its unit', async () => {
  assert.equal(codes.length, 24);
  const admin = await loggedIn(env.base, 'admin');
  const staffed = new Map();
  const missing = [];
  for (const code of codes) {
    for (const s of seedProcedure(code).process) {
      const key = `${s.unit}/${s.role}`;
      if (!staffed.has(key)) {
        const r = await admin.get(`/api/v1/users?unit=${s.unit}&role=${s.role}&state=active&limit=100`);
        assert.equal(r.status, 200, r.text);
        staffed.set(key, r.json.items.filter((u) => (u.unit && (u.unit.code || u.unit)) === s.unit).length > 0);
      }
      if (!staffed.get(key)) missing.push(`${code}: ${key}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('a procedure of another division (DT-04) goes from the desk through its specialist and head to the leader', async () => {
  const p = seedProcedure('DT-04');
  const desk = await loggedIn(env.base, 'tiepnhan');
  const comps = p.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' }));
  const applicant = { kind: 'organisation', name: 'Công ty TNHH Sao Mai', tax_code: '0101234565', address: 'KCN Đồng Văn I' };
  let r = await desk.post('/api/v1/dossiers', { procedure_code: 'DT-04', applicant, components: comps });
  assert.equal(r.status, 201, r.text);
  const code = r.json.code;
  const act = async (user, action, body = {}) => {
    const res = await (await loggedIn(env.base, user)).post(`/api/v1/dossiers/${code}/actions/${action}`, body);
    assert.equal(res.status, 200, `${user} ${action}: ${res.text}`);
    return res.json;
  };
  await act('tiepnhan', 'transfer', { to_user: 'chuyenvien.qldt' });
  await act('chuyenvien.qldt', 'transfer');
  await act('truongphong.qldt', 'transfer');
  // With the leader now: lanhdao reads it in the inbox of their step.
  const d = await (await loggedIn(env.base, 'lanhdao')).get(`/api/v1/dossiers/${code}`);
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.state.code || d.json.state, 'in_process');
});
