/**
 * Sensing benchmarks: a device's last 24 h (and 7 d) of telemetry over HTTP against the bare SQL, batch
 * telemetry ingest (readings/s), alarm → case latency (to the reply and to a live subscriber), nearest free
 * parking by road distance, and the size of the telemetry store they ran on.
 */
import type { App } from '../../api/app';
import { ingestToken, type Env } from '../../api/env';
import { sql } from '../../api/sql';
import { TELEMETRY_WINDOWS } from '../../api/schemas';
import { DEVICE_KINDS, METRICS, type DeviceKind, type LastValue, type MetricKey } from '../../tiles/domain/sensing';
import { signIn } from './session';
import { subscribeLive } from './live';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 1) : '–');
const max = (xs: number[]) => (xs.length ? Math.max(...xs) : NaN);
const int = (v: number) => Math.round(v).toLocaleString('en-US');

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await f();
  return [performance.now() - t, r];
}

const TELEMETRY_DEVICES = 200;
const TELEMETRY_TARGET_P95_MS = 50;
const INGEST_CLIENTS = 4;
const INGEST_BATCH = 1000;
const INGEST_SECONDS = 20;
const INGEST_TARGET_PER_S = 5000;
const ALARM_SAMPLES = 30;
const PARKING_POINTS = 200;
const PARKING_TARGET_P95_MS = 100;

/** GET a tRPC query over HTTP; throws on anything but 200. `T` is the part of the answer the caller reads. */
async function trpcGet<T>(base: string, path: string, input: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`bench: ${path} ${JSON.stringify(input)} answered ${res.status}: ${body.slice(0, 300)}`);
  return JSON.parse(body).result.data as T;
}

/** A value inside the metric's everyday range: breaks no rule of the catalog. */
function normalValue(metric: MetricKey): number {
  const [lo, hi] = METRICS[metric].normal;
  return Math.round((lo + Math.random() * (hi - lo)) * 100) / 100;
}

interface Row {
  what: string;
  samples: number;
  times: number[];
  note?: string;
}

