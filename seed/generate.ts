import { readFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import type { LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { Random } from './random';
import { asMulti, M_PER_DEG_LAT, mPerDegLng, randomPointIn, subdivide, type Area } from './subdivide';
import { CITY_CENTRE, INCIDENT_SOURCES, INCIDENT_TYPES, OPEN_STATUS_WEIGHTS, ROAD_NAME_ROOTS, ROAD_SUFFIXES, URBAN_DISTRICTS } from './catalog';
import type { AreaLevel, BuildingUse, CaseSource, CaseStatus, FacilityKind, OnlineState, RoadClass } from '../tiles/domain';

/** The real administrative hierarchy of Fuzhou, extracted once by `seed/extract.ts`. */
interface AdminData {
  city: { code: string; name: string };
  districts: { code: string; name: string; outline: Position[][][] }[];
  streets: { code: string; name: string; parent: string }[];
  communities: { code: string; name: string; parent: string }[];
}

export interface AreaRow {
  code: string;
  name: string;
  level: AreaLevel;
  parent_code: string | null;
  households: number;
  geom: MultiPolygon;
}
export interface BuildingRow {
  id: number;
  grid_code: string;
  name: string | null;
  address: string;
  doorplate: string;
  use: BuildingUse;
  floors: number;
  height: number;
  built_year: number;
  households: number;
  pop_0_14: number;
  pop_15_59: number;
  pop_60_plus: number;
  geom: Polygon;
}
export interface RoadRow {
  id: number;
  name: string;
  class: RoadClass;
  district_code: string;
  geom: LineString;
}
export interface CameraRow {
  id: number;
  code: string;
  name: string;
  grid_code: string;
  kind: 'fixed' | 'dome' | 'ai';
  status: OnlineState;
  owner: string;
  direction: number;
  fov: number;
  range_m: number;
  geom: Point;
}
export interface ParkingRow {
  id: number;
  name: string;
  grid_code: string;
  kind: 'lot' | 'garage' | 'street';
  capacity: number;
  occupied: number;
  geom: Point;
}
export interface FacilityRow {
  id: number;
  name: string;
  grid_code: string;
  kind: FacilityKind;
  geom: Point;
}
export interface IncidentRow {
  id: number;
  case_no: string;
  type_code: string;
  source: CaseSource;
  status: CaseStatus;
  priority: number;
  description: string;
  grid_code: string;
  reported_at: string;
  closed_at: string | null;
  geom: Point;
}

export interface City {
  areas: AreaRow[];
  roads: RoadRow[];
  buildings: BuildingRow[];
  cameras: CameraRow[];
  parking: ParkingRow[];
  facilities: FacilityRow[];
  incidents: IncidentRow[];
}

export interface GenerateOptions {
  seed: number;
  /** Multiplies buildings and incidents (benchmarks); areas, cameras and facilities stay as they are. */
  scale: number;
  /** The moment "now" in the history, so that a given seed always yields the same incidents. */
  now?: Date;
  onProgress?: (message: string) => void;
}

const ADMIN_FILE = new URL('./data/fuzhou-admin.json', import.meta.url);
const HOUSEHOLDS_PER_GRID = 400;
const PERSONS_PER_HOUSEHOLD = 2.6;
/** Thirteen months and a little: a year-on-year comparison of any month of the last one works. */
const HISTORY_DAYS = 400;
/** Incidents city-wide at scale 1 over the history. */
const INCIDENTS_AT_SCALE_1 = 110_000;
/** Fixed reference "now" of the seeded history: the same seed gives the same dates on every machine. */
export const SEED_NOW = new Date('2026-11-20T16:00:00+08:00');

type Kind = 'urban' | 'town' | 'rural';

/** Density of the city around a point: 1 far out, up to ~40 in the old town. */
function densityAt(p: Position): number {
  const dx = (p[0] - CITY_CENTRE[0]) * mPerDegLng(p[1]);
  const dy = (p[1] - CITY_CENTRE[1]) * M_PER_DEG_LAT;
  const d2 = (dx * dx + dy * dy) / 1e6; // km²
  return 1 + 40 * Math.exp(-d2 / 40);
}

function kindOf(districtCode: string, communityName: string): Kind {
  if (!communityName.endsWith('村')) return URBAN_DISTRICTS.has(districtCode) ? 'urban' : 'town';
  return 'rural';
}

function toLngLat(origin: Position, east: number, north: number): Position {
  return [origin[0] + east / mPerDegLng(origin[1]), origin[1] + north / M_PER_DEG_LAT];
}

function round6(p: Position): Position {
  return [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
}

/** A rectangle of w×d metres centred at `c`, rotated by `angle` radians. */
function rectangle(c: Position, w: number, d: number, angle: number): Position[] {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const corners = [
    [-w / 2, -d / 2],
    [w / 2, -d / 2],
    [w / 2, d / 2],
    [-w / 2, d / 2],
  ].map(([x, y]) => round6(toLngLat(c, x * cos - y * sin, x * sin + y * cos)));
  return [...corners, corners[0]];
}

/**
 * Generate the whole city. Pure and deterministic: the same options give the same city. Each step draws from
 * a random stream of its own, forked from the seed by name, so a step can change without moving the others'
 * draws; the steps that share a stream (cameras, community and street services) must keep their order.
 */
export function generateCity(options: GenerateOptions): City {
  const { seed, scale } = options;
  const now = options.now ?? SEED_NOW;
  const log = options.onProgress ?? (() => {});
  const admin: AdminData = JSON.parse(readFileSync(ADMIN_FILE, 'utf8'));
  const root = new Random(seed);

  const { areas, grids, roadCells } = generateAreas(admin, root, log);
  const roads = generateRoads(roadCells);
  const buildings = generateBuildings(grids, root.fork('buildings'), scale);
  log(`roads: ${roads.length}, buildings: ${buildings.length}`);

  const services = root.fork('sensors');
  const cameras = generateCameras(grids, services);
  const { parking, facilities } = generateCommunityServices(grids, services);
  facilities.push(...generateStreetServices(grids, services, facilities.length + 1));
  log(`cameras: ${cameras.length}, parking: ${parking.length}, facilities: ${facilities.length}`);

  const incidents = generateIncidents(grids, root.fork('incidents'), scale, now);
  log(`incidents: ${incidents.length}`);
  return { areas, roads, buildings, cameras, parking, facilities, incidents };
}

/** A grid and what later steps need to fill it: its outline, the kind of place, its names, its street angle. */
interface GridPlace {
  row: AreaRow;
  feature: Area;
  kind: Kind;
  district: string;
  street: string;
  community: string;
  angle: number;
}

/** Sibling cells whose shared borders become roads of one class in one district. */
interface RoadCells {
  district: string;
  cls: RoadClass;
  cells: Area[];
}

/**
 * The district outlines, made to tile the city: the source outlines overlap their neighbours by slivers here
 * and there, so each district gives up what an earlier one already covers. Also their union, the city.
 */
function districtOutlines(admin: AdminData): { districts: Area[]; city: Area } {
  const districts: Area[] = [];
  let covered: Area | null = null;
  for (const d of admin.districts) {
    let outline = cleanOutline(turf.multiPolygon(d.outline));
    if (covered) {
      const rest = turf.difference(turf.featureCollection([outline, covered])) as Area | null;
      if (!rest) throw new Error(`district ${d.code} lies wholly inside the districts before it`);
      outline = cleanOutline(rest);
    }
    districts.push(outline);
    covered = covered ? (turf.union(turf.featureCollection([covered, outline])) as Area) : outline;
  }
  const city = districts.reduce<Area>((acc, f) => turf.union(turf.featureCollection([acc, f])) as Area, districts[0]);
  return { districts, city };
}

/**
 * Administrative areas: the real city and districts, and synthesized street, community and grid outlines
 * (each level subdivides the one above, denser towards the old town), each district from its own stream.
 * Also the grids for the later steps, and the cells whose borders become roads, in road-id order: arterials
 * between streets and local streets between grids as they come, then community borders (added last, so
 * that the ids of the others stay as they were before community borders became roads).
 */
function generateAreas(admin: AdminData, root: Random, log: (m: string) => void): { areas: AreaRow[]; grids: GridPlace[]; roadCells: RoadCells[] } {
  const { districts, city } = districtOutlines(admin);
  const areas: AreaRow[] = [{ code: admin.city.code, name: admin.city.name, level: 'city', parent_code: null, households: 0, geom: asMulti(city) }];
  const grids: GridPlace[] = [];
  const roadCells: RoadCells[] = [];
  // Community borders become streets too, so that each community's lanes join the arterials.
  const communityBorders: RoadCells[] = [];
  const streetsOf = groupBy(admin.streets, (s) => s.parent);
  const communitiesOf = groupBy(admin.communities, (c) => c.parent);

  admin.districts.forEach((district, di) => {
    const rng = root.fork(district.code);
    const districtFeature = districts[di];
    areas.push({ code: district.code, name: district.name, level: 'district', parent_code: admin.city.code, households: 0, geom: asMulti(districtFeature) });
    const streets = streetsOf.get(district.code) ?? [];
    const streetCells = subdivideExactly(districtFeature, streets.length, rng, densityAt);
    roadCells.push({ district: district.code, cls: 'arterial', cells: streetCells });
    streets.forEach((street, si) => {
      areas.push({ code: street.code, name: street.name, level: 'street', parent_code: district.code, households: 0, geom: asMulti(streetCells[si]) });
      const communities = communitiesOf.get(street.code) ?? [];
      const communityCells = subdivideExactly(streetCells[si], communities.length, rng, densityAt);
      communityBorders.push({ district: district.code, cls: 'local', cells: communityCells });
      communities.forEach((community, ci) => {
        const kind = kindOf(district.code, community.name);
        const households = kind === 'urban' ? rng.int(1500, 4500) : kind === 'town' ? rng.int(800, 2800) : rng.int(200, 900);
        areas.push({ code: community.code, name: community.name, level: 'community', parent_code: street.code, households, geom: asMulti(communityCells[ci]) });
        const gridCount = Math.min(12, Math.max(1, Math.round(households / HOUSEHOLDS_PER_GRID)));
        const gridCells = subdivideExactly(communityCells[ci], gridCount, rng, () => 1);
        const angle = rng.range(-0.35, 0.35);
        if (kind !== 'rural') roadCells.push({ district: district.code, cls: 'local', cells: gridCells });
        gridCells.forEach((cell, gi) => {
          const code = `${community.code}${String(gi + 1).padStart(3, '0')}`;
          const row: AreaRow = {
            code,
            name: `${community.name}第${gi + 1}网格`,
            level: 'grid',
            parent_code: community.code,
            households: Math.round(households / gridCells.length),
            geom: asMulti(cell),
          };
          areas.push(row);
          grids.push({ row, feature: cell, kind, district: district.name, street: street.name, community: community.name, angle });
        });
      });
    });
    log(`areas: ${district.name} (${di + 1}/${admin.districts.length})`);
  });
  return { areas, grids, roadCells: [...roadCells, ...communityBorders] };
}

/**
 * Roads follow the synthesized borders, as they often do in a real city: the edges that sibling cells share
 * become segments, numbered in the order given and named from the road-name catalogue by their id. Draws nothing.
 */
function generateRoads(roadCells: RoadCells[]): RoadRow[] {
  const roads: RoadRow[] = [];
  for (const { district, cls, cells } of roadCells) {
    for (const [a, b] of sharedEdges(cells)) {
      const id = roads.length + 1;
      roads.push({ id, name: `${ROAD_NAME_ROOTS[(id * 7919) % ROAD_NAME_ROOTS.length]}${ROAD_SUFFIXES[(id * 31) % ROAD_SUFFIXES.length]}`, class: cls, district_code: district, geom: { type: 'LineString', coordinates: [a, b] } });
    }
  }
  return roads;
}

/** Buildings of every grid in turn (see placeBuildings), with households and population by age band. */
function generateBuildings(grids: GridPlace[], rng: Random, scale: number): BuildingRow[] {
  const buildings: BuildingRow[] = [];
  for (const g of grids) buildings.push(...placeBuildings(g, rng, scale, buildings.length + 1));
  return buildings;
}

const CAMERA_OWNERS = ['公安', '城管', '交警', '社区'];

/** Cameras (雪亮工程) of every grid: several in urban grids, few in towns, at most one in a village. */
function generateCameras(grids: GridPlace[], rng: Random): CameraRow[] {
  const cameras: CameraRow[] = [];
  for (const g of grids) {
    const cams = g.kind === 'urban' ? rng.int(3, 7) : g.kind === 'town' ? rng.int(1, 3) : rng.int(0, 1);
    for (let i = 0; i < cams; i++) {
      const kind = rng.weighted([['fixed', 60], ['dome', 25], ['ai', 15]] as const);
      const id = cameras.length + 1;
      cameras.push({
        id,
        code: `CAM${g.row.code}${String(i + 1).padStart(2, '0')}`,
        name: `${g.community}${kind === 'dome' ? '球机' : kind === 'ai' ? 'AI摄像机' : '枪机'}${i + 1}`,
        grid_code: g.row.code,
        kind,
        status: rng.chance(0.93) ? 'online' : 'offline',
        owner: rng.pick(CAMERA_OWNERS),
        direction: Math.floor(rng.range(0, 360)),
        fov: kind === 'dome' ? 120 : rng.int(55, 95),
        range_m: rng.int(30, 90),
        geom: turf.point(round6(randomPointIn(g.feature, rng))).geometry,
      });
    }
  }
  return cameras;
}

/** A facility at a random place in grid `g`. */
function facilityIn(g: GridPlace, rng: Random, id: number, kind: FacilityKind, name: string): FacilityRow {
  return { id, name, grid_code: g.row.code, kind, geom: turf.point(round6(randomPointIn(g.feature, rng))).geometry };
}

/**
 * What each community has: a service centre, likely (urban) or sometimes (rural) elderly care, an e-service
 * kiosk and a market, and its parking lots, garages and on-street sections. Parking and facilities come from
 * one stream, community by community: drawn apart, the city would change.
 */
function generateCommunityServices(grids: GridPlace[], rng: Random): { parking: ParkingRow[]; facilities: FacilityRow[] } {
  const parking: ParkingRow[] = [];
  const facilities: FacilityRow[] = [];
  const addFacility = (g: GridPlace, kind: FacilityKind, name: string) => {
    facilities.push(facilityIn(g, rng, facilities.length + 1, kind, name));
  };
  for (const [, community] of groupBy(grids, (g) => g.row.parent_code!)) {
    const first = community[0];
    const urban = first.kind !== 'rural';
    addFacility(rng.pick(community), 'service_centre', urban ? `${first.community}党群服务中心` : `${first.community}村委会便民服务点`);
    if (rng.chance(urban ? 0.8 : 0.25)) addFacility(rng.pick(community), 'elderly_care', `${first.community}居家养老服务站`);
    if (rng.chance(urban ? 0.9 : 0.4)) addFacility(rng.pick(community), 'kiosk', `${first.community}政务自助终端`);
    if (rng.chance(urban ? 0.5 : 0.15)) addFacility(rng.pick(community), 'market', `${first.community}农贸市场`);
    const lots = first.kind === 'urban' ? rng.int(2, 5) : first.kind === 'town' ? rng.int(1, 2) : rng.int(0, 1);
    for (let i = 0; i < lots; i++) {
      const g = rng.pick(community);
      const kind = rng.weighted([['lot', 45], ['garage', 20], ['street', 35]] as const);
      const capacity = kind === 'street' ? rng.int(8, 40) : kind === 'garage' ? rng.int(150, 800) : rng.int(30, 300);
      parking.push({
        id: parking.length + 1,
        name: `${first.community}${kind === 'street' ? '路内泊位' : kind === 'garage' ? '地下停车库' : '停车场'}${i + 1}`,
        grid_code: g.row.code,
        kind,
        capacity,
        occupied: Math.round(capacity * rng.range(0.35, 1)),
        geom: turf.point(round6(randomPointIn(g.feature, rng))).geometry,
      });
    }
  }
  return { parking, facilities };
}

/** What each street (街道/乡镇) has: community health centres and stations, and schools. Ids from `firstId`. */
function generateStreetServices(grids: GridPlace[], rng: Random, firstId: number): FacilityRow[] {
  const facilities: FacilityRow[] = [];
  const addFacility = (g: GridPlace, kind: FacilityKind, name: string) => {
    facilities.push(facilityIn(g, rng, firstId + facilities.length, kind, name));
  };
  for (const [, inStreet] of groupBy(grids, (g) => g.row.code.slice(0, 9))) {
    const street = inStreet[0].street;
    const urban = inStreet[0].kind !== 'rural';
    // The bound is drawn anew on every pass, as it always was: the city depends on it.
    for (let i = 0; i < rng.int(1, urban ? 3 : 2); i++) addFacility(rng.pick(inStreet), 'clinic', `${street}社区卫生服务${i === 0 ? '中心' : `站${i}`}`);
    for (let i = 0; i < rng.int(2, urban ? 6 : 3); i++) {
      const level = rng.pick(['小学', '中学', '幼儿园']);
      addFacility(rng.pick(inStreet), 'school', `${street.replace(/(街道|镇|乡)$/, '')}第${i + 1}${level}`);
    }
  }
  return facilities;
}

/**
 * A day of the history, as days before `now`: reports grew by about a third over the history as more residents
 * use the channels, and fewer come in at weekends and over the Spring Festival.
 */
function historyDay(rng: Random, nowMs: number): number {
  for (;;) {
    const daysAgo = Math.floor(rng.range(0, HISTORY_DAYS));
    const day = new Date(nowMs - daysAgo * 86_400_000 + 8 * 3_600_000);
    const weekday = day.getUTCDay();
    const md = (day.getUTCMonth() + 1) * 100 + day.getUTCDate();
    let weight = 0.75 + 0.25 * (1 - daysAgo / HISTORY_DAYS);
    if (weekday === 0 || weekday === 6) weight *= 0.7;
    if (md >= 215 && md <= 223) weight *= 0.5; // 春节 2026
    if (rng.next() < weight) return daysAgo;
  }
}

/**
 * HISTORY_DAYS of incidents before `now`, more where more people live (urban grids weigh more), by the
 * type, channel and status weights of the catalogue and by hour of day; those still within their handling
 * time (and a few stragglers) are open.
 */
function generateIncidents(grids: GridPlace[], rng: Random, scale: number, now: Date): IncidentRow[] {
  const incidents: IncidentRow[] = [];
  const total = Math.round(INCIDENTS_AT_SCALE_1 * scale);
  const cumulative: number[] = [];
  let acc = 0;
  for (const g of grids) {
    acc += g.row.households * (g.kind === 'urban' ? 1.6 : g.kind === 'town' ? 1 : 0.6);
    cumulative.push(acc);
  }
  const typeWeights = INCIDENT_TYPES.filter((t) => t.weight > 0).map((t) => [t, t.weight] as const);
  const hourWeights = Array.from({ length: 24 }, (_, h) => [h, h < 6 ? 0.3 : h < 8 ? 1.5 : h < 20 ? 4 : 1.5] as const);
  const nowMs = now.getTime();
  for (let i = 0; i < total; i++) {
    const r = rng.next() * acc;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    const g = grids[lo];
    const type = rng.weighted(typeWeights);
    const daysAgo = historyDay(rng, nowMs);
    const day = new Date(nowMs - daysAgo * 86_400_000);
    day.setUTCHours(rng.weighted(hourWeights) - 8, rng.int(0, 59), rng.int(0, 59), 0);
    let reported = day.getTime();
    if (reported > nowMs) reported -= 86_400_000;
    const ageHours = (nowMs - reported) / 3_600_000;
    const handlingHours = type.category === 'event' ? rng.range(1, 72) : rng.range(4, 240);
    let status: CaseStatus = 'closed';
    if (ageHours < handlingHours || rng.chance(0.015)) status = rng.weighted(OPEN_STATUS_WEIGHTS);
    const reportedAt = new Date(reported);
    incidents.push({
      id: i + 1,
      case_no: `FZ${reportedAt.toISOString().slice(0, 10).replace(/-/g, '')}${String(i + 1).padStart(7, '0')}`,
      type_code: type.code,
      source: rng.weighted(INCIDENT_SOURCES),
      status,
      priority: type.major === '突发事件' ? 1 : rng.chance(0.15) ? 2 : 3,
      description: `${g.community}${rng.pick(['附近', '路口', '小区门口', '沿街', '楼下'])}${type.name}`,
      grid_code: g.row.code,
      reported_at: reportedAt.toISOString(),
      closed_at: status === 'closed' ? new Date(Math.min(nowMs, reported + handlingHours * 3_600_000)).toISOString() : null,
      geom: turf.point(round6(randomPointIn(g.feature, rng))).geometry,
    });
  }
  return incidents;
}

/** Islets smaller than this are artefacts of the source's ~100 m coordinate grid, not land. */
const MIN_ISLAND_M2 = 50_000;

/**
 * The source outlines are quantized to 1/1024°, which leaves self-touching rings and specks. A union of
 * the outline with itself resolves the self-intersections (polyclip normalizes its output) and the specks
 * are dropped, so every generated area is valid and the subdivision has nothing to lose.
 */
function cleanOutline(outline: Area): Area {
  const normalized = turf.union(turf.featureCollection([outline, outline])) as Area;
  const polygons = normalized.geometry.type === 'Polygon' ? [normalized.geometry.coordinates] : normalized.geometry.coordinates;
  const kept = polygons.filter((p) => turf.area(turf.polygon(p)) >= MIN_ISLAND_M2);
  return turf.multiPolygon(kept);
}

/**
 * Roads follow the synthesized borders, as they often do in a real city: the edges that two sibling cells
 * share (never the parent's own outline, which may be coast) become road segments, each drawn once.
 */
function sharedEdges(cells: Area[], minLengthM = 40): [Position, Position][] {
  const key = (p: Position) => `${p[0].toFixed(7)},${p[1].toFixed(7)}`;
  const seen = new Map<string, { a: Position; b: Position; n: number }>();
  for (const cell of cells) {
    const polygons = cell.geometry.type === 'Polygon' ? [cell.geometry.coordinates] : cell.geometry.coordinates;
    for (const ring of polygons.flat()) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ka, kb] = [key(ring[i]), key(ring[i + 1])];
        const k = ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
        const e = seen.get(k);
        if (e) e.n++;
        else seen.set(k, { a: round6(ring[i]), b: round6(ring[i + 1]), n: 1 });
      }
    }
  }
  return [...seen.values()]
    .filter((e) => e.n >= 2 && Math.hypot((e.a[0] - e.b[0]) * mPerDegLng(e.a[1]), (e.a[1] - e.b[1]) * M_PER_DEG_LAT) >= minLengthM)
    .map((e) => [e.a, e.b]);
}

