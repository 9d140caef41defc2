/**
 * Walking isochrones: the area within d metres of a point on foot, for several d at once, following the
 * road network rather than drawing circles.
 *
 * Method. One Dijkstra from the origin's snap, bounded by the largest band, gives the network distance of
 * every node within reach. A square raster of small cells (25 m by default) around the origin then gets a
 * walking distance at each vertex, measured the way coverage measures a building standing there: snap the
 * vertex to its nearest road (`engine.ts`), take the network distance to that snap (from the nearer end of
 * the edge, or directly along it when the origin sits on the same edge) and add the straight leg off the
 * road. A vertex whose nearest road is not reached, or that lies farther than `offRoadM` from every road,
 * is beyond every band. The bands are the sublevel sets {f ≤ d} of the piecewise-linear interpolation f of
 * those values over a fixed triangulation of the raster (each cell split along a diagonal that alternates
 * like a checkerboard), traced as closed rings ("marching triangles").
 *
 * Guarantees, both exact up to floating-point rounding rather than checked after the fact:
 * - Bands nest. All bands contour the same function f, and {f ≤ d1} ⊆ {f ≤ d2} when d1 ≤ d2.
 * - A band of d metres lies within the circle of radius d around the origin. Every vertex value is raised
 *   to at least INFLATE × its straight-line distance g from the origin (which a walk through the network
 *   never beats anyway: it is a chain of straight pieces from the origin). Because g is convex, on each
 *   triangle the linear interpolation of values ≥ INFLATE·g stays ≥ INFLATE·g, so {f ≤ d} lies inside the
 *   disc g ≤ d / INFLATE. INFLATE leaves room for the raster's local metric (metres per degree of longitude
 *   at the origin's latitude) against `distanceM`'s (at the mid latitude of the two points): they differ by
 *   under 1e-4 relative over a few kilometres.
 * The raster's vertices on its border lie farther than the largest band from the origin, so every ring
 * closes inside the raster; rings keep the inside on their left, so outer rings run counterclockwise and
 * holes clockwise, as RFC 7946 asks.
 */
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { METRES_PER_DEG_LAT, metresPerDegLng, type RoadNetwork } from '../sensing/road-network';
import { beginSearch, searchFrom, snapPoint, snapPoints } from './engine';

export interface IsochroneOptions {
  /** The origin must lie within this many metres of a road, or there is no isochrone. Default 300. */
  maxSnapM?: number;
  /** Raster cell size in metres. Default 25; cells grow for large bands so that the raster stays ≤ 163 × 163. */
  cellM?: number;
  /**
   * Places farther than this from every road are outside every band. Default 500, the snap radius of
   * `indexDemand`, so that a band holds the buildings coverage counts as within its distance.
   */
  offRoadM?: number;
}

export type IsochroneBand = Feature<Polygon | MultiPolygon, { metres: number }>;

export interface IsochroneResult {
  /** One feature per band, in the order asked. */
  features: IsochroneBand[];
  /** Where the origin met the network, and its distance from it (metres). */
  snapped: { lng: number; lat: number; distanceM: number };
}

/** Vertex values are at least this many times their straight-line distance from the origin (see above). */
const INFLATE = 1 + 1e-3;
/** The raster spans at most this many cells from the origin to its border in each direction. */
const MAX_HALF_CELLS = 81;

/**
 * The isochrones of `origin` for each distance in `bandsM` (metres), or null when the origin lies farther
 * than maxSnapM from every road. An empty band (nothing within reach) is an empty MultiPolygon.
 */
export function isochrone(
  net: RoadNetwork,
  origin: readonly [number, number],
  bandsM: readonly number[],
  options: IsochroneOptions = {},
): IsochroneResult | null {
  const maxSnapM = options.maxSnapM ?? 300;
  const cellM = options.cellM ?? 25;
  const offRoadM = options.offRoadM ?? 500;
  if (bandsM.length === 0 || !bandsM.every((d) => Number.isFinite(d) && d > 0)) {
    throw new RangeError(`bandsM must be positive finite metres, got [${bandsM.join(', ')}]`);
  }
  if (!(cellM > 0) || !Number.isFinite(cellM)) throw new RangeError(`cellM must be a positive number, got ${cellM}`);
  if (!(offRoadM >= 0)) throw new RangeError(`offRoadM must be a non-negative number, got ${offRoadM}`);
  const snap = snapPoint(net, origin, maxSnapM);
  if (!snap) return null;

  const dMax = Math.max(...bandsM);
  const { scratch, stamp } = beginSearch(net);
  searchFrom(net, scratch, stamp, { edge: snap.edge, along: snap.along, leg: snap.distanceM }, dMax);
  const raster = walkRaster(net, origin, snap, dMax, cellM, offRoadM, (v) => (scratch.settled[v] === stamp ? scratch.dist[v] : Infinity));

  const [ox, oy] = origin;
  const kx0 = metresPerDegLng(oy);
  const toLngLat = (x: number, y: number): Position => [ox + x / kx0, oy + y / METRES_PER_DEG_LAT];
  const features = bandsM.map((metres): IsochroneBand => {
    const polygons = contourBelow(raster, metres).map((rings) => rings.map((ring) => ring.map(([x, y]) => toLngLat(x, y))));
    const geometry: Polygon | MultiPolygon =
      polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
    return { type: 'Feature', geometry, properties: { metres } };
  });
  return { features, snapped: { lng: snap.point[0], lat: snap.point[1], distanceM: snap.distanceM } };
}

