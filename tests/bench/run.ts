/**
 * `npm run bench`: tile latency per layer at z12/z14/z16 over a fixed set of 鼓楼区 tiles, cold and cached,
 * the ratio of HTTP time to the bare SQL time for the same tile (HTTP with gzip, as browsers ask), and
 * drill-down `area.get` latency.
 * Runs on the embedded database (DATA_DIR) and, when DATABASE_URL is set, on PostgreSQL too; writes
 * the results into BENCHMARKS.md (one section per database, replaced on each run).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import { loadEnv } from '../../api/env';
import { createApp, type App } from '../../api/app';
import { ensureSeeded } from '../../seed/prepare';
import { liveBenches } from './live';
import { sensingBenches } from './sensing';
import { firstPaintBenches } from './first-paint';
import { metricsBenches } from './metrics';
import { planningBenches } from './planning';
import { tileThroughputBenches } from './tile-throughput';
import { buildDashboardIfStale, DIST } from '../../api/build-web';
import { signIn } from './session';
import { LAYERS, type LayerDefinition } from '../../tiles/layers';
import { sessionUser } from '../../api/auth/session';

/** The tile statement without its scope predicate: what a scoped layer would cost unfiltered. */
function withoutScope(statement: string): string {
  const stripped = statement.replace(/\s+AND (\w+\.)?(grid_code|code|area_code) LIKE \$4 \|\| '%'/g, '');
  if (stripped === statement) throw new Error('bench: no scope predicate found to strip');
  return stripped;
}

const GULOU_BBOX = [119.245, 26.055, 119.325, 26.13];
const ZOOMS = [12, 14, 16];
const TILES_PER_ZOOM = 30;
const OUT = 'BENCHMARKS.md';

function tileRange(z: number) {
  const n = 2 ** z;
  const tx = (lng: number) => Math.floor(((lng + 180) / 360) * n);
  const ty = (lat: number) => {
    const r = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  };
  const tiles: [number, number][] = [];
  for (let x = tx(GULOU_BBOX[0]); x <= tx(GULOU_BBOX[2]); x++) for (let y = ty(GULOU_BBOX[3]); y <= ty(GULOU_BBOX[1]); y++) tiles.push([x, y]);
  // A fixed, spread-out sample: every k-th tile in row order.
  const step = Math.max(1, Math.floor(tiles.length / TILES_PER_ZOOM));
  return tiles.filter((_, i) => i % step === 0).slice(0, TILES_PER_ZOOM);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (v: number) => v.toFixed(v < 10 ? 2 : 1);

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await f();
  return [performance.now() - t, r];
}

type Session = Awaited<ReturnType<typeof signIn>>;

