import type { Env } from '../env';
import { openDatabase, type Database } from './database';
import { migrate } from './migrate';
import { seedDatabase, seedState, type SeedState } from '../../seed/load';

export interface Ready {
  db: Database;
  seed: SeedState;
}

/**
 * Open the database, apply pending migrations and seed the city on first start.
 * Later starts find the seed_state row and reuse the data.
 */
export async function prepareDatabase(env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR' | 'SEED' | 'SEED_SCALE'>, log: (m: string) => void): Promise<Ready> {
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR.startsWith('memory://') ? env.DATA_DIR : `${env.DATA_DIR}/pglite`, onProgress: log });
  try {
    const applied = await migrate(db.pool);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
    let seed = await seedState(db.pool);
    if (!seed) {
      log(`seeding the city of Fuzhou (seed ${env.SEED}, scale ${env.SEED_SCALE}); this happens once and takes a few minutes`);
      seed = await seedDatabase(db.pool, { seed: env.SEED, scale: env.SEED_SCALE, onProgress: log });
    }
    return { db, seed };
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}
