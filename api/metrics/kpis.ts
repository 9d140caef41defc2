/**
 * The KPIs of tiles/domain/metrics.ts from the rollup's sums, and the periods they compare. Pure functions:
 * the router reads the sums (api/sql/metrics-*.sql), the export and the tests use the same arithmetic.
 */
import { HANDLING_BANDS_HOURS } from '../../tiles/domain/metrics';
import type { RollupSums } from '../sql/rows';

/** The figures of tiles/domain/metrics.ts (rates are fractions; null where the denominator is 0). */
export interface Kpis {
  reported: number;
  registered: number;
  dispatched: number;
  closed: number;
  closedOnTime: number;
  closeRate: number | null;
  onTimeHandleRate: number | null;
  onTimeCloseRate: number | null;
  overdue: number;
  overdueNow: number;
  reworkRate: number | null;
  avgHandlingHours: number | null;
  medianHandlingHours: number | null;
  escalations: number;
  callUps: number;
  rated: number;
  satisfaction: number | null;
  satisfiedRate: number | null;
  /** Reported cases by channel. */
  bySource: Record<string, number>;
}

export const ZERO_SUMS: RollupSums = {
  reported: 0, registered: 0, dispatched: 0, closed_of_reported: 0, closed: 0, closed_on_time: 0, handled_on_time: 0,
  reworked: 0, handling_minutes: 0, hb0: 0, hb1: 0, hb2: 0, hb3: 0, hb4: 0, hb5: 0, hb6: 0, hb7: 0, rated: 0,
  rating_sum: 0, rating_good: 0, escalations: 0, call_ups: 0,
};

/** Just the rollup's columns of a row that has more. */
export function sumsOf(row: RollupSums): RollupSums {
  const out = { ...ZERO_SUMS };
  for (const k of Object.keys(ZERO_SUMS) as (keyof RollupSums)[]) out[k] = Number(row[k]);
  return out;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** The median handling time (working hours), linearly interpolated within the band that holds it. */
export function medianFromBands(bands: readonly number[]): number | null {
  const total = bands.reduce((s, n) => s + n, 0);
  if (!total) return null;
  const half = total / 2;
  let below = 0;
  for (let i = 0; i < bands.length; i++) {
    const n = bands[i];
    if (below + n >= half && n > 0) {
      const lo = i === 0 ? 0 : HANDLING_BANDS_HOURS[i - 1];
      const hi = HANDLING_BANDS_HOURS[i];
      if (hi === undefined) return lo; // the open band: its lower bound
      return lo + ((half - below) / n) * (hi - lo);
    }
    below += n;
  }
  return null;
}

export function kpisOf(s: RollupSums, overdueNow = 0, bySource: Record<string, number> = {}): Kpis {
  const bands = [s.hb0, s.hb1, s.hb2, s.hb3, s.hb4, s.hb5, s.hb6, s.hb7];
  return {
    reported: s.reported,
    registered: s.registered,
    dispatched: s.dispatched,
    closed: s.closed,
    closedOnTime: s.closed_on_time,
    closeRate: ratio(s.closed_of_reported, s.registered),
    onTimeHandleRate: ratio(s.handled_on_time, s.closed),
    onTimeCloseRate: ratio(s.closed_on_time, s.closed),
    overdue: s.closed - s.closed_on_time,
    overdueNow,
    reworkRate: ratio(s.reworked, s.closed),
    avgHandlingHours: s.closed > 0 ? s.handling_minutes / s.closed / 60 : null,
    medianHandlingHours: medianFromBands(bands),
    escalations: s.escalations,
    callUps: s.call_ups,
    rated: s.rated,
    satisfaction: ratio(s.rating_sum, s.rated),
    satisfiedRate: ratio(s.rating_good, s.rated),
    bySource,
  };
}

/** A calendar date 'YYYY-MM-DD' as a UTC midnight, for day arithmetic that no time zone can shift. */
export function dayMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOf(dayMs(date) + days * 86_400_000);
}

/** Days in a period, both ends counted. */
export function daysIn(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / 86_400_000) + 1;
}

/** The same date a year before (29 February → 28 February). */
export function yearBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return `${String(y - 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface Periods {
  current: { from: string; to: string };
  previous: { from: string; to: string };
  lastYear: { from: string; to: string };
}

/** The period, the as many days just before it, and the same dates a year before. */
export function periodsOf(from: string, to: string): Periods {
  const n = daysIn(from, to);
  return {
    current: { from, to },
    previous: { from: addDays(from, -n), to: addDays(from, -1) },
    lastYear: { from: yearBefore(from), to: yearBefore(to) },
  };
}

/** The buckets of a trend: days, weeks from Monday or months, clipped to the period. */
export function bucketsOf(from: string, to: string, bucket: 'day' | 'week' | 'month'): { start: string; end: string; key: string }[] {
  const out: { start: string; end: string; key: string }[] = [];
  let key = from;
  if (bucket === 'week') key = addDays(from, -((new Date(dayMs(from)).getUTCDay() + 6) % 7));
  if (bucket === 'month') key = `${from.slice(0, 7)}-01`;
  while (key <= to) {
    let next: string;
    if (bucket === 'day') next = addDays(key, 1);
    else if (bucket === 'week') next = addDays(key, 7);
    else {
      const [y, m] = key.split('-').map(Number);
      next = dateOf(Date.UTC(y, m, 1));
    }
    const end = addDays(next, -1);
    out.push({ key, start: key < from ? from : key, end: end > to ? to : end });
    key = next;
  }
  return out;
}

/** A period as the rollups read it: ranges of days (case_daily) and of whole months (the monthly rollups). */
export interface PeriodRanges {
  days: [string, string][];
  months: [string, string][];
}

/**
 * Split a period into its whole months (first days of the first and last) and the days around them; with
 * `monthly` false (areas below a district, whose sub-areas the monthly rollups do not hold), all days.
 */
export function splitPeriod(from: string, to: string, monthly: boolean): PeriodRanges {
  if (!monthly) return { days: [[from, to]], months: [] };
  const firstMonth = from.endsWith('-01') ? from : dateOf(Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)), 1));
  const afterTo = addDays(to, 1);
  const endMonth = afterTo.endsWith('-01') ? afterTo : `${to.slice(0, 7)}-01`; // first day after the last whole month
  if (firstMonth >= endMonth) return { days: [[from, to]], months: [] };
  const days: [string, string][] = [];
  if (from < firstMonth) days.push([from, addDays(firstMonth, -1)]);
  if (endMonth <= to) days.push([endMonth, to]);
  const [y, m] = endMonth.split('-').map(Number);
  const lastMonth = dateOf(Date.UTC(y, m - 2, 1));
  return { days, months: [[firstMonth, lastMonth]] };
}

/** Ranges of several named periods, as the arrays the SQL unnests. */
export function rangeArrays(periods: { name: string; ranges: PeriodRanges }[]) {
  const d = periods.flatMap((p) => p.ranges.days.map((r) => [p.name, ...r]));
  const m = periods.flatMap((p) => p.ranges.months.map((r) => [p.name, ...r]));
  return {
    dayNames: d.map((r) => r[0]), dayFrom: d.map((r) => r[1]), dayTo: d.map((r) => r[2]),
    monthNames: m.map((r) => r[0]), monthFrom: m.map((r) => r[1]), monthTo: m.map((r) => r[2]),
  };
}
