import assert from 'node:assert/strict';
import { Lumiku, PermissionDeniedError, type Fetch } from '../../sdk-js/src';
import { FakeFetch, json } from '../support/fake-fetch';
import { makeMember, makeOrganization } from '../people/support';
import { startTestApp, type TestApp } from '../support/harness';

/**
 * The SDK's session mode (a browser signed in through /auth): no API key, the cookie included,
 * `Lumiku-Organization`, `Lumiku-Mode` and, on unsafe methods only, `Lumiku-CSRF-Token`. First with
 * a fake fetch (what is sent), then against the real API (a session acting on /v1 through the SDK).
 */
describe('SDK session mode', () => {
  const session = { organization: 'acct_1', mode: 'live' as const, csrfToken: 'csrf_abc' };

  it('when a client is in session mode, then it sends no Authorization (even with LUMIKU_API_KEY set), includes credentials and sends the organization and mode', async () => {
    const saved = process.env.LUMIKU_API_KEY;
    process.env.LUMIKU_API_KEY = 'lk_test_from_env';
    try {
      const inits: RequestInit[] = [];
      const fake = new FakeFetch().on('GET', '/v1/account', (_req, init) => (inits.push(init), json(200, { id: 'acct_1', object: 'account' })));
      const client = new Lumiku({ baseUrl: 'http://api.test', apiKey: 'lk_test_given', fetch: fake.fetch as Fetch, logLevel: 'off', session });
      assert.equal(client.core.sessionMode, true);
      await client.account.retrieve();
      const sent = fake.calls[0].headers;
      assert.equal(sent.get('authorization'), null);
      assert.equal(sent.get('lumiku-organization'), 'acct_1');
      assert.equal(sent.get('lumiku-mode'), 'live');
      assert.equal(sent.get('lumiku-csrf-token'), null, 'no CSRF token on a GET');
      assert.equal(sent.get('user-agent'), null, 'the browser sends its own User-Agent');
      assert.equal(inits[0].credentials, 'include');
      fake.done();
    } finally {
      if (saved === undefined) delete process.env.LUMIKU_API_KEY;
      else process.env.LUMIKU_API_KEY = saved;
    }
  });

  it('when a session-mode client sends POST and DELETE, then they carry Lumiku-CSRF-Token; a key client sends neither session header', async () => {
    const fake = new FakeFetch()
      .on('POST', '/v1/webhook_endpoints', json(201, { id: 'we_1', object: 'webhook_endpoint' }))
      .on('DELETE', '/v1/webhook_endpoints/we_1', json(200, { id: 'we_1', deleted: true }))
      .on('GET', '/v1/account', json(200, { id: 'acct_1' }));
    const client = new Lumiku({ baseUrl: 'http://api.test', fetch: fake.fetch as Fetch, logLevel: 'off', session });
    await client.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hook', event_types: ['carousel.succeeded'] });
    await client.webhookEndpoints.delete('we_1');
    assert.equal(fake.calls[0].headers.get('lumiku-csrf-token'), 'csrf_abc');
    assert.equal(fake.calls[1].headers.get('lumiku-csrf-token'), 'csrf_abc');
    const keyed = new Lumiku({ baseUrl: 'http://api.test', apiKey: 'lk_test_k', fetch: fake.fetch as Fetch, logLevel: 'off' });
    await keyed.account.retrieve();
    assert.equal(fake.calls[2].headers.get('authorization'), 'Bearer lk_test_k');
    assert.equal(fake.calls[2].headers.get('lumiku-organization'), null);
    assert.equal(fake.calls[2].headers.get('lumiku-csrf-token'), null);
    fake.done();
  });

  describe('against the real API', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp({ WEBHOOK_URL_ALLOWLIST: '127.0.0.1' });
    });
    after(() => app?.close());

    it('when a signed-in person uses a session-mode client, then /v1 answers for their organization, and an unsafe call without the CSRF token is a 403 csrf_failed', async () => {
      const org = await makeOrganization(app.db);
      const member = await makeMember(app.db, app.baseUrl, org.id, 'developer');
      // Node's fetch keeps no cookies: this one sends the session cookie as a browser would.
      const withCookie: Fetch = (url, init) => fetch(url, { ...init, headers: { ...init.headers, cookie: `lumiku_session=${member.token}` } } as RequestInit);
      const client = new Lumiku({ baseUrl: app.baseUrl, fetch: withCookie, logLevel: 'off', maxRetries: 0, session: { organization: org.id, mode: 'test', csrfToken: member.csrf } });
      const account = await client.account.retrieve();
      assert.equal(account.id, org.id);
      const endpoint = await client.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hook', event_types: ['carousel.succeeded'] });
      assert.equal(endpoint.livemode, false, 'the mode header chose test mode');

      const noCsrf = client.withOptions({ session: { organization: org.id, mode: 'test' } });
      await assert.rejects(noCsrf.webhookEndpoints.delete(endpoint.id), (err: unknown) => err instanceof PermissionDeniedError && err.code === 'csrf_failed');
      await client.webhookEndpoints.delete(endpoint.id);
    });
  });
});
