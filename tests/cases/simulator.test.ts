/** The demo simulator: its rhythm, its accounts, its intake and how it moves cases through the loop. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../helpers';
import { delayMinutes, ensureSimUsers, intakePerMinute, nextStep, simulateIntake, simulateProgress } from '../../api/cases/simulator';

let t: Awaited<ReturnType<typeof createTestContext>>;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.pool.end();
});

describe('the simulator', () => {
  it('has a daily rhythm: busier mid-morning than at night', () => {
    expect(intakePerMinute(10)).toBeGreaterThan(intakePerMinute(3) * 4);
    expect(intakePerMinute(15.5)).toBeGreaterThan(intakePerMinute(12.5));
  });

  it('waits a stable, plausible time per case and stage, and lets some run long', () => {
    expect(delayMinutes(42, 'handling', 'community')).toBe(delayMinutes(42, 'handling', 'community'));
    const waits = Array.from({ length: 400 }, (_, id) => delayMinutes(id + 1, 'reported', 'community'));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1);
    const long = waits.filter((w) => w > 8).length / waits.length;
    expect(long).toBeGreaterThan(0.05);
    expect(long).toBeLessThan(0.25);
  });

  it('plans the next step of the loop, and leaves closed rated cases alone', () => {
    const base = { id: 7, level: 'community', call_up_pending: false, department_code: 'gl-cgj', rating: null };
    expect(nextStep({ ...base, status: 'registered' })).toMatchObject({ action: 'dispatch', as: 'operator' });
    expect(nextStep({ ...base, status: 'handling' })).toMatchObject({ action: 'report', as: 'handler' });
    expect(nextStep({ ...base, status: 'closed', rating: 5 })).toBeNull();
    expect(nextStep({ ...base, status: 'registered', level: 'district', call_up_pending: true })).toMatchObject({ action: 'acknowledge' });
  });

  it('reports cases in 鼓楼区 as its own disabled accounts, and moves them on when their wait is over', async () => {
    const users = await ensureSimUsers(t.pool);
    const { rows: accounts } = await t.pool.query(`SELECT username, disabled FROM accounts WHERE username LIKE 'sim-%'`);
    expect(accounts.length).toBeGreaterThan(3);
    expect(accounts.every((a) => a.disabled)).toBe(true);

    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await simulateIntake(t.ctx, users));
    const { rows: made } = await t.pool.query(`SELECT id, grid_code, status, stage_due_at FROM incidents WHERE id = ANY ($1)`, [ids]);
    expect(made).toHaveLength(6);
    expect(made.every((c) => c.grid_code.startsWith('350102') && c.stage_due_at !== null)).toBe(true);
    expect(made.every((c) => ['reported', 'registered'].includes(c.status))).toBe(true);

    // An hour later (and then some) every one of them is due for its next step.
    await t.pool.query(`UPDATE incidents SET stage_started_at = now() - interval '25 hours' WHERE id = ANY ($1)`, [ids]);
    const before = new Map(made.map((c) => [c.id, c.status]));
    let moved = 0;
    for (let round = 0; round < 5 && moved < 6; round++) moved += await simulateProgress(t.ctx, users, 500);
    const { rows: after } = await t.pool.query(`SELECT id, status FROM incidents WHERE id = ANY ($1)`, [ids]);
    const changed = after.filter((c) => c.status !== before.get(c.id));
    expect(changed.length).toBeGreaterThan(0);
    const { rows: events } = await t.pool.query(`SELECT DISTINCT actor FROM incident_events WHERE incident_id = ANY ($1) AND account_id IS NOT NULL`, [ids]);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.actor.startsWith('sim-'))).toBe(true);
  });
});
