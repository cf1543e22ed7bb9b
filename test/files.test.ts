import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { fileSignature } from '../api/src/domain/files/signing';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from './support/harness';
import { makeMediaFixtures, type MediaFixtures } from './fixtures/media';
import { download, filesUnder, uploadBytes, uploadFileAt } from './fixtures/uploads';

describe('Files: upload, read, download, delete', function () {
  this.timeout(20_000);
  let app: TestApp;
  let media: MediaFixtures;
  let acct: TestAccount;
  let other: TestAccount;
  let png: any;

  before(async () => {
    [app, media] = await Promise.all([startTestApp(), makeMediaFixtures()]);
    [acct, other] = await Promise.all([createTestAccount(app.db), createTestAccount(app.db)]);
    const res = await uploadFileAt(app.baseUrl, acct.live, media.png);
    assert.equal(res.status, 201, res.text);
    png = res.body;
  });
  after(async () => {
    await app?.close();
    media?.cleanup();
  });

  const storagePathOf = async (id: string) => {
    const [row] = await app.db.query<{ storage_key: string }>('SELECT storage_key FROM files WHERE id = :id', { replacements: { id }, type: QueryTypes.SELECT });
    return path.join(app.config.storageLocalDir, row.storage_key);
  };
  /** The signed URL's path and query against this test server (PUBLIC_BASE_URL is not the random port). */
  const local = (url: string) => app.baseUrl + url.slice(new URL(url).origin.length);

  describe('uploads', () => {
    it('when a PNG is uploaded, then it is stored as an image with its size, alpha and hash', async () => {
      const bytes = fs.readFileSync(media.png);
      assert.match(png.id, /^file_[0-9a-z]{26}$/);
      assert.deepEqual(
        { object: png.object, filename: png.filename, content_type: png.content_type, kind: png.kind, bytes: png.bytes, source: png.source, source_url: png.source_url, livemode: png.livemode },
        { object: 'file', filename: 'pixel.png', content_type: 'image/png', kind: 'image', bytes: bytes.length, source: 'upload', source_url: null, livemode: true },
      );
      assert.equal(png.sha256, crypto.createHash('sha256').update(bytes).digest('hex'));
      assert.deepEqual(png.metadata, { width: 64, height: 48, format: 'png', has_alpha: true, animated: false, pages: 1 });
      assert.ok(Date.parse(png.created_at));
      assert.deepEqual(fs.readFileSync(await storagePathOf(png.id)), bytes);
    });

    it('when a video is uploaded, then ffprobe metadata (duration, size, fps, codecs, audio) is recorded and Location points at it', async () => {
      const res = await uploadFileAt(app.baseUrl, acct.live, media.mp4, 'clip.mp4', 'video/mp4');
      assert.equal(res.status, 201, res.text);
      assert.equal(res.headers.get('location'), `/v1/files/${res.body.id}`);
      assert.equal(res.body.content_type, 'video/mp4');
      assert.equal(res.body.kind, 'video');
      const m = res.body.metadata;
      assert.deepEqual(
        { width: m.width, height: m.height, fps: m.fps, video_codec: m.video_codec, audio_codec: m.audio_codec, has_audio: m.has_audio, rotation: m.rotation },
        { width: 320, height: 240, fps: 25, video_codec: 'h264', audio_codec: 'aac', has_audio: true, rotation: 0 },
      );
      assert.ok(Math.abs(m.duration_seconds - 1) < 0.1, `duration ${m.duration_seconds}`);
    });

    it('when an MP3 and a JPEG are uploaded, then they are audio and image with their metadata', async () => {
      const [mp3, jpeg] = await Promise.all([uploadFileAt(app.baseUrl, acct.live, media.mp3), uploadFileAt(app.baseUrl, acct.live, media.jpeg)]);
      assert.equal(mp3.status, 201, mp3.text);
      assert.deepEqual([mp3.body.kind, mp3.body.content_type, mp3.body.metadata.audio_codec, mp3.body.metadata.width], ['audio', 'audio/mpeg', 'mp3', null]);
      assert.equal(jpeg.status, 201, jpeg.text);
      assert.deepEqual([jpeg.body.kind, jpeg.body.content_type, jpeg.body.metadata.width, jpeg.body.metadata.has_alpha], ['image', 'image/jpeg', 80, false]);
    });

    it('when a text file is named .mp4 and declared video/mp4, then 415 unsupported_media_type and nothing is kept', async () => {
      const res = await uploadBytes(app.baseUrl, acct.live, Buffer.from('just some text, not a video\n'.repeat(200)), 'movie.mp4', { type: 'video/mp4' });
      assert.equal(res.status, 415, res.text);
      assert.equal(res.body.code, 'unsupported_media_type');
      assert.match(res.headers.get('content-type')!, /application\/problem\+json/);
      assert.deepEqual(filesUnder(path.join(app.config.dataDir, 'tmp')), []);
    });

    it('when PNG bytes are named .mp4 and declared video/mp4, then the file is judged by content and stored as image/png', async () => {
      const res = await uploadBytes(app.baseUrl, acct.live, fs.readFileSync(media.png), 'sneaky.mp4', { type: 'video/mp4' });
      assert.equal(res.status, 201, res.text);
      assert.deepEqual([res.body.content_type, res.body.kind, res.body.filename], ['image/png', 'image', 'sneaky.mp4']);
    });

    it('when the bytes start like an MP4 but are not one, then 422 file_unprocessable', async () => {
      const head = fs.readFileSync(media.mp4).subarray(0, 32);
      const res = await uploadBytes(app.baseUrl, acct.live, Buffer.concat([head, crypto.randomBytes(4096)]), 'broken.mp4');
      assert.equal(res.status, 422, res.text);
      assert.equal(res.body.code, 'file_unprocessable');
      assert.deepEqual(filesUnder(path.join(app.config.dataDir, 'tmp')), []);
    });

    it('when a `filename` field accompanies the file, then it names the file (path parts stripped)', async () => {
      const res = await uploadBytes(app.baseUrl, acct.live, fs.readFileSync(media.png), 'x.png', { fields: { filename: '../../etc/Ünïcode name.png' } });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.filename, 'Ünïcode name.png');
    });

    it('when the form has no `file` part or an unknown field, then 422 validation_failed with errors[]', async () => {
      const form = new FormData();
      form.append('other', 'x');
      const res = await fetch(`${app.baseUrl}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${acct.live}` }, body: form });
      const body = (await res.json()) as { code: string; errors: Array<{ path: string }> };
      assert.equal(res.status, 422);
      assert.equal(body.code, 'validation_failed');
      assert.equal(body.errors[0].path, 'other');
    });

    it('when the body is neither multipart nor JSON, then 415', async () => {
      const res = await call(app.baseUrl, 'POST', '/v1/files', { key: acct.live, rawBody: 'abc', headers: { 'content-type': 'application/octet-stream' } });
      assert.equal(res.status, 415);
      assert.equal(res.body.code, 'unsupported_media_type');
    });

    it('when the JSON form has an unknown field or no url, then 422 validation_failed with errors[]', async () => {
      const extra = await call(app.baseUrl, 'POST', '/v1/files', { key: acct.live, body: { url: 'https://example.com/a.png', colour: 'red' } });
      assert.equal(extra.status, 422);
      assert.equal(extra.body.code, 'validation_failed');
      assert.ok(extra.body.errors.some((e: { path: string }) => e.path.includes('colour')), JSON.stringify(extra.body.errors));
      const missing = await call(app.baseUrl, 'POST', '/v1/files', { key: acct.live, body: { filename: 'a.png' } });
      assert.equal(missing.status, 422);
      assert.ok(missing.body.errors.some((e: { path: string }) => e.path.includes('url')), JSON.stringify(missing.body.errors));
    });

    it('when the key lacks files:write, then 403 insufficient_scope', async () => {
      const readOnly = await createTestAccount(app.db, { scopes: ['read'] });
      const res = await uploadFileAt(app.baseUrl, readOnly.live, media.png);
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'insufficient_scope');
    });
  });

  describe('reading', () => {
    it('when a file is retrieved, then it has a fresh signed url', async () => {
      const res = await call(app.baseUrl, 'GET', `/v1/files/${png.id}`, { key: acct.live });
      assert.equal(res.status, 200);
      assert.equal(res.body.id, png.id);
      assert.match(res.body.url, new RegExp(`/v1/files/${png.id}/content\\?expires=\\d+&signature=[\\w-]+$`));
      const ttl = (Date.parse(res.body.url_expires_at) - Date.now()) / 1000;
      assert.ok(ttl > app.config.fileUrlTtlSeconds - 10 && ttl <= app.config.fileUrlTtlSeconds, `ttl ${ttl}`);
    });

    it('when files are listed, then they come newest first with cursor pagination', async () => {
      const own = await createTestAccount(app.db);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.unshift((await uploadFileAt(app.baseUrl, own.live, media.png)).body.id);
      const first = await call(app.baseUrl, 'GET', '/v1/files?limit=2', { key: own.live });
      assert.equal(first.status, 200);
      assert.deepEqual([first.body.object, first.body.has_more, first.body.data.map((f: { id: string }) => f.id)], ['list', true, ids.slice(0, 2)]);
      const second = await call(app.baseUrl, 'GET', `/v1/files?limit=2&starting_after=${first.body.next_cursor}`, { key: own.live });
      assert.deepEqual([second.body.has_more, second.body.next_cursor, second.body.data.map((f: { id: string }) => f.id)], [false, null, ids.slice(2)]);
      const bad = await call(app.baseUrl, 'GET', '/v1/files?starting_after=key_123', { key: own.live });
      assert.equal(bad.status, 422);
    });

    it("when another account asks for a file, then 404 resource_not_found on every route", async () => {
      for (const [method, p] of [['GET', `/v1/files/${png.id}`], ['GET', `/v1/files/${png.id}/content`], ['DELETE', `/v1/files/${png.id}`]] as const) {
        const res = await call(app.baseUrl, method, p, { key: other.live });
        assert.equal(res.status, 404, `${method} ${p}`);
        assert.equal(res.body.code, 'resource_not_found');
      }
      const list = await call(app.baseUrl, 'GET', '/v1/files', { key: other.live });
      assert.deepEqual(list.body.data, []);
    });

    it("when a test-mode key asks for a live file, then 404, and test files are listed only to test keys", async () => {
      const res = await call(app.baseUrl, 'GET', `/v1/files/${png.id}`, { key: acct.test });
      assert.equal(res.status, 404);
      const testFile = await uploadFileAt(app.baseUrl, acct.test, media.png);
      assert.equal(testFile.body.livemode, false);
      const testList = await call(app.baseUrl, 'GET', '/v1/files', { key: acct.test });
      assert.deepEqual(testList.body.data.map((f: { id: string }) => f.id), [testFile.body.id]);
      const fromLive = await call(app.baseUrl, 'GET', `/v1/files/${testFile.body.id}`, { key: acct.live });
      assert.equal(fromLive.status, 404);
    });
  });

  describe('content', () => {
    it('when the content is downloaded with a key, then the bytes come with type, length and disposition', async () => {
      const res = await download(`${app.baseUrl}/v1/files/${png.id}/content`, { authorization: `Bearer ${acct.live}` });
      assert.equal(res.status, 200);
      assert.deepEqual(res.bytes, fs.readFileSync(media.png));
      assert.equal(res.headers.get('content-type'), 'image/png');
      assert.equal(res.headers.get('content-length'), String(png.bytes));
      assert.equal(res.headers.get('content-disposition'), `attachment; filename="pixel.png"; filename*=UTF-8''pixel.png`);
      assert.equal(res.headers.get('accept-ranges'), 'bytes');
    });

    it('when a single byte range is asked for, then 206 with exactly those bytes; a range past the end is 416', async () => {
      const bytes = fs.readFileSync(media.png);
      const auth = { authorization: `Bearer ${acct.live}` };
      const head = await download(`${app.baseUrl}/v1/files/${png.id}/content`, { ...auth, range: 'bytes=0-9' });
      assert.equal(head.status, 206);
      assert.deepEqual(head.bytes, bytes.subarray(0, 10));
      assert.equal(head.headers.get('content-range'), `bytes 0-9/${bytes.length}`);
      assert.equal(head.headers.get('content-length'), '10');
      const tail = await download(`${app.baseUrl}/v1/files/${png.id}/content`, { ...auth, range: 'bytes=-16' });
      assert.equal(tail.status, 206);
      assert.deepEqual(tail.bytes, bytes.subarray(bytes.length - 16));
      const open = await download(`${app.baseUrl}/v1/files/${png.id}/content`, { ...auth, range: `bytes=${bytes.length - 5}-` });
      assert.deepEqual(open.bytes, bytes.subarray(bytes.length - 5));
      const outside = await download(`${app.baseUrl}/v1/files/${png.id}/content`, { ...auth, range: `bytes=${bytes.length}-` });
      assert.equal(outside.status, 416);
      assert.equal(outside.body.code, 'range_not_satisfiable');
      assert.equal(outside.headers.get('content-range'), `bytes */${bytes.length}`);
    });

    it('when HEAD is asked, then the headers come without a body', async () => {
      const res = await fetch(`${app.baseUrl}/v1/files/${png.id}/content`, { method: 'HEAD', headers: { authorization: `Bearer ${acct.live}` } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-length'), String(png.bytes));
      assert.equal(res.headers.get('content-type'), 'image/png');
      assert.equal((await res.arrayBuffer()).byteLength, 0);
      const signed = await fetch(local(png.url), { method: 'HEAD' });
      assert.equal(signed.status, 200);
      assert.equal(signed.headers.get('content-length'), String(png.bytes));
    });

    it('when the signed url is used without a key, then it downloads the file (ranges too)', async () => {
      const res = await download(local(png.url));
      assert.equal(res.status, 200);
      assert.deepEqual(res.bytes, fs.readFileSync(media.png));
      const part = await download(local(png.url), { range: 'bytes=1-3' });
      assert.equal(part.status, 206);
      assert.deepEqual(part.bytes, fs.readFileSync(media.png).subarray(1, 4));
    });

    it('when the signed url is tampered with, then 403 invalid_signature', async () => {
      const u = new URL(local(png.url));
      const sig = u.searchParams.get('signature')!;
      const cases = [
        (() => { const x = new URL(u); x.searchParams.set('signature', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)); return x; })(),
        (() => { const x = new URL(u); x.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 3600)); return x; })(),
        (() => { const x = new URL(u); x.searchParams.set('signature', ''); return x; })(),
        new URL(u.toString().replace(png.id, other.accountId.replace('acct_', 'file_'))),
      ];
      for (const x of cases) {
        const res = await download(x.toString());
        assert.equal(res.status, 403, x.toString());
        assert.equal(res.body.code, 'invalid_signature');
      }
    });

    it('when the signed url has expired, then 403 url_expired', async () => {
      const expires = Math.floor(Date.now() / 1000) - 5;
      const signature = fileSignature(app.config.signingSecret, png.id, expires);
      const res = await download(`${app.baseUrl}/v1/files/${png.id}/content?expires=${expires}&signature=${signature}`);
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'url_expired');
    });

    it('when there is neither a key nor a signature, then 401', async () => {
      const res = await download(`${app.baseUrl}/v1/files/${png.id}/content`);
      assert.equal(res.status, 401);
    });
  });

  describe('deleting', () => {
    it('when a file is deleted, then its bytes are removed and it is gone from every route, signed url included', async () => {
      const up = await uploadFileAt(app.baseUrl, acct.live, media.jpeg);
      const stored = await storagePathOf(up.body.id);
      assert.ok(fs.existsSync(stored));
      const del = await call(app.baseUrl, 'DELETE', `/v1/files/${up.body.id}`, { key: acct.live });
      assert.equal(del.status, 200);
      assert.deepEqual(del.body, { id: up.body.id, object: 'file', deleted: true });
      assert.equal(fs.existsSync(stored), false);
      for (const p of [`/v1/files/${up.body.id}`, `/v1/files/${up.body.id}/content`]) assert.equal((await call(app.baseUrl, 'GET', p, { key: acct.live })).status, 404);
      assert.equal((await download(local(up.body.url))).status, 404);
      assert.equal((await call(app.baseUrl, 'DELETE', `/v1/files/${up.body.id}`, { key: acct.live })).status, 404);
      const list = await call(app.baseUrl, 'GET', '/v1/files?limit=100', { key: acct.live });
      assert.ok(!list.body.data.some((f: { id: string }) => f.id === up.body.id));
    });
  });
});
