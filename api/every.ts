import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { queryOne, type Queryable } from './sql';

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
  /** Ticks left to another process, which holds the loop's lease; and whether this one held it at its latest tick. */
  standby: number;
  leader: boolean;
}

/** Which process runs a loop when several API processes share a database (table loop_leases). */
export interface LoopLease {
  db: Queryable;
  /** This process (PROCESS_ID); tests pose as several. */
  holder?: string;
  /** How long the lease lasts unrenewed (default: 3 ticks, at least 30 s); tests shorten it. */
  ms?: number;
}

/** This process, as a lease holder: host, pid and a random tag (a restarted process is a new holder). */
export const PROCESS_ID = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/**
 * A lease outlives a few missed ticks (and a busy event loop), and a process that died is replaced after it
 * lapses; one that stops hands it back at once.
 */
const leaseMsOf = (everyMs: number) => Math.max(3 * everyMs, 30_000);

export interface Loop {
  /** Ends the loop; with a lease, hands it back (another process takes over at its next tick). */
  stop(): Promise<void>;
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
 * With a `lease`, the step runs only in the one process holding the loop's lease (named `what`) in the database:
 * several API processes run each sweep and simulator once between them, and another takes over within
 * max(3 ticks, 30 s) of the holder dying (at once when it stops). The lease is renewed while a step runs; only a
 * holder whose event loop stalls longer than the lease can be overlapped, so steps stay safe to run twice (they
 * lock what they change).
 */
export function every(
  everyMs: number,
  what: string,
  log: (m: string) => void,
  step: (stopped: () => boolean) => Promise<void>,
  firstAfterMs?: number,
  lease?: LoopLease,
): Loop {
  let busy = false;
  let stopped = false;
  const isStopped = () => stopped;
  const stats = loops.get(what) ?? { ok: 0, failed: 0, skipped: 0, lastMs: 0, lastAt: 0, standby: 0, leader: false };
  loops.set(what, stats);
  const holder = lease?.holder ?? PROCESS_ID;
  const leaseMs = lease?.ms ?? leaseMsOf(everyMs);
  const tick = async () => {
    if (stopped) return;
    if (busy) {
      stats.skipped++;
      return;
    }
    busy = true;
    let started = performance.now();
    let renewal: NodeJS.Timeout | undefined;
    try {
      if (lease) {
        stats.leader = (await queryOne(lease.db, 'loop-lease-take', [what, holder, leaseMs])) !== undefined;
        if (!stats.leader) {
          stats.standby++;
          return;
        }
        started = performance.now();
        // A long step keeps its lease: renewed meanwhile, so no other process starts the loop alongside.
        renewal = setInterval(() => {
          if (!stopped) void queryOne(lease.db, 'loop-lease-take', [what, holder, leaseMs]).catch(() => {});
        }, leaseMs / 3);
        renewal.unref();
      }
      await step(isStopped);
      stats.ok++;
      stats.lastMs = performance.now() - started;
      stats.lastAt = Date.now();
    } catch (err) {
      stats.failed++;
      stats.lastMs = performance.now() - started;
      stats.lastAt = Date.now();
      log(`${what} failed: ${(err as Error).message}`);
    } finally {
      clearInterval(renewal);
      busy = false;
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  const first = firstAfterMs === undefined ? null : setTimeout(tick, firstAfterMs);
  first?.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (first) clearTimeout(first);
      if (lease && stats.leader) {
        stats.leader = false;
        await queryOne(lease.db, 'loop-lease-release', [what, holder]).catch(() => {});
      }
    },
  };
}
