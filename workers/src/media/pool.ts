import { canceledError, firstRealFailure } from './job-errors';

export interface PoolOptions {
  /** When aborted, no new item starts, and the pool throws `canceled` once the running ones end. */
  signal?: AbortSignal;
  /** Called once, with the first failure: stop the running siblings there (e.g. abort their FFmpeg). */
  onFailure?: (err: unknown) => void;
}

/**
 * Runs `task` over `items`, at most `limit` at once, started in order. The first failure (or an
 * abort of `signal`) stops new starts; every started task has ended before the pool returns or
 * throws, so nothing is still writing into a folder the caller is about to remove. It throws the
 * first real failure (not a sibling's cancellation), else `canceled` when `signal` was aborted.
 */
export async function runPool<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>, opts: PoolOptions = {}): Promise<void> {
  const { signal, onFailure } = opts;
  const failures: unknown[] = [];
  let next = 0;
  const lane = async () => {
    while (failures.length === 0 && !signal?.aborted && next < items.length) {
      const index = next++;
      try {
        await task(items[index], index);
      } catch (err) {
        const first = failures.length === 0;
        failures.push(err);
        if (first) onFailure?.(err);
      }
    }
  };
  const lanes = Math.min(Math.max(1, Math.floor(limit) || 1), items.length);
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failures.length) throw firstRealFailure(failures);
  if (signal?.aborted) throw canceledError(signal);
}

/**
 * Awaits steps already running side by side (picture and sound, say). When one fails `onFailure`
 * stops the others, and all of them have ended before the first real failure is thrown.
 */
export async function settleAll<T extends readonly unknown[]>(steps: { readonly [K in keyof T]: Promise<T[K]> }, opts: Pick<PoolOptions, 'onFailure'> = {}): Promise<T> {
  const failures: unknown[] = [];
  const settled = await Promise.allSettled(
    (steps as ReadonlyArray<Promise<unknown>>).map((step) =>
      step.catch((err: unknown) => {
        const first = failures.length === 0;
        failures.push(err);
        if (first) opts.onFailure?.(err);
        throw err;
      }),
    ),
  );
  if (failures.length) throw firstRealFailure(failures);
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
