/**
 * Walking-network accessibility for planning: network distances from facilities (or candidate sites) to
 * many demand points (buildings) at once, over the road graph of `api/sensing/road-network.ts`.
 *
 * Every point — a building, a facility, a candidate site — sits on the network at its snap: the nearest
 * point of the nearest edge, joined to it by a straight connector leg. The network distance between two
 * points is leg + metres along the roads + leg, exactly as `routesTo` measures it, including its one
 * subtlety: two points on the same edge also reach each other directly along that edge.
 *
 * - `indexDemand` snaps every demand point once (a uniform grid over the edges answers each snap in a
 *   microsecond or two, with the same edge, `along` and leg as `snapToNetwork`) and groups the points by
 *   edge, so that a search that reaches an edge finds its points without looking at any other.
 * - `reach` runs one multi-source Dijkstra from all facilities, bounded by the walking threshold: per node
 *   the distance to, and the index of, the nearest facility. `demandDistances` turns that into a distance
 *   and a nearest facility per demand point (coverage, catchments).
 * - `coverSets` runs one bounded Dijkstra per candidate site and lists the demand points within reach of
 *   each: the input of maximal covering location (`mclp.ts`).
 *
 * Pure functions over data, no I/O. Demand points are addressed by index; callers keep them sorted by area
 * so that an area is a contiguous index range, and every function that takes a `range` [lo, hi) returns
 * per-point results for that range only, numbered from lo (result k is demand point lo + k).
 */
import { METRES_PER_DEG_LAT, metresPerDegLng, type RoadNetwork, type Snap } from '../sensing/road-network';

/** Demand points snapped to the network and grouped by edge. */
export interface DemandIndex {
  count: number;
  /** The snap radius used: points farther than this from every road have edge -1. */
  maxSnapM: number;
  /** Per point: the edge it snaps to, -1 when no road lies within maxSnapM (such a point is never reached). */
  edge: Int32Array;
  /** Per point: metres from the edge's `edgeFrom` node to the snap. */
  along: Float64Array;
  /** Per point: metres from the point to its snap (the connector leg). */
  leg: Float64Array;
  /** The points on edge e are edgePoints[edgeStart[e] .. edgeStart[e + 1]), in increasing index order. */
  edgeStart: Int32Array;
  edgePoints: Int32Array;
}

/** What one multi-source search reached: the nearest source of every node within the cutoff. */
export interface Reach {
  cutoffM: number;
  /** Per source: its snap, or null when no road lies within maxSnapM (it then reaches nothing). */
  snaps: (Snap | null)[];
  /** Per node: metres to the nearest source (its connector leg included); Infinity beyond the cutoff. */
  dist: Float64Array;
  /** Per node: the index of that source (the lowest index among equally near ones); -1 beyond the cutoff. */
  source: Int32Array;
  /** The sources on each edge, for points that reach a source directly along their shared edge. */
  sourcesOnEdge: Map<number, number[]>;
}

export interface DemandDistances {
  /** Per point of the range: network metres to the nearest source, legs included; Infinity beyond the cutoff. */
  distance: Float64Array;
  /** Per point of the range: the index of the nearest source; -1 beyond the cutoff. */
  nearest: Int32Array;
}

/** A half-open index range [lo, hi) of demand points. */
export type DemandRange = readonly [number, number];

const KY = METRES_PER_DEG_LAT;

// ---------------------------------------------------------------------------------------------------------
// Bulk snapping: a uniform grid over the edges.
// ---------------------------------------------------------------------------------------------------------

/**
 * Every edge is listed in each grid cell its bounding box overlaps, so every point of an edge lies in a cell
 * that lists it. A query scans square rings of cells around the point's cell; once the best distance found
 * is less than the distance from the point to the outside of the rings scanned, no unscanned edge can be
 * nearer. Cells are about one median edge long, so most queries stop after the first ring. Only occupied
 * cells are stored (an open-addressing hash from cell to list): a region's roads may span a whole
 * prefecture while most of its cells are empty.
 */
