import assert from 'node:assert/strict';
import nock from 'nock';
import { QueryTypes } from 'sequelize';
import { buildCli } from '../../api/src/cli/main';
import { insertPendingPayment, newPaymentId } from '../../api/src/domain/billing/events';
import { guardNetwork } from '../fixtures/network';
import { assertLedgerBalances, createTestAccount, startTestApp, type TestApp } from '../support/harness';
import { balanceOf, paidSession, postStripe, purchases, STRIPE_ENV, stripeEvent, uid } from './support';

const STRIPE = 'https://api.stripe.com';

/** `lumiku billing reconcile --since … [--fix]` against Stripe's list endpoints (nock), in process. */
describe('billing: reconcile', function () {
  this.timeout(60_000);
  let app: TestApp;
  let network: ReturnType<typeof guardNetwork>;
  const saved: Record<string, string | undefined> = {};
  before(async () => {
    network = guardNetwork();
    app = await startTestApp(STRIPE_ENV);
    for (const [k, v] of Object.entries({ ...STRIPE_ENV, DATABASE_URL: app.config.databaseUrl! })) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
    await app?.close();
    network.release();
  });
  afterEach(() => nock.cleanAll());

  async function cli(...args: string[]): Promise<{ report: any; exitCode: number }> {
    const lines: string[] = [];
    const log = console.log;
    const code = process.exitCode;
    process.exitCode = 0;
    console.log = (s: string) => lines.push(s);
    try {
      await buildCli().exitOverride().parseAsync(['billing', 'reconcile', ...args], { from: 'user' });
    } finally {
      console.log = log;
    }
    const exitCode = Number(process.exitCode ?? 0);
    process.exitCode = code;
    return { report: JSON.parse(lines.join('\n')), exitCode };
  }

  const list = (url: string, data: unknown[]) => ({ object: 'list', url, has_more: false, data });
  const session = (o: { id: string; pi: string; accountId: string; item: string; amount: number }) => ({ ...paidSession({ session: o.id, pi: o.pi, accountId: o.accountId, item: o.item, amount: o.amount }), created: Math.floor(Date.now() / 1000) });

  it('when payments differ from what Stripe lists, then each difference is printed and nothing is written; --fix grants the missing ones once, and a late webhook grants nothing', async function () {
    this.timeout(30_000);
    // Reconcile covers every organization since a time (Stripe lists by whole seconds): let the
    // payments other test files made in this database fall more than two seconds behind it first.
    await new Promise((resolve) => setTimeout(resolve, 3200));
    const since = new Date(Date.now() - 1000);
    const a = await createTestAccount(app.db);
    const b = await createTestAccount(app.db);
    const ok = { id: uid('cs_ok'), pi: uid('pi') };
    const ghost = { id: uid('cs_ghost'), pi: uid('pi') };
    const lost = { id: uid('cs_lost'), pi: uid('pi') };
    const unknown = { id: uid('cs_unknown'), pi: uid('pi') };
    const cheap = { id: uid('cs_cheap'), pi: uid('pi') };
    const autoPi = uid('pi_auto');
    // Granted and listed (no difference); granted and not listed (missing_there).
    for (const s of [ok, ghost]) assert.equal((await postStripe(app, stripeEvent('checkout.session.completed', paidSession({ session: s.id, pi: s.pi, accountId: a.accountId, item: 'pack_starter', amount: 1000 })))).status, 200);
    // Checkouts whose completion never arrived: paid as priced (not_granted), paid less (amount_mismatch).
    await insertPendingPayment(app.db, { id: newPaymentId(), accountId: a.accountId, gateway: 'stripe', ref: lost.id, kind: 'pack', itemId: 'pack_growth', amount: 5000, currency: 'usd', credits: 5500 });
    await insertPendingPayment(app.db, { id: newPaymentId(), accountId: b.accountId, gateway: 'stripe', ref: cheap.id, kind: 'pack', itemId: 'pack_starter', amount: 1000, currency: 'usd', credits: 1000 });

    nock(STRIPE)
      .get('/v1/checkout/sessions')
      .query((q) => q['created[gte]'] === String(Math.floor(since.getTime() / 1000)) && q.limit === '100')
      .reply(200, list('/v1/checkout/sessions', [
        session({ ...ok, accountId: a.accountId, item: 'pack_starter', amount: 1000 }),
        session({ ...lost, accountId: a.accountId, item: 'pack_growth', amount: 5000 }),
        session({ ...unknown, accountId: b.accountId, item: 'pack_studio', amount: 10000 }),
        session({ ...cheap, accountId: b.accountId, item: 'pack_starter', amount: 900 }),
        { ...session({ id: uid('cs_open'), pi: uid('pi'), accountId: b.accountId, item: 'pack_starter', amount: 1000 }), payment_status: 'unpaid' },
      ]))
      .persist();
    nock(STRIPE)
      .get('/v1/payment_intents')
      .query(true)
      .reply(200, list('/v1/payment_intents', [
        { id: autoPi, object: 'payment_intent', status: 'succeeded', amount: 1000, amount_received: 1000, currency: 'usd', customer: 'cus_b', created: Math.floor(Date.now() / 1000), metadata: { account_id: b.accountId, item: 'pack_starter', auto_top_up: 'atu_lost' } },
        { id: uid('pi_checkout'), object: 'payment_intent', status: 'succeeded', amount: 1000, currency: 'usd', created: Math.floor(Date.now() / 1000), metadata: { account_id: b.accountId, item: 'pack_starter' } },
      ]))
      .persist();

    const eventsBefore = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM payment_events`, { type: QueryTypes.SELECT });
    const balances = [await balanceOf(app.db, a.accountId), await balanceOf(app.db, b.accountId)];
    const dry = await cli('--since', since.toISOString());
    assert.equal(dry.exitCode, 1);
    const kinds = (r: any) => Object.fromEntries(r.differences.map((d: { ref: string; kind: string }) => [d.ref, d.kind]));
    assert.deepEqual(kinds(dry.report), { [lost.id]: 'not_granted', [unknown.id]: 'missing_here', [cheap.id]: 'amount_mismatch', [autoPi]: 'missing_here', [ghost.id]: 'missing_there' });
    const mismatch = dry.report.differences.find((d: { kind: string }) => d.kind === 'amount_mismatch');
    assert.deepEqual([mismatch.ours.amount, mismatch.theirs.amount], [1000, 900]);
    assert.deepEqual([await balanceOf(app.db, a.accountId), await balanceOf(app.db, b.accountId)], balances, 'nothing granted without --fix');
    assert.deepEqual(await app.db.query(`SELECT count(*)::int AS n FROM payment_events`, { type: QueryTypes.SELECT }), eventsBefore, 'nothing stored without --fix');

    const fixed = await cli('--since', since.toISOString(), '--fix');
    assert.equal(fixed.report.fixed, 3);
    assert.equal(fixed.exitCode, 1, 'the mismatch and the payment Stripe does not list are left to a person');
    assert.equal(await balanceOf(app.db, a.accountId), balances[0] + 5500);
    assert.equal(await balanceOf(app.db, b.accountId), balances[1] + 12000 + 1000);

    const again = await cli('--since', since.toISOString(), '--fix');
    assert.equal(again.report.fixed, 0);
    assert.deepEqual(kinds(again.report), { [cheap.id]: 'amount_mismatch', [ghost.id]: 'missing_there' });
    // The webhook that was lost arrives after all: 200, nothing granted twice.
    const late = await postStripe(app, stripeEvent('checkout.session.completed', paidSession({ session: lost.id, pi: lost.pi, accountId: a.accountId, item: 'pack_growth', amount: 5000 })));
    assert.equal(late.status, 200);
    assert.equal(await balanceOf(app.db, a.accountId), balances[0] + 5500);
    assert.equal(await purchases(app.db, b.accountId), 2);
    await assertLedgerBalances(app.db);
  });
});
