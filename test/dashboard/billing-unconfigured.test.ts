import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { ensureDashboardBuilt } from '../../dashboard/scripts/ensure-built';
import { startTestApp, type TestApp } from '../support/harness';
import { makeMember, makeOrganization } from '../people/support';
import { launchChromium, review } from './support';

/**
 * The billing screen on a platform with no payment gateway (no Stripe keys): buying and auto top-up
 * say so in words instead of offering forms that would answer 503 billing_not_configured; in live
 * mode too, where auto top-up is otherwise offered.
 */
describe('dashboard billing without a payment gateway', function () {
  this.timeout(120_000);
  let app: TestApp;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    ensureDashboardBuilt();
    app = await startTestApp();
    const org = await makeOrganization(app.db, 'No gateway org');
    const member = await makeMember(app.db, app.baseUrl, org.id, 'owner');
    browser = await launchChromium();
    context = browser.context;
    await context.addCookies([{ name: 'lumiku_session', value: member.token, domain: new URL(app.baseUrl).hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
    page = context.pages()[0] ?? (await context.newPage());
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const mode of ['test', 'live'] as const) {
    it(`shows why auto top-up cannot be set (${mode} mode)`, async () => {
      await page.goto(`${app.baseUrl}/dashboard/billing`);
      await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();
      if (mode === 'live') await page.getByRole('group', { name: 'Mode' }).getByRole('button', { name: 'Live' }).click();
      assert.equal(await page.locator('.shell').getAttribute('data-mode'), mode);
      await page.getByText('Buying is not available: this platform has no payment gateway configured.').waitFor();
      const section = page.getByTestId('auto-top-up');
      await section.getByText('Auto top-up is not available: this platform has no payment gateway configured.').waitFor();
      assert.match(await section.getByTestId('auto-top-up-state').innerText(), /off/);
      assert.equal(await page.getByRole('form', { name: 'Auto top-up' }).count(), 0, 'no form to fill in');
      await review(page, `billing-unconfigured-${mode}`);
    });
  }
});
