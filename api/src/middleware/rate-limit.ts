import type { NextFunction, Request, Response } from 'express';
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

/** What one request's count in its window is: the hits so far (this one included) and when the window resets. */
export interface RateLimitInfo {
  totalHits: number;
  resetTime: Date;
}

type RedisWithLimiter = Redis & { lumikuRateTake(key: string, windowMs: number, limit: number, want: number): Promise<[number, number, number]> };

interface Lease {
  resetAt: number;
  /** Tokens granted to everyone in this window, as Redis last told us. */
  granted: number;
  /** Of ours, not yet spent. */
  left: number;
}

export class RedisRateLimitStore {
  private readonly leases = new Map<string, Lease>();
  constructor(
    private readonly redis: Redis,
    private readonly windowMs: number,
    private readonly limit: number,
    readonly prefix = 'lumiku:rl:',
  ) {
    if (!('lumikuRateTake' in redis)) redis.defineCommand('lumikuRateTake', { numberOfKeys: 1, lua: TAKE });
  }
  private get leaseSize() {
    return Math.max(1, Math.min(100, Math.floor(this.limit / 100)));
  }
  /** What a lease still held answers at once (no Redis, no promise); undefined when Redis must be asked. */
  takeLocal(key: string, now = Date.now()): RateLimitInfo | undefined {
    const lease = this.leases.get(key);
    if (!lease || lease.resetAt <= now || lease.left === 0) return undefined;
    lease.left--;
    return { totalHits: lease.granted - lease.left, resetTime: new Date(lease.resetAt) };
  }
  async increment(key: string): Promise<RateLimitInfo> {
    const now = Date.now();
    const local = this.takeLocal(key, now);
    if (local) return local;
    const [current, grant, ttl] = await (this.redis as RedisWithLimiter).lumikuRateTake(this.prefix + key, this.windowMs, this.limit, this.leaseSize);
    const lease = { resetAt: now + (ttl > 0 ? ttl : this.windowMs), granted: current, left: grant };
    if (this.leases.size > 10_000) this.leases.clear();
    this.leases.set(key, lease);
    if (grant === 0) return { totalHits: this.limit + 1, resetTime: new Date(lease.resetAt) };
    lease.left--;
    return { totalHits: lease.granted - lease.left, resetTime: new Date(lease.resetAt) };
  }
}

/**
 * Per API key (not per IP), with `RateLimit-Policy/Limit/Remaining/Reset` (IETF
 * draft-ietf-httpapi-ratelimit-headers-06) on every response and
 * `Retry-After` on 429. If Redis is unreachable the request is let through (and logged): an outage
 * of the limiter must not become an outage of the API. It is on every /v1 request's
 * path, so a request served from a lease this process holds costs no promise and no Redis round trip.
 */
export function rateLimitPerKey(opts: { redis: Redis; limit: number; windowSeconds: number; prefix?: string; onStoreError: (err: unknown) => void }) {
  const windowMs = opts.windowSeconds * 1000;
  const store = new RedisRateLimitStore(opts.redis, windowMs, opts.limit, opts.prefix);
  const policy = `${opts.limit};w=${Math.ceil(windowMs / 1000)}`;
  const limitText = String(opts.limit);

  const answer = (res: Response, info: RateLimitInfo) => {
    const resetSeconds = info.resetTime ? Math.max(0, Math.ceil((info.resetTime.getTime() - Date.now()) / 1000)) : Math.ceil(windowMs / 1000);
    if (!res.headersSent) {
      res.setHeader('RateLimit-Policy', policy);
      res.setHeader('RateLimit-Limit', limitText);
      res.setHeader('RateLimit-Remaining', String(Math.max(opts.limit - info.totalHits, 0)));
      res.setHeader('RateLimit-Reset', String(resetSeconds));
    }
    if (info.totalHits > opts.limit) throw rateLimited(Math.max(1, resetSeconds || opts.windowSeconds));
  };

  return (req: Request, res: Response, next: NextFunction) => {
    // While Redis is down, skip the limiter rather than fail every request through it.
    if (opts.limit === 0 || opts.redis.status !== 'ready') return next();
    const key = req.principal ? principalId(req.principal) : 'anonymous';
    const local = store.takeLocal(key);
    if (local) {
      answer(res, local);
      return next();
    }
    return store.increment(key).then(
      (info) => {
        answer(res, info);
        next();
      },
      (err) => {
        opts.onStoreError(err); // the request is allowed without limiting
        next();
      },
    );
  };
}
