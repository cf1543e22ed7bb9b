/** `0`, `250ms`, `5s`, `5m`, `2h` (or plain milliseconds) → milliseconds. */
export function parseDelay(text: string): number {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`bad delay '${text}'`);
  const n = Number(m[1]);
  return n * ({ ms: 1, s: 1000, m: 60_000, h: 3600_000 } as const)[(m[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h'];
}

/**
 * Delays before each attempt: [0] before the first (immediately), [i] before attempt i+1. After
 * `attemptsDone` attempts, the next is due after `delays[attemptsDone]`; past the end, none is.
 */
export function nextAttemptDelay(delays: readonly number[], attemptsDone: number): number | null {
  return attemptsDone < delays.length ? delays[attemptsDone] : null;
}
