/**
 * Telemetry and video events coming in (POST /api/telemetry, /api/video-events, and the simulator), and the
 * alarms they raise. A batch is checked message by message: the bad ones are refused with a reason each,
 * the rest are stored in one transaction — readings, the devices' last values and status, parking occupancy,
 * alarms (de-duplicated per rule and source) and the cases alarms open — and acknowledged only once committed.
 */
import type pg from 'pg';
import { z } from 'zod';
import { sql } from '../sql';
import { every } from '../every';
import { inTransaction } from '../db/transaction';
import { afterCaseCommit, intakeCase, type CaseWriter } from '../cases/store';
import {
  DEVICE_KINDS, METRICS, PRIORITY_OF, VIDEO_EVENTS, breaches, videoRuleId,
  type AlarmRule, type DeviceKind, type LastValue, type MetricKey, type Severity, type VideoEventKind,
} from '../../tiles/domain/sensing';

/** Messages per request; a gateway with more sends several batches. */
export const MAX_BATCH = 5000;
/** How far ahead of the server's clock a device's timestamp may be (clock skew). */
export const MAX_CLOCK_SKEW_MS = 60_000;

export class IngestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const isoTime = z.string().datetime({ offset: true, message: 'must be an ISO 8601 time with a zone, e.g. 2026-11-23T08:00:00+08:00' });
const messageSchema = z.object({
  device: z.string().trim().min(1).max(40),
  /** When it was measured; default: when it arrived. */
  at: isoTime.optional(),
  /** Metric → value; empty is a heartbeat. */
  values: z.record(z.string(), z.number().finite()).default({}),
});
const videoEventSchema = z.object({
  camera: z.string().trim().min(1).max(40),
  kind: z.enum(Object.keys(VIDEO_EVENTS) as [VideoEventKind, ...VideoEventKind[]]),
  confidence: z.number().min(0).max(1),
  at: isoTime.optional(),
});
const batchOf = (key: string) =>
  z.object({ [key]: z.array(z.unknown()).min(1, `${key} is empty`).max(MAX_BATCH, `at most ${MAX_BATCH} ${key} per request`) });

export interface Refusal {
  index: number;
  device?: string;
  camera?: string;
  error: string;
}

export interface RaisedAlarm {
  id: number;
  rule: string;
  severity: Severity;
  source: string;
  /** false: a repeat within the de-duplication window, counted on an open alarm. */
  created: boolean;
  occurrences: number;
  incidentId: number | null;
  caseNo: string | null;
}

export interface IngestResult {
  /** Messages taken (devices: heartbeats included). */
  accepted: number;
  /** Readings stored; a reading sent twice is stored once. */
  readings: number;
  duplicates: number;
  rejected: Refusal[];
  alarms: RaisedAlarm[];
}

interface LockedDevice {
  id: number;
  code: string;
  name: string;
  kind: DeviceKind;
  status: string;
  grid_code: string;
  last_values: Record<string, LastValue>;
  parking_id: number | null;
  capacity: number | null;
  lng: number;
  lat: number;
}

function parseBatch(body: unknown, key: string): unknown[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new IngestError(400, `the body must be a JSON object {"${key}": [...]}`);
  }
  const parsed = batchOf(key).safeParse(body);
  if (!parsed.success) throw new IngestError(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data[key] as unknown[];
}

function zodReason(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
}

/** Refuse a time in the future or before the retention window. */
function timeProblem(at: Date, now: Date, retentionDays: number): string | null {
  if (at.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) return `at: ${at.toISOString()} is in the future (server time ${now.toISOString()})`;
  if (at.getTime() < now.getTime() - retentionDays * 86_400_000) return `at: ${at.toISOString()} is older than the ${retentionDays} days of telemetry kept`;
  return null;
}

/** Day partitions known to exist, per database (pool). */
const partitionDays = new WeakMap<pg.Pool, Set<string>>();
/** Make sure the day partitions of these times exist (remembered per database). */
async function ensurePartitions(pool: pg.Pool, client: pg.ClientBase, times: Date[]): Promise<void> {
  let knownDays = partitionDays.get(pool);
  if (!knownDays) partitionDays.set(pool, (knownDays = new Set()));
  const days = [...new Set(times.map((t) => t.toISOString().slice(0, 10)))].filter((d) => !knownDays.has(d)).sort();
  if (!days.length) return;
  await client.query('SELECT ensure_reading_partitions($1::date, $2::date)', [days[0], days.at(-1)]);
  for (const d of days) knownDays.add(d);
}

