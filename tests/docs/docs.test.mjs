// The docs stay true: every route of the route table is in docs/openapi.yaml,
// and docs/errors.md is what tools/gen_errors.py makes of the registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';

function routes() {
  const src = readFileSync('src/api/routes.c', 'utf8');
  const out = [];
  for (const m of src.matchAll(/\{"(GET|POST|PUT|PATCH|DELETE)",\s*"([^"]+)"/g)) out.push([m[1], m[2]]);
  return out;
}

// A minimal reading of the paths section: path lines at two spaces, methods at four.
function documented() {
  const lines = readFileSync('docs/openapi.yaml', 'utf8').split('\n');
  const seen = new Set();
  let inPaths = false;
  let current = null;
  for (const line of lines) {
    if (/^paths:/.test(line)) { inPaths = true; continue; }
    if (inPaths && /^\S/.test(line)) inPaths = false;
    if (!inPaths) continue;
    let m = line.match(/^ {2}(\/\S*):\s*$/);
    if (m) { current = m[1]; continue; }
    m = line.match(/^ {4}(get|post|put|patch|delete):/);
    if (m && current) seen.add(`${m[1].toUpperCase()} ${current}`);
  }
  return seen;
}

test('the route table has routes', () => {
  assert.ok(routes().length >= 10);
});

test('every route is described in docs/openapi.yaml', () => {
  const seen = documented();
  const missing = routes().map(([m, p]) => `${m} ${p}`).filter((r) => !seen.has(r));
  assert.deepEqual(missing, [], `missing from docs/openapi.yaml: ${missing.join(', ')}`);
});

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
