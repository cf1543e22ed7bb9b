import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestAccount, startTestApp, type TestApp } from './support/harness';

const run = promisify(execFile);

describe('examples', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => app.close());

  it('when examples/curl/quickstart.sh runs against the API, then every step succeeds', async () => {
    const acct = await createTestAccount(app.db);
    const { stdout } = await run('bash', [path.join(__dirname, '..', 'examples/curl/quickstart.sh')], { env: { ...process.env, LUMIKU_API_KEY: acct.test, LUMIKU_BASE_URL: app.baseUrl } });
    assert.match(stdout, /"livemode": false/);
    assert.match(stdout, /"content_type": "image\/png"/);
    assert.match(stdout, /"code": "resource_not_found"/);
    assert.match(stdout, /"revoked": true/);
  });
});
