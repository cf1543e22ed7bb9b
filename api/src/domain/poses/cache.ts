/*
 * A small least-recently-used cache of rendered images, bounded both in entries and in bytes (the
 * oldest entries go first when either bound is passed). Renders in flight are shared, so concurrent
 * requests for the same image render it once.
 */

export interface LruOptions {
  maxEntries: number;
  maxBytes: number;
}

export class BufferLru {
  private readonly entries = new Map<string, Buffer>();
  private readonly pending = new Map<string, Promise<Buffer>>();
  private total = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly opts: LruOptions) {}

  get size() {
    return this.entries.size;
  }

  get bytes() {
    return this.total;
  }

  get(key: string): Buffer | undefined {
    const v = this.entries.get(key);
    if (v === undefined) return undefined;
    // Re-inserting moves the entry to the young end of the Map's order.
    this.entries.delete(key);
    this.entries.set(key, v);
    return v;
  }

  set(key: string, value: Buffer) {
    if (value.length > this.opts.maxBytes) return; // too big to keep at all
    const old = this.entries.get(key);
    if (old) {
      this.total -= old.length;
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.total += value.length;
    for (const [k, v] of this.entries) {
      if (this.entries.size <= this.opts.maxEntries && this.total <= this.opts.maxBytes) break;
      this.entries.delete(k);
      this.total -= v.length;
    }
  }

  /** The cached value, or the one `make` produces (shared by concurrent callers, cached on success). */
  async getOrCreate(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
    const hit = this.get(key);
    if (hit) {
      this.hits++;
      return hit;
    }
    const inFlight = this.pending.get(key);
    if (inFlight) {
      this.hits++;
      return inFlight;
    }
    this.misses++;
    const p = make().then(
      (v) => {
        this.pending.delete(key);
        this.set(key, v);
        return v;
      },
      (err) => {
        this.pending.delete(key);
        throw err;
      },
    );
    this.pending.set(key, p);
    return p;
  }

  clear() {
    this.entries.clear();
    this.total = 0;
    this.hits = 0;
    this.misses = 0;
  }
}
