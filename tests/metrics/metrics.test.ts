/**
 * The leaders' figures: the arithmetic, a hand-computed fixture of cases taken through the loop, the daily
 * rollup against an independent count of the raw cases and their event logs (after the simulator, reopenings
 * and merges wrote to the database), the scope rules, bad input and the exports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { baseUrl, codeOf, createTestContext, refusalOf, signIn, userFor } from '../helpers';
import { kpiReport, type KpiReport } from '../../api/metrics/service';
import { bucketsOf, kpisOf, medianFromBands, periodsOf, splitPeriod, yearBefore, ZERO_SUMS, type Kpis } from '../../api/metrics/kpis';
import { HANDLING_BANDS_HOURS, KPI, KPI_IDS } from '../../tiles/domain/metrics';
import { chinaDate, workingMinutesBetween, type WorkCalendar } from '../../api/cases/calendar';
import { workCalendar } from '../../api/cases/sla';
import { ensureSimUsers, simulateIntake, simulateProgress } from '../../api/cases/simulator';
import { intakeCase } from '../../api/cases/store';
import { Random } from '../../seed/random';

let t: Awaited<ReturnType<typeof createTestContext>>;
beforeAll(async () => {
  t = await createTestContext('demo-district');
});
afterAll(async () => {
  await t.pool.end();
});

const today = () => chinaDate(Date.now());

describe('KPI arithmetic', () => {
  it('defines every KPI once, with its formula in both languages, and computes each of them', () => {
    const k = kpisOf(ZERO_SUMS);
    for (const id of KPI_IDS) {
      expect(KPI[id].formula.zh.length).toBeGreaterThan(4);
      expect(KPI[id].formula.en.length).toBeGreaterThan(4);
      expect(k).toHaveProperty(id);
    }
    // No cases: counts are 0 and rates are "no data", not 0 %.
    expect(k.closeRate).toBeNull();
    expect(k.satisfaction).toBeNull();
    expect(k.reported).toBe(0);
  });

  it('computes rates, means and the interpolated median from the sums', () => {
    const k = kpisOf({ ...ZERO_SUMS, reported: 10, registered: 8, closed_of_reported: 6, closed: 5, closed_on_time: 4, handled_on_time: 5, reworked: 1, handling_minutes: 600, hb0: 1, hb1: 2, hb2: 2, rated: 4, rating_sum: 17, rating_good: 3 });
    expect(k.closeRate).toBe(6 / 8);
    expect(k.onTimeCloseRate).toBe(4 / 5);
    expect(k.onTimeHandleRate).toBe(1);
    expect(k.overdue).toBe(1);
    expect(k.reworkRate).toBe(1 / 5);
    expect(k.avgHandlingHours).toBe(2);
    expect(k.satisfaction).toBe(17 / 4);
    expect(k.satisfiedRate).toBe(3 / 4);
    // 5 cases: 1 in [0,1), 2 in [1,2), 2 in [2,4); the median (2.5th) lies 1.5/2 into [1,2).
    expect(k.medianHandlingHours).toBeCloseTo(1.75, 10);
    expect(medianFromBands([0, 0, 0, 0, 0, 0, 0, 3])).toBe(HANDLING_BANDS_HOURS[HANDLING_BANDS_HOURS.length - 1]);
    expect(medianFromBands([0, 0, 0, 0, 0, 0, 0, 0])).toBeNull();
  });

  it('compares a period with the as many days before it and with the same dates a year before', () => {
    expect(periodsOf('2026-11-01', '2026-11-30')).toEqual({
      current: { from: '2026-11-01', to: '2026-11-30' },
      previous: { from: '2026-10-02', to: '2026-10-31' },
      lastYear: { from: '2025-11-01', to: '2025-11-30' },
    });
    expect(yearBefore('2028-02-29')).toBe('2027-02-28');
  });

  it('reads whole months from the monthly rollups and the days around them from the daily one', () => {
    expect(splitPeriod('2026-10-01', '2026-10-31', true)).toEqual({ days: [], months: [['2026-10-01', '2026-10-01']] });
    expect(splitPeriod('2025-11-01', '2026-10-31', true)).toEqual({ days: [], months: [['2025-11-01', '2026-10-01']] });
    expect(splitPeriod('2026-08-31', '2026-09-30', true)).toEqual({ days: [['2026-08-31', '2026-08-31']], months: [['2026-09-01', '2026-09-01']] });
    expect(splitPeriod('2026-01-15', '2026-04-10', true)).toEqual({ days: [['2026-01-15', '2026-01-31'], ['2026-04-01', '2026-04-10']], months: [['2026-02-01', '2026-03-01']] });
    expect(splitPeriod('2026-02-03', '2026-02-20', true)).toEqual({ days: [['2026-02-03', '2026-02-20']], months: [] });
    expect(splitPeriod('2026-12-01', '2026-12-31', true)).toEqual({ days: [], months: [['2026-12-01', '2026-12-01']] });
    expect(splitPeriod('2026-10-01', '2026-10-31', false)).toEqual({ days: [['2026-10-01', '2026-10-31']], months: [] });
  });

  it('cuts a period into days, weeks from Monday and months, clipped to the period', () => {
    expect(bucketsOf('2026-11-04', '2026-11-17', 'week').map((b) => [b.start, b.end])).toEqual([
      ['2026-11-04', '2026-11-08'], ['2026-11-09', '2026-11-15'], ['2026-11-16', '2026-11-17'],
    ]);
    expect(bucketsOf('2026-01-15', '2026-03-02', 'month').map((b) => [b.start, b.end])).toEqual([
      ['2026-01-15', '2026-01-31'], ['2026-02-01', '2026-02-28'], ['2026-03-01', '2026-03-02'],
    ]);
    expect(bucketsOf('2026-11-01', '2026-11-30', 'day')).toHaveLength(30);
  });
});

describe('the working-time clock of the database', () => {
  it('counts the same working minutes as the case deadlines do (office hours, weekends, holidays, make-up days)', async () => {
    const calendar = await workCalendar(t.pool);
    const rng = new Random(7);
    const pairs: [Date, Date][] = [];
    for (let i = 0; i < 300; i++) {
      const a = Date.parse('2025-12-20T00:00:00Z') + rng.range(0, 330) * 86_400_000;
      pairs.push([new Date(Math.round(a / 1000) * 1000), new Date(Math.round((a + rng.range(0, rng.chance(0.5) ? 1 : 20) * 86_400_000) / 1000) * 1000)]);
    }
    const { rows } = await t.pool.query<{ m: number }>(
      'SELECT working_minutes(a, b) AS m FROM unnest($1::timestamptz[], $2::timestamptz[]) WITH ORDINALITY AS x(a, b, n) ORDER BY n',
      [pairs.map((p) => p[0].toISOString()), pairs.map((p) => p[1].toISOString())],
    );
    rows.forEach((r, i) => expect(r.m, `${pairs[i][0].toISOString()} → ${pairs[i][1].toISOString()}`).toBeCloseTo(workingMinutesBetween(pairs[i][0], pairs[i][1], calendar), 6));
  });
});

// ─── An independent count of the raw cases ────────────────────────────────────────────────────────────────

interface RawCounts {
  reported: number; registered: number; dispatched: number; closedOfReported: number; closed: number; closedOnTime: number;
  handledOnTime: number; reworked: number; handlingMinutes: number; rated: number; ratingSum: number; ratingGood: number;
  escalations: number; callUps: number; bySource: Record<string, number>;
}

/** The figures of an area and period counted from incidents and incident_events, as the KPI definitions say in words. */
async function countRaw(pool: pg.Pool | pg.ClientBase, area: string, from: string, to: string, department: string | null, calendar: WorkCalendar): Promise<RawCounts> {
  const { rows: cases } = await pool.query(
    `SELECT i.id, i.source, i.status, i.reported_at, i.closed_at, s.handle_minutes, s.handle_calendar, s.verify_minutes
     FROM incidents i LEFT JOIN case_slas s ON s.type_code = i.type_code
     WHERE i.grid_code LIKE $1 || '%' AND ($2::text IS NULL OR i.department_code = $2)`,
    [area, department],
  );
  const { rows: events } = await pool.query(
    `SELECT incident_id, at, action, to_status, detail FROM incident_events WHERE incident_id = ANY ($1) ORDER BY id`,
    [cases.map((c) => c.id)],
  );
  const byCase = new Map<number, typeof events>();
  for (const e of events) byCase.set(e.incident_id, [...(byCase.get(e.incident_id) ?? []), e]);
  const inPeriod = (at: Date) => {
    const d = chinaDate(at);
    return d >= from && d <= to;
  };
  const out: RawCounts = { reported: 0, registered: 0, dispatched: 0, closedOfReported: 0, closed: 0, closedOnTime: 0, handledOnTime: 0, reworked: 0, handlingMinutes: 0, rated: 0, ratingSum: 0, ratingGood: 0, escalations: 0, callUps: 0, bySource: {} };
  for (const c of cases) {
    const ev = byCase.get(c.id) ?? [];
    if (inPeriod(c.reported_at)) {
      out.reported++;
      out.bySource[c.source] = (out.bySource[c.source] ?? 0) + 1;
      if (ev.some((e) => e.to_status === 'registered')) out.registered++;
      if (ev.some((e) => e.to_status === 'dispatched')) out.dispatched++;
      if (c.status === 'closed') out.closedOfReported++;
    }
    if (c.status === 'closed' && c.closed_at && inPeriod(c.closed_at)) {
      out.closed++;
      const dispatches = ev.filter((e) => e.to_status === 'dispatched').map((e) => +e.at);
      const reports = ev.filter((e) => e.action === 'report').map((e) => +e.at);
      const firstDispatch = dispatches.length ? Math.min(...dispatches) : null;
      const lastReport = reports.length ? Math.max(...reports) : null;
      const reworked = ev.some((e) => e.action === 'verify_fail' || e.action === 'reopen');
      let handled = true;
      if (c.handle_minutes !== null) {
        if (firstDispatch === null || lastReport === null) handled = false;
        else if (c.handle_calendar === 'natural') handled = lastReport <= firstDispatch + c.handle_minutes * 60_000;
        else handled = workingMinutesBetween(new Date(firstDispatch), new Date(lastReport), calendar) <= c.handle_minutes;
      }
      const verified = c.verify_minutes === null || (lastReport !== null && +c.closed_at <= lastReport + c.verify_minutes * 60_000);
      if (handled) out.handledOnTime++;
      if (handled && verified && !reworked) out.closedOnTime++;
      if (reworked) out.reworked++;
      if (firstDispatch !== null) out.handlingMinutes += workingMinutesBetween(new Date(firstDispatch), c.closed_at, calendar);
    }
    for (const e of ev) {
      if (!inPeriod(e.at)) continue;
      if (e.action === 'rate') {
        out.rated++;
        out.ratingSum += Number(e.detail.rating);
        if (Number(e.detail.rating) >= 4) out.ratingGood++;
      }
      if (e.action === 'escalate') out.escalations++;
      if (e.action === 'call_up') out.callUps++;
    }
  }
  return out;
}

