import type { Attachment } from 'botbuilder';
import type { TableArtifactData, TableColumn } from '../../tools/artifacts';

export const CARD_TABLE_ROWS = 30;
/** Teams rejects messages over ~28 KB; a card this wide still fits with 30 rows. */
export const CARD_TABLE_COLUMNS = 8;
const CELL_CHARS = 60;
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

export function card(body: unknown[], actions: unknown[] = []): Attachment {
  return {
    contentType: ADAPTIVE,
    content: { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', msteams: { width: 'Full' }, body, ...(actions.length ? { actions } : {}) },
  };
}

function clip(s: string): string {
  return s.length > CELL_CHARS ? `${s.slice(0, CELL_CHARS - 1)}…` : s;
}

/** A value as a person reads it in a card cell. */
export function formatCell(v: unknown, col: Pick<TableColumn, 'kind' | 'unit' | 'currency'>): string {
  if (v === null || v === undefined) return '—';
  if ((col.kind === 'number' || col.kind === 'integer') && v !== '' && Number.isFinite(Number(v))) {
    const n = Number(v);
    if (col.unit === 'currency') {
      try {
        return n.toLocaleString('en-US', { style: 'currency', currency: col.currency ?? 'USD' });
      } catch {
        return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
      }
    }
    if (col.unit === 'percent') return `${(n * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
    return n.toLocaleString('en-US', { maximumFractionDigits: col.kind === 'integer' ? 0 : 2 });
  }
  if (col.kind === 'date' && (typeof v === 'string' || v instanceof Date)) return clip(String(v instanceof Date ? v.toISOString() : v).slice(0, 10));
  if (typeof v === 'object') return clip(JSON.stringify(v));
  return clip(String(v));
}

function text(t: string, extra: Record<string, unknown> = {}) {
  return { type: 'TextBlock', text: t, wrap: true, ...extra };
}

function row(cells: string[], header = false) {
  return {
    type: 'TableRow',
    ...(header ? { style: 'accent' } : {}),
    cells: cells.map((c) => ({ type: 'TableCell', items: [text(c, header ? { weight: 'Bolder' } : {})] })),
  };
}

/** A table artifact as an Adaptive Card Table: its first 30 rows, and a link to the whole CSV. */
export function tableCard(t: TableArtifactData, o: { title?: string; csvUrl: string }): Attachment {
  const cols = t.columns.slice(0, CARD_TABLE_COLUMNS);
  const shown = t.rows.slice(0, CARD_TABLE_ROWS);
  const numeric = (c: TableColumn) => c.kind === 'number' || c.kind === 'integer';
  const total = Math.max(t.rowCount, t.rows.length);
  const notes: string[] = [];
  if (total > shown.length) notes.push(`Showing ${shown.length} of ${total.toLocaleString('en-US')} rows.`);
  if (t.columns.length > cols.length) notes.push(`Showing ${cols.length} of ${t.columns.length} columns.`);
  if (notes.length) notes.push(t.truncated ? `The CSV has the first ${t.rows.length.toLocaleString('en-US')} rows.` : 'The CSV has them all.');
  const body = [
    ...(o.title ? [text(o.title, { weight: 'Bolder', size: 'Medium' })] : []),
    {
      type: 'Table',
      gridStyle: 'accent',
      firstRowAsHeader: true,
      columns: cols.map((c) => ({ width: 1, ...(numeric(c) ? { horizontalCellContentAlignment: 'Right' } : {}) })),
      rows: [row(cols.map((c) => c.name), true), ...shown.map((r) => row(cols.map((c, i) => formatCell(r[i], c))))],
    },
    ...(notes.length ? [text(notes.join(' '), { isSubtle: true, size: 'Small' })] : []),
  ];
  return card(body, [{ type: 'Action.OpenUrl', title: 'Download CSV', url: o.csvUrl }]);
}

/** A chart as a server-rendered PNG in a card. */
export function chartCard(o: { title?: string; imageUrl: string }): Attachment {
  return card([...(o.title ? [text(o.title, { weight: 'Bolder', size: 'Medium' })] : []), { type: 'Image', url: o.imageUrl, altText: o.title ?? 'Chart', size: 'Stretch' }]);
}

/** A card for what Teams cannot show inline (a chart without a renderer, a forecast, a campaign…). */
export function noteCard(o: { title?: string; note: string }): Attachment {
  return card([...(o.title ? [text(o.title, { weight: 'Bolder', size: 'Medium' })] : []), text(o.note, { isSubtle: true })]);
}
