// ESLint flat config (`npm run lint`). Syntax-only rules: no type-aware (project-service) rules,
// so linting stays fast and independent of the type checker (`npx tsc --noEmit -p .`).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default defineConfig([
  globalIgnores(['**/dist/', '**/node_modules/', '**/.data/', '**/coverage/', 'tests/output/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['web/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    rules: {
      // The plugin's preset only warns on these; missing or stale deps are real bugs here.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
]);
