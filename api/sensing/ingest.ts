/**
 * Telemetry coming in (POST /api/telemetry, and the simulator), and the alarms it raises. A batch is checked
 * message by message (validate.ts): the bad ones are refused with a reason each, the rest are stored in one
 * transaction — readings, the devices' last values and status, parking occupancy (telemetry-store.ts),
 * alarms (de-duplicated per rule and source) and the cases alarms open (alarms.ts) — and acknowledged only
 * once committed. Video-analytics events come in through video-events.ts; the periodic sweep is sweep.ts.
 */
import { inTransaction } from '../db/transaction';
import type { CaseWriter } from '../cases/store';
import type { LockedDeviceRow } from '../sql/rows';
import { METRICS, breaches, type AlarmRule, type LastValue, type MetricKey } from '../../tiles/domain/sensing';
import { checkReadings, inBatchOrder, refusal, valueProblems, type Refusal } from './validate';
import { insertReadings, lockDevices, reportDevices, type DeviceReport, type ReadingRow } from './telemetry-store';
import { afterSensingCommit, alarmMessage, closeResolvedAlarms, raiseAlarm, type RaisedAlarm } from './alarms';

export interface IngestResult {
  /** Messages taken (devices: heartbeats included). */
  accepted: number;
  /** Readings stored; a reading sent twice is stored once. */
  readings: number;
  duplicates: number;
  rejected: Refusal[];
  alarms: RaisedAlarm[];
}

/**
 * Store a telemetry batch `{ readings: [{ device, at?, values }] }`. A malformed batch is refused whole
 * (IngestError 400); within a well-formed one each bad message is refused with its reason and the rest kept.
 */
export async function ingestTelemetry(app: CaseWriter, body: unknown, options: { retentionDays: number; now?: Date }): Promise<IngestResult> {
  const { readings: messages, rejected } = checkReadings(body, { now: options.now ?? new Date(), retentionDays: options.retentionDays });
  const result: IngestResult = { accepted: 0, readings: 0, duplicates: 0, rejected, alarms: [] };
  if (!messages.length) return finish(result);

  let backOnline: number[] = [];
  await inTransaction(app.pool, async (client) => {
    const byCode = await lockDevices(client, messages.map((m) => m.device));
    const rows: ReadingRow[] = [];
    const touched = new Map<number, DeviceReport>();
    const pending: { device: LockedDeviceRow; rule: AlarmRule; value: number; at: Date }[] = [];
    // In time order, so that last values and rate rules follow the readings as they were taken.
    const ordered = [...messages].sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index);
    for (const msg of ordered) {
      const device = byCode.get(msg.device);
      if (!device) {
        rejected.push(refusal(msg.index, 'device', msg.device, `device: no device ${msg.device}`));
        continue;
      }
      const problems = valueProblems(device, msg.values);
      if (problems.length) {
        rejected.push(refusal(msg.index, 'device', msg.device, problems.join('; ')));
        continue;
      }
      result.accepted++;
      const state = touched.get(device.id) ?? { id: device.id, seen: msg.at, vals: { ...device.last_values }, occupied: null };
      if (msg.at > state.seen) state.seen = msg.at;
      for (const [key, value] of Object.entries(msg.values)) {
        const metric = key as MetricKey;
        rows.push({ d: device.id, m: METRICS[metric].id, t: msg.at.toISOString(), v: value });
        const previous: LastValue | undefined = state.vals[metric];
        for (const rule of breaches(device.kind, metric, value, msg.at, previous)) {
          const shown = rule.test === 'rate' && previous ? ((value - previous.v) / ((msg.at.getTime() - new Date(previous.at).getTime()) / 86_400_000)) : value;
          pending.push({ device, rule, value: shown, at: msg.at });
        }
        if (!previous || new Date(previous.at) <= msg.at) {
          state.vals[metric] = { v: Math.round(value * 100) / 100, at: msg.at.toISOString() };
          if (metric === 'occupied') state.occupied = Math.round(value);
        }
      }
      touched.set(device.id, state);
    }
    result.readings = await insertReadings(app.pool, client, rows);
    result.duplicates = rows.length - result.readings;
    backOnline = await reportDevices(client, [...touched.values()]);
    if (backOnline.length) await closeResolvedAlarms(client, backOnline);
    for (const p of pending) {
      result.alarms.push(
        await raiseAlarm(client, { deviceId: p.device.id, cameraId: null, code: p.device.code, lng: p.device.lng, lat: p.device.lat }, p.rule, alarmMessage(p.rule, p.device, p.value), p.value, p.at, 'iot'),
      );
    }
  });
  await afterSensingCommit(app, { alarms: result.alarms.length > 0 || backOnline.length > 0, devices: backOnline.length > 0, cases: result.alarms.some((a) => a.caseNo) });
  return finish(result);
}

function finish(result: IngestResult): IngestResult {
  inBatchOrder(result.rejected);
  return result;
}
