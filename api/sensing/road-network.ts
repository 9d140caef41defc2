/**
 * Road-network routing: shortest paths by network distance (metres) over the city's road segments.
 *
 * The roads come as straight LineString segments (WGS84 lng/lat). Segments that meet at a shared vertex
 * share the exact coordinates, but many junctions are T-junctions: one road ends ON the interior of another
 * (within half a metre or so) and the other road is not split there. Building the graph therefore "nodes"
 * the segments first: every vertex that lies within a tolerance of another segment splits that segment, and
 * (optionally) segments that properly cross are split at the crossing. After noding every edge is a
 * straight line between two nodes, so a route is simply the sequence of node coordinates.
 *
 * Distances use a local equirectangular approximation (accurate to well under 0.1 % over a few kilometres at
 * the city's latitude): an edge is measured with the metres-per-degree of its own mid latitude. The same
 * metric is used for edge lengths, snapping and connector legs, so distances add up along a path.
 *
 * Everything here is a pure function over data: no I/O, no imports from the rest of the repo. The network
 * is built once (tens of milliseconds for 15,000 segments) and then answers queries in milliseconds.
 */
import Flatbush from 'flatbush';
import TinyQueue from 'tinyqueue';

export interface RoadSegment {
  id: number;
  coordinates: [number, number][];
}

/**
 * A noded, routable road graph. Treat it as opaque: the arrays are exposed read-only for inspection and
 * drawing, and `scratch` is reused by queries so that a query allocates nothing proportional to the city.
 */
export interface RoadNetwork {
  nodeCount: number;
  edgeCount: number;
  nodeLng: Float64Array;
  nodeLat: Float64Array;
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  /** Length of each edge in metres. */
  edgeLength: Float64Array;
  /** The `RoadSegment.id` each edge was cut from. */
  edgeSegmentId: Float64Array;
  /** Compressed adjacency: the edges at node v are adjEdge[adjStart[v] .. adjStart[v + 1]), the node across in adjNode. */
  adjStart: Int32Array;
  adjEdge: Int32Array;
  adjNode: Int32Array;
  /** Flatbush over edge bounding boxes (degrees); null for an empty network, which Flatbush cannot index. */
  index: Flatbush | null;
  /** @internal per-query working memory, validated by a generation stamp instead of being cleared. */
  scratch: Scratch;
}

/** Nearest point on the network to a location. */
export interface Snap {
  edge: number;
  /** metres from the edge's start (its `edgeFrom` node) */
  along: number;
  /** metres from the query point to `point` */
  distanceM: number;
  point: [number, number];
}

export interface Route {
  /**
   * Network metres from the origin snap to the target snap, plus both connector legs (straight lines from
   * the query point to its snap point and from the target's snap point to the target).
   */
  distanceM: number;
  /**
   * lng/lat polyline: origin point, origin snap, the road vertices in order, target snap, target point.
   * Consecutive duplicates are dropped (a query point lying exactly on a road, a snap exactly at a node).
   */
  path: [number, number][];
}

export interface BuildOptions {
  /** A vertex within this many metres of another segment is joined to it (T-junction). Default 1. */
  snapToleranceM?: number;
  /**
   * Split two segments where they properly cross (X-junction). Default true. Turn it off for data that
   * draws bridges and underpasses as plain crossings: with it on, such crossings become junctions.
   */
  splitCrossings?: boolean;
}

export interface RouteOptions {
  /** Routes longer than this (connector legs included) are null; the search stops there. Default 10000. */
  maxDistanceM?: number;
  /** The origin and each target must lie within this many metres of a road. Default 2000. */
  maxSnapM?: number;
}

interface Scratch {
  stamp: number;
  dist: Float64Array;
  reached: Uint32Array;
  settled: Uint32Array;
  pred: Int32Array;
  edgeMark: Uint32Array;
}

/** Metres per degree of latitude, and of longitude at the equator (scaled by cos(lat) elsewhere). */
export const METRES_PER_DEG_LAT = 110574;
export const METRES_PER_DEG_LNG_EQUATOR = 111320;
const RAD = Math.PI / 180;
/** Node identity: vertices that agree to 1e-7 degrees (~1 cm) are the same node. */
const KEY_SCALE = 1e7;

/** Metres per degree of longitude at a latitude. */
export function metresPerDegLng(lat: number): number {
  return METRES_PER_DEG_LNG_EQUATOR * Math.cos(lat * RAD);
}

