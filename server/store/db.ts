import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { vector } from '@electric-sql/pglite-pgvector';
import pg from 'pg';
import { tightenTree } from './private-files';
import { pidAlive } from './pid';

export interface Db {
  pool: pg.Pool;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, without credentials, for logs. */
  where: string;
  close(): Promise<void>;
}

export class StoreOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreOpenError';
  }
}

/** The same `pg` code path over a Postgres server (`databaseUrl`) or embedded PGlite in `dataDir`. */
export async function openDb(opts: { databaseUrl?: string; dataDir: string; poolSize?: number }): Promise<Db> {
  return opts.databaseUrl ? openServer(opts.databaseUrl, opts.poolSize ?? 10) : openEmbedded(opts.dataDir);
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'postgres (unparsable URL)';
  }
}

async function openServer(url: string, max: number): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {
    /* an idle client dropped by the server; the pool replaces it */
  });
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new StoreOpenError(`cannot connect to DATABASE_URL (${redactUrl(url)}): ${(e as Error).message}`, { cause: e });
  }
  return { pool, kind: 'postgres', where: redactUrl(url), close: () => pool.end() };
}


async function openEmbedded(dataDir: string): Promise<Db> {
  const dir = join(dataDir, 'pgdata');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Owner-only, also for a folder made by an older Parley or copied in with looser modes.
  chmodSync(dataDir, 0o700);
  // PGlite has one writer; a second process on the same folder would corrupt it.
  const lock = join(dataDir, 'parley.lock');
  try {
    const holder = Number(readFileSync(lock, 'utf8'));
    if (holder && holder !== process.pid && pidAlive(holder)) {
      throw new StoreOpenError(`the data folder ${dataDir} is in use by another Parley (pid ${holder}); stop it or set PARLEY_DATA_DIR to another folder`);
    }
  } catch (e) {
    if (e instanceof StoreOpenError) throw e;
  }
  writeFileSync(lock, String(process.pid), { mode: 0o600 });
  chmodSync(lock, 0o600);
  let lite: PGlite;
  try {
    lite = new PGlite(dir, { extensions: { vector } });
    await lite.waitReady;
    // PGlite creates its files with its own modes; after it opened them, none is group/other readable.
    tightenTree(dir);
  } catch (e) {
    rmSync(lock, { force: true });
    throw new StoreOpenError(`cannot open the embedded database in ${dir}: ${(e as Error).message}`, { cause: e });
  }
  const pool = new pg.Pool(createPgConfig(lite) as unknown as pg.PoolConfig);
  return {
    pool,
    kind: 'pglite',
    where: dir,
    async close() {
      await pool.end();
      await lite.close();
      rmSync(lock, { force: true });
    },
  };
}
