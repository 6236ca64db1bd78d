import type pg from 'pg';
import { ParleyError } from '../../agent/errors';
import type { ConnectedCategory, ConnectedData, ConnectedSource, DataSourceHandle, LookupRows, SqlClient } from '../../tools/types';
import type { Logger } from '../logger';
import { DEMO_DATASOURCE } from '../datasources/registry';

/** The role lookups run as on the store (migration 105): SELECT on the synced tables, row-level security by workspace. */
export const LOOKUP_READER = 'parley_lookup_reader';

/** Connector kinds by what they hold; a connector of another kind holds neither. */
const CATEGORY_OF_KIND: Record<ConnectedCategory, RegExp> = {
  payments: /^(stripe|paypal|square|paddle|mollie|braintree)/i,
  social: /^(linkedin|meta|facebook|instagram|tiktok|youtube|x|twitter)/i,
};

/** One table per category whose rows mean "this workspace has synced data" (every sync writes some). */
const HAS_DATA: Record<ConnectedCategory, string> = {
  payments: `SELECT EXISTS (SELECT 1 FROM pay_charges WHERE workspace_id = $1) OR EXISTS (SELECT 1 FROM pay_subscriptions WHERE workspace_id = $1)
               OR EXISTS (SELECT 1 FROM pay_customers WHERE workspace_id = $1) AS has`,
  social: `SELECT EXISTS (SELECT 1 FROM social_daily_metrics_synced WHERE workspace_id = $1) OR EXISTS (SELECT 1 FROM social_posts_synced WHERE workspace_id = $1) AS has`,
};

const PROVIDER: Record<ConnectedCategory, string> = { payments: 'Stripe', social: 'LinkedIn or Meta' };

export interface ConnectedDataOptions {
  pool: pg.Pool;
  log: Logger;
  /** Longest a lookup may run (ms). */
  timeoutMs: number;
  /** Rows a lookup returns at most. */
  maxRows: number;
}

type ArrayQuery = { query(q: { text: string; values: unknown[]; rowMode: 'array' }): Promise<{ rows: unknown[][]; fields: { name: string; dataTypeID: number }[] }> };

function capped(r: { rows: unknown[][]; fields: { name: string; dataTypeID: number }[] }, maxRows: number): LookupRows {
  const truncated = r.rows.length > maxRows;
  return { fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })), rows: truncated ? r.rows.slice(0, maxRows) : r.rows, rowCount: r.rows.length, truncated };
}

/** What a person may be told when a lookup fails; the database's own text goes to the log. */
function lookupError(e: unknown, log: Logger, where: string): never {
  if (e instanceof ParleyError) throw e;
  const err = e as { code?: string; message?: string };
  if (err.code === '57014' || err.code === '55P03') throw new ParleyError('lookup:timeout', { status: 504, userMessage: 'The lookup took too long and was stopped; try a shorter date range.' });
  if (err.code === '42P01' && where === 'demo') {
    throw new ParleyError('lookup:demo_outdated', {
      status: 409,
      userMessage: 'This demo warehouse was built before it had subscriptions; delete the data folder\'s demo/ directory and restart Parley to rebuild it.',
    });
  }
  if (err.code === 'datasource:busy' || (err as { kind?: string }).kind === 'busy') throw new ParleyError('datasource:busy', { status: 503, userMessage: 'The demo warehouse is busy with another question; try again in a moment.' });
  if ((err as { kind?: string }).kind === 'timeout') throw new ParleyError('lookup:timeout', { status: 504, userMessage: 'The lookup took too long and was stopped; try a shorter date range.' });
  log.error({ err: e, where }, 'a lookup template failed');
  throw e;
}

/**
 * The server side of the lookup tools: per tool call, where a workspace's payment and social
 * questions are answered. Its own synced connector data comes first; without any, the demo
 * warehouse's tables when the conversation is on the demo; otherwise nothing.
 *
 * The workspace is bound here, from the signed-in caller, never from the tool or the model:
 * each lookup is one READ ONLY transaction that sets parley.workspace_id and (where the
 * reader role exists) drops to parley_lookup_reader, whose row-level security shows only that
 * workspace's rows, and a statement_timeout.
 */