/** Walking metres at the vertices of a square raster centred on the origin (local metres east and north). */
interface Raster {
  /** Vertices per side; vertex (i, j) is value[j * side + i], at ((i - half) * cell, (j - half) * cell). */
  side: number;
  half: number;
  cell: number;
  value: Float64Array;
}

function walkRaster(
  net: RoadNetwork,
  origin: readonly [number, number],
  snap: { edge: number; along: number; distanceM: number },
  dMax: number,
  cellM: number,
  offRoadM: number,
  nodeDist: (v: number) => number,
): Raster {
  const cell = Math.max(cellM, dMax / (MAX_HALF_CELLS - 1));
  // Border vertices are at least half·cell ≥ dMax + cell from the origin: outside every band.
  const half = Math.ceil(dMax / cell) + 1;
  const side = 2 * half + 1;
  const [ox, oy] = origin;
  const kx0 = metresPerDegLng(oy);
  // Values above dMax all mean "outside"; capping them keeps the contour from hugging the last inside vertex.
  const beyond = dMax + cell;
  const value = new Float64Array(side * side);
  const inner: number[] = [];
  const lngs: number[] = [];
  const lats: number[] = [];
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) {
      const x = (i - half) * cell, y = (j - half) * cell;
      const floor = INFLATE * Math.hypot(x, y);
      value[j * side + i] = Math.max(beyond, floor);
      if (floor <= dMax) {
        inner.push(j * side + i);
        lngs.push(ox + x / kx0);
        lats.push(oy + y / METRES_PER_DEG_LAT);
      }
    }
  }
  const { edgeFrom, edgeTo, edgeLength } = net;
  const snaps = snapPoints(net, lngs, lats, offRoadM);
  for (let k = 0; k < inner.length; k++) {
    const e = snaps.edge[k];
    if (e < 0) continue;
    const along = snaps.along[k];
    let d = Math.min(nodeDist(edgeFrom[e]) + along, nodeDist(edgeTo[e]) + (edgeLength[e] - along));
    if (e === snap.edge) d = Math.min(d, snap.distanceM + Math.abs(along - snap.along));
    const walk = d + snaps.leg[k];
    if (!(walk < beyond)) continue;
    const idx = inner[k];
    const i = idx % side, j = (idx - i) / side;
    value[idx] = Math.max(walk, INFLATE * Math.hypot((i - half) * cell, (j - half) * cell));
  }
  return { side, half, cell, value };
}

/**
 * The region {f ≤ d} of the raster's piecewise-linear interpolation, as polygons (outer ring then holes,
 * each ring closed) in local metres.
 *
 * Mesh edges are numbered: horizontal (i, j)–(i+1, j) first, then vertical (i, j)–(i, j+1), then the
 * diagonal of cell (i, j). In a triangle whose vertices are not all on one side of d, the level line runs
 * from the crossing on the edge that leaves the region (walking the triangle counterclockwise) to the one
 * on the edge that enters it; that entering edge is the leaving edge of the triangle across it, so
 * following "next" from edge to edge walks a ring with the region on its left.
 */
