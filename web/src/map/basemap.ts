/**
 * The self-hosted basemap: land and roads drawn by maplibre from the city's own tiles, so the map works
 * on an intranet with no internet. No symbol layers (they would need a glyph server); labels are drawn
 * by deck.gl's TextLayer with the browser's own CJK fonts. `MAP_STYLE_URL` replaces all of this.
 */
import type { StyleSpecification } from 'maplibre-gl';
import { findLayer } from '../../../tiles/layers';

export const BACKGROUND = '#040a14';

function tileSource(id: string) {
  const layer = findLayer(id)!;
  return {
    type: 'vector' as const,
    tiles: [`${window.location.origin}/tiles/${id}/{z}/{x}/{y}.mvt`],
    minzoom: layer.minzoom,
    maxzoom: layer.maxzoom,
  };
}

export function basemapStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'City Brain dark',
    sources: { areas: tileSource('areas'), roads: tileSource('roads') },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } },
      {
        id: 'land',
        type: 'fill',
        source: 'areas',
        'source-layer': 'areas',
        filter: ['==', ['get', 'level'], 'district'],
        paint: { 'fill-color': '#0b1526' },
      },
      {
        id: 'roads-local',
        type: 'line',
        source: 'roads',
        'source-layer': 'roads',
        minzoom: 12,
        filter: ['==', ['get', 'class'], 'local'],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#243550', 'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 12, 0.6, 16, 4, 18, 10] },
      },
      {
        id: 'roads-arterial',
        type: 'line',
        source: 'roads',
        'source-layer': 'roads',
        filter: ['==', ['get', 'class'], 'arterial'],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#3a5070', 'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 8, 0.6, 12, 1.8, 16, 8, 18, 18] },
      },
    ],
  };
}

