/**
 * Operations: `GET /metrics` in the Prometheus text format (0.0.4) and one log line per request.
 *
 * Metrics of this server (a registry per server): requests by the route the router resolved (for tRPC the
 * procedure, never the raw URL, so ids and tokens do not become label values), their latency, tile cache hits
 * and misses per layer and the cache's size, the database pool, live-stream subscribers. Of this process (one
 * registry shared by its servers): the background loops (sweeps, simulators) and Node's own (CPU, memory, event
 * loop, GC).
 *
 * Who may read them: a client on the loopback interface whose request came through no proxy (no Forwarded,
 * X-Forwarded-For, X-Real-IP or Via header: a proxy on the same host would otherwise make every public client
 * look local), or anyone with `Authorization: Bearer <METRICS_TOKEN>`.
 *
 * Logs: one line per request at `info` (method, route, status, ms) once the response is sent, instead of
 * Fastify's two; a cached tile hit or a static file gets its line at `debug` only, unless `LOG_TILE_HITS=on`
 * (Fastify's two JSON lines per cached tile cost about half the tile throughput).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { loopStats } from './every';
import type { AppContext } from './trpc';

export interface ObservabilityOptions {
  context: Pick<AppContext, 'pool' | 'databaseKind' | 'tiles' | 'changes'>;
  /** The tRPC procedures' paths ('area.get', …): other paths are counted as `/trpc/(unknown)`. */
  procedures: Iterable<string>;
  /** Bearer token that opens `/metrics` to any client (METRICS_TOKEN); null/absent: loopback only. */
  metricsToken?: string | null;
  /** Log cached tile hits and static files at `info` like other requests (LOG_TILE_HITS=on); else at `debug`. */
  logTileHits?: boolean;
}

/** The label of a request no route matched (404s of the not-found handler). */
export const UNMATCHED = '(unmatched)';
const TRPC_ROUTE = '/trpc/:path';
const TILE_ROUTE = '/tiles/*';
/** @fastify/static's route: the dashboard's files. */
const STATIC_ROUTE = '/*';
/** Seconds; tiles from cache take well under a millisecond, cold tiles and figures tens to hundreds. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

let processRegistry: Registry | undefined;

/** This process's metrics, made once: Node's defaults and the background loops (api/every.ts). */
function processMetrics(): Registry {
  if (processRegistry) return processRegistry;
  const registers = [(processRegistry = new Registry())];
  collectDefaultMetrics({ register: processRegistry });
  new Counter({
    name: 'citybrain_sweep_runs_total',
    help: 'Steps of each background loop (escalation and sensing sweeps, simulators) by outcome (ok, failed)',
    labelNames: ['sweep', 'outcome'] as const,
    registers,
    collect() {
      this.reset();
      for (const [sweep, s] of loopStats()) {
        this.inc({ sweep, outcome: 'ok' }, s.ok);
        this.inc({ sweep, outcome: 'failed' }, s.failed);
      }
    },
  });
  new Counter({
    name: 'citybrain_sweep_skipped_total',
    help: 'Ticks of each background loop skipped because its previous step was still running',
    labelNames: ['sweep'] as const,
    registers,
    collect() {
      this.reset();
      for (const [sweep, s] of loopStats()) this.inc({ sweep }, s.skipped);
    },
  });
  new Counter({
    name: 'citybrain_sweep_standby_total',
    help: 'Ticks of each background loop left to another API process, which holds the loop\'s lease',
    labelNames: ['sweep'] as const,
    registers,
    collect() {
      this.reset();
      for (const [sweep, s] of loopStats()) this.inc({ sweep }, s.standby);
    },
  });
  new Gauge({
    name: 'citybrain_sweep_leader',
    help: 'Whether this process held the loop\'s lease (ran it) at its latest tick: 1 or 0',
    labelNames: ['sweep'] as const,
    registers,
    collect() {
      this.reset();
      for (const [sweep, s] of loopStats()) this.set({ sweep }, s.leader ? 1 : 0);
    },
  });
  new Gauge({
    name: 'citybrain_sweep_last_duration_seconds',
    help: 'Duration of the latest finished step of each background loop',
    labelNames: ['sweep'] as const,
    registers,
    collect() {
      this.reset();
      for (const [sweep, s] of loopStats()) if (s.lastAt) this.set({ sweep }, s.lastMs / 1000);
    },
  });
  new Gauge({
    name: 'citybrain_sweep_last_run_timestamp_seconds',
    help: 'When the latest step of each background loop ended (Unix time)',
    labelNames: ['sweep'] as const,
    registers,
    collect() {
      this.reset();
      for (const [sweep, s] of loopStats()) if (s.lastAt) this.set({ sweep }, s.lastAt / 1000);
    },
  });
  return processRegistry;
}

