import type { FileEngine, ToolContext, ToolResult } from '../types';
import { introspect } from './introspect';
import { executeReadOnly, SqlExecutionError } from './execute';
import { guardSql, type GuardResult } from './sql-guard';
import { guardDuckSql } from './duckdb-guard';
import { databaseErrorForModel, databaseErrorForPeople } from './db-error';
import { toTableArtifact } from './table-artifact';
import type { Catalog } from './catalog';

export interface SqlLimits {
  timeoutMs: number;
  maxRowsUi: number;
  maxRowsModel: number;
}

export const DEFAULT_SQL_LIMITS: SqlLimits = { timeoutMs: 15_000, maxRowsUi: 10_000, maxRowsModel: 200 };

export type GuardedOutcome =
  | { ok: true; result: ToolResult }
  /** `error` is for the model (and its retry); `userError`, when set, is what people see instead. */
  | { ok: false; code: string; error: string; userError?: string; retry: boolean };

export async function datasourceCatalog(ctx: Pick<ToolContext, 'datasource'>): Promise<Catalog> {
  return ctx.datasource.catalog ? ctx.datasource.catalog() : introspect(ctx.datasource.sql, ctx.datasource.schemas);
}

/** Guard → read-only execution → table artifact; the one path every SQL in Parley takes. */
export async function runGuardedQuery(ctx: ToolContext, sql: string, limits: SqlLimits, question?: string): Promise<GuardedOutcome> {
  const catalog = await datasourceCatalog(ctx);
  const files = ctx.datasource.kind === 'duckdb' ? ctx.datasource.files : undefined;
  if (ctx.datasource.kind === 'duckdb' && !files) throw new Error('a duckdb datasource without its file engine');
  // Files are DuckDB: its own parser decides what the SQL is; Postgres datasources keep Postgres's.
  const guard: GuardResult = files ? guardDuckSql(sql, await files.parse(sql, ctx.signal), catalog) : guardSql(sql, catalog, ctx.datasource.schemas);
  if (!guard.ok) {
    await ctx.sqlRuns?.record({ statement: sql, ok: false, code: guard.code });
    return { ok: false, code: guard.code, error: guard.error, retry: true };
  }
  const admitted = (await ctx.sqlRuns?.admit()) ?? { ok: true };
  if (!admitted.ok) {
    await ctx.sqlRuns?.record({ statement: guard.sql, ok: false, code: admitted.code });
    return { ok: false, code: admitted.code, retry: false, error: admitted.message, userError: admitted.message };
  }
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  let outcome;
  try {
    outcome = await execute(ctx, guard.sql, files, limits, question);
  } catch (e) {
    // A bug, not an expected failure: the statement was still sent, so it is still recorded.
    await ctx.sqlRuns?.record({ statement: guard.sql, ok: false, code: 'internal', durationMs: durationMs() });
    throw e;
  }
  await ctx.sqlRuns?.record({ statement: guard.sql, ok: outcome.ok, ...(outcome.ok ? { rows: outcome.rowCount } : { code: outcome.code }), durationMs: durationMs() });
  return outcome.ok ? { ok: true, result: outcome.result } : outcome;
}

async function execute(
  ctx: ToolContext,
  sql: string,
  files: FileEngine | undefined,
  limits: SqlLimits,
  question: string | undefined,
): Promise<{ ok: true; result: ToolResult; rowCount: number } | Extract<GuardedOutcome, { ok: false }>> {
  let result;
  try {
    const opts = { timeoutMs: limits.timeoutMs, maxRows: limits.maxRowsUi, signal: ctx.signal };
    result = files ? await files.query(sql, opts) : await executeReadOnly(ctx.datasource, sql, opts);
  } catch (e) {
    if (!(e instanceof SqlExecutionError)) throw e;
    if (e.kind === 'timeout' || e.kind === 'too_expensive') {
      return { ok: false, code: 'sql:timeout', retry: false, error: `${e.message}; try narrowing the question (a shorter date range, fewer groups, or a top N)` };
    }
    if (e.kind === 'cancelled') return { ok: false, code: 'sql:cancelled', retry: false, error: 'the query was cancelled' };
    if (e.kind === 'busy') return { ok: false, code: 'datasource:busy', retry: false, error: 'the datasource is busy with other queries; try again in a moment' };
    // The raw text can carry data (a cast error prints the value): it goes to the log only.
    ctx.log.warn({ pgCode: e.pgCode, message: e.message, sql }, 'the database rejected a guarded query');
    return {
      ok: false,
      code: 'sql:database_error',
      retry: true,
      error: `the database rejected the query: ${databaseErrorForModel(e.message, e.pgCode)}`,
      userError: databaseErrorForPeople(e.pgCode),
    };
  }
  const table = toTableArtifact(result, { sql, datasource: ctx.datasource.name, question });
  const forModel = table.rows.slice(0, limits.maxRowsModel);
  const shown = result.truncated ? `first ${table.rows.length} of ${result.rowCount}` : `${result.rowCount}`;
  const summary = `${shown} row${result.rowCount === 1 ? '' : 's'} from "${ctx.datasource.name}".`;
  return {
    ok: true,
    rowCount: result.rowCount,
    result: {
      ok: true,
      summary,
      content: {
        columns: table.columns.map((c) => c.name),
        rows: forModel,
        rowCount: result.rowCount,
        truncated: result.truncated || forModel.length < table.rows.length,
        sql,
      },
      artifacts: [{ kind: 'table', title: question ?? 'Query result', data: table }],
    },
  };
}
