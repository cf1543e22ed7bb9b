import assert from 'node:assert/strict';
import util from 'node:util';
import { APIPromise, Lumiku, RateLimitError, VERSION, WaitTimeoutError, type Logger } from '../../sdk-js/src';
import { FakeFetch, json, problem } from '../support/fake-fetch';

/**
 * The client's developer-experience surface with a fake fetch (no server): `withResponse()`,
 * `withOptions()`, the User-Agent, options given as `undefined`, rate limits on success and on
 * errors, `WaitTimeoutError` typed by the resource. Logging is in logging.test.ts; the same
 * against the real API in fresh-project.test.ts.
 */

const BASE = 'http://api.test';
const RATE = { 'ratelimit-limit': '600', 'ratelimit-remaining': '599', 'ratelimit-reset': '60', 'x-request-id': 'req_1' };

function client(fake: FakeFetch, opts: ConstructorParameters<typeof Lumiku>[0] = {}) {
  return new Lumiku({ apiKey: 'lk_test_unit', baseUrl: BASE, fetch: fake.fetch, logLevel: 'off', ...opts });
}

/** Runs `fn` with environment variables set (undefined: unset), then restores them. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T | Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

describe('SDK client: withResponse, withOptions, User-Agent, undefined options', () => {
  it('when a call is awaited with withResponse(), then it gives the data, the raw response, the request id and the rate-limit headers', async () => {
    const fake = new FakeFetch().on('GET', '/v1/account', json(200, { id: 'acct_1', object: 'account', balance: 5 }, RATE));
    const call = client(fake).account.retrieve();
    assert.ok(call instanceof Promise, 'an APIPromise is a Promise');
    assert.ok(call instanceof APIPromise);
    const { data, response, requestId, rateLimit } = await call.withResponse();
    assert.equal(data.balance, 5);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.equal(requestId, 'req_1');
    assert.deepEqual(rateLimit, { limit: 600, remaining: 599, reset: 60 });
    // Awaiting the same call gives the data; it was sent once.
    assert.equal((await call).id, 'acct_1');
    assert.equal(fake.calls.length, 1);
    fake.done();
  });

  it('when no rate-limit headers come back, then rateLimit is undefined rather than made up', async () => {
    const fake = new FakeFetch().on('GET', '/v1/account', json(200, { id: 'acct_1' }, { 'ratelimit-limit': '600' }));
    const { rateLimit, requestId } = await client(fake).account.retrieve().withResponse();
    assert.equal(rateLimit, undefined);
    assert.equal(requestId, 'req_fake');
  });

  it('when a list, an upload and a download are called with withResponse(), then each gives its response too', async () => {
    const fake = new FakeFetch()
      .on('GET', '/v1/jobs?limit=1', json(200, { object: 'list', data: [{ id: 'vmix_1' }], has_more: false, next_cursor: null }, RATE))
      .on('POST', '/v1/files', json(201, { id: 'file_1', object: 'file' }, { ...RATE, 'ratelimit-remaining': '598' }))
      .on('GET', '/v1/files/file_1/content', new Response('bytes', { status: 200, headers: { 'content-type': 'video/mp4', ...RATE } }));
    const lumiku = client(fake);
    const page = await lumiku.jobs.list({ limit: 1 }).withResponse();
    assert.equal(page.data.data[0].id, 'vmix_1');
    assert.equal(page.data.hasNextPage(), false);
    assert.equal(page.rateLimit?.remaining, 599);
    const uploaded = await lumiku.files.upload(Buffer.from('abc'), { filename: 'a.txt' }).withResponse();
    assert.equal(uploaded.data.id, 'file_1');
    assert.equal(uploaded.response.status, 201);
    assert.equal(uploaded.rateLimit?.remaining, 598);
    const download = await lumiku.files.content('file_1').withResponse();
    assert.equal(download.data, download.response, 'a download is its response');
    assert.equal(await download.data.text(), 'bytes');
    fake.done();
  });

  it('when a call fails, then withResponse() and await reject alike, and a 429 carries the rate-limit state', async () => {
    const fake = new FakeFetch().on('GET', '/v1/account', problem(429, 'rate_limited', {}, { 'retry-after': '3600', 'ratelimit-limit': '600', 'ratelimit-remaining': '0', 'ratelimit-reset': '42' }));
    await assert.rejects(client(fake, { maxRetries: 0 }).account.retrieve().withResponse(), (err: RateLimitError) => {
      assert.ok(err instanceof RateLimitError);
      assert.deepEqual(err.rateLimit, { limit: 600, remaining: 0, reset: 42 });
      return true;
    });
  });

  it('when every request is sent, then the User-Agent names the SDK version and the runtime; defaultHeaders may replace it', async () => {
    const fake = new FakeFetch().on('GET', '/v1/account', json(200, {})).on('GET', '/v1/account', json(200, {}));
    await client(fake).account.retrieve();
    const ua = fake.calls[0].headers.get('user-agent')!;
    assert.equal(ua, `lumiku-sdk-js/${VERSION} node/${process.version} (${process.platform}; ${process.arch})`);
    assert.match(VERSION, /^\d+\.\d+\.\d+/);
    await client(fake, { defaultHeaders: { 'User-Agent': 'my-app/2' } }).account.retrieve();
    assert.equal(fake.calls[1].headers.get('user-agent'), 'my-app/2');
    fake.done();
  });

  it('when options are passed as undefined, then they mean "not given": the environment and defaults apply', async () => {
    const fake = new FakeFetch().on('GET', '/v1/account', json(200, {}));
    await withEnv({ LUMIKU_API_KEY: 'lk_test_fromenv', LUMIKU_BASE_URL: BASE }, async () => {
      const lumiku = new Lumiku({ apiKey: undefined, baseUrl: undefined, maxRetries: undefined, timeout: undefined, fetch: fake.fetch, defaultHeaders: undefined, webhookSecret: undefined, logLevel: undefined, logger: undefined });
      assert.equal(lumiku.core.baseUrl, BASE);
      assert.equal(lumiku.core.maxRetries, 2);
      assert.equal(lumiku.core.timeout, 60_000);
      await lumiku.account.retrieve({ idempotencyKey: undefined, maxRetries: undefined, timeout: undefined, signal: undefined, headers: undefined });
    });
    assert.equal(fake.calls[0].headers.get('authorization'), 'Bearer lk_test_fromenv');
    fake.done();
  });

  it('when withOptions() is called, then a new client has the merged options and the original is unchanged', async () => {
    const fake = new FakeFetch().on('GET', '/v1/account', json(200, {})).on('GET', '/v1/account', json(200, {}));
    const lumiku = client(fake, { timeout: 1000, defaultHeaders: { 'x-team': 'a' } });
    const other = lumiku.withOptions({ timeout: 5000, maxRetries: 0, apiKey: undefined, defaultHeaders: { 'x-team': 'b' } });
    assert.ok(other instanceof Lumiku);
    assert.notEqual(other, lumiku);
    assert.equal(other.core.timeout, 5000);
    assert.equal(other.core.maxRetries, 0);
    assert.equal(lumiku.core.timeout, 1000, 'the original keeps its options');
    assert.equal(lumiku.core.maxRetries, 2);
    await other.account.retrieve();
    await lumiku.account.retrieve();
    // `apiKey: undefined` kept the original key; the rest came from the original too.
    assert.equal(fake.calls[0].headers.get('authorization'), 'Bearer lk_test_unit');
    assert.equal(fake.calls[0].headers.get('x-team'), 'b');
    assert.equal(fake.calls[1].headers.get('x-team'), 'a');
    assert.equal(other.core.baseUrl, BASE);
    fake.done();

    // A subclass stays a subclass.
    class MyClient extends Lumiku {
      hello() {
        return 'hi';
      }
    }
    assert.equal(new MyClient({ fetch: fake.fetch, logLevel: 'off' }).withOptions({ timeout: 1 }).hello(), 'hi');
  });

  it('when the client is printed (console.log, util.inspect), then its API key is not shown', () => {
    const lumiku = new Lumiku({ apiKey: 'lk_test_printme0123456789', baseUrl: BASE, webhookSecret: 'whsec_c2VjcmV0c2VjcmV0', logLevel: 'off' });
    const printed = util.inspect(lumiku.withOptions({ timeout: 1 }), { depth: 20, showHidden: true });
    assert.ok(!printed.includes('printme') && !printed.includes('c2VjcmV0'), printed);
    assert.ok(printed.includes('api.test'), 'the rest is printed');
  });

  it('when wait() runs out of time, then WaitTimeoutError carries the job as last seen and isWaitTimeout() recognises it', async () => {
    const fake = new FakeFetch().on('GET', /^\/v1\/video_mixes\/vmix_1\?wait=\d+$/, json(200, { id: 'vmix_1', object: 'video_mix', status: 'processing', progress: { fraction: 0.5 } }));
    const lumiku = client(fake);
    const err = await lumiku.videoMixes.wait('vmix_1', { timeoutMs: 0, signal: undefined }).catch((e: unknown) => e);
    assert.ok(err instanceof WaitTimeoutError);
    assert.ok(lumiku.videoMixes.isWaitTimeout(err));
    assert.equal(err.job.id, 'vmix_1');
    assert.equal(err.job.progress.fraction, 0.5);
    assert.equal(lumiku.videoMixes.isWaitTimeout(new Error('x')), false);
  });

  it('when a logger is passed, then it receives what the SDK logs, under the [lumiku] prefix', async () => {
    const lines: string[] = [];
    const logger: Logger = { error: (m) => lines.push(`error ${m}`), warn: (m) => lines.push(`warn ${m}`), info: (m) => lines.push(`info ${m}`), debug: (m) => lines.push(`debug ${m}`) };
    const fake = new FakeFetch().on('GET', '/v1/account', problem(503, 'service_unavailable', {}, { 'retry-after': '0' })).on('GET', '/v1/account', json(200, {}));
    await client(fake, { logger, logLevel: 'info' }).account.retrieve();
    assert.deepEqual(lines, [`info [lumiku] GET ${BASE}/v1/account answered 503 service_unavailable; retrying in 0 ms (2 retries left)`]);
  });
});
