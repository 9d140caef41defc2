/**
 * incident.live over real SSE: changes in the caller's scope in id order, resumable without gaps or
 * duplicates after a disconnect; escalation of overdue cases; the outbox's order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, createTestContext, dataOf, gridPoint, openSse, signIn, type HttpSession } from '../helpers';
import { submitReport } from '../../api/cases/intake';
import { escalateOverdue } from '../../api/cases/escalation';
import { LIVE_REPLAY_HOURS, replayFloor } from '../../api/cases/changes';
import { LIVE_BATCH_CHECK_MS, LIVE_SESSION_CHECK_MS } from '../../api/routers/incident';
import { hashPassword } from '../../api/auth/passwords';

let t: Awaited<ReturnType<typeof createTestContext>>;
let district: HttpSession;
let point: (communityPrefix: string) => Promise<[number, number]>;

beforeAll(async () => {
  t = await createTestContext();
  district = await signIn('demo-district');
  point = (prefix) => gridPoint(t.pool, prefix);
});
afterAll(async () => {
  await t.pool.end();
});

/** Report n cases in the district's 东街 street (in-process, through the same intake code as the API). */
async function report(n: number, where: [number, number], label: string): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await submitReport(t.ctx, { typeCode: 'SJ0101', description: `${label} ${i}`, lng: where[0], lat: where[1] }, 'snapshot');
    out.push(r.caseNo);
  }
  return out;
}

