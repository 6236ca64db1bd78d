import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ParleyError } from '../../agent/errors';
import { SqlExecutionError } from '../../tools/sql/execute';
import { RESULT_COMMENT, type Catalog } from '../../tools/sql/catalog';
import type { DataSourceHandle, FileQueryResult } from '../../tools/types';
import type { Logger } from '../logger';
import { DuckProcess, DuckRequestError } from './duck-process';
import { pgTypeName, pgTypeOid } from './duck-types';
import type { CatalogValue, LoadTable, LoadType, QueryValue } from './protocol';
import type { TableArtifactData } from '../../tools/artifacts';
import { columnNames, tableName } from './sniff';
import type { Uploads } from './uploads';

export const FILES_DATASOURCE = { id: 'files', name: 'Uploaded files' } as const;

export interface FileSessionsDeps {
  uploads: Uploads;
  dataDir: string;
  log: Logger;
  /** Conversations with a live DuckDB child at once; the least recently used is ended past it. */
  maxSessions?: number;
  /** A session unused this long (ms) is ended; the next question starts it again from the Parquet. */
  idleMs?: number;
  memoryLimit?: string;
  /** How long a parse request may take (ms). */
  parseTimeoutMs?: number;
  /**
   * The conversation's table results from its databases, oldest first: each is loaded into the
   * file session as a table, so a file question can join them. Absent: files only.
   */
  results?(workspaceId: string, conversationId: string): Promise<DatabaseResult[]>;
}

/** A table artifact an earlier question got from a database. */
export interface DatabaseResult {
  id: string;
  data: TableArtifactData;
}

/** Results loaded into one session at most (the newest); each is at most the UI's row cap already. */
export const MAX_LOADED_RESULTS = 20;

/** Words that say where a result came from or how it was asked, not what it holds. */
const NAME_NOISE = new Set(['the', 'a', 'an', 'from', 'in', 'of', 'our', 'my', 'what', 'was', 'is', 'are', 'show', 'me', 'warehouse', 'database', 'db', 'actual', 'please', 'give', 'list', 'total', 'and', 'with']);

/** A table name for a result, from its question: "actual revenue by region" → `revenue_by_region`. */
export function resultTableName(question: string | undefined, taken: Set<string>): string {
  const ws = (question ?? '').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w && !NAME_NOISE.has(w)).slice(0, 6);
  return tableName(ws.length ? ws.join(' ') : 'result', taken);
}

