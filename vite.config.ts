import { defineConfig } from 'vitest/config';
import path from 'node:path';
import react from '@vitejs/plugin-react';

const API = `http://127.0.0.1:${process.env.PORT ?? 8080}`;

/** The script modules of the packages `names` matches (their stylesheets stay with the pages that import them). */
const library = (names: RegExp) => (id: string) => new RegExp(`node_modules[\\\\/](${names.source})[\\\\/]`).test(id) && !id.endsWith('.css');

export default defineConfig({
  root: path.resolve(import.meta.dirname, 'web'),
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    // Each page loads its own scripts (web/src/main.tsx, Root.tsx): the residents' form ~115 KB gzip; the public
    // map and the dashboard add maplibre and deck.gl, charts echarts, HLS cameras hls.js. Those libraries are the
    // largest chunks, each loaded whole where used (maplibre and deck.gl ~1.1 MB, hls.js and echarts ~0.6 MB
    // minified): a chunk over 1.2 MB is news.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Libraries in chunks of their own, named for them: they change less often than the app and stay cached.
        codeSplitting: {
          groups: [
            // Vite's preload helper, which deck.gl's own dynamic imports use too: apart, or every page would load deck.gl.
            { name: 'preload', test: /vite[\\/]preload-helper/, priority: 1 },
            { name: 'react', test: library(/react|react-dom|scheduler/) },
            { name: 'maplibre', test: library(/maplibre-gl/) },
            { name: 'deck', test: library(/@deck\.gl[\\/](?!aggregation-layers|geo-layers[\\/]dist[\\/]h3-layers)[\w.-]+|@luma\.gl|@loaders\.gl|@math\.gl|@probe\.gl|mjolnir\.js/) },
            // The planning screen's H3 cells: h3-js and deck.gl's H3 layers load with that screen only.
            { name: 'deck-h3', test: library(/h3-js|@deck\.gl[\\/]geo-layers[\\/]dist[\\/]h3-layers/) },
            // The metrics screen's heat layer, after deck.gl (whose modules it shares): loaded with that screen, not with every map.
            { name: 'deck-aggregation', test: library(/@deck\.gl[\\/]aggregation-layers|d3-hexbin/) },
            { name: 'echarts', test: library(/echarts|zrender/) },
          ],
        },
      },
    },
  },
  // `npm run dev`: Vite serves the dashboard with hot reload and forwards data requests to the API.
  server: {
    port: 5173,
    proxy: { '/trpc': API, '/tiles': API, '/healthz': API, '/api': API, '/open311': API },
  },
  test: {
    root: import.meta.dirname,
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/global-setup.ts'],
    // The suites share one seeded database and one server; running files one after another keeps
    // the embedded database (a single session) uncontended.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
});
