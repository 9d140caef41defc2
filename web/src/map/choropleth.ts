/**
 * The sub-areas of an area coloured by a figure, on the same area tiles the drill-down uses (coloured by feature
 * code), and each one's name with its value as a label over the map's own name: the metrics screen colours by a
 * KPI's rank, the planning screen by coverage. Not pickable: clicks fall through to the drill-down beneath.
 */
import type { Layer } from '@deck.gl/core';
import { TextLayer } from '@deck.gl/layers';
import { findLayer } from '../../../tiles/layers';
import type { Rgb } from '../../../tiles/domain/labels';
import type { AreaDetail } from '../api';
import { childSource, LABEL_FONT, tileUrl } from './deck-layers';
import { mvt, type TileFeature } from './layer-kit';

/** A sub-area as a choropleth colours it. */
export interface ChoroplethArea {
  code: string;
  name: string;
  /** The value as the screen writes it. */
  text: string;
  /** Its colour, or null for no data. */
  colour: Rgb | null;
  center?: [number, number];
}

export interface ChoroplethStyle {
  /** Fill opacity (0–255) of a coloured sub-area. */
  fillAlpha: number;
  /** Fill of a sub-area without data. */
  noData: [number, number, number, number];
  outline: [number, number, number, number];
  outlineWidth: number;
  /** Label text size (pixels) at a district or street, and at a community. */
  labelSize: number;
  labelSizeCommunity: number;
  labelBackground: [number, number, number, number];
  labelPadding: [number, number, number, number];
}

const NO_VALUES: ReadonlySet<string> = new Set();
// Flat on the ground under a pitched camera: without it the fill fights the basemap for depth (stripes).
const ALWAYS = { depthCompare: 'always' } as const;

/** The sub-areas of `area` filled by their colours and outlined; `key` changes when the colours do. */
export function choroplethLayer(id: string, area: AreaDetail, children: readonly ChoroplethArea[], key: string, style: ChoroplethStyle): Layer | null {
  const source = childSource(area);
  if (!source || children.length === 0) return null;
  const byCode = new Map(children.map((c) => [c.code, c]));
  const fill = (f: TileFeature): [number, number, number, number] => {
    const c = byCode.get(String(f.properties.code ?? ''));
    if (!c) return [0, 0, 0, 0];
    return c.colour ? [c.colour[0], c.colour[1], c.colour[2], style.fillAlpha] : style.noData;
  };
  const line = (f: TileFeature): [number, number, number, number] => (byCode.has(String(f.properties.code ?? '')) ? style.outline : [0, 0, 0, 0]);
  return mvt(
    { def: findLayer(source.layer)!, url: tileUrl(source.layer), area, hidden: NO_VALUES, select: () => undefined },
    {
      id,
      pickable: false,
      parameters: ALWAYS,
      filled: true,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: style.outlineWidth,
      getFillColor: fill,
      getLineColor: line,
      updateTriggers: { getFillColor: key, getLineColor: key },
    },
  );
}

/** Each sub-area's name with its value, drawn over the map's own name label at the same place (the pill covers it). */
export function choroplethLabels(id: string, area: AreaDetail, children: readonly ChoroplethArea[], key: string, style: ChoroplethStyle): Layer {
  const labelled = children.filter((c): c is ChoroplethArea & { center: [number, number] } => Boolean(c.center));
  return new TextLayer<ChoroplethArea & { center: [number, number] }>({
    id,
    data: labelled,
    getPosition: (c) => c.center,
    getText: (c) => `${c.name}\n${c.text}`,
    getSize: area.level === 'community' ? style.labelSizeCommunity : style.labelSize,
    getColor: [241, 245, 249, 255],
    fontFamily: LABEL_FONT,
    fontWeight: 600,
    lineHeight: 1.25,
    characterSet: 'auto',
    background: true,
    getBackgroundColor: style.labelBackground,
    backgroundPadding: style.labelPadding,
    getBorderColor: (c) => (c.colour ? [...c.colour, 255] : [100, 116, 139, 255]),
    getBorderWidth: 1.5,
    billboard: true,
    sizeUnits: 'pixels',
    parameters: ALWAYS,
    updateTriggers: { getText: key, getBorderColor: key },
  });
}
