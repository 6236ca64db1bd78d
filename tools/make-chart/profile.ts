import type { TableArtifactData, TableColumn } from '../artifacts';

/** What a column can do in a chart. */
export type ColumnRole = 'time' | 'measure' | 'category' | 'other';

export interface ColumnProfile {
  index: number;
  name: string;
  column: TableColumn;
  role: ColumnRole;
  /** Distinct non-null values. */
  distinct: number;
}

const ISO_DATE = /^\d{4}-\d{2}(-\d{2})?([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
const SLASH_DATE = /^\d{4}\/\d{1,2}\/\d{1,2}( \d{2}:\d{2}(:\d{2})?)?$/;
// Identifiers are numbers that must not be summed or plotted as a measure.
const ID_NAME = /(^id$|_id$|Id$|^(zip|postal|phone|code)|number$|^storenum$)/i;
const YEAR_NAME = /^(year|yr|fiscal_?year)$/i;

/** A number from what `pg` returns (numeric and bigint arrive as strings); null when it is not one. */
export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(v.trim())) return Number(v);
  return null;
}

/** A UTC date from a Date, an ISO string, or a "2015/01/01 01:00:00" string; null otherwise. */
export function toDate(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (ISO_DATE.test(s)) {
    // Date-only and zone-less strings are read as UTC, so a month never shifts with the server's zone.
    const iso = s.length === 7 ? `${s}-01` : s.replace(' ', 'T');
    const d = new Date(/[T].*(Z|[+-]\d{2}:?\d{2})$/.test(iso) || iso.length === 10 ? iso : `${iso}Z`);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  if (SLASH_DATE.test(s)) {
    const [date, time = '00:00:00'] = s.split(' ');
    const [y, m, d] = date.split('/').map(Number);
    const d2 = new Date(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T${time.length === 5 ? `${time}:00` : time}Z`);
    return Number.isNaN(d2.getTime()) ? null : d2;
  }
  return null;
}

function roleOf(col: TableColumn, values: unknown[]): ColumnRole {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (col.kind === 'date' || col.kind === 'timestamp') return 'time';
  if (col.kind === 'json') return 'other';
  if (col.kind === 'boolean') return 'category';
  if (col.kind === 'number' || col.kind === 'integer') {
    if (YEAR_NAME.test(col.name) && present.every((v) => Number.isInteger(toNumber(v)) && (toNumber(v) as number) >= 1800 && (toNumber(v) as number) <= 2200)) return 'time';
    if (ID_NAME.test(col.name) && col.unit === undefined) return 'category';
    return 'measure';
  }
  // Strings: dates written as text are time; numbers written as text (some drivers) are measures.
  if (present.length && present.every((v) => toDate(v) !== null)) return 'time';
  if (present.length && present.every((v) => toNumber(v) !== null) && !ID_NAME.test(col.name)) return 'measure';
  return 'category';
}

export function profileTable(table: TableArtifactData): ColumnProfile[] {
  return table.columns.map((column, index) => {
    const values = table.rows.map((r) => r[index]);
    const distinct = new Set(values.filter((v) => v !== null && v !== undefined).map((v) => (v instanceof Date ? v.toISOString() : String(v)))).size;
    return { index, name: column.name, column, role: roleOf(column, values), distinct };
  });
}

/** Lowercase letters and digits only, for matching what people type to column names. */
export function normalizeName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The column a person meant by `words` ("region", "Regions", "net generation"), or undefined. */
export function findColumn<C extends { name: string }>(columns: C[], words: string): C | undefined {
  const want = normalizeName(words);
  if (!want) return undefined;
  const singular = want.replace(/(es|s)$/, '');
  return (
    columns.find((c) => normalizeName(c.name) === want) ??
    columns.find((c) => normalizeName(c.name).replace(/(es|s)$/, '') === singular) ??
    columns.find((c) => normalizeName(c.name).includes(want) || (want.length >= 4 && want.includes(normalizeName(c.name))))
  );
}
