/**
 * A small hand-made street network for the planning engine's tests, laid out in metres east and north of a
 * point in Fuzhou:
 *
 *   - a 5 × 5 block lattice of 100 m streets, nodes at (100 i, 100 j) for i, j = 0..5;
 *   - a diagonal street across the south-west block, (0, 0)–(100, 100);
 *   - a cul-de-sac running east off the lattice, (500, 300)–(580, 300);
 *   - a separate square of streets, (900, 0)–(1000, 100), joined to nothing (another component).
 */
import { buildRoadNetwork, metresPerDegLng, type RoadNetwork, type RoadSegment } from '../../api/sensing/road-network';

export const LNG0 = 119.3;
export const LAT0 = 26.08;
const KX = metresPerDegLng(LAT0);
const KY = 110574;

/** lng/lat of the point `east` and `north` metres from the fixture's origin. */
export const at = (east: number, north: number): [number, number] => [LNG0 + east / KX, LAT0 + north / KY];

export function fixtureSegments(): RoadSegment[] {
  const segments: RoadSegment[] = [];
  let id = 1;
  const road = (...points: [number, number][]) => segments.push({ id: id++, coordinates: points.map(([e, n]) => at(e, n)) });
  for (let i = 0; i <= 5; i++) {
    for (let j = 0; j <= 5; j++) {
      if (i < 5) road([i * 100, j * 100], [(i + 1) * 100, j * 100]);
      if (j < 5) road([i * 100, j * 100], [i * 100, (j + 1) * 100]);
    }
  }
  road([0, 0], [100, 100]);
  road([500, 300], [580, 300]);
  road([900, 0], [1000, 0], [1000, 100], [900, 100], [900, 0]);
  return segments;
}

export function fixtureNetwork(): RoadNetwork {
  return buildRoadNetwork(fixtureSegments());
}

/** A deterministic pseudo-random generator (mulberry32), for fixtures that need many points. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