/** Tiles (per layer and zoom, cold and cached, HTTP against SQL), area.get and the cost of scope filtering. */
async function mapBenches(lines: string[], { base, tiles, pool, admin, district }: { base: string; tiles: App['context']['tiles']; pool: App['context']['pool']; admin: Session; district: Session }) {
  lines.push('');
  lines.push('| layer | z | tiles | cold p50 ms | cold p95 ms | cached p50 ms | cached p95 ms | SQL p50 ms | HTTP/SQL (p50) | HTTP − SQL (p50) ms | max KB |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const layer of LAYERS as readonly LayerDefinition[]) {
    for (const z of ZOOMS) {
      if (z < layer.minzoom || z > layer.maxzoom) continue;
      const set = tileRange(z);
      const statement = tiles.statementFor(layer, z);
      const sqlTimes: number[] = [];
      for (const [x, y] of set) {
        const params = tiles.paramsFor(layer, z, x, y, layer.access === 'scoped' ? '3501' : '');
        sqlTimes.push((await timed(() => pool.query(statement, params)))[0]);
      }
      tiles.invalidate(layer.id);
      const cold: number[] = [];
      const cached: number[] = [];
      let maxBytes = 0;
      for (const [x, y] of set) {
        const [t, res] = await timed(() => fetch(`${base}/tiles/${layer.id}/${z}/${x}/${y}.mvt`, { headers: { ...admin.headers, 'accept-encoding': 'gzip' } }));
        const bytes = (await res.arrayBuffer()).byteLength;
        cold.push(t);
        maxBytes = Math.max(maxBytes, bytes);
      }
      for (const [x, y] of set) {
        const [t, res] = await timed(() => fetch(`${base}/tiles/${layer.id}/${z}/${x}/${y}.mvt`, { headers: { ...admin.headers, 'accept-encoding': 'gzip' } }));
        await res.arrayBuffer();
        cached.push(t);
      }
      const ratio = pct(cold, 50) / Math.max(pct(sqlTimes, 50), 0.01);
      lines.push(`| ${layer.id} | ${z} | ${set.length} | ${ms(pct(cold, 50))} | ${ms(pct(cold, 95))} | ${ms(pct(cached, 50))} | ${ms(pct(cached, 95))} | ${ms(pct(sqlTimes, 50))} | ${ratio.toFixed(2)} | ${ms(pct(cold, 50) - pct(sqlTimes, 50))} | ${(maxBytes / 1024).toFixed(0)} |`);
      console.log(lines[lines.length - 1]);
    }
  }
  // Drill-down: the city, 鼓楼区, its streets and the communities of 东街街道, through HTTP /trpc.
  const codes = ['3501', '350102'];
  const gulou = await pool.query<{ code: string }>(`SELECT code FROM areas WHERE parent_code IN ('350102', '350102004') ORDER BY code`);
  codes.push(...gulou.rows.map((r) => r.code));
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const code of codes) {
      const [t, res] = await timed(() => fetch(`${base}/trpc/area.get?input=${encodeURIComponent(JSON.stringify({ code }))}`, { headers: district.headers }));
      await res.json();
      if (round > 0) times.push(t);
    }
  }
  lines.push('');
  lines.push(`\`area.get\` over HTTP as the 鼓楼区 command centre (\`demo-district\`), ${codes.length} areas (city, 鼓楼区, its streets, 东街街道's communities) × 2 warm rounds: p50 ${ms(pct(times, 50))} ms, p95 ${ms(pct(times, 95))} ms.`);
  console.log(lines[lines.length - 1]);

  // What scoping costs. area.get: the session lookup every signed-in request makes (the scope checks
  // themselves are string-prefix comparisons). Tiles: the scope predicate in the SQL of scoped layers.
  const lookups: number[] = [];
  for (let i = 0; i < 200; i++) lookups.push((await timed(() => sessionUser(pool, district.token)))[0]);
  lines.push('');
  lines.push(`Scope filtering on \`area.get\`: the session lookup takes p50 ${ms(pct(lookups, 50))} ms, p95 ${ms(pct(lookups, 95))} ms — ${((pct(lookups, 50) / pct(times, 50)) * 100).toFixed(1)}% of the p50 and ${((pct(lookups, 95) / pct(times, 95)) * 100).toFixed(1)}% of the p95 of \`area.get\`.`);
  lines.push('');
  lines.push('Scope filtering on tiles (warm SQL of scoped layers, same tiles: no predicate / city scope 3501 / district scope 350102):');
  lines.push('');
  lines.push('| layer | z | no scope p50 / p95 ms | scope 3501 p50 / p95 ms | scope 350102 p50 / p95 ms | overhead at city scope (p95) |');
  lines.push('|---|---|---|---|---|---|');
  for (const layer of (LAYERS as readonly LayerDefinition[]).filter((l) => l.access === 'scoped')) {
    for (const z of [14, 16]) {
      const set = tileRange(z);
      const statement = tiles.statementFor(layer, z);
      const variants = { none: withoutScope(statement), city: statement, district: statement };
      const scopes = { none: '', city: '3501', district: '350102' };
      const results: Record<string, number[]> = { none: [], city: [], district: [] };
      // Variants interleaved tile by tile, a warm-up round then three measured ones, so drift hits all alike.
      for (let round = 0; round < 4; round++) {
        for (const [x, y] of set) {
          for (const [name, sql] of Object.entries(variants)) {
            const [t] = await timed(() => pool.query(sql, tiles.paramsFor(layer, z, x, y, scopes[name as keyof typeof scopes])));
            if (round > 0) results[name].push(t);
          }
        }
      }
      const f = (xs: number[]) => `${ms(pct(xs, 50))} / ${ms(pct(xs, 95))}`;
      const overhead = (pct(results.city, 95) / pct(results.none, 95) - 1) * 100;
      lines.push(`| ${layer.id} | ${z} | ${f(results.none)} | ${f(results.city)} | ${f(results.district)} | ${overhead >= 0 ? '+' : ''}${overhead.toFixed(1)}% |`);
      console.log(lines[lines.length - 1]);
    }
  }
}

