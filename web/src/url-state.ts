/**
 * What the address bar holds, so deep links, reload and the browser's back button work:
 * `?area=350102004&building=123&case=456&device=7&camera=8&lang=en&layers=areas,buildings`.
 * Drilling pushes a history entry; language and layer toggles replace the current one.
 */
import { useCallback, useEffect, useState } from 'react';
import { AREA_CODE_PATTERN, CITY_CODE } from '../../tiles/domain/places';
import { LAYERS, LAYER_IDS, type LayerId } from '../../tiles/layers';
import type { Lang } from './i18n';

export interface ViewState {
  area: string;
  building: number | null;
  /** The case open in the case drawer. */
  caseId: number | null;
  /** The device or camera whose card is open. */
  device: number | null;
  camera: number | null;
  lang: Lang;
  layers: LayerId[];
}

export const DEFAULT_LAYERS = LAYERS.filter((l) => l.defaultVisible).map((l) => l.id) as LayerId[];

/** Reads the URL leniently: a malformed value falls back to its default (an unknown but well-formed code reaches the API, which says so). */
export function parseUrl(search: string, defaultArea: string = CITY_CODE): ViewState & { invalidArea: string | null } {
  const p = new URLSearchParams(search);
  const rawArea = p.get('area');
  const area = rawArea === null ? defaultArea : AREA_CODE_PATTERN.test(rawArea.trim()) ? rawArea.trim() : null;
  const building = Number(p.get('building'));
  const caseId = Number(p.get('case'));
  const device = Number(p.get('device'));
  const camera = Number(p.get('camera'));
  const storedLang = typeof localStorage !== 'undefined' ? localStorage.getItem('citybrain.lang') : null;
  const langParam = p.get('lang') ?? storedLang;
  const layersParam = p.get('layers');
  return {
    area: area ?? defaultArea,
    invalidArea: area === null ? rawArea : null,
    building: Number.isInteger(building) && building > 0 ? building : null,
    caseId: Number.isInteger(caseId) && caseId > 0 ? caseId : null,
    device: Number.isInteger(device) && device > 0 ? device : null,
    camera: Number.isInteger(camera) && camera > 0 ? camera : null,
    lang: langParam === 'en' ? 'en' : 'zh',
    layers:
      layersParam === null
        ? DEFAULT_LAYERS
        : (layersParam.split(',').filter((id) => (LAYER_IDS as string[]).includes(id)) as LayerId[]),
  };
}

export function toSearch(s: ViewState): string {
  const p = new URLSearchParams();
  p.set('area', s.area);
  if (s.building) p.set('building', String(s.building));
  if (s.caseId) p.set('case', String(s.caseId));
  if (s.device) p.set('device', String(s.device));
  if (s.camera) p.set('camera', String(s.camera));
  if (s.lang !== 'zh') p.set('lang', s.lang);
  const layers = [...s.layers].sort().join(',');
  if (layers !== [...DEFAULT_LAYERS].sort().join(',')) p.set('layers', s.layers.join(','));
  return `?${p.toString().replaceAll('%2C', ',')}`;
}

/** The view state, kept in step with the address bar. Without `?area=` the view opens on `defaultArea` (the account's scope). */
export function useUrlState(defaultArea: string = CITY_CODE) {
  const [state, setState] = useState(() => parseUrl(window.location.search, defaultArea));

  useEffect(() => {
    const onPop = () => setState(parseUrl(window.location.search, defaultArea));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [defaultArea]);

  const update = useCallback((patch: Partial<ViewState>, mode: 'push' | 'replace' = 'push') => {
    setState((prev) => {
      const next = { ...prev, ...patch, invalidArea: patch.area ? null : prev.invalidArea };
      const search = toSearch(next);
      if (search !== window.location.search) {
        if (mode === 'push') window.history.pushState(null, '', search);
        else window.history.replaceState(null, '', search);
      }
      if (patch.lang) localStorage.setItem('citybrain.lang', patch.lang);
      return next;
    });
  }, []);

  return [state, update] as const;
}
