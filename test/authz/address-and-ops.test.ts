import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { DEV_SIGNING_SECRET, loadConfig } from '../../api/src/config';
import { checkAddress, parseAllowlist } from '../../api/src/domain/files/address-policy';
import { createMetrics } from '../../api/src/middleware/metrics';
import { metricsApp } from '../../api/src/middleware/metrics-access';
import { call, createTestAccount, startTestApp, type TestApp } from '../support/harness';

/** Issue 10 item 9: IPv6 forms that carry a private IPv4; the development signing secret; /metrics in production. */
describe('authz: embedded IPv4, signing secret, /metrics', function () {
  this.timeout(30_000);

  describe('IPv6 addresses that carry an IPv4 address are judged by it', () => {
    const none = parseAllowlist([]);
    const refused = {
      'IPv4-compatible loopback (::127.0.0.1)': '::7f00:1',
      'IPv4-compatible private': '::10.0.0.1',
      'IPv4-compatible metadata': '::169.254.169.254',
      'IPv4-mapped loopback': '::ffff:127.0.0.1',
      'IPv4-translated loopback (RFC 6145)': '::ffff:0:127.0.0.1',
      'NAT64 loopback': '64:ff9b::127.0.0.1',
      'NAT64 private': '64:ff9b::192.168.1.1',
      'NAT64 local-use prefix (IPv4 position unknown)': '64:ff9b:1::808:808',
      '6to4 of a private address': '2002:c0a8:101::1',
      '6to4 of loopback': '2002:7f00:1::',
      'Teredo with a private server': '2001:0:a00:1::1',
      'Teredo with a loopback client': '2001:0:808:808::80ff:fffe',
    };
    for (const [label, ip] of Object.entries(refused)) {
      it(`when the address is ${label}, then it is refused`, () => {
        const verdict = checkAddress(ip, none);
        assert.equal(verdict.allowed, false, ip);
      });
    }

    it('when the carried IPv4 is public, then the address passes; when it is allowlisted, then too', () => {
      for (const ip of ['::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '2002:808:808::1', '2606:4700::1111']) assert.equal(checkAddress(ip, none).allowed, true, ip);
      assert.equal(checkAddress('64:ff9b::10.1.2.3', parseAllowlist(['10.1.0.0/16'])).allowed, true);
      assert.equal(checkAddress('::1', none).allowed, false);
    });

    it('when a URL import or a webhook endpoint names http://[::127.0.0.1]/, then 422 url_not_allowed', async () => {
      const app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' });
      try {
        const acct = await createTestAccount(app.db);
        for (const url of ['http://[::127.0.0.1]/a.png', 'http://[::ffff:0:127.0.0.1]/a.png', 'http://[64:ff9b::a9fe:a9fe]/latest/meta-data']) {
          const file = await call(app.baseUrl, 'POST', '/v1/files', { key: acct.test, body: { url } });
          assert.equal(file.status, 422, `${url}: ${file.text}`);
          assert.equal(file.body.code, 'url_not_allowed');
          const hook = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.test, body: { url } });
          assert.equal(hook.status, 422, `${url}: ${hook.text}`);
          assert.equal(hook.body.code, 'url_not_allowed');
        }
      } finally {
        await app.close();
      }
    });
  });

  describe('SIGNING_SECRET in production', () => {
    it('when production is given the published development secret, then the config refuses to load', () => {
      assert.throws(() => loadConfig({ NODE_ENV: 'production', SIGNING_SECRET: DEV_SIGNING_SECRET }), /SIGNING_SECRET/);
      assert.doesNotThrow(() => loadConfig({ NODE_ENV: 'production', SIGNING_SECRET: 'a-random-secret-of-enough-length' }));
      assert.doesNotThrow(() => loadConfig({ NODE_ENV: 'development' }));
    });
  });

  describe('/metrics', () => {
    const token = 'metrics-token-0123456789';
    let app: TestApp | undefined;
    afterEach(async () => {
      await app?.close();
      app = undefined;
    });

    it('when production has neither METRICS_TOKEN nor METRICS_PORT, then /metrics is not served', async () => {
      app = await startTestApp({ NODE_ENV: 'production', SIGNING_SECRET: 'a-random-secret-of-enough-length' });
      const res = await call(app.baseUrl, 'GET', '/metrics');
      assert.equal(res.status, 404);
      assert.ok(!res.text.includes('lumiku_http_request_duration_seconds'));
    });

    it('when METRICS_TOKEN is set, then /metrics answers only that bearer token', async () => {
      app = await startTestApp({ NODE_ENV: 'production', SIGNING_SECRET: 'a-random-secret-of-enough-length', METRICS_TOKEN: token });
      for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${token}`, token]) {
        const res = await call(app.baseUrl, 'GET', '/metrics', { headers: authorization ? { authorization } : {} });
        assert.equal(res.status, 401, String(authorization));
        assert.equal(res.body.code, 'invalid_metrics_token');
      }
      const ok = await call(app.baseUrl, 'GET', '/metrics', { headers: { authorization: `Bearer ${token}` } });
      assert.equal(ok.status, 200);
      assert.match(ok.text, /lumiku_http_request_duration_seconds/);
    });

    it('when METRICS_PORT is set, then the API port does not serve /metrics and the separate listener does', async () => {
      app = await startTestApp({ NODE_ENV: 'production', SIGNING_SECRET: 'a-random-secret-of-enough-length', METRICS_PORT: '9464' });
      assert.equal((await call(app.baseUrl, 'GET', '/metrics')).status, 404);
      const server = http.createServer(metricsApp({ config: app.config, metrics: app.deps.metrics, logger: pino({ level: 'silent' }) }));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const res = await call(base, 'GET', '/metrics');
        assert.equal(res.status, 200);
        assert.match(res.text, /process_cpu_user_seconds_total/);
        assert.equal((await call(base, 'GET', '/v1/account')).status, 404, 'the metrics listener serves nothing else');
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });

    it('when the separate listener has a token too, then it asks for it', async () => {
      const config = loadConfig({ METRICS_PORT: '9464', METRICS_TOKEN: token });
      const server = http.createServer(metricsApp({ config, metrics: createMetrics(), logger: pino({ level: 'silent' }) }));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        assert.equal((await call(base, 'GET', '/metrics')).status, 401);
        assert.equal((await call(base, 'GET', '/metrics', { headers: { authorization: `Bearer ${token}` } })).status, 200);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });

    it('when METRICS_PORT equals PORT, then the config refuses it', () => {
      assert.throws(() => loadConfig({ PORT: '9000', METRICS_PORT: '9000' }), /METRICS_PORT/);
    });
  });
});
