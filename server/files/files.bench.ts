import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { fmt, mb, percentile, report } from '../bench/stats';
import { startTestParley, type TestParley } from '../testing/harness';
import { datasetPath } from './testing';

const REGIONS = ['Europe', 'North America', 'APAC', 'LATAM', 'Africa', 'Middle East', 'Oceania', 'Caribbean'];

/** Writes `rows` lines of a 5-column sales CSV (id, region, product, day, amount), deterministic. */
async function writeCsv(path: string, rows: number) {
  const out = createWriteStream(path);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('id,region,product,day,amount\n');
  const day0 = Date.UTC(2020, 0, 1);
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    const day = new Date(day0 + (i % 1500) * 86_400_000).toISOString().slice(0, 10);
    chunk += `${i},${REGIONS[i % REGIONS.length]},product ${(i * 7) % 50},${day},${((i * 37) % 10_000) / 100}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((r) => out.end(() => r()));
}

/** A 200k-row, 5-column workbook, streamed to disk by exceljs. */
async function writeXlsx(path: string, rows: number) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('sales');
  ws.addRow(['id', 'region', 'product', 'day', 'amount']).commit();
  const day0 = Date.UTC(2020, 0, 1);
  for (let i = 1; i <= rows; i++) ws.addRow([i, REGIONS[i % REGIONS.length], `product ${(i * 7) % 50}`, new Date(day0 + (i % 1500) * 86_400_000), ((i * 37) % 10_000) / 100]).commit();
  ws.commit();
  await wb.commit();
}

async function upload(t: TestParley, path: string, name: string, conversationId?: string) {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(path)]), name);
  if (conversationId) form.append('conversationId', conversationId);
  const res = await t.fetch('/api/uploads', { method: 'POST', body: form });
  const body = (await res.json()) as { data?: { id: string; tables: { name: string; rowCount: number }[] }; error?: { message: string } };
  if (res.status !== 201 || !body.data) throw new Error(`upload of ${name} failed (${res.status}): ${body.error?.message}`);
  return body.data;
}

/** Resident memory (bytes) of this process's children, summed (the DuckDB ingest child while it runs). */
function childrenRss(): number {
  try {
    const out = execFileSync('ps', ['-o', 'rss=', '--ppid', String(process.pid)], { encoding: 'utf8' });
    return out.split('\n').reduce((s, l) => s + (Number(l.trim()) || 0), 0) * 1024;
  } catch {
    return 0;
  }
}

/** Upload → attach → the conversation's file session open → one query answered. */
async function uploadToFirstAnswer(t: TestParley, path: string, name: string) {
  const conversationId = randomUUID();
  const owner = { workspaceId: 'local', userId: t.admin.user.id };
  await t.parley.store.conversations.create({ id: conversationId, ...owner, title: `bench ${name}` });
  const t0 = performance.now();
  const u = await upload(t, path, name, conversationId);
  const uploaded = performance.now();
  await t.parley.uploads.attach(owner, conversationId, [u.id]);
  const handle = await t.parley.files.handle('local', conversationId);
  const table = u.tables[0].name;
  const r = await handle!.files!.query(`SELECT count(*) AS n FROM "${table}"`, { timeoutMs: 120_000, maxRows: 10 });
  const answered = performance.now();
  return { ms: answered - t0, uploadMs: uploaded - t0, rows: Number(r.rows[0][0]), handle, table };
}

/**
 * `npm run bench files`: a 1M-row, 5-column CSV from upload to the first answered query, beside
 * DuckDB's own read_csv of the same file (same thread and memory limits as Parley's ingest); a
 * GROUP BY over it (p50); a 200k-row XLSX upload to queryable, with peak memory; 20 concurrent
 * small uploads (p50/p99). The big files are made in a temporary folder and removed after.
 */
export async function benchFiles(opts: { csvRows?: number; xlsxRows?: number; groupRuns?: number } = {}) {
  const csvRows = opts.csvRows ?? 1_000_000;
  const xlsxRows = opts.xlsxRows ?? 200_000;
  const groupRuns = opts.groupRuns ?? 20;
  const dir = mkdtempSync(join(tmpdir(), 'parley-files-bench-'));
  const t = await startTestParley({ model: 'offline', env: { PARLEY_MAX_UPLOAD_MB: '500' } });
  const rows: [string, string][] = [];
  try {
    const csv = join(dir, 'sales.csv');
    await writeCsv(csv, csvRows);
    rows.push(['CSV', `${csvRows.toLocaleString('en-US')} rows × 5 columns, ${mb(statSync(csv).size)}`]);

    // DuckDB on its own: a fresh instance, read_csv into a table, the same first query.
    const b0 = performance.now();
    const instance = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '1GB' });
    const c = await instance.connect();
    await c.run(`CREATE TABLE sales AS SELECT * FROM read_csv('${csv.replace(/'/g, "''")}')`);
    const baseCount = Number((await c.runAndReadAll('SELECT count(*) AS n FROM sales')).getRowsJson()[0][0]);
    const baselineMs = performance.now() - b0;
    const baseGroup: number[] = [];
    for (let i = 0; i < groupRuns; i++) {
      const g0 = performance.now();
      await c.runAndReadAll('SELECT region, sum(amount) AS amount FROM sales GROUP BY 1');
      baseGroup.push(performance.now() - g0);
    }
    c.closeSync();
    instance.closeSync();

    const first = await uploadToFirstAnswer(t, csv, 'sales.csv');
    if (first.rows !== csvRows || baseCount !== csvRows) throw new Error(`row counts differ: Parley ${first.rows}, DuckDB ${baseCount}, written ${csvRows}`);
    rows.push(['upload → first answered query (Parley)', `${fmt(first.ms / 1000, 2)} s (of which the HTTP upload and parse ${fmt(first.uploadMs / 1000, 2)} s)`]);
    rows.push(["DuckDB's own read_csv → same query", `${fmt(baselineMs / 1000, 2)} s`]);
    rows.push(['ratio (goal ≤ 1.5×)', `${fmt(first.ms / baselineMs, 2)}×`]);
    const group: number[] = [];
    for (let i = 0; i < groupRuns; i++) {
      const g0 = performance.now();
      await first.handle!.files!.query(`SELECT region, sum(amount) AS amount FROM "${first.table}" GROUP BY 1`, { timeoutMs: 60_000, maxRows: 100 });
      group.push(performance.now() - g0);
    }
    rows.push([`GROUP BY region over 1M rows (${groupRuns} runs)`, `Parley p50 ${fmt(percentile(group, 50))} ms; DuckDB alone p50 ${fmt(percentile(baseGroup, 50))} ms`]);

    const xlsx = join(dir, 'sales.xlsx');
    await writeXlsx(xlsx, xlsxRows);
    let peakChildren = 0;
    let peakServer = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakChildren = Math.max(peakChildren, childrenRss());
      peakServer = Math.max(peakServer, process.memoryUsage().rss);
    }, 100);
    const x = await uploadToFirstAnswer(t, xlsx, 'sales.xlsx').finally(() => clearInterval(sampler));
    if (x.rows !== xlsxRows) throw new Error(`the workbook gave ${x.rows} rows, not ${xlsxRows}`);
    rows.push([`XLSX ${xlsxRows.toLocaleString('en-US')} rows (${mb(statSync(xlsx).size)}) upload → queryable`, `${fmt(x.ms / 1000, 1)} s`]);
    rows.push(['  peak memory while it was read', `server process ${mb(peakServer)}, its child processes together ${mb(peakChildren)}`]);

    // 20 small uploads at once: each is parsed in its own short-lived DuckDB child.
    const small = datasetPath('plotly', 'tips.csv');
    const times = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const s0 = performance.now();
        await upload(t, small, 'tips.csv');
        return performance.now() - s0;
      }),
    );
    rows.push(['20 concurrent small uploads (tips.csv, 8 KB)', `p50 ${fmt(percentile(times, 50))} ms, p99 ${fmt(percentile(times, 99))} ms`]);
  } finally {
    await t.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  report('files (uploads into DuckDB)', rows);
}
