import { describe, expect, it } from 'vitest';
import Flatbush from 'flatbush';
import {
  buildRoadNetwork,
  distanceM,
  metresPerDegLng,
  routesTo,
  snapToNetwork,
  type RoadNetwork,
  type RoadSegment,
  type Route,
} from '../../api/sensing/road-network';

// Tests lay roads out in metres east/north of a point in Fuzhou and convert to lng/lat.
const LNG0 = 119.3;
const LAT0 = 26.08;
const KX = metresPerDegLng(LAT0);
const KY = 110574;
const at = (east: number, north: number): [number, number] => [LNG0 + east / KX, LAT0 + north / KY];
/** Stored road data is rounded to 1e-6 degrees (~0.1 m). */
const rounded = ([x, y]: [number, number]): [number, number] => [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6];

let nextId = 1;
const road = (...points: [number, number][]): RoadSegment => ({ id: nextId++, coordinates: points.map(([e, n]) => at(e, n)) });

/** Metres from p to the segment a–b, computed here independently of the module (local frame at p). */
function pointSegmentM(p: [number, number], a: [number, number], b: [number, number]): number {
  const kx = metresPerDegLng(p[1]);
  const ax = (a[0] - p[0]) * kx, ay = (a[1] - p[1]) * KY, bx = (b[0] - p[0]) * kx, by = (b[1] - p[1]) * KY;
  const ux = bx - ax, uy = by - ay;
  const uu = ux * ux + uy * uy;
  const t = uu > 0 ? Math.min(1, Math.max(0, -(ax * ux + ay * uy) / uu)) : 0;
  return Math.hypot(ax + t * ux, ay + t * uy);
}

/** Every consecutive pair of coordinates of the input, as pieces to check paths against. */
function piecesOf(segments: RoadSegment[]): [[number, number], [number, number]][] {
  return segments.flatMap((s) => s.coordinates.slice(1).map((c, i) => [s.coordinates[i], c] as [[number, number], [number, number]]));
}

/**
 * A path is continuous when it starts at the origin, ends at the target, and every step between the two
 * snap points runs along one input piece (both ends within `tolM` of it: T-junction kinks are up to the
 * snap tolerance). `nearPieces` narrows the pieces to look at for big networks.
 */
function expectContinuous(
  route: Route,
  origin: [number, number],
  target: [number, number],
  pieces: [[number, number], [number, number]][],
  tolM: number,
  nearPieces: (p: [number, number], q: [number, number]) => number[] = () => pieces.map((_, i) => i),
) {
  const { path } = route;
  expect(path[0]).toEqual(origin);
  expect(path[path.length - 1]).toEqual(target);
  // path[0] → origin snap and target snap → target are the connector legs; all steps between are roads.
  for (let k = 1; k < path.length - 2; k++) {
    const p = path[k], q = path[k + 1];
    const onOnePiece = nearPieces(p, q).some((i) => pointSegmentM(p, ...pieces[i]) <= tolM && pointSegmentM(q, ...pieces[i]) <= tolM);
    if (!onOnePiece) throw new Error(`path step ${k} (${p} → ${q}) does not follow a road`);
  }
  const length = path.slice(1).reduce((sum, p, k) => sum + distanceM(path[k], p), 0);
  expect(length).toBeCloseTo(route.distanceM, 2);
}

/** Same points in order, each within 1 cm (snap points are interpolated, not exact). */
function expectPathNear(path: [number, number][], expected: [number, number][]) {
  expect(path.length).toBe(expected.length);
  path.forEach((p, i) => expect(distanceM(p, expected[i])).toBeLessThan(0.01));
}

/** A 5 × 5 block grid, 100 m blocks, from 2-point segments rounded like the stored data. */
function grid(blocks: number, size: number): RoadSegment[] {
  const segs: RoadSegment[] = [];
  for (let i = 0; i <= blocks; i++) {
    for (let j = 0; j <= blocks; j++) {
      if (i < blocks) segs.push({ id: nextId++, coordinates: [rounded(at(i * size, j * size)), rounded(at((i + 1) * size, j * size))] });
      if (j < blocks) segs.push({ id: nextId++, coordinates: [rounded(at(i * size, j * size)), rounded(at(i * size, (j + 1) * size))] });
    }
  }
  return segs;
}

