import type { ToolContext, ToolResult } from '../types';
import { introspect } from './introspect';
import { executeReadOnly, SqlExecutionError } from './execute';
import { guardSql } from './sql-guard';
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
  | { ok: false; code: string; error: string; retry: boolean };

export async function datasourceCatalog(ctx: Pick<ToolContext, 'datasource'>): Promise<Catalog> {
  return ctx.datasource.catalog ? ctx.datasource.catalog() : introspect(ctx.datasource.sql, ctx.datasource.schemas);
}

/** Guard → read-only execution → table artifact; the one path every SQL in Parley takes. */
export async function runGuardedQuery(ctx: ToolContext, sql: string, limits: SqlLimits, question?: string): Promise<GuardedOutcome> {
  const catalog = await datasourceCatalog(ctx);
  const guard = guardSql(sql, catalog, ctx.datasource.schemas);
  if (!guard.ok) return { ok: false, code: guard.code, error: guard.error, retry: true };
  let result;
  try {
    result = await executeReadOnly(ctx.datasource, guard.sql, { timeoutMs: limits.timeoutMs, maxRows: limits.maxRowsUi, signal: ctx.signal });
  } catch (e) {
    if (!(e instanceof SqlExecutionError)) throw e;
    if (e.kind === 'timeout' || e.kind === 'too_expensive') {
      return { ok: false, code: 'sql:timeout', retry: false, error: `${e.message}; try narrowing the question (a shorter date range, fewer groups, or a top N)` };
    }
    // Postgres messages name columns and types, not data; the model needs them to correct itself.
    return { ok: false, code: 'sql:database_error', retry: true, error: `the database rejected the query: ${e.message}` };
  }
  const table = toTableArtifact(result, { sql: guard.sql, datasource: ctx.datasource.name, question });
  const forModel = table.rows.slice(0, limits.maxRowsModel);
  const shown = result.truncated ? `first ${table.rows.length} of ${result.rowCount}` : `${result.rowCount}`;
  const summary = `${shown} row${result.rowCount === 1 ? '' : 's'} from "${ctx.datasource.name}".`;
  return {
    ok: true,
    result: {
      ok: true,
      summary,
      content: {
        columns: table.columns.map((c) => c.name),
        rows: forModel,
        rowCount: result.rowCount,
        truncated: result.truncated || forModel.length < table.rows.length,
        sql: guard.sql,
      },
      artifacts: [{ kind: 'table', title: question ?? 'Query result', data: table }],
    },
  };
}