export function createConnectedData(o: ConnectedDataOptions) {
  let readerRole: Promise<boolean> | undefined;
  // Whether SET ROLE to the reader works here: the role exists and this user is a member (or a superuser).
  const canUseReader = () =>
    (readerRole ??= o.pool
      .query<{ ok: boolean }>(`SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) THEN pg_has_role(current_user, $1, 'MEMBER') ELSE false END AS ok`, [LOOKUP_READER])
      .then((r) => {
        if (!r.rows[0]?.ok) o.log.warn({ role: LOOKUP_READER }, 'lookups run without the reader role (it is missing or not granted); the workspace filter in every template still applies');
        return Boolean(r.rows[0]?.ok);
      })
      .catch(() => false));

  async function syncedQuery(workspaceId: string, sql: string, params: unknown[], signal?: AbortSignal): Promise<LookupRows> {
    if (signal?.aborted) throw new ParleyError('run:cancelled', { status: 499, userMessage: 'The lookup was cancelled.' });
    const reader = await canUseReader();
    const client = await o.pool.connect();
    try {
      await client.query('BEGIN TRANSACTION READ ONLY');
      await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(o.timeoutMs))}`);
      await client.query(`SELECT set_config('parley.workspace_id', $1, true)`, [workspaceId]);
      if (reader) await client.query(`SET LOCAL ROLE ${LOOKUP_READER}`);
      const r = await (client as unknown as ArrayQuery).query({ text: sql, values: params, rowMode: 'array' });
      return capped(r, o.maxRows);
    } catch (e) {
      return lookupError(e, o.log, 'synced');
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  async function demoQuery(ds: DataSourceHandle, sql: string, params: unknown[], signal?: AbortSignal): Promise<LookupRows> {
    const run = async (c: SqlClient) => {
      await c.query('BEGIN TRANSACTION READ ONLY');
      try {
        return capped(await (c as unknown as ArrayQuery).query({ text: sql, values: params, rowMode: 'array' }), o.maxRows);
      } finally {
        await c.query('ROLLBACK').catch(() => undefined);
      }
    };
    const once = () => (ds.session ? ds.session(run, { signal, timeoutMs: o.timeoutMs }) : run(ds.sql));
    try {
      try {
        return await once();
      } catch (e) {
        // The first questions after a start wait for the demo's process to come up, longer than its
        // queue waits; a lookup is small, so it queues once more before saying the demo is busy.
        if ((e as { code?: string }).code !== 'datasource:busy' || signal?.aborted) throw e;
        return await once();
      }
    } catch (e) {
      return lookupError(e, o.log, 'demo');
    }
  }

  /** Names of the workspace's connectors of a category (for "connected but not synced yet"). */
  async function connectorsOf(workspaceId: string, category: ConnectedCategory): Promise<{ kind: string; name: string }[]> {
    const { rows } = await o.pool.query<{ kind: string; name: string }>('SELECT kind, name FROM connectors WHERE workspace_id = $1 ORDER BY created_at', [workspaceId]);
    return rows.filter((r) => CATEGORY_OF_KIND[category].test(r.kind));
  }

  return {
    /** The ConnectedData of one tool call: the caller's workspace and the conversation's datasource. */
    forCall(ref: { workspaceId: string; datasource: DataSourceHandle; signal?: AbortSignal }): ConnectedData {
      return {
        async open(category): Promise<ConnectedSource | null> {
          const { rows } = await o.pool.query<{ has: boolean }>(HAS_DATA[category], [ref.workspaceId]);
          const connectors = await connectorsOf(ref.workspaceId, category);
          if (rows[0]?.has) {
            const names = connectors.map((c) => c.name);
            return {
              origin: 'synced',
              label: names.length ? names.join(', ') : `your synced ${category} data`,
              query: (sql, params) => syncedQuery(ref.workspaceId, sql, params, ref.signal),
            };
          }
          if (ref.datasource.id !== DEMO_DATASOURCE.id || ref.datasource.kind !== 'postgres') return null;
          const pending = connectors.length ? ` (${connectors.map((c) => c.name).join(', ')} has not synced any data yet)` : '';
          return {
            origin: 'demo',
            label: 'the demo data',
            note: `This is from the demo data${pending} — connect ${PROVIDER[category]} on the Connections page to see yours.`,
            query: (sql, params) => demoQuery(ref.datasource, sql, params, ref.signal),
          };
        },
      };
    },
  };
}

export type ConnectedDataService = ReturnType<typeof createConnectedData>;
