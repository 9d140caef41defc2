import type { FastifyInstance } from 'fastify';
import type { Env } from './env';
import { prepareDatabase } from './db/bootstrap';
import { createServer } from './server';
import { TileService } from '../tiles/tile-service';
import type { AppContext } from './trpc';
import { setLoginRateLimit } from './routers/auth';

export interface App {
  server: FastifyInstance;
  context: AppContext;
  /** How another process reaches the same database (tests, psql). */
  connectionString: string;
  close(): Promise<void>;
}

/** Database, migrations, seed, tile encoder and HTTP server, ready to listen. */
export async function createApp(env: Env, options: { staticDir?: string; log?: (m: string) => void } = {}): Promise<App> {
  const log = options.log ?? ((m: string) => console.log(m));
  setLoginRateLimit(env.LOGIN_RATE_LIMIT);
  const { db, seed } = await prepareDatabase(env, log);
  try {
    const encoder = await TileService.detectEncoder(db.pool);
    const context: AppContext = {
      pool: db.pool,
      databaseKind: db.kind,
      tiles: new TileService(db.pool, encoder),
      seed,
      mapStyleUrl: env.MAP_STYLE_URL,
    };
    const server = await createServer({ context, staticDir: options.staticDir, publicUrl: env.PUBLIC_URL, mapStyleOrigin: env.MAP_STYLE_URL ? new URL(env.MAP_STYLE_URL).origin : undefined, logLevel: env.LOG_LEVEL });
    return {
      server,
      context,
      connectionString: db.connectionString,
      async close() {
        await server.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}