const LOAD_TYPES: Record<string, LoadType> = { number: 'DOUBLE', integer: 'BIGINT', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP' };

/** A database result as a table to load, under a name no file table or earlier result has. */
export function resultTable(r: DatabaseResult, taken: Set<string>): LoadTable {
  const d = r.data;
  const names = columnNames(d.columns.map((c) => c.name));
  const shown = d.truncated ? `only the first ${d.rows.length} of its ${d.rowCount} rows` : `${d.rowCount} row${d.rowCount === 1 ? '' : 's'}`;
  return {
    name: resultTableName(d.question, taken),
    comment: `${RESULT_COMMENT} to "${d.datasource ?? 'the database'}": "${(d.question ?? '').slice(0, 200)}" (${shown}).`,
    columns: d.columns.map((c, i) => ({ name: names[i], type: LOAD_TYPES[c.kind] ?? 'VARCHAR' })),
    rows: d.rows,
  };
}

interface Session {
  /** The uploads it was opened with: new attachments need a new session (the configuration is locked). */
  key: string;
  child: DuckProcess;
  opened: Promise<void>;
  catalog?: Promise<Catalog>;
  lastUsed: number;
  /** Table names taken in the session (files and loaded results). */
  taken: Set<string>;
  /** Artifact id → table name of the database results loaded so far. */
  loaded: Map<string, string>;
  /** The running load of new results; loads run one at a time. */
  syncing: Promise<void>;
}

function toCatalog(v: CatalogValue): Catalog {
  return {
    tables: v.tables.map((t) => ({
      schema: 'main',
      name: t.name,
      ...(t.comment ? { comment: t.comment } : {}),
      rowEstimate: t.rowCount,
      primaryKey: [],
      // The links the data suggests are the planner's foreign keys: they are how it joins files.
      foreignKeys: v.links.filter((l) => l.from === t.name).map((l) => ({ columns: [l.column], refSchema: 'main', refTable: l.to, refColumns: [l.column] })),
      columns: t.columns.map((c) => ({ name: c.name, type: pgTypeName(c.type), nullable: true, ...(c.samples ? { samples: c.samples } : {}) })),
    })),
  };
}

function asExecutionError(e: unknown): SqlExecutionError {
  if (!(e instanceof DuckRequestError)) return new SqlExecutionError(String((e as Error)?.message ?? e), 'database');
  if (e.kind === 'timeout') return new SqlExecutionError(e.message, 'timeout');
  if (e.kind === 'cancelled') return new SqlExecutionError(e.message, 'cancelled');
  if (e.kind === 'crashed') return new SqlExecutionError('the file engine stopped while running this query (it starts again on the next question)', 'database', 'files:crashed');
  return new SqlExecutionError(e.message, 'database', e.code);
}

/**
 * One DuckDB child process per conversation that has files: a crash or a runaway query ends only
 * that conversation's engine, and its lock-down (no file access at all once the tables are
 * loaded) is per conversation. Children start on the first question (~2 s here), load the Parquet
 * kept at upload, and end when idle or when more than `maxSessions` are alive.
 */
export function createFileSessions(deps: FileSessionsDeps) {
  const sessions = new Map<string, Session>();
  const maxSessions = deps.maxSessions ?? 8;
  const idleMs = deps.idleMs ?? 10 * 60_000;
  const tmpRoot = join(deps.dataDir, 'tmp', 'duckdb');

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [id, s] of sessions) if (now - s.lastUsed > idleMs) void end(id);
  }, Math.min(idleMs, 60_000));
  sweep.unref();

  async function end(conversationId: string) {
    const s = sessions.get(conversationId);
    if (!s) return;
    sessions.delete(conversationId);
    await s.child.close().catch(() => undefined);
    await rm(join(tmpRoot, conversationId), { recursive: true, force: true }).catch(() => undefined);
  }

  async function session(workspaceId: string, conversationId: string): Promise<Session | undefined> {
    const files = await deps.uploads.ofConversation(workspaceId, conversationId);
    if (!files.length) return undefined;
    const key = files.map((f) => f.id).join(',');
    let s = sessions.get(conversationId);
    if (s && (s.key !== key || !s.child.alive)) {
      await end(conversationId);
      s = undefined;
    }
    if (!s) {
      while (sessions.size >= maxSessions) {
        const oldest = [...sessions.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
        await end(oldest[0]);
      }
      // Table names are unique across the conversation's files: a later file's `data` becomes `data_2`.
      const taken = new Set<string>();
      const tables = files.flatMap((f) =>
        f.tables.map((t) => {
          let name = t.name;
          for (let i = 2; taken.has(name); i++) name = `${t.name}_${i}`;
          taken.add(name);
          return { name, path: f.paths[t.name], comment: `From the uploaded file "${f.name}"${f.tables.length > 1 ? `, sheet ${t.name}` : ''}.` };
        }),
      );
      const child = new DuckProcess();
      const tempDir = join(tmpRoot, conversationId);
      const opened = mkdir(tempDir, { recursive: true, mode: 0o700 }).then(() =>
        child.request<unknown>({ op: 'open', tables, limits: { memoryLimit: deps.memoryLimit ?? '512MB', threads: 1, tempDir } }, { timeoutMs: 60_000 }).then(() => undefined),
      );
      s = { key, child, opened, lastUsed: Date.now(), taken, loaded: new Map(), syncing: Promise.resolve() };
      sessions.set(conversationId, s);
      opened.catch((e: unknown) => {
        deps.log.error({ err: e, conversationId }, 'a file session did not open');
        void end(conversationId);
      });
    }
    s.lastUsed = Date.now();
    await s.opened;
    return s;
  }

  /** Loads the conversation's database results the session does not have yet; the catalog is read again after. */
  function sync(s: Session, workspaceId: string, conversationId: string): Promise<void> {
    if (!deps.results) return Promise.resolve();
    s.syncing = s.syncing.then(async () => {
      const all = await deps.results!(workspaceId, conversationId);
      const fresh = all.slice(-MAX_LOADED_RESULTS).filter((r) => !s.loaded.has(r.id) && r.data?.columns?.length && Array.isArray(r.data.rows));
      for (const r of fresh) {
        const table = resultTable(r, s.taken);
        await s.child.request({ op: 'load', table }, { timeoutMs: 30_000 });
        s.loaded.set(r.id, table.name);
        s.catalog = undefined;
      }
    });
    const done = s.syncing;
    // A failed load is logged and retried on the next question; the files still answer.
    s.syncing = s.syncing.catch((e: unknown) => deps.log.warn({ err: e, conversationId }, 'a database result could not be loaded into the file session'));
    return done;
  }

  return {
    /** The conversation's files as a datasource, or undefined when it has none. */
    async handle(workspaceId: string, conversationId: string): Promise<DataSourceHandle | undefined> {
      const first = await session(workspaceId, conversationId);
      if (!first) return undefined;
      // Each call finds the live session again: a crashed child is replaced on the next request.
      const current = async () => {
        const s = await session(workspaceId, conversationId);
        if (!s) throw new SqlExecutionError('this conversation has no files any more', 'database');
        return s;
      };
      return {
        id: FILES_DATASOURCE.id,
        name: FILES_DATASOURCE.name,
        kind: 'duckdb',
        schemas: ['main'],
        sql: {
          query() {
            throw new ParleyError('files:sql_client', { message: 'file datasources are queried through handle.files, never handle.sql' });
          },
        },
        catalog: async () => {
          const s = await current();
          await sync(s, workspaceId, conversationId).catch(() => undefined);
          s.catalog ??= s.child.request<CatalogValue>({ op: 'catalog' }, { timeoutMs: 30_000 }).then(toCatalog);
          s.catalog.catch(() => (s.catalog = undefined));
          return s.catalog;
        },
        files: {
          async parse(sql, signal) {
            const s = await current();
            return s.child.request({ op: 'parse', sql }, { timeoutMs: deps.parseTimeoutMs ?? 10_000, signal }).catch((e: unknown) => {
              throw asExecutionError(e);
            });
          },
          async query(sql, opts): Promise<FileQueryResult> {
            const s = await current();
            try {
              const v = await s.child.request<QueryValue>({ op: 'query', sql, maxRows: opts.maxRows }, { timeoutMs: opts.timeoutMs, signal: opts.signal });
              return { fields: v.fields.map((f) => ({ name: f.name, dataTypeID: pgTypeOid(f.type) })), rows: v.rows, rowCount: v.rowCount, truncated: v.truncated };
            } catch (e) {
              // A Permission Error after the lock means the instance is bricked (enable_logging to a
              // denied path): end the child so the next question gets a clean one.
              if (e instanceof DuckRequestError && /Permission Error/i.test(e.message)) {
                s.child.kill();
                await s.child.exit;
              }
              throw asExecutionError(e);
            }
          },
        },
      };
    },

    /** The live child of a conversation (tests check what became of it). */
    pidOf(conversationId: string): number | undefined {
      return sessions.get(conversationId)?.child.pid;
    },

    async close() {
      clearInterval(sweep);
      await Promise.all([...sessions.keys()].map(end));
    },
  };
}

export type FileSessions = ReturnType<typeof createFileSessions>;
