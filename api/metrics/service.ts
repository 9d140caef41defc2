/**
 * The leaders' figures of an area and period, from the daily rollup (migration 007), with the scope rules of
 * the roles: an area above the caller's scope gives its totals only (no sub-areas, no hot spots, no units);
 * a department handler sees only its department's cases. Used by the metrics router and the export route; they
 * run on the pool or on one client (a consistent snapshot, for the tests that count the raw cases beside them).
 */
import { TRPCError } from '@trpc/server';
import { query, queryOne, type Queryable } from '../sql';
import type { SessionUser } from '../auth/session';
import { inScope, isAncestorOf } from '../auth/roles';
import { bucketsOf, kpisOf, periodsOf, rangeArrays, splitPeriod, sumsOf, ZERO_SUMS, type Kpis } from './kpis';
import type { TrendBucket } from '../../tiles/domain/metrics';
import { AREA_LEVELS } from '../../tiles/domain/places';

const CHILD_LENGTH: Record<number, number> = { 4: 6, 6: 9, 9: 12, 12: 15, 15: 0 };
/** The city and its districts take a period's whole months from the monthly rollups (per street, per district). */
const monthly = (area: string) => area.length <= 6;
const TOP_TYPES = 8;
/** "Overdue now" is a live count read from the cases; leaders' screens ask for it often, so it is kept 30 s. */
const OVERDUE_TTL_MS = 30_000;
const overdueCache = new Map<string, { at: number; rows: Promise<{ child: string | null; overdue_now: number }[]> }>();

function overdueNow(pool: Queryable, area: string, childLength: number, department: string | null) {
  const key = `${area}|${childLength}|${department ?? ''}`;
  const hit = overdueCache.get(key);
  if (hit && Date.now() - hit.at < OVERDUE_TTL_MS) return hit.rows;
  const rows = query(pool, 'metrics-overdue-now', [area, childLength, department]);
  rows.catch(() => overdueCache.delete(key));
  if (overdueCache.size > 500) overdueCache.clear();
  overdueCache.set(key, { at: Date.now(), rows });
  return rows;
}

function forbidden(message: string): never {
  throw new TRPCError({ code: 'FORBIDDEN', message });
}

export interface MetricsScope {
  /** The area whose figures are asked for. */
  area: string;
  /** The area above the caller's scope: its totals only. */
  totalsOnly: boolean;
  /** The department the figures are limited to, or null for all. */
  department: string | null;
}

/** Check the caller may see the area's figures, and which department they are limited to. */
export function metricsScope(user: SessionUser, areaCode: string, departmentCode?: string): MetricsScope {
  const totalsOnly = isAncestorOf(areaCode, user.scopeCode);
  if (!totalsOnly && !inScope(user.scopeCode, areaCode)) forbidden(`area ${areaCode} lies outside your scope ${user.scopeCode} (${user.scopeName})`);
  let department = departmentCode ?? null;
  if (user.role === 'department_handler') {
    if (department && department !== user.departmentCode) forbidden(`you see the figures of your own department (${user.departmentName ?? user.departmentCode}) only`);
    department = user.departmentCode;
  }
  return { area: areaCode, totalsOnly, department };
}

/** The area itself, or a 404 naming the code. */
async function areaNamed(pool: Queryable, code: string): Promise<string> {
  const a = await queryOne(pool, 'area-name', [code]);
  if (!a) throw new TRPCError({ code: 'NOT_FOUND', message: `areaCode: no area ${code}` });
  return a.name;
}

export interface KpiReport {
  areaCode: string;
  areaName: string;
  level: (typeof AREA_LEVELS)[number];
  from: string;
  to: string;
  departmentCode: string | null;
  totalsOnly: boolean;
  kpis: Kpis;
  previous: { from: string; to: string; kpis: Kpis };
  lastYear: { from: string; to: string; kpis: Kpis };
  children: { code: string; name: string; kpis: Kpis }[];
  topTypes: { typeCode: string; name: string; nameEn: string; reported: number }[];
}

