import { createWriteStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { decodeText, detectDelimiter, detectEncoding, columnNames, tableName } from './sniff';
import type { IngestLimits, TableMeta } from './protocol';
import { declaredUnzippedBytes, sheetRows, WorkbookRefusal } from './xlsx';

/** A refusal of the file itself (runs in the worker; the server turns `code` into a ParleyError). */
export class IngestRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes rows as RFC 4180 CSV, waiting for the stream when it is full. */
async function writeCsv(path: string, header: string[], rows: AsyncIterable<unknown[]> | Iterable<unknown[]>): Promise<number> {
  const out = createWriteStream(path, { mode: 0o600 });
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(`${header.map(csvField).join(',')}\n`);
  let n = 0;
  for await (const r of rows) {
    const cells = header.map((_, i) => csvField(r[i]));
    await write(`${cells.join(',')}\n`);
    n++;
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return n;
}

/** Renames the loaded columns to the names people and SQL can use. */
async function tidyColumns(c: DuckDBConnection, table: string) {
  const cols = (await c.runAndReadAll(`SELECT column_name FROM duckdb_columns() WHERE table_name = ${lit(table)} ORDER BY column_index`)).getRowObjects().map((r) => String(r.column_name));
  const tidy = columnNames(cols);
  for (let i = 0; i < cols.length; i++) if (cols[i] !== tidy[i]) await c.run(`ALTER TABLE ${q(table)} RENAME COLUMN ${q(cols[i])} TO ${q(tidy[i])}`);
}

/** Loads a delimited UTF-8 file; lines that do not parse are kept out and counted. */
async function loadCsv(c: DuckDBConnection, table: string, path: string, opts: { delim: string; header?: boolean }): Promise<number> {
  const header = opts.header === undefined ? '' : `, header=${opts.header}`;
  await c.run(`CREATE TABLE ${q(table)} AS SELECT * FROM read_csv(${lit(path)}, delim=${lit(opts.delim)}, quote='"', escape='"', store_rejects=true, rejects_table='parley_rejects', rejects_scan='parley_scans'${header})`);
  const r = await c.runAndReadAll('SELECT count(DISTINCT line)::INTEGER AS n FROM parley_rejects');
  const n = Number(r.getRowObjects()[0].n);
  await c.run('DROP TABLE IF EXISTS parley_rejects');
  await c.run('DROP TABLE IF EXISTS parley_scans');
  return n;
}

async function ingestCsv(c: DuckDBConnection, source: string, dir: string, name: string, taken: Set<string>) {
  const bytes = await readFile(source);
  const enc = detectEncoding(bytes);
  let path = source;
  let text: string;
  if (enc === 'utf-8' && !(bytes[0] === 0xef && bytes[1] === 0xbb)) {
    text = bytes.subarray(0, 256 * 1024).toString('utf8');
  } else {
    // DuckDB reads only UTF-8 (and Latin-1/UTF-16 by name; Windows-1252 needs an extension we lack).
    text = decodeText(bytes, enc);
    path = join(dir, 'source.utf8.csv');
    await writeFile(path, text, { mode: 0o600 });
  }
  if (!text.trim()) throw new IngestRefusal('upload:empty', 'the file has no text in it');
  const table = tableName(name, taken);
  const rejected = await loadCsv(c, table, path, { delim: detectDelimiter(text) });
  return [{ table, rejected }];
}

/** One level of nesting becomes `parent_child` columns; deeper values and arrays stay JSON text. */
function flatten(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k2, v2] of Object.entries(v)) out[`${k}_${k2}`] = v2 && typeof v2 === 'object' ? JSON.stringify(v2) : v2;
    else out[k] = Array.isArray(v) ? JSON.stringify(v) : v;
  }
  return out;
}

