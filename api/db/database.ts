import net from 'node:net';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Env } from '../env';

/** Where the data lives: the embedded PGlite (default) or a real PostgreSQL server (DATABASE_URL). */
export type DatabaseKind = 'embedded' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  pool: pg.Pool;
  /**
   * Where reads that may lag behind the writes go (tiles, leaders' figures): a streaming replica's pool
   * (DATABASE_READ_URL), else `pool` itself.
   */
  readPool: pg.Pool;
  /** How another process (a test, psql) reaches the same database. */
  connectionString: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Real PostgreSQL/PostGIS. When absent, an embedded PGlite is started. */
  url?: string;
  /** A streaming replica of `url`'s database, for reads that may lag (see Database.readPool). */
  readUrl?: string;
  /** Folder of the embedded database; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  onProgress?: (message: string) => void;
}

// Numeric and bigint columns come back as JS numbers: our ids and counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/** Open the database. Either way the app talks to it through `pg`: one code path. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    // A stopped or restarting server fails a request within seconds (503) instead of holding it.
    const pool = new pg.Pool({ connectionString: options.url, max: 10, connectionTimeoutMillis: 5000 });
    pool.on('error', (err) => console.error('postgres pool error:', err.message));
    await pool.query('CREATE EXTENSION IF NOT EXISTS postgis');
    const replica = options.readUrl ? new pg.Pool({ connectionString: options.readUrl, max: 10, connectionTimeoutMillis: 5000 }) : null;
    if (replica) {
      replica.on('error', (err) => console.error('postgres read pool error:', err.message));
      try {
        await replica.query('SELECT 1');
      } catch (err) {
        await Promise.all([pool.end(), replica.end()]);
        throw new Error(`DATABASE_READ_URL: cannot connect to the replica: ${(err as Error).message}`, { cause: err });
      }
    }
    return {
      kind: 'postgres', pool, readPool: replica ?? pool, connectionString: options.url,
      close: async () => void (await Promise.all([pool.end(), replica?.end()])),
    };
  }
  if (options.readUrl) throw new Error('DATABASE_READ_URL names a replica of the DATABASE_URL database: set DATABASE_URL too (the embedded database has no replicas)');
  return openEmbedded(options.dataDir ?? '.data/pglite', options.onProgress);
}

/** An embedded database in memory (`DATA_DIR=memory://`): it lives and dies with the process that opens it. */
export function inMemory(env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR'>): boolean {
  return !env.DATABASE_URL && env.DATA_DIR.startsWith('memory://');
}

/**
 * The database the configuration names: DATABASE_URL, or else the embedded one under DATA_DIR. The API and
 * the seed step (seed/cli.ts) open the same one through this.
 */
export function openConfiguredDatabase(env: Pick<Env, 'DATABASE_URL' | 'DATABASE_READ_URL' | 'DATA_DIR'>, onProgress?: (message: string) => void): Promise<Database> {
  return openDatabase({ url: env.DATABASE_URL, readUrl: env.DATABASE_READ_URL, dataDir: inMemory(env) ? env.DATA_DIR : `${env.DATA_DIR}/pglite`, onProgress });
}

/** A TCP port free on 127.0.0.1 now (the embedded database's socket; tests' servers). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function openEmbedded(dataDir: string, onProgress?: (m: string) => void): Promise<Database> {
  // Imported lazily: the WASM build is large and a real-PostgreSQL deployment never needs it.
  const [{ PGlite }, { postgis }, { PGLiteSocketServer }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-postgis'),
    import('@electric-sql/pglite-socket'),
  ]);
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  onProgress?.(`starting embedded PostgreSQL + PostGIS (${inMemory ? 'in memory' : path.resolve(dataDir)})`);
  const db = await PGlite.create(inMemory ? undefined : dataDir, { extensions: { postgis } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  const port = await freePort();
  const server = new PGLiteSocketServer({ db: reportAbortedStatements(db), port, host: '127.0.0.1', maxConnections: 32 });
  await server.start();
  // PGlite is a single session: the app holds exactly one connection. Other processes may connect too (a
  // second API process, psql): the socket server serves one connection at a time within a transaction or
  // an extended-protocol exchange (see reportAbortedStatements).
  const pool = new pg.Pool({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', max: 1 });
  pool.on('error', (err) => console.error('embedded pool error:', err.message));
  return {
    kind: 'embedded',
    pool,
    readPool: pool,
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async close() {
      await pool.end();
      await server.stop();
      await db.close();
    },
  };
}

const ABORTED =
  'the embedded database stopped this statement without an error: PGlite\'s PostGIS (WebAssembly) cannot ' +
  'recover from an exception inside GEOS, where native PostGIS would recover or raise an error';
/** Frontend message types (first byte) that must be answered by one of the given backend message types. */
const EXPECTED_REPLY: Record<string, string> = {
  P: '1E', // Parse → ParseComplete or ErrorResponse
  B: '2E', // Bind → BindComplete or ErrorResponse
  D: 'TnE', // Describe → RowDescription or NoData (after any ParameterDescription), or ErrorResponse
  E: 'CIE', // Execute for all rows → CommandComplete, EmptyQueryResponse or ErrorResponse (never PortalSuspended)
  Q: 'Z', // Query → … ReadyForQuery
};

