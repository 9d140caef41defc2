/**
 * The planners' life-circle analysis on the city's data (planning.*): isochrones, coverage of people by
 * facilities within a walking distance on the network, each facility's catchment and load, what-if scenarios
 * compared with today, and site suggestions.
 *
 * Method. The walking network is the road graph (api/sensing/road-network.ts), every street walkable both
 * ways. Each building is a demand point snapped once to its nearest street, carrying its people by the groups
 * facilities serve (counts, never persons). For a facility type, one multi-source Dijkstra from all its
 * facilities gives every building its walking distance to the nearest one and which one that is: covered
 * means within the type's reach (GB 50180-2018) or the minutes asked; a facility's catchment is the target
 * people for whom it is the nearest. An area is a contiguous run of buildings (they are kept in grid-code
 * order, and codes nest by prefix), so its figures and its sub-areas' are one pass over that run.
 *
 * The model (network, snapped buildings) is built once per process and rebuilt when roads, buildings or
 * facilities change (their data versions); per facility set the distances are kept, and whole answers too.
 */
import type pg from 'pg';
import { TRPCError } from '@trpc/server';
import { cellToLatLng, latLngToCell } from 'h3-js';
import { query, queryOne, type Queryable } from '../sql';
import { badRequest, forbidden } from '../trpc';
import { inScope } from '../auth/roles';
import type { SessionUser } from '../auth/session';
import type { PlanningFacilityRow, PlanningScenarioRow } from '../sql/rows';
import { roadNetwork } from '../sensing/parking';
import { snapToNetwork, type RoadNetwork } from '../sensing/road-network';
import { coverSets, demandDistances, indexDemand, reach, type DemandIndex } from './engine';
import { isochrone } from './isochrone';
import { maximalCover } from './mclp';
import { reachOf, SERVICE_TYPE, TARGET_GROUPS, WALK_M_PER_MIN, type ServiceType, type TargetGroup } from '../../tiles/domain/planning';
import {
  GAP_H3_RESOLUTION,
  type ChangeCell,
  type Coverage,
  type CoverageRow,
  type GapCell,
  type Isochrones,
  type PlanningFacility,
  type Scenario,
  type ScenarioEdit,
  type SuggestedSite,
  type Suggestion,
} from './types';

/** A place asked about (a clicked point, a facility, a candidate site) farther than this from any street is refused or left out. */
export const MAX_SNAP_M = 500;
/**
 * A building is joined to its nearest street within this distance, the connector counted as walked; farther
 * (remote villages) it reaches nothing. The data has streets, not footpaths: the connector stands in for them.
 */
export const DEMAND_SNAP_M = 1000;
/** Catchments (nearest facility) are sought this far on foot; farther people belong to no facility. */
const CATCHMENT_M = 3000;
/** Candidate sites considered by default at most (public buildings first, then road-side plots). */
const MAX_DEFAULT_CANDIDATES = 12_000;
/** A sub-area's code length after its parent's: city 4 → district 6 → street 9 → community 12 → grid 15. */
const CHILD_LENGTH: Record<number, number> = { 4: 6, 6: 9, 9: 12, 12: 15 };

// ---------------------------------------------------------------------------------------------------------
// The model: network and snapped buildings, in grid-code order.

interface CityModel {
  key: string;
  network: RoadNetwork;
  demand: DemandIndex;
  count: number;
  buildingId: Int32Array;
  lng: Float64Array;
  lat: Float64Array;
  isPublic: Uint8Array;
  people: Record<TargetGroup, Int32Array>;
  /** Sorted distinct grid codes; the buildings of grids[g] are gridStart[g] .. gridStart[g + 1]. */
  grids: string[];
  gridStart: Int32Array;
  /** Each building's H3 cell, filled as areas are asked for. */
  h3: (string | undefined)[];
}

const models = new WeakMap<pg.Pool, { key: string; model: Promise<CityModel> }>();

async function versionsKey(pool: Queryable): Promise<string> {
  return (await queryOne(pool, 'planning-versions'))?.key ?? '';
}

