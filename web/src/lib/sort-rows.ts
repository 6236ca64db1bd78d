export type SortDirection = 'asc' | 'desc';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Compares two cells: nulls last, numbers numerically, everything else as text (numeric-aware). */
export function compareCells(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  const na = typeof a === 'number' ? a : typeof a === 'string' && a.trim() !== '' ? Number(a) : NaN;
  const nb = typeof b === 'number' ? b : typeof b === 'string' && b.trim() !== '' ? Number(b) : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return collator.compare(String(a), String(b));
}

/** A sorted copy of the rows by one column; the sort is stable, nulls stay last in both directions. */
export function sortRows(rows: unknown[][], column: number, direction: SortDirection): unknown[][] {
  const sign = direction === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((x, y) => {
      const a = x.row[column];
      const b = y.row[column];
      const nullish = (v: unknown) => v === null || v === undefined;
      if (nullish(a) || nullish(b)) return nullish(a) === nullish(b) ? x.i - y.i : nullish(a) ? 1 : -1;
      return sign * compareCells(a, b) || x.i - y.i;
    })
    .map((x) => x.row);
}
