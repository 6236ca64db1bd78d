/**
 * CSV writing for the exports, through @fast-csv/format (quoting is the library's, not ours).
 * UTF-8 with a byte-order mark and CRLF rows: Google Ads Editor and Ads Manager import UTF-8 CSV,
 * and the BOM is what makes Excel (where marketers open these first) read €, umlauts and CJK
 * correctly instead of as mojibake. Editor's own export is UTF-16 TSV, but it imports both.
 */
import { writeToBuffer } from '@fast-csv/format';

export type Cell = string | number | undefined;

/** One CSV: the header, then each row as a map from column to value (absent columns stay blank). */
export async function toCsv(columns: string[], rows: Record<string, Cell>[]): Promise<Buffer> {
  const known = new Set(columns);
  for (const row of rows) {
    for (const key of Object.keys(row)) if (!known.has(key)) throw new Error(`export: column "${key}" is not in the header`);
  }
  const table = [columns, ...rows.map((row) => columns.map((c) => (row[c] === undefined ? '' : String(row[c]))))];
  return writeToBuffer(table, { writeBOM: true, rowDelimiter: '\r\n', includeEndRowDelimiter: true });
}

/** `Outdoor gear – Europe` → `outdoor-gear-europe`, for file names. */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return s || 'campaign';
}
