import type { Request, Response } from 'express';
import { rateLimit, type Store, type Options, type ClientRateLimitInfo } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { rateLimited } from '../errors/api-error';
import { principalId } from '../request-context';

/**
 * Fixed-window counters in Redis, shared by every API process, handed out in small leases: a
 * process takes up to `lease` tokens at once (never more than the window has left) and spends them
 * locally, so most requests cost no Redis round trip. A lease is at most 1% of the limit (and at
 * most 100), so a process can strand at most that many tokens in a window; with small limits the
 * lease is 1 and every request is counted in Redis exactly.
 */
const TAKE = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local grant = math.max(0, math.min(tonumber(ARGV[3]), tonumber(ARGV[2]) - current))
if grant > 0 then current = redis.call('INCRBY', KEYS[1], grant) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 and current > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { current, grant, ttl }`;

type RedisWithLimiter = Redis & { lumikuRateTake(key: string, windowMs: number, limit: number, want: number): Promise<[number, number, number]> };

interface Lease {
  resetAt: number;
  /** Tokens granted to everyone in this window, as Redis last told us. */
  granted: number;
  /** Of ours, not yet spent. */
  left: number;
}

export class RedisRateLimitStore implements Store {
  private windowMs = 60_000;
  private limit = 0;
  private readonly leases = new Map<string, Lease>();
  readonly localKeys = false;
  constructor(private readonly redis: Redis, readonly prefix = 'lumiku:rl:') {
    if (!('lumikuRateTake' in redis)) redis.defineCommand('lumikuRateTake', { numberOfKeys: 1, lua: TAKE });
  }
  init(options: Options) {
    this.windowMs = options.windowMs;
    this.limit = typeof options.limit === 'number' ? options.limit : 0;
  }
  private get leaseSize() {
    return Math.max(1, Math.min(100, Math.floor(this.limit / 100)));
  }
  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = Date.now();
    let lease = this.leases.get(key);
    if (lease && lease.resetAt <= now) lease = undefined;
    if (!lease || lease.left === 0) {
      const [current, grant, ttl] = await (this.redis as RedisWithLimiter).lumikuRateTake(this.prefix + key, this.windowMs, this.limit, this.leaseSize);
      lease = { resetAt: now + (ttl > 0 ? ttl : this.windowMs), granted: current, left: grant };
      if (this.leases.size > 10_000) this.leases.clear();
      this.leases.set(key, lease);
      if (grant === 0) return { totalHits: this.limit + 1, resetTime: new Date(lease.resetAt) };
    }
    lease.left--;
    return { totalHits: lease.granted - lease.left, resetTime: new Date(lease.resetAt) };
  }
  async decrement(key: string) {
    const lease = this.leases.get(key);
    if (lease) lease.left++;
  }
  async resetKey(key: string) {
    this.leases.delete(key);
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
    keyGenerator: (req: Request) => (req.principal ? principalId(req.principal) : 'anonymous'),
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
