import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { buildApp } from '../../api/src/app';
import { loadConfig, productionProblems } from '../../api/src/config';
import { closeAppDeps, connectAppDeps, createAppDeps } from '../../api/src/deps';
import { createLogger } from '../../api/src/logger';
import { call, createTestAccount, testServices } from '../support/harness';
import { uploadBytes } from '../fixtures/uploads';

/** The real app on a random port, logging through the production logger (createLogger) into `lines`. */
async function startLoggedApp(env: Record<string, string>) {
  const svc = await testServices();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-hardening-'));
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const config = loadConfig({ PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, NODE_ENV: 'test', LOG_LEVEL: 'trace', DATABASE_URL: svc.databaseUrl, REDIS_URL: svc.redisUrl, LUMIKU_DATA_DIR: dataDir, PORT: '0', QUEUE_PREFIX: `lktest:${crypto.randomBytes(4).toString('hex')}`, ...env });
  let text = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      text += chunk;
      cb();
    },
  });
  const logger = createLogger('trace', 'api', sink);
  const deps = createAppDeps(config, logger);
  await connectAppDeps(deps);
  server.on('request', buildApp(deps));
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    deps,
    logger,
    logs: () => text,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeAppDeps(deps, { streamRetryMs: 1000, queueTimeoutMs: 1000 });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('production hardening', () => {
  describe('credentials a production process refuses', () => {
    const prod = (env: Record<string, string>) => productionProblems(loadConfig({ NODE_ENV: 'production', SIGNING_SECRET: 'a-random-secret-of-enough-length', REDIS_URL: 'redis://r:6379', ...env }));

    it('no database URL, one without a password, or with a well-known default password', () => {
      assert.match(prod({}).join(), /DATABASE_URL: required/);
      assert.match(prod({ DATABASE_URL: 'postgres://lumiku@db:5432/lumiku' }).join(), /DATABASE_URL: must carry a password/);
      for (const pw of ['postgres', 'password', 'Lumiku', 'changeme']) assert.match(prod({ DATABASE_URL: `postgres://lumiku:${pw}@db:5432/lumiku` }).join(), /well-known default/, pw);
      assert.deepEqual(prod({ DATABASE_URL: `postgres://lumiku:${crypto.randomBytes(12).toString('hex')}@db:5432/lumiku` }), []);
      assert.match(prod({ DATABASE_URL: 'postgres://lumiku:x9f2kq@db/l', REDIS_URL: '' }).join(), /REDIS_URL: required/);
    });

    it('outside production nothing is asked for', () => {
      assert.deepEqual(productionProblems(loadConfig({ NODE_ENV: 'development' })), []);
    });
  });

  describe('headers and CORS', () => {
    const ORIGIN = 'https://dashboard.example.test';
    let app: Awaited<ReturnType<typeof startLoggedApp>>;
    before(async () => (app = await startLoggedApp({ NODE_ENV: 'production', SIGNING_SECRET: 'a-random-secret-of-enough-length', DASHBOARD_ORIGIN: ORIGIN, LOG_LEVEL: 'silent' })));
    after(() => app?.close());

    it('every answer carries helmet security headers; API answers a strict CSP; HSTS in production', async () => {
      for (const p of ['/health', '/v1/account', '/auth/session']) {
        const res = await fetch(app.baseUrl + p);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff', p);
        assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN', p);
        assert.equal(res.headers.get('referrer-policy'), 'no-referrer', p);
        assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=31536000/, p);
        assert.equal(res.headers.get('x-powered-by'), null);
      }
      const v1 = await fetch(`${app.baseUrl}/v1/account`);
      assert.equal(v1.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
      // Signed file URLs are embedded by other sites.
      assert.equal(v1.headers.get('cross-origin-resource-policy'), 'cross-origin');
    });

    it('CORS answers DASHBOARD_ORIGIN only (with credentials), preflights included', async () => {
      const pre = await fetch(`${app.baseUrl}/v1/account`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'lumiku-csrf-token,content-type' } });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), ORIGIN);
      assert.equal(pre.headers.get('access-control-allow-credentials'), 'true');
      assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Lumiku-CSRF-Token/i);
      const get = await fetch(`${app.baseUrl}/auth/session`, { headers: { origin: ORIGIN } });
      assert.equal(get.headers.get('access-control-allow-origin'), ORIGIN);
      assert.match(get.headers.get('access-control-expose-headers') ?? '', /X-Request-Id/);

      const evil = await fetch(`${app.baseUrl}/v1/account`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      assert.equal(evil.headers.get('access-control-allow-origin'), null);
      const evilGet = await fetch(`${app.baseUrl}/v1/account`, { headers: { origin: 'https://evil.example' } });
      assert.equal(evilGet.headers.get('access-control-allow-origin'), null);
    });

    it('without DASHBOARD_ORIGIN no origin is allowed', async () => {
      const plain = await startLoggedApp({ LOG_LEVEL: 'silent' });
      try {
        const res = await fetch(`${plain.baseUrl}/v1/account`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'GET' } });
        assert.equal(res.headers.get('access-control-allow-origin'), null);
      } finally {
        await plain.close();
      }
    });

    it('every body-taking route is capped: oversized bodies are 413 on /v1, /auth and /billing/webhooks', async () => {
      const big = 'x'.repeat(1024 * 1024 + 10);
      const body = JSON.stringify({ name: big });
      for (const p of ['/v1/api_keys', '/auth/login', '/billing/webhooks/stripe']) {
        const res = await fetch(app.baseUrl + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        assert.equal(res.status, 413, p);
      }
    });
  });

  describe('logs hold no secret', () => {
    it('a run that creates keys, webhook secrets, signed URLs, passwords and cookies logs none of them', async function () {
      this.timeout(60_000);
      const app = await startLoggedApp({ SIGNING_SECRET: `sig-${crypto.randomBytes(16).toString('hex')}`, WEBHOOK_URL_ALLOWLIST: '127.0.0.1' });
      const secrets: string[] = [app.deps.config.signingSecret];
      try {
        const acct = await createTestAccount(app.deps.db);
        secrets.push(acct.live, acct.test);
        // Keys used and shown.
        const created = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.live, body: { name: 'ci', scopes: ['read'] } });
        assert.equal(created.status, 201, created.text);
        secrets.push(created.body.secret);
        await call(app.baseUrl, 'GET', '/v1/account', { key: created.body.secret });
        const wrong = `lk_live_${crypto.randomBytes(16).toString('hex')}`;
        secrets.push(wrong);
        assert.equal((await call(app.baseUrl, 'GET', '/v1/account', { key: wrong })).status, 401);
        // A webhook endpoint's secret, also rotated.
        const endpoint = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.live, body: { url: 'http://127.0.0.1:9/in' } });
        assert.equal(endpoint.status, 201, endpoint.text);
        secrets.push(endpoint.body.secret);
        const rotated = await call(app.baseUrl, 'POST', `/v1/webhook_endpoints/${endpoint.body.id}/rotate_secret`, { key: acct.live });
        if (rotated.body?.secret) secrets.push(rotated.body.secret);
        // A signed download URL, used.
        const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f0f' } }).png().toBuffer();
        const file = await uploadBytes(app.baseUrl, acct.live, png, 'a.png', { type: 'image/png' });
        assert.equal(file.status, 201, file.text);
        const signature = new URL(file.body.url).searchParams.get('signature')!;
        secrets.push(signature);
        assert.equal((await fetch(file.body.url)).status, 200);
        assert.equal((await fetch(file.body.url.replace(/signature=[^&]+/, 'signature=AAAA' + signature.slice(4)))).status >= 400, true);
        // A password and a session cookie.
        const password = `pw-${crypto.randomBytes(12).toString('hex')}`;
        const cookie = `lumiku_session=${crypto.randomBytes(24).toString('hex')}`;
        secrets.push(password, cookie.split('=')[1]);
        await call(app.baseUrl, 'POST', '/auth/login', { body: { email: 'nobody@example.com', password } });
        await call(app.baseUrl, 'GET', '/v1/account', { headers: { cookie, 'lumiku-organization': acct.accountId } });
        // What code might log by mistake: headers, a secret field, a URL or an error quoting a secret.
        app.logger.warn({ req: { headers: { authorization: `Bearer ${acct.live}`, cookie } } }, 'headers');
        app.logger.warn({ webhook: { secret: endpoint.body.secret }, password }, 'fields');
        app.logger.error({ err: new Error(`upstream refused ${file.body.url} for ${acct.test}`) }, 'error quoting a signed URL and a key');
        app.logger.info(`key ${created.body.secret} and ${endpoint.body.secret}`);
      } finally {
        await app.close();
      }
      const logs = app.logs();
      assert.ok(logs.split('\n').length > 10, 'the run logged');
      assert.match(logs, /\[redacted\]/);
      for (const secret of secrets) assert.ok(!logs.includes(secret), `a secret (${secret.slice(0, 8)}…) is in the logs`);
    });
  });
});
