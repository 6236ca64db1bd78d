import { isParleyError } from '../../agent/errors';
import type { DataSourceHandle, SqlRunHooks } from '../../tools/types';
import type { RateLimits } from '../limits/rate-limits';
import type { AuditSink } from './audit-log';

/** The run a tool call belongs to: whose SQL it is and where it runs. */
export interface SqlRunRef {
  workspaceId: string;
  userId: string;
  conversationId: string;
  runId: string;
  datasource: Pick<DataSourceHandle, 'id' | 'name'>;
}

/**
 * The server's side of ToolContext.sqlRuns: each statement is counted against the caller's SQL
 * limit before it runs, and every statement (run, failed or refused) goes into the audit log as
 * `sql.ran` (it reached the database) or `sql.refused` (the guard or the limit stopped it).
 */
export function createSqlRunHooks(deps: { audit: AuditSink; limits?: Pick<RateLimits, 'consume'> }) {
  return (ref: SqlRunRef): SqlRunHooks => ({
    async admit() {
      if (!deps.limits) return { ok: true };
      try {
        await deps.limits.consume(ref, 'sql');
        return { ok: true };
      } catch (e) {
        if (isParleyError(e) && e.code === 'rate_limited') return { ok: false, code: e.code, message: e.userMessage };
        throw e;
      }
    },
    async record(r) {
      await deps.audit.record({
        workspaceId: ref.workspaceId,
        userId: ref.userId,
        action: r.durationMs === undefined ? 'sql.refused' : 'sql.ran',
        target: ref.datasource.id,
        detail: {
          datasource: ref.datasource.name,
          conversationId: ref.conversationId,
          runId: ref.runId,
          statement: r.statement,
          ok: r.ok,
          ...(r.code ? { code: r.code } : {}),
          ...(r.rows !== undefined ? { rows: r.rows } : {}),
          ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}),
        },
      });
    },
  });
}
