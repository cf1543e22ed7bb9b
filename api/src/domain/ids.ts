import crypto from 'node:crypto';
import { monotonicFactory } from 'ulid';

/**
 * Random bytes for ulid, taken from a pool filled 4 KiB at a time: ulid asks for one byte per
 * character (16 per id), and by default fetches each one from the system's generator separately.
 * Same source (crypto), same distribution (a byte / 256), one fill per 256 ids.
 */
function pooledRandom(): () => number {
  const pool = Buffer.alloc(4096);
  let used = pool.length;
  return () => {
    if (used === pool.length) {
      crypto.randomFillSync(pool);
      used = 0;
    }
    return pool[used++] / 256;
  };
}

const next = monotonicFactory(pooledRandom());

export const ID_PREFIX = {
  account: 'acct',
  apiKey: 'key',
  file: 'file',
  creditTransaction: 'txn',
  creditReservation: 'crsv',
} as const;

/**
 * `<prefix>_<ulid>`: the type is visible in the id, and ids sort by creation time, which is what
 * cursor pagination (`starting_after`) orders by.
 */
export function newId(prefix: (typeof ID_PREFIX)[keyof typeof ID_PREFIX] | string): string {
  return `${prefix}_${next().toLowerCase()}`;
}

export function hasPrefix(id: string, prefix: string): boolean {
  return id.startsWith(`${prefix}_`);
}