interface EdgeGrid {
  x0: number;
  y0: number;
  /** Cell size in degrees of longitude and latitude. */
  cw: number;
  ch: number;
  cols: number;
  rows: number;
  /** Hash of occupied cells: key cy * cols + cx (-1 for an empty slot) → index into start. */
  keys: Float64Array;
  slots: Int32Array;
  mask: number;
  /** The edges in occupied cell k are edges[start[k] .. start[k + 1]). */
  start: Int32Array;
  edges: Int32Array;
  /** Metres per degree of longitude at each edge's mid latitude: the metric `snapToNetwork` measures in. */
  edgeKx: Float64Array;
  /** Per-query dedup of edges listed in several cells, validated by a generation stamp. */
  seen: Uint32Array;
  stamp: number;
}

/** The most cells along one axis: bounds the cell keys (and the ring walk) for absurd extents. */
const MAX_GRID_SIDE = 1 << 20;

function hashCell(cx: number, cy: number, mask: number): number {
  let h = Math.imul(cx, 0x9e3779b1) ^ Math.imul(cy, 0x85ebca77);
  h ^= h >>> 15;
  return h & mask;
}

function buildEdgeGrid(net: RoadNetwork): EdgeGrid {
  const { edgeCount, edgeFrom, edgeTo, nodeLng, nodeLat, edgeLength } = net;
  const edgeKx = new Float64Array(edgeCount);
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let e = 0; e < edgeCount; e++) {
    const ax = nodeLng[edgeFrom[e]], ay = nodeLat[edgeFrom[e]], bx = nodeLng[edgeTo[e]], by = nodeLat[edgeTo[e]];
    edgeKx[e] = metresPerDegLng((ay + by) / 2);
    x0 = Math.min(x0, ax, bx);
    y0 = Math.min(y0, ay, by);
    x1 = Math.max(x1, ax, bx);
    y1 = Math.max(y1, ay, by);
  }
  if (edgeCount === 0) {
    x0 = y0 = 0;
    x1 = y1 = 1;
  }
  const median = edgeCount > 0 ? Float64Array.from(edgeLength).sort()[edgeCount >> 1] : 100;
  let cellM = Math.min(2000, Math.max(25, median));
  const kx = metresPerDegLng((y0 + y1) / 2);
  // Keep the grid within MAX_GRID_SIDE cells a side, whatever the extent.
  cellM = Math.max(cellM, ((x1 - x0) * kx) / MAX_GRID_SIDE, ((y1 - y0) * KY) / MAX_GRID_SIDE);
  const cw = cellM / kx;
  const ch = cellM / KY;
  const cols = Math.floor((x1 - x0) / cw) + 1;
  const rows = Math.floor((y1 - y0) / ch) + 1;

  const cellRange = (e: number) => {
    const ax = nodeLng[edgeFrom[e]], ay = nodeLat[edgeFrom[e]], bx = nodeLng[edgeTo[e]], by = nodeLat[edgeTo[e]];
    return [
      Math.floor((Math.min(ax, bx) - x0) / cw),
      Math.floor((Math.min(ay, by) - y0) / ch),
      Math.floor((Math.max(ax, bx) - x0) / cw),
      Math.floor((Math.max(ay, by) - y0) / ch),
    ] as const;
  };
  let listings = 0;
  for (let e = 0; e < edgeCount; e++) {
    const [i0, j0, i1, j1] = cellRange(e);
    listings += (i1 - i0 + 1) * (j1 - j0 + 1);
  }
  let size = 16;
  while (size < 2 * listings) size *= 2;
  const mask = size - 1;
  const keys = new Float64Array(size).fill(-1);
  const slots = new Int32Array(size);
  const counts: number[] = [];
  const slotOf = (cx: number, cy: number): number => {
    const key = cy * cols + cx;
    for (let h = hashCell(cx, cy, mask); ; h = (h + 1) & mask) {
      if (keys[h] === key) return slots[h];
      if (keys[h] === -1) {
        keys[h] = key;
        slots[h] = counts.length;
        counts.push(0);
        return slots[h];
      }
    }
  };
  for (let e = 0; e < edgeCount; e++) {
    const [i0, j0, i1, j1] = cellRange(e);
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) counts[slotOf(i, j)]++;
  }
  const start = new Int32Array(counts.length + 1);
  for (let k = 0; k < counts.length; k++) start[k + 1] = start[k] + counts[k];
  const fill = start.slice(0, counts.length);
  const edges = new Int32Array(listings);
  for (let e = 0; e < edgeCount; e++) {
    const [i0, j0, i1, j1] = cellRange(e);
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) edges[fill[slotOf(i, j)]++] = e;
  }
  return { x0, y0, cw, ch, cols, rows, keys, slots, mask, start, edges, edgeKx, seen: new Uint32Array(edgeCount), stamp: 0 };
}

