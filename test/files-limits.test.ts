import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createTestAccount, startTestApp, type TestAccount, type TestApp } from './support/harness';
import { makeMediaFixtures, type MediaFixtures } from './fixtures/media';
import { filesUnder } from './fixtures/uploads';

const BOUNDARY = '----lumiku-test-boundary';
const head = (filename: string, type: string) =>
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

/**
 * Sends a multipart upload whose file part is `prefix` followed by `fillerBytes` of filler, as a
 * chunked stream produced on demand (never held in memory), with Node's http client. Stops writing
 * as soon as a response arrives. Resolves with the response and how much of the body was sent.
 */
function streamUpload(baseUrl: string, key: string, opts: { prefix: Buffer; fillerBytes: number; filename?: string; contentLength?: number }) {
  return new Promise<{ status: number; body: any; sent: number; total: number; error?: string }>((resolve, reject) => {
    const total = head('x', 'y').length + opts.prefix.length + opts.fillerBytes + tail.length;
    const url = new URL('/v1/files', baseUrl);
    const req = http.request(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        ...(opts.contentLength !== undefined ? { 'content-length': String(opts.contentLength) } : {}),
      },
    });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    let remaining = opts.fillerBytes;
    let answered = false;
    const write = (buf: Buffer) => {
      sent += buf.length;
      return req.write(buf);
    };
    const pump = () => {
      while (!answered && remaining > 0) {
        const n = Math.min(remaining, chunk.length);
        remaining -= n;
        if (!write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      if (!answered) req.end(tail, () => (sent += tail.length));
    };
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let body: any;
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
        resolve({ status: res.statusCode!, body, sent, total });
        req.destroy();
      });
      res.on('error', reject);
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    write(head(opts.filename ?? 'big.bin', 'application/octet-stream'));
    write(opts.prefix);
    pump();
  });
}

describe('Files: size caps and streaming', function () {
  this.timeout(30_000);
  let media: MediaFixtures;
  before(async () => {
    media = await makeMediaFixtures();
  });
  after(() => {
    media?.cleanup();
  });

  describe('with a 1 MB upload cap', () => {
    let app: TestApp;
    let acct: TestAccount;
    before(async () => {
      app = await startTestApp({ FILE_MAX_BYTES: String(1024 * 1024) });
      acct = await createTestAccount(app.db);
    });
    after(async () => app?.close());

    const leftovers = () => [...filesUnder(path.join(app.config.dataDir, 'tmp')), ...filesUnder(app.config.storageLocalDir)];

    it('when a streamed upload passes the cap, then 413 payload_too_large arrives before the body is sent, and no partial file is left', async () => {
      const started = Date.now();
      const res = await streamUpload(app.baseUrl, acct.live, { prefix: fs.readFileSync(media.png), fillerBytes: 256 * 1024 * 1024 });
      assert.equal(res.status, 413, JSON.stringify(res.body));
      assert.equal(res.body.code, 'payload_too_large');
      assert.ok(res.sent < 64 * 1024 * 1024, `the client had to send ${res.sent} of ${res.total} bytes before the answer`);
      assert.ok(Date.now() - started < 10_000);
      assert.deepEqual(leftovers(), []);
    });

    it('when Content-Length already says the upload is over the cap, then 413 without reading the body', async () => {
      const res = await streamUpload(app.baseUrl, acct.live, { prefix: Buffer.alloc(0), fillerBytes: 64 * 1024 * 1024, contentLength: 64 * 1024 * 1024 + 1000 });
      assert.equal(res.status, 413);
      assert.equal(res.body.code, 'payload_too_large');
      assert.ok(res.sent < 16 * 1024 * 1024, `sent ${res.sent}`);
      assert.deepEqual(leftovers(), []);
    });

    it('when an upload is exactly at the cap, then it is accepted', async () => {
      // A PNG padded to exactly the cap: trailing bytes after IEND do not stop sharp reading the header.
      const png = fs.readFileSync(media.png);
      const res = await streamUpload(app.baseUrl, acct.live, { prefix: png, fillerBytes: 1024 * 1024 - png.length, filename: 'exact.png' });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.bytes, 1024 * 1024);
    });

    it('when the client disconnects mid-upload, then the partial temp file is removed', async () => {
      const req = http.request(new URL('/v1/files', app.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${acct.live}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      });
      req.on('error', () => {});
      const stored = filesUnder(app.config.storageLocalDir);
      req.write(head('partial.png', 'image/png'));
      req.write(Buffer.alloc(300 * 1024, 1));
      const tmp = path.join(app.config.dataDir, 'tmp');
      for (let i = 0; i < 100 && filesUnder(tmp).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(filesUnder(tmp).length, 1, 'the upload should be streaming to a temp file');
      req.destroy();
      for (let i = 0; i < 100 && filesUnder(tmp).length > 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(filesUnder(tmp), []);
      assert.deepEqual(filesUnder(app.config.storageLocalDir), stored);
    });

    it('when the server refused one upload, then the next request is served normally', async () => {
      await streamUpload(app.baseUrl, acct.live, { prefix: Buffer.alloc(0), fillerBytes: 8 * 1024 * 1024 });
      const res = await fetch(`${app.baseUrl}/v1/files`, { headers: { authorization: `Bearer ${acct.live}` } });
      assert.equal(res.status, 200);
    });
  });

  describe('with the default cap', () => {
    let app: TestApp;
    let acct: TestAccount;
    before(async () => {
      app = await startTestApp();
      acct = await createTestAccount(app.db);
    });
    after(async () => app?.close());

    it('when a 200 MB upload streams in, then the process RSS grows by less than 64 MB and the bytes are stored intact', async function () {
      this.timeout(60_000);
      global.gc?.();
      const baseline = process.memoryUsage.rss();
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
      const filler = 200 * 1024 * 1024;
      const mp4 = fs.readFileSync(media.mp4);
      let res;
      try {
        res = await streamUpload(app.baseUrl, acct.live, { prefix: mp4, fillerBytes: filler, filename: 'long.mp4' });
      } finally {
        clearInterval(sampler);
      }
      const growth = (peak - baseline) / 1024 / 1024;
      assert.ok(growth < 64, `RSS grew by ${growth.toFixed(1)} MB`);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.bytes, mp4.length + filler);
      assert.equal(res.body.kind, 'video');
      assert.equal(fs.statSync(path.join(app.config.storageLocalDir, 'files', acct.accountId, res.body.id)).size, mp4.length + filler);
      assert.deepEqual(filesUnder(path.join(app.config.dataDir, 'tmp')), []);
    });
  });
});
