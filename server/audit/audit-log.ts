import type pg from 'pg';

/** One thing someone did, as the audit log keeps it. */
export interface AuditEntry {
  /** null for what happens before anyone is known (a failed sign-in for an unknown address). */
  workspaceId: string | null;
  userId?: string | null;
  /** Dotted, past tense: `auth.signed_in`, `auth.sign_in_failed`, `member.invited`, `member.role_changed`, `datasource.added`, `sql.ran`, `export.csv`… */
  action: string;
  /** What it was done to (a member id, a datasource id, a conversation id…). */
  target?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
}

export interface AuditSink {
  record(entry: AuditEntry): Promise<void>;
}

/** Appends entries to `audit_log` in the store. */
export function createAuditLog(pool: pg.Pool): AuditSink {
  return {
    async record(e) {
      await pool.query('INSERT INTO audit_log (workspace_id, user_id, action, target, detail, ip) VALUES ($1, $2, $3, $4, $5, $6)', [
        e.workspaceId,
        e.userId ?? null,
        e.action,
        e.target ?? null,
        JSON.stringify(e.detail ?? {}),
        e.ip ?? null,
      ]);
    },
  };
}
