/**
 * The wall itself: the map at the screen's own resolution, and over it the 1920×1080 design canvas of panels
 * scaled to fit (fit.ts). It tours the display's scenes (tour.ts), lets alerts take over (alerts.ts), and says
 * plainly how fresh its data is: a clock, the age of the newest data and the live connection; a stale banner
 * when the API or the feed is down, gone by itself when they are back. Nothing here needs a mouse: the tour runs
 * by itself; a person at the wall may press P for playback, ← → to change scene, Esc to end an alert.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { LayerId } from '../../../tiles/layers';
import { WALL_SCENE, type WallSceneKind } from '../../../tiles/domain/wall';
import { trpc, isUnauthorized, type AlarmItem, type AreaDetail, type WallConfig } from '../api';
import { useLiveChanges, usePulses, type LiveChange } from '../cases/live';
import { MapView, type MapHandles } from '../map/MapView';
import { heatLayer } from '../metrics/metrics-layers';
import { addDays, chinaToday } from '../metrics/period';
import { PlaybackBar } from '../playback/PlaybackBar';
import { alarmsVersion } from '../sensing/AlarmsPanel';
import { playbackLayers } from '../playback/playback-layers';
import { usePlayback } from '../playback/use-playback';
import { useI18n } from '../i18n';
import { alarmAlerts, escalationAlerts, levelOfArea, overdueSurge, recordOverdue, type OverdueSample } from './alerts';
import { fitCanvas, mapPadding } from './fit';
import { currentStep, expandScenes, initialTour, tourReducer } from './tour';
import { AlarmPanel, FeedPanel, FiguresPanel, KpiPanel, RankingPanel, StaleBanner, TakeoverBanner, TopBar, TourBar } from './WallPanels';

/** What the map shows in each scene. */
const SCENE_LAYERS: Record<WallSceneKind, LayerId[]> = {
  overview: ['areas', 'incidents', 'alarms'],
  areas: ['areas', 'incidents', 'alarms'],
  live: ['areas', 'incidents'],
  sensing: ['areas', 'devices', 'alarms', 'parking'],
  kpis: ['areas', 'incidents'],
};
const PLAYBACK_LAYERS: LayerId[] = ['areas'];

/** Polling: the figures, the alarms, the overdue count; the health ping. */
const AREA_MS = 30_000;
const ALARMS_MS = 10_000;
const OVERDUE_MS = 60_000;
const PING_MS = 5_000;
/** The wall is stale when the feed has been down this long, or the API did not answer the last ping. */
const FEED_GRACE_MS = 15_000;

