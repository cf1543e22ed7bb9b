import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Bottleneck from 'bottleneck';
import { BOTTLENECK_VERSION, fastYield, installedBottleneckVersion } from '../../workers/src/providers/limiter-yield';

/** Wall time of `calls` calls one after another through a one-at-a-time limiter. */
async function sequentialCalls(limiter: Bottleneck, calls: number): Promise<{ ms: number; order: number[] }> {
  const order: number[] = [];
  const started = performance.now();
  for (let i = 0; i < calls; i++) await limiter.schedule(async () => void order.push(i));
  return { ms: performance.now() - started, order };
}

describe('AI gateway limiter: bottleneck internals, guarded', () => {
  it('the installed and pinned bottleneck is the version whose private yieldLoop fastYield replaces', () => {
    assert.equal(installedBottleneckVersion, BOTTLENECK_VERSION, 'check workers/src/providers/limiter-yield.ts against the new bottleneck and update BOTTLENECK_VERSION');
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.equal(pkg.dependencies.bottleneck, BOTTLENECK_VERSION, 'bottleneck is pinned exactly to the version limiter-yield.ts was written for');
  });

  it('when the version matches, then calls keep their order and lose the timer clamp (what the patch buys)', async () => {
    const plain = new Bottleneck({ maxConcurrent: 1 });
    const fast = new Bottleneck({ maxConcurrent: 1 });
    assert.equal(fastYield(fast), true);
    await sequentialCalls(plain, 5); // warm up both
    await sequentialCalls(fast, 5);
    const slow = await sequentialCalls(plain, 40);
    const quick = await sequentialCalls(fast, 40);
    assert.deepEqual(quick.order, slow.order);
    assert.ok(quick.ms * 1.5 < slow.ms, `40 calls: ${quick.ms.toFixed(1)} ms with fastYield vs ${slow.ms.toFixed(1)} ms without`);
    await Promise.all([plain.stop(), fast.stop()]);
  });

  it('when another version is installed, then the limiter is left alone', async () => {
    const limiter = new Bottleneck({ maxConcurrent: 1 });
    const store = (limiter as unknown as { _store: { yieldLoop: unknown } })._store;
    const before = store.yieldLoop;
    assert.equal(fastYield(limiter, '2.19.6'), false);
    assert.equal(store.yieldLoop, before);
    assert.deepEqual((await sequentialCalls(limiter, 3)).order, [0, 1, 2]);
    await limiter.stop();
  });
});