/**
 * PGlite's PostGIS is built for WebAssembly without C++ exceptions. Where GEOS throws (a TopologyException
 * that native GEOS catches and retries in a more robust mode, or reports as an ERROR) the statement stops
 * without an error, and the wire protocol goes out of step:
 * - thrown while executing, the Execute is answered with PortalSuspended after whatever rows came before;
 *   pg asks the portal for more rows after its Sync has closed it and gets `portal "" does not exist` on an
 *   idle connection, while the caller has received a short (often empty) result as if it were complete;
 * - thrown while planning (constant folding), the Bind gets no BindComplete and the Execute an
 *   EmptyQueryResponse: the caller gets no rows and no error;
 * - in a simple Query nothing at all comes back, not even ReadyForQuery, and the caller waits forever.
 * (PGlite's main loop recovers from PostgreSQL's own errors, which unwind by longjmp, and ignores any other
 * exception; a GEOS exception reaches it as one, never caught by GEOS itself.)
 * The socket server is therefore given a PGlite whose answers are checked: a Parse, Bind, Describe, Execute
 * (for all rows) or Query that is not properly answered gets an ErrorResponse, what the client sends after it
 * up to the next Sync is skipped, and an open transaction block is failed, all as PostgreSQL does after an
 * error. The query fails loudly and the connection stays in step. Ordinary errors pass through untouched.
 */
function reportAbortedStatements(db: PGlite): PGlite {
  let skipToSync = false;
  // Between a client's first extended-protocol message and its Sync the unnamed statement and portal are
  // that client's: the socket server's queue keeps serving one client while the database "is in a
  // transaction", so saying so here keeps other connections (other API processes) from cutting in.
  let midExtended = false;
  const isInTransaction = () => db.isInTransaction() || midExtended;
  const execProtocolRawStream: PGlite['execProtocolRawStream'] = async (message, options) => {
    const type = String.fromCharCode(message[0]);
    midExtended = 'PBDECH'.includes(type);
    if (type === 'S') skipToSync = false;
    else if (skipToSync && 'PBDECH'.includes(type)) return;
    const expected = type === 'E' && executeMaxRows(message) !== 0 ? undefined : EXPECTED_REPLY[type];
    if (!options || !expected) return db.execProtocolRawStream(message, options);
    const chunks: Uint8Array[] = [];
    await db.execProtocolRawStream(message, { ...options, onRawData: (data) => chunks.push(data.slice()) });
    const replies = splitMessages(Buffer.concat(chunks));
    // After an error PostgreSQL ignores the extended-protocol messages up to Sync; PGlite answers them with nothing.
    if (type !== 'Q' && replies.some((m) => m[0] === 0x45)) skipToSync = true;
    const answered = type === 'Q' ? replies.at(-1)?.[0] === 0x5a : replies.some((m) => expected.includes(String.fromCharCode(m[0])));
    if (!answered) {
      // PGlite leaves a transaction block open and usable; PostgreSQL fails it, so that it can only be rolled back.
      if (db.isInTransaction()) await db.execProtocolRawStream(queryMessage('SELECT 1/0'), { ...options, onRawData: () => {} });
      // PortalSuspended is the one reply that must not reach the client: it would ask for more rows.
      const kept = replies.filter((m) => m[0] !== 0x73);
      kept.push(errorResponse(ABORTED));
      if (type === 'Q') kept.push(readyForQuery(db.isInTransaction() ? 'E' : 'I'));
      else skipToSync = true;
      options.onRawData(Buffer.concat(kept));
      return;
    }
    options.onRawData(Buffer.concat(replies));
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'execProtocolRawStream') return execProtocolRawStream;
      if (property === 'isInTransaction') return isInTransaction;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Execute: 'E', int32 length, portal name (C string), int32 maximum rows (0 = all). */
function executeMaxRows(message: Uint8Array): number {
  const end = message.indexOf(0, 5);
  if (end < 0 || end + 5 > message.length) return -1;
  return Buffer.from(message.buffer, message.byteOffset, message.byteLength).readInt32BE(end + 1);
}

/** Backend messages: a type byte, then an int32 length that counts itself. */
function splitMessages(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let offset = 0;
  while (offset < data.length) {
    const end = offset + 5 <= data.length ? Math.min(data.length, offset + 1 + data.readInt32BE(offset + 1)) : data.length;
    out.push(data.subarray(offset, end));
    offset = end;
  }
  return out;
}

function errorResponse(message: string): Buffer {
  const fields = Buffer.from(`SERROR\0VERROR\0CXX000\0M${message}\0\0`, 'utf8');
  const out = Buffer.alloc(5 + fields.length);
  out[0] = 0x45; // 'E', backend ErrorResponse
  out.writeInt32BE(4 + fields.length, 1);
  fields.copy(out, 5);
  return out;
}

function queryMessage(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const out = Buffer.alloc(5 + text.length);
  out[0] = 0x51; // 'Q'
  out.writeInt32BE(4 + text.length, 1);
  text.copy(out, 5);
  return out;
}

function readyForQuery(status: 'I' | 'E'): Buffer {
  return Buffer.from([0x5a, 0, 0, 0, 5, status.charCodeAt(0)]); // 'Z'
}