function expectSameFigures(k: Kpis, raw: RawCounts, what: string) {
  expect({ reported: k.reported, registered: k.registered, dispatched: k.dispatched, closed: k.closed, closedOnTime: k.closedOnTime, overdue: k.overdue, rated: k.rated, escalations: k.escalations, callUps: k.callUps }, what).toEqual({
    reported: raw.reported, registered: raw.registered, dispatched: raw.dispatched, closed: raw.closed, closedOnTime: raw.closedOnTime,
    overdue: raw.closed - raw.closedOnTime, rated: raw.rated, escalations: raw.escalations, callUps: raw.callUps,
  });
  expect(k.bySource, what).toEqual(raw.bySource);
  const rate = (a: number, b: number) => (b ? a / b : null);
  const close = (a: number | null, b: number | null) => (b === null ? expect(a, what).toBeNull() : expect(a, what).toBeCloseTo(b, 6));
  close(k.closeRate, rate(raw.closedOfReported, raw.registered));
  close(k.onTimeHandleRate, rate(raw.handledOnTime, raw.closed));
  close(k.onTimeCloseRate, rate(raw.closedOnTime, raw.closed));
  close(k.reworkRate, rate(raw.reworked, raw.closed));
  close(k.satisfaction, rate(raw.ratingSum, raw.rated));
  close(k.satisfiedRate, rate(raw.ratingGood, raw.rated));
  if (raw.closed) expect(k.avgHandlingHours, what).toBeCloseTo(raw.handlingMinutes / raw.closed / 60, 4);
  else expect(k.avgHandlingHours, what).toBeNull();
}

