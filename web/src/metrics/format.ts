/**
 * How the metrics screen shows a KPI: its value in its unit (rates as %, null as "—"), its change against
 * another period coloured by whether that is better (KPI[id].better), the colour of its rank among sub-areas,
 * and the number of cases behind it (a click lists exactly those). Pure functions, tested in tests/web.
 */
import { KPI, KPI_IDS, type CaseMeasure, type KpiId } from '../../../tiles/domain/metrics';
import type { Rgb } from '../../../tiles/domain/labels';
import { formatNumber, type Lang, type MessageKey, type Translate } from '../i18n';

/** The figures a KPI card, a ranking row or a trend bucket carries (metrics.kpis' `Kpis`): every KPI, and the on-time count. */
export type KpiValues = Record<KpiId, number | null> & { closedOnTime: number };

/** What the screen shows for "no data" (a rate without a denominator, a mean without cases). */
export const NO_VALUE = '—';

/** A KPI's value in its unit: 1,234 · 87.5% · 12.3 h · 4.21. */
export function formatKpi(id: KpiId, value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  switch (KPI[id].unit) {
    case 'rate':
      return `${(value * 100).toFixed(1)}%`;
    case 'hours':
      return lang === 'zh' ? `${value.toFixed(1)} 小时` : `${value.toFixed(1)} h`;
    case 'score':
      return value.toFixed(2);
    case 'count':
      return formatNumber(value, lang);
  }
}

export interface Change {
  /** Rates: the difference in percentage points; everything else: the relative change (0.12 = +12 %). */
  value: number | null;
  /** "+2.3pp", "−12.0%", or "—" where there is nothing to compare with. */
  text: string;
  direction: 'up' | 'down' | 'flat' | null;
  /** Whether the change is for the better (KPI[id].better); 'neutral' for flat, unknown, or KPIs with no better way. */
  tone: 'good' | 'bad' | 'neutral';
}

const sign = (n: number) => (n > 0 ? '+' : n < 0 ? '−' : '±');

/** The change from `before` to `now`: percentage points for rates, a relative change otherwise (none from 0). */
export function changeOf(id: KpiId, now: number | null | undefined, before: number | null | undefined, lang: Lang): Change {
  const def = KPI[id];
  if (now === null || now === undefined || before === null || before === undefined) return { value: null, text: NO_VALUE, direction: null, tone: 'neutral' };
  let value: number;
  let text: string;
  if (def.unit === 'rate') {
    value = (now - before) * 100;
    text = `${sign(value)}${Math.abs(value).toFixed(1)}${lang === 'zh' ? '个百分点' : 'pp'}`;
  } else {
    // From nothing, a relative change is not defined: "—", not "+∞%".
    if (before === 0) return now === 0 ? { value: 0, text: '±0%', direction: 'flat', tone: 'neutral' } : { value: null, text: NO_VALUE, direction: null, tone: 'neutral' };
    value = now / before - 1;
    text = `${sign(value)}${Math.abs(value * 100).toFixed(1)}%`;
  }
  const direction = Math.abs(value) < 1e-9 ? 'flat' : value > 0 ? 'up' : 'down';
  const tone = direction === 'flat' || def.better === 'neither' ? 'neutral' : direction === def.better ? 'good' : 'bad';
  return { value, text, direction, tone };
}

/** Whether a larger value ranks first: KPIs where down is better rank the smallest first. */
export const largerFirst = (id: KpiId) => KPI[id].better !== 'down';

/**
 * The rank of each value among the others, 0 = best, ties sharing the better rank; null stays null.
 * Best means largest for KPIs where up is better (and for neither: most), smallest where down is better.
 */
export function ranks(values: readonly (number | null)[], id: KpiId): (number | null)[] {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const ordered = [...known].sort((a, b) => (largerFirst(id) ? b - a : a - b));
  return values.map((v) => (v === null || !Number.isFinite(v) ? null : ordered.indexOf(v)));
}

// Best → worst: green, amber, red (as the wall display's other good/bad colours); counts with no better way in blues.
const GOOD_TO_BAD: Rgb[] = [[34, 197, 94], [234, 179, 8], [239, 68, 68]];
const FEW_TO_MANY: Rgb[] = [[125, 211, 252], [14, 116, 144]];

function mix(stops: Rgb[], at: number): Rgb {
  const x = Math.min(1, Math.max(0, at)) * (stops.length - 1);
  const i = Math.min(Math.floor(x), stops.length - 2);
  const f = x - i;
  return stops[i].map((c, k) => Math.round(c + (stops[i + 1][k] - c) * f)) as Rgb;
}

/**
 * The colour of each value by its rank: best green → worst red, or light → dark blue by size for a KPI with no
 * better way (reported, call-ups); null (no data) has none.
 */
export function rankColours(values: readonly (number | null)[], id: KpiId): (Rgb | null)[] {
  const r = ranks(values, id);
  const worst = Math.max(0, ...r.filter((x): x is number => x !== null));
  const neither = KPI[id].better === 'neither';
  return r.map((rank) => {
    if (rank === null) return null;
    const at = worst === 0 ? 0 : rank / worst;
    return neither ? mix(FEW_TO_MANY, 1 - at) : mix(GOOD_TO_BAD, at);
  });
}

/** A colour for a style attribute. */
export const css = (c: Rgb, alpha = 1) => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${alpha})`;

/** The KPI whose cases a count lists, and how many there are (incident.list's total for that measure). */
export function caseCount(measure: CaseMeasure, k: KpiValues): number {
  switch (measure) {
    case 'reported':
    case 'registered':
    case 'dispatched':
    case 'closed':
    case 'closedOnTime':
    case 'overdue':
      return k[measure] ?? 0;
    // The rollup keeps the count; the API gives its share of the closed cases: the count comes back exactly.
    case 'reworked':
      return Math.round((k.reworkRate ?? 0) * (k.closed ?? 0));
  }
}

/** What a measure's cases are called: the count KPI that counts them (上报, 结案 …), else the screen's own word (按期结案, 返工). */
export function measureLabel(measure: CaseMeasure, t: Translate): string {
  const id = KPI_IDS.find((k) => KPI[k].cases === measure && KPI[k].unit === 'count');
  return id ? KPI[id][t.lang] : t(`metrics.measure_${measure}` as MessageKey);
}

export type SortDir = 'asc' | 'desc';

/** Rows sorted by a KPI or by name; rows without data go last whichever way. */
export function sortRows<R extends { name: string; kpis: KpiValues }>(rows: readonly R[], key: KpiId | 'name', dir: SortDir, lang: Lang): R[] {
  const f = dir === 'asc' ? 1 : -1;
  if (key === 'name') return [...rows].sort((a, b) => f * a.name.localeCompare(b.name, lang === 'zh' ? 'zh-CN' : 'en'));
  return [...rows].sort((a, b) => {
    const x = a.kpis[key];
    const y = b.kpis[key];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return f * (x - y) || a.name.localeCompare(b.name, 'zh-CN');
  });
}
