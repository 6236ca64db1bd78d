import type { DataSourceHandle, SqlClient, SqlResult } from '../types';

export interface ExecuteOptions {
  timeoutMs: number;
  /** The run's signal: a cancelled run stops its query on the database too (see SessionOptions). */
  signal?: AbortSignal;
  /** Rows to fetch at most; one more is read to know there were more. */
  maxRows: number;
}

export interface ExecuteResult {
  fields: { name: string; dataTypeID: number }[];
  /** Rows as arrays in field order (duplicate column names stay distinct). */
  rows: unknown[][];
  /** Rows the query produced in all (counted on the server, never transferred), or a lower bound when counting timed out. */
  rowCount: number;
  truncated: boolean;
}

export class SqlExecutionError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'too_expensive' | 'cancelled' | 'busy' | 'database',
    readonly pgCode?: string,
  ) {
    super(message);
    this.name = 'SqlExecutionError';
  }
}

const CURSOR = 'parley_result';

function quoteIdent(s: string) {
  return `"${s.replace(/"/g, '""')}"`;
}

type ExtendedClient = { query<R>(q: { text: string; values: unknown[]; queryMode: 'extended'; rowMode?: 'array' }): Promise<SqlResult<R>> };

/**
 * Every statement goes as parse/bind/execute (a prepared statement), which Postgres refuses to
 * run with more than one command in it, whatever any parser in front of it believed.
 */
function extended<R = Record<string, unknown>>(c: SqlClient, text: string, rowMode?: 'array'): Promise<SqlResult<R>> {
  return (c as unknown as ExtendedClient).query<R>({ text, values: [], queryMode: 'extended', ...(rowMode ? { rowMode } : {}) });
}

/** Limits a READ ONLY transaction sets for itself; a role may not be allowed some (temp_file_limit needs a superuser). */
async function setLimits(c: SqlClient, ds: DataSourceHandle, timeoutMs: number) {
  const ms = Math.max(1, Math.floor(timeoutMs));
  await extended(c, `SET LOCAL statement_timeout = ${ms}`);
  await extended(c, `SET LOCAL lock_timeout = ${ms}`);
  await extended(c, `SET LOCAL idle_in_transaction_session_timeout = ${ms * 2}`);
  await extended(c, `SET LOCAL search_path = ${ds.schemas.map(quoteIdent).join(', ') || 'public'}`);
  await extended(c, "SET LOCAL work_mem = '32MB'");
  await extended(c, 'SAVEPOINT parley_limits');
  try {
    // Stops sorts and hashes that spill to disk from filling it (the unbounded-query attack wrote ~50 MB/s).
    await extended(c, "SET LOCAL temp_file_limit = '256MB'");
    await extended(c, 'RELEASE SAVEPOINT parley_limits');
  } catch {
    await extended(c, 'ROLLBACK TO SAVEPOINT parley_limits');
  }
}

function abortError(signal: AbortSignal): SqlExecutionError {
  const timedOut = (signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
  return timedOut ? new SqlExecutionError('the query ran too long and was stopped', 'timeout') : new SqlExecutionError('the query was cancelled', 'cancelled');
}

/** Rejects as soon as `signal` aborts, so the run stops waiting even where the handle cannot stop the query. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Runs one already-guarded SELECT inside a READ ONLY transaction with a statement timeout,
 * through a cursor: at most `maxRows + 1` rows ever reach this process, so a 5M-row result
 * cannot exhaust memory. The transaction is always rolled back. Statements carrying the model's
 * text use the extended protocol, so a second statement smuggled past the guard is refused by
 * Postgres itself.
 */
export async function executeReadOnly(ds: DataSourceHandle, sql: string, opts: ExecuteOptions): Promise<ExecuteResult> {
  // A newline before anything we add keeps a trailing `-- comment` in the model's text from swallowing it.
  const body = `${sql}\n`;
  const run = async (c: SqlClient): Promise<ExecuteResult> => {
    await extended(c, 'BEGIN TRANSACTION READ ONLY');
    try {
      await setLimits(c, ds, opts.timeoutMs);
      if (ds.maxCost !== undefined) {
        // Where statement_timeout cannot fire (embedded PGlite runs on this thread), the planner's estimate decides.
        const plan = await extended<{ 'QUERY PLAN': [{ Plan: { 'Total Cost': number } }] }>(c, `EXPLAIN (FORMAT JSON) ${body}`);
        const cost = plan.rows[0]['QUERY PLAN'][0].Plan['Total Cost'];
        if (cost > ds.maxCost) throw new SqlExecutionError(`the query is too expensive to run here (estimated cost ${Math.round(cost)} > ${ds.maxCost})`, 'too_expensive');
      }
      await extended(c, `DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${body}`);
      // Array rows: `SELECT a.id, b.id` keeps both columns.
      const first = await extended<unknown[]>(c, `FETCH FORWARD ${opts.maxRows + 1} FROM ${CURSOR}`, 'array');
      const truncated = first.rows.length > opts.maxRows;
      const rows = truncated ? first.rows.slice(0, opts.maxRows) : first.rows;
      let rowCount = first.rows.length;
      if (truncated) {
        await extended(c, 'SAVEPOINT parley_count');
        try {
          const moved = await extended(c, `MOVE FORWARD ALL IN ${CURSOR}`);
          rowCount += moved.rowCount ?? 0;
        } catch {
          // Counting the rest took too long: report what we know (a lower bound).
          await extended(c, 'ROLLBACK TO SAVEPOINT parley_count');
        }
      }
      return { fields: first.fields, rows, rowCount, truncated };
    } catch (e) {
      throw asExecutionError(e, opts);
    } finally {
      await extended(c, 'ROLLBACK').catch(() => undefined);
    }
  };
  try {
    const work = ds.session ? ds.session(run, { signal: opts.signal, timeoutMs: opts.timeoutMs }) : run(ds.sql);
    return await untilAborted(work, opts.signal);
  } catch (e) {
    throw asExecutionError(e, opts);
  }
}

function asExecutionError(e: unknown, opts: ExecuteOptions): SqlExecutionError {
  if (e instanceof SqlExecutionError) return e;
  const err = e as { code?: string; message?: string; name?: string };
  if (opts.signal?.aborted) return abortError(opts.signal);
  if (err.code === 'datasource:busy') return new SqlExecutionError('the datasource is busy with other queries', 'busy', err.code);
  // 57014: statement_timeout or a cancel request; 55P03: lock_timeout; 25P03: idle-in-transaction timeout.
  if (err.code === '57014' || err.code === '55P03' || err.code === '25P03' || err.name === 'TimeoutError') {
    return new SqlExecutionError(`the query ran longer than ${opts.timeoutMs} ms and was stopped`, 'timeout', err.code);
  }
  return new SqlExecutionError(err.message ?? String(e), 'database', err.code);
}
