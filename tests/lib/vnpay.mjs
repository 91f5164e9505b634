// The VNPAY 2.1.0 signing rules, written again in JavaScript for the tests
// (issue 13) the way the npm `vnpay` package does them: the vnp_* parameters
// but vnp_SecureHash(Type), empty ones left out, sorted by name,
// form-encoded by URLSearchParams (space '+'), HMAC-SHA512 in hex; querydr
// and refund sign their fields joined by '|'. A test that builds or checks a
// message with these checks motcua's C code against a second implementation.
import crypto from 'node:crypto';
import net from 'node:net';

export const SECRET = 'TESTSECRETMOTCUA0123456789ABCDEF';

export function hmac(data, secret = SECRET) {
  return crypto.createHmac('sha512', secret).update(Buffer.from(data, 'utf-8')).digest('hex');
}

/** The signed text of a parameter object. */
export function signData(params) {
  const p = new URLSearchParams();
  for (const k of Object.keys(params).sort()) {
    if (k === 'vnp_SecureHash' || k === 'vnp_SecureHashType') continue;
    if (params[k] === undefined || params[k] === null || params[k] === '') continue;
    p.append(k, String(params[k]));
  }
  return p.toString();
}

/** params with vnp_SecureHash added, as a query string. */
export function signedQuery(params, secret = SECRET) {
  const data = signData(params);
  return `${data}&vnp_SecureHash=${hmac(data, secret)}`;
}

/** True if the query string (or URLSearchParams) carries a good signature. */
export function verifyQuery(query, secret = SECRET) {
  const q = Object.fromEntries(new URLSearchParams(query));
  return q.vnp_SecureHash === hmac(signData(q), secret);
}

export const QUERYDR_REQUEST = ['vnp_RequestId', 'vnp_Version', 'vnp_Command', 'vnp_TmnCode', 'vnp_TxnRef',
  'vnp_TransactionDate', 'vnp_CreateDate', 'vnp_IpAddr', 'vnp_OrderInfo'];
export const REFUND_REQUEST = ['vnp_RequestId', 'vnp_Version', 'vnp_Command', 'vnp_TmnCode', 'vnp_TransactionType',
  'vnp_TxnRef', 'vnp_Amount', 'vnp_TransactionNo', 'vnp_TransactionDate', 'vnp_CreateBy', 'vnp_CreateDate',
  'vnp_IpAddr', 'vnp_OrderInfo'];
export const QUERYDR_ANSWER = ['vnp_ResponseId', 'vnp_Command', 'vnp_ResponseCode', 'vnp_Message', 'vnp_TmnCode',
  'vnp_TxnRef', 'vnp_Amount', 'vnp_BankCode', 'vnp_PayDate', 'vnp_TransactionNo', 'vnp_TransactionType',
  'vnp_TransactionStatus', 'vnp_OrderInfo', 'vnp_PromotionCode', 'vnp_PromotionAmount'];
export const REFUND_ANSWER = QUERYDR_ANSWER.slice(0, 13);

export function pipeHash(obj, fields, secret = SECRET) {
  return hmac(fields.map((f) => (obj[f] === undefined ? '' : String(obj[f]))).join('|'), secret);
}

/** yyyyMMddHHmmss in GMT+7. */
export function vnTime(ms = Date.now()) {
  return new Date(ms + 7 * 3600e3).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** A free loopback port (so that payment.public_url can name it before the server starts). */
export async function freePort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/** The serve flags of a server whose gateway is the sandbox at its own port. */
export function sandboxArgs(port, extra = []) {
  return ['--listen', `127.0.0.1:${port}`, '--payment.public_url', `http://127.0.0.1:${port}`,
    '--payment.gateway', 'sandbox', '--payment.vnpay.secret', SECRET, '--payment.sandbox_late_seconds', '3',
    ...extra];
}