describe('grid network', () => {
  const segments = grid(5, 100);
  const net = buildRoadNetwork(segments);

  it('nodes a grid into its crossings and blocks', () => {
    expect(net.nodeCount).toBe(36);
    expect(net.edgeCount).toBe(60);
  });

  it('routes corner to corner by the Manhattan distance, along the roads', () => {
    const origin = at(0, 0), target = at(500, 500);
    const [route] = routesTo(net, origin, [target]);
    expect(route).not.toBeNull();
    expect(Math.abs(route!.distanceM - 1000)).toBeLessThan(2);
    expectContinuous(route!, origin, target, piecesOf(segments), 0.5);
  });

  it('adds both connector legs', () => {
    // 5 m south-west of one corner and 5 m north-east of the opposite one: legs of √50 m each.
    const origin = at(-5, -5), target = at(505, 505);
    const [route] = routesTo(net, origin, [target]);
    expect(Math.abs(route!.distanceM - (1000 + 2 * Math.SQRT2 * 5))).toBeLessThan(2);
    expectContinuous(route!, origin, target, piecesOf(segments), 0.5);
  });

  it('routes to many targets at once, each as if alone', () => {
    const origin = at(130, 20);
    const targets = [at(480, 310), at(20, 490), at(250, 230), at(130, 20), at(310, 0)];
    const together = routesTo(net, origin, targets);
    targets.forEach((t, i) => {
      const [alone] = routesTo(net, origin, [t]);
      expect(together[i]!.distanceM).toBeCloseTo(alone!.distanceM, 6);
      expectContinuous(together[i]!, origin, t, piecesOf(segments), 0.5);
    });
    // (130, 20) is 20 m from the street y = 0 (30 m from x = 100): a 20 m leg to (130, 0). (250, 230)
    // snaps 30 m south to (250, 200). Between them 120 m east and 200 m north along the grid.
    expect(Math.abs(together[2]!.distanceM - (20 + 120 + 200 + 30))).toBeLessThan(1.5);
    // A target at the origin still walks to the road and back.
    expect(Math.abs(together[3]!.distanceM - 40)).toBeLessThan(0.5);
  });
});

describe('noding', () => {
  it('joins a T-junction whose end stops 0.3 m short of the other road', () => {
    const segments = [road([0, 0], [200, 0]), road([100, 0.3], [100, 100])];
    const origin = at(0, 0), target = at(100, 100);
    const [route] = routesTo(buildRoadNetwork(segments), origin, [target]);
    expect(route).not.toBeNull();
    // 100 m to the junction (kinked 0.3 m towards the side street), then 99.7 m up it.
    expect(route!.distanceM).toBeCloseTo(199.7, 1);
    expectContinuous(route!, origin, target, piecesOf(segments), 0.35);

    // A tolerance below the gap leaves the two roads apart.
    const strict = buildRoadNetwork(segments, { snapToleranceM: 0.1 });
    expect(routesTo(strict, origin, [target])).toEqual([null]);
  });

  it('splits one road at several T-junctions in order along it', () => {
    // Side streets leave a 400 m road at 300, 100 and 200 m (listed out of order), each 0.2 m off it.
    const segments = [road([0, 0], [400, 0]), road([300, -0.2], [300, -50]), road([100, 0.2], [100, 50]), road([200, 0.2], [200, 50])];
    const net = buildRoadNetwork(segments);
    expect(net.edgeCount).toBe(4 + 3);
    const origin = at(0, 0);
    const targets = [at(100, 50), at(200, 50), at(300, -50), at(400, 0)];
    const routes = routesTo(net, origin, targets);
    expect(routes.map((r) => Math.round(r!.distanceM))).toEqual([150, 250, 350, 400]);
    routes.forEach((r, i) => expectContinuous(r!, origin, targets[i], piecesOf(segments), 0.25));
  });

  it('joins a near-miss gap between two road ends', () => {
    const segments = [road([0, 0], [100, 0]), road([100.4, 0], [200, 0])];
    const [route] = routesTo(buildRoadNetwork(segments), at(0, 0), [at(200, 0)]);
    expect(route!.distanceM).toBeCloseTo(200, 1);
    expect(routesTo(buildRoadNetwork(segments, { snapToleranceM: 0.2 }), at(0, 0), [at(200, 0)])).toEqual([null]);
  });

  it('splits roads that cross (X-junction) unless told not to', () => {
    const segments = [road([0, -100], [0, 100]), road([-100, 0], [100, 0])];
    const origin = at(0, 100), target = at(100, 0);
    const net = buildRoadNetwork(segments);
    expect(net.nodeCount).toBe(5);
    expect(net.edgeCount).toBe(4);
    const [route] = routesTo(net, origin, [target]);
    expect(route!.distanceM).toBeCloseTo(200, 3);
    expectContinuous(route!, origin, target, piecesOf(segments), 0.01);

    // Drawn as a bridge over the other road: no junction.
    expect(routesTo(buildRoadNetwork(segments, { splitCrossings: false }), origin, [target])).toEqual([null]);
  });

  it('treats multi-vertex LineStrings as chains and joins them at shared vertices', () => {
    // An L-shaped road and a road that starts at the L's corner vertex.
    const segments = [road([0, 0], [100, 0], [100, 100]), road([100, 0], [200, 0])];
    const net = buildRoadNetwork(segments);
    expect(net.nodeCount).toBe(4);
    const origin = at(0, 0);
    const targets = [at(100, 100), at(200, 0)];
    const routes = routesTo(net, origin, targets);
    expect(routes[0]!.distanceM).toBeCloseTo(200, 3);
    expect(routes[1]!.distanceM).toBeCloseTo(200, 3);
    expect(routes[1]!.path).toEqual([at(0, 0), at(100, 0), at(200, 0)]);
  });

  it('skips broken geometry instead of failing', () => {
    const net = buildRoadNetwork([
      { id: 1, coordinates: [at(0, 0)] },
      { id: 2, coordinates: [at(0, 0), at(0, 0)] },
      { id: 3, coordinates: [at(0, 0), [Number.NaN, LAT0]] },
      road([0, 0], [50, 0]),
    ]);
    expect(net.edgeCount).toBe(1);
  });
});

