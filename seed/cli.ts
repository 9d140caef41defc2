/**
 * Seed (or re-seed) the database: `npm run seed -- [--seed N] [--scale N]`.
 * Uses DATABASE_URL when set, otherwise the embedded database in DATA_DIR.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadEnv } from '../api/env';
import { openDatabase } from '../api/db/database';
import { migrate } from '../api/db/migrate';
import { seedDatabase } from './load';

const argsSchema = z.object({
  seed: z.coerce.number().int().min(0).optional(),
  scale: z.coerce.number().positive().max(50).optional(),
});

const { values } = parseArgs({ options: { seed: { type: 'string' }, scale: { type: 'string' } } });
const args = argsSchema.safeParse(values);
if (!args.success) {
  console.error(`bad arguments: ${args.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
  process.exit(2);
}
const env = loadEnv();
const log = (m: string) => console.log(`[seed] ${m}`);
const db = await openDatabase({ url: env.DATABASE_URL, dataDir: `${env.DATA_DIR}/pglite`, onProgress: log });
try {
  await migrate(db.pool);
  await seedDatabase(db.pool, { seed: args.data.seed ?? env.SEED, scale: args.data.scale ?? env.SEED_SCALE, onProgress: log });
} finally {
  await db.close();
}
