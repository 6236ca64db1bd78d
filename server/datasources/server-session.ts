import pg from 'pg';
import { ParleyError } from '../../agent/errors';
import type { SessionOptions, SqlClient } from '../../tools/types';
import type { Logger } from '../logger';

/** Connections per server datasource. One more than the sessions, so catalog reads never wait behind questions. */
export const DATASOURCE_POOL_SIZE = 5;
/** Questions one datasource runs at once; the next one is told "busy" rather than queued. */
export const DATASOURCE_MAX_SESSIONS = DATASOURCE_POOL_SIZE - 1;
/** How long a cancel may take to stop a query before the next, harder step. */
export const CANCEL_GRACE_MS = 2_000;

export interface ServerSessionDeps {
  pool: pg.Pool;
  /** Connection settings for a separate connection that cancels (the pool may be full). */
  config: pg.ClientConfig;
  name: string;
  datasourceId: string;
  log: Logger;
  maxSessions?: number;
  graceMs?: number;
}

export type Session = <T>(fn: (c: SqlClient) => Promise<T>, opts?: SessionOptions) => Promise<T>;

export function busyError(name: string): ParleyError {
  return new ParleyError('datasource:busy', { status: 503, userMessage: `${name} is busy with other questions; try again in a moment.` });
}

/**
 * Sessions on a server datasource: at most `maxSessions` at once (then `datasource:busy` at once,
 * instead of waiting out the pool's connection timeout), and a session whose signal aborts — or
 * that outlives `timeoutMs` plus a grace, should statement_timeout not fire — has its query
 * stopped on the database: pg_cancel_backend, then pg_terminate_backend, then the socket closed.
 * A connection that was cancelled is never handed back to the pool.
 */
export function serverSessions(deps: ServerSessionDeps): Session {
  const max = deps.maxSessions ?? DATASOURCE_MAX_SESSIONS;
  const grace = deps.graceMs ?? CANCEL_GRACE_MS;
  let active = 0;

  async function onOwnConnection(sql: string, pid: number) {
    const c = new pg.Client({ ...deps.config, connectionTimeoutMillis: grace });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.query(sql, [pid]);
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  /** Escalates until `done` settles: cancel the query, end the backend, close our socket. */
  async function stop(client: pg.PoolClient, pid: number, why: 'cancelled' | 'timed out', done: Promise<unknown>) {
    const settled = () => Promise.race([done.then(() => true, () => true), new Promise<false>((r) => setTimeout(() => r(false), grace).unref())]);
    const where = { datasource: deps.datasourceId, pid, why };
    for (const [step, sql] of [['pg_cancel_backend', 'SELECT pg_cancel_backend($1)'], ['pg_terminate_backend', 'SELECT pg_terminate_backend($1)']] as const) {
      deps.log.info(where, `datasource query ${why}: ${step}`);
      try {
        await onOwnConnection(sql, pid);
      } catch (e) {
        deps.log.warn({ ...where, err: e }, `datasource query ${why}: ${step} failed`);
      }
      if (await settled()) return;
    }
    deps.log.warn(where, `datasource query ${why}: still running after pg_terminate_backend, closing the connection`);
    // pg has no public way to drop a socket under a running query; destroying the stream makes it fail at once.
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  }

  return async function session<T>(fn: (c: SqlClient) => Promise<T>, opts: SessionOptions = {}): Promise<T> {
    const { signal, timeoutMs } = opts;
    signal?.throwIfAborted();
    if (active >= max) throw busyError(deps.name);
    active++;
    let client: pg.PoolClient | undefined;
    let stopping: Promise<void> | undefined;
    try {
      client = await deps.pool.connect();
      signal?.throwIfAborted();
      const c = client;
      const pid = (c as unknown as { processID: number }).processID;
      let resolveDone!: () => void;
      const done = new Promise<void>((r) => (resolveDone = r));
      const begin = (why: 'cancelled' | 'timed out') => (stopping ??= stop(c, pid, why, done));
      const onAbort = () => void begin('cancelled');
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = timeoutMs !== undefined ? setTimeout(() => void begin('timed out'), timeoutMs + grace) : undefined;
      try {
        return await fn(c as unknown as SqlClient);
      } catch (e) {
        // The query failed because we stopped it: the caller's signal says why better than the driver.
        if (signal?.aborted) throw signal.reason;
        throw e;
      } finally {
        resolveDone();
        signal?.removeEventListener('abort', onAbort);
        clearTimeout(timer);
      }
    } finally {
      active--;
      if (client) {
        if (stopping) await stopping.catch(() => undefined);
        // A stopped connection may sit in an aborted transaction or be gone: never reuse it.
        client.release(stopping ? true : undefined);
      }
    }
  };
}
