import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { appRouter, type AppRouter } from './root';
import type { Context } from './trpc';
import { tileRoutes } from '../tiles/routes';

export interface ServerOptions {
  context: Context;
  /** Built dashboard (vite build output); omitted in API-only tests. */
  staticDir?: string;
  publicUrl?: string;
  logLevel?: string;
}

/** One HTTP server: the dashboard, `/trpc`, `/tiles` and `/healthz`. */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const { context } = options;
  const app = Fastify({
    logger: { level: options.logLevel ?? 'warn' },
    // tRPC batches several calls in one URL.
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
  });

  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
  });

  // One internal-error path: log with context, answer without internals.
  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) request.log.error({ err, url: request.url }, 'request failed');
    reply.code(status).send({ error: status === 500 ? 'internal error; the server log has the details' : err.message });
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: () => context,
      onError({ error, path: procedure }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ err: error.cause ?? error, procedure }, 'procedure failed');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  const bounds = await cityBounds(context);
  await app.register(tileRoutes, { tiles: context.tiles, bounds, publicUrl: options.publicUrl });

  app.get('/healthz', async () => {
    const { rows } = await context.pool.query<{ v: string }>('SELECT postgis_lib_version() AS v');
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
      if (request.method === 'GET' && !/^\/(trpc|tiles|healthz)\b/.test(request.url) && String(request.headers.accept ?? '').includes('text/html')) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
      return reply.code(404).send({ error: `no such path: ${request.method} ${request.url.split('?')[0]}` });
    });
  } else {
    app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no such path: ${request.method} ${request.url.split('?')[0]}` }));
  }
  return app;
}

async function cityBounds(context: Context): Promise<[number, number, number, number]> {
  const { rows } = await context.pool.query<{ w: number; s: number; e: number; n: number }>(
    `SELECT ST_XMin(geom) AS w, ST_YMin(geom) AS s, ST_XMax(geom) AS e, ST_YMax(geom) AS n FROM areas WHERE level = 'city'`,
  );
  const b = rows[0];
  return b ? [b.w, b.s, b.e, b.n].map((v) => Math.round(v * 1e5) / 1e5) as [number, number, number, number] : [-180, -85.0511, 180, 85.0511];
}
