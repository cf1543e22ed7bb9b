import assert from 'node:assert/strict';
import { findJsonProblems, MAX_JSON_DEPTH } from '../../api/src/middleware/json-body';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';
import { rawExchange } from './raw-http';

/** `{"k": …}` with `depth` levels of objects and arrays in all (the body counts as one). */
function nestedBody(depth: number, key = 'metadata'): string {
  const inner = depth - 1; // the outer object is level 1
  return `{"${key}":${'['.repeat(inner)}${']'.repeat(inner)}}`;
}

describe('Robustness: JSON bodies nested too deep or carrying NUL are refused with a 4xx', function () {
  this.timeout(60_000);
  let app: TestApp;
  let acct: TestAccount;
  before(async () => {
    app = await startTestApp({ WEBHOOK_URL_ALLOWLIST: '127.0.0.1' });
    acct = await createTestAccount(app.db, { balance: 1000 });
  });
  after(async () => app?.close());

  const post = (path: string, raw: string, headers: Record<string, string> = {}) =>
    call(app.baseUrl, 'POST', path, { key: acct.test, rawBody: raw, headers: { 'content-type': 'application/json', ...headers } });

  describe('nesting', () => {
    it('a ~200 KB deeply nested body is a 400 invalid_json naming the maximum depth, with or without Idempotency-Key (no stack overflow in the fingerprint or the validator)', async () => {
      const arrays = `{"metadata":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
      const objects = `{"slides":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`;
      const cases: Array<[string, string]> = [
        ['/v1/video_mixes', arrays],
        ['/v1/carousels', objects],
        ['/v1/avatars', arrays.replace('metadata', 'name')],
        ['/v1/webhook_endpoints', arrays.replace('metadata', 'url')],
        ['/v1/api_keys', objects.replace('slides', 'name')],
      ];
      for (const [path, raw] of cases) {
        for (const headers of [{}, { 'idempotency-key': `deep-${path}-${Math.random()}` }] as Record<string, string>[]) {
          const r = await post(path, raw, headers);
          assert.equal(r.status, 400, `${path} ${JSON.stringify(headers)}: ${r.text.slice(0, 300)}`);
          assert.equal(r.body.code, 'invalid_json');
          assert.match(r.body.detail, new RegExp(`${MAX_JSON_DEPTH} is the maximum depth`));
        }
      }
    });

    it(`${MAX_JSON_DEPTH} levels are read (the request goes on to validation); ${MAX_JSON_DEPTH + 1} are refused`, async () => {
      const atLimit = await post('/v1/video_mixes', nestedBody(MAX_JSON_DEPTH));
      assert.equal(atLimit.status, 422, atLimit.text);
      assert.equal(atLimit.body.code, 'validation_failed');
      const over = await post('/v1/video_mixes', nestedBody(MAX_JSON_DEPTH + 1));
      assert.equal(over.status, 400, over.text);
      assert.equal(over.body.code, 'invalid_json');
    });

    it('the walk uses no call stack: a million levels built in memory are found too deep', () => {
      let deep: unknown = 'leaf';
      for (let i = 0; i < 1_000_000; i++) deep = [deep];
      assert.deepEqual(findJsonProblems({ a: deep }), { tooDeep: true });
      assert.deepEqual(findJsonProblems({ a: [[{ b: 'x\u0000' }]], c: { 'k\u0000': 1 }, d: ['ok', '\u0000'] }), { tooDeep: false, nulPaths: ['a[0][0].b', 'c["k\\u0000"]', 'd[1]'] });
    });
  });

  describe('NUL characters', () => {
    it('in an avatar name or metadata (which PostgreSQL cannot store): 422 validation_failed naming the field', async () => {
      const cases: Array<[string, unknown, string[]]> = [
        ['/v1/avatars', { from: 'preset', preset: 'preset_mascot_sunny', name: 'a\u0000b' }, ['name']],
        ['/v1/avatars', { from: 'preset', preset: 'preset_mascot_sunny', name: 'ok', metadata: { note: 'a\u0000b' } }, ['metadata.note']],
        ['/v1/avatars', { from: 'preset', preset: 'preset_mascot_sunny', name: 'ok', metadata: { 'n\u0000': 'v' } }, ['metadata["n\\u0000"]']],
        ['/v1/api_keys', { name: 'key\u0000' }, ['name']],
        ['/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/h\u0000', description: '\u0000' }, ['url', 'description']],
        ['/v1/video_mixes', { clips: ['file_a\u0000', 'file_b'], external_id: 'x\u0000', metadata: { note: '\u0000' } }, ['clips[0]', 'external_id', 'metadata.note']],
      ];
      for (const [path, body, paths] of cases) {
        for (const headers of [{}, { 'idempotency-key': `nul-${Math.random()}` }] as Record<string, string>[]) {
          const r = await call(app.baseUrl, 'POST', path, { key: acct.test, body, headers });
          assert.equal(r.status, 422, `${path}: ${r.text}`);
          assert.equal(r.body.code, 'validation_failed');
          assert.deepEqual(r.body.errors.map((e: { path: string }) => e.path), paths, path);
        }
      }
      // Nothing was stored on the way.
      const keys = await call(app.baseUrl, 'GET', '/v1/api_keys', { key: acct.test });
      assert.ok(!keys.text.includes('key\\\\0') && !keys.text.includes('key\\u0000'), keys.text);
    });

    it('in a PATCH body too', async () => {
      const created = await call(app.baseUrl, 'POST', '/v1/avatars', { key: acct.test, body: { from: 'preset', preset: 'preset_mascot_sunny', name: 'fine' } });
      assert.equal(created.status, 202, created.text);
      const r = await call(app.baseUrl, 'PATCH', `/v1/avatars/${created.body.id}`, { key: acct.test, body: { metadata: { note: 'bad\u0000' } } });
      assert.equal(r.status, 422, r.text);
      assert.deepEqual(r.body.errors.map((e: { path: string }) => e.path), ['metadata.note']);
    });

    it('in a query parameter: 422 naming it; in the path: 400', async () => {
      const q = await call(app.baseUrl, 'GET', '/v1/jobs?external_id=a%00b', { key: acct.test });
      assert.equal(q.status, 422, q.text);
      assert.deepEqual(q.body.errors.map((e: { path: string }) => e.path), ['query.external_id']);
      const p = await call(app.baseUrl, 'GET', '/v1/files/file_%00', { key: acct.test });
      assert.equal(p.status, 400, p.text);
      assert.equal(p.body.code, 'invalid_request');
    });

    it('in a header (Idempotency-Key): refused before it reaches anything', async () => {
      const r = await rawExchange(app.baseUrl, {
        path: '/v1/api_keys',
        headers: { authorization: `Bearer ${acct.test}`, 'content-type': 'application/json', 'idempotency-key': 'a\u0000b' },
        body: Buffer.from('{"name":"k"}'),
      });
      assert.equal(r.status, 400, r.text);
      const spaced = await call(app.baseUrl, 'POST', '/v1/api_keys', { key: acct.test, body: { name: 'k' }, headers: { 'idempotency-key': 'a b' } });
      assert.equal(spaced.status, 400, spaced.text);
      assert.equal(spaced.body.code, 'invalid_request');
    });
  });
});
