import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import type { RecordedRequest } from '../../agent/testing/mock-model-server';
import { startMockModelServer } from '../../agent/testing/mock-model-server';
import { parseQuestion } from '../../tools/query-data/semantic-parser';
import { executeReadOnly } from '../../tools/sql/execute';
import { introspect } from '../../tools/sql/introspect';
import { toTableArtifact } from '../../tools/sql/table-artifact';
import type { DataSourceHandle, SqlClient } from '../../tools/types';
import { createCatalogIndex } from '../datasources/catalog-index';
import { DEFOG_BUSINESS_DBS, loadDefogQuestions, resultKey, DEFOG_DIR } from '../datasources/defog';
import { createLocalEmbedder } from '../datasources/embeddings';
import { generateCatalog, goldQuestions } from '../datasources/large-catalog';
import { ask, isSqlWriterRequest } from '../datasources/testing';
import { startTestParley } from '../testing/harness';
import { fmt, percentile, report } from './stats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const PIPELINE_SQL = `SELECT c.region, sum(l.revenue) AS revenue FROM order_lines l JOIN orders o USING (order_id) JOIN customers c USING (customer_id)
 WHERE o.order_date >= current_date - 90 GROUP BY 1 ORDER BY 2 DESC`;

/**
 * Ask-the-data figures: first start (demo warehouse build), pipeline overhead per question with
 * model time excluded, retrieval recall@10 and latency on a 1,000-table catalog, rows per second
 * from Postgres to the client for a 10,000-row result, and the offline planner's execution
 * accuracy on defog's business questions.
 */
export async function benchSql(opts: { runs?: number } = {}) {
  const runs = opts.runs ?? 20;
  const mock = await startMockModelServer();
  mock.setFallback((req: RecordedRequest) => {
    if (isSqlWriterRequest(req.body)) return { text: PIPELINE_SQL };
    if (req.body.messages.at(-1)!.role === 'tool') return { text: 'Done.' };
    return { toolCalls: [{ name: 'query_data', args: { question: 'revenue by region, last 90 days' } }] };
  });

  // --- first start: a fresh data folder, migrations + demo warehouse built from nothing
  const saved = process.env.PARLEY_TEST_TEMPLATE_DIR;
  delete process.env.PARLEY_TEST_TEMPLATE_DIR;
  const t0 = performance.now();
  const t = await startTestParley({ mock });
  const firstStartMs = performance.now() - t0;
  if (saved) process.env.PARLEY_TEST_TEMPLATE_DIR = saved;
  const rows: [string, string][] = [[`first start on PGlite (migrations + demo warehouse)`, `${fmt(firstStartMs / 1000, 1)} s`]];
  try {
    // --- pipeline overhead, model time excluded
    const overheads: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const before = mock.requests.length;
      const s0 = performance.now();
      const a = await ask(t, 'revenue by region, last 90 days');
      const total = performance.now() - s0;
      if (!a.table) throw new Error(`the pipeline did not produce a table: ${a.text}`);
      const modelMs = mock.requests.slice(before).reduce((sum, r) => sum + ((r.endedAt ?? 0) - r.startedAt), 0);
      if (i >= 2) overheads.push(total - modelMs);
    }
    rows.push([`pipeline overhead per question, model excluded (PGlite, ${runs} runs)`, `p50 ${fmt(percentile(overheads, 50))} ms, p95 ${fmt(percentile(overheads, 95))} ms`]);

    // --- rows per second, Postgres → client, 10,000-row result
    const demo = await t.parley.runtime.resolveDatasource({ workspaceId: 'local', datasource: null });
    rows.push(...(await rowsPerSecond('PGlite', demo)));
    const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
    if (serverUrl) {
      const pool = new pg.Pool({ connectionString: serverUrl, max: 2 });
      const handle: DataSourceHandle = {
        id: 'bench',
        name: 'bench',
        kind: 'postgres',
        schemas: ['public'],
        sql: pool as unknown as SqlClient,
        session: async (fn) => {
          const c = await pool.connect();
          try {
            return await fn(c as unknown as SqlClient);
          } finally {
            c.release();
          }
        },
      };
      rows.push(...(await rowsPerSecond('Postgres server', handle, true)));
      await pool.end();
    } else rows.push(['rows/s on a Postgres server', 'skipped (set TEST_DATABASE_URL)']);

    // --- retrieval on a 1,000-table catalog
    const catalog = generateCatalog(1000);
    const index = createCatalogIndex({ pool: t.parley.store.db.pool, embedder: createLocalEmbedder() });
    const b0 = performance.now();
    const built = await index.build('bench/big', catalog);
    const buildMs = performance.now() - b0;
    const gold = goldQuestions(catalog, 100);
    const lat: number[] = [];
    let hit = 0;
    let total = 0;
    for (const g of gold) {
      const r0 = performance.now();
      const pieces = await index.retrieve('bench/big', g.question, 10);
      lat.push(performance.now() - r0);
      const got = new Set(pieces.map((p) => p.table));
      for (const tb of g.tables) {
        total++;
        if (got.has(tb)) hit++;
      }
    }
    rows.push([`catalog index build (1,000 tables, ${built.entries} pieces, local embedding)`, `${fmt(buildMs / 1000, 2)} s`]);
    rows.push([`retrieval recall@10 of gold tables (${gold.length} questions)`, `${fmt((100 * hit) / total, 1)} %`]);
    rows.push(['retrieval latency (PGlite)', `p50 ${fmt(percentile(lat, 50))} ms, p95 ${fmt(percentile(lat, 95))} ms`]);
  } finally {
    await t.destroy();
    await mock.close();
  }

  rows.push(...(await offlineAccuracy()));
  report('sql (ask the data)', rows);
}

async function rowsPerSecond(label: string, ds: DataSourceHandle, generated = false): Promise<[string, string][]> {
  const sql = generated
    ? `SELECT g AS line_id, g % 120 AS product_id, (g * 1.37)::numeric(12,2) AS revenue, DATE '2024-01-01' + g % 700 AS day, 'text ' || g AS note FROM generate_series(1, 10000) g`
    : 'SELECT line_id, order_id, product_id, quantity, unit_price, revenue FROM order_lines ORDER BY line_id LIMIT 10000';
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const s0 = performance.now();
    const r = await executeReadOnly(ds, sql, { timeoutMs: 30_000, maxRows: 10_000 });
    const table = toTableArtifact(r, { sql, datasource: ds.name });
    JSON.stringify(table);
    if (i > 0) times.push(performance.now() - s0);
    if (table.rows.length !== 10_000) throw new Error(`expected 10,000 rows, got ${table.rows.length}`);
  }
  const p50 = percentile(times, 50);
  return [[`10,000-row result to a table artifact (${label})`, `${fmt(p50)} ms → ${fmt(10_000 / (p50 / 1000), 0)} rows/s`]];
}

/** Offline planner (no LLM) on defog's business questions: execution accuracy against the gold result. */
async function offlineAccuracy(): Promise<[string, string][]> {
  const questions = loadDefogQuestions();
  let correct = 0;
  let correctLenient = 0;
  let answered = 0;
  const perDb: string[] = [];
  for (const db of DEFOG_BUSINESS_DBS) {
    const lite = new PGlite();
    await lite.waitReady;
    const pool = new pg.Pool(createPgConfig(lite) as unknown as pg.PoolConfig);
    try {
      await lite.exec(readFileSync(join(DEFOG_DIR, 'postgres', `${db}.sql`), 'utf8'));
      const schemas = db === 'ewallet' ? ['consumer_div'] : ['public'];
      const catalog = await introspect(pool as unknown as SqlClient, schemas);
      const handle: DataSourceHandle = { id: db, name: db, kind: 'postgres', schemas, sql: pool as unknown as SqlClient };
      let ok = 0;
      let lenient = 0;
      const qs = questions.filter((q) => q.db === db);
      for (const q of qs) {
        const parsed = parseQuestion(q.question, catalog, '2024-06-01');
        if (!parsed.ok) continue;
        answered++;
        try {
          const mine = await executeReadOnly(handle, parsed.sql, { timeoutMs: 10_000, maxRows: 10_000 });
          const mineRows = toTableArtifact(mine, { sql: parsed.sql, datasource: db }).rows;
          const mineKey = resultKey(mineRows);
          let strictHit = false;
          let lenientHit = false;
          for (const g of q.gold) {
            const gold = await executeReadOnly(handle, g, { timeoutMs: 10_000, maxRows: 10_000 }).catch(() => null);
            if (!gold) continue;
            const goldRows = toTableArtifact(gold, { sql: g, datasource: db }).rows;
            if (resultKey(goldRows) === mineKey) strictHit = true;
            if (sameNumbers(goldRows, mineRows)) lenientHit = true;
          }
          if (strictHit) ok++;
          if (strictHit || lenientHit) lenient++;
        } catch {
          /* a planner query that fails counts as wrong */
        }
      }
      correct += ok;
      correctLenient += lenient;
      perDb.push(`${db} ${ok}/${qs.length}`);
    } finally {
      await pool.end();
      await lite.close();
    }
  }
  return [
    [`offline planner execution accuracy on defog (${questions.length} business questions)`, `${correct}/${questions.length} = ${fmt((100 * correct) / questions.length, 1)} % (${perDb.join(', ')})`],
    ['… counting a result right when it has the gold rows\' numbers (extra or missing label columns allowed)', `${correctLenient}/${questions.length} = ${fmt((100 * correctLenient) / questions.length, 1)} %`],
    ['offline planner: questions it attempted (the rest it declined and asked to rephrase)', `${answered}/${questions.length}`],
  ];
}

/** Same row count and, row by row, the same numeric values (label columns may differ). */
function sameNumbers(gold: unknown[][], mine: unknown[][]): boolean {
  if (gold.length !== mine.length || !gold.length) return false;
  const nums = (rows: unknown[][]) => resultKey(rows.map((r) => r.filter((v) => typeof v === 'number')));
  const g = nums(gold);
  return g.length > 0 && g === nums(mine);
}
