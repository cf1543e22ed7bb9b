import assert from 'node:assert/strict';
import { hashToken } from '../../api/src/domain/people/tokens';
import { startTestApp, type TestApp } from '../support/harness';
import { Browser, mailFiles, sessionHeaders, tokenOf, uniqueEmail, waitForMail } from './support';

const PASSWORD = 'a long and uncommon passphrase';

async function signedUp(app: TestApp, email = uniqueEmail()) {
  await new Browser(app.baseUrl).request('POST', '/auth/signup', { body: { email, password: PASSWORD, name: 'Someone' } });
  await waitForMail(app.config.dataDir, email, /confirm your email/i);
  return email;
}

async function signIn(app: TestApp, email: string, password = PASSWORD, userAgent?: string) {
  const browser = new Browser(app.baseUrl, userAgent);
  const res = await browser.request('POST', '/auth/login', { body: { email, password } });
  assert.equal(res.status, 200, res.text);
  return { browser, csrf: res.body.csrf_token as string, org: res.body.organizations[0].id as string };
}

describe('people: sessions end when they should, password reset, sign-in limits', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0', LOGIN_MAX_FAILURES_PER_EMAIL: '3', AUTH_MAX_ATTEMPTS_PER_IP: '40', AUTH_LIMIT_WINDOW_SECONDS: '60' });
  });
  after(() => app?.close());

  it('when a person signs out, then that session fails on the next request and the others keep working; signing out everywhere ends them all', async () => {
    const email = await signedUp(app);
    const a = await signIn(app, email, PASSWORD, 'browser A');
    const b = await signIn(app, email, PASSWORD, 'browser B');
    const c = await signIn(app, email, PASSWORD, 'browser C');
    const noCsrf = await a.browser.request('POST', '/auth/logout');
    assert.equal(noCsrf.status, 403);
    assert.equal(noCsrf.body.code, 'csrf_failed');
    const out = await a.browser.request('POST', '/auth/logout', { headers: { 'lumiku-csrf-token': a.csrf } });
    assert.equal(out.status, 200, out.text);
    assert.ok(a.browser.lastSetCookie.some((cookie) => /^lumiku_session=;.*Max-Age=0/.test(cookie)), 'the cookie is cleared');
    assert.equal(a.browser.cookies.size, 0);
    assert.equal((await b.browser.request('GET', '/v1/account', { headers: sessionHeaders(b.org) })).status, 200);

    // Each browser (user agent) signed in for the first time: three new devices in the audit log; a fourth sign-in from A is not new.
    await signIn(app, email, PASSWORD, 'browser A');
    const devices = await b.browser.request('GET', '/v1/audit_events?action=session.new_device', { headers: sessionHeaders(b.org) });
    assert.equal(devices.status, 200, devices.text);
    assert.deepEqual(devices.body.data.map((e: any) => e.user_agent).sort(), ['browser A', 'browser B', 'browser C']);

    const everywhere = await b.browser.request('POST', '/auth/logout?everywhere=true', { headers: { 'lumiku-csrf-token': b.csrf } });
    assert.equal(everywhere.status, 200, everywhere.text);
    assert.equal(everywhere.body.sessions_ended, 3);
    const cRes = await c.browser.request('GET', '/v1/account', { headers: sessionHeaders(c.org) });
    assert.equal(cRes.status, 401);
    assert.equal(cRes.body.code, 'invalid_session');
  });

  it('when a signed-out cookie is sent again, then it is refused at once (nothing is cached)', async () => {
    const email = await signedUp(app);
    const s = await signIn(app, email);
    const cookie = s.browser.cookies.get('lumiku_session')!;
    assert.equal((await s.browser.request('GET', '/v1/account', { headers: sessionHeaders(s.org) })).status, 200);
    await s.browser.request('POST', '/auth/logout', { headers: { 'lumiku-csrf-token': s.csrf } });
    const copy = new Browser(app.baseUrl);
    copy.cookies.set('lumiku_session', cookie);
    const res = await copy.request('GET', '/v1/account', { headers: sessionHeaders(s.org) });
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'invalid_session');
  });

  it('when a session has expired or sat idle past its limit, then it is refused', async () => {
    const email = await signedUp(app);
    const s = await signIn(app, email);
    const cookie = s.browser.cookies.get('lumiku_session')!;
    await app.db.query(`UPDATE sessions SET last_seen_at = now() - make_interval(hours => :h) WHERE token_hash = :hash`, { replacements: { h: app.config.sessionIdleHours + 1, hash: hashToken(cookie) } });
    assert.equal((await s.browser.request('GET', '/auth/session')).status, 401, 'idle too long');
    const t = await signIn(app, email);
    await app.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = :hash`, { replacements: { hash: hashToken(t.browser.cookies.get('lumiku_session')!) } });
    assert.equal((await t.browser.request('GET', '/auth/session')).status, 401, 'expired');
  });

  it('when a password is reset, then the link works once, the new password signs in, and every session of the account has ended', async () => {
    const email = await signedUp(app);
    const s = await signIn(app, email);
    const before = mailFiles(app.config.dataDir);
    const asked = await new Browser(app.baseUrl).request('POST', '/auth/password_reset', { body: { email } });
    assert.equal(asked.status, 202, asked.text);
    const unknown = await new Browser(app.baseUrl).request('POST', '/auth/password_reset', { body: { email: uniqueEmail('nobody') } });
    assert.equal(unknown.status, 202);
    assert.deepEqual(Object.keys(unknown.body).sort(), Object.keys(asked.body).sort(), 'the same answer for an unknown address');
    const mail = await waitForMail(app.config.dataDir, email, /reset/i, { after: before });
    const token = tokenOf(mail.links[0]);

    const weak = await new Browser(app.baseUrl).request('POST', '/auth/password_reset/confirm', { body: { token, password: 'password1' } });
    assert.equal(weak.status, 422);
    const done = await new Browser(app.baseUrl).request('POST', '/auth/password_reset/confirm', { body: { token, password: 'a brand new passphrase' } });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.sessions_ended, true);
    const again = await new Browser(app.baseUrl).request('POST', '/auth/password_reset/confirm', { body: { token, password: 'yet another passphrase' } });
    assert.equal(again.status, 410);
    assert.equal(again.body.code, 'link_used');
    assert.equal((await s.browser.request('GET', '/auth/session')).status, 401, 'the old session ended');
    assert.equal((await new Browser(app.baseUrl).request('POST', '/auth/login', { body: { email, password: PASSWORD } })).status, 401, 'the old password is gone');
    await signIn(app, email, 'a brand new passphrase');

    // An expired link (one hour) is refused as such.
    const mark = mailFiles(app.config.dataDir);
    await new Browser(app.baseUrl).request('POST', '/auth/password_reset', { body: { email } });
    const late = tokenOf((await waitForMail(app.config.dataDir, email, /reset/i, { after: mark })).links[0]);
    await app.db.query(`UPDATE email_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = :hash`, { replacements: { hash: hashToken(late) } });
    const expired = await new Browser(app.baseUrl).request('POST', '/auth/password_reset/confirm', { body: { token: late, password: 'the latest passphrase' } });
    assert.equal(expired.status, 410);
    assert.equal(expired.body.code, 'link_expired');
  });

  it('when an email fails to sign in too often, then it is 429 with Retry-After, for a known and an unknown address alike, even with the right password', async () => {
    const email = await signedUp(app);
    const nobody = uniqueEmail('nobody');
    for (const address of [email, nobody]) {
      for (let i = 0; i < 3; i++) {
        const res = await new Browser(app.baseUrl).request('POST', '/auth/login', { body: { email: address, password: 'wrong wrong wrong' } });
        assert.equal(res.status, 401, `${address} attempt ${i + 1}`);
      }
      const blocked = await new Browser(app.baseUrl).request('POST', '/auth/login', { body: { email: address, password: address === email ? PASSWORD : 'wrong wrong wrong' } });
      assert.equal(blocked.status, 429, `${address}: ${blocked.text}`);
      assert.equal(blocked.body.code, 'rate_limited');
      assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    }
    // Another address from the same client is not blocked by this one.
    const other = await signedUp(app);
    await signIn(app, other);
  });

  it('when one client address makes too many attempts, then it is 429 whatever the email', async () => {
    const limited = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0', AUTH_MAX_ATTEMPTS_PER_IP: '4', AUTH_LIMIT_WINDOW_SECONDS: '60' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await new Browser(limited.baseUrl).request('POST', '/auth/login', { body: { email: uniqueEmail('spray'), password: 'wrong wrong wrong' } })).status);
      assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('when the deployment is in production, then the session cookie is Secure', async () => {
    const prod = await startTestApp({ NODE_ENV: 'production', SIGNING_SECRET: 'a-production-signing-secret-0123456789' });
    try {
      const email = uniqueEmail('prod');
      await new Browser(prod.baseUrl).request('POST', '/auth/signup', { body: { email, password: PASSWORD, name: 'Prod' } });
      const browser = new Browser(prod.baseUrl);
      const res = await browser.request('POST', '/auth/login', { body: { email, password: PASSWORD } });
      assert.equal(res.status, 200, res.text);
      assert.match(browser.lastSetCookie[0], /; HttpOnly; SameSite=Lax; Secure$/);
    } finally {
      await prod.close();
    }
  });
});