/** Equirectangular distance in metres, scaled at the mid latitude of the two points. */
export function distanceM(a: readonly [number, number], b: readonly [number, number]): number {
  const dx = (b[0] - a[0]) * metresPerDegLng((a[1] + b[1]) / 2);
  const dy = (b[1] - a[1]) * METRES_PER_DEG_LAT;
  return Math.hypot(dx, dy);
}

const nodeKey = (x: number, y: number) => `${Math.round(x * KEY_SCALE)},${Math.round(y * KEY_SCALE)}`;

/**
 * Where a point projects onto the segment (ax,ay)–(bx,by), measured in metres with `kx` metres per degree
 * of longitude: the parameter t in [0, 1] and the squared distance in m².
 */
function project(px: number, py: number, ax: number, ay: number, bx: number, by: number, kx: number): { t: number; d2: number } {
  const ux = (bx - ax) * kx;
  const uy = (by - ay) * METRES_PER_DEG_LAT;
  const wx = (px - ax) * kx;
  const wy = (py - ay) * METRES_PER_DEG_LAT;
  const uu = ux * ux + uy * uy;
  let t = uu > 0 ? (wx * ux + wy * uy) / uu : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const dx = wx - t * ux;
  const dy = wy - t * uy;
  return { t, d2: dx * dx + dy * dy };
}

/**
 * The raw pieces of the input: every consecutive pair of coordinates of every LineString, with both ends
 * already mapped to nodes. Non-finite coordinates and zero-length pairs are skipped rather than failing the
 * whole city over one broken row.
 */
function collectPieces(segments: RoadSegment[]) {
  const nodeOf = new Map<string, number>();
  const lng: number[] = [];
  const lat: number[] = [];
  const node = (x: number, y: number): number => {
    const key = nodeKey(x, y);
    let v = nodeOf.get(key);
    if (v === undefined) {
      v = lng.length;
      nodeOf.set(key, v);
      lng.push(x);
      lat.push(y);
    }
    return v;
  };
  const a: number[] = [];
  const b: number[] = [];
  const segId: number[] = [];
  for (const seg of segments) {
    const cs = seg.coordinates;
    for (let i = 0; i + 1 < cs.length; i++) {
      const [x0, y0] = cs[i];
      const [x1, y1] = cs[i + 1];
      if (!Number.isFinite(x0) || !Number.isFinite(y0) || !Number.isFinite(x1) || !Number.isFinite(y1)) continue;
      const u = node(x0, y0);
      const v = node(x1, y1);
      if (u === v) continue;
      a.push(u);
      b.push(v);
      segId.push(seg.id);
    }
  }
  return { nodeOf, lng, lat, a, b, segId, node };
}

/**
 * Noding: the split points of each piece, as flat [t, node, t, node, …] lists (undefined where none), and
 * extra links between nodes, as flat [u, v, segmentId, …] triples.
 *
 * (1) T-junctions: each node within `tol` metres of the interior of a piece it is not an end of splits that
 *     piece at its projection. The node keeps its own coordinates, so the road gets a kink of at most `tol`
 *     — which is what joins the two roads. A node within `tol` of a piece's END (its projection falls at or
 *     beyond the end) is linked to that end node instead: a short connector that closes near-miss gaps
 *     without making the road double back.
 * (2) X-junctions: two pieces that properly cross, away from all four ends by more than `tol` (closer
 *     crossings are already handled by (1)), are both split at a new node at the crossing.
 */
