import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

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
