// The public catalogue: list with folded search, filters and pagination;
// procedure detail and versions; fields and units. Expected figures come
// from the seed files in data/catalogue/ that `motcua demo` loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { useServer, Client, assertError, raw, rawJson, seedProcedure, ROOT } from './helpers.mjs';

const env = useServer();
const anon = () => new Client(env.base);

const SEED = readdirSync(path.join(ROOT, 'data/catalogue'))
  .filter((f) => /^[A-Z]{2}-\d{2}\.json$/.test(f))
  .map((f) => seedProcedure(f.slice(0, -5)));
const UNITS = ['BQL', 'VP', 'QLDT', 'QHXD', 'QLMT', 'DNLD'];
const LIMIT_UNITS = ['working_days', 'days', 'working_hours'];

/** Folds like the server should: no case, no tone marks, đ -> d. */
const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

async function list(query) {
  const r = await anon().get('/api/v1/procedures' + (query ? '?' + query : ''));
  assert.equal(r.status, 200, `${query}: ${r.text}`);
  return r.json;
}

/** Every page of a query, as one array of items. */
async function listAll(params) {
  const items = [];
  for (let page = 1; page < 50; page++) {
    const q = new URLSearchParams({ ...params, per_page: '100', page: String(page) });
    const j = await list(q.toString());
    items.push(...j.items);
    if (j.items.length < 100) break;
  }
  return items;
}

const codes = (items) => items.map((i) => i.code).sort();

test('the seed catalogue has 24 procedures (test premise)', () => {
  assert.equal(SEED.length, 24);
});

test('the list has every published procedure with the summary fields', async () => {
  const j = await list('');
  assert.equal(j.total, 24);
  assert.equal(j.page, 1);
  assert.ok(Number.isInteger(j.per_page) && j.per_page >= 1);
  assert.equal(j.items.length, Math.min(24, j.per_page));
  const all = await listAll({});
  assert.deepEqual(codes(all), SEED.map((p) => p.code).sort());
  for (const it of all) {
    const seed = SEED.find((p) => p.code === it.code);
    assert.equal(it.name, seed.name.vi, it.code);
    assert.equal(it.name_en, seed.name.en, it.code);
    assert.equal(it.field, seed.field.vi, it.code);
    assert.equal(it.field_en, seed.field.en, it.code);
    assert.equal(it.national_code, seed.national_code, it.code);
    assert.equal(it.unit.code, seed.unit, it.code);
    assert.equal(typeof it.unit.name, 'string');
    assert.ok(it.unit.name.length > 0, `${it.code} unit name`);
    assert.equal(typeof it.unit.name_en, 'string');
    assert.ok(it.unit.name_en.length > 0, `${it.code} unit name_en`);
    assert.equal(it.online_level, seed.online_level, it.code);
    assert.deepEqual(it.time_limit, seed.time_limit, it.code);
    assert.ok(LIMIT_UNITS.includes(it.time_limit.unit), it.time_limit.unit);
    assert.ok(Number.isInteger(it.time_limit.value));
    assert.equal(it.version, 1, it.code);
  }
});

test('search folds Vietnamese: no tone marks finds LD-02', async () => {
  const j = await list('q=' + encodeURIComponent('giay phep lao dong'));
  assert.ok(j.total >= 1 && j.total < 24, `total ${j.total}`);
  const ld02 = j.items.find((i) => i.code === 'LD-02');
  assert.ok(ld02, 'LD-02 not found: ' + codes(j.items));
  assert.match(ld02.name, /giấy phép lao động/);
  // Every procedure whose Vietnamese name contains the words is found.
  const words = ['giay', 'phep', 'lao', 'dong'];
  const expected = SEED.filter((p) => words.every((w) => fold(p.name.vi).includes(w))).map((p) => p.code);
  for (const c of expected) assert.ok(codes(j.items).includes(c), `${c} missing from ${codes(j.items)}`);
  assert.equal(j.total, j.items.length);
});

