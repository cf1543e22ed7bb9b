import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { ensureDashboardBuilt } from '../../dashboard/scripts/ensure-built';
import { startTestApp, type TestApp } from '../support/harness';
import { tokenOf, uniqueEmail, waitForMail } from '../people/support';
import { STRIPE_ENV, paidSession, postStripe, stripeEvent, uid } from '../billing/support';
import { FAST_WEBHOOKS, startPool } from '../webhooks/support';
import type { WebhookPool } from '../../workers/src/webhooks/pool';
import { launchChromium, review } from './support';

/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against the platform
 * started here (API, worker, the built dashboard): a person signs up, verifies from the .eml, buys
 * credits (the Checkout completion arrives as a signed Stripe event), makes a carousel from two
 * uploaded images, adds a webhook endpoint to a receiver run here and sees its 2xx delivery,
 * creates and revokes a key, and switches to live mode where the test objects are gone. Every
 * screen is checked with axe (no serious or critical violations) and photographed at 375 and 1440 px.
 */
describe('dashboard in Chromium', function () {
  this.timeout(240_000);
  let app: TestApp;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  let receiver: http.Server;
  let pool: WebhookPool;
  const received: { path: string; body: string }[] = [];
  const email = uniqueEmail('console');
  const password = 'violet kettle harbour 42';

  before(async () => {
    ensureDashboardBuilt();
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    app = await startTestApp({ ...FAST_WEBHOOKS, ...STRIPE_ENV }, { worker: true });
    pool = await startPool(app); // the webhook relay and dispatcher
    browser = await launchChromium();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (d) => void d.accept());
  });
  after(async () => {
    await browser?.close();
    await pool?.close();
    await app?.close();
    receiver?.close();
  });

  const url = (p: string) => `${app.baseUrl}/dashboard${p}`;
  const heading = (name: string) => page.getByRole('heading', { level: 1, name });

  it('signs up, verifies the address from the email and signs in', async () => {
    await page.goto(url('/'));
    await page.waitForURL(/\/dashboard\/signin/);
    await review(page, 'signin');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await heading('Create your account').waitFor();
    // A problem is shown next to the field it names.
    await page.getByLabel('Your name').fill('Ada');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('.field-error').first().waitFor();
    assert.match(await page.locator('.field-error').first().innerText(), /10 characters|password/i);
    await review(page, 'signup-error');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await heading('Check your inbox').waitFor();

    const mail = await waitForMail(app.config.dataDir, email, /verify|confirm/i);
    const link = mail.links.find((l) => l.includes('/verify_email'));
    assert.ok(link, `a verification link in: ${mail.links.join(', ')}`);
    await page.goto(url(`/verify_email#token=${tokenOf(link)}`));
    await page.getByText(`${email} is confirmed.`).waitFor();
    assert.match(await page.getByTestId('test-key').innerText(), /^lk_test_/);
    await review(page, 'verify-email');

    await page.goto(url('/signin'));
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Overview').waitFor();
    await page.getByTestId('balance').waitFor();
    assert.equal(await page.locator('.shell').getAttribute('data-mode'), 'test', 'test mode by default, the chrome coloured');
    await page.getByText(/No jobs yet/).waitFor();
    await review(page, 'overview-empty');
  });

  it('buys credits: the Checkout completion arrives as a signed Stripe event and the balance shows it', async () => {
    const session = (await page.evaluate(() => fetch('/auth/session', { credentials: 'include' }).then((r) => r.json()))) as { organizations: { id: string }[] };
    const accountId: string = session.organizations[0].id;
    const paid = await postStripe(app, stripeEvent('checkout.session.completed', paidSession({ session: uid('cs'), pi: uid('pi'), accountId, item: 'pack_starter', amount: 1000 })));
    assert.equal(paid.status, 200);
    await page.getByRole('link', { name: 'Billing' }).click();
    await heading('Billing').waitFor();
    await page.getByText(/1,000 credits/).first().waitFor();
    await page.getByRole('button', { name: 'Buy Starter', exact: true }).waitFor();
    // Auto top-up buys live credits: in test mode it says so and offers no form.
    await page.getByTestId('auto-top-up').getByText(/switch to live mode to change it/).waitFor();
    assert.equal(await page.getByRole('form', { name: 'Auto top-up' }).count(), 0);
    await review(page, 'billing');
  });

  const image = (color: string) => sharp({ create: { width: 540, height: 675, channels: 3, background: color } }).png().toBuffer();
  async function uploadTwoImages() {
    await page.getByRole('link', { name: 'Playground' }).click();
    await heading('Playground').waitFor();
    await page.getByLabel('Images for slide 1').setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: await image('#c0392b') });
    await page.getByLabel('Images for slide 2').setInputFiles({ name: 'blue.png', mimeType: 'image/png', buffer: await image('#2c3e80') });
  }

  it('makes a carousel in the playground from two uploaded images and shows the slides', async () => {
    await uploadTwoImages();
    await page.getByLabel('Texts for slide 1 (one per line, optional)').fill('Hello from the dashboard');
    await page.getByText(/^Price: \d+ credits/).waitFor({ timeout: 20_000 });
    assert.match(await page.getByTestId('code-curl').innerText(), /curl -X POST .*\/v1\/carousels/);
    await review(page, 'playground-carousel');
    await page.getByRole('button', { name: 'Create carousel' }).click();
    await page.getByTestId('slides').locator('img').nth(1).waitFor({ timeout: 90_000 });
    assert.equal(await page.getByTestId('slides').locator('img').count(), 2);
    await page.getByRole('link', { name: 'Download ZIP' }).waitFor();
    await review(page, 'playground-result');
  });

  /** A /v1 request as the signed-in page makes it (session cookie, organization, mode and CSRF headers). */
  async function v1(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    return page.evaluate(
      async ({ method, path, body }) => {
        const session: any = await (await fetch('/auth/session', { credentials: 'include' })).json();
        const mode = (globalThis as any).localStorage.getItem('lumiku.mode') ?? 'test';
        const headers: Record<string, string> = { 'lumiku-organization': session.organizations[0].id, 'lumiku-mode': mode, 'lumiku-csrf-token': session.csrf_token };
        if (body !== undefined) headers['content-type'] = 'application/json';
        const res = await fetch(path, { method, credentials: 'include', headers, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: res.status, body: await res.json() };
      },
      { method, path, body },
    );
  }

  it('poses an avatar in the pose generation playground: avatar and pose pickers (keyboard), previews, live price, results', async () => {
    const preset = (await v1('GET', '/v1/avatar_presets')).body.data[0];
    const made = await v1('POST', '/v1/avatars', { from: 'preset', preset: preset.id, name: 'Sunny' });
    assert.equal(made.status, 202, JSON.stringify(made.body));
    await page.getByRole('link', { name: 'Playground' }).click();
    await page.getByRole('navigation', { name: 'Apps' }).getByRole('link', { name: 'pose generation' }).click();
    await page.getByRole('form', { name: 'Pose generation' }).waitFor();
    // No raw JSON body for this app: pickers instead.
    assert.equal(await page.getByLabel('Request body (JSON)').count(), 0);
    // The avatar picker: a labelled radio group; the avatar becomes choosable once its job succeeded.
    const sunny = page.getByRole('radiogroup', { name: 'Avatar' }).getByRole('radio', { name: /Sunny/ });
    await page.waitForFunction(() => (globalThis as any).document.querySelector('input[name=avatar]')?.disabled === false, undefined, { timeout: 60_000 });
    await sunny.focus();
    await page.keyboard.press('Space');
    assert.ok(await sunny.isChecked(), 'chosen with the keyboard');
    // The pose picker: filtered by category, each pose with its preview (a PNG from /v1/poses/{id}/preview).
    const categories = (await v1('GET', '/v1/pose_categories')).body.data;
    await page.getByLabel('Category').selectOption(categories[0].id);
    const poses = page.getByRole('group', { name: 'Poses' }).getByRole('checkbox');
    await poses.first().waitFor();
    assert.equal(await poses.count(), categories[0].count, `only the poses of ${categories[0].id}`);
    await page.waitForFunction(() => [...(globalThis as any).document.querySelectorAll('[data-testid=pose-picker] img')].some((i: any) => i.naturalWidth > 0));
    await poses.first().focus();
    await page.keyboard.press('Space');
    assert.ok(await poses.first().isChecked());
    await page.getByTestId('price').getByText(/^Price: \d+ credits/).waitFor({ timeout: 20_000 });
    assert.match(await page.getByTestId('code-curl').innerText(), /\/v1\/pose_generations[\s\S]*"avatar_id":"avtr_/);
    await review(page, 'playground-pose-generation');
    await page.getByRole('button', { name: 'Create pose generation' }).click();
    await page.getByTestId('job-run').locator('.badge-succeeded').waitFor({ timeout: 90_000 });
    await page.getByTestId('job-run').locator('img').first().waitFor();
    await review(page, 'playground-pose-generation-result');
  });

  it('adds a webhook endpoint pointing at a receiver and shows a 2xx delivery in the log', async () => {
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await heading('Webhooks').waitFor();
    await review(page, 'webhooks-empty');
    // A URL the API refuses: its words appear under the URL field.
    await page.getByLabel('URL').fill('http://10.0.0.1/hook');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.locator('.field-error, .problem').first().waitFor();
    await page.getByLabel('URL').fill(hook);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText(/Signing secret of we_/).waitFor();
    // An event for it: another carousel.
    await uploadTwoImages();
    await page.getByText(/^Price: \d+ credits/).waitFor({ timeout: 20_000 });
    const before = await page.getByTestId('job-run').locator('h2').innerText();
    await page.getByRole('button', { name: 'Create carousel' }).click();
    await page.waitForFunction((prev) => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('[data-testid=job-run] h2')?.textContent !== prev, before);
    await page.getByTestId('slides').locator('img').first().waitFor({ timeout: 90_000 });
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: 'Delivery log' }).click();
    const row = page.getByTestId('deliveries').locator('tr', { hasText: 'succeeded' }).first();
    await row.waitFor({ timeout: 60_000 });
    assert.match(await row.innerText(), /\b200\b/);
    assert.ok(received.some((r) => r.path === '/hook' && r.body.includes('carousel.')), 'the receiver got the event');
    await review(page, 'webhooks-deliveries');
    // A test event: delivered to this endpoint, its 2xx delivery in the log.
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByRole('status').filter({ hasText: /Test event evt_\w+ sent/ }).waitFor();
    const testRow = page.getByTestId('deliveries').locator('tr', { hasText: 'webhook_endpoint.test' }).filter({ hasText: 'succeeded' }).first();
    await testRow.waitFor({ timeout: 30_000 });
    assert.match(await testRow.innerText(), /\b200\b/);
    assert.ok(received.some((r) => r.path === '/hook' && r.body.includes('"webhook_endpoint.test"')), 'the receiver got the test event');
  });

  it('creates an API key (secret shown once) and revokes it', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { level: 1, name: /API keys/ }).waitFor();
    await page.getByLabel('Name').fill('e2e key');
    await page.getByRole('button', { name: 'Create key' }).click();
    assert.match(await page.getByTestId('new-secret').innerText(), /^lk_test_/);
    await review(page, 'api-keys');
    const row = page.getByTestId('key-e2e key');
    await row.getByRole('button', { name: /Revoke/ }).click();
    await row.getByText('revoked').waitFor();
  });

  it('shows every other screen accessibly: jobs, job detail, files, events, members, audit log', async () => {
    for (const [link, title] of [['Jobs', 'Jobs'], ['Files', 'Files'], ['Events', 'Events'], ['Members', 'Members'], ['Audit log', 'Audit log'], ['Overview', 'Overview']] as const) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
      await heading(title).waitFor();
      await page.locator('[role=status]:has-text("Loading")').waitFor({ state: 'detached' }).catch(() => {});
      await review(page, title.toLowerCase().replace(/ /g, '-'));
    }
    await page.getByTestId('recent-jobs').getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await review(page, 'job-detail');
  });

  it('switches to live mode: the test objects are gone and the live balance shows', async () => {
    await page.getByRole('group', { name: 'Mode' }).getByRole('button', { name: 'Live' }).click();
    assert.equal(await page.locator('.shell').getAttribute('data-mode'), 'live');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview', exact: true }).click();
    await page.getByText('No jobs yet.', { exact: false }).waitFor();
    assert.match(await page.getByTestId('balance').innerText(), /1,000 credits/);
    await review(page, 'overview-live');
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByText('No endpoints yet.').waitFor();
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByText('No keys in live mode.').waitFor();
    assert.equal(await page.getByTestId('key-e2e key').count(), 0);
  });

  it('reloads the overview with its requests sent alongside GET /auth/session: one round, no waterfall, none twice', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview', exact: true }).click();
    // The session's answer is held for 400 ms, so "sent before the session answered" does not depend
    // on how fast a local API answers: requests that waited for the session would start after it.
    const held = '**/auth/session';
    await page.route(held, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    try {
      await page.reload();
      await page.getByTestId('balance').waitFor();
      await page.getByTestId('usage-chart').locator('svg, .empty').first().waitFor();
      await page.getByText('No jobs yet.', { exact: false }).waitFor();
    } finally {
      await page.unroute(held);
    }
    const entries = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e: any) => ({ path: new URL(e.name).pathname, start: e.startTime as number, end: e.responseEnd as number })),
    );
    const session = entries.find((e) => e.path === '/auth/session');
    assert.ok(session, 'the session was read');
    for (const path of ['/v1/account', '/v1/usage', '/v1/jobs', '/v1/webhook_endpoints']) {
      const sent = entries.filter((e) => e.path === path);
      assert.equal(sent.length, 1, `${path} asked for once: ${JSON.stringify(entries)}`);
      assert.ok(sent[0].start < session.end, `${path} sent before the session answered (${sent[0].start} < ${session.end})`);
    }
  });

  it('sets auto top-up in live mode: the problem next to its field, then on and off', async () => {
    await page.getByRole('link', { name: 'Billing' }).click();
    const form = page.getByRole('form', { name: 'Auto top-up' });
    await form.waitFor();
    assert.match(await page.getByTestId('auto-top-up-state').innerText(), /off/);
    await form.getByLabel('Threshold (credits)').fill('0');
    await form.getByRole('button', { name: 'Turn on auto top-up' }).click();
    const error = form.locator('.field-error');
    await error.waitFor();
    assert.equal(await form.getByLabel('Threshold (credits)').getAttribute('aria-invalid'), 'true', 'the threshold field is marked');
    assert.ok((await error.innerText()).trim().length > 0, 'the API\'s words for the threshold');
    await review(page, 'billing-auto-top-up-error');
    await form.getByLabel('Threshold (credits)').fill('200');
    await form.getByLabel('Pack to buy').selectOption('pack_starter');
    await form.getByRole('button', { name: 'Turn on auto top-up' }).click();
    await page.getByTestId('auto-top-up-state').getByText(/on.*below 200 credits, pack_starter/).waitFor();
    const set = (await v1('GET', '/v1/account')).body.auto_top_up;
    assert.deepEqual([Number(set?.threshold), set?.pack], [200, 'pack_starter']);
    await review(page, 'billing-auto-top-up');
    await form.getByRole('button', { name: 'Turn off auto top-up' }).click();
    await page.getByTestId('auto-top-up-state').getByText(/off/).waitFor();
    assert.equal((await v1('GET', '/v1/account')).body.auto_top_up, null);
  });
});
