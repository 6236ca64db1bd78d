import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type pg from 'pg';
import type { DataSourceHandle, SqlResult } from '../../tools/types';

export const FIXTURE_PREFIX = 'fixture:';

/**
 * Loads a fixture (.sql creating tables) into its own schema of the eval store, named after
 * the file's content, and returns it as a datasource whose queries see only that schema.
 */
export async function loadFixture(pool: pg.Pool, file: string, taken: ReadonlySet<string> = new Set()): Promise<DataSourceHandle> {
  const sql = readFileSync(file, 'utf8');
  const hash = createHash('sha256').update(sql).digest('hex').slice(0, 12);
  const schema = `evalfx_${hash}`;
  // Named by file name, not path: the name reaches the prompt, and cassettes must not depend on where the repo lives.
  const plain = `${FIXTURE_PREFIX}${basename(file)}`;
  const name = taken.has(plain) ? `${plain}#${hash.slice(0, 6)}` : plain;
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM information_schema.tables WHERE table_schema = $1`, [schema]);
    if (rows[0].n === '0') {
      await client.query('BEGIN');
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await client.query(`SET LOCAL search_path TO ${schema}`);
        await client.query(sql);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`fixture ${name} failed to load: ${(e as Error).message}`);
      }
    }
  } finally {
    client.release();
  }
  return {
    id: schema,
    name,
    kind: 'postgres',
    schemas: [schema],
    sql: {
      async query<Row>(text: string, params?: unknown[]): Promise<SqlResult<Row>> {
        const c = await pool.connect();
        try {
          await c.query(`SET search_path TO ${schema}`);
          return (await c.query(text, params)) as unknown as SqlResult<Row>;
        } finally {
          await c.query('RESET search_path').catch(() => undefined);
          c.release();
        }
      },
    },
  };
}
