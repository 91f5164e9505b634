// A small XLSX reader for the tests of the exports (issue 12): enough to open
// a workbook as a spreadsheet program would and check it cell by cell. It
// unzips with node:zlib (the central directory gives the sizes, so entries
// written with data descriptors are read too), then reads the first sheet,
// the shared strings and the styles. A cell is {value, type}: type 'string'
// (shared, inline or formula string), 'number', 'date' (a number whose
// style's format shows a date; value "YYYY-MM-DD" or "YYYY-MM-DD HH:MM",
// the wall time the cell shows), 'boolean', or 'formula' when the cell holds
// one (value: the formula text). No dependency beyond Node.
import { inflateRawSync } from 'node:zlib';

/** The entries of a zip archive: Map name → Buffer. */
export function unzip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip archive: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nlen = buf.readUInt16LE(p + 28), xlen = buf.readUInt16LE(p + 30), clen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nlen);
    p += 46 + nlen + xlen + clen;
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header of ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    let data;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw);
    else throw new Error(`${name}: compression method ${method}`);
    if (data.length !== usize) throw new Error(`${name}: ${data.length} bytes, want ${usize}`);
    files.set(name, data);
  }
  return files;
}

const unescape = (s) => s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e) => {
  if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e];
});

/** The attributes of an XML start tag as an object. */
function attrs(tag) {
  const out = {};
  for (const m of tag.matchAll(/([\w:]+)="([^"]*)"/g)) out[m[1]] = unescape(m[2]);
  return out;
}

/** The text of every <t> inside an element (rich text runs joined). */
const texts = (xml) => [...xml.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>|<t\s*\/>/g)].map((m) => unescape(m[1] || '')).join('');

function sharedStrings(xml) {
  if (!xml) return [];
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map((m) => texts(m[1] || ''));
}

// Excel's built-in number formats that show dates or times.
const BUILTIN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** For each cell style index: {numFmtId, formatCode, date}. */
function styles(xml) {
  if (!xml) return [];
  const custom = new Map();
  for (const m of xml.matchAll(/<numFmt\s[^>]*>/g)) {
    const a = attrs(m[0]);
    custom.set(Number(a.numFmtId), a.formatCode);
  }
  const xfs = (xml.match(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/) || [, ''])[1];
  return [...xfs.matchAll(/<xf\s[^>]*?\/?>/g)].map((m) => {
    const id = Number(attrs(m[0]).numFmtId || 0);
    const code = custom.get(id) || '';
    // A date format has d, m or y (or h, s) outside quotes and brackets.
    const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
    return { numFmtId: id, formatCode: code, date: BUILTIN_DATES.has(id) || /[dmyhs]/i.test(bare) };
  });
}

/** An Excel date serial (1900 system) as "YYYY-MM-DD" or "YYYY-MM-DD HH:MM". */
export function serialToDate(serial) {
  const minutes = Math.round(serial * 1440);
  const day = Math.floor(minutes / 1440), minute = minutes - day * 1440;
  const d = new Date(Date.UTC(1899, 11, 30) + day * 86400000);
  const date = d.toISOString().slice(0, 10);
  if (minute === 0 && Number.isInteger(serial)) return date;
  return `${date} ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** "B12" → {row: 12, col: 2} (1-based). */
export function cellRef(ref) {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  if (!m) throw new Error(`bad cell reference ${ref}`);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(m[2]), col };
}

/**
 * Reads sheet number `index` (1, the first, by default) of an XLSX file
 * (Buffer). Returns {sheetName, sheetNames (all, in order), rows:
 * [[cell|null…]…] (row 1 first), cell(ref), frozen: {rows, cols} | null,
 * widths: [width by column, 1-based], autoFilter}.
 */
export function readXlsx(buf, index = 1) {
  const files = unzip(buf);
  const str = (n) => (files.has(n) ? files.get(n).toString('utf8') : null);
  const workbook = str('xl/workbook.xml');
  if (!workbook) throw new Error('no xl/workbook.xml');
  const sheetNames = [...workbook.matchAll(/<sheet\s[^>]*>/g)].map((m) => attrs(m[0]).name);
  const sheetName = sheetNames[index - 1];
  const sheet = str(`xl/worksheets/sheet${index}.xml`);
  if (!sheet) throw new Error(`no xl/worksheets/sheet${index}.xml`);
  const strings = sharedStrings(str('xl/sharedStrings.xml'));
  const xfs = styles(str('xl/styles.xml'));
  const rows = [];
  for (const m of sheet.matchAll(/<c\s([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const a = attrs(m[1]);
    const body = m[2] || '';
    const { row, col } = cellRef(a.r);
    const v = (body.match(/<v>([^<]*)<\/v>/) || [])[1];
    const f = (body.match(/<f(?:\s[^>]*)?>([^<]*)<\/f>/) || [])[1];
    let cell = null;
    if (f !== undefined) cell = { type: 'formula', value: unescape(f) };
    else if (a.t === 's') cell = { type: 'string', value: strings[Number(v)] };
    else if (a.t === 'inlineStr') cell = { type: 'string', value: texts(body) };
    else if (a.t === 'str') cell = { type: 'string', value: unescape(v ?? '') };
    else if (a.t === 'b') cell = { type: 'boolean', value: v === '1' };
    else if (v !== undefined) {
      const num = Number(v);
      const style = xfs[Number(a.s || 0)];
      cell = style && style.date ? { type: 'date', value: serialToDate(num), serial: num } : { type: 'number', value: num };
    }
    if (!cell) continue;
    if (a.s) cell.format = (xfs[Number(a.s)] || {}).formatCode || '';
    while (rows.length < row) rows.push([]);
    const r = rows[row - 1];
    while (r.length < col) r.push(null);
    r[col - 1] = cell;
  }
  const pane = sheet.match(/<pane\s[^>]*>/);
  let frozen = null;
  if (pane) {
    const a = attrs(pane[0]);
    if (a.state === 'frozen') frozen = { rows: Number(a.ySplit || 0), cols: Number(a.xSplit || 0) };
  }
  const widths = [];
  for (const m of sheet.matchAll(/<col\s[^>]*>/g)) {
    const a = attrs(m[0]);
    for (let c = Number(a.min); c <= Number(a.max); c++) widths[c] = Number(a.width);
  }
  const af = sheet.match(/<autoFilter\s[^>]*>/);
  const cell = (ref) => {
    const { row, col } = cellRef(ref);
    return (rows[row - 1] || [])[col - 1] || null;
  };
  return { sheetName, sheetNames, rows, cell, frozen, widths, autoFilter: af ? attrs(af[0]).ref : null };
}

/** Parses CSV (RFC 4180) text into rows of strings; a leading BOM is dropped. */
export function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      field += ch; i++; continue;
    }
    if (ch === '"' && field === '') { quoted = true; i++; continue; }
    if (ch === ',') { row.push(field); field = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    if (ch === '\n' || ch === '\r') throw new Error(`a bare line end at ${i} (RFC 4180 wants CRLF)`);
    field += ch; i++;
  }
  if (field !== '' || row.length) throw new Error('the last record does not end with CRLF');
  return rows;
}
