import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestAccount, startTestApp, type TestApp } from '../support/harness';
import { resolveExampleDomains, ROOT } from '../support/samples';

const run = promisify(execFile);
const SCRIPT = path.join(ROOT, 'examples/curl/webhooks.sh');

/** Issue 12: examples/curl/webhooks.sh runs under `set -e`; when a call fails, the problem document must be shown, not swallowed. */
describe('contract: examples/curl/webhooks.sh shows the problem when a call fails', function () {
  this.timeout(60_000);
  let app: TestApp;
  let env: NodeJS.ProcessEnv;
  let restoreDns: (() => void) | undefined;
  before(async () => {
    restoreDns = resolveExampleDomains();
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' }); // no WEBHOOK_URL_ALLOWLIST: loopback URLs are refused
    const acct = await createTestAccount(app.db);
    env = { ...process.env, LUMIKU_API_KEY: acct.test, LUMIKU_BASE_URL: app.baseUrl };
  });
  after(async () => {
    await app?.close();
    restoreDns?.();
  });

  it('when the endpoint URL is refused (422 url_not_allowed), then the script fails and prints the code, the detail and the field', async () => {
    const err = await run('bash', [SCRIPT, 'http://127.0.0.1:9/hooks'], { env }).then(
      () => assert.fail('the script should fail'),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    assert.notEqual(err.code, 0);
    assert.match(err.stderr, /POST \/v1\/webhook_endpoints answered HTTP 422/);
    assert.match(err.stderr, /"code": "url_not_allowed"/);
    assert.match(err.stderr, /"detail": ".*127\.0\.0\.1/);
    assert.match(err.stderr, /"path": "url"/);
    assert.doesNotMatch(err.stdout, /== endpoints/, 'it stops at the failed step');
  });

  it('when the key is wrong, then the 401 problem is printed too', async () => {
    const err = await run('bash', [SCRIPT], { env: { ...env, LUMIKU_API_KEY: 'lk_test_nope' } }).then(
      () => assert.fail('the script should fail'),
      (e: { stderr: string }) => e,
    );
    assert.match(err.stderr, /"code": "invalid_api_key"/);
  });

  it('when every call succeeds, then the script runs to the end', async () => {
    const { stdout } = await run('bash', [SCRIPT, 'https://example.com/lumiku/webhooks'], { env });
    assert.match(stdout, /"enabled":false/);
    assert.match(stdout, /whsec_/);
    assert.match(stdout, /== delete the endpoint/);
  });
});
