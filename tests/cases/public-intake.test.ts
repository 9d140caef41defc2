/**
 * Residents' reports: the 随手拍 form (tracking number and token, photo limits and metadata, idempotency,
 * address lookup), the tracking page and rating (the token proves the reporter), merged reports with several
 * reporters, and Open311 GeoReport v2 (no photos in public listings).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import sharp from 'sharp';
import { baseUrl, createTestContext, gridPoint, postOversize } from '../helpers';
import { throttleReports } from '../../api/cases/intake';

let t: Awaited<ReturnType<typeof createTestContext>>;
let junmen: [number, number];
let address: string;
beforeAll(async () => {
  t = await createTestContext();
  junmen = await gridPoint(t.pool, '350102004001');
  address = (await t.pool.query(`SELECT address FROM buildings WHERE grid_code LIKE '350102004%' ORDER BY id LIMIT 1`)).rows[0].address;
});
afterAll(async () => {
  await t.pool.end();
});

/** A real 1×1 PNG (with a pHYs chunk): photos are decoded and encoded again, so they must be images. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000970485973000003e8000003e801b57b526b0000000d49444154089963f8cfc0f01f00050001ffabce36890000000049454e44ae426082', 'hex');

/** A JPEG as a phone writes it: EXIF with the camera, the time and the GPS position of the place (and home). */
async function jpegWithExif(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'SecretPhone 12', Software: 'exif-leak-test' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '26/1 5/1 3/1', GPSLongitudeRef: 'E', GPSLongitude: '119/1 18/1 2/1' },
    })
    .toBuffer();
}

const get = (path: string) => fetch(`${baseUrl()}${path}`);

