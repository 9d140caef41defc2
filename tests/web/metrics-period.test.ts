import { describe, expect, it } from 'vitest';
import { MAX_PERIOD_DAYS } from '../../tiles/domain/metrics';
import { addDays, autoBucket, bucketLabel, chinaToday, daysIn, defaultPeriod, isDay, isValidPeriod, periodText, presetOf, presetPeriod } from '../../web/src/metrics/period';

describe('the metrics periods (whole days in China time)', () => {
  it('takes today from China’s clock, not the machine’s zone', () => {
    // 2026-11-30 16:30 UTC is already 1 December in Fuzhou; 15:59 UTC is still 30 November.
    expect(chinaToday(Date.parse('2026-11-30T16:30:00Z'))).toBe('2026-12-01');
    expect(chinaToday(Date.parse('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
    expect(chinaToday(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('makes the presets as of today: this month, quarter and year run to today, last month is whole', () => {
    expect(presetPeriod('thisMonth', '2026-12-04')).toEqual({ from: '2026-12-01', to: '2026-12-04' });
    expect(presetPeriod('lastMonth', '2026-12-04')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetPeriod('lastMonth', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetPeriod('lastMonth', '2024-03-31')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(presetPeriod('quarter', '2026-12-04')).toEqual({ from: '2026-10-01', to: '2026-12-04' });
    expect(presetPeriod('quarter', '2026-03-31')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(presetPeriod('year', '2026-12-04')).toEqual({ from: '2026-01-01', to: '2026-12-04' });
    expect(defaultPeriod('2026-12-04')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });

  it('recognises a preset, and calls anything else custom', () => {
    expect(presetOf({ from: '2026-11-01', to: '2026-11-30' }, '2026-12-04')).toBe('lastMonth');
    expect(presetOf({ from: '2026-12-01', to: '2026-12-04' }, '2026-12-04')).toBe('thisMonth');
    expect(presetOf({ from: '2026-11-01', to: '2026-11-20' }, '2026-12-04')).toBe('custom');
    // On the first of a quarter's first month, this month and this quarter are the same days: the month wins.
    expect(presetOf({ from: '2026-10-01', to: '2026-10-01' }, '2026-10-01')).toBe('thisMonth');
  });

  it('checks days and periods', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-2-28')).toBe(false);
    expect(isDay(null)).toBe(false);
    expect(isValidPeriod({ from: '2026-11-01', to: '2026-11-30' })).toBe(true);
    expect(isValidPeriod({ from: '2026-11-30', to: '2026-11-01' })).toBe(false);
    expect(isValidPeriod({ from: '2026-11-01' })).toBe(false);
    const longest = { from: '2025-01-01', to: addDays('2025-01-01', MAX_PERIOD_DAYS - 1) };
    expect(daysIn(longest)).toBe(MAX_PERIOD_DAYS);
    expect(isValidPeriod(longest)).toBe(true);
    expect(isValidPeriod({ ...longest, to: addDays(longest.to, 1) })).toBe(false);
  });

  it('counts days across month ends and picks a readable trend bucket', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysIn({ from: '2026-11-01', to: '2026-11-30' })).toBe(30);
    expect(autoBucket({ from: '2026-11-01', to: '2026-11-30' })).toBe('day');
    expect(autoBucket({ from: '2026-07-01', to: '2026-12-04' })).toBe('week');
    expect(autoBucket({ from: '2026-01-01', to: '2026-12-04' })).toBe('month');
    expect(bucketLabel('2026-11-03', 'day')).toBe('11-03');
    expect(bucketLabel('2026-11-01', 'month')).toBe('2026-11');
  });

  it('names a whole month as a month, other periods by their days', () => {
    expect(periodText({ from: '2026-11-01', to: '2026-11-30' }, 'zh')).toBe('2026年11月');
    expect(periodText({ from: '2026-11-01', to: '2026-11-30' }, 'en')).toBe('Nov 2026');
    expect(periodText({ from: '2026-11-01', to: '2026-11-20' }, 'zh')).toBe('2026-11-01 至 2026-11-20');
    expect(periodText({ from: '2026-11-01', to: '2026-11-20' }, 'en')).toBe('2026-11-01 – 2026-11-20');
    expect(periodText({ from: '2026-11-05', to: '2026-11-05' }, 'en')).toBe('2026-11-05');
  });
});