describe('snapping', () => {
  it('finds the nearest road in metres, not in degrees', () => {
    // A north-south road 60 m east and four east-west roads 63–66 m north: in degrees (a degree of
    // longitude is ~10 % shorter) all four east-west roads look nearer than the north-south one.
    const ns = road([60, -500], [60, 500]);
    const net = buildRoadNetwork([ns, ...[63, 64, 65, 66].map((n) => road([-500, n], [500, n]))]);
    const snap = snapToNetwork(net, at(0, 0));
    expect(snap).not.toBeNull();
    expect(net.edgeSegmentId[snap!.edge]).toBe(ns.id);
    expect(snap!.distanceM).toBeCloseTo(60, 2);
    expect(snap!.along).toBeCloseTo(500, 1);
    expect(distanceM(snap!.point, at(60, 0))).toBeLessThan(0.01);
  });

  it('gives up beyond the maximum distance and on an empty network', () => {
    const net = buildRoadNetwork([road([0, 0], [100, 0])]);
    expect(snapToNetwork(net, at(50, 150), 100)).toBeNull();
    expect(snapToNetwork(net, at(50, 150), 200)!.distanceM).toBeCloseTo(150, 2);
    expect(snapToNetwork(net, at(50, 150))!.distanceM).toBeCloseTo(150, 2); // default 2000 m
    expect(snapToNetwork(net, at(50, 2500))).toBeNull();
    const empty = buildRoadNetwork([]);
    expect(empty.nodeCount).toBe(0);
    expect(snapToNetwork(empty, at(0, 0))).toBeNull();
    expect(routesTo(empty, at(0, 0), [at(1, 1)])).toEqual([null]);
  });
});

