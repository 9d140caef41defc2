/**
 * The planning screen's arithmetic, without React or the map: the walking threshold a choice of minutes means,
 * how rates, changes and counts are written, the colours of coverage and gaps, the sub-area table's order, the
 * export links, and the edits of a scenario (add, move, close, undo). Pure functions, tested in
 * tests/web/planning-model.test.ts.
 */
import type { Rgb } from '../../../tiles/domain/labels';
import { LIFE_CIRCLES, PLANNING_MINUTES, SERVICE_TYPE, WALK_M_PER_MIN, type ServiceType } from '../../../tiles/domain/planning';
import type { CoverageRow, GapCell, PlanningFacility, ScenarioEdit } from '../../../api/planning/types';
import { formatNumber, type Lang } from '../i18n';

/** What the screen shows for "no data" (a rate where nobody of the group lives). */
export const NO_VALUE = '—';

/** How far a facility reaches: the type's standard life circle (minutes null) or the minutes chosen. */
export interface Threshold {
  minutes: number;
  metres: number;
  /** The type's own circle and reach from GB 50180-2018 (its metres may differ from minutes × walking speed). */
  standard: boolean;
}

export function thresholdOf(type: ServiceType, minutes: number | null): Threshold {
  const t = SERVICE_TYPE[type];
  if (minutes === null) return { minutes: t.circle, metres: t.reachM, standard: true };
  return { minutes, metres: minutes * WALK_M_PER_MIN, standard: false };
}

/** Whole minutes within the accepted range, or null for anything else (the custom field's text). */
export function parseMinutes(text: string): number | null {
  if (!/^\s*\d{1,2}\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= PLANNING_MINUTES.min && n <= PLANNING_MINUTES.max ? n : null;
}

/** The isochrone bands drawn for a clicked point: the three life circles, and the minutes chosen when they are another. */
export function isochroneBands(minutes: number | null): number[] {
  const bands = new Set<number>(LIFE_CIRCLES);
  if (minutes !== null) bands.add(minutes);
  return [...bands].sort((a, b) => a - b);
}

/** 72.3% · — */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined || !Number.isFinite(rate) ? NO_VALUE : `${(rate * 100).toFixed(1)}%`;
}

/** A change in people, signed: +1,234 · −56 · ±0. */
export function formatDelta(n: number, lang: Lang): string {
  if (n === 0) return '±0';
  return `${n > 0 ? '+' : '−'}${formatNumber(Math.abs(n), lang)}`;
}

/** The change of a rate in percentage points: +2.3 / −0.4 (the unit is the caller's words). */
export function formatPoints(before: number | null, after: number | null): string {
  if (before === null || after === null) return NO_VALUE;
  const d = (after - before) * 100;
  if (Math.abs(d) < 0.05) return '±0.0';
  return `${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(1)}`;
}

const LOW_TO_HIGH: Rgb[] = [[239, 68, 68], [234, 179, 8], [34, 197, 94]];
const FEW_TO_MANY: Rgb[] = [[253, 230, 138], [251, 146, 60], [220, 38, 38]];

function mix(stops: Rgb[], at: number): Rgb {
  const x = Math.min(1, Math.max(0, at)) * (stops.length - 1);
  const i = Math.min(Math.floor(x), stops.length - 2);
  const f = x - i;
  return stops[i].map((c, k) => Math.round(c + (stops[i + 1][k] - c) * f)) as Rgb;
}

/** A coverage rate's colour: red (nobody covered) → amber → green (everyone); null (nobody of the group lives there): none. */
export function rateColour(rate: number | null): Rgb | null {
  return rate === null || !Number.isFinite(rate) ? null : mix(LOW_TO_HIGH, rate);
}

/** A gap cell's colour by its uncovered people among the largest gap shown: pale amber (few) → red (most). */
export function gapColour(people: number, max: number): Rgb {
  return mix(FEW_TO_MANY, max <= 0 ? 0 : Math.sqrt(Math.max(0, people) / max));
}

/** A facility's radius on screen (pixels) by its capacity among the largest shown: 5 to 16. */
export function facilityRadius(capacity: number, max: number): number {
  if (max <= 0 || capacity <= 0) return 5;
  return 5 + 11 * Math.sqrt(Math.min(1, capacity / max));
}

/** The uncovered cells, most people first (ties: by cell, so the order is stable). */
export function largestGaps(cells: readonly GapCell[], n: number): GapCell[] {
  return [...cells].sort((a, b) => b.people - a.people || a.h3.localeCompare(b.h3)).slice(0, n);
}

/** The facilities serving more than their capacity, most loaded first. */
export function overloaded(facilities: readonly PlanningFacility[]): PlanningFacility[] {
  return facilities.filter((f) => f.overloaded && f.status !== 'closed').sort((a, b) => b.load - a.load);
}

export type RowKey = 'name' | 'population' | 'covered' | 'rate' | 'delta';
export type SortDir = 'asc' | 'desc';

