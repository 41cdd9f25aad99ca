import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/store/cache.js';

describe('the store’s bounded cache', () => {
  it('keeps recent entries, including cached absences (null)', () => {
    const cache = new BoundedCache<string, number | null>(3);
    cache.set('a', 1);
    cache.set('b', null);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('b')).toBeNull();
    expect(cache.has('b')).toBe(true);
    expect(cache.get('z')).toBeUndefined();
  });

  it('forgets the oldest generation when full, but keeps what was read since', () => {
    const cache = new BoundedCache<number, number>(3);
    for (const k of [1, 2, 3]) cache.set(k, k); // full: 1,2,3 become the old generation
    expect(cache.get(1)).toBe(1); // promoted
    for (const k of [4, 5]) cache.set(k, k); // young is full again (1,4,5): 2 and 3 are dropped
    expect(cache.has(2)).toBe(false);
    expect(cache.has(3)).toBe(false);
    expect(cache.get(1)).toBe(1);
  });

  it('never keeps a deleted entry in either generation', () => {
    const cache = new BoundedCache<number, number>(2);
    cache.set(1, 1);
    cache.set(2, 2);
    cache.delete(1);
    expect(cache.get(1)).toBeUndefined();
    cache.clear();
    expect(cache.has(2)).toBe(false);
  });
});
