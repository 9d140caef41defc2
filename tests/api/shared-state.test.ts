/**
 * What several API processes share through the database: rate limits that hold for all of them together
 * (SharedLimit), and the lease that lets one process at a time run each background loop (every with a lease).
 * Each "process" here is a pool and a holder name of its own on the test database.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SharedLimit } from '../../api/rate-limit';
import { every, loopStats } from '../../api/every';

let a: pg.Pool;
let b: pg.Pool;
beforeAll(() => {
  a = new pg.Pool({ connectionString: inject('databaseUrl'), max: 4 });
  b = new pg.Pool({ connectionString: inject('databaseUrl'), max: 4 });
});
afterAll(async () => {
  await a.end();
  await b.end();
});

const unique = (what: string) => `${what} ${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a limit shared by every process', () => {
  it('admits exactly `limit` of many parallel hits from two processes, and tells the wait', async () => {
    const key = unique('10.20.30.40');
    const one = new SharedLimit('test', 5, 600);
    const two = new SharedLimit('test', 5, 600);
    const waits = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? one.take(a, key) : two.take(b, key))));
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
    // The refused wait for the oldest hit to leave the 10-minute window.
    for (const w of waits.filter((w) => w > 0)) expect(w).toBeGreaterThan(590);
    for (const w of waits.filter((w) => w > 0)) expect(w).toBeLessThanOrEqual(600);
    // Another key has its own window.
    expect(await one.take(a, `${key}-other`)).toBe(0);
  });

  it('lets a hit through again once the oldest has left the window', async () => {
    const key = unique('10.20.30.41');
    const limit = new SharedLimit('test', 2, 1);
    expect(await limit.take(a, key)).toBe(0);
    expect(await limit.take(b, key)).toBe(0);
    expect(await limit.take(a, key)).toBe(1);
    await sleep(1100);
    expect(await limit.take(b, key)).toBe(0);
  });
});

describe('a background loop with a lease', () => {
  it('runs in one process only, and the other takes over when the holder stops', async () => {
    const name = unique('lease test loop');
    const runs = { A: 0, B: 0 };
    const loopA = every(40, name, () => {}, async () => void runs.A++, 0, { db: a, holder: 'process A' });
    await sleep(150);
    const loopB = every(40, name, () => {}, async () => void runs.B++, 0, { db: b, holder: 'process B' });
    await sleep(600);
    expect(runs.A).toBeGreaterThan(5);
    expect(runs.B).toBe(0);
    expect(loopStats().get(name)!.standby).toBeGreaterThan(5);
    await loopA.stop();
    const stoppedAt = runs.A;
    await sleep(400);
    expect(runs.A).toBe(stoppedAt);
    // Handed back on stop: B runs from its next tick, not only after the lease would have lapsed (30 s).
    expect(runs.B).toBeGreaterThan(3);
    await loopB.stop();
    expect((await a.query(`SELECT count(*)::int AS n FROM loop_leases WHERE name = $1`, [name])).rows[0].n).toBe(0);
  });

  it('is kept by a holder whose step outlasts the lease: renewed while the step runs', async () => {
    const name = unique('lease test loop');
    let bRuns = 0;
    let aSteps = 0;
    // A's steps take 900 ms against a lease of 300 ms: unrenewed, B would take over within each step.
    const loopA = every(50, name, () => {}, async () => {
      aSteps++;
      await sleep(900);
    }, 0, { db: a, holder: 'process A', ms: 300 });
    await sleep(100);
    const loopB = every(50, name, () => {}, async () => void bRuns++, 0, { db: b, holder: 'process B', ms: 300 });
    await sleep(2000);
    expect(aSteps).toBeGreaterThanOrEqual(2);
    expect(bRuns).toBe(0);
    await loopA.stop();
    await loopB.stop();
  });

  it('is taken over from a holder that died, once its lease lapses', async () => {
    const name = unique('lease test loop');
    // A holder that never renews nor hands back: its lease ends in 1.5 s.
    await a.query(`INSERT INTO loop_leases (name, holder, until) VALUES ($1, 'dead process', now() + interval '1500 milliseconds')`, [name]);
    let runs = 0;
    const loop = every(50, name, () => {}, async () => void runs++, 0, { db: b, holder: 'process B' });
    await sleep(900);
    expect(runs).toBe(0);
    await sleep(1200);
    expect(runs).toBeGreaterThan(2);
    await loop.stop();
  });

  it('counts a lease it cannot read (database down) as a failed tick, logged', async () => {
    const broken = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', connectionTimeoutMillis: 500 });
    const log: string[] = [];
    let runs = 0;
    const name = unique('lease test loop');
    const loop = every(100, name, (m) => log.push(m), async () => void runs++, 0, { db: broken, holder: 'process C' });
    await sleep(350);
    await loop.stop();
    await broken.end();
    expect(runs).toBe(0);
    expect(loopStats().get(name)!.failed).toBeGreaterThan(0);
    expect(log[0]).toMatch(new RegExp(`^${name} failed: .*ECONNREFUSED`));
  });
});