async function post(path: string, body: unknown) {
  const res = await fetch(`${baseUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function countByDescription(d: string): Promise<number> {
  return (await t.pool.query(`SELECT count(*)::int AS n FROM incident_reporters WHERE description = $1`, [d])).rows[0].n;
}

/** Move a case round the loop to closed, as operators and the department would. */
async function close(id: number) {
  const district = await t.callerAs('demo-district');
  const dept = await t.callerAs('demo-dept');
  const v = async () => (await t.pool.query('SELECT version FROM incidents WHERE id = $1', [id])).rows[0].version as number;
  await district.incident.act({ id, version: await v(), action: 'accept' });
  await district.incident.act({ id, version: await v(), action: 'dispatch', departmentCode: 'gl-cgj' });
  await dept.incident.act({ id, version: await v(), action: 'take' });
  await dept.incident.act({ id, version: await v(), action: 'report', note: '已清理' });
  await district.incident.act({ id, version: await v(), action: 'verify_pass' });
}

describe('随手拍 public reports', () => {
  it('registers a report with a photo and returns a tracking number and token; the reporter follows it and rates it', async () => {
    const description = `随手拍 测试 ${Date.now()}`;
    const r = await post('/api/reports', {
      typeCode: 'SJ0101', description, lng: junmen[0], lat: junmen[1], name: '张小明', phone: '13812345678',
      photo: { contentType: 'image/png', base64: PNG.toString('base64') },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'reported', repeated: false });
    expect(r.body.trackingNo).toMatch(/^R[0-9A-Z]{10}$/);
    expect(r.body.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(Date.parse(r.body.expectedAt)).toBeGreaterThan(Date.now());
    const { trackingNo, token } = r.body as { trackingNo: string; token: string };
    // Only the token's hash is stored.
    const stored = (await t.pool.query('SELECT token_hash FROM incident_reporters WHERE tracking_no = $1', [trackingNo])).rows[0].token_hash as Buffer;
    expect(stored.length).toBe(32);
    expect(stored.toString('latin1')).not.toContain(token);

    // The photo is the reporter's: the tracking number alone (public in Open311) does not open it.
    const bare = await get(`/api/reports/${trackingNo}/photo`);
    expect(bare.status).toBe(403);
    expect((await bare.json()).error).toMatch(/needs the token of report .*tracking link/);
    expect((await get(`/api/reports/${trackingNo}/photo?token=${'x'.repeat(32)}`)).status).toBe(403);
    const photo = await get(`/api/reports/${trackingNo}/photo?token=${token}`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(photo.headers.get('cache-control')).toMatch(/no-store/);
    const bytes = Buffer.from(await photo.arrayBuffer());
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'png', width: 1, height: 1 });

    // Anyone may follow it, without the photo; with the token, as its reporter.
    const tracked = await (await get(`/api/reports/${trackingNo}`)).json();
    expect(tracked).toMatchObject({ trackingNo, caseNo: r.body.caseNo, status: 'reported', open: true, description, photo: false, reporter: false, canRate: false });
    expect(JSON.stringify(tracked)).not.toMatch(/张小明|13812345678|demo-/);
    expect(await (await get(`/api/reports/${trackingNo}?token=${token}`)).json()).toMatchObject({ photo: true, reporter: true });

    // Staff see the reporter masked, and the photo (in scope only).
    const id = (await t.pool.query('SELECT id FROM incidents WHERE case_no = $1', [r.body.caseNo])).rows[0].id;
    const detail = await (await t.callerAs('demo-street')).incident.byId({ id });
    expect(detail.reporters).toEqual([expect.objectContaining({ trackingNo, name: '张*明', phone: '138****5678' })]);
    expect(detail.photos).toHaveLength(1);

    await close(id);
    expect(await (await get(`/api/reports/${trackingNo}`)).json()).toMatchObject({ status: 'closed', open: false, canRate: false });
    const closed = await (await get(`/api/reports/${trackingNo}?token=${token}`)).json();
    expect(closed).toMatchObject({ status: 'closed', open: false, canRate: true });
    expect(closed.steps.map((s: { action: string }) => s.action)).toEqual(['intake', 'accept', 'dispatch', 'take', 'report', 'verify_pass']);
    expect(closed.steps.find((s: { action: string }) => s.action === 'report').note).toBe('已清理');

    // Rating needs the token: the number alone, or a wrong token, is refused and changes nothing.
    const anonymous = await post(`/api/reports/${trackingNo}/rating`, { rating: 1 });
    expect(anonymous.status).toBe(403);
    expect(anonymous.body.error).toMatch(/rating needs the token of report/);
    const forged = await post(`/api/reports/${trackingNo}/rating`, { rating: 1, token: 'A'.repeat(32) });
    expect(forged.status).toBe(403);
    expect(forged.body.error).toMatch(/needs the right token/);
    expect((await t.pool.query('SELECT status, rating FROM incidents WHERE id = $1', [id])).rows[0]).toEqual({ status: 'closed', rating: null });

    const rated = await post(`/api/reports/${trackingNo}/rating`, { rating: 5, comment: '很快', token });
    expect(rated.body).toMatchObject({ status: 'closed', rating: 5, canRate: false });
    const again = await post(`/api/reports/${trackingNo}/rating`, { rating: 4, token });
    expect(again.status).toBe(412);
    expect(again.body.error).toMatch(/rated already/);
  });

  it('stores photos without their metadata: no GPS position, camera or software', async () => {
    const jpeg = await jpegWithExif();
    const before = await sharp(jpeg).metadata();
    expect(before.exif, 'the test photo carries EXIF').toBeDefined();
    expect(jpeg.toString('latin1')).toContain('SecretPhone 12');
    const r = await post('/api/reports', {
      typeCode: 'SJ0101', description: `EXIF ${Date.now()}`, lng: junmen[0], lat: junmen[1], photo: { contentType: 'image/jpeg', base64: jpeg.toString('base64') },
    });
    expect(r.status).toBe(201);
    const { rows } = await t.pool.query<{ bytes: Buffer; content_type: string }>('SELECT bytes, content_type FROM incident_photos WHERE tracking_no = $1', [r.body.trackingNo]);
    const kept = rows[0].bytes;
    expect(rows[0].content_type).toBe('image/jpeg');
    const after = await sharp(kept).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: 64, height: 48 });
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.icc).toBeUndefined();
    for (const leak of ['Exif', 'SecretPhone', 'PhoneMaker', 'exif-leak-test']) expect(kept.toString('latin1'), leak).not.toContain(leak);
    // What the reporter gets back is the same clean photo.
    const served = Buffer.from(await (await get(`/api/reports/${r.body.trackingNo}/photo?token=${r.body.token}`)).arrayBuffer());
    expect(served.equals(kept)).toBe(true);
  });

  it('reopens a case the reporter rates badly', async () => {
    const r = await post('/api/reports', { typeCode: 'SJ0101', description: `差评 ${Date.now()}`, lng: junmen[0], lat: junmen[1] });
    const id = (await t.pool.query('SELECT id FROM incidents WHERE case_no = $1', [r.body.caseNo])).rows[0].id;
    expect((await post(`/api/reports/${r.body.trackingNo}/rating`, { rating: 1, token: r.body.token })).body.error).toMatch(/can be rated once it is closed/);
    await close(id);
    const rated = await post(`/api/reports/${r.body.trackingNo}/rating`, { rating: 1, comment: '没有清理干净', token: r.body.token });
    expect(rated.body).toMatchObject({ status: 'handling', open: true });
    expect(rated.body.steps.slice(-2).map((s: { action: string }) => s.action)).toEqual(['rate', 'reopen']);
  });

  it('finds the place from a typed address', async () => {
    const r = await post('/api/reports', { typeCode: 'BJ0101', description: `按地址 ${Date.now()}`, address });
    expect(r.status).toBe(201);
    const { rows } = await t.pool.query('SELECT grid_code FROM incidents WHERE case_no = $1', [r.body.caseNo]);
    expect(rows[0].grid_code.startsWith('350102004')).toBe(true);
  });

  it('returns the first tracking number for a retried submission', async () => {
    const key = `public-retry-${Date.now()}`;
    const body = { typeCode: 'SJ0101', description: `重试 ${key}`, lng: junmen[0], lat: junmen[1], idempotencyKey: key };
    const first = await post('/api/reports', body);
    const [a, b] = await Promise.all([post('/api/reports', body), post('/api/reports', body)]);
    expect(first.status).toBe(201);
    for (const again of [a, b]) expect(again).toMatchObject({ status: 200, body: { trackingNo: first.body.trackingNo, repeated: true } });
    expect(await countByDescription(body.description)).toBe(1);
    // Only the token's hash is kept, so a retry's receipt has a fresh token: the latest works, earlier ones not.
    const latest = await post('/api/reports', body);
    const reporter = async (token: string) => (await (await get(`/api/reports/${first.body.trackingNo}?token=${token}`)).json()).reporter;
    expect(await reporter(latest.body.token)).toBe(true);
    expect(await reporter(first.body.token)).toBe(false);
  });

  it('refuses bad input with a message naming the problem, and stores nothing', async () => {
    const d = `坏输入 ${Date.now()}`;
    const cases: [unknown, number, RegExp][] = [
      [{ typeCode: 'SJ0101', description: d }, 400, /location/],
      [{ typeCode: 'SJ9999', description: d, lng: junmen[0], lat: junmen[1] }, 400, /no case type SJ9999/],
      [{ typeCode: 'SJ0101', description: d, lng: 121.9, lat: 25.2 }, 400, /not inside any grid/],
      [{ typeCode: 'SJ0101', description: d, address: '不存在的地址XYZ' }, 400, /no building with the address/],
      [{ typeCode: 'SJ0101', description: d, lng: junmen[0], lat: junmen[1], photo: { contentType: 'image/jpeg', base64: PNG.toString('base64') } }, 400, /not a image\/jpeg image/],
      [{ typeCode: 'SJ0101', description: d, lng: junmen[0], lat: junmen[1], photo: { contentType: 'image/gif', base64: 'R0lGOD' } }, 400, /photo\.contentType/],
      [{ typeCode: 'SJ0101', description: d, lng: junmen[0], lat: junmen[1], photo: { contentType: 'image/png', base64: PNG.subarray(0, 40).toString('base64') } }, 400, /image\/png image cannot be read/],
      [{ typeCode: 'SJ0101', description: d, lng: junmen[0], lat: junmen[1], photo: { contentType: 'image/png', base64: Buffer.alloc(4 * 1024 * 1024 + 10, 1).toString('base64') } }, 400, /larger than 4 MiB/],
      [{ typeCode: 'SJ0101', description: 'x', lng: junmen[0], lat: junmen[1] }, 400, /description/],
    ];
    for (const [body, status, message] of cases) {
      const r = await post('/api/reports', body);
      expect(r.status, JSON.stringify(body).slice(0, 120)).toBe(status);
      expect(r.body.error).toMatch(message);
    }
    const huge = await postOversize('/api/reports', 7 * 1024 * 1024);
    expect(huge.status, huge.text).toBe(413);
    expect(huge.text).toMatch(/too large/i);
    const broken = await fetch(`${baseUrl()}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"typeCode":' });
    expect(broken.status).toBe(400);
    expect(await countByDescription(d)).toBe(0);
    expect((await fetch(`${baseUrl()}/api/reports/nope`)).status).toBe(400);
    expect((await fetch(`${baseUrl()}/api/reports/R0000000000`)).status).toBe(404);
  });

  it('limits reports per client address, counted in the database', async () => {
    const ip = `10.99.${Date.now() % 250}.7`;
    for (let i = 0; i < 3; i++) await throttleReports(t.pool, ip, 3);
    const refused = await throttleReports(t.pool, ip, 3).then(() => null, (err: unknown) => err);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe('TOO_MANY_REQUESTS');
    expect((refused as TRPCError).message).toMatch(/3 in 10 minutes; try again in 10 min/);
    // The window is a row of the database, which every API process counts against.
    const { rows } = await t.pool.query<{ n: number; admitted: boolean }>(`SELECT cardinality(hits) AS n, admitted FROM rate_limits WHERE bucket = 'report' AND key = $1`, [ip]);
    expect(rows).toEqual([{ n: 3, admitted: false }]);
    // Another address is not held up.
    await throttleReports(t.pool, `${ip}1`, 3);
  });
});

