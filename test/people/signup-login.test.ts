import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { call, startTestApp, type TestApp } from '../support/harness';
import { Browser, mailFiles, sessionHeaders, tokenOf, uniqueEmail, waitForMail } from './support';

const PASSWORD = 'a long and uncommon passphrase';

describe('people: sign-up, verification, sign-in and a session on /v1 (real HTTP, cookie jar, mail from .eml files)', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' });
  });
  after(() => app?.close());

  it('when a person signs up, confirms the email and signs in, then the session acts on /v1 with the organization header and the CSRF token', async () => {
    const browser = new Browser(app.baseUrl);
    const email = uniqueEmail('ada');
    const before = mailFiles(app.config.dataDir);
    const signup = await browser.request('POST', '/auth/signup', { body: { email: email.toUpperCase(), password: PASSWORD, name: 'Ada', organization_name: 'Engines' } });
    assert.equal(signup.status, 202, signup.text);
    assert.deepEqual(Object.keys(signup.body).sort(), ['email', 'message', 'object']);
    assert.equal(signup.body.email, email, 'stored lowercased');
    assert.equal(browser.lastSetCookie.length, 0, 'sign-up does not sign in (the answer must not differ for a registered address)');

    const mail = await waitForMail(app.config.dataDir, email, /confirm your email/i, { after: before });
    assert.match(mail.html, /<a href="http:\/\/127\.0\.0\.1:\d+\/dashboard\/verify_email#token=/, 'an HTML body with the link');
    const link = mail.links.find((l) => l.includes('/verify_email#token='))!;
    assert.ok(link, mail.text);

    // Signed in before confirming: test mode works, live mode waits for the confirmation.
    const login = await browser.request('POST', '/auth/login', { body: { email, password: PASSWORD } });
    assert.equal(login.status, 200, login.text);
    const cookie = browser.lastSetCookie.find((c) => c.startsWith('lumiku_session='))!;
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Lax/);
    assert.match(cookie, /; Path=\//);
    assert.doesNotMatch(cookie, /Secure/, 'Secure only in production');
    assert.equal(login.body.object, 'session');
    assert.equal(login.body.user.email_verified, false);
    assert.equal(login.body.organizations.length, 1);
    const org = login.body.organizations[0];
    assert.equal(org.role, 'owner');
    assert.equal(org.name, 'Engines');
    const csrf = login.body.csrf_token;
    assert.ok(csrf && !cookie.includes(csrf), 'the CSRF token is in the body, not the cookie');

    const account = await browser.request('GET', '/v1/account', { headers: sessionHeaders(org.id) });
    assert.equal(account.status, 200, account.text);
    assert.equal(account.body.id, org.id);
    assert.equal(account.body.livemode, false, 'Lumiku-Mode defaults to test');
    const live = await browser.request('GET', '/v1/account', { headers: sessionHeaders(org.id, undefined, 'live') });
    assert.equal(live.status, 403);
    assert.equal(live.body.code, 'email_not_verified');

    const verified = await browser.request('POST', '/auth/verify_email', { body: { token: tokenOf(link) } });
    assert.equal(verified.status, 200, verified.text);
    assert.equal(verified.body.verified, true);
    const testKey = verified.body.test_api_key;
    assert.match(testKey.secret, /^lk_test_/, 'the sign-up test key is shown once, on confirmation');
    assert.ok(browser.lastSetCookie.some((c) => c.startsWith('lumiku_session=')), 'the session is rotated on the new privilege');
    const again = await browser.request('POST', '/auth/verify_email', { body: { token: tokenOf(link) } });
    assert.equal(again.status, 410);
    assert.equal(again.body.code, 'link_used');

    // The old CSRF token belonged to the rotated session: read the new one from GET /auth/session.
    const session = await browser.request('GET', '/auth/session');
    assert.equal(session.status, 200, session.text);
    assert.equal(session.body.user.email_verified, true);
    assert.notEqual(session.body.csrf_token, csrf);
    const liveNow = await browser.request('GET', '/v1/account', { headers: sessionHeaders(org.id, undefined, 'live') });
    assert.equal(liveNow.status, 200, liveNow.text);
    assert.equal(liveNow.body.livemode, true);

    // Writes need the CSRF token; the key made is in the session's mode and org.
    const made = await browser.request('POST', '/v1/api_keys', { body: { name: 'from the dashboard', scopes: ['read'] }, headers: sessionHeaders(org.id, session.body.csrf_token) });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.body.livemode, false);
    const keys = await call(app.baseUrl, 'GET', '/v1/api_keys', { key: testKey.secret });
    assert.equal(keys.status, 200, keys.text);
    assert.deepEqual(keys.body.data.map((k: any) => k.id).sort(), [testKey.id, made.body.id].sort(), 'the sign-up test key works and sees the session-made key');

    // The session's jobs carry no API key (no key quota), and the audit log names the person.
    const audit = await browser.request('GET', `/v1/audit_events?target=${made.body.id}`, { headers: sessionHeaders(org.id) });
    assert.equal(audit.status, 200, audit.text);
    assert.deepEqual(audit.body.data.map((e: any) => [e.action, e.actor.type, e.actor.id]), [['api_key.created', 'user', login.body.user.id]]);
  });

  it('when an address that already has an account signs up, then the answer is the same, nothing changes, and the email says an account exists', async () => {
    const email = uniqueEmail('twice');
    const first = await new Browser(app.baseUrl).request('POST', '/auth/signup', { body: { email, password: PASSWORD, name: 'First' } });
    await waitForMail(app.config.dataDir, email, /confirm your email/i);
    const before = mailFiles(app.config.dataDir);
    const second = await new Browser(app.baseUrl).request('POST', '/auth/signup', { body: { email, password: 'another long passphrase', name: 'Second', organization_name: 'Other' } });
    assert.equal(second.status, first.status);
    assert.deepEqual(second.body, first.body, 'byte-for-byte the same answer');
    const mail = await waitForMail(app.config.dataDir, email, /already have/i, { after: before });
    assert.ok(mail.links.some((l) => l.endsWith('/dashboard/login')), mail.text);
    assert.ok(mail.links.some((l) => l.endsWith('/dashboard/password_reset')), mail.text);
    assert.match(mail.html, /already exists/);
    const [users] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE email = :email`, { replacements: { email }, type: QueryTypes.SELECT });
    assert.equal(users.n, 1);
    const orgs = await app.db.query(`SELECT 1 FROM accounts WHERE name = 'Other'`, { type: QueryTypes.SELECT });
    assert.equal(orgs.length, 0, 'no organization made');
    // The first password still signs in; the second does not.
    assert.equal((await new Browser(app.baseUrl).request('POST', '/auth/login', { body: { email, password: PASSWORD } })).status, 200);
    assert.equal((await new Browser(app.baseUrl).request('POST', '/auth/login', { body: { email, password: 'another long passphrase' } })).status, 401);
  });

  it('when a wrong password and an unknown email sign in, then both get the same 401 in about the same time (argon2 runs for both)', async () => {
    const email = uniqueEmail('known');
    await new Browser(app.baseUrl).request('POST', '/auth/signup', { body: { email, password: PASSWORD, name: 'Known' } });
    const timed = async (body: object) => {
      const t0 = process.hrtime.bigint();
      const res = await new Browser(app.baseUrl).request('POST', '/auth/login', { body });
      return { res, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      const a = await timed({ email, password: 'not the password at all' });
      const b = await timed({ email: uniqueEmail('nobody'), password: 'not the password at all' });
      assert.equal(a.res.status, 401);
      assert.equal(b.res.status, 401);
      const strip = (body: any) => ({ ...body, request_id: undefined });
      assert.deepEqual(strip(a.res.body), strip(b.res.body));
      assert.equal(a.res.body.code, 'invalid_credentials');
      wrong.push(a.ms);
      unknown.push(b.ms);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    assert.ok(median(unknown) > median(wrong) * 0.5 && median(unknown) < median(wrong) * 2, `unknown ${median(unknown)} ms vs wrong password ${median(wrong)} ms`);
  });

  it('when a password is short, common or the email itself, then sign-up is a 422 naming the password, and nothing is sent', async () => {
    for (const [password, message] of [
      ['short1', /at least 10 characters/],
      ['password123', /most common passwords/],
      ['qwertyuiop', /most common passwords/],
      ['aaaaaaaaaaaa', /repeated/],
    ] as const) {
      const email = uniqueEmail('weak');
      const res = await new Browser(app.baseUrl).request('POST', '/auth/signup', { body: { email, password, name: 'Weak' } });
      assert.equal(res.status, 422, `${password}: ${res.text}`);
      assert.equal(res.body.errors[0].path, 'password');
      assert.match(res.body.errors[0].message, message);
    }
    const bad = await new Browser(app.baseUrl).request('POST', '/auth/signup', { body: { email: 'not-an-email', password: PASSWORD, name: 'X' } });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((e: any) => e.path), ['email']);
  });

  it('when the request is not JSON (a cross-site form), then sign-in refuses it and sets no cookie', async () => {
    const browser = new Browser(app.baseUrl);
    const res = await browser.request('POST', '/auth/login', { rawBody: 'email=a%40example.com&password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.ok(res.status >= 400 && res.status < 500, res.text);
    assert.equal(browser.cookies.size, 0);
  });

  it('when there is no session, or a forged one, then /auth/session and /v1 answer 401, and the Bearer path is unchanged', async () => {
    const none = await new Browser(app.baseUrl).request('GET', '/auth/session');
    assert.equal(none.status, 401);
    assert.equal(none.body.code, 'invalid_session');
    const forged = new Browser(app.baseUrl);
    forged.cookies.set('lumiku_session', 'forged-token-forged-token-forged-token-xx');
    assert.equal((await forged.request('GET', '/auth/session')).body.code, 'invalid_session');
    const v1 = await forged.request('GET', '/v1/account', { headers: sessionHeaders('acct_01jhx7ac0000000000000000a1') });
    assert.equal(v1.status, 401);
    assert.equal(v1.body.code, 'invalid_session');
    const noOrg = await forged.request('GET', '/v1/account');
    assert.equal(noOrg.status, 400);
    assert.deepEqual(noOrg.body.errors.map((e: any) => e.path), ['header.lumiku-organization']);
    const noAuth = await call(app.baseUrl, 'GET', '/v1/account');
    assert.equal(noAuth.body.code, 'missing_api_key', 'no cookie, no key: as before');
  });
});