function useScreenSize() {
  const [size, setSize] = useState(() => ({ w: window.innerWidth, h: window.innerHeight }));
  useEffect(() => {
    const onResize = () => setSize({ w: window.innerWidth, h: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return size;
}

/** The API's own health check, every few seconds: answered → the time; not → null since the first miss. */
function useApiPing() {
  const [state, setState] = useState<{ ok: boolean; lastOk: number; since: number }>(() => ({ ok: true, lastOk: Date.now(), since: Date.now() }));
  useEffect(() => {
    let stopped = false;
    const ping = async () => {
      const controller = new AbortController();
      const timeout = setTimeout(() => controller.abort(), PING_MS - 500);
      try {
        const res = await fetch('/healthz', { cache: 'no-store', signal: controller.signal });
        if (!res.ok) throw new Error(String(res.status));
        if (!stopped) setState((s) => ({ ok: true, lastOk: Date.now(), since: s.ok ? s.since : Date.now() }));
      } catch {
        if (!stopped) setState((s) => (s.ok ? { ok: false, lastOk: s.lastOk, since: Date.now() } : s));
      } finally {
        clearTimeout(timeout);
      }
    };
    const timer = setInterval(() => void ping(), PING_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return state;
}

export function WallScreen({ config, onLang, onSessionEnded }: { config: WallConfig; onLang(): void; onSessionEnded(): void }) {
  const { t, lang } = useI18n();
  const size = useScreenSize();
  const fit = fitCanvas(size.w, size.h, config.fit);
  const { scale, width, height, left, top } = fit;
  const padding = useMemo(() => mapPadding({ scale, width, height, left, top }), [scale, width, height, left, top]);
  const [handles, setHandles] = useState<MapHandles | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [startedAt] = useState(() => Date.now());
  const [playbackOpen, setPlaybackOpen] = useState(false);

  const appConfig = useQuery({ queryKey: ['config'], queryFn: () => trpc.system.config.query(), staleTime: Infinity });
  const displayArea = useQuery({
    queryKey: ['wall', 'area', config.areaCode],
    queryFn: () => trpc.area.get.query({ code: config.areaCode }),
    refetchInterval: AREA_MS,
    refetchIntervalInBackground: true,
  });
  const childCodes = useMemo(() => displayArea.data?.children.map((c) => c.code) ?? [], [displayArea.data]);
  const steps = useMemo(() => expandScenes(config.scenes, config.areaCode, childCodes), [config.scenes, config.areaCode, childCodes]);
  const reducer = useMemo(() => tourReducer(config.takeoverS * 1000), [config.takeoverS]);
  const [tour, dispatch] = useReducer(reducer, steps, (s) => initialTour(s, Date.now()));
  // A refetched area with the same children keeps the tour where it is (the reducer finds the same step).
  useEffect(() => {
    dispatch({ type: 'steps', steps, now: Date.now() });
  }, [steps]);

  // The clock: one tick a second moves the tour, the time on the wall and the ages.
  useEffect(() => {
    const timer = setInterval(() => {
      const n = Date.now();
      setNow(n);
      dispatch({ type: 'tick', now: n });
    }, 1000);
    return () => clearInterval(timer);
  }, []);

  const step = currentStep(tour);
  const scene: WallSceneKind = step?.kind ?? 'overview';
  const stepAreaCode = step?.areaCode ?? config.areaCode;
  const stepArea = useQuery({
    queryKey: ['wall', 'area', stepAreaCode],
    queryFn: () => trpc.area.get.query({ code: stepAreaCode }),
    enabled: stepAreaCode !== config.areaCode,
    refetchInterval: AREA_MS,
  });
  const onDisplayArea = stepAreaCode === config.areaCode;
  const area: AreaDetail | undefined = onDisplayArea ? displayArea.data : stepArea.data;
  // A sub-area's own overdue cases and critical alarms (the display's are polled below for the alerts).
  const stepCounts = useQuery({
    queryKey: ['wall', 'counts', stepAreaCode],
    queryFn: async () => {
      const [o, a] = await Promise.all([
        trpc.incident.list.query({ areaCode: stepAreaCode, overdue: true, limit: 1 }),
        trpc.alarm.list.query({ areaCode: stepAreaCode, limit: 1 }),
      ]);
      return { overdue: o.total, critical: a.counts.critical };
    },
    enabled: !onDisplayArea,
    refetchInterval: AREA_MS,
  });

  // Live cases (the feed, pulses, escalations), alarms (urgent ones take over), overdue counts (surges).
  const live = useLiveChanges(true);
  const pulses = usePulses(live.changes);
  const liveError = live.error;
  useEffect(() => {
    if (live.state === 'error' && liveError && /UNAUTHORIZED|session/i.test(liveError)) onSessionEnded();
  }, [live.state, liveError, onSessionEnded]);
  const alarms = useQuery({
    queryKey: ['wall', 'alarms', config.areaCode],
    queryFn: () => trpc.alarm.list.query({ areaCode: config.areaCode, limit: 50 }),
    refetchInterval: ALARMS_MS,
    refetchIntervalInBackground: true,
  });
  const overdue = useQuery({
    queryKey: ['wall', 'overdue', config.areaCode],
    queryFn: () => trpc.incident.list.query({ areaCode: config.areaCode, overdue: true, limit: 1 }),
    refetchInterval: OVERDUE_MS,
    refetchIntervalInBackground: true,
  });
  const today = chinaToday(now);
  const hotspots = useQuery({
    queryKey: ['wall', 'hotspots', config.areaCode, today],
    queryFn: () => trpc.metrics.hotspots.query({ areaCode: config.areaCode, from: addDays(today, -1), to: today }),
    enabled: scene === 'live',
    staleTime: 5 * 60_000,
  });
  const kpis = useQuery({
    queryKey: ['wall', 'kpis', config.areaCode, today.slice(0, 7)],
    queryFn: () => trpc.metrics.kpis.query({ areaCode: config.areaCode, from: `${today.slice(0, 7)}-01`, to: today }),
    enabled: scene === 'kpis',
    staleTime: 5 * 60_000,
  });

  const placeOf = useCallback(
    (gridCode: string) => {
      const children = displayArea.data?.children ?? [];
      const child = children.find((c) => gridCode.startsWith(c.code));
      return child ? `${displayArea.data!.name} · ${child.name}` : (displayArea.data?.name ?? gridCode);
    },
    [displayArea.data],
  );
  const typeName = useCallback(
    (code: string) => {
      const ty = appConfig.data?.caseTypes.find((x) => x.code === code);
      return ty ? (lang === 'zh' ? ty.name : ty.nameEn) : code;
    },
    [appConfig.data, lang],
  );

  // Alerts: critical alarms raised since the wall started; escalations to the display's level; overdue surges.
  useEffect(() => {
    const items = alarms.data?.items ?? [];
    const found = alarmAlerts(
      items.map((a: AlarmItem) => ({ id: a.id, severity: a.severity, label: a.label, firstAt: a.firstAt, center: a.center, incident: a.incident, place: placeOf(a.gridCode) })),
      startedAt,
      lang,
    );
    for (const alert of found) dispatch({ type: 'alert', alert, now: Date.now() });
  }, [alarms.data, startedAt, lang, placeOf]);
  const level = levelOfArea(config.areaCode);
  useEffect(() => {
    const fresh = live.changes.filter((c: LiveChange) => c.receivedAt > 0);
    const found = escalationAlerts(fresh.map((c) => ({ ...c, typeName: typeName(c.typeCode), place: placeOf(c.gridCode) })), level);
    for (const alert of found) dispatch({ type: 'alert', alert, now: Date.now() });
  }, [live.changes, level, typeName, placeOf]);
  const overdueSamples = useRef<OverdueSample[]>([]);
  useEffect(() => {
    if (!overdue.data || overdue.isFetching) return;
    overdueSamples.current = recordOverdue(overdueSamples.current, { at: overdue.dataUpdatedAt, count: overdue.data.total });
    const surge = overdueSurge(overdueSamples.current);
    if (surge) {
      dispatch({
        type: 'alert',
        alert: {
          key: `overdue:${surge.since}`, kind: 'overdue', title: t('wall.surge', { from: surge.from, to: surge.to }), place: displayArea.data?.name ?? config.areaCode,
          since: surge.since, caseNo: null, position: null,
        },
        now: Date.now(),
      });
    }
  }, [overdue.data, overdue.dataUpdatedAt, overdue.isFetching, t, displayArea.data, config.areaCode]);

  // An alert flies the map to where it happened; when the last one ends the tour's area is framed again.
  const alert = tour.alert;
  const flownFor = useRef<string | null>(null);
  useEffect(() => {
    if (!handles) return;
    const key = alert?.key ?? null;
    if (flownFor.current === key) return;
    const after = flownFor.current !== null;
    flownFor.current = key;
    const { map } = handles;
    if (alert?.position) {
      map.flyTo({ center: alert.position, zoom: 16, pitch: 45, duration: 1500, padding, essential: true });
    } else if (!alert && after && area) {
      const camera = map.cameraForBounds(area.bbox as [number, number, number, number], { padding });
      if (camera) map.flyTo({ ...camera, pitch: 0, bearing: 0, duration: 1500, essential: true });
    }
  }, [alert, handles, area, padding]);

  // Playback pauses the tour while it is open.
  const playback = usePlayback(config.areaCode, playbackOpen);
  useEffect(() => {
    dispatch({ type: 'pause', paused: playbackOpen, now: Date.now() });
  }, [playbackOpen]);

  // Keys for a person at the wall.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      if (e.key === 'p' || e.key === 'P') setPlaybackOpen((o) => !o);
      else if (e.key === 'Escape') {
        if (tour.alert) dispatch({ type: 'dismiss', now: Date.now() });
        else setPlaybackOpen(false);
      } else if (e.key === 'l' || e.key === 'L') onLang();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tour.alert, onLang]);

  // Health: the API answers pings; the feed is connected; the newest data's age.
  const ping = useApiPing();
  const feedDown = live.state !== 'live' && now - live.since > FEED_GRACE_MS;
  // The newest data: the last answer of a poll, the last change received, or the last moment the feed was known
  // to be up (a quiet, connected feed is fresh data: nothing happened).
  const newest = Math.max(
    displayArea.dataUpdatedAt, alarms.dataUpdatedAt, overdue.dataUpdatedAt,
    live.state === 'live' && ping.ok ? ping.lastOk : 0, ...live.changes.slice(0, 1).map((c) => c.receivedAt),
  );
  const stale = !ping.ok || feedDown || (displayArea.isError && !isUnauthorized(displayArea.error));

  const textScale = Math.max(1, fit.scale);
  const { cases: pbCases, alarms: pbAlarms, reported: pbReported, t: pbT } = playback;
  const alertPosition = alert?.position ?? null;
  const overlayLayers = useMemo<Layer[]>(() => {
    if (playbackOpen) return playbackLayers({ cases: pbCases, alarms: pbAlarms, reported: pbReported, t: pbT }, textScale);
    const layers: Layer[] = [];
    if (scene === 'live' && hotspots.data) layers.push(heatLayer(hotspots.data.cells, 'wall-heat'));
    if (alertPosition) {
      layers.push(
        new ScatterplotLayer<[number, number]>({
          id: 'wall-alert',
          data: [alertPosition],
          getPosition: (p) => p,
          radiusUnits: 'pixels',
          getRadius: 18 * textScale,
          filled: true,
          stroked: true,
          getFillColor: [239, 68, 68, 90],
          getLineColor: [254, 202, 202, 255],
          lineWidthUnits: 'pixels',
          getLineWidth: 4 * textScale,
          parameters: { depthCompare: 'always' },
        }),
      );
    }
    return layers;
  }, [playbackOpen, pbCases, pbAlarms, pbReported, pbT, scene, hotspots.data, alertPosition, textScale]);
  const overlay = useMemo(() => ({ layers: overlayLayers }), [overlayLayers]);
  const visible = useMemo(() => new Set<LayerId>(playbackOpen ? PLAYBACK_LAYERS : SCENE_LAYERS[scene]), [playbackOpen, scene]);
  const noop = useCallback(() => {}, []);
  // Tiles follow the data: the incidents layer reloads after live changes, alarms and devices when the alarm list changes.
  const alarmKey = alarmsVersion(alarms.data);
  const versions = useMemo(() => ({ incidents: live.version, alarms: alarmKey, devices: alarmKey }), [live.version, alarmKey]);

  const figures = area?.figures;
  const stepProgress = step ? Math.min(1, (now - tour.stepStartedAt) / step.dwellMs) : 0;

  return (
    <div className="wall" data-testid="wall" data-scene={scene} data-step={tour.index} data-alert={alert?.key ?? ''} data-fit={config.fit} lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <div className="wall-map">
        <MapView
          styleUrl={appConfig.data?.mapStyleUrl ?? null}
          area={area}
          building={undefined}
          visible={visible}
          versions={versions}
          onSelect={noop}
          onReady={setHandles}
          onMoving={noop}
          onError={noop}
          padding={padding}
          pulses={playbackOpen ? [] : pulses}
          overlay={overlay}
          textScale={textScale}
        />
      </div>
      <div
        className="wall-canvas"
        data-testid="wall-canvas"
        style={{ left: fit.left, top: fit.top, width: fit.width, height: fit.height, transform: `scale(${fit.scale})` }}
      >
        <TopBar config={config} area={area} scene={scene} now={now} newest={newest} liveState={live.state} apiOk={ping.ok} />
        <aside className="wall-panel wall-left" data-testid="wall-left">
          <FiguresPanel
            figures={figures}
            title={area?.name ?? config.areaName}
            overdue={onDisplayArea ? (overdue.data?.total ?? null) : (stepCounts.data?.overdue ?? null)}
            critical={onDisplayArea ? (alarms.data?.counts.critical ?? null) : (stepCounts.data?.critical ?? null)}
          />
          {(scene === 'overview' || scene === 'areas' || scene === 'live') && <RankingPanel area={displayArea.data} highlight={scene === 'areas' ? stepAreaCode : null} />}
          {scene === 'sensing' && <AlarmPanel alarms={alarms.data} placeOf={placeOf} />}
          {scene === 'kpis' && <RankingPanel area={displayArea.data} highlight={null} kpis={kpis.data} />}
        </aside>
        <aside className="wall-panel wall-right" data-testid="wall-right">
          {scene === 'kpis' ? <KpiPanel kpis={kpis.data} loading={kpis.isLoading} /> : scene === 'sensing' ? <FeedPanel changes={live.changes} now={now} typeName={typeName} placeOf={placeOf} compact /> : <FeedPanel changes={live.changes} now={now} typeName={typeName} placeOf={placeOf} />}
        </aside>
        {alert && <TakeoverBanner alert={alert} now={now} takeoverMs={config.takeoverS * 1000} queued={tour.queue.length} />}
        {stale && <StaleBanner since={newest} now={now} apiDown={!ping.ok} />}
        {playbackOpen ? (
          <div className="wall-playback">
            <PlaybackBar playback={playback} onClose={() => setPlaybackOpen(false)} variant="wall" />
          </div>
        ) : (
          <TourBar steps={tour.steps} index={tour.index} progress={stepProgress} areaName={(code) => displayArea.data?.children.find((c) => c.code === code)?.name ?? ''} onPlayback={() => setPlaybackOpen(true)} />
        )}
      </div>
      <span className="sr-only" aria-live="polite">
        {alert ? `${t(`wall.alert_${alert.kind}` as 'wall.alert_alarm')}: ${alert.title}, ${alert.place}` : `${t('wall.scene')}: ${WALL_SCENE[scene][lang]}`}
      </span>
    </div>
  );
}