const fmt = (v: number) => String(Math.round(v * 100) / 100);

function alarmMessage(rule: AlarmRule, device: LockedDevice, value: number): string {
  const m = METRICS[rule.metric];
  const what = rule.test === 'rate' ? `${m.zh}日增 ${fmt(value)}${m.unit}` : `${m.zh} ${fmt(value)}${m.unit}`;
  return `${rule.zh}：${what}（阈值 ${rule.threshold}${m.unit}）· ${DEVICE_KINDS[device.kind].zh} ${device.code}`;
}

/**
 * Raise (or count a repeat of) an alarm inside the caller's transaction; a new alarm of a rule with a case
 * type opens a case (waiting to be accepted, like any report) and the two are linked both ways.
 */
async function raiseAlarm(
  client: pg.PoolClient,
  source: { deviceId: number | null; cameraId: number | null; code: string; lng: number; lat: number },
  rule: { id: string; severity: Severity; dedupMinutes: number; caseType?: string },
  message: string,
  value: number | null,
  at: Date,
  caseSource: 'iot' | 'video',
): Promise<RaisedAlarm> {
  const { rows } = await client.query(sql('alarm-raise'), [source.deviceId, source.cameraId, rule.id, rule.severity, message, value, at.toISOString(), rule.dedupMinutes]);
  const a = rows[0];
  const raised: RaisedAlarm = { id: Number(a.id), rule: rule.id, severity: rule.severity, source: source.code, created: a.created, occurrences: a.occurrences, incidentId: a.incident_id, caseNo: null };
  if (a.created && rule.caseType) {
    const made = await intakeCase(client, {
      typeCode: rule.caseType, source: caseSource, priority: PRIORITY_OF[rule.severity], description: `【${caseSource === 'iot' ? '物联感知' : '视频智能分析'}】${message}`,
      lng: source.lng, lat: source.lat, registeredBy: null, scope: '',
    });
    if (!made.repeated) {
      await client.query(sql('alarm-link-case'), [raised.id, made.id]);
      raised.incidentId = made.id;
      raised.caseNo = made.caseNo;
    }
  }
  return raised;
}

/** After COMMIT: the alarm and device layers are stale in every process, cases are news for live feeds. */
async function afterSensingCommit(app: CaseWriter, changed: { alarms: boolean; devices: boolean; cases: boolean }): Promise<void> {
  const layers = [...(changed.alarms ? (['alarms'] as const) : []), ...(changed.devices ? (['devices'] as const) : [])];
  if (layers.length) await app.tiles.markChanged(layers);
  if (changed.cases) afterCaseCommit(app);
}

/**
 * Store a telemetry batch `{ readings: [{ device, at?, values }] }`. A malformed batch is refused whole
 * (IngestError 400); within a well-formed one each bad message is refused with its reason and the rest kept.
 */
