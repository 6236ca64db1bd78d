import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ParleyError } from '../../agent/errors';
import type { Catalog } from '../../tools/sql/catalog';
import { introspect } from '../../tools/sql/introspect';
import type { DataSourceHandle, SqlClient } from '../../tools/types';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import type { CatalogIndex, CatalogNote } from './catalog-index';
import { clientConfig, parseConnectionUrl, type ConnectionTarget, type TlsText } from './connection-url';
import { checkDatasourceHost, type HostAllowList } from './datasource-hosts';
import { roleFindings, roleRefusal } from './role-check';
import { DATASOURCE_POOL_SIZE, serverSessions, type Session } from './server-session';
import { openConnection, sealConnection, type StoredConnection } from './stored-connection';
import type { DemoWarehouse } from './demo-warehouse';

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
  /** false: the role can write and an admin registered it anyway; absent: not checked yet (registered before the check). */
  readOnlyRole?: boolean;
}

export interface AddDatasourceInput {
  name: string;
  kind: 'postgres';
  url: string;
  /** Certificates as text; file parameters in the URL are refused. */
  ssl?: TlsText;
  /** An admin's explicit choice to connect with a role that can write. */
  allowWritableRole?: boolean;
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
  /** PARLEY_DATASOURCE_HOSTS, parsed; unset: any host but the unspecified addresses. */
  allowHosts?: HostAllowList;
  /** Concurrent questions per server datasource, and the grace of each cancel step (tests shorten them). */
  maxSessions?: number;
  cancelGraceMs?: number;
}

const SYSTEM_SCHEMAS = `nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg_temp_%' AND nspname NOT LIKE 'pg_toast_temp_%'`;

/** host:port/database of a connection URL, for messages; throws on a URL that is not postgres://. */
export function describeUrl(url: string): string {
  return parseConnectionUrl(url).display;
}

/** The real reason a connection failed, for the log only: to a user every failure reads the same. */
function connectionReason(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const byCode: Record<string, string> = {
    ECONNREFUSED: 'connection refused (is the server running and listening on that port?)',
    ENOTFOUND: 'the host name does not resolve',
    ETIMEDOUT: 'the connection timed out',
    EHOSTUNREACH: 'the host is unreachable',
    EAI_AGAIN: 'the host name could not be resolved (DNS)',
    '28P01': 'the password was rejected',
    '28000': 'the server refused this user',
    '3D000': 'the database does not exist',
  };
  if (err.code && byCode[err.code]) return byCode[err.code];
  if (/timeout/i.test(err.message ?? '')) return 'the connection timed out';
  return (err.message ?? 'unknown error').split('\n')[0].slice(0, 200);
}

/**
 * The one answer to every network or authentication failure. Telling a closed port from an open
 * one, or a Postgres from something else, would make registration a port scanner of the network
 * Parley runs in; the reason goes to the log.
 */
function unreachable(display: string): ParleyError {
  return new ParleyError('datasource:unreachable', { status: 400, userMessage: `Could not connect to ${display}. Check the address, port, user and password. Nothing was saved.` });
}

/**
 * The datasources of each workspace: the built-in demo warehouse (the default) plus the
 * Postgres databases people connect. Connection strings are stored sealed (AES-256-GCM) and
 * opened only to connect; catalogs are introspected once and indexed for retrieval.
 */
