import type pg from 'pg';
import type { Env } from '../env';
import { sql } from '../sql';
import { slaOf, workCalendar, type SlaRow } from '../cases/sla';
import { openDatabase, type Database } from './database';
import { migrate } from './migrate';
import { INCIDENT_HISTORY_SQL, RESIDENTS_SQL, seedDatabase, seedSensing, seedState, type SeedState } from '../../seed/load';
import { demoMode } from '../env';
import { DEFAULT_DEMO_PASSWORD, demoAccountsInUse, ensureDemoAccounts } from '../auth/demo';

export interface Ready {
  db: Database;
  seed: SeedState;
}

/**
 * Open the database, apply pending migrations and seed the city on first start.
 * Later starts find the seed_state row and reuse the data.
 */
/** Store the current stage's deadline of live cases that have none. Returns how many were updated. */
export async function backfillStageDeadlines(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query(sql('incident-deadline-missing'));
  if (!rows.length) return 0;
  const calendar = await workCalendar(pool);
  const now = new Date();
  const ids: number[] = [];
  const dues: string[] = [];
  for (const r of rows) {
    const sla = slaOf(r as SlaRow, now, calendar);
    if (!sla) continue;
    ids.push(r.id);
    dues.push(sla.dueAt);
  }
  await pool.query('UPDATE incidents i SET stage_due_at = d.due FROM unnest($1::int[], $2::timestamptz[]) AS d(id, due) WHERE i.id = d.id', [ids, dues]);
  return ids.length;
}

export async function prepareDatabase(env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR' | 'SEED' | 'SEED_SCALE' | 'NODE_ENV' | 'DEMO_MODE' | 'DEMO_PASSWORD'>, log: (m: string) => void): Promise<Ready> {
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR.startsWith('memory://') ? env.DATA_DIR : `${env.DATA_DIR}/pglite`, onProgress: log });
  try {
    const applied = await migrate(db.pool);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
    let seed = await seedState(db.pool);
    if (!seed) {
      log(`seeding the city of Fuzhou (seed ${env.SEED}, scale ${env.SEED_SCALE}); this happens once and takes a few minutes`);
      seed = await seedDatabase(db.pool, { seed: env.SEED, scale: env.SEED_SCALE, onProgress: log });
    }
    // Cities seeded before the residents table existed get their special groups now.
    const residents = await db.pool.query<{ present: boolean }>('SELECT EXISTS (SELECT 1 FROM residents) AS present');
    if (!residents.rows[0].present) {
      await db.pool.query(RESIDENTS_SQL);
      log('special groups (residents) generated');
    }
    // Cities seeded before the case workflow existed get their case histories now.
    const history = await db.pool.query<{ present: boolean }>('SELECT EXISTS (SELECT 1 FROM incident_events) AS present');
    if (!history.rows[0].present) {
      await db.pool.query(INCIDENT_HISTORY_SQL);
      log('case histories generated');
    }
    // Cities seeded before sensing existed get their devices and a week of telemetry now.
    const devices = await db.pool.query<{ present: boolean }>('SELECT EXISTS (SELECT 1 FROM devices) AS present');
    if (!devices.rows[0].present) {
      log('placing IoT devices and writing their telemetry history (once)');
      await seedSensing(db.pool, log);
    }
    // Live cases without a stored stage deadline (seeded, or from before it was stored) get one, so that
    // lists can filter overdue cases in SQL.
    const backfilled = await backfillStageDeadlines(db.pool);
    if (backfilled) log(`stage deadlines stored for ${backfilled} live cases`);
    // After a schema change or new data, fresh planner statistics (the embedded database has no autovacuum).
    if (applied.length || !residents.rows[0].present || !history.rows[0].present || !devices.rows[0].present) await db.pool.query('ANALYZE');
    if (demoMode(env)) {
      const changed = await ensureDemoAccounts(db.pool, env.DEMO_PASSWORD);
      if (changed.length) log(`demo accounts ready: ${changed.join(', ')} (password from DEMO_PASSWORD)`);
    } else if (env.NODE_ENV === 'production') {
      const inUse = [...new Set([...(await demoAccountsInUse(db.pool, env.DEMO_PASSWORD)), ...(await demoAccountsInUse(db.pool, DEFAULT_DEMO_PASSWORD))])];
      if (inUse.length) {
        throw new Error(
          `refusing to start in production: the demo accounts ${inUse.join(', ')} still have the demo password. ` +
            'Disable them or change their passwords (admin.updateAccount), or set DEMO_MODE=on for a demonstration.',
        );
      }
    }
    return { db, seed };
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}
