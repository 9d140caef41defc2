import type { FastifyInstance } from 'fastify';
import { demoMode, ingestToken, simulatorOn, type Env } from './env';
import { ChangeFeed } from './cases/changes';
import { startEscalationSweep } from './cases/escalation';
import { startSimulator } from './cases/simulator';
import { startSensingSweep } from './sensing/sweep';
import { startSensorSimulator } from './sensing/simulator';
import { prepareDatabase, type SeedHook } from './db/bootstrap';
import { createServer } from './server';
import { TileService } from '../tiles/tile-service';
import type { AppContext } from './trpc';
import { setLoginRateLimit } from './routers/auth';
import { RateLimiter } from './rate-limit';

export interface App {
  server: FastifyInstance;
  context: AppContext;
  /** How another process reaches the same database (tests, psql). */
  connectionString: string;
  close(): Promise<void>;
}

export interface AppOptions {
  /** Serve the built dashboard from this folder. */
  staticDir?: string;
  log?: (m: string) => void;
  /** Seeds the database before the API reads it (see SeedHook); without it the database must hold a city already. */
  seed?: SeedHook;
}

/** Database (migrated, and seeded by `options.seed` if given), tile encoder and HTTP server, ready to listen. */
export async function createApp(env: Env, options: AppOptions = {}): Promise<App> {
  const log = options.log ?? ((m: string) => console.log(m));
  setLoginRateLimit(env.LOGIN_RATE_LIMIT);
  // Before the database: a demo ingest token outside demo mode stops the start with its reason.
  const ingest = ingestToken(env);
  const { db, seed } = await prepareDatabase(env, log, { seed: options.seed });
  try {
    const encoder = await TileService.detectEncoder(db.pool);
    const tiles = new TileService(db.pool, encoder, db.readPool);
    // Changes by other API processes make this one's incidents tiles stale too.
    const changes = new ChangeFeed({ pool: db.pool, kind: db.kind, connectionString: db.connectionString, onChanges: () => void tiles.markChanged('incidents') });
    await changes.start();
    tiles.liveVersion('incidents', () => changes.position);
    const context: AppContext = {
      pool: db.pool,
      readPool: db.readPool,
      databaseKind: db.kind,
      tiles,
      changes,
      seed,
      mapStyleUrl: env.MAP_STYLE_URL,
      demo: demoMode(env),
      publicLimit: new RateLimiter(env.PUBLIC_RATE_LIMIT, 60_000),
    };
    const escalation = startEscalationSweep(context, env.ESCALATION_INTERVAL_S * 1000, log);
    const sensing = startSensingSweep(context, env.SENSING_INTERVAL_S * 1000, env.TELEMETRY_RETENTION_DAYS, log);
    const simulator = simulatorOn(env) ? startSimulator(context, { log }) : null;
    const sensors = simulatorOn(env) ? startSensorSimulator(context, { log, retentionDays: env.TELEMETRY_RETENTION_DAYS }) : null;
    const server = await createServer({
      context, staticDir: options.staticDir, publicUrl: env.PUBLIC_URL, trustProxy: env.TRUST_PROXY,
      mapStyleOrigin: env.MAP_STYLE_URL ? new URL(env.MAP_STYLE_URL).origin : undefined, logLevel: env.LOG_LEVEL,
      reportRateLimit: env.REPORT_RATE_LIMIT, ingestToken: ingest, retentionDays: env.TELEMETRY_RETENTION_DAYS,
      logTileHits: env.LOG_TILE_HITS === 'on', metricsToken: env.METRICS_TOKEN,
    });
    return {
      server,
      context,
      connectionString: db.connectionString,
      async close() {
        // The loops hand their leases back first, so another API process takes them over at once.
        await Promise.all([simulator?.stop(), sensors?.stop(), sensing.stop(), escalation.stop()]);
        await changes.stop();
        await server.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}