export async function sensingBenches(lines: string[], { base, app, env }: { base: string; app: App; env: Env }) {
  const { pool } = app.context;
  const admin = await signIn(base, 'demo-admin');
  const rows: Row[] = [];
  const targets: string[] = [];
  const show = (r: Row) => {
    rows.push(r);
    console.log(`[bench] ${r.what}: n ${r.samples}, p50 ${ms(pct(r.times, 50))} ms, p95 ${ms(pct(r.times, 95))} ms, max ${ms(max(r.times))} ms${r.note ? ` (${r.note})` : ''}`);
  };

  // The store the queries run on (before this bench adds to it).
  const devices = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM devices')).rows[0].n;
  const store = (
    await pool.query<{ estimate: string; partitions: number }>(
      `SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint AS estimate, count(*)::int AS partitions
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'readings'::regclass AND c.relkind = 'r'`,
    )
  ).rows[0];

  // 1. A device's last 24 h and 7 d: tRPC over HTTP as the city-wide administrator, then the bare statement.
  const ids = (await pool.query<{ id: number }>('SELECT id FROM devices ORDER BY random() LIMIT $1', [TELEMETRY_DEVICES])).rows.map((r) => r.id);
  for (const window of ['24h', '7d'] as const) {
    const { ms: span, bucketS } = TELEMETRY_WINDOWS[window];
    const http: number[] = [];
    const bare: number[] = [];
    let readings = 0;
    for (const id of ids) {
      const [t, data] = await timed(() => trpcGet<{ readings: number }>(base, 'device.telemetry', { id, window }, admin.headers));
      http.push(t);
      readings += data.readings;
      const to = new Date();
      const from = new Date(to.getTime() - span);
      bare.push((await timed(() => pool.query(sql('device-telemetry'), [id, from.toISOString(), to.toISOString(), bucketS])))[0]);
    }
    const label = window === '24h' ? '24 h' : '7 d';
    show({ what: `\`device.telemetry\` ${label} over HTTP (signed in)`, samples: http.length, times: http, note: `${(readings / ids.length).toFixed(0)} readings per device on average` });
    show({ what: `bare SQL \`device-telemetry\` ${label} (${bucketS} s buckets, right after the HTTP call)`, samples: bare.length, times: bare });
    if (window === '24h') {
      const p95 = pct(http, 95);
      targets.push(`- Device last-24-h telemetry (\`device.telemetry\` over HTTP) p95 ≤ ${TELEMETRY_TARGET_P95_MS} ms: **${p95 <= TELEMETRY_TARGET_P95_MS ? 'met' : 'not met'}** (p95 ${ms(p95)} ms, bare SQL p95 ${ms(pct(bare, 95))} ms).`);
    }
  }

  // 4 (before ingest moves occupancy or anything else). Nearest free parking from points in 鼓楼区's grids.
  const spots = (
    await pool.query<{ lng: number; lat: number }>(
      `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM areas WHERE level = 'grid' AND code LIKE '350102%' ORDER BY random() LIMIT $1) s`,
      [PARKING_POINTS],
    )
  ).rows;
  const nearest = async (p: { lng: number; lat: number }) => {
    const t = performance.now();
    const res = await fetch(`${base}/trpc/parking.nearestFree?input=${encodeURIComponent(JSON.stringify({ lng: p.lng, lat: p.lat, limit: 5 }))}`);
    const body = await res.text();
    return { t: performance.now() - t, status: res.status, body };
  };
  const first = await nearest(spots[0]);
  const parking: number[] = [];
  const refused: string[] = [];
  let found = 0;
  for (const p of spots) {
    const r = await nearest(p);
    if (r.status === 200) {
      parking.push(r.t);
      found += JSON.parse(r.body).result.data.results.length;
    } else refused.push(`${r.status}`);
  }
  if (refused.length > spots.length / 4) throw new Error(`bench: parking.nearestFree refused ${refused.length} of ${spots.length} points (${refused.slice(0, 3).join(', ')})`);
  show({ what: '`parking.nearestFree` first call (builds the road network unless this process already has it)', samples: 1, times: [first.t], note: `answered ${first.status}` });
  show({
    what: '`parking.nearestFree` over HTTP (public, limit 5), warm',
    samples: parking.length,
    times: parking,
    note: `${(found / Math.max(1, parking.length)).toFixed(1)} lots per answer${refused.length ? `; ${refused.length} points refused (${[...new Set(refused)].join(', ')}), not counted` : ''}`,
  });
  const parkingP95 = pct(parking, 95);
  targets.push(`- Nearest free parking (\`parking.nearestFree\`, warm) p95 ≤ ${PARKING_TARGET_P95_MS} ms: **${parkingP95 <= PARKING_TARGET_P95_MS ? 'met' : 'not met'}** (p95 ${ms(parkingP95)} ms; first call ${ms(first.t)} ms).`);

  // 2. Batch ingest: 4 gateways posting 1,000 messages each, every message all its kind's metrics at everyday
  // values, on existing online devices (no parking sensors: they would move the lots' occupancy; no offline
  // ones: coming back online closes their alarms, a one-off, not the steady state). Each client has
  // its own devices (no waiting on another batch's row locks) and every message its own time, so nothing is a
  // duplicate; building tilt repeats the device's last value, so no rate rule fires.
  const token = ingestToken(env);
  if (!token) throw new Error('bench: telemetry ingest is switched off (no INGEST_TOKEN outside demo mode)');
  const fleet = (
    await pool.query<{ code: string; kind: DeviceKind; last_values: Record<string, LastValue> }>(`SELECT code, kind, last_values FROM devices WHERE kind <> 'parking' AND status = 'online' ORDER BY id`)
  ).rows;
  const ingestStart = Date.now();
  // Times from 30 minutes ago onwards, one millisecond apart: distinct, inside retention, never in the future.
  const timeBase = ingestStart - 30 * 60_000;
  let seq = 0;
  const batchTimes: number[] = [];
  let stored = 0;
  let messages = 0;
  const started = performance.now();
  const end = started + INGEST_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: INGEST_CLIENTS }, async (_, c) => {
      const mine = fleet.filter((_, i) => i % INGEST_CLIENTS === c);
      let next = 0;
      while (performance.now() < end) {
        const readings = Array.from({ length: INGEST_BATCH }, () => {
          const d = mine[next++ % mine.length];
          const values: Record<string, number> = {};
          for (const m of DEVICE_KINDS[d.kind].metrics) values[m] = m === 'building_tilt' && d.last_values[m] ? d.last_values[m].v : normalValue(m);
          return { device: d.code, at: new Date(timeBase + seq++).toISOString(), values };
        });
        if (timeBase + seq > Date.now()) throw new Error('bench: ran out of past timestamps for ingest');
        const t = performance.now();
        const res = await fetch(`${base}/api/telemetry`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ readings }),
        });
        const text = await res.text();
        batchTimes.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`bench: POST /api/telemetry answered ${res.status}: ${text.slice(0, 500)}`);
        const result = JSON.parse(text);
        if (result.rejected.length) throw new Error(`bench: POST /api/telemetry refused ${result.rejected.length} messages, e.g. ${JSON.stringify(result.rejected.slice(0, 3))}`);
        if (result.duplicates || result.alarms.length) throw new Error(`bench: POST /api/telemetry saw ${result.duplicates} duplicates and raised ${result.alarms.length} alarms from everyday values`);
        stored += result.readings;
        messages += result.accepted;
      }
    }),
  );
  const ingestSeconds = (performance.now() - started) / 1000;
  const rate = stored / ingestSeconds;
  show({
    what: `ingest: one batch of ${int(INGEST_BATCH)} messages (POST /api/telemetry, ${INGEST_CLIENTS} concurrent clients, ${INGEST_SECONDS} s)`,
    samples: batchTimes.length,
    times: batchTimes,
    note: `**${int(rate)} readings/s** (${int(messages / ingestSeconds)} messages/s; ${int(stored)} readings in ${ingestSeconds.toFixed(1)} s)`,
  });
  targets.push(`- Batch ingest ≥ ${int(INGEST_TARGET_PER_S)} readings/s: **${rate >= INGEST_TARGET_PER_S ? 'met' : 'not met'}** (${int(rate)} readings/s, ${batchTimes.length} batches).`);

  // 3. Alarm → case: one over-full garbage bin at a time (rule garbage.full opens a case), each a bin with no
  // alarm still open; to the reply (which names the case) and to a live subscriber of the whole city.
  const bins = (
    await pool.query<{ code: string }>(
      `SELECT code FROM devices d WHERE kind = 'garbage' AND NOT EXISTS (SELECT 1 FROM alarms a WHERE a.device_id = d.id AND a.status <> 'closed') ORDER BY random() LIMIT $1`,
      [ALARM_SAMPLES],
    )
  ).rows.map((r) => r.code);
  if (bins.length < ALARM_SAMPLES) throw new Error(`bench: only ${bins.length} garbage bins without an open alarm are left (${ALARM_SAMPLES} needed)`);
  const controller = new AbortController();
  const arrived = new Map<number, number>();
  await subscribeLive(base, admin.headers.cookie, ({ incidentId }, at) => {
    if (!arrived.has(incidentId)) arrived.set(incidentId, at);
  }, controller.signal);
  const reply: number[] = [];
  const delivered: number[] = [];
  let lost = 0;
  for (const code of bins) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/telemetry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ readings: [{ device: code, at: new Date().toISOString(), values: { fill: 95 } }] }),
    });
    const text = await res.text();
    const t1 = performance.now();
    if (res.status !== 200) throw new Error(`bench: POST /api/telemetry (alarm) answered ${res.status}: ${text.slice(0, 500)}`);
    const alarm = JSON.parse(text).alarms?.[0];
    if (!alarm?.created || !alarm.incidentId || !alarm.caseNo) throw new Error(`bench: fill 95 on ${code} opened no new alarm with a case: ${text.slice(0, 500)}`);
    reply.push(t1 - t0);
    const deadline = t1 + 5000;
    while (!arrived.has(alarm.incidentId) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 1));
    const at = arrived.get(alarm.incidentId);
    if (at === undefined) lost++;
    else delivered.push(at - t0);
  }
  controller.abort();
  show({ what: 'alarm → case: POST of a breaching reading → reply naming the new case', samples: reply.length, times: reply });
  show({ what: 'alarm → case: POST start → the case\'s change at an SSE subscriber (`incident.live`)', samples: delivered.length, times: delivered, note: lost ? `${lost} changes not seen within 5 s` : undefined });

  lines.push('');
  lines.push('#### Sensing');
  lines.push('');
  lines.push(
    `Telemetry store: ${int(devices)} devices; readings ≈ ${int(Number(store.estimate))} (an estimate: \`pg_class.reltuples\` summed over ${store.partitions} day partitions, before this run's ingest).`,
  );
  lines.push('');
  lines.push('| measurement | samples | p50 ms | p95 ms | max ms | note |');
  lines.push('|---|---|---|---|---|---|');
  for (const r of rows) {
    const one = r.samples === 1;
    lines.push(`| ${r.what} | ${r.samples} | ${ms(pct(r.times, 50))} | ${one ? '–' : ms(pct(r.times, 95))} | ${one ? '–' : ms(max(r.times))} | ${r.note ?? ''} |`);
  }
  lines.push('');
  lines.push('Targets:');
  lines.push('');
  lines.push(...targets);
  for (const t of targets) console.log(t);
}
