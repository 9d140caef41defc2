import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { SqlRows } from './sql/rows';
// The rows' column types count on the type parsers database.ts installs (bigint and numeric → number):
// imported here, they are in place in any process that queries (a test's own pool too), not only in one
// that opened the database.
import './db/database';

const cache = new Map<string, string>();

/** The text of `api/sql/{name}.sql`: static SQL with bind parameters, read once. */
export function sql(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`./sql/${name}.sql`, import.meta.url), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** A query of api/sql/ whose row is declared in api/sql/rows.ts. */
export type SqlName = keyof SqlRows;
/** Where a query runs: the pool, or a client inside a transaction. */
export type Queryable = pg.Pool | pg.ClientBase;

/** Run `api/sql/{name}.sql` with its bind parameters ($1 …); its rows, typed as SqlRows declares them. */
export async function query<N extends SqlName>(db: Queryable, name: N, params: unknown[] = []): Promise<SqlRows[N][]> {
  return (await db.query<SqlRows[N]>(sql(name), params)).rows;
}

/** The first row of `api/sql/{name}.sql`, or undefined when there is none. */
export async function queryOne<N extends SqlName>(db: Queryable, name: N, params: unknown[] = []): Promise<SqlRows[N] | undefined> {
  return (await query(db, name, params))[0];
}
