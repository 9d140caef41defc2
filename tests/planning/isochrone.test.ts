import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { area, booleanClockwise, booleanPointInPolygon, difference, featureCollection, point } from '@turf/turf';
import type { Position } from 'geojson';
import { buildRoadNetwork, distanceM, routesTo } from '../../api/sensing/road-network';
import { isochrone, type IsochroneBand } from '../../api/planning/isochrone';
import { at, fixtureNetwork, seeded } from './fixture';

const net = fixtureNetwork();
const CELL_M = 25;

/** Every ring of a band, as polygons of rings. */
const polygonsOf = (band: IsochroneBand): Position[][][] =>
  band.geometry.type === 'Polygon' ? [band.geometry.coordinates] : band.geometry.coordinates;

const inside = (band: IsochroneBand, p: [number, number]) => booleanPointInPolygon(point(p), band);

/** Origins in and around the lattice, some off the streets. */
const origin = fc.tuple(fc.double({ min: -80, max: 620, noNaN: true }), fc.double({ min: -80, max: 580, noNaN: true }));
const bands = fc.uniqueArray(fc.integer({ min: 50, max: 1200 }), { minLength: 1, maxLength: 4 }).map((d) => d.sort((a, b) => a - b));

describe('isochrone', () => {
  it('has no isochrone for an origin far from every road, or on an empty network', () => {
    expect(isochrone(net, at(300, -400), [300])).toBeNull();
    expect(isochrone(net, at(300, -400), [300], { maxSnapM: 500 })).not.toBeNull();
    expect(isochrone(buildRoadNetwork([]), at(0, 0), [300])).toBeNull();
  });

  it('reports where the origin met the network, and answers the bands in the order asked', () => {
    const result = isochrone(net, at(250, 20), [900, 300, 600])!;
    expect(result.snapped.distanceM).toBeCloseTo(20, 6);
    expect(distanceM([result.snapped.lng, result.snapped.lat], at(250, 0))).toBeLessThan(0.01);
    expect(result.features.map((f) => f.properties.metres)).toEqual([900, 300, 600]);
    expect(() => isochrone(net, at(250, 20), [])).toThrow(RangeError);
    expect(() => isochrone(net, at(250, 20), [300, -1])).toThrow(RangeError);
    expect(() => isochrone(net, at(250, 20), [300], { cellM: 0 })).toThrow(RangeError);
  });

  it('draws closed rings, outer rings counterclockwise and holes clockwise', () => {
    fc.assert(
      fc.property(origin, bands, ([e, n], bandsM) => {
        const result = isochrone(net, at(e, n), bandsM);
        if (!result) return;
        for (const band of result.features) {
          for (const [outer, ...holes] of polygonsOf(band)) {
            for (const ring of [outer, ...holes]) {
              expect(ring.length).toBeGreaterThanOrEqual(4);
              expect(ring[ring.length - 1]).toEqual(ring[0]);
            }
            expect(booleanClockwise(outer)).toBe(false);
            for (const hole of holes) expect(booleanClockwise(hole)).toBe(true);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('never reaches past the straight-line circle of each band', () => {
    fc.assert(
      fc.property(origin, bands, ([e, n], bandsM) => {
        const o = at(e, n);
        const result = isochrone(net, o, bandsM);
        if (!result) return;
        for (const band of result.features) {
          const farthest = Math.max(0, ...polygonsOf(band).flat(2).map((p) => distanceM(o, p as [number, number])));
          expect(farthest).toBeLessThanOrEqual(band.properties.metres * (1 + 1e-9));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('nests its bands: each lies within the next larger one', () => {
    const random = seeded(5);
    fc.assert(
      fc.property(origin, bands, ([e, n], bandsM) => {
        const o = at(e, n);
        const result = isochrone(net, o, bandsM);
        if (!result) return;
        const features = result.features;
        for (let i = 0; i + 1 < features.length; i++) {
          const smaller = features[i], larger = features[i + 1];
          const outside = difference(featureCollection([smaller, larger]));
          // The two boundaries are traced on the same mesh, so clipping leaves at most rounding slivers.
          expect(outside ? area(outside) : 0).toBeLessThan(1);
          for (let k = 0; k < 100; k++) {
            const p = at(e + (random() - 0.5) * 2 * larger.properties.metres, n + (random() - 0.5) * 2 * larger.properties.metres);
            if (inside(smaller, p)) expect(inside(larger, p)).toBe(true);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('holds the streets reached well within each band, measured by routesTo', () => {
    const random = seeded(9);
    fc.assert(
      fc.property(origin, ([e, n]) => {
        const o = at(e, n);
        const result = isochrone(net, o, [300, 600, 900]);
        if (!result) return;
        // Points on random lattice streets.
        const targets = Array.from({ length: 60 }, () => {
          const along = random() * 500, line = Math.floor(random() * 6) * 100;
          return random() < 0.5 ? at(along, line) : at(line, along);
        });
        const routes = routesTo(net, o, targets, { maxSnapM: 300 });
        for (const band of result.features) {
          targets.forEach((t, k) => {
            const route = routes[k];
            // The raster blurs the distance by a few cells: far enough inside, a street is surely in the band.
            if (route && route.distanceM <= band.properties.metres - 6 * CELL_M) expect(inside(band, t)).toBe(true);
          });
        }
      }),
      { numRuns: 30 },
    );
  });

  it('follows the network, not the circle: an unreachable street close by is outside', () => {
    // The cul-de-sac's end is ~380 m in a straight line from the separate square, which no street joins.
    const result = isochrone(net, at(580, 300), [600, 900])!;
    for (const band of result.features) {
      expect(inside(band, at(560, 300))).toBe(true);
      expect(inside(band, at(900, 100))).toBe(false);
      expect(inside(band, at(950, 100))).toBe(false);
    }
  });

  it('leaves out places farther than offRoadM from every road', () => {
    const tight = isochrone(net, at(200, 200), [400], { offRoadM: 20 })!.features[0];
    expect(inside(tight, at(250, 200))).toBe(true);
    expect(inside(tight, at(250, 250))).toBe(false); // a block's centre, 50 m from the streets
    const loose = isochrone(net, at(200, 200), [400])!.features[0];
    expect(inside(loose, at(250, 250))).toBe(true);
    expect(area(loose)).toBeGreaterThan(area(tight));
  });

  it('gives an empty band when nothing is within reach', () => {
    // 250 m from the nearest street: walking there and anywhere takes more than 100 m.
    const result = isochrone(net, at(250, 750), [100, 600])!;
    expect(result.features[0].geometry).toEqual({ type: 'MultiPolygon', coordinates: [] });
    expect(polygonsOf(result.features[1]).length).toBeGreaterThan(0);
  });
});
