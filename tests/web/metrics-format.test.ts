import { describe, expect, it } from 'vitest';
import { KPI, KPI_IDS, type KpiId } from '../../tiles/domain/metrics';
import { caseCount, changeOf, formatKpi, measureLabel, NO_VALUE, rankColours, ranks, sortRows, type KpiValues } from '../../web/src/metrics/format';
import { translator } from '../../web/src/i18n';

const values = (patch: Partial<KpiValues>): KpiValues => ({ ...(Object.fromEntries(KPI_IDS.map((id) => [id, 0])) as KpiValues), closedOnTime: 0, ...patch });

describe('a KPI as the metrics screen shows it', () => {
  it('writes each unit its way, and no data as a dash', () => {
    expect(formatKpi('onTimeCloseRate', 0.8246, 'zh')).toBe('82.5%');
    expect(formatKpi('onTimeCloseRate', null, 'zh')).toBe(NO_VALUE);
    expect(formatKpi('avgHandlingHours', 3.24, 'zh')).toBe('3.2 小时');
    expect(formatKpi('avgHandlingHours', 3.24, 'en')).toBe('3.2 h');
    expect(formatKpi('satisfaction', 4.5, 'en')).toBe('4.50');
    expect(formatKpi('reported', 12345, 'en')).toBe('12,345');
  });

  it('compares rates in percentage points and counts relatively, coloured by which way is better', () => {
    expect(changeOf('onTimeCloseRate', 0.9, 0.85, 'zh')).toMatchObject({ text: '+5.0个百分点', direction: 'up', tone: 'good' });
    expect(changeOf('onTimeCloseRate', 0.8, 0.85, 'en')).toMatchObject({ text: '−5.0pp', direction: 'down', tone: 'bad' });
    expect(changeOf('overdue', 12, 10, 'en')).toMatchObject({ text: '+20.0%', direction: 'up', tone: 'bad' });
    expect(changeOf('avgHandlingHours', 2, 4, 'en')).toMatchObject({ text: '−50.0%', direction: 'down', tone: 'good' });
    // Reported cases are neither better nor worse.
    expect(changeOf('reported', 150, 100, 'en')).toMatchObject({ text: '+50.0%', direction: 'up', tone: 'neutral' });
    expect(changeOf('closed', 5, 5, 'en')).toMatchObject({ direction: 'flat', tone: 'neutral' });
  });

  it('has nothing to compare with where either side has no data or the base is zero', () => {
    expect(changeOf('onTimeCloseRate', 0.9, null, 'en')).toMatchObject({ value: null, text: NO_VALUE, direction: null });
    expect(changeOf('closed', 7, 0, 'en')).toMatchObject({ value: null, text: NO_VALUE, direction: null });
    expect(changeOf('closed', 0, 0, 'en')).toMatchObject({ value: 0, direction: 'flat' });
  });

  it('ranks the best first (largest where up is better, smallest where down is), ties sharing a rank, no data unranked', () => {
    expect(ranks([0.9, 0.7, null, 0.9, 0.8], 'onTimeCloseRate')).toEqual([0, 3, null, 0, 2]);
    expect(ranks([3, 1, 2], 'overdue')).toEqual([2, 0, 1]);
  });

  it('colours the best green and the worst red, KPIs with no better way in blues, no data not at all', () => {
    const [best, middle, worst, none] = rankColours([0.95, 0.8, 0.5, null], 'onTimeCloseRate');
    expect(best).toEqual([34, 197, 94]);
    expect(worst).toEqual([239, 68, 68]);
    expect(middle).toEqual([234, 179, 8]);
    expect(none).toBeNull();
    const [many, few] = rankColours([30, 3], 'reported');
    expect(few).toEqual([125, 211, 252]);
    expect(many).toEqual([14, 116, 144]);
    // One area alone is the best.
    expect(rankColours([4], 'overdue')).toEqual([[34, 197, 94]]);
  });

  it('knows how many cases are behind each count, which is what the case list’s total must be', () => {
    const k = values({ reported: 154, registered: 150, dispatched: 149, closed: 136, closedOnTime: 112, overdue: 24, reworkRate: 10 / 136 });
    expect(caseCount('reported', k)).toBe(154);
    expect(caseCount('closedOnTime', k)).toBe(112);
    expect(caseCount('overdue', k)).toBe(24);
    expect(caseCount('reworked', k)).toBe(10);
    // Every KPI that lists cases has a count.
    for (const id of KPI_IDS) {
      const measure = KPI[id].cases;
      if (measure) expect(Number.isInteger(caseCount(measure, k)), id).toBe(true);
    }
  });

  it('names the cases of a measure by the count that counts them, or in the screen’s own words', () => {
    expect(measureLabel('closed', translator('zh'))).toBe('结案');
    expect(measureLabel('closedOnTime', translator('zh'))).toBe('按期结案');
    expect(measureLabel('reworked', translator('en'))).toBe('Reworked');
  });

  it('sorts rows by a KPI either way with no data last, or by name', () => {
    const rows = [
      { name: '东街街道', kpis: values({ onTimeCloseRate: 0.9 }) },
      { name: '鼓东街道', kpis: values({ onTimeCloseRate: null }) },
      { name: '安泰街道', kpis: values({ onTimeCloseRate: 0.7 }) },
    ];
    const names = (key: KpiId | 'name', dir: 'asc' | 'desc') => sortRows(rows, key, dir, 'zh').map((r) => r.name);
    expect(names('onTimeCloseRate', 'desc')).toEqual(['东街街道', '安泰街道', '鼓东街道']);
    expect(names('onTimeCloseRate', 'asc')).toEqual(['安泰街道', '东街街道', '鼓东街道']);
    expect(names('name', 'asc')).toEqual(['安泰街道', '东街街道', '鼓东街道']);
  });
});
