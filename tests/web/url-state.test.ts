import { describe, expect, it } from 'vitest';
import { DEFAULT_KPI, DEFAULT_LAYERS, DEFAULT_PTYPE, parseUrl, toSearch, type ViewState } from '../../web/src/url-state';

const MAP_DEFAULTS = { view: 'map', from: null, to: null, kpi: DEFAULT_KPI, ptype: DEFAULT_PTYPE, minutes: null, scenario: null } as const;

describe('the dashboard URL', () => {
  it('opens on the city by default, in Chinese, with the default layers', () => {
    expect(parseUrl('')).toEqual({ ...MAP_DEFAULTS, area: '3501', invalidArea: null, building: null, caseId: null, device: null, camera: null, lang: 'zh', layers: DEFAULT_LAYERS });
  });

  it('reads area, building, language and layers', () => {
    const s = parseUrl('?area=350102004001&building=42&case=9&lang=en&layers=cameras,incidents');
    expect(s).toMatchObject({ area: '350102004001', building: 42, caseId: 9, lang: 'en', layers: ['cameras', 'incidents'] });
    expect(parseUrl('?case=abc').caseId).toBeNull();
  });

  it('flags a malformed area code instead of guessing, and ignores unknown layers and bad buildings', () => {
    const s = parseUrl('?area=35010x&building=-3&layers=nope,roads');
    expect(s.invalidArea).toBe('35010x');
    expect(s.area).toBe('3501');
    expect(s.building).toBeNull();
    expect(s.layers).toEqual(['roads']);
  });

  it('round-trips through toSearch, leaving defaults out', () => {
    expect(toSearch({ ...MAP_DEFAULTS, area: '3501', building: null, caseId: null, device: null, camera: null, lang: 'zh', layers: DEFAULT_LAYERS })).toBe('?area=3501');
    const state: ViewState = { ...MAP_DEFAULTS, area: '350102', building: 7, caseId: 12, device: 31, camera: 44, lang: 'en', layers: ['areas', 'cameras'] };
    const search = toSearch(state);
    expect(search).toBe('?area=350102&building=7&case=12&device=31&camera=44&lang=en&layers=areas,cameras');
    expect(parseUrl(search)).toMatchObject(state);
  });
});

describe('the metrics screen in the URL', () => {
  const base: ViewState = { ...MAP_DEFAULTS, area: '350102', building: null, caseId: null, device: null, camera: null, lang: 'zh', layers: DEFAULT_LAYERS };

  it('reads the view, period and KPI, sharing the area with the map', () => {
    const s = parseUrl('?view=metrics&area=350102&from=2026-11-01&to=2026-11-30&kpi=reworkRate');
    expect(s).toMatchObject({ view: 'metrics', area: '350102', from: '2026-11-01', to: '2026-11-30', kpi: 'reworkRate' });
  });

  it('lands leaders on the metrics screen and others on the map, unless the address says which', () => {
    expect(parseUrl('?area=350102', '350102', 'metrics').view).toBe('metrics');
    expect(parseUrl('?area=350102', '350102').view).toBe('map');
    expect(parseUrl('?view=map', '350102', 'metrics').view).toBe('map');
    expect(parseUrl('?view=nope', '350102', 'metrics').view).toBe('metrics');
  });

  it('ignores an unknown KPI, a malformed day and half a period', () => {
    expect(parseUrl('?view=metrics&kpi=nope').kpi).toBe(DEFAULT_KPI);
    expect(parseUrl('?view=metrics&from=2026-11&to=2026-11-30')).toMatchObject({ from: null, to: null });
    expect(parseUrl('?view=metrics&from=2026-11-01')).toMatchObject({ from: null, to: null });
  });

  it('writes the period and KPI on the metrics screen only, and the view where it is not the default', () => {
    const metrics: ViewState = { ...base, view: 'metrics', from: '2026-11-01', to: '2026-11-30', kpi: 'onTimeCloseRate' };
    const search = toSearch(metrics);
    expect(search).toBe('?view=metrics&area=350102&from=2026-11-01&to=2026-11-30&kpi=onTimeCloseRate');
    expect(parseUrl(search)).toMatchObject(metrics);
    // Back on the map the period stays in memory but not in the address; a leader's map names its view.
    expect(toSearch({ ...metrics, view: 'map' })).toBe('?area=350102');
    expect(toSearch({ ...metrics, view: 'map' }, 'metrics')).toBe('?view=map&area=350102');
    expect(toSearch(metrics, 'metrics')).toBe(search);
  });
});

describe('the planning screen in the URL', () => {
  const base: ViewState = { ...MAP_DEFAULTS, area: '350102004', building: null, caseId: null, device: null, camera: null, lang: 'zh', layers: DEFAULT_LAYERS };

  it('reads the view, facility type, minutes and scenario, sharing the area with the other views', () => {
    const s = parseUrl('?view=planning&area=350102004&ptype=primary_school&minutes=10&scenario=12');
    expect(s).toMatchObject({ view: 'planning', area: '350102004', ptype: 'primary_school', minutes: 10, scenario: 12 });
    // Without minutes: the type's standard life circle; without a scenario: today only.
    expect(parseUrl('?view=planning&area=350102004&ptype=market')).toMatchObject({ ptype: 'market', minutes: null, scenario: null });
  });

  it('lands planners on the planning screen, unless the address says which', () => {
    expect(parseUrl('?area=350102', '350102', 'planning').view).toBe('planning');
    expect(parseUrl('?view=map', '350102', 'planning').view).toBe('map');
    expect(parseUrl('?view=metrics', '350102', 'planning').view).toBe('metrics');
    expect(parseUrl('?view=planning', '350102').view).toBe('planning');
  });

  it('ignores an unknown facility type, minutes outside 1–60 or not whole, and a bad scenario id', () => {
    expect(parseUrl('?view=planning&ptype=school').ptype).toBe(DEFAULT_PTYPE);
    for (const m of ['0', '61', '7.5', 'abc', '', '-5']) expect(parseUrl(`?view=planning&minutes=${m}`).minutes, m).toBeNull();
    expect(parseUrl('?view=planning&minutes=1').minutes).toBe(1);
    expect(parseUrl('?view=planning&minutes=60').minutes).toBe(60);
    for (const id of ['0', '-3', '1.5', 'x']) expect(parseUrl(`?view=planning&scenario=${id}`).scenario, id).toBeNull();
  });

  it('writes the type, minutes and scenario on the planning screen only, and always names the view', () => {
    const planning: ViewState = { ...base, view: 'planning', ptype: 'kindergarten', minutes: 5, scenario: 12 };
    const search = toSearch(planning);
    expect(search).toBe('?view=planning&area=350102004&ptype=kindergarten&minutes=5&scenario=12');
    expect(parseUrl(search)).toMatchObject(planning);
    // The standard circle and no scenario: left out.
    expect(toSearch({ ...planning, minutes: null, scenario: null })).toBe('?view=planning&area=350102004&ptype=kindergarten');
    // A planner's own screen still names itself (a shared link opens what it shows), their map names its view.
    expect(toSearch(planning, 'planning')).toBe(search);
    expect(toSearch({ ...planning, view: 'map' }, 'planning')).toBe('?view=map&area=350102004');
    // On the other screens the planning keys stay in memory, not in the address.
    expect(toSearch({ ...planning, view: 'map' })).toBe('?area=350102004');
    expect(toSearch({ ...planning, view: 'metrics' })).toBe('?view=metrics&area=350102004&kpi=onTimeCloseRate');
  });
});
