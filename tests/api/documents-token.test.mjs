// Signing results on a PKCS#11 token over HTTP (issue 5): a SoftHSM2 token
// set up here holds the agency's key; the server is configured with the
// module and a wrong PIN, so issuing is refused with a clear error and
// changes nothing; `motcua pki sign` with the right PIN signs with the same
// token. Skipped where SoftHSM2 or OpenSC is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, loggedIn, assertError, runStatus, onlineComponents } from './helpers.mjs';
import { makePdf } from '../lib/pdf.mjs';

const MODULE = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'].find(existsSync);
const dir = mkdtempSync(path.join(tmpdir(), 'motcua-token-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const BIN = process.env.MOTCUA_BIN || 'build/motcua';

function setUpToken() {
  execFileSync(BIN, ['pki', 'init', '--data-dir', dir]);
  mkdirSync(path.join(dir, 'tokens'));
  writeFileSync(path.join(dir, 'softhsm2.conf'), `directories.tokendir = ${dir}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = path.join(dir, 'softhsm2.conf');
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'motcua', '--pin', '123456', '--so-pin', '654321']);
  execFileSync('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', `${dir}/pki/agency.key`, '-out', `${dir}/a.p8`]);
  execFileSync('openssl', ['x509', '-in', `${dir}/pki/agency.pem`, '-outform', 'DER', '-out', `${dir}/a.der`]);
  execFileSync('softhsm2-util', ['--import', `${dir}/a.p8`, '--token', 'motcua', '--label', 'motcua-agency', '--id', '01', '--pin', '123456']);
  execFileSync('pkcs11-tool', ['--module', MODULE, '--token-label', 'motcua', '--login', '--pin', '123456',
    '--write-object', `${dir}/a.der`, '--type', 'cert', '--label', 'motcua-agency', '--id', '01'], { stdio: 'ignore' });
}
if (MODULE) setUpToken();

const env = useServer({ args: ['--data-dir', dir, '--pkcs11.module', MODULE || '/nonexistent.so', '--pkcs11.pin', '000000'] });

test('issuing with a wrong token PIN is refused and changes nothing; the right PIN signs', { skip: !MODULE && 'SoftHSM2 is not installed' }, async () => {
  const me = { kind: 'person', name: 'Hoàng Văn An', id_number: '001090012345' };
  const c = await loggedIn(env.base, 'congdan');
  const ld02 = (await c.get('/api/v1/procedures/LD-02')).json;
  const r = await c.post('/api/v1/dossiers', { procedure_code: 'LD-02', applicant: me,
    components: await onlineComponents(c, ld02) });
  assert.equal(r.status, 201, r.text);
  const code = r.json.code;
  const as = {};
  for (const u of ['tiepnhan', 'chuyenvien', 'truongphong', 'lanhdao']) as[u] = await loggedIn(env.base, u);
  const act = async (u, a, b = {}) => assert.equal((await as[u].post(`/api/v1/dossiers/${code}/actions/${a}`, b)).status, 200);
  await act('tiepnhan', 'accept');
  await act('tiepnhan', 'transfer', { to_user: 'chuyenvien' });
  await act('chuyenvien', 'transfer');
  await act('truongphong', 'transfer');
  assert.equal((await as.chuyenvien.post(`/api/v1/dossiers/${code}/result`, makePdf(), { 'content-type': 'application/pdf' })).status, 201);
  await act('lanhdao', 'approve');
  const before = (await as.lanhdao.get(`/api/v1/dossiers/${code}`)).json;
  assertError(await as.lanhdao.post(`/api/v1/dossiers/${code}/issue`, {}), 503, 'SIGNER_PIN_REFUSED');
  const after = (await as.lanhdao.get(`/api/v1/dossiers/${code}`)).json;
  assert.equal(after.state, 'in_process');
  assert.equal(after.history.filter((e) => e.action !== 'viewed').length, before.history.filter((e) => e.action !== 'viewed').length);
  assert.deepEqual((await as.lanhdao.get(`/api/v1/dossiers/${code}/components`)).json.results, []);
  // The same token with the right PIN signs.
  writeFileSync(`${dir}/in.pdf`, makePdf());
  const s = runStatus(['pki', 'sign', `${dir}/in.pdf`, '--out', `${dir}/out.pdf`, '--data-dir', dir,
    '--pkcs11.module', MODULE, '--pkcs11.pin', '123456']);
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stdout, /pkcs11 key/);
  assert.match(execFileSync('pdfsig', [`${dir}/out.pdf`], { encoding: 'utf8' }), /Signature is Valid/);
});
