import { defineConfig } from 'vitest/config';
import path from 'node:path';
import react from '@vitejs/plugin-react';

const API = `http://127.0.0.1:${process.env.PORT ?? 8080}`;

export default defineConfig({
  root: path.resolve(import.meta.dirname, 'web'),
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
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
