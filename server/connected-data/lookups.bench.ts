import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { chargesTemplate, mrrTemplate, refundsTemplate } from '../../tools/lookup-payments/payment-templates';
import type { Template } from '../../tools/lookup-payments/lookup-common';
import { resolvePeriod, type Period } from '../../tools/lookup-payments/lookup-common';
import type { DataSourceHandle } from '../../tools/types';
import { fmt, percentile, report } from '../bench/stats';
import { openStore } from '../store/store';
import { createConnectedData } from './connected-data';

const CHARGES = 1_000_000;
const NOISE = 100_000;
const CUSTOMERS = 50_000;

/** Fills the store's synced tables for one workspace (plus another's noise) in Postgres itself. */
async function seed(pool: import('pg').Pool) {
  await pool.query(`INSERT INTO workspaces (id, name) VALUES ('bench', 'Bench'), ('noise', 'Noise') ON CONFLICT DO NOTHING`);
  await pool.query(`INSERT INTO connectors (id, workspace_id, kind, name, credentials_encrypted) VALUES ('con_bench', 'bench', 'stripe', 'Stripe bench', 'x'), ('con_noise', 'noise', 'stripe', 'Stripe noise', 'x')`);
  for (const [ws, con, n] of [['bench', 'con_bench', CHARGES], ['noise', 'con_noise', NOISE]] as const) {
    await pool.query(
      `INSERT INTO pay_customers (workspace_id, connector_id, id, email, name, created_at, raw)
       SELECT $1, $2, 'cus_' || g, 'customer' || g || '@example.com', 'Customer ' || g, now() - interval '800 days', '{}' FROM generate_series(1, ${CUSTOMERS}) g`,
      [ws, con],
    );
    // Two years of charges, 3% failed; the 1M land in batches so PGlite's one connection stays responsive.
    for (let from = 1; from <= n; from += 250_000) {
      const to = Math.min(n, from + 249_999);
      await pool.query(
        `INSERT INTO pay_charges (workspace_id, connector_id, id, customer_id, amount, currency, status, created_at, raw)
         SELECT $1, $2, 'ch_' || g, 'cus_' || (1 + g % ${CUSTOMERS}), round((5 + (g::bigint * 7919 % 50000) / 100.0)::numeric, 2), 'usd',
                CASE WHEN g % 33 = 0 THEN 'failed' ELSE 'succeeded' END, now() - make_interval(secs => (g::bigint * 104729 % (730 * 86400))), '{}'
         FROM generate_series(${from}, ${to}) g`,
        [ws, con],
      );
    }
    await pool.query(
      `INSERT INTO pay_refunds (workspace_id, connector_id, id, charge_id, amount, currency, status, created_at, raw)
       SELECT $1, $2, 're_' || g, 'ch_' || g, 5, 'usd', 'succeeded', now() - make_interval(secs => (g::bigint * 104729 % (730 * 86400))), '{}'
       FROM generate_series(50, ${n}, 50) g`,
      [ws, con],
    );
    await pool.query(
      `INSERT INTO pay_subscriptions (workspace_id, connector_id, id, customer_id, status, mrr, currency, started_at, canceled_at, created_at, raw)
       SELECT $1, $2, 'sub_' || g, 'cus_' || g, CASE WHEN g % 4 = 0 THEN 'canceled' ELSE 'active' END, 19 + g % 3 * 30, 'usd',
              now() - make_interval(days => g % 700), CASE WHEN g % 4 = 0 THEN now() - make_interval(days => g % 300) END, now() - make_interval(days => g % 700), '{}'
       FROM generate_series(1, ${CUSTOMERS}) g`,
      [ws, con],
    );
  }
  await pool.query('ANALYZE pay_customers, pay_charges, pay_refunds, pay_subscriptions');
}

/**
 * `npm run bench lookups`: lookup latency on 1M synced charges of one workspace (and 100k of
 * another's as noise), through the server's own path (read-only transaction, reader role,
 * row-level security): failed payments this week, one customer's refunds, the MRR trend. Also
 * prints whether each plan starts from an index. PGlite by default; DATABASE_URL for a server.
 */
export async function benchLookups(opts: { runs?: number } = {}) {
  const runs = opts.runs ?? 30;
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-lookups-'));
  const store = await openStore({ dataDir: dir, databaseUrl: process.env.DATABASE_URL });
  const rows: [string, string][] = [];
  try {
    const s0 = performance.now();
    await seed(store.db.pool);
    rows.push([`insert ${CHARGES.toLocaleString('en-US')} + ${NOISE.toLocaleString('en-US')} charges (${store.db.kind})`, `${fmt((performance.now() - s0) / 1000, 1)} s`]);
    const connected = createConnectedData({ pool: store.db.pool, log: pino({ level: 'silent' }), timeoutMs: 60_000, maxRows: 10_000 });
    const elsewhere = { id: 'none', name: 'none', kind: 'postgres', schemas: [], sql: { query: async () => ({ rows: [], fields: [], rowCount: 0 }) } } as unknown as DataSourceHandle;
    const source = (await connected.forCall({ workspaceId: 'bench', datasource: elsewhere }).open('payments'))!;
    const today = new Date().toISOString().slice(0, 10);
    const week = resolvePeriod({ from: 'this week' }, today, null) as Period;
    const year = resolvePeriod({}, today, 365) as Period;
    const cases: [string, Template][] = [
      ['failed payments this week', chargesTemplate('synced', { period: week, grain: 'day', limit: 100 }, true)],
      ['refunds for one customer (email)', refundsTemplate('synced', { customer: 'customer4242@example.com', period: null, grain: 'day', limit: 100 })],
      ['MRR trend, 12 months', mrrTemplate('synced', { period: year, grain: 'month', limit: 100 })],
    ];
    for (const [name, t] of cases) {
      const times: number[] = [];
      let n = 0;
      for (let i = 0; i < runs + 2; i++) {
        const q0 = performance.now();
        n = (await source.query(t.sql, t.params)).rowCount;
        if (i >= 2) times.push(performance.now() - q0);
      }
      const plan = await planStart(store.db.pool, t);
      rows.push([`${name} (${n} rows, ${runs} runs)`, `p50 ${fmt(percentile(times, 50))} ms, p99 ${fmt(percentile(times, 99))} ms; plan: ${plan}`]);
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  report('Payment lookups on synced data', rows);
}

/** The scan nodes of a template's plan, as the reader runs it (does it start from an index?). */
async function planStart(pool: import('pg').Pool, t: Template): Promise<string> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN READ ONLY');
    await c.query(`SELECT set_config('parley.workspace_id', 'bench', true)`);
    await c.query('SET LOCAL ROLE parley_lookup_reader').catch(() => undefined);
    const r = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${t.sql}`, t.params);
    const scans = r.rows.map((x) => x['QUERY PLAN']).filter((l) => /Scan/.test(l)).map((l) => l.trim().replace(/^->\s*/, '').replace(/\s+\(cost.*$/, ''));
    return [...new Set(scans)].slice(0, 3).join('; ');
  } finally {
    await c.query('ROLLBACK').catch(() => undefined);
    c.release();
  }
}
