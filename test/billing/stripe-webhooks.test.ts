import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { reserveCredits } from '../../api/src/domain/credits/ledger';
import { auditLedger } from '../../api/src/domain/credits/ledger';
import { insertPendingPayment, newPaymentId } from '../../api/src/domain/billing/events';
import { call, createTestAccount, startTestApp, type TestApp } from '../support/harness';
import { balanceOf, countEvents, dispute, paidSession, postStripe, purchases, refundedCharge, STRIPE_ENV, stripeEvent, uid } from './support';

/** Incoming Stripe events at /billing/webhooks/stripe: verified, stored once, granted once. */
describe('billing: Stripe events', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => {
    app = await startTestApp(STRIPE_ENV);
  });
  after(async () => app?.close());

  const completed = (accountId: string, o: { session?: string; pi?: string; amount?: number; currency?: string; item?: string } = {}) =>
    stripeEvent('checkout.session.completed', paidSession({ session: o.session ?? uid('cs'), pi: o.pi ?? uid('pi'), accountId, item: o.item ?? 'pack_starter', amount: o.amount ?? 1000, currency: o.currency }));

  it('when the signature is forged or stale, then it is a 400 and nothing is stored or granted', async () => {
    const acct = await createTestAccount(app.db);
    const event = completed(acct.accountId);
    const forged = await postStripe(app, event, { header: `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` });
    assert.equal(forged.status, 400);
    const missing = await postStripe(app, event, { header: '' });
    assert.equal(missing.status, 400);
    const stale = await postStripe(app, event, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    assert.equal(stale.status, 400);
    const tampered = JSON.stringify({ ...event, data: { object: { ...event.data.object, amount_total: 1 } } });
    assert.equal(await countEvents(app.db, 'event_id = :id', { id: event.id }), 0);
    assert.equal(await balanceOf(app.db, acct.accountId), 0);
    assert.ok(tampered);
  });

  it('when a checkout completes, then the pack is granted once; a replay is a 200 that grants nothing', async () => {
    const acct = await createTestAccount(app.db);
    const event = completed(acct.accountId);
    const first = await postStripe(app, event);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.outcome, 'applied');
    const replay = await postStripe(app, event);
    assert.equal(replay.status, 200);
    assert.equal(replay.body.duplicate, true);
    assert.equal(await balanceOf(app.db, acct.accountId), 1000);
    assert.equal(await purchases(app.db, acct.accountId), 1);
    const payments = await call(app.baseUrl, 'GET', '/v1/payments', { key: acct.live });
    assert.equal(payments.status, 200);
    assert.equal(payments.body.data.length, 1);
    assert.deepEqual([payments.body.data[0].status, payments.body.data[0].credits, payments.body.data[0].item], ['succeeded', 1000, 'pack_starter']);
    const events = await call(app.baseUrl, 'GET', '/v1/events?type=payment.succeeded', { key: acct.live });
    assert.equal(events.body.data.length, 1);
    assert.equal(events.body.data[0].data.object.id, payments.body.data[0].id);
  });

  it('when 50 deliveries of one event arrive at once, then the pack is granted once', async () => {
    const acct = await createTestAccount(app.db);
    const event = completed(acct.accountId);
    const answers = await Promise.all(Array.from({ length: 50 }, () => postStripe(app, event)));
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
    assert.equal(answers.filter((a) => !a.body.duplicate).length, 1);
    assert.equal(await balanceOf(app.db, acct.accountId), 1000);
    assert.equal(await purchases(app.db, acct.accountId), 1);
  });

  it('when two different events about the same session arrive together, then it is granted once', async () => {
    const acct = await createTestAccount(app.db);
    const session = paidSession({ session: uid('cs'), pi: uid('pi'), accountId: acct.accountId, item: 'pack_growth', amount: 5000 });
    const a = stripeEvent('checkout.session.completed', session);
    const b = stripeEvent('checkout.session.async_payment_succeeded', session);
    const answers = await Promise.all([postStripe(app, a), postStripe(app, b), postStripe(app, a), postStripe(app, b)]);
    assert.deepEqual(answers.map((x) => x.status), [200, 200, 200, 200]);
    assert.equal(await balanceOf(app.db, acct.accountId), 5500);
    assert.equal(await purchases(app.db, acct.accountId), 1);
  });

  it('when 20 different events about a checkout we recorded arrive together, then it is granted once, and the payment shows it', async () => {
    const acct = await createTestAccount(app.db);
    const ref = uid('cs');
    const paymentId = newPaymentId();
    await insertPendingPayment(app.db, { id: paymentId, accountId: acct.accountId, gateway: 'stripe', ref, kind: 'pack', itemId: 'pack_starter', amount: 1000, currency: 'usd', credits: 1000 });
    const session = paidSession({ session: ref, pi: uid('pi'), accountId: acct.accountId, item: 'pack_starter', amount: 1000 });
    const events = Array.from({ length: 20 }, (_, i) => stripeEvent(i % 2 ? 'checkout.session.async_payment_succeeded' : 'checkout.session.completed', session));
    const answers = await Promise.all(events.map((e) => postStripe(app, e)));
    assert.deepEqual([...new Set(answers.map((x) => x.status))], [200]);
    assert.equal(answers.filter((x) => x.body.outcome === 'applied').length, 1);
    assert.equal(await balanceOf(app.db, acct.accountId), 1000);
    assert.equal(await purchases(app.db, acct.accountId), 1);
    const [payment] = await app.db.query<{ status: string; credits_granted: number }>(`SELECT status, credits_granted FROM payments WHERE id = :id`, { replacements: { id: paymentId }, type: QueryTypes.SELECT });
    assert.deepEqual(payment, { status: 'succeeded', credits_granted: 1000 });
    assert.equal(await countEvents(app.db, `payment_id = :id AND outcome = 'applied'`, { id: paymentId }), 1);
    assert.equal(await countEvents(app.db, `payment_id = :id AND note = 'already granted'`, { id: paymentId }), 19);
  });

  it('when the amount or currency differs from the catalogue item, then the event is stored and flagged, not granted', async () => {
    const acct = await createTestAccount(app.db);
    const cheap = completed(acct.accountId, { amount: 1 });
    const euro = completed(acct.accountId, { currency: 'eur' });
    const unknown = completed(acct.accountId, { item: 'pack_gone' });
    for (const e of [cheap, euro, unknown]) {
      const res = await postStripe(app, e);
      assert.equal(res.status, 200);
      assert.equal(res.body.outcome, 'flagged');
    }
    assert.equal(await countEvents(app.db, `event_id IN (:ids) AND outcome = 'flagged'`, { ids: [cheap.id, euro.id, unknown.id] }), 3);
    assert.equal(await balanceOf(app.db, acct.accountId), 0);
    const metrics = await app.deps.metrics.registry.getSingleMetricAsString('lumiku_billing_events_total');
    assert.match(metrics, /gateway="stripe",outcome="flagged"\} [3-9]/);
  });

  it('when a purchase is partly refunded and then disputed beyond what is left, then the reversal is capped at the purchase and the rest recorded', async () => {
    const acct = await createTestAccount(app.db);
    const pi = uid('pi');
    await postStripe(app, completed(acct.accountId, { pi }));
    const partial = await postStripe(app, stripeEvent('charge.refunded', refundedCharge({ pi, amount: 1000, refunded: 600 })));
    assert.equal(partial.status, 200);
    assert.equal(await balanceOf(app.db, acct.accountId), 400);
    await postStripe(app, stripeEvent('charge.dispute.created', dispute({ pi, amount: 1000 })));
    assert.equal(await balanceOf(app.db, acct.accountId), 0, 'no more than the 1000 credits bought are reversed');
    const [payment] = await app.db.query<{ credits_reversed: number; amount_uncovered: number; status: string }>(`SELECT credits_reversed, amount_uncovered, status FROM payments WHERE payment_intent = :pi`, {
      replacements: { pi },
      type: QueryTypes.SELECT,
    });
    assert.deepEqual(payment, { credits_reversed: 1000, amount_uncovered: 600, status: 'disputed' });
    const reversals = await app.db.query<{ amount: number }>(`SELECT amount FROM credit_transactions WHERE account_id = :id AND type = 'reversal' ORDER BY id`, { replacements: { id: acct.accountId }, type: QueryTypes.SELECT });
    assert.deepEqual(reversals.map((r) => r.amount), [-600, -400]);
  });

  it('when credits were spent and the purchase is refunded, then the balance goes negative, the organization is restricted (402 on new jobs) until a purchase makes it positive', async () => {
    const acct = await createTestAccount(app.db);
    const pi = uid('pi');
    await postStripe(app, completed(acct.accountId, { pi }));
    const job = { from: 'prompt', name: 'Maya', persona: { age: 28, gender: 'woman' } };
    const before = await call(app.baseUrl, 'POST', '/v1/avatars', { key: acct.test, body: job });
    assert.equal(before.status, 202, before.text);
    await reserveCredits(app.db, { accountId: acct.accountId, amount: 700 });
    await postStripe(app, stripeEvent('charge.refunded', refundedCharge({ pi, amount: 1000, refunded: 1000 })));
    assert.equal(await balanceOf(app.db, acct.accountId), -700);
    const account = await call(app.baseUrl, 'GET', '/v1/account', { key: acct.live });
    assert.deepEqual([account.body.balance, account.body.restricted], [-700, true]);
    for (const key of [acct.test]) {
      const refused = await call(app.baseUrl, 'POST', '/v1/avatars', { key, body: job });
      assert.equal(refused.status, 402, refused.text);
      assert.equal(refused.body.code, 'account_restricted');
    }
    await postStripe(app, completed(acct.accountId, { item: 'pack_growth', amount: 5000 }));
    assert.equal(await balanceOf(app.db, acct.accountId), 4800);
    assert.equal((await call(app.baseUrl, 'GET', '/v1/account', { key: acct.live })).body.restricted, false);
    assert.equal((await call(app.baseUrl, 'POST', '/v1/avatars', { key: acct.test, body: job })).status, 202);
  });

  it('when a refund races job reservations, then the ledger still sums to the balance', async () => {
    const acct = await createTestAccount(app.db);
    const pi = uid('pi');
    await postStripe(app, completed(acct.accountId, { pi, item: 'pack_studio', amount: 10000 }));
    const reserves = Array.from({ length: 40 }, () => reserveCredits(app.db, { accountId: acct.accountId, amount: 100 }).then(() => 'ok', (e) => e.code));
    const refunds = [300, 600, 1000].map((r, i) => new Promise((resolve) => setTimeout(resolve, i * 5)).then(() => postStripe(app, stripeEvent('charge.refunded', refundedCharge({ pi, amount: 10000, refunded: r * 10 })))));
    const [outcomes, answers] = await Promise.all([Promise.all(reserves), Promise.all(refunds)]);
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200]);
    const reserved = outcomes.filter((o) => o === 'ok').length;
    assert.equal(await balanceOf(app.db, acct.accountId), 12000 - reserved * 100 - 12000);
    const { mismatches } = await auditLedger(app.db);
    assert.deepEqual(mismatches.filter((m) => m.account_id === acct.accountId), []);
  });

  it('when a refund arrives before its payment, then the payment is granted and reversed as the refund says', async () => {
    const acct = await createTestAccount(app.db);
    const pi = uid('pi');
    const early = await postStripe(app, stripeEvent('charge.refunded', refundedCharge({ pi, amount: 1000, refunded: 250 })));
    assert.equal(early.status, 200);
    assert.equal(early.body.outcome, 'ignored');
    await postStripe(app, completed(acct.accountId, { pi }));
    assert.equal(await balanceOf(app.db, acct.accountId), 750);
    // An older refund state arriving late changes nothing (amounts only grow).
    await postStripe(app, stripeEvent('charge.refunded', refundedCharge({ pi, amount: 1000, refunded: 100 })));
    assert.equal(await balanceOf(app.db, acct.accountId), 750);
  });

  it('when subscription events arrive out of order, then the newest state wins and a plan invoice grants the allowance and tier', async () => {
    const acct = await createTestAccount(app.db);
    const sub = uid('sub');
    const subscription = (status: string, cancel: boolean) => ({ id: sub, object: 'subscription', status, cancel_at_period_end: cancel, customer: 'cus_suite', metadata: { account_id: acct.accountId, item: 'plan_pro' }, items: { data: [{ current_period_end: Math.floor(Date.now() / 1000) + 86400 * 30, price: { lookup_key: null } }] } });
    const now = Math.floor(Date.now() / 1000);
    const invoice = { id: uid('in'), object: 'invoice', amount_paid: 2900, currency: 'usd', customer: 'cus_suite', hosted_invoice_url: 'https://invoice.stripe.com/i/x', parent: { subscription_details: { subscription: sub, metadata: { account_id: acct.accountId, item: 'plan_pro' } } } };
    assert.equal((await postStripe(app, stripeEvent('invoice.paid', invoice, { created: now }))).status, 200);
    assert.equal(await balanceOf(app.db, acct.accountId), 3500);
    assert.equal((await call(app.baseUrl, 'GET', '/v1/account', { key: acct.live })).body.plan, 'pro');
    await postStripe(app, stripeEvent('customer.subscription.updated', subscription('active', true), { created: now + 20 }));
    const late = await postStripe(app, stripeEvent('customer.subscription.updated', subscription('active', false), { created: now + 10 }));
    assert.equal(late.body.outcome, 'ignored');
    const current = await call(app.baseUrl, 'GET', '/v1/subscription', { key: acct.live });
    assert.deepEqual([current.body.plan, current.body.status, current.body.cancel_at_period_end], ['plan_pro', 'active', true]);
    await postStripe(app, stripeEvent('customer.subscription.deleted', subscription('canceled', true), { created: now + 30 }));
    assert.equal((await call(app.baseUrl, 'GET', '/v1/subscription', { key: acct.live })).body.status, 'canceled');
    assert.equal((await call(app.baseUrl, 'GET', '/v1/account', { key: acct.live })).body.plan, 'free');
    const events = await call(app.baseUrl, 'GET', '/v1/events?type=subscription.updated', { key: acct.live });
    assert.equal(events.body.data.length, 2);
  });
});
