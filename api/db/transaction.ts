import type pg from 'pg';

/** Run `fn` in a transaction on a connection of its own: COMMIT when it returns, ROLLBACK when it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection lost while checked out (the server restarting between two statements) is reported to the
  // statement that follows; without a listener the client's 'error' event would end the process.
  let lost: Error | null = null;
  const onError = (err: Error) => {
    lost = err;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.off('error', onError);
    // A broken connection is closed, not given back to the pool.
    client.release(lost ?? undefined);
  }
}
