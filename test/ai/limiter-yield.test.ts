import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Bottleneck from 'bottleneck';
import { BOTTLENECK_VERSION, fastYield, installedBottleneckVersion } from '../../workers/src/providers/limiter-yield';

/**
 * `calls` calls one after another through a one-at-a-time limiter: their order, and how many
 * zero-delay timers (each clamped by Node to 1 ms) the limiter set meanwhile.
 */
async function sequentialCalls(limiter: Bottleneck, calls: number): Promise<{ zeroTimers: number; order: number[] }> {
  const order: number[] = [];
  const real = globalThis.setTimeout;
  let zeroTimers = 0;
  globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) => {
    if (!ms) zeroTimers += 1;
    return real(fn, ms, ...rest);
  }) as typeof setTimeout;
  try {
    for (let i = 0; i < calls; i++) await limiter.schedule(async () => void order.push(i));
  } finally {
    globalThis.setTimeout = real;
  }
  return { zeroTimers, order };
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
    // Counted, not timed: each zero-delay timer costs at least 1 ms (Node's clamp), which is what the patch removes.
    // (One per call remains, outside the store's yield loop.)
    assert.ok(slow.zeroTimers >= quick.zeroTimers + 40 * 3, `zero-delay timers for 40 calls: ${quick.zeroTimers} with fastYield, ${slow.zeroTimers} without`);
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
