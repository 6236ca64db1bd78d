import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckProcess, DuckRequestError } from './duck-process';
import type { TableMeta } from './protocol';
import { datasetPath } from './testing';

const LIMITS = { maxExpandedBytes: 100 * 2 ** 20, maxCells: 5_000_000 };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-ingest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each ingest in a fresh child, as the server does it. */
async function ingest(source: string, kind: 'csv' | 'xlsx' | 'json' | 'parquet', name: string) {
  const p = new DuckProcess();
  const out = mkdtempSync(join(dir, 'u-'));
  try {
    return await p.request<TableMeta[]>({ op: 'ingest', source, kind, name, dir: out, limits: LIMITS });
  } finally {
    await p.close();
  }
}

describe('ingest: real files into DuckDB tables', () => {
  it('a CSV: supermarket sales, 1000 rows, tidy column names, numbers typed', async () => {
    const [t] = await ingest(datasetPath('plotly', 'supermarket_Sales.csv'), 'csv', 'supermarket_Sales.csv');
    expect(t.name).toBe('supermarket_sales');
    expect(t.rowCount).toBe(1000);
    expect(t.rejectedRows).toBe(0);
    expect(t.columns.find((c) => c.name === 'city')?.type).toBe('VARCHAR');
    expect(t.columns.find((c) => c.name === 'total')?.type).toBe('DOUBLE');
    expect(t.columns.map((c) => c.name)).toContain('tax_5');
  });

  it('a TSV: the tab is found as the delimiter', async () => {
    const [t] = await ingest(datasetPath('plotly', 'global_super_store_orders.tsv'), 'csv', 'orders.tsv');
    expect(t.columns.length).toBeGreaterThan(10);
    expect(t.rowCount).toBeGreaterThan(100);
  });

  it('an XLSX with three different sheets: three tables, dates as DATE', async () => {
    const tables = await ingest(datasetPath('files', 'supermarket_sales.xlsx'), 'xlsx', 'supermarket_sales.xlsx');
    expect(tables.map((t) => t.name)).toEqual(['january', 'february', 'march']);
    expect(tables.map((t) => t.rowCount)).toEqual([352, 303, 345]);
    expect(tables[0].columns.length).not.toBe(tables[1].columns.length);
    expect(tables[0].columns.find((c) => c.name === 'date')?.type).toBe('DATE');
  });

  it('a JSON array of objects', async () => {
    const [t] = await ingest(datasetPath('files', 'unemployment-across-industries.json'), 'json', 'unemployment.json');
    expect(t.rowCount).toBeGreaterThan(1000);
    expect(t.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['series', 'year', 'rate']));
  });

  it('Latin-1 / Windows-1252 text is transcoded; semicolons found; bad rows counted, not fatal', async () => {
    const text = 'Stadt;Umsatz\nKöln;10\nMünchen;20\n"Zürich €";30\nbroken;not a number;extra\n';
    const path = join(dir, 'latin1.csv');
    writeFileSync(path, Buffer.from([...text].map((ch) => (ch === '€' ? 0x80 : ch.charCodeAt(0)))));
    const [t] = await ingest(path, 'csv', 'latin1.csv');
    expect(t.columns.map((c) => c.name)).toEqual(['stadt', 'umsatz']);
    expect(t.rowCount).toBe(3);
    expect(t.rejectedRows).toBe(1);
  });

  it('UTF-16 with a BOM and a pipe delimiter', async () => {
    const path = join(dir, 'utf16.csv');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('city|sales\nOslo|1,5\nBergen|2\n', 'utf16le')]));
    const [t] = await ingest(path, 'csv', 'utf16.csv');
    expect(t.columns.map((c) => c.name)).toEqual(['city', 'sales']);
    expect(t.rowCount).toBe(2);
  });

  it.each([
    ['empty', '', 'upload:empty'],
    ['header only', 'a,b\n', 'upload:no_rows'],
  ])('refuses a CSV that is %s', async (_what, text, code) => {
    const path = join(dir, `bad-${code}.csv`);
    writeFileSync(path, text);
    const e = await ingest(path, 'csv', 'bad.csv').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DuckRequestError);
    expect((e as DuckRequestError).code).toBe(code);
  });
});
