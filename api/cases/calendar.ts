/**
 * Deadlines of case stages. A limit is counted either on the clock ('natural': exposed garbage within 2
 * hours, day and night) or in working time ('working': illegal construction within 5 working days), as
 * the digital urban-management standard sets per case type.
 *
 * Working time is government office hours in China Standard Time (UTC+8, no daylight saving): Monday to
 * Friday 08:30–12:00 and 14:30–17:30 (6.5 h a working day), except public holidays, plus the weekend days
 * declared working days (调休). The calendar of holidays and make-up days is data (the `holidays` table).
 */

export interface WorkCalendar {
  /** 'YYYY-MM-DD' dates (China time) that are days off although they fall on a weekday. */
  holidays: ReadonlySet<string>;
  /** 'YYYY-MM-DD' weekend dates that are working days (调休). */
  workdays: ReadonlySet<string>;
}

export interface StageLimit {
  minutes: number;
  calendar: 'natural' | 'working';
}

/** Office hours as [start, end) in minutes after local midnight. */
export const OFFICE_HOURS: readonly (readonly [number, number])[] = [
  [8 * 60 + 30, 12 * 60],
  [14 * 60 + 30, 17 * 60 + 30],
];
/** Working minutes in one working day (390 = 6.5 h). */
export const WORKING_DAY_MINUTES = OFFICE_HOURS.reduce((sum, [a, b]) => sum + b - a, 0);

const TZ_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export const EMPTY_CALENDAR: WorkCalendar = { holidays: new Set(), workdays: new Set() };

/** The China-time calendar date of an instant, as 'YYYY-MM-DD'. */
export function chinaDate(t: Date | number): string {
  return new Date(+t + TZ_OFFSET_MS).toISOString().slice(0, 10);
}

/** Midnight (China time) of the day holding `t`, as epoch milliseconds. */
function chinaMidnight(t: number): number {
  return Math.floor((t + TZ_OFFSET_MS) / DAY_MS) * DAY_MS - TZ_OFFSET_MS;
}

export function isWorkingDay(t: Date | number, calendar: WorkCalendar): boolean {
  const date = chinaDate(t);
  if (calendar.workdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  const weekday = new Date(+t + TZ_OFFSET_MS).getUTCDay(); // 0 Sunday … 6 Saturday, in China time
  return weekday >= 1 && weekday <= 5;
}

/** Working intervals of the day holding `t`, as epoch-millisecond pairs; none on a day off. */
function officeIntervals(t: number, calendar: WorkCalendar): [number, number][] {
  if (!isWorkingDay(t, calendar)) return [];
  const midnight = chinaMidnight(t);
  return OFFICE_HOURS.map(([a, b]) => [midnight + a * MINUTE_MS, midnight + b * MINUTE_MS]);
}

/** A year of days off in a row would be a broken calendar; stop rather than loop forever. */
const MAX_DAYS = 3660;

/** The instant `minutes` of working time after `start` (a start outside office hours counts from the next opening). */
export function addWorkingMinutes(start: Date, minutes: number, calendar: WorkCalendar): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`working minutes must be a finite non-negative number, got ${minutes}`);
  let left = minutes * MINUTE_MS;
  let day = +start;
  for (let i = 0; i < MAX_DAYS; i++) {
    for (const [a, b] of officeIntervals(day, calendar)) {
      const from = Math.max(a, +start);
      if (from >= b) continue;
      if (from + left <= b) return new Date(from + left);
      left -= b - from;
    }
    day = chinaMidnight(day) + DAY_MS;
  }
  throw new RangeError(`no working time within ${MAX_DAYS} days of ${start.toISOString()}: check the holiday calendar`);
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function workingMinutesBetween(from: Date, to: Date, calendar: WorkCalendar): number {
  if (+to <= +from) return 0;
  let total = 0;
  for (let day = chinaMidnight(+from), i = 0; day < +to && i < MAX_DAYS; day += DAY_MS, i++) {
    for (const [a, b] of officeIntervals(day, calendar)) {
      const lo = Math.max(a, +from);
      const hi = Math.min(b, +to);
      if (hi > lo) total += hi - lo;
    }
  }
  return total / MINUTE_MS;
}

/** When a stage that starts at `start` is due. */
export function dueAt(start: Date, limit: StageLimit, calendar: WorkCalendar): Date {
  if (limit.calendar === 'natural') return new Date(+start + limit.minutes * MINUTE_MS);
  return addWorkingMinutes(start, limit.minutes, calendar);
}

/** Minutes of the limit left at `now` (negative when overdue), counted the way the limit is. */
export function minutesLeft(due: Date, now: Date, limit: Pick<StageLimit, 'calendar'>, calendar: WorkCalendar): number {
  if (limit.calendar === 'natural') return (+due - +now) / MINUTE_MS;
  return +due >= +now ? workingMinutesBetween(now, due, calendar) : -workingMinutesBetween(due, now, calendar);
}