describe('routing', () => {
  // Two streets along the banks of a 60 m wide river, one bridge at the far end, and an island road.
  const south = road([0, 0], [1000, 0]);
  const north = road([0, 60], [1000, 60]);
  const bridge = road([1000, 0], [1000, 60]);
  const island = road([0, 500], [200, 500]);
  const segments = [south, north, bridge, island];
  const net = buildRoadNetwork(segments);
  const origin = at(0, -10);
  const across = at(0, 70); // 80 m away in a straight line, 2080 m by road
  const near = at(300, -10); // 320 m by road
  const far = at(600, -10); // 620 m by road

  it('orders targets by network distance, not straight-line distance', () => {
    const routes = routesTo(net, origin, [across, near, far]);
    expect(routes[0]!.distanceM).toBeCloseTo(10 + 1000 + 60 + 1000 + 10, 1);
    expect(routes[1]!.distanceM).toBeCloseTo(10 + 300 + 10, 1);
    expect(routes[2]!.distanceM).toBeCloseTo(10 + 600 + 10, 1);
    // Across the river the path goes over the bridge.
    expect(routes[0]!.path).toEqual([origin, at(0, 0), at(1000, 0), at(1000, 60), at(0, 60), across]);
    routes.forEach((r, i) => expectContinuous(r!, origin, [across, near, far][i], piecesOf(segments), 0.01));
  });

  it('gives null for another component, an unsnappable target, and beyond maxDistanceM', () => {
    const routes = routesTo(net, origin, [at(100, 510), at(5000, 5000), near, across], { maxDistanceM: 1000 });
    expect(routes[0]).toBeNull(); // the island
    expect(routes[1]).toBeNull(); // nowhere near a road
    expect(routes[2]!.distanceM).toBeCloseTo(320, 1);
    expect(routes[3]).toBeNull(); // 2080 m > 1000 m
    // The cut-off counts the connector legs: 320 m with legs is over a 315 m limit.
    expect(routesTo(net, origin, [near], { maxDistanceM: 315 })).toEqual([null]);
    expect(routesTo(net, origin, [near], { maxDistanceM: 325 })[0]).not.toBeNull();
    // maxSnapM applies to the origin too.
    expect(routesTo(net, at(500, -300), [near], { maxSnapM: 200 })).toEqual([null]);
  });

  it('goes straight along the edge when origin and target share it', () => {
    const [forward, backward] = routesTo(net, at(200, 5), [at(700, -5), at(100, -3)]);
    expect(forward!.distanceM).toBeCloseTo(5 + 500 + 5, 3);
    expectPathNear(forward!.path, [at(200, 5), at(200, 0), at(700, 0), at(700, -5)]);
    expect(backward!.distanceM).toBeCloseTo(5 + 100 + 3, 3);
    expectPathNear(backward!.path, [at(200, 5), at(200, 0), at(100, 0), at(100, -3)]);
  });

  it('answers a target at the origin with zero', () => {
    const [route] = routesTo(net, at(400, 0), [at(400, 0)]);
    expect(route!.distanceM).toBeLessThan(1e-6);
    expect(route!.path[0]).toEqual(at(400, 0));
    expect(route!.path[route!.path.length - 1]).toEqual(at(400, 0));
  });
});

/** Deterministic PRNG (mulberry32) so a failing random network can be reproduced. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A city-like random network: a jittered ~100 m grid with some blocks missing, side streets that stop
 * 0–0.5 m short of a grid street (T-junctions), and multi-vertex roads wandering across it (X-junctions).
 */
function randomCity(cols: number, rows: number, rand: () => number): RoadSegment[] {
  const segs: RoadSegment[] = [];
  const p = (i: number, j: number): [number, number] => [i * 100 + (rand() - 0.5) * 20, j * 100 + (rand() - 0.5) * 20];
  const pts = Array.from({ length: cols }, (_, i) => Array.from({ length: rows }, (_, j) => p(i, j)));
  const add = (...c: [number, number][]) => segs.push({ id: segs.length, coordinates: c.map(([e, n]) => rounded(at(e, n))) });
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < rows; j++) {
      if (i + 1 < cols && rand() > 0.1) add(pts[i][j], pts[i + 1][j]);
      if (j + 1 < rows && rand() > 0.1) add(pts[i][j], pts[i][j + 1]);
    }
  }
  const grid = segs.length;
  for (let k = 0; k < grid / 10; k++) {
    const [a, b] = segs[Math.floor(rand() * grid)].coordinates;
    const t = 0.2 + rand() * 0.6;
    const kx = metresPerDegLng(a[1]);
    const ux = (b[0] - a[0]) * kx, uy = (b[1] - a[1]) * KY, len = Math.hypot(ux, uy);
    const side = rand() < 0.5 ? -1 : 1;
    const gap = rand() * 0.5, length = 20 + rand() * 40;
    const base: [number, number] = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
    const off = (m: number): [number, number] => [base[0] + ((-uy / len) * side * m) / kx, base[1] + ((ux / len) * side * m) / KY];
    segs.push({ id: segs.length, coordinates: [off(gap), off(gap + length)] });
  }
  for (let k = 0; k < grid / 25; k++) {
    let here: [number, number] = [rand() * cols * 100, rand() * rows * 100];
    const line = [here];
    for (let v = 0; v < 3; v++) {
      here = [here[0] + (rand() - 0.5) * 400, here[1] + (rand() - 0.5) * 400];
      line.push(here);
    }
    add(...line);
  }
  return segs;
}

