import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createTestContext } from '../helpers';

let t: Awaited<ReturnType<typeof createTestContext>>;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.pool.end();
});

async function errorOf(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (err) {
    return err as TRPCError;
  }
  throw new Error('expected an error');
}

describe('area.get', () => {
  it('returns the city with its 13 real districts', async () => {
    const city = await t.caller.area.get({ code: '3501' });
    expect(city).toMatchObject({ code: '3501', name: '福州市', level: 'city', parentCode: null, ancestors: [] });
    expect(city.children).toHaveLength(13);
    expect(city.children.map((c) => c.name)).toContain('鼓楼区');
    expect(city.children.map((c) => c.name)).toContain('长乐区');
    const [w, s, e, n] = city.bbox;
    expect(w).toBeLessThan(119.3);
    expect(e).toBeGreaterThan(119.3);
    expect(s).toBeLessThan(26.08);
    expect(n).toBeGreaterThan(26.08);
  });

  it('drills 鼓楼区 → 东街街道 → 军门社区 with real codes and a breadcrumb', async () => {
    const gulou = await t.caller.area.get({ code: '350102' });
    expect(gulou.children).toHaveLength(10);
    const street = await t.caller.area.get({ code: '350102004' });
    expect(street.name).toBe('东街街道');
    expect(street.children.map((c) => c.code)).toContain('350102004001');
    const community = await t.caller.area.get({ code: '350102004001' });
    expect(community.name).toBe('军门社区');
    expect(community.ancestors.map((a) => a.name)).toEqual(['福州市', '鼓楼区', '东街街道']);
    expect(community.children.length).toBeGreaterThan(0);
    expect(community.children.every((g) => g.level === 'grid' && g.code.startsWith('350102004001') && g.code.length === 15)).toBe(true);
    const grid = await t.caller.area.get({ code: community.children[0].code });
    expect(grid.children).toEqual([]);
    expect(grid.ancestors.map((a) => a.code)).toEqual(['3501', '350102', '350102004', '350102004001']);
  });

  it('sums the children into the parent figures', async () => {
    const gulou = await t.caller.area.get({ code: '350102' });
    const sum = (k: keyof (typeof gulou)['figures']) => gulou.children.reduce((s, c) => s + c.figures[k], 0);
    for (const key of ['population', 'buildings', 'openIncidents', 'camerasTotal', 'camerasOnline', 'parkingFree', 'facilities'] as const) {
      expect(sum(key)).toBe(gulou.figures[key]);
    }
    expect(gulou.figures.population).toBeGreaterThan(100_000);
    expect(gulou.figures.camerasOnline).toBeLessThanOrEqual(gulou.figures.camerasTotal);
    const { rows } = await t.pool.query(`SELECT count(*)::int AS n FROM incidents WHERE grid_code LIKE '350102%' AND status <> 'closed'`);
    expect(gulou.figures.openIncidents).toBe(rows[0].n);
  });

  it('answers NOT_FOUND naming an unknown code and BAD_REQUEST for a malformed one', async () => {
    const missing = await errorOf(t.caller.area.get({ code: '3599' }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain('3599');
    const malformed = await errorOf(t.caller.area.get({ code: 'gulou' }));
    expect(malformed.code).toBe('BAD_REQUEST');
    const wrongLength = await errorOf(t.caller.area.get({ code: '35010' }));
    expect(wrongLength.code).toBe('BAD_REQUEST');
  });
});

describe('area.search', () => {
  it('finds a community by name and an area by code prefix', async () => {
    const byName = await t.caller.area.search({ q: '军门' });
    expect(byName.areas[0]).toMatchObject({ code: '350102004001', name: '军门社区', level: 'community' });
    expect(byName.areas[0].path).toContain('东街街道');
    const byCode = await t.caller.area.search({ q: '350102004' });
    expect(byCode.areas[0].code).toBe('350102004');
  });

  it('finds a building by its doorplate code', async () => {
    const { rows } = await t.pool.query<{ doorplate: string; id: number }>(`SELECT id, doorplate FROM buildings WHERE grid_code LIKE '350102004001%' ORDER BY id LIMIT 1`);
    const found = await t.caller.area.search({ q: rows[0].doorplate });
    expect(found.buildings.map((b) => b.id)).toContain(rows[0].id);
    // With a point on the building, where the map flies and free parking is sought from.
    const hit = found.buildings.find((b) => b.id === rows[0].id)!;
    const { rows: inside } = await t.pool.query('SELECT ST_Intersects(geom, ST_SetSRID(ST_Point($2, $3), 4326)) AS on FROM buildings WHERE id = $1', [hit.id, ...hit.center]);
    expect(inside[0].on).toBe(true);
  });

  it('rejects an empty query', async () => {
    expect((await errorOf(t.caller.area.search({ q: '  ' }))).code).toBe('BAD_REQUEST');
  });
});

describe('building.byId', () => {
  it('returns the card of a building in 军门社区', async () => {
    const { rows } = await t.pool.query<{ id: number }>(`SELECT id FROM buildings WHERE grid_code LIKE '350102004001%' AND use = 'residential' ORDER BY id LIMIT 1`);
    const b = await t.caller.building.byId({ id: rows[0].id });
    expect(b.address).toContain('军门社区');
    expect(b.doorplate.startsWith('350102004001')).toBe(true);
    expect(b.floors).toBeGreaterThan(0);
    expect(b.population.total).toBe(b.population.age0to14 + b.population.age15to59 + b.population.age60plus);
    expect(b.ancestors.map((a) => a.level)).toEqual(['city', 'district', 'street', 'community', 'grid']);
    expect(b.footprint.type).toBe('Polygon');
    for (const f of b.nearbyFacilities) expect(f.distanceM).toBeLessThanOrEqual(800);
    expect(b.nearbyFacilities.map((f) => f.distanceM)).toEqual([...b.nearbyFacilities.map((f) => f.distanceM)].sort((x, y) => x - y));
  });

  it('answers NOT_FOUND for an unknown id and BAD_REQUEST for a negative one', async () => {
    const missing = await errorOf(t.caller.building.byId({ id: 2_000_000_000 }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain('2000000000');
    expect((await errorOf(t.caller.building.byId({ id: -1 }))).code).toBe('BAD_REQUEST');
  });
});
