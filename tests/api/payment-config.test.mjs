// payment.gateway is checked when the server starts (issue 13): a misspelt
// gateway, or VNPAY without its terminal code and secret, stops `serve`
// before it touches the database, instead of a payer meeting a 503 later.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runStatus } from './helpers.mjs';

test('serve refuses an unknown gateway or an incomplete VNPAY account, and writes nothing', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-gw-'));
  try {
    const db = path.join(dir, 'm.db');
    const cases = [
      [['--payment.gateway', 'paypal'], /payment\.gateway: 'paypal' is not sandbox, vnpay or none/],
      [['--payment.gateway', 'vnpay'], /payment\.vnpay\.tmn_code and payment\.vnpay\.secret/],
      [['--payment.gateway', 'vnpay', '--payment.vnpay.tmn_code', 'ABCD1234'], /payment\.vnpay\.secret/],
    ];
    for (const [args, message] of cases) {
      const r = runStatus(['serve', '--db', `sqlite:${db}`, '--listen', '127.0.0.1:0', ...args], { timeout: 10000 });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(existsSync(db), false, 'no database was created');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
