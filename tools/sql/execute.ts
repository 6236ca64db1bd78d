import type { DataSourceHandle, SqlClient, SqlResult } from '../types';

export interface ExecuteOptions {
  timeoutMs: number;
  /** Rows to fetch at most; one more is read to know there were more. */
  maxRows: number;
  /** The run's signal: a cancelled run stops its query on the database (see SessionOptions). */
  signal?: AbortSignal;
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
    readonly kind: 'timeout' | 'too_expensive' | 'database',
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

/**
 * Runs one already-guarded SELECT inside a READ ONLY transaction with a statement timeout,
 * through a cursor: at most `maxRows + 1` rows ever reach this process, so a 5M-row result
 * cannot exhaust memory. The transaction is always rolled back.
 */
export async function executeReadOnly(ds: DataSourceHandle, sql: string, opts: ExecuteOptions): Promise<ExecuteResult> {
  const run = async (c: SqlClient): Promise<ExecuteResult> => {
    await c.query('BEGIN TRANSACTION READ ONLY');
    try {
      await c.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(opts.timeoutMs))}`);
      await c.query(`SET LOCAL search_path = ${ds.schemas.map(quoteIdent).join(', ') || 'public'}`);
      if (ds.maxCost !== undefined) {
        // Where statement_timeout cannot fire (embedded PGlite runs on this thread), the planner's estimate decides.
        const plan = await c.query<{ 'QUERY PLAN': [{ Plan: { 'Total Cost': number } }] }>(`EXPLAIN (FORMAT JSON) ${sql}`);
        const cost = plan.rows[0]['QUERY PLAN'][0].Plan['Total Cost'];
        if (cost > ds.maxCost) throw new SqlExecutionError(`the query is too expensive to run here (estimated cost ${Math.round(cost)} > ${ds.maxCost})`, 'too_expensive');
      }
      await c.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${sql}`);
      // Array rows: `SELECT a.id, b.id` keeps both columns.
      const first = await (c as unknown as { query(q: object): Promise<SqlResult<unknown[]>> }).query({ text: `FETCH FORWARD ${opts.maxRows + 1} FROM ${CURSOR}`, rowMode: 'array' });
      const truncated = first.rows.length > opts.maxRows;
      const rows = truncated ? first.rows.slice(0, opts.maxRows) : first.rows;
      let rowCount = first.rows.length;
      if (truncated) {
        await c.query('SAVEPOINT parley_count');
        try {
          const moved = await c.query(`MOVE FORWARD ALL IN ${CURSOR}`);
          rowCount += moved.rowCount ?? 0;
        } catch {
          // Counting the rest took too long: report what we know (a lower bound).
          await c.query('ROLLBACK TO SAVEPOINT parley_count');
        }
      }
      return { fields: first.fields, rows, rowCount, truncated };
    } catch (e) {
      if (e instanceof SqlExecutionError) throw e;
      const err = e as { code?: string; message?: string };
      if (err.code === '57014') throw new SqlExecutionError(`the query ran longer than ${opts.timeoutMs} ms and was stopped`, 'timeout', err.code);
      throw new SqlExecutionError(err.message ?? String(e), 'database', err.code);
    } finally {
      await c.query('ROLLBACK').catch(() => undefined);
    }
  };
  if (ds.session) return ds.session(run, { signal: opts.signal, timeoutMs: opts.timeoutMs });
  return run(ds.sql);
}