test('search ignores case and tone marks, and accepts NFD input', async () => {
  const variants = ['giấy phép', 'GIẤY PHÉP', 'Giấy Phép', 'giay phep', 'GIAY PHEP',
    'giấy phép'.normalize('NFD'), 'GIẤY PHÉP'.normalize('NFD')];
  const results = [];
  for (const v of variants) results.push(await list('q=' + encodeURIComponent(v)));
  assert.ok(results[0].total >= 2, `giấy phép: ${results[0].total}`);
  assert.ok(results[0].total < 24);
  for (let i = 1; i < variants.length; i++) {
    assert.equal(results[i].total, results[0].total, `"${variants[i]}" total`);
    assert.deepEqual(codes(results[i].items), codes(results[0].items), `"${variants[i]}" items`);
  }
});

test('search folds đ to d', async () => {
  const a = await list('q=' + encodeURIComponent('đầu tư'));
  const b = await list('q=' + encodeURIComponent('dau tu'));
  const c = await list('q=' + encodeURIComponent('ĐẦU TƯ'));
  assert.ok(a.total >= 1, 'đầu tư finds nothing');
  assert.equal(b.total, a.total);
  assert.equal(c.total, a.total);
  assert.deepEqual(codes(b.items), codes(a.items));
  const expected = SEED.filter((p) => fold(p.name.vi).includes('dau tu')).map((p) => p.code);
  for (const code of expected) assert.ok(codes(a.items).includes(code), `${code} missing`);
});

test('a search that matches nothing gives an empty list', async () => {
  const j = await list('q=' + encodeURIComponent('xyzzy khongcogi'));
  assert.equal(j.total, 0);
  assert.deepEqual(j.items, []);
});

test('filter by field, unit and online level', async () => {
  const byField = await listAll({ field: 'Việc làm' });
  assert.deepEqual(codes(byField), SEED.filter((p) => p.field.vi === 'Việc làm').map((p) => p.code).sort());
  assert.ok(byField.length >= 1);
  assert.equal((await list('field=' + encodeURIComponent('Việc làm'))).total, byField.length);

  const byUnit = await listAll({ unit: 'DNLD' });
  assert.deepEqual(codes(byUnit), SEED.filter((p) => p.unit === 'DNLD').map((p) => p.code).sort());
  assert.ok(byUnit.every((i) => i.unit.code === 'DNLD'));

  const full = await listAll({ online_level: 'full' });
  assert.deepEqual(codes(full), SEED.filter((p) => p.online_level === 'full').map((p) => p.code).sort());
  assert.ok(full.length >= 1 && full.length < 24);
  const partial = await listAll({ online_level: 'partial' });
  assert.equal(full.length + partial.length, 24);

  const both = await listAll({ unit: 'DNLD', online_level: 'full' });
  assert.deepEqual(codes(both), SEED.filter((p) => p.unit === 'DNLD' && p.online_level === 'full').map((p) => p.code).sort());

  const withQ = await listAll({ field: 'Việc làm', q: 'giay phep' });
  assert.ok(withQ.length >= 1 && withQ.every((i) => i.field === 'Việc làm'));
  assert.ok(codes(withQ).includes('LD-02'));

  assert.equal((await list('unit=NOPE')).total, 0);
});

test('pagination: 5 pages of 5 cover the 24 procedures once', async () => {
  const seen = [];
  for (let page = 1; page <= 5; page++) {
    const j = await list(`per_page=5&page=${page}`);
    assert.equal(j.total, 24);
    assert.equal(j.page, page);
    assert.equal(j.per_page, 5);
    assert.equal(j.items.length, page < 5 ? 5 : 4, `page ${page}`);
    seen.push(...j.items.map((i) => i.code));
  }
  assert.equal(new Set(seen).size, 24, 'pages overlap: ' + seen);
  const beyond = await list('per_page=5&page=6');
  assert.equal(beyond.total, 24);
  assert.deepEqual(beyond.items, []);
  const big = await list('per_page=100');
  assert.equal(big.items.length, 24);
});

