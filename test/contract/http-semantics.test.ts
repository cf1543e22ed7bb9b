import assert from 'node:assert/strict';
import http from 'node:http';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';

/** A raw request, so the test decides every header (fetch adds a Content-Type to string bodies). */
function rawRequest(baseUrl: string, method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }>((resolve, reject) => {
    const req = http.request(`${baseUrl}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = text;
        }
        resolve({ status: res.statusCode!, headers: res.headers, body: json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Issue 12: 405 with Allow, 415 with a hint, a `null` body named, and where a problem's `type` points. */
describe('contract: methods, media types and problem types', function () {
  this.timeout(30_000);
  let app: TestApp;
  let acct: TestAccount;
  before(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' });
    acct = await createTestAccount(app.db, { balance: 100 });
  });
  after(async () => app?.close());

  describe('405 method_not_allowed', () => {
    const cases: [string, string, string[]][] = [
      ['DELETE', '/v1/video_mixes', ['GET', 'HEAD', 'POST']],
      ['PUT', '/v1/events/evt_01jf3v8a6q8m2k4c7xw9t5b3nd', ['GET', 'HEAD']],
      ['POST', '/v1/account', ['GET', 'HEAD']],
      ['GET', '/v1/video_mixes/vmix_01jf3v8a6q8m2k4c7xw9t5b3nd/cancel', ['POST']],
      ['PATCH', '/v1/api_keys/key_x', ['GET', 'HEAD', 'DELETE']],
    ];
    for (const [method, path, allowed] of cases) {
      it(`when ${method} ${path} is sent, then 405 with Allow: ${allowed.join(', ')}`, async () => {
        const res = await call(app.baseUrl, method, path, { key: acct.test });
        assert.equal(res.status, 405, res.text);
        assert.equal(res.body.code, 'method_not_allowed');
        assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
        const allow = (res.headers.get('allow') ?? '').split(',').map((m) => m.trim());
        for (const m of allowed) assert.ok(allow.includes(m), `Allow: ${res.headers.get('allow')}`);
        assert.ok(!allow.includes(method), `Allow lists ${method}`);
        assert.match(res.body.detail, new RegExp(`does not take ${method}`));
      });
    }

    it('when a method listed in Allow is used, then it is routed (never 405)', async () => {
      const res = await call(app.baseUrl, 'DELETE', '/v1/video_mixes', { key: acct.test });
      for (const m of (res.headers.get('allow') ?? '').split(',').map((x) => x.trim())) {
        if (m === 'OPTIONS') continue;
        const again = await call(app.baseUrl, m, '/v1/video_mixes', { key: acct.test, ...(m === 'POST' ? { body: {} } : {}) });
        assert.notEqual(again.status, 405, m);
      }
    });

    it('when the path does not exist at all, then still 404 route_not_found', async () => {
      const res = await call(app.baseUrl, 'DELETE', '/v1/nothing_here', { key: acct.test });
      assert.equal(res.status, 404);
      assert.equal(res.body.code, 'route_not_found');
    });
  });

  describe('415 unsupported_media_type', () => {
    const json = JSON.stringify({ clips: [{ file_id: 'file_a' }, { file_id: 'file_b' }] });
    for (const [label, headers] of [
      ['text/plain', { 'content-type': 'text/plain' }],
      ['application/x-www-form-urlencoded (what curl -d sends)', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['no Content-Type at all', {}],
    ] as const) {
      it(`when a JSON body is sent as ${label}, then 415 with a hint to send application/json`, async () => {
        const res = await rawRequest(app.baseUrl, 'POST', '/v1/video_mixes', { authorization: `Bearer ${acct.test}`, 'content-length': String(Buffer.byteLength(json)), ...headers }, json);
        assert.equal(res.status, 415, JSON.stringify(res.body));
        assert.equal(res.body.code, 'unsupported_media_type');
        assert.match(res.body.detail, /Content-Type: application\/json/);
        assert.equal(res.headers['accept-post'], 'application/json');
      });
    }

    it('when the endpoint takes multipart too (files), then multipart and JSON both pass the check; a PATCH says Accept-Patch', async () => {
      const form = new FormData();
      form.append('other', 'x');
      const multipart = await fetch(`${app.baseUrl}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${acct.test}` }, body: form });
      assert.equal(multipart.status, 422);
      const patch = await rawRequest(app.baseUrl, 'PATCH', '/v1/webhook_endpoints/we_x', { authorization: `Bearer ${acct.test}`, 'content-type': 'text/plain', 'content-length': '2' }, '{}');
      assert.equal(patch.status, 415);
      assert.equal(patch.headers['accept-patch'], 'application/json');
    });

    it('when a JSON body is sent with application/json; charset=utf-8, then it is read', async () => {
      const res = await rawRequest(app.baseUrl, 'POST', '/v1/api_keys', { authorization: `Bearer ${acct.test}`, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify({ name: 'ok' }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
    });
  });

  describe('a body that is valid JSON but not an object', () => {
    for (const raw of ['null', '42', '"text"', 'true']) {
      it(`when the body is ${raw}, then 422 validation_failed naming the body (not invalid_json)`, async () => {
        const res = await call(app.baseUrl, 'POST', '/v1/video_mixes', { key: acct.test, rawBody: raw, headers: { 'content-type': 'application/json' } });
        assert.equal(res.status, 422, res.text);
        assert.equal(res.body.code, 'validation_failed');
        assert.equal(res.body.errors.length, 1);
        assert.equal(res.body.errors[0].path, 'body');
        assert.match(res.body.errors[0].message, /^must be a JSON object \(got /);
      });
    }

    it('when the body is not JSON at all, then still 400 invalid_json', async () => {
      const res = await call(app.baseUrl, 'POST', '/v1/video_mixes', { key: acct.test, rawBody: '{nope', headers: { 'content-type': 'application/json' } });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'invalid_json');
    });

    it('when no body is sent to an endpoint that needs one, then 422 naming the body', async () => {
      const res = await rawRequest(app.baseUrl, 'POST', '/v1/video_mixes', { authorization: `Bearer ${acct.test}` });
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.deepEqual(res.body.errors, [{ path: 'body', message: 'is required: send a JSON body' }]);
    });
  });

  describe('problem type', () => {
    it('when ERROR_DOCS_BASE_URL is unset, then type is the code’s anchor in the published reference', async () => {
      const res = await call(app.baseUrl, 'GET', '/v1/nothing_here', { key: acct.test });
      assert.equal(res.body.type, 'https://docs.lumiku.dev/errors#route_not_found');
    });

    it('when ERROR_DOCS_BASE_URL is set, then type is <base>#<code>', async () => {
      const other = await startTestApp({ ERROR_DOCS_BASE_URL: 'https://developers.example.com/lumiku/error-codes/' });
      try {
        const res = await call(other.baseUrl, 'GET', '/v1/account');
        assert.equal(res.body.type, 'https://developers.example.com/lumiku/error-codes#missing_api_key');
      } finally {
        await other.close();
      }
    });
  });
});