describe('a hand-computed fixture', () => {
  it('counts four cases taken through the loop today exactly as the definitions say', async () => {
    const district = t.caller;
    const dept = await t.callerAs('demo-dept'); // 鼓楼区城市管理局 gl-cgj
    // The last grid of 鼓楼区 where nothing has happened today (no other test reports there; a rerun on the same database moves on).
    const { rows: [g] } = await t.pool.query(
      `SELECT a.code, ST_X(ST_PointOnSurface(a.geom)) AS lng, ST_Y(ST_PointOnSurface(a.geom)) AS lat FROM areas a
       WHERE a.level = 'grid' AND a.code LIKE '350102%'
         AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.grid_code = a.code AND i.reported_at > now() - interval '2 days')
       ORDER BY a.code DESC LIMIT 1`,
    );
    const day = today();
    const before = await district.metrics.kpis({ areaCode: g.code, from: day, to: day });
    expect(before.kpis.reported).toBe(0);
    const make = () => district.incident.create({ typeCode: 'SJ0101', source: 'patrol', description: '指标测试：暴露垃圾', lng: g.lng, lat: g.lat });
    const act = async (who: typeof district, id: number, action: string, extra: Record<string, unknown> = {}) => {
      const c = await district.incident.byId({ id });
      return who.incident.act({ id, version: c.version, action: action as never, ...extra });
    };
    // A: registered, waiting.  B: closed on time, rated 5.  C: failed a verification, closed, rated 2.  D: a resident's report, rejected.
    const a = await make();
    const b = await make();
    const c = await make();
    for (const id of [b.id, c.id]) {
      await act(district, id, 'dispatch', { departmentCode: 'gl-cgj' });
      await act(dept, id, 'take');
      await act(dept, id, 'report', { note: '已清理' });
    }
    await act(district, b.id, 'verify_pass');
    await act(district, c.id, 'verify_fail', { reason: '仍有残留' });
    await act(dept, c.id, 'report', { note: '再次清理' });
    await act(district, c.id, 'verify_pass');
    await act(district, b.id, 'rate', { rating: 5 });
    await act(district, c.id, 'rate', { rating: 2 });
    const d = await intakeCase(t.pool, { typeCode: 'SJ0101', source: 'snapshot', priority: 3, description: '指标测试：随手拍', lng: g.lng, lat: g.lat, registeredBy: null, scope: '' });
    if (d.repeated) throw new Error('unexpected repeat');
    await act(district, d.id, 'reject', { reason: '重复上报' });

    const r = await district.metrics.kpis({ areaCode: g.code, from: day, to: day });
    expect(r.kpis).toMatchObject({
      reported: 4, registered: 3, dispatched: 2, closed: 2, closedOnTime: 1, overdue: 1, rated: 2, escalations: 0, callUps: 0,
      closeRate: 2 / 3, onTimeHandleRate: 1, onTimeCloseRate: 1 / 2, reworkRate: 1 / 2, satisfaction: 3.5, satisfiedRate: 0.5,
      bySource: { patrol: 3, snapshot: 1 },
    });
    // Handling time: working hours from each dispatch to its closure.
    const calendar = await workCalendar(t.pool);
    const { rows: spans } = await t.pool.query(
      `SELECT min(e.at) FILTER (WHERE e.to_status = 'dispatched') AS d, i.closed_at AS c FROM incidents i JOIN incident_events e ON e.incident_id = i.id WHERE i.id = ANY ($1) GROUP BY i.id`,
      [[b.id, c.id]],
    );
    const hours = spans.reduce((s, x) => s + workingMinutesBetween(x.d, x.c, calendar), 0) / 60 / 2;
    expect(r.kpis.avgHandlingHours).toBeCloseTo(hours, 4);
    // The unit's own figures: only B and C are its cases.
    const unit = await district.metrics.kpis({ areaCode: g.code, from: day, to: day, departmentCode: 'gl-cgj' });
    expect(unit.kpis).toMatchObject({ reported: 2, closed: 2, closedOnTime: 1 });
    // Each count lists exactly its cases.
    for (const [measure, ids] of [['reported', [a.id, b.id, c.id, d.id]], ['closed', [b.id, c.id]], ['closedOnTime', [b.id]], ['overdue', [c.id]], ['reworked', [c.id]], ['registered', [a.id, b.id, c.id]]] as const) {
      const list = await district.incident.list({ areaCode: g.code, metric: { measure, from: day, to: day } });
      expect(list.items.map((x) => x.id).sort(), measure).toEqual([...ids].sort());
      expect(list.total).toBe(list.items.length);
    }
    // Reopening C by a bad rating takes it out of "closed" until it is closed again.
    await act(district, c.id, 'reopen', { reason: '群众不满意' });
    const reopened = await district.metrics.kpis({ areaCode: g.code, from: day, to: day });
    expect(reopened.kpis).toMatchObject({ closed: 1, closedOnTime: 1, overdue: 0, rated: 2 });
    expect(reopened.kpis.closeRate).toBeCloseTo(1 / 3, 10);
  });
});

