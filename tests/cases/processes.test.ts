/**
 * More than one API process: a change written through one reaches a subscriber of another (on the embedded
 * database the second process connects to the first one's socket; on PostgreSQL both to the server), and an
 * API process killed during a burst of public intake loses no acknowledged report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { baseUrl, createTestContext, decodeTile, gridPoint, openSse, signIn, tileOf } from '../helpers';
import { openDatabase } from '../../api/db/database';
import { seedIfEmpty, startApi, stop, type ApiProcess } from '../api-process';

let t: Awaited<ReturnType<typeof createTestContext>>;
let where: [number, number];
beforeAll(async () => {
  t = await createTestContext();
  where = await gridPoint(t.pool, '350102004');
});
afterAll(async () => {
  await t.pool.end();
});

async function report(base: string, label: string, key?: string): Promise<Response> {
  return fetch(`${base}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ typeCode: 'SJ0101', description: label, lng: where[0], lat: where[1], idempotencyKey: key }),
  });
}

describe('two API processes on one database', () => {
  let second: ApiProcess | undefined;
  afterAll(() => stop(second));

  it('a case reported through one arrives on a subscription held on the other, both ways', { timeout: 300_000 }, async () => {
    second = await startApi({ DATABASE_URL: inject('databaseUrl') });
    const onSecond = await openSse(second.url, await signIn('demo-district', undefined, second.url), 'incident.live', {});
    expect((await onSecond.next()).data).toMatchObject({ kind: 'ready' });
    const onFirst = await openSse(baseUrl(), await signIn('demo-district'), 'incident.live', {});
    expect((await onFirst.next()).data).toMatchObject({ kind: 'ready' });

    const viaFirst = await (await report(baseUrl(), 'cross-process via the first')).json();
    const viaSecond = await (await report(second.url, 'cross-process via the second')).json();
    const idOf = async (caseNo: string) => (await t.pool.query<{ id: number }>('SELECT id FROM incidents WHERE case_no = $1', [caseNo])).rows[0].id;
    const [a, b] = [await idOf(viaFirst.caseNo), await idOf(viaSecond.caseNo)];
    const waitFor = async (stream: typeof onFirst, id: number) => {
      for (;;) {
        const ev = await stream.next(20_000);
        const found = ev.data?.kind === 'changes' ? ev.data.changes.find((c: { incidentId: number }) => c.incidentId === id) : undefined;
        if (found) return found;
      }
    };
    expect(await waitFor(onSecond, a)).toMatchObject({ action: 'intake', status: 'reported' });
    expect(await waitFor(onFirst, b)).toMatchObject({ action: 'intake', status: 'reported' });
    onFirst.close();
    onSecond.close();
  });

  it('a tile cached by one process is redrawn once the other changes its data', { timeout: 120_000 }, async () => {
    second ??= await startApi({ DATABASE_URL: inject('databaseUrl') });
    // An open alarm of 鼓楼区, and its alarms tile as the first process serves it (and caches it).
    const { rows } = await t.pool.query<{ id: number; lng: number; lat: number }>(
      `SELECT id, ST_X(ST_Transform(geom3857, 4326)) AS lng, ST_Y(ST_Transform(geom3857, 4326)) AS lat FROM alarms
       WHERE status = 'open' AND grid_code LIKE '350102%' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows, 'the test city has an open alarm in 350102').toHaveLength(1);
    const alarm = rows[0];
    const { z, x, y } = tileOf(alarm.lng, alarm.lat, 14);
    const onFirst = await signIn('demo-district');
    const statusOnFirst = async () => {
      const res = await fetch(`${baseUrl()}/tiles/alarms/${z}/${x}/${y}.mvt`, { headers: onFirst.headers });
      expect(res.status).toBe(200);
      const feature = decodeTile(new Uint8Array(await res.arrayBuffer())).alarms?.features.find((f) => f.properties.id === alarm.id);
      return feature?.properties.status;
    };
    expect(await statusOnFirst()).toBe('open');
    expect(await statusOnFirst()).toBe('open');
    // Acknowledged through the second process: the first one's cached tile is dropped when it next looks at the
    // layer's version (every 2 s).
    const onSecond = await signIn('demo-district', undefined, second.url);
    const ack = await fetch(`${second.url}/trpc/alarm.ack`, { method: 'POST', headers: { ...onSecond.headers, 'content-type': 'application/json' }, body: JSON.stringify({ id: alarm.id }) });
    expect(ack.status, await ack.clone().text()).toBe(200);
    const started = Date.now();
    let status = await statusOnFirst();
    while (status === 'open' && Date.now() - started < 10_000) {
      await new Promise((r) => setTimeout(r, 250));
      status = await statusOnFirst();
    }
    expect(status).toBe('acknowledged');
  });
});

describe('an API process killed during a burst of intake', () => {
  let victim: ApiProcess | undefined;
  let dataDir: string | undefined;
  afterAll(async () => {
    await stop(victim, 'SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged report', { timeout: 600_000 }, async () => {
    // On PostgreSQL the process shares the server; embedded, it holds its own database on disk (a small city).
    const embedded = inject('databaseKind') === 'embedded';
    if (embedded) dataDir = mkdtempSync(path.join(tmpdir(), 'citybrain-kill-'));
    const env: Record<string, string> = embedded ? { DATA_DIR: dataDir!, SEED_SCALE: '0.01' } : { DATABASE_URL: inject('databaseUrl') };
    await seedIfEmpty(env);
    victim = await startApi(env);
    const base = victim.url;
    const acknowledged: { trackingNo: string; key: string }[] = [];
    const failed: string[] = [];
    let killed = false;
    const run = `kill-${process.pid}-${Date.now()}`;
    // Eight clients send reports until the process dies; it is killed (SIGKILL, no clean shutdown) once
    // 40 have been acknowledged, while others are in flight.
    const client = async (c: number) => {
      for (let i = 0; !killed; i++) {
        const key = `${run}-${c}-${i}`;
        try {
          const res = await report(base, `burst ${c}-${i}`, key);
          if (res.status === 201) acknowledged.push({ trackingNo: (await res.json()).trackingNo, key });
          else failed.push(`${res.status} ${await res.text()}`);
        } catch {
          return; // connection refused or reset: the process is gone
        }
        if (acknowledged.length >= 40 && !killed) {
          killed = true;
          victim!.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, c) => client(c)));
    await new Promise<void>((resolve) => (victim!.child.exitCode !== null || victim!.child.signalCode !== null ? resolve() : victim!.child.once('exit', () => resolve())));
    expect(victim.child.signalCode).toBe('SIGKILL');
    expect(failed).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);

    // Open the database afresh (embedded: recovery of the killed process's files) and look for every one.
    const db = embedded ? await openDatabase({ dataDir: path.join(dataDir!, 'pglite') }) : null;
    const pool = db?.pool ?? t.pool;
    try {
      const found = await pool.query<{ tracking_no: string }>('SELECT tracking_no FROM incident_reporters WHERE tracking_no = ANY ($1)', [acknowledged.map((a) => a.trackingNo)]);
      const missing = acknowledged.filter((a) => !found.rows.some((r) => r.tracking_no === a.trackingNo));
      expect(missing, 'acknowledged reports missing after the kill').toEqual([]);
      // And each acknowledged submission made exactly one case.
      const keys = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM intake_keys WHERE key LIKE $1', [`${run}-%`]);
      expect(keys.rows[0].n).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      await db?.close();
    }
  });
});