/** The grid of a network's edges, built on first use and kept as long as the network. */
const grids = new WeakMap<RoadNetwork, EdgeGrid>();
function edgeGrid(net: RoadNetwork): EdgeGrid {
  let grid = grids.get(net);
  if (!grid) {
    grid = buildEdgeGrid(net);
    grids.set(net, grid);
  }
  return grid;
}

/** The result of `snapInto`: written in place so that bulk snapping allocates nothing per point. */
interface SnapOut {
  edge: number;
  along: number;
  leg: number;
  /** The snap point (lng, lat). */
  x: number;
  y: number;
}

/**
 * Nearest point of the network to (x, y) within maxSnapM: the same answer as `snapToNetwork` (the nearest
 * edge, the lowest index among equally near ones, measured with the same arithmetic so that `along` and the
 * leg agree to the last bit). Returns false, leaving `out` undefined, when nothing lies that close.
 */
function snapInto(net: RoadNetwork, grid: EdgeGrid, x: number, y: number, maxSnapM: number, out: SnapOut): boolean {
  if (!Number.isFinite(x) || !Number.isFinite(y) || net.edgeCount === 0) return false;
  const { x0, y0, cw, ch, cols, rows, keys, slots, mask, start, edges, edgeKx, seen } = grid;
  const { edgeFrom, edgeTo, nodeLng, nodeLat } = net;
  if (grid.stamp >= 0xfffffffe) {
    grid.stamp = 0;
    seen.fill(0);
  }
  const stamp = ++grid.stamp;
  // A lower bound on metres per degree of longitude between the point and anything within maxSnapM of it.
  const kxLow = metresPerDegLng(Math.min(89.9, Math.abs(y) + (maxSnapM / KY) * 1.01 + 1e-6));
  const cx = Math.floor((x - x0) / cw);
  const cy = Math.floor((y - y0) / ch);
  let best = Infinity;
  let bestEdge = -1;
  let bestT = 0;
  let bestX = 0;
  let bestY = 0;

  const scanCell = (i: number, j: number) => {
    const key = j * cols + i;
    for (let h = hashCell(i, j, mask); keys[h] !== -1; h = (h + 1) & mask) {
      if (keys[h] !== key) continue;
      const s = slots[h];
      for (let k = start[s], end = start[s + 1]; k < end; k++) {
        const e = edges[k];
        if (seen[e] === stamp) continue;
        seen[e] = stamp;
        // snapToEdge and distanceM of road-network.ts, inlined.
        const u = edgeFrom[e], v = edgeTo[e];
        const ax = nodeLng[u], ay = nodeLat[u], bx = nodeLng[v], by = nodeLat[v];
        const kx = edgeKx[e];
        const ux = (bx - ax) * kx, uy = (by - ay) * KY;
        const wx = (x - ax) * kx, wy = (y - ay) * KY;
        const uu = ux * ux + uy * uy;
        let t = uu > 0 ? (wx * ux + wy * uy) / uu : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const px = t === 0 ? ax : t === 1 ? bx : ax + t * (bx - ax);
        const py = t === 0 ? ay : t === 1 ? by : ay + t * (by - ay);
        const d = Math.hypot((px - x) * metresPerDegLng((y + py) / 2), (py - y) * KY);
        if (d < best || (d === best && e < bestEdge)) {
          best = d;
          bestEdge = e;
          bestT = t;
          bestX = px;
          bestY = py;
        }
      }
      return;
    }
  };

  for (let r = 0; ; r++) {
    // Ring r: the cells at Chebyshev distance r from (cx, cy), clipped to the grid.
    const jLo = Math.max(cy - r, 0), jHi = Math.min(cy + r, rows - 1);
    const iLo = Math.max(cx - r, 0), iHi = Math.min(cx + r, cols - 1);
    if (jLo <= jHi && iLo <= iHi) {
      for (let j = jLo; j <= jHi; j++) {
        if (j === cy - r || j === cy + r) {
          for (let i = iLo; i <= iHi; i++) scanCell(i, j);
        } else {
          if (cx - r >= 0 && cx - r < cols) scanCell(cx - r, j);
          if (r > 0 && cx + r >= 0 && cx + r < cols) scanCell(cx + r, j);
        }
      }
    }
    // Metres from the point to the nearest cell outside rings 0..r (less a hair for rounding at cell edges).
    const outside =
      Math.min(
        (x - (x0 + (cx - r) * cw)) * kxLow,
        (x0 + (cx + r + 1) * cw - x) * kxLow,
        (y - (y0 + (cy - r) * ch)) * KY,
        (y0 + (cy + r + 1) * ch - y) * KY,
      ) - 1e-6;
    if (best < outside || outside > maxSnapM) break;
    if (cx - r <= 0 && cy - r <= 0 && cx + r >= cols - 1 && cy + r >= rows - 1) break;
  }
  if (bestEdge < 0 || !(best <= maxSnapM)) return false;
  out.edge = bestEdge;
  out.along = bestT * net.edgeLength[bestEdge];
  out.leg = best;
  out.x = bestX;
  out.y = bestY;
  return true;
}

