/**
 * `npm run dev`: the API on PORT (as `npm start`, without serving a built dashboard) and Vite's dev server
 * with hot reload on 5173, which forwards `/trpc`, `/tiles` and `/healthz` to the API. Like `npm start`, it
 * runs the seed step (`seed/cli.ts --if-empty`) first.
 */
import path from 'node:path';
import { createServer } from 'vite';
import { loadEnv } from './env';
import { createApp } from './app';

const env = loadEnv();
const app = await createApp(env, { log: (m) => console.log(`[city-brain] ${m}`) }).catch((err: Error) => {
  console.error(`[city-brain] failed to start: ${err.message}`);
  process.exit(1);
});
await app.server.listen({ port: env.PORT, host: env.HOST });
const vite = await createServer({ configFile: path.resolve(import.meta.dirname, '../vite.config.ts') });
await vite.listen();
console.log(`[city-brain] API on http://${env.HOST}:${env.PORT}/ · dashboard with hot reload:`);
vite.printUrls();
const shutdown = async () => {
  await vite.close();
  await app.close();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