/** The sub-area table's rows in the order asked for; rows without a value (no rate, no delta) last either way. */
export function sortCoverageRows<R extends CoverageRow>(rows: readonly R[], key: RowKey, dir: SortDir, lang: Lang): R[] {
  const f = dir === 'asc' ? 1 : -1;
  const byName = (a: R, b: R) => a.name.localeCompare(b.name, lang === 'zh' ? 'zh-CN' : 'en');
  if (key === 'name') return [...rows].sort((a, b) => f * byName(a, b));
  const value = (r: R): number | null => (key === 'delta' ? (r.delta ?? null) : r[key]);
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return f * (x - y) || byName(a, b);
  });
}

/** What the exports are asked for. */
export interface ExportQuery {
  areaCode: string;
  facilityType: ServiceType;
  minutes: number | null;
  scenarioId: number | null;
}

/** The download links: coverage as Excel and CSV, the gaps as GeoJSON, the isochrones of a point, the scenario. */
export function exportLinks(q: ExportQuery, isochrone: { lng: number; lat: number; minutes: readonly number[] } | null) {
  const p = new URLSearchParams({ areaCode: q.areaCode, facilityType: q.facilityType });
  if (q.minutes !== null) p.set('minutes', String(q.minutes));
  if (q.scenarioId !== null) p.set('scenarioId', String(q.scenarioId));
  const query = p.toString();
  const coord = (n: number) => String(Math.round(n * 1e6) / 1e6);
  return {
    coverageXlsx: `/api/exports/planning-coverage.xlsx?${query}`,
    coverageCsv: `/api/exports/planning-coverage.csv?${query}`,
    gapsGeojson: `/api/exports/planning-gaps.geojson?${query}`,
    isochroneGeojson: isochrone ? `/api/exports/planning-isochrone.geojson?lng=${coord(isochrone.lng)}&lat=${coord(isochrone.lat)}&minutes=${isochrone.minutes.join(',')}` : null,
    scenarioGeojson: q.scenarioId !== null ? `/api/exports/planning-scenario.geojson?id=${q.scenarioId}` : null,
  };
}

// A scenario's edits. Scenarios never change today's facilities: they list what would be added, moved or closed.

/** A facility as an edit names it: today's by id, one the scenario adds by its key. */
export type FacilityRef = Pick<PlanningFacility, 'id' | 'key'>;

/** A key for the next added facility, unused in the scenario: new-1, new-2 … */
export function nextAddKey(edits: readonly ScenarioEdit[]): string {
  let n = 0;
  for (const e of edits) {
    const m = e.op === 'add' ? /^new-(\d+)$/.exec(e.key) : null;
    if (m) n = Math.max(n, Number(m[1]));
  }
  return `new-${n + 1}`;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** The edits with a facility added at `at` (named and sized when given). */
export function addFacility(edits: readonly ScenarioEdit[], at: [number, number], opts: { name?: string; capacity?: number } = {}): ScenarioEdit[] {
  const edit: ScenarioEdit = { op: 'add', key: nextAddKey(edits), lng: round(at[0]), lat: round(at[1]) };
  const name = opts.name?.trim();
  if (name) edit.name = name;
  if (opts.capacity !== undefined && Number.isFinite(opts.capacity) && opts.capacity > 0) edit.capacity = Math.max(1, Math.round(opts.capacity));
  return [...edits, edit];
}

/**
 * The edits with a facility moved to `at`: an added one moves its own edit, today's one gets (or replaces) its
 * move — one edit per facility, so a closed one moved is open again at its new place.
 */
export function moveFacility(edits: readonly ScenarioEdit[], f: FacilityRef, at: [number, number]): ScenarioEdit[] {
  const [lng, lat] = [round(at[0]), round(at[1])];
  if (f.key !== null) return edits.map((e) => (e.op === 'add' && e.key === f.key ? { ...e, lng, lat } : e));
  if (f.id === null) return [...edits];
  const id = f.id;
  return [...edits.filter((e) => !((e.op === 'move' || e.op === 'close') && e.facilityId === id)), { op: 'move', facilityId: id, lng, lat }];
}

/** The edits with a facility closed: an added one is simply not added, today's one is closed (its move dropped). */
export function closeFacility(edits: readonly ScenarioEdit[], f: FacilityRef): ScenarioEdit[] {
  if (f.key !== null) return edits.filter((e) => !(e.op === 'add' && e.key === f.key));
  if (f.id === null) return [...edits];
  const id = f.id;
  const kept = edits.filter((e) => !((e.op === 'move' || e.op === 'close') && e.facilityId === id));
  return [...kept, { op: 'close', facilityId: id }];
}

/** The edits without the one at `index` (undo). */
export function removeEdit(edits: readonly ScenarioEdit[], index: number): ScenarioEdit[] {
  return edits.filter((_, i) => i !== index);
}
