// The periodic report (issue 12) on generated data: `motcua gen dossiers`
// makes a year of dossiers with their full histories (supplements, endings of
// every kind, some still open). On every month of the year, by procedure,
// field and unit: each row adds up (carried over + new = ended + in
// progress), the rows add up to the total, the three groupings give one
// total, the agency's total is the sum of its units'; what is open at the end
// of a month is exactly what the next month carries over; the XLSX of the
// year holds the JSON's figures as numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, freshDb, run, DEMO_PASSWORD } from '../lib/motcua.mjs';
import { loggedIn, assertFetched } from './helpers.mjs';
import { readXlsx } from '../lib/xlsx.mjs';

const BIN = process.env.MOTCUA_BIN || 'build/motcua';
const KEYS = ['carried_over', 'new_online', 'new_direct', 'new_post', 'ended_early', 'ended_on_time',
  'ended_late', 'refused', 'withdrawn', 'stopped', 'open_not_due', 'open_overdue', 'open_waiting'];

const db = freshDb();
run(['migrate', '--db', db.url]);
run(['demo', '--db', db.url, '--password', DEMO_PASSWORD]);
// 10 % open: the recent months carry open, overdue and waiting dossiers.
execFileSync(BIN, ['gen', 'dossiers', '2000', '--seed', '11', '--open-percent', '10', '--db', db.url], { stdio: 'ignore' });
let server = null;
process.on('exit', () => db.drop());

const ymd = (d) => d.toISOString().slice(0, 10);
/** The local months of the last year, oldest first: [{from, to}]. */
function months() {
  const now = new Date(Date.now() + 7 * 3600e3);
  const out = [];
  for (let k = 12; k >= 0; k--) {
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1));
    const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k + 1, 0));
    out.push({ from: ymd(first), to: ymd(last) });
  }
  return out;
}

function addsUp(row, what) {
  const received = row.carried_over + row.new_online + row.new_direct + row.new_post;
  const ended = row.ended_early + row.ended_on_time + row.ended_late;
  const open = row.open_not_due + row.open_overdue;
  assert.equal(received, ended + open, `${what}: carried over + new = ended + in progress`);
  assert.ok(row.refused + row.withdrawn + row.stopped <= ended, `${what}: of which ended`);
  assert.ok(row.open_waiting <= open, `${what}: waiting of the open`);
}

const sum = (rows) => Object.fromEntries(KEYS.map((k) => [k, rows.reduce((s, r) => s + r[k], 0)]));
const pick = (row) => Object.fromEntries(KEYS.map((k) => [k, row[k]]));

test('every month of a generated year adds up, by procedure, field and unit', async () => {
  server = await startServer({ db: { url: db.url, drop() {} } });
  try {
    const c = await loggedIn(server.base, 'lanhdao');
    const get = async (q) => {
      const r = await c.get(`/api/v1/stats/report?${new URLSearchParams(q)}`);
      assert.equal(r.status, 200, r.text);
      return r.json;
    };
    let previous = null;
    const seen = Object.fromEntries(KEYS.map((k) => [k, 0]));
    for (const m of months()) {
      const totals = [];
      for (const by of ['procedure', 'field', 'unit']) {
        const rep = await get({ unit: 'BQL', ...m, by });
        for (const row of rep.rows) addsUp(row, `${m.from} ${by} ${row.key}`);
        addsUp(rep.total, `${m.from} ${by} total`);
        assert.deepEqual(sum(rep.rows), pick(rep.total), `${m.from} by ${by}: the rows make the total`);
        assert.equal(new Set(rep.rows.map((r) => r.key)).size, rep.rows.length, 'one row per key');
        totals.push(pick(rep.total));
        if (by === 'unit') {
          // The agency is the sum of its units, each reported on its own.
          const units = await Promise.all(rep.rows.map((r) => get({ unit: r.key, ...m })));
          assert.deepEqual(sum(units.map((u) => u.total)), pick(rep.total), `${m.from}: units make the agency`);
        }
      }
      assert.deepEqual(totals[1], totals[0], `${m.from}: by field = by procedure`);
      assert.deepEqual(totals[2], totals[0], `${m.from}: by unit = by procedure`);
      const t = totals[0];
      if (previous)
        assert.equal(t.carried_over, previous.open_not_due + previous.open_overdue,
          `${m.from}: carried over = open at the end of the month before`);
      for (const k of KEYS) seen[k] += t[k];
      previous = t;
    }
    // The generated year reaches every kind of column somewhere.
    for (const k of ['carried_over', 'new_online', 'new_direct', 'ended_early', 'ended_late', 'withdrawn', 'stopped', 'open_not_due'])
      assert.ok(seen[k] > 0, `some month has ${k}`);
  } finally {
    await server.kill('SIGTERM');
  }
});

