/**
 * The database restarted under load (real PostgreSQL only; `.ci/run` runs it after the suites with
 * `npx vitest run --config tests/fault/vitest.config.ts`): cases are registered continuously through the API and
 * two live subscribers follow them; PostgreSQL is restarted (`pg_ctlcluster 15 main restart`, or PG_RESTART).
 * During the outage the API answers 503 with a plain message and a Retry-After (never 500, never hanging), and
 * /healthz says why; afterwards everything works again without restarting the API, every registration that was
 * acknowledged is in the database, and each subscriber received every change of its area, without a gap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from 'node:child_process';
import { promisify } from 'node:util';
import { createApp, type App } from '../../api/app';
import { loadEnv } from '../../api/env';
import { DATABASE_UNAVAILABLE } from '../../api/db/unavailable';
import { ensureSeeded } from '../../seed/prepare';
import { TEST_SCALE, TEST_SEED } from '../test-city';
import { openSse, signIn, type HttpSession, type SseEvent } from '../helpers';

const DATABASE_URL = process.env.DATABASE_URL;
const RESTART = process.env.PG_RESTART ?? 'pg_ctlcluster 15 main restart';
const AREA = '350102';

let app: App;
let base = '';
let operator: HttpSession;
let point: [number, number];

beforeAll(async () => {
  if (!DATABASE_URL) throw new Error('the fault test needs a real PostgreSQL: set DATABASE_URL (and PG_RESTART if pg_ctlcluster is not the way)');
  const env = loadEnv({ ...process.env, PORT: '0', SIMULATOR: 'off', LOG_LEVEL: 'fatal', LOGIN_RATE_LIMIT: '100000', ESCALATION_INTERVAL_S: '3600', SENSING_INTERVAL_S: '3600' });
  app = await createApp(env, { log: () => {}, seed: async (pool) => void (await ensureSeeded(pool, { seed: TEST_SEED, scale: TEST_SCALE })) });
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.server.address() as { port: number }).port}`;
  operator = await signIn('demo-district', undefined, base);
  const { rows } = await app.context.pool.query<{ lng: number; lat: number }>(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM areas WHERE code LIKE $1 || '%' AND level = 'grid' ORDER BY code LIMIT 1) g`,
    [AREA],
  );
  point = [rows[0].lng, rows[0].lat];
}, 600_000);

afterAll(async () => {
  await app?.close();
});

interface Attempt {
  key: string;
  status: number;
  id?: number;
  error?: string;
  retryAfter?: string | null;
  ms: number;
}

/** One registration through the API; its answer, however it went. */
async function register(n: number): Promise<Attempt> {
  const key = `fault-${Date.now().toString(36)}-${n}`;
  const started = Date.now();
  try {
    const res = await fetch(`${base}/trpc/incident.create`, {
      method: 'POST',
      headers: { ...operator.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ typeCode: 'SJ0101', source: 'patrol', description: `fault test ${n}`, lng: point[0], lat: point[1], idempotencyKey: key }),
      signal: AbortSignal.timeout(20_000),
    });
    const body = await res.json();
    return { key, status: res.status, id: body.result?.data?.id, error: body.error?.message, retryAfter: res.headers.get('retry-after'), ms: Date.now() - started };
  } catch (err) {
    return { key, status: 0, error: (err as Error).message, ms: Date.now() - started };
  }
}

