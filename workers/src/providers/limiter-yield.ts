import type Bottleneck from 'bottleneck';

/**
 * bottleneck's in-process store (LocalDatastore) yields to the event loop between the steps of
 * every call with `setTimeout(0)`, which Node clamps to 1 ms: 4–5 of them per call, more on a busy
 * machine, about 6 ms a call measured here — most of the gateway's overhead budget (≤ 10 ms a call,
 * bench/ai.bench.ts). Yielding with `setImmediate` keeps the same ordering (the store still lets
 * other work run between steps) without the clamp.
 *
 * That replaces a private method (`limiter._store.yieldLoop(t)`), so it is done only on the
 * version it was written for, `BOTTLENECK_VERSION` (package.json pins it exactly; a test fails when
 * either changes). Any other version, or a store without the method, is left alone: calls are then
 * correct, only a few ms slower.
 */
export const BOTTLENECK_VERSION = '2.19.5';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const installedBottleneckVersion: string = (require('bottleneck/package.json') as { version: string }).version;

interface LocalStore {
  yieldLoop(t?: number): Promise<void>;
}

/** Makes `limiter` yield without the timer clamp when the guard allows it; says whether it did. */
export function fastYield(limiter: Bottleneck, version = installedBottleneckVersion): boolean {
  if (version !== BOTTLENECK_VERSION) return false;
  const store = (limiter as unknown as { _store?: Partial<LocalStore> })._store;
  if (!store || typeof store.yieldLoop !== 'function') return false;
  const original = store.yieldLoop.bind(store);
  store.yieldLoop = (t = 0) => (t > 0 ? original(t) : new Promise<void>((resolve) => setImmediate(resolve)));
  return true;
}
