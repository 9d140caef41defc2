import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, createTestContext, decodeTile, tileOf } from '../helpers';
import { SERVICE_TYPE, SERVICE_TYPES } from '../../tiles/domain/planning';

let t: Awaited<ReturnType<typeof createTestContext>>;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.pool.end();
});

/** GB 50180-2018, as the planners' catalog says: the circle each service type belongs to and its walking reach. */
const EXPECTED: Record<string, { circle: number; reach: number }> = Object.fromEntries(
  SERVICE_TYPES.map((type) => [type, { circle: SERVICE_TYPE[type].circle, reach: SERVICE_TYPE[type].reachM }]),
);

describe('life_circle_facilities, a public layer for planners', () => {
  it('serves, without an account, every life-circle facility of a tile with its circle and reach, and no kiosks', async () => {
    // A z13 tile over 鼓楼区 around an elderly-care facility: it holds several kinds.
    const { rows: at } = await t.pool.query<{ lng: number; lat: number }>(
      `SELECT ST_X(geom) AS lng, ST_Y(geom) AS lat FROM facilities WHERE kind = 'elderly_care' ORDER BY id LIMIT 1`,
    );
    expect(at).toHaveLength(1);
    const { z, x, y } = tileOf(at[0].lng, at[0].lat, 13);
    const res = await fetch(`${baseUrl()}/tiles/life_circle_facilities/${z}/${x}/${y}.mvt`);
    expect(res.status).toBe(200);
    const features = decodeTile(new Uint8Array(await res.arrayBuffer())).life_circle_facilities.features;

    const { rows: inside } = await t.pool.query<{ id: number; kind: string }>(
      `SELECT id, coalesce(service_type, kind) AS kind FROM facilities WHERE ST_Intersects(geom3857, ST_TileEnvelope($1, $2, $3))`,
      [z, x, y],
    );
    const expectedIds = inside.filter((f) => f.kind in EXPECTED).map((f) => f.id).sort((a, b) => a - b);
    expect(expectedIds.length).toBeGreaterThan(0);
    const servedIds = features.map((f) => Number(f.properties.id));
    // Every facility of a circle inside the tile is served (the buffer may add a few from next door).
    expect(servedIds).toEqual(expect.arrayContaining(expectedIds));
    const kinds = new Map(inside.map((f) => [f.id, f.kind]));
    for (const f of features) {
      const kind = String(f.properties.type);
      expect(Object.keys(EXPECTED)).toContain(kind);
      expect({ circle: f.properties.circle, reach: f.properties.reach_m }).toEqual({ circle: EXPECTED[kind].circle, reach: EXPECTED[kind].reach });
      if (kinds.has(Number(f.properties.id))) expect(kinds.get(Number(f.properties.id))).toBe(kind);
    }
    expect(new Set(features.map((f) => f.properties.circle)).size).toBeGreaterThan(1);
  });
});
