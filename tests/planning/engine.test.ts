import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildRoadNetwork, routesTo, snapToNetwork } from '../../api/sensing/road-network';
import { coverSets, demandDistances, indexDemand, reach, snapPoint, type DemandIndex } from '../../api/planning/engine';
import { at, fixtureNetwork, seeded } from './fixture';

const net = fixtureNetwork();

function demandOf(points: [number, number][], maxSnapM = 500): DemandIndex {
  return indexDemand(net, Float64Array.from(points, (p) => p[0]), Float64Array.from(points, (p) => p[1]), maxSnapM);
}

/** Metres east/north inside and around the fixture, on a 5 m grid so that many land exactly on streets and nodes. */
const metres = fc.tuple(fc.integer({ min: -60, max: 220 }), fc.integer({ min: -60, max: 140 })).map(([e, n]) => [e * 5, n * 5] as [number, number]);
const lattice = fc.tuple(fc.double({ min: -50, max: 650, noNaN: true }), fc.double({ min: -50, max: 550, noNaN: true }));

/** The distance to the nearest of `sources` by routesTo, one source at a time: Infinity beyond cutoffM. */
function nearestByRoutes(sources: [number, number][], target: [number, number], cutoffM: number, maxSnapM = 500): number {
  let best = Infinity;
  for (const s of sources) {
    const [route] = routesTo(net, s, [target], { maxDistanceM: cutoffM, maxSnapM });
    if (route) best = Math.min(best, route.distanceM);
  }
  return best;
}

/** Equal, or both beyond the cutoff, allowing for the two sides of the cutoff by rounding. */
function expectSameDistance(actual: number, expected: number, cutoffM: number) {
  if (Number.isFinite(actual) && Number.isFinite(expected)) expect(actual).toBeCloseTo(expected, 6);
  else if (Number.isFinite(actual)) expect(actual).toBeCloseTo(cutoffM, 6);
  else if (Number.isFinite(expected)) expect(expected).toBeCloseTo(cutoffM, 6);
}

