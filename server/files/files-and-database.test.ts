import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../agent/events';
import type { TableArtifactData } from '../../tools/artifacts';
import { recordEvents, sendOk, startTestParley, type ClientSocket, type TestParley } from '../testing/harness';
import { datasetPath } from './testing';

const SUPERSTORE = datasetPath('plotly', 'global_super_store_orders.tsv');

/** The gold: the file's own sales per country, read with csv-parse (decimal commas as the file writes them). */
function salesByCountry(): Map<string, number> {
  const rows = parse(readFileSync(SUPERSTORE), { columns: true, delimiter: '\t' }) as Record<string, string>[];
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.Country, (out.get(r.Country) ?? 0) + Number(r.Sales.replace(/\./g, '').replace(',', '.')));
  return out;
}

async function upload(t: Pick<TestParley, 'fetch'>, name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(bytes)]), name);
  const res = await t.fetch('/api/uploads', { method: 'POST', body: form });
  expect(res.status).toBe(201);
  return ((await res.json()) as { data: { id: string; tables: { name: string }[] } }).data;
}

type Artifact = Extract<RunEvent, { type: 'artifact' }>;

async function ask(socket: ClientSocket, rec: ReturnType<typeof recordEvents>, payload: Parameters<typeof sendOk>[1]) {
  const ack = await sendOk(socket, payload);
  await rec.terminal(ack.data.runId, 120_000);
  const events = rec.ofRun(ack.data.runId);
  const tables = events.filter((e): e is Artifact => e.type === 'artifact' && e.kind === 'table').map((e) => e.data as TableArtifactData);
  const starts = events.filter((e) => e.type === 'tool:started') as Extract<RunEvent, { type: 'tool:started' }>[];
  return { conversationId: ack.data.conversationId, tables, starts, events };
}

const col = (t: TableArtifactData, name: string) => t.columns.findIndex((c) => c.name === name);

