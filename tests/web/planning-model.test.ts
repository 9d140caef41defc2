import { describe, expect, it } from 'vitest';
import type { CoverageRow, PlanningFacility, ScenarioEdit } from '../../api/planning/types';
import {
  addFacility,
  closeFacility,
  exportLinks,
  facilityRadius,
  formatDelta,
  formatPoints,
  formatRate,
  gapColour,
  isochroneBands,
  largestGaps,
  moveFacility,
  nextAddKey,
  overloaded,
  parseMinutes,
  rateColour,
  removeEdit,
  sortCoverageRows,
  thresholdOf,
} from '../../web/src/planning/model';

describe('the walking threshold', () => {
  it('is the type’s standard circle and reach without minutes, minutes × 60 m with them', () => {
    expect(thresholdOf('kindergarten', null)).toEqual({ minutes: 5, metres: 300, standard: true });
    expect(thresholdOf('middle_school', null)).toEqual({ minutes: 15, metres: 1000, standard: true });
    expect(thresholdOf('middle_school', 15)).toEqual({ minutes: 15, metres: 900, standard: false });
    expect(thresholdOf('market', 7)).toEqual({ minutes: 7, metres: 420, standard: false });
  });

  it('reads custom minutes as whole numbers from 1 to 60 only', () => {
    expect(parseMinutes('8')).toBe(8);
    expect(parseMinutes(' 60 ')).toBe(60);
    for (const bad of ['0', '61', '7.5', '', 'abc', '-3', '100']) expect(parseMinutes(bad), bad).toBeNull();
  });

  it('draws the three life circles as isochrones, and the minutes chosen when they are another', () => {
    expect(isochroneBands(null)).toEqual([5, 10, 15]);
    expect(isochroneBands(10)).toEqual([5, 10, 15]);
    expect(isochroneBands(8)).toEqual([5, 8, 10, 15]);
    expect(isochroneBands(30)).toEqual([5, 10, 15, 30]);
  });
});

describe('figures as the screen writes them', () => {
  it('writes rates, signed changes in people and in percentage points', () => {
    expect(formatRate(0.7234)).toBe('72.3%');
    expect(formatRate(null)).toBe('—');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatDelta(1234, 'en')).toBe('+1,234');
    expect(formatDelta(-56, 'zh')).toBe('−56');
    expect(formatDelta(0, 'zh')).toBe('±0');
    expect(formatPoints(0.5, 0.623)).toBe('+12.3');
    expect(formatPoints(0.5, 0.49)).toBe('−1.0');
    expect(formatPoints(0.5, 0.5)).toBe('±0.0');
    expect(formatPoints(null, 0.5)).toBe('—');
  });

  it('colours rates red (none covered) to green (all), none without people; gaps pale to red by people', () => {
    expect(rateColour(0)).toEqual([239, 68, 68]);
    expect(rateColour(1)).toEqual([34, 197, 94]);
    expect(rateColour(0.5)).toEqual([234, 179, 8]);
    expect(rateColour(null)).toBeNull();
    expect(gapColour(0, 100)).toEqual([253, 230, 138]);
    expect(gapColour(100, 100)).toEqual([220, 38, 38]);
    expect(gapColour(5, 0)).toEqual([253, 230, 138]);
  });

  it('sizes facilities by capacity between 5 and 16 pixels', () => {
    expect(facilityRadius(0, 100)).toBe(5);
    expect(facilityRadius(100, 100)).toBe(16);
    expect(facilityRadius(25, 100)).toBeCloseTo(10.5);
    expect(facilityRadius(300, 100)).toBe(16);
  });
});