function newSnapOut(): SnapOut {
  return { edge: -1, along: 0, leg: 0, x: 0, y: 0 };
}

/** One point's snap as a `Snap` (as `snapToNetwork` would return it), or null. */
export function snapPoint(net: RoadNetwork, point: readonly [number, number], maxSnapM: number): Snap | null {
  const out = newSnapOut();
  if (!snapInto(net, edgeGrid(net), point[0], point[1], maxSnapM, out)) return null;
  return { edge: out.edge, along: out.along, distanceM: out.leg, point: [out.x, out.y] };
}

/**
 * Snap many points: per point the edge (-1 when nothing lies within maxSnapM), `along` and the leg. The
 * answers equal `snapToNetwork`'s; the isochrone raster uses this for its grid vertices.
 */
export function snapPoints(
  net: RoadNetwork,
  lng: ArrayLike<number>,
  lat: ArrayLike<number>,
  maxSnapM: number,
): { edge: Int32Array; along: Float64Array; leg: Float64Array } {
  const n = lng.length;
  if (lat.length !== n) throw new RangeError(`lng and lat differ in length (${n} and ${lat.length})`);
  const grid = edgeGrid(net);
  const edge = new Int32Array(n).fill(-1);
  const along = new Float64Array(n);
  const leg = new Float64Array(n).fill(Infinity);
  const out = newSnapOut();
  for (let i = 0; i < n; i++) {
    if (!snapInto(net, grid, lng[i], lat[i], maxSnapM, out)) continue;
    edge[i] = out.edge;
    along[i] = out.along;
    leg[i] = out.leg;
  }
  return { edge, along, leg };
}

/**
 * Snap every demand point (a building's representative point) once and group the points by edge. Run once
 * per process and reuse: about 0.1 s for 60,000 points, 1 s for 600,000.
 */
export function indexDemand(net: RoadNetwork, lng: Float64Array, lat: Float64Array, maxSnapM = 500): DemandIndex {
  if (!(maxSnapM >= 0)) throw new RangeError(`maxSnapM must be a non-negative number, got ${maxSnapM}`);
  const { edge, along, leg } = snapPoints(net, lng, lat, maxSnapM);
  const count = edge.length;
  const edgeStart = new Int32Array(net.edgeCount + 1);
  for (let i = 0; i < count; i++) if (edge[i] >= 0) edgeStart[edge[i] + 1]++;
  for (let e = 0; e < net.edgeCount; e++) edgeStart[e + 1] += edgeStart[e];
  const fill = edgeStart.slice(0, net.edgeCount);
  const edgePoints = new Int32Array(edgeStart[net.edgeCount]);
  for (let i = 0; i < count; i++) if (edge[i] >= 0) edgePoints[fill[edge[i]]++] = i;
  return { count, maxSnapM, edge, along, leg, edgeStart, edgePoints };
}