test('bad query parameters are 400 BAD_QUERY naming the parameter', async () => {
  const c = anon();
  const cases = [
    ['page=0', 'page'], ['page=abc', 'page'], ['page=-1', 'page'], ['page=1.5', 'page'], ['page=', 'page'],
    ['per_page=1000', 'per_page'], ['per_page=0', 'per_page'], ['per_page=101', 'per_page'], ['per_page=5x', 'per_page'],
    ['online_level=bogus', 'online_level'], ['online_level=FULL', 'online_level'],
  ];
  for (const [q, field] of cases) assertError(await c.get('/api/v1/procedures?' + q), 400, 'BAD_QUERY', field);
});

test('invalid UTF-8 in a query parameter is 400', async () => {
  for (const p of ['q=%FF', 'q=gi%C3', 'field=%C0%AF', 'q=%ED%A0%80']) {
    const r = await raw(env.base, 'GET', '/api/v1/procedures?' + p, {});
    assert.equal(r.status, 400, `${p}: ${r.status} ${r.body}`);
    const j = rawJson(r);
    assert.ok(j && j.error && ['BAD_UTF8', 'BAD_QUERY'].includes(j.error.code), `${p}: ${r.body}`);
    assert.equal(j.error.field, p.split('=')[0], p);
  }
});

test('GET /api/v1/procedures/LD-02 gives the full record', async () => {
  const seed = seedProcedure('LD-02');
  const r = await anon().get('/api/v1/procedures/LD-02');
  assert.equal(r.status, 200, r.text);
  const p = r.json;
  assert.equal(p.code, 'LD-02');
  assert.equal(p.national_code, '1.000105');
  assert.equal(p.name, seed.name.vi);
  assert.equal(p.name_en, seed.name.en);
  assert.equal(p.field, 'Việc làm');
  assert.equal(p.online_level, 'partial');
  assert.deepEqual(p.time_limit, { value: 5, unit: 'working_days' });
  assert.equal(p.effective_from, '2025-07-01');
  assert.equal(p.version, 1);
  assert.equal(p.unit.code, 'DNLD');
  assert.equal(typeof p.unit.ident, 'string');
  assert.ok(p.unit.ident.length > 0, 'unit.ident is empty');
  assert.ok(p.unit.name.length > 0);

  assert.ok(Array.isArray(p.components) && p.components.length >= 5, 'components');
  assert.equal(p.components.length, seed.components.length);
  p.components.forEach((c, i) => {
    const s = seed.components[i];
    assert.equal(c.name, s.name.vi, `component ${i}`);
    assert.equal(c.copy_type, s.copy_type, `component ${i}`);
    assert.equal(c.copies, s.copies, `component ${i}`);
    assert.equal(c.mandatory, s.mandatory, `component ${i}`);
    assert.equal(c.doc_type, s.doc_type, `component ${i}`);
  });
  assert.ok(p.components.some((c) => c.mandatory === false), 'no conditional component');

  assert.ok(Array.isArray(p.process) && p.process.length === seed.process.length);
  assert.equal(p.process.reduce((s, x) => s + x.hours, 0), 5 * 8);
  p.process.forEach((x, i) => {
    assert.equal(x.role, seed.process[i].role);
    assert.equal(x.unit, seed.process[i].unit);
    assert.equal(x.hours, seed.process[i].hours);
    assert.ok(Number.isInteger(x.hours) && x.hours > 0);
  });

  assert.equal(p.fees.length, 1);
  assert.ok(Number.isInteger(p.fees[0].amount));
  assert.equal(p.fees[0].amount, 600000);
  assert.equal(p.fees[0].name, seed.fees[0].name.vi);
  assert.deepEqual(p.legal_basis, seed.legal_basis);
});

test('a procedure counted in calendar days has steps in days', async () => {
  const seed = seedProcedure('DT-01');
  const r = await anon().get('/api/v1/procedures/DT-01');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.time_limit, { value: 15, unit: 'days' });
  assert.equal(r.json.process.length, seed.process.length);
  assert.equal(r.json.process.reduce((s, x) => s + x.days, 0), 15);
  assert.ok(r.json.process.every((x) => x.hours === undefined));
  assert.equal(r.json.national_code, '1.009645');
});

