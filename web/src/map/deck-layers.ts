/**
 * The deck.gl layers of the one map: every registry layer drawn by its web module (layers/{id}.ts, in
 * their order), plus what belongs to the map rather than to a layer: the current area's children
 * (filled, clickable: the drill-down) and their labels, the selected building, live pulses and overlays.
 */
import type { Layer, PickingInfo } from '@deck.gl/core';
import { GeoJsonLayer, PathLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { DataFilterExtension } from '@deck.gl/extensions';
import type { Feature, Polygon } from 'geojson';
import { CASE_STATUS, type CaseStatus } from '../../../tiles/domain';
import { findLayer, type LayerId } from '../../../tiles/layers';
import type { AreaDetail } from '../api';
import { mvt, rgba, type MapSelection, type TileFeature } from './layer-kit';
import { MAP_LAYER_ORDER } from './layer-modules';

export const tileUrl = (id: string, version?: number) => `${window.location.origin}/tiles/${id}/{z}/{x}/{y}.mvt${version ? `?v=${version}` : ''}`;

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

export const LABEL_FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "PingFang SC", "Microsoft YaHei", sans-serif';

export interface MapLayerParams {
  visible: ReadonlySet<LayerId>;
  area: AreaDetail | undefined;
  selectedBuilding: { footprint: Polygon; height: number } | null;
  /** Per layer, a number bumped when its data changes (incidents: the live change id): its tiles reload. */
  versions: Partial<Record<LayerId, number>>;
  /** Per layer, legend values switched off. */
  hidden: Partial<Record<LayerId, ReadonlySet<string>>>;
  select(selection: MapSelection): void;
  /** Enlarges the area names (a wall read from across the room). */
  textScale?: number;
}

/** Drawn over the tiles: the chosen camera's view cone, the free-parking search point, routes and lots. */
export interface Overlay {
  cone?: Polygon | null;
  origin?: [number, number] | null;
  routes?: { id: number; path: [number, number][]; selected: boolean }[];
  /** Layers of a screen's own, drawn over the map's layers and under the rest (the metrics screen's choropleth and hot spots). */
  layers?: readonly Layer[];
}

export function overlayLayers(o: Overlay): Layer[] {
  const layers: Layer[] = [...(o.layers ?? [])];
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
  const statusColor = (s: string) => CASE_STATUS[s as CaseStatus]?.color ?? CASE_STATUS.registered.color;
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

const NO_VALUES: ReadonlySet<string> = new Set();

/** The drill-down: the current area's children, translucent and hoverable; a click drills in. */
function childrenLayer(area: AreaDetail, select: (s: MapSelection) => void): Layer | null {
  const source = childSource(area);
  if (!source) return null;
  const def = findLayer(source.layer)!;
  const childLength = { 4: 6, 6: 9, 9: 12, 12: 15 }[area.code.length as 4 | 6 | 9 | 12];
  return mvt(
    { def, url: tileUrl(source.layer), area, hidden: NO_VALUES, select },
    {
      id: 'children',
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
        if (c) select({ kind: 'area', code: String(c) });
      },
    },
  );
}

function selectedBuildingLayer(b: { footprint: Polygon; height: number }): Layer {
  return new GeoJsonLayer({
    id: 'selected-building',
    data: { type: 'Feature', geometry: b.footprint, properties: {} } as Feature,
    // Drawn over the tile's own extrusion, a little taller, so the chosen building stands out.
    filled: true,
    extruded: true,
    wireframe: true,
    getElevation: b.height + 0.6,
    getFillColor: [250, 204, 21, 235],
    getLineColor: [254, 240, 138, 255],
  });
}

function labelsLayer(area: AreaDetail, scale: number): Layer {
  return new TextLayer({
    id: 'labels',
    data: area.children,
    getPosition: (c: AreaDetail['children'][number]) => c.center,
    getText: (c: AreaDetail['children'][number]) => c.name,
    getSize: (area.level === 'community' ? 12 : 14) * scale,
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
  });
}

/** Where the map's own layers go among the modules' (by module order). */
const CHILDREN_AFTER = 20; // over the grids, under the buildings
const SELECTED_BUILDING_AFTER = 30; // over the buildings

/**
 * Every layer of the map in drawing order. Layers switched off are left out: deck.gl would still load
 * the tiles of an invisible layer.
 */
export function buildLayers({ visible, area, selectedBuilding, versions, hidden, select, textScale = 1 }: MapLayerParams): Layer[] {
  const layers: Layer[] = [];
  const extras: { after: number; layer: Layer | null }[] = [
    { after: CHILDREN_AFTER, layer: area ? childrenLayer(area, select) : null },
    { after: SELECTED_BUILDING_AFTER, layer: selectedBuilding ? selectedBuildingLayer(selectedBuilding) : null },
  ];
  const placeExtras = (before: number) => {
    for (const e of extras) {
      if (e.layer && e.after < before) {
        layers.push(e.layer);
        e.layer = null;
      }
    }
  };
  for (const module of MAP_LAYER_ORDER) {
    placeExtras(module.order);
    if (!visible.has(module.id)) continue;
    const def = findLayer(module.id)!;
    layers.push(...module.deck({ def, url: tileUrl(module.id, versions[module.id]), area, hidden: hidden[module.id] ?? NO_VALUES, select }));
  }
  placeExtras(Infinity);
  if (area && area.children.length > 0) layers.push(labelsLayer(area, textScale));
  return layers;
}
