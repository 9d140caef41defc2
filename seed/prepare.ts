/**
 * The seed step before the API serves: seed an empty database, bring one seeded by an older version up to
 * date. `npm start` and `npm run dev` run it as a process of its own (`seed/cli.ts --if-empty`); the tests
 * run it in-process, as the API's seed hook, on their in-memory database.
 */
import type pg from 'pg';
import { BUMP_VERSIONS_SQL, INCIDENT_HISTORY_SQL, PLANNING_SQL, RESIDENTS_SQL, CASE_ROLLUP_SQL, CASE_ROLLUP_PAUSE_SQL, CASE_ROLLUP_RESUME_SQL, seedDatabase, seedSensing, type SeedOptions } from './load';
import { seedState, type SeedState } from '../api/db/seed-state';
import { inTransaction } from '../api/db/transaction';

export interface EnsureOptions extends SeedOptions {
  /** Re-seed a database that holds another seed or scale (the test suite compares against one city). Default: keep it. */
  reseedOther?: boolean;
  /** Refresh planner statistics even when nothing is loaded (the schema just changed). */
  analyze?: boolean;
}

/**
 * Make sure the database holds a city: seed it with `options.seed`/`options.scale` when it has none (once;
 * a few minutes), otherwise keep it and add what cities seeded by older versions lack. Returns the seed state.
 */
export async function ensureSeeded(pool: pg.Pool, options: EnsureOptions): Promise<SeedState> {
  const log = options.onProgress ?? (() => {});
  const state = await seedState(pool);
  if (!state) {
    log(`seeding the city of Fuzhou (seed ${options.seed}, scale ${options.scale}); this happens once and takes a few minutes`);
    return seedDatabase(pool, options);
  }
  if (options.reseedOther && (state.seed !== options.seed || state.scale !== options.scale)) {
    log(`database holds seed ${state.seed} at scale ${state.scale}; re-seeding seed ${options.seed} at scale ${options.scale}`);
    return seedDatabase(pool, options);
  }
  const added = await catchUp(pool, log);
  // Fresh planner statistics after new data or a schema change (the embedded database has no autovacuum).
  if (added || options.analyze) await pool.query('ANALYZE');
  return state;
}

/**
 * What a city seeded by an older version lacks, added in place: special groups (before the residents table
 * existed), case histories (before the case workflow), the daily case rollup (before the leaders' figures), devices and a week of telemetry (before sensing).
 * Returns whether anything was added.
 */
async function catchUp(pool: pg.Pool, log: (m: string) => void): Promise<boolean> {
  const empty = async (table: string) => !(await pool.query<{ present: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${table}) AS present`)).rows[0].present;
  let added = false;
  if (await empty('residents')) {
    await pool.query(RESIDENTS_SQL);
    log('special groups (residents) generated');
    added = true;
  }
  const histories = await empty('incident_events');
  if (histories || ((await empty('case_facts')) && !(await empty('incidents')))) {
    // In one transaction with the rollup's triggers paused: generated in bulk, counted once.
    log(histories ? 'generating case histories and the daily case rollup (once)' : "building the daily case rollup of the leaders' figures (once)");
    await inTransaction(pool, async (client) => {
      await client.query(CASE_ROLLUP_PAUSE_SQL);
      if (histories) await client.query(INCIDENT_HISTORY_SQL);
      await client.query(CASE_ROLLUP_SQL);
      await client.query(CASE_ROLLUP_RESUME_SQL);
    });
    added = true;
  }
  if (await empty('facilities WHERE service_type IS NOT NULL')) {
    log('typing and sizing the life-circle facilities (once)');
    await inTransaction(pool, async (client) => {
      await client.query(PLANNING_SQL);
      await client.query(BUMP_VERSIONS_SQL, [['facilities', 'life_circle_facilities']]);
    });
    added = true;
  }
  if (await empty('devices')) {
    log('placing IoT devices and writing their telemetry history (once)');
    await seedSensing(pool, log);
    added = true;
  }
  return added;
}
