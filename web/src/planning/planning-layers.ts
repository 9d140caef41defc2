/**
 * The planning map's own deck.gl layers, drawn over the one map (MapView's `overlay.layers`): the sub-areas
 * coloured by their coverage rate (on the area tiles the drill-down uses) with their names and rates, the
 * uncovered people on H3 cells, a scenario's change cells (gained blue, lost red, unchanged purple: Conveyal's
 * colours, SCENARIO_CHANGE), walking isochrones, the facilities sized by capacity and red-ringed when overloaded,
 * the suggested sites numbered, and the facility picked on the map labelled (a click, not a hover, shows it).
 * The choropleth is not pickable: clicks fall through to the map's drill-down layer beneath it.
 */
import type { Layer, PickingInfo } from '@deck.gl/core';
import { GeoJsonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import { LIFE_CIRCLE, SCENARIO_CHANGE, type LifeCircle } from '../../../tiles/domain/planning';
import type { Rgb } from '../../../tiles/domain/labels';
import { LABEL_FONT } from '../map/deck-layers';
import type { ChoroplethStyle } from '../map/choropleth';
import type { ChangeCell, GapCell, Isochrones, PlanningFacility, SuggestedSite } from './client';
import { facilityRadius, gapColour } from './model';

const ALWAYS = { depthCompare: 'always' } as const;
const OVERLOADED: Rgb = [239, 68, 68];
const CLOSED: Rgb = [100, 116, 139];

/** The planning map's choropleth: light fills of the coverage rate, so gap cells read on top; pale outlines. */
export const COVERAGE_CHOROPLETH: ChoroplethStyle = {
  fillAlpha: 95,
  noData: [100, 116, 139, 60],
  outline: [226, 232, 240, 170],
  outlineWidth: 1.2,
  labelSize: 12,
  labelSizeCommunity: 11,
  labelBackground: [4, 10, 20, 215],
  labelPadding: [6, 3, 6, 3],
};

/** Uncovered people on H3 cells, pale amber (few) to red (most); a click picks a cell. */
export function gapLayer(cells: readonly GapCell[], onPick: ((cell: GapCell) => void) | null, selected: string | null): Layer {
  const max = Math.max(1, ...cells.map((c) => c.people));
  return new H3HexagonLayer<GapCell>({
    id: 'planning-gaps',
    data: cells as GapCell[],
    getHexagon: (c) => c.h3,
    extruded: false,
    filled: true,
    stroked: true,
    pickable: onPick !== null,
    autoHighlight: onPick !== null,
    highlightColor: [255, 255, 255, 70],
    getFillColor: (c) => [...gapColour(c.people, max), 150],
    getLineColor: (c) => (c.h3 === selected ? [255, 255, 255, 255] : [4, 10, 20, 90]),
    lineWidthUnits: 'pixels',
    getLineWidth: (c) => (c.h3 === selected ? 2.5 : 0.5),
    parameters: ALWAYS,
    updateTriggers: { getFillColor: max, getLineColor: selected, getLineWidth: selected },
    onClick: onPick ? (info: PickingInfo<GapCell>) => info.object && onPick(info.object) : undefined,
  });
}

/** A scenario against today, per cell: gained (blue), lost (red), unchanged (purple, fainter). */
export function changeLayer(cells: readonly ChangeCell[]): Layer {
  const sorted = [...cells].sort((a, b) => Number(a.change !== 'unchanged') - Number(b.change !== 'unchanged'));
  return new H3HexagonLayer<ChangeCell>({
    id: 'planning-changes',
    data: sorted,
    getHexagon: (c) => c.h3,
    extruded: false,
    filled: true,
    stroked: true,
    pickable: false,
    getFillColor: (c) => [...SCENARIO_CHANGE[c.change].color, c.change === 'unchanged' ? 120 : 190],
    getLineColor: (c) => [...SCENARIO_CHANGE[c.change].color, c.change === 'unchanged' ? 160 : 240],
    lineWidthUnits: 'pixels',
    getLineWidth: 0.8,
    parameters: ALWAYS,
  });
}

/** An isochrone band's colour: its life circle's, or the accent for other minutes. */
export const bandColour = (minutes: number): Rgb => (minutes in LIFE_CIRCLE ? LIFE_CIRCLE[minutes as LifeCircle].color : [56, 189, 248]);

/** Walking isochrones, the widest drawn first, and where the point met the network. */
export function isochroneLayers(iso: Isochrones, origin: [number, number]): Layer[] {
  const bands = { ...iso, features: [...iso.features].sort((a, b) => b.properties.minutes - a.properties.minutes) };
  return [
    new GeoJsonLayer({
      id: 'planning-isochrones',
      data: bands,
      filled: true,
      stroked: true,
      getFillColor: (f: { properties: { minutes: number } }) => [...bandColour(f.properties.minutes), 55],
      getLineColor: (f: { properties: { minutes: number } }) => [...bandColour(f.properties.minutes), 240],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      pickable: false,
      parameters: ALWAYS,
    }),
    new ScatterplotLayer<[number, number]>({
      id: 'planning-isochrone-origin',
      data: [origin, [iso.snapped.lng, iso.snapped.lat]],
      getPosition: (p) => p,
      radiusUnits: 'pixels',
      getRadius: (_p, { index }) => (index === 0 ? 6 : 4),
      getFillColor: (_p, { index }) => (index === 0 ? [255, 255, 255, 255] : [56, 189, 248, 255]),
      getLineColor: [4, 10, 20, 255],
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      parameters: ALWAYS,
    }),
  ];
}

/** The facilities: the type's colour, sized by capacity; overloaded ringed red, closed grey, added ringed white. */
export function facilityLayer(facilities: readonly PlanningFacility[], colour: Rgb, selected: string | null, onPick: ((f: PlanningFacility) => void) | null): Layer {
  const max = Math.max(1, ...facilities.map((f) => f.capacity));
  const line = (f: PlanningFacility): [number, number, number, number] =>
    facilityKey(f) === selected ? [255, 255, 255, 255] : f.overloaded && f.status !== 'closed' ? [...OVERLOADED, 255] : f.status === 'added' || f.status === 'moved' ? [241, 245, 249, 255] : [4, 10, 20, 220];
  return new ScatterplotLayer<PlanningFacility>({
    id: 'planning-facilities',
    data: facilities as PlanningFacility[],
    getPosition: (f) => [f.lng, f.lat],
    radiusUnits: 'pixels',
    getRadius: (f) => facilityRadius(f.capacity, max),
    filled: true,
    stroked: true,
    getFillColor: (f) => (f.status === 'closed' ? [...CLOSED, 140] : [...colour, 235]),
    getLineColor: line,
    lineWidthUnits: 'pixels',
    getLineWidth: (f) => (facilityKey(f) === selected ? 3 : f.overloaded && f.status !== 'closed' ? 3 : f.status === 'existing' ? 1 : 2),
    pickable: onPick !== null,
    autoHighlight: onPick !== null,
    highlightColor: [255, 255, 255, 90],
    parameters: ALWAYS,
    updateTriggers: { getLineColor: selected, getLineWidth: selected, getRadius: max, getFillColor: colour.join() },
    onClick: onPick ? (info: PickingInfo<PlanningFacility>) => info.object && onPick(info.object) : undefined,
  });
}

/** A facility's identity on the screen: today's id, or the key of one the scenario adds. */
export const facilityKey = (f: Pick<PlanningFacility, 'id' | 'key'>): string => (f.key !== null ? `k:${f.key}` : `i:${f.id}`);

/** A label pinned on the map at what was clicked: its lines of text, readable without hovering. */
export function pinnedLabel(at: [number, number], text: string, border: Rgb): Layer {
  return new TextLayer<{ at: [number, number]; text: string }>({
    id: 'planning-pinned',
    data: [{ at, text }],
    getPosition: (d) => d.at,
    getText: (d) => d.text,
    getSize: 12,
    getColor: [241, 245, 249, 255],
    fontFamily: LABEL_FONT,
    fontWeight: 600,
    lineHeight: 1.3,
    characterSet: 'auto',
    background: true,
    getBackgroundColor: [4, 10, 20, 235],
    backgroundPadding: [8, 5, 8, 5],
    getBorderColor: [...border, 255],
    getBorderWidth: 1.5,
    getPixelOffset: [0, -22],
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'bottom',
    billboard: true,
    sizeUnits: 'pixels',
    parameters: ALWAYS,
    updateTriggers: { getText: text },
  });
}

/** The suggested sites: numbered markers in the order they were chosen. */
export function suggestionLayers(sites: readonly SuggestedSite[]): Layer[] {
  const numbered = sites.map((s, i) => ({ ...s, n: i + 1 }));
  return [
    new ScatterplotLayer<(typeof numbered)[number]>({
      id: 'planning-suggestions',
      data: numbered,
      getPosition: (s) => [s.lng, s.lat],
      radiusUnits: 'pixels',
      getRadius: 11,
      filled: true,
      stroked: true,
      getFillColor: [16, 185, 129, 245],
      getLineColor: [255, 255, 255, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      parameters: ALWAYS,
    }),
    new TextLayer<(typeof numbered)[number]>({
      id: 'planning-suggestion-numbers',
      data: numbered,
      getPosition: (s) => [s.lng, s.lat],
      getText: (s) => String(s.n),
      getSize: 12,
      getColor: [4, 10, 20, 255],
      fontFamily: LABEL_FONT,
      fontWeight: 700,
      characterSet: 'auto',
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
      billboard: true,
      sizeUnits: 'pixels',
      parameters: ALWAYS,
    }),
  ];
}