describe('the daily rollup', () => {
  it('equals the raw count for random areas, units and periods after the simulator, reopenings and merges wrote cases', async () => {
    const users = await ensureSimUsers(t.pool);
    const app = t.ctx;
    // The simulator writes: new cases, and every one of its cases moved on, several rounds, two writers at once.
    const made: number[] = [];
    for (let i = 0; i < 24; i++) made.push(await simulateIntake(app, users));
    for (let round = 0; round < 8; round++) {
      await t.pool.query(`UPDATE incidents SET stage_started_at = now() - interval '3 days' WHERE id = ANY ($1)`, [made]);
      await Promise.all([simulateProgress(app, users, 500), simulateProgress(app, users, 500)]);
    }
    // Merges and reopenings by an operator.
    const { rows: live } = await t.pool.query(`SELECT id, type_code, version FROM incidents WHERE id = ANY ($1) AND status IN ('reported', 'registered') ORDER BY id`, [made]);
    const { rows: closed } = await t.pool.query(`SELECT id, version FROM incidents WHERE id = ANY ($1) AND status = 'closed' ORDER BY id LIMIT 3`, [made]);
    for (const c of closed) await t.caller.incident.act({ id: c.id, version: c.version, action: 'reopen', reason: '回访不满意' });
    const into = await t.caller.incident.create({ typeCode: live[0]?.type_code ?? 'SJ0101', source: 'patrol', description: '合并目标', lng: 119.3, lat: 26.08 }).catch(() => null);
    if (live[0] && into) {
      const c = await t.caller.incident.byId({ id: live[0].id });
      await t.caller.incident.act({ id: c.id, version: c.version, action: 'merge', intoId: into.id });
    }
    const calendar = await workCalendar(t.pool);
    const { rows: areas } = await t.pool.query<{ code: string }>(
      `(SELECT code FROM areas WHERE code LIKE '350102%' AND level = 'street' ORDER BY random() LIMIT 2)
       UNION ALL (SELECT code FROM areas WHERE code LIKE '350102%' AND level = 'community' ORDER BY random() LIMIT 2)
       UNION ALL (SELECT code FROM areas WHERE code IN ('3501', '350102', '350104'))`,
    );
    const rng = new Random(11);
    const day = today();
    const admin = await t.callerAs('demo-admin');
    const adminUser = await userFor(t.pool, 'demo-admin');
    for (const { code } of areas) {
      // Today (where the writes went), a random past period, and whole months (the monthly rollups' part).
      for (let i = 0; i < 3; i++) {
        const span = rng.pick([1, 7, 31, 92]);
        let to = i === 0 ? day : chinaDate(Date.parse('2026-11-20T00:00:00+08:00') - rng.int(0, 300) * 86_400_000);
        let from = chinaDate(Date.parse(`${to}T00:00:00+08:00`) - (span - 1) * 86_400_000);
        if (i === 2) [from, to] = rng.pick([['2026-08-01', '2026-10-31'], ['2025-12-15', '2026-12-31'], ['2026-11-01', '2026-12-31']]);
        const department = code.startsWith('350102') ? rng.pick([null, null, 'gl-cgj', 'gl-sw']) : null;
        const what = `${code} ${from}..${to} ${department ?? 'all units'}`;
        // Both read one snapshot: other suites write cases meanwhile.
        const client = await t.pool.connect();
        let r: KpiReport;
        let raw: RawCounts;
        try {
          await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
          r = await kpiReport(client, adminUser, { areaCode: code, from, to, ...(department ? { departmentCode: department } : {}) });
          raw = await countRaw(client, code, from, to, department, calendar);
        } finally {
          await client.query('COMMIT');
          client.release();
        }
        expectSameFigures(r.kpis, raw, what);
        // The ranking's sub-areas add up to the area; the trend's buckets too.
        if (!department && r.children.length) expect(r.children.reduce((s, c) => s + c.kpis.reported, 0), what).toBe(r.kpis.reported);
        // The trend's buckets add up to the period (historical periods: nothing writes there any more).
        if (to < day) {
          const trend = await admin.metrics.trend({ areaCode: code, from, to, bucket: rng.pick(['day', 'week', 'month'] as const), ...(department ? { departmentCode: department } : {}) });
          expect(trend.buckets.reduce((s, b) => s + b.closed, 0), what).toBe(r.kpis.closed);
          expect(trend.buckets.reduce((s, b) => s + b.reported, 0), what).toBe(r.kpis.reported);
        }
      }
    }
  });

  it('keeps a year of history before the last month, so year-on-year has something to compare', async () => {
    const r = await t.caller.metrics.kpis({ areaCode: '350102', from: '2026-10-01', to: '2026-10-31' });
    expect(r.lastYear).toMatchObject({ from: '2025-10-01', to: '2025-10-31' });
    expect(r.lastYear.kpis.reported).toBeGreaterThan(0);
    expect(r.previous.kpis.reported).toBeGreaterThan(0);
    expect(r.kpis.rated).toBeGreaterThan(0);
    expect(r.kpis.onTimeCloseRate).toBeGreaterThan(0.5);
    expect(r.kpis.reworkRate).toBeGreaterThan(0);
    expect(r.topTypes.length).toBeGreaterThan(3);
  });
});

