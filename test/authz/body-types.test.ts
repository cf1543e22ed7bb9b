import assert from 'node:assert/strict';
import sharp from 'sharp';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';
import { uploadBytes } from '../fixtures/uploads';

/** Issue 10 item 8: a JSON body field of the wrong type is a 422 naming the field, never coerced. */
describe('authz: JSON body types are not coerced', function () {
  this.timeout(30_000);
  let app: TestApp;
  let acct: TestAccount;
  let images: string[];
  before(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0', WEBHOOK_URL_ALLOWLIST: '127.0.0.1' });
    acct = await createTestAccount(app.db, { balance: 100 });
    images = [];
    for (const background of ['#f00', '#0f0']) {
      const png = await sharp({ create: { width: 64, height: 64, channels: 3, background } }).png().toBuffer();
      images.push((await uploadBytes(app.baseUrl, acct.test, png, 'a.png', { type: 'image/png' })).body.id);
    }
  });
  after(async () => app.close());

  const carousel = (sets: unknown) => ({ slides: [{ images: [images[0]] }, { images: [images[1]] }], sets });
  const paths = (res: { body: any }) => (res.body.errors ?? []).map((e: any) => e.path);

  for (const [label, sets] of [['an array', [1]], ['a numeric string', '2'], ['a boolean', true], ['null', null]] as const) {
    it(`when carousel sets is ${label}, then 422 validation_failed naming sets, and no job`, async () => {
      const res = await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.test, body: carousel(sets) });
      assert.equal(res.status, 422, res.text);
      assert.equal(res.body.code, 'validation_failed');
      assert.deepEqual(paths(res), ['sets']);
      const jobs = await call(app.baseUrl, 'GET', '/v1/jobs', { key: acct.test });
      assert.deepEqual(jobs.body.data, []);
    });
  }

  it('when sets is a number, then the same body is accepted (the check is on the type, not the value)', async () => {
    const res = await call(app.baseUrl, 'POST', '/v1/carousels?dry_run=true', { key: acct.test, body: carousel(1) });
    assert.equal(res.status, 200, res.text);
  });

  it('when other fields have the wrong type (string for integer, string or null for boolean, string for array), then 422 naming each', async () => {
    const cases: [string, unknown, string][] = [
      ['/v1/api_keys', { name: 'x', credit_limit: '100' }, 'credit_limit'],
      ['/v1/api_keys', { name: 'x', scopes: 'read' }, 'scopes'],
      ['/v1/api_keys', { name: 7 }, 'name'],
      ['/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/h', enabled: 'true' }, 'enabled'],
      ['/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/h', enabled: null }, 'enabled'],
    ];
    for (const [path, body, field] of cases) {
      const res = await call(app.baseUrl, 'POST', path, { key: acct.test, body });
      assert.equal(res.status, 422, `${path} ${JSON.stringify(body)}: ${res.text}`);
      assert.deepEqual(paths(res), [field], JSON.stringify(body));
    }
  });

  it('when query parameters arrive as strings, then they are still read as their types', async () => {
    const list = await call(app.baseUrl, 'GET', '/v1/files?limit=1', { key: acct.test });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.data.length, 1);
    assert.equal(list.body.has_more, true);
    const bad = await call(app.baseUrl, 'GET', '/v1/files?limit=many', { key: acct.test });
    assert.equal(bad.status, 422);
  });
});
