import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { generateCity, type City } from './generate';
import { INCIDENT_TYPES } from './catalog';
import { DEVICE_KINDS, DEVICE_KIND_KEYS, METRICS } from '../tiles/domain/sensing';
import { LAYERS } from '../tiles/layers';
import { seedState, type SeedState } from '../api/db/seed-state';


const BATCH = 2000;
const ROLLUP_SQL = readFileSync(new URL('./sql/rollup.sql', import.meta.url), 'utf8');
export const RESIDENTS_SQL = readFileSync(new URL('./sql/residents.sql', import.meta.url), 'utf8');
/** Life-circle service types and capacities of the facilities, and the kindergartens and nursing homes the generated city lacks. */
export const PLANNING_SQL = readFileSync(new URL('./sql/planning.sql', import.meta.url), 'utf8');
/** The leaders' figures of every case, and their daily rollup, from scratch (migration 007 defines them). */
export const CASE_ROLLUP_SQL = 'SELECT case_rollup_rebuild()';
export const CASE_ROLLUP_PAUSE_SQL = 'SELECT case_rollup_pause()';
export const CASE_ROLLUP_RESUME_SQL = 'SELECT case_rollup_resume()';
export const INCIDENT_HISTORY_SQL = readFileSync(new URL('./sql/incident-history.sql', import.meta.url), 'utf8');
const DEVICES_SQL = readFileSync(new URL('./sql/devices.sql', import.meta.url), 'utf8');
const TELEMETRY_HISTORY_SQL = readFileSync(new URL('./sql/telemetry-history.sql', import.meta.url), 'utf8');
const DEVICES_LATEST_SQL = readFileSync(new URL('./sql/devices-latest.sql', import.meta.url), 'utf8');
/** The tile service's own statement (TileService.markChanged): bumps, or makes, the data_versions rows of $1. */
export const BUMP_VERSIONS_SQL = readFileSync(new URL('../tiles/sql/data-versions-bump.sql', import.meta.url), 'utf8');

/** Tables the seed also fills that are no layer's, counted in seed_state besides the layers' tables. */
const OTHER_COUNTED_TABLES = ['residents', 'readings'];
/**
 * What a re-seed empties besides the layers' tables: CASCADE takes the rows that refer to them (residents,
 * case histories, …) with them.
 */
const OTHER_SEEDED_TABLES = ['readings', 'incident_types', 'seed_state', 'case_facts', 'case_daily', 'planning_scenarios'];
/** Days of telemetry the seed writes: enough for the week chart. */
export const TELEMETRY_HISTORY_DAYS = 7;

/**
 * The IoT devices (chosen from the buildings and parking lots already loaded) and their telemetry history:
 * one reading per heartbeat interval for TELEMETRY_HISTORY_DAYS. Also run for cities seeded before sensing
 * existed. Returns the number of devices.
 */
export async function seedSensing(db: pg.Pool | pg.PoolClient, log: (m: string) => void = () => {}): Promise<number> {
  const kinds = DEVICE_KIND_KEYS.map((kind) => ({ kind, prefix: DEVICE_KINDS[kind].prefix, zh: DEVICE_KINDS[kind].zh, heartbeat_s: DEVICE_KINDS[kind].heartbeatMinutes * 60 }));
  const { rowCount } = await db.query(DEVICES_SQL, [JSON.stringify(kinds)]);
  log(`devices placed: ${rowCount}`);
  await db.query(`SELECT ensure_reading_partitions(((now() AT TIME ZONE 'UTC') - make_interval(days => $1))::date, ((now() AT TIME ZONE 'UTC') + interval '2 days')::date)`, [TELEMETRY_HISTORY_DAYS + 1]);
  const series = DEVICE_KIND_KEYS.flatMap((kind) =>
    DEVICE_KINDS[kind].metrics.map((key) => ({ kind, metric: METRICS[key].id, key, step: DEVICE_KINDS[kind].heartbeatMinutes })),
  );
  const history = await db.query(TELEMETRY_HISTORY_SQL, [JSON.stringify(series), TELEMETRY_HISTORY_DAYS]);
  log(`telemetry history: ${history.rowCount} readings over ${TELEMETRY_HISTORY_DAYS} days`);
  await db.query(DEVICES_LATEST_SQL, [JSON.stringify(Object.entries(METRICS).map(([key, m]) => ({ id: m.id, key })))]);
  return rowCount ?? 0;
}

