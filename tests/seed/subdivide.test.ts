import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { Random } from '../../seed/random';
import { subdivide } from '../../seed/subdivide';

// A concave parent with an island: the hard case for an exact tiling.
const PARENT = turf.multiPolygon([
  [[[119.2, 26.0], [119.4, 26.0], [119.4, 26.2], [119.3, 26.1], [119.2, 26.2], [119.2, 26.0]]],
  [[[119.45, 26.0], [119.5, 26.0], [119.5, 26.05], [119.45, 26.0]]],
]);

/** Planar area in square degrees: the subdivision is exact in plane geometry (as PostGIS geometry is). */
function planarArea(f: Feature<Polygon | MultiPolygon>): number {
  const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  let sum = 0;
  for (const rings of polygons) {
    rings.forEach((ring, i) => {
      let a = 0;
      for (let k = 0; k + 1 < ring.length; k++) a += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
      sum += (i === 0 ? 1 : -1) * Math.abs(a / 2);
    });
  }
  return sum;
}

describe('subdivide', () => {
  it('splits a parent into exactly n children that cover it with no gap or overlap', () => {
    const children = subdivide(PARENT, 9, new Random(7));
    expect(children).toHaveLength(9);
    const parentArea = planarArea(PARENT);
    const sum = children.reduce((s, c) => s + planarArea(c), 0);
    expect(Math.abs(sum - parentArea) / parentArea).toBeLessThan(1e-9);
    for (let i = 0; i < children.length; i++) {
      const outside = turf.difference(turf.featureCollection([children[i], PARENT]));
      expect(outside ? planarArea(outside) : 0).toBeLessThan(1e-12);
      for (let j = i + 1; j < children.length; j++) {
        const overlap = turf.intersect(turf.featureCollection([children[i], children[j]]));
        expect(overlap ? planarArea(overlap) : 0).toBeLessThan(1e-12);
      }
    }
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = subdivide(PARENT, 5, new Random(1)).map((c) => turf.area(c));
    const b = subdivide(PARENT, 5, new Random(1)).map((c) => turf.area(c));
    const c = subdivide(PARENT, 5, new Random(2)).map((c) => turf.area(c));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('makes smaller cells where density is higher', () => {
    const dense = (p: number[]) => (p[0] < 119.3 ? 30 : 1);
    const cells = subdivide(turf.bboxPolygon([119.2, 26.0, 119.4, 26.2]), 20, new Random(3), dense);
    const west = cells.filter((c) => turf.centroid(c).geometry.coordinates[0] < 119.3).length;
    expect(west).toBeGreaterThan(12);
  });
});