describe('lists', () => {
  const rows: CoverageRow[] = [
    { code: 'a', name: '乙', population: 100, covered: 50, rate: 0.5, delta: 10 },
    { code: 'b', name: '甲', population: 0, covered: 0, rate: null },
    { code: 'c', name: '丙', population: 300, covered: 270, rate: 0.9, delta: -5 },
    { code: 'd', name: '丁', population: 200, covered: 20, rate: 0.1, delta: 0 },
  ];

  it('sorts the sub-areas by any column, rows without a value last either way', () => {
    const codes = (key: Parameters<typeof sortCoverageRows>[1], dir: 'asc' | 'desc') => sortCoverageRows(rows, key, dir, 'zh').map((r) => r.code);
    expect(codes('rate', 'asc')).toEqual(['d', 'a', 'c', 'b']);
    expect(codes('rate', 'desc')).toEqual(['c', 'a', 'd', 'b']);
    expect(codes('population', 'desc')).toEqual(['c', 'd', 'a', 'b']);
    expect(codes('delta', 'desc')).toEqual(['a', 'd', 'c', 'b']);
    expect(codes('delta', 'asc')).toEqual(['c', 'd', 'a', 'b']);
    expect(codes('name', 'asc')).toHaveLength(4);
    expect(rows.map((r) => r.code)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('lists the largest gaps first and the overloaded facilities most loaded first, closed ones left out', () => {
    const cells = [
      { h3: '8a', lng: 0, lat: 0, people: 5 },
      { h3: '8b', lng: 0, lat: 0, people: 50 },
      { h3: '8c', lng: 0, lat: 0, people: 50 },
      { h3: '8d', lng: 0, lat: 0, people: 20 },
    ];
    expect(largestGaps(cells, 3).map((c) => c.h3)).toEqual(['8b', '8c', '8d']);
    const f = (id: number, load: number, status: PlanningFacility['status'] = 'existing'): PlanningFacility => ({ id, key: null, name: `f${id}`, lng: 0, lat: 0, capacity: 10, catchment: load * 10, load, overloaded: load > 1, status });
    expect(overloaded([f(1, 1.2), f(2, 0.8), f(3, 2), f(4, 3, 'closed')]).map((x) => x.id)).toEqual([3, 1]);
  });
});

describe('export links', () => {
  it('name the area, type, minutes and scenario, and the isochrone’s point and bands', () => {
    const links = exportLinks({ areaCode: '350102004', facilityType: 'kindergarten', minutes: 5, scenarioId: 12 }, { lng: 119.2961234567, lat: 26.0801, minutes: [5, 10, 15] });
    expect(links.coverageXlsx).toBe('/api/exports/planning-coverage.xlsx?areaCode=350102004&facilityType=kindergarten&minutes=5&scenarioId=12');
    expect(links.coverageCsv).toBe('/api/exports/planning-coverage.csv?areaCode=350102004&facilityType=kindergarten&minutes=5&scenarioId=12');
    expect(links.gapsGeojson).toBe('/api/exports/planning-gaps.geojson?areaCode=350102004&facilityType=kindergarten&minutes=5&scenarioId=12');
    expect(links.isochroneGeojson).toBe('/api/exports/planning-isochrone.geojson?lng=119.296123&lat=26.0801&minutes=5,10,15');
    expect(links.scenarioGeojson).toBe('/api/exports/planning-scenario.geojson?id=12');
    const plain = exportLinks({ areaCode: '350102', facilityType: 'market', minutes: null, scenarioId: null }, null);
    expect(plain.coverageXlsx).toBe('/api/exports/planning-coverage.xlsx?areaCode=350102&facilityType=market');
    expect(plain.isochroneGeojson).toBeNull();
    expect(plain.scenarioGeojson).toBeNull();
  });
});

describe('a scenario’s edits', () => {
  const base: ScenarioEdit[] = [
    { op: 'add', key: 'new-1', lng: 119.3, lat: 26.08, name: 'A' },
    { op: 'move', facilityId: 7, lng: 119.31, lat: 26.09 },
  ];

  it('adds facilities under fresh keys, rounded, named and sized when given', () => {
    expect(nextAddKey([])).toBe('new-1');
    expect(nextAddKey(base)).toBe('new-2');
    const next = addFacility(base, [119.123456789, 26.987654321], { name: '  B ', capacity: 120.4 });
    expect(next.at(-1)).toEqual({ op: 'add', key: 'new-2', lng: 119.123457, lat: 26.987654, name: 'B', capacity: 120 });
    expect(addFacility([], [1, 2], { name: ' ', capacity: -3 })).toEqual([{ op: 'add', key: 'new-1', lng: 1, lat: 2 }]);
    expect(addFacility([], [1, 2], { capacity: 0.3 })[0]).toMatchObject({ capacity: 1 });
    expect(base).toHaveLength(2);
  });

  it('moves an added facility in its own edit, and today’s with one move edit (replaced on a second move)', () => {
    expect(moveFacility(base, { id: null, key: 'new-1' }, [119.4, 26.1])).toEqual([
      { op: 'add', key: 'new-1', lng: 119.4, lat: 26.1, name: 'A' },
      base[1],
    ]);
    expect(moveFacility(base, { id: 7, key: null }, [119.5, 26.2])).toEqual([base[0], { op: 'move', facilityId: 7, lng: 119.5, lat: 26.2 }]);
    expect(moveFacility(base, { id: 9, key: null }, [119.5, 26.2])).toHaveLength(3);
    // One edit per facility (the server's rule): a closed one moved is open again, at its new place.
    expect(moveFacility([{ op: 'close', facilityId: 9 }], { id: 9, key: null }, [119.5, 26.2])).toEqual([{ op: 'move', facilityId: 9, lng: 119.5, lat: 26.2 }]);
  });

  it('closes an added facility by dropping it, and today’s with one close edit (its move dropped)', () => {
    expect(closeFacility(base, { id: null, key: 'new-1' })).toEqual([base[1]]);
    expect(closeFacility(base, { id: 7, key: null })).toEqual([base[0], { op: 'close', facilityId: 7 }]);
    expect(closeFacility(closeFacility(base, { id: 7, key: null }), { id: 7, key: null })).toEqual([base[0], { op: 'close', facilityId: 7 }]);
  });

  it('undoes one edit', () => {
    expect(removeEdit(base, 0)).toEqual([base[1]]);
    expect(removeEdit(base, 5)).toEqual(base);
  });
});
