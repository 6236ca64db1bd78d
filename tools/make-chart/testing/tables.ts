import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { fileURLToPath } from 'node:url';
import type { ColumnKind, TableArtifactData, TableColumn } from '../../artifacts';

/** Real public data sets (plotly, vega-datasets) inside the repository, found from this file. */
export const DATA_DIR = fileURLToPath(new URL('../../../evals/datasets', import.meta.url));

/** Reads a CSV (or TSV) with quoted fields into a header and string rows (csv-parse). */
export function readCsv(path: string, delimiter = ','): { header: string[]; rows: string[][] } {
  const [header, ...rows] = parse(readFileSync(path, 'utf8'), { bom: true, delimiter, skip_empty_lines: true, relax_column_count: true }) as string[][];
  return { header, rows };
}

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  dbType?: string;
  unit?: TableColumn['unit'];
  currency?: string;
}

/** A table artifact as the SQL tool would produce it, from records. */
export function table(columns: ColumnSpec[], rows: unknown[][], question?: string): TableArtifactData {
  return { columns, rows, rowCount: rows.length, truncated: false, question, sql: 'SELECT …' };
}

const MONTHS: Record<string, string> = { Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12' };

/** "Jan 1 2000" → "2000-01-01"; "1/5/2019" (m/d/y) → "2019-01-05"; ISO stays. */
export function isoDate(s: string): string {
  const named = /^([A-Z][a-z]{2}) (\d{1,2}) (\d{4})$/.exec(s);
  if (named) return `${named[3]}-${MONTHS[named[1]]}-${named[2].padStart(2, '0')}`;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{2,4})$/.exec(s);
  if (us) {
    const y = us[3].length === 2 ? (Number(us[3]) > 50 ? `19${us[3]}` : `20${us[3]}`) : us[3];
    return `${y}-${us[1].padStart(2, '0')}-${us[2].padStart(2, '0')}`;
  }
  return s;
}

/**
 * What a GROUP BY query returns: rows grouped by the key columns with one aggregate, in key order.
 */
export function groupBy(
  rows: string[][],
  header: string[],
  keys: { column: string; map?: (v: string) => string }[],
  measure: { column?: string; op: 'sum' | 'avg' | 'count' },
): unknown[][] {
  const idx = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`no column ${name} in ${header.join(',')}`);
    return i;
  };
  const keyIdx = keys.map((k) => ({ i: idx(k.column), map: k.map ?? ((v: string) => v) }));
  const m = measure.column ? idx(measure.column) : -1;
  const groups = new Map<string, { key: string[]; sum: number; n: number }>();
  for (const r of rows) {
    const key = keyIdx.map((k) => k.map(r[k.i]));
    const g = groups.get(key.join('\u0000')) ?? { key, sum: 0, n: 0 };
    g.sum += m >= 0 ? Number(r[m].replace(',', '.')) : 1;
    g.n += 1;
    groups.set(key.join('\u0000'), g);
  }
  return [...groups.values()]
    .sort((a, b) => a.key.join('\u0000').localeCompare(b.key.join('\u0000')))
    .map((g) => [...g.key, measure.op === 'count' ? g.n : measure.op === 'avg' ? Math.round((g.sum / g.n) * 100) / 100 : Math.round(g.sum * 100) / 100]);
}

export function csv(name: string, delimiter?: string) {
  return readCsv(`${DATA_DIR}/${name}`, delimiter);
}