describe('merging duplicate reports', () => {
  it('puts several reporters on one case; each tracking number follows it', async () => {
    const a = await post('/api/reports', { typeCode: 'SJ0303', description: `道路遗撒 A ${Date.now()}`, lng: junmen[0], lat: junmen[1], phone: '13900001111' });
    const b = await post('/api/reports', { typeCode: 'SJ0303', description: `道路遗撒 B ${Date.now()}`, lng: junmen[0] + 0.0002, lat: junmen[1] });
    const idOf = async (caseNo: string) => (await t.pool.query('SELECT id, version FROM incidents WHERE case_no = $1', [caseNo])).rows[0];
    const [ca, cb] = [await idOf(a.body.caseNo), await idOf(b.body.caseNo)];
    const street = await t.callerAs('demo-street');
    const candidates = await street.incident.duplicates({ id: cb.id });
    expect(candidates.map((c) => c.id)).toContain(ca.id);
    await street.incident.act({ id: cb.id, version: cb.version, action: 'merge', intoId: ca.id });
    const target = await street.incident.byId({ id: ca.id });
    expect(target.reporters.map((r) => r.trackingNo).sort()).toEqual([a.body.trackingNo, b.body.trackingNo].sort());
    expect(target.events.at(-1)).toMatchObject({ action: 'merged_in' });
    expect((await street.incident.byId({ id: cb.id })).mergedInto).toBe(ca.id);
    const tb = await (await fetch(`${baseUrl()}/api/reports/${b.body.trackingNo}`)).json();
    expect(tb.caseNo).toBe(a.body.caseNo);
    const open311 = await (await fetch(`${baseUrl()}/open311/v2/requests.json?service_request_id=${a.body.trackingNo},${b.body.trackingNo}`)).json();
    expect(open311.map((r: { service_notice: string }) => r.service_notice)).toEqual([`受理编号 ${a.body.caseNo}`, `受理编号 ${a.body.caseNo}`]);
  });
});

