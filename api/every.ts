/**
 * The background loops (escalation and sensing sweeps, the simulators): run `step` every `everyMs` until stopped,
 * never two at once (a slow step makes the next ticks skip), on a timer that does not keep the process alive. A
 * failed step is logged as "<what> failed: <message>" and the next tick tries again. `firstAfterMs` runs the
 * first step sooner than a whole interval (0: at once). `step` gets `stopped()` to end a long step early.
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
  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      await step(isStopped);
    } catch (err) {
      log(`${what} failed: ${(err as Error).message}`);
    } finally {
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
