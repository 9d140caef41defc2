/**
 * Sensing the city: view cones, telemetry ingest (bad messages refused, the rest kept), threshold and rate
 * rules, alarm de-duplication, alarms opening cases linked both ways, offline detection, telemetry windows,
 * retention, video events, free parking by road distance, and the HTTP ingest contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, codeOf, createTestContext, postOversize, signIn } from '../helpers';
import { breaches, DEVICE_KINDS, METRICS } from '../../tiles/domain/sensing';
import { ingestTelemetry } from '../../api/sensing/ingest';
import { ingestVideoEvents } from '../../api/sensing/video-events';
import { sensingSweep } from '../../api/sensing/sweep';
import { simulateAlarm, simulateHeartbeats } from '../../api/sensing/simulator';
import { DEMO_INGEST_TOKEN } from '../../api/env';

const AREA = '350102';
const RETENTION = { retentionDays: 30 };
let t: Awaited<ReturnType<typeof createTestContext>>;

/**
 * An online device of a kind in the test district that no test has used: without alarms, and marked as used
 * by an installation date no seeded device has. On a database kept between runs, once every device of the
 * kind has been used, the used ones are recycled: their alarms and old readings (made by earlier runs) go and
 * the mark is lifted.
 */
const USED = '1999-12-31T00:00:00Z';
async function device(kind: string): Promise<{ id: number; code: string; grid_code: string }> {
  const take = () =>
    t.pool.query(
      `UPDATE devices SET installed_at = $3 WHERE id = (
         SELECT id FROM devices d WHERE kind = $1 AND grid_code LIKE $2 || '%' AND status = 'online' AND installed_at <> $3
           AND NOT EXISTS (SELECT 1 FROM alarms a WHERE a.device_id = d.id) ORDER BY id DESC LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id, code, grid_code`,
      [kind, AREA, USED],
    );
  let { rows } = await take();
  if (!rows[0]) {
    await t.pool.query(
      `WITH used AS (UPDATE devices SET installed_at = $3::timestamptz + interval '1 day', status = 'online', last_seen_at = now()
                     WHERE kind = $1 AND grid_code LIKE $2 || '%' AND installed_at = $3 RETURNING id)
       , gone AS (DELETE FROM alarms WHERE device_id IN (SELECT id FROM used))
       -- the window test writes readings 12 days back, before any seeded history
       DELETE FROM readings WHERE device_id IN (SELECT id FROM used) AND at < now() - interval '8 days'`,
      [kind, AREA, USED],
    );
    ({ rows } = await take());
  }
  if (!rows[0]) throw new Error(`no unused ${kind} device left in ${AREA}`);
  return rows[0];
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.pool.end();
});

