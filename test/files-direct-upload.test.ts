import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { QueryTypes } from 'sequelize';
import { download } from './fixtures/uploads';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from './support/harness';

/** s3rver ships no types: the part of it used here. */
interface S3rver {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (opts: Record<string, unknown>) => S3rver;

const BUCKET = 'lumiku-direct';
const MiB = 1024 * 1024;
/** S3's smallest part (all but the last), so an 11 MiB file goes up in 3 parts. */
const PART = 5 * MiB;
const CAP = 13 * MiB;

/** A PNG of noise (incompressible, stored uncompressed): about 10.9 MiB, a real image the API can probe and a job can use. */
async function bigPng(): Promise<Buffer> {
  const [w, h] = [2000, 1900];
  return sharp(crypto.randomBytes(w * h * 3), { raw: { width: w, height: h, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

async function putPart(url: string, bytes: Buffer): Promise<string> {
  const res = await fetch(url, { method: 'PUT', body: bytes });
  assert.equal(res.status, 200, await res.text());
  const etag = res.headers.get('etag');
  assert.ok(etag, 'the part PUT answered no ETag');
  return etag;
}

/** PUTs each part of `bytes` straight to its presigned URL (in parallel), as a client would. */
async function putParts(upload: { part_size: number; parts: { part_number: number; url: string }[] }, bytes: Buffer) {
  return Promise.all(
    upload.parts.map(async (p) => ({
      part_number: p.part_number,
      etag: await putPart(p.url, bytes.subarray((p.part_number - 1) * upload.part_size, p.part_number * upload.part_size)),
    })),
  );
}

describe('Files: direct-to-S3 uploads (presigned multipart parts) against a real local S3 server', function () {
  this.timeout(120_000);
  let s3: S3rver;
  let s3Dir: string;
  let app: TestApp;
  let acct: TestAccount;
  let png: Buffer;

  before(async () => {
    s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-s3rver-'));
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
    const { port } = await s3.run();
    app = await startTestApp(
      {
        STORAGE_DRIVER: 's3',
        S3_BUCKET: BUCKET,
        S3_ENDPOINT: `http://127.0.0.1:${port}`,
        S3_REGION: 'us-east-1',
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
        S3_UPLOAD_PART_BYTES: String(PART),
        FILE_MAX_BYTES: String(CAP),
        RATE_LIMIT_PER_WINDOW: '0',
      },
      { worker: true },
    );
    acct = await createTestAccount(app.db, { balance: 100 });
    png = await bigPng();
    assert.ok(png.length > 2 * PART && png.length < CAP, `fixture is ${png.length} bytes`);
  });
  after(async () => {
    await app?.close();
    await s3?.close();
    fs.rmSync(s3Dir, { recursive: true, force: true });
  });

  const create = (key: string, bytes: number, filename = 'noise.png') => call(app.baseUrl, 'POST', '/v1/files/uploads', { key, body: { filename, content_type: 'image/png', bytes } });
  const complete = (key: string, id: string, parts: unknown) => call(app.baseUrl, 'POST', `/v1/files/uploads/${id}/complete`, { key, body: { parts } });
  const uploadStatus = async (id: string) =>
    (await app.db.query<{ status: string }>(`SELECT status FROM file_uploads WHERE id = :id`, { replacements: { id }, type: QueryTypes.SELECT }))[0]?.status;
  const objectExists = (key: string) => fs.existsSync(path.join(s3Dir, BUCKET, `${key}._S3rver_object`));

  it('when a multi-part file is PUT to its presigned URLs and completed, then it is inspected like an upload, becomes a file and a job uses it', async () => {
    const created = await create(acct.test, png.length);
    assert.equal(created.status, 201, created.text);
    const upload = created.body;
    assert.match(upload.id, /^upl_/);
    assert.equal(upload.object, 'file_upload');
    assert.equal(upload.status, 'open');
    assert.equal(upload.part_size, PART);
    assert.equal(upload.livemode, false);
    assert.deepEqual(upload.parts.map((p: any) => p.part_number), [1, 2, 3]);
    assert.deepEqual(upload.parts.map((p: any) => p.bytes), [PART, PART, png.length - 2 * PART]);
    for (const p of upload.parts) assert.match(p.url, /X-Amz-Signature=/);

    const parts = await putParts(upload, png);
    const done = await complete(acct.test, upload.id, [...parts].reverse());
    assert.equal(done.status, 200, done.text);
    const file = done.body;
    assert.equal(file.id, upload.file_id);
    assert.equal(file.object, 'file');
    assert.equal(file.content_type, 'image/png');
    assert.equal(file.kind, 'image');
    assert.equal(file.bytes, png.length);
    assert.equal(file.sha256, crypto.createHash('sha256').update(png).digest('hex'));
    assert.equal(file.metadata.width, 2000);
    assert.equal(file.metadata.height, 1900);
    assert.equal(file.source, 'upload');
    assert.equal(file.livemode, false);
    assert.equal(await uploadStatus(upload.id), 'completed');
    assert.ok(objectExists(`files/${acct.accountId}/${file.id}`), 'the object is at the file\'s key');

    // Served back from S3 through the API, byte for byte.
    const got = await download(`${app.baseUrl}/v1/files/${file.id}/content`, { authorization: `Bearer ${acct.test}` });
    assert.equal(got.status, 200);
    assert.ok(got.bytes.equals(png), 'downloaded bytes differ');

    // Completing again (a retry) answers the same file.
    const again = await complete(acct.test, upload.id, parts);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.id, file.id);

    // The worker reads the file from S3 and makes a carousel of it.
    const job = await call(app.baseUrl, 'POST', '/v1/carousels', {
      key: acct.test,
      body: { slides: [{ images: [file.id], texts: ['One'] }, { images: [file.id], texts: ['Two'] }], sets: 1, aspect_ratio: '1:1', format: 'jpeg' },
    });
    assert.equal(job.status, 202, job.text);
    const finished = (await call(app.baseUrl, 'GET', `/v1/carousels/${job.body.id}?wait=60`, { key: acct.test })).body;
    assert.equal(finished.status, 'succeeded', JSON.stringify(finished.error));
  });

  it('when a part is missing from the list, then 422 names parts and the upload stays open; a wrong ETag is 422 and the object is removed', async () => {
    const upload = (await create(acct.test, png.length)).body;
    const parts = await putParts(upload, png);

    const missing = await complete(acct.test, upload.id, [parts[0], parts[2]]);
    assert.equal(missing.status, 422, missing.text);
    assert.equal(missing.body.code, 'validation_failed');
    assert.deepEqual(missing.body.errors.map((e: any) => e.path), ['parts']);
    assert.match(missing.body.errors[0].message, /missing part\(s\) 2/);
    assert.equal(await uploadStatus(upload.id), 'open');

    const twice = await complete(acct.test, upload.id, [parts[0], parts[1], parts[1]]);
    assert.equal(twice.status, 422, twice.text);
    assert.deepEqual(twice.body.errors.map((e: any) => e.path), ['parts[2].part_number']);

    const wrong = await complete(acct.test, upload.id, [parts[0], { part_number: 2, etag: '"0123456789abcdef0123456789abcdef"' }, parts[2]]);
    assert.equal(wrong.status, 422, wrong.text);
    assert.equal(wrong.body.code, 'validation_failed');
    assert.deepEqual(wrong.body.errors.map((e: any) => e.path), ['parts[1].etag']);
    assert.equal(await uploadStatus(upload.id), 'failed');
    const [{ n }] = await app.db.query<{ n: string }>(`SELECT count(*) AS n FROM files WHERE id = :id`, { replacements: { id: upload.file_id }, type: QueryTypes.SELECT });
    assert.equal(Number(n), 0, 'no file was recorded');
    assert.equal(objectExists(`files/${acct.accountId}/${upload.file_id}`), false, 'the refused object was removed from the bucket');

    const after = await complete(acct.test, upload.id, parts);
    assert.equal(after.status, 409, after.text);
    assert.equal(after.body.code, 'upload_not_open');
  });

  it('when an upload is aborted, then it answers aborted without part URLs, cannot be completed, and aborting again is harmless', async () => {
    const upload = (await create(acct.test, png.length)).body;
    const aborted = await call(app.baseUrl, 'POST', `/v1/files/uploads/${upload.id}/abort`, { key: acct.test });
    assert.equal(aborted.status, 200, aborted.text);
    assert.equal(aborted.body.status, 'aborted');
    assert.deepEqual(aborted.body.parts, []);
    const retrieved = await call(app.baseUrl, 'GET', `/v1/files/uploads/${upload.id}`, { key: acct.test });
    assert.equal(retrieved.body.status, 'aborted');

    const done = await complete(acct.test, upload.id, [{ part_number: 1, etag: 'x' }, { part_number: 2, etag: 'x' }, { part_number: 3, etag: 'x' }]);
    assert.equal(done.status, 409, done.text);
    assert.equal(done.body.code, 'upload_not_open');
    assert.equal((await call(app.baseUrl, 'POST', `/v1/files/uploads/${upload.id}/abort`, { key: acct.test })).status, 200);
  });

  it("when another account, or the other mode of the same account, names an upload, then it is 404", async () => {
    const upload = (await create(acct.test, 100)).body;
    const other = await createTestAccount(app.db);
    for (const key of [other.test, other.live, acct.live]) {
      assert.equal((await call(app.baseUrl, 'GET', `/v1/files/uploads/${upload.id}`, { key })).status, 404);
      const done = await complete(key, upload.id, [{ part_number: 1, etag: 'x' }]);
      assert.equal(done.status, 404, done.text);
      assert.equal(done.body.code, 'resource_not_found');
      assert.equal((await call(app.baseUrl, 'POST', `/v1/files/uploads/${upload.id}/abort`, { key })).status, 404);
    }
    assert.equal(await uploadStatus(upload.id), 'open');
    const live = await create(acct.live, 100);
    assert.equal(live.status, 201);
    assert.equal(live.body.livemode, true);
    assert.equal((await call(app.baseUrl, 'GET', `/v1/files/uploads/${live.body.id}`, { key: acct.test })).status, 404);
  });

  it('when the declared size is over the cap, then 413; when the parts add up to more than the cap, then 413 and nothing is kept', async () => {
    const over = await create(acct.test, CAP + 1);
    assert.equal(over.status, 413, over.text);
    assert.equal(over.body.code, 'payload_too_large');

    // Declared within the cap, but the parts sent are bigger: the real size is what counts.
    const upload = (await create(acct.test, 12 * MiB)).body;
    assert.equal(upload.parts.length, 3);
    const big = crypto.randomBytes(14 * MiB);
    const parts = await Promise.all(upload.parts.map(async (p: any, i: number) => ({ part_number: p.part_number, etag: await putPart(p.url, big.subarray(i * PART, i === 2 ? big.length : (i + 1) * PART)) })));
    const done = await complete(acct.test, upload.id, parts);
    assert.equal(done.status, 413, done.text);
    assert.equal(done.body.code, 'payload_too_large');
    assert.equal(await uploadStatus(upload.id), 'failed');
    assert.equal(objectExists(`files/${acct.accountId}/${upload.file_id}`), false);
  });

  it('when the fields are invalid, then 422 names them', async () => {
    const res = await call(app.baseUrl, 'POST', '/v1/files/uploads', { key: acct.test, body: { filename: 'a.png', content_type: 'image/png', bytes: 0 } });
    assert.equal(res.status, 422, res.text);
    assert.ok(res.body.errors.some((e: any) => e.path === 'bytes'), res.text);
  });

  it('when files are stored locally, then every direct-upload operation answers 409 direct_upload_needs_s3', async () => {
    const local = await startTestApp();
    try {
      const a = await createTestAccount(local.db);
      const id = 'upl_01jhx7f1le000000000000000b';
      const answers = [
        await call(local.baseUrl, 'POST', '/v1/files/uploads', { key: a.test, body: { filename: 'a.png', content_type: 'image/png', bytes: 10 } }),
        await call(local.baseUrl, 'GET', `/v1/files/uploads/${id}`, { key: a.test }),
        await call(local.baseUrl, 'POST', `/v1/files/uploads/${id}/complete`, { key: a.test, body: { parts: [{ part_number: 1, etag: 'x' }] } }),
        await call(local.baseUrl, 'POST', `/v1/files/uploads/${id}/abort`, { key: a.test }),
      ];
      for (const res of answers) {
        assert.equal(res.status, 409, res.text);
        assert.equal(res.body.code, 'direct_upload_needs_s3');
      }
    } finally {
      await local.close();
    }
  });
});