/** A server's own metrics, merged with the process's. */
function serverMetrics(context: ObservabilityOptions['context']) {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by route (the route the router resolved; tRPC: /trpc/<procedure>, a batch once per procedure), method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to its response sent, by route and method (live streams: their whole life)',
    labelNames: ['route', 'method'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const tileRequests = new Counter({
    name: 'citybrain_tile_requests_total',
    help: 'Tiles served from the tile cache (cache="hit") or rendered (cache="miss"), per layer',
    labelNames: ['layer', 'cache'] as const,
    registers,
  });
  new Gauge({
    name: 'citybrain_tile_cache_tiles',
    help: 'Encoded tiles held in the tile cache',
    registers,
    collect() {
      this.set(context.tiles.cacheSize.tiles);
    },
  });
  new Gauge({
    name: 'citybrain_tile_cache_bytes',
    help: 'Bytes held in the tile cache (raw and gzip)',
    registers,
    collect() {
      this.set(context.tiles.cacheSize.bytes);
    },
  });
  const pool = context.pool;
  const poolGauge = (name: string, help: string, value: () => number) =>
    new Gauge({ name, help, registers, collect() { this.set(value()); } });
  poolGauge('citybrain_db_pool_connections', 'Connections the database pool holds open (busy and idle)', () => pool.totalCount);
  poolGauge('citybrain_db_pool_idle_connections', 'Open connections of the database pool not in use', () => pool.idleCount);
  poolGauge('citybrain_db_pool_waiting', 'Queries waiting for a connection of the database pool', () => pool.waitingCount);
  poolGauge('citybrain_db_pool_max_connections', 'Connections the database pool may open (the embedded database: 1)', () => pool.options.max ?? 10);
  new Gauge({
    name: 'citybrain_live_subscribers',
    help: 'Open live streams of case changes (incident.live) in this process',
    registers,
    collect() {
      this.set(context.changes.subscribers);
    },
  });
  new Gauge({
    name: 'citybrain_info',
    help: 'The database (embedded or postgres) and tile encoder (postgis or node) of this server; always 1',
    labelNames: ['database', 'tile_encoder'] as const,
    registers,
  }).set({ database: context.databaseKind, tile_encoder: context.tiles.encoder }, 1);
  return { registry: Registry.merge([processMetrics(), registry]), requests, duration, tileRequests };
}

function loopback(address: string | undefined): boolean {
  if (!address) return false;
  const ip = address.startsWith('::ffff:') ? address.slice(7) : address;
  return ip === '::1' || (isIPv4(ip) && ip.startsWith('127.'));
}

const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'via'];
const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether this request may read `/metrics`: see the module comment. */
export function metricsAllowed(request: FastifyRequest, token: string | null | undefined): 'ok' | 'unauthorized' | 'forbidden' {
  const auth = request.headers.authorization;
  if (token && typeof auth === 'string' && /^bearer /i.test(auth)) {
    return timingSafeEqual(digest(auth.slice(7).trim()), digest(token)) ? 'ok' : 'unauthorized';
  }
  // The socket's peer, not request.ip: with TRUST_PROXY that is the forwarded address, which a client can choose.
  if (loopback(request.socket.remoteAddress) && !PROXY_HEADERS.some((h) => h in request.headers)) return 'ok';
  return token ? 'unauthorized' : 'forbidden';
}

/** Counts a request in the request metrics; called once per request, when its response has ended. */
type Count = (request: FastifyRequest, reply: FastifyReply) => void;

/**
 * Fastify's request logging, one line per request: nothing when a request comes in, and when its response is
 * sent `request` at `info` with method, route, status and ms (`debug` for a cached tile hit or a static file
 * unless `logTileHits`), or `request errored` at `error` when the response failed. A stream the client closed
 * (a live stream left) gets the same line, with `closed: true`, and is counted here: Fastify runs no
 * onResponse hook for it.
 */
