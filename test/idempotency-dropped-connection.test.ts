import assert from 'node:assert/strict';
import http from 'node:http';
import sharp from 'sharp';
import { QueryTypes, type Transaction } from 'sequelize';
import { uploadBytes } from './fixtures/uploads';
import { call, createTestAccount, startTestApp, type TestApp } from './support/harness';

/**
 * A client whose connection drops while its create runs retries with the same Idempotency-Key: that
 * is what the key is for. The first request runs on and commits its job; the retry must get that
 * job, not make (and charge) a second one. The cluster test (test/cluster) found the second job.
 */
describe('Idempotency-Key when the connection drops while the request runs', function () {
  this.timeout(30_000);
  let app: TestApp;
  before(async () => (app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' })));
  after(async () => app?.close());

  /** Sends the request; `dropNow` destroys its connection (before any answer). */
  function sendAndDrop(path: string, key: string, idempotencyKey: string, body: unknown): { dropNow(): void } {
    const url = new URL(app.baseUrl + path);
    const payload = JSON.stringify(body);
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'idempotency-key': idempotencyKey } });
    req.on('error', () => {});
    req.end(payload);
    return { dropNow: () => req.destroy() };
  }

  it('when the client retries after the drop, then it gets the job the first request made, held and charged once', async () => {
    const acct = await createTestAccount(app.db, { balance: 100 });
    const png = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#2563eb' } }).png().toBuffer();
    const image = await uploadBytes(app.baseUrl, acct.live, png, 'a.png', { type: 'image/png' });
    const body = { slides: [{ images: [image.body.id] }, { images: [image.body.id] }], sets: 1, metadata: { order: 'dropped-1' } };

    // Hold the account row, so the create waits in its credit hold (FOR UPDATE) while the connection
    // drops; NO KEY UPDATE lets the inserts that only reference the account (its claim of the key) through.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    const lock = app.db.transaction(async (t: Transaction) => {
      await app.db.query(`SELECT id FROM accounts WHERE id = :id FOR NO KEY UPDATE`, { replacements: { id: acct.accountId }, transaction: t });
      holding();
      await released;
    });
    await held;
    let retryWhileRunning: ReturnType<typeof call>;
    try {
      const first = sendAndDrop('/v1/carousels', acct.live, 'dropped-create-1', body);
      const deadline = Date.now() + 10_000;
      const waitingForTheRow = () =>
        app.db.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%reserve_credits%'`, { type: QueryTypes.SELECT });
      while (!(await waitingForTheRow()).length) {
        assert.ok(Date.now() < deadline, 'the first create waits for the account row');
        await new Promise((r) => setTimeout(r, 20));
      }
      first.dropNow();
      await new Promise((r) => setTimeout(r, 100));
      // The retry comes while the first still runs: it must not run again.
      retryWhileRunning = call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.live, body, headers: { 'idempotency-key': 'dropped-create-1' } });
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      release();
      await lock;
    }
    const answer = await retryWhileRunning;
    assert.ok([202, 409].includes(answer.status), `${answer.status} ${answer.text}`);
    const retry = answer.status === 202 ? answer : await call(app.baseUrl, 'POST', '/v1/carousels', { key: acct.live, body, headers: { 'idempotency-key': 'dropped-create-1' } });
    assert.equal(retry.status, 202, retry.text);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true', 'the answer of the first request, replayed');

    const jobs = await app.db.query<{ id: string }>(`SELECT id FROM jobs WHERE account_id = :a AND metadata->>'order' = 'dropped-1'`, { replacements: { a: acct.accountId }, type: QueryTypes.SELECT });
    assert.deepEqual(jobs.map((j) => j.id), [retry.body.id], 'one job');
    const holds = await app.db.query(`SELECT 1 FROM credit_transactions WHERE account_id = :a AND type = 'reserve'`, { replacements: { a: acct.accountId }, type: QueryTypes.SELECT });
    assert.equal(holds.length, 1, 'one hold');
  });
});
