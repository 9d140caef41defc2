import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYERS, parseUrl, toSearch } from '../../web/src/url-state';

describe('the dashboard URL', () => {
  it('opens on the city by default, in Chinese, with the default layers', () => {
    expect(parseUrl('')).toEqual({ area: '3501', invalidArea: null, building: null, caseId: null, device: null, camera: null, lang: 'zh', layers: DEFAULT_LAYERS });
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
    expect(toSearch({ area: '3501', building: null, caseId: null, device: null, camera: null, lang: 'zh', layers: DEFAULT_LAYERS })).toBe('?area=3501');
    const state = { area: '350102', building: 7, caseId: 12, device: 31, camera: 44, lang: 'en' as const, layers: ['areas' as const, 'cameras' as const] };
    const search = toSearch(state);
    expect(search).toBe('?area=350102&building=7&case=12&device=31&camera=44&lang=en&layers=areas,cameras');
    expect(parseUrl(search)).toMatchObject(state);
  });
});
