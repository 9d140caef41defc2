/**
 * The dashboard: one map of the city with the drill-down city → district → street → community → grid →
 * building, the leaders' metrics screen (考核, its own script) and the planners' screen (规划, its own script)
 * on the same area; a tab in the top bar switches between them, leaders land on the metrics and planners on
 * the planning screen. State lives in the URL (url-state.ts); data comes
 * from tRPC (api.ts) and the tile service.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { LayerId } from '../../tiles/layers';
import { errorMessage, trpc, type Me } from './api';
import { I18nContext, translator, formatNumber } from './i18n';
import { useUrlState, VIEWS, type View } from './url-state';
import { MapView, type MapHandles } from './map/MapView';
import { tileActivity } from './map/tile-fetch';
import { AreaPanel } from './panels/AreaPanel';
import { Breadcrumb } from './panels/Breadcrumb';
import { LayerPanel } from './panels/LayerPanel';
import { BuildingCard } from './panels/BuildingCard';
import { SearchBox } from './panels/SearchBox';
import { UserMenu, type UserTool } from './auth/UserMenu';
import { ResidentsPanel } from './panels/ResidentsPanel';
import { AuditView } from './admin/AuditView';
import { AccountsView } from './admin/AccountsView';
import { DisplaysView } from './admin/DisplaysView';
import { useLiveChanges, usePulses } from './cases/live';
import { PlaybackBar } from './playback/PlaybackBar';
import { playbackLayers } from './playback/playback-layers';
import { usePlayback } from './playback/use-playback';
import { CasesPanel } from './cases/CasesPanel';
import { CaseDrawer } from './cases/CaseDrawer';
import { IntakeForm } from './cases/IntakeForm';
import type { Overlay, Pulse } from './map/deck-layers';
import type { MapSelection } from './map/layer-kit';
import { AlarmsPanel, alarmsVersion, useAlarms } from './sensing/AlarmsPanel';
import { DeviceCard } from './sensing/DeviceCard';
import { CameraCard } from './sensing/CameraCard';
import { ParkingFinder, useNearestFree } from './sensing/ParkingFinder';
import { ParkingCard } from './sensing/ParkingCard';

// The metrics screen, with its charts and heat layer, is loaded by those who open it.
const MetricsScreen = lazy(() => import('./metrics/MetricsScreen').then((m) => ({ default: m.MetricsScreen })));
// The planning screen, with its H3 cells and scenario editor, likewise.
const PlanningScreen = lazy(() => import('./planning/PlanningScreen').then((m) => ({ default: m.PlanningScreen })));

/** What tests and operators' scripts can reach from the console. */
interface CityBrainHandle {
  map?: MapHandles['map'];
  deck?: MapHandles['overlay'];
  ready: boolean;
  state: { loading: boolean; area: string; building: number | null; user: string };
  openBuilding(id: number): void;
  openArea(code: string): void;
  openCase(id: number): void;
  openDevice(id: number): void;
  openCamera(id: number): void;
  /** Live changes received so far (newest first). */
  liveChanges(): { id: number; incidentId: number; action: string; status: string }[];
}
declare global {
  interface Window {
    __cityBrain?: CityBrainHandle;
  }
}

const PADDING = { left: 400, right: 360, top: 70, bottom: 30 };
const NO_PULSES: Pulse[] = [];
const CAN_CREATE = ['district_operator', 'street_operator', 'grid_worker'];
const CAN_ACK_ALARMS = ['district_operator', 'street_operator', 'grid_worker'];
/** Who may create and edit planning scenarios (everyone signed in may look at them). */
const CAN_PLAN = ['planner', 'admin'];
/** Where an account lands: leaders on their figures (考核), planners on the life circles (规划), everyone else on the map. */
const landingView = (role: string): View => (role === 'leader' ? 'metrics' : role === 'planner' ? 'planning' : 'map');
const VIEW_TAB: Record<View, 'metrics.tabMap' | 'metrics.tabMetrics' | 'planning.tab'> = { map: 'metrics.tabMap', metrics: 'metrics.tabMetrics', planning: 'planning.tab' };


