import assert from 'node:assert/strict';
import http from 'node:http';
import { call, createTestAccount, startTestApp, type TestApp } from '../support/harness';

/** A GET with a Host header of our choosing (fetch does not let a caller set Host). */
function getWithHeaders(baseUrl: string, pathname: string, headers: Record<string, string>): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(pathname, baseUrl);
  return new Promise((resolve, reject) => {
    http
      .get({ host: url.hostname, port: url.port, path: url.pathname, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      })
      .on('error', reject);
  });
}

const serversOf = (body: string) => (JSON.parse(body) as { servers: { url: string }[] }).servers.map((s) => s.url);

describe('spec: served with the address of the API that serves it; one path per resource', function () {
  this.timeout(60_000);

  describe('without PUBLIC_BASE_URL', () => {
    let app: TestApp;
    let trusting: TestApp;
    before(async () => {
      app = await startTestApp({ PUBLIC_BASE_URL: '' });
      trusting = await startTestApp({ PUBLIC_BASE_URL: '', TRUST_PROXY: 'loopback' });
    });
    after(async () => Promise.all([app?.close(), trusting?.close()]));

    it('when /openapi.json is fetched, then servers names the address the request came to', async () => {
      const res = await getWithHeaders(app.baseUrl, '/openapi.json', { host: 'api.internal.test:9999' });
      assert.equal(res.status, 200);
      assert.deepEqual(serversOf(res.body), ['http://api.internal.test:9999']);
      const direct = await fetch(`${app.baseUrl}/openapi.json`);
      assert.deepEqual(serversOf(await direct.text()), [app.baseUrl]);
    });

    it('when X-Forwarded-Proto/Host come without TRUST_PROXY, then they are ignored; with TRUST_PROXY naming the proxy, then they are used', async () => {
      const forwarded = { host: '127.0.0.1', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.example.com' };
      assert.deepEqual(serversOf((await getWithHeaders(app.baseUrl, '/openapi.json', forwarded)).body), ['http://127.0.0.1']);
      assert.deepEqual(serversOf((await getWithHeaders(trusting.baseUrl, '/openapi.json', forwarded)).body), ['https://api.example.com']);
    });

    it('when the Host header is not a host name, then the spec names PUBLIC_BASE_URL\'s default instead of echoing it', async () => {
      const res = await getWithHeaders(app.baseUrl, '/openapi.json', { host: 'evil.test"><script>' });
      assert.ok([200, 400].includes(res.status));
      if (res.status === 200) assert.deepEqual(serversOf(res.body), [app.config.publicBaseUrl]);
    });

    it('when /docs is opened, then Swagger UI loads ../openapi.json (the served spec), not an embedded copy', async () => {
      const page = await fetch(`${app.baseUrl}/docs/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /swagger-ui-init\.js/);
      const init = await (await fetch(`${app.baseUrl}/docs/swagger-ui-init.js`)).text();
      assert.match(init, /"swaggerUrl": "\.\.\/openapi\.json"/);
      assert.doesNotMatch(init, /"paths"/);
    });
  });

  describe('with PUBLIC_BASE_URL', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp({ PUBLIC_BASE_URL: 'https://api.lumiku.example/' });
    });
    after(async () => app?.close());

    it('when /openapi.json is fetched through any host, then servers is PUBLIC_BASE_URL', async () => {
      assert.deepEqual(serversOf((await getWithHeaders(app.baseUrl, '/openapi.json', { host: 'elsewhere.test' })).body), ['https://api.lumiku.example']);
    });

    it('when a path ends with a slash, then it is a 404 route_not_found that names the path without it (never the list, never another route)', async () => {
      const acct = await createTestAccount(app.db);
      const list = await call(app.baseUrl, 'GET', '/v1/events', { key: acct.test });
      assert.equal(list.status, 200);
      for (const [method, pathname, canonical] of [
        ['GET', '/v1/events/', '/v1/events'],
        ['GET', '/v1/webhook_endpoints/', '/v1/webhook_endpoints'],
        ['POST', '/v1/carousels/', '/v1/carousels'],
        ['GET', '/v1/account/', '/v1/account'],
        ['GET', '/health/', '/health'],
        ['GET', '/openapi.json/', '/openapi.json'],
      ]) {
        const res = await call(app.baseUrl, method, pathname, { key: acct.test, ...(method === 'POST' ? { body: {} } : {}) });
        assert.equal(res.status, 404, `${method} ${pathname}: ${res.text}`);
        assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
        assert.equal(res.body.code, 'route_not_found');
        assert.ok(res.body.detail.includes(`${method} ${canonical}?`), res.body.detail);
      }
      const docs = await fetch(`${app.baseUrl}/docs/`);
      assert.equal(docs.status, 200, 'the Swagger UI page keeps its slash');
    });
  });
});