// ---------------------------------------------------------------------------------------------------------
// Bounded Dijkstra.
// ---------------------------------------------------------------------------------------------------------

/** A binary min-heap of (key, node) on typed arrays; stale entries are skipped by the caller (lazy deletion). */
class NodeHeap {
  keys: Float64Array;
  nodes: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.nodes = new Int32Array(Math.max(16, capacity));
  }
  push(key: number, node: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      const nodes = new Int32Array(this.size * 2);
      keys.set(this.keys);
      nodes.set(this.nodes);
      this.keys = keys;
      this.nodes = nodes;
    }
    const { keys, nodes } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      nodes[i] = nodes[parent];
      i = parent;
    }
    keys[i] = key;
    nodes[i] = node;
  }
  /** Remove the smallest entry and return its node. */
  pop(): number {
    const { keys, nodes } = this;
    const node = nodes[0];
    const n = --this.size;
    if (n > 0) {
      const key = keys[n], last = nodes[n];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && keys[c + 1] < keys[c]) c++;
        if (keys[c] >= key) break;
        keys[i] = keys[c];
        nodes[i] = nodes[c];
        i = c;
      }
      keys[i] = key;
      nodes[i] = last;
    }
    return node;
  }
}

/**
 * Per-network working memory of single-source searches (`coverSets`, isochrones), kept beside the network
 * rather than in its own `scratch`, which belongs to road-network.ts. Slots are valid only where their stamp
 * equals the current query's, so nothing proportional to the city is cleared between queries.
 */
export interface SearchScratch {
  stamp: number;
  dist: Float64Array;
  reached: Uint32Array;
  settled: Uint32Array;
  edgeMark: Uint32Array;
  /** The nodes settled by the current query, in order. */
  order: Int32Array;
  heap: NodeHeap;
}

const scratches = new WeakMap<RoadNetwork, SearchScratch>();
function searchScratch(net: RoadNetwork): SearchScratch {
  let s = scratches.get(net);
  if (!s) {
    s = {
      stamp: 0,
      dist: new Float64Array(net.nodeCount),
      reached: new Uint32Array(net.nodeCount),
      settled: new Uint32Array(net.nodeCount),
      edgeMark: new Uint32Array(net.edgeCount),
      order: new Int32Array(net.nodeCount),
      heap: new NodeHeap(1024),
    };
    scratches.set(net, s);
  }
  return s;
}

function nextStamp(s: SearchScratch): number {
  if (s.stamp >= 0xfffffffe) {
    s.stamp = 0;
    s.reached.fill(0);
    s.settled.fill(0);
    s.edgeMark.fill(0);
  }
  return ++s.stamp;
}

/**
 * Single-source Dijkstra from a snap, over the scratch: settles every node within cutoffM (connector leg
 * included) and returns how many; they are s.order[0 .. n), with distances in s.dist and
 * s.settled[v] === stamp. The stamp comes from `beginSearch`.
 */
export function searchFrom(net: RoadNetwork, s: SearchScratch, stamp: number, snap: { edge: number; along: number; leg: number }, cutoffM: number): number {
  const { edgeFrom, edgeTo, edgeLength, adjStart, adjEdge, adjNode } = net;
  const { dist, reached, settled, order, heap } = s;
  heap.size = 0;
  const relax = (v: number, d: number) => {
    if (d > cutoffM || (reached[v] === stamp && d >= dist[v])) return;
    reached[v] = stamp;
    dist[v] = d;
    heap.push(d, v);
  };
  relax(edgeFrom[snap.edge], snap.leg + snap.along);
  relax(edgeTo[snap.edge], snap.leg + (edgeLength[snap.edge] - snap.along));
  let n = 0;
  while (heap.size > 0) {
    const v = heap.pop();
    if (settled[v] === stamp) continue;
    settled[v] = stamp;
    order[n++] = v;
    const d = dist[v];
    for (let k = adjStart[v], end = adjStart[v + 1]; k < end; k++) relax(adjNode[k], d + edgeLength[adjEdge[k]]);
  }
  return n;
}