function nodePieces(p: ReturnType<typeof collectPieces>, tol: number, splitCrossings: boolean) {
  const { lng, lat, a, b } = p;
  const n = a.length;
  const splits: (number[] | undefined)[] = new Array(n);
  const links: number[] = [];
  const addSplit = (piece: number, t: number, v: number) => (splits[piece] ??= []).push(t, v);
  if (n === 0) return { splits, links };

  const index = new Flatbush(n);
  const tolLat = tol / METRES_PER_DEG_LAT;
  for (let i = 0; i < n; i++) {
    const ax = lng[a[i]], ay = lat[a[i]], bx = lng[b[i]], by = lat[b[i]];
    // The widest longitude margin is at the end nearest the pole; 1 % spare for rounding.
    const tolLng = (tol / metresPerDegLng(Math.max(Math.abs(ay), Math.abs(by)))) * 1.01;
    index.add(Math.min(ax, bx) - tolLng, Math.min(ay, by) - tolLat, Math.max(ax, bx) + tolLng, Math.max(ay, by) + tolLat);
  }
  index.finish();

  const tol2 = tol * tol;
  const nodeCount = lng.length; // crossing nodes added below need no T-test: they lie on their pieces
  for (let v = 0; v < nodeCount; v++) {
    const x = lng[v], y = lat[v];
    const kx = metresPerDegLng(y);
    for (const i of index.search(x, y, x, y)) {
      if (a[i] === v || b[i] === v) continue;
      const { t, d2 } = project(x, y, lng[a[i]], lat[a[i]], lng[b[i]], lat[b[i]], kx);
      if (d2 > tol2) continue;
      if (t <= 0) links.push(v, a[i], p.segId[i]);
      else if (t >= 1) links.push(v, b[i], p.segId[i]);
      else addSplit(i, t, v);
    }
  }

  if (splitCrossings) {
    for (let i = 0; i < n; i++) {
      const ax = lng[a[i]], ay = lat[a[i]], bx = lng[b[i]], by = lat[b[i]];
      const rx = bx - ax, ry = by - ay;
      const kx = metresPerDegLng((ay + by) / 2);
      const lenI = Math.hypot(rx * kx, ry * METRES_PER_DEG_LAT);
      for (const j of index.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by))) {
        if (j <= i) continue;
        const cx = lng[a[j]], cy = lat[a[j]], dx = lng[b[j]], dy = lat[b[j]];
        const sx = dx - cx, sy = dy - cy;
        // Intersection parameters are invariant under the (affine) degree→metre map, so solve in degrees.
        const denom = rx * sy - ry * sx;
        if (Math.abs(denom) <= 1e-12 * Math.hypot(rx, ry) * Math.hypot(sx, sy)) continue; // (near) parallel
        const qx = cx - ax, qy = cy - ay;
        const t = (qx * sy - qy * sx) / denom;
        const u = (qx * ry - qy * rx) / denom;
        const lenJ = Math.hypot(sx * kx, sy * METRES_PER_DEG_LAT);
        if (t * lenI <= tol || (1 - t) * lenI <= tol || u * lenJ <= tol || (1 - u) * lenJ <= tol) continue;
        const v = p.node(ax + t * rx, ay + t * ry);
        addSplit(i, t, v);
        addSplit(j, u, v);
      }
    }
  }
  return { splits, links };
}

/** Build the routable graph. Pure and deterministic; call once and reuse the result for every query. */
export function buildRoadNetwork(segments: RoadSegment[], options: BuildOptions = {}): RoadNetwork {
  const tol = options.snapToleranceM ?? 1;
  if (!(tol >= 0)) throw new RangeError(`snapToleranceM must be a non-negative number, got ${tol}`);
  const pieces = collectPieces(segments);
  const { splits, links } = nodePieces(pieces, tol, options.splitCrossings ?? true);
  const { lng, lat, a, b, segId } = pieces;
  const nodeCount = lng.length;

  // Cut every piece at its split points in order along it. The same pair of nodes is joined once: edges
  // are straight, so two edges between the same nodes are the same road drawn twice.
  const from: number[] = [];
  const to: number[] = [];
  const edgeSeg: number[] = [];
  const seen = new Set<number>();
  const emit = (u: number, v: number, id: number) => {
    if (u === v) return;
    const key = u < v ? u * nodeCount + v : v * nodeCount + u;
    if (seen.has(key)) return;
    seen.add(key);
    from.push(u);
    to.push(v);
    edgeSeg.push(id);
  };
  for (let i = 0; i < a.length; i++) {
    const s = splits[i];
    if (!s) {
      emit(a[i], b[i], segId[i]);
      continue;
    }
    const order = Array.from({ length: s.length / 2 }, (_, k) => k).sort((k, l) => s[2 * k] - s[2 * l]);
    let prev = a[i];
    for (const k of order) {
      emit(prev, s[2 * k + 1], segId[i]);
      prev = s[2 * k + 1];
    }
    emit(prev, b[i], segId[i]);
  }
  // A link is credited to the road whose end it extends.
  for (let k = 0; k < links.length; k += 3) emit(links[k], links[k + 1], links[k + 2]);

  const edgeCount = from.length;
  const nodeLng = Float64Array.from(lng);
  const nodeLat = Float64Array.from(lat);
  const edgeFrom = Int32Array.from(from);
  const edgeTo = Int32Array.from(to);
  const edgeLength = new Float64Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    const u = edgeFrom[e], v = edgeTo[e];
    edgeLength[e] = distanceM([nodeLng[u], nodeLat[u]], [nodeLng[v], nodeLat[v]]);
  }

  const adjStart = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) {
    adjStart[edgeFrom[e] + 1]++;
    adjStart[edgeTo[e] + 1]++;
  }
  for (let v = 0; v < nodeCount; v++) adjStart[v + 1] += adjStart[v];
  const fill = adjStart.slice(0, nodeCount);
  const adjEdge = new Int32Array(2 * edgeCount);
  const adjNode = new Int32Array(2 * edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    const u = edgeFrom[e], v = edgeTo[e];
    adjEdge[fill[u]] = e;
    adjNode[fill[u]++] = v;
    adjEdge[fill[v]] = e;
    adjNode[fill[v]++] = u;
  }

  let index: Flatbush | null = null;
  if (edgeCount > 0) {
    index = new Flatbush(edgeCount);
    for (let e = 0; e < edgeCount; e++) {
      const ax = nodeLng[edgeFrom[e]], ay = nodeLat[edgeFrom[e]], bx = nodeLng[edgeTo[e]], by = nodeLat[edgeTo[e]];
      index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    }
    index.finish();
  }

  return {
    nodeCount,
    edgeCount,
    nodeLng,
    nodeLat,
    edgeFrom,
    edgeTo,
    edgeLength,
    edgeSegmentId: Float64Array.from(edgeSeg),
    adjStart,
    adjEdge,
    adjNode,
    index,
    scratch: {
      stamp: 0,
      dist: new Float64Array(nodeCount),
      reached: new Uint32Array(nodeCount),
      settled: new Uint32Array(nodeCount),
      pred: new Int32Array(nodeCount),
      edgeMark: new Uint32Array(edgeCount),
    },
  };
}

