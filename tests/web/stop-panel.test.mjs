// Form 05 from the dossier page (issue 15 item 16): stopping asks for the
// legal basis and what happens to the fees already paid, withdrawing for the
// fees; what is chosen is sent with the action and printed on the form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, go, logIn, finish, Client } from './helpers.mjs';
import { seedProcedure } from '../api/helpers.mjs';

const env = useServerAndBrowser();
const LD02 = seedProcedure('LD-02');

async function receive() {
  const c = new Client(env.base);
  assert.equal((await c.login('tiepnhan')).status, 200);
  const r = await c.post('/api/v1/dossiers', {
    procedure_code: 'LD-02',
    applicant: { kind: 'person', name: 'Đỗ Văn Hải', id_number: '035090005555' },
    components: LD02.components.map((x) => ({ doc_type: x.doc_type, status: x.mandatory ? 'paper' : 'not_applicable' })),
  });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}

test('withdrawing asks what happens to the fees paid, and sends the choice', async () => {
  const code = await receive();
  const p = await openPage(env);
  await logIn(p.page, env.base, 'tiepnhan');
  await go(p.page, env.base, `#/dossiers/${code}`);
  await p.page.click('#act-withdraw');
  await p.page.waitForSelector('#form-withdraw');
  assert.equal(await p.page.locator('#form-withdraw [name="legal_basis"]').count(), 0, 'no basis when withdrawing');
  const options = await p.page.locator('#form-withdraw select[name="fee_handling"] option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(options, ['none', 'refund', 'no_refund']);
  assert.equal(await p.page.getByLabel('Phí, lệ phí đã nộp').count(), 1, 'the choice has its label');
  await p.page.selectOption('#form-withdraw select[name="fee_handling"]', 'refund');
  await p.page.fill('#form-withdraw [name="note"]', 'Người nộp xin rút hồ sơ');
  const sent = p.page.waitForRequest((r) => r.url().endsWith('/actions/withdraw') && r.method() === 'POST');
  await p.page.click('#act-confirm');
  const body = (await sent).postDataJSON();
  assert.equal(body.fee_handling, 'refund');
  assert.equal(body.note, 'Người nộp xin rút hồ sơ');
  await p.page.waitForSelector('#dossier-notice .alert-success');
  await finish(p);
});

test('stopping asks for the legal basis and the fees', async () => {
  const code = await receive();
  const p = await openPage(env);
  await logIn(p.page, env.base, 'lanhdao');
  await go(p.page, env.base, `#/dossiers/${code}`);
  await p.page.click('#act-stop');
  await p.page.waitForSelector('#form-stop');
  await p.page.fill('#form-stop [name="legal_basis"]', 'Khoản 2 Điều 12 Nghị định 118/2025/NĐ-CP');
  await p.page.selectOption('#form-stop select[name="fee_handling"]', 'no_refund');
  await p.page.fill('#form-stop [name="note"]', 'Hồ sơ có dấu hiệu giả mạo giấy tờ');
  const sent = p.page.waitForRequest((r) => r.url().endsWith('/actions/stop') && r.method() === 'POST');
  await p.page.click('#act-confirm');
  const body = (await sent).postDataJSON();
  assert.equal(body.legal_basis, 'Khoản 2 Điều 12 Nghị định 118/2025/NĐ-CP');
  assert.equal(body.fee_handling, 'no_refund');
  await p.page.waitForSelector('#dossier-notice .alert-success');
  await finish(p);
});
