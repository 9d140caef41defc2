/**
 * The metrics screen's periods: whole days in China time (Asia/Shanghai, UTC+8 all year), `from` to `to`
 * inclusive, as 'YYYY-MM-DD'. "Today" is China's date whatever the browser's zone, so a leader in another zone
 * (or a test machine on UTC) sees the same month as the command centre.
 */
import { MAX_PERIOD_DAYS, type TrendBucket } from '../../../tiles/domain/metrics';
import type { Lang } from '../i18n';

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export const PERIOD_PRESETS = ['thisMonth', 'lastMonth', 'quarter', 'year'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number] | 'custom';

export interface Period {
  from: string;
  to: string;
}

/** A day as 'YYYY-MM-DD' from a year, a zero-based month and a day of month (overflow rolls over, as Date.UTC does). */
function day(year: number, month: number, date: number): string {
  return new Date(Date.UTC(year, month, date)).toISOString().slice(0, 10);
}

/** The parts of a day string: year, zero-based month, day of month. */
function partsOf(d: string): [number, number, number] {
  const m = DAY_PATTERN.exec(d);
  if (!m) throw new Error(`not a day: ${d}`);
  return [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
}

/** Whether `s` is a calendar day that exists, written 'YYYY-MM-DD'. */
export function isDay(s: string | null | undefined): s is string {
  if (!s || !DAY_PATTERN.test(s)) return false;
  const [y, m, d] = partsOf(s);
  return day(y, m, d) === s;
}

/** China's date at the moment `now` (epoch ms). */
export function chinaToday(now: number): string {
  return new Date(now + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** `d` moved by `n` days. */
export function addDays(d: string, n: number): string {
  const [y, m, dd] = partsOf(d);
  return day(y, m, dd + n);
}

/** Days from `from` to `to`, both counted. */
export function daysIn(p: Period): number {
  return Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** Whether a period can be asked for: two real days in order, at most MAX_PERIOD_DAYS long. */
export function isValidPeriod(p: Partial<Period>): p is Period {
  return isDay(p.from) && isDay(p.to) && p.from <= p.to && daysIn(p as Period) <= MAX_PERIOD_DAYS;
}

/** The days of a preset as of `today`: this month, quarter and year run to today; last month is whole. */
export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, today: string): Period {
  const [y, m] = partsOf(today);
  switch (preset) {
    case 'thisMonth':
      return { from: day(y, m, 1), to: today };
    case 'lastMonth':
      return { from: day(y, m - 1, 1), to: day(y, m, 0) };
    case 'quarter':
      return { from: day(y, m - (m % 3), 1), to: today };
    case 'year':
      return { from: day(y, 0, 1), to: today };
  }
}

/** The preset a period is (as of `today`), or 'custom'. */
export function presetOf(p: Period, today: string): PeriodPreset {
  return PERIOD_PRESETS.find((preset) => {
    const q = presetPeriod(preset, today);
    return q.from === p.from && q.to === p.to;
  }) ?? 'custom';
}

/** The period the screen opens on: last month (the seeded history and a month's report, 月报). */
export const defaultPeriod = (today: string): Period => presetPeriod('lastMonth', today);

/** A readable bucket for a trend over the period: days up to two months, weeks up to half a year, then months. */
export function autoBucket(p: Period): TrendBucket {
  const n = daysIn(p);
  return n <= 62 ? 'day' : n <= 190 ? 'week' : 'month';
}

/** Whether the period is one whole calendar month. */
function wholeMonth(p: Period): boolean {
  const [y, m, d] = partsOf(p.from);
  return d === 1 && p.to === day(y, m + 1, 0);
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A period in words: "2026年11月" / "Nov 2026" for a whole month, else "2026-11-01 至 2026-11-20" / "2026-11-01 – 2026-11-20". */
export function periodText(p: Period, lang: Lang): string {
  if (wholeMonth(p)) {
    const [y, m] = partsOf(p.from);
    return lang === 'zh' ? `${y}年${m + 1}月` : `${MONTHS_EN[m]} ${y}`;
  }
  if (p.from === p.to) return p.from;
  return lang === 'zh' ? `${p.from} 至 ${p.to}` : `${p.from} – ${p.to}`;
}

/** A trend bucket's label on the chart's axis: "11-03" for days and weeks, "2026-11" for months. */
export function bucketLabel(start: string, bucket: TrendBucket): string {
  return bucket === 'month' ? start.slice(0, 7) : start.slice(5);
}
