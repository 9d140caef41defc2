/**
 * Starts the whole product once for the test run: database (embedded PGlite, or the PostgreSQL in
 * DATABASE_URL), migrations, a seeded city at the test scale, and the HTTP server on a free port.
 * Tests reach it over HTTP (`inject('baseUrl')`) or through their own `pg` pool (`inject('databaseUrl')`).
 */
import type { TestProject } from 'vitest/node';
import { loadEnv } from '../api/env';
import { createApp, type App } from '../api/app';
import { buildDashboardIfStale, DIST } from '../api/build-web';
import { ensureSeeded } from '../seed/prepare';
import { TEST_SEED, TEST_SCALE } from './test-city';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    databaseKind: 'embedded' | 'postgres';
    tileEncoder: 'postgis' | 'node';
  }
}

let app: App | undefined;

export default async function setup(project: TestProject) {
  const log = (m: string) => process.stdout.write(`[test setup] ${m}\n`);
  await buildDashboardIfStale(log);
  const env = loadEnv({
    ...process.env,
    DATA_DIR: process.env.DATABASE_URL ? '.data' : 'memory://',
    PORT: '0',
    // The suite signs in many times from one address; the limit itself is tested in-process.
    LOGIN_RATE_LIMIT: '100000',
    REPORT_RATE_LIMIT: '100000',
    PUBLIC_RATE_LIMIT: '100000',
    LOG_LEVEL: 'error',
    // Tests make their own cases; simulated ones would change counts under them.
    SIMULATOR: 'off',
    // Nor would cases escalated behind their backs; the sweep is tested by calling it.
    ESCALATION_INTERVAL_S: '3600',
    // Nor devices marked offline mid-test; the sensing sweep is tested by calling it.
    SENSING_INTERVAL_S: '3600',
  });
  // The test is the composition root: it seeds in-process (an in-memory database lives only here), and a real
  // database holding another city is re-seeded, since the suite compares against the test city.
  app = await createApp(env, {
    staticDir: DIST,
    log,
    seed: async (pool) => {
      await ensureSeeded(pool, { seed: TEST_SEED, scale: TEST_SCALE, onProgress: log, reseedOther: true });
    },
  });
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.server.address() as { port: number };
  project.provide('baseUrl', `http://127.0.0.1:${port}`);
  project.provide('databaseUrl', app.connectionString);
  project.provide('databaseKind', app.context.databaseKind);
  project.provide('tileEncoder', app.context.tiles.encoder);
  log(`ready: ${app.context.databaseKind} database, tiles by ${app.context.tiles.encoder}, http://127.0.0.1:${port}`);
  return async () => {
    await app?.close();
  };
}
