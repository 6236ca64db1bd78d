import { z } from 'zod';
import { runGuardedQuery, type SqlLimits } from '../sql/run-guarded';
import { cleanSql } from '../sql/clean-sql';
import { defineTool } from '../types';
import { summarizeTable } from '../query-data/query-data';
import { sourceForSql, SOURCES } from '../sql/sources';

const schema = z.object({
  sql: z.string().min(1).max(20_000).describe('One read-only SELECT (or WITH … SELECT) query: PostgreSQL on the database, DuckDB on the uploaded files.'),
  source: z.enum(SOURCES).optional().describe('Run it on "database" or on the uploaded "files"; omit to run it where its tables are.'),
});

/** Runs SQL a person wrote, through the same guard and read-only execution as query_data. */
export function createRunSqlTool(deps: { limits: SqlLimits }) {
  return defineTool({
    name: 'run_sql',
    description:
      'Run one read-only SQL SELECT written by the user against the current datasource and return a table. Use only when the user gives SQL themselves; otherwise use query_data.',
    schema,
    async run(input, ctx) {
      const sql = cleanSql(input.sql);
      const picked = await sourceForSql(ctx, sql, input.source);
      if (!picked.ok) return { ok: false, error: picked.error };
      const outcome = await runGuardedQuery(picked.ctx, sql, deps.limits);
      return outcome.ok ? outcome.result : { ok: false, error: outcome.error, userError: outcome.userError };
    },
    offline: {
      // A message that is itself SQL (or fenced SQL) is run as written.
      route(question) {
        const sql = cleanSql(question);
        return /^\s*(select|with)\b/i.test(question.trim()) || /```sql/i.test(question) ? { sql } : null;
      },
      summarize: summarizeTable,
    },
  });
}
