import assert from 'node:assert/strict';
import { call, createTestAccount, startTestApp, type TestApp } from '../support/harness';
import { STRIPE_ENV } from './support';

/**
 * Against a real stripe-mock (github.com/stripe/stripe-mock) when STRIPE_MOCK_URL points at one
 * (e.g. http://localhost:12111): the SDK is pointed there through STRIPE_API_BASE, so the requests
 * billing makes are checked by Stripe's own OpenAPI description. Skipped, saying why, otherwise.
 */
describe('billing: Stripe through stripe-mock', function () {
  this.timeout(60_000);
  const url = process.env.STRIPE_MOCK_URL;
  let app: TestApp | undefined;
  before(async function () {
    if (!url) {
      console.log('    (skipped: STRIPE_MOCK_URL is not set; run stripe-mock and set it to test against Stripe\'s own API description)');
      this.skip();
    }
    app = await startTestApp({ ...STRIPE_ENV, STRIPE_API_BASE: url! });
  });
  after(async () => app?.close());

  it('when a pack and a plan are bought and the portal opened, then stripe-mock accepts every request', async () => {
    const acct = await createTestAccount(app!.db);
    const urls = { success_url: 'https://app.example.com/done', cancel_url: 'https://app.example.com/billing' };
    const pack = await call(app!.baseUrl, 'POST', '/v1/checkout_sessions', { key: acct.live, body: { pack: 'pack_starter', ...urls } });
    assert.equal(pack.status, 201, pack.text);
    assert.match(pack.body.url, /^https?:\/\//);
    const plan = await call(app!.baseUrl, 'POST', '/v1/checkout_sessions', { key: acct.live, body: { plan: 'plan_pro', ...urls } });
    assert.equal(plan.status, 201, plan.text);
    const portal = await call(app!.baseUrl, 'POST', '/v1/billing_portal_sessions', { key: acct.live, body: { return_url: urls.cancel_url } });
    assert.equal(portal.status, 201, portal.text);
  });
});