/** Exact snap of a point onto one edge, in the edge's own metric (so `along` agrees with `edgeLength`). */
function snapToEdge(net: RoadNetwork, e: number, x: number, y: number): Snap {
  const u = net.edgeFrom[e], v = net.edgeTo[e];
  const ax = net.nodeLng[u], ay = net.nodeLat[u], bx = net.nodeLng[v], by = net.nodeLat[v];
  const { t } = project(x, y, ax, ay, bx, by, metresPerDegLng((ay + by) / 2));
  // At the ends, the node's own coordinates (interpolation would be off in the last bit).
  const point: [number, number] = t === 0 ? [ax, ay] : t === 1 ? [bx, by] : [ax + t * (bx - ax), ay + t * (by - ay)];
  return { edge: e, along: t * net.edgeLength[e], distanceM: distanceM([x, y], point), point };
}

/**
 * Nearest point on the network to a location: the edge, where on it, and how far (metres). null if the
 * network is empty or nothing lies within maxDistanceM (default 2000).
 *
 * Flatbush ranks boxes by distance in degrees, and a degree of longitude is ~10 % shorter than one of
 * latitude here, so its nearest is only a first guess. The guess's true distance D then bounds the answer:
 * any closer edge has a box within D metres of the point along each axis, and that box is searched exactly.
 */