/** Reference: plain O(V²) Dijkstra over the built graph, snapping with the module, for cross-checking. */
function referenceDistances(net: RoadNetwork, origin: [number, number], targets: [number, number][]): (number | null)[] {
  const os = snapToNetwork(net, origin)!;
  const dist = new Float64Array(net.nodeCount).fill(Infinity);
  const done = new Uint8Array(net.nodeCount);
  dist[net.edgeFrom[os.edge]] = Math.min(dist[net.edgeFrom[os.edge]], os.along);
  dist[net.edgeTo[os.edge]] = Math.min(dist[net.edgeTo[os.edge]], net.edgeLength[os.edge] - os.along);
  for (;;) {
    let v = -1;
    for (let u = 0; u < net.nodeCount; u++) if (!done[u] && dist[u] < Infinity && (v < 0 || dist[u] < dist[v])) v = u;
    if (v < 0) break;
    done[v] = 1;
    for (let e = 0; e < net.edgeCount; e++) {
      if (net.edgeFrom[e] === v) dist[net.edgeTo[e]] = Math.min(dist[net.edgeTo[e]], dist[v] + net.edgeLength[e]);
      if (net.edgeTo[e] === v) dist[net.edgeFrom[e]] = Math.min(dist[net.edgeFrom[e]], dist[v] + net.edgeLength[e]);
    }
  }
  return targets.map((t) => {
    const s = snapToNetwork(net, t);
    if (!s) return null;
    let d = Math.min(dist[net.edgeFrom[s.edge]] + s.along, dist[net.edgeTo[s.edge]] + net.edgeLength[s.edge] - s.along);
    if (s.edge === os.edge) d = Math.min(d, Math.abs(s.along - os.along));
    return d === Infinity ? null : os.distanceM + d + s.distanceM;
  });
}

describe('random city', () => {
  it('matches a reference Dijkstra on a small random network', () => {
    const rand = prng(7);
    const segments = randomCity(14, 12, rand);
    const net = buildRoadNetwork(segments);
    const within = () => at(rand() * 1400, rand() * 1200);
    for (let q = 0; q < 5; q++) {
      const origin = within();
      const targets = Array.from({ length: 30 }, within);
      const got = routesTo(net, origin, targets, { maxDistanceM: Infinity }).map((r) => r && r.distanceM);
      const want = referenceDistances(net, origin, targets);
      expect(got.filter((d) => d !== null).length).toBeGreaterThan(20);
      got.forEach((d, i) => {
        if (want[i] === null) expect(d).toBeNull();
        else expect(d).toBeCloseTo(want[i]!, 6);
      });
    }
  });

  it('builds a 15,000-segment network and every route path follows the roads', () => {
    const rand = prng(2026);
    const segments = randomCity(95, 85, rand);
    expect(segments.length).toBeGreaterThan(15_000);
    const net = buildRoadNetwork(segments);
    expect(net.nodeCount).toBeGreaterThan(7_000);
    expect(net.edgeCount).toBeGreaterThan(segments.length);

    const pieces = piecesOf(segments);
    const index = new Flatbush(pieces.length);
    for (const [a, b] of pieces) index.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
    index.finish();
    const pad = 2 / KY;
    const near = (p: [number, number], q: [number, number]) =>
      index.search(Math.min(p[0], q[0]) - pad, Math.min(p[1], q[1]) - pad, Math.max(p[0], q[0]) + pad, Math.max(p[1], q[1]) + pad);

    let found = 0;
    for (let q = 0; q < 10; q++) {
      const origin = at(rand() * 9400, rand() * 8400);
      const targets = Array.from({ length: 30 }, () => at(rand() * 9400, rand() * 8400));
      const routes = routesTo(net, origin, targets, { maxDistanceM: 8000 });
      routes.forEach((r, i) => {
        if (!r) return;
        found++;
        expect(r.distanceM).toBeLessThanOrEqual(8000);
        expect(r.distanceM).toBeGreaterThanOrEqual(distanceM(origin, targets[i]) - 0.01);
        // Within the 1 m snap tolerance of one input piece: T-junction kinks and near-miss links.
        expectContinuous(r, origin, targets[i], pieces, 1.01, near);
      });
    }
    expect(found).toBeGreaterThan(150);
  });
});
