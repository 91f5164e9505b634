// The docs stay true: docs/errors.md is what tools/gen_errors.py makes of
// the registry (docs/openapi.yaml against the route table: openapi.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';

test('docs/errors.md is generated from the registry', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-errors-'));
  try {
    execFileSync('python3', ['tools/gen_errors.py', 'src/base/errors.tsv',
      `${dir}/e.h`, `${dir}/e.c`, `${dir}/errors.md`]);
    assert.equal(readFileSync('docs/errors.md', 'utf8'), readFileSync(`${dir}/errors.md`, 'utf8'),
      'docs/errors.md is stale: run python3 tools/gen_errors.py src/base/errors.tsv /tmp/e.h /tmp/e.c docs/errors.md');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every error code has both messages', () => {
  for (const line of readFileSync('src/base/errors.tsv', 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cols = line.split('\t');
    assert.equal(cols.length, 5, line);
    assert.ok(cols[3].length > 3 && cols[4].length > 3, line);
  }
});
