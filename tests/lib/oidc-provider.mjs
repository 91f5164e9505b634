// A stand-in OpenID Connect identity provider for the tests (issue 10): on
// 127.0.0.1, it serves discovery, an authorization endpoint that approves the
// configured user at once, a token endpoint (authorization code + PKCE S256,
// client_secret_basic or client_secret_post) and its JWKS, and signs ID
// tokens RS256 with an RSA key made by node:crypto. `mode` makes it
// misbehave the ways a hostile or broken provider (or a forged token) would.
import http from 'node:http';
import crypto from 'node:crypto';

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/**
 * Starts the provider. Returns {issuer, clientId, clientSecret, user, mode,
 * seen, stop()}; set `user` (the claims of whoever "logs in") and `mode`
 * (null, 'wrong-signature', 'wrong-aud', 'expired', 'wrong-nonce',
 * 'wrong-iss', 'alg-none', 'deny', 'reject-client') between flows.
 */
export async function startProvider({ clientId = 'motcua-test', clientSecret = 'bi-mat-cua-motcua', idClaim = 'id_number' } = {}) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const evil = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const codes = new Map();
  const p = { clientId, clientSecret, idClaim, user: null, mode: null, seen: [], issuer: null };

  function sign(claims, key = privateKey, alg = 'RS256') {
    const head = b64url(JSON.stringify({ alg, typ: 'JWT', kid: 'k1' }));
    const body = b64url(JSON.stringify(claims));
    if (alg === 'none') return `${head}.${body}.`;
    return `${head}.${body}.${b64url(crypto.sign('sha256', Buffer.from(`${head}.${body}`), key))}`;
  }

  function idToken(grant) {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: p.issuer, sub: `sub-${grant.user[idClaim]}`, aud: clientId, exp: now + 300, iat: now,
      nonce: grant.nonce, ...grant.user };
    switch (p.mode) {
      case 'wrong-signature': return sign(claims, evil.privateKey);
      case 'wrong-aud': return sign({ ...claims, aud: 'another-client' });
      case 'expired': return sign({ ...claims, exp: now - 3600, iat: now - 7200 });
      case 'wrong-nonce': return sign({ ...claims, nonce: 'not-the-nonce' });
      case 'wrong-iss': return sign({ ...claims, iss: 'http://127.0.0.1:1/' });
      case 'alg-none': return sign(claims, null, 'none');
      default: return sign(claims);
    }
  }

  function reply(res, status, body, headers = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  const server = http.createServer((req, res) => {
    const u = new URL(req.url, p.issuer);
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      p.seen.push({ method: req.method, path: u.pathname, headers: req.headers, body });
      if (u.pathname === '/.well-known/openid-configuration') {
        return reply(res, 200, {
          issuer: p.issuer, authorization_endpoint: `${p.issuer}/authorize`, token_endpoint: `${p.issuer}/token`,
          jwks_uri: `${p.issuer}/jwks`, response_types_supported: ['code'], subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'], code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        });
      }
      if (u.pathname === '/jwks') {
        return reply(res, 200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }] });
      }
      if (u.pathname === '/authorize') {
        const q = u.searchParams;
        if (q.get('client_id') !== clientId || q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' ||
          !q.get('code_challenge') || !q.get('nonce') || !q.get('state') || !(q.get('scope') || '').split(' ').includes('openid')) {
          return reply(res, 400, { error: 'invalid_request' });
        }
        const back = new URL(q.get('redirect_uri'));
        back.searchParams.set('state', q.get('state'));
        if (p.mode === 'deny') {
          back.searchParams.set('error', 'access_denied');
        } else {
          const code = b64url(crypto.randomBytes(24));
          codes.set(code, { nonce: q.get('nonce'), challenge: q.get('code_challenge'), redirect: q.get('redirect_uri'), user: { ...p.user } });
          back.searchParams.set('code', code);
        }
        res.writeHead(302, { location: back.toString() });
        return res.end();
      }
      if (u.pathname === '/token' && req.method === 'POST') {
        const f = new URLSearchParams(body);
        let id = f.get('client_id');
        let secret = f.get('client_secret');
        const auth = req.headers.authorization || '';
        if (auth.startsWith('Basic ')) {
          const [a, b] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
          id = decodeURIComponent(a);
          secret = decodeURIComponent(b);
        }
        if (id !== clientId || secret !== clientSecret || p.mode === 'reject-client') return reply(res, 401, { error: 'invalid_client' });
        const grant = codes.get(f.get('code'));
        codes.delete(f.get('code'));
        const challenge = b64url(crypto.createHash('sha256').update(f.get('code_verifier') || '').digest());
        if (f.get('grant_type') !== 'authorization_code' || !grant || grant.redirect !== f.get('redirect_uri') || grant.challenge !== challenge) {
          return reply(res, 400, { error: 'invalid_grant' });
        }
        return reply(res, 200, { access_token: b64url(crypto.randomBytes(16)), token_type: 'Bearer', expires_in: 300, id_token: idToken(grant) },
          { 'cache-control': 'no-store' });
      }
      return reply(res, 404, { error: 'not_found' });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  p.issuer = `http://127.0.0.1:${server.address().port}`;
  p.stop = () => new Promise((resolve) => server.close(resolve));
  return p;
}
