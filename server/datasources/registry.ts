import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ParleyError } from '../../agent/errors';
import type { Catalog } from '../../tools/sql/catalog';
import { introspect } from '../../tools/sql/introspect';
import type { DataSourceHandle, SqlClient } from '../../tools/types';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import type { CatalogIndex, CatalogNote } from './catalog-index';
import type { DemoWarehouse } from './demo-warehouse';
import { open, seal } from './secret-box';

export const DEMO_DATASOURCE = { id: 'demo', name: 'Demo warehouse', schemas: ['demo'] } as const;

/**
 * statement_timeout cannot fire inside PGlite; the demo warehouse's process is killed past the
 * timeout instead. This planner-cost cap stays as a cheap first refusal of obviously huge queries
 * (about 10⁸ row operations; the demo's heaviest sensible aggregate costs ~10⁴).
 */
export const EMBEDDED_MAX_COST = 1_000_000;

export interface DatasourceInfo {
  id: string;
  name: string;
  kind: 'postgres';
  /** host/database, never credentials */
  display: string;
  builtIn: boolean;
  createdAt?: string;
}

export interface DatasourceRegistryDeps {
  store: Store;
  key: Buffer;
  index: CatalogIndex;
  log: Logger;
  /** The built-in demo warehouse, in its own process (never the store's database). */
  demo: DemoWarehouse;
  /** How long a connection test may take (ms). */
  connectTimeoutMs?: number;
}

const SYSTEM_SCHEMAS = `nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg_temp_%' AND nspname NOT LIKE 'pg_toast_temp_%'`;

