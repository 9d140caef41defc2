import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
/** Where `vite build` puts the dashboard. */
export const DIST = path.join(ROOT, 'dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Build the dashboard when there is no build yet or its sources (web/, the layer registry) are newer. */
export async function buildDashboardIfStale(log: (m: string) => void = console.log): Promise<void> {
  const index = path.join(DIST, 'index.html');
  const sources = Math.max(newestMtime(path.join(ROOT, 'web')), statSync(path.join(ROOT, 'tiles/layers.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  log('building the dashboard (first start or changed sources)…');
  const { build } = await import('vite');
  await build({ root: path.join(ROOT, 'web'), configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
