// `motcua unit add` / `unit list`: the organisation tree from the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runStatus } from './helpers.mjs';

test('units are added under a parent and listed; bad input changes nothing', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-units-'));
  const db = `sqlite:${dir}/u.db`;
  try {
    let r = runStatus(['unit', 'add', 'SXD', '--ident', '000.00.09.H40', '--name', 'Sở Xây dựng tỉnh Ninh Bình', '--name-en', 'Department of Construction', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    r = runStatus(['unit', 'add', 'SXD-QH', '--ident', '000.00.09.H40.01', '--name', 'Phòng Quy hoạch', '--parent', 'SXD', '--hours', '07:00-11:30,13:30-17:00', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    // A missing parent, a duplicate, malformed hours, a missing name.
    r = runStatus(['unit', 'add', 'X1', '--ident', 'x.1', '--name', 'X', '--parent', 'NOPE', '--db', db]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /NOPE/);
    r = runStatus(['unit', 'add', 'SXD', '--ident', 'other', '--name', 'Trùng mã', '--db', db]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /exists/);
    r = runStatus(['unit', 'add', 'X2', '--ident', 'x.2', '--name', 'X', '--hours', '13:00-11:00', '--db', db]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--hours/);
    r = runStatus(['unit', 'add', 'X3', '--ident', 'x.3', '--db', db]);
    assert.equal(r.status, 2);
    r = runStatus(['unit', 'list', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.deepEqual(lines, [
      'SXD\t000.00.09.H40\t-\t07:30-11:30,13:00-17:00\tSở Xây dựng tỉnh Ninh Bình',
      'SXD-QH\t000.00.09.H40.01\tSXD\t07:00-11:30,13:30-17:00\tPhòng Quy hoạch',
    ]);
    assert.equal(runStatus(['unit', 'add', '--help']).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
