import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { Random } from './random';

export type Area = Feature<Polygon | MultiPolygon>;

/** Metres per degree of longitude and latitude near Fuzhou (26°N): good enough for a synthetic city. */
export const M_PER_DEG_LAT = 110_700;
export const mPerDegLng = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

/** A uniformly random point inside an area, by rejection from its bounding box. */
export function randomPointIn(area: Area, rng: Random, bbox = turf.bbox(area)): Position {
  for (let i = 0; i < 10_000; i++) {
    const p: Position = [rng.range(bbox[0], bbox[2]), rng.range(bbox[1], bbox[3])];
    if (turf.booleanPointInPolygon(p, area)) return p;
  }
  return turf.pointOnFeature(area).geometry.coordinates;
}

/**
 * Split `parent` into `n` children that tile it exactly (no gaps, no overlaps, each inside the parent):
 * a Voronoi diagram of well-spread seed points, each cell clipped to the parent.
 * `density` (> 0, higher = smaller cells) skews the seeds towards dense places: Mitchell's best-candidate
 * sampling scores a candidate by its distance to the nearest seed times √density.
 */
export function subdivide(parent: Area, n: number, rng: Random, density: (p: Position) => number = () => 1): Area[] {
  if (n <= 1) return [parent];
  const bbox = turf.bbox(parent);
  const kx = mPerDegLng((bbox[1] + bbox[3]) / 2);
  const seeds: Position[] = [];
  while (seeds.length < n) {
    let best: Position | null = null;
    let bestScore = -1;
    for (let c = 0; c < 12; c++) {
      const p = randomPointIn(parent, rng, bbox);
      let nearest = Infinity;
      for (const s of seeds) {
        const dx = (p[0] - s[0]) * kx;
        const dy = (p[1] - s[1]) * M_PER_DEG_LAT;
        nearest = Math.min(nearest, dx * dx + dy * dy);
      }
      const score = seeds.length === 0 ? 1 : Math.sqrt(nearest) * Math.sqrt(density(p));
      if (score > bestScore && !seeds.some((s) => s[0] === p[0] && s[1] === p[1])) {
        bestScore = score;
        best = p;
      }
    }
    if (best) seeds.push(best);
  }
  const pad = Math.max(bbox[2] - bbox[0], bbox[3] - bbox[1]);
  const cells = turf.voronoi(turf.featureCollection(seeds.map((s) => turf.point(s))), {
    bbox: [bbox[0] - pad, bbox[1] - pad, bbox[2] + pad, bbox[3] + pad],
  });
  const children: Area[] = [];
  for (const cell of cells.features) {
    if (!cell) continue;
    const piece = turf.intersect(turf.featureCollection<Polygon | MultiPolygon>([cell, parent]));
    if (piece) children.push(piece);
  }
  return children;
}

/** Always a MultiPolygon, as the areas table stores them. */
export function asMulti(area: Area): MultiPolygon {
  return area.geometry.type === 'MultiPolygon'
    ? area.geometry
    : { type: 'MultiPolygon', coordinates: [area.geometry.coordinates] };
}
