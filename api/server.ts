import { existsSync } from 'node:fs';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable, RETRY_AFTER_S } from './db/unavailable';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { appRouter, type AppRouter } from './root';
import type { AppContext, Context } from './trpc';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, newToken, rememberedSessions, sessionUser, type SessionUser } from './auth/session';
import { tileRoutes } from '../tiles/routes';
import { reportRoutes } from './routes/reports';
import { sensingRoutes } from './routes/sensing';
import { exportRoutes } from './routes/exports';
import { planningExportRoutes } from './routes/planning-exports';
import { departmentFilter } from './cases/store';
import { createObservability } from './observability';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in account of this request, resolved from the session cookie. */
    user: SessionUser | null;
  }
}

export interface ServerOptions {
  context: AppContext;
  /** Built dashboard (vite build output); omitted in API-only tests. */
  staticDir?: string;
  /** Public origin of absolute URLs (PUBLIC_URL); unset: the request's own (a proxy's forwarded one only with trustProxy). */
  publicUrl?: string;
  /**
   * The reverse proxies to trust (TRUST_PROXY: a hop count or comma-separated IPs/CIDRs): the client address,
   * protocol (and so the cookies' Secure flag) and host then come from their X-Forwarded-* headers. Unset: none.
   */
  trustProxy?: number | string;
  /** Origin of an external map style (MAP_STYLE_URL), allowed by the content security policy. */
  mapStyleOrigin?: string;
  logLevel?: string;
  /** Where log lines go (tests); default stdout. */
  logStream?: { write(line: string): void };
  /** Cached tile hits and static files logged at `info` too (LOG_TILE_HITS=on); else at `debug`. */
  logTileHits?: boolean;
  /** Bearer token that opens `/metrics` to any client (METRICS_TOKEN); unset: loopback clients only. */
  metricsToken?: string;
  /** Public reports accepted per client address in 10 minutes. */
  reportRateLimit?: number;
  /** Bearer token of device gateways; null/absent: ingest switched off. */
  ingestToken?: string | null;
  /** Days of telemetry kept (ingest refuses older readings). */
  retentionDays?: number;
}

/**
 * The answer to a request the database could not serve before it reached its route (the session lookup): plain
 * routes get `{ error }`; tRPC calls get tRPC's error envelope (one per procedure of a batch), so its client
 * reads the message and the code as from the procedure itself.
 */
function unavailableBody(url: string): unknown {
  const [pathname, search = ''] = url.split('?');
  if (!pathname.startsWith('/trpc/')) return { error: DATABASE_UNAVAILABLE };
  const paths = decodeURIComponent(pathname.slice('/trpc/'.length)).split(',');
  const envelope = (path: string) => ({ error: { message: DATABASE_UNAVAILABLE, code: -32603, data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, path } } });
  return new URLSearchParams(search).get('batch') === '1' ? paths.map(envelope) : envelope(paths[0]);
}

