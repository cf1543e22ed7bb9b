import assert from 'node:assert/strict';
import pg from 'pg';
import { Sequelize, type Transaction } from 'sequelize';
import { createDatabase } from '../../api/src/domain/db/connect';
import { toApiError } from '../../api/src/errors/problem';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../../api/src/errors/unavailable';
import { freePort } from '../../scripts/dev-services/ensure-services';
import { call, createTestAccount, startTestApp, testServices } from '../support/harness';
import { startApiProcess, type ApiProcess } from './api-process';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

/**
 * PostgreSQL going away answers 503 `service_unavailable` with Retry-After (an outage, which
 * clients retry), never 500 `internal_error` (a bug); the API process survives and serves again
 * once the database is back. The outage is real: the API reaches PostgreSQL through a TCP proxy
 * the test breaks, and backends are ended with pg_terminate_backend.
 */

const RETRY_AFTER = String(UNAVAILABLE_RETRY_AFTER_SECONDS);

function assertUnavailable(r: { status: number; headers: Headers; body: any; text: string }, what: string) {
  assert.equal(r.status, 503, `${what}: ${r.text}`);
  assert.equal(r.body.code, 'service_unavailable', what);
  assert.equal(r.headers.get('retry-after'), RETRY_AFTER, what);
  assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/, what);
  assert.match(r.body.detail, /database is unavailable/, what);
}

