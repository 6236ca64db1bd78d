import type pg from 'pg';
import type { RunEvent } from '../../agent/events';

export interface RunRow {
  id: string;
  conversationId: string;
  userMessageId: string;
  status: 'running' | 'completed' | 'error' | 'cancelled' | 'interrupted';
  model: string;
  lastSeq: number;
  startedAt: string;
  finishedAt: string | null;
}

const RUN_COLUMNS = `id, conversation_id AS "conversationId", user_message_id AS "userMessageId", status, model,
  last_seq AS "lastSeq", started_at AS "startedAt", finished_at AS "finishedAt"`;

/** The payload of an event is everything but the fields that have their own columns. */
function payloadOf(e: RunEvent): Record<string, unknown> {
  const { runId: _r, conversationId: _c, seq: _s, type: _t, at: _a, ...rest } = e;
  return rest;
}

export function createRunStore(pool: pg.Pool) {
  return {
    async create(r: { id: string; conversationId: string; userMessageId: string; model: string; prompts: Record<string, string> }) {
      await pool.query(
        `INSERT INTO runs (id, conversation_id, user_message_id, status, model, prompts) VALUES ($1, $2, $3, 'running', $4, $5)`,
        [r.id, r.conversationId, r.userMessageId, r.model, JSON.stringify(r.prompts)],
      );
    },

    async get(id: string): Promise<RunRow | undefined> {
      const { rows } = await pool.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1`, [id]);
      return rows[0];
    },

    async latest(conversationId: string): Promise<RunRow | undefined> {
      const { rows } = await pool.query<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM runs WHERE conversation_id = $1 ORDER BY started_at DESC, id DESC LIMIT 1`,
        [conversationId],
      );
      return rows[0];
    },

    /**
     * Persists a batch of events (from any runs) in one statement, and moves each run's
     * last_seq forward. The primary key (run_id, seq) makes a duplicate or gap-filling bug loud.
     */
    async appendEvents(client: pg.PoolClient | pg.Pool, events: RunEvent[]) {
      if (!events.length) return;
      await client.query(
        `INSERT INTO run_events (run_id, seq, type, payload, created_at)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[], $5::timestamptz[])`,
        [events.map((e) => e.runId), events.map((e) => e.seq), events.map((e) => e.type), events.map((e) => JSON.stringify(payloadOf(e))), events.map((e) => e.at)],
      );
      const last = new Map<string, number>();
      for (const e of events) last.set(e.runId, Math.max(last.get(e.runId) ?? 0, e.seq));
      await client.query(
        `UPDATE runs SET last_seq = v.seq FROM unnest($1::text[], $2::int[]) AS v(id, seq) WHERE runs.id = v.id`,
        [[...last.keys()], [...last.values()]],
      );
    },

    async finish(client: pg.PoolClient | pg.Pool, id: string, status: RunRow['status']) {
      await client.query(`UPDATE runs SET status = $2, finished_at = now() WHERE id = $1`, [id, status]);
    },

    async events(runId: string, afterSeq = 0): Promise<RunEvent[]> {
      const { rows } = await pool.query<{ run_id: string; conversation_id: string; seq: number; type: string; payload: object; at: Date }>(
        `SELECT e.run_id, r.conversation_id, e.seq, e.type, e.payload, e.created_at AS at
           FROM run_events e JOIN runs r ON r.id = e.run_id
          WHERE e.run_id = $1 AND e.seq > $2 ORDER BY e.seq`,
        [runId, afterSeq],
      );
      return rows.map((r) => ({ ...r.payload, type: r.type, runId: r.run_id, conversationId: r.conversation_id, seq: r.seq, at: new Date(r.at).toISOString() }) as RunEvent);
    },

    /** Runs left 'running' by a crash or kill: nothing will finish them now. */
    async findUnfinished(): Promise<RunRow[]> {
      const { rows } = await pool.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE status = 'running'`);
      return rows;
    },

    async saveArtifact(a: { id: string; conversationId: string; runId: string; callId?: string; kind: string; title?: string; data: unknown }) {
      await pool.query(
        `INSERT INTO artifacts (id, conversation_id, run_id, call_id, kind, title, data) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [a.id, a.conversationId, a.runId, a.callId ?? null, a.kind, a.title ?? null, JSON.stringify(a.data)],
      );
    },

    /** Artifacts of one conversation: one by id, or the newest of a kind. */
    async conversationArtifact(conversationId: string, by: { id: string } | { kind: string }) {
      const { rows } = await pool.query<{ id: string; kind: string; title: string | null; data: unknown; runId: string }>(
        `SELECT id, kind, title, data, run_id AS "runId" FROM artifacts
          WHERE conversation_id = $1 AND ($2::text IS NULL OR id = $2) AND ($3::text IS NULL OR kind = $3)
          ORDER BY created_at DESC, id DESC LIMIT 1`,
        [conversationId, 'id' in by ? by.id : null, 'kind' in by ? by.kind : null],
      );
      return rows[0];
    },

    async artifact(id: string) {
      const { rows } = await pool.query<{ id: string; conversationId: string; runId: string; kind: string; title: string | null; data: unknown; workspaceId: string; userId: string }>(
        `SELECT a.id, a.conversation_id AS "conversationId", a.run_id AS "runId", a.kind, a.title, a.data, c.workspace_id AS "workspaceId", c.user_id AS "userId"
           FROM artifacts a JOIN conversations c ON c.id = a.conversation_id WHERE a.id = $1`,
        [id],
      );
      return rows[0];
    },
  };
}

export type RunStore = ReturnType<typeof createRunStore>;
