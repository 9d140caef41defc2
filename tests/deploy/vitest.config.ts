/**
 * The deployment test: two API processes behind nginx on a real PostgreSQL (`.ci/run` runs it after the suites,
 * which seed the database and build the dashboard): `DATABASE_URL=… npx vitest run --config tests/deploy/vitest.config.ts`.
 * Not part of `npm test`: it needs nginx (Debian's package) and a real PostgreSQL.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: `${import.meta.dirname}/../..`,
    include: ['tests/deploy/**/*.deploy.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
