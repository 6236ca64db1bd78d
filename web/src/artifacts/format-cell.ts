import type { TableColumn } from '../../../tools/artifacts';

const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(opts)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale, opts)));
  return f;
}

/** A cell as people read it: numbers grouped, money with its currency, shares as percent. */
export function formatCell(value: unknown, column: TableColumn, locale: string): string {
  if (value === null || value === undefined) return '—';
  if ((column.kind === 'number' || column.kind === 'integer') && value !== '' && !Number.isNaN(Number(value))) {
    const n = Number(value);
    if (column.unit === 'currency') return numberFormat(locale, { style: 'currency', currency: column.currency ?? 'USD' }).format(n);
    if (column.unit === 'percent') return numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(n);
    return numberFormat(locale, { maximumFractionDigits: column.kind === 'integer' ? 0 : 2 }).format(n);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