describe('PostgreSQL restarted under load', { timeout: 300_000 }, () => {
  it('answers 503 during the outage, recovers by itself, loses nothing acknowledged, and the live feed has no gap', async () => {
    // Two subscribers that follow the area as a browser's EventSource does: when the stream drops they connect
    // again with the id of the last change they had (lastEventId), and the server sends what they missed.
    const received: number[][] = [[], []];
    const connections = [0, 0];
    let following = true;
    const ready: Promise<void>[] = [];
    const readers = [0, 1].map((i) => {
      let onReady!: () => void;
      ready.push(new Promise<void>((r) => (onReady = r)));
      return (async () => {
        let last: string | null = null;
        while (following) {
          const s: Awaited<ReturnType<typeof openSse>> | null = await openSse(base, operator, 'incident.live', last === null ? { areaCode: AREA } : { areaCode: AREA, lastEventId: last }).catch(() => null);
          if (!s) {
            await new Promise((r) => setTimeout(r, 250));
            continue;
          }
          connections[i] += 1;
          try {
            while (following) {
              const ev: SseEvent | null = await s.next(2_000).catch((err: Error) => (/no event within/.test(err.message) ? null : Promise.reject(err)));
              if (!ev) continue;
              if (ev.data.kind === 'ready') onReady();
              else if (ev.data.kind === 'changes') {
                received[i].push(...ev.data.changes.map((c) => c.id));
                last = ev.id ?? last;
              } else throw new Error(`subscriber ${i}: ${JSON.stringify(ev.data)}`);
            }
          } catch {
            // The stream ended (the server could not read the feed, or the connection dropped): resume from `last`.
            await new Promise((r) => setTimeout(r, 250));
          } finally {
            s.close();
          }
        }
      })();
    });
    await Promise.all(ready);

    const attempts: Attempt[] = [];
    let writing = true;
    const writer = (async () => {
      for (let n = 0; writing; n += 1) {
        attempts.push(await register(n));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    await new Promise((r) => setTimeout(r, 3000));
    // The restart, and /healthz while the database is away.
    const health: { status: number; body: { status?: string; reason?: string } }[] = [];
    const probing = (async () => {
      for (let i = 0; i < 40; i += 1) {
        const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
        if (res) health.push({ status: res.status, body: await res.json() });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    // Asynchronously: the writer, the subscribers and the probe go on while the server restarts.
    await promisify(exec)(RESTART);
    await probing;
    // Recovery: keep writing until registrations succeed again, then a little longer.
    const restartedAt = attempts.length;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !attempts.slice(restartedAt).some((a) => a.status === 200)) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 3000));
    writing = false;
    await writer;

    const statuses = attempts.map((a) => a.status);
    const outage = attempts.filter((a) => a.status !== 200);
    console.log(`[fault] ${attempts.length} registrations, ${outage.length} refused during the outage (${[...new Set(outage.map((a) => a.status))].join(', ')}), ` +
      `slowest answer ${Math.max(...attempts.map((a) => a.ms))} ms; subscribers connected ${connections.join(' and ')} times`);
    const failed = attempts.filter((a) => a.status !== 200);
    // During the outage: 503 with the plain message and a Retry-After; never a 500, a dropped connection or a hang.
    expect(failed.length).toBeGreaterThan(0);
    for (const a of failed) {
      expect(a.status, JSON.stringify(a)).toBe(503);
      // From the procedure or from the session lookup before it: the same tRPC error either way.
      expect(a.error).toBe(DATABASE_UNAVAILABLE);
      expect(a.retryAfter).toBe('5');
      expect(a.ms).toBeLessThan(15_000);
    }
    expect(health.some((h) => h.status === 503 && h.body.status === 'unavailable' && /database/.test(h.body.reason ?? ''))).toBe(true);
    // Afterwards: working again, without restarting the API.
    expect(statuses.slice(-5).every((s) => s === 200)).toBe(true);
    const after = await fetch(`${base}/healthz`);
    expect(after.status).toBe(200);

    // Every acknowledged registration is in the database.
    const acknowledged = attempts.filter((a) => a.status === 200).map((a) => a.id!);
    expect(acknowledged.length).toBeGreaterThan(10);
    const { rows } = await app.context.pool.query<{ id: number }>('SELECT id FROM incidents WHERE id = ANY($1::int[])', [acknowledged]);
    expect(rows.length).toBe(new Set(acknowledged).size);

    // Each subscriber: every change of the area from its first to the last one written, in order, once.
    await new Promise((r) => setTimeout(r, 4000));
    following = false;
    await Promise.allSettled(readers);
    const { rows: outbox } = await app.context.pool.query<{ id: number }>(
      `SELECT c.id FROM incident_changes c WHERE c.grid_code LIKE $1 || '%' AND c.id BETWEEN $2 AND $3 ORDER BY c.id`,
      [AREA, Math.min(...received.flat()), Math.max(...received.flat())],
    );
    for (const ids of received) {
      expect(ids.length).toBeGreaterThan(10);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(outbox.map((r) => r.id).filter((id) => id >= ids[0] && id <= ids[ids.length - 1]));
    }
    // Both saw the changes of every acknowledged registration.
    expect(received[0]).toEqual(received[1]);
  });
});
