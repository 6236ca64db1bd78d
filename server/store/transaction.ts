import type pg from 'pg';

/**
 * Runs `fn` in one transaction on one client: committed when it returns, rolled back when it
 * throws. Everything inside must go through `client` — the embedded store has one connection,
 * so a `pool.query` inside would wait for ever.
 */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const r = await fn(client);
    await client.query('COMMIT');
    return r;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
