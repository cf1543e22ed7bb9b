import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { recordEvent } from '../../api/src/domain/events/outbox';
import { call, createTestAccount, startTestApp } from '../support/harness';
import { FAST_WEBHOOKS, startPool, startReceiver, verify, waitFor } from './support';

/** A small seeded generator, so a failing run can be replayed with the printed seed. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('invariant 4: every event reaches every subscribed endpoint at least once', function () {
  this.timeout(60_000);

  it('when 1,000 events go to a receiver failing 30% of the time, then each is received and the deliveries log matches what the receiver saw', async () => {
    const seed = Number(process.env.WEBHOOK_INVARIANT_SEED ?? Date.now() % 2 ** 31);
    const random = mulberry32(seed);
    // A generous per-attempt timeout: on a loaded machine a 1 s deadline can expire after the
    // receiver answered, and the log would (rightly) say "no answer" where the receiver saw a 500.
    // Twelve quick attempts: the chance an event fails all of them is 0.3^12 (5e-7).
    const app = await startTestApp({ ...FAST_WEBHOOKS, WEBHOOK_RETRY_SCHEDULE: '0,20ms,20ms,40ms,40ms,80ms,80ms,100ms,100ms,100ms,100ms,100ms', WEBHOOK_RELAY_POLL_MS: '100', WEBHOOK_TIMEOUT_MS: '10000' });
    const pool = await startPool(app);
    const receiver = await startReceiver(() => (random() < 0.3 ? 500 : 200));
    try {
      const acct = await createTestAccount(app.db);
      const ep = await call(app.baseUrl, 'POST', '/v1/webhook_endpoints', { key: acct.live, body: { url: receiver.url } });
      const ids: string[] = [];
      for (let batch = 0; batch < 10; batch++) {
        await app.db.transaction(async (t) => {
          for (let i = 0; i < 100; i++) {
            const e = await recordEvent(app.db, { accountId: acct.accountId, livemode: true, type: 'credits.low', object: { object: 'balance', account_id: acct.accountId, balance: batch * 100 + i, threshold: 100, livemode: true } }, t);
            ids.push(e.id);
          }
        });
      }
      await waitFor(
        async () => {
          const [{ n }] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_messages WHERE endpoint_id = :ep AND status <> 'pending'`, { replacements: { ep: ep.body.id }, type: QueryTypes.SELECT });
          return n === 1000;
        },
        45_000,
        'all 1,000 messages settled',
      );

      const ok = new Set(receiver.received.filter((r) => r.status === 200).map((r) => r.id));
      const missing = ids.filter((id) => !ok.has(id));
      assert.deepEqual(missing, [], `seed ${seed}: events never received with a 2xx`);
      const failures = receiver.received.filter((r) => r.status === 500).length;
      assert.ok(failures > 200, `the receiver did fail (${failures} times)`);
      for (const r of receiver.received.slice(0, 20)) verify(ep.body.secret, r);

      const log = await app.db.query<{ event_id: string; status_code: number; attempt: number; error: string | null }>(
        `SELECT m.event_id, a.status_code, a.attempt, a.error FROM webhook_attempts a JOIN webhook_messages m ON m.id = a.message_id WHERE a.endpoint_id = :ep`,
        { replacements: { ep: ep.body.id }, type: QueryTypes.SELECT },
      );
      const key = (id: string, status: number) => `${id} ${status}`;
      const seen = receiver.received.map((r) => key(r.id, r.status)).sort();
      const logged = log.map((a) => key(a.event_id, a.status_code)).sort();
      assert.equal(logged.length, seen.length, 'one log row per request the receiver got');
      assert.deepEqual(logged, seen, `attempts without an answer: ${JSON.stringify(log.filter((a) => a.status_code === null).slice(0, 5))}`);
      // Attempt numbers are 1..n per event, with no gaps or repeats.
      const perEvent = new Map<string, number[]>();
      for (const a of log) perEvent.set(a.event_id, [...(perEvent.get(a.event_id) ?? []), a.attempt]);
      for (const [id, attempts] of perEvent) assert.deepEqual(attempts.sort((x, y) => x - y), attempts.map((_, i) => i + 1), id);
      // And through the API, the same count.
      const page = await call(app.baseUrl, 'GET', `/v1/webhook_endpoints/${ep.body.id}/deliveries?limit=100`, { key: acct.live });
      assert.equal(page.body.data.length, 100);
      assert.equal(page.body.has_more, true);
    } finally {
      await receiver.close();
      await pool.close();
      await app.close();
    }
  });
});
