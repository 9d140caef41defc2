/**
 * Who sees residents' cases (issue 14, privacy and access): department handlers only their department's
 * cases everywhere (incidents and alarms tiles, alarm.list, building cards, case photos), planners none of what
 * residents wrote or sent, and refusals that do not name records the caller may not see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, createTestContext, decodeTile, refusalOf, signIn, tileOf, type DecodedFeature, type HttpSession } from '../helpers';
import { submitReport } from '../../api/cases/intake';

let t: Awaited<ReturnType<typeof createTestContext>>;
/** A street of 鼓楼区 that other suites leave alone, and a point in its first grid. */
let street: string;
let point: [number, number];
/** Cases at that point: one assigned to 城管 (demo-dept's department), one to 住建, one not dispatched. */
const cases = { mine: 0, other: 0, waiting: 0 };
const alarms = { mine: 0, other: 0, none: 0 };
let photoOfOther = 0;
/** The device the test's alarms come from. */
let device = 0;
let photoOfMine = 0;
let dept: HttpSession;
let district: HttpSession;
let planner: HttpSession;

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000970485973000003e8000003e801b57b526b0000000d49444154089963f8cfc0f01f00050001ffabce36890000000049454e44ae426082', 'hex');

beforeAll(async () => {
  t = await createTestContext();
  street = (await t.pool.query<{ code: string }>(`SELECT code FROM areas WHERE parent_code = '350102' ORDER BY code OFFSET 2 LIMIT 1`)).rows[0].code;
  const { rows } = await t.pool.query<{ lng: number; lat: number; grid: string }>(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat, code AS grid FROM (SELECT code, ST_PointOnSurface(geom) AS p FROM areas WHERE level = 'grid' AND code LIKE $1 || '%' ORDER BY code LIMIT 1) s`,
    [street],
  );
  point = [rows[0].lng, rows[0].lat];
  const operator = await t.callerAs('demo-district');
  const report = async (label: string) => {
    const r = await submitReport(t.ctx, { typeCode: 'SJ0101', description: `privacy ${label} ${Date.now()}`, lng: point[0], lat: point[1], name: '李四', phone: '13900002222', photo: { contentType: 'image/png', base64: PNG.toString('base64') } }, 'snapshot');
    return (await t.pool.query<{ id: number; version: number }>('SELECT id, version FROM incidents WHERE case_no = $1', [r.caseNo])).rows[0];
  };
  const dispatched = async (label: string, departmentCode: string) => {
    const c = await report(label);
    await operator.incident.act({ id: c.id, version: c.version, action: 'accept' });
    await operator.incident.act({ id: c.id, version: c.version + 1, action: 'dispatch', departmentCode });
    return c.id;
  };
  cases.mine = await dispatched('mine', 'gl-cgj');
  cases.other = await dispatched('other', 'gl-zjj');
  cases.waiting = (await report('waiting')).id;
  const photo = async (id: number) => (await t.pool.query<{ id: number }>('SELECT id::int AS id FROM incident_photos WHERE incident_id = $1 AND bytes IS NOT NULL', [id])).rows[0].id;
  photoOfMine = await photo(cases.mine);
  photoOfOther = await photo(cases.other);
  // Alarms at the same point: one whose case is 城管's, one whose case is 住建's, one that opened no case.
  device = (await t.pool.query<{ id: number }>(`SELECT id FROM devices WHERE grid_code = $1 ORDER BY id LIMIT 1`, [rows[0].grid])).rows[0]?.id
    ?? (await t.pool.query<{ id: number }>(`SELECT id FROM devices WHERE grid_code LIKE $1 || '%' ORDER BY id LIMIT 1`, [street])).rows[0].id;
  const alarm = async (rule: string, incidentId: number | null) =>
    Number((await t.pool.query<{ id: string }>(
      `INSERT INTO alarms (device_id, rule, severity, message, grid_code, first_at, last_at, geom, geom3857, incident_id)
       SELECT d.id, $2, 'major', 'privacy test', d.grid_code, now(), now(), p.g, ST_Transform(p.g, 3857), $5
       FROM devices d, (SELECT ST_SetSRID(ST_Point($3, $4), 4326) AS g) p WHERE d.id = $1 RETURNING id`,
      [device, rule, point[0], point[1], incidentId],
    )).rows[0].id);
  alarms.mine = await alarm('privacy.mine', cases.mine);
  alarms.other = await alarm('privacy.other', cases.other);
  alarms.none = await alarm('privacy.none', null);
  await t.pool.query(`INSERT INTO data_versions (layer, version) VALUES ('alarms', 2) ON CONFLICT (layer) DO UPDATE SET version = data_versions.version + 1`);
  [dept, district, planner] = [await signIn('demo-dept'), await signIn('demo-district'), await signIn('demo-planner')];
});
afterAll(async () => {
  // The test's alarms are closed again (other suites count live alarms).
  await t.pool.query(`UPDATE alarms SET status = 'closed', closed_at = now() WHERE id = ANY ($1)`, [Object.values(alarms)]);
  await t.pool.end();
});

async function tile(layer: string, session: HttpSession, z: number): Promise<{ status: number; features: DecodedFeature[] }> {
  const { x, y } = tileOf(point[0], point[1], z);
  const res = await fetch(`${baseUrl()}/tiles/${layer}/${z}/${x}/${y}.mvt`, { headers: session.headers });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, features: res.status === 200 ? (decodeTile(bytes)[layer]?.features ?? []) : [] };
}

/** Wait past the tile service's data-version poll, so the alarms tiles follow the rows made above. */
const versionsRead = () => new Promise((r) => setTimeout(r, 2200));

describe('department handlers see only their department\'s cases everywhere', () => {
  it('incidents tiles: raw features and low-zoom counts', async () => {
    const ids = (f: DecodedFeature[]) => f.map((x) => x.properties.id as number);
    const mine = await tile('incidents', dept, 15);
    expect(ids(mine.features)).toContain(cases.mine);
    expect(ids(mine.features)).not.toContain(cases.other);
    expect(ids(mine.features)).not.toContain(cases.waiting);
    const { rows } = await t.pool.query<{ id: number; department_code: string | null }>('SELECT id, department_code FROM incidents WHERE id = ANY ($1)', [ids(mine.features)]);
    expect(rows.every((r) => r.department_code === 'gl-cgj')).toBe(true);
    // The district sees all three, in the same tile.
    expect(ids((await tile('incidents', district, 15)).features)).toEqual(expect.arrayContaining([cases.mine, cases.other, cases.waiting]));
    // Aggregates count only the department's cases too.
    const count = async (s: HttpSession) => (await tile('incidents', s, 12)).features.reduce((n, f) => n + (f.properties.count as number), 0);
    const [deptCount, districtCount] = [await count(dept), await count(district)];
    expect(deptCount).toBeGreaterThan(0);
    expect(deptCount).toBeLessThan(districtCount);
  });

  it('alarms tiles and alarm.list: alarms of the department\'s cases only (none that opened no case)', async () => {
    await versionsRead();
    const ids = (f: DecodedFeature[]) => f.map((x) => x.properties.id as number);
    const onTile = ids((await tile('alarms', dept, 15)).features);
    expect(onTile).toContain(alarms.mine);
    expect(onTile).not.toContain(alarms.other);
    expect(onTile).not.toContain(alarms.none);
    expect(ids((await tile('alarms', district, 15)).features)).toEqual(expect.arrayContaining([alarms.mine, alarms.other, alarms.none]));

    const list = await (await t.callerAs('demo-dept')).alarm.list({ areaCode: street, limit: 200 });
    const listed = list.items.map((a) => a.id);
    expect(listed).toContain(alarms.mine);
    expect(listed).not.toContain(alarms.other);
    expect(listed).not.toContain(alarms.none);
    const { rows } = await t.pool.query<{ department_code: string | null }>(
      'SELECT i.department_code FROM alarms a LEFT JOIN incidents i ON i.id = a.incident_id WHERE a.id = ANY ($1)',
      [listed],
    );
    expect(rows.every((r) => r.department_code === 'gl-cgj')).toBe(true);
    expect(list.counts.open + list.counts.acknowledged).toBe(list.total);
    const all = await (await t.callerAs('demo-district')).alarm.list({ areaCode: street, limit: 200 });
    expect(all.items.map((a) => a.id)).toEqual(expect.arrayContaining([alarms.mine, alarms.other, alarms.none]));
  });

  it('device cards list the alarms of the department\'s cases only, with their case numbers', async () => {
    const card = await (await t.callerAs('demo-dept')).device.byId({ id: device });
    const shown = card.alarms.map((a) => a.id);
    expect(shown).toContain(alarms.mine);
    expect(shown).not.toContain(alarms.other);
    expect(shown).not.toContain(alarms.none);
    const otherCaseNo = (await t.pool.query<{ case_no: string }>('SELECT case_no FROM incidents WHERE id = $1', [cases.other])).rows[0].case_no;
    expect(JSON.stringify(card)).not.toContain(otherCaseNo);
    const all = await (await t.callerAs('demo-district')).device.byId({ id: device });
    expect(all.alarms.map((a) => a.id)).toEqual(expect.arrayContaining([alarms.mine, alarms.other, alarms.none]));
  });

  it('case photos: another department\'s are refused without naming the case', async () => {
    const get = (id: number, s: HttpSession) => fetch(`${baseUrl()}/api/photos/${id}`, { headers: s.headers });
    expect((await get(photoOfMine, dept)).status).toBe(200);
    const refused = await get(photoOfOther, dept);
    expect(refused.status).toBe(403);
    const message = (await refused.json()).error as string;
    expect(message).toMatch(/not assigned to your department/);
    expect(message).not.toMatch(/FZ\d/);
    expect((await get(photoOfOther, district)).status).toBe(200);
  });

  it('building cards list only the department\'s recent cases', async () => {
    const { rows } = await t.pool.query<{ id: number }>(
      `SELECT b.id FROM buildings b WHERE ST_DWithin(b.geom::geography, ST_SetSRID(ST_Point($1, $2), 4326)::geography, 100) ORDER BY b.geom <-> ST_SetSRID(ST_Point($1, $2), 4326) LIMIT 1`,
      point,
    );
    if (!rows[0]) return; // no building near the grid's point in this test city
    const card = await (await t.callerAs('demo-dept')).building.byId({ id: rows[0].id });
    const recent = card.recentIncidents.map((i) => i.id);
    expect(recent).not.toContain(cases.other);
    expect(recent).not.toContain(cases.waiting);
    const all = (await (await t.callerAs('demo-district')).building.byId({ id: rows[0].id })).recentIncidents.map((i) => i.id);
    expect(all).toEqual(expect.arrayContaining([cases.other]));
  });
});

describe('planners see no personal data', () => {
  it('a case without its reporters, photos, description or the reporter\'s words', async () => {
    const c = await (await t.callerAs('demo-planner')).incident.byId({ id: cases.mine });
    expect(c.reporters).toEqual([]);
    expect(c.photos).toEqual([]);
    expect(c.description).toBeNull();
    expect(JSON.stringify(c)).not.toMatch(/李四|13900002222|privacy mine/);
    // The district operator sees them (masked).
    const full = await (await t.callerAs('demo-district')).incident.byId({ id: cases.mine });
    expect(full.reporters).toHaveLength(1);
    expect(full.photos).toHaveLength(1);
    expect(full.description).toMatch(/privacy mine/);
  });

  it('no case photo, in scope or not', async () => {
    const res = await fetch(`${baseUrl()}/api/photos/${photoOfMine}`, { headers: planner.headers });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/planner sees no photos/);
  });
});

describe('refusals do not name records the caller may not see', () => {
  it('a case, camera or device outside the scope is refused without its number or code', async () => {
    const streetOperator = await t.callerAs('demo-street'); // 东街街道
    const other = (await t.pool.query<{ id: number; case_no: string }>('SELECT id, case_no FROM incidents WHERE id = $1', [cases.other])).rows[0];
    const byId = await refusalOf(streetOperator.incident.byId({ id: other.id }));
    expect(byId).toMatch(/^FORBIDDEN: the case lies outside your scope 350102004/);
    expect(byId).not.toContain(other.case_no);
    const act = await refusalOf(streetOperator.incident.act({ id: other.id, version: 1, action: 'accept' }));
    expect(act).toMatch(/^FORBIDDEN: .*outside your scope/);
    expect(act).not.toContain(other.case_no);
    const camera = (await t.pool.query<{ id: number; code: string }>(`SELECT id, code FROM cameras WHERE grid_code LIKE $1 || '%' ORDER BY id LIMIT 1`, [street])).rows[0];
    const cam = await refusalOf(streetOperator.camera.byId({ id: camera.id }));
    expect(cam).toMatch(/^FORBIDDEN: the camera lies outside your scope/);
    expect(cam).not.toContain(camera.code);
    const device = (await t.pool.query<{ id: number; code: string }>(`SELECT id, code FROM devices WHERE grid_code LIKE $1 || '%' ORDER BY id LIMIT 1`, [street])).rows[0];
    const dev = await refusalOf(streetOperator.device.byId({ id: device.id }));
    expect(dev).toMatch(/^FORBIDDEN: the device lies outside your scope/);
    expect(dev).not.toContain(device.code);
    // Another department's case: refused without its number.
    const notMine = await refusalOf((await t.callerAs('demo-dept')).incident.byId({ id: other.id }));
    expect(notMine).toMatch(/^FORBIDDEN: the case is not assigned to your department/);
    expect(notMine).not.toContain(other.case_no);
  });
});
