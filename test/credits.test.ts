import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { createApiKey, findKeyBySecret } from '../api/src/domain/accounts/api-keys';
import { grantCredits, releaseReservation, ReservationBatcher, reserveCredits, captureReservation, settleReservation } from '../api/src/domain/credits/ledger';
import { createTestAccount, startTestApp, type TestApp } from './support/harness';

describe('credits ledger', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => app.close());

  const balanceOf = async (accountId: string) =>
    (await app.db.query<{ balance: number }>(`SELECT balance FROM accounts WHERE id = :id`, { replacements: { id: accountId }, type: QueryTypes.SELECT }))[0].balance;

  // Alone (a statement each) and through a ReservationBatcher (group commit: one statement for the
  // calls that arrive while the previous one runs), the outcomes must be the same.
  for (const way of ['alone', 'through a batcher'] as const) {
    const viaFor = () => (way === 'alone' ? undefined : new ReservationBatcher(app.db));

    it(`when 50 reservations race for a balance that covers 10 (${way}), then exactly 10 succeed and the balance is 0`, async () => {
      const via = viaFor();
      const acct = await createTestAccount(app.db, { balance: 100 });
      const results = await Promise.allSettled(Array.from({ length: 50 }, () => reserveCredits(app.db, { accountId: acct.accountId, amount: 10 }, via)));
      const ok = results.filter((r) => r.status === 'fulfilled');
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      assert.equal(ok.length, 10);
      assert.ok(failed.every((f) => f.reason.code === 'insufficient_credits'));
      assert.equal(await balanceOf(acct.accountId), 0);
    });

    it(`when reservations for many accounts arrive together (${way}), then each account gets exactly what its own balance covers`, async () => {
      const via = viaFor();
      const accts = await Promise.all(Array.from({ length: 20 }, () => createTestAccount(app.db, { balance: 30 })));
      const results = await Promise.all(
        accts.flatMap((a) => Array.from({ length: 6 }, () => reserveCredits(app.db, { accountId: a.accountId, amount: 10 }, via).then(() => a.accountId, () => null))),
      );
      for (const a of accts) {
        assert.equal(results.filter((r) => r === a.accountId).length, 3);
        assert.equal(await balanceOf(a.accountId), 0);
      }
    });
  }

  it('when a key has a quota, then concurrent reservations never exceed it even with balance to spare', async () => {
    const acct = await createTestAccount(app.db, { balance: 10_000 });
    const { key } = await createApiKey(app.db, { accountId: acct.accountId, name: 'capped', livemode: true, creditLimit: 70, creditLimitPeriod: 'day' });
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => reserveCredits(app.db, { accountId: acct.accountId, apiKey: key, amount: 10 })));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    assert.equal(ok, 7);
    assert.ok(results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').every((r) => r.reason.code === 'key_quota_exceeded'));
    assert.equal(await balanceOf(acct.accountId), 10_000 - 70);
  });

  it('when the balance runs out before the quota, then the quota is not consumed by the refused reservation', async () => {
    const acct = await createTestAccount(app.db, { balance: 15 });
    const { key } = await createApiKey(app.db, { accountId: acct.accountId, name: 'capped', livemode: true, creditLimit: 100, creditLimitPeriod: 'total' });
    await reserveCredits(app.db, { accountId: acct.accountId, apiKey: key, amount: 10 });
    await assert.rejects(reserveCredits(app.db, { accountId: acct.accountId, apiKey: key, amount: 10 }), { code: 'insufficient_credits' });
    const [usage] = await app.db.query<{ used: number }>(`SELECT used FROM api_key_usage WHERE api_key_id = :id`, { replacements: { id: key.id }, type: QueryTypes.SELECT });
    assert.equal(usage.used, 10);
  });

  it('when a reservation is captured in part, then the rest is released, and settling again changes nothing', async () => {
    const acct = await createTestAccount(app.db, { balance: 100 });
    const { key } = await createApiKey(app.db, { accountId: acct.accountId, name: 'capped', livemode: true, creditLimit: 50, creditLimitPeriod: 'month' });
    const res = await reserveCredits(app.db, { accountId: acct.accountId, apiKey: key, amount: 40 });
    assert.equal(res.balance_after, 60);
    const settled = await captureReservation(app.db, res.id, 25);
    assert.equal(settled?.captured, 25);
    assert.equal(settled?.released, 15);
    assert.equal(await balanceOf(acct.accountId), 75);
    assert.equal(await releaseReservation(app.db, res.id), null);
    assert.equal(await captureReservation(app.db, res.id, 40), null);
    assert.equal(await balanceOf(acct.accountId), 75);
    const [usage] = await app.db.query<{ used: number }>(`SELECT used FROM api_key_usage WHERE api_key_id = :id`, { replacements: { id: key.id }, type: QueryTypes.SELECT });
    assert.equal(usage.used, 25, 'released credits return to the key quota');
  });

  it('when capture and release race for one reservation, then exactly one of them settles it', async () => {
    const acct = await createTestAccount(app.db, { balance: 100 });
    const res = await reserveCredits(app.db, { accountId: acct.accountId, amount: 30 });
    const outcomes = await Promise.all([captureReservation(app.db, res.id, 30), releaseReservation(app.db, res.id), settleReservation(app.db, res.id, 10)]);
    assert.equal(outcomes.filter(Boolean).length, 1);
    const rows = await app.db.query<{ type: string }>(`SELECT type FROM credit_transactions WHERE reservation_id = :id`, { replacements: { id: res.id }, type: QueryTypes.SELECT });
    assert.equal(rows.filter((r) => r.type !== 'reserve').length >= 1, true);
    assert.ok([70, 100, 90].includes(await balanceOf(acct.accountId)));
  });

  it('when amounts are negative, fractional or huge, then nothing changes', async () => {
    const acct = await createTestAccount(app.db, { balance: 10 });
    for (const amount of [-5, 1.5, 1e15, Number.NaN]) {
      await assert.rejects(grantCredits(app.db, { accountId: acct.accountId, amount }), { code: 'validation_failed' });
      await assert.rejects(reserveCredits(app.db, { accountId: acct.accountId, amount }), { code: 'validation_failed' });
    }
    await assert.rejects(grantCredits(app.db, { accountId: acct.accountId, amount: -11, type: 'adjust' }), { code: 'insufficient_credits' });
    assert.equal(await balanceOf(acct.accountId), 10);
  });

  it('when someone tries to edit the ledger, then the database refuses', async () => {
    const acct = await createTestAccount(app.db, { balance: 10 });
    await assert.rejects(app.db.query(`UPDATE credit_transactions SET amount = 1000 WHERE account_id = :id`, { replacements: { id: acct.accountId } }), /append-only/);
    await assert.rejects(app.db.query(`DELETE FROM credit_transactions WHERE account_id = :id`, { replacements: { id: acct.accountId } }), /append-only/);
  });

  it('when the API lists credit transactions, then they page newest first and sum to the balance', async () => {
    const acct = await createTestAccount(app.db, { balance: 50 });
    const r = await reserveCredits(app.db, { accountId: acct.accountId, amount: 20 });
    await captureReservation(app.db, r.id, 5);
    const key = (await findKeyBySecret(app.db, acct.live))!;
    assert.ok(key);
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const res = await fetch(`${app.baseUrl}/v1/credit_transactions?limit=2${cursor ? `&starting_after=${cursor}` : ''}`, { headers: { authorization: `Bearer ${acct.live}` } });
      assert.equal(res.status, 200);
      const page: any = await res.json();
      seen.push(...page.data);
      cursor = page.next_cursor;
      assert.equal(page.has_more, cursor !== null);
    } while (cursor);
    assert.deepEqual(seen.map((t) => t.type), ['release', 'capture', 'reserve', 'grant']);
    assert.equal(seen.reduce((s, t) => s + t.amount, 0), 45);
    assert.equal(seen[0].balance_after, 45);
  });
});
