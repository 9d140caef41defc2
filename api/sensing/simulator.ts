/**
 * The sensors of the demo (demo mode; SIMULATOR=off turns it off): every device reports on its heartbeat with
 * plausible values (daily rhythms, parking filling by day), one in fifty stays silent and goes offline, and
 * now and then in 鼓楼区 a device breaks a rule (smoke, an open manhole cover, a full bin, a cracking old
 * house …) or an AI camera spots something — alarms that open cases the case simulator then works. It sends
 * everything through the same ingest as real gateways.
 */
import type pg from 'pg';
import { query, queryOne } from '../sql';
import { every, type Loop } from '../every';
import type { CaseWriter } from '../cases/store';
import { DEVICE_KINDS, METRICS, type DeviceKind, type LastValue, type MetricKey, type VideoEventKind } from '../../tiles/domain/sensing';
import { ingestTelemetry } from './ingest';
import { ingestVideoEvents } from './video-events';

const DISTRICT = '350102';
/** Devices reporting per tick at most (a restart after a pause catches up over a few minutes). */
const PER_TICK = 400;

/** 0 at 03:00, 1 at 15:00 China time. */
function dayCurve(at: Date): number {
  const h = (at.getUTCHours() + 8) % 24 + at.getUTCMinutes() / 60;
  return 0.5 - 0.5 * Math.cos((2 * Math.PI * (h - 3)) / 24);
}

const round = (v: number) => Math.round(v * 100) / 100;

/** An everyday value of a metric: near the last one for slow quantities, from the daily rhythm for the rest. */
export function everydayValue(metric: MetricKey, at: Date, last: LastValue | undefined, capacity: number | null): number {
  const [lo, hi] = METRICS[metric].normal;
  const day = dayCurve(at);
  const h = (at.getUTCHours() + 8) % 24;
  switch (metric) {
    case 'temperature': return round(18 + 8 * day + 2 * Math.random());
    case 'noise': return round(44 + 18 * day + 5 * Math.random());
    case 'pm25': return round(22 + 25 * Math.random() + 12 * day);
    case 'rain': return Math.random() < 0.05 ? round(8 * Math.random()) : 0;
    case 'fill': return round(5 + (75 * (((h + 6) % 12) + at.getUTCMinutes() / 60)) / 12 + 4 * Math.random());
    case 'passages': return Math.round(70 * day * Math.random() + 4 * Math.random());
    case 'power': return h >= 18 || h < 6 ? round(120 + 40 * Math.random()) : 0;
    case 'lamp_fault': return 0;
    case 'occupied': {
      const cap = capacity ?? 100;
      const target = cap * (0.3 + 0.5 * day);
      const prev = last?.v ?? target;
      return Math.max(0, Math.min(cap, Math.round(prev + (target - prev) * 0.3 + (Math.random() - 0.5) * cap * 0.06)));
    }
    case 'building_tilt':
    case 'crack':
      // Slow: stays where it was, with sensor noise.
      return round(Math.max(lo, Math.min(hi, (last?.v ?? lo + (hi - lo) / 2) + (Math.random() - 0.5) * 0.02)));
    default: return round(lo + (hi - lo) * Math.random() * Math.random());
  }
}

/** A value that breaks the kind's first rule with a threshold (the alarms of the demo). */
const BREACH: Partial<Record<DeviceKind, () => Partial<Record<MetricKey, number>>>> = {
  smoke: () => ({ smoke: round(12 + 30 * Math.random()) }),
  fire: () => ({ temperature: round(60 + 20 * Math.random()) }),
  manhole: () => ({ tilt: round(20 + 50 * Math.random()) }),
  garbage: () => ({ fill: round(91 + 8 * Math.random()) }),
  building_safety: () => (Math.random() < 0.5 ? { crack: round(1.6 + Math.random()) } : { building_tilt: round(7.2 + Math.random()) }),
  lamp: () => ({ lamp_fault: 1, power: 0 }),
  environment: () => ({ noise: round(86 + 8 * Math.random()) }),
};
const BREACH_WEIGHTS: [DeviceKind, number][] = [['garbage', 5], ['manhole', 3], ['lamp', 3], ['environment', 2], ['building_safety', 1.5], ['smoke', 1], ['fire', 0.5]];

function pick<T>(items: [T, number][]): T {
  let r = Math.random() * items.reduce((s, [, w]) => s + w, 0);
  for (const [item, w] of items) if ((r -= w) <= 0) return item;
  return items[items.length - 1][0];
}

/** One round: due heartbeats with everyday values. Returns how many devices reported. */
export async function simulateHeartbeats(app: CaseWriter, retentionDays: number, limit = PER_TICK): Promise<number> {
  const rows = await query(app.pool, 'simulator-devices-due', [limit]);
  if (!rows.length) return 0;
  const now = new Date();
  const readings = rows.map((d) => ({
    device: d.code,
    at: now.toISOString(),
    values: Object.fromEntries(DEVICE_KINDS[d.kind].metrics.map((m) => [m, everydayValue(m, now, d.last_values[m], d.capacity)])),
  }));
  await ingestTelemetry(app, { readings }, { retentionDays });
  return rows.length;
}

/** A device in the district breaks a rule. Returns the ingest's alarms. */
export async function simulateAlarm(app: CaseWriter, retentionDays: number, kind: DeviceKind = pick(BREACH_WEIGHTS)) {
  const device = await queryOne(app.pool, 'simulator-alarm-source', [DISTRICT, [kind]]);
  if (!device) return [];
  const result = await ingestTelemetry(app, { readings: [{ device: device.code, values: BREACH[kind]!() }] }, { retentionDays });
  return result.alarms;
}

/** An AI camera in the district spots something. */
export async function simulateVideoEvent(pool: pg.Pool, app: CaseWriter, retentionDays: number) {
  const camera = await queryOne(pool, 'simulator-camera', [DISTRICT]);
  if (!camera) return [];
  const kind = pick<VideoEventKind>([['illegal_parking', 5], ['garbage_overflow', 3], ['crowding', 1], ['fire_smoke', 0.3]]);
  const result = await ingestVideoEvents(app, { events: [{ camera: camera.code, kind, confidence: round(0.55 + 0.43 * Math.random()) }] }, { retentionDays });
  return result.alarms;
}

/** Run every `tickMs` until stopped, in one API process at a time (the lease's holder): heartbeats every tick, an alarm every ~2 minutes, a video event every ~3. */
export function startSensorSimulator(app: CaseWriter, options: { log: (m: string) => void; retentionDays: number; tickMs?: number }): Loop {
  const tickMs = options.tickMs ?? 10_000;
  options.log('sensor simulator on: device heartbeats city-wide, alarms and video events in 鼓楼区');
  return every(tickMs, 'sensor simulator', options.log, async (stopped) => {
    await simulateHeartbeats(app, options.retentionDays);
    if (!stopped() && Math.random() < tickMs / 120_000) await simulateAlarm(app, options.retentionDays);
    if (!stopped() && Math.random() < tickMs / 180_000) await simulateVideoEvent(app.pool, app, options.retentionDays);
  }, 2000, { db: app.pool });
}
