/**
 * What a web layer module is made of. Each registry layer (tiles/layers.ts) has one module in
 * `web/src/map/layers/{id}.ts`: its deck.gl drawing, tooltip, click action and legend. The map, the layer
 * panel and the URL state iterate the modules; nothing else names a layer.
 */
import type { Layer, PickingInfo } from '@deck.gl/core';
import { MVTLayer } from '@deck.gl/geo-layers';
import type { Feature, Geometry } from 'geojson';
import type { Lang, LegendItem, Rgb } from '../../../tiles/domain';
import type { LayerDefinition, LayerId } from '../../../tiles/layers';
import type { AreaDetail } from '../api';
import type { Translate } from '../i18n';
import { fetchTile } from './tile-fetch';

/** Properties of a decoded tile feature, as the registry's `fields` (or aggregate fields) declare them. */
export type TileProperties = Record<string, string | number | boolean | undefined>;
export type TileFeature = Feature<Geometry, TileProperties>;
export type Rgba = [number, number, number, number];

/** What a click on the map opens: the dashboard turns it into the URL state. */
export type MapSelection =
  | { kind: 'area'; code: string }
  | { kind: 'building'; id: number }
  | { kind: 'case'; id: number }
  | { kind: 'device'; id: number }
  | { kind: 'camera'; id: number }
  | { kind: 'parking'; id: number };

export interface LayerContext {
  def: LayerDefinition;
  /** The layer's tile URL template; it changes when the layer's data does, so the tiles reload. */
  url: string;
  /** The area the dashboard shows (its code is highlighted where a layer draws areas). */
  area: AreaDetail | undefined;
  /** Legend values switched off in the layer panel (layers whose legend filters). */
  hidden: ReadonlySet<string>;
  select(selection: MapSelection): void;
}

export interface TooltipContext {
  t: Translate;
  lang: Lang;
  /** A number as the language writes it. */
  n(value: unknown): string;
}

export interface MapLayerModule {
  id: LayerId;
  /** Drawing order on the map: lower first, so higher ones are drawn over it. */
  order: number;
  /** The layer's colour: the swatch in the layer panel, and features the legend does not name. */
  color: Rgb;
  /** Features coloured by this property as the items say; `filter`: each item can be switched off. */
  legend?: { field: string; items: readonly LegendItem[]; filter?: boolean };
  /** maplibre basemap layers this toggle shows and hides (roads are drawn by the basemap, not deck.gl). */
  basemap?: readonly string[];
  /** The deck.gl layers that draw it; drawn only while the layer is switched on. */
  deck(ctx: LayerContext): Layer[];
  /** Lines of the hover tooltip (HTML-escaped by the module), or null for none. */
  tooltip?(properties: TileProperties, ctx: TooltipContext): string[] | null;
}

export const rgba = (c: Rgb, a: number): Rgba => [c[0], c[1], c[2], a];

/** Aggregated features (low zoom) carry `count` instead of a single feature's properties. */
export const isAggregate = (f: TileFeature | undefined) => typeof f?.properties?.count === 'number';

/** Radius of an aggregated point: grows with the square root of its count. */
export const aggregateRadius = (count: unknown, base = 3, max = 22) => Math.min(base + Math.sqrt(Number(count ?? 1)), max);

/** The legend colour of a feature, or the module's colour when the legend does not name its value. */
export function colorOf(module: Pick<MapLayerModule, 'color' | 'legend'>, properties: Record<string, unknown>): Rgb {
  const legend = module.legend;
  if (!legend) return module.color;
  return legend.items.find((i) => i.value === properties[legend.field])?.color ?? module.color;
}

export const esc = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
export const hint = (text: string) => `<span style="opacity:.7">${esc(text)}</span>`;

/** A click on a single feature (not an aggregate) selects it as this kind. */
export function selectOnClick(ctx: LayerContext, kind: 'building' | 'case' | 'device' | 'camera' | 'parking') {
  return (info: PickingInfo<TileFeature>) => {
    const p = info.object?.properties;
    if (p?.id && !isAggregate(info.object)) ctx.select({ kind, id: Number(p.id) });
  };
}

/** Area outlines (areas, grids): thin in their own colour, the area on screen thick and bright. */
export function outlineLayer(ctx: LayerContext, style: { width(f: TileFeature): number; color(f: TileFeature): Rgba; current: { width: number; color: Rgba } }): Layer {
  const code = ctx.area?.code ?? '';
  const current = (f: TileFeature) => f.properties.code === code;
  return mvt(ctx, {
    filled: false,
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: (f: TileFeature) => (current(f) ? style.current.width : style.width(f)),
    getLineColor: (f: TileFeature) => (current(f) ? style.current.color : style.color(f)),
    updateTriggers: { getLineWidth: code, getLineColor: code },
  });
}

/**
 * An MVTLayer on the tile service, loading through fetchTile. (deck.gl's prop types do not follow a
 * generic accessor object through the sub-layer props, hence one cast here rather than one per layer.)
 */
export function mvt(ctx: LayerContext, props: Record<string, unknown>): Layer {
  return new MVTLayer({
    id: ctx.def.id,
    data: ctx.url,
    minZoom: ctx.def.minzoom,
    maxZoom: ctx.def.maxzoom,
    fetch: (url: string, options: { signal?: AbortSignal; loadOptions?: Record<string, unknown> }) => fetchTile(url, options),
    loadOptions: { worker: false },
    maxRequests: 8,
    ...props,
  } as unknown as ConstructorParameters<typeof MVTLayer>[0]);
}

/** A layer of points: circles in the legend's colours, hoverable; aggregates at low zoom in the layer colour. */
export function pointLayer(ctx: LayerContext, module: Pick<MapLayerModule, 'color' | 'legend'>, props: Record<string, unknown> & { getPointRadius: (f: TileFeature) => number }): Layer {
  return mvt(ctx, {
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 120],
    pointType: 'circle',
    pointRadiusUnits: 'pixels',
    stroked: true,
    getLineColor: [4, 10, 20, 200],
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
    getFillColor: (f: TileFeature) => (isAggregate(f) ? rgba(module.color, 170) : rgba(colorOf(module, f.properties), 230)),
    ...props,
  });
}

export const defineLayer = (module: MapLayerModule): MapLayerModule => module;
