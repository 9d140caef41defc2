import type { FastifyInstance } from 'fastify';
import type { Env } from './env';
import { prepareDatabase } from './db/bootstrap';
import { createServer } from './server';
import { TileService } from '../tiles/tile-service';
import type { Context } from './trpc';

export interface App {
  server: FastifyInstance;
  context: Context;
  /** How another process reaches the same database (tests, psql). */
  connectionString: string;
  close(): Promise<void>;
}

/** Database, migrations, seed, tile encoder and HTTP server, ready to listen. */
export async function createApp(env: Env, options: { staticDir?: string; log?: (m: string) => void } = {}): Promise<App> {
  const log = options.log ?? ((m: string) => console.log(m));
  const { db, seed } = await prepareDatabase(env, log);
  try {
    const encoder = await TileService.detectEncoder(db.pool);
    const context: Context = {
      pool: db.pool,
      databaseKind: db.kind,
      tiles: new TileService(db.pool, encoder),
      seed,
      mapStyleUrl: env.MAP_STYLE_URL,
    };
    const server = await createServer({ context, staticDir: options.staticDir, publicUrl: env.PUBLIC_URL, logLevel: env.LOG_LEVEL });
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
