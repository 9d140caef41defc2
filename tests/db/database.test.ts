import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../helpers';

let t: Awaited<ReturnType<typeof createTestContext>>;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.pool.end();
});

/** A bow-tie is not a valid polygon: GEOS cannot intersect it and throws. */
const BOWTIE = 'POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))';
const SQUARE = 'POLYGON((2 2, 8 2, 8 8, 2 8, 2 2))';

async function errorOf(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the statement to fail');
}

/**
 * PostgreSQL reports a GEOS exception as an error. The embedded database's PostGIS cannot catch it and used
 * to end the statement silently: no rows (not even the one row of an aggregate), then a connection out of step
 * (`portal "" does not exist`) or, for a statement without parameters, no answer at all. It must fail as on
 * PostgreSQL, on a connection that goes on working.
 */
describe('a statement that GEOS cannot compute', () => {
  it('fails, with bind parameters or without, on a connection that goes on working', async () => {
    const client = await t.pool.connect();
    try {
      const withParams = client.query(`SELECT ST_AsText(ST_Intersection(ST_GeomFromText($1), ST_GeomFromText($2))) AS g`, [BOWTIE, SQUARE]);
      expect((await errorOf(withParams)).message).toMatch(/GEOS/);
      expect((await client.query('SELECT $1::int AS n', [1])).rows).toEqual([{ n: 1 }]);
      const inline = client.query(`SELECT count(*) AS n FROM generate_series(1, 3) WHERE ST_IsEmpty(ST_Intersection('${BOWTIE}'::geometry, '${SQUARE}'::geometry))`);
      expect((await errorOf(inline)).message).toMatch(/GEOS/);
      expect((await client.query('SELECT count(*)::int AS n FROM areas WHERE level = $1', ['district'])).rows).toEqual([{ n: 13 }]);
    } finally {
      client.release();
    }
  });

  it('fails the transaction it is in, as any error does', async () => {
    const client = await t.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`UPDATE data_versions SET version = version WHERE layer = 'areas'`);
      await errorOf(client.query(`SELECT ST_Intersection(ST_GeomFromText($1), ST_GeomFromText($2))`, [BOWTIE, SQUARE]));
      expect((await errorOf(client.query('SELECT 1'))).code).toBe('25P02'); // in_failed_sql_transaction
      await client.query('ROLLBACK');
      expect((await client.query('SELECT 2 AS n')).rows).toEqual([{ n: 2 }]);
    } finally {
      client.release();
    }
  });
});
