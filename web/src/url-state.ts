/**
 * What the address bar holds, so deep links, reload and the browser's back button work:
 * `?area=350102004&building=123&case=456&device=7&camera=8&lang=en&layers=areas,buildings` on the map, and
 * `?view=metrics&area=350102&from=2026-11-01&to=2026-11-30&kpi=onTimeCloseRate` on the metrics screen (考核), and
 * `?view=planning&area=350102004&ptype=kindergarten&minutes=5&scenario=12` on the planners' screen (规划: the
 * facility type, the walking minutes — left out: the type's standard life circle — and the scenario compared).
 * The area is the same on all: switching views keeps it. Drilling, switching views, periods, facility types,
 * minutes and scenarios push a history entry; language and layer toggles replace the current one.
 */
import { useCallback, useEffect, useState } from 'react';
import { AREA_CODE_PATTERN, CITY_CODE } from '../../tiles/domain/places';
import { KPI_IDS, type KpiId } from '../../tiles/domain/metrics';
import { PLANNING_MINUTES, SERVICE_TYPES, type ServiceType } from '../../tiles/domain/planning';
import { LAYERS, LAYER_IDS, type LayerId } from '../../tiles/layers';
import type { Lang } from './i18n';

/** The dashboard's screens: the one map (一张图), the leaders' metrics (考核) and the planners' analysis (规划). */
export const VIEWS = ['map', 'metrics', 'planning'] as const;
export type View = (typeof VIEWS)[number];

/** The KPI the metrics screen colours its ranking and map by, unless the address names another. */
export const DEFAULT_KPI: KpiId = 'onTimeCloseRate';
/** The facility type the planning screen analyses, unless the address names another. */
export const DEFAULT_PTYPE: ServiceType = 'kindergarten';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface ViewState {
  view: View;
  area: string;
  building: number | null;
  /** The case open in the case drawer. */
  caseId: number | null;
  /** The device or camera whose card is open. */
  device: number | null;
  camera: number | null;
  lang: Lang;
  layers: LayerId[];
  /** The metrics screen's period, whole days in China time ('YYYY-MM-DD'); null: the screen's default (last month). */
  from: string | null;
  to: string | null;
  /** The metrics screen's chosen KPI. */
  kpi: KpiId;
  /** The planning screen's facility type. */
  ptype: ServiceType;
  /** The planning screen's walking minutes (whole, 1–60); null: the type's standard life circle. */
  minutes: number | null;
  /** The planning scenario compared with today, or null. */
  scenario: number | null;
}

export const DEFAULT_LAYERS = LAYERS.filter((l) => l.defaultVisible).map((l) => l.id) as LayerId[];

/**
 * Reads the URL leniently: a malformed value falls back to its default (an unknown but well-formed code reaches
 * the API, which says so). `defaultView` is where the account lands without `?view=` (leaders: metrics).
 */
export function parseUrl(search: string, defaultArea: string = CITY_CODE, defaultView: View = 'map'): ViewState & { invalidArea: string | null } {
  const p = new URLSearchParams(search);
  const view = p.get('view');
  const kpi = p.get('kpi');
  const day = (name: string) => {
    const v = p.get(name);
    return v !== null && DAY.test(v) ? v : null;
  };
  const from = day('from');
  const to = day('to');
  const rawArea = p.get('area');
  const area = rawArea === null ? defaultArea : AREA_CODE_PATTERN.test(rawArea.trim()) ? rawArea.trim() : null;
  const building = Number(p.get('building'));
  const caseId = Number(p.get('case'));
  const device = Number(p.get('device'));
  const camera = Number(p.get('camera'));
  const ptype = p.get('ptype');
  const minutes = Number(p.get('minutes') ?? NaN);
  const scenario = Number(p.get('scenario'));
  const storedLang = typeof localStorage !== 'undefined' ? localStorage.getItem('citybrain.lang') : null;
  const langParam = p.get('lang') ?? storedLang;
  const layersParam = p.get('layers');
  return {
    view: (VIEWS as readonly string[]).includes(view ?? '') ? (view as View) : defaultView,
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
    // A period is two days or none (the screen's default): one alone would be half a period.
    from: from && to ? from : null,
    to: from && to ? to : null,
    kpi: (KPI_IDS as readonly string[]).includes(kpi ?? '') ? (kpi as KpiId) : DEFAULT_KPI,
    ptype: (SERVICE_TYPES as readonly string[]).includes(ptype ?? '') ? (ptype as ServiceType) : DEFAULT_PTYPE,
    minutes: Number.isInteger(minutes) && minutes >= PLANNING_MINUTES.min && minutes <= PLANNING_MINUTES.max ? minutes : null,
    scenario: Number.isInteger(scenario) && scenario > 0 ? scenario : null,
  };
}

/**
 * The address of a view state. `view` is written when it is not the account's default, and always for the
 * metrics and planning screens (a shared link opens the screen it shows); the period and KPI only on the
 * metrics screen, the facility type, minutes and scenario only on the planning screen.
 */
export function toSearch(s: ViewState, defaultView: View = 'map'): string {
  const p = new URLSearchParams();
  if (s.view !== defaultView || s.view !== 'map') p.set('view', s.view);
  p.set('area', s.area);
  if (s.view === 'metrics') {
    if (s.from && s.to) {
      p.set('from', s.from);
      p.set('to', s.to);
    }
    p.set('kpi', s.kpi);
  }
  if (s.view === 'planning') {
    p.set('ptype', s.ptype);
    if (s.minutes !== null) p.set('minutes', String(s.minutes));
    if (s.scenario !== null) p.set('scenario', String(s.scenario));
  }
  if (s.building) p.set('building', String(s.building));
  if (s.caseId) p.set('case', String(s.caseId));
  if (s.device) p.set('device', String(s.device));
  if (s.camera) p.set('camera', String(s.camera));
  if (s.lang !== 'zh') p.set('lang', s.lang);
  const layers = [...s.layers].sort().join(',');
  if (layers !== [...DEFAULT_LAYERS].sort().join(',')) p.set('layers', s.layers.join(','));
  return `?${p.toString().replaceAll('%2C', ',')}`;
}

/**
 * The view state, kept in step with the address bar. Without `?area=` the view opens on `defaultArea` (the
 * account's scope), without `?view=` on `defaultView` (the account's landing screen).
 */
export function useUrlState(defaultArea: string = CITY_CODE, defaultView: View = 'map') {
  const [state, setState] = useState(() => parseUrl(window.location.search, defaultArea, defaultView));

  useEffect(() => {
    const onPop = () => setState(parseUrl(window.location.search, defaultArea, defaultView));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [defaultArea, defaultView]);

  const update = useCallback((patch: Partial<ViewState>, mode: 'push' | 'replace' = 'push') => {
    setState((prev) => {
      const next = { ...prev, ...patch, invalidArea: patch.area ? null : prev.invalidArea };
      const search = toSearch(next, defaultView);
      if (search !== window.location.search) {
        if (mode === 'push') window.history.pushState(null, '', search);
        else window.history.replaceState(null, '', search);
      }
      if (patch.lang) localStorage.setItem('citybrain.lang', patch.lang);
      return next;
    });
  }, [defaultView]);

  return [state, update] as const;
}
