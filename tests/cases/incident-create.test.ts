import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, gridPoint, refusalOf as codeOf } from '../helpers';

let t: Awaited<ReturnType<typeof createTestContext>>;
let junmen: [number, number];
beforeAll(async () => {
  t = await createTestContext();
  junmen = await gridPoint(t.pool, '350102004001');
});
afterAll(async () => {
  await t.pool.end();
});

describe('incident.create (operator intake)', () => {
  it('registers a 12345 call in the grid holding its location, with its intake and acceptance logged', async () => {
    const street = await t.callerAs('demo-street');
    const c = await street.incident.create({ typeCode: 'SJ0503', source: 'hotline_12345', description: '市民来电：东街口机动车乱停放', lng: junmen[0], lat: junmen[1], priority: 1 });
    expect(c).toMatchObject({ status: 'registered', version: 1, repeated: false });
    expect(c.caseNo).toMatch(/^FZ\d{8}\d{7,}$/);
    const detail = await street.incident.byId({ id: c.id });
    expect(detail.gridCode.startsWith('350102004001')).toBe(true);
    expect(detail.events.map((e) => `${e.action}:${e.actor}`)).toEqual(['intake:hotline_12345', 'accept:demo-street']);
    expect(detail.sla?.stage).toBe('dispatch');
    expect(detail.allowedActions).toEqual(['merge', 'dispatch']);
    // It can go straight on round the loop.
    const r = await street.incident.act({ id: c.id, version: detail.version, action: 'dispatch' });
    expect(r.departmentCode).toBe('gl-ga');
  });

  it('returns the same case for a retried submission with the same idempotency key, also when sent twice at once', async () => {
    const grid = await t.callerAs('demo-grid');
    const key = `retry-${process.pid}-${Date.now()}`;
    const input = { typeCode: 'SJ0101', source: 'patrol' as const, description: '巡查发现暴露垃圾', lng: junmen[0], lat: junmen[1], idempotencyKey: key };
    const first = await grid.incident.create(input);
    const again = await grid.incident.create(input);
    expect(again).toMatchObject({ id: first.id, caseNo: first.caseNo, repeated: true });
    const key2 = `${key}-b`;
    const [a, b] = await Promise.all([grid.incident.create({ ...input, idempotencyKey: key2 }), grid.incident.create({ ...input, idempotencyKey: key2 })]);
    expect(a.id).toBe(b.id);
    const { rows } = await t.pool.query(`SELECT count(*)::int AS n FROM intake_keys k JOIN incidents i ON i.id = k.incident_id WHERE k.key IN ($1, $2)`, [key, key2]);
    expect(rows[0].n).toBe(2);
  });

  it('refuses locations outside the city or the caller\'s scope, and unknown types, creating nothing', async () => {
    const grid = await t.callerAs('demo-grid');
    expect(await codeOf(grid.incident.create({ typeCode: 'SJ0101', source: 'patrol', description: '海上', lng: 121.5, lat: 25.5 }))).toMatch(/^BAD_REQUEST: lng\/lat: .* not inside any grid/);
    const { rows } = await t.pool.query<{ lng: number; lat: number }>(
      `SELECT ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat FROM areas WHERE level = 'grid' AND code LIKE '350104%' ORDER BY code LIMIT 1`,
    );
    expect(await codeOf(grid.incident.create({ typeCode: 'SJ0101', source: 'patrol', description: '仓山', lng: rows[0].lng, lat: rows[0].lat }))).toMatch(/^FORBIDDEN: .*outside your scope/);
    expect(await codeOf(grid.incident.create({ typeCode: 'SJ9999', source: 'patrol', description: '未知', lng: junmen[0], lat: junmen[1] }))).toMatch(/^BAD_REQUEST: typeCode: no case type SJ9999/);
    expect(await codeOf((await t.callerAs('demo-planner')).incident.create({ typeCode: 'SJ0101', source: 'patrol', description: 'x1', lng: junmen[0], lat: junmen[1] }))).toMatch(/^FORBIDDEN/);
    const made = await t.pool.query(`SELECT count(*)::int AS n FROM incidents WHERE description IN ('海上', '仓山', '未知', 'x1')`);
    expect(made.rows[0].n).toBe(0);
  });
});
