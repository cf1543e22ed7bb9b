import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import nock from 'nock';
import { S3Storage } from '../api/src/domain/storage/s3';
import { ObjectNotFoundError } from '../api/src/domain/storage';
import { call, createTestAccount, startTestApp } from './support/harness';
import { makeMediaFixtures, type MediaFixtures } from './fixtures/media';
import { guardNetwork } from './fixtures/network';
import { download, uploadFileAt } from './fixtures/uploads';

/** Never resolved or reached: nock answers everything sent to it, and the guard refuses the rest. */
const ENDPOINT = 'http://s3.lumiku.test';
const BUCKET = 'lumiku-files';
const xml = { 'content-type': 'application/xml' };
/** nock hands binary request bodies over hex-encoded. */
const binary = (body: unknown) => (typeof body === 'string' && body.length % 2 === 0 && /^[0-9a-f]*$/.test(body) ? Buffer.from(body, 'hex') : Buffer.from(String(body)));

describe('Files: S3 storage driver (S3 REST wire format, stubbed with nock)', function () {
  this.timeout(20_000);
  let guard: ReturnType<typeof guardNetwork>;
  let dir: string;
  let storage: S3Storage;

  before(() => {
    guard = guardNetwork();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-s3-'));
    storage = new S3Storage(
      { bucket: BUCKET, region: 'us-east-1', endpoint: ENDPOINT, accessKeyId: 'AKIDTEST', secretAccessKey: 'secret-test-key', forcePathStyle: true, partSize: 5 * 1024 * 1024 },
      // nock cannot answer `Expect: 100-continue` (real S3 does); without this each large part waits out the SDK's 6 s fallback.
      { maxAttempts: 1, expectContinueHeader: false },
    );
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    guard?.release();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    assert.deepEqual(pending, [], 'expected S3 calls were not made');
    assert.deepEqual(guard.attempts.filter((h) => !h.startsWith('s3.lumiku.test')), []);
  });

  const fileOf = (name: string, bytes: Buffer) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, bytes);
    return p;
  };

  it('when a small file is put, then one signed PUT carries its bytes and content type', async () => {
    const bytes = crypto.randomBytes(1000);
    let received: Buffer | undefined;
    let headers: Record<string, string | string[] | undefined> = {};
    nock(ENDPOINT)
      .put(`/${BUCKET}/files/acct_1/file_1`)
      .query(true)
      .reply(function (_uri, body) {
        headers = this.req.headers;
        received = binary(body);
        return [200, '', { etag: '"abc"' }];
      });
    const out = await storage.putFile('files/acct_1/file_1', fileOf('small.bin', bytes), { contentType: 'image/png' });
    assert.equal(out.bytes, 1000);
    assert.deepEqual(received, bytes);
    assert.equal(headers['content-type'], 'image/png');
    assert.match(String(headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDTEST\//);
  });

  it('when a large file is put, then it goes up as a multipart upload whose parts reassemble the file', async () => {
    const bytes = crypto.randomBytes(11 * 1024 * 1024);
    const parts = new Map<number, Buffer>();
    let completion = '';
    nock(ENDPOINT)
      .post(`/${BUCKET}/files/acct_1/big`)
      .query({ uploads: '' })
      .reply(200, `<?xml version="1.0" encoding="UTF-8"?><InitiateMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>files/acct_1/big</Key><UploadId>up-1</UploadId></InitiateMultipartUploadResult>`, xml)
      .put(`/${BUCKET}/files/acct_1/big`)
      .query((q) => q.uploadId === 'up-1' && Boolean(q.partNumber))
      .times(3)
      .reply(function (uri, body) {
        const n = Number(new URL(uri, ENDPOINT).searchParams.get('partNumber'));
        parts.set(n, binary(body));
        return [200, '', { etag: `"etag-${n}"` }];
      })
      .post(`/${BUCKET}/files/acct_1/big`)
      .query((q) => q.uploadId === 'up-1')
      .reply((_uri, body) => {
        completion = String(body);
        return [200, `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>files/acct_1/big</Key><ETag>"final"</ETag></CompleteMultipartUploadResult>`, xml];
      });
    const out = await storage.putFile('files/acct_1/big', fileOf('big.bin', bytes), { contentType: 'video/mp4' });
    assert.equal(out.bytes, bytes.length);
    assert.deepEqual([...parts.keys()].sort(), [1, 2, 3]);
    assert.ok(Buffer.concat([1, 2, 3].map((n) => parts.get(n)!)).equals(bytes), 'parts do not reassemble the file');
    for (const n of [1, 2, 3]) assert.match(completion, new RegExp(`<PartNumber>${n}</PartNumber>`));
  });

  it('when a part fails, then the multipart upload is aborted and the put rejects', async () => {
    const bytes = crypto.randomBytes(6 * 1024 * 1024);
    nock(ENDPOINT)
      .post(`/${BUCKET}/k`)
      .query({ uploads: '' })
      .reply(200, `<InitiateMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>k</Key><UploadId>up-2</UploadId></InitiateMultipartUploadResult>`, xml)
      .put(`/${BUCKET}/k`)
      .query(true)
      .times(2)
      .reply(500, '<Error><Code>InternalError</Code><Message>boom</Message></Error>', xml)
      .delete(`/${BUCKET}/k`)
      .query((q) => q.uploadId === 'up-2')
      .reply(204);
    await assert.rejects(storage.putFile('k', fileOf('fail.bin', bytes), { contentType: 'video/mp4' }));
  });

  it('when a range is read, then the GET carries the Range header and the body streams back', async () => {
    nock(ENDPOINT, { reqheaders: { range: 'bytes=5-9' } })
      .get(`/${BUCKET}/files/acct_1/file_1`)
      .query(true)
      .reply(206, 'fghij', { 'content-range': 'bytes 5-9/26', 'content-length': '5', 'content-type': 'image/png' });
    assert.equal(await text(await storage.get('files/acct_1/file_1', { start: 5, end: 9 })), 'fghij');
  });

  it('when the object is missing, then get rejects with ObjectNotFoundError', async () => {
    nock(ENDPOINT)
      .get(`/${BUCKET}/nope`)
      .query(true)
      .reply(404, '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>nope</Key></Error>', xml);
    await assert.rejects(storage.get('nope'), ObjectNotFoundError);
  });

  it('when an object is deleted, then a DELETE is sent', async () => {
    nock(ENDPOINT).delete(`/${BUCKET}/files/acct_1/file_1`).query(true).reply(204);
    await storage.delete('files/acct_1/file_1');
  });

  it('when readiness checks the bucket, then it is a HEAD on the bucket, and a missing bucket fails', async () => {
    nock(ENDPOINT).head(`/${BUCKET}/`).reply(200).head(`/${BUCKET}/`).reply(404);
    await storage.check();
    await assert.rejects(storage.check());
  });

  describe('behind the API', () => {
    let media: MediaFixtures;
    before(async () => {
      media = await makeMediaFixtures();
    });
    after(() => media?.cleanup());

    it('when the app stores files in S3, then an upload is PUT to the bucket, served back from it and deleted from it', async () => {
      const app = await startTestApp({ STORAGE_DRIVER: 's3', S3_BUCKET: BUCKET, S3_ENDPOINT: ENDPOINT, S3_REGION: 'us-east-1', S3_ACCESS_KEY_ID: 'AKIDTEST', S3_SECRET_ACCESS_KEY: 'secret-test-key' });
      try {
        const acct = await createTestAccount(app.db);
        const png = fs.readFileSync(media.png);
        let stored: Buffer | undefined;
        let key = '';
        nock(ENDPOINT)
          .put((p) => p.startsWith(`/${BUCKET}/files/${acct.accountId}/file_`))
          .query(true)
          .reply((uri, body) => {
            key = new URL(uri, ENDPOINT).pathname.slice(`/${BUCKET}/`.length);
            stored = binary(body);
            return [200, '', { etag: '"x"' }];
          });
        const up = await uploadFileAt(app.baseUrl, acct.live, media.png);
        assert.equal(up.status, 201, up.text);
        assert.equal(key, `files/${acct.accountId}/${up.body.id}`);
        assert.deepEqual(stored, png);

        nock(ENDPOINT).get(`/${BUCKET}/${key}`).query(true).reply(200, () => png, { 'content-length': String(png.length), 'content-type': 'image/png' });
        const got = await download(`${app.baseUrl}/v1/files/${up.body.id}/content`, { authorization: `Bearer ${acct.live}` });
        assert.equal(got.status, 200);
        assert.deepEqual(got.bytes, png);

        nock(ENDPOINT).delete(`/${BUCKET}/${key}`).query(true).reply(204);
        const del = await call(app.baseUrl, 'DELETE', `/v1/files/${up.body.id}`, { key: acct.live });
        assert.equal(del.status, 200);
      } finally {
        await app.close();
      }
    });
  });
});
