import assert from 'node:assert/strict';
import { Lumiku, type Logger } from '../../sdk-js/src';
import { createTestAccount, startTestApp, type TestApp } from '../support/harness';
import { FakeFetch, json } from '../support/fake-fetch';

/**
 * Logging: `logLevel` / `logger` options and `LUMIKU_LOG`; at `debug` every request and response is
 * logged, and no secret ever is (the API key, `Authorization`, `lk_…` keys and `whsec_…` secrets
 * in bodies) — checked with a fake fetch and against the real API, whose answers carry real secrets.
 */

const BASE = 'http://api.test';

/** A logger that keeps every line and argument, as text. */
function capture() {
  const lines: { level: string; text: string }[] = [];
  const at = (level: string) => (message: string, ...rest: unknown[]) => lines.push({ level, text: [message, ...rest.map((r) => JSON.stringify(r))].join(' ') });
  const logger: Logger = { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
  return { lines, logger, all: () => lines.map((l) => `${l.level} ${l.text}`).join('\n') };
}

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

const SECRET_KEY = 'lk_test_0123456789abcdefghijABCDEFGHIJ';
const NEW_KEY = 'lk_live_ZYXWVUTSRQPONMLKJIHGFEDCBA987654';
const WHSEC = 'whsec_c2VjcmV0LWJ5dGVzLWZvci10aGUtdGVzdA==';

describe('SDK logging (logLevel, logger, LUMIKU_LOG) and secret redaction', () => {
  it('when logLevel is debug, then requests and responses are logged with the Authorization header, keys and webhook secrets redacted', async () => {
    const log = capture();
    const fake = new FakeFetch()
      .on('POST', '/v1/api_keys', json(201, { id: 'key_1', object: 'api_key', secret: NEW_KEY, redacted_key: 'lk_live_…7654', note: `made with ${SECRET_KEY}` }))
      .on('GET', '/v1/webhook_secret', json(200, { object: 'webhook_secret', secret: WHSEC }));
    const lumiku = new Lumiku({ apiKey: SECRET_KEY, baseUrl: BASE, fetch: fake.fetch, logLevel: 'debug', logger: log.logger });
    const created = await lumiku.apiKeys.create({ name: `ci ${WHSEC}` });
    assert.equal(created.secret, NEW_KEY, 'the caller still gets the secret');
    await lumiku.webhooks.retrieveSecret({ headers: { 'x-debug-token': SECRET_KEY } });
    fake.done();

    const all = log.all();
    assert.match(all, /debug \[lumiku\] request POST http:\/\/api\.test\/v1\/api_keys/);
    assert.match(all, /debug \[lumiku\] response POST http:\/\/api\.test\/v1\/api_keys 201 in \d+ ms/);
    assert.match(all, /"authorization":"\[redacted\]"/);
    assert.match(all, /"user-agent":"lumiku-sdk-js\//);
    assert.match(all, /"redacted_key":"lk_live_…7654"/, 'redacted forms stay readable');
    assert.match(all, /"idempotency-key":"sdk_/);
    for (const secret of [SECRET_KEY, NEW_KEY, WHSEC, WHSEC.slice('whsec_'.length), SECRET_KEY.slice(8)]) assert.ok(!all.includes(secret), `${secret} was logged:\n${all}`);
    assert.ok(log.lines.every((l) => l.level === 'debug'));
  });

  it('when no level is set, then the default (warn) logs nothing for successful calls; LUMIKU_LOG raises it; the option wins over the variable', async () => {
    const answer = () => json(200, { id: 'acct_1' });
    const run = async (opts: { logLevel?: 'off' | 'debug' | undefined }) => {
      const log = capture();
      const fake = new FakeFetch().on('GET', '/v1/account', answer());
      await new Lumiku({ apiKey: SECRET_KEY, baseUrl: BASE, fetch: fake.fetch, logger: log.logger, ...opts }).account.retrieve();
      return log.lines;
    };
    await withEnv({ LUMIKU_LOG: undefined }, async () => assert.deepEqual(await run({}), []));
    await withEnv({ LUMIKU_LOG: 'debug' }, async () => {
      assert.ok((await run({})).some((l) => l.text.startsWith('[lumiku] request GET')));
      assert.deepEqual(await run({ logLevel: 'off' }), [], 'the option wins');
      assert.ok((await run({ logLevel: undefined })).length > 0, 'undefined is "not given"');
    });
    await withEnv({ LUMIKU_LOG: ' INFO ' }, async () => assert.deepEqual(await run({}), []));
  });

  it('when LUMIKU_LOG holds an unknown level, then one warning says so and the default applies', async () => {
    await withEnv({ LUMIKU_LOG: 'verbose' }, async () => {
      const log = capture();
      const fake = new FakeFetch().on('GET', '/v1/account', json(200, {}));
      await new Lumiku({ apiKey: SECRET_KEY, baseUrl: BASE, fetch: fake.fetch, logger: log.logger }).account.retrieve();
      assert.deepEqual(log.lines, [{ level: 'warn', text: '[lumiku] LUMIKU_LOG="verbose" is not one of off, error, warn, info, debug; using warn.' }]);
    });
  });

  it('when the logger throws, then the request still succeeds', async () => {
    const fake = new FakeFetch().on('GET', '/v1/account', json(200, { id: 'acct_1' }));
    const broken: Logger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => { throw new Error('disk full'); } };
    const account = await new Lumiku({ apiKey: SECRET_KEY, baseUrl: BASE, fetch: fake.fetch, logLevel: 'debug', logger: broken }).account.retrieve();
    assert.equal(account.id, 'acct_1');
  });

  describe('against the running API', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp();
    });
    after(async () => app?.close());

    it('when keys and secrets are created and read with debug logging, then the logs show every call and none of the secrets', async () => {
      const acct = await createTestAccount(app.db);
      const log = capture();
      const lumiku = new Lumiku({ apiKey: acct.test, baseUrl: app.baseUrl, logLevel: 'debug', logger: log.logger });
      const key = await lumiku.apiKeys.create({ name: 'logged', scopes: ['read'] });
      const { secret: whsec } = await lumiku.webhooks.retrieveSecret();
      const { data: account, rateLimit } = await lumiku.withOptions({ apiKey: key.secret }).account.retrieve().withResponse();
      assert.equal(account.id, acct.accountId);
      assert.ok(rateLimit && rateLimit.limit > 0 && rateLimit.remaining < rateLimit.limit, JSON.stringify(rateLimit));

      const all = log.all();
      assert.match(key.secret!, /^lk_test_/);
      assert.match(whsec, /^whsec_/);
      for (const secret of [acct.test, key.secret!, whsec]) assert.ok(!all.includes(secret), `${secret.slice(0, 12)}… was logged`);
      assert.match(all, /response POST http:\/\/127\.0\.0\.1:\d+\/v1\/api_keys 201/);
      assert.match(all, /response GET http:\/\/127\.0\.0\.1:\d+\/v1\/webhook_secret 200/);
      assert.match(all, /"secret":"\[redacted\]"/);
      assert.match(all, /"x-request-id":"req_/);
    });
  });
});
