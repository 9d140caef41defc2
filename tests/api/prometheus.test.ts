/**
 * Operations (issue 14): `GET /metrics` in the Prometheus text format (requests by resolved route and status,
 * latency, tile cache hits per layer, the database pool, live subscribers, background loops), readable from this
 * host not through a proxy or with METRICS_TOKEN; and one log line per request, none at `info` for a cached tile.
 * The shared server is asked over HTTP; servers with their own settings are built in this process on the test
 * database and asked through Fastify's inject.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServer, type ServerOptions } from '../../api/server';
import type { AppContext } from '../../api/trpc';
import { RateLimiter } from '../../api/rate-limit';
import { loadEnv } from '../../api/env';
import { every } from '../../api/every';
import { TileService } from '../../tiles/tile-service';
import { baseUrl, createTestContext, gridPoint, openSse, signIn, tileOf } from '../helpers';

let t: Awaited<ReturnType<typeof createTestContext>>;
const servers: FastifyInstance[] = [];
/** A public tile with features in 东街街道, at z14. */
let tilePath: string;

beforeAll(async () => {
  t = await createTestContext();
  const [lng, lat] = await gridPoint(t.pool, '350102004');
  const { z, x, y } = tileOf(lng, lat, 14);
  tilePath = `/tiles/areas/${z}/${x}/${y}.mvt`;
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await t.pool.end();
});

/** A server as createApp builds it on the test database, with a tile cache of its own (so a first request misses). */
async function testServer(options: Partial<ServerOptions> = {}): Promise<FastifyInstance> {
  const { pool, databaseKind, changes, seed } = t.ctx;
  const tiles = new TileService(pool, inject('tileEncoder'));
  const context: AppContext = { pool, readPool: pool, databaseKind, tiles, changes, seed, demo: true, publicLimit: new RateLimiter(1_000_000, 60_000) };
  const app = await createServer({ context, logLevel: 'silent', reportRateLimit: 1_000_000, ...options });
  await app.ready();
  servers.push(app);
  return app;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * The samples of a text exposition; throws on a line that is neither a comment nor a sample. Values are
 * matched case-insensitively: prom-client writes NaN as `Nan`, which Prometheus reads (Go's ParseFloat).
 */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|NaN|\+Inf|-Inf))$/i.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    const rest = (m[2] ?? '').replace(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g, (_, k: string, v: string) => {
      labels[k] = v.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
      return '';
    });
    if (rest !== '') throw new Error(`bad labels in: ${line}`);
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** The value of the sample `name` with exactly these labels (among others it may have none), or 0 when absent. */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const keys = Object.keys(labels);
  const hit = samples.find((s) => s.name === name && Object.keys(s.labels).length === keys.length && keys.every((k) => s.labels[k] === labels[k]));
  return hit?.value ?? 0;
}

async function scrape(): Promise<Sample[]> {
  const res = await fetch(`${baseUrl()}/metrics`);
  expect(res.status).toBe(200);
  return parse(await res.text());
}

async function scrapeOf(app: FastifyInstance): Promise<Sample[]> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  return parse(res.body);
}

