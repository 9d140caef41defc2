/**
 * The shared vocabulary (tiles/domain) and the database agree: every CHECK (column IN (…)) constraint the
 * migrations put on a column allows exactly the values the vocabulary lists, no more and no fewer. A status
 * added on one side only either cannot be stored or is stored and then shown nowhere.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { AREA_LEVELS, BUILDING_USES, CASE_LEVELS, CASE_SOURCES, CASE_STATUSES, FACILITY_KINDS, ONLINE_STATES, ROAD_CLASSES } from '../tiles/domain';
import { ALARM_STATUSES, DEVICE_KIND_KEYS, SEVERITIES } from '../tiles/domain/sensing';
import { ROLES } from '../tiles/domain/roles';
import { SERVICE_TYPES } from '../tiles/domain/planning';
import { WALL_FITS } from '../tiles/domain/wall';

let pool: pg.Pool;
beforeAll(() => {
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
});
afterAll(async () => {
  await pool.end();
});

/** table.column → the vocabulary its CHECK constraint must allow. */
const VOCABULARY: [string, string, readonly string[], string][] = [
  ['incidents', 'status', CASE_STATUSES, 'CASE_STATUSES'],
  ['incidents', 'level', CASE_LEVELS, 'CASE_LEVELS'],
  ['incidents', 'source', CASE_SOURCES, 'CASE_SOURCES'],
  ['buildings', 'use', BUILDING_USES, 'BUILDING_USES'],
  ['areas', 'level', AREA_LEVELS, 'AREA_LEVELS'],
  ['roads', 'class', ROAD_CLASSES, 'ROAD_CLASSES'],
  ['facilities', 'kind', FACILITY_KINDS, 'FACILITY_KINDS'],
  ['cameras', 'status', ONLINE_STATES, 'ONLINE_STATES'],
  ['devices', 'status', ONLINE_STATES, 'ONLINE_STATES'],
  ['devices', 'kind', DEVICE_KIND_KEYS, 'DEVICE_KIND_KEYS'],
  ['alarms', 'severity', SEVERITIES, 'SEVERITIES'],
  ['alarms', 'status', ALARM_STATUSES, 'ALARM_STATUSES'],
  ['accounts', 'role', ROLES, 'ROLES'],
  ['facilities', 'service_type', SERVICE_TYPES, 'SERVICE_TYPES'],
  ['planning_scenarios', 'facility_type', SERVICE_TYPES, 'SERVICE_TYPES'],
  ['displays', 'fit', WALL_FITS, 'WALL_FITS'],
];

/** The values the single-column CHECK constraints of `table.column` list (`col IN ('a', 'b')` reads back as `= ANY (ARRAY['a'::text, …])`). */
async function allowedValues(table: string, column: string): Promise<{ defs: string[]; values: string[] }> {
  const { rows } = await pool.query<{ def: string }>(
    `SELECT pg_get_constraintdef(c.oid) AS def
     FROM pg_constraint c
     JOIN pg_class t ON t.oid = c.conrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = c.conkey[1]
     WHERE c.contype = 'c' AND cardinality(c.conkey) = 1 AND t.relname = $1 AND a.attname = $2
     ORDER BY c.conname`,
    [table, column],
  );
  const lists = rows.map((r) => r.def).filter((d) => /= ANY \(|\bIN \(/i.test(d));
  const values = lists.flatMap((d) => [...d.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'")));
  return { defs: lists, values };
}

describe('the database CHECK constraints and the shared vocabulary', () => {
  for (const [table, column, vocabulary, name] of VOCABULARY) {
    it(`${table}.${column} allows exactly ${name}`, async () => {
      const { defs, values } = await allowedValues(table, column);
      // One list constraint on the column: a migration that replaces one must drop the old.
      expect(defs, `CHECK constraints listing values on ${table}.${column}`).toHaveLength(1);
      expect([...new Set(values)].sort(), `${table}.${column}: ${defs[0]}`).toEqual([...vocabulary].sort());
      expect(values).toHaveLength(new Set(values).size);
    });
  }
});
