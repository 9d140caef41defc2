/**
 * The demo simulator (demo mode, SIMULATOR=off turns it off): live intake in 鼓楼区 across channels and case
 * types with a daily rhythm, and cases moved through the closed loop with plausible delays — accepted,
 * dispatched, taken, handled, verified (some fail and go back), rated (some badly, and are reopened), a few
 * rejected, and some left to run overdue so the escalation sweep raises them. It acts through the same code
 * as operators (store.ts) as its own accounts (sim-*), which are disabled: nobody can sign in as them.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { query, queryOne } from '../sql';
import type { SimulatorAccountRow } from '../sql/rows';
import { every, type Loop } from '../every';
import { hashPassword } from '../auth/passwords';
import type { SessionUser } from '../auth/session';
import { actOnCase, afterCaseCommit, intakeCase, type ActInput, type CaseWriter } from './store';
import type { CaseAction } from './workflow';
import type { CaseStatus } from '../../tiles/domain/cases';

const DISTRICT = '350102';
const SOURCES: [string, number][] = [['hotline_12345', 0.35], ['snapshot', 0.25], ['patrol', 0.25], ['iot', 0.1], ['video', 0.05]];
const DESCRIPTIONS: Record<string, string> = {
  hotline_12345: '市民来电反映：',
  snapshot: '随手拍：',
  patrol: '网格员巡查发现：',
  iot: '物联感知告警：',
  video: '视频智能识别：',
};

/** Cases per minute in 鼓楼区 by China hour: quieter at night, peaks mid-morning and afternoon (a lively demo). */
export function intakePerMinute(chinaHour: number): number {
  const rhythm = [0.8, 0.6, 0.6, 0.6, 0.6, 0.8, 1.2, 2.4, 4.4, 6, 6.4, 5.2, 3.6, 3.2, 4.8, 5.6, 5.2, 4.4, 3.2, 2.6, 2.2, 1.6, 1.2, 1];
  return rhythm[Math.floor(chinaHour) % 24];
}

function pick<T>(items: [T, number][]): T {
  let r = Math.random() * items.reduce((s, [, w]) => s + w, 0);
  for (const [item, w] of items) if ((r -= w) <= 0) return item;
  return items[items.length - 1][0];
}

/** A stable pseudo-random number in [0, 1) for a case in a state, so its delay does not change per tick. */
function stableRandom(id: number, salt: string): number {
  let h = 2166136261 ^ id;
  for (const ch of salt) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return ((h >>> 0) % 10_000) / 10_000;
}

/** Minutes a case waits in a status before the simulator moves it; about one in eight waits too long. */
export function delayMinutes(id: number, status: CaseStatus, level: string): number {
  const base: Record<string, [number, number]> = {
    reported: [1, 8], registered: [1, 10], dispatched: [2, 15], handling: [5, 45], verifying: [2, 12], closed: [2, 20],
  };
  const [lo, hi] = base[status] ?? [5, 30];
  const r = stableRandom(id, `${status}:${level}`);
  return r < 0.12 ? hi * 8 : lo + (hi - lo) * r;
}

interface SimUsers {
  operator: SessionUser;
  handlers: Map<string, SessionUser>;
}

/** The simulator's own accounts: disabled (no sign-in), demo, with an unusable random password. */
async function ensureSimUsers(pool: pg.Pool): Promise<SimUsers> {
  const departments = (await pool.query<{ code: string; name: string }>(`SELECT code, name FROM departments WHERE district_code = $1 ORDER BY code`, [DISTRICT])).rows;
  const wanted = [
    { username: 'sim-operator', displayName: '模拟：鼓楼区指挥中心', role: 'district_operator', department: null as string | null },
    ...departments.map((d) => ({ username: `sim-${d.code}`, displayName: `模拟：${d.name}`, role: 'department_handler', department: d.code })),
  ];
  const hash = await hashPassword(randomBytes(24).toString('base64url'));
  for (const w of wanted) {
    await query(pool, 'simulator-account-insert', [w.username, w.displayName, w.role, DISTRICT, w.department, hash]);
  }
  const rows = await query(pool, 'simulator-accounts');
  const user = (r: SimulatorAccountRow): SessionUser => ({
    id: r.id, username: r.username, displayName: r.display_name, role: r.role, scopeCode: DISTRICT, scopeName: '鼓楼区',
    departmentCode: r.department_code, departmentName: r.department_name, csrfToken: '',
  });
  const operator = rows.find((r) => r.username === 'sim-operator');
  if (!operator) throw new Error('the simulator account sim-operator is missing');
  const handlers = new Map<string, SessionUser>();
  for (const r of rows) if (r.department_code) handlers.set(r.department_code, user(r));
  return { operator: user(operator), handlers };
}