export function App({ me }: { me: Me }) {
  const [view, update] = useUrlState(me.scopeCode, landingView(me.role));
  const onMap = view.view === 'map';
  const [tool, setTool] = useState<UserTool | null>(null);
  const i18n = useMemo(() => ({ lang: view.lang, t: translator(view.lang) }), [view.lang]);
  const { t, lang } = i18n;
  const [handles, setHandles] = useState<MapHandles | null>(null);
  const [moving, setMoving] = useState(false);
  const [mapError, setMapError] = useState<string | null>(null);
  const [layersCollapsed, setLayersCollapsed] = useState(false);
  const tiles = useSyncExternalStore(tileActivity.subscribe, tileActivity.get);
  const searchRef = useRef<HTMLInputElement>(null);
  const live = useLiveChanges(onMap);
  const [intake, setIntake] = useState(false);
  const [selectedCase, setSelectedCase] = useState<[number, number] | null>(null);
  const pulses = usePulses(live.changes);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);

  const config = useQuery({ queryKey: ['config'], queryFn: () => trpc.system.config.query(), staleTime: Infinity });
  const areaQuery = useQuery({
    queryKey: ['area', view.area],
    queryFn: () => trpc.area.get.query({ code: view.area }),
    enabled: !view.invalidArea,
    placeholderData: keepPreviousData,
  });
  const buildingQuery = useQuery({
    queryKey: ['building', view.building],
    queryFn: () => trpc.building.byId.query({ id: view.building! }),
    enabled: view.building !== null,
  });
  const area = areaQuery.isPlaceholderData ? undefined : areaQuery.data;
  const building = view.building !== null ? buildingQuery.data : undefined;

  const openArea = useCallback((code: string) => update({ area: code, building: null }), [update]);
  const openBuilding = useCallback((id: number) => update({ building: id, caseId: null }), [update]);
  const closeBuilding = useCallback(() => update({ building: null }), [update]);
  const alarmArea = areaQuery.data?.scope === 'above' ? me.scopeCode : view.area;
  const alarms = useAlarms(alarmArea, !view.invalidArea && onMap);
  const sensingVersion = alarmsVersion(alarms.data);
  const openCase = useCallback((id: number) => update({ caseId: id, building: null, device: null, camera: null }), [update]);
  const openDevice = useCallback((id: number) => update({ device: id, camera: null, caseId: null, building: null }), [update]);
  const openCamera = useCallback((id: number) => update({ camera: id, device: null, caseId: null, building: null }), [update]);
  const closeSensing = useCallback(() => update({ device: null, camera: null }), [update]);
  const [parking, setParking] = useState<{ picking: boolean; origin: [number, number] | null; selected: number | null } | null>(null);
  const nearest = useNearestFree(parking?.origin ?? null);
  const [lot, setLot] = useState<number | null>(null);
  const [hidden, setHidden] = useState<Partial<Record<LayerId, ReadonlySet<string>>>>({});
  const toggleValue = useCallback((layer: LayerId, value: string) => setHidden((prev) => {
    const next = new Set(prev[layer]);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    return { ...prev, [layer]: next };
  }), []);
  const cameraQuery = useQuery({ queryKey: ['camera', view.camera], queryFn: () => trpc.camera.byId.query({ id: view.camera! }), enabled: view.camera !== null, refetchInterval: 15_000 });
  const closeCase = useCallback(() => {
    update({ caseId: null });
    setSelectedCase(null);
  }, [update]);
  const locateCase = useCallback(
    (at: [number, number]) => {
      setSelectedCase(at);
      handles?.map.flyTo({ center: at, zoom: Math.max(handles.map.getZoom(), 16.5), duration: window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ? 0 : 1000, padding: PADDING });
    },
    [handles],
  );
  const mapCentre = useCallback((): [number, number] | null => {
    if (!handles) return null;
    const c = handles.map.getContainer();
    const p = handles.map.unproject([c.clientWidth / 2, c.clientHeight / 2]);
    return [p.lng, p.lat];
  }, [handles]);
  const toggleLayer = useCallback(
    (id: LayerId) => update({ layers: view.layers.includes(id) ? view.layers.filter((l) => l !== id) : [...view.layers, id] }, 'replace'),
    [update, view.layers],
  );
  // Time playback replaces the live cases and alarms on the map with those of the slider's time.
  const [playbackOn, setPlaybackOn] = useState(false);
  const playback = usePlayback(view.area, playbackOn && onMap && !view.invalidArea);
  const visible = useMemo(() => new Set(playbackOn ? view.layers.filter((l) => l !== 'incidents' && l !== 'alarms') : view.layers), [view.layers, playbackOn]);
  const versions = useMemo(() => ({ incidents: live.version, devices: sensingVersion, alarms: sensingVersion }), [live.version, sensingVersion]);
  const openLot = useCallback((id: number) => {
    update({ device: null, camera: null, caseId: null, building: null });
    setParking(null);
    setLot(id);
  }, [update]);
  const select = useCallback((s: MapSelection) => {
    switch (s.kind) {
      case 'area': return openArea(s.code);
      case 'building': return openBuilding(s.id);
      case 'case': return openCase(s.id);
      case 'device': return openDevice(s.id);
      case 'camera': return openCamera(s.id);
      case 'parking': return openLot(s.id);
    }
  }, [openArea, openBuilding, openCase, openDevice, openCamera, openLot]);

  // A building opened from search or a link, outside the current area: follow it to its community.
  useEffect(() => {
    if (!building || !area) return;
    if (!building.ancestors.some((a) => a.code === area.code)) {
      const community = building.ancestors.find((a) => a.level === 'community') ?? building.ancestors.at(-1);
      if (community) update({ area: community.code }, 'replace');
    }
  }, [building, area, update]);

  // Keyboard: / search, Esc closes the card, Backspace goes up a level.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      if (e.key === '/' && !typing) {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'Escape' && !typing && parking) setParking(null);
      else if (e.key === 'Escape' && !typing && lot !== null) setLot(null);
      else if (e.key === 'Escape' && !typing && view.caseId) closeCase();
      else if (e.key === 'Escape' && !typing && (view.device || view.camera)) closeSensing();
      else if (e.key === 'Escape' && !typing && view.building) closeBuilding();
      else if (e.key === 'Backspace' && !typing && !e.metaKey && !e.ctrlKey) {
        if (view.building) closeBuilding();
        else if (area?.parentCode) openArea(area.parentCode);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view.building, view.caseId, view.device, view.camera, parking, lot, area, closeBuilding, closeCase, closeSensing, openArea]);

  const loading = config.isLoading || areaQuery.isFetching || (view.building !== null && buildingQuery.isFetching) || moving || tiles.pending > 0;
  const areaError = view.invalidArea
    ? `invalid area code "${view.invalidArea}": an area code has 4, 6, 9, 12 or 15 digits, e.g. 3501, 350102, 350102004`
    : areaQuery.isError
      ? errorMessage(areaQuery.error)
      : null;
  const fatal = config.isError ? errorMessage(config.error) : null;

  // Test and console hook.
  useEffect(() => {
    window.__cityBrain = {
      map: handles?.map,
      deck: handles?.overlay,
      ready: Boolean(handles && config.isSuccess),
      state: { loading, area: view.area, building: view.building, user: me.username },
      openBuilding,
      openArea,
      openCase,
      openDevice,
      openCamera,
      liveChanges: () => live.changes.map((c) => ({ id: c.id, incidentId: c.incidentId, action: c.action, status: c.status })),
    };
  }, [handles, config.isSuccess, loading, view.area, view.building, openBuilding, openArea, openCase, openDevice, openCamera, me.username, live.changes]);

  const { cases: pbCases, alarms: pbAlarms, reported: pbReported, t: pbT } = playback;
  const overlay = useMemo<Overlay>(
    () => ({
      cone: view.camera && cameraQuery.data?.id === view.camera ? cameraQuery.data.cone : null,
      origin: parking?.origin ?? null,
      routes: parking && nearest.data ? nearest.data.results.map((r, i) => ({ id: r.id, path: r.route, selected: parking.selected === null ? i === 0 : parking.selected === r.id })) : [],
      layers: playbackOn ? playbackLayers({ cases: pbCases, alarms: pbAlarms, reported: pbReported, t: pbT }) : [],
    }),
    [view.camera, cameraQuery.data, parking, nearest.data, playbackOn, pbCases, pbAlarms, pbReported, pbT],
  );
  const flyTo = useCallback(
    (at: [number, number], zoom = 16.5) => handles?.map.flyTo({ center: at, zoom: Math.max(handles.map.getZoom(), zoom), duration: window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ? 0 : 1000, padding: PADDING }),
    [handles],
  );
  // A device or camera card shows its thing (stable, so that it re-runs only once the map is ready).
  const locateThing = useCallback((at: [number, number]) => flyTo(at, 16.5), [flyTo]);

  useEffect(() => {
    // The metrics and planning screens name themselves.
    if (onMap) document.title = `${area?.name ?? ''}${area ? ' · ' : ''}${t('appTitle')}`;
  }, [area, t, onMap]);

  const switchView = useCallback((next: View) => update({ view: next, building: null, device: null, camera: null, caseId: null }), [update]);
  const viewTabs = (
    <nav className="segmented view-tabs" aria-label={t('metrics.views')}>
      {VIEWS.map((v) => (
        <button key={v} className={view.view === v ? 'on' : ''} aria-current={view.view === v ? 'page' : undefined} onClick={() => switchView(v)} data-testid={`view-${v}`}>
          {t(VIEW_TAB[v])}
        </button>
      ))}
    </nav>
  );
  const brand = (
    <div className="brand">
      <span className="logo" aria-hidden>◎</span>
      <strong>{t('appTitle')}</strong>
      <span className="subtitle">{t('appSubtitle')}</span>
    </div>
  );
  const langButton = (
    <button className="lang" onClick={() => update({ lang: lang === 'zh' ? 'en' : 'zh' }, 'replace')} data-testid="lang">
      {t('languageSwitch')}
    </button>
  );
  const tools = (
    <>
      {tool === 'audit' && <AuditView onClose={() => setTool(null)} />}
      {tool === 'accounts' && <AccountsView me={me} onClose={() => setTool(null)} />}
      {tool === 'displays' && <DisplaysView onClose={() => setTool(null)} />}
      {fatal && (
        <div className="fatal" role="alert" data-testid="error">
          <h2>{t('errorTitle')}</h2>
          <p>{fatal}</p>
          <button onClick={() => config.refetch()}>{t('retry')}</button>
        </div>
      )}
    </>
  );

  if (!onMap) {
    return (
      <I18nContext.Provider value={i18n}>
        <div className={`app ${view.view === 'planning' ? 'planning-app' : 'metrics-app'}`}>
          <header className="topbar">
            {brand}
            {viewTabs}
            <Breadcrumb area={area} building={undefined} onArea={openArea} />
            {langButton}
            <UserMenu me={me} onMyArea={() => openArea(me.scopeCode)} onTool={setTool} />
          </header>
          <Suspense fallback={<div className="boot">{t('loading')}</div>}>
            {view.view === 'planning' ? (
              <PlanningScreen view={view} update={update} area={area} areaError={areaError} styleUrl={config.data?.mapStyleUrl ?? null} canEdit={CAN_PLAN.includes(me.role)} />
            ) : (
              <MetricsScreen
                view={view}
                update={update}
                area={area}
                areaError={areaError}
                styleUrl={config.data?.mapStyleUrl ?? null}
                liveVersion={live.version}
              />
            )}
          </Suspense>
          {tools}
        </div>
      </I18nContext.Provider>
    );
  }

  return (
    <I18nContext.Provider value={i18n}>
      <div className="app">
        {config.isSuccess && (
          <MapView
            styleUrl={config.data.mapStyleUrl}
            area={area}
            building={building}
            visible={visible}
            onSelect={select}
            versions={versions}
            hidden={hidden}
            onReady={setHandles}
            onMoving={setMoving}
            onError={setMapError}
            padding={PADDING}
            pulses={playbackOn ? NO_PULSES : pulses}
            selectedCase={view.caseId ? selectedCase : null}
            onPick={parking?.picking ? (at) => setParking({ picking: true, origin: at, selected: null }) : null}
            overlay={overlay}
          />
        )}
        <header className="topbar">
          {brand}
          {viewTabs}
          <Breadcrumb area={area} building={building} onArea={openArea} />
          <SearchBox
            ref={searchRef}
            onArea={openArea}
            // While the parking finder is open, an address found is where to park near.
            onBuilding={(id, at) => {
              if (!parking) return openBuilding(id);
              setParking({ picking: true, origin: at, selected: null });
              flyTo(at, 16);
            }}
          />
          <button className={`lang ${parking ? 'on' : ''}`} onClick={() => setParking(parking ? null : { picking: true, origin: null, selected: null })} data-testid="find-parking" aria-pressed={Boolean(parking)}>
            {t('findParking')}
          </button>
          <button className={`lang ${playbackOn ? 'on' : ''}`} onClick={() => setPlaybackOn(!playbackOn)} data-testid="playback-toggle" aria-pressed={playbackOn} title={t('playback.title')}>
            {t('playback.toggle')}
          </button>
          {langButton}
          <UserMenu me={me} onMyArea={() => openArea(me.scopeCode)} onTool={setTool} />
        </header>
        <div className={`progress ${loading ? 'on' : ''}`} role="progressbar" aria-hidden={!loading} data-testid="progress">
          <span />
        </div>
        {playbackOn && <PlaybackBar playback={playback} onClose={() => setPlaybackOn(false)} />}

        <aside className="left">
          {areaError ? (
            <section className="panel error-panel" role="alert" data-testid="error">
              <h2>{t('errorTitle')}</h2>
              <p>{areaError}</p>
              <div className="row">
                <button onClick={() => areaQuery.refetch()}>{t('retry')}</button>
                <button onClick={() => openArea(me.scopeCode)}>{t('myArea')}</button>
              </div>
            </section>
          ) : (
            <>
              {area?.scope === 'above' && <p className="panel notice" data-testid="above-scope">{t('aboveScope')}</p>}
              <AreaPanel area={area} loading={areaQuery.isFetching} onDrill={openArea} />
              {area && area.scope === 'in' && ['leader', 'district_operator', 'street_operator', 'grid_worker'].includes(me.role) && (
                <ResidentsPanel me={me} areaCode={area.code} onBuilding={openBuilding} />
              )}
              <AlarmsPanel
                areaCode={alarmArea}
                canAck={CAN_ACK_ALARMS.includes(me.role)}
                query={alarms}
                onCase={openCase}
                onLocate={(a) => {
                  flyTo(a.center, 17);
                  if (a.source.type === 'device') openDevice(a.source.id);
                  else openCamera(a.source.id);
                }}
              />
            </>
          )}
        </aside>

        <aside className="right">
          {view.caseId !== null && <CaseDrawer id={view.caseId} liveVersion={live.version} onClose={closeCase} onLocate={locateCase} />}
          {view.caseId === null && view.building !== null && (
            <BuildingCard
              building={building}
              loading={buildingQuery.isFetching}
              error={buildingQuery.isError ? errorMessage(buildingQuery.error) : null}
              onClose={closeBuilding}
              onArea={openArea}
              onDevice={openDevice}
            />
          )}
          {view.caseId === null && view.building === null && view.device !== null && (
            <DeviceCard id={view.device} sensingVersion={sensingVersion} onClose={closeSensing} onCase={openCase} onBuilding={openBuilding} onLocate={locateThing} />
          )}
          {view.caseId === null && view.building === null && view.device === null && view.camera !== null && <CameraCard id={view.camera} onClose={closeSensing} onCase={openCase} onLocate={locateThing} />}
          {view.caseId === null && view.building === null && view.device === null && view.camera === null && !parking && lot !== null && <ParkingCard id={lot} onClose={() => setLot(null)} />}
          {view.caseId === null && view.building === null && view.device === null && view.camera === null && parking && (
            <ParkingFinder
              origin={parking.origin}
              query={nearest}
              selected={parking.selected ?? nearest.data?.results[0]?.id ?? null}
              onSelect={(p) => {
                setParking({ ...parking, selected: p.id });
                flyTo(p.center, 15.5);
              }}
              onClose={() => setParking(null)}
            />
          )}
          {view.caseId === null && view.building === null && view.device === null && view.camera === null && !parking && lot === null && config.data && (
            <CasesPanel
              areaCode={area?.scope === 'above' ? me.scopeCode : view.area}
              changes={live.changes}
              liveState={live.state}
              liveVersion={live.version}
              types={config.data.caseTypes}
              canCreate={CAN_CREATE.includes(me.role)}
              onCase={openCase}
              onCreate={() => setIntake(true)}
            />
          )}
          <LayerPanel visible={visible} onToggle={toggleLayer} collapsed={layersCollapsed || view.building !== null || view.caseId !== null || view.device !== null || view.camera !== null || parking !== null || lot !== null} onCollapse={setLayersCollapsed} hidden={hidden} onToggleValue={toggleValue} />
        </aside>

        <footer className="statusbar">
          <span>{loading ? (tiles.pending > 0 ? t('loadingTiles', { n: tiles.pending }) : t('loading')) : '\u00a0'}</span>
          {config.data && (
            <span>
              {config.data.databaseKind === 'embedded' ? t('databaseEmbedded') : t('databasePostgres')} · {formatNumber(config.data.seed.counts.buildings ?? 0, lang)} {t('buildings')}
            </span>
          )}
          <span className="muted">{t('keyboardHelp')}</span>
        </footer>

        {(tiles.error || mapError) && (
          <div className="toast" role="alert" data-testid="tile-error">
            {tiles.error ? t('tileError', { message: tiles.error }) : mapError}
            <button
              className="icon"
              aria-label={t('close')}
              onClick={() => {
                tileActivity.clearError();
                setMapError(null);
              }}
            >
              ✕
            </button>
          </div>
        )}
        {intake && config.data && (
          <IntakeForm
            types={config.data.caseTypes}
            center={mapCentre}
            onClose={() => setIntake(false)}
            onCreated={(id) => {
              setIntake(false);
              openCase(id);
            }}
          />
        )}
        {tools}
      </div>
    </I18nContext.Provider>
  );
}
