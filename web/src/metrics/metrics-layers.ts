/**
 * The metrics map's own deck.gl layers, drawn over the one map (MapView's `overlay.layers`): the sub-areas
 * coloured by the chosen KPI's rank (a choropleth on the same area tiles the drill-down uses, coloured by feature
 * code), their names with the value, a heat layer of where cases were reported (metrics.hotspots' cells), and
 * the case open in the drawer.
 * The choropleth is not pickable: hover and click fall through to the map's drill-down layer beneath it.
 */
import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { findLayer } from '../../../tiles/layers';
import type { Rgb } from '../../../tiles/domain/labels';
import type { AreaDetail } from '../api';
import { childSource, tileUrl } from '../map/deck-layers';
import { mvt, type TileFeature } from '../map/layer-kit';

const NO_VALUES: ReadonlySet<string> = new Set();
const NO_DATA: [number, number, number, number] = [100, 116, 139, 70];
const LABEL_FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "PingFang SC", "Microsoft YaHei", sans-serif';

/** Heat from few to many cases: violet to white, apart from the choropleth's green-to-red. */
const HEAT_COLOURS: Rgb[] = [[76, 29, 149], [124, 58, 237], [192, 38, 211], [236, 72, 153], [251, 191, 36], [254, 249, 195]];

export interface ChoroplethArea {
  code: string;
  name: string;
  /** The KPI's value as the screen writes it. */
  text: string;
  /** The colour of its rank, or null for no data. */
  colour: Rgb | null;
  center?: [number, number];
}

/** The sub-areas of `area` filled by their colours; `key` changes when the colours do. */
export function choroplethLayer(area: AreaDetail, children: readonly ChoroplethArea[], key: string): Layer | null {
  const source = childSource(area);
  if (!source || children.length === 0) return null;
  const byCode = new Map(children.map((c) => [c.code, c]));
  const fill = (f: TileFeature): [number, number, number, number] => {
    const c = byCode.get(String(f.properties.code ?? ''));
    if (!c) return [0, 0, 0, 0];
    return c.colour ? [c.colour[0], c.colour[1], c.colour[2], 150] : NO_DATA;
  };
  const line = (f: TileFeature): [number, number, number, number] => (byCode.has(String(f.properties.code ?? '')) ? [4, 10, 20, 200] : [0, 0, 0, 0]);
  return mvt(
    { def: findLayer(source.layer)!, url: tileUrl(source.layer), area, hidden: NO_VALUES, select: () => undefined },
    {
      id: 'metrics-choropleth',
      pickable: false,
      filled: true,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      getFillColor: fill,
      getLineColor: line,
      updateTriggers: { getFillColor: key, getLineColor: key },
    },
  );
}

/** Each sub-area's name with its value, drawn over the map's own name label at the same place (a larger pill covers it). */
export function valueLabelsLayer(area: AreaDetail, children: readonly ChoroplethArea[], key: string): Layer {
  const labelled = children.filter((c): c is ChoroplethArea & { center: [number, number] } => Boolean(c.center));
  return new TextLayer<ChoroplethArea & { center: [number, number] }>({
    id: 'metrics-labels',
    data: labelled,
    getPosition: (c) => c.center,
    getText: (c) => `${c.name}\n${c.text}`,
    getSize: area.level === 'community' ? 12 : 13,
    getColor: [241, 245, 249, 255],
    fontFamily: LABEL_FONT,
    fontWeight: 600,
    lineHeight: 1.25,
    characterSet: 'auto',
    background: true,
    getBackgroundColor: [4, 10, 20, 225],
    backgroundPadding: [7, 4, 7, 4],
    getBorderColor: (c) => (c.colour ? [...c.colour, 255] : [100, 116, 139, 255]),
    getBorderWidth: 1.5,
    billboard: true,
    sizeUnits: 'pixels',
    parameters: { depthCompare: 'always' },
    updateTriggers: { getText: key, getBorderColor: key },
  });
}

export interface HotspotCell {
  lng: number;
  lat: number;
  count: number;
}

/** Where cases were reported: a heat map of the hot-spot cells, weighted by their counts. */
export function heatLayer(cells: readonly HotspotCell[]): Layer {
  return new HeatmapLayer<HotspotCell>({
    id: 'metrics-heat',
    data: cells,
    getPosition: (c) => [c.lng, c.lat],
    getWeight: (c) => c.count,
    // About a cell or two on screen at a district view: neighbouring cells melt together, yet a dense district
    // does not turn into one field.
    radiusPixels: 22,
    intensity: 1,
    threshold: 0.2,
    colorRange: HEAT_COLOURS,
    opacity: 0.7,
    parameters: { depthCompare: 'always' },
  });
}

/** The case open in the case drawer, ringed. */
export function caseMarkerLayer(at: [number, number]): Layer {
  return new ScatterplotLayer<[number, number]>({
    id: 'metrics-case',
    data: [at],
    getPosition: (p) => p,
    radiusUnits: 'pixels',
    getRadius: 9,
    stroked: true,
    filled: true,
    getFillColor: [253, 224, 71, 120],
    getLineColor: [253, 224, 71, 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 3,
    parameters: { depthCompare: 'always' },
  });
}
