import { z } from 'zod';
import { runGuardedQuery, type SqlLimits } from '../sql/run-guarded';
import { cleanSql } from '../sql/clean-sql';
import { defineTool } from '../types';
import { summarizeTable } from '../query-data/query-data';

const schema = z.object({
  sql: z.string().min(1).max(20_000).describe('One read-only PostgreSQL SELECT (or WITH … SELECT) query.'),
});

/** Runs SQL a person wrote, through the same guard and read-only execution as query_data. */
export function createRunSqlTool(deps: { limits: SqlLimits }) {
  return defineTool({
    name: 'run_sql',
    description:
      'Run one read-only SQL SELECT written by the user against the current datasource and return a table. Use only when the user gives SQL themselves; otherwise use query_data.',
    schema,
    async run(input, ctx) {
      const outcome = await runGuardedQuery(ctx, cleanSql(input.sql), deps.limits);
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