/** For isochrone.ts: the shared per-network search memory and its stamp. */
export function beginSearch(net: RoadNetwork): { scratch: SearchScratch; stamp: number } {
  const scratch = searchScratch(net);
  return { scratch, stamp: nextStamp(scratch) };
}

function checkRange(demand: DemandIndex, range: DemandRange | undefined): [number, number] {
  if (!range) return [0, demand.count];
  const [lo, hi] = range;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < lo || hi > demand.count) {
    throw new RangeError(`range must be integers 0 <= lo <= hi <= ${demand.count}, got [${lo}, ${hi}]`);
  }
  return [lo, hi];
}

function checkCutoff(cutoffM: number): void {
  if (!(cutoffM >= 0) || !Number.isFinite(cutoffM)) throw new RangeError(`cutoffM must be a finite non-negative number, got ${cutoffM}`);
}

// ---------------------------------------------------------------------------------------------------------
// Many sources: coverage and catchments.
// ---------------------------------------------------------------------------------------------------------

/**
 * One Dijkstra from all sources at once (each starts at both ends of its snapped edge, its leg counted),
 * bounded by cutoffM: for every node the distance to the nearest source and which source that is. Among
 * equally near sources the lowest index wins, so the answer does not depend on the order of the heap.
 */
export function reach(net: RoadNetwork, sources: readonly (readonly [number, number])[], cutoffM: number, maxSnapM = 500): Reach {
  checkCutoff(cutoffM);
  const { edgeFrom, edgeTo, edgeLength, adjStart, adjEdge, adjNode, nodeCount } = net;
  const grid = edgeGrid(net);
  const dist = new Float64Array(nodeCount).fill(Infinity);
  const source = new Int32Array(nodeCount).fill(-1);
  const done = new Uint8Array(nodeCount);
  const heap = new NodeHeap(2 * sources.length + 64);
  const sourcesOnEdge = new Map<number, number[]>();
  const out = newSnapOut();

  // Equal distances keep the lower source index without a new heap entry: the entry already queued at
  // that distance reads source[v] when it is settled. A tie can only arrive before v is settled, since it
  // comes from a node nearer than v (edges have positive length).
  const relax = (v: number, d: number, s: number) => {
    if (d > cutoffM) return;
    if (d < dist[v]) {
      dist[v] = d;
      source[v] = s;
      heap.push(d, v);
    } else if (d === dist[v] && s < source[v]) source[v] = s;
  };

  const snaps = sources.map(([x, y], i): Snap | null => {
    if (!snapInto(net, grid, x, y, maxSnapM, out)) return null;
    const list = sourcesOnEdge.get(out.edge);
    if (list) list.push(i);
    else sourcesOnEdge.set(out.edge, [i]);
    relax(edgeFrom[out.edge], out.leg + out.along, i);
    relax(edgeTo[out.edge], out.leg + (edgeLength[out.edge] - out.along), i);
    return { edge: out.edge, along: out.along, distanceM: out.leg, point: [out.x, out.y] };
  });

  while (heap.size > 0) {
    const v = heap.pop();
    if (done[v]) continue;
    done[v] = 1;
    const d = dist[v], s = source[v];
    for (let k = adjStart[v], end = adjStart[v + 1]; k < end; k++) relax(adjNode[k], d + edgeLength[adjEdge[k]], s);
  }
  return { cutoffM, snaps, dist, source, sourcesOnEdge };
}

/**
 * Per demand point of the range: the network distance to the nearest source of `reached` and which source
 * that is (Infinity and -1 beyond the cutoff, or for a point that snaps to no road). A point's distance is
 * the nearer end of its edge plus the metres along to its snap plus its leg, or, for a source on the same
 * edge, the source's leg plus the metres between the two snaps plus the point's leg. Result k belongs to
 * demand point lo + k.
 */
