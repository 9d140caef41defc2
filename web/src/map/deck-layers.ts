/**
 * deck.gl layers of the one map, built from the layer registry (tiles/layers.ts): each registry layer is
 * an MVTLayer on `/tiles/{id}/{z}/{x}/{y}.mvt`, styled by the registry's colours and legend. Two
 * more layers carry the drill-down: the current area's children (filled, clickable) and their labels.
 */
import type { Layer, PickingInfo } from '@deck.gl/core';
import { MVTLayer } from '@deck.gl/geo-layers';
import { GeoJsonLayer, PathLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { DataFilterExtension } from '@deck.gl/extensions';
import type { Feature, Polygon } from 'geojson';
import { colorOf, findLayer, type LayerDefinition, type LayerId, type Rgb } from '../../../tiles/layers';
import type { AreaDetail } from '../api';
import { fetchTile } from './tile-fetch';

export type TileFeature = Feature<any, Record<string, any>>;

export const tileUrl = (id: string) => `${window.location.origin}/tiles/${id}/{z}/{x}/{y}.mvt`;

/** Where an area's children are drawn from, and the zoom at which that layer has them. */
export function childSource(area: Pick<AreaDetail, 'level'>): { layer: 'areas' | 'grids'; minZoom: number } | null {
  switch (area.level) {
    case 'city':
      return { layer: 'areas', minZoom: 5 };
    case 'district':
      return { layer: 'areas', minZoom: 10 };
    case 'street':
      return { layer: 'areas', minZoom: 12 };
    case 'community':
      return { layer: 'grids', minZoom: 12 };
    default:
      return null;
  }
}

/** The least zoom at which an area's contents make sense on the map (grids show buildings, from z14). */
export function minZoomFor(level: AreaDetail['level']): number {
  return level === 'grid' ? 14.5 : childSource({ level })?.minZoom ?? 5;
}

const rgba = (c: Rgb, a: number): [number, number, number, number] => [c[0], c[1], c[2], a];
const LABEL_FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "PingFang SC", "Microsoft YaHei", sans-serif';

/**
 * An MVTLayer on the tile service, loading through fetchTile. (deck.gl's prop types do not follow a
 * generic accessor object through the sub-layer props, hence one cast here rather than one per layer.)
 */
function mvt(props: Record<string, unknown> & { id: string }): Layer {
  return new MVTLayer({
    fetch: (url: string, ctx: { signal?: AbortSignal; loadOptions?: Record<string, unknown> }) => fetchTile(url, ctx),
    loadOptions: { worker: false },
    maxRequests: 8,
    ...props,
  } as unknown as ConstructorParameters<typeof MVTLayer>[0]);
}

/** The sensing layers' inputs, shared by the map component and the layer builder. */
export interface SensingLayerProps {
  /** Bumped when alarms change: the alarms and devices tiles are loaded again. */
  sensingVersion?: number;
  /** Device kinds switched off in the legend. */
  hiddenKinds?: ReadonlySet<string>;
  onDevice?(id: number): void;
  onCamera?(id: number): void;
  onParking?(id: number): void;
  onAlarm?(props: { id: number; incident_id: number }): void;
}

interface Params extends SensingLayerProps {
  visible: ReadonlySet<LayerId>;
  area: AreaDetail | undefined;
  selectedBuilding: { footprint: Polygon; height: number } | null;
  onDrill(code: string): void;
  onBuilding(id: number): void;
  /** Bumped when cases change: the incidents tiles are loaded again. */
  liveVersion?: number;
  onCase?(id: number): void;
}

/** Drawn over the tiles: the chosen camera's view cone, the free-parking search point, routes and lots. */
export interface Overlay {
  cone?: Polygon | null;
  origin?: [number, number] | null;
  routes?: { id: number; path: [number, number][]; selected: boolean }[];
}

export function overlayLayers(o: Overlay): Layer[] {
  const layers: Layer[] = [];
  if (o.cone) {
    layers.push(new GeoJsonLayer({ id: 'selected-cone', data: { type: 'Feature', geometry: o.cone, properties: {} } as Feature, filled: true, stroked: true, getFillColor: [34, 211, 238, 70], getLineColor: [34, 211, 238, 230], lineWidthUnits: 'pixels', getLineWidth: 2, parameters: { depthCompare: 'always' } }));
  }
  if (o.routes?.length) {
    const sorted = [...o.routes].sort((a, b) => Number(a.selected) - Number(b.selected));
    layers.push(
      new PathLayer({
        id: 'parking-routes',
        data: sorted,
        pickable: true,
        getPath: (r: { path: [number, number][] }) => r.path,
        getColor: (r: { selected: boolean }) => (r.selected ? [74, 222, 128, 255] : [148, 163, 184, 150]),
        getWidth: (r: { selected: boolean }) => (r.selected ? 6 : 3),
        widthUnits: 'pixels',
        capRounded: true,
        jointRounded: true,
        parameters: { depthCompare: 'always' },
        updateTriggers: { getColor: sorted.map((r) => r.selected).join(), getWidth: sorted.map((r) => r.selected).join() },
      }),
      new ScatterplotLayer({
        id: 'parking-targets',
        data: sorted,
        getPosition: (r: { path: [number, number][] }) => r.path[r.path.length - 1],
        getFillColor: (r: { selected: boolean }) => (r.selected ? [74, 222, 128, 255] : [148, 163, 184, 220]),
        getLineColor: [4, 10, 20, 255],
        stroked: true,
        radiusUnits: 'pixels',
        getRadius: (r: { selected: boolean }) => (r.selected ? 9 : 6),
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        parameters: { depthCompare: 'always' },
        updateTriggers: { getFillColor: sorted.map((r) => r.selected).join(), getRadius: sorted.map((r) => r.selected).join() },
      }),
    );
  }
  if (o.origin) {
    layers.push(new ScatterplotLayer({ id: 'parking-origin', data: [o.origin], getPosition: (p: [number, number]) => p, getFillColor: [56, 189, 248, 255], getLineColor: [255, 255, 255, 255], stroked: true, radiusUnits: 'pixels', getRadius: 8, lineWidthUnits: 'pixels', getLineWidth: 2, parameters: { depthCompare: 'always' } }));
  }
  return layers;
}

/** A case that just changed, drawn as a pulse over the incidents layer. */
export interface Pulse {
  id: number;
  incidentId: number;
  position: [number, number];
  status: string;
  /** 0 → 1 over the pulse's life. */
  age: number;
}

/** Rings that widen and fade where cases just changed (new cases and every step). */
export function pulseLayer(pulses: Pulse[], selected: [number, number] | null): Layer[] {
  const statusColor = (s: string) => {
    const legend = def('incidents').style.colorBy?.legend.find((l) => l.value === s);
    return legend?.color ?? [248, 113, 113];
  };
  const layers: Layer[] = [
    new ScatterplotLayer<Pulse>({
      id: 'live-pulse',
      data: pulses,
      getPosition: (p) => p.position,
      radiusUnits: 'pixels',
      getRadius: (p) => 6 + p.age * 26,
      stroked: true,
      filled: true,
      getFillColor: (p) => rgba(statusColor(p.status), Math.round(90 * (1 - p.age))),
      getLineColor: (p) => rgba(statusColor(p.status), Math.round(255 * (1 - p.age))),
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      updateTriggers: { getRadius: pulses.map((p) => p.age).join(), getFillColor: pulses.map((p) => p.age).join(), getLineColor: pulses.map((p) => p.age).join() },
      parameters: { depthCompare: 'always' },
    }),
  ];
  if (selected) {
    layers.push(
      new ScatterplotLayer<[number, number]>({
        id: 'selected-case',
        data: [selected],
        getPosition: (p) => p,
        radiusUnits: 'pixels',
        getRadius: 11,
        filled: false,
        stroked: true,
        getLineColor: [253, 224, 71, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 3,
        parameters: { depthCompare: 'always' },
      }),
    );
  }
  return layers;
}

function def(id: LayerId): LayerDefinition {
  return findLayer(id)!;
}

const isAggregate = (f: TileFeature) => typeof f.properties?.count === 'number';

function pointLayer(id: LayerId, visible: boolean, radius: (f: TileFeature) => number, color?: (f: TileFeature) => [number, number, number, number], extra: Record<string, unknown> = {}) {
  const layer = def(id);
  return mvt({
    id,
    data: tileUrl(id),
    minZoom: layer.minzoom,
    maxZoom: layer.maxzoom,
    visible,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 120],
    pointType: 'circle',
    pointRadiusUnits: 'pixels',
    getPointRadius: radius,
    stroked: true,
    getLineColor: [4, 10, 20, 200],
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
    getFillColor: color ?? ((f: TileFeature) => (isAggregate(f) ? rgba(layer.style.color, 170) : rgba(colorOf(layer, f.properties), 230))),
    ...extra,
  });
}

export function buildLayers({ visible, area, selectedBuilding, onDrill, onBuilding, liveVersion = 0, onCase, sensingVersion = 0, hiddenKinds = new Set(), onDevice, onCamera, onParking, onAlarm }: Params): Layer[] {
  const layers: Layer[] = [];
  const show = (id: LayerId) => visible.has(id);
  const code = area?.code ?? '';

  // Boundaries of every level on screen, the current area brightest.
  const areasDef = def('areas');
  layers.push(
    mvt({
      id: 'areas',
      data: tileUrl('areas'),
      minZoom: areasDef.minzoom,
      maxZoom: areasDef.maxzoom,
      visible: show('areas'),
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: (f: TileFeature) => (f.properties.code === code ? 3 : f.properties.level === 'district' ? 1.6 : f.properties.level === 'street' ? 1.1 : 0.7),
      getLineColor: (f: TileFeature) =>
        f.properties.code === code ? [125, 211, 252, 255] : rgba(colorOf(areasDef, f.properties), f.properties.level === 'district' ? 200 : 110),
      updateTriggers: { getLineWidth: code, getLineColor: code },
    }),
  );

  const gridsDef = def('grids');
  layers.push(
    mvt({
      id: 'grids',
      data: tileUrl('grids'),
      minZoom: gridsDef.minzoom,
      maxZoom: gridsDef.maxzoom,
      visible: show('grids'),
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: (f: TileFeature) => (f.properties.code === code ? 2.5 : 0.8),
      getLineColor: (f: TileFeature) => (f.properties.code === code ? [253, 224, 71, 255] : rgba(gridsDef.style.color, 120)),
      updateTriggers: { getLineWidth: code, getLineColor: code },
    }),
  );

  // The current area's children: translucent, hoverable, a click drills in.
  const source = area ? childSource(area) : null;
  if (area && source) {
    const childLength = { 4: 6, 6: 9, 9: 12, 12: 15 }[area.code.length as 4 | 6 | 9 | 12];
    layers.push(
      mvt({
        id: 'children',
        data: tileUrl(source.layer),
        minZoom: def(source.layer).minzoom,
        maxZoom: def(source.layer).maxzoom,
        pickable: true,
        autoHighlight: true,
        highlightColor: [56, 189, 248, 90],
        filled: true,
        stroked: false,
        getFillColor: [56, 189, 248, 22],
        getFilterValue: (f: TileFeature) => {
          const c = String(f.properties.code ?? '');
          return c.length === childLength && c.startsWith(area.code) ? 1 : 0;
        },
        filterRange: [1, 1],
        extensions: [new DataFilterExtension({ filterSize: 1 })],
        updateTriggers: { getFilterValue: area.code },
        onClick: (info: PickingInfo<TileFeature>) => {
          const c = info.object?.properties?.code;
          if (c) onDrill(String(c));
        },
      }),
    );
  }

  const buildingsDef = def('buildings');
  layers.push(
    mvt({
      id: 'buildings',
      data: tileUrl('buildings'),
      minZoom: buildingsDef.minzoom,
      maxZoom: buildingsDef.maxzoom,
      visible: show('buildings'),
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 110],
      extruded: true,
      wireframe: false,
      material: { ambient: 0.45, diffuse: 0.65, shininess: 24, specularColor: [60, 64, 70] },
      getElevation: (f: TileFeature) => Number(f.properties.height ?? 0),
      getFillColor: (f: TileFeature) => (isAggregate(f) ? [148, 163, 184, 140] : rgba(colorOf(buildingsDef, f.properties), 235)),
      pointType: 'circle',
      pointRadiusUnits: 'pixels',
      getPointRadius: (f: TileFeature) => Math.min(2 + Math.sqrt(Number(f.properties.count ?? 1)) * 0.9, 12),
      onClick: (info: PickingInfo<TileFeature>) => {
        const p = info.object?.properties;
        if (p?.id && !isAggregate(info.object!)) onBuilding(Number(p.id));
      },
    }),
  );

  if (selectedBuilding) {
    layers.push(
      new GeoJsonLayer({
        id: 'selected-building',
        data: { type: 'Feature', geometry: selectedBuilding.footprint, properties: {} } as Feature,
        // Drawn over the tile's own extrusion, a little taller, so the chosen building stands out.
        filled: true,
        extruded: true,
        wireframe: true,
        getElevation: selectedBuilding.height + 0.6,
        getFillColor: [250, 204, 21, 235],
        getLineColor: [254, 240, 138, 255],
      }),
    );
  }

  const aggregateRadius = (f: TileFeature) => Math.min(3 + Math.sqrt(Number(f.properties.count ?? 1)), 22);
  layers.push(
    pointLayer('facilities', show('facilities'), (f) => (isAggregate(f) ? aggregateRadius(f) : 5)),
    pointLayer(
      'parking',
      show('parking'),
      () => 5,
      (f) => {
        const p = f.properties;
        const ratio = p.capacity > 0 ? p.free / p.capacity : 0;
        return ratio > 0.3 ? [74, 222, 128, 230] : ratio > 0.1 ? [250, 204, 21, 230] : [248, 113, 113, 230];
      },
      { onClick: (info: PickingInfo<TileFeature>) => info.object?.properties?.id && onParking?.(Number(info.object.properties.id)) },
    ),
    mvt({
      id: 'camera_views',
      data: tileUrl('camera_views'),
      minZoom: def('camera_views').minzoom,
      maxZoom: def('camera_views').maxzoom,
      visible: show('camera_views'),
      filled: true,
      stroked: true,
      getFillColor: (f: TileFeature) => (f.properties.status === 'online' ? [34, 211, 238, 40] : [100, 116, 139, 30]),
      getLineColor: [34, 211, 238, 110],
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
    }),
    pointLayer('cameras', show('cameras'), (f) => (isAggregate(f) ? aggregateRadius(f) : 4.5), undefined, {
      onClick: (info: PickingInfo<TileFeature>) => {
        const p = info.object?.properties;
        if (p?.id && !isAggregate(info.object!)) onCamera?.(Number(p.id));
      },
    }),
    pointLayer(
      'devices',
      show('devices'),
      (f) => (isAggregate(f) ? aggregateRadius(f) : 4.5),
      (f) => {
        if (isAggregate(f)) return Number(f.properties.alarm) > 0 ? [239, 68, 68, 190] : [45, 212, 191, 160];
        if (f.properties.status === 'offline') return [100, 116, 139, 220];
        return rgba(colorOf(def('devices'), f.properties), 235);
      },
      {
        data: `${tileUrl('devices')}?v=${sensingVersion}`,
        getLineColor: (f: TileFeature) => (Number(f.properties.alarm) > 0 ? [239, 68, 68, 255] : [4, 10, 20, 200]),
        getLineWidth: (f: TileFeature) => (Number(f.properties.alarm) > 0 ? 2.5 : 1),
        getFilterValue: (f: TileFeature) => (isAggregate(f) || !hiddenKinds.has(String(f.properties.kind)) ? 1 : 0),
        filterRange: [1, 1],
        extensions: [new DataFilterExtension({ filterSize: 1 })],
        updateTriggers: { getFilterValue: [...hiddenKinds].sort().join() },
        onClick: (info: PickingInfo<TileFeature>) => {
          const p = info.object?.properties;
          if (p?.id && !isAggregate(info.object!)) onDevice?.(Number(p.id));
        },
      },
    ),
    pointLayer(
      'incidents',
      show('incidents'),
      (f) => (isAggregate(f) ? (Number(f.properties.open) > 0 ? Math.min(1.5 + Math.sqrt(Number(f.properties.open)) * 1.1, 14) : 0) : 4.5),
      (f) => {
        if (!isAggregate(f)) return rgba(colorOf(def('incidents'), f.properties), 235);
        return [248, 113, 113, 150];
      },
      {
        // Reloaded when cases change; overdue cases ringed in red; a click opens the case.
        data: `${tileUrl('incidents')}?v=${liveVersion}`,
        getLineColor: (f: TileFeature) => (f.properties.overdue === 1 ? [239, 68, 68, 255] : [4, 10, 20, 200]),
        getLineWidth: (f: TileFeature) => (f.properties.overdue === 1 ? 2.5 : 1),
        onClick: (info: PickingInfo<TileFeature>) => {
          const p = info.object?.properties;
          if (p?.id && !isAggregate(info.object!)) onCase?.(Number(p.id));
        },
      },
    ),
  );

  // Live alarms above everything else: larger, ringed in white, a click opens the case an alarm opened.
  layers.push(
    pointLayer('alarms', show('alarms'), () => 7.5, undefined, {
      data: `${tileUrl('alarms')}?v=${sensingVersion}`,
      getLineColor: [255, 255, 255, 230],
      getLineWidth: 2,
      parameters: { depthCompare: 'always' },
      onClick: (info: PickingInfo<TileFeature>) => {
        const p = info.object?.properties;
        if (p?.id) onAlarm?.({ id: Number(p.id), incident_id: Number(p.incident_id ?? 0) });
      },
    }),
  );

  if (area && area.children.length > 0) {
    layers.push(
      new TextLayer({
        id: 'labels',
        data: area.children,
        getPosition: (c: AreaDetail['children'][number]) => c.center,
        getText: (c: AreaDetail['children'][number]) => c.name,
        getSize: area.level === 'community' ? 12 : 14,
        getColor: [226, 232, 240, 255],
        fontFamily: LABEL_FONT,
        fontWeight: 600,
        characterSet: 'auto',
        // A dark pill behind each name keeps it readable over dense 3D buildings.
        background: true,
        getBackgroundColor: [4, 10, 20, 190],
        backgroundPadding: [6, 3, 6, 3],
        getBorderColor: [56, 189, 248, 120],
        getBorderWidth: 1,
        billboard: true,
        sizeUnits: 'pixels',
        parameters: { depthCompare: 'always' },
      }),
    );
  }
  // Hidden tile layers would still load their tiles (deck.gl updates invisible layers): leave them out.
  return layers.filter((l) => l.props.visible !== false);
}