describe('files and the database in one conversation (offline planner, demo warehouse, a real TSV)', () => {
  let t: TestParley;
  let socket: ClientSocket;
  let rec: ReturnType<typeof recordEvents>;
  let conversationId: string;
  let warehouse: Map<string, number>;

  beforeAll(async () => {
    t = await startTestParley({ model: 'offline' });
    socket = await t.client();
    rec = recordEvents(socket);
    const ds = await t.parley.runtime.resolveDatasource({ workspaceId: 'local', datasource: null });
    const { rows } = await ds.sql.query<{ country: string; revenue: string }>(
      'SELECT c.country, sum(l.revenue) AS revenue FROM demo.order_lines l JOIN demo.orders o USING (order_id) JOIN demo.customers c USING (customer_id) GROUP BY 1',
    );
    warehouse = new Map(rows.map((r) => [r.country, Number(r.revenue)]));
  });
  afterAll(() => t?.destroy());

  it('a file question goes to the file (DuckDB): sales by country from the TSV, decimal commas read as numbers', async () => {
    const u = await upload(t, 'global_super_store_orders.tsv', readFileSync(SUPERSTORE));
    const r = await ask(socket, rec, { text: 'total sales by country in the superstore file', attachments: [{ uploadId: u.id }] });
    conversationId = r.conversationId;
    expect(r.tables, JSON.stringify(r.events.filter((e) => e.type === 'tool:finished'))).toHaveLength(1);
    const table = r.tables[0];
    expect(table.datasource).toBe('Uploaded files');
    const gold = salesByCountry();
    const got = new Map(table.rows.map((row) => [String(row[col(table, 'country')]), Number(row[row.length - 1])]));
    expect(got.size).toBe(gold.size);
    for (const [country, sales] of gold) expect(got.get(country)).toBeCloseTo(sales, 2);
  });

  it('a warehouse question in the same conversation still goes to the warehouse (Postgres)', async () => {
    const r = await ask(socket, rec, { text: 'total revenue by country', conversationId });
    expect(r.tables).toHaveLength(1);
    const table = r.tables[0];
    expect(table.datasource).toBe('Demo warehouse');
    expect(table.sql).toMatch(/demo\.order_lines/);
    const got = new Map(table.rows.map((row) => [String(row[0]), Number(row[row.length - 1])]));
    expect(got.size).toBe(warehouse.size);
    for (const [country, revenue] of warehouse) expect(got.get(country)).toBeCloseTo(revenue, 2);
  });

  it('a question naming both: the warehouse answers its side, then DuckDB joins it with the file, country by country', async () => {
    const r = await ask(socket, rec, { text: 'compare sales by country in the superstore file with revenue by country from the warehouse', conversationId });
    // Two steps: query_data on the database, then query_data on the files.
    expect(r.starts.map((s) => [s.name, (s.input as { source?: string }).source])).toEqual([
      ['query_data', 'database'],
      ['query_data', 'files'],
    ]);
    expect(r.tables.map((x) => x.datasource)).toEqual(['Demo warehouse', 'Uploaded files']);
    const joined = r.tables[1];
    expect(joined.sql).toMatch(/FULL OUTER JOIN/);
    const [ck, cs, cr, cd] = ['country', 'sales', 'total_revenue', 'difference'].map((n) => col(joined, n));
    expect([ck, cs, cr, cd].every((i) => i >= 0), JSON.stringify(joined.columns)).toBe(true);
    const gold = salesByCountry();
    const countries = new Set([...gold.keys(), ...warehouse.keys()]);
    expect(joined.rows).toHaveLength(countries.size);
    let both = 0;
    for (const row of joined.rows) {
      const country = String(row[ck]);
      const sales = gold.get(country);
      const revenue = warehouse.get(country);
      if (sales === undefined) expect(row[cs]).toBeNull();
      else expect(Number(row[cs])).toBeCloseTo(sales, 2);
      if (revenue === undefined) expect(row[cr]).toBeNull();
      else expect(Number(row[cr])).toBeCloseTo(revenue, 2);
      if (sales !== undefined && revenue !== undefined) {
        both++;
        expect(Number(row[cd])).toBeCloseTo(revenue - sales, 1);
      }
    }
    // The demo warehouse's countries that the superstore also sells in (Germany, France, United States…).
    expect(both).toBeGreaterThan(5);
  });

  it('describe_data lists the warehouse and the files, the loaded database result among them', async () => {
    const r = await ask(socket, rec, { text: 'what data can I ask about?', conversationId });
    const text = r.events.map((e) => (e.type === 'message:delta' ? e.text : '')).join('');
    expect(text).toMatch(/in "Demo warehouse"/);
    expect(text).toMatch(/in the uploaded files/);
    expect(text).toMatch(/\*\*global_super_store_orders\*\*/);
    expect(text).toMatch(/\*\*revenue_by_country\*\*/);
  });

  it('SQL a person writes over a file and a loaded result runs on DuckDB; SQL over the warehouse runs on Postgres', async () => {
    const files = await ask(socket, rec, {
      text: 'SELECT g.country, count(*) AS orders, max(r.total_revenue) AS revenue FROM global_super_store_orders g JOIN revenue_by_country r ON r.country = g.country GROUP BY 1 ORDER BY 1',
      conversationId,
    });
    expect(files.tables).toHaveLength(1);
    expect(files.tables[0].datasource).toBe('Uploaded files');
    const germany = files.tables[0].rows.find((row) => row[0] === 'Germany');
    expect(Number(germany?.[2])).toBeCloseTo(warehouse.get('Germany')!, 2);
    const db = await ask(socket, rec, { text: 'SELECT count(*) AS n FROM demo.customers', conversationId });
    expect(db.tables[0].datasource).toBe('Demo warehouse');
    expect(Number(db.tables[0].rows[0][0])).toBe(5000);
  });
});
