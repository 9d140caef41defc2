/**
 * `npm start`: build the dashboard when its sources changed, open the database and serve everything on one
 * port. The database is seeded beforehand: `npm start` runs the seed step (`seed/cli.ts --if-empty`) first,
 * which seeds an empty database on first start; started on an unseeded database, this refuses and says how to seed.
 */
import { loadEnv } from './env';
import { createApp } from './app';
import { buildDashboardIfStale, DIST } from './build-web';
import { warmPlanning } from './planning/service';

async function main() {
  let env;
  try {
    env = loadEnv();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  await buildDashboardIfStale();
  const started = Date.now();
  const app = await createApp(env, { staticDir: DIST, log: (m) => console.log(`[city-brain] ${m}`) });
  const shutdown = async () => {
    await app.close().catch(() => {});
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  try {
    await app.server.listen({ port: env.PORT, host: env.HOST });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    console.error(code === 'EADDRINUSE' ? `port ${env.PORT} is in use: set PORT to another port` : `cannot listen: ${(err as Error).message}`);
    await app.close().catch(() => {});
    process.exit(1);
  }
  const { port } = app.server.server.address() as { port: number };
  const host = env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST;
  console.log(`[city-brain] ready in ${((Date.now() - started) / 1000).toFixed(1)} s on ${app.context.databaseKind === 'embedded' ? 'the embedded database' : 'PostgreSQL'} (tiles encoded by ${app.context.tiles.encoder})`);
  console.log(`[city-brain] open http://${host}:${port}/`);
  // The planners' model (the walking network and every building snapped to it) is built in the background,
  // so the planning screen's first question does not wait for it.
  const warming = Date.now();
  warmPlanning(app.context.pool).then(
    () => console.log(`[city-brain] planning model ready in ${((Date.now() - warming) / 1000).toFixed(1)} s`),
    (err) => console.error(`[city-brain] planning model not built (built on the first planning question instead): ${(err as Error).message}`),
  );
}

main().catch((err) => {
  console.error(`[city-brain] failed to start: ${(err as Error).message}`);
  process.exit(1);
});