export function demandDistances(net: RoadNetwork, demand: DemandIndex, reached: Reach, range?: DemandRange): DemandDistances {
  const [lo, hi] = checkRange(demand, range);
  const { edgeFrom, edgeTo, edgeLength } = net;
  const { dist, source, snaps, sourcesOnEdge, cutoffM } = reached;
  const distance = new Float64Array(hi - lo).fill(Infinity);
  const nearest = new Int32Array(hi - lo).fill(-1);
  for (let i = lo; i < hi; i++) {
    const e = demand.edge[i];
    if (e < 0) continue;
    const along = demand.along[i], leg = demand.leg[i];
    const u = edgeFrom[e], v = edgeTo[e];
    let best = dist[u] + along + leg;
    let bestSource = source[u];
    const viaV = dist[v] + (edgeLength[e] - along) + leg;
    if (viaV < best || (viaV === best && source[v] < bestSource)) {
      best = viaV;
      bestSource = source[v];
    }
    const onEdge = sourcesOnEdge.get(e);
    if (onEdge) {
      for (const s of onEdge) {
        const snap = snaps[s]!;
        const direct = snap.distanceM + Math.abs(along - snap.along) + leg;
        if (direct < best || (direct === best && s < bestSource)) {
          best = direct;
          bestSource = s;
        }
      }
    }
    if (best <= cutoffM) {
      distance[i - lo] = best;
      nearest[i - lo] = bestSource;
    }
  }
  return { distance, nearest };
}

// ---------------------------------------------------------------------------------------------------------
// One source at a time: cover sets of candidate sites.
// ---------------------------------------------------------------------------------------------------------

/**
 * For each candidate site: the demand points of the range within cutoffM of it on the network (both legs
 * included), as sorted indices numbered from lo (k is demand point lo + k) — the same points
 * `demandDistances` would find within the cutoff of that one site. null for a candidate that cannot be
 * snapped (no road within maxSnapM); an empty list for one that reaches nobody.
 *
 * One bounded Dijkstra per candidate over per-network scratch memory; then the points on every edge that
 * touches a settled node, plus those on the candidate's own edge, are measured from the edge's ends (and,
 * on its own edge, from the candidate directly).
 */
export function coverSets(
  net: RoadNetwork,
  demand: DemandIndex,
  candidates: readonly (readonly [number, number])[],
  cutoffM: number,
  range?: DemandRange,
  maxSnapM = 500,
): (Int32Array | null)[] {
  checkCutoff(cutoffM);
  const [lo, hi] = checkRange(demand, range);
  const { edgeFrom, edgeTo, edgeLength, adjStart, adjEdge } = net;
  const { edgeStart, edgePoints } = demand;
  const dAlong = demand.along, dLeg = demand.leg;
  const grid = edgeGrid(net);
  const s = searchScratch(net);
  const { dist, settled, edgeMark, order } = s;
  const snap = newSnapOut();
  let buf = new Int32Array(1024);
  let n = 0;

  const collect = (e: number, stamp: number) => {
    const u = edgeFrom[e], v = edgeTo[e];
    const du = settled[u] === stamp ? dist[u] : Infinity;
    const dv = settled[v] === stamp ? dist[v] : Infinity;
    const length = edgeLength[e];
    const own = e === snap.edge;
    for (let k = edgeStart[e], end = edgeStart[e + 1]; k < end; k++) {
      const p = edgePoints[k];
      if (p < lo || p >= hi) continue;
      const along = dAlong[p], leg = dLeg[p];
      let d = Math.min(du + along + leg, dv + (length - along) + leg);
      if (own) d = Math.min(d, snap.leg + Math.abs(along - snap.along) + leg);
      if (d > cutoffM) continue;
      if (n === buf.length) {
        const bigger = new Int32Array(buf.length * 2);
        bigger.set(buf);
        buf = bigger;
      }
      buf[n++] = p - lo;
    }
  };

  return candidates.map(([x, y]) => {
    if (!snapInto(net, grid, x, y, maxSnapM, snap)) return null;
    if (snap.leg > cutoffM) return new Int32Array(0);
    const stamp = nextStamp(s);
    const settledCount = searchFrom(net, s, stamp, snap, cutoffM);
    n = 0;
    edgeMark[snap.edge] = stamp;
    collect(snap.edge, stamp);
    for (let k = 0; k < settledCount; k++) {
      const v = order[k];
      for (let a = adjStart[v], end = adjStart[v + 1]; a < end; a++) {
        const e = adjEdge[a];
        if (edgeMark[e] === stamp) continue;
        edgeMark[e] = stamp;
        collect(e, stamp);
      }
    }
    return buf.slice(0, n).sort();
  });
}
