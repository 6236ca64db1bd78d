import type pg from 'pg';

export interface ConversationRow {
  id: string;
  workspaceId: string;
  userId: string;
  title: string;
  datasource: string | null;
  channel: string;
  createdAt: string;
  updatedAt: string;
}

export interface MessageRow {
  id: string;
  conversationId: string;
  runId: string | null;
  role: 'user' | 'assistant';
  text: string;
  status: 'complete' | 'cancelled' | 'error' | 'interrupted';
  usage: unknown;
  createdAt: string;
}

const CONVERSATION_COLUMNS = `id, workspace_id AS "workspaceId", user_id AS "userId", title, datasource, channel,
  created_at AS "createdAt", updated_at AS "updatedAt"`;
const MESSAGE_COLUMNS = `id, conversation_id AS "conversationId", run_id AS "runId", role, text, status, usage, created_at AS "createdAt"`;

/**
 * Whose data a query may touch: a workspace, and within it one member's own conversations when
 * `userId` is set. Web and API callers pass their Identity (so another member's conversation is
 * simply not found); Slack and Teams threads, shared by the people in them, pass the workspace.
 */
export interface Scope {
  workspaceId: string;
  userId?: string;
}

export function createConversationStore(pool: pg.Pool) {
  return {
    async create(c: { id: string; workspaceId: string; userId: string; title: string; datasource?: string | null; channel?: string }) {
      const { rows } = await pool.query<ConversationRow>(
        `INSERT INTO conversations (id, workspace_id, user_id, title, datasource, channel)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${CONVERSATION_COLUMNS}`,
        [c.id, c.workspaceId, c.userId, c.title, c.datasource ?? null, c.channel ?? 'web'],
      );
      return rows[0];
    },

    async get(id: string, scope: Scope): Promise<ConversationRow | undefined> {
      const { rows } = await pool.query<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE id = $1 AND workspace_id = $2 AND ($3::text IS NULL OR user_id = $3)`,
        [id, scope.workspaceId, scope.userId ?? null],
      );
      return rows[0];
    },

    async list(workspaceId: string, userId: string, opts: { limit: number; before?: string }) {
      const { rows } = await pool.query<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM conversations
          WHERE workspace_id = $1 AND user_id = $2 AND ($3::timestamptz IS NULL OR updated_at < $3)
          ORDER BY updated_at DESC LIMIT $4`,
        [workspaceId, userId, opts.before ?? null, opts.limit],
      );
      return rows;
    },

    /**
     * The user's conversations, newest first; with `q`, only those whose title or any message
     * contains it (case-insensitive, the text taken literally).
     */
    async search(workspaceId: string, userId: string, opts: { q: string; limit: number }) {
      const pattern = `%${opts.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const { rows } = await pool.query<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM conversations c
          WHERE workspace_id = $1 AND user_id = $2
            AND (title ILIKE $3 OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.text ILIKE $3))
          ORDER BY updated_at DESC LIMIT $4`,
        [workspaceId, userId, pattern, opts.limit],
      );
      return rows;
    },

    /** Renames and/or re-points a conversation; answers the updated row, or undefined when it is not the caller's. */
    async update(id: string, workspaceId: string, change: { title?: string; datasource?: string | null }) {
      const { rows } = await pool.query<ConversationRow>(
        `UPDATE conversations
            SET title = COALESCE($3, title),
                datasource = CASE WHEN $4::boolean THEN $5 ELSE datasource END
          WHERE id = $1 AND workspace_id = $2 RETURNING ${CONVERSATION_COLUMNS}`,
        [id, workspaceId, change.title ?? null, change.datasource !== undefined, change.datasource ?? null],
      );
      return rows[0];
    },

    /** Deletes a conversation with its messages, runs, events and artifacts (foreign keys cascade). */
    async remove(id: string, workspaceId: string): Promise<boolean> {
      const r = await pool.query('DELETE FROM conversations WHERE id = $1 AND workspace_id = $2', [id, workspaceId]);
      return (r.rowCount ?? 0) > 0;
    },

    /** Every artifact of a conversation, oldest first, for rendering its history. */
    async artifacts(conversationId: string) {
      const { rows } = await pool.query<{ id: string; runId: string; callId: string | null; kind: string; title: string | null; data: unknown; createdAt: string }>(
        `SELECT id, run_id AS "runId", call_id AS "callId", kind, title, data, created_at AS "createdAt"
           FROM artifacts WHERE conversation_id = $1 ORDER BY created_at, id`,
        [conversationId],
      );
      return rows;
    },

    /**
     * The stored events a history needs beyond the messages: each run's tool steps and how it
     * ended when it did not complete (an error or a cancel), in run order.
     */
    async timeline(conversationId: string) {
      const { rows } = await pool.query<{ runId: string; seq: number; type: string; payload: Record<string, unknown> }>(
        `SELECT e.run_id AS "runId", e.seq, e.type, e.payload
           FROM run_events e JOIN runs r ON r.id = e.run_id
          WHERE r.conversation_id = $1 AND e.type IN ('tool:started', 'tool:finished', 'run:error', 'run:cancelled')
          ORDER BY r.started_at, r.id, e.seq`,
        [conversationId],
      );
      return rows;
    },

    async setDatasource(id: string, datasource: string | null) {
      await pool.query('UPDATE conversations SET datasource = $2 WHERE id = $1', [id, datasource]);
    },

    async addMessage(m: { id: string; conversationId: string; runId: string | null; role: 'user' | 'assistant'; text: string; status?: MessageRow['status']; usage?: unknown }) {
      await pool.query(
        `WITH m AS (INSERT INTO messages (id, conversation_id, run_id, role, text, status, usage) VALUES ($1, $2, $3, $4, $5, $6, $7))
         UPDATE conversations SET updated_at = now() WHERE id = $2`,
        [m.id, m.conversationId, m.runId, m.role, m.text, m.status ?? 'complete', m.usage === undefined ? null : JSON.stringify(m.usage)],
      );
    },

    async messages(conversationId: string, opts: { limit: number; afterId?: string } = { limit: 500 }) {
      const { rows } = await pool.query<MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} FROM messages
          WHERE conversation_id = $1
            AND ($2::text IS NULL OR created_at > (SELECT created_at FROM messages WHERE id = $2))
          ORDER BY created_at, id LIMIT $3`,
        [conversationId, opts.afterId ?? null, opts.limit],
      );
      return rows;
    },
  };
}

export type ConversationStore = ReturnType<typeof createConversationStore>;