async function ingestJson(c: DuckDBConnection, source: string, dir: string, name: string, taken: Set<string>) {
  const bytes = await readFile(source);
  const text = decodeText(bytes, detectEncoding(bytes)).trim();
  if (!text) throw new IngestRefusal('upload:empty', 'the file has no text in it');
  let records: unknown[] = [];
  let rejected = 0;
  if (text.startsWith('[')) {
    try {
      records = JSON.parse(text) as unknown[];
    } catch {
      throw new IngestRefusal('upload:unreadable', 'the file starts like a JSON array but is not valid JSON');
    }
  } else {
    for (const line of text.split(/\r?\n/)) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line));
      } catch {
        rejected++;
      }
    }
  }
  const objects = records.filter((r): r is Record<string, unknown> => !!r && typeof r === 'object' && !Array.isArray(r)).map(flatten);
  rejected += records.length - objects.length;
  const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))];
  if (!objects.length || !keys.length) throw new IngestRefusal('upload:no_rows', 'the file has no records (Parley reads a JSON array of objects, or one object per line)');
  const path = join(dir, 'source.csv');
  await writeCsv(path, columnNames(keys), objects.map((o) => keys.map((k) => o[k])));
  const table = tableName(name, taken);
  rejected += await loadCsv(c, table, path, { delim: ',', header: true });
  return [{ table, rejected }];
}

/** Blank header cells (a merged cell's other parts) take the name on their left, numbered. */
function headerOf(row: unknown[]): string[] {
  let last = '';
  return row.map((v, i) => {
    const s = v === null || v === undefined ? '' : String(v).trim();
    if (s) last = s;
    return s || (last ? `${last} ${i + 1}` : `column ${i + 1}`);
  });
}

async function ingestXlsx(c: DuckDBConnection, source: string, dir: string, limits: IngestLimits, taken: Set<string>) {
  const declared = await declaredUnzippedBytes(source);
  if (declared > limits.maxExpandedBytes) {
    throw new IngestRefusal('upload:too_large_expanded', `the workbook unpacks to ${Math.round(declared / 2 ** 20)} MB, more than the ${Math.round(limits.maxExpandedBytes / 2 ** 20)} MB Parley reads`);
  }
  const loaded: { table: string; rejected: number }[] = [];
  let sheetNo = 0;
  try {
    for await (const sheet of sheetRows(source, limits.maxCells)) {
      const nonEmpty = (async function* () {
        for await (const r of sheet.rows) if (!r.every((v) => v === null || v === '')) yield r;
      })();
      // The first non-empty row is the header; the rest stream straight to CSV.
      const first = await nonEmpty.next();
      if (first.done) continue;
      const path = join(dir, `sheet${++sheetNo}.csv`);
      const written = await writeCsv(path, columnNames(headerOf(first.value)), { [Symbol.asyncIterator]: () => nonEmpty });
      if (!written) continue;
      const table = tableName(sheet.name, taken);
      loaded.push({ table, rejected: await loadCsv(c, table, path, { delim: ',', header: true }) });
      await excelSerialDates(c, table);
    }
  } catch (e) {
    if (e instanceof WorkbookRefusal) throw new IngestRefusal(e.code, e.message);
    throw new IngestRefusal('upload:unreadable', 'the workbook could not be read (it may be damaged or password-protected)');
  }
  return loaded;
}

/**
 * Date columns typed as numbers are Excel serials (days since 1899-12-30) when their name says
 * date and every value is a plausible day (1954–2119).
 */
async function excelSerialDates(c: DuckDBConnection, table: string) {
  const cols = (await c.runAndReadAll(`SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ${lit(table)}`)).getRowObjects();
  for (const col of cols) {
    const name = String(col.column_name);
    if (!/date|day/i.test(name) || !/^(BIGINT|INTEGER|DOUBLE)$/.test(String(col.data_type))) continue;
    const r = (await c.runAndReadAll(`SELECT min(${q(name)})::DOUBLE AS lo, max(${q(name)})::DOUBLE AS hi FROM ${q(table)}`)).getRowObjects()[0];
    if (Number(r.lo) >= 20_000 && Number(r.hi) <= 80_000) {
      await c.run(`ALTER TABLE ${q(table)} ALTER ${q(name)} TYPE DATE USING (DATE '1899-12-30' + CAST(floor(${q(name)}) AS INTEGER))`);
    }
  }
}

/**
 * Text columns that are numbers written the European way (`45,06`, `1.234,5`) or with thousands
 * separators (`1,234.5`) become DOUBLE. Every value must read as such a number; a decimal comma
 * is taken only when some value cannot be a thousands separator (not exactly three digits after it).
 */
