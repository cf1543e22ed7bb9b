import { Redis } from 'ioredis';

/**
 * A Redis client that does not connect until `connect()` is called, fails commands fast while Redis
 * is down (no unbounded offline queue), and keeps reconnecting in the background.
 */
export function createRedis(url: string, opts: { onError?: (err: Error) => void } = {}): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let lastLogged = 0;
  redis.on('error', (err) => {
    // A down Redis raises an error per reconnect attempt; log at most one every 10 s.
    if (Date.now() - lastLogged > 10_000) {
      lastLogged = Date.now();
      opts.onError?.(err);
    }
  });
  return redis;
}