export function createDatasourceRegistry(deps: DatasourceRegistryDeps) {
  const { store, key, index, log } = deps;
  const pools = new Map<string, { pool: pg.Pool; session: Session }>();
  const roleChecks = new Map<string, Promise<void>>();
  const connectTimeoutMs = deps.connectTimeoutMs ?? 10_000;
  const catalogs = new Map<string, Promise<Catalog>>();
  const indexed = new Map<string, Promise<unknown>>();

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

  /** URL rules and host rules, before any connection: the same for a new datasource and a stored one. */
  async function target(url: string): Promise<ConnectionTarget> {
    const t = parseConnectionUrl(url);
    try {
      await checkDatasourceHost(t.host, deps.allowHosts);
    } catch (e) {
      if (e instanceof ParleyError) throw e;
      log.warn({ display: t.display, reason: connectionReason(e) }, 'datasource host lookup failed');
      throw unreachable(t.display);
    }
    return t;
  }

  function poolFor(id: string, name: string, config: pg.ClientConfig) {
    let p = pools.get(id);
    if (!p) {
      const pool = new pg.Pool({ ...config, max: DATASOURCE_POOL_SIZE, idleTimeoutMillis: 30_000 });
      pool.on('error', (e) => log.warn({ err: e, datasource: id }, 'datasource connection dropped'));
      p = { pool, session: serverSessions({ pool, config, name, datasourceId: id, log, maxSessions: deps.maxSessions, graceMs: deps.cancelGraceMs }) };
      pools.set(id, p);
    }
    return p;
  }

  /**
   * A stored datasource's role is checked once per process before first use: rows from before the
   * check may be superusers, and privileges may have been granted since registration.
   */
  function checkRoleOnce(id: string, display: string, stored: StoredConnection, pool: pg.Pool): Promise<void> {
    if (stored.role === 'override') return Promise.resolve();
    let p = roleChecks.get(id);
    if (!p) {
      p = (async () => {
        const findings = await roleFindings(pool as unknown as SqlClient);
        if (findings.length) {
          log.warn({ datasource: id, display, findings }, 'stored datasource refused: its role is not read-only');
          throw roleRefusal(display, findings, true);
        }
      })();
      // A refusal is remembered (the role will not change by asking again); a failure to ask is not.
      p.catch((e) => {
        if (!(e instanceof ParleyError)) roleChecks.delete(id);
      });
      roleChecks.set(id, p);
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

  function roleFlag(sealed: string): { readOnlyRole?: boolean } {
    try {
      const { role } = openConnection(key, sealed);
      return role === 'unchecked' ? {} : { readOnlyRole: role === 'read_only' };
    } catch {
      return {};
    }
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
      const stored = openConnection(key, r.url_encrypted);
      const t = await target(stored.url);
      const { pool, session } = poolFor(r.id, r.name, clientConfig(t, stored.tls, connectTimeoutMs));
      await checkRoleOnce(r.id, t.display, stored, pool);
      return handle(ref.workspaceId, r.id, r.name, await userSchemas(pool), { sql: pool as unknown as SqlClient, session });
    },

    async list(workspaceId: string): Promise<DatasourceInfo[]> {
      const { rows } = await store.db.pool.query<{ id: string; name: string; display: string; url_encrypted: string; created_at: Date }>(
        'SELECT id, name, display, url_encrypted, created_at FROM datasources WHERE workspace_id = $1 ORDER BY created_at',
        [workspaceId],
      );
      return [
        { id: DEMO_DATASOURCE.id, name: DEMO_DATASOURCE.name, kind: 'postgres', display: 'built-in demo warehouse', builtIn: true },
        ...rows.map((r) => ({ id: r.id, name: r.name, kind: 'postgres' as const, display: r.display, builtIn: false, createdAt: r.created_at.toISOString(), ...roleFlag(r.url_encrypted) })),
      ];
    },

    /**
     * Checks the URL and host, tests the connection, checks that the role is read-only, counts the
     * tables, then stores the sealed connection. Nothing is saved when any step refuses.
     */
    async add(workspaceId: string, input: AddDatasourceInput): Promise<DatasourceInfo & { tableCount: number }> {
      const parsed = parseConnectionUrl(input.url);
      const display = parsed.display;
      if (input.name.toLowerCase() === DEMO_DATASOURCE.name.toLowerCase() || input.name === DEMO_DATASOURCE.id || (await row(workspaceId, input.name))) {
        throw new ParleyError('datasource:name_taken', { status: 409, userMessage: `A datasource named "${input.name}" already exists in this workspace; choose another name.` });
      }
      const t = await target(input.url);
      const client = new pg.Client(clientConfig(t, input.ssl, connectTimeoutMs));
      client.on('error', () => undefined);
      try {
        try {
          await client.connect();
          await client.query('SELECT 1');
        } catch (e) {
          log.warn({ display, reason: connectionReason(e) }, 'datasource connection test failed');
          throw unreachable(display);
        }
        const findings = await roleFindings(client as unknown as SqlClient);
        if (findings.length && !input.allowWritableRole) throw roleRefusal(display, findings, false);
        if (findings.length) log.warn({ display, findings }, 'datasource added with a role that is not read-only: an admin overrode the check');
        const schemas = await userSchemas(client);
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND n.nspname = ANY($1::text[])`,
          [schemas],
        );
        const id = randomUUID();
        const role = findings.length ? 'override' : 'read_only';
        await store.db.pool.query('INSERT INTO datasources (id, workspace_id, name, kind, url_encrypted, display) VALUES ($1, $2, $3, $4, $5, $6)', [
          id,
          workspaceId,
          input.name,
          input.kind,
          sealConnection(key, { url: input.url, tls: input.ssl, role }),
          display,
        ]);
        log.info({ datasource: id, display, tableCount: rows[0].n, role }, 'datasource added');
        return { id, name: input.name, kind: 'postgres', display, builtIn: false, tableCount: rows[0].n, readOnlyRole: role === 'read_only' };
      } finally {
        await client.end().catch(() => undefined);
      }
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
      roleChecks.delete(id);
      await p?.pool.end().catch(() => undefined);
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
      await Promise.all(all.map((p) => p.pool.end().catch(() => undefined)));
    },
  };
}

export type DatasourceRegistry = ReturnType<typeof createDatasourceRegistry>;
