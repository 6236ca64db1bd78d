import type { KnownBlock } from '@slack/types';
import type { TableArtifactData, TableColumn } from '../../tools/artifacts';

/** Slack's table block holds at most 100 rows (the header is one) and 20 columns. */
export const TABLE_MAX_ROWS = 100;
export const TABLE_MAX_COLUMNS = 20;

type Cell = { type: 'raw_text'; text: string } | { type: 'raw_number'; value: number; text: string };

const NUMERIC = new Set<TableColumn['kind']>(['number', 'integer']);

export function formatCell(value: unknown, column: TableColumn): string {
  if (value === null || value === undefined || value === '') return '—';
  if (NUMERIC.has(column.kind)) {
    const n = Number(value);
    if (Number.isFinite(n)) {
      if (column.unit === 'percent') return `${(n * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
      if (column.unit === 'currency') {
        return n.toLocaleString('en-US', { style: 'currency', currency: column.currency ?? 'USD', maximumFractionDigits: 2 });
      }
      return n.toLocaleString('en-US', { maximumFractionDigits: column.kind === 'integer' ? 0 : 4 });
    }
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function cell(value: unknown, column: TableColumn): Cell {
  const text = formatCell(value, column);
  const n = typeof value === 'number' ? value : Number(value);
  return NUMERIC.has(column.kind) && value !== null && value !== '' && Number.isFinite(n) ? { type: 'raw_number', value: n, text } : { type: 'raw_text', text };
}

export interface TableMessage {
  text: string;
  blocks: KnownBlock[];
  /** The rows or columns that did not fit; the full table should go along as a CSV file. */
  clipped: boolean;
}

/** A table artifact as one Slack message: a caption and a table block of what fits. */
export function tableMessage(data: TableArtifactData, title?: string): TableMessage {
  const columns = data.columns.slice(0, TABLE_MAX_COLUMNS);
  const rows = data.rows.slice(0, TABLE_MAX_ROWS - 1);
  const clipped = data.columns.length > columns.length || data.rows.length > rows.length;
  const total = Math.max(data.rowCount, data.rows.length);
  const caption = title ?? data.question ?? 'Table';
  const note = clipped
    ? `Showing ${rows.length} of ${total.toLocaleString('en-US')} rows${data.columns.length > columns.length ? ` and ${columns.length} of ${data.columns.length} columns` : ''}; every row Parley has is attached as CSV.`
    : `${total.toLocaleString('en-US')} row${total === 1 ? '' : 's'}`;
  const table = {
    type: 'table',
    column_settings: columns.map((c) => ({ align: NUMERIC.has(c.kind) ? ('right' as const) : ('left' as const) })),
    rows: [columns.map((c) => ({ type: 'raw_text', text: c.name || ' ' }) as Cell), ...rows.map((r) => columns.map((c, i) => cell(r[i], c)))],
  } as KnownBlock;
  return {
    text: `${caption} (${note})`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${caption.slice(0, 2900)}*` } },
      table,
      { type: 'context', elements: [{ type: 'mrkdwn', text: note }] },
    ],
    clipped,
  };
}
