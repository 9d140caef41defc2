/**
 * "Find free parking": lots with free spaces nearest a point by distance on the road network, with the route.
 * The network is built in memory from the roads table once per process (and again when the roads change:
 * their data version), ~0.1 s for the city; each query is one Dijkstra to all candidates at once.
 */
import type pg from 'pg';
import { TRPCError } from '@trpc/server';
import { query } from '../sql';
import { buildRoadNetwork, routesTo, type RoadNetwork } from './road-network';

/** Candidates routed per query: the nearest lots with free spaces as the crow flies. */
const CANDIDATES = 30;
/** Farther than this on the roads is not "nearby". */
const MAX_ROUTE_M = 8000;
/** A point farther than this from any road cannot be routed from. */
const MAX_SNAP_M = 1500;
const WALK_M_PER_MIN = 80;
const DRIVE_M_PER_MIN = 400; // 24 km/h in town

/** The built network per database (pool) and the roads version it was built from. */
const networks = new WeakMap<pg.Pool, { version: number; network: Promise<RoadNetwork> }>();

export async function roadNetwork(pool: pg.Pool): Promise<RoadNetwork> {
  const { rows } = await pool.query<{ version: string }>(`SELECT version FROM data_versions WHERE layer = 'roads'`);
  const version = Number(rows[0]?.version ?? 0);
  let cached = networks.get(pool);
  if (!cached || cached.version !== version) {
    const network = pool
      .query<{ id: number; coordinates: [number, number][] }>(`SELECT id, (ST_AsGeoJSON(geom)::json) -> 'coordinates' AS coordinates FROM roads`)
      .then((r) => buildRoadNetwork(r.rows));
    cached = { version, network };
    networks.set(pool, cached);
    network.catch(() => {
      if (networks.get(pool)?.network === network) networks.delete(pool);
    });
  }
  return cached.network;
}

export interface FreeParking {
  id: number;
  name: string;
  kind: string;
  capacity: number;
  free: number;
  center: [number, number];
  /** On the roads, including the walk from the point to the nearest road and from the road to the lot. */
  distanceM: number;
  straightM: number;
  walkMinutes: number;
  driveMinutes: number;
  route: [number, number][];
}

export async function nearestFreeParking(pool: pg.Pool, origin: [number, number], limit: number): Promise<FreeParking[]> {
  const network = await roadNetwork(pool);
  const rows = await query(pool, 'parking-candidates', [origin[0], origin[1], CANDIDATES]);
  const routes = routesTo(network, origin, rows.map((r) => [r.lng, r.lat] as [number, number]), { maxDistanceM: MAX_ROUTE_M, maxSnapM: MAX_SNAP_M });
  if (rows.length && routes.every((r) => r === null)) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `lng/lat: ${origin[0]}, ${origin[1]} is more than ${MAX_SNAP_M} m from any road, or no free parking lies within ${MAX_ROUTE_M / 1000} km on the roads` });
  }
  return rows
    .map((r, i) => ({ r, route: routes[i] }))
    .filter((x): x is { r: (typeof rows)[number]; route: NonNullable<(typeof routes)[number]> } => x.route !== null)
    .sort((a, b) => a.route.distanceM - b.route.distanceM || a.r.id - b.r.id)
    .slice(0, limit)
    .map(({ r, route }) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      capacity: r.capacity,
      free: r.free,
      center: [r.lng, r.lat] as [number, number],
      distanceM: Math.round(route.distanceM),
      straightM: Math.round(r.straight_m),
      walkMinutes: Math.max(1, Math.round(route.distanceM / WALK_M_PER_MIN)),
      driveMinutes: Math.max(1, Math.round(route.distanceM / DRIVE_M_PER_MIN)),
      route: route.path,
    }));
}
