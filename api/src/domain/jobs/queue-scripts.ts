import type BeeQueue from 'bee-queue';

/**
 * bee-queue runs its Lua scripts by SHA (EVALSHA). A Redis that forgets them (`SCRIPT FLUSH`, a
 * restart without data, a failover) answers every queue command with NOSCRIPT until they are
 * loaded again, and bee-queue never loads them again by itself. `recoverScripts` makes a queue:
 *
 * - hold script commands while its command connection is down, and let them go once the scripts
 *   are loaded on the new connection (so nothing races the reload after a reconnect);
 * - answer NOSCRIPT (a flush while connected) by loading the scripts and running the command again
 *   (safe: a NOSCRIPT command did not run);
 * - do the same for `saveAll`'s pipelined EVALSHAs.
 *
 * This needs bee-queue's private parts (`client`, `_evalScript`, `saveAll`, `lib/lua`), so it runs
 * only on the version it was written for: `BEE_QUEUE_VERSION`, checked by `assertBeeQueueInternals`
 * (and by a test that fails when the pinned version changes).
 */

export const BEE_QUEUE_VERSION = '2.0.0';

/** How long a command waits for a reconnect and the reload before it is sent anyway. */
const RECONNECT_WAIT_MS = 5_000;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lua = require('bee-queue/lib/lua') as { buildCache(client: unknown): Promise<unknown>; shas: Record<string, string> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const installedVersion = (require('bee-queue/package.json') as { version: string }).version;

interface NodeRedisClient {
  on(event: 'ready' | 'end' | 'reconnecting', fn: () => void): void;
  eval(script: string, numKeys: number, ...rest: [...(string | number)[], (err: Error | null, reply: unknown) => void]): boolean;
}

/** The private parts of a bee-queue 2.0.0 queue this module uses. */
interface QueueInternals {
  client: NodeRedisClient | null;
  _evalScript(...args: unknown[]): Promise<unknown>;
  saveAll(jobs: Iterable<BeeQueue.Job<unknown>>): Promise<Map<BeeQueue.Job<unknown>, Error>>;
  close(...args: unknown[]): Promise<void>;
  toKey(name: string): string;
}

export function isNoScriptError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return !!e && (e.code === 'NOSCRIPT' || (typeof e.message === 'string' && e.message.startsWith('NOSCRIPT')));
}

/** Throws unless the installed bee-queue is the one whose internals `recoverScripts` patches. */
export function assertBeeQueueInternals(queue: BeeQueue<any>): void {
  const q = queue as unknown as QueueInternals;
  const missing = [
    typeof q._evalScript !== 'function' && 'Queue#_evalScript',
    typeof q.toKey !== 'function' && 'Queue#toKey',
    typeof q.saveAll !== 'function' && 'Queue#saveAll',
    !('client' in q) && 'Queue#client',
    typeof lua.buildCache !== 'function' && 'lib/lua buildCache',
  ].filter(Boolean);
  if (installedVersion !== BEE_QUEUE_VERSION || missing.length) {
    throw new Error(
      `bee-queue ${installedVersion} is installed, but the queue's Lua-script recovery (api/src/domain/jobs/queue-scripts.ts) was written for ${BEE_QUEUE_VERSION}` +
        `${missing.length ? ` (missing: ${missing.join(', ')})` : ''}; check that module against the new version and update BEE_QUEUE_VERSION.`,
    );
  }
}

/** Patches a connected queue (see the module comment). Errors of a reload go to `onError`. */
export function recoverScripts(queue: BeeQueue<any>, onError: (err: Error) => void): void {
  assertBeeQueueInternals(queue);
  const q = queue as unknown as QueueInternals;
  const client = q.client;
  if (!client) throw new Error('recoverScripts needs a connected queue');

  let reloading: Promise<void> | null = null;
  const reload = () =>
    (reloading ??= lua
      .buildCache(client)
      .then(() => undefined)
      .finally(() => (reloading = null)));

  // Closed while the connection is down; opened once the scripts are loaded on the new one.
  let gate: Promise<void> | null = null;
  let open: (() => void) | null = null;
  const hold = () => {
    if (!gate) gate = new Promise<void>((resolve) => (open = resolve));
  };
  const release = () => {
    const o = open;
    gate = open = null;
    o?.();
  };
  const passGate = async () => {
    if (!gate) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([gate, new Promise<void>((resolve) => (timer = setTimeout(resolve, RECONNECT_WAIT_MS)))]);
    clearTimeout(timer);
  };
  client.on('end', hold);
  client.on('reconnecting', hold);
  client.on('ready', () => void reload().catch(onError).finally(release));

  const evalScript = q._evalScript;
  q._evalScript = async (...args: unknown[]) => {
    await passGate();
    try {
      return await evalScript.apply(q, args);
    } catch (err) {
      if (!isNoScriptError(err)) throw err;
      await reload();
      return evalScript.apply(q, args);
    }
  };

  const saveAll = q.saveAll;
  q.saveAll = async (jobs) => {
    await passGate();
    const list = [...jobs];
    const errors = await saveAll.call(q, list);
    const lost = [...errors].filter(([, err]) => isNoScriptError(err)).map(([job]) => job);
    if (!lost.length) return errors;
    await reload();
    for (const job of lost) errors.delete(job);
    for (const [job, err] of await saveAll.call(q, lost)) errors.set(job, err);
    return errors;
  };

  const close = q.close;
  q.close = (...args: unknown[]) => {
    release();
    return close.apply(q, args);
  };
}

/**
 * Ids in `active` whose job data is gone, taken out of `active` (and `stalling`); in one script, so
 * nothing runs in between. Nothing bee-queue does leaves such an id on purpose — adding writes the
 * data and the id together, finishing removes both — except this: when the stall check hands a job
 * back to `waiting` while its worker is alive after all (its heartbeats were late: an event loop
 * or Redis stalled), that worker's finish deletes the data but not the id, which sits in `waiting`.
 * The next worker to take it finds no data and leaves the id in `active`; the stall check hands it
 * back to `waiting`; and so on forever, a phantom entry every pool's queue length counts. Returns the ids.
 */
const DROP_ACTIVE_WITHOUT_DATA = `
local ids = redis.call('lrange', KEYS[2], 0, -1)
local dropped = {}
for _, id in ipairs(ids) do
  if redis.call('hexists', KEYS[1], id) == 0 then
    redis.call('lrem', KEYS[2], 0, id)
    redis.call('srem', KEYS[3], id)
    dropped[#dropped + 1] = id
  end
end
return dropped`;

export function dropActiveWithoutData(queue: BeeQueue<any>): Promise<string[]> {
  const q = queue as unknown as QueueInternals;
  const client = q.client;
  if (!client) return Promise.reject(new Error('the queue is not connected'));
  return new Promise((resolve, reject) => {
    client.eval(DROP_ACTIVE_WITHOUT_DATA, 3, q.toKey('jobs'), q.toKey('active'), q.toKey('stalling'), (err, reply) => (err ? reject(err) : resolve((reply as string[]) ?? [])));
  });
}
