/**
 * Seed the database. Uses DATABASE_URL when set, otherwise the embedded database in DATA_DIR.
 *
 * - `npm run seed -- [--seed N] [--scale N]` re-seeds: the city in the database is replaced.
 * - `tsx seed/cli.ts --if-empty` seeds only a database that holds no city (with SEED and SEED_SCALE) and
 *   brings one seeded by an older version up to date. `npm start` and `npm run dev` run it before the API,
 *   which never seeds by itself; it closes the embedded database before the API opens the same folder.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadEnv } from '../api/env';
import { inMemory, openConfiguredDatabase } from '../api/db/database';
import { migrate } from '../api/db/migrate';
import { seedDatabase } from './load';
import { ensureSeeded } from './prepare';

const argsSchema = z.object({
  seed: z.coerce.number().int().min(0).optional(),
  scale: z.coerce.number().positive().max(50).optional(),
  'if-empty': z.boolean().optional(),
});

const { values } = parseArgs({ options: { seed: { type: 'string' }, scale: { type: 'string' }, 'if-empty': { type: 'boolean' } } });
const args = argsSchema.safeParse(values);
if (!args.success) {
  console.error(`bad arguments: ${args.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
  process.exit(2);
}
let env;
try {
  env = loadEnv();
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const ifEmpty = args.data['if-empty'] ?? false;
const log = (m: string) => console.log(`[seed] ${m}`);
if (inMemory(env)) {
  // Seeded here, the city would vanish with this process: only an in-process caller (the tests) can seed it.
  if (ifEmpty) {
    log('DATA_DIR=memory:// lives in one process: nothing to seed beforehand');
    process.exit(0);
  }
  console.error('[seed] DATA_DIR=memory:// cannot be seeded from another process: set DATA_DIR to a folder, or DATABASE_URL');
  process.exit(2);
}
const options = { seed: args.data.seed ?? env.SEED, scale: args.data.scale ?? env.SEED_SCALE, onProgress: log };
try {
  const db = await openConfiguredDatabase(env, log);
  try {
    const applied = await migrate(db.pool);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
    if (ifEmpty) {
      const state = await ensureSeeded(db.pool, { ...options, analyze: applied.length > 0 });
      log(`the database holds the city of seed ${state.seed} at scale ${state.scale}`);
    } else {
      await seedDatabase(db.pool, options);
    }
  } finally {
    await db.close();
  }
} catch (err) {
  console.error(`[seed] failed: ${(err as Error).message}`);
  process.exit(1);
}