/** One HTTP server: the dashboard, `/trpc`, `/tiles`, `/healthz` and `/metrics`. */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const { context } = options;
  const observability = createObservability({
    context, procedures: Object.keys(appRouter._def.procedures), metricsToken: options.metricsToken, logTileHits: options.logTileHits,
  });
  const app = Fastify({
    logger: { level: options.logLevel ?? 'warn', ...(options.logStream ? { stream: options.logStream } : {}) },
    // One line per request instead of Fastify's two (none at `info` for cached tiles): see api/observability.ts.
    logController: observability.logController,
    // tRPC batches several calls in one URL.
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
    // A hop count as proxy-addr counts it: the nearest `hops` addresses are proxies.
    trustProxy: typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : (options.trustProxy ?? false),
  });

  // First, so that its hook sees every route's requests.
  observability.install(app);
  // Security headers: those of @fastify/helmet with these options (see securityHeaders), on every response —
  // 404s, errors and files included — from the first hook on. Reply headers, not the raw response's like
  // helmet's: Node then checks and writes them once, with the route's, instead of twice (~2 µs a request).
  const security = await securityHeaders(helmetOptions(options.mapStyleOrigin));
  const securityNames = security.map(([name]) => name);
  const securityValues = security.map(([, value]) => value);
  app.addHook('onRequest', (_request, reply, done) => {
    for (let i = 0; i < securityNames.length; i++) reply.header(securityNames[i], securityValues[i]);
    done();
  });

  app.decorateRequest('user', null);
  // Behind a trusted proxy the protocol is the one the client used (X-Forwarded-Proto); without one, the socket's.
  const secure = (request: FastifyRequest) => request.protocol === 'https';
  // The session and the double-submit CSRF check, for the tRPC routes only: the hook is registered in their own
  // scope, so other routes (tiles above all) never run it. It sees the route the router resolved, not the raw
  // URL: /%74rpc/… reaches the tRPC routes too, and is checked as one.
  const sessionAndCsrf = async (request: FastifyRequest, reply: FastifyReply) => {
    request.user = await sessionUser(context.pool, request.cookies[SESSION_COOKIE]);
    // Double-submit CSRF token: a cookie script can read and echo in a header, which other sites cannot.
    if (!request.cookies[CSRF_COOKIE]) {
      reply.setCookie(CSRF_COOKIE, request.user?.csrfToken ?? newToken(), { path: '/', sameSite: 'strict', secure: secure(request), httpOnly: false });
    }
    if (request.method === 'POST') {
      const header = request.headers[CSRF_HEADER];
      const expected = request.user ? request.user.csrfToken : request.cookies[CSRF_COOKIE];
      if (typeof header !== 'string' || !expected || header !== expected) {
        return reply.code(403).send({
          error: { message: `missing or wrong CSRF token: send the value of the ${CSRF_COOKIE} cookie in the ${CSRF_HEADER} header`, code: 'FORBIDDEN' },
        });
      }
    }
  };

  // One internal-error path: log with context, answer without internals.
  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err: err.message, url: request.url }, 'database unavailable');
      return reply.code(503).header('retry-after', String(RETRY_AFTER_S)).send(unavailableBody(request.url));
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) request.log.error({ err, url: request.url }, 'request failed');
    reply.code(status).send({ error: status === 500 ? 'internal error; the server log has the details' : err.message });
  });

  // Cookies are parsed (and set) for the routes that use them: tRPC, reports, exports, sensing. Tiles read the
  // session cookie themselves, and only for scoped layers; files, /healthz and /metrics need none.
  let parseCookie: (header: string) => Record<string, string | undefined> = () => ({});
  await app.register(async (withCookies) => {
    await withCookies.register(fastifyCookie);
    parseCookie = withCookies.parseCookie;
    await withCookies.register(async (trpc) => {
      trpc.addHook('onRequest', sessionAndCsrf);
      await trpc.register(fastifyTRPCPlugin, {
        prefix: '/trpc',
        trpcOptions: {
          router: appRouter,
          createContext: ({ req, res }): Context => ({
            ...context,
            user: req.user,
            ip: req.ip,
            http: {
              sessionToken: req.cookies[SESSION_COOKIE],
              userAgent: req.headers['user-agent'],
              startSession(token, csrfToken, expires) {
                const options = { path: '/', sameSite: 'strict' as const, secure: secure(req), expires };
                res.setCookie(SESSION_COOKIE, token, { ...options, httpOnly: true });
                res.setCookie(CSRF_COOKIE, csrfToken, { ...options, httpOnly: false });
              },
              endSession() {
                res.clearCookie(SESSION_COOKIE, { path: '/' });
                res.setCookie(CSRF_COOKIE, newToken(), { path: '/', sameSite: 'strict', secure: secure(req), httpOnly: false });
              },
            },
          }),
          // A database outage: clients are told when to try again.
          responseMeta({ errors }) {
            return errors.some((e) => e.code === 'SERVICE_UNAVAILABLE') ? { headers: { 'retry-after': String(RETRY_AFTER_S) } } : {};
          },
          onError({ error, path: procedure }) {
            if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ err: error.cause ?? error, procedure }, 'procedure failed');
          },
        } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
      });
    });

    await withCookies.register(reportRoutes, { context, reportRateLimit: options.reportRateLimit ?? 20, publicUrl: options.publicUrl });
    await withCookies.register(exportRoutes, { context });
    await withCookies.register(planningExportRoutes, { context });
    await withCookies.register(sensingRoutes, { context, ingestToken: options.ingestToken ?? null, retentionDays: options.retentionDays ?? 30, demo: context.demo });
  });

  const bounds = await cityBounds(context);
  const tileSessions = rememberedSessions(context.pool);
  await app.register(tileRoutes, {
    tiles: context.tiles,
    bounds,
    publicUrl: options.publicUrl,
    scopeOf: async (request) => {
      const cookie = request.headers.cookie;
      const user = await tileSessions(cookie ? parseCookie(cookie)[SESSION_COOKIE] : undefined);
      return user ? { area: user.scopeCode, department: departmentFilter(user) } : null;
    },
  });

  app.get('/healthz', async (_request, reply) => {
    let rows: { v: string }[];
    try {
      ({ rows } = await context.pool.query<{ v: string }>('SELECT postgis_lib_version() AS v'));
    } catch (err) {
      // Unhealthy, and why: a load balancer takes the process out, an operator reads the reason.
      return reply.code(503).header('retry-after', String(RETRY_AFTER_S)).send({
        status: 'unavailable', database: context.databaseKind,
        reason: isDatabaseUnavailable(err) ? `the database does not answer: ${(err as Error).message}` : `the database check failed: ${(err as Error).message}`,
      });
    }
    return {
      status: 'ok',
      database: context.databaseKind,
      postgis: rows[0].v,
      tileEncoder: context.tiles.encoder,
      seed: { state: 'ready', seed: context.seed.seed, scale: context.seed.scale, finishedAt: context.seed.finished_at, counts: context.seed.counts },
    };
  });

  if (options.staticDir && existsSync(path.join(options.staticDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: path.resolve(options.staticDir), index: ['index.html'], maxAge: '1h' });
    // Deep links such as /?area=… are served by index.html; unknown API paths still get JSON 404s.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !/^\/(trpc|tiles|healthz|api|open311)\b/.test(request.url) && String(request.headers.accept ?? '').includes('text/html')) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
      return reply.code(404).send({ error: `no such path: ${request.method} ${request.url.split('?')[0]}` });
    });
  } else {
    app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no such path: ${request.method} ${request.url.split('?')[0]}` }));
  }
  return app;
}

function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}

async function cityBounds(context: AppContext): Promise<[number, number, number, number]> {
  const { rows } = await context.pool.query<{ w: number; s: number; e: number; n: number }>(
    `SELECT ST_XMin(geom) AS w, ST_YMin(geom) AS s, ST_XMax(geom) AS e, ST_YMax(geom) AS n FROM areas WHERE level = 'city'`,
  );
  const b = rows[0];
  return b ? [b.w, b.s, b.e, b.n].map((v) => Math.round(v * 1e5) / 1e5) as [number, number, number, number] : [-180, -85.0511, 180, 85.0511];
}

/**
 * @fastify/helmet's options. The CSP allows what maplibre and deck.gl need: workers and images from blob: URLs,
 * WebAssembly compilation, inline style attributes; no inline or foreign scripts.
 */
function helmetOptions(mapStyleOrigin: string | undefined): FastifyHelmetOptions {
  const styleOrigin = mapStyleOrigin ? [mapStyleOrigin] : [];
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        imgSrc: ["'self'", 'data:', 'blob:', ...styleOrigin],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", 'data:', ...styleOrigin],
        connectSrc: ["'self'", ...styleOrigin],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'self'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: false, // set by the TLS-terminating proxy, which knows whether there is TLS
    referrerPolicy: { policy: 'same-origin' },
  };
}

/**
 * The headers (names, lower case, and values) @fastify/helmet sets with `options`, asked of the plugin itself
 * once, on a throwaway server: registered on the real one, it rebuilds helmet's middleware chain (and parses the
 * CSP directives again) on every request, ~30 µs of a cached tile's time, for the same headers every time.
 * Helmet's other act, removing X-Powered-By, has nothing to remove here: nothing sets it.
 */
async function securityHeaders(options: FastifyHelmetOptions): Promise<[string, string][]> {
  const probe = Fastify();
  try {
    await probe.register(fastifyHelmet, options);
    let headers: [string, string][] = [];
    probe.get('/', async (_request, reply) => {
      headers = Object.entries(reply.raw.getHeaders()).map(([name, value]) => [name, String(value)]);
      return '';
    });
    const res = await probe.inject('/');
    if (res.statusCode !== 200 || !headers.some(([name]) => name === 'content-security-policy')) {
      throw new Error(`security headers: @fastify/helmet set no content security policy (${res.statusCode})`);
    }
    return headers;
  } finally {
    await probe.close();
  }
}