async function benchOne(databaseUrl: string | undefined): Promise<string> {
  const env = loadEnv({ ...process.env, DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'error', SIMULATOR: 'off', ESCALATION_INTERVAL_S: '3600', REPORT_RATE_LIMIT: '1000000', PUBLIC_RATE_LIMIT: '1000000' });
  const log = (m: string) => console.log(`[bench] ${m}`);
  // Like `npm start`: a database without a city is seeded first (with SEED and SEED_SCALE).
  // The dashboard is served too, for the first-paint benchmark.
  await buildDashboardIfStale(log);
  const app = await createApp(env, { log, staticDir: DIST, seed: async (pool) => void (await ensureSeeded(pool, { seed: env.SEED, scale: env.SEED_SCALE, onProgress: log })) });
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const { tiles, pool, databaseKind, seed } = { ...app.context, tiles: app.context.tiles };
  // The city-wide administrator sees every feature: the same tiles as before accounts existed.
  const admin = await signIn(base, 'demo-admin');
  const district = await signIn(base, 'demo-district');
  const lines: string[] = [];
  lines.push(`### ${databaseKind === 'embedded' ? 'Embedded PGlite + PostGIS' : 'PostgreSQL + PostGIS'} (tiles encoded by ${tiles.encoder}; seed ${seed.seed}, scale ${seed.scale}: ${seed.counts.buildings} buildings, ${seed.counts.incidents} incidents)`);
  const only = liveOnly || sensingOnly || firstPaintOnly || metricsOnly || tilesThroughputOnly || planningOnly;
  if (!only) await mapBenches(lines, { base, tiles, pool, admin, district });
  if (!only || tilesThroughputOnly) await tileThroughputBenches(lines, { base, app, session: admin });
  if (!only || liveOnly) await liveBenches(lines, { base, app, databaseKind });
  if (!only || sensingOnly) await sensingBenches(lines, { base, app, env });
  if (!only || metricsOnly) await metricsBenches(lines, { base, app });
  if (!only || planningOnly) await planningBenches(lines, { base, app });
  if (!only || firstPaintOnly) await firstPaintBenches(lines, { base });
  await app.close();
  return lines.join('\n');
}

// `npm run bench -- --postgres-only` skips the embedded database (with DATABASE_URL set); `-- --live-only`
// runs only the live-case benchmarks, `-- --sensing-only` only the sensing ones, `-- --first-paint-only` only the
// public map's first paint against a bare maplibre page (first-paint.ts), `-- --metrics-only` only the leaders'
// figures (metrics.ts), `-- --tiles-throughput-only` only cached-tile requests per second against a bare node:http
// server (tile-throughput.ts), `-- --planning-only` only the planners' life circle (planning.ts).
const liveOnly = process.argv.includes('--live-only');
const sensingOnly = process.argv.includes('--sensing-only');
const firstPaintOnly = process.argv.includes('--first-paint-only');
const metricsOnly = process.argv.includes('--metrics-only');
const tilesThroughputOnly = process.argv.includes('--tiles-throughput-only');
const planningOnly = process.argv.includes('--planning-only');
const postgresOnly = process.argv.includes('--postgres-only') && Boolean(process.env.DATABASE_URL);
const sections: string[] = [];
if (!postgresOnly) sections.push(await benchOne(undefined));
if (process.env.DATABASE_URL) sections.push(await benchOne(process.env.DATABASE_URL));

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const header = `## Run of ${new Date().toISOString().slice(0, 10)} — ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const body = `${header}\n\n${sections.join('\n\n')}\n`;
const [intro, results = ''] = existsSync(OUT) ? readFileSync(OUT, 'utf8').split('<!-- results -->') : ['# Benchmarks\n\n'];
// A partial run (`--…-only`) goes above the full run's results, replacing an earlier partial run of the same part.
const part = liveOnly ? 'live' : sensingOnly ? 'sensing' : firstPaintOnly ? 'first-paint' : metricsOnly ? 'metrics' : tilesThroughputOnly ? 'tiles-throughput' : planningOnly ? 'planning' : null;
if (part) {
  const title = `## Partial run (${part})`;
  const kept = intro.split(/(?=^## )/m).filter((s) => !s.startsWith(title));
  writeFileSync(OUT, `${kept.join('').trimEnd()}\n\n${title} — ${body.slice(body.indexOf('— ') + 2)}\n<!-- results -->${results}`);
} else {
  writeFileSync(OUT, `${intro.trimEnd()}\n\n<!-- results -->\n\n${body}`);
}
console.log(`wrote ${OUT}`);
