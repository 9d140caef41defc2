import type pg from 'pg';
import type { Env } from '../env';
import { sql } from '../sql';
import { slaOf, workCalendar, type SlaRow } from '../cases/sla';
import { inMemory, openConfiguredDatabase, type Database } from './database';
import { migrate } from './migrate';
import { seedState, type SeedState } from './seed-state';
import { demoMode } from '../env';
import { DEFAULT_DEMO_PASSWORD, demoAccountsInUse, ensureDemoAccounts } from '../auth/demo';

export interface Ready {
  db: Database;
  seed: SeedState;
}

/**
 * Puts a city into the database, between the migrations and the API's first look at the data. The API never
 * seeds by itself (api/ does not import seed/): whoever composes the app may supply this. `npm start` and
 * `npm run dev` seed in a step of their own before the API starts (`seed/cli.ts --if-empty`); the tests,
 * whose in-memory database lives in their own process, pass seed/'s `ensureSeeded` here.
 */
export type SeedHook = (pool: pg.Pool, log: (m: string) => void) => Promise<void>;

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

/** Why the API cannot start on a database without a city, and what to do about it. */
function notSeeded(env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR'>): string {
  if (inMemory(env)) {
    return 'the in-memory database (DATA_DIR=memory://) holds no city: it lives only in the process that opens it, so ' +
      'it cannot be seeded beforehand. Set DATA_DIR to a folder and start with `npm start`, which seeds it first.';
  }
  const where = env.DATABASE_URL ? 'the database in DATABASE_URL' : `the embedded database in ${env.DATA_DIR}`;
  return `${where} holds no city yet: seed it with \`npm run seed\` (options: -- --seed N --scale N), or start with ` +
    '`npm start` (or `npm run dev`), which seeds an empty database before the API starts.';
}

/**
 * Open the database, apply pending migrations, let `options.seed` (if any) seed it, and check that it holds
 * a city: an unseeded database is refused with a message saying how to seed it. Then the API's own upkeep:
 * stage deadlines, planner statistics after a schema change, demo accounts.
 */
export async function prepareDatabase(
  env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR' | 'NODE_ENV' | 'DEMO_MODE' | 'DEMO_PASSWORD'>,
  log: (m: string) => void,
  options: { seed?: SeedHook } = {},
): Promise<Ready> {
  const db = await openConfiguredDatabase(env, log);
  try {
    const applied = await migrate(db.pool);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
    await options.seed?.(db.pool, log);
    const seed = await seedState(db.pool);
    if (!seed) throw new Error(notSeeded(env));
    // Live cases without a stored stage deadline (seeded, or from before it was stored) get one, so that
    // lists can filter overdue cases in SQL.
    const backfilled = await backfillStageDeadlines(db.pool);
    if (backfilled) log(`stage deadlines stored for ${backfilled} live cases`);
    // After a schema change, fresh planner statistics (the embedded database has no autovacuum). The seed step
    // analyzes what it loads.
    if (applied.length) await db.pool.query('ANALYZE');
    if (demoMode(env)) {
      const changed = await ensureDemoAccounts(db.pool, env.DEMO_PASSWORD);
      if (changed.length) log(`demo accounts ready: ${changed.join(', ')} (password from DEMO_PASSWORD)`);
    } else {
      if (env.NODE_ENV === 'production') {
        const inUse = [...new Set([...(await demoAccountsInUse(db.pool, env.DEMO_PASSWORD)), ...(await demoAccountsInUse(db.pool, DEFAULT_DEMO_PASSWORD))])];
        if (inUse.length) {
          throw new Error(
            `refusing to start in production: the demo accounts ${inUse.join(', ')} still have the demo password. ` +
              'Disable them or change their passwords (admin.updateAccount), or set DEMO_MODE=on for a demonstration.',
          );
        }
      }
      // Demo mode off means off, in production or not: the demo accounts' sessions end here, and auth.login
      // refuses them (api/routers/auth.ts).
      const ended = await db.pool.query('DELETE FROM sessions WHERE account_id IN (SELECT id FROM accounts WHERE is_demo)');
      if (ended.rowCount) log(`demo mode is off: ended ${ended.rowCount} sessions of demo accounts`);
    }
    return { db, seed };
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}
