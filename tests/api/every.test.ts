/** The background loop every sweep and simulator runs on: no overlap, failures logged and retried, a clean stop. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { every } from '../../api/every';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('every', () => {
  it('never runs two steps at once: a slow step makes the next ticks skip', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const loop = every(100, 'slow', () => {}, async () => {
      running++;
      runs++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 350));
      running--;
    });
    await vi.advanceTimersByTimeAsync(1000);
    loop.stop();
    expect(most).toBe(1);
    // Ticks at 100, 500 and 900 ms start steps; those in between find one running.
    expect(runs).toBe(3);
  });

  it('logs a failed step by name and tries again at the next tick', async () => {
    const log: string[] = [];
    let calls = 0;
    const loop = every(100, 'sensing sweep', (m) => log.push(m), async () => {
      calls++;
      if (calls === 1) throw new Error('database went away');
    });
    await vi.advanceTimersByTimeAsync(250);
    loop.stop();
    expect(log).toEqual(['sensing sweep failed: database went away']);
    expect(calls).toBe(2);
  });

  it('runs the first step early when asked, and nothing after stop', async () => {
    const at: number[] = [];
    const loop = every(1000, 'x', () => {}, async () => void at.push(Date.now()), 0);
    const start = Date.now();
    await vi.advanceTimersByTimeAsync(10);
    expect(at.map((t) => t - start)).toEqual([0]);
    let sawStop = false;
    const long = every(100, 'y', () => {}, async (stopped) => {
      await new Promise((r) => setTimeout(r, 500));
      sawStop = stopped();
    });
    await vi.advanceTimersByTimeAsync(150);
    long.stop();
    loop.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(at).toHaveLength(1);
    expect(sawStop).toBe(true);
  });
});
