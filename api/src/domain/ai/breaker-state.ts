import type { Redis } from 'ioredis';
import type { BreakerSnapshot } from './provider';

/**
 * Circuit breakers live in the worker processes; their state is shared through one Redis hash per
 * deployment (field = `<provider>`, value = the latest snapshot from any worker), so the API's
 * `/ready` and `/metrics` can show it. With several workers, the most recent change wins.
 */
export const breakerKey = (queuePrefix: string) => `${queuePrefix}:ai:breakers`;

export async function publishBreaker(redis: Redis, queuePrefix: string, s: BreakerSnapshot): Promise<void> {
  await redis.hset(breakerKey(queuePrefix), s.provider, JSON.stringify(s));
}

export async function readBreakers(redis: Redis, queuePrefix: string): Promise<BreakerSnapshot[]> {
  const all = await redis.hgetall(breakerKey(queuePrefix));
  return Object.values(all)
    .map((v) => {
      try {
        return JSON.parse(v) as BreakerSnapshot;
      } catch {
        return null;
      }
    })
    .filter((s): s is BreakerSnapshot => s !== null)
    .sort((a, b) => a.provider.localeCompare(b.provider));
}