test('the year as XLSX holds the JSON figures as numbers', async () => {
  // A data folder of its own, without keys (the demo leaves keys in the default one).
  const keyless = mkdtempSync(path.join(tmpdir(), 'motcua-keyless-'));
  server = await startServer({ db: { url: db.url, drop() {} }, args: ['--data-dir', keyless] });
  try {
    const c = await loggedIn(server.base, 'vanphong');
    const all = months();
    const q = new URLSearchParams({ unit: 'BQL', from: all[1].from, to: all[12].to, by: 'procedure' });
    const json = (await c.get(`/api/v1/stats/report?${q}`)).json;
    assert.ok(json.rows.length >= 5, 'several procedures');
    const url = `/api/v1/stats/report?${q}&format=xlsx`;
    const res = await fetch(server.base + url, { headers: { cookie: c.cookie } });
    await assertFetched('GET', url, res);
    assert.equal(res.status, 200);
    const x = readXlsx(Buffer.from(await res.arrayBuffer()));
    assert.equal(x.rows.length, json.rows.length + 2);
    json.rows.forEach((row, i) => {
      const cells = x.rows[i + 1];
      assert.deepEqual(cells[0], { type: 'string', value: row.key });
      assert.equal(cells[2].type, 'number');
      assert.equal(cells[2].value, row.carried_over + row.new_online + row.new_direct + row.new_post);
      assert.equal(cells[3].value, row.carried_over);
      assert.equal(cells[8].value, row.ended_early);
      assert.equal(cells[17].value, row.open_waiting);
    });
    const total = x.rows.at(-1);
    assert.equal(total[1].value, 'Tổng cộng');
    assert.equal(total[4].value, json.total.new_online);
    assert.equal(total[10].value, json.total.ended_late);
    // No agency key in this data folder: the PDF (of months that have ended) is refused, nothing unsigned goes out.
    const pdf = await c.get(`/api/v1/stats/report?${new URLSearchParams({ unit: 'BQL', from: all[0].from, to: all[11].to })}&format=pdf`);
    assert.equal(pdf.status, 503, pdf.text);
    assert.equal(pdf.json.error.code, 'SIGNER_UNAVAILABLE');
  } finally {
    await server.kill('SIGTERM');
    rmSync(keyless, { recursive: true, force: true });
  }
});

test('the signature keeps the last rows of a long table on its page, signed by the head', async () => {
  // The agency's key in a data folder of its own.
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-report-pdf-'));
  execFileSync(BIN, ['pki', 'init', '--data-dir', dir]);
  server = await startServer({ db: { url: db.url, drop() {} }, args: ['--data-dir', dir] });
  try {
    const c = await loggedIn(server.base, 'vanphong');
    const all = months();
    const q = new URLSearchParams({ unit: 'BQL', from: all[0].from, to: all[11].to, by: 'procedure' });
    const json = (await c.get(`/api/v1/stats/report?${q}`)).json;
    const url = `/api/v1/stats/report?${q}&format=pdf`;
    const res = await fetch(server.base + url, { headers: { cookie: c.cookie } });
    await assertFetched('GET', url, res);
    assert.equal(res.status, 200);
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))[1]);
    assert.ok(pages >= 2, `a table of ${json.rows.length} procedures runs over ${pages} pages`);
    const page = (n) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', '-enc', 'UTF-8', file, '-'],
      { encoding: 'utf8' });
    const last = page(pages);
    assert.ok(last.includes('THỦ TRƯỞNG ĐƠN VỊ'), 'the signature block on the last page');
    assert.ok(last.replace(/\s+/g, ' ').includes('Phạm Quốc Hùng'), 'the head of the board signs, not the office');
    assert.ok(!last.includes('Đỗ Thu Trang'), 'not the one who downloads');
    // The block is not alone: the total and the last procedure's row are on its page.
    assert.ok(last.includes('Tổng cộng'), `the total on the signature's page: ${last}`);
    assert.match(last, new RegExp(`^\\s*${json.rows.length}\\s+\\S`, 'm'), 'the last procedure\'s row too');
    for (let n = 1; n < pages; n++) assert.ok(!page(n).includes('THỦ TRƯỞNG ĐƠN VỊ'), `no signature on page ${n}`);
    assert.match(execFileSync('pdfsig', [file], { encoding: 'utf8' }), /Signature Validation: Signature is Valid/);
  } finally {
    await server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});
