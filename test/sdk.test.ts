import assert from 'node:assert/strict';
import {
  accountRetrieve,
  apiKeysCreate,
  apiKeysList,
  apiKeysRetrieve,
  apiKeysRevoke,
  createLumikuClient,
  type Account,
  type ApiKey,
  type ApiKeyWithSecret,
  type Problem,
} from '../sdk-js/src/raw';
import type { components, paths } from './generated/openapi';
import { createTestAccount, startTestApp, type TestApp } from './support/harness';

/**
 * Contract test: the generated SDK (sdk-js/src/gen, imported from source) against the real app.
 * The SDK's types are also checked against the openapi-typescript types in test/generated, so the
 * two generators must agree on the spec (enforced by `tsc --noEmit`).
 */

declare global {
  // The SDK is typed against the DOM's fetch types; this project's tsconfig has Node's lib only, which
  // lacks the global `BodyInit` alias the bundled fetch client names. Node's own definition stands in.
  type BodyInit = NonNullable<ConstructorParameters<typeof Response>[0]>;
}

type Schemas = components['schemas'];
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const typesAgree: [Equal<Account, Schemas['Account']>, Equal<ApiKey, Schemas['ApiKey']>, Equal<ApiKeyWithSecret, Schemas['ApiKeyWithSecret']>, Equal<Problem, Schemas['Problem']>] = [true, true, true, true];
void typesAgree;

type AccountResponse = paths['/v1/account']['get']['responses'][200]['content']['application/json'];

/** A syntactically valid key that does not exist. */
const UNKNOWN_KEY = 'lk_live_000000000000000000000000000000xx';

describe('SDK: generated client against the running API', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => app.close());

  it('when the account is retrieved, then the SDK returns the typed account for the key', async () => {
    const acct = await createTestAccount(app.db, { balance: 42 });
    // A trailing slash on the base URL is tolerated.
    const client = createLumikuClient({ apiKey: acct.live, baseUrl: `${app.baseUrl}/` });

    const { data, error, response } = await accountRetrieve({ client });
    assert.equal(error, undefined);
    assert.equal(response.status, 200);
    const account: AccountResponse = data!;
    assert.equal(account.id, acct.accountId);
    assert.equal(account.object, 'account');
    assert.equal(account.balance, 42);
    assert.equal(account.livemode, true);

    const testMode = await accountRetrieve({ client: createLumikuClient({ apiKey: () => acct.test, baseUrl: app.baseUrl }), throwOnError: true });
    assert.equal(testMode.data.livemode, false);
  });

  it('when a key is created, listed, retrieved and revoked through the SDK, then each call round-trips', async () => {
    const acct = await createTestAccount(app.db);
    const client = createLumikuClient({ apiKey: acct.test, baseUrl: app.baseUrl });

    const idempotencyKey = `sdk-test-${Date.now()}`;
    const { data: created, response } = await apiKeysCreate({
      client,
      body: { name: 'sdk contract', scopes: ['read'], credit_limit: 100, credit_limit_period: 'month' },
      headers: { 'Idempotency-Key': idempotencyKey },
      throwOnError: true,
    });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('location'), `/v1/api_keys/${created.id}`);
    assert.equal(created.object, 'api_key');
    assert.match(created.secret!, /^lk_test_/);
    assert.deepEqual(created.scopes, ['read']);
    assert.equal(created.credit_limit, 100);
    assert.equal(created.revoked, false);

    // The header parameter reaches the server: a retry with the same Idempotency-Key replays the first response.
    const replay = await apiKeysCreate({
      client,
      body: { name: 'sdk contract', scopes: ['read'], credit_limit: 100, credit_limit_period: 'month' },
      headers: { 'Idempotency-Key': idempotencyKey },
      throwOnError: true,
    });
    assert.equal(replay.data.id, created.id);

    const { data: page } = await apiKeysList({ client, query: { limit: 100 }, throwOnError: true });
    assert.equal(page.object, 'list');
    assert.ok(page.data.some((key) => key.id === created.id));
    assert.ok(page.data.every((key) => !('secret' in key)), 'listed keys never carry the secret');

    const { data: firstPage } = await apiKeysList({ client, query: { limit: 1 }, throwOnError: true });
    assert.equal(firstPage.data.length, 1);
    assert.equal(firstPage.has_more, true);
    const { data: secondPage } = await apiKeysList({ client, query: { limit: 1, starting_after: firstPage.next_cursor! }, throwOnError: true });
    assert.notEqual(secondPage.data[0].id, firstPage.data[0].id);

    const { data: retrieved } = await apiKeysRetrieve({ client, path: { id: created.id }, throwOnError: true });
    assert.equal(retrieved.name, 'sdk contract');
    assert.equal(retrieved.redacted_key, created.redacted_key);

    const { data: revoked } = await apiKeysRevoke({ client, path: { id: created.id }, throwOnError: true });
    assert.equal(revoked.revoked, true);
    assert.ok(revoked.revoked_at);

    // The revoked key is refused, with the documented code.
    const withRevoked = await accountRetrieve({ client: createLumikuClient({ apiKey: created.secret!, baseUrl: app.baseUrl }) });
    assert.equal(withRevoked.response.status, 401);
    assert.equal(withRevoked.error?.code, 'api_key_revoked');
  });

  it('when the API answers 401, then the problem document surfaces as the error with its code', async () => {
    const client = createLumikuClient({ apiKey: UNKNOWN_KEY, baseUrl: app.baseUrl });

    // Default: the call resolves with `error` set to the parsed problem document.
    const { data, error, response } = await accountRetrieve({ client });
    assert.equal(data, undefined);
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const problem: Problem = error!;
    assert.equal(problem.code, 'invalid_api_key');
    assert.equal(problem.status, 401);
    assert.ok(problem.type.endsWith('#invalid_api_key'));
    assert.equal(problem.request_id, response.headers.get('x-request-id'));

    // throwOnError: the call rejects with the problem document.
    await assert.rejects(apiKeysList({ client, throwOnError: true }), (err: Problem) => {
      assert.equal(err.code, 'invalid_api_key');
      assert.equal(err.status, 401);
      return true;
    });
  });

  it('when a scope is missing or a body is invalid, then 403 and 422 problems carry their codes', async () => {
    const acct = await createTestAccount(app.db, { scopes: ['read'] });
    const client = createLumikuClient({ apiKey: acct.test, baseUrl: app.baseUrl });

    const forbidden = await apiKeysList({ client });
    assert.equal(forbidden.response.status, 403);
    assert.ok(forbidden.error?.code);

    const manager = createLumikuClient({ apiKey: (await createTestAccount(app.db)).test, baseUrl: app.baseUrl });
    const invalid = await apiKeysCreate({ client: manager, body: { name: '' } });
    assert.equal(invalid.response.status, 422);
    assert.ok(invalid.error?.code);
    assert.ok(invalid.error?.errors?.length, 'validation problems list the fields');
  });
});