/** host:port/database of a connection URL, for messages; throws on a URL that is not postgres://. */
export function describeUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ParleyError('datasource:invalid_url', { status: 400, userMessage: 'url: expects a connection URL such as postgres://user:password@host:5432/database' });
  }
  if (!/^postgres(ql)?:$/.test(u.protocol)) throw new ParleyError('datasource:invalid_url', { status: 400, userMessage: 'url: expects a postgres:// or postgresql:// connection URL' });
  return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname || '/'}`;
}

function connectionReason(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const byCode: Record<string, string> = {
    ECONNREFUSED: 'connection refused (is the server running and listening on that port?)',
    ENOTFOUND: 'the host name does not resolve',
    ETIMEDOUT: 'the connection timed out',
    EHOSTUNREACH: 'the host is unreachable',
    '28P01': 'the password was rejected',
    '28000': 'the server refused this user',
    '3D000': 'the database does not exist',
  };
  if (err.code && byCode[err.code]) return byCode[err.code];
  if (/timeout/i.test(err.message ?? '')) return 'the connection timed out';
  return (err.message ?? 'unknown error').split('\n')[0].slice(0, 200);
}

/**
 * The datasources of each workspace: the built-in demo warehouse (the default) plus the
 * Postgres databases people connect. Connection strings are stored sealed (AES-256-GCM) and
 * opened only to connect; catalogs are introspected once and indexed for retrieval.
 */
export function createDatasourceRegistry(deps: DatasourceRegistryDeps) {
  const { store, key, index, log } = deps;
  const pools = new Map<string, pg.Pool>();
  const catalogs = new Map<string, Promise<Catalog>>();
  const indexed = new Map<string, Promise<unknown>>();

  function sessionOver(pool: pg.Pool) {
    return async <T>(fn: (c: SqlClient) => Promise<T>): Promise<T> => {
      const client = await pool.connect();
      try {
        return await fn(client as unknown as SqlClient);
      } finally {
        client.release();
      }
    };
  }

  async function notes(workspaceId: string, datasourceId: string): Promise<CatalogNote[]> {
    const { rows } = await store.db.pool.query<CatalogNote>(
      'SELECT id, kind, title, body FROM catalog_notes WHERE workspace_id = $1 AND datasource_id = $2 ORDER BY created_at',
      [workspaceId, datasourceId],
    );
    return rows;
  }

  interface Connection {
    sql: SqlClient;
    session: NonNullable<DataSourceHandle['session']>;
    maxCost?: number;
  }

  function handle(workspaceId: string, id: string, name: string, schemas: string[], conn: Connection): DataSourceHandle {
    const cacheKey = `${workspaceId}/${id}`;
    const catalog = () => {
      let c = catalogs.get(cacheKey);
      if (!c) {
        c = introspect(conn.sql, schemas);
        c.catch(() => catalogs.delete(cacheKey));
        catalogs.set(cacheKey, c);
      }
      return c;
    };
    return {
      id,
      name,
      kind: 'postgres',
      schemas,
      maxCost: conn.maxCost,
      sql: conn.sql,
      session: conn.session,
      catalog,
      async retrieve(question, k) {
        let ready = indexed.get(cacheKey);
        if (!ready) {
          ready = (async () => index.build(cacheKey, await catalog(), await notes(workspaceId, id)))();
          ready.catch(() => indexed.delete(cacheKey));
          indexed.set(cacheKey, ready);
        }
        await ready;
        return index.retrieve(cacheKey, question, k);
      },
    };
  }

  function poolFor(id: string, url: string): pg.Pool {
    let p = pools.get(id);
    if (!p) {
      p = new pg.Pool({ connectionString: url, max: 3, connectionTimeoutMillis: deps.connectTimeoutMs ?? 10_000, idleTimeoutMillis: 30_000 });
      p.on('error', (e) => log.warn({ err: e, datasource: id }, 'datasource connection dropped'));
      pools.set(id, p);
    }
    return p;
  }

  async function userSchemas(pool: pg.Pool | pg.Client): Promise<string[]> {
    const { rows } = await pool.query<{ nspname: string }>(
      `SELECT DISTINCT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid
        WHERE ${SYSTEM_SCHEMAS} AND c.relkind IN ('r', 'v', 'm', 'p', 'f') ORDER BY 1`,
    );
    return rows.map((r) => r.nspname);
  }

  async function row(workspaceId: string, ref: string) {
    const { rows } = await store.db.pool.query<{ id: string; name: string; url_encrypted: string; display: string; created_at: Date }>(
      'SELECT id, name, url_encrypted, display, created_at FROM datasources WHERE workspace_id = $1 AND (id = $2 OR lower(name) = lower($2))',
      [workspaceId, ref],
    );
    return rows[0];
  }

  return {
    /** The handle for a conversation's datasource (id or name); the demo warehouse when none is named. */
    async resolve(ref: { workspaceId: string; datasource: string | null }): Promise<DataSourceHandle> {
      const want = ref.datasource?.trim();
      if (!want || want === DEMO_DATASOURCE.id || want.toLowerCase() === DEMO_DATASOURCE.name.toLowerCase()) {
        return handle(ref.workspaceId, DEMO_DATASOURCE.id, DEMO_DATASOURCE.name, [...DEMO_DATASOURCE.schemas], { sql: deps.demo.sql, session: deps.demo.session, maxCost: EMBEDDED_MAX_COST });
      }
      const r = await row(ref.workspaceId, want);
      if (!r) {
        const names = (await this.list(ref.workspaceId)).map((d) => d.name);
        throw new ParleyError('datasource:not_found', { status: 404, userMessage: `There is no datasource "${want}" in this workspace. Available: ${names.join(', ')}.` });
      }
      const pool = poolFor(r.id, open(key, r.url_encrypted));
      return handle(ref.workspaceId, r.id, r.name, await userSchemas(pool), { sql: pool as unknown as SqlClient, session: sessionOver(pool) });
    },

    async list(workspaceId: string): Promise<DatasourceInfo[]> {
      const { rows } = await store.db.pool.query<{ id: string; name: string; display: string; created_at: Date }>(
        'SELECT id, name, display, created_at FROM datasources WHERE workspace_id = $1 ORDER BY created_at',
        [workspaceId],
      );
      return [
        { id: DEMO_DATASOURCE.id, name: DEMO_DATASOURCE.name, kind: 'postgres', display: 'built-in demo warehouse', builtIn: true },
        ...rows.map((r) => ({ id: r.id, name: r.name, kind: 'postgres' as const, display: r.display, builtIn: false, createdAt: r.created_at.toISOString() })),
      ];
    },

    /** Tests the connection, counts the tables, then stores the sealed URL. Nothing is saved when the test fails. */
    async add(workspaceId: string, input: { name: string; kind: 'postgres'; url: string }): Promise<DatasourceInfo & { tableCount: number }> {
      const display = describeUrl(input.url);
      if (input.name.toLowerCase() === DEMO_DATASOURCE.name.toLowerCase() || input.name === DEMO_DATASOURCE.id || (await row(workspaceId, input.name))) {
        throw new ParleyError('datasource:name_taken', { status: 409, userMessage: `A datasource named "${input.name}" already exists in this workspace; choose another name.` });
      }
      const client = new pg.Client({ connectionString: input.url, connectionTimeoutMillis: deps.connectTimeoutMs ?? 10_000 });
      client.on('error', () => undefined);
      let tableCount: number;
      try {
        await client.connect();
        await client.query('SELECT 1');
        const schemas = await userSchemas(client);
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND n.nspname = ANY($1::text[])`,
          [schemas],
        );
        tableCount = rows[0].n;
      } catch (e) {
        throw new ParleyError('datasource:unreachable', { status: 400, userMessage: `Could not connect to ${display}: ${connectionReason(e)}. Nothing was saved.` });
      } finally {
        await client.end().catch(() => undefined);
      }
      const id = randomUUID();
      await store.db.pool.query('INSERT INTO datasources (id, workspace_id, name, kind, url_encrypted, display) VALUES ($1, $2, $3, $4, $5, $6)', [
        id,
        workspaceId,
        input.name,
        input.kind,
        seal(key, input.url),
        display,
      ]);
      log.info({ datasource: id, display, tableCount }, 'datasource added');
      return { id, name: input.name, kind: 'postgres', display, builtIn: false, tableCount };
    },

    async remove(workspaceId: string, id: string): Promise<boolean> {
      if (id === DEMO_DATASOURCE.id) throw new ParleyError('datasource:built_in', { status: 400, userMessage: 'The demo warehouse is built in and cannot be removed.' });
      const { rowCount } = await store.db.pool.query('DELETE FROM datasources WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
      if (!rowCount) return false;
      await store.db.pool.query('DELETE FROM catalog_notes WHERE workspace_id = $1 AND datasource_id = $2', [workspaceId, id]);
      const cacheKey = `${workspaceId}/${id}`;
      catalogs.delete(cacheKey);
      indexed.delete(cacheKey);
      await index.drop(cacheKey);
      const p = pools.get(id);
      pools.delete(id);
      await p?.end().catch(() => undefined);
      return true;
    },

    /** Saves a question→SQL example or a glossary note; retrieval picks it up on the next question. */
    async addNote(workspaceId: string, datasourceId: string, note: { kind: 'example' | 'glossary'; title: string; body: string }) {
      const id = randomUUID();
      await store.db.pool.query('INSERT INTO catalog_notes (id, workspace_id, datasource_id, kind, title, body) VALUES ($1, $2, $3, $4, $5, $6)', [
        id,
        workspaceId,
        datasourceId,
        note.kind,
        note.title,
        note.body,
      ]);
      indexed.delete(`${workspaceId}/${datasourceId}`);
      return { id, ...note };
    },

    async close() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((p) => p.end().catch(() => undefined)));
    },
  };
}

export type DatasourceRegistry = ReturnType<typeof createDatasourceRegistry>;
