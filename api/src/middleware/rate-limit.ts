import type { Request, Response } from 'express';
import { rateLimit, type Store, type Options, type ClientRateLimitInfo } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { rateLimited } from '../errors/api-error';

/**
 * Fixed-window counter in Redis: one round trip (INCR, and PEXPIRE on the first hit of a window).
 * Shared by every API process, so the limit is per key, not per process.
 */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { hits, redis.call('PTTL', KEYS[1]) }`;

type RedisWithLimiter = Redis & { lumikuRateLimit(key: string, windowMs: number): Promise<[number, number]> };

export class RedisRateLimitStore implements Store {
  private windowMs = 60_000;
  readonly localKeys = false;
  constructor(private readonly redis: Redis, readonly prefix = 'lumiku:rl:') {
    if (!('lumikuRateLimit' in redis)) redis.defineCommand('lumikuRateLimit', { numberOfKeys: 1, lua: INCREMENT });
  }
  init(options: Options) {
    this.windowMs = options.windowMs;
  }
  async increment(key: string): Promise<ClientRateLimitInfo> {
    const [hits, ttl] = await (this.redis as RedisWithLimiter).lumikuRateLimit(this.prefix + key, this.windowMs);
    return { totalHits: hits, resetTime: new Date(Date.now() + (ttl > 0 ? ttl : this.windowMs)) };
  }
  async decrement(key: string) {
    await this.redis.decr(this.prefix + key);
  }
  async resetKey(key: string) {
    await this.redis.del(this.prefix + key);
  }
}

/**
 * Per API key (not per IP), with `RateLimit-Limit/Remaining/Reset` on every response and
 * `Retry-After` on 429. If Redis is unreachable the request is let through (and logged): an outage
 * of the limiter must not become an outage of the API.
 */
export function rateLimitPerKey(opts: { redis: Redis; limit: number; windowSeconds: number; prefix?: string; onStoreError: (err: unknown) => void }) {
  const store = new RedisRateLimitStore(opts.redis, opts.prefix);
  return rateLimit({
    windowMs: opts.windowSeconds * 1000,
    limit: opts.limit,
    standardHeaders: 'draft-6',
    legacyHeaders: false,
    keyGenerator: (req: Request) => req.principal?.key.id ?? 'anonymous',
    // While Redis is down, skip the limiter rather than fail every request through it.
    skip: () => opts.limit === 0 || opts.redis.status !== 'ready',
    store: {
      init: (o: Options) => store.init(o),
      increment: (key: string) =>
        store.increment(key).catch((err) => {
          opts.onStoreError(err);
          throw err;
        }),
      decrement: (key: string) => store.decrement(key),
      resetKey: (key: string) => store.resetKey(key),
      localKeys: false,
    },
    passOnStoreError: true,
    validate: false,
    handler: (_req: Request, res: Response) => {
      const reset = Number(res.getHeader('RateLimit-Reset')) || opts.windowSeconds;
      throw rateLimited(Math.max(1, reset));
    },
  });
}
