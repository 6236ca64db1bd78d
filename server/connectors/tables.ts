import type pg from 'pg';
import type { Row } from './types';

/**
 * The synced tables of 100_connectors.sql and their columns (workspace_id and connector_id aside),
 * so every connector writes them through one idempotent upsert instead of its own SQL.
 */
export const SYNCED_TABLES = {
  pay_customers: { key: ['id'], columns: ['id', 'email', 'name', 'created_at', 'deleted', 'raw'] },
  pay_charges: {
    key: ['id'],
    columns: ['id', 'customer_id', 'payment_intent_id', 'amount', 'amount_refunded', 'currency', 'status', 'failure_code', 'failure_message', 'payment_method', 'description', 'created_at', 'raw'],
  },
  pay_payment_intents: { key: ['id'], columns: ['id', 'customer_id', 'amount', 'currency', 'status', 'last_error', 'created_at', 'raw'] },
  pay_refunds: { key: ['id'], columns: ['id', 'charge_id', 'amount', 'currency', 'status', 'reason', 'created_at', 'raw'] },
  pay_disputes: { key: ['id'], columns: ['id', 'charge_id', 'amount', 'currency', 'status', 'reason', 'created_at', 'raw'] },
  pay_invoices: { key: ['id'], columns: ['id', 'customer_id', 'subscription_id', 'amount_due', 'amount_paid', 'currency', 'status', 'created_at', 'raw'] },
  pay_subscriptions: { key: ['id'], columns: ['id', 'customer_id', 'status', 'mrr', 'currency', 'started_at', 'canceled_at', 'ended_at', 'created_at', 'raw'] },
  pay_payouts: { key: ['id'], columns: ['id', 'amount', 'currency', 'status', 'arrival_date', 'created_at', 'raw'] },
  pay_balance_transactions: { key: ['id'], columns: ['id', 'type', 'source_id', 'amount', 'fee', 'net', 'currency', 'created_at', 'raw'] },
  social_accounts_synced: { key: ['id'], columns: ['id', 'platform', 'handle', 'raw'] },
  social_posts_synced: {
    key: ['id'],
    columns: ['id', 'account_id', 'platform', 'posted_at', 'post_type', 'text', 'url', 'impressions', 'likes', 'comments', 'shares', 'clicks', 'raw'],
  },
  social_daily_metrics_synced: {
    key: ['account_id', 'day'],
    columns: ['account_id', 'platform', 'day', 'followers', 'new_followers', 'impressions', 'engagements', 'profile_views', 'raw'],
  },
} as const satisfies Record<string, { key: readonly string[]; columns: readonly string[] }>;

export type SyncedTable = keyof typeof SYNCED_TABLES;
export const SYNCED_TABLE_NAMES = Object.keys(SYNCED_TABLES) as SyncedTable[];

// Postgres allows 65 535 parameters per statement; 13 columns × 1000 rows stays well under it.
const ROWS_PER_STATEMENT = 1000;

/**
 * Upserts rows of one connector into a synced table; returns how many were new (inserted rather
 * than updated), so the stream's row count stays right without counting the table.
 */
export async function upsertRows(client: pg.PoolClient, table: SyncedTable, ref: { workspaceId: string; connectorId: string }, rows: Row[]): Promise<number> {
  const spec = SYNCED_TABLES[table];
  const cols = ['workspace_id', 'connector_id', ...spec.columns];
  const updates = spec.columns.filter((c) => !(spec.key as readonly string[]).includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
  // One statement may not touch a row twice: the last version of an object in the batch wins.
  const unique = [...new Map(rows.map((r) => [spec.key.map((k) => String(r[k])).join('\u0000'), r])).values()];
  let inserted = 0;
  for (let start = 0; start < unique.length; start += ROWS_PER_STATEMENT) {
    const chunk = unique.slice(start, start + ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const values = [ref.workspaceId, ref.connectorId, ...spec.columns.map((c) => toParam(c, row[c]))];
      return `(${values.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`;
    });
    // xmax = 0 only on a row this statement inserted (an updated row carries the updating xid).
    const r = await client.query<{ inserted: boolean }>(
      `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${tuples.join(', ')}
       ON CONFLICT (connector_id, ${spec.key.join(', ')}) DO UPDATE SET ${updates.join(', ')}
       RETURNING (xmax = 0) AS inserted`,
      params,
    );
    inserted += r.rows.filter((x) => x.inserted).length;
  }
  return inserted;
}

/** Deletes rows of one connector by id; returns how many went. */
export async function deleteRows(client: pg.PoolClient, table: SyncedTable, connectorId: string, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  const r = await client.query(`DELETE FROM ${table} WHERE connector_id = $1 AND id = ANY($2::text[])`, [connectorId, ids]);
  return r.rowCount ?? 0;
}

function toParam(column: string, value: unknown): unknown {
  if (value === undefined) return null;
  // jsonb: pg would send a JS array as a Postgres array, not JSON.
  if (column === 'raw') return JSON.stringify(value);
  return value;
}
