// Replies on the wire (issue 15, "the portal on a phone"): JSON and text
// replies of 1 KB or more are gzipped for a client that accepts it (the
// catalogue: ~10 KB to ~2 KB); the catalogue and calendar, the same for
// everyone, carry an ETag with "Cache-Control: no-cache" and answer 304 when
// the client has them; every other API reply stays "no-store".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { useServer, raw, rawJson } from './helpers.mjs';

const env = useServer();

test('a long JSON reply is gzipped when the client accepts it, and only then', async () => {
  const plain = await raw(env.base, 'GET', '/api/v1/procedures');
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.ok(plain.body.length > 1024, `catalogue ${plain.body.length} B`);
  assert.match(plain.headers.vary || '', /Accept-Encoding/);
  const gz = await raw(env.base, 'GET', '/api/v1/procedures', { 'accept-encoding': 'br, gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.ok(gz.body.length < plain.body.length / 2, `${gz.body.length} of ${plain.body.length} B`);
  assert.deepEqual(JSON.parse(gunzipSync(gz.body).toString('utf8')), rawJson(plain));
  for (const refuse of ['gzip;q=0', 'identity', 'br', 'gzip; q=0.0, identity']) {
    const r = await raw(env.base, 'GET', '/api/v1/procedures', { 'accept-encoding': refuse });
    assert.equal(r.headers['content-encoding'], undefined, refuse);
  }
  const star = await raw(env.base, 'GET', '/api/v1/procedures', { 'accept-encoding': '*' });
  assert.equal(star.headers['content-encoding'], 'gzip');
  // Short replies are sent as they are.
  const small = await raw(env.base, 'GET', '/healthz', { 'accept-encoding': 'gzip' });
  assert.equal(small.headers['content-encoding'], undefined);
});

test('the catalogue has an ETag and answers 304 to a client that has it', async () => {
  const first = await raw(env.base, 'GET', '/api/v1/procedures', { 'accept-encoding': 'gzip' });
  const etag = first.headers.etag;
  assert.match(etag, /^W\/"[0-9a-f]{16}"$/);
  assert.equal(first.headers['cache-control'], 'no-cache');
  const again = await raw(env.base, 'GET', '/api/v1/procedures', { 'if-none-match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  assert.equal(again.headers.etag, etag);
  const other = await raw(env.base, 'GET', '/api/v1/procedures', { 'if-none-match': 'W/"0000000000000000"' });
  assert.equal(other.status, 200);
  const one = await raw(env.base, 'GET', '/api/v1/procedures/LD-02');
  assert.ok(one.headers.etag);
  assert.notEqual(one.headers.etag, etag);
  const y = await raw(env.base, 'GET', '/api/v1/calendar/2026');
  assert.equal(y.headers['cache-control'], 'no-cache');
  // Errors and everything else are not kept.
  const missing = await raw(env.base, 'GET', '/api/v1/procedures/NO-SUCH');
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.etag, undefined);
  assert.equal(missing.headers['cache-control'], 'no-store');
  const track = await raw(env.base, 'GET', '/api/v1/track/000.00.00.H00-000000-0000');
  assert.equal(track.headers['cache-control'], 'no-store');
});

test('the shell names itself to browsers and phones: description, theme colour, manifest, /favicon.ico', async () => {
  const html = (await raw(env.base, 'GET', '/')).body.toString('utf8');
  assert.match(html, /<meta name="description" content="[^"]{40,}">/);
  assert.match(html, /<meta name="theme-color" content="#[0-9a-f]{6}">/);
  assert.match(html, /<link rel="manifest" href="manifest.webmanifest\?v=[0-9a-f]{12}">/);
  const m = await raw(env.base, 'GET', '/manifest.webmanifest');
  assert.equal(m.status, 200);
  assert.match(m.headers['content-type'], /^application\/manifest\+json/);
  const manifest = JSON.parse(m.body.toString('utf8'));
  assert.equal(manifest.start_url, './');
  for (const icon of manifest.icons) assert.equal((await raw(env.base, 'GET', `/${icon.src}`)).status, 200, icon.src);
  const ico = await raw(env.base, 'GET', '/favicon.ico');
  assert.equal(ico.status, 200);
  assert.match(ico.headers['content-type'], /^image\/svg\+xml/);
});

test('the shell names every file by its content: kept a year when asked by version, the import map allowed by its hash', async () => {
  const { createHash } = await import('node:crypto');
  const shell = await raw(env.base, 'GET', '/');
  const html = shell.body.toString('utf8');
  assert.equal(shell.headers['cache-control'], 'no-cache', 'the shell itself is always checked');
  const app = html.match(/<script type="module" src="js\/app\.js\?v=([0-9a-f]{12})"><\/script>/);
  assert.ok(app, 'the entry script is named by version');
  for (const css of ['app', 'queue', 'dossiers', 'kpi']) assert.match(html, new RegExp(`href="css/${css}\\.css\\?v=[0-9a-f]{12}"`));
  const m = html.match(/<script type="importmap">(.*?)<\/script>/);
  assert.ok(m, 'an import map');
  assert.ok(html.indexOf('type="importmap"') < html.indexOf('type="module"'), 'the map comes before any module');
  const map = JSON.parse(m[1]).imports;
  assert.equal(map['/js/app.js'], `/js/app.js?v=${app[1]}`);
  assert.match(map['/js/pages/catalogue.js'], /^\/js\/pages\/catalogue\.js\?v=[0-9a-f]{12}$/);
  const hash = createHash('sha256').update(m[1]).digest('base64');
  assert.ok(shell.headers['content-security-policy'].includes(`script-src 'self' 'sha256-${hash}'`),
    shell.headers['content-security-policy']);
  assert.doesNotMatch(shell.headers['content-security-policy'], /unsafe-inline/);
  // Asked by its version: a year, immutable; by another or none: checked.
  const mod = await raw(env.base, 'GET', map['/js/pages/catalogue.js']);
  assert.equal(mod.status, 200);
  assert.equal(mod.headers['cache-control'], 'public, max-age=31536000, immutable');
  const stale = await raw(env.base, 'GET', '/js/pages/catalogue.js?v=000000000000');
  assert.equal(stale.headers['cache-control'], 'no-cache');
  const bare = await raw(env.base, 'GET', '/js/pages/catalogue.js');
  assert.equal(bare.headers['cache-control'], 'no-cache');
  // Every file the map names is served under its address.
  for (const addr of Object.values(map).slice(0, 60)) assert.equal((await raw(env.base, 'GET', addr)).status, 200, addr);
});