export function snapToNetwork(net: RoadNetwork, point: [number, number], maxDistanceM = 2000): Snap | null {
  const { index } = net;
  const [x, y] = point;
  if (!index || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  const kx = metresPerDegLng(y);
  const slack = 1.01; // cos(lat) changes a little across the search radius
  const degRadius = (maxDistanceM / Math.min(kx, METRES_PER_DEG_LAT)) * slack;
  let best: Snap | null = null;
  for (const e of index.neighbors(x, y, 4, degRadius)) {
    const s = snapToEdge(net, e, x, y);
    if (!best || s.distanceM < best.distanceM) best = s;
  }
  if (!best) return null;
  const r = Math.min(best.distanceM, maxDistanceM) * slack;
  const rx = r / kx, ry = r / METRES_PER_DEG_LAT;
  for (const e of index.search(x - rx, y - ry, x + rx, y + ry)) {
    const s = snapToEdge(net, e, x, y);
    if (s.distanceM < best.distanceM || (s.distanceM === best.distanceM && e < best.edge)) best = s;
  }
  return best.distanceM <= maxDistanceM ? best : null;
}

/** A queue entry: a node (v >= 0) or a target (v = -1 - targetIndex) with the node it was reached from. */
interface Entry {
  d: number;
  v: number;
  /** for a target: the node it was reached from, or -1 when reached directly along the origin's edge */
  via: number;
}

/** Start a query: bump the generation stamp so every scratch slot from earlier queries reads as unset. */
function nextStamp(s: Scratch): number {
  if (s.stamp >= 0xfffffffe) {
    s.stamp = 0;
    s.reached.fill(0);
    s.settled.fill(0);
    s.edgeMark.fill(0);
  }
  return ++s.stamp;
}

/** Push a point unless it repeats the last one. */
function pushPoint(path: [number, number][], p: [number, number]): void {
  const last = path[path.length - 1];
  if (!last || last[0] !== p[0] || last[1] !== p[1]) path.push(p);
}

/**
 * One Dijkstra from `origin` to many `targets` at once. Result i belongs to targets[i]: null when the
 * target cannot be snapped, or is unreachable (another connected component) within maxDistanceM.
 *
 * The origin and the targets sit on their snapped edges as virtual positions: the search starts at both
 * ends of the origin's edge, and a target enters the queue (with its connector leg added) when either end of
 * its edge is settled, or at once, directly along the edge, when it shares the origin's edge. A target is
 * final when it leaves the queue; the search stops once every target has, or past maxDistanceM.
 */
export function routesTo(net: RoadNetwork, origin: [number, number], targets: [number, number][], options: RouteOptions = {}): (Route | null)[] {
  const maxD = options.maxDistanceM ?? 10000;
  const maxSnap = options.maxSnapM ?? 2000;
  const results: (Route | null)[] = new Array(targets.length).fill(null);
  const os = snapToNetwork(net, origin, maxSnap);
  if (!os) return results;

  const { edgeFrom, edgeTo, edgeLength, adjStart, adjEdge, adjNode, nodeLng, nodeLat, scratch } = net;
  const { dist, reached, settled, pred, edgeMark } = scratch;
  const stamp = nextStamp(scratch);
  const queue = new TinyQueue<Entry>([], (p, q) => p.d - q.d);

  const snaps = targets.map((t) => snapToNetwork(net, t, maxSnap));
  const onEdge = new Map<number, number[]>();
  let remaining = 0;
  snaps.forEach((s, j) => {
    if (!s) return;
    remaining++;
    edgeMark[s.edge] = stamp;
    const list = onEdge.get(s.edge);
    if (list) list.push(j);
    else onEdge.set(s.edge, [j]);
  });
  if (remaining === 0) return results;

  const relax = (v: number, d: number, from: number) => {
    if (d > maxD || (reached[v] === stamp && d >= dist[v])) return;
    reached[v] = stamp;
    dist[v] = d;
    pred[v] = from;
    queue.push({ d, v, via: -1 });
  };
  const offerTarget = (j: number, d: number, via: number) => {
    if (d <= maxD) queue.push({ d, v: -1 - j, via });
  };

  const start = os.distanceM;
  relax(edgeFrom[os.edge], start + os.along, -1);
  relax(edgeTo[os.edge], start + edgeLength[os.edge] - os.along, -1);
  for (const j of onEdge.get(os.edge) ?? []) {
    const s = snaps[j]!;
    offerTarget(j, start + Math.abs(s.along - os.along) + s.distanceM, -1);
  }

  const targetDist = new Float64Array(targets.length);
  const targetVia = new Int32Array(targets.length);
  const done = new Uint8Array(targets.length);
  while (remaining > 0 && queue.length > 0) {
    const { d, v, via } = queue.pop()!;
    if (v < 0) {
      const j = -1 - v;
      if (done[j]) continue;
      done[j] = 1;
      targetDist[j] = d;
      targetVia[j] = via;
      remaining--;
      continue;
    }
    if (settled[v] === stamp) continue;
    settled[v] = stamp;
    for (let k = adjStart[v], end = adjStart[v + 1]; k < end; k++) {
      const e = adjEdge[k];
      relax(adjNode[k], d + edgeLength[e], v);
      if (edgeMark[e] !== stamp) continue;
      for (const j of onEdge.get(e)!) {
        const s = snaps[j]!;
        offerTarget(j, d + (edgeFrom[e] === v ? s.along : edgeLength[e] - s.along) + s.distanceM, v);
      }
    }
  }

  for (let j = 0; j < targets.length; j++) {
    if (!done[j]) continue;
    const nodes: number[] = [];
    for (let v = targetVia[j]; v !== -1; v = pred[v]) nodes.push(v);
    const path: [number, number][] = [];
    pushPoint(path, [origin[0], origin[1]]);
    pushPoint(path, os.point);
    for (let k = nodes.length - 1; k >= 0; k--) pushPoint(path, [nodeLng[nodes[k]], nodeLat[nodes[k]]]);
    pushPoint(path, snaps[j]!.point);
    pushPoint(path, [targets[j][0], targets[j][1]]);
    results[j] = { distanceM: targetDist[j], path };
  }
  return results;
}