describe('scope, units and bad input', () => {
  it('gives an area above the caller only its totals, and refuses areas beside it', async () => {
    const street = await t.callerAs('demo-street'); // 东街街道 350102004
    const district = await street.metrics.kpis({ areaCode: '350102', from: '2026-10-01', to: '2026-10-31' });
    const full = await t.caller.metrics.kpis({ areaCode: '350102', from: '2026-10-01', to: '2026-10-31' });
    expect(district.totalsOnly).toBe(true);
    expect(district.children).toEqual([]);
    expect(district.kpis.reported).toBe(full.kpis.reported);
    expect(full.totalsOnly).toBe(false);
    expect(full.children.length).toBeGreaterThan(5);
    const own = await street.metrics.kpis({ areaCode: '350102004', from: '2026-10-01', to: '2026-10-31' });
    expect(own.children.length).toBeGreaterThan(0);
    // A breakdown above one's scope (units, hot spots) covers one's own part only.
    const units = await street.metrics.departments({ areaCode: '350102', from: '2026-10-01', to: '2026-10-31' });
    expect(units.areaCode).toBe('350102004');
    const spots = await street.metrics.hotspots({ areaCode: '350102', from: '2026-10-01', to: '2026-10-31' });
    expect(spots.areaCode).toBe('350102004');
    expect(await codeOf(street.metrics.kpis({ areaCode: '350104', from: '2026-10-01', to: '2026-10-31' }))).toBe('FORBIDDEN');
    expect(await codeOf((await t.callerAs(null)).metrics.kpis({ areaCode: '350102', from: '2026-10-01', to: '2026-10-31' }))).toBe('UNAUTHORIZED');
  });

  it("limits a department handler to its own unit's figures", async () => {
    const dept = await t.callerAs('demo-dept');
    const mine = await dept.metrics.kpis({ areaCode: '350102', from: '2026-10-01', to: '2026-10-31' });
    const asked = await t.caller.metrics.kpis({ areaCode: '350102', from: '2026-10-01', to: '2026-10-31', departmentCode: 'gl-cgj' });
    expect(mine.departmentCode).toBe('gl-cgj');
    expect(mine.kpis.reported).toBe(asked.kpis.reported);
    expect(await refusalOf(dept.metrics.kpis({ areaCode: '350102', from: '2026-10-01', to: '2026-10-31', departmentCode: 'gl-sw' }))).toMatch(/FORBIDDEN.*own department/s);
    const units = await dept.metrics.departments({ areaCode: '350102', from: '2026-10-01', to: '2026-10-31' });
    expect(units.departments.map((d) => d.code)).toEqual(['gl-cgj']);
  });

  it('names the bad field: reversed or overlong periods, impossible days, unknown areas', async () => {
    expect(await refusalOf(t.caller.metrics.kpis({ areaCode: '350102', from: '2026-10-31', to: '2026-10-01' }))).toMatch(/BAD_REQUEST.*to.*before from/s);
    expect(await refusalOf(t.caller.metrics.kpis({ areaCode: '350102', from: '2020-01-01', to: '2026-10-01' }))).toMatch(/BAD_REQUEST.*at most/s);
    expect(await refusalOf(t.caller.metrics.kpis({ areaCode: '350102', from: '2026-02-30', to: '2026-03-01' }))).toMatch(/BAD_REQUEST.*from.*no such day/s);
    expect(await refusalOf(t.caller.metrics.trend({ areaCode: '350102', from: '2026-10-01', to: '2026-10-31', bucket: 'hour' as never }))).toMatch(/BAD_REQUEST.*bucket/s);
    expect(await refusalOf(t.caller.metrics.kpis({ areaCode: '350102999', from: '2026-10-01', to: '2026-10-31' }))).toMatch(/NOT_FOUND.*350102999/s);
  });
});