export async function ingestTelemetry(app: CaseWriter, body: unknown, options: { retentionDays: number; now?: Date }): Promise<IngestResult> {
  const now = options.now ?? new Date();
  const items = parseBatch(body, 'readings');
  const rejected: Refusal[] = [];
  const messages: { index: number; device: string; at: Date; values: Record<string, number> }[] = [];
  items.forEach((item, index) => {
    const parsed = messageSchema.safeParse(item);
    if (!parsed.success) {
      rejected.push({ index, device: typeof (item as any)?.device === 'string' ? (item as any).device : undefined, error: zodReason(parsed.error) });
      return;
    }
    const at = parsed.data.at ? new Date(parsed.data.at) : now;
    const problem = timeProblem(at, now, options.retentionDays);
    if (problem) rejected.push({ index, device: parsed.data.device, error: problem });
    else messages.push({ index, device: parsed.data.device, at, values: parsed.data.values });
  });

  const result: IngestResult = { accepted: 0, readings: 0, duplicates: 0, rejected, alarms: [] };
  if (!messages.length) return finish(result);

  let backOnline: number[] = [];
  await inTransaction(app.pool, async (client) => {
    const { rows } = await client.query<LockedDevice>(sql('devices-lock'), [[...new Set(messages.map((m) => m.device))]]);
    const byCode = new Map(rows.map((d) => [d.code, d]));
    const rows4: { d: number; m: number; t: string; v: number }[] = [];
    const touched = new Map<number, { device: LockedDevice; seen: Date; vals: Record<string, LastValue>; occupied: number | null }>();
    const pending: { device: LockedDevice; rule: AlarmRule; value: number; at: Date }[] = [];
    // In time order, so that last values and rate rules follow the readings as they were taken.
    const ordered = [...messages].sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index);
    for (const msg of ordered) {
      const device = byCode.get(msg.device);
      if (!device) {
        rejected.push({ index: msg.index, device: msg.device, error: `device: no device ${msg.device}` });
        continue;
      }
      const kind = DEVICE_KINDS[device.kind];
      const problems: string[] = [];
      for (const [key, value] of Object.entries(msg.values)) {
        const metric = METRICS[key as MetricKey];
        if (!metric || !kind.metrics.includes(key as MetricKey)) {
          problems.push(`values.${key}: a ${kind.en.toLowerCase()} reports ${kind.metrics.join(', ')}, not ${key}`);
          continue;
        }
        const max = key === 'occupied' && device.capacity !== null ? device.capacity : metric.max;
        if (value < metric.min || value > max) problems.push(`values.${key}: ${value} is outside ${metric.min}–${max}${metric.unit ? ` ${metric.unit}` : ''}`);
      }
      if (problems.length) {
        rejected.push({ index: msg.index, device: msg.device, error: problems.join('; ') });
        continue;
      }
      result.accepted++;
      const state = touched.get(device.id) ?? { device, seen: msg.at, vals: { ...device.last_values }, occupied: null };
      if (msg.at > state.seen) state.seen = msg.at;
      for (const [key, value] of Object.entries(msg.values)) {
        const metric = key as MetricKey;
        rows4.push({ d: device.id, m: METRICS[metric].id, t: msg.at.toISOString(), v: value });
        const previous = state.vals[metric];
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
    if (rows4.length) {
      await ensurePartitions(app.pool, client, rows4.map((r) => new Date(r.t)));
      const inserted = (await client.query<{ inserted: number }>(sql('readings-insert'), [JSON.stringify(rows4)])).rows[0].inserted;
      result.readings = inserted;
      result.duplicates = rows4.length - inserted;
    }
    if (touched.size) {
      const report = [...touched.values()].map((s) => ({ id: s.device.id, seen: s.seen.toISOString(), vals: s.vals, occupied: s.occupied }));
      backOnline = (await client.query<{ id: number }>(sql('devices-report'), [JSON.stringify(report)])).rows.map((r) => r.id);
      if (backOnline.length) await client.query(sql('alarms-close-resolved'), [backOnline]);
    }
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
  result.rejected.sort((a, b) => a.index - b.index);
  return result;
}

export interface VideoIngestResult {
  accepted: number;
  /** Events below their kind's confidence threshold: taken, no alarm. */
  ignored: number;
  rejected: Refusal[];
  alarms: RaisedAlarm[];
}

/** Store video-analytics events `{ events: [{ camera, kind, confidence, at? }] }`; confident ones raise alarms. */
export async function ingestVideoEvents(app: CaseWriter, body: unknown, options: { retentionDays: number; now?: Date }): Promise<VideoIngestResult> {
  const now = options.now ?? new Date();
  const items = parseBatch(body, 'events');
  const result: VideoIngestResult = { accepted: 0, ignored: 0, rejected: [], alarms: [] };
  const events: { index: number; camera: string; kind: VideoEventKind; confidence: number; at: Date }[] = [];
  items.forEach((item, index) => {
    const parsed = videoEventSchema.safeParse(item);
    if (!parsed.success) {
      result.rejected.push({ index, camera: typeof (item as any)?.camera === 'string' ? (item as any).camera : undefined, error: zodReason(parsed.error) });
      return;
    }
    const at = parsed.data.at ? new Date(parsed.data.at) : now;
    const problem = timeProblem(at, now, options.retentionDays);
    if (problem) result.rejected.push({ index, camera: parsed.data.camera, error: problem });
    else events.push({ index, ...parsed.data, at });
  });
  if (events.length) {
    await inTransaction(app.pool, async (client) => {
      const { rows } = await client.query<{ id: number; code: string; name: string; lng: number; lat: number }>(
        'SELECT id, code, name, ST_X(geom) AS lng, ST_Y(geom) AS lat FROM cameras WHERE code = ANY($1::text[]) ORDER BY id FOR UPDATE',
        [[...new Set(events.map((e) => e.camera))]],
      );
      const byCode = new Map(rows.map((c) => [c.code, c]));
      const seen = new Map<number, Date>();
      for (const e of events.sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index)) {
        const camera = byCode.get(e.camera);
        if (!camera) {
          result.rejected.push({ index: e.index, camera: e.camera, error: `camera: no camera ${e.camera}` });
          continue;
        }
        result.accepted++;
        seen.set(camera.id, e.at);
        const def = VIDEO_EVENTS[e.kind];
        if (e.confidence < def.minConfidence) {
          result.ignored++;
          continue;
        }
        const message = `${def.zh}：置信度 ${Math.round(e.confidence * 100)}% · 摄像机 ${camera.name}（${camera.code}）`;
        result.alarms.push(
          await raiseAlarm(client, { deviceId: null, cameraId: camera.id, code: camera.code, lng: camera.lng, lat: camera.lat },
            { id: videoRuleId(e.kind), severity: def.severity, dedupMinutes: def.dedupMinutes, caseType: def.caseType }, message, e.confidence, e.at, 'video'),
        );
      }
      if (seen.size) {
        await client.query(
          `UPDATE cameras c SET last_seen_at = greatest(c.last_seen_at, s.at) FROM unnest($1::int[], $2::timestamptz[]) AS s(id, at) WHERE c.id = s.id`,
          [[...seen.keys()], [...seen.values()].map((d) => d.toISOString())],
        );
      }
    });
    await afterSensingCommit(app, { alarms: result.alarms.length > 0, devices: false, cases: result.alarms.some((a) => a.caseNo) });
  }
  result.rejected.sort((a, b) => a.index - b.index);
  return result;
}

/**
 * The periodic sweep: devices that missed their heartbeats go offline (with an alarm when recently heard
 * from), alarms whose case finished close, day partitions for the coming days exist and those past retention
 * are dropped.
 */
export async function sensingSweep(app: CaseWriter, options: { retentionDays: number; now?: Date; missedHeartbeats?: number }): Promise<{ offline: number; alarms: number; closed: number; dropped: number }> {
  const now = options.now ?? new Date();
  const { rows } = await app.pool.query<{ offline: number; alarms: number }>(sql('devices-offline'), [now.toISOString(), options.missedHeartbeats ?? 3]);
  const closed = (await app.pool.query<{ closed: number }>(sql('alarms-close-resolved'), [[]])).rows[0].closed;
  const day = (offsetDays: number) => new Date(now.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  await app.pool.query('SELECT ensure_reading_partitions($1::date, $2::date)', [day(-1), day(2)]);
  const dropped = (await app.pool.query<{ n: number }>('SELECT drop_reading_partitions($1::date) AS n', [day(-options.retentionDays)])).rows[0].n;
  if (dropped) partitionDays.delete(app.pool);
  await afterSensingCommit(app, { alarms: rows[0].alarms > 0 || closed > 0, devices: rows[0].offline > 0, cases: false });
  return { offline: rows[0].offline, alarms: rows[0].alarms, closed, dropped };
}

/** Run the sweep every `intervalMs`, the first at once (any number of processes may: every statement is safe to repeat). */
export function startSensingSweep(app: CaseWriter, intervalMs: number, retentionDays: number, log: (m: string) => void): { stop(): void } {
  return every(intervalMs, 'sensing sweep', log, async () => {
    const r = await sensingSweep(app, { retentionDays });
    if (r.offline || r.closed || r.dropped) log(`sensing: ${r.offline} devices went offline (${r.alarms} alarms), ${r.closed} alarms closed, ${r.dropped} old telemetry partitions dropped`);
  }, 0);
}