/** metrics.kpis: the area's figures, the period before, the year before, and every sub-area's (the ranking). */
export async function kpiReport(pool: Queryable, user: SessionUser, input: { areaCode: string; from: string; to: string; departmentCode?: string }): Promise<KpiReport> {
  const scope = metricsScope(user, input.areaCode, input.departmentCode);
  const areaName = await areaNamed(pool, scope.area);
  const p = periodsOf(input.from, input.to);
  const childLength = scope.totalsOnly ? 0 : CHILD_LENGTH[scope.area.length] ?? 0;
  const useMonths = monthly(scope.area);
  const all = rangeArrays((['current', 'previous', 'lastYear'] as const).map((name) => ({ name, ranges: splitPeriod(p[name].from, p[name].to, useMonths) })));
  const now = rangeArrays([{ name: 'current', ranges: splitPeriod(p.current.from, p.current.to, useMonths) }]);
  const [rows, children, overdue, sources, types] = await Promise.all([
    query(pool, 'metrics-sums', [scope.area, childLength, all.dayNames, all.dayFrom, all.dayTo, all.monthNames, all.monthFrom, all.monthTo, scope.department]),
    childLength ? query(pool, 'area-children', [scope.area]) : Promise.resolve([]),
    overdueNow(pool, scope.area, childLength, scope.department),
    query(pool, 'metrics-by-source', [scope.area, now.dayFrom, now.dayTo, now.monthFrom, now.monthTo, scope.department]),
    query(pool, 'metrics-top-types', [scope.area, now.dayFrom, now.dayTo, now.monthFrom, now.monthTo, scope.department, TOP_TYPES]),
  ]);
  const total = (period: string) => {
    const r = rows.find((x) => x.period === period && x.child === null);
    return r ? sumsOf(r) : ZERO_SUMS;
  };
  const overdueOf = (child: string | null) => overdue.find((o) => o.child === child)?.overdue_now ?? 0;
  const bySource = Object.fromEntries(sources.map((s) => [s.source, s.reported]));
  const childSums = new Map(rows.filter((r) => r.period === 'current' && r.child !== null).map((r) => [r.child!, sumsOf(r)]));
  return {
    areaCode: scope.area,
    areaName,
    level: AREA_LEVELS[[4, 6, 9, 12, 15].indexOf(scope.area.length)],
    from: input.from,
    to: input.to,
    departmentCode: scope.department,
    totalsOnly: scope.totalsOnly,
    kpis: kpisOf(total('current'), overdueOf(null), bySource),
    previous: { ...p.previous, kpis: kpisOf(total('previous')) },
    lastYear: { ...p.lastYear, kpis: kpisOf(total('lastYear')) },
    children: children.map((c) => ({ code: c.code, name: c.name, kpis: kpisOf(childSums.get(c.code) ?? ZERO_SUMS, overdueOf(c.code)) })),
    topTypes: types.map((t) => ({ typeCode: t.type_code, name: t.name, nameEn: t.name_en, reported: t.reported })),
  };
}

export interface TrendPoint extends Kpis {
  start: string;
  end: string;
}

/** metrics.trend: the figures per day, week or month; their counts add up to the period's. */
export async function trend(pool: Queryable, user: SessionUser, input: { areaCode: string; from: string; to: string; bucket: TrendBucket; departmentCode?: string }): Promise<{ areaCode: string; bucket: TrendBucket; buckets: TrendPoint[] }> {
  const scope = metricsScope(user, input.areaCode, input.departmentCode);
  await areaNamed(pool, scope.area);
  const r = rangeArrays([{ name: 'trend', ranges: splitPeriod(input.from, input.to, input.bucket === 'month' && monthly(scope.area)) }]);
  const rows = await query(pool, 'metrics-trend', [scope.area, r.dayFrom, r.dayTo, r.monthFrom, r.monthTo, input.bucket, scope.department]);
  const byKey = new Map(rows.map((r) => [r.bucket, sumsOf(r)]));
  return {
    areaCode: scope.area,
    bucket: input.bucket,
    buckets: bucketsOf(input.from, input.to, input.bucket).map((b) => ({ start: b.start, end: b.end, ...kpisOf(byKey.get(b.key) ?? ZERO_SUMS) })),
  };
}

/** metrics.departments: the responsible units working in the area, with their figures there. */
export async function departments(pool: Queryable, user: SessionUser, input: { areaCode: string; from: string; to: string }) {
  const scope = metricsScope(user, input.areaCode);
  // Above one's scope: one's own part (a breakdown of an area above is not for the caller).
  const area = scope.totalsOnly ? user.scopeCode : scope.area;
  await areaNamed(pool, area);
  const r = rangeArrays([{ name: 'units', ranges: splitPeriod(input.from, input.to, monthly(area)) }]);
  const rows = await query(pool, 'metrics-departments', [area, r.dayFrom, r.dayTo, r.monthFrom, r.monthTo]);
  const visible = scope.department ? rows.filter((r) => r.code === scope.department) : rows;
  return {
    areaCode: area,
    departments: visible.map((r) => ({ code: r.code, name: r.name, nameEn: r.name_en, kpis: kpisOf(sumsOf(r)) })),
  };
}

/** Square cells for the hot-spot heat layer: finer as the area is smaller. */
const CELL_METRES: Record<number, number> = { 4: 1000, 6: 400, 9: 200, 12: 100, 15: 50 };

/** metrics.hotspots: where cases were reported, counted on a square grid. */
export async function hotspots(pool: Queryable, user: SessionUser, input: { areaCode: string; from: string; to: string; typeCode?: string }) {
  const scope = metricsScope(user, input.areaCode);
  const area = scope.totalsOnly ? user.scopeCode : scope.area;
  await areaNamed(pool, area);
  const cellMeters = CELL_METRES[area.length] ?? 200;
  const cells = await query(pool, 'metrics-hotspots', [area, input.from, input.to, cellMeters, input.typeCode ?? null, scope.department]);
  return { areaCode: area, cellMeters, cells };
}