describe('indexDemand', () => {
  it('snaps every point exactly as snapToNetwork does', () => {
    fc.assert(
      fc.property(fc.array(metres, { minLength: 1, maxLength: 40 }), fc.constantFrom(30, 150, 500), (points, maxSnapM) => {
        const lngLat = points.map(([e, n]) => at(e, n));
        const demand = demandOf(lngLat, maxSnapM);
        lngLat.forEach((p, i) => {
          const snap = snapToNetwork(net, p, maxSnapM);
          expect(demand.edge[i]).toBe(snap ? snap.edge : -1);
          if (!snap) return;
          expect(demand.along[i]).toBe(snap.along);
          expect(demand.leg[i]).toBe(snap.distanceM);
          expect(snapPoint(net, p, maxSnapM)).toEqual(snap);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('groups the points by edge, in index order', () => {
    const random = seeded(3);
    const points = Array.from({ length: 500 }, () => at(-100 + random() * 1200, -100 + random() * 700));
    const demand = demandOf(points);
    const seen: number[] = [];
    for (let e = 0; e < net.edgeCount; e++) {
      const onEdge = Array.from(demand.edgePoints.subarray(demand.edgeStart[e], demand.edgeStart[e + 1]));
      expect(onEdge).toEqual([...onEdge].sort((a, b) => a - b));
      for (const i of onEdge) expect(demand.edge[i]).toBe(e);
      seen.push(...onEdge);
    }
    const snapped = points.map((_, i) => i).filter((i) => demand.edge[i] >= 0);
    expect(seen.sort((a, b) => a - b)).toEqual(snapped);
  });

  it('marks points with no road within maxSnapM, and handles an empty network', () => {
    const demand = demandOf([at(0, -600), at(0, -400)]);
    expect(Array.from(demand.edge)).toEqual([-1, demand.edge[1]]);
    expect(demand.edge[1]).toBeGreaterThanOrEqual(0);
    expect(demand.leg[1]).toBeCloseTo(400, 6);
    const empty = buildRoadNetwork([]);
    const none = indexDemand(empty, Float64Array.of(at(0, 0)[0]), Float64Array.of(at(0, 0)[1]));
    expect(Array.from(none.edge)).toEqual([-1]);
    expect(demandDistances(empty, none, reach(empty, [at(0, 0)], 1000)).distance[0]).toBe(Infinity);
  });
});

describe('reach and demandDistances', () => {
  // Facilities: F on the lattice's south-west corner node, G 5 m north of the y = 400 street at x = 350.
  const F = at(0, 0);
  const G = at(350, 405);
  const points: [number, number][] = [
    at(250, 10), // 10 m north of the y = 0 street: F 250 + 10
    at(110, 150), // 10 m east of the x = 100 street: F by the diagonal, 141.42 + 50 + 10
    at(560, 310), // 10 m north of the cul-de-sac: G 5 + 50 + 100 + 100 + 60 + 10
    at(380, 392), // 8 m south of G's own street, 30 m east of G: directly along it, 5 + 30 + 8
    at(950, 50), // on the separate square: unreachable
    at(3000, 3000), // no road within 500 m
  ];
  const demand = demandOf(points);

  it('measures hand-computed distances and finds the nearest facility', () => {
    const reached = reach(net, [F, G], 2000);
    const { distance, nearest } = demandDistances(net, demand, reached);
    const expected = [260, 100 * Math.SQRT2 + 60, 5 + 50 + 100 + 100 + 60 + 10, 5 + 30 + 8, Infinity, Infinity];
    expected.forEach((d, i) => {
      if (Number.isFinite(d)) expect(distance[i]).toBeCloseTo(d, 1);
      else expect(distance[i]).toBe(Infinity);
    });
    expect(Array.from(nearest)).toEqual([0, 0, 1, 1, -1, -1]);
    expect(demand.edge[4]).toBeGreaterThanOrEqual(0); // snapped, to the other component
    expect(demand.edge[5]).toBe(-1);
  });

  it('stops at the cutoff', () => {
    const { distance, nearest } = demandDistances(net, demand, reach(net, [F, G], 300));
    expect(distance[0]).toBeCloseTo(260, 1);
    expect(distance[1]).toBeCloseTo(100 * Math.SQRT2 + 60, 1);
    expect(distance[2]).toBe(Infinity); // 325 m from G
    expect(nearest[2]).toBe(-1);
    expect(distance[3]).toBeCloseTo(43, 1);
  });

  it('reports sources it cannot snap, and still measures from the others', () => {
    const reached = reach(net, [at(0, -900), G], 2000);
    expect(reached.snaps[0]).toBeNull();
    expect(reached.snaps[1]?.distanceM).toBeCloseTo(5, 6);
    const { nearest } = demandDistances(net, demand, reached);
    expect(Array.from(nearest)).toEqual([1, 1, 1, 1, -1, -1]);
  });

  it('gives equally near sources to the lowest index', () => {
    const { nearest } = demandDistances(net, demand, reach(net, [G, F, G, F], 2000));
    expect(Array.from(nearest)).toEqual([1, 1, 0, 0, -1, -1]);
  });

  it('answers a range, numbered from its start', () => {
    const reached = reach(net, [F, G], 2000);
    const all = demandDistances(net, demand, reached);
    const part = demandDistances(net, demand, reached, [2, 5]);
    expect(Array.from(part.distance)).toEqual(Array.from(all.distance.subarray(2, 5)));
    expect(Array.from(part.nearest)).toEqual(Array.from(all.nearest.subarray(2, 5)));
    expect(demandDistances(net, demand, reached, [3, 3]).distance.length).toBe(0);
    expect(() => demandDistances(net, demand, reached, [4, 2])).toThrow(RangeError);
    expect(() => demandDistances(net, demand, reached, [0, 7])).toThrow(RangeError);
    expect(() => reach(net, [F], -1)).toThrow(RangeError);
  });

  it('equals routesTo from the nearest facility, for random facilities and points', () => {
    fc.assert(
      fc.property(
        fc.array(lattice, { minLength: 1, maxLength: 4 }),
        fc.array(lattice, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 50, max: 1500 }),
        (facilityMetres, pointMetres, cutoffM) => {
          const facilities = facilityMetres.map(([e, n]) => at(e, n));
          const targets = pointMetres.map(([e, n]) => at(e, n));
          const { distance, nearest } = demandDistances(net, demandOf(targets), reach(net, facilities, cutoffM));
          targets.forEach((t, i) => {
            expectSameDistance(distance[i], nearestByRoutes(facilities, t, cutoffM), cutoffM);
            if (nearest[i] >= 0) expect(distance[i]).toBeCloseTo(nearestByRoutes([facilities[nearest[i]]], t, cutoffM), 6);
            else expect(distance[i]).toBe(Infinity);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('measures a point on the same edge as its facility directly along the edge', () => {
    // Both between the nodes (200, 300) and (300, 300); going round by a node would be far longer.
    const source = at(230, 303);
    const target = at(260, 296);
    const { distance } = demandDistances(net, demandOf([target]), reach(net, [source], 1000));
    expect(distance[0]).toBeCloseTo(3 + 30 + 4, 2);
    expect(distance[0]).toBeCloseTo(nearestByRoutes([source], target, 1000), 9);
  });
});

describe('coverSets', () => {
  it('lists exactly the points demandDistances finds within the cutoff of each candidate', () => {
    fc.assert(
      fc.property(
        fc.array(lattice, { minLength: 1, maxLength: 6 }),
        fc.array(lattice, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 1200 }),
        fc.nat(),
        fc.nat(),
        (candidateMetres, pointMetres, cutoffM, a, b) => {
          const candidates = candidateMetres.map(([e, n]) => at(e, n));
          const demand = demandOf(pointMetres.map(([e, n]) => at(e, n)));
          const lo = a % (demand.count + 1);
          const hi = lo + (b % (demand.count - lo + 1));
          const sets = coverSets(net, demand, candidates, cutoffM, [lo, hi]);
          candidates.forEach((c, j) => {
            const { distance } = demandDistances(net, demand, reach(net, [c], cutoffM), [lo, hi]);
            const expected = distance.reduce<number[]>((list, d, k) => (d <= cutoffM ? [...list, k] : list), []);
            expect(Array.from(sets[j] ?? [])).toEqual(expected);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives null for a candidate it cannot snap and an empty list for one that reaches nobody', () => {
    const demand = demandOf([at(50, 5), at(950, 50)]);
    const sets = coverSets(net, demand, [at(-900, 0), at(40, 2), at(1000, 50), at(450, 450)], 300);
    expect(sets[0]).toBeNull();
    expect(Array.from(sets[1]!)).toEqual([0]);
    expect(Array.from(sets[2]!)).toEqual([1]);
    expect(Array.from(sets[3]!)).toEqual([]);
    expect(coverSets(net, demand, [at(40, 2)], 300, [1, 2])[0]!.length).toBe(0);
  });

  it('covers many random points the same way on repeated calls (scratch memory is reused safely)', () => {
    const random = seeded(11);
    const demand = demandOf(Array.from({ length: 2000 }, () => at(-50 + random() * 700, -50 + random() * 600)));
    const candidates = Array.from({ length: 50 }, () => at(random() * 600, random() * 500));
    const first = coverSets(net, demand, candidates, 400);
    // Interleave other searches that use the same scratch.
    routesTo(net, at(0, 0), [at(500, 500)]);
    coverSets(net, demand, candidates.slice(0, 5), 900);
    expect(coverSets(net, demand, candidates, 400)).toEqual(first);
  });
});