/** Map.groupBy, which Node 20 lacks. */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** `subdivide`, retried until it yields exactly `n` pieces (a Voronoi cell can, rarely, miss the parent). */
function subdivideExactly(parent: Area, n: number, rng: Random, density: (p: Position) => number): Area[] {
  for (let attempt = 0; attempt < 5; attempt++) {
    const cells = subdivide(parent, n, rng, density);
    if (cells.length === n) return cells;
  }
  throw new Error(`could not split an area into ${n} parts`);
}

const USES_URBAN = [['residential', 70], ['commercial', 10], ['office', 6], ['public', 6], ['mixed', 8]] as const satisfies readonly (readonly [BuildingUse, number])[];
const USES_RURAL = [['residential', 88], ['commercial', 4], ['public', 3], ['industrial', 5]] as const satisfies readonly (readonly [BuildingUse, number])[];

/**
 * Buildings of one grid on a rotated lattice: each lattice cell holds at most one footprint that lies
 * wholly inside the grid, so footprints never overlap and every building belongs to exactly one grid.
 * Rural grids get a village cluster around one centre instead of filling the whole (large) grid.
 */
function placeBuildings(
  g: GridPlace,
  rng: Random,
  scale: number,
  firstId: number,
): BuildingRow[] {
  const base = g.kind === 'urban' ? { spacing: 38, cap: 70 } : g.kind === 'town' ? { spacing: 40, cap: 40 } : { spacing: 26, cap: 45 };
  const spacing = Math.max(12, base.spacing / Math.sqrt(Math.max(scale, 0.05)));
  const cap = Math.max(1, Math.round(base.cap * scale));
  const bbox = turf.bbox(g.feature);
  const centre = g.kind === 'rural' ? randomPointIn(g.feature, rng, bbox) : turf.centroid(g.feature).geometry.coordinates;
  const maxRadius = g.kind === 'rural' ? spacing * Math.sqrt(cap) * 0.9 : Infinity;
  const kx = mPerDegLng(centre[1]);
  const halfW = ((bbox[2] - bbox[0]) * kx) / 2 + spacing;
  const halfH = ((bbox[3] - bbox[1]) * M_PER_DEG_LAT) / 2 + spacing;
  const extent = Math.min(Math.hypot(halfW, halfH) * 2, maxRadius);
  const cos = Math.cos(g.angle);
  const sin = Math.sin(g.angle);
  const candidates: { c: Position; d: number }[] = [];
  const steps = Math.ceil(extent / spacing);
  for (let i = -steps; i <= steps; i++) {
    for (let j = -steps; j <= steps; j++) {
      const x = i * spacing;
      const y = j * spacing;
      const d = Math.hypot(x, y);
      if (d > extent) continue;
      candidates.push({ c: toLngLat(centre, x * cos - y * sin, x * sin + y * cos), d });
    }
  }
  candidates.sort((a, b) => a.d - b.d);
  const uses = g.kind === 'rural' ? USES_RURAL : USES_URBAN;
  const rows: BuildingRow[] = [];
  const roadNo = rng.int(1, 300);
  for (const { c } of candidates) {
    if (rows.length >= cap) break;
    if (!rng.chance(0.8)) continue;
    const w = Math.min(spacing * 0.8, g.kind === 'rural' ? rng.range(8, 14) : rng.range(14, 34));
    const d = Math.min(spacing * 0.8, g.kind === 'rural' ? rng.range(7, 12) : rng.range(10, 20));
    const ring = rectangle(c, w, d, g.angle);
    if (!ring.every((p) => turf.booleanPointInPolygon(p, g.feature))) continue;
    const use = rng.weighted(uses);
    const floors =
      g.kind === 'rural' ? rng.int(1, 4)
      : g.kind === 'town' ? rng.int(2, 12)
      : use === 'residential' ? (rng.chance(0.55) ? rng.int(5, 8) : rng.int(11, 33))
      : use === 'office' ? rng.int(8, 40)
      : use === 'public' ? rng.int(2, 6)
      : rng.int(3, 20);
    const seq = rows.length + 1;
    rows.push({
      id: firstId + rows.length,
      grid_code: g.row.code,
      name: use === 'residential' ? null : `${g.community}${use === 'office' ? '大厦' : use === 'public' ? '公共服务楼' : use === 'industrial' ? '厂房' : '商业楼'}${seq}`,
      address: `福州市${g.district}${g.street}${g.community}${roadNo + Math.floor(seq / 8)}号${(seq % 8) + 1}座`,
      doorplate: `${g.row.code}${String(seq).padStart(4, '0')}`,
      use,
      floors,
      height: Math.round((floors * rng.range(2.9, 3.3) + rng.range(0, 3)) * 10) / 10,
      built_year: rng.int(g.kind === 'urban' ? 1965 : 1975, 2024),
      households: 0,
      pop_0_14: 0,
      pop_15_59: 0,
      pop_60_plus: 0,
      geom: { type: 'Polygon', coordinates: [ring] },
    });
  }
  // Share the grid's households over its homes in proportion to floor area.
  const homes = rows.filter((b) => b.use === 'residential' || b.use === 'mixed');
  const weight = homes.reduce((s, b) => s + b.floors, 0);
  for (const b of homes) {
    b.households = Math.max(1, Math.round((g.row.households * b.floors) / weight));
    const people = Math.round(b.households * PERSONS_PER_HOUSEHOLD);
    const elderly = g.kind === 'rural' ? rng.range(0.22, 0.34) : b.built_year < 1995 ? rng.range(0.2, 0.32) : rng.range(0.1, 0.2);
    const children = rng.range(0.1, 0.18);
    b.pop_60_plus = Math.round(people * elderly);
    b.pop_0_14 = Math.round(people * children);
    b.pop_15_59 = people - b.pop_60_plus - b.pop_0_14;
  }
  return rows;
}