describe('exports', () => {
  it('writes an XLSX that holds the figures the API gives, with Chinese headers, numbers and percentages; audited', async () => {
    const s = await signIn('demo-leader');
    const q = 'areaCode=350102&from=2026-10-01&to=2026-10-31';
    const res = await fetch(`${baseUrl()}/api/exports/metrics.xlsx?${q}`, { headers: { cookie: s.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['指标', '下级排名', '责任单位', '日趋势']);
    const api = await t.caller.metrics.kpis({ areaCode: '350102', from: '2026-10-01', to: '2026-10-31' });
    const sheet = book.getWorksheet('指标')!;
    const rowOf = (id: string) => {
      let found: ExcelJS.Row | undefined;
      sheet.eachRow((r) => {
        if (r.getCell(2).value === id) found = r;
      });
      return found!;
    };
    expect(sheet.getRow(1).getCell(1).value).toBe('指标');
    expect(rowOf('reported').getCell(3).value).toBe(api.kpis.reported);
    expect(rowOf('reported').getCell(1).value).toBe('上报');
    expect(rowOf('onTimeCloseRate').getCell(3).value).toBeCloseTo(api.kpis.onTimeCloseRate!, 10);
    expect(rowOf('onTimeCloseRate').getCell(3).numFmt).toBe('0.0%');
    expect(rowOf('reported').getCell(6).value).toBe(api.lastYear.kpis.reported);
    const ranking = book.getWorksheet('下级排名')!;
    expect(ranking.rowCount - 1).toBe(api.children.length);
    expect(ranking.getRow(2).getCell(1).value).toBe(api.children[0].code);
    expect(ranking.getRow(2).getCell(3).value).toBe(api.children[0].kpis.reported);
    const days = book.getWorksheet('日趋势')!;
    let sum = 0;
    days.eachRow((r, n) => {
      if (n > 1) sum += Number(r.getCell(2).value);
    });
    expect(days.rowCount - 1).toBe(31);
    expect(sum).toBe(api.kpis.reported);
    const { rows } = await t.pool.query(`SELECT action, area_code FROM audit_log WHERE action = 'metrics.export' ORDER BY id DESC LIMIT 1`);
    expect(rows[0]).toMatchObject({ action: 'metrics.export', area_code: '350102' });
  });

  it('writes a CSV, and refuses strangers, other areas and bad periods with a message', async () => {
    const s = await signIn('demo-leader');
    const csv = await fetch(`${baseUrl()}/api/exports/metrics.csv?areaCode=350102&from=2026-10-01&to=2026-10-31`, { headers: { cookie: s.cookie } });
    expect(csv.status).toBe(200);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM: spreadsheet apps read it as UTF-8
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('指标,公式')).toBe(true);
    expect(text).toContain('按期结案率');
    const anon = await fetch(`${baseUrl()}/api/exports/metrics.xlsx?areaCode=350102&from=2026-10-01&to=2026-10-31`);
    expect(anon.status).toBe(401);
    const other = await fetch(`${baseUrl()}/api/exports/metrics.xlsx?areaCode=350104&from=2026-10-01&to=2026-10-31`, { headers: { cookie: s.cookie } });
    expect(other.status).toBe(403);
    const bad = await fetch(`${baseUrl()}/api/exports/metrics.xlsx?areaCode=350102&from=2026-10-31&to=2026-10-01`, { headers: { cookie: s.cookie } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/to.*before from/);
    const unknown = await fetch(`${baseUrl()}/api/exports/metrics.pdf?areaCode=350102&from=2026-10-01&to=2026-10-31`, { headers: { cookie: s.cookie } });
    expect(unknown.status).toBe(404);
  });
});

describe('the README', () => {
  it('shows every KPI with the same formula the dashboard and the export show', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const id of KPI_IDS) expect(readme, id).toContain(`| \`${id}\` | ${KPI[id].zh} ${KPI[id].en} | ${KPI[id].formula.zh} | ${KPI[id].formula.en} |`);
  });
});
