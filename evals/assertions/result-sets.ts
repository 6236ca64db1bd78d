/**
 * Result-set equality as Spider and BIRD define execution accuracy: the same rows (as a
 * multiset, in order only when the gold query orders), compared by value — column names are
 * ignored, columns may come in another order, numbers match within a tolerance.
 */
export interface ResultSet {
  columns: string[];
  rows: unknown[][];
}

export interface CompareOptions {
  ordered: boolean;
  /** Absolute tolerance for numbers (float rounding far below it is always forgiven). */
  tolerance: number;
}

export type CompareOutcome = { equal: true; note: string } | { equal: false; reason: string };

type Norm = number | string | boolean | null;

/**
 * A midnight (as pg gives a `date`, in local time, or date_trunc a timestamptz, in UTC) is
 * compared as the day it names; any other time as its instant.
 */
function dateValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  if (!d.getHours() && !d.getMinutes() && !d.getSeconds() && !d.getMilliseconds()) return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  if (!d.getUTCHours() && !d.getUTCMinutes() && !d.getUTCSeconds() && !d.getUTCMilliseconds()) return d.toISOString().slice(0, 10);
  return d.toISOString();
}

/** Numbers (pg returns numeric and bigint as strings) become numbers; dates ISO strings. */
export function normalizeValue(v: unknown): Norm {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return dateValue(v);
  if (typeof v === 'string') {
    const t = v.trim();
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return Number(t);
    // A timestamp string at midnight names a day, like a date does.
    const midnight = /^(\d{4}-\d{2}-\d{2})[ T]00:00:00(\.0+)?(Z|[+-]00(:?00)?)?$/.exec(t);
    if (midnight) return midnight[1];
    return v;
  }
  return JSON.stringify(v);
}

function same(a: Norm, b: Norm, tol: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    const d = Math.abs(a - b);
    return d <= tol || d <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  }
  return a === b;
}

const rowsEqual = (a: Norm[], b: Norm[], tol: number) => a.length === b.length && a.every((v, i) => same(v, b[i], tol));

function sortKey(v: Norm): string {
  if (typeof v === 'number') return `n${v.toFixed(6).padStart(30, '0')}`;
  return v === null ? 'a' : `s${String(v)}`;
}
const rowKey = (r: Norm[]) => r.map(sortKey).join('\u0001');

function multisetEqual(expected: Norm[][], actual: Norm[][], tol: number): boolean {
  if (expected.length !== actual.length) return false;
  // Sorting first makes most matches pairwise; the greedy pass covers values a tolerance apart.
  const a = [...actual].sort((x, y) => rowKey(x).localeCompare(rowKey(y)));
  const e = [...expected].sort((x, y) => rowKey(x).localeCompare(rowKey(y)));
  if (e.every((r, i) => rowsEqual(r, a[i], tol))) return true;
  if (e.length > 2000) return false;
  const used = new Array<boolean>(a.length).fill(false);
  return e.every((r) => {
    const i = a.findIndex((x, j) => !used[j] && rowsEqual(r, x, tol));
    if (i < 0) return false;
    used[i] = true;
    return true;
  });
}

function compareAligned(expected: Norm[][], actual: Norm[][], o: CompareOptions): boolean {
  if (o.ordered) return expected.length === actual.length && expected.every((r, i) => rowsEqual(r, actual[i], o.tolerance));
  return multisetEqual(expected, actual, o.tolerance);
}

/** Maps each gold column to an actual column holding the same values, when there is one. */
function columnMapping(expected: Norm[][], actual: Norm[][], width: number, tol: number): number[] | null {
  const col = (rows: Norm[][], j: number) => rows.map((r) => [r[j]]);
  const map: number[] = [];
  const used = new Set<number>();
  for (let j = 0; j < width; j++) {
    const k = [...Array(width).keys()].find((c) => !used.has(c) && multisetEqual(col(expected, j), col(actual, c), tol));
    if (k === undefined) return null;
    used.add(k);
    map.push(k);
  }
  return map;
}

export function compareResultSets(gold: ResultSet, produced: ResultSet, o: CompareOptions): CompareOutcome {
  const expected = gold.rows.map((r) => r.map(normalizeValue));
  const actual = produced.rows.map((r) => r.map(normalizeValue));
  if (gold.columns.length !== produced.columns.length) {
    return { equal: false, reason: `${produced.columns.length} columns (${produced.columns.join(', ')}), gold has ${gold.columns.length} (${gold.columns.join(', ')})` };
  }
  if (expected.length !== actual.length) return { equal: false, reason: `${actual.length} rows, gold has ${expected.length}` };
  const order = o.ordered ? 'in order' : 'in any order';
  if (compareAligned(expected, actual, o)) return { equal: true, note: `${actual.length} rows match the gold ${order}` };
  const map = columnMapping(expected, actual, gold.columns.length, o.tolerance);
  if (map && map.some((k, j) => k !== j)) {
    const reordered = actual.map((r) => map.map((k) => r[k]));
    if (compareAligned(expected, reordered, o)) return { equal: true, note: `${actual.length} rows match the gold ${order}, columns reordered` };
  }
  const firstDiff = o.ordered ? expected.findIndex((r, i) => !rowsEqual(r, actual[i], o.tolerance)) : -1;
  return {
    equal: false,
    reason: firstDiff >= 0
      ? `row ${firstDiff + 1} is ${JSON.stringify(actual[firstDiff])}, gold ${JSON.stringify(expected[firstDiff])}`
      : `the rows differ from the gold (${order}); e.g. gold ${JSON.stringify(expected[0])}, got ${JSON.stringify(actual[0])}`,
  };
}
