/**
 * Live-case benchmarks: sustained public intake over HTTP (cases/s), and change → subscriber latency with
 * 50 SSE subscribers (incident.live) while cases change at 200/s.
 */
import type { App } from '../../api/app';
import type { DatabaseKind } from '../../api/db/database';
import { afterCaseCommit, intakeCase } from '../../api/cases/store';
import { signIn } from './session';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (v: number) => v.toFixed(v < 10 ? 2 : 1);

/** Points inside grids of 鼓楼区, to report at. */
async function points(app: App, n: number): Promise<{ lng: number; lat: number; grid: string }[]> {
  const { rows } = await app.context.pool.query(
    `SELECT code AS grid, ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat FROM areas WHERE level = 'grid' AND code LIKE '350102%' ORDER BY code LIMIT $1`,
    [n],
  );
  return rows;
}

/** One SSE subscriber of `incident.live`: calls `onChange(change, receivedAt)` for every change it hears. */
export async function subscribeLive(
  base: string,
  cookie: string,
  onChange: (change: { caseNo: string; incidentId: number }, at: number) => void,
  signal: AbortSignal,
): Promise<void> {
  const url = `${base}/trpc/incident.live?input=${encodeURIComponent(JSON.stringify({}))}`;
  const res = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal });
  if (res.status !== 200) throw new Error(`bench: incident.live answered ${res.status}`);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let ready: () => void = () => {};
  const started = new Promise<void>((r) => (ready = r));
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = block.split('\n').find((l) => l.startsWith('data:'));
          if (!data) continue;
          const d = JSON.parse(data.slice(5));
          if (d?.kind === 'ready') ready();
          else if (d?.kind === 'changes') {
            const at = performance.now();
            for (const c of d.changes) onChange(c, at);
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  await started;
}

export async function liveBenches(lines: string[], { base, app, databaseKind }: { base: string; app: App; databaseKind: DatabaseKind }) {
  const spots = await points(app, 200);
  lines.push('');
  lines.push('Live cases:');
  lines.push('');

  // Sustained intake: public reports over HTTP from concurrent clients.
  const clients = databaseKind === 'postgres' ? 32 : 8;
  const seconds = 10;
  const latencies: number[] = [];
  let accepted = 0;
  let failed = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; performance.now() < end; i++) {
        const p = spots[(c * 37 + i) % spots.length];
        const t = performance.now();
        const res = await fetch(`${base}/api/reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ typeCode: 'SJ0101', description: `bench intake ${c}-${i}`, lng: p.lng, lat: p.lat }),
        });
        await res.arrayBuffer();
        if (res.status === 201) {
          accepted++;
          latencies.push(performance.now() - t);
        } else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const rate = accepted / elapsed;
  lines.push(
    `- Sustained intake (POST /api/reports, ${clients} concurrent clients, ${seconds} s): **${rate.toFixed(0)} cases/s** (${accepted} acknowledged, ${failed} refused); per report p50 ${ms(pct(latencies, 50))} ms, p95 ${ms(pct(latencies, 95))} ms.`,
  );
  console.log(lines.at(-1));

  // Change → subscriber latency: 50 SSE subscribers of 鼓楼区, cases written at 200/s in-process.
  const { cookie } = (await signIn(base, 'demo-district')).headers;
  const controller = new AbortController();
  const committed = new Map<string, number>();
  // Deliveries that beat the writer's own continuation after COMMIT (NOTIFY is quick): latency ≈ 0.
  const early = new Map<string, number[]>();
  const samples: number[] = [];
  let received = 0;
  const subscribers = 50;
  await Promise.all(
    Array.from({ length: subscribers }, () =>
      subscribeLive(base, cookie, ({ caseNo }, at) => {
        const t = committed.get(caseNo);
        received++;
        if (t !== undefined) samples.push(at - t);
        else early.set(caseNo, [...(early.get(caseNo) ?? []), at]);
      }, controller.signal),
    ),
  );
  const target = 200;
  const duration = 10;
  const writes: Promise<void>[] = [];
  let written = 0;
  const t0 = performance.now();
  // Paced at the target rate, with at most 32 writes in flight (a database slower than the target shows as a lower rate).
  let inFlight = 0;
  for (let i = 0; i < target * duration; i++) {
    const due = t0 + (i * 1000) / target;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    while (inFlight >= 32) await new Promise((r) => setTimeout(r, 1));
    inFlight++;
    const p = spots[i % spots.length];
    writes.push(
      intakeCase(app.context.pool, { typeCode: 'SJ0101', source: 'iot', priority: 2, description: `bench live ${i}`, lng: p.lng, lat: p.lat, registeredBy: null, scope: '' }).then((made) => {
        const caseNo = made.repeated ? '' : made.caseNo;
        const at = performance.now();
        committed.set(caseNo, at);
        for (const e of early.get(caseNo) ?? []) samples.push(Math.max(0, e - at));
        inFlight--;
        written++;
        afterCaseCommit(app.context);
      }),
    );
  }
  await Promise.all(writes);
  const writeSeconds = (performance.now() - t0) / 1000;
  // Let the last changes arrive.
  const deadline = performance.now() + 10_000;
  while (received < written * subscribers && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  controller.abort();
  lines.push(
    `- Change → subscriber latency (${subscribers} SSE subscribers of 鼓楼区, ${written} changes at ${(written / writeSeconds).toFixed(0)}/s for ${writeSeconds.toFixed(1)} s, asked 200/s): p50 ${ms(pct(samples, 50))} ms, p95 ${ms(pct(samples, 95))} ms, max ${ms(Math.max(...samples))} ms; ${samples.length} of ${written * subscribers} deliveries measured.`,
  );
  console.log(lines.at(-1));
}
