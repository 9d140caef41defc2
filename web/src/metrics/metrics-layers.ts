/**
 * The metrics map's own deck.gl layers, drawn over the one map (MapView's `overlay.layers`) with the shared
 * choropleth (map/choropleth.ts, styled by METRICS_CHOROPLETH): the sub-areas
 * coloured by the chosen KPI's rank (a choropleth on the same area tiles the drill-down uses, coloured by feature
 * code), their names with the value, a heat layer of where cases were reported (metrics.hotspots' cells), and
 * the case open in the drawer.
 * The choropleth is not pickable: hover and click fall through to the map's drill-down layer beneath it.
 */
import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { Rgb } from '../../../tiles/domain/labels';
import type { ChoroplethStyle } from '../map/choropleth';

/** Heat from few to many cases: violet to white, apart from the choropleth's green-to-red. */
const HEAT_COLOURS: Rgb[] = [[76, 29, 149], [124, 58, 237], [192, 38, 211], [236, 72, 153], [251, 191, 36], [254, 249, 195]];

/** The metrics map's choropleth: strong fills ranked by the KPI, dark outlines. */
export const METRICS_CHOROPLETH: ChoroplethStyle = {
  fillAlpha: 150,
  noData: [100, 116, 139, 70],
  outline: [4, 10, 20, 200],
  outlineWidth: 1,
  labelSize: 13,
  labelSizeCommunity: 12,
  labelBackground: [4, 10, 20, 225],
  labelPadding: [7, 4, 7, 4],
};

export interface HotspotCell {
  lng: number;
  lat: number;
  count: number;
}

/** Where cases were reported: a heat map of the hot-spot cells, weighted by their counts. */
export function heatLayer(cells: readonly HotspotCell[], id = 'metrics-heat'): Layer {
  return new HeatmapLayer<HotspotCell>({
    id,
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
