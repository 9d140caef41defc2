/**
 * What interrupts the wall's tour, found in what the wall already receives: an urgent (critical) alarm
 * raised after the wall started, a case escalated or called up to the display's own level, and an overdue
 * surge (the count of overdue cases rising by OVERDUE_SURGE_COUNT within OVERDUE_SURGE_WINDOW_MIN minutes).
 * Pure functions; the wall page turns their answers into tour alerts.
 */
import type { CaseLevel } from '../../../tiles/domain/cases';
import { OVERDUE_SURGE_COUNT, OVERDUE_SURGE_WINDOW_MIN } from '../../../tiles/domain/wall';
import type { WallAlert } from './tour';

/** The case level that answers to an area of this code: the city, a district, a street, a community. */
export function levelOfArea(code: string): CaseLevel | null {
  switch (code.length) {
    case 4:
      return 'city';
    case 6:
      return 'district';
    case 9:
      return 'street';
    case 12:
      return 'community';
    default:
      return null;
  }
}

export interface AlarmLike {
  id: number;
  severity: string;
  label: { zh: string; en: string } | string;
  firstAt: string | Date;
  center: [number, number];
  incident: { caseNo: string } | null;
  place: string;
}

/** Critical alarms first raised at or after `since` (older ones were there before the wall looked). */
export function alarmAlerts(alarms: readonly AlarmLike[], since: number, lang: 'zh' | 'en'): WallAlert[] {
  return alarms
    .filter((a) => a.severity === 'critical' && new Date(a.firstAt).getTime() >= since)
    .sort((a, b) => new Date(a.firstAt).getTime() - new Date(b.firstAt).getTime() || a.id - b.id)
    .map((a) => ({
      key: `alarm:${a.id}`,
      kind: 'alarm' as const,
      title: typeof a.label === 'string' ? a.label : a.label[lang],
      place: a.place,
      since: new Date(a.firstAt).getTime(),
      caseNo: a.incident?.caseNo ?? null,
      position: a.center,
    }));
}

export interface ChangeLike {
  id: number;
  incidentId: number;
  action: string;
  level: string;
  caseNo: string;
  typeName: string;
  place: string;
  at: string;
  lng: number;
  lat: number;
}

/** Cases escalated (overdue) or called up to the display's level, in the order they happened. */
export function escalationAlerts(changes: readonly ChangeLike[], displayLevel: CaseLevel | null): WallAlert[] {
  if (!displayLevel) return [];
  return changes
    .filter((c) => (c.action === 'escalate' || c.action === 'call_up') && c.level === displayLevel)
    .sort((a, b) => a.id - b.id)
    .map((c) => ({
      key: `case:${c.id}`,
      kind: 'escalation' as const,
      title: c.typeName,
      place: c.place,
      since: new Date(c.at).getTime(),
      caseNo: c.caseNo,
      position: [c.lng, c.lat] as [number, number],
    }));
}

export interface OverdueSample {
  at: number;
  count: number;
}

/** Keeps the samples of the surge window (and one before it, the baseline). */
export function recordOverdue(samples: readonly OverdueSample[], sample: OverdueSample): OverdueSample[] {
  const windowStart = sample.at - OVERDUE_SURGE_WINDOW_MIN * 60_000;
  const kept = samples.filter((s) => s.at >= windowStart);
  return [...kept, sample];
}

/**
 * An overdue surge: the newest count exceeds the lowest of the window by OVERDUE_SURGE_COUNT or more.
 * Its key is the window's lowest point, so one surge is one alert however long it lasts.
 */
export function overdueSurge(samples: readonly OverdueSample[]): { from: number; to: number; since: number } | null {
  if (samples.length < 2) return null;
  const last = samples[samples.length - 1];
  let low = samples[0];
  for (const s of samples) if (s.count < low.count) low = s;
  if (last.count - low.count < OVERDUE_SURGE_COUNT) return null;
  return { from: low.count, to: last.count, since: low.at };
}
