/**
 * The planners' life-circle analysis over HTTP, as the planning screen asks: the model's first build,
 * isochrones at random places, a district's coverage cold (distances and answers forgotten; the model kept)
 * and cached, the recompute after a scenario edit, and a 5-site suggestion over the district's candidates.
 */
import type { App } from '../../api/app';
import { clearPlanningCaches } from '../../api/planning/service';
import type { Coverage, Scenario, Suggestion } from '../../api/planning/types';
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

const DISTRICT = '350102';

export async function planningBenches(lines: string[], { base, app }: { base: string; app: App }) {
  const planner = await signIn(base, 'demo-planner');
  const call = async <T>(path: string, input: unknown, method: 'GET' | 'POST' = 'GET'): Promise<T> => {
    const res =
      method === 'GET'
        ? await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: planner.headers })
        : await fetch(`${base}/trpc/${path}`, { method: 'POST', headers: { ...planner.headers, 'x-csrf-token': planner.csrf, 'content-type': 'application/json' }, body: JSON.stringify(input) });
    const body = await res.text();
    if (!res.ok) throw new Error(`bench: ${path} answered ${res.status} ${body.slice(0, 300)}`);
    return (JSON.parse(body) as { result: { data: T } }).result.data;
  };
  const rows: string[] = [];
  const row = (what: string, times: number[], target: string) => {
    rows.push(`| ${what} | ${times.length} | ${ms(pct(times, 50))} | ${ms(pct(times, 95))} | ${target} |`);
    console.log(rows[rows.length - 1]);
  };

  // The first question builds the model: the walking network and every building snapped to it.
  const [build] = await timed(() => call<Coverage>('planning.coverage', { areaCode: DISTRICT, facilityType: 'kindergarten' }));
  const { rows: counts } = await app.context.pool.query<{ buildings: number; candidates: number }>(
    `SELECT count(*)::int AS buildings, count(*) FILTER (WHERE use = 'public' AND grid_code LIKE $1 || '%')::int AS candidates FROM buildings`,
    [DISTRICT],
  );

  // Isochrones at street points of the district.
  const { rows: points } = await app.context.pool.query<{ lng: number; lat: number }>(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM buildings WHERE grid_code LIKE $1 || '%' ORDER BY md5(id::text) LIMIT 60) s`,
    [DISTRICT],
  );
  const iso: number[] = [];
  for (const [i, p] of points.entries()) {
    const [t] = await timed(() => call('planning.isochrone', { lng: p.lng, lat: p.lat, minutes: [5, 10, 15] }).catch(() => null));
    if (i >= 5) iso.push(t);
  }
  row('planning.isochrone 5/10/15 min', iso, 'p95 ≤ 50 ms');

  for (const type of ['kindergarten', 'primary_school', 'health_centre'] as const) {
    const cold: number[] = [];
    for (let i = 0; i < 8; i++) {
      clearPlanningCaches();
      cold.push((await timed(() => call('planning.coverage', { areaCode: DISTRICT, facilityType: type })))[0]);
    }
    row(`planning.coverage district, ${type}, cold`, cold, '≤ 1 s');
    const cached: number[] = [];
    for (let i = 0; i < 30; i++) cached.push((await timed(() => call('planning.coverage', { areaCode: DISTRICT, facilityType: type })))[0]);
    row(`planning.coverage district, ${type}, cached`, cached, '≤ 100 ms');
  }

  // A scenario edit: the planner drops a kindergarten into another gap each time; the map asks again.
  const gaps = (await call<Coverage>('planning.coverage', { areaCode: DISTRICT, facilityType: 'kindergarten' })).uncovered;
  let scenario = await call<Scenario>('planning.scenario.create', { name: 'bench', areaCode: DISTRICT, facilityType: 'kindergarten' }, 'POST');
  const recompute: number[] = [];
  const editAndRecompute: number[] = [];
  for (let i = 0; i < 15; i++) {
    const gap = gaps[(i * 7) % gaps.length];
    const edits = [...scenario.edits, { op: 'add', key: `b${i}`, lng: gap.lng, lat: gap.lat }];
    const [tEdit, next] = await timed(() => call<Scenario>('planning.scenario.update', { id: scenario.id, version: scenario.version, edits }, 'POST'));
    scenario = next;
    const [tCov] = await timed(() => call('planning.coverage', { areaCode: DISTRICT, facilityType: 'kindergarten', scenarioId: scenario.id }));
    recompute.push(tCov);
    editAndRecompute.push(tEdit + tCov);
  }
  row('scenario recompute (coverage after an edit)', recompute, '≤ 300 ms');
  row('scenario edit saved + recompute', editAndRecompute, '—');
  await call('planning.scenario.delete', { id: scenario.id }, 'POST');

  const suggest: number[] = [];
  let last: Suggestion | null = null;
  for (let i = 0; i < 3; i++) {
    const [t, s] = await timed(() => call<Suggestion>('planning.suggest', { areaCode: DISTRICT, facilityType: 'kindergarten', count: 5 }));
    suggest.push(t);
    last = s;
  }
  row(`planning.suggest 5 sites over ${last!.candidates} candidates`, suggest, '≤ 5 s');

  lines.push('');
  lines.push(`Planners' life circle over HTTP (district ${DISTRICT}; ${counts[0].buildings} buildings, ${counts[0].candidates} public-use buildings in the district; targets at scale 10 on PostgreSQL). The first question built the model (network + every building snapped) in ${ms(build)} ms. Cold = distances and answers forgotten, model kept.`);
  lines.push('');
  lines.push('| call | runs | p50 ms | p95 ms | target |');
  lines.push('|---|---|---|---|---|');
  lines.push(...rows);
}
