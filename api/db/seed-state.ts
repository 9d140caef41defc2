import type pg from 'pg';

/** What the seed put into the database: the seed_state row that seed/ writes when a city is loaded. */
export interface SeedState {
  seed: number;
  scale: number;
  counts: Record<string, number>;
  finished_at: string;
}

/** What the seed produced, or null when the database has not been seeded (or seeding did not finish). */
export async function seedState(pool: pg.Pool): Promise<SeedState | null> {
  const { rows } = await pool.query<SeedState>('SELECT seed, scale, counts, finished_at FROM seed_state');
  return rows[0] ?? null;
}