describe('Robustness: PostgreSQL down answers 503 service_unavailable, and the API recovers', function () {
  this.timeout(120_000);

  describe('the API process behind a proxy to PostgreSQL', () => {
    let admin: Sequelize;
    let proxy: TcpProxy;
    let api: ApiProcess;
    let key: string;

    before(async () => {
      const svc = await testServices();
      admin = createDatabase({ databaseUrl: svc.databaseUrl, poolMax: 2, statementTimeoutMs: 10_000 });
      key = (await createTestAccount(admin)).test;
      const real = new URL(svc.databaseUrl);
      proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
      const viaProxy = new URL(svc.databaseUrl);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      // No key cache: every request reads PostgreSQL from the first middleware on.
      api = await startApiProcess({ DATABASE_URL: viaProxy.toString(), API_KEY_CACHE_TTL_MS: '0', RATE_LIMIT_PER_WINDOW: '0' });
    });
    after(async () => {
      await api?.stop();
      await proxy?.close();
      await admin?.close();
    });

    const requests = () => [
      ['GET /v1/account', () => call(api.baseUrl, 'GET', '/v1/account', { key })],
      ['GET /v1/files', () => call(api.baseUrl, 'GET', '/v1/files', { key })],
      ['GET /v1/jobs', () => call(api.baseUrl, 'GET', '/v1/jobs', { key })],
      ['POST /v1/api_keys', () => call(api.baseUrl, 'POST', '/v1/api_keys', { key, body: { name: 'during outage' } })],
      ['POST /v1/api_keys with Idempotency-Key', () => call(api.baseUrl, 'POST', '/v1/api_keys', { key, body: { name: 'during outage' }, headers: { 'idempotency-key': `outage-${Math.random()}` } })],
    ] as const;

    async function assertServing(what: string) {
      const deadline = Date.now() + 15_000;
      let last: Awaited<ReturnType<typeof call>> | undefined;
      while (Date.now() < deadline) {
        last = await call(api.baseUrl, 'GET', '/v1/account', { key });
        if (last.status === 200) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(last?.status, 200, `${what}: ${last?.text}`);
      assert.equal(api.exit(), null, api.output());
      assert.doesNotMatch(api.output(), /uncaught|unhandled/i);
    }

    async function assertOutage(what: string) {
      for (const [name, send] of requests()) assertUnavailable(await send(), `${name} (${what})`);
      assert.equal((await call(api.baseUrl, 'GET', '/health')).status, 200, 'the process is up');
      const ready = await call(api.baseUrl, 'GET', '/ready');
      assert.equal(ready.status, 503, ready.text);
      assert.equal(api.exit(), null, api.output());
    }

    it('serves while PostgreSQL is reachable', async () => {
      await assertServing('before any outage');
    });

    it('connections refused: 503 with Retry-After on every /v1 call; serves again once PostgreSQL is back', async () => {
      await proxy.refuse();
      await assertOutage('refused');
      await proxy.restore();
      await assertServing('after the refusal ended');
    });

    it('connections reset (open ones and new ones): 503; serves again afterwards', async () => {
      await assertServing('before the resets');
      proxy.reset();
      await assertOutage('reset');
      await proxy.restore();
      await assertServing('after the resets ended');
    });

    it('backends terminated by an administrator mid-request (57P01): 503; idle ones terminated: nothing breaks', async () => {
      await assertServing('before termination');
      const terminate = () =>
        admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE client_port IN (:ports)', { replacements: { ports: proxy.upstreamPorts() } });
      // Idle pooled connections die under the process: it must notice, not crash, and reconnect.
      await terminate();
      await assertServing('after idle connections were terminated');
      // In flight: the request's statement is held at the proxy while its backend is terminated.
      proxy.hold();
      const inFlight = call(api.baseUrl, 'GET', '/v1/account', { key });
      await new Promise((r) => setTimeout(r, 300));
      await terminate();
      assertUnavailable(await inFlight, 'a request whose backend was terminated');
      await proxy.restore();
      await assertServing('after termination');
    });
  });

  describe('real connection failures, as the problem handler maps them', () => {
    let admin: Sequelize;
    before(async () => {
      const svc = await testServices();
      admin = createDatabase({ databaseUrl: svc.databaseUrl, poolMax: 2, statementTimeoutMs: 10_000 });
    });
    after(async () => admin?.close());

    const mapped = (err: unknown) => {
      const api = toApiError(err);
      return [api.status, api.code, api.headers?.['Retry-After']];
    };

    it('refused (Sequelize ConnectionRefusedError), pool acquire timeout, admin shutdown (57P01), connection terminated: 503 with Retry-After', async () => {
      const svc = await testServices();
      const closed = new URL(svc.databaseUrl);
      closed.port = String(await freePort());
      const refusedDb = createDatabase({ databaseUrl: closed.toString(), poolMax: 1, statementTimeoutMs: 1000 });
      const refused = await refusedDb.query('SELECT 1').catch((e: unknown) => e);
      await refusedDb.close();
      assert.equal((refused as Error).name, 'SequelizeConnectionRefusedError');
      assert.deepEqual(mapped(refused), [503, 'service_unavailable', RETRY_AFTER]);

      // The pool's only connection is busy: the next query times out acquiring one.
      const tiny = new Sequelize(svc.databaseUrl, { dialect: 'postgres', logging: false, pool: { max: 1, min: 0, acquire: 300 } });
      let release!: () => void;
      const busy = tiny.transaction(async (_t: Transaction) => new Promise<void>((r) => (release = r)));
      await new Promise((r) => setTimeout(r, 200));
      const acquire = await tiny.query('SELECT 1').catch((e: unknown) => e);
      release();
      await busy;
      await tiny.close();
      assert.equal((acquire as Error).name, 'SequelizeConnectionAcquireTimeoutError');
      assert.deepEqual(mapped(acquire), [503, 'service_unavailable', RETRY_AFTER]);

      // A statement whose backend an administrator terminates, through Sequelize and through bare pg.
      const victimDb = createDatabase({ databaseUrl: svc.databaseUrl, poolMax: 1, statementTimeoutMs: 10_000 });
      const [[{ pid }]] = (await victimDb.query('SELECT pg_backend_pid() AS pid')) as [Array<{ pid: number }>, unknown];
      const sleeping = victimDb.query('SELECT pg_sleep(10)').catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 200));
      await admin.query('SELECT pg_terminate_backend(:pid)', { replacements: { pid } });
      const terminated = await sleeping;
      await victimDb.close();
      assert.deepEqual(mapped(terminated), [503, 'service_unavailable', RETRY_AFTER], String(terminated));

      const client = new pg.Client({ connectionString: svc.databaseUrl });
      client.on('error', () => {});
      await client.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const bare = client.query('SELECT pg_sleep(10)').catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 200));
      await admin.query('SELECT pg_terminate_backend(:pid)', { replacements: { pid: rows[0].pid } });
      const bareErr = await bare;
      assert.equal((bareErr as { code?: string }).code, '57P01', String(bareErr));
      assert.deepEqual(mapped(bareErr), [503, 'service_unavailable', RETRY_AFTER]);
      const afterwards = await client.query('SELECT 1').catch((e: unknown) => e);
      await client.end().catch(() => {});
      assert.deepEqual(mapped(afterwards), [503, 'service_unavailable', RETRY_AFTER], String(afterwards));
    });

    it('errors that are not outages stay 500: a bug, a failing statement, a statement timeout', async () => {
      assert.deepEqual(mapped(new TypeError("Cannot read properties of undefined (reading 'id')")), [500, 'internal_error', undefined]);
      const failing = await admin.query('SELECT 1 FROM (VALUES (1)) v(x) WHERE (SELECT 1/0) = 1').catch((e: unknown) => e);
      assert.deepEqual(mapped(failing), [500, 'internal_error', undefined], String(failing));
      const slow = createDatabase({ databaseUrl: (await testServices()).databaseUrl, poolMax: 1, statementTimeoutMs: 100 });
      const timeout = await slow.query('SELECT pg_sleep(1)').catch((e: unknown) => e);
      await slow.close();
      assert.equal((timeout as { parent?: { code?: string } }).parent?.code, '57014');
      assert.deepEqual(mapped(timeout), [500, 'internal_error', undefined]);
    });
  });

  describe('every 503 says when to retry', () => {
    it('the webhook delivery service unreachable (webhook_backend_unavailable) carries Retry-After too', async () => {
      const app = await startTestApp({ SVIX_TOKEN: 'testsk_unreachable', SVIX_SERVER_URL: `http://127.0.0.1:${await freePort()}`, WEBHOOK_URL_ALLOWLIST: '127.0.0.1' });
      try {
        const acct = await createTestAccount(app.db);
        const r = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.live, body: { url: 'http://127.0.0.1:9/hook' } });
        assert.equal(r.status, 503, r.text);
        assert.equal(r.body.code, 'webhook_backend_unavailable');
        assert.equal(r.headers.get('retry-after'), RETRY_AFTER);
      } finally {
        await app.close();
      }
    });
  });
});