function contourBelow(raster: Raster, d: number): Position[][][] {
  const { side, half, cell, value } = raster;
  const cellsPerRow = side - 1;
  const horizontal = side * cellsPerRow;
  const edgeCount = 3 * horizontal;
  const next = new Int32Array(edgeCount).fill(-1);
  const exits: number[] = [];

  const link = (a: number, b: number, c: number, ab: number, bc: number, ca: number) => {
    const ia = value[a] <= d, ib = value[b] <= d, ic = value[c] <= d;
    if (ia === ib && ib === ic) return;
    // Exactly one edge leaves (inside → outside) and one enters, walking a → b → c.
    const exit = ia && !ib ? ab : ib && !ic ? bc : ca;
    const entry = !ia && ib ? ab : !ib && ic ? bc : ca;
    next[exit] = entry;
    exits.push(exit);
  };
  for (let j = 0; j < cellsPerRow; j++) {
    for (let i = 0; i < cellsPerRow; i++) {
      const A = j * side + i, B = A + 1, C = A + side + 1, D = A + side;
      const inA = value[A] <= d;
      if (inA === value[B] <= d && inA === value[C] <= d && inA === value[D] <= d) continue;
      const bottom = j * cellsPerRow + i, top = (j + 1) * cellsPerRow + i;
      const left = horizontal + j * side + i, right = left + 1;
      const diagonal = 2 * horizontal + j * cellsPerRow + i;
      if ((i + j) % 2 === 0) {
        // Diagonal A–C: triangles A B C and A C D.
        link(A, B, C, bottom, right, diagonal);
        link(A, C, D, diagonal, top, left);
      } else {
        // Diagonal B–D: triangles A B D and B C D.
        link(A, B, D, bottom, diagonal, left);
        link(B, C, D, right, top, diagonal);
      }
    }
  }

  /** The point on mesh edge `edge` where the interpolation equals d (its ends lie on either side of d). */
  const crossing = (edge: number): Position => {
    let a: number, b: number;
    if (edge < horizontal) {
      const i = edge % cellsPerRow, j = (edge - i) / cellsPerRow;
      a = j * side + i;
      b = a + 1;
    } else if (edge < 2 * horizontal) {
      a = edge - horizontal;
      b = a + side;
    } else {
      const k = edge - 2 * horizontal;
      const i = k % cellsPerRow, j = (k - i) / cellsPerRow;
      const A = j * side + i;
      if ((i + j) % 2 === 0) {
        a = A;
        b = A + side + 1;
      } else {
        a = A + 1;
        b = A + side;
      }
    }
    // Interpolate from the inside end, so both triangles that share the edge get the same point.
    if (value[a] > d) [a, b] = [b, a];
    const t = (d - value[a]) / (value[b] - value[a]);
    const ax = (a % side) - half, ay = Math.floor(a / side) - half;
    const bx = (b % side) - half, by = Math.floor(b / side) - half;
    return [(ax + t * (bx - ax)) * cell, (ay + t * (by - ay)) * cell];
  };

  const outers: { ring: Position[]; area: number }[] = [];
  const holes: Position[][] = [];
  const visited = new Uint8Array(edgeCount);
  for (const first of exits) {
    if (visited[first]) continue;
    const ring: Position[] = [];
    let edge = first;
    do {
      visited[edge] = 1;
      const p = crossing(edge);
      const last = ring[ring.length - 1];
      // A vertex exactly at d puts two crossings on it; keep one.
      if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
      edge = next[edge];
    } while (edge !== first && edge >= 0);
    if (ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]) ring.pop();
    if (ring.length < 3) continue;
    const area = signedArea(ring);
    if (area === 0) continue;
    ring.push(ring[0]);
    if (area > 0) outers.push({ ring, area });
    else holes.push(ring);
  }

  // A hole belongs to the smallest outer ring around it (outer rings may nest: an island inside a hole).
  const polygons: Position[][][] = outers.map(({ ring }) => [ring]);
  for (const hole of holes) {
    let owner = -1;
    for (let k = 0; k < outers.length; k++) {
      if ((owner < 0 || outers[k].area < outers[owner].area) && insideRing(hole[0], outers[k].ring)) owner = k;
    }
    if (owner >= 0) polygons[owner].push(hole);
  }
  return polygons;
}

/** Shoelace area of an open ring, positive when counterclockwise. */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let k = 0, n = ring.length; k < n; k++) {
    const [x0, y0] = ring[k];
    const [x1, y1] = ring[(k + 1) % n];
    sum += x0 * y1 - x1 * y0;
  }
  return sum / 2;
}

/** Even-odd ray casting against a closed ring. */
function insideRing([x, y]: Position, ring: Position[]): boolean {
  let inside = false;
  for (let k = 0, m = ring.length - 1; k < ring.length; m = k++) {
    const [xk, yk] = ring[k];
    const [xm, ym] = ring[m];
    if (yk > y !== ym > y && x < ((xm - xk) * (y - yk)) / (ym - yk) + xk) inside = !inside;
  }
  return inside;
}
