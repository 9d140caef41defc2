import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addWorkingMinutes,
  chinaDate,
  dueAt,
  EMPTY_CALENDAR,
  isWorkingDay,
  minutesLeft,
  WORKING_DAY_MINUTES,
  workingMinutesBetween,
  type WorkCalendar,
} from '../../api/cases/calendar';

/** China Standard Time wall clock → instant. */
const cst = (s: string) => new Date(`${s}+08:00`);

// Mon 2026-09-28 … : a National Day week with the holiday Oct 1–7 and a make-up working Saturday Oct 10.
const NATIONAL_DAY: WorkCalendar = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']),
  workdays: new Set(['2026-10-10']),
};

describe('working time', () => {
  it('knows office days in China time, holidays and make-up days', () => {
    expect(isWorkingDay(cst('2026-11-23T09:00:00'), EMPTY_CALENDAR)).toBe(true); // Monday
    expect(isWorkingDay(cst('2026-11-22T09:00:00'), EMPTY_CALENDAR)).toBe(false); // Sunday
    // 01:00 Monday in China is still Sunday in UTC: the China date decides.
    expect(chinaDate(cst('2026-11-23T01:00:00'))).toBe('2026-11-23');
    expect(isWorkingDay(cst('2026-11-23T01:00:00'), EMPTY_CALENDAR)).toBe(true);
    expect(isWorkingDay(cst('2026-10-05T10:00:00'), NATIONAL_DAY)).toBe(false);
    expect(isWorkingDay(cst('2026-10-10T10:00:00'), NATIONAL_DAY)).toBe(true); // Saturday made a working day
  });

  it('adds working minutes across lunch, nights and weekends', () => {
    // 11:30 + 60 min: 30 before lunch, 30 after 14:30.
    expect(addWorkingMinutes(cst('2026-11-23T11:30:00'), 60, EMPTY_CALENDAR)).toEqual(cst('2026-11-23T15:00:00'));
    // Friday 17:00 + 60 min: 30 on Friday, 30 on Monday morning.
    expect(addWorkingMinutes(cst('2026-11-27T17:00:00'), 60, EMPTY_CALENDAR)).toEqual(cst('2026-11-30T09:00:00'));
    // Reported at night: the clock starts at 08:30.
    expect(addWorkingMinutes(cst('2026-11-23T22:00:00'), 30, EMPTY_CALENDAR)).toEqual(cst('2026-11-24T09:00:00'));
    // Five working days from Monday 08:30 end on Friday 17:30.
    expect(addWorkingMinutes(cst('2026-11-23T08:30:00'), 5 * WORKING_DAY_MINUTES, EMPTY_CALENDAR)).toEqual(cst('2026-11-27T17:30:00'));
  });

  it('skips holidays and counts make-up days', () => {
    // Wednesday Sep 30, 17:00 + 2 working days (780 min): Sep 30 gives 30 min; Oct 1–7 are off except the
    // weekend Oct 3–4 (off anyway); Oct 8 and 9 give 780 − 30 = 750 min: Oct 8 full (390), Oct 9 360 → 17:00.
    expect(addWorkingMinutes(cst('2026-09-30T17:00:00'), 2 * WORKING_DAY_MINUTES, NATIONAL_DAY)).toEqual(cst('2026-10-09T17:00:00'));
    // Friday Oct 9 17:00 + 60 min: 30 on Friday, 30 on the make-up Saturday Oct 10.
    expect(addWorkingMinutes(cst('2026-10-09T17:00:00'), 60, NATIONAL_DAY)).toEqual(cst('2026-10-10T09:00:00'));
  });

  it('counts working minutes between instants, the inverse of adding them', () => {
    expect(workingMinutesBetween(cst('2026-11-23T11:30:00'), cst('2026-11-23T15:00:00'), EMPTY_CALENDAR)).toBe(60);
    expect(workingMinutesBetween(cst('2026-11-27T12:00:00'), cst('2026-11-30T08:30:00'), EMPTY_CALENDAR)).toBe(180);
    expect(workingMinutesBetween(cst('2026-11-30T08:30:00'), cst('2026-11-27T12:00:00'), EMPTY_CALENDAR)).toBe(0);
    fc.assert(
      fc.property(
        fc.date({ min: cst('2026-01-01T00:00:00'), max: cst('2027-12-31T00:00:00'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 20 * WORKING_DAY_MINUTES }),
        (start, minutes) => {
          const end = addWorkingMinutes(start, minutes, NATIONAL_DAY);
          expect(end >= start).toBe(true);
          expect(workingMinutesBetween(start, end, NATIONAL_DAY)).toBeCloseTo(minutes, 6);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it('computes due times and what is left, on the clock or in working time', () => {
    const reported = cst('2026-11-27T16:00:00'); // Friday afternoon
    const garbage = { minutes: 120, calendar: 'natural' as const };
    const construction = { minutes: 5 * WORKING_DAY_MINUTES, calendar: 'working' as const };
    expect(dueAt(reported, garbage, EMPTY_CALENDAR)).toEqual(cst('2026-11-27T18:00:00'));
    expect(dueAt(reported, construction, EMPTY_CALENDAR)).toEqual(cst('2026-12-04T16:00:00'));
    const due = dueAt(reported, garbage, EMPTY_CALENDAR);
    expect(minutesLeft(due, cst('2026-11-27T17:30:00'), garbage, EMPTY_CALENDAR)).toBe(30);
    expect(minutesLeft(due, cst('2026-11-27T19:00:00'), garbage, EMPTY_CALENDAR)).toBe(-60);
    const dueWork = dueAt(reported, construction, EMPTY_CALENDAR);
    // Over the weekend no working time passes.
    expect(minutesLeft(dueWork, cst('2026-11-28T12:00:00'), construction, EMPTY_CALENDAR)).toBe(minutesLeft(dueWork, cst('2026-11-29T20:00:00'), construction, EMPTY_CALENDAR));
    expect(minutesLeft(dueWork, cst('2026-12-07T09:30:00'), construction, EMPTY_CALENDAR)).toBe(-(90 + 60));
  });

  it('refuses nonsense limits', () => {
    expect(() => addWorkingMinutes(new Date(), -1, EMPTY_CALENDAR)).toThrow(RangeError);
    expect(() => addWorkingMinutes(new Date(), Number.NaN, EMPTY_CALENDAR)).toThrow(RangeError);
    const allOff: WorkCalendar = { holidays: { has: () => true } as unknown as Set<string>, workdays: new Set() };
    expect(() => addWorkingMinutes(new Date(), 10, allOff)).toThrow(/holiday calendar/);
  });
});
