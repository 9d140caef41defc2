import net from 'node:net';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import pg from 'pg';

/** Where the data lives: the embedded PGlite (default) or a real PostgreSQL server (DATABASE_URL). */
export type DatabaseKind = 'embedded' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  pool: pg.Pool;
  /** How another process (a test, psql) reaches the same database. */
  connectionString: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Real PostgreSQL/PostGIS. When absent, an embedded PGlite is started. */
  url?: string;
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
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    pool.on('error', (err) => console.error('postgres pool error:', err.message));
    await pool.query('CREATE EXTENSION IF NOT EXISTS postgis');
    return { kind: 'postgres', pool, connectionString: options.url, close: () => pool.end() };
  }
  return openEmbedded(options.dataDir ?? '.data/pglite', options.onProgress);
}

async function freePort(): Promise<number> {
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
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 4 });
  await server.start();
  // PGlite is a single session: queries from several connections would interleave inside each other's
  // transactions, so the app holds exactly one connection.
  const pool = new pg.Pool({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', max: 1 });
  pool.on('error', (err) => console.error('embedded pool error:', err.message));
  return {
    kind: 'embedded',
    pool,
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async close() {
      await pool.end();
      await server.stop();
      await db.close();
    },
  };
}
