import type { ApiKeyRow } from '../domain/accounts/api-keys';

/**
 * Recently resolved API keys, by secret hash, so the hot path does not query PostgreSQL for the key
 * on every request. Entries live `ttlMs` (default 5 s): a revocation is immediate in the process that
 * handled it (it evicts) and takes at most `ttlMs` in every other API process.
 */
export class KeyCache {
  private readonly entries = new Map<string, { key: ApiKeyRow; until: number }>();
  constructor(private readonly ttlMs = 5_000, private readonly maxEntries = 10_000) {}

  get(hash: string): ApiKeyRow | undefined {
    const hit = this.entries.get(hash);
    if (!hit) return undefined;
    if (hit.until < Date.now()) {
      this.entries.delete(hash);
      return undefined;
    }
    return hit.key;
  }

  set(hash: string, key: ApiKeyRow): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(hash, { key, until: Date.now() + this.ttlMs });
  }

  evictKeyId(id: string): void {
    for (const [hash, { key }] of this.entries) if (key.id === id) this.entries.delete(hash);
  }
}