describe('Open311 GeoReport v2', () => {
  const open311 = (path: string, init?: RequestInit) => fetch(`${baseUrl()}/open311/v2/${path}`, init);

  it('lists services with the fields and types of the specification', async () => {
    const res = await open311('services.json');
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const services = await res.json();
    expect(services.length).toBeGreaterThan(20);
    for (const s of services) {
      expect(Object.keys(s).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
      expect(typeof s.service_code).toBe('string');
      expect(typeof s.service_name).toBe('string');
      expect(typeof s.metadata).toBe('boolean');
      expect(['realtime', 'batch', 'blackbox']).toContain(s.type);
    }
    const def = await (await open311('services/SJ0101.json')).json();
    expect(def).toEqual({ service_code: 'SJ0101', attributes: [] });
    const missing = await open311('services/SJ9999.json');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual([{ code: 404, description: 'no service with service_code SJ9999' }]);
  });

  it('takes a form-encoded request and tracks it', async () => {
    const form = new URLSearchParams({ service_code: 'BJ0101', lat: String(junmen[1]), long: String(junmen[0]), description: '井盖松动 open311', first_name: '明', last_name: '王', media_url: 'https://example.org/p.jpg' });
    const res = await open311('requests.json', { method: 'POST', body: form });
    expect(res.status).toBe(201);
    const [created] = await res.json();
    expect(created.service_request_id).toMatch(/^R[0-9A-Z]{10}$/);
    expect(typeof created.service_notice).toBe('string');

    // The reporter's link, with the token rating needs (an extension of the specification's response).
    expect(created.tracking_url).toMatch(new RegExp(`/\\?view=track&no=${created.service_request_id}&token=[A-Za-z0-9_-]{32}$`));

    // Public listings show no photo (there is no moderation): the media_url stays with the case, for staff.
    const [one] = await (await open311(`requests/${created.service_request_id}.json`)).json();
    expect(one).toMatchObject({ service_request_id: created.service_request_id, status: 'open', service_code: 'BJ0101', description: '井盖松动 open311', media_url: null });
    const { rows } = await t.pool.query(`SELECT p.url FROM incident_photos p JOIN incident_reporters r ON r.tracking_no = p.tracking_no WHERE r.tracking_no = $1`, [created.service_request_id]);
    expect(rows).toEqual([{ url: 'https://example.org/p.jpg' }]);
    for (const k of ['requested_datetime', 'updated_datetime', 'expected_datetime']) expect(one[k]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(typeof one.lat).toBe('number');
    expect(typeof one.long).toBe('number');
    expect(typeof one.status_notes).toBe('string');
    expect(Object.keys(one)).toEqual(expect.arrayContaining(['agency_responsible', 'service_name', 'address', 'address_id', 'zipcode']));

    const byCode = await (await open311(`requests.json?service_code=BJ0101&status=open`)).json();
    expect(byCode.some((r: { service_request_id: string }) => r.service_request_id === created.service_request_id)).toBe(true);
    expect(byCode.every((r: { service_code: string; status: string }) => r.service_code === 'BJ0101' && r.status === 'open')).toBe(true);
    const closedOnly = await (await open311(`requests.json?service_request_id=${created.service_request_id}&status=closed`)).json();
    expect(closedOnly).toEqual([]);
    const future = await (await open311(`requests.json?start_date=${encodeURIComponent(new Date(Date.now() + 86400_000).toISOString())}`)).json();
    expect(future).toEqual([]);
  });

  it('answers bad requests with Open311 errors', async () => {
    const noCode = await open311('requests.json', { method: 'POST', body: new URLSearchParams({ lat: String(junmen[1]), long: String(junmen[0]) }) });
    expect(noCode.status).toBe(400);
    const [err] = await noCode.json();
    expect(err).toMatchObject({ code: 400 });
    expect(err.description).toMatch(/service_code/);
    const onlyLat = await open311('requests.json', { method: 'POST', body: new URLSearchParams({ service_code: 'SJ0101', lat: String(junmen[1]) }) });
    expect((await onlyLat.json())[0].description).toMatch(/lat and long go together/);
    expect((await open311('requests/R0000000000.json')).status).toBe(404);
    expect((await open311('requests/abc.json')).status).toBe(400);
    expect((await open311('requests.json?status=pending')).status).toBe(400);
    expect((await open311('requests.json?start_date=yesterday')).status).toBe(400);
    // A media_url is a link staff may open: http(s) only.
    for (const url of ['javascript:alert(1)', 'data:image/png;base64,iVBO', 'file:///etc/passwd', 'ftp://example.org/p.jpg']) {
      const res = await open311('requests.json', { method: 'POST', body: new URLSearchParams({ service_code: 'SJ0101', lat: String(junmen[1]), long: String(junmen[0]), media_url: url }) });
      expect(res.status, url).toBe(400);
      expect((await res.json())[0].description, url).toMatch(/media_url: an http:\/\/ or https:\/\/ link/);
    }
  });

  it('lists no photos: neither uploads nor links', async () => {
    const r = await post('/api/reports', { typeCode: 'SJ0101', description: `公开列表无照片 ${Date.now()}`, lng: junmen[0], lat: junmen[1], photo: { contentType: 'image/png', base64: PNG.toString('base64') } });
    const listed = await (await open311(`requests.json?service_request_id=${r.body.trackingNo}`)).json();
    expect(listed).toHaveLength(1);
    expect(listed[0].media_url).toBeNull();
    expect(JSON.stringify(listed)).not.toMatch(/\/photo|token/);
  });
});
