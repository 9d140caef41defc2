import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, createTestContext, decodeTile, refusalOf as codeOf, signIn, tileOf } from '../helpers';

let t: Awaited<ReturnType<typeof createTestContext>>;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.pool.end();
});

/**
 * A case reset to a state for the test: the n-th case of 军门社区 (demo-grid's community) when the grid
 * member takes part, else the n-th of the rest of 东街街道 (demo-street's street).
 */
async function freshCase(n: number, status: string, type = 'SJ0101', junmen = false): Promise<{ id: number; version: number }> {
  const { rows } = await t.pool.query<{ id: number; version: number }>(
    `UPDATE incidents SET status = $2, type_code = $3, level = 'community', call_up_pending = false, department_code = NULL, rating = NULL, closed_at = NULL
     WHERE id = (SELECT id FROM incidents WHERE ($4 AND grid_code LIKE '350102004001%') OR (NOT $4 AND grid_code LIKE '350102004%' AND grid_code NOT LIKE '350102004001%')
                 ORDER BY id OFFSET $1 LIMIT 1)
     RETURNING id, version`,
    [n, status, type, junmen],
  );
  if (!rows[0]) throw new Error(`the test city has no case number ${n} there`);
  return rows[0];
}

describe('incident.act', () => {
  it('takes a case round the closed loop across accounts, logging every step and auditing it', async () => {
    const street = await t.callerAs('demo-street');
    const dept = await t.callerAs('demo-dept');
    const grid = await t.callerAs('demo-grid');
    const c = await freshCase(0, 'registered', 'SJ0101', true);
    const started = (await t.pool.query<{ now: Date }>('SELECT now() AS now')).rows[0].now;
    // Dispatch without naming a unit: the suggestion for exposed garbage in 鼓楼区 is the urban-management bureau.
    let r = await street.incident.act({ id: c.id, version: c.version, action: 'dispatch' });
    expect(r).toMatchObject({ status: 'dispatched', departmentCode: 'gl-cgj', version: c.version + 1 });
    r = await dept.incident.act({ id: c.id, version: r.version, action: 'take' });
    expect(r.allowedActions).toEqual(['report']);
    // The grid member may not report for the department.
    expect(await codeOf(grid.incident.act({ id: c.id, version: r.version, action: 'report', note: '已清理' }))).toMatch(/^FORBIDDEN: .*assigned to gl-cgj/);
    expect(await codeOf(dept.incident.act({ id: c.id, version: r.version, action: 'report' }))).toMatch(/^BAD_REQUEST: note/);
    r = await dept.incident.act({ id: c.id, version: r.version, action: 'report', note: '垃圾已清运' });
    r = await grid.incident.act({ id: c.id, version: r.version, action: 'verify_fail', reason: '仍有残留' });
    expect(r.status).toBe('handling');
    r = await dept.incident.act({ id: c.id, version: r.version, action: 'report', note: '残留已清理' });
    r = await grid.incident.act({ id: c.id, version: r.version, action: 'verify_pass' });
    expect(r.status).toBe('closed');
    await street.incident.act({ id: c.id, version: r.version, action: 'rate', rating: 5 });
    const detail = await street.incident.byId({ id: c.id });
    expect(detail.rating).toBe(5);
    expect(detail.closedAt).not.toBeNull();
    expect(detail.events.slice(-7).map((e) => `${e.action}:${e.actor}`)).toEqual([
      'dispatch:demo-street', 'take:demo-dept', 'report:demo-dept', 'verify_fail:demo-grid', 'report:demo-dept', 'verify_pass:demo-grid', 'rate:demo-street',
    ]);
    expect(detail.events.find((e) => e.action === 'verify_fail')?.note).toBe('仍有残留');
    const audit = await t.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'incident.act' AND target_id = $1 AND at >= $2`, [String(c.id), started]);
    expect(audit.rows[0].n).toBe(7);
  });

  it('refuses a stale version, so two operators cannot both dispatch one case', async () => {
    const district = await t.callerAs('demo-district');
    const street = await t.callerAs('demo-street');
    const c = await freshCase(1, 'registered');
    const started = (await t.pool.query<{ now: Date }>('SELECT now() AS now')).rows[0].now;
    const results = await Promise.all([
      codeOf(district.incident.act({ id: c.id, version: c.version, action: 'dispatch', departmentCode: 'gl-cgj' })),
      codeOf(street.incident.act({ id: c.id, version: c.version, action: 'dispatch', departmentCode: 'gl-sw' })),
    ]);
    expect(results.filter((x) => x === 'ok')).toHaveLength(1);
    expect(results.find((x) => x !== 'ok')).toMatch(/^CONFLICT: case .* changed since you loaded it \(your version \d+, now \d+\)/);
    const events = await t.pool.query(`SELECT count(*)::int AS n FROM incident_events WHERE incident_id = $1 AND action = 'dispatch' AND at >= $2`, [c.id, started]);
    expect(events.rows[0].n).toBe(1);
  });

  it('names the current status and the allowed actions when a step does not fit', async () => {
    const street = await t.callerAs('demo-street');
    const c = await freshCase(2, 'registered');
    expect(await codeOf(street.incident.act({ id: c.id, version: c.version, action: 'verify_pass' }))).toMatch(
      /^PRECONDITION_FAILED: case .*: cannot verify_pass a case that is registered; allowed now: merge, dispatch$/,
    );
    expect(await codeOf((await t.callerAs('demo-planner')).incident.act({ id: c.id, version: c.version, action: 'dispatch' }))).toMatch(/^FORBIDDEN: the role planner may not use incident.act/);
    expect(await codeOf(street.incident.act({ id: c.id, version: c.version, action: 'dispatch', departmentCode: 'no-such' }))).toMatch(/^BAD_REQUEST: departmentCode: no department no-such/);
    // Nothing changed.
    const after = await t.pool.query(`SELECT status, version FROM incidents WHERE id = $1`, [c.id]);
    expect(after.rows[0]).toEqual({ status: 'registered', version: c.version });
  });

  it('calls a case up from the community to the street, which acknowledges it', async () => {
    const grid = await t.callerAs('demo-grid');
    const street = await t.callerAs('demo-street');
    const c = await freshCase(1, 'registered', 'SJ0101', true);
    let r = await grid.incident.act({ id: c.id, version: c.version, action: 'call_up', reason: '涉及多个部门，社区无法处置' });
    expect(r).toMatchObject({ level: 'street', callUpPending: true });
    expect(r.allowedActions).toEqual([]);
    const seen = await street.incident.byId({ id: c.id });
    expect(seen.allowedActions).toContain('acknowledge');
    r = await street.incident.act({ id: c.id, version: r.version, action: 'acknowledge' });
    expect(r).toMatchObject({ level: 'street', callUpPending: false });
    const detail = await street.incident.byId({ id: c.id });
    expect(detail.events.slice(-2).map((e) => e.action)).toEqual(['call_up', 'acknowledge']);
  });

  it('merges a duplicate report into a live case of the same type, and only such', async () => {
    const street = await t.callerAs('demo-street');
    const a = await freshCase(4, 'registered');
    const b = await freshCase(5, 'reported');
    const other = await freshCase(6, 'registered', 'SJ0501');
    expect(await codeOf(street.incident.act({ id: b.id, version: b.version, action: 'merge', intoId: other.id }))).toMatch(/another type/);
    expect(await codeOf(street.incident.act({ id: b.id, version: b.version, action: 'merge', intoId: b.id }))).toMatch(/into itself/);
    const r = await street.incident.act({ id: b.id, version: b.version, action: 'merge', intoId: a.id });
    expect(r.status).toBe('merged');
    const detail = await street.incident.byId({ id: b.id });
    expect(detail.sla).toBeNull();
  });

  it('finds duplicate reports of the same problem: same type, nearby, close in time, still live', async () => {
    const street = await t.callerAs('demo-street');
    const a = await freshCase(8, 'registered');
    const b = await freshCase(9, 'reported');
    const far = await freshCase(10, 'reported');
    const otherType = await freshCase(11, 'reported', 'SJ0501');
    const closed = await freshCase(12, 'closed');
    // b and the others sit 30 m east of a, an hour later; far is 2 km away.
    await t.pool.query(
      `UPDATE incidents o SET geom = ST_Translate(a.geom, CASE WHEN o.id = $3 THEN 0.02 ELSE 0.0003 END, 0),
              reported_at = a.reported_at + interval '1 hour'
       FROM incidents a WHERE a.id = $1 AND o.id = ANY ($2)`,
      [a.id, [b.id, far.id, otherType.id, closed.id], far.id],
    );
    await t.pool.query(`UPDATE incidents SET geom3857 = ST_Transform(geom, 3857) WHERE id = ANY ($1)`, [[b.id, far.id, otherType.id, closed.id]]);
    const found = await street.incident.duplicates({ id: a.id });
    expect(found.map((d) => d.id)).toContain(b.id);
    expect(found.map((d) => d.id)).not.toContain(far.id);
    expect(found.map((d) => d.id)).not.toContain(otherType.id);
    expect(found.map((d) => d.id)).not.toContain(closed.id);
    const dup = found.find((d) => d.id === b.id)!;
    expect(dup.distanceM).toBeGreaterThan(20);
    expect(dup.distanceM).toBeLessThan(40);
    expect(dup.minutesApart).toBe(60);
    const merged = await street.incident.act({ id: b.id, version: b.version, action: 'merge', intoId: a.id });
    expect(merged.status).toBe('merged');
    expect((await street.incident.duplicates({ id: a.id })).map((d) => d.id)).not.toContain(b.id);
  });

  it('makes the server draw the case anew in the incidents tiles, also when the change came from elsewhere', async () => {
    const c = await freshCase(7, 'registered');
    const { rows } = await t.pool.query<{ lng: number; lat: number }>('SELECT ST_X(geom) AS lng, ST_Y(geom) AS lat FROM incidents WHERE id = $1', [c.id]);
    const { z, x, y } = tileOf(rows[0].lng, rows[0].lat, 16);
    const admin = await signIn('demo-admin');
    const statusInTile = async () => {
      const res = await fetch(`${baseUrl()}/tiles/incidents/${z}/${x}/${y}.mvt`, { headers: { cookie: admin.cookie } });
      const tile = decodeTile(new Uint8Array(await res.arrayBuffer()));
      return tile.incidents?.features.find((f) => f.properties.id === c.id)?.properties.status;
    };
    expect(await statusInTile()).toBe('registered');
    // Acted on in this process (as another API process would): the server learns it from the change feed.
    await (await t.callerAs('demo-street')).incident.act({ id: c.id, version: c.version, action: 'dispatch' });
    await expect.poll(statusInTile, { timeout: 15_000 }).toBe('dispatched');
  });
});
