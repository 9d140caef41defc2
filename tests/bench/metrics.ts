/**
 * The leaders' figures: metrics.kpis and metrics.trend over HTTP (as the dashboard asks) for the city, a
 * district and a street, over a month and a year; and what keeping the daily rollup adds to an intake
 * (the same intakes with the rollup triggers on and off, interleaved).
 */
import type { App } from '../../api/app';
import { intakeCase } from '../../api/cases/store';
import { signIn } from './session';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (v: number) => v.toFixed(v < 10 ? 2 : 1);

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await f();
  return [performance.now() - t, r];
}

const AREAS = [
  ['3501', 'city (ranking of 13 districts)'],
  ['350102', 'district 鼓楼区'],
  ['350102004', 'street 东街街道'],
] as const;
const PERIODS = [
  ['month', '2026-10-01', '2026-10-31', 'day'],
  ['year', '2025-11-01', '2026-10-31', 'month'],
] as const;
const RUNS = 30;

export async function metricsBenches(lines: string[], { base, app }: { base: string; app: App }) {
  const admin = await signIn(base, 'demo-admin');
  const get = async (path: string, input: unknown) => {
    const res = await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: admin.headers });
    const body = await res.text();
    if (!res.ok) throw new Error(`bench: ${path} answered ${res.status} ${body.slice(0, 200)}`);
    return body;
  };
  lines.push('');
  lines.push(`Leaders' figures over HTTP (${RUNS} calls each after one warm-up; targets at scale 10 on PostgreSQL: kpis of a district over a year p95 ≤ 100 ms, the city ranking ≤ 150 ms):`);
  lines.push('');
  lines.push('| call | area | period | p50 ms | p95 ms |');
  lines.push('|---|---|---|---|---|');
  for (const [code, name] of AREAS) {
    for (const [period, from, to, bucket] of PERIODS) {
      for (const [path, input] of [
        ['metrics.kpis', { areaCode: code, from, to }],
        ['metrics.trend', { areaCode: code, from, to, bucket }],
      ] as const) {
        await get(path, input);
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) times.push((await timed(() => get(path, input)))[0]);
        lines.push(`| ${path}${path === 'metrics.trend' ? ` (${bucket})` : ''} | ${name} | ${period} | ${ms(pct(times, 50))} | ${ms(pct(times, 95))} |`);
        console.log(lines[lines.length - 1]);
      }
    }
  }

  // The rollup's cost on intake: the same sequential intakes with its trigger on and off, in alternating
  // batches so drift hits both; the cases made without it are brought into the rollup afterwards.
  const pool = app.context.pool;
  const { rows: spots } = await pool.query<{ lng: number; lat: number }>(
    `SELECT ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat FROM areas WHERE level = 'grid' AND code LIKE '350102%' ORDER BY code LIMIT 50`,
  );
  const on: number[] = [];
  const off: number[] = [];
  const untracked: number[] = [];
  const intake = (i: number) => {
    const p = spots[i % spots.length];
    return intakeCase(pool, { typeCode: 'SJ0101', source: 'iot', priority: 2, description: `bench rollup ${i}`, lng: p.lng, lat: p.lat, registeredBy: null, scope: '' });
  };
  try {
    for (let batch = 0; batch < 12; batch++) {
      const withRollup = batch % 2 === 0;
      await pool.query(withRollup ? 'SELECT case_rollup_resume()' : 'SELECT case_rollup_pause()');
      for (let i = 0; i < 25; i++) {
        const [t, made] = await timed(() => intake(batch * 100 + i));
        if (batch > 1) (withRollup ? on : off).push(t);
        if (!withRollup && !made.repeated) untracked.push(made.id);
      }
    }
  } finally {
    await pool.query('SELECT case_rollup_resume()');
    await pool.query('SELECT case_rollup_refresh(id) FROM unnest($1::int[]) AS id', [untracked]);
  }
  const added = (pct(on, 50) / pct(off, 50) - 1) * 100;
  lines.push('');
  lines.push(`Rollup cost on intake (${on.length} intakes with the rollup trigger, ${off.length} without, interleaved): p50 ${ms(pct(on, 50))} ms vs ${ms(pct(off, 50))} ms (${added >= 0 ? '+' : ''}${added.toFixed(1)}%), p95 ${ms(pct(on, 95))} ms vs ${ms(pct(off, 95))} ms. Target ≤ +10%.`);
  console.log(lines[lines.length - 1]);
}
