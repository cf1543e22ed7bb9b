import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import nock from 'nock';
import { QueryTypes } from 'sequelize';
import { createApiKey } from '../../api/src/domain/accounts/api-keys';
import { duitkuCallbackSignature, duitkuRequestSignature } from '../../api/src/domain/billing/duitku';
import { guardNetwork } from '../fixtures/network';
import { call, createTestAccount, startTestApp, type TestApp } from '../support/harness';
import { balanceOf, STRIPE_ENV } from './support';

const STRIPE = 'https://api.stripe.com';
const DUITKU = { DUITKU_MERCHANT_CODE: 'DS0001', DUITKU_API_KEY: 'duitku-suite-api-key', DUITKU_BASE_URL: 'https://api-sandbox.duitku.com' };
const BODY = { pack: 'pack_starter', success_url: 'https://app.example.com/done', cancel_url: 'https://app.example.com/billing' };

/** Buying: checkout sessions and the portal through Stripe's wire format (nock), Duitku's invoice and callback. */
describe('billing: checkout', function () {
  this.timeout(60_000);
  let app: TestApp;
  let bare: TestApp;
  let network: ReturnType<typeof guardNetwork>;
  before(async () => {
    network = guardNetwork();
    app = await startTestApp({ ...STRIPE_ENV, ...DUITKU });
    bare = await startTestApp();
  });
  after(async () => {
    await Promise.all([app?.close(), bare?.close()]);
    network.release();
  });
  afterEach(() => nock.cleanAll());

  it('when no gateway is configured, then buying answers 503 billing_not_configured and the catalogue lists nothing to buy with', async () => {
    const acct = await createTestAccount(bare.db);
    for (const [path, body] of [['/v1/checkout_sessions', BODY], ['/v1/billing_portal_sessions', { return_url: 'https://app.example.com' }]] as const) {
      const res = await call(bare.baseUrl, 'POST', path, { key: acct.live, body });
      assert.equal(res.status, 503, res.text);
      assert.equal(res.body.code, 'billing_not_configured');
    }
    const packs = await call(bare.baseUrl, 'GET', '/v1/credit_packs', { key: acct.test });
    assert.equal(packs.status, 200);
    assert.ok(packs.body.data.length > 0 && packs.body.data.every((p: { gateways: string[] }) => p.gateways.length === 0));
    assert.equal((await call(bare.baseUrl, 'POST', '/billing/webhooks/stripe', { rawBody: '{}' })).status, 404);
  });

  it('when an owner buys a pack, then one Stripe customer and a Checkout Session priced from the catalogue are created, and the payment is pending', async () => {
    const acct = await createTestAccount(app.db);
    const seen: Record<string, string>[] = [];
    const customer = nock(STRIPE)
      .post('/v1/customers', (b) => b['metadata[account_id]'] === acct.accountId)
      .reply(200, { id: 'cus_suite1', object: 'customer' });
    const session = nock(STRIPE)
      .post('/v1/checkout/sessions', (b) => (seen.push(b), true))
      .times(2)
      .reply(200, (_uri, body) => ({ id: `cs_test_${crypto.randomBytes(4).toString('hex')}`, object: 'checkout.session', url: 'https://checkout.stripe.com/c/pay/cs_test_x', expires_at: 1_900_000_000, mode: new URLSearchParams(body as string).get('mode') }));
    const res = await call(app.baseUrl, 'POST', '/v1/checkout_sessions', { key: acct.live, body: { ...BODY, amount: 1 } });
    assert.equal(res.status, 422, 'a price from the request is refused, not used');
    const ok = await call(app.baseUrl, 'POST', '/v1/checkout_sessions', { key: acct.live, body: BODY });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual([ok.body.object, ok.body.gateway, ok.body.url, ok.body.amount, ok.body.credits], ['checkout_session', 'stripe', 'https://checkout.stripe.com/c/pay/cs_test_x', 1000, 1000]);
    const plan = await call(app.baseUrl, 'POST', '/v1/checkout_sessions', { key: acct.live, body: { plan: 'plan_pro', success_url: BODY.success_url, cancel_url: BODY.cancel_url } });
    assert.equal(plan.status, 201, plan.text);
    assert.ok(customer.isDone() && session.isDone());
    assert.deepEqual(
      [seen[0].mode, seen[0].customer, seen[0]['line_items[0][price_data][unit_amount]'], seen[0]['line_items[0][price_data][currency]'], seen[0]['metadata[account_id]'], seen[0]['metadata[item]']],
      ['payment', 'cus_suite1', '1000', 'usd', acct.accountId, 'pack_starter'],
    );
    assert.deepEqual([seen[1].mode, seen[1]['line_items[0][price_data][recurring][interval]'], seen[1]['subscription_data[metadata][item]']], ['subscription', 'month', 'plan_pro']);
    const payments = await call(app.baseUrl, 'GET', '/v1/payments', { key: acct.live });
    assert.deepEqual(payments.body.data.map((p: { status: string; id: string }) => [p.status, p.id]), [['pending', ok.body.payment_id]]);
    assert.equal((await call(app.baseUrl, 'GET', '/v1/payments', { key: acct.test })).body.data.length, 0, 'test mode lists no live payments');
  });

  it('when the pack does not exist (or the caller is in test mode), then nothing is asked of Stripe', async () => {
    const acct = await createTestAccount(app.db);
    const unknown = await call(app.baseUrl, 'POST', '/v1/checkout_sessions', { key: acct.live, body: { ...BODY, pack: 'pack_gone' } });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.code, 'catalogue_item_not_found');
    assert.equal(unknown.body.errors[0].path, 'pack');
    const both = await call(app.baseUrl, 'POST', '/v1/checkout_sessions', { key: acct.live, body: { ...BODY, plan: 'plan_pro' } });
    assert.equal(both.status, 422);
    const test = await call(app.baseUrl, 'POST', '/v1/checkout_sessions', { key: acct.test, body: BODY });
    assert.equal(test.status, 403);
    assert.equal(test.body.code, 'livemode_mismatch');
  });

  it('when a viewer or developer key tries to buy, then it is 403 insufficient_scope', async () => {
    const acct = await createTestAccount(app.db);
    for (const scopes of [['read'], ['read', 'jobs:write', 'files:write', 'webhooks:manage']] as const) {
      const { secret } = await createApiKey(app.db, { accountId: acct.accountId, name: 'limited', livemode: true, scopes: [...scopes] });
      for (const [path, body] of [['/v1/checkout_sessions', BODY], ['/v1/billing_portal_sessions', { return_url: 'https://app.example.com' }]] as const) {
        const res = await call(app.baseUrl, 'POST', path, { key: secret, body });
        assert.equal(res.status, 403, `${scopes.join(',')} ${path}`);
        assert.equal(res.body.code, 'insufficient_scope');
      }
    }
  });

  it('when the portal is asked for, then it opens for the organization\'s one customer', async () => {
    const acct = await createTestAccount(app.db);
    nock(STRIPE).post('/v1/customers').reply(200, { id: 'cus_portal', object: 'customer' });
    const portal = nock(STRIPE)
      .post('/v1/billing_portal/sessions', (b) => b.customer === 'cus_portal' && b.return_url === 'https://app.example.com')
      .twice()
      .reply(200, { id: 'bps_1', object: 'billing_portal.session', url: 'https://billing.stripe.com/p/session/test_1' });
    for (let i = 0; i < 2; i++) {
      const res = await call(app.baseUrl, 'POST', '/v1/billing_portal_sessions', { key: acct.live, body: { return_url: 'https://app.example.com' } });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.url, 'https://billing.stripe.com/p/session/test_1');
    }
    assert.ok(portal.isDone());
  });

  it('when Stripe is down, then checkout answers 503 payment_gateway_unavailable and records nothing', async () => {
    const acct = await createTestAccount(app.db);
    nock(STRIPE).post('/v1/customers').reply(200, { id: 'cus_down', object: 'customer' });
    nock(STRIPE).post('/v1/checkout/sessions').times(3).reply(500, { error: { type: 'api_error', message: 'boom' } });
    const res = await call(app.baseUrl, 'POST', '/v1/checkout_sessions', { key: acct.live, body: BODY });
    assert.equal(res.status, 503, res.text);
    assert.equal(res.body.code, 'payment_gateway_unavailable');
    assert.equal((await call(app.baseUrl, 'GET', '/v1/payments', { key: acct.live })).body.data.length, 0);
  });

  it('when a Rupiah pack is bought through Duitku, then the invoice is signed as Duitku documents and its signed callback grants once', async () => {
    const acct = await createTestAccount(app.db);
    let headers: Record<string, string | string[]> = {};
    let sent: Record<string, unknown> = {};
    nock(DUITKU.DUITKU_BASE_URL)
      .post('/api/merchant/createInvoice')
      .reply(function (_uri, body) {
        headers = this.req.headers;
        sent = body as Record<string, unknown>;
        return [200, { merchantCode: DUITKU.DUITKU_MERCHANT_CODE, reference: 'DS000125ABCDEF', paymentUrl: 'https://app-sandbox.duitku.com/redirect_checkout?reference=DS000125ABCDEF', statusCode: '00', statusMessage: 'SUCCESS' }];
      });
    const res = await call(app.baseUrl, 'POST', '/v1/checkout_sessions', { key: acct.live, body: { ...BODY, pack: 'pack_idr_starter' } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.gateway, 'duitku');
    const ts = String(headers['x-duitku-timestamp']);
    assert.equal(headers['x-duitku-merchantcode'], DUITKU.DUITKU_MERCHANT_CODE);
    assert.equal(headers['x-duitku-signature'], crypto.createHash('sha256').update(DUITKU.DUITKU_MERCHANT_CODE + ts + DUITKU.DUITKU_API_KEY).digest('hex'));
    assert.equal(headers['x-duitku-signature'], duitkuRequestSignature(DUITKU.DUITKU_MERCHANT_CODE, ts, DUITKU.DUITKU_API_KEY));
    assert.deepEqual([sent.paymentAmount, sent.merchantOrderId, sent.callbackUrl], [150000, res.body.payment_id, `${app.config.publicBaseUrl}/billing/webhooks/duitku`]);

    const form = (amount: string, signature?: string) =>
      new URLSearchParams({
        merchantCode: DUITKU.DUITKU_MERCHANT_CODE,
        amount,
        merchantOrderId: res.body.payment_id,
        productDetail: 'Starter',
        additionalParam: acct.accountId,
        paymentCode: 'VC',
        resultCode: '00',
        merchantUserId: acct.accountId,
        reference: 'DS000125ABCDEF',
        signature: signature ?? crypto.createHash('md5').update(DUITKU.DUITKU_MERCHANT_CODE + amount + res.body.payment_id + DUITKU.DUITKU_API_KEY).digest('hex'),
      }).toString();
    const post = (body: string) => call(app.baseUrl, 'POST', '/billing/webhooks/duitku', { rawBody: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal((await post(form('150000', 'f'.repeat(32)))).status, 400, 'a forged signature');
    assert.equal(await balanceOf(app.db, acct.accountId), 0);
    const replies = await Promise.all(Array.from({ length: 10 }, () => post(form('150000'))));
    assert.deepEqual([...new Set(replies.map((r) => r.status))], [200]);
    assert.equal(await balanceOf(app.db, acct.accountId), 1000);
    // A callback for another amount (signed correctly: a bug or an attack at the merchant's end) is flagged, not granted.
    const other = await post(form('1500', duitkuCallbackSignature(DUITKU.DUITKU_MERCHANT_CODE, '1500', res.body.payment_id, DUITKU.DUITKU_API_KEY)));
    assert.equal(other.status, 200);
    const [row] = await app.db.query<{ outcome: string }>(`SELECT outcome FROM payment_events WHERE gateway = 'duitku' AND event_id LIKE :p ORDER BY received_at DESC LIMIT 1`, {
      replacements: { p: `${res.body.payment_id}:%` },
      type: QueryTypes.SELECT,
    });
    assert.equal(row.outcome, 'flagged');
    assert.equal(await balanceOf(app.db, acct.accountId), 1000);
  });
});
