import { describe, expect, it } from 'vitest';
import { Random } from '../../seed/random';

describe('Random', () => {
  it('repeats its sequence for the same seed', () => {
    const a = new Random(42);
    const b = new Random(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('stays in range and picks by weight', () => {
    const r = new Random(1);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) {
      const v = r.int(3, 5);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(5);
      counts[r.weighted([['a', 9], ['b', 1]] as const)]++;
    }
    expect(counts.a / 10_000).toBeGreaterThan(0.85);
    expect(counts.a / 10_000).toBeLessThan(0.95);
  });
});