export interface SeedOptions {
  seed: number;
  scale: number;
  onProgress?: (message: string) => void;
}

/**
 * The tables behind the map layers, in registry order: those layers named after a table. The other layers
 * (grids, camera_views, life_circle_facilities, …) are drawn from one of these tables.
 */
async function layerTables(client: pg.PoolClient): Promise<string[]> {
  const ids: string[] = LAYERS.map((l) => l.id);
  const { rows } = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name = ANY($1)`,
    [ids],
  );
  const tables = new Set(rows.map((r) => r.name));
  return ids.filter((id) => tables.has(id));
}

/**
 * Insert rows through one JSON parameter per batch: far fewer round trips than row-by-row inserts, no
 * 65,535-parameter limit, and the same statement works on PGlite and PostgreSQL.
 * `columns` maps each JSON field to its SQL type; `geom` (GeoJSON, WGS84) also fills `geom3857`.
 */
async function insertRows<T extends { geom: unknown }>(
  client: pg.PoolClient,
  table: string,
  columns: Record<string, string>,
  rows: T[],
  onBatch?: (done: number) => void,
): Promise<void> {
  const names = Object.keys(columns);
  const recordType = [...names.map((n) => `${n} ${columns[n]}`), 'geom json'].join(', ');
  const statement = `INSERT INTO ${table} (${names.join(', ')}, geom, geom3857)
    SELECT ${names.join(', ')}, g, ST_Transform(g, 3857)
    FROM (SELECT r.*, ST_SetSRID(ST_GeomFromGeoJSON(r.geom::text), 4326) AS g
          FROM json_to_recordset($1::json) AS r(${recordType})) s`;
  for (let i = 0; i < rows.length; i += BATCH) {
    await client.query(statement, [JSON.stringify(rows.slice(i, i + BATCH))]);
    onBatch?.(Math.min(i + BATCH, rows.length));
  }
}

/**
 * Generate the city for `seed`/`scale` and load it in one transaction: a start that is interrupted
 * half-way leaves an empty database that the next start seeds again, never a half city.
 */
export async function seedDatabase(pool: pg.Pool, options: SeedOptions): Promise<SeedState> {
  const log = options.onProgress ?? (() => {});
  const started = Date.now();
  const city: City = generateCity({ seed: options.seed, scale: options.scale, onProgress: (m) => log(`generating ${m}`) });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const tables = await layerTables(client);
    await client.query(`TRUNCATE ${[...tables, ...OTHER_SEEDED_TABLES].join(', ')} CASCADE`);
    // Loaded in bulk: the leaders' rollup is built once at the end, not case by case.
    await client.query(CASE_ROLLUP_PAUSE_SQL);
    const areaRows = city.areas;
    // Areas also need a label point and parents before children, so they get a statement of their own.
    for (let i = 0; i < areaRows.length; i += 500) {
      await client.query(
        `INSERT INTO areas (code, name, level, parent_code, households, label_point, geom, geom3857)
         SELECT code, name, level, parent_code, households, ST_PointOnSurface(g), g, ST_Transform(g, 3857)
         -- Rings that touch themselves at a point (legal for turf, not for GEOS) are split by ST_MakeValid;
         -- the point set, and so the tiling, is unchanged.
         FROM (SELECT r.*, ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(r.geom::text), 4326)), 3)) AS g
               FROM json_to_recordset($1::json) AS r(code text, name text, level text, parent_code text, households int, geom json)) s
         ORDER BY length(code)`,
        [JSON.stringify(areaRows.slice(i, i + 500))],
      );
      log(`loading areas ${Math.min(i + 500, areaRows.length)}/${areaRows.length}`);
    }
    await insertRows(client, 'roads', { id: 'int', name: 'text', class: 'text', district_code: 'text' }, city.roads);
    log(`loading roads ${city.roads.length}`);
    const progress = (what: string, total: number) => (done: number) => {
      if (done === total || done % (BATCH * 10) === 0) log(`loading ${what} ${done}/${total}`);
    };
    await insertRows(client, 'buildings', {
      id: 'int', grid_code: 'text', name: 'text', address: 'text', doorplate: 'text', use: 'text', floors: 'int',
      height: 'real', built_year: 'int', households: 'int', pop_0_14: 'int', pop_15_59: 'int', pop_60_plus: 'int',
    }, city.buildings, progress('buildings', city.buildings.length));
    await insertRows(client, 'cameras', {
      id: 'int', code: 'text', name: 'text', grid_code: 'text', kind: 'text', status: 'text', owner: 'text',
      direction: 'real', fov: 'real', range_m: 'real',
    }, city.cameras, progress('cameras', city.cameras.length));
    await insertRows(client, 'parking', {
      id: 'int', name: 'text', grid_code: 'text', kind: 'text', capacity: 'int', occupied: 'int',
    }, city.parking, progress('parking', city.parking.length));
    await insertRows(client, 'facilities', { id: 'int', name: 'text', grid_code: 'text', kind: 'text' },
      city.facilities, progress('facilities', city.facilities.length));
    await client.query(PLANNING_SQL);
    log('life-circle facilities typed and sized');
    await client.query(
      `INSERT INTO incident_types (code, category, major, name, name_en)
       SELECT code, category, major, name, "nameEn" FROM json_to_recordset($1::json) AS r(code text, category text, major text, name text, "nameEn" text)`,
      [JSON.stringify(INCIDENT_TYPES)],
    );
    await insertRows(client, 'incidents', {
      id: 'int', case_no: 'text', type_code: 'text', source: 'text', status: 'text', priority: 'smallint',
      description: 'text', grid_code: 'text', reported_at: 'timestamptz', closed_at: 'timestamptz',
    }, city.incidents, progress('incidents', city.incidents.length));
    // New cases from intake continue after the seeded ones.
    await client.query(`SELECT setval('incidents_id_seq', coalesce((SELECT max(id) FROM incidents), 0) + 1, false)`);
    await client.query(ROLLUP_SQL);
    await client.query(RESIDENTS_SQL);
    log('special groups (residents) generated');
    await client.query(INCIDENT_HISTORY_SQL);
    log('case histories generated');
    await client.query(CASE_ROLLUP_SQL);
    await client.query(CASE_ROLLUP_RESUME_SQL);
    log('daily case rollup built');
    await seedSensing(client, log);
    const counts: Record<string, number> = {};
    for (const table of [...tables, ...OTHER_COUNTED_TABLES]) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      counts[table] = rows[0].n;
    }
    await client.query('INSERT INTO seed_state (seed, scale, counts) VALUES ($1, $2, $3)', [options.seed, options.scale, JSON.stringify(counts)]);
    // Every layer's data changed: tiles cached by any process (and by browsers, through the ETag) are stale.
    await client.query(BUMP_VERSIONS_SQL, [LAYERS.map((l) => l.id)]);
    await client.query('COMMIT');
    log(`seeded in ${((Date.now() - started) / 1000).toFixed(0)} s: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
  // Fresh statistics, so the planner knows how selective tiles and scopes are (the embedded database has no autovacuum).
  await pool.query('ANALYZE');
  const state = await seedState(pool);
  if (!state) throw new Error('seed finished but left no seed_state row');
  return state;
}
