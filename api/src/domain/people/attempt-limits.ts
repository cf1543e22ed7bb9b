import crypto from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Counters of sign-in (and sign-up, password reset) attempts in Redis, shared by every API process:
 * fixed windows, one key per bucket (`login:ip:<address>`, `login:email:<hash>`). Emails are
 * hashed before they become key names. While Redis is down nothing is limited (argon2's cost
 * still is), and the caller is told so it can log it: a limiter outage is not a sign-in outage.
 */
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return { n, ttl }`;

export interface AttemptLimits {
  redis: Redis;
  /** Key prefix, so deployments (and test runs) sharing a Redis do not share counters. */
  prefix: string;
  windowSeconds: number;
  onUnavailable?: (err: unknown) => void;
}

export const emailBucket = (scope: string, email: string) => `${scope}:email:${crypto.createHash('sha256').update(email).digest('hex').slice(0, 32)}`;
export const ipBucket = (scope: string, ip: string | null | undefined) => `${scope}:ip:${ip ?? 'unknown'}`;

/** Counts one attempt in `bucket`; returns the count so far in this window and the seconds until it resets. */
export async function hitBucket(limits: AttemptLimits, bucket: string): Promise<{ count: number; resetSeconds: number } | null> {
  if (limits.redis.status !== 'ready') return null;
  try {
    const [count, ttl] = (await limits.redis.eval(HIT, 1, `${limits.prefix}:${bucket}`, limits.windowSeconds * 1000)) as [number, number];
    return { count, resetSeconds: Math.max(1, Math.ceil((ttl > 0 ? ttl : limits.windowSeconds * 1000) / 1000)) };
  } catch (err) {
    limits.onUnavailable?.(err);
    return null;
  }
}

/** The count of `bucket` in this window without adding to it. */
export async function peekBucket(limits: AttemptLimits, bucket: string): Promise<{ count: number; resetSeconds: number } | null> {
  if (limits.redis.status !== 'ready') return null;
  try {
    const key = `${limits.prefix}:${bucket}`;
    const [[, count], [, ttl]] = (await limits.redis.multi().get(key).pttl(key).exec()) as [[unknown, string | null], [unknown, number]];
    return { count: Number(count ?? 0), resetSeconds: Math.max(1, Math.ceil((ttl > 0 ? ttl : limits.windowSeconds * 1000) / 1000)) };
  } catch (err) {
    limits.onUnavailable?.(err);
    return null;
  }
}

export async function clearBucket(limits: AttemptLimits, bucket: string): Promise<void> {
  if (limits.redis.status !== 'ready') return;
  await limits.redis.del(`${limits.prefix}:${bucket}`).catch((err) => limits.onUnavailable?.(err));
}
