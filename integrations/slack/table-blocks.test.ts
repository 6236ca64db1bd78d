import { describe, expect, it } from 'vitest';
import type { TableArtifactData, TableColumn } from '../../tools/artifacts';
import { chartDataTable } from './artifact-poster';
import { formatCell, tableMessage, TABLE_MAX_COLUMNS, TABLE_MAX_ROWS } from './table-blocks';

const col = (name: string, kind: TableColumn['kind'], extra: Partial<TableColumn> = {}): TableColumn => ({ name, kind, ...extra });

describe('formatCell', () => {
  it.each([
    { value: null, column: col('x', 'string'), want: '—' },
    { value: 1234.5, column: col('x', 'number'), want: '1,234.5' },
    { value: '1234.5', column: col('x', 'number', { unit: 'currency', currency: 'EUR' }), want: '€1,234.50' },
    { value: 0.125, column: col('x', 'number', { unit: 'percent' }), want: '12.5%' },
    { value: 7.6, column: col('x', 'integer'), want: '8' },
    { value: { a: 1 }, column: col('x', 'json'), want: '{"a":1}' },
    { value: 'text', column: col('x', 'string'), want: 'text' },
  ])('$value as $column.kind → $want', ({ value, column, want }) => {
    expect(formatCell(value, column)).toBe(want);
  });
});

describe('tableMessage', () => {
  const table = (rows: number, cols = 2): TableArtifactData => ({
    columns: Array.from({ length: cols }, (_, i) => col(`c${i}`, i === 0 ? 'string' : 'number')),
    rows: Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => (c === 0 ? `row ${r}` : r * c))),
    rowCount: rows,
    truncated: false,
  });
  const tableBlock = (m: ReturnType<typeof tableMessage>) => m.blocks.find((b) => b.type === 'table') as unknown as { rows: { type: string; text: string }[][]; column_settings: { align: string }[] };

  it('puts a header row and every row in a table block when it fits', () => {
    const m = tableMessage(table(3), 'Sales');
    expect(m.clipped).toBe(false);
    expect(tableBlock(m).rows.map((r) => r.map((c) => c.text))).toEqual([['c0', 'c1'], ['row 0', '0'], ['row 1', '1'], ['row 2', '2']]);
    expect(tableBlock(m).column_settings.map((c) => c.align)).toEqual(['left', 'right']);
    expect(m.text).toBe('Sales (3 rows)');
  });

  it.each([
    { name: 'rows', rows: TABLE_MAX_ROWS, cols: 2, wantRows: TABLE_MAX_ROWS, wantCols: 2 },
    { name: 'columns', rows: 2, cols: TABLE_MAX_COLUMNS + 3, wantRows: 3, wantCols: TABLE_MAX_COLUMNS },
  ])('clips too many $name to what Slack holds and asks for the CSV', ({ rows, cols, wantRows, wantCols }) => {
    const m = tableMessage(table(rows, cols));
    expect(m.clipped).toBe(true);
    expect(tableBlock(m).rows).toHaveLength(wantRows);
    expect(tableBlock(m).rows[0]).toHaveLength(wantCols);
    expect(m.text).toContain('attached as CSV');
  });
});

describe('chartDataTable', () => {
  it('turns a spec\'s inlined values into columns and rows', () => {
    const t = chartDataTable({ chartType: 'bar', spec: { data: { values: [{ m: 'Jan', v: 1 }, { m: 'Feb', v: 2 }] } } });
    expect(t).toMatchObject({ columns: [{ name: 'm', kind: 'string' }, { name: 'v', kind: 'number' }], rows: [['Jan', 1], ['Feb', 2]] });
  });
  it('is null when the spec has no inline data', () => {
    expect(chartDataTable({ chartType: 'kpi', spec: { data: { url: 'x.csv' } } })).toBeNull();
  });
});
