import assert from 'node:assert/strict';
import { BufferLru } from '../../api/src/domain/poses/cache';

const buf = (n: number, fill = 1) => Buffer.alloc(n, fill);

describe('pose render cache (LRU)', () => {
  it('evicts the least recently used entry when over its entry bound', () => {
    const lru = new BufferLru({ maxEntries: 2, maxBytes: 1_000 });
    lru.set('a', buf(10));
    lru.set('b', buf(10));
    assert.ok(lru.get('a')); // a is now the most recent
    lru.set('c', buf(10));
    assert.equal(lru.get('b'), undefined);
    assert.ok(lru.get('a') && lru.get('c'));
    assert.equal(lru.size, 2);
  });

  it('evicts by bytes, counts replaced entries once, and never keeps an entry larger than the bound', () => {
    const lru = new BufferLru({ maxEntries: 100, maxBytes: 100 });
    lru.set('a', buf(40));
    lru.set('b', buf(40));
    lru.set('b', buf(30));
    assert.equal(lru.bytes, 70);
    lru.set('c', buf(40)); // 110 > 100: a goes
    assert.equal(lru.get('a'), undefined);
    assert.equal(lru.bytes, 70);
    lru.set('huge', buf(101));
    assert.equal(lru.get('huge'), undefined);
    assert.equal(lru.bytes, 70);
  });

  it('shares one in-flight creation between concurrent callers and does not cache failures', async () => {
    const lru = new BufferLru({ maxEntries: 10, maxBytes: 1_000 });
    let calls = 0;
    const make = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      return buf(5, calls);
    };
    const got = await Promise.all([lru.getOrCreate('k', make), lru.getOrCreate('k', make), lru.getOrCreate('k', make)]);
    assert.equal(calls, 1);
    assert.ok(got.every((b) => b.equals(got[0])));
    await assert.rejects(lru.getOrCreate('bad', () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal((await lru.getOrCreate('bad', make)).length, 5);
  });
});
