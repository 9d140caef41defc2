/** What one background loop (by its `what`) has done in this process: read by `GET /metrics`. */
export interface LoopStats {
  /** Steps that finished, and that threw. */
  ok: number;
  failed: number;
  /** Ticks skipped because the previous step was still running. */
  skipped: number;
  /** Duration of the latest finished step (ms) and when it ended (epoch ms); 0 before the first. */
  lastMs: number;
  lastAt: number;
}

const loops = new Map<string, LoopStats>();

/** The background loops of this process and what they have done, by `what` (loops with the same `what` add up). */
export function loopStats(): ReadonlyMap<string, Readonly<LoopStats>> {
  return loops;
}

/**
 * The background loops (escalation and sensing sweeps, the simulators): run `step` every `everyMs` until stopped,
 * never two at once (a slow step makes the next ticks skip), on a timer that does not keep the process alive. A
 * failed step is logged as "<what> failed: <message>" and the next tick tries again. `firstAfterMs` runs the
 * first step sooner than a whole interval (0: at once). `step` gets `stopped()` to end a long step early.
 * Each loop's steps are counted and timed (loopStats) for `GET /metrics`.
 */
export function every(
  everyMs: number,
  what: string,
  log: (m: string) => void,
  step: (stopped: () => boolean) => Promise<void>,
  firstAfterMs?: number,
): { stop(): void } {
  let busy = false;
  let stopped = false;
  const isStopped = () => stopped;
  const stats = loops.get(what) ?? { ok: 0, failed: 0, skipped: 0, lastMs: 0, lastAt: 0 };
  loops.set(what, stats);
  const tick = async () => {
    if (stopped) return;
    if (busy) {
      stats.skipped++;
      return;
    }
    busy = true;
    const started = performance.now();
    try {
      await step(isStopped);
      stats.ok++;
    } catch (err) {
      stats.failed++;
      log(`${what} failed: ${(err as Error).message}`);
    } finally {
      stats.lastMs = performance.now() - started;
      stats.lastAt = Date.now();
      busy = false;
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  const first = firstAfterMs === undefined ? null : setTimeout(tick, firstAfterMs);
  first?.unref();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
      if (first) clearTimeout(first);
    },
  };
}
