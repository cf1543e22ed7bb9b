import type BeeQueue from 'bee-queue';

// bee-queue's Lua scripts (loaded into Redis once, at connect, then run by SHA).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lua = require('bee-queue/lib/lua') as { buildCache(client: unknown): Promise<unknown> };

/**
 * bee-queue loads its Lua scripts into Redis only when it first connects and then calls them by
 * SHA. A Redis that restarts without its data has forgotten them, and every queue command fails
 * with NOSCRIPT until the process restarts. Loading them again whenever the command connection
 * is ready (after each reconnect) makes a Redis restart a pause instead of an outage.
 */
export function reloadScriptsOnReconnect(queue: BeeQueue<unknown>, onError: (err: unknown) => void): void {
  const client = (queue as unknown as { client: { on(event: 'ready', fn: () => void): void } | null }).client;
  client?.on('ready', () => void lua.buildCache(client).catch(onError));
}
