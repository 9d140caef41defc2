/**
 * The periodic sensing sweep: devices that missed their heartbeats go offline (with an alarm when recently
 * heard from), alarms whose case finished close, day partitions for the coming days exist and those past
 * retention are dropped.
 */
import { query } from '../sql';
import { every, type Loop } from '../every';
import { pruneRateLimits } from '../rate-limit';
import type { CaseWriter } from '../cases/store';
import { MISSED_HEARTBEATS } from '../../tiles/domain/sensing';
import { afterSensingCommit, closeResolvedAlarms } from './alarms';
import { maintainPartitions } from './telemetry-store';

export interface SweepResult {
  /** Devices that went offline, and the offline alarms raised for them. */
  offline: number;
  alarms: number;
  /** Alarms closed with their case. */
  closed: number;
  /** Telemetry day partitions dropped. */
  dropped: number;
}

/** One sweep. Every statement is safe to repeat, in any number of processes. */
export async function sensingSweep(app: CaseWriter, options: { retentionDays: number; now?: Date; missedHeartbeats?: number }): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const [{ offline, alarms }] = await query(app.pool, 'devices-offline', [now.toISOString(), options.missedHeartbeats ?? MISSED_HEARTBEATS]);
  const closed = await closeResolvedAlarms(app.pool, []);
  const dropped = await maintainPartitions(app.pool, now, options.retentionDays);
  await afterSensingCommit(app, { alarms: alarms > 0 || closed > 0, devices: offline > 0, cases: false });
  return { offline, alarms, closed, dropped };
}

/**
 * Run the sweep every `intervalMs`, the first at once, in one API process at a time (the lease's holder; every
 * statement is safe to repeat should two overlap). It also forgets rate-limit windows nobody uses any more.
 */
export function startSensingSweep(app: CaseWriter, intervalMs: number, retentionDays: number, log: (m: string) => void): Loop {
  return every(intervalMs, 'sensing sweep', log, async () => {
    const r = await sensingSweep(app, { retentionDays });
    if (r.offline || r.closed || r.dropped) log(`sensing: ${r.offline} devices went offline (${r.alarms} alarms), ${r.closed} alarms closed, ${r.dropped} old telemetry partitions dropped`);
    await pruneRateLimits(app.pool);
  }, 0, { db: app.pool });
}