/** Wait until the sequencer has numbered every change (a feed runs it within moments of a commit). */
async function sequenced(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await t.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_changes WHERE id IS NULL');
    if (rows[0].n === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('changes were not numbered within 10 s');
}

async function caseIds(caseNos: string[]): Promise<number[]> {
  const { rows } = await t.pool.query<{ id: number }>(`SELECT id FROM incidents WHERE case_no = ANY ($1) ORDER BY id`, [caseNos]);
  return rows.map((r) => r.id);
}

/** Changes from the stream's events until `want` incident ids have all been seen. */
async function collect(stream: Awaited<ReturnType<typeof openSse>>, want: Set<number>, changes: { id: number; incidentId: number }[]) {
  const seen = new Set<number>();
  while ([...want].some((id) => !seen.has(id))) {
    const ev = await stream.next();
    if (ev.data?.kind !== 'changes') continue;
    const batch = ev.data.changes as { id: number; incidentId: number }[];
    expect(batch.length).toBeGreaterThan(0);
    expect(ev.id, 'an event carries its last change id as the SSE event id').toBe(String(batch.at(-1)!.id));
    for (const c of batch) {
      changes.push({ id: c.id, incidentId: c.incidentId });
      seen.add(c.incidentId);
    }
  }
}

describe('incident.live', () => {
  it('greets, then streams changes of the scope as they are committed', async () => {
    const stream = await openSse(baseUrl(), district, 'incident.live', {});
    const hello = await stream.next();
    expect(hello.data).toMatchObject({ kind: 'ready', areaCode: '350102' });
    const [caseNo] = await report(1, await point('350102004001'), 'live-a');
    const [id] = await caseIds([caseNo]);
    const got: { id: number; incidentId: number }[] = [];
    await collect(stream, new Set([id]), got);
    const change = got.find((c) => c.incidentId === id)!;
    expect(change.id).toBeGreaterThan(dataOf(hello, 'ready').position);
    stream.close();
  });

  it('starts with the area\'s latest changes when asked for a backlog', async () => {
    await report(3, await point('350102004001'), 'live-backlog');
    await sequenced();
    const stream = await openSse(baseUrl(), district, 'incident.live', { areaCode: '350102004', backlog: 3 });
    const hello = await stream.next();
    const backlog: { id: number; incidentId: number }[] = [];
    while (backlog.length < 3) {
      const ev = await stream.next();
      expect(ev.data.kind).toBe('changes');
      backlog.push(...dataOf(ev, 'changes').changes);
    }
    const { rows } = await t.pool.query(`SELECT id::int AS id FROM incident_changes WHERE grid_code LIKE '350102004%' AND id IS NOT NULL ORDER BY id DESC LIMIT 3`);
    expect(backlog.map((c) => c.id)).toEqual(rows.map((r) => r.id).reverse());
    expect(backlog.every((c) => c.id <= dataOf(hello, 'ready').position)).toBe(true);
    stream.close();
  });

  it('resumes after a disconnect from the last id: no gap, no duplicate', async () => {
    const where = await point('350102004');
    const stream = await openSse(baseUrl(), district, 'incident.live', { areaCode: '350102004' });
    await stream.next(); // ready
    const first = await caseIds(await report(8, where, 'live-resume-1'));
    const before: { id: number; incidentId: number }[] = [];
    // Read part of the stream, then drop the connection mid-stream.
    await collect(stream, new Set(first.slice(0, 4)), before);
    stream.close();
    const last = before.at(-1)!.id;
    const second = await caseIds(await report(8, where, 'live-resume-2'));
    const resumed = await openSse(baseUrl(), district, 'incident.live', { areaCode: '350102004', lastEventId: String(last) });
    const ready = await resumed.next();
    expect(ready.data).toMatchObject({ kind: 'ready', position: last });
    const after: { id: number; incidentId: number }[] = [];
    const missing = [...first, ...second].filter((id) => !before.some((c) => c.incidentId === id));
    await collect(resumed, new Set(missing), after);
    resumed.close();
    const all = [...before, ...after];
    const ids = all.map((c) => c.id);
    expect(new Set(ids).size, 'no change twice').toBe(ids.length);
    expect([...ids].sort((a, b) => a - b), 'in id order').toEqual(ids);
    // Exactly the outbox rows of the street in that range: nothing missed in between.
    const { rows } = await t.pool.query<{ id: number }>(
      `SELECT id FROM incident_changes WHERE grid_code LIKE '350102004%' AND id >= $1 AND id <= $2 ORDER BY id`,
      [ids[0], ids.at(-1)],
    );
    expect(ids).toEqual(rows.map((r) => Number(r.id)));
    for (const id of [...first, ...second]) expect(all.some((c) => c.incidentId === id), `case ${id} arrived`).toBe(true);
  });

  it('sends only the caller\'s scope: a street operator does not get another street\'s cases', async () => {
    const street = await signIn('demo-street'); // 东街街道 350102004
    const stream = await openSse(baseUrl(), street, 'incident.live', {});
    expect((await stream.next()).data).toMatchObject({ kind: 'ready', areaCode: '350102004' });
    const { rows } = await t.pool.query<{ code: string }>(`SELECT code FROM areas WHERE level = 'street' AND parent_code = '350102' AND code <> '350102004' ORDER BY code LIMIT 1`);
    const [other] = await caseIds(await report(1, await point(rows[0].code), 'live-other-street'));
    const [mine] = await caseIds(await report(1, await point('350102004'), 'live-own-street'));
    const got: { id: number; incidentId: number }[] = [];
    await collect(stream, new Set([mine]), got);
    expect(got.some((c) => c.incidentId === other)).toBe(false);
    stream.close();
    // And an area outside the scope is refused before any event.
    const refused = await openSse(baseUrl(), street, 'incident.live', { areaCode: '350104' });
    const error = await refused.next();
    expect(error.event).toBe('serialized-error');
    expect(error.data).toMatchObject({ data: { code: 'FORBIDDEN', httpStatus: 403 } });
    expect(error.data).toMatchObject({ message: expect.stringMatching(/350104 lies outside your scope/) });
    refused.close();
  });

  it('refuses anonymous callers and malformed resume ids with an error event naming the problem', async () => {
    const anon = await openSse(baseUrl(), null, 'incident.live', {});
    expect((await anon.next()).data).toMatchObject({ message: 'sign in to use incident.live', data: { code: 'UNAUTHORIZED', httpStatus: 401 } });
    anon.close();
    const bad = await openSse(baseUrl(), district, 'incident.live', { lastEventId: 'abc' });
    const error = await bad.next();
    expect(error.event).toBe('serialized-error');
    expect(error.data).toMatchObject({ data: { code: 'BAD_REQUEST', httpStatus: 400 } });
    expect(error.data).toMatchObject({ message: expect.stringMatching(/lastEventId/) });
    bad.close();
  });
});

describe('the session behind a stream', () => {
  const PASSWORD = 'live-session-pass-1';
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** A district operator of its own, signed in, with an open stream of 东街街道 greeted. */
  async function streamOf(username: string) {
    const { rows } = await t.pool.query<{ id: number }>(
      `INSERT INTO accounts (username, display_name, role, scope_code, password_hash) VALUES ($1, $1, 'district_operator', '350102', $2)
       ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = 'district_operator', scope_code = '350102', disabled = false, failed_logins = 0, locked_until = NULL
       RETURNING id`,
      [username, await hashPassword(PASSWORD)],
    );
    const session = await signIn(username, PASSWORD);
    const stream = await openSse(baseUrl(), session, 'incident.live', { areaCode: '350102004' });
    expect((await stream.next()).data).toMatchObject({ kind: 'ready' });
    return { id: rows[0].id, session, stream };
  }

  /** The next event is the error that ends the stream: the session is over. */
  async function expectEnded(stream: Awaited<ReturnType<typeof openSse>>, timeoutMs: number) {
    const ev = await stream.next(timeoutMs);
    expect(ev.event, JSON.stringify(ev.data)).toBe('serialized-error');
    expect(ev.data).toMatchObject({ data: { code: 'UNAUTHORIZED' }, message: expect.stringMatching(/session ended/) });
    stream.close();
  }

  it('sends nothing more after a logout: the next change ends the stream instead', async () => {
    const { session, stream } = await streamOf('live-logout');
    const out = await fetch(`${baseUrl()}/trpc/auth.logout`, { method: 'POST', headers: { ...session.headers, 'content-type': 'application/json' }, body: '{}' });
    expect(out.status).toBe(200);
    await sleep(LIVE_BATCH_CHECK_MS + 300);
    await report(1, await point('350102004001'), 'live-after-logout');
    await expectEnded(stream, 10_000);
  });

  it('ends within its periodic check when the account is disabled, with no change happening', async () => {
    const { id, stream } = await streamOf('live-disabled');
    await (await t.callerAs('demo-admin')).admin.updateAccount({ id, disabled: true });
    const started = Date.now();
    await expectEnded(stream, LIVE_SESSION_CHECK_MS + 10_000);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, LIVE_SESSION_CHECK_MS + 30_000);

  it('ends when the account\'s scope changes', async () => {
    const { id, stream } = await streamOf('live-rescoped');
    await (await t.callerAs('demo-admin')).admin.updateAccount({ id, scopeCode: '350102001' });
    await sleep(LIVE_BATCH_CHECK_MS + 300);
    await report(1, await point('350102004001'), 'live-after-rescope');
    await expectEnded(stream, 10_000);
  });
});

describe('replay retention', () => {
  it(`replays at most the last ${LIVE_REPLAY_HOURS} h: "0" starts at the first change within them, and says so`, async () => {
    await report(1, await point('350102004001'), 'live-retention');
    await sequenced();
    // The oldest change is made two days old: outside what a stream replays.
    const { rows } = await t.pool.query<{ id: number }>(
      `UPDATE incident_changes SET at = now() - interval '48 hours' WHERE id = (SELECT min(id) FROM incident_changes WHERE id IS NOT NULL) RETURNING id::int AS id`,
    );
    const oldest = rows[0].id;
    const floor = await replayFloor(t.pool);
    expect(floor).toBeGreaterThanOrEqual(oldest);
    const stream = await openSse(baseUrl(), district, 'incident.live', { lastEventId: '0' });
    const ready = dataOf(await stream.next(), 'ready');
    expect(ready).toMatchObject({ position: floor, truncated: true });
    const first = dataOf(await stream.next(), 'changes').changes;
    expect(first[0].id).toBeGreaterThan(floor);
    stream.close();
    // A recent resume point is replayed in full, without the flag.
    const recent = await openSse(baseUrl(), district, 'incident.live', { lastEventId: String(floor + 1) });
    expect((await recent.next()).data).toMatchObject({ kind: 'ready', position: floor + 1, truncated: false });
    recent.close();
  });

  it('finds the window\'s first change by time', async () => {
    const [a] = await caseIds(await report(1, await point('350102004001'), 'live-window-a'));
    await sequenced();
    await new Promise((r) => setTimeout(r, 3000));
    const [b] = await caseIds(await report(1, await point('350102004001'), 'live-window-b'));
    await sequenced();
    const idOf = async (incident: number) => (await t.pool.query<{ id: number }>('SELECT max(id)::int AS id FROM incident_changes WHERE incident_id = $1', [incident])).rows[0].id;
    const floor = await replayFloor(t.pool, 2 / 3600); // the last 2 s
    expect(floor).toBeGreaterThanOrEqual(await idOf(a));
    expect(floor).toBeLessThan(await idOf(b));
  });
});

describe('the outbox', () => {
  it('numbers concurrent writes so that a reader never sees a smaller id appear later', async () => {
    const where = await point('350102004001');
    // Writers on several connections (on the embedded database they queue), a reader polling meanwhile.
    const pools = t.ctx.databaseKind === 'postgres' ? 6 : 2;
    const { default: pg } = await import('pg');
    const writers = Array.from({ length: pools }, () => new pg.Pool({ connectionString: t.ctx.pool.options.connectionString, max: 1 }));
    const start = (await t.pool.query<{ id: number | null }>('SELECT max(id)::int AS id FROM incident_changes')).rows[0].id ?? 0;
    let seenMax = start;
    const violations: number[] = [];
    const seenIds = new Set<number>();
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const { rows } = await t.pool.query<{ id: number }>('SELECT id::int AS id FROM incident_changes WHERE id > $1 ORDER BY id', [start]);
        for (const r of rows) if (r.id < seenMax && !seenIds.has(r.id)) violations.push(r.id);
        for (const r of rows) seenIds.add(r.id);
        seenMax = Math.max(seenMax, ...rows.map((r) => r.id));
      }
    })();
    await Promise.all(
      writers.map((pool, w) =>
        (async () => {
          for (let i = 0; i < 10; i++) await submitReport({ ...t.ctx, pool }, { typeCode: 'SJ0101', description: `outbox ${w}-${i}`, lng: where[0], lat: where[1] }, 'snapshot');
        })(),
      ),
    );
    await sequenced();
    writing = false;
    await reader;
    await Promise.all(writers.map((p) => p.end()));
    expect(violations, 'ids that became visible after a larger one').toEqual([]);
    const { rows } = await t.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_changes WHERE id > $1', [start]);
    expect(rows[0].n).toBeGreaterThanOrEqual(pools * 10);
  });
});

