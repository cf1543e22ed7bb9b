import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { checkAddress, parseAllowlist } from '../api/src/domain/files/address-policy';
import { FileError } from '../api/src/domain/files/errors';
import { importUrlToFile, resolveAllowedAddress } from '../api/src/domain/files/url-import';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from './support/harness';
import { makeMediaFixtures, type MediaFixtures } from './fixtures/media';
import { guardNetwork, suspendNock } from './fixtures/network';
import { filesUnder } from './fixtures/uploads';

const IMPORT_MAX = 256 * 1024;

/** A media server on 127.0.0.1 that counts what it is asked for. */
async function startOrigin(media: MediaFixtures) {
  const hits: Array<{ path: string; host: string | undefined }> = [];
  const server = http.createServer((req, res) => {
    hits.push({ path: req.url!, host: req.headers.host });
    const send = (status: number, headers: Record<string, string | number>, body?: Buffer | string) => res.writeHead(status, headers).end(body);
    switch (req.url) {
      case '/media/clip.mp4':
        return send(200, { 'content-type': 'video/mp4' }, fs.readFileSync(media.mp4));
      case '/download?id=7':
        return send(200, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename*=UTF-8''f%C3%B6to.png` }, fs.readFileSync(media.png));
      case '/go':
        return send(302, { location: '/media/clip.mp4' });
      case '/to-metadata':
        return send(302, { location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' });
      case '/to-file':
        return send(301, { location: 'file:///etc/passwd' });
      case '/loop':
        return send(307, { location: '/loop' });
      case '/missing':
        return send(404, { 'content-type': 'text/plain' }, 'nope');
      case '/text.mp4':
        return send(200, { 'content-type': 'video/mp4' }, 'not a video at all\n'.repeat(100));
      case '/declared-huge':
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': IMPORT_MAX * 100 });
        return res.write(Buffer.alloc(1024)); // and never finish: the client must refuse from the header
      case '/endless': {
        // Chunked, no Content-Length: only the streaming cap can stop it.
        res.writeHead(200, { 'content-type': 'video/mp4' });
        const chunk = Buffer.alloc(16 * 1024, 1);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        return pump();
      }
      case '/slow':
        res.writeHead(200, { 'content-type': 'video/mp4' });
        return res.write(fs.readFileSync(media.mp4).subarray(0, 100)); // then stall
      default:
        return send(404, {});
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    hits,
    port,
    url: (p: string) => `http://127.0.0.1:${port}${p}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('Files: URL import and SSRF protection', function () {
  this.timeout(20_000);
  let media: MediaFixtures;
  let origin: Awaited<ReturnType<typeof startOrigin>>;
  let guard: ReturnType<typeof guardNetwork>;
  let allowing: TestApp;
  let strict: TestApp;
  let acct: TestAccount;
  let strictAcct: TestAccount;

  before(async () => {
    guard = guardNetwork();
    media = await makeMediaFixtures();
    origin = await startOrigin(media);
    const caps = { IMPORT_MAX_BYTES: String(IMPORT_MAX), IMPORT_MAX_REDIRECTS: '3', IMPORT_TIMEOUT_MS: '1500' };
    [allowing, strict] = await Promise.all([startTestApp({ ...caps, IMPORT_ALLOWLIST: '127.0.0.1' }), startTestApp(caps)]);
    [acct, strictAcct] = await Promise.all([createTestAccount(allowing.db), createTestAccount(strict.db)]);
  });
  after(async () => {
    await Promise.all([allowing?.close(), strict?.close(), origin?.close()]);
    media?.cleanup();
    guard?.release();
  });
  afterEach(() => {
    assert.deepEqual(guard.attempts, [], 'something tried to reach a non-loopback host');
  });

  const importUrl = (app: TestApp, key: string, body: Record<string, unknown>) => call(app.baseUrl, 'POST', '/v1/files', { key, body });

  describe('from an allowlisted local server', () => {
    it('when a video URL is imported, then it is fetched, probed and stored with its source_url', async () => {
      const res = await importUrl(allowing, acct.live, { url: origin.url('/media/clip.mp4') });
      assert.equal(res.status, 201, res.text);
      assert.deepEqual(
        [res.body.source, res.body.source_url, res.body.filename, res.body.content_type, res.body.kind, res.body.metadata.width, res.body.bytes],
        ['url', origin.url('/media/clip.mp4'), 'clip.mp4', 'video/mp4', 'video', 320, fs.statSync(media.mp4).size],
      );
      assert.equal(res.headers.get('location'), `/v1/files/${res.body.id}`);
    });

    it('when the URL redirects within the allowed server, then the final URL is the source; a given filename wins', async () => {
      const res = await importUrl(allowing, acct.live, { url: origin.url('/go'), filename: 'renamed.mp4' });
      assert.equal(res.status, 201, res.text);
      assert.deepEqual([res.body.source_url, res.body.filename], [origin.url('/media/clip.mp4'), 'renamed.mp4']);
    });

    it("when the server names the file in Content-Disposition, then that name is used and the type comes from the bytes", async () => {
      const res = await importUrl(allowing, acct.live, { url: origin.url('/download?id=7') });
      assert.equal(res.status, 201, res.text);
      assert.deepEqual([res.body.filename, res.body.content_type], ['föto.png', 'image/png']);
    });

    it('when the allowed server redirects to 169.254.169.254 or to file://, then url_not_allowed and no connection is attempted', async () => {
      for (const p of ['/to-metadata', '/to-file']) {
        const res = await importUrl(allowing, acct.live, { url: origin.url(p) });
        assert.equal(res.status, 422, res.text);
        assert.equal(res.body.code, 'url_not_allowed', res.text);
      }
      assert.deepEqual(guard.attempts, []);
    });

    it('when the body is over the import cap (declared or streamed), then import_failed and no temp file is left', async () => {
      const declared = await importUrl(allowing, acct.live, { url: origin.url('/declared-huge') });
      assert.equal(declared.status, 422);
      assert.equal(declared.body.code, 'import_failed');
      assert.match(declared.body.detail, /too large/);
      const streamed = await importUrl(allowing, acct.live, { url: origin.url('/endless') });
      assert.equal(streamed.status, 422);
      assert.equal(streamed.body.code, 'import_failed');
      assert.match(streamed.body.detail, /too large/);
      assert.deepEqual(filesUnder(path.join(allowing.config.dataDir, 'tmp')), []);
    });

    it('when the server answers 404, loops redirects or stalls, then import_failed says why', async () => {
      const missing = await importUrl(allowing, acct.live, { url: origin.url('/missing') });
      assert.deepEqual([missing.status, missing.body.code], [422, 'import_failed']);
      assert.match(missing.body.detail, /HTTP 404/);
      const loop = await importUrl(allowing, acct.live, { url: origin.url('/loop') });
      assert.deepEqual([loop.body.code, loop.body.detail], ['import_failed', 'Too many redirects (more than 3).']);
      assert.equal(origin.hits.filter((h) => h.path === '/loop').length, 4);
      const started = Date.now();
      const slow = await importUrl(allowing, acct.live, { url: origin.url('/slow') });
      assert.equal(slow.body.code, 'import_failed');
      assert.match(slow.body.detail, /timed out after 1500 ms/);
      assert.ok(Date.now() - started < 4000);
      assert.deepEqual(filesUnder(path.join(allowing.config.dataDir, 'tmp')), []);
    });

    it('when the fetched bytes are not media, then 415 as for uploads', async () => {
      const res = await importUrl(allowing, acct.live, { url: origin.url('/text.mp4') });
      assert.equal(res.status, 415);
      assert.equal(res.body.code, 'unsupported_media_type');
    });
  });

  describe('without an allowlist', () => {
    it('when the URL points at loopback in any spelling, then url_not_allowed and the server is never contacted', async () => {
      const before = origin.hits.length;
      const port = origin.port;
      for (const url of [
        origin.url('/media/clip.mp4'),
        `http://localhost:${port}/media/clip.mp4`,
        `http://[::1]:${port}/media/clip.mp4`,
        `http://[::ffff:127.0.0.1]:${port}/media/clip.mp4`,
        `http://2130706433:${port}/media/clip.mp4`,
        `http://0x7f.1:${port}/media/clip.mp4`,
        `http://0.0.0.0:${port}/media/clip.mp4`,
      ]) {
        const res = await importUrl(strict, strictAcct.live, { url });
        assert.equal(res.status, 422, url);
        assert.equal(res.body.code, 'url_not_allowed', `${url}: ${res.text}`);
      }
      assert.equal(origin.hits.length, before);
    });

    it('when the URL is private, link-local, metadata, CGNAT or not http(s), then url_not_allowed before any connection', async () => {
      for (const url of [
        'http://10.0.0.1/x',
        'http://169.254.169.254/latest/meta-data',
        'http://172.16.5.4/',
        'http://192.168.1.1/',
        'http://100.64.0.1/',
        'http://[fd00::1]/',
        'http://[fe80::1]/',
        'http://[::ffff:a9fe:a9fe]/latest/meta-data',
        'http://224.0.0.1/',
        'file:///etc/passwd',
        'ftp://example.com/file.mp4',
        'gopher://127.0.0.1:6379/_INFO',
        'http://user:pass@10.0.0.1/',
        'not a url',
      ]) {
        const res = await importUrl(strict, strictAcct.live, { url });
        assert.equal(res.status, 422, url);
        assert.equal(res.body.code, 'url_not_allowed', `${url}: ${res.text}`);
      }
      assert.deepEqual(guard.attempts, []);
    });
  });

  describe('address policy', () => {
    const none = parseAllowlist([]);
    it('when addresses are judged, then only public unicast passes (IPv4-mapped IPv6 judged as IPv4)', () => {
      const verdicts = Object.fromEntries(
        ['8.8.8.8', '1.1.1.1', '2606:4700::1111', '127.0.0.1', '10.1.2.3', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.100.100.100', '0.0.0.0', '255.255.255.255', '224.0.0.251', '::1', '::', 'fc00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:8.8.8.8', '64:ff9b::a9fe:a9fe', '2002:a9fe:a9fe::1', '198.18.0.1'].map((ip) => [ip, checkAddress(ip, none).allowed]),
      );
      assert.deepEqual(verdicts, {
        '8.8.8.8': true, '1.1.1.1': true, '2606:4700::1111': true, '::ffff:8.8.8.8': true,
        '127.0.0.1': false, '10.1.2.3': false, '172.31.255.255': false, '192.168.0.1': false, '169.254.169.254': false, '100.100.100.100': false,
        '0.0.0.0': false, '255.255.255.255': false, '224.0.0.251': false, '::1': false, '::': false, 'fc00::1': false, 'fe80::1': false,
        '::ffff:127.0.0.1': false, '64:ff9b::a9fe:a9fe': false, '2002:a9fe:a9fe::1': false, '198.18.0.1': false,
      });
    });

    it('when the allowlist names an IP, a CIDR or a host, then exactly those are let through', async () => {
      const policy = parseAllowlist(['127.0.0.1', '10.20.0.0/16', 'media.internal', '::ffff:192.168.7.7']);
      assert.equal(checkAddress('127.0.0.1', policy).allowed, true);
      assert.equal(checkAddress('127.0.0.2', policy).allowed, false);
      assert.equal(checkAddress('10.20.9.9', policy).allowed, true);
      assert.equal(checkAddress('10.21.0.1', policy).allowed, false);
      assert.equal(checkAddress('192.168.7.7', policy).allowed, true);
      const resolve = async () => [{ address: '10.99.0.1', family: 4 as const }];
      assert.deepEqual(await resolveAllowedAddress(new URL('http://media.internal/a'), policy, resolve), { address: '10.99.0.1', family: 4 });
      await assert.rejects(resolveAllowedAddress(new URL('http://other.internal/a'), policy, resolve), (e: FileError) => e.code === 'url_not_allowed');
    });

    it('when a name resolves to a public and a private address, then it is refused', async () => {
      const resolve = async () => [{ address: '93.184.216.34', family: 4 as const }, { address: '10.0.0.5', family: 4 as const }];
      await assert.rejects(resolveAllowedAddress(new URL('https://mixed.example/x'), none, resolve), (e: FileError) => e.code === 'url_not_allowed' && /10\.0\.0\.5/.test(e.message));
    });
  });

  describe('connection pinning', () => {
    let nockState: ReturnType<typeof suspendNock>;
    before(() => (nockState = suspendNock()));
    after(() => nockState.resume());

    it('when a host is checked, then the connection goes to the checked address whatever DNS says later', async () => {
      // "pinned.test" does not exist in DNS: the request can only succeed through the pinned address.
      let lookups = 0;
      const resolve = async () => {
        lookups++;
        return [{ address: '127.0.0.1', family: 4 as const }];
      };
      const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-import-'));
      try {
        const got = await importUrlToFile(`http://pinned.test:${origin.port}/media/clip.mp4`, {
          policy: parseAllowlist(['127.0.0.1']),
          maxBytes: IMPORT_MAX,
          timeoutMs: 2000,
          maxRedirects: 0,
          tmpDir,
          resolve,
        });
        assert.equal(got.bytes, fs.statSync(media.mp4).size);
        assert.equal(lookups, 1);
        assert.equal(origin.hits.at(-1)?.host, `pinned.test:${origin.port}`);
      } finally {
        fs.rmSync(tmpDir, { recursive: true, force: true });
      }
    });
  });
});
