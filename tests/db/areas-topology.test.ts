import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../helpers';

let t: Awaited<ReturnType<typeof createTestContext>>;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.pool.end();
});

/**
 * Areas tile their parents in plane (lng/lat) geometry, as PostGIS geometry(4326) works; the checks use
 * planar areas in square degrees. 1e-12 deg² is about 0.01 m² at Fuzhou: floating-point noise only.
 */
const SLIVER_DEG2 = 1e-12;
/**
 * Overlays (ST_Difference, ST_Intersection) run on a fixed-precision grid of 1e-12° (about 0.1 µm): GEOS then
 * snap-rounds, which is robust by construction. In floating point GEOS may throw and retry more robustly,
 * and the embedded database's PostGIS (WebAssembly) cannot recover from that throw: the statement fails.
 */
const GRID_DEG = 1e-12;

describe('the administrative areas', { timeout: 300_000 }, () => {
  it('hold the real hierarchy: 13 districts, 186 streets, 3,022 communities, grids extending community codes', async () => {
    const { rows } = await t.pool.query<{ level: string; n: number }>('SELECT level, count(*)::int AS n FROM areas GROUP BY level');
    const n = Object.fromEntries(rows.map((r) => [r.level, r.n]));
    expect(n).toMatchObject({ city: 1, district: 13, street: 186, community: 3022 });
    expect(n.grid).toBeGreaterThan(3022);
    const bad = await t.pool.query(`SELECT code FROM areas WHERE parent_code IS NOT NULL AND left(code, length(parent_code)) <> parent_code`);
    expect(bad.rows).toEqual([]);
  });

  it('every child lies inside its parent', async () => {
    const { rows } = await t.pool.query<{ code: string; outside: number }>(
      `SELECT c.code, ST_Area(ST_Difference(c.geom, p.geom, $2)) AS outside
       FROM areas c JOIN areas p ON p.code = c.parent_code
       WHERE ST_Area(ST_Difference(c.geom, p.geom, $2)) > $1`,
      [SLIVER_DEG2, GRID_DEG],
    );
    expect(rows).toEqual([]);
  });

  it('siblings do not overlap', async () => {
    // Any overlap at all: siblings may share edges and points, whose intersection has no area, and nothing else.
    // (Not ST_Relate(a, b, '2********'): GEOS 3.14.0's RelateNG, in the embedded database's PostGIS, reports
    // interiors meeting when a polygon's hole touches its shell on an edge it shares with the other polygon.)
    const { rows } = await t.pool.query<{ a: string; b: string; overlap: number }>(
      `SELECT a.code AS a, b.code AS b, ST_Area(ST_Intersection(a.geom, b.geom, $1)) AS overlap
       FROM areas a JOIN areas b ON a.parent_code = b.parent_code AND a.code < b.code AND a.geom && b.geom
       WHERE ST_Area(ST_Intersection(a.geom, b.geom, $1)) > 0`,
      [GRID_DEG],
    );
    expect(rows).toEqual([]);
  });

  it('children cover their parent with no gap', async () => {
    const { rows } = await t.pool.query<{ code: string; gap: number }>(
      `SELECT p.code, abs(ST_Area(p.geom) - sum(ST_Area(c.geom))) AS gap
       FROM areas p JOIN areas c ON c.parent_code = p.code
       GROUP BY p.code, p.geom
       HAVING abs(ST_Area(p.geom) - sum(ST_Area(c.geom))) > $1`,
      [SLIVER_DEG2],
    );
    expect(rows).toEqual([]);
  });

  it('are valid geometries', async () => {
    const { rows } = await t.pool.query(`SELECT code, ST_IsValidReason(geom) AS reason FROM areas WHERE NOT ST_IsValid(geom)`);
    expect(rows).toEqual([]);
  });

  it('places every building inside its grid', async () => {
    const { rows } = await t.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM buildings b JOIN areas g ON g.code = b.grid_code
       WHERE b.grid_code LIKE '350102%' AND NOT ST_CoveredBy(b.geom, g.geom)`,
    );
    expect(rows[0].n).toBe(0);
  });
});