test('an unknown procedure is 404 PROCEDURE_NOT_FOUND', async () => {
  const c = anon();
  assertError(await c.get('/api/v1/procedures/ZZ-99'), 404, 'PROCEDURE_NOT_FOUND');
  assertError(await c.get('/api/v1/procedures/ZZ-99/versions'), 404, 'PROCEDURE_NOT_FOUND');
  assertError(await c.get('/api/v1/procedures/' + encodeURIComponent("LD-02' OR '1'='1")), 404, 'PROCEDURE_NOT_FOUND');
});

test('GET /api/v1/procedures/LD-02/versions lists version 1, published', async () => {
  const r = await anon().get('/api/v1/procedures/LD-02/versions');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items.length, 1);
  assert.equal(r.json.items[0].version, 1);
  assert.equal(r.json.items[0].status, 'published');
  assert.equal(r.json.items[0].effective_from, '2025-07-01');
});

test('GET /api/v1/fields lists the fields with their counts', async () => {
  const r = await anon().get('/api/v1/fields');
  assert.equal(r.status, 200);
  const expected = {};
  for (const p of SEED) expected[p.field.vi] = (expected[p.field.vi] || 0) + 1;
  const got = {};
  for (const f of r.json.items) {
    assert.equal(typeof f.name_en, 'string');
    got[f.name] = f.count;
  }
  assert.deepEqual(got, expected);
  const vl = r.json.items.find((f) => f.name === 'Việc làm');
  assert.equal(vl.name_en, 'Employment');
});

test('GET /api/v1/units lists the six demo units as a tree', async () => {
  const r = await anon().get('/api/v1/units');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items.map((u) => u.code).sort(), [...UNITS].sort());
  for (const u of r.json.items) {
    assert.ok(u.name && u.name_en && u.ident, JSON.stringify(u));
  }
  const bql = r.json.items.find((u) => u.code === 'BQL');
  assert.equal(bql.parent, null);
  for (const u of r.json.items.filter((x) => x.code !== 'BQL')) assert.equal(u.parent, 'BQL', u.code);
  const vp = r.json.items.find((u) => u.code === 'VP');
  assert.match(vp.name, /Văn phòng/);
});

// Decision 766's group 1 (issue 12): the seed records the four fields it
// reads, null where the board's plan gives nothing (it gives none), and the
// validator and the indicators treat them so: 766.1.3 counts every seed
// procedure incomplete, naming subjects and the number of sets; 766.1.1 and
// 766.1.2 have no data without an announcing decision's date.
test('the seed records subjects, sets and the decision and publication dates; none known counts as incomplete', async () => {
  for (const p of SEED) {
    for (const k of ['subjects', 'sets', 'decision_date', 'published_date']) {
      assert.ok(k in p, `${p.code}: ${k} recorded`);
      assert.equal(p[k], null, `${p.code}: ${k} not given by the plan`);
    }
  }
  const out = execFileSync('python3', [path.join(ROOT, 'data/catalogue/check.py')], { encoding: 'utf8' });
  assert.match(out, /^24 files, 0 errors$/m);
  const c = new Client(env.base);
  assert.equal((await c.login('lanhdao')).status, 200);
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  const q = `from=${today.slice(0, 4)}-01-01&to=${today}`;
  const ind = await c.get(`/api/v1/stats/indicators?${q}`);
  assert.equal(ind.status, 200, ind.text);
  const f = Object.fromEntries(ind.json.indicators.map((i) => [i.key, i]));
  assert.deepEqual([f['766.1.3'].numerator, f['766.1.3'].denominator], [0, 24]);
  assert.equal(f['766.1.3'].rate, 0);
  for (const k of ['766.1.1', '766.1.2']) assert.deepEqual([f[k].denominator, f[k].rate], [0, null], k);
  const items = await c.get(`/api/v1/stats/indicators/766.1.3/items?${q}&limit=100`);
  assert.equal(items.json.items.length, 24);
  for (const it of items.json.items) {
    assert.equal(it.in_numerator, false, it.ref);
    assert.match(it.reason_en, /^missing: .*number of sets, subjects/, it.ref);
  }
});
