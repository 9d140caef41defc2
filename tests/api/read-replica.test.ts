/**
 * DATABASE_READ_URL: tiles and the leaders' figures are read from a streaming replica, writes and reads of one's
 * own writes stay on the primary. The "replica" here is the test database reached through read-only sessions
 * (default_transaction_read_only): any write sent there fails, so every request below that succeeds did its
 * writing on the primary, and the read pool's counters show what was read there.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp, type App } from '../../api/app';
import { loadEnv } from '../../api/env';
import { openDatabase } from '../../api/db/database';
import { gridPoint, signIn, tileOf } from '../helpers';

const postgres = inject('databaseKind') === 'postgres';

function readOnlyUrl(url: string): string {
  const u = new URL(url);
  u.searchParams.set('options', '-c default_transaction_read_only=on');
  u.searchParams.set('application_name', 'citybrain-read-test');
  return u.toString();
}

describe('DATABASE_READ_URL on the embedded database', () => {
  it('is refused with its reason: the embedded database has no replicas', async () => {
    await expect(openDatabase({ dataDir: 'memory://', readUrl: 'postgres://replica.example/citybrain' })).rejects.toThrow(/DATABASE_READ_URL .* set DATABASE_URL too/);
  });
});

// A replica is a real server's: this part belongs to the PostgreSQL pass (on the embedded database it is not registered).
if (postgres) describe('DATABASE_READ_URL on PostgreSQL', () => {
  let app: App;
  let base = '';
  let reads = 0;
  beforeAll(async () => {
    const env = loadEnv({
      ...process.env, DATABASE_URL: inject('databaseUrl'), DATABASE_READ_URL: readOnlyUrl(inject('databaseUrl')), PORT: '0', LOG_LEVEL: 'silent',
      SIMULATOR: 'off', ESCALATION_INTERVAL_S: '3600', SENSING_INTERVAL_S: '3600', LOGIN_RATE_LIMIT: '100000', REPORT_RATE_LIMIT: '100000',
    });
    app = await createApp(env, { log: () => {} });
    await app.server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.server.address() as { port: number }).port}`;
    app.context.readPool.on('acquire', () => reads++);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('has a read pool of its own, whose sessions cannot write', async () => {
    expect(app.context.readPool).not.toBe(app.context.pool);
    const { rows } = await app.context.readPool.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
    expect(rows[0].transaction_read_only).toBe('on');
    await expect(app.context.readPool.query('CREATE TEMP TABLE t (x int)')).rejects.toThrow(/read-only transaction/);
  });

  it('reads public tiles and the leaders\' figures on the replica', async () => {
    const [lng, lat] = await gridPoint(app.context.pool, '350102004');
    const { z, x, y } = tileOf(lng, lat, 14);
    const before = reads;
    const tile = await fetch(`${base}/tiles/roads/${z}/${x}/${y}.mvt`);
    expect(tile.status).toBe(200);
    const afterTile = reads;
    expect(afterTile).toBeGreaterThan(before);
    const leader = await signIn('demo-leader', undefined, base);
    const kpis = await fetch(`${base}/trpc/metrics.kpis?input=${encodeURIComponent(JSON.stringify({ areaCode: '350102', from: '2026-10-01', to: '2026-10-31' }))}`, { headers: leader.headers });
    expect(kpis.status, await kpis.clone().text()).toBe(200);
    expect((await kpis.json()).result.data.areaCode).toBe('350102');
    expect(reads).toBeGreaterThan(afterTile);
  });

  it('writes on the primary and reads its own writes there: a report, its tracking page, the live cases tile', async () => {
    const [lng, lat] = await gridPoint(app.context.pool, '350102004');
    const res = await fetch(`${base}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ typeCode: 'SJ0101', description: '只读副本测试', lng, lat }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { trackingNo, token } = await res.json();
    const tracking = await fetch(`${base}/api/reports/${trackingNo}?token=${token}`);
    expect(tracking.status).toBe(200);
    expect((await tracking.json()).status).toBe('reported');
    // Sign-ins write sessions (primary); the incidents tile follows the primary's newest change.
    const operator = await signIn('demo-district', undefined, base);
    const { z, x, y } = tileOf(lng, lat, 15);
    const before = reads;
    const cases = await fetch(`${base}/tiles/incidents/${z}/${x}/${y}.mvt`, { headers: operator.headers });
    expect(cases.status).toBe(200);
    expect(reads).toBe(before);
  });
});
