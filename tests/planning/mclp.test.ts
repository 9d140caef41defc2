import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exhaustiveCover, greedyCover, maximalCover, type CoverProblem, type CoverResult } from '../../api/planning/mclp';
import { coverSets, indexDemand } from '../../api/planning/engine';
import { at, fixtureNetwork, seeded } from './fixture';

const sets = (...lists: number[][]) => lists.map((l) => Int32Array.from(l));
const ones = (n: number) => new Float64Array(n).fill(1);

/** People the sites cover together, counted independently of the module. */
function coveredBy(problem: CoverProblem, chosen: number[]): number {
  const points = new Set(chosen.flatMap((j) => Array.from(problem.sets[j] ?? [])));
  return [...points].reduce((sum, p) => sum + problem.weights[p], 0);
}

function expectConsistent(problem: CoverProblem, result: CoverResult) {
  expect(new Set(result.chosen).size).toBe(result.chosen.length);
  expect(result.chosen.length).toBeLessThanOrEqual(Math.min(problem.count, problem.sets.length));
  expect(result.gains.length).toBe(result.chosen.length);
  expect(result.gains.reduce((a, b) => a + b, 0)).toBeCloseTo(result.total, 9);
  expect(result.total).toBeCloseTo(coveredBy(problem, result.chosen), 9);
  // Pick order: each gain is what the site adds to the ones before it.
  result.chosen.forEach((j, k) => {
    expect(result.gains[k]).toBeCloseTo(coveredBy(problem, result.chosen.slice(0, k + 1)) - coveredBy(problem, result.chosen.slice(0, k)), 9);
  });
}

/** Random small instances: 12–16 candidates over 10–40 demand points, some weights 0, some candidates null. */
const instance = fc
  .record({
    points: fc.integer({ min: 10, max: 40 }),
    candidates: fc.integer({ min: 12, max: 16 }),
    count: fc.integer({ min: 2, max: 4 }),
    seed: fc.integer(),
  })
  .map(({ points, candidates, count, seed }): CoverProblem => {
    const random = seeded(seed);
    const weights = Float64Array.from({ length: points }, () => (random() < 0.2 ? 0 : Math.floor(random() * 50)));
    const density = 0.05 + random() * 0.3;
    const all = Array.from({ length: candidates }, () => {
      if (random() < 0.05) return null;
      const set: number[] = [];
      for (let p = 0; p < points; p++) if (random() < density) set.push(p);
      return Int32Array.from(set);
    });
    return { weights, sets: all, count };
  });

