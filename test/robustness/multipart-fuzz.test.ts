import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import sharp from 'sharp';
import type { Sequelize } from 'sequelize';
import { createDatabase } from '../../api/src/domain/db/connect';
import { createTestAccount, testServices } from '../support/harness';
import { startApiProcess, type ApiProcess } from './api-process';
import { rawExchange, type RawRequest, type RawResponse } from './raw-http';

/**
 * The multipart parser against malformed bodies over real sockets, with the API in its own
 * process: whatever a client sends, the process keeps serving and no temp file is left behind.
 */

const BOUNDARY = 'lumiku-fuzz-boundary';

interface Part {
  name: string;
  filename?: string;
  type?: string;
  data: Buffer | string;
  /** Extra header lines for this part. */
  extra?: string[];
}

function form(parts: Part[], opts: { boundary?: string; close?: boolean } = {}): Buffer {
  const b = opts.boundary ?? BOUNDARY;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `Content-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    const lines = [`--${b}`, disposition, ...(p.type ? [`Content-Type: ${p.type}`] : []), ...(p.extra ?? [])];
    chunks.push(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data), Buffer.from('\r\n'));
  }
  if (opts.close !== false) chunks.push(Buffer.from(`--${b}--\r\n`));
  return Buffer.concat(chunks);
}

/** A deterministic PRNG, so a failing mutation can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function inParallel<T, R>(items: T[], width: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

describe('Robustness: malformed multipart uploads never take the API process down', function () {
  this.timeout(240_000);
  let db: Sequelize;
  let api: ApiProcess;
  let key: string;
  let png: Buffer;

  before(async () => {
    const svc = await testServices();
    db = createDatabase({ databaseUrl: svc.databaseUrl, poolMax: 1, statementTimeoutMs: 10_000 });
    key = (await createTestAccount(db)).test;
    png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toBuffer();
    api = await startApiProcess({ RATE_LIMIT_PER_WINDOW: '0', FILE_MAX_BYTES: String(8 * 1024 * 1024) });
  });
  after(async () => {
    await api?.stop();
    await db?.close();
  });

  const upload = (req: Partial<RawRequest> & { body: Buffer }, boundary = BOUNDARY) =>
    rawExchange(api.baseUrl, { path: '/v1/files', ...req, headers: { authorization: `Bearer ${key}`, 'content-type': `multipart/form-data; boundary=${boundary}`, ...(req.headers ?? {}) } });

  /** The process is alive, answers /health, logged no uncaught error, and its temp folder empties. */
  async function assertSurvived(what: string) {
    assert.equal(api.exit(), null, `the API process exited after ${what}:\n${api.output()}`);
    const health = await fetch(`${api.baseUrl}/health`).then((r) => r.status, (err: Error) => err.message);
    assert.equal(health, 200, `/health after ${what}`);
    assert.doesNotMatch(api.output(), /uncaught|unhandled/i, `after ${what}`);
    const deadline = Date.now() + 10_000;
    let left: string[] = [];
    for (;;) {
      left = fs.existsSync(api.tmpDir) ? fs.readdirSync(api.tmpDir) : [];
      if (!left.length || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(left, [], `temp files left behind after ${what}`);
  }

  /** Every answer that came back is a deliberate one: never a 5xx. */
  function assertNo5xx(results: RawResponse[], what: string) {
    const bad = results.map((r, i) => [i, r.status, r.text.slice(-300)] as const).filter(([, s]) => s !== null && s >= 500);
    assert.deepEqual(bad, [], `5xx answers for ${what}`);
  }

  const valid = () => form([{ name: 'filename', data: 'pixel.png' }, { name: 'file', filename: 'a.png', type: 'image/png', data: png }]);

  it('a valid upload works (the baseline the other cases break)', async () => {
    const r = await upload({ body: valid() });
    assert.equal(r.status, 201, r.text);
    await assertSurvived('a valid upload');
  });

  it('a body cut at every offset, framed complete (Content-Length = what was sent): a 4xx, or 201 once the form is whole', async () => {
    const body = valid();
    const offsets = Array.from({ length: body.length }, (_, i) => i);
    const results = await inParallel(offsets, 8, (n) => upload({ body: body.subarray(0, n) }));
    assertNo5xx(results, 'truncated forms');
    results.forEach((r, n) => assert.ok(r.status !== null, `offset ${n}: no answer (${r.error})`));
    // Up to the closing boundary's dashes the form is incomplete: always refused.
    const closing = body.lastIndexOf(Buffer.from(`--${BOUNDARY}--`)) + BOUNDARY.length + 4;
    results.slice(0, closing - 1).forEach((r, n) => assert.ok(r.status! >= 400 && r.status! < 500, `offset ${n}: ${r.status} ${r.text.slice(-200)}`));
    await assertSurvived('truncated forms');
  });

  it('a body that stops short of its Content-Length at every offset, then half-closes or resets', async () => {
    const body = valid();
    const cases = Array.from({ length: body.length }, (_, n) => ({ n, then: n % 2 ? ('half-close' as const) : ('abort' as const) }));
    const results = await inParallel(cases, 16, ({ n, then }) => upload({ body: body.subarray(0, n), contentLength: body.length, then, timeoutMs: 3000 }));
    assertNo5xx(results, 'bodies cut short of their length');
    await assertSurvived('bodies cut short of their length');
  });

  it('the same cuts with chunked transfer encoding', async () => {
    const body = valid();
    const offsets = Array.from({ length: Math.ceil(body.length / 3) }, (_, i) => i * 3);
    const results = await inParallel(offsets, 8, (n) => upload({ body: body.subarray(0, n), contentLength: 'chunked' }));
    assertNo5xx(results, 'chunked truncated forms');
    results.forEach((r, i) => assert.ok(r.status !== null && r.status < 500, `offset ${offsets[i]}: ${r.status} ${r.error ?? ''}`));
    await assertSurvived('chunked truncated forms');
  });

  it('wrong field names: 422 naming the field, for complete and for cut-short forms', async () => {
    const cases: Array<{ parts: Part[]; field: string | null }> = [
      { parts: [{ name: 'upload', filename: 'img.png', type: 'image/png', data: png }], field: 'upload' },
      { parts: [{ name: 'File', filename: 'img.png', data: png }], field: 'File' },
      { parts: [{ name: 'file[]', filename: 'img.png', data: png }], field: 'file[]' },
      { parts: [{ name: '', filename: 'img.png', data: png }], field: 'file' },
      { parts: [{ name: 'note', data: 'x' }, { name: 'file', filename: 'img.png', data: png }], field: 'note' },
      { parts: [{ name: 'file', filename: 'img.png', data: png }, { name: 'note', data: 'x' }], field: 'note' },
      { parts: [{ name: 'file', filename: 'img.png', data: png }, { name: 'upload', filename: 'b.png', data: png }], field: null },
      { parts: [{ name: 'file', data: png }], field: 'file' }, // no filename: a text field, not a file
      { parts: [{ name: 'filename', data: 'x'.repeat(10_000) }, { name: 'file', filename: 'img.png', data: png }], field: 'filename' },
    ];
    const complete = await inParallel(cases, 4, (c) => upload({ body: form(c.parts) }));
    complete.forEach((r, i) => {
      assert.ok(r.status === 422 || r.status === 400, `case ${i}: ${r.status} ${r.text.slice(-300)}`);
      if (cases[i].field !== null && r.status === 422) assert.match(r.text, new RegExp(`"path":"${cases[i].field.replace(/[[\]]/g, '\\$&')}"`), `case ${i}`);
    });
    // The issue's second crash: the unexpected part, and the form, end before their boundary.
    const cut = await inParallel(cases, 4, (c) => upload({ body: form(c.parts, { close: false }).subarray(0, -2) }));
    assertNo5xx(cut, 'wrong names, cut short');
    cut.forEach((r, i) => assert.ok(r.status !== null && r.status >= 400, `cut case ${i}: ${r.status}`));
    await assertSurvived('wrong field names');
  });

  it('many parts: thousands of fields, files, and one part per byte of the file', async () => {
    const manyFields = form(Array.from({ length: 5000 }, () => ({ name: 'filename', data: 'a' })));
    const manyFiles = form(Array.from({ length: 5000 }, (_, i) => ({ name: 'file', filename: `f${i}.bin`, data: 'b' })));
    const perByte = form([...png].map((byte, i) => ({ name: 'file', filename: `p${i}`, data: Buffer.from([byte]) })));
    const wrongMany = form(Array.from({ length: 2000 }, (_, i) => ({ name: `x${i}`, filename: 'y', data: 'z' })));
    const emptyParts = Buffer.from(`--${BOUNDARY}\r\n\r\n\r\n`.repeat(3000) + `--${BOUNDARY}--\r\n`);
    const results = await inParallel([manyFields, manyFiles, perByte, wrongMany, emptyParts], 5, (body) => upload({ body }));
    results.forEach((r, i) => assert.ok(r.status === 400 || r.status === 422, `case ${i}: ${r.status} ${r.text.slice(-300)}`));
    await assertSurvived('many parts');
  });

  it('huge headers: part headers, header pairs, names, boundaries and the HTTP head itself', async () => {
    const longName = 'n'.repeat(100_000);
    const cases: Array<{ body: Buffer; boundary?: string; headers?: Record<string, string>; mayStore?: boolean; mayReset?: boolean }> = [
      { body: form([{ name: 'file', filename: 'f'.repeat(200_000), data: png }]) },
      // Header pairs past the 50th are ignored, so this one may be stored.
      { body: form([{ name: 'file', filename: 'a.png', data: png, extra: Array.from({ length: 500 }, (_, i) => `X-H${i}: v`) }]), mayStore: true },
      { body: form([{ name: longName, data: 'v' }, { name: 'file', filename: 'a.png', data: png }]) },
      { body: form([{ name: 'file', filename: 'a.png', data: png, extra: [`X-Long: ${'v'.repeat(300_000)}`] }]) },
      // A boundary far over RFC 2046's 70 characters: parsed all the same.
      { body: form([{ name: 'file', filename: 'a.png', data: png }], { boundary: 'b'.repeat(5000) }), boundary: 'b'.repeat(5000), mayStore: true },
      // An HTTP head over Node's 16 KiB limit: 431 and the connection closed at once. The body may
      // still be on its way, so the client's kernel can see a reset before it reads the 431.
      { body: valid(), headers: { 'x-padding': 'p'.repeat(64 * 1024) }, mayReset: true },
      { body: valid(), headers: { 'content-type': 'multipart/form-data' } },
      { body: valid(), headers: { 'content-type': 'multipart/form-data; boundary=' } },
      { body: valid(), headers: { 'content-type': `multipart/form-data; boundary="${BOUNDARY}"; boundary=other` }, mayStore: true },
      { body: Buffer.from(`--${BOUNDARY}\r\n${'Content-Disposition: form-data; name="file"\r\n'.repeat(2000)}\r\nx\r\n--${BOUNDARY}--\r\n`) },
      { body: Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n`) },
      { body: Buffer.from(`--${BOUNDARY}\r\n${'x'.repeat(100_000)}`) },
    ];
    const results = await inParallel(cases, 4, (c) => upload({ body: c.body, headers: c.headers }, c.boundary));
    assertNo5xx(results, 'huge headers');
    results.forEach((r, i) =>
      assert.ok(
        r.status === null ? cases[i].mayReset && /ECONNRESET|EPIPE/.test(r.error ?? '') : r.status >= 400 || (cases[i].mayStore && r.status === 201),
        `case ${i}: ${r.status} ${r.error ?? ''} ${r.text.slice(-200)}`,
      ),
    );
    await assertSurvived('huge headers');
  });

  it('one byte per write: a valid form still uploads, a cut one is still refused', async () => {
    const body = valid();
    const [ok, cut] = await Promise.all([
      upload({ body, writeSize: 1, timeoutMs: 30_000 }),
      upload({ body: body.subarray(0, body.length - 30), writeSize: 1, timeoutMs: 30_000 }),
    ]);
    assert.equal(ok.status, 201, ok.text);
    assert.equal(cut.status, 400, cut.text);
    await assertSurvived('byte-by-byte bodies');
  });

  it('bodies that stop mid-file, and clients that go away mid-upload, leave no temp file', async () => {
    const big = crypto.randomBytes(3 * 1024 * 1024);
    const whole = form([{ name: 'file', filename: 'big.bin', data: big }]);
    const headLen = whole.indexOf(big.subarray(0, 64));
    const cases: Array<Partial<RawRequest> & { body: Buffer }> = [
      // Content-Length says it all; the body stops mid-file (framed complete, so the form is cut).
      { body: whole.subarray(0, headLen + 1024 * 1024 + 17) },
      // The client goes away mid-file: reset, or half-close.
      { body: whole.subarray(0, headLen + 1536 * 1024), contentLength: whole.length, then: 'abort' },
      { body: whole.subarray(0, headLen + 1536 * 1024), contentLength: whole.length, then: 'half-close' },
      // The whole file arrived, the closing boundary never does.
      { body: whole.subarray(0, whole.length - 10), contentLength: whole.length, then: 'abort' },
      { body: whole.subarray(0, whole.length - 10), contentLength: whole.length, then: 'half-close' },
      { body: whole.subarray(0, whole.length - 10) },
      // Chunked, abandoned mid-file.
      { body: whole.subarray(0, headLen + 2 * 1024 * 1024), contentLength: 'chunked', then: 'abort' },
      // Over the cap (8 MiB): refused while streaming.
      { body: form([{ name: 'file', filename: 'huge.bin', data: Buffer.concat([big, big, big]) }]) },
      // A wrong-named large part, cut short.
      { body: form([{ name: 'upload', filename: 'big.bin', data: big }]).subarray(0, headLen + 2 * 1024 * 1024) },
    ];
    for (let round = 0; round < 3; round++) {
      const results = await inParallel(cases, cases.length, (c) => upload({ ...c, timeoutMs: 10_000 }));
      assertNo5xx(results, `mid-file cuts (round ${round})`);
      await assertSurvived(`mid-file cuts (round ${round})`);
    }
  });

  it('random mutations of a valid form (seeded): never a 5xx, never a crash', async () => {
    const base = valid();
    const rand = prng(0x5eed);
    const pick = (n: number) => Math.floor(rand() * n);
    const tokens = ['\r\n', '--', `--${BOUNDARY}`, `\r\n--${BOUNDARY}\r\n`, `--${BOUNDARY}--`, '\r\n\r\n', '"', ';', 'Content-Disposition: form-data; name="file"; filename="z"\r\n', '\u0000', 'filename*=UTF-8\'\'%FF%FE'];
    const mutants = Array.from({ length: 400 }, () => {
      let b = Buffer.from(base);
      for (let k = 1 + pick(4); k > 0; k--) {
        const at = pick(b.length + 1);
        switch (pick(4)) {
          case 0: // flip a byte
            if (b.length) b[Math.min(at, b.length - 1)] = pick(256);
            break;
          case 1: // insert a framing token
            b = Buffer.concat([b.subarray(0, at), Buffer.from(tokens[pick(tokens.length)], 'latin1'), b.subarray(at)]);
            break;
          case 2: // delete a run
            b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + pick(40))]);
            break;
          default: // cut
            b = b.subarray(0, at);
        }
      }
      return b;
    });
    const results = await inParallel(mutants, 8, (body) => upload({ body }));
    assertNo5xx(results, 'mutated forms');
    results.forEach((r, i) => assert.ok(r.status !== null, `mutant ${i}: no answer (${r.error})`));
    await assertSurvived('mutated forms');
  });
});