class OneLinePerRequest extends LogController {
  constructor(
    private readonly routeOf: (request: FastifyRequest) => string[],
    private readonly logTileHits: boolean,
    private readonly closed: Count,
  ) {
    super();
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ ...this.line(request, reply), err: error }, 'request errored');
    else if (this.logTileHits || !quiet(request, reply)) reply.log.info(this.line(request, reply), 'request');
    // The line of a quiet request is made only where `debug` is on: otherwise it is work for nothing.
    else if (DEBUG_ON.has(reply.log.level)) reply.log.debug(this.line(request, reply), 'request');
  }

  override streamError(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
    if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') return super.streamError(error, request, reply);
    this.closed(request, reply);
    reply.log.info({ ...this.line(request, reply), closed: true }, 'request');
  }

  private line(request: FastifyRequest, reply: FastifyReply) {
    const routes = this.routeOf(request);
    const route = routes.length > 1 ? `/trpc/${routes.map((r) => r.slice('/trpc/'.length)).join(',')}` : routes[0];
    return { method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100 };
  }
}

/** Log levels at which `debug` lines are written. */
const DEBUG_ON = new Set(['debug', 'trace']);

/** A cached tile hit (the tile route's x-tile-cache header) or one of the dashboard's static files. */
function quiet(request: FastifyRequest, reply: FastifyReply): boolean {
  const url = request.routeOptions.url;
  return url === STATIC_ROUTE || (url === TILE_ROUTE && reply.getHeader('x-tile-cache') === 'hit');
}

export interface Observability {
  /** Fastify's `logController` option. */
  logController: LogController;
  /**
   * Adds the metrics hook and `GET /metrics` to the server. Call on the root instance before registering other
   * routes and plugins, so that the hook covers every route.
   */
  install(app: FastifyInstance): void;
}

/** The request metrics and log line, and `GET /metrics`, of one server. */
export function createObservability(options: ObservabilityOptions): Observability {
  const procedures = new Set(options.procedures);
  const { requests, duration, tileRequests, registry } = serverMetrics(options.context);

  /** The route labels of a request: one, or a tRPC batch's procedures (unknown ones as `/trpc/(unknown)`). */
  const routesOf = (request: FastifyRequest, url = request.routeOptions.url): string[] => {
    if (url === undefined) return [UNMATCHED];
    if (url !== TRPC_ROUTE) return [url];
    const path = (request.params as { path?: string }).path ?? '';
    return path.split(',').map((p) => (procedures.has(p) ? `/trpc/${p}` : '/trpc/(unknown)'));
  };

  const record: Count = (request, reply) => {
    const seconds = reply.elapsedTime / 1000;
    const method = request.method;
    const status = String(reply.statusCode);
    // routeOptions makes a new object on each read: read once.
    const url = request.routeOptions.url;
    for (const route of routesOf(request, url)) {
      requests.inc({ route, method, status });
      duration.observe({ route, method }, seconds);
    }
    if (url === TILE_ROUTE) {
      // Set by the tile route once the layer is known (so the layer is one of the registry's).
      const cache = reply.getHeader('x-tile-cache');
      if (cache === 'hit' || cache === 'miss') {
        const rest = (request.params as { '*': string })['*'];
        const slash = rest.indexOf('/');
        tileRequests.inc({ layer: slash < 0 ? rest : rest.slice(0, slash), cache });
      }
    }
  };
  /** Streams the client closed, counted by the log controller (should Fastify then run onResponse after all). */
  const closed = new WeakSet<FastifyReply>();

  const install = (app: FastifyInstance) => {
    app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      if (!closed.has(reply)) record(request, reply);
      done();
    });

    app.get('/metrics', async (request, reply) => {
      const access = metricsAllowed(request, options.metricsToken);
      if (access === 'unauthorized') {
        return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"')
          .send({ error: 'metrics need the bearer token METRICS_TOKEN (Authorization: Bearer …), or a request from this host not through a proxy' });
      }
      if (access === 'forbidden') {
        return reply.code(403).send({ error: 'metrics are served to requests from this host not through a proxy; set METRICS_TOKEN to let a scraper elsewhere in' });
      }
      reply.header('cache-control', 'no-store').type(registry.contentType);
      return registry.metrics();
    });
  };

  const onClosed: Count = (request, reply) => {
    closed.add(reply);
    record(request, reply);
  };
  return { logController: new OneLinePerRequest(routesOf, options.logTileHits ?? false, onClosed), install };
}