async function buildModel(pool: pg.Pool, key: string): Promise<CityModel> {
  const network = await roadNetwork(pool);
  const districts = await query(pool, 'planning-districts');
  const count = Number((await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM buildings')).rows[0].n);
  // Sized for the count read first; a building added meanwhile grows the arrays (subarray at the end).
  let size = count;
  let buildingId = new Int32Array(size), lng = new Float64Array(size), lat = new Float64Array(size), isPublic = new Uint8Array(size);
  let people = Object.fromEntries(TARGET_GROUPS.map((g) => [g, new Int32Array(size)])) as Record<TargetGroup, Int32Array>;
  const grow = () => {
    size = Math.ceil(size * 1.25) + 1024;
    const more = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    buildingId = more(buildingId);
    lng = more(lng);
    lat = more(lat);
    isPublic = more(isPublic);
    people = Object.fromEntries(TARGET_GROUPS.map((g) => [g, more(people[g])])) as Record<TargetGroup, Int32Array>;
  };
  const grids: string[] = [];
  const starts: number[] = [];
  let n = 0;
  // District by district in code order; within one, JavaScript's order of codes (the database's collation may differ).
  for (const { code } of districts) {
    const rows = await query(pool, 'planning-buildings', [code]);
    rows.sort((x, y) => (x.grid_code < y.grid_code ? -1 : x.grid_code > y.grid_code ? 1 : x.id - y.id));
    for (const row of rows) {
      if (n === size) grow();
      buildingId[n] = row.id;
      lng[n] = row.lng;
      lat[n] = row.lat;
      isPublic[n] = row.public ? 1 : 0;
      people.children_3_5[n] = row.pop_3_5;
      people.children_6_11[n] = row.pop_6_11;
      people.children_12_14[n] = row.pop_12_14;
      people.elderly_60_plus[n] = row.pop_60_plus;
      people.everyone[n] = row.population;
      if (grids[grids.length - 1] !== row.grid_code) {
        grids.push(row.grid_code);
        starts.push(n);
      }
      n++;
    }
  }
  starts.push(n);
  const cut = <T extends Int32Array | Float64Array | Uint8Array>(a: T) => a.subarray(0, n) as T;
  [buildingId, lng, lat, isPublic] = [cut(buildingId), cut(lng), cut(lat), cut(isPublic)];
  people = Object.fromEntries(TARGET_GROUPS.map((g) => [g, cut(people[g])])) as Record<TargetGroup, Int32Array>;
  const demand = indexDemand(network, lng, lat, DEMAND_SNAP_M);
  return { key, network, demand, count: n, buildingId, lng, lat, isPublic, people, grids, gridStart: Int32Array.from(starts), h3: new Array(n) };
}

/** The model for the data as it is now: built once, rebuilt when roads, buildings or facilities change. */
async function cityModel(pool: pg.Pool): Promise<CityModel> {
  const key = await versionsKey(pool);
  let cached = models.get(pool);
  if (!cached || cached.key !== key) {
    const model = buildModel(pool, key);
    cached = { key, model };
    models.set(pool, cached);
    model.catch(() => {
      if (models.get(pool)?.model === model) models.delete(pool);
    });
  }
  return cached.model;
}

/** Build the model ahead of the first question (the server calls it at start; idempotent). */
export async function warmPlanning(pool: pg.Pool): Promise<void> {
  await cityModel(pool);
}

function lowerBound(sorted: string[], value: string): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The grids of an area: a run [lo, hi) of model.grids (codes nest by prefix; ';' sorts after every digit). */
function gridsOf(model: CityModel, code: string): [number, number] {
  return [lowerBound(model.grids, code), lowerBound(model.grids, `${code};`)];
}

/** The buildings of an area: a run [lo, hi) of the model. */
function rangeOf(model: CityModel, code: string): [number, number] {
  const [lo, hi] = gridsOf(model, code);
  return [model.gridStart[lo], model.gridStart[hi]];
}

function h3Of(model: CityModel, i: number): string {
  let cell = model.h3[i];
  if (cell === undefined) {
    cell = latLngToCell(model.lat[i], model.lng[i], GAP_H3_RESOLUTION);
    model.h3[i] = cell;
  }
  return cell;
}

// ---------------------------------------------------------------------------------------------------------
// A set of facilities: where they are, and what they reach.

interface Site {
  id: number | null;
  key: string | null;
  name: string;
  gridCode: string | null;
  lng: number;
  lat: number;
  capacity: number;
  status: PlanningFacility['status'];
}

interface Access {
  /** Per building: walking metres to the nearest open site (Infinity beyond CATCHMENT_M). */
  distance: Float64Array;
  /** Per building: index into `sites` of that site, -1 when none. */
  nearest: Int32Array;
  /** Per site: target people whose nearest it is. */
  catchment: Float64Array;
}

/** Small LRU caches: distances per facility set, and whole answers. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
  }
  clear(): void {
    this.map.clear();
  }
}
const accessCache = new Lru<Access>(8);
const coverageCache = new Lru<Coverage>(64);

/** Forget cached distances and answers (the benchmark measures cold questions this way). */
export function clearPlanningCaches(): void {
  accessCache.clear();
  coverageCache.clear();
}

function accessOf(model: CityModel, cacheKey: string, sites: Site[], target: TargetGroup): Access {
  const hit = accessCache.get(cacheKey);
  if (hit) return hit;
  const open = sites.map((s, i) => ({ s, i })).filter((x) => x.s.status !== 'closed');
  const reached = reach(model.network, open.map((x) => [x.s.lng, x.s.lat] as [number, number]), CATCHMENT_M, MAX_SNAP_M);
  const { distance, nearest: nearestOpen } = demandDistances(model.network, model.demand, reached);
  const nearest = new Int32Array(model.count).fill(-1);
  const catchment = new Float64Array(sites.length);
  const w = model.people[target];
  for (let i = 0; i < model.count; i++) {
    const k = nearestOpen[i];
    if (k < 0) continue;
    const site = open[k].i;
    nearest[i] = site;
    catchment[site] += w[i];
  }
  const access = { distance, nearest, catchment };
  accessCache.set(cacheKey, access);
  return access;
}

function siteOf(row: PlanningFacilityRow): Site {
  return { id: row.id, key: null, name: row.name, gridCode: row.grid_code, lng: row.lng, lat: row.lat, capacity: row.capacity, status: 'existing' };
}

function median(values: number[]): number {
  if (!values.length) return 1;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Today's sites with a scenario's edits applied (closed sites stay, marked, so the map can show them). */
function applyEdits(type: ServiceType, facilities: PlanningFacilityRow[], edits: ScenarioEdit[]): Site[] {
  const sites = facilities.map(siteOf);
  const byId = new Map(sites.map((s) => [s.id!, s]));
  const typical = median(facilities.map((f) => f.capacity));
  let added = 0;
  for (const e of edits) {
    if (e.op === 'add') {
      added++;
      sites.push({ id: null, key: e.key, name: e.name ?? `${SERVICE_TYPE[type].zh}（新增${added}）`, gridCode: null, lng: e.lng, lat: e.lat, capacity: e.capacity ?? typical, status: 'added' });
      continue;
    }
    const site = byId.get(e.facilityId);
    if (!site) continue; // validated on save; a facility gone since (re-seeded city) no longer counts
    if (e.op === 'close') site.status = 'closed';
    else {
      site.lng = e.lng;
      site.lat = e.lat;
      site.status = 'moved';
    }
  }
  return sites;
}

// ---------------------------------------------------------------------------------------------------------
// Scope, areas, scenarios.

function assertAreaInScope(user: SessionUser, code: string): void {
  if (!inScope(user.scopeCode, code)) throw forbidden(`area ${code} lies outside your scope ${user.scopeCode} (${user.scopeName}): planning covers areas inside it`);
}

async function areaOf(pool: Queryable, code: string) {
  const area = await queryOne(pool, 'planning-area', [code]);
  if (!area) throw badRequest(`areaCode: no area ${code}`);
  return area;
}

function scenarioOf(row: PlanningScenarioRow): Scenario {
  return {
    id: row.id,
    name: row.name,
    areaCode: row.area_code,
    areaName: row.area_name ?? row.area_code,
    facilityType: row.facility_type,
    edits: row.edits,
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A scenario the caller may see: NOT_FOUND by id, FORBIDDEN (without its name) outside the scope. */
export async function scenarioById(pool: Queryable, user: SessionUser, id: number): Promise<Scenario> {
  const row = await queryOne(pool, 'planning-scenario-by-id', [id]);
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `id: no scenario ${id}` });
  if (!inScope(user.scopeCode, row.area_code)) throw forbidden(`the scenario lies outside your scope ${user.scopeCode} (${user.scopeName})`);
  return scenarioOf(row);
}

export async function listScenarios(pool: Queryable, user: SessionUser, areaCode?: string): Promise<Scenario[]> {
  if (areaCode) assertAreaInScope(user, areaCode);
  return (await query(pool, 'planning-scenario-list', [areaCode ?? user.scopeCode])).map(scenarioOf);
}

export async function createScenario(pool: Queryable, user: SessionUser, input: { name: string; areaCode: string; facilityType: ServiceType }): Promise<Scenario> {
  assertAreaInScope(user, input.areaCode);
  await areaOf(pool, input.areaCode);
  const row = await queryOne(pool, 'planning-scenario-insert', [input.name, input.areaCode, input.facilityType, user.id]);
  return scenarioById(pool, user, row!.id);
}

/**
 * Check a scenario's edits against today's facilities and the network: moved and closed facilities exist and
 * are of the scenario's type, each at most once; added keys are distinct; every new position is walkable.
 */
async function validateEdits(pool: pg.Pool, type: ServiceType, edits: ScenarioEdit[]): Promise<void> {
  const keys = new Set<string>();
  const touched = new Map<number, number>();
  edits.forEach((e, i) => {
    if (e.op === 'add') {
      if (keys.has(e.key)) throw badRequest(`edits[${i}].key: ${e.key} is used twice`);
      keys.add(e.key);
    } else {
      if (touched.has(e.facilityId)) throw badRequest(`edits[${i}].facilityId: facility ${e.facilityId} is already changed by edits[${touched.get(e.facilityId)}]`);
      touched.set(e.facilityId, i);
    }
  });
  if (touched.size) {
    const found = new Set((await query(pool, 'planning-facility-types', [[...touched.keys()], type])).map((r) => r.id));
    for (const [id, i] of touched) if (!found.has(id)) throw badRequest(`edits[${i}].facilityId: no ${SERVICE_TYPE[type].en.toLowerCase()} ${id}`);
  }
  const network = await roadNetwork(pool);
  edits.forEach((e, i) => {
    if (e.op === 'close') return;
    if (!snapToNetwork(network, [e.lng, e.lat], MAX_SNAP_M)) throw badRequest(`edits[${i}]: lng/lat ${e.lng}, ${e.lat} is more than ${MAX_SNAP_M} m from any street`);
  });
}

export async function updateScenario(
  pool: pg.Pool,
  user: SessionUser,
  input: { id: number; version: number; name?: string; edits?: ScenarioEdit[] },
): Promise<Scenario> {
  const current = await scenarioById(pool, user, input.id);
  if (input.edits) await validateEdits(pool, current.facilityType, input.edits);
  const row = await queryOne(pool, 'planning-scenario-update', [input.id, input.version, input.name ?? null, input.edits ? JSON.stringify(input.edits) : null]);
  if (!row) throw new TRPCError({ code: 'CONFLICT', message: `version: the scenario was changed by someone else (now version ${(await scenarioById(pool, user, input.id)).version}); reload it` });
  return scenarioById(pool, user, input.id);
}

export async function deleteScenario(pool: Queryable, user: SessionUser, id: number): Promise<void> {
  await scenarioById(pool, user, id);
  await query(pool, 'planning-scenario-delete', [id]);
}

// ---------------------------------------------------------------------------------------------------------
// The analysis.

interface Plan {
  model: CityModel;
  area: Awaited<ReturnType<typeof areaOf>>;
  type: ServiceType;
  target: TargetGroup;
  minutes: number;
  thresholdM: number;
  range: [number, number];
  base: { sites: Site[]; access: Access };
  scenario: { row: Scenario; sites: Site[]; access: Access } | null;
}

async function planOf(pool: pg.Pool, user: SessionUser, input: { areaCode: string; facilityType: ServiceType; minutes?: number; scenarioId?: number }): Promise<Plan> {
  assertAreaInScope(user, input.areaCode);
  const [area, model, facilities, scenario] = await Promise.all([
    areaOf(pool, input.areaCode),
    cityModel(pool),
    query(pool, 'planning-facilities', [input.facilityType]),
    input.scenarioId === undefined ? Promise.resolve(null) : scenarioById(pool, user, input.scenarioId),
  ]);
  const type = input.facilityType;
  if (scenario && scenario.facilityType !== type) {
    throw badRequest(`scenarioId: scenario ${scenario.id} changes ${SERVICE_TYPE[scenario.facilityType].en.toLowerCase()}s, not ${SERVICE_TYPE[type].en.toLowerCase()}s`);
  }
  const target = SERVICE_TYPE[type].target;
  const baseSites = facilities.map(siteOf);
  const base = { sites: baseSites, access: accessOf(model, `${model.key}|${type}`, baseSites, target) };
  let planned: Plan['scenario'] = null;
  if (scenario) {
    const sites = applyEdits(type, facilities, scenario.edits);
    planned = { row: scenario, sites, access: accessOf(model, `${model.key}|${type}|s${scenario.id}:${scenario.version}`, sites, target) };
  }
  return {
    model,
    area,
    type,
    target,
    minutes: input.minutes ?? SERVICE_TYPE[type].circle,
    thresholdM: reachOf(type, input.minutes),
    range: rangeOf(model, area.code),
    base,
    scenario: planned,
  };
}

const rateOf = (covered: number, population: number) => (population > 0 ? covered / population : null);

function facilityRows(plan: Plan, sites: Site[], access: Access): PlanningFacility[] {
  const per = SERVICE_TYPE[plan.type].servesPerUnit;
  return sites
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.gridCode === null || s.gridCode.startsWith(plan.area.code) || s.status !== 'existing')
    .map(({ s, i }) => {
      const catchment = Math.round(access.catchment[i]);
      const load = s.status === 'closed' ? 0 : catchment / (s.capacity * per);
      return { id: s.id, key: s.key, name: s.name, lng: s.lng, lat: s.lat, capacity: s.capacity, catchment, load: Math.round(load * 1000) / 1000, overloaded: load > 1, status: s.status };
    });
}

/** planning.coverage: target people within reach of a facility in an area and its sub-areas, gaps, loads, and a scenario's difference. */
export async function coverage(pool: pg.Pool, user: SessionUser, input: { areaCode: string; facilityType: ServiceType; minutes?: number; scenarioId?: number }): Promise<Coverage> {
  const plan = await planOf(pool, user, input);
  const cacheKey = `${plan.model.key}|${plan.type}|${plan.thresholdM}|${plan.area.code}|${plan.scenario ? `${plan.scenario.row.id}:${plan.scenario.row.version}` : ''}`;
  const hit = coverageCache.get(cacheKey);
  if (hit) return hit;

  const { model, thresholdM } = plan;
  const w = model.people[plan.target];
  const baseDist = plan.base.access.distance;
  const now = plan.scenario?.access.distance ?? baseDist;
  const childLength = CHILD_LENGTH[plan.area.code.length] ?? 0;
  const children = new Map<string, CoverageRow>(plan.area.children.map((c) => [c.code, { code: c.code, name: c.name, population: 0, covered: 0, rate: null, ...(plan.scenario ? { delta: 0 } : {}) }]));
  const gaps = new Map<string, number>();
  const changes = new Map<string, number>();
  let population = 0, covered = 0, baseCovered = 0, gained = 0, lost = 0, unchanged = 0;
  const [gLo, gHi] = gridsOf(model, plan.area.code);
  for (let g = gLo; g < gHi; g++) {
    const child = childLength ? children.get(model.grids[g].slice(0, childLength)) : undefined;
    for (let i = model.gridStart[g]; i < model.gridStart[g + 1]; i++) {
      const p = w[i];
      if (p === 0) continue;
      const isCovered = now[i] <= thresholdM;
      const wasCovered = baseDist[i] <= thresholdM;
      population += p;
      if (child) child.population += p;
      if (isCovered) {
        covered += p;
        if (child) child.covered += p;
      } else {
        const cell = h3Of(model, i);
        gaps.set(cell, (gaps.get(cell) ?? 0) + p);
      }
      if (!plan.scenario) continue;
      if (wasCovered) baseCovered += p;
      const change = isCovered && !wasCovered ? 'gained' : !isCovered && wasCovered ? 'lost' : isCovered ? 'unchanged' : null;
      if (!change) continue;
      if (change === 'gained') gained += p;
      else if (change === 'lost') lost += p;
      else unchanged += p;
      if (child) child.delta! += change === 'gained' ? p : change === 'lost' ? -p : 0;
      const key = `${h3Of(model, i)}|${change}`;
      changes.set(key, (changes.get(key) ?? 0) + p);
    }
  }
  const cellCentre = (h3: string) => {
    const [lat, lng] = cellToLatLng(h3);
    return { lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 };
  };
  const uncovered: GapCell[] = [...gaps].map(([h3, people]) => ({ h3, ...cellCentre(h3), people })).sort((a, b) => b.people - a.people || (a.h3 < b.h3 ? -1 : 1));
  const result: Coverage = {
    areaCode: plan.area.code,
    areaName: plan.area.name,
    level: plan.area.level,
    code: plan.area.code,
    name: plan.area.name,
    facilityType: plan.type,
    target: plan.target,
    minutes: plan.minutes,
    thresholdM,
    population,
    covered,
    rate: rateOf(covered, population),
    children: [...children.values()].map((c) => ({ ...c, rate: rateOf(c.covered, c.population) })),
    uncovered,
    facilities: facilityRows(plan, plan.scenario?.sites ?? plan.base.sites, plan.scenario?.access ?? plan.base.access),
  };
  if (plan.scenario) {
    const cells: ChangeCell[] = [...changes].map(([key, people]) => {
      const [h3, change] = key.split('|') as [string, ChangeCell['change']];
      return { h3, ...cellCentre(h3), change, people };
    });
    result.scenario = { id: plan.scenario.row.id, name: plan.scenario.row.name, baseline: { covered: baseCovered, rate: rateOf(baseCovered, population) }, gained, lost, unchanged, cells };
  }
  coverageCache.set(cacheKey, result);
  return result;
}

/**
 * planning.suggest: the `count` sites that add the most target people within reach, today's facilities (or the
 * scenario's) kept — the maximal covering location problem, greedy with lazy evaluation and a swap pass.
 * Candidates: the given points, or the area's public-use buildings and road-side plots (the middle of each
 * street its homes stand on).
 */
export async function suggest(
  pool: pg.Pool,
  user: SessionUser,
  input: { areaCode: string; facilityType: ServiceType; count: number; minutes?: number; scenarioId?: number; candidates?: [number, number][] },
): Promise<Suggestion> {
  const plan = await planOf(pool, user, input);
  const { model, thresholdM, range } = plan;
  const w = model.people[plan.target];
  const dist = plan.scenario?.access.distance ?? plan.base.access.distance;
  // Cover sets number the area's buildings from its first (range[0]).
  const weights = new Float64Array(range[1] - range[0]);
  let population = 0, covered = 0;
  for (let i = range[0]; i < range[1]; i++) {
    population += w[i];
    if (dist[i] <= thresholdM) covered += w[i];
    else weights[i - range[0]] = w[i];
  }
  const points: [number, number][] = [];
  const sources: Pick<SuggestedSite, 'source' | 'buildingId'>[] = [];
  if (input.candidates) {
    for (const c of input.candidates) {
      points.push(c);
      sources.push({ source: 'given' });
    }
  } else {
    for (let i = range[0]; i < range[1] && points.length < MAX_DEFAULT_CANDIDATES; i++) {
      if (!model.isPublic[i]) continue;
      points.push([model.lng[i], model.lat[i]]);
      sources.push({ source: 'building', buildingId: model.buildingId[i] });
    }
    const { nodeLng, nodeLat, edgeFrom, edgeTo } = model.network;
    const seen = new Set<number>();
    for (let i = range[0]; i < range[1] && points.length < MAX_DEFAULT_CANDIDATES; i++) {
      const e = model.demand.edge[i];
      if (e < 0 || w[i] === 0 || seen.has(e)) continue;
      seen.add(e);
      points.push([(nodeLng[edgeFrom[e]] + nodeLng[edgeTo[e]]) / 2, (nodeLat[edgeFrom[e]] + nodeLat[edgeTo[e]]) / 2]);
      sources.push({ source: 'plot' });
    }
  }
  const sets = coverSets(model.network, model.demand, points, thresholdM, range, MAX_SNAP_M);
  if (input.candidates && sets.every((s) => s === null)) throw badRequest(`candidates: none lies within ${MAX_SNAP_M} m of a street`);
  const picked = maximalCover({ weights, sets, count: input.count });
  const ids = picked.chosen.map((c) => sources[c].buildingId).filter((id): id is number => id !== undefined);
  const names = new Map(ids.length ? (await query(pool, 'planning-building-names', [ids])).map((r) => [r.id, r.name]) : []);
  const sites: SuggestedSite[] = picked.chosen.map((c, k) => {
    const s = sources[c];
    const site: SuggestedSite = { lng: Math.round(points[c][0] * 1e6) / 1e6, lat: Math.round(points[c][1] * 1e6) / 1e6, gain: Math.round(picked.gains[k]), source: s.source };
    if (s.buildingId !== undefined) {
      site.buildingId = s.buildingId;
      site.name = names.get(s.buildingId);
    }
    return site;
  });
  const after = covered + Math.round(picked.total);
  return {
    sites,
    before: { covered, rate: rateOf(covered, population) },
    after: { covered: after, rate: rateOf(after, population) },
    population,
    candidates: points.length,
    method: `maximal covering over ${points.length} candidates within ${thresholdM} m on foot: greedy with lazy evaluation from several first sites, a swap pass, and an exact search where the instance is small enough`,
  };
}

/** planning.isochrone: the areas reached on foot from a point within each number of minutes, on the network. */
export async function isochrones(pool: pg.Pool, input: { lng: number; lat: number; minutes: number[] }): Promise<Isochrones> {
  const network = await roadNetwork(pool);
  const minutes = [...input.minutes].sort((a, b) => a - b);
  const result = isochrone(network, [input.lng, input.lat], minutes.map((m) => m * WALK_M_PER_MIN), { maxSnapM: MAX_SNAP_M, offRoadM: DEMAND_SNAP_M });
  if (!result) throw badRequest(`lng/lat: ${input.lng}, ${input.lat} is more than ${MAX_SNAP_M} m from any street`);
  return {
    type: 'FeatureCollection',
    features: result.features.map((f, i) => ({ ...f, properties: { minutes: minutes[i], metres: minutes[i] * WALK_M_PER_MIN } })),
    snapped: result.snapped,
  };
}
