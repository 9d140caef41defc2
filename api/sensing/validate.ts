/**
 * Checking what gateways and video-analytics servers send, before anything is stored: the batch's shape
 * (a malformed batch is refused whole), then each message's own shape and time, and — once its device is
 * known — its values against the device's kind. A refused message gets its reason; the rest go on.
 */
import { z } from 'zod';
import { DEVICE_KINDS, METRICS, VIDEO_EVENTS, type DeviceKind, type MetricKey, type VideoEventKind } from '../../tiles/domain/sensing';

/** Messages per request; a gateway with more sends several batches. */
export const MAX_BATCH = 5000;
/** How far ahead of the server's clock a device's timestamp may be (clock skew). */
export const MAX_CLOCK_SKEW_MS = 60_000;

/** A batch refused whole, with the HTTP status to answer. */
export class IngestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A message refused, by its place in the batch and what it named. */
export interface Refusal {
  index: number;
  device?: string;
  camera?: string;
  error: string;
}

const isoTime = z.string().datetime({ offset: true, message: 'must be an ISO 8601 time with a zone, e.g. 2026-11-23T08:00:00+08:00' });
const readingSchema = z.object({
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

/** A telemetry message that passed its own checks (its device and values are checked in the transaction). */
export type Reading = Omit<z.infer<typeof readingSchema>, 'at'> & { index: number; at: Date };
/** A video-analytics event that passed its checks (its camera is looked up in the transaction). */
export type VideoEvent = Omit<z.infer<typeof videoEventSchema>, 'at'> & { index: number; at: Date };

export interface TimeWindow {
  /** The server's time. */
  now: Date;
  /** Telemetry older than this is not kept, and not accepted. */
  retentionDays: number;
}

function parseBatch(body: unknown, key: string): unknown[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new IngestError(400, `the body must be a JSON object {"${key}": [...]}`);
  }
  const parsed = batchOf(key).safeParse(body);
  if (!parsed.success) throw new IngestError(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data[key];
}

function zodReason(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
}

/** Refuse a time in the future or before the retention window. */
function timeProblem(at: Date, { now, retentionDays }: TimeWindow): string | null {
  if (at.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) return `at: ${at.toISOString()} is in the future (server time ${now.toISOString()})`;
  if (at.getTime() < now.getTime() - retentionDays * 86_400_000) return `at: ${at.toISOString()} is older than the ${retentionDays} days of telemetry kept`;
  return null;
}

type Source = 'device' | 'camera';

export function refusal(index: number, source: Source, name: string | undefined, error: string): Refusal {
  return source === 'device' ? { index, device: name, error } : { index, camera: name, error };
}

/** The batch's messages checked one by one: those that pass (their time as a Date, default now) and the refusals. */
function checkEach<S extends Source, T extends Record<S, string> & { at?: string }>(
  body: unknown,
  key: string,
  source: S,
  schema: z.ZodType<T>,
  window: TimeWindow,
): { passed: (Omit<T, 'at'> & { index: number; at: Date })[]; rejected: Refusal[] } {
  const passed: (Omit<T, 'at'> & { index: number; at: Date })[] = [];
  const rejected: Refusal[] = [];
  parseBatch(body, key).forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      const named: unknown = typeof item === 'object' && item !== null ? Reflect.get(item, source) : undefined;
      rejected.push(refusal(index, source, typeof named === 'string' ? named : undefined, zodReason(parsed.error)));
      return;
    }
    const at = parsed.data.at ? new Date(parsed.data.at) : window.now;
    const problem = timeProblem(at, window);
    if (problem) rejected.push(refusal(index, source, parsed.data[source], problem));
    else passed.push({ ...parsed.data, index, at });
  });
  return { passed, rejected };
}

/** A telemetry batch `{ readings: [{ device, at?, values }] }`, checked message by message. */
export function checkReadings(body: unknown, window: TimeWindow): { readings: Reading[]; rejected: Refusal[] } {
  const { passed, rejected } = checkEach(body, 'readings', 'device', readingSchema, window);
  return { readings: passed, rejected };
}

/** A video-events batch `{ events: [{ camera, kind, confidence, at? }] }`, checked event by event. */
export function checkVideoEvents(body: unknown, window: TimeWindow): { events: VideoEvent[]; rejected: Refusal[] } {
  const { passed, rejected } = checkEach(body, 'events', 'camera', videoEventSchema, window);
  return { events: passed, rejected };
}

/** What is wrong with a message's values for its device: metrics its kind does not report, values out of range. */
export function valueProblems(device: { kind: DeviceKind; capacity: number | null }, values: Record<string, number>): string[] {
  const kind = DEVICE_KINDS[device.kind];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const metric = METRICS[key as MetricKey];
    if (!metric || !kind.metrics.includes(key as MetricKey)) {
      problems.push(`values.${key}: a ${kind.en.toLowerCase()} reports ${kind.metrics.join(', ')}, not ${key}`);
      continue;
    }
    const max = key === 'occupied' && device.capacity !== null ? device.capacity : metric.max;
    if (value < metric.min || value > max) problems.push(`values.${key}: ${value} is outside ${metric.min}–${max}${metric.unit ? ` ${metric.unit}` : ''}`);
  }
  return problems;
}

/** Refusals in the order of the batch (some are found only in the transaction). */
export function inBatchOrder(rejected: Refusal[]): Refusal[] {
  return rejected.sort((a, b) => a.index - b.index);
}
