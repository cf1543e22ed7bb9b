import assert from 'node:assert/strict';
import { spawnTs, waitForExit } from './support';

/** What the API and the worker processes do with faults nobody handled (api/src/infra/process-lifetime.ts). */
describe('process fault handling', function () {
  this.timeout(30_000);

  it('when a promise rejection is unhandled, then it is logged and the process keeps serving', async () => {
    const p = spawnTs('test/processes/fixtures/faults.ts', [], { ...process.env, FAULT: 'rejection' });
    await waitForExit(p.child, 10_000);
    assert.equal(p.child.exitCode, 0, p.text());
    assert.match(p.text(), /"level":50.*nobody caught this.*"msg":"unhandled promise rejection; still serving"/);
    assert.match(p.text(), /still serving/);
  });

  it('when an exception is uncaught, then it is logged and the process stops gracefully with code 1', async () => {
    const p = spawnTs('test/processes/fixtures/faults.ts', [], { ...process.env, FAULT: 'exception' });
    await waitForExit(p.child, 10_000);
    assert.equal(p.child.exitCode, 1, p.text());
    assert.match(p.text(), /"level":60.*thrown from a callback.*"msg":"uncaught exception; stopping"/);
    assert.match(p.text(), /stopping gracefully/);
    assert.doesNotMatch(p.text(), /still serving/);
  });
});
