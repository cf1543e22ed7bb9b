import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { QueryTypes } from 'sequelize';
import { rememberCustomer } from '../../api/src/domain/billing/events';
import { addMembership } from '../../api/src/domain/people/memberships';
import { insertUser } from '../../api/src/domain/people/users';
import { guardNetwork } from '../fixtures/network';
import { assertLedgerBalances, call, createTestAccount, startTestApp, type TestApp } from '../support/harness';
import { balanceOf, postStripe, purchases, STRIPE_ENV, stripeEvent } from './support';

const STRIPE = 'https://api.stripe.com';
const JOB = { from: 'prompt', name: 'Maya', persona: { age: 28, gender: 'woman' } };

interface Attempt {
  id: string;
  status: string;
  payment_intent: string | null;
  error: string | null;
}

/** Auto top-up: a reservation below the threshold starts one off-session PaymentIntent (Stripe's wire format through nock). */
describe('billing: auto top-up', function () {
  this.timeout(90_000);
  let app: TestApp;
  let network: ReturnType<typeof guardNetwork>;
  let cost: number;
  before(async () => {
    network = guardNetwork();
    // A provider configured (never reached: no worker runs here), so live avatar jobs can be created and reserve credits.
    app = await startTestApp({ ...STRIPE_ENV, HUGGINGFACE_API_TOKEN: 'hf_live', HUGGINGFACE_BASE_URL: 'https://hf.example.test' });
    const probe = await createTestAccount(app.db, { balance: 1 });
    const quote = await call(app.baseUrl, 'POST', '/v1/avatars?dry_run=true', { key: probe.live, body: JOB });
    assert.equal(quote.status, 200, quote.text);
    cost = quote.body.total;
    assert.ok(cost > 0);
  });
  after(async () => {
    await app?.deps.background.settled();
    await app?.close();
    network.release();
  });
  afterEach(() => nock.cleanAll());

  const attempts = (accountId: string) => app.db.query<Attempt>(`SELECT id, status, payment_intent, error FROM auto_top_up_attempts WHERE account_id = :accountId ORDER BY created_at`, { replacements: { accountId }, type: QueryTypes.SELECT });
  const createJob = (key: string) => call(app.baseUrl, 'POST', '/v1/avatars', { key, body: JOB });
  const paymentMethods = (customer: string) =>
    nock(STRIPE)
      .get('/v1/payment_methods')
      .query({ customer, limit: '1' })
      .reply(200, { object: 'list', url: '/v1/payment_methods', has_more: false, data: [{ id: 'pm_card_visa', object: 'payment_method', type: 'card', customer }] })
      .persist();

  async function organization(balance: number) {
    const acct = await createTestAccount(app.db, { balance });
    const customer = `cus_${crypto.randomBytes(5).toString('hex')}`;
    await rememberCustomer(app.db, acct.accountId, 'stripe', customer);
    return { ...acct, customer };
  }

  it('when it is set with a pack that does not exist, a plan, a test key or a key without the billing scope, then it is refused naming the field', async () => {
    const acct = await createTestAccount(app.db);
    for (const pack of ['pack_nope', 'plan_pro', 'pack_idr_starter']) {
      const res = await call(app.baseUrl, 'PUT', '/v1/auto_top_up', { key: acct.live, body: { threshold: 500, pack } });
      assert.equal(res.status, 422, res.text);
      assert.equal(res.body.code, 'catalogue_item_not_found');
      assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path), ['pack']);
    }
    const zero = await call(app.baseUrl, 'PUT', '/v1/auto_top_up', { key: acct.live, body: { threshold: 0, pack: 'pack_starter' } });
    assert.equal(zero.status, 422, zero.text);
    assert.equal(zero.body.errors[0].path, 'threshold');
    assert.equal((await call(app.baseUrl, 'PUT', '/v1/auto_top_up', { key: acct.test, body: { threshold: 500, pack: 'pack_starter' } })).body.code, 'livemode_mismatch');
    const dev = await createTestAccount(app.db, { scopes: ['read', 'jobs:write'] });
    const refused = await call(app.baseUrl, 'PUT', '/v1/auto_top_up', { key: dev.live, body: { threshold: 500, pack: 'pack_starter' } });
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.body.code, 'insufficient_scope');
    assert.equal((await call(app.baseUrl, 'GET', '/v1/account', { key: acct.live })).body.auto_top_up, null);

    const ok = await call(app.baseUrl, 'PUT', '/v1/auto_top_up', { key: acct.live, body: { threshold: 500, pack: 'pack_starter' } });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.body, { object: 'auto_top_up', enabled: true, threshold: 500, pack: 'pack_starter', consecutive_failures: 0, livemode: true });
    assert.deepEqual((await call(app.baseUrl, 'GET', '/v1/account', { key: acct.live })).body.auto_top_up, { threshold: 500, pack: 'pack_starter' });
    const off = await call(app.baseUrl, 'DELETE', '/v1/auto_top_up', { key: acct.live });
    assert.equal(off.status, 200, off.text);
    assert.equal(off.body.enabled, false);
  });

  it('when concurrent reservations take the balance below the threshold, then exactly one off-session payment is started, and its event grants the pack once', async () => {
    const acct = await organization(cost * 10);
    const set = await call(app.baseUrl, 'PUT', '/v1/auto_top_up', { key: acct.live, body: { threshold: cost * 9, pack: 'pack_starter' } });
    assert.equal(set.status, 200, set.text);
    paymentMethods(acct.customer);
    const created: { body: Record<string, string>; key: string | string[] | undefined }[] = [];
    const intents = nock(STRIPE)
      .post('/v1/payment_intents', (b) => (created.push({ body: b, key: undefined }), true))
      .times(10)
      .reply(function (_uri, body) {
        created[created.length - 1].key = this.req.headers['idempotency-key'];
        const b = new URLSearchParams(body as string);
        return [200, { id: 'pi_auto_once', object: 'payment_intent', status: 'succeeded', amount: Number(b.get('amount')), currency: b.get('currency'), customer: b.get('customer'), metadata: { account_id: b.get('metadata[account_id]'), item: b.get('metadata[item]'), auto_top_up: b.get('metadata[auto_top_up]') } }];
      });

    // Cheap jobs first (above the threshold: nothing), then 8 at once, each leaving the balance below it.
    assert.equal((await createJob(acct.live)).status, 202);
    assert.equal((await attempts(acct.accountId)).length, 0, 'a reservation that stays at or above the threshold starts nothing');
    const statuses = await Promise.all(Array.from({ length: 8 }, () => createJob(acct.live).then((r) => r.status)));
    assert.deepEqual(statuses, Array(8).fill(202));
    await app.deps.background.settled();

    assert.equal(created.length, 1, 'one PaymentIntent for all the concurrent reservations');
    assert.ok(!intents.isDone());
    const [attempt, ...more] = await attempts(acct.accountId);
    assert.deepEqual(more, []);
    assert.deepEqual([attempt.status, attempt.payment_intent], ['charged', 'pi_auto_once']);
    const sent = created[0];
    assert.deepEqual(
      { off_session: sent.body.off_session, confirm: sent.body.confirm, customer: sent.body.customer, payment_method: sent.body.payment_method, amount: sent.body.amount, currency: sent.body.currency, item: sent.body['metadata[item]'], attempt: sent.body['metadata[auto_top_up]'] },
      { off_session: 'true', confirm: 'true', customer: acct.customer, payment_method: 'pm_card_visa', amount: '1000', currency: 'usd', item: 'pack_starter', attempt: attempt.id },
      'the amount and currency come from the catalogue',
    );
    assert.equal(sent.key, `lumiku-auto-top-up-${attempt.id}`);
    assert.equal(await purchases(app.db, acct.accountId), 0, 'credits come with the payment event, not the API call');
    const pending = await call(app.baseUrl, 'GET', '/v1/payments', { key: acct.live });
    assert.deepEqual(pending.body.data.map((p: { item: string; status: string }) => [p.item, p.status]), [['pack_starter', 'pending']]);

    // More reservations while it is in flight start nothing.
    assert.equal((await createJob(acct.live)).status, 202);
    await app.deps.background.settled();
    assert.equal(created.length, 1);

    const before = await balanceOf(app.db, acct.accountId);
    const succeeded = stripeEvent('payment_intent.succeeded', { id: 'pi_auto_once', object: 'payment_intent', status: 'succeeded', amount: 1000, amount_received: 1000, currency: 'usd', customer: acct.customer, metadata: { account_id: acct.accountId, item: 'pack_starter', auto_top_up: attempt.id } });
    const answers = await Promise.all([postStripe(app, succeeded), postStripe(app, succeeded), postStripe(app, succeeded)]);
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200]);
    assert.equal(await balanceOf(app.db, acct.accountId), before + 1000);
    assert.equal(await purchases(app.db, acct.accountId), 1);
    assert.equal((await attempts(acct.accountId))[0].status, 'succeeded');
    const paid = await call(app.baseUrl, 'GET', '/v1/payments', { key: acct.live });
    assert.deepEqual(paid.body.data.map((p: { status: string }) => p.status), ['succeeded']);
    await assertLedgerBalances(app.db);
  });

  it('when a checkout PaymentIntent succeeds (not one auto top-up made), then its event grants nothing (the session event does)', async () => {
    const acct = await organization(0);
    const res = await postStripe(app, stripeEvent('payment_intent.succeeded', { id: 'pi_of_a_checkout', object: 'payment_intent', status: 'succeeded', amount: 1000, currency: 'usd', metadata: { account_id: acct.accountId, item: 'pack_starter', order_id: 'pay_x' } }));
    assert.equal(res.status, 200);
    assert.equal(res.body.outcome, 'ignored');
    assert.equal(await balanceOf(app.db, acct.accountId), 0);
  });

  it('when the payment fails 3 times in a row, then the billing members are emailed each time and auto top-up turns itself off', async () => {
    const acct = await organization(cost * 20);
    const people: Record<string, string> = {};
    for (const role of ['owner', 'billing', 'developer', 'viewer'] as const) {
      const email = `${role}-${crypto.randomBytes(4).toString('hex')}@acme.test`;
      const user = await insertUser(app.db, { email, name: role, passwordHash: 'x', verified: true });
      await addMembership(app.db, { accountId: acct.accountId, userId: user.id, role });
      people[role] = email;
    }
    assert.equal((await call(app.baseUrl, 'PUT', '/v1/auto_top_up', { key: acct.live, body: { threshold: cost * 100, pack: 'pack_growth' } })).status, 200);
    paymentMethods(acct.customer);
    let calls = 0;
    nock(STRIPE)
      .post('/v1/payment_intents', (b) => b.off_session === 'true' && b.confirm === 'true' && b.customer === acct.customer && b.payment_method === 'pm_card_visa' && b.amount === '5000')
      .times(5)
      .reply(() => {
        calls++;
        return [402, { error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.', payment_intent: { id: `pi_declined_${calls}`, object: 'payment_intent', status: 'requires_payment_method' } } }];
      });
    const mailDir = path.join(app.config.dataDir, 'mail');
    const mailsTo = (to: string) =>
      (fs.existsSync(mailDir) ? fs.readdirSync(mailDir) : [])
        .sort()
        .map((f) => fs.readFileSync(path.join(mailDir, f), 'utf8'))
        .filter((eml) => new RegExp(`^To: ${to}$`, 'm').test(eml));

    for (let round = 1; round <= 3; round++) {
      assert.equal((await createJob(acct.live)).status, 202);
      await app.deps.background.settled();
      assert.equal(calls, round);
      const last = (await attempts(acct.accountId)).at(-1)!;
      assert.deepEqual([last.status, last.payment_intent, last.error], ['failed', `pi_declined_${round}`, 'Your card has insufficient funds.']);
      if (round < 3) {
        // A second reservation right after a failure waits (no payment storm); later ones try again.
        assert.equal((await createJob(acct.live)).status, 202);
        await app.deps.background.settled();
        assert.equal(calls, round);
        await app.db.query(`UPDATE auto_top_up_attempts SET updated_at = now() - interval '1 hour' WHERE account_id = :id`, { replacements: { id: acct.accountId } });
      }
    }
    const account = await call(app.baseUrl, 'GET', '/v1/account', { key: acct.live });
    assert.equal(account.body.auto_top_up, null, 'off after the third failure');
    await app.db.query(`UPDATE auto_top_up_attempts SET updated_at = now() - interval '1 hour' WHERE account_id = :id`, { replacements: { id: acct.accountId } });
    assert.equal((await createJob(acct.live)).status, 202);
    await app.deps.background.settled();
    assert.equal(calls, 3, 'no payment once it is off');

    for (const role of ['owner', 'billing']) {
      const mails = mailsTo(people[role]);
      assert.equal(mails.length, 3, `${role} gets one email per failure`);
      assert.match(mails[0], /^Subject: Lumiku auto top-up failed$/m);
      assert.match(mails[0], /pack_growth/);
      assert.match(mails[0], /insufficient funds/);
      assert.match(mails[2], /^Subject: Lumiku auto top-up failed and is now off$/m);
      assert.match(mails[2], /now turned off/);
    }
    for (const role of ['developer', 'viewer']) assert.equal(mailsTo(people[role]).length, 0, `${role} is not a billing member`);

    // Setting it again starts over.
    const again = await call(app.baseUrl, 'PUT', '/v1/auto_top_up', { key: acct.live, body: { threshold: 100, pack: 'pack_starter' } });
    assert.deepEqual([again.body.enabled, again.body.consecutive_failures], [true, 0]);
  });
});