/** A whole sweep: the sweep escalates at most 200 cases a call, and the test database may hold more overdue ones. */
async function sweep() {
  const all: Awaited<ReturnType<typeof escalateOverdue>> = [];
  for (;;) {
    const done = await escalateOverdue(t.ctx);
    if (!done.length) return all;
    all.push(...done);
  }
}

describe('automatic escalation', () => {
  it('raises an overdue case one level, visibly on the case, and again when the next level lets it run over', async () => {
    const [caseNo] = await report(1, await point('350102004001'), 'overdue');
    const [id] = await caseIds([caseNo]);
    // Let the acceptance deadline pass (15–60 min for these types) by moving the stored deadline back.
    await t.pool.query(`UPDATE incidents SET stage_due_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    const first = (await sweep()).filter((e) => e.id === id);
    expect(first).toEqual([expect.objectContaining({ caseNo, from: 'community', to: 'street' })]);
    const detail = await (await t.callerAs('demo-street')).incident.byId({ id });
    expect(detail).toMatchObject({ level: 'street', callUpPending: true });
    expect(detail.events.at(-1)).toMatchObject({ action: 'escalate', actor: 'system' });
    // Still to be accepted: the street may now accept it (and acknowledge the call-up once registered).
    expect(detail.allowedActions).toContain('accept');
    // The street got the stage's limit anew: not escalated again at once.
    expect((await sweep()).some((e) => e.id === id)).toBe(false);
    const due = (await t.pool.query(`SELECT stage_due_at > now() AS future FROM incidents WHERE id = $1`, [id])).rows[0];
    expect(due.future).toBe(true);
    await t.pool.query(`UPDATE incidents SET stage_due_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    expect((await sweep()).filter((e) => e.id === id)).toEqual([expect.objectContaining({ from: 'street', to: 'district' })]);
    // The change reached the outbox for subscribers.
    const { rows } = await t.pool.query(`SELECT action FROM incident_changes WHERE incident_id = $1 ORDER BY seq`, [id]);
    expect(rows.map((r) => r.action)).toEqual(['intake', 'escalate', 'escalate']);
    // Cases at the top level and closed cases stay where they are.
    await t.pool.query(`UPDATE incidents SET level = 'city', stage_due_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    expect((await sweep()).some((e) => e.id === id)).toBe(false);
  });
});
