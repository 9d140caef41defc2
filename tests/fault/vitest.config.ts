/**
 * The fault tests: run on their own against a real PostgreSQL that they restart (`.ci/run` does it after the
 * suites): `DATABASE_URL=… npx vitest run --config tests/fault/vitest.config.ts`. Not part of `npm test`.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: `${import.meta.dirname}/../..`,
    include: ['tests/fault/**/*.fault.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