describe('camera view cones', () => {
  it('is a sector: apex at the camera, as deep as its range, as wide as its field of view, facing its direction', async () => {
    const { rows } = await t.pool.query(
      `SELECT id, direction::float8 AS direction, fov::float8 AS fov, range_m::float8 AS range_m FROM cameras WHERE kind <> 'dome' AND grid_code LIKE $1 || '%' ORDER BY id LIMIT 1`,
      [AREA],
    );
    const cam = rows[0];
    const camera = await t.caller.camera.byId({ id: cam.id });
    const ring = camera.cone.coordinates[0] as [number, number][];
    expect(ring[0]).toEqual(ring.at(-1));
    expect(ring[0][0]).toBeCloseTo(camera.center[0], 6);
    expect(ring[0][1]).toBeCloseTo(camera.center[1], 6);
    const { rows: geo } = await t.pool.query(
      `WITH c AS (SELECT geom, camera_view_cone(geom, direction, fov, range_m) AS cone FROM cameras WHERE id = $1)
       SELECT ST_Area(cone::geography) AS area,
              (SELECT max(ST_Distance(c.geom::geography, (d).geom::geography)) FROM ST_DumpPoints(cone) d) AS reach,
              degrees(ST_Azimuth(geom::geography, ST_Centroid(cone)::geography)) AS bearing, ST_IsValid(cone) AS valid
       FROM c`,
      [cam.id],
    );
    const sector = (cam.fov / 360) * Math.PI * cam.range_m ** 2;
    expect(geo[0].valid).toBe(true);
    expect(geo[0].area / sector).toBeGreaterThan(0.97);
    expect(geo[0].area / sector).toBeLessThanOrEqual(1.001);
    expect(geo[0].reach).toBeCloseTo(cam.range_m, 0);
    const off = Math.abs(((geo[0].bearing - cam.direction + 540) % 360) - 180);
    expect(off).toBeLessThan(1);
  });

  it('serves the camera card with a live view, and the demo frame only to staff whose scope holds the camera', async () => {
    const { rows } = await t.pool.query(`SELECT id, name FROM cameras WHERE status = 'online' AND grid_code LIKE $1 || '%' ORDER BY id LIMIT 1`, [AREA]);
    const card = await t.caller.camera.byId({ id: rows[0].id });
    expect(card.live).toEqual({ type: 'frame', url: `/api/cameras/${rows[0].id}/frame.svg` });
    const anonymous = await fetch(`${baseUrl()}${card.live.url}`);
    expect(anonymous.status).toBe(401);
    const admin = await signIn('demo-admin');
    const res = await fetch(`${baseUrl()}${card.live.url}`, { headers: admin.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    const svg = await res.text();
    expect(svg).toContain(rows[0].name);
    expect(svg).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    const other = await signIn('demo-street2');
    expect((await fetch(`${baseUrl()}${card.live.url}`, { headers: other.headers })).status).toBe(403);
  });
});

describe('alarm rules', () => {
  it('breaks a threshold at the threshold, not below it', () => {
    const at = new Date();
    expect(breaches('smoke', 'smoke', 9.99, at).map((r) => r.id)).toEqual([]);
    expect(breaches('smoke', 'smoke', 10, at).map((r) => r.id)).toEqual(['smoke.detected']);
    expect(breaches('garbage', 'fill', 95, at).map((r) => r.caseType)).toEqual(['SJ0101']);
    expect(breaches('environment', 'rain', 60, at).map((r) => [r.id, r.caseType])).toEqual([['env.rainstorm', undefined]]);
  });

  it('computes a rate per day between readings at least an hour apart', () => {
    const at = new Date('2026-11-23T12:00:00Z');
    const rate = (v: number, prev: number, hoursBefore: number) =>
      breaches('building_safety', 'building_tilt', v, at, { v: prev, at: new Date(at.getTime() - hoursBefore * HOUR).toISOString() }).map((r) => r.id);
    expect(rate(2.3, 2.0, 6)).toEqual(['building.tilt_rate']); // 1.2 ‰ a day
    expect(rate(2.05, 2.0, 6)).toEqual([]); // 0.2 ‰ a day
    expect(rate(2.3, 2.0, 0.5)).toEqual([]); // too close together to tell
    expect(rate(7.5, 7.4, 24)).toEqual(['building.tilt']);
  });
});

describe('telemetry ingest', () => {
  it('opens an alarm and a case for smoke, linked both ways, and counts repeats within the window on the same alarm', async () => {
    const smoke = await device('smoke');
    const first = await ingestTelemetry(t.ctx, { readings: [{ device: smoke.code, at: ago(20 * 60_000), values: { smoke: 18.5 } }] }, RETENTION);
    expect(first.accepted).toBe(1);
    expect(first.alarms).toHaveLength(1);
    const alarm = first.alarms[0];
    expect(alarm).toMatchObject({ rule: 'smoke.detected', severity: 'critical', created: true, occurrences: 1 });
    expect(alarm.incidentId).toBeGreaterThan(0);

    const kase = await t.caller.incident.byId({ id: alarm.incidentId! });
    expect(kase.typeCode).toBe('SJ0405');
    expect(kase.source).toBe('iot');
    expect(kase.status).toBe('reported');
    expect(kase.priority).toBe(1);
    expect(kase.alarm).toMatchObject({ id: alarm.id, rule: 'smoke.detected', source: { type: 'device', code: smoke.code } });
    const { rows } = await t.pool.query('SELECT incident_id FROM alarms WHERE id = $1', [alarm.id]);
    expect(rows[0].incident_id).toBe(alarm.incidentId);

    // Ten minutes later, and again: the same alarm, no new case.
    const again = await ingestTelemetry(t.ctx, { readings: [{ device: smoke.code, at: ago(10 * 60_000), values: { smoke: 25 } }, { device: smoke.code, values: { smoke: 30 } }] }, RETENTION);
    expect(again.alarms.map((a) => [a.id, a.created])).toEqual([[alarm.id, false], [alarm.id, false]]);
    const stored = (await t.pool.query('SELECT occurrences, value FROM alarms WHERE id = $1', [alarm.id])).rows[0];
    expect(stored.occurrences).toBe(3);
    expect(stored.value).toBe(30);
    const cases = await t.pool.query(`SELECT count(*)::int AS n FROM alarms WHERE device_id = $1 AND incident_id IS NOT NULL`, [smoke.id]);
    expect(cases.rows[0].n).toBe(1);
    const device2 = await t.caller.device.byId({ id: smoke.id });
    expect(device2.latest).toEqual([{ metric: 'smoke', unit: '%/m', value: 30, at: expect.any(String) }]);
    expect(device2.alarms[0]).toMatchObject({ id: alarm.id, occurrences: 3, incidentId: alarm.incidentId });
    // The building card lists its detector, flagged while the alarm is live.
    const building = await t.caller.building.byId({ id: device2.building!.id });
    expect(building.devices).toContainEqual({ id: smoke.id, code: smoke.code, kind: 'smoke', status: 'online', alarm: true });
  });

  it('raises a new alarm once the de-duplication window has passed', async () => {
    const bin = await device('garbage');
    const window = DEVICE_KINDS.garbage.rules[0].dedupMinutes * 60_000;
    const old = await ingestTelemetry(t.ctx, { readings: [{ device: bin.code, at: ago(window + 2 * HOUR), values: { fill: 95 } }] }, RETENTION);
    const fresh = await ingestTelemetry(t.ctx, { readings: [{ device: bin.code, at: ago(HOUR), values: { fill: 96 } }] }, RETENTION);
    expect(old.alarms[0].created).toBe(true);
    expect(fresh.alarms[0].created).toBe(true);
    expect(fresh.alarms[0].id).not.toBe(old.alarms[0].id);
    expect(fresh.alarms[0].incidentId).not.toBe(old.alarms[0].incidentId);
  });

  it('opens no case for rules without a case type, and none for readings below every threshold', async () => {
    const env = await device('environment');
    const r = await ingestTelemetry(t.ctx, { readings: [{ device: env.code, values: { rain: 62, pm25: 40, noise: 50 } }] }, RETENTION);
    expect(r.alarms.map((a) => [a.rule, a.incidentId])).toEqual([['env.rainstorm', null]]);
    const quiet = await ingestTelemetry(t.ctx, { readings: [{ device: (await device('manhole')).code, values: { tilt: 3 } }] }, RETENTION);
    expect(quiet.alarms).toEqual([]);
    expect(quiet.readings).toBe(1);
  });

  it('applies a rate rule across batches, from the value the device last reported', async () => {
    const house = await device('building_safety');
    // From a clean slate: the seeded last value is newer than the readings below.
    await t.pool.query(`UPDATE devices SET last_values = '{}' WHERE id = $1`, [house.id]);
    await ingestTelemetry(t.ctx, { readings: [{ device: house.code, at: ago(7 * HOUR), values: { building_tilt: 2.0, crack: 0.3 } }] }, RETENTION);
    const r = await ingestTelemetry(t.ctx, { readings: [{ device: house.code, at: ago(HOUR), values: { building_tilt: 2.4, crack: 0.3 } }] }, RETENTION);
    expect(r.alarms.map((a) => a.rule)).toEqual(['building.tilt_rate']);
    expect(r.alarms[0].incidentId).toBeGreaterThan(0);
  });

  it('keeps a re-sent batch once', async () => {
    const lamp = await device('lamp');
    const batch = { readings: [{ device: lamp.code, at: ago(30 * 60_000), values: { power: 140, lamp_fault: 0 } }] };
    expect((await ingestTelemetry(t.ctx, batch, RETENTION)).readings).toBe(2);
    const again = await ingestTelemetry(t.ctx, batch, RETENTION);
    expect([again.accepted, again.readings, again.duplicates]).toEqual([1, 0, 2]);
  });

  it('takes parking occupancy from the lot sensor', async () => {
    const sensor = await device('parking');
    const lot = (await t.pool.query('SELECT p.id, p.capacity FROM parking p JOIN devices d ON d.parking_id = p.id WHERE d.id = $1', [sensor.id])).rows[0];
    await ingestTelemetry(t.ctx, { readings: [{ device: sensor.code, values: { occupied: lot.capacity - 3 } }] }, RETENTION);
    const card = await t.caller.parking.byId({ id: lot.id });
    expect(card.free).toBe(3);
    expect(card.history.length).toBeGreaterThan(0);
    const over = await ingestTelemetry(t.ctx, { readings: [{ device: sensor.code, values: { occupied: lot.capacity + 1 } }] }, RETENTION);
    expect(over.rejected[0].error).toMatch(new RegExp(`occupied: ${lot.capacity + 1} is outside 0–${lot.capacity}`));
  });
});

describe('POST /api/telemetry', () => {
  const post = (body: unknown, token: string | null = DEMO_INGEST_TOKEN, raw = false) =>
    fetch(`${baseUrl()}/api/telemetry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: raw ? (body as string) : JSON.stringify(body),
    });

  it('refuses bad messages with a reason each and keeps the valid rest', async () => {
    const [a, b] = [await device('fire'), await device('fire')];
    const future = new Date(Date.now() + 10 * 60_000).toISOString();
    const now = new Date(Math.floor(Date.now() / 1000) * 1000 - 5000).toISOString();
    const res = await post({
      readings: [
        { device: a.code, at: now, values: { temperature: 24.5 } },
        { device: 'NOPE00000000', values: { temperature: 20 } },
        { device: a.code, values: { temperature: 400 } },
        { device: b.code, at: future, values: { temperature: 20 } },
        { values: { temperature: 20 } },
        { device: b.code, values: { fill: 20 } },
        { device: b.code, at: 'yesterday', values: { temperature: 20 } },
        { device: b.code, at: ago(40 * 86_400_000), values: { temperature: 20 } },
        { device: b.code, values: { temperature: 'hot' } },
        { device: b.code, at: now, values: { temperature: 21 } },
      ],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toBe(2);
    expect(body.readings).toBe(2);
    const reasons = Object.fromEntries(body.rejected.map((r: { index: number; error: string }) => [r.index, r.error]));
    expect(Object.keys(reasons).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(reasons[1]).toMatch(/no device NOPE00000000/);
    expect(reasons[2]).toMatch(/temperature: 400 is outside -40–150/);
    expect(reasons[3]).toMatch(/in the future/);
    expect(reasons[4]).toMatch(/device/);
    expect(reasons[5]).toMatch(/reports temperature, not fill/);
    expect(reasons[6]).toMatch(/at: must be an ISO 8601 time/);
    expect(reasons[7]).toMatch(/older than the 30 days/);
    expect(reasons[8]).toMatch(/values\.temperature/);
    const kept = await t.pool.query(`SELECT device_id, value FROM readings WHERE device_id = ANY($1::int[]) AND at = $2 ORDER BY device_id`, [[a.id, b.id], now]);
    expect(kept.rows.map((r) => [r.device_id, r.value])).toEqual([[a.id, 24.5], [b.id, 21]].sort((x, y) => x[0] - y[0]));
  });

  it('answers malformed batches, missing tokens and oversize bodies with a 4xx naming the problem', async () => {
    const cases: [Promise<Response>, number, RegExp][] = [
      [post('{"readings": [', DEMO_INGEST_TOKEN, true), 400, /JSON/i],
      [post({ readings: 'all of them' }), 400, /readings/],
      [post({ readings: [] }), 400, /readings is empty/],
      [post([{ device: 'x' }]), 400, /JSON object/],
      [post({ readings: [{ device: 'x', values: {} }] }, null), 401, /Authorization: Bearer/],
      [post({ readings: [{ device: 'x', values: {} }] }, 'wrong-token-wrong-token'), 401, /wrong ingest token/],
      [post({ readings: [{ device: 'NOPE', values: {} }] }), 422, /no device NOPE/],
      [post({ readings: Array.from({ length: 5001 }, () => ({ device: 'x' })) }), 400, /at most 5000/],
    ];
    for (const [p, status, message] of cases) {
      const res = await p;
      const text = await res.text();
      expect(res.status, text.slice(0, 200)).toBe(status);
      expect(text).toMatch(message);
    }
    const huge = await postOversize('/api/telemetry', 5 * 1024 * 1024, { authorization: `Bearer ${DEMO_INGEST_TOKEN}` });
    expect(huge.status, huge.text).toBe(413);
    expect(huge.text).toMatch(/too large/i);
  });
});

describe('video analytics', () => {
  it('turns a confident event into an alarm and a video case, and ignores an unsure one', async () => {
    const { rows } = await t.pool.query(`SELECT id, code FROM cameras WHERE grid_code LIKE $1 || '%' ORDER BY id DESC LIMIT 1`, [AREA]);
    const r = await ingestVideoEvents(t.ctx, { events: [{ camera: rows[0].code, kind: 'illegal_parking', confidence: 0.91 }, { camera: rows[0].code, kind: 'crowding', confidence: 0.2 }] }, RETENTION);
    expect([r.accepted, r.ignored]).toEqual([2, 1]);
    expect(r.alarms).toHaveLength(1);
    const kase = await t.caller.incident.byId({ id: r.alarms[0].incidentId! });
    expect([kase.typeCode, kase.source]).toEqual(['SJ0503', 'video']);
    expect(kase.alarm?.source).toEqual({ type: 'camera', id: rows[0].id, code: rows[0].code });
    const card = await t.caller.camera.byId({ id: rows[0].id });
    expect(card.alarms[0]).toMatchObject({ rule: 'video.illegal_parking', caseNo: kase.caseNo });
  });
});

describe('offline detection and the sensing sweep', () => {
  it('marks devices offline after three missed heartbeats, alarms only recent silences, and closes the alarm when the device reports', async () => {
    const [recent, long, fine] = [await device('gate'), await device('gate'), await device('gate')];
    const now = new Date();
    await t.pool.query(`UPDATE devices SET last_seen_at = $2 WHERE id = $1`, [recent.id, new Date(now.getTime() - 3.5 * HOUR)]);
    await t.pool.query(`UPDATE devices SET last_seen_at = $2 WHERE id = $1`, [long.id, new Date(now.getTime() - 50 * HOUR)]);
    await t.pool.query(`UPDATE devices SET last_seen_at = $2 WHERE id = $1`, [fine.id, new Date(now.getTime() - 2.5 * HOUR)]);
    const sweep = await sensingSweep(t.ctx, { ...RETENTION, now });
    expect(sweep.offline).toBeGreaterThanOrEqual(2);
    const status = async (id: number) => (await t.pool.query('SELECT status FROM devices WHERE id = $1', [id])).rows[0].status;
    expect([await status(recent.id), await status(long.id), await status(fine.id)]).toEqual(['offline', 'offline', 'online']);
    const alarms = async (id: number) => (await t.pool.query(`SELECT status FROM alarms WHERE device_id = $1 AND rule = 'offline'`, [id])).rows.map((r) => r.status);
    expect(await alarms(recent.id)).toEqual(['open']);
    expect(await alarms(long.id)).toEqual([]);
    // A second sweep raises nothing new.
    await sensingSweep(t.ctx, { ...RETENTION, now });
    expect(await alarms(recent.id)).toEqual(['open']);
    // A heartbeat brings it back.
    await ingestTelemetry(t.ctx, { readings: [{ device: recent.code }] }, RETENTION);
    expect(await status(recent.id)).toBe('online');
    expect(await alarms(recent.id)).toEqual(['closed']);
  });

  it('closes an alarm when its case closes, and drops telemetry partitions past retention', async () => {
    const bin = await device('garbage');
    const r = await ingestTelemetry(t.ctx, { readings: [{ device: bin.code, values: { fill: 97 } }] }, RETENTION);
    await t.pool.query(`UPDATE incidents SET status = 'closed', closed_at = now() WHERE id = $1`, [r.alarms[0].incidentId]);
    await t.pool.query(`SELECT ensure_reading_partitions((now() - interval '45 days')::date, (now() - interval '44 days')::date)`);
    const sweep = await sensingSweep(t.ctx, RETENTION);
    expect(sweep.closed).toBeGreaterThanOrEqual(1);
    expect(sweep.dropped).toBeGreaterThanOrEqual(2);
    expect((await t.pool.query('SELECT status FROM alarms WHERE id = $1', [r.alarms[0].id])).rows[0].status).toBe('closed');
    const left = await t.pool.query(
      `SELECT count(*)::int AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'readings'::regclass AND c.relname < 'readings_' || to_char(now() - interval '30 days', 'YYYYMMDD')`,
    );
    expect(left.rows[0].n).toBe(0);
  });
});

describe('device telemetry', () => {
  it('counts readings in (end − window, end]: the start edge out, the end edge in', async () => {
    const env = await device('environment');
    const end = new Date(Math.floor((Date.now() - 12 * 86_400_000) / 1000) * 1000);
    const at = (ms: number) => new Date(end.getTime() + ms).toISOString();
    const day = 86_400_000;
    const r = await ingestTelemetry(t.ctx, {
      readings: [
        { device: env.code, at: at(-day - 1000), values: { pm25: 10 } },
        { device: env.code, at: at(-day), values: { pm25: 20 } },
        { device: env.code, at: at(-day + 1000), values: { pm25: 30 } },
        { device: env.code, at: at(-HOUR), values: { pm25: 40 } },
        { device: env.code, at: at(0), values: { pm25: 50 } },
        { device: env.code, at: at(1000), values: { pm25: 60 } },
      ],
    }, RETENTION);
    expect(r.readings).toBe(6);
    const series = await t.caller.device.telemetry({ id: env.id, window: '24h', end: end.toISOString() });
    expect(series.readings).toBe(3);
    const pm = series.series.find((s) => s.metric === 'pm25')!;
    expect(pm.points.flatMap((p) => [p.min, p.max]).sort((x, y) => x - y)).toEqual([30, 30, 40, 40, 50, 50]);
    expect(series.series.map((s) => s.metric)).toEqual(DEVICE_KINDS.environment.metrics);
    const week = await t.caller.device.telemetry({ id: env.id, window: '7d', end: at(1000) });
    expect(week.bucketSeconds).toBe(3600);
    expect(week.readings).toBe(6);
  });

  it('shows last 24 hours of seeded history and refuses devices outside the caller\'s scope', async () => {
    const lamp = await device('lamp');
    const series = await t.caller.device.telemetry({ id: lamp.id });
    expect(series.series.find((s) => s.metric === 'power')!.points.length).toBeGreaterThan(12);
    const other = await t.callerAs('demo-street2');
    expect(await codeOf(other.device.telemetry({ id: lamp.id }))).toBe('FORBIDDEN');
    expect(await codeOf(t.caller.device.byId({ id: 2_000_000_000 }))).toBe('NOT_FOUND');
    expect(METRICS.power.unit).toBe('W');
  });
});

describe('alarms for operators', () => {
  it('lists an area\'s live alarms with their sources and cases, and acknowledges once', async () => {
    const manhole = await device('manhole');
    const r = await ingestTelemetry(t.ctx, { readings: [{ device: manhole.code, values: { tilt: 40 } }] }, RETENTION);
    const list = await t.caller.alarm.list({ areaCode: AREA });
    const item = list.items.find((a) => a.id === r.alarms[0].id)!;
    expect(item).toMatchObject({ rule: 'manhole.open', severity: 'major', status: 'open', source: { type: 'device', code: manhole.code } });
    expect(item.incident?.id).toBe(r.alarms[0].incidentId);
    expect(list.counts.open).toBeGreaterThan(0);
    const operator = await t.callerAs('demo-district');
    await operator.alarm.ack({ id: item.id, note: 'on it' });
    expect(await codeOf(operator.alarm.ack({ id: item.id }))).toBe('CONFLICT');
    const after = await t.caller.alarm.list({ areaCode: AREA, status: 'acknowledged' });
    expect(after.items.find((a) => a.id === item.id)?.acknowledgedBy).toBe('demo-district');
    const figures = (await t.caller.area.get({ code: AREA })).figures;
    expect(figures.alarmsOpen).toBeGreaterThan(0);
    expect(figures.devicesOnline).toBeLessThanOrEqual(figures.devicesTotal);
    expect(figures.devicesTotal).toBeGreaterThan(0);
  });
});

describe('free parking nearby', () => {
  it('orders lots with free spaces by road distance and draws the route along the roads', async () => {
    const { rows } = await t.pool.query(`SELECT ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat FROM areas WHERE code = $1`, [AREA]);
    const origin: [number, number] = [rows[0].lng, rows[0].lat];
    const { results } = await t.caller.parking.nearestFree({ lng: origin[0], lat: origin[1], limit: 5 });
    expect(results.length).toBe(5);
    for (let i = 1; i < results.length; i++) expect(results[i].distanceM).toBeGreaterThanOrEqual(results[i - 1].distanceM);
    for (const lot of results) {
      expect(lot.free).toBeGreaterThan(0);
      expect(lot.distanceM).toBeGreaterThanOrEqual(lot.straightM - 1);
      expect(lot.route[0]).toEqual(origin);
      expect(lot.route.at(-1)).toEqual(lot.center);
      // Between the walk to the nearest road and the walk from the road to the lot, the route follows roads.
      const inner = lot.route.slice(1, -1);
      const { rows: off } = await t.pool.query(
        `SELECT count(*)::int AS n FROM json_array_elements($1::json) p
         WHERE NOT EXISTS (SELECT 1 FROM roads r WHERE ST_DWithin(r.geom::geography, ST_SetSRID(ST_Point((p ->> 0)::float8, (p ->> 1)::float8), 4326)::geography, 2))`,
        [JSON.stringify(inner)],
      );
      expect(off[0].n).toBe(0);
    }
    // A full lot is not offered.
    const full = results[0];
    await t.pool.query('UPDATE parking SET occupied = capacity WHERE id = $1', [full.id]);
    try {
      const again = await t.caller.parking.nearestFree({ lng: origin[0], lat: origin[1], limit: 5 });
      expect(again.results.map((r) => r.id)).not.toContain(full.id);
    } finally {
      await t.pool.query('UPDATE parking SET occupied = capacity - $2 WHERE id = $1', [full.id, full.free]);
    }
  });

  it('refuses a point far from any road with a clear message', async () => {
    const anon = await t.callerAs(null);
    await expect(anon.parking.nearestFree({ lng: 120.5, lat: 25.2 })).rejects.toThrow(/from any road|no free parking/);
    await expect(anon.parking.nearestFree({ lng: 200, lat: 26 } as never)).rejects.toThrow(/lng/);
  });
});

describe('the sensor simulator', () => {
  it('sends due heartbeats through ingest and raises alarms that open cases', async () => {
    const due = await device('fire');
    await t.pool.query(`UPDATE devices SET last_seen_at = now() - interval '2 hours' WHERE id = $1`, [due.id]);
    const sent = await simulateHeartbeats(t.ctx, 30, 50);
    expect(sent).toBeGreaterThan(0);
    const alarms = await simulateAlarm(t.ctx, 30, 'smoke');
    expect(alarms[0]).toMatchObject({ rule: 'smoke.detected', created: true });
    expect(alarms[0].caseNo).toMatch(/^FZ\d{15}$/);
  });
});