/** One new case at a random point of a random grid of the district. */
export async function simulateIntake(app: CaseWriter, users: SimUsers): Promise<number> {
  const source = pick(SOURCES);
  const p = await queryOne(app.pool, 'simulator-random-point', [DISTRICT]);
  if (!p) return 0;
  const registeredBy = source === 'hotline_12345' || source === 'patrol' ? users.operator : null;
  const made = await intakeCase(app.pool, {
    typeCode: p.type_code, source, priority: Math.random() < 0.1 ? 1 : Math.random() < 0.7 ? 2 : 3,
    description: `${DESCRIPTIONS[source]}${p.type_name}（模拟）`, lng: p.lng, lat: p.lat, registeredBy, scope: DISTRICT,
  });
  return made.repeated ? 0 : made.id;
}

/** The next step for a case the simulator is working, or null to leave it as it is. */
export function nextStep(c: { id: number; status: CaseStatus; level: string; call_up_pending: boolean; department_code: string | null; rating: number | null }): { action: CaseAction; as: 'operator' | 'handler'; extra?: Partial<ActInput> } | null {
  const r = stableRandom(c.id, `next:${c.status}:${c.level}`);
  if (c.call_up_pending) return c.level === 'district' ? { action: 'acknowledge', as: 'operator' } : null;
  switch (c.status) {
    case 'reported':
      return r < 0.05 ? { action: 'reject', as: 'operator', extra: { reason: '非城市管理事项，已告知来源渠道（模拟）' } } : { action: 'accept', as: 'operator' };
    case 'registered':
      return { action: 'dispatch', as: 'operator' };
    case 'dispatched':
      return r < 0.05 ? { action: 'return', as: 'handler', extra: { reason: '不属本单位职责（模拟）' } } : { action: 'take', as: 'handler' };
    case 'handling':
      return { action: 'report', as: 'handler', extra: { note: '已到场处置完毕（模拟）' } };
    case 'verifying':
      return r < 0.15 ? { action: 'verify_fail', as: 'operator', extra: { reason: '现场复核未达标（模拟）' } } : { action: 'verify_pass', as: 'operator' };
    case 'closed':
      if (c.rating !== null) return null;
      return { action: 'rate', as: 'operator', extra: { rating: r < 0.08 ? 2 : r < 0.25 ? 4 : 5 } };
    default:
      return null;
  }
}

/** Move the simulator's cases whose wait is over; returns how many moved. */
export async function simulateProgress(app: CaseWriter, users: SimUsers, limit = 20): Promise<number> {
  const rows = await query(app.pool, 'simulator-working', [DISTRICT]);
  let moved = 0;
  for (const c of rows) {
    if (moved >= limit) break;
    if (c.waited < delayMinutes(c.id, c.status, c.level)) continue;
    const step = nextStep(c);
    if (!step) continue;
    const user = step.as === 'operator' ? users.operator : c.department_code ? users.handlers.get(c.department_code) : undefined;
    if (!user) continue;
    try {
      const done = await actOnCase(app, user, '127.0.0.1', { id: c.id, version: c.version, action: step.action, ...step.extra });
      moved++;
      if (step.action === 'rate' && (step.extra?.rating ?? 5) <= 2) {
        await actOnCase(app, users.operator, '127.0.0.1', { id: c.id, version: done.version, action: 'reopen', reason: '群众评价不满意，重新办理（模拟）' });
      }
    } catch {
      // Someone else moved the case in between (a real operator, the sweep): leave it to them.
    }
  }
  return moved;
}

/** Run the simulator every `tickMs` until stopped, in one API process at a time (the lease's holder). */
export function startSimulator(app: CaseWriter, options: { log: (m: string) => void; tickMs?: number }): Loop {
  const tickMs = options.tickMs ?? 5000;
  let users: SimUsers | undefined;
  options.log('simulator on: live intake and case handling in 鼓楼区 (SIMULATOR=off turns it off)');
  return every(tickMs, 'simulator', options.log, async (stopped) => {
    users ??= await ensureSimUsers(app.pool);
    const chinaHour = (new Date().getUTCHours() + 8) % 24 + new Date().getUTCMinutes() / 60;
    const expected = (intakePerMinute(chinaHour) * tickMs) / 60_000;
    let n = Math.floor(expected) + (Math.random() < expected % 1 ? 1 : 0);
    while (n-- > 0 && !stopped()) await simulateIntake(app, users);
    if (!stopped()) await simulateProgress(app, users);
    afterCaseCommit(app);
  }, 1000, { db: app.pool });
}

export type { SimUsers };
export { ensureSimUsers };