describe('GET /metrics', () => {
  it('answers in the Prometheus text format 0.0.4, with help and type for each metric', async () => {
    const res = await fetch(`${baseUrl()}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(parse(text).length).toBeGreaterThan(20);
    for (const [name, type] of [
      ['http_requests_total', 'counter'],
      ['http_request_duration_seconds', 'histogram'],
      ['citybrain_tile_requests_total', 'counter'],
      ['citybrain_db_pool_connections', 'gauge'],
      ['citybrain_live_subscribers', 'gauge'],
      ['citybrain_sweep_runs_total', 'counter'],
      ['citybrain_sweep_last_duration_seconds', 'gauge'],
      ['process_cpu_seconds_total', 'counter'],
    ]) {
      expect(text, name).toContain(`\n# TYPE ${name} ${type}\n`);
      expect(text, name).toMatch(new RegExp(`# HELP ${name} \\S`));
    }
  });

  it('counts requests by the resolved route and status, tiles as hits and misses per layer', async () => {
    const before = await scrape();
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${baseUrl()}${tilePath}`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    const me = await fetch(`${baseUrl()}/trpc/auth.me`);
    expect(me.status).toBe(200);
    await me.arrayBuffer();
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => value(after, name, labels) - value(before, name, labels);

    expect(delta('http_requests_total', { route: '/tiles/*', method: 'GET', status: '200' })).toBe(2);
    expect(delta('http_requests_total', { route: '/trpc/auth.me', method: 'GET', status: '200' })).toBe(1);
    expect(delta('http_request_duration_seconds_count', { route: '/tiles/*', method: 'GET' })).toBe(2);
    expect(delta('http_request_duration_seconds_sum', { route: '/tiles/*', method: 'GET' })).toBeGreaterThan(0);
    // The second request at least came from the cache (the first may have too: other tests read tiles).
    const hits = delta('citybrain_tile_requests_total', { layer: 'areas', cache: 'hit' });
    expect(hits).toBeGreaterThanOrEqual(1);
    expect(hits + delta('citybrain_tile_requests_total', { layer: 'areas', cache: 'miss' })).toBe(2);
    // Raw paths never become label values.
    expect(after.some((s) => Object.values(s.labels).some((v) => v.includes(tilePath.slice(0, 15))))).toBe(false);
  });

  it('labels a tRPC batch once per procedure, and unknown procedures and paths with one label each', async () => {
    const app = await testServer();
    const batch = await app.inject({ method: 'GET', url: `/trpc/auth.me,system.config?batch=1&input=${encodeURIComponent('{}')}` });
    expect(batch.statusCode).toBe(200);
    expect(batch.json()).toHaveLength(2);
    await app.inject({ method: 'GET', url: '/trpc/no.such1' });
    await app.inject({ method: 'GET', url: '/trpc/no.such2' });
    await app.inject({ method: 'GET', url: '/nothing/here/42' });
    await app.inject({ method: 'GET', url: '/nothing/here/43' });
    const samples = await scrapeOf(app);
    expect(value(samples, 'http_requests_total', { route: '/trpc/auth.me', method: 'GET', status: '200' })).toBe(1);
    expect(value(samples, 'http_requests_total', { route: '/trpc/system.config', method: 'GET', status: '200' })).toBe(1);
    expect(value(samples, 'http_requests_total', { route: '/trpc/(unknown)', method: 'GET', status: '404' })).toBe(2);
    expect(value(samples, 'http_requests_total', { route: '(unmatched)', method: 'GET', status: '404' })).toBe(2);
    const routes = new Set(samples.filter((s) => s.name === 'http_requests_total').map((s) => s.labels.route));
    expect([...routes].filter((r) => /no\.such|nothing/.test(r))).toEqual([]);
  });

  it('counts a miss then a hit on a fresh tile cache, and its size', async () => {
    const app = await testServer();
    const first = await app.inject({ method: 'GET', url: tilePath });
    const second = await app.inject({ method: 'GET', url: tilePath });
    expect([first.headers['x-tile-cache'], second.headers['x-tile-cache']]).toEqual(['miss', 'hit']);
    const samples = await scrapeOf(app);
    expect(value(samples, 'citybrain_tile_requests_total', { layer: 'areas', cache: 'miss' })).toBe(1);
    expect(value(samples, 'citybrain_tile_requests_total', { layer: 'areas', cache: 'hit' })).toBe(1);
    expect(value(samples, 'citybrain_tile_cache_tiles')).toBe(1);
    expect(value(samples, 'citybrain_tile_cache_bytes')).toBe(first.rawPayload.length + (await app.inject({ method: 'GET', url: tilePath, headers: { 'accept-encoding': 'gzip' } })).rawPayload.length);
  });

  it('reports the database pool', async () => {
    const app = await testServer();
    await t.pool.query('SELECT 1');
    const samples = await scrapeOf(app);
    // The test context's pool: at most one connection, which the requests so far have opened.
    expect(value(samples, 'citybrain_db_pool_max_connections')).toBe(1);
    expect(value(samples, 'citybrain_db_pool_connections')).toBe(1);
    expect(value(samples, 'citybrain_db_pool_idle_connections')).toBe(1);
    expect(value(samples, 'citybrain_db_pool_waiting')).toBe(0);
    expect(value(samples, 'citybrain_info', { database: inject('databaseKind'), tile_encoder: inject('tileEncoder') })).toBe(1);
  });

  it('reports open live streams, and counts one when its client leaves', async () => {
    const live = { route: '/trpc/incident.live', method: 'GET', status: '200' };
    const subscribers = async () => value(await scrape(), 'citybrain_live_subscribers');
    const before = await scrape();
    const session = await signIn('demo-district');
    const stream = await openSse(baseUrl(), session, 'incident.live', {});
    expect((await stream.next()).data).toMatchObject({ kind: 'ready' });
    expect(await subscribers()).toBe(value(before, 'citybrain_live_subscribers') + 1);
    stream.close();
    for (let i = 0; i < 50 && (await subscribers()) !== value(before, 'citybrain_live_subscribers'); i++) await new Promise((r) => setTimeout(r, 100));
    const after = await scrape();
    expect(value(after, 'citybrain_live_subscribers')).toBe(value(before, 'citybrain_live_subscribers'));
    // Fastify runs no onResponse hook for a stream its client closed: counted all the same, once.
    expect(value(after, 'http_requests_total', live) - value(before, 'http_requests_total', live)).toBe(1);
    expect(value(after, 'http_request_duration_seconds_count', { route: live.route, method: 'GET' }) - value(before, 'http_request_duration_seconds_count', { route: live.route, method: 'GET' })).toBe(1);
  });

  it('reports the background loops: steps by outcome and the latest duration', async () => {
    let calls = 0;
    const ok = every(20, 'metrics test loop', () => {}, async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 30));
    }, 0);
    const failing = every(20, 'metrics failing loop', () => {}, async () => {
      throw new Error('no');
    }, 0);
    for (let i = 0; i < 100 && calls < 3; i++) await new Promise((r) => setTimeout(r, 20));
    ok.stop();
    failing.stop();
    const samples = await scrapeOf(await testServer());
    expect(value(samples, 'citybrain_sweep_runs_total', { sweep: 'metrics test loop', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(value(samples, 'citybrain_sweep_runs_total', { sweep: 'metrics test loop', outcome: 'failed' })).toBe(0);
    expect(value(samples, 'citybrain_sweep_runs_total', { sweep: 'metrics failing loop', outcome: 'failed' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'citybrain_sweep_runs_total', { sweep: 'metrics failing loop', outcome: 'ok' })).toBe(0);
    // Steps of 30 ms on a 20 ms timer: ticks find the previous step running.
    expect(value(samples, 'citybrain_sweep_skipped_total', { sweep: 'metrics test loop' })).toBeGreaterThanOrEqual(1);
    const last = value(samples, 'citybrain_sweep_last_duration_seconds', { sweep: 'metrics test loop' });
    expect(last).toBeGreaterThanOrEqual(0.025);
    expect(last).toBeLessThan(5);
    const at = value(samples, 'citybrain_sweep_last_run_timestamp_seconds', { sweep: 'metrics test loop' });
    expect(Math.abs(at - Date.now() / 1000)).toBeLessThan(60);
  });

  it('reports which loops this process runs (their lease) and which it leaves to another', async () => {
    const [mine, theirs] = [`metrics leased loop ${Date.now()}`, `metrics loop held elsewhere ${Date.now()}`];
    await t.pool.query(`INSERT INTO loop_leases (name, holder, until) VALUES ($1, 'another process', now() + interval '1 minute')`, [theirs]);
    let runs = 0;
    const leader = every(20, mine, () => {}, async () => void runs++, 0, { db: t.pool });
    const standby = every(20, theirs, () => {}, async () => void runs++, 0, { db: t.pool });
    for (let i = 0; i < 100 && runs < 3; i++) await new Promise((r) => setTimeout(r, 20));
    const samples = await scrapeOf(await testServer());
    await Promise.all([leader.stop(), standby.stop()]);
    await t.pool.query('DELETE FROM loop_leases WHERE name = $1', [theirs]);
    expect(value(samples, 'citybrain_sweep_leader', { sweep: mine })).toBe(1);
    expect(value(samples, 'citybrain_sweep_leader', { sweep: theirs })).toBe(0);
    expect(value(samples, 'citybrain_sweep_standby_total', { sweep: theirs })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'citybrain_sweep_standby_total', { sweep: mine })).toBe(0);
    expect(value(samples, 'citybrain_sweep_runs_total', { sweep: theirs, outcome: 'ok' })).toBe(0);
  });
});

describe('who may read /metrics', () => {
  const TOKEN = 'metrics-scraper-token-0123';

  it('without METRICS_TOKEN: this host not through a proxy only', async () => {
    const app = await testServer();
    const status = async (remoteAddress: string, headers: Record<string, string> = {}) =>
      (await app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers })).statusCode;
    expect(await status('127.0.0.1')).toBe(200);
    expect(await status('::1')).toBe(200);
    expect(await status('::ffff:127.0.0.1')).toBe(200);
    expect(await status('203.0.113.7')).toBe(403);
    expect(await status('10.0.0.5')).toBe(403);
    // A proxy on this host forwards public clients from 127.0.0.1.
    expect(await status('127.0.0.1', { 'x-forwarded-for': '203.0.113.7' })).toBe(403);
    expect(await status('127.0.0.1', { forwarded: 'for=203.0.113.7' })).toBe(403);
    expect(await status('127.0.0.1', { 'x-real-ip': '203.0.113.7' })).toBe(403);
    // A bearer token means nothing when none is configured.
    expect(await status('203.0.113.7', { authorization: `Bearer ${TOKEN}` })).toBe(403);
    const refused = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.7' });
    expect(refused.body).not.toContain('http_requests_total');
    expect(refused.json().error).toMatch(/METRICS_TOKEN/);
  });

  it('behind a trusted proxy: the socket decides, not a forwarded address', async () => {
    const app = await testServer({ trustProxy: 1 });
    const res = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '198.51.100.9', headers: { 'x-forwarded-for': '127.0.0.1' } });
    expect(res.statusCode).toBe(403);
  });

  it('with METRICS_TOKEN: the bearer token from anywhere; a wrong or missing one is refused', async () => {
    const app = await testServer({ metricsToken: TOKEN });
    const ask = (remoteAddress: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });
    const ok = await ask('203.0.113.7', { authorization: `Bearer ${TOKEN}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('# TYPE http_requests_total counter');
    const missing = await ask('203.0.113.7');
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(missing.body).not.toContain('http_requests_total');
    expect((await ask('203.0.113.7', { authorization: `Bearer ${TOKEN}x` })).statusCode).toBe(401);
    expect((await ask('203.0.113.7', { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` })).statusCode).toBe(401);
    // A wrong token is refused from this host too; without a header this host still reads.
    expect((await ask('127.0.0.1', { authorization: 'Bearer wrong-token-wrong-token' })).statusCode).toBe(401);
    expect((await ask('127.0.0.1')).statusCode).toBe(200);
    expect((await ask('127.0.0.1', { 'x-forwarded-for': '203.0.113.7' })).statusCode).toBe(401);
  });

  it('validates METRICS_TOKEN and LOG_TILE_HITS at start-up', () => {
    expect(() => loadEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN needs at least 16 characters/);
    expect(() => loadEnv({ LOG_TILE_HITS: 'yes' })).toThrow(/LOG_TILE_HITS/);
    expect(loadEnv({}).LOG_TILE_HITS).toBe('off');
    expect(loadEnv({ METRICS_TOKEN: TOKEN, LOG_TILE_HITS: 'on' })).toMatchObject({ METRICS_TOKEN: TOKEN, LOG_TILE_HITS: 'on' });
  });
});

describe('request logs', () => {
  interface Line {
    level: number;
    msg: string;
    reqId?: string;
    method?: string;
    route?: string;
    status?: number;
    ms?: number;
  }

  /** A server logging at `level` into an array, and `linesOf(url)`: the lines a request to it wrote. */
  async function logged(level: string, options: Partial<ServerOptions> = {}) {
    const lines: Line[] = [];
    const app = await testServer({ ...options, logLevel: level, logStream: { write: (s: string) => void lines.push(JSON.parse(s) as Line) } });
    /** The request's lines: those before the line of a marker request made after it (a line is written when its response ends). */
    const linesOf = async (url: string, headers: Record<string, string> = {}) => {
      const from = lines.length;
      const res = await app.inject({ method: 'GET', url, headers });
      const marker = `/trpc/system.config`;
      await app.inject({ method: 'GET', url: marker });
      for (let i = 0; i < 100 && !lines.slice(from).some((l) => l.route === marker); i++) await new Promise((r) => setTimeout(r, 10));
      const own = lines.slice(from);
      const end = own.findIndex((l) => l.route === marker);
      expect(end, 'the marker request was logged').toBeGreaterThanOrEqual(0);
      return { res, lines: own.slice(0, end) };
    };
    return { app, lines, linesOf };
  }

  it('writes one line per request at info, with method, route, status and ms, and none for a cached tile', async () => {
    const { linesOf } = await logged('info');
    const miss = await linesOf(tilePath);
    expect(miss.res.headers['x-tile-cache']).toBe('miss');
    expect(miss.lines).toHaveLength(1);
    expect(miss.lines[0]).toMatchObject({ level: 30, msg: 'request', method: 'GET', route: '/tiles/*', status: 200 });
    expect(miss.lines[0].ms).toBeGreaterThan(0);
    expect(typeof miss.lines[0].reqId).toBe('string');

    const hit = await linesOf(tilePath);
    expect(hit.res.headers['x-tile-cache']).toBe('hit');
    expect(hit.lines).toEqual([]);

    const me = await linesOf('/trpc/auth.me');
    expect(me.lines).toHaveLength(1);
    expect(me.lines[0]).toMatchObject({ level: 30, msg: 'request', method: 'GET', route: '/trpc/auth.me', status: 200 });

    const missing = await linesOf('/tiles/nosuchlayer/1/2/3.mvt');
    expect(missing.lines).toHaveLength(1);
    expect(missing.lines[0]).toMatchObject({ route: '/tiles/*', status: 404 });
    // Never Fastify's own pair of lines.
    expect([...miss.lines, ...me.lines, ...missing.lines].map((l) => l.msg)).not.toContain('incoming request');
  });

  it('logs cached tile hits with LOG_TILE_HITS=on, and at debug with LOG_LEVEL=debug', async () => {
    const on = await logged('info', { logTileHits: true });
    await on.linesOf(tilePath);
    const hit = await on.linesOf(tilePath);
    expect(hit.res.headers['x-tile-cache']).toBe('hit');
    expect(hit.lines).toHaveLength(1);
    expect(hit.lines[0]).toMatchObject({ level: 30, route: '/tiles/*', status: 200 });

    const debug = await logged('debug');
    await debug.linesOf(tilePath);
    const hitAtDebug = await debug.linesOf(tilePath);
    expect(hitAtDebug.res.headers['x-tile-cache']).toBe('hit');
    expect(hitAtDebug.lines.filter((l) => l.msg === 'request')).toEqual([expect.objectContaining({ level: 20, route: '/tiles/*', status: 200 })]);
  });

  it('logs nothing per request at warn', async () => {
    const { app, lines } = await logged('warn');
    expect((await app.inject({ method: 'GET', url: '/trpc/auth.me' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: tilePath })).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(lines).toEqual([]);
  });
});
