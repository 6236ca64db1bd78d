import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { open, seal } from '../datasources/secret-box';
import { inTransaction } from '../store/transaction';
import { deleteRows, upsertRows } from './tables';
import type { ConnectorKind, ConnectorRef, Json, PageWrites, SyncProgress } from './types';

/** A heartbeat older than this means the instance running the sync is gone. */
export const STALE_HEARTBEAT_SECONDS = 120;

export type ConnectorStatus = 'idle' | 'syncing' | 'error';

/** A connector as the API shows it: never its credentials. */
export interface ConnectorInfo {
  id: string;
  kind: string;
  label: string;
  category: string;
  name: string;
  apiBase: string | null;
  createdAt: string;
  status: ConnectorStatus;
  lastSyncStartedAt: string | null;
  lastSyncFinishedAt: string | null;
  lastError: string | null;
  progress: SyncProgress | null;
  streams: { stream: string; rows: number; lastSyncedAt: string | null; lastError: string | null }[];
  /** Where the provider sends webhooks for this connector (path under the server's address). */
  webhookPath: string;
}

interface ConnectorRow {
  id: string;
  workspace_id: string;
  kind: string;
  name: string;
  api_base: string | null;
  created_at: Date;
  sync_status: string;
  sync_progress: SyncProgress | null;
  syncing_live: boolean;
  last_sync_started_at: Date | null;
  last_sync_finished_at: Date | null;
  last_error: string | null;
  credentials_encrypted: string;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function createConnectorStore(pool: pg.Pool, key: Buffer, kinds: ConnectorKind[]) {
  const kindOf = (k: string) => kinds.find((x) => x.kind === k);
  const SELECT = `SELECT c.*, (c.sync_status = 'syncing' AND c.sync_heartbeat_at > now() - interval '${STALE_HEARTBEAT_SECONDS} seconds') AS syncing_live FROM connectors c`;

  async function info(row: ConnectorRow): Promise<ConnectorInfo> {
    const streams = await pool.query<{ stream: string; rows: string; last_synced_at: Date | null; last_error: string | null }>(
      'SELECT stream, rows, last_synced_at, last_error FROM connector_streams WHERE connector_id = $1 ORDER BY stream',
      [row.id],
    );
    const kind = kindOf(row.kind);
    const order = kind?.streams.map((s) => s.name) ?? [];
    const status: ConnectorStatus = row.syncing_live ? 'syncing' : row.last_error ? 'error' : 'idle';
    return {
      id: row.id,
      kind: row.kind,
      label: kind?.label ?? row.kind,
      category: kind?.category ?? 'unknown',
      name: row.name,
      apiBase: row.api_base,
      createdAt: new Date(row.created_at).toISOString(),
      status,
      lastSyncStartedAt: iso(row.last_sync_started_at),
      lastSyncFinishedAt: iso(row.last_sync_finished_at),
      lastError: row.last_error,
      progress: row.syncing_live ? row.sync_progress : null,
      streams: streams.rows
        .map((s) => ({ stream: s.stream, rows: Number(s.rows), lastSyncedAt: iso(s.last_synced_at), lastError: s.last_error }))
        .sort((a, b) => order.indexOf(a.stream) - order.indexOf(b.stream)),
      webhookPath: `/api/connectors/${row.id}/webhook`,
    };
  }

  return {
    async create(input: { workspaceId: string; kind: string; name: string; credentials: unknown; apiBase: string | null; createdBy: string | null }): Promise<string> {
      const id = randomUUID();
      await pool.query('INSERT INTO connectors (id, workspace_id, kind, name, credentials_encrypted, api_base, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        id,
        input.workspaceId,
        input.kind,
        input.name,
        seal(key, JSON.stringify(input.credentials)),
        input.apiBase,
        input.createdBy,
      ]);
      return id;
    },

    async list(workspaceId: string): Promise<ConnectorInfo[]> {
      const r = await pool.query<ConnectorRow>(`${SELECT} WHERE c.workspace_id = $1 ORDER BY c.created_at, c.id`, [workspaceId]);
      return Promise.all(r.rows.map(info));
    },

    async get(workspaceId: string, id: string): Promise<ConnectorInfo | undefined> {
      const r = await pool.query<ConnectorRow>(`${SELECT} WHERE c.workspace_id = $1 AND c.id = $2`, [workspaceId, id]);
      return r.rows[0] ? info(r.rows[0]) : undefined;
    },

    /** The connector with its credentials opened, for a sync or a webhook (any workspace: the caller proved the right to it). */
    async open(id: string): Promise<{ ref: ConnectorRef; credentials: unknown } | undefined> {
      const r = await pool.query<ConnectorRow>('SELECT * FROM connectors WHERE id = $1', [id]);
      const row = r.rows[0];
      if (!row) return undefined;
      return {
        ref: { id: row.id, workspaceId: row.workspace_id, name: row.name, kind: row.kind, apiBase: row.api_base },
        credentials: JSON.parse(open(key, row.credentials_encrypted)),
      };
    },

    /** Replaces the connector's stored credentials (sealed), e.g. with a token the provider renewed. */
    async replaceCredentials(id: string, credentials: unknown): Promise<void> {
      await pool.query('UPDATE connectors SET credentials_encrypted = $2 WHERE id = $1', [id, seal(key, JSON.stringify(credentials))]);
    },

    /** Every connector of every workspace with when it last finished, for the scheduler. */
    async all(): Promise<{ id: string; lastSyncFinishedAt: Date | null }[]> {
      const r = await pool.query<{ id: string; last_sync_finished_at: Date | null }>('SELECT id, last_sync_finished_at FROM connectors ORDER BY id');
      return r.rows.map((x) => ({ id: x.id, lastSyncFinishedAt: x.last_sync_finished_at }));
    },

    /** Deletes the connector; its streams and every synced row go with it (ON DELETE CASCADE). */
    async remove(workspaceId: string, id: string): Promise<boolean> {
      const r = await pool.query('DELETE FROM connectors WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
      return (r.rowCount ?? 0) > 0;
    },

    async cursor(connectorId: string, stream: string): Promise<Json> {
      const r = await pool.query<{ cursor: Json }>('SELECT cursor FROM connector_streams WHERE connector_id = $1 AND stream = $2', [connectorId, stream]);
      return r.rows[0]?.cursor ?? null;
    },

    /** One page: rows, deletions and cursors in one transaction; the streams' row counts follow. */
    async commit(ref: ConnectorRef, writes: PageWrites, cursors: Record<string, Json>, extra?: (client: pg.PoolClient) => Promise<boolean>): Promise<boolean> {
      const streamOf = (table: string) => kindOf(ref.kind)?.streams.find((s) => s.table === table)?.name;
      return inTransaction(pool, async (client) => {
        if (extra && !(await extra(client))) return false;
        const delta = new Map<string, number>();
        const touched = new Set<string>(Object.keys(cursors));
        for (const u of writes.upserts ?? []) {
          const n = await upsertRows(client, u.table, { workspaceId: ref.workspaceId, connectorId: ref.id }, u.rows);
          const s = streamOf(u.table);
          if (s) (delta.set(s, (delta.get(s) ?? 0) + n), touched.add(s));
        }
        for (const d of writes.deletes ?? []) {
          const n = await deleteRows(client, d.table, ref.id, d.ids);
          const s = streamOf(d.table);
          if (s) (delta.set(s, (delta.get(s) ?? 0) - n), touched.add(s));
        }
        for (const stream of touched) {
          const hasCursor = Object.hasOwn(cursors, stream);
          await client.query(
            `INSERT INTO connector_streams (connector_id, stream, cursor, rows, last_synced_at, last_error) VALUES ($1, $2, $3, $4, now(), NULL)
             ON CONFLICT (connector_id, stream) DO UPDATE SET rows = connector_streams.rows + $4, last_synced_at = now(), last_error = NULL
               ${hasCursor ? ', cursor = EXCLUDED.cursor' : ''}`,
            [ref.id, stream, hasCursor ? JSON.stringify(cursors[stream]) : null, delta.get(stream) ?? 0],
          );
        }
        await client.query("UPDATE connectors SET sync_heartbeat_at = now() WHERE id = $1 AND sync_status = 'syncing'", [ref.id]);
        return true;
      });
    },

    async markStarted(id: string): Promise<void> {
      await pool.query("UPDATE connectors SET sync_status = 'syncing', sync_heartbeat_at = now(), sync_progress = NULL, last_sync_started_at = now() WHERE id = $1", [id]);
    },

    async heartbeat(id: string, progress: SyncProgress): Promise<void> {
      await pool.query('UPDATE connectors SET sync_heartbeat_at = now(), sync_progress = $2 WHERE id = $1', [id, JSON.stringify(progress)]);
    },

    /** The sync ended: its error in words (null when it succeeded), kept until the next sync succeeds. */
    /** Ends a sync: the connector's status and its failing stream's error change together, so no reader sees one without the other. */
    async markFinished(id: string, error: string | null, stream?: string): Promise<void> {
      await inTransaction(pool, async (client) => {
        await client.query("UPDATE connectors SET sync_status = 'idle', sync_progress = NULL, last_sync_finished_at = now(), last_error = $2 WHERE id = $1", [id, error]);
        if (error && stream) {
          await client.query(
            `INSERT INTO connector_streams (connector_id, stream, last_error) VALUES ($1, $2, $3)
             ON CONFLICT (connector_id, stream) DO UPDATE SET last_error = EXCLUDED.last_error`,
            [id, stream, error],
          );
        }
      });
    },
  };
}

export type ConnectorStore = ReturnType<typeof createConnectorStore>;
