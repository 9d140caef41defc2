import { openDatabase } from './api/db/database';
const db = await openDatabase({ dataDir: '/tmp/dbgdata/pglite' });
for (const q of process.argv.slice(2)) {
  try { const t=Date.now(); const res = await db.pool.query(q); console.log(Date.now()-t, 'ms', JSON.stringify(res.rows).slice(0, 1500)); } catch (e) { console.log('ERR', (e as Error).message); }
}
await db.close();
