/**
 * Cached-tile throughput: the densest buildings tile at z15, warmed into the tile cache, asked for by 32
 * keep-alive clients for a few seconds, as the signed-in administrator with gzip (as browsers ask); and, in the
 * same run, a bare `node:http` server answering with the same bytes and the same headers, measured the same way.
 * Target: the tile server answers ≥ 0.8× the bare server's requests per second.
 *
 * The clients run in a worker thread, so each server's event loop has the main thread to itself. The two are
 * measured in alternating rounds (bare, tile, bare, tile), so drift in the machine's load hits both alike.
 * The tile server logs at `info` meanwhile (the default LOG_LEVEL), as in production.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import type { App } from '../../api/app';

const CLIENTS = 32;
const ROUNDS = 2;
const WARM_S = 1;
const MEASURE_S = 5;
const TARGET = 0.8;

interface LoadResult {
  ok: number;
  failed: number;
  seconds: number;
  /** CPU time of the main thread (the server's event loop) per answered request, µs; null where unknown. */
  cpuUs: number | null;
}

/** The load generator (plain JS, evaluated in the worker): `clients` loops of GET, each on its keep-alive socket. */
const LOAD = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { url, headers, clients, warmMs, measureMs, bytes } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
let counting = false;
let stop = false;
let ok = 0;
let failed = 0;
const one = () => new Promise((resolve) => {
  const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, headers }, (res) => {
    let n = 0;
    res.on('data', (chunk) => { n += chunk.length; });
    res.on('end', () => {
      if (counting) { if (res.statusCode === 200 && n === bytes) ok++; else failed++; }
      resolve();
    });
  });
  req.on('error', () => { if (counting) failed++; resolve(); });
  req.end();
});
const loop = async () => { while (!stop) await one(); };
const loops = Array.from({ length: clients }, loop);
setTimeout(() => {
  counting = true;
  parentPort.postMessage('measuring');
  const started = performance.now();
  setTimeout(async () => {
    counting = false;
    const seconds = (performance.now() - started) / 1000;
    stop = true;
    await Promise.all(loops);
    agent.destroy();
    parentPort.postMessage({ ok, failed, seconds });
  }, measureMs);
}, warmMs);
`;

/**
 * CPU time (ms) the main thread has used, from /proc (Linux): unlike requests per second, the server's cost per
 * request does not depend on how busy the machine's other cores are. Null elsewhere.
 */
function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15 of stat(5)), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function load(url: string, headers: Record<string, string>, bytes: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD, {
      eval: true,
      workerData: { url, headers, clients: CLIENTS, warmMs: WARM_S * 1000, measureMs: MEASURE_S * 1000, bytes },
    });
    let cpuAtStart: number | null = null;
    worker.on('message', (message: 'measuring' | Omit<LoadResult, 'cpuUs'>) => {
      if (message === 'measuring') {
        cpuAtStart = mainThreadCpuMs();
        return;
      }
      const cpuAtEnd = mainThreadCpuMs();
      const cpuUs = cpuAtStart === null || cpuAtEnd === null || !message.ok ? null : ((cpuAtEnd - cpuAtStart) * 1000) / message.ok;
      resolve({ ...message, cpuUs });
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** One GET with node:http: status, headers as sent, body. */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** The z15 tile holding the most building footprints (by centroid). */
async function densestBuildingsTile(pool: App['context']['pool']): Promise<{ x: number; y: number; n: number }> {
  const { rows } = await pool.query<{ x: number; y: number; n: number }>(
    `SELECT floor((ST_X(c) + 20037508.342789244) / (40075016.68557849 / 32768))::int AS x,
            floor((20037508.342789244 - ST_Y(c)) / (40075016.68557849 / 32768))::int AS y, count(*)::int AS n
     FROM (SELECT ST_Centroid(geom3857) AS c FROM buildings) b GROUP BY 1, 2 ORDER BY n DESC LIMIT 1`,
  );
  if (!rows[0]) throw new Error('bench: no buildings to pick a tile from');
  return rows[0];
}

/** Headers Node's http server writes itself on each response. */
const PER_RESPONSE = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

export interface TileThroughput {
  tileRps: number;
  bareRps: number;
  /** tileRps / bareRps: the target is ≥ 0.8. */
  ratio: number;
  /** Main-thread CPU per request (µs), null where it cannot be read. */
  tileCpuUs: number | null;
  bareCpuUs: number | null;
}

/** Cached-tile requests per second of the app's server against a bare node:http server; appends its lines. */
export async function tileThroughputBenches(
  lines: string[],
  { base, app, session }: { base: string; app: App; session: { headers: Record<string, string> } },
): Promise<TileThroughput> {
  const { x, y, n } = await densestBuildingsTile(app.context.pool);
  const path = `/tiles/buildings/15/${x}/${y}.mvt`;
  const headers = { ...session.headers, 'accept-encoding': 'gzip' };
  await get(`${base}${path}`, headers);
  const hit = await get(`${base}${path}`, headers);
  if (hit.status !== 200 || hit.headers['x-tile-cache'] !== 'hit') {
    throw new Error(`bench: ${path} answered ${hit.status} with x-tile-cache ${hit.headers['x-tile-cache']}, expected a cached 200`);
  }

  // The bare server: the same status, headers and bytes, nothing else.
  const sameHeaders = Object.fromEntries(Object.entries(hit.headers).filter(([name]) => !PER_RESPONSE.has(name))) as http.OutgoingHttpHeaders;
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, sameHeaders);
    res.end(hit.body);
  });
  bare.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}${path}`;

  const logLevel = app.server.log.level;
  app.server.log.level = 'info';
  const tile: LoadResult[] = [];
  const plain: LoadResult[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      plain.push(await load(bareUrl, headers, hit.body.length));
      tile.push(await load(`${base}${path}`, headers, hit.body.length));
    }
  } finally {
    app.server.log.level = logLevel;
    await new Promise<void>((resolve) => bare.close(() => resolve()));
  }

  const rps = (rs: LoadResult[]) => rs.reduce((s, r) => s + r.ok, 0) / rs.reduce((s, r) => s + r.seconds, 0);
  const cpu = (rs: LoadResult[]) => (rs.every((r) => r.cpuUs !== null) ? rs.reduce((s, r) => s + r.cpuUs! * r.ok, 0) / rs.reduce((s, r) => s + r.ok, 0) : null);
  const failed = [...tile, ...plain].reduce((s, r) => s + r.failed, 0);
  if (failed) throw new Error(`bench: ${failed} tile requests failed or came back short during the throughput run`);
  const result: TileThroughput = { tileRps: rps(tile), bareRps: rps(plain), ratio: rps(tile) / rps(plain), tileCpuUs: cpu(tile), bareCpuUs: cpu(plain) };
  const each = (rs: LoadResult[]) => rs.map((r) => (r.ok / r.seconds).toFixed(0)).join(', ');
  const us = (v: number | null) => (v === null ? '–' : v.toFixed(0));
  const start = lines.length;
  lines.push('');
  lines.push(
    `Cached-tile throughput: \`${path}\` (${n} buildings, ${(hit.body.length / 1024).toFixed(1)} KB gzip, as \`demo-admin\`), ` +
      `${CLIENTS} keep-alive clients in a worker thread, ${ROUNDS} rounds of ${MEASURE_S} s (after ${WARM_S} s of warm-up) per server, alternating, ` +
      `the tile server logging at info. Server CPU: the main thread's CPU time per request (the clients' thread apart).`,
  );
  lines.push('');
  lines.push('| server | req/s | req/s per round | server CPU µs/request |');
  lines.push('|---|---|---|---|');
  lines.push(`| tile server (Fastify: helmet, cookies, metrics, tile cache) | ${result.tileRps.toFixed(0)} | ${each(tile)} | ${us(result.tileCpuUs)} |`);
  lines.push(`| bare \`node:http\`, same bytes and headers | ${result.bareRps.toFixed(0)} | ${each(plain)} | ${us(result.bareCpuUs)} |`);
  lines.push('');
  lines.push(`Tile server / bare server: ${result.ratio.toFixed(2)}× the requests per second (target ≥ ${TARGET}×: ${result.ratio >= TARGET ? 'met' : 'not met'}).`);
  for (const line of lines.slice(start)) console.log(line);
  return result;
}
