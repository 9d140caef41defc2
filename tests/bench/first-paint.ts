/**
 * First painted map: the product's public map (`/?view=public`: the app's scripts, the session check, the map's
 * configuration, maplibre and deck.gl) against a bare maplibre page that only draws the district outlines from
 * the same /tiles/areas tiles. The bare page is built here by Vite from a small entry (the same maplibre-gl
 * package and its worker) into the server's static folder, so one server serves both pages and the tiles.
 * Both pages set the performance mark `first-map-paint` on maplibre's `load` event — the first frame drawn with
 * every tile of the view — and the time is that mark, from navigation start. Loads alternate (bare, public,
 * public, bare …) in fresh browser contexts (cold HTTP cache), after one warm-up load of each.
 *
 * Part of `npm run bench` (run.ts). Alone, against a running server whose static folder is dist/:
 * `npx tsx tests/bench/first-paint.ts http://127.0.0.1:8080 [loads]`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../browser/chromium';
import { findLayer } from '../../tiles/layers';
import { DIST } from '../../api/build-web';

/** Where the bare page lives, under the server's static folder and on its origin. */
const BARE_PATH = '/__bench/bare-map/';
const VIEWPORT = { width: 1280, height: 800 };
/** The public map's first view (web/src/map/MapView.tsx). */
const VIEW = { center: [119.3, 26.08], zoom: 8 };

/** The bare page: maplibre, a background and the district outlines, built into `staticDir`. */
async function buildBarePage(staticDir: string): Promise<void> {
  const out = path.join(staticDir, BARE_PATH);
  const src = path.join(path.resolve(import.meta.dirname, '../output'), 'bench-bare-map');
  rmSync(src, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  const areas = findLayer('areas')!;
  writeFileSync(
    path.join(src, 'index.html'),
    `<!doctype html><html><head><meta charset="UTF-8"><title>bare maplibre</title>
<style>html, body { margin: 0; height: 100%; background: #040a14; } #map { position: absolute; inset: 0; }</style></head>
<body><div id="map"></div><script type="module" src="./main.js"></script></body></html>`,
  );
  writeFileSync(
    path.join(src, 'main.js'),
    `import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

maplibregl.setWorkerUrl(workerUrl);
const map = new maplibregl.Map({
  container: 'map',
  style: {
    version: 8,
    sources: { areas: { type: 'vector', tiles: [location.origin + '/tiles/areas/{z}/{x}/{y}.mvt'], minzoom: ${areas.minzoom}, maxzoom: ${areas.maxzoom} } },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#040a14' } },
      { id: 'districts', type: 'line', source: 'areas', 'source-layer': 'areas', filter: ['==', ['get', 'level'], 'district'], paint: { 'line-color': '#38bdf8', 'line-width': 1.5 } },
    ],
  },
  center: ${JSON.stringify(VIEW.center)},
  zoom: ${VIEW.zoom},
  attributionControl: false,
  canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
});
map.once('load', () => performance.mark('first-map-paint'));
`,
  );
  await build({ configFile: false, root: src, base: BARE_PATH, logLevel: 'warn', build: { outDir: out, emptyOutDir: true, chunkSizeWarningLimit: 2000 } });
}

/** Milliseconds from navigation start to the page's `first-map-paint` mark, in a fresh context. */
async function timeLoad(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.goto(url);
    const handle = await page.waitForFunction(() => performance.getEntriesByName('first-map-paint')[0]?.startTime, null, { timeout: 120_000, polling: 20 });
    return Number(await handle.jsonValue());
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Appends the first-paint section to `lines`: medians of `loads` loads of each page and their ratio. The server
 * at `base` must serve `staticDir` (dist/, as `npm start` does); the bare page is removed from it afterwards.
 */
export async function firstPaintBenches(lines: string[], { base, staticDir = DIST, loads = 10 }: { base: string; staticDir?: string; loads?: number }): Promise<void> {
  await buildBarePage(staticDir);
  const browser = await launchChromium();
  const pages = { bare: `${base}${BARE_PATH}`, public: `${base}/?view=public` };
  const times: Record<keyof typeof pages, number[]> = { bare: [], public: [] };
  try {
    // One warm-up load of each (the server's tile cache, the browser's first start); then alternate, swapping
    // the order every round so that drift hits both alike.
    for (let round = -1; round < loads; round++) {
      const order: (keyof typeof pages)[] = round % 2 === 0 ? ['bare', 'public'] : ['public', 'bare'];
      for (const which of order) {
        const ms = await timeLoad(browser, pages[which]);
        if (round >= 0) times[which].push(ms);
      }
    }
  } finally {
    await browser.close();
    rmSync(path.join(staticDir, BARE_PATH.split('/')[1]), { recursive: true, force: true });
  }
  const bareMs = median(times.bare);
  const publicMs = median(times.public);
  const spread = (xs: number[]) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;
  const section = [
    '',
    `First painted map (maplibre \`load\`: the first frame with every tile of the view, from navigation start), headless Chromium with SwiftShader, ${VIEWPORT.width}×${VIEWPORT.height}, cold cache, ${loads} loads of each, alternating:`,
    '',
    '| page | median ms | min–max ms |',
    '|---|---|---|',
    `| bare maplibre, district outlines from /tiles/areas | ${Math.round(bareMs)} | ${spread(times.bare)} |`,
    `| public map (\`/?view=public\`) | ${Math.round(publicMs)} | ${spread(times.public)} |`,
    '',
    `Public map / bare maplibre (medians): ${(publicMs / bareMs).toFixed(2)}×.`,
  ];
  lines.push(...section);
  for (const l of section) console.log(l);
}

// Alone, against a running server: `npx tsx tests/bench/first-paint.ts http://127.0.0.1:8080 [loads]`.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const base = process.argv[2] ?? 'http://127.0.0.1:8080';
  await firstPaintBenches([], { base, loads: Number(process.argv[3] ?? 10), staticDir: process.env.STATIC_DIR ?? DIST });
}
