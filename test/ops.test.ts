import assert from 'node:assert/strict';
import { call, createTestAccount, startTestApp, type TestApp } from './support/harness';

describe('rate limits, health, readiness and metrics', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '5', RATE_LIMIT_WINDOW_SECONDS: '30' });
  });
  after(async () => app.close());

  it('when a key exceeds its rate limit, then 429 with Retry-After, while another key is unaffected', async () => {
    const a = await createTestAccount(app.db);
    const b = await createTestAccount(app.db);
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await call(app.baseUrl, 'GET', '/v1/account', { key: a.live }));
    assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200, 200, 429]);
    assert.equal(results[0].headers.get('ratelimit-limit'), '5');
    assert.equal(results[0].headers.get('ratelimit-remaining'), '4');
    assert.ok(Number(results[0].headers.get('ratelimit-reset')) > 0);
    const limited = results[5];
    assert.equal(limited.body.code, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    const other = await call(app.baseUrl, 'GET', '/v1/account', { key: b.live });
    assert.equal(other.status, 200);
  });

  it('when asked for health, readiness, metrics and the spec, then each answers', async () => {
    assert.equal((await call(app.baseUrl, 'GET', '/health')).body.status, 'ok');
    const ready = await call(app.baseUrl, 'GET', '/ready');
    assert.equal(ready.status, 200);
    assert.deepEqual(Object.keys(ready.body.checks).sort(), ['database', 'redis', 'storage']);
    const acct = await createTestAccount(app.db);
    await call(app.baseUrl, 'GET', '/v1/account', { key: acct.test });
    const metrics = await call(app.baseUrl, 'GET', '/metrics');
    assert.match(metrics.text, /lumiku_http_request_duration_seconds_count\{method="GET",route="\/v1\/account",status="200"\} \d+/);
    const spec = await call(app.baseUrl, 'GET', '/openapi.json');
    assert.equal(spec.body.openapi.startsWith('3.'), true);
    assert.ok(spec.body.paths['/v1/account']);
    const docs = await fetch(`${app.baseUrl}/docs/`);
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /swagger/i);
  });

  it('when Redis is unreachable, then /health still answers, /ready says redis is down, and requests are not refused', async () => {
    const down = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      assert.equal((await call(down.baseUrl, 'GET', '/health')).status, 200);
      const ready = await call(down.baseUrl, 'GET', '/ready');
      assert.equal(ready.status, 503);
      assert.equal(ready.body.checks.redis.status, 'down');
      assert.equal(ready.body.checks.database.status, 'up');
      const acct = await createTestAccount(down.db);
      const res = await call(down.baseUrl, 'GET', '/v1/account', { key: acct.live });
      assert.equal(res.status, 200);
    } finally {
      await down.close();
    }
  });
});