describe('maximalCover', () => {
  it('is within 2 % of the optimum (here: optimal) and never below plain greedy, on random small instances', () => {
    fc.assert(
      fc.property(instance, (problem) => {
        const best = exhaustiveCover(problem);
        const greedy = greedyCover(problem);
        const result = maximalCover(problem);
        expectConsistent(problem, result);
        expectConsistent(problem, greedy);
        expect(result.total).toBeGreaterThanOrEqual(greedy.total - 1e-9);
        expect(result.total).toBeGreaterThanOrEqual(0.98 * best.total - 1e-9);
        // Small enough for the bounded exact search to finish: the optimum itself.
        expect(result.total).toBeCloseTo(best.total, 9);
        // Picked greedily among themselves: gains never rise, and every site adds someone.
        result.gains.forEach((g, k) => {
          expect(g).toBeGreaterThan(0);
          if (k > 0) expect(g).toBeLessThanOrEqual(result.gains[k - 1] + 1e-9);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('gets within 2 % of the optimum by greedy, swaps and restarts alone, nearly always', () => {
    // Without the exact search (searchBudget 0). One swap at a time cannot always escape: on these random
    // instances about 1 in 1,500 stays more than 2 % short (plain greedy: 1 in 8), so count rather than insist.
    const instances = fc.sample(instance, { numRuns: 1500, seed: 42 });
    let short = 0, greedyShort = 0;
    for (const problem of instances) {
      const best = exhaustiveCover(problem).total;
      const greedy = greedyCover(problem).total;
      const result = maximalCover({ ...problem, searchBudget: 0 });
      expectConsistent(problem, result);
      expect(result.total).toBeGreaterThanOrEqual(greedy - 1e-9);
      if (result.total < 0.98 * best - 1e-9) short++;
      if (greedy < 0.98 * best - 1e-9) greedyShort++;
    }
    expect(short).toBeLessThanOrEqual(5);
    expect(greedyShort).toBeGreaterThan(50 * Math.max(1, short));
  });

  it('swaps its way out of the classic greedy trap', () => {
    // Greedy takes the big middle set first (4), then adds 1; the two side sets together cover all 6.
    const problem = { weights: ones(6), sets: sets([0, 1, 2, 3], [0, 1, 4], [2, 3, 5]), count: 2 };
    expect(greedyCover(problem)).toEqual({ chosen: [0, 1], gains: [4, 1], total: 5 });
    expect(maximalCover(problem)).toEqual({ chosen: [1, 2], gains: [3, 3], total: 6 });
    expect(exhaustiveCover(problem).total).toBe(6);
  });

  it('breaks ties by the lowest candidate index', () => {
    const problem = { weights: ones(4), sets: sets([2, 3], [0, 1], [0, 1], [2, 3]), count: 2 };
    expect(maximalCover(problem).chosen).toEqual([0, 1]);
    expect(greedyCover(problem).chosen).toEqual([0, 1]);
    expect(maximalCover({ ...problem, count: 1 }).chosen).toEqual([0]);
  });

  it('stops when no candidate adds anyone: more sites asked than candidates, all covered, or none asked', () => {
    const problem = { weights: Float64Array.of(1, 2, 3, 0), sets: [Int32Array.of(0, 1), null, Int32Array.of(1, 2), Int32Array.of(3)], count: 10 };
    const result = maximalCover(problem);
    expectConsistent(problem, result);
    expect(result.total).toBe(6);
    expect(result.chosen).toEqual([2, 0]);
    expect(exhaustiveCover(problem).chosen).toEqual([0, 1, 2, 3]);
    expect(exhaustiveCover(problem).total).toBe(6);

    const zero = { weights: new Float64Array(4), sets: problem.sets, count: 3 };
    expect(maximalCover(zero)).toEqual({ chosen: [], gains: [], total: 0 });
    expect(greedyCover(zero)).toEqual({ chosen: [], gains: [], total: 0 });
    expect(maximalCover({ ...problem, count: 0 })).toEqual({ chosen: [], gains: [], total: 0 });
    expect(maximalCover({ weights: new Float64Array(0), sets: [], count: 3 })).toEqual({ chosen: [], gains: [], total: 0 });
  });

  it('rejects weights and sets it cannot use', () => {
    expect(() => maximalCover({ weights: Float64Array.of(1, -1), sets: sets([0]), count: 1 })).toThrow(RangeError);
    expect(() => maximalCover({ weights: Float64Array.of(1, NaN), sets: sets([0]), count: 1 })).toThrow(RangeError);
    expect(() => maximalCover({ weights: ones(2), sets: sets([0, 2]), count: 1 })).toThrow(RangeError);
    expect(() => maximalCover({ weights: ones(2), sets: sets([0, 1, 0]), count: 1 })).toThrow(RangeError);
    expect(() => maximalCover({ weights: ones(2), sets: sets([0]), count: 1.5 })).toThrow(RangeError);
    expect(() => maximalCover({ weights: ones(2), sets: sets([0]), count: 1, searchBudget: -1 })).toThrow(RangeError);
  });

  it('covers the most people with sites on the street network (coverSets into maximalCover)', () => {
    const net = fixtureNetwork();
    const random = seeded(21);
    const homes = Array.from({ length: 400 }, () => at(random() * 500, random() * 500));
    const demand = indexDemand(net, Float64Array.from(homes, (h) => h[0]), Float64Array.from(homes, (h) => h[1]));
    const candidates = Array.from({ length: 14 }, () => at(random() * 500, random() * 500));
    const weights = Float64Array.from(homes, () => Math.floor(random() * 10));
    const problem = { weights, sets: coverSets(net, demand, candidates, 250), count: 3 };
    const result = maximalCover(problem);
    expectConsistent(problem, result);
    expect(result.total).toBeGreaterThanOrEqual(0.98 * exhaustiveCover(problem).total);
  });
});