async function textNumbers(c: DuckDBConnection, table: string) {
  const cols = (await c.runAndReadAll(`SELECT column_name FROM duckdb_columns() WHERE table_name = ${lit(table)} AND data_type = 'VARCHAR'`)).getRowObjects().map((r) => String(r.column_name));
  for (const name of cols) {
    const v = `trim(${q(name)})`;
    const r = (
      await c.runAndReadAll(
        `SELECT count(${q(name)})::BIGINT AS n,
                count(*) FILTER (WHERE regexp_full_match(${v}, '-?(\\d{1,3}(\\.\\d{3})*|\\d+)(,\\d+)?'))::BIGINT AS eu,
                count(*) FILTER (WHERE regexp_full_match(${v}, '-?[0-9.]*,(\\d{1,2}|\\d{4,})'))::BIGINT AS eu_decimal,
                count(*) FILTER (WHERE regexp_full_match(${v}, '-?\\d{1,3}(,\\d{3})+(\\.\\d+)?|-?\\d+(\\.\\d+)?'))::BIGINT AS us,
                count(*) FILTER (WHERE ${v} LIKE '%,%')::BIGINT AS commas
           FROM ${q(table)}`,
      )
    ).getRowObjects()[0];
    const n = Number(r.n);
    if (!n || !Number(r.commas)) continue;
    if (Number(r.eu) === n && Number(r.eu_decimal) > 0) {
      await c.run(`ALTER TABLE ${q(table)} ALTER ${q(name)} TYPE DOUBLE USING CAST(replace(replace(${v}, '.', ''), ',', '.') AS DOUBLE)`);
    } else if (Number(r.us) === n) {
      await c.run(`ALTER TABLE ${q(table)} ALTER ${q(name)} TYPE DOUBLE USING CAST(replace(${v}, ',', '') AS DOUBLE)`);
    }
  }
}

const PREVIEW_ROWS = 5;
const PREVIEW_TEXT = 120;

/** The first rows as JSON values, text cut to a readable length (a preview, not the data). */
async function previewRows(c: DuckDBConnection, table: string): Promise<unknown[][]> {
  const rows = (await c.runAndReadAll(`SELECT * FROM ${q(table)} LIMIT ${PREVIEW_ROWS}`)).getRowsJson() as unknown[][];
  return rows.map((r) => r.map((v) => (typeof v === 'string' && v.length > PREVIEW_TEXT ? `${v.slice(0, PREVIEW_TEXT)}…` : v)));
}

/** Source file → DuckDB tables → one Parquet per table in `dir`, with what each holds. */
export async function ingest(c: DuckDBConnection, req: { source: string; kind: string; name: string; dir: string; limits: IngestLimits }): Promise<TableMeta[]> {
  if ((await stat(req.source)).size === 0) throw new IngestRefusal('upload:empty', 'the file is empty');
  const taken = new Set<string>();
  let loaded: { table: string; rejected: number }[];
  try {
    if (req.kind === 'xlsx') loaded = await ingestXlsx(c, req.source, req.dir, req.limits, taken);
    else if (req.kind === 'json') loaded = await ingestJson(c, req.source, req.dir, req.name, taken);
    else if (req.kind === 'parquet') {
      const table = tableName(req.name, taken);
      await c.run(`CREATE TABLE ${q(table)} AS SELECT * FROM read_parquet(${lit(req.source)})`);
      loaded = [{ table, rejected: 0 }];
    } else loaded = await ingestCsv(c, req.source, req.dir, req.name, taken);
  } catch (e) {
    if (e instanceof IngestRefusal) throw e;
    throw new IngestRefusal('upload:unreadable', `the file could not be read as ${req.kind.toUpperCase()}`);
  }
  const tables: TableMeta[] = [];
  for (const { table, rejected } of loaded) {
    await tidyColumns(c, table);
    await textNumbers(c, table);
    const n = Number((await c.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${q(table)}`)).getRowObjects()[0].n);
    if (n === 0) continue;
    const columns = (await c.runAndReadAll(`SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ${lit(table)} ORDER BY column_index`))
      .getRowObjects()
      .map((r) => ({ name: String(r.column_name), type: String(r.data_type) }));
    const path = join(req.dir, `${table}.parquet`);
    await c.run(`COPY ${q(table)} TO ${lit(path)} (FORMAT parquet, COMPRESSION zstd)`);
    tables.push({ name: table, columns, rowCount: n, rejectedRows: rejected, preview: await previewRows(c, table), path });
  }
  if (!tables.length) throw new IngestRefusal('upload:no_rows', 'the file has a header but no rows of data');
  return tables;
}
