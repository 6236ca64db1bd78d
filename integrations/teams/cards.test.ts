import { describe, expect, it } from 'vitest';
import { formatCell, tableCard } from './cards';

describe('formatCell', () => {
  it.each([
    [1234.567, { kind: 'number' }, '1,234.57'],
    ['1234.5', { kind: 'number', unit: 'currency', currency: 'EUR' }, '€1,234.50'],
    [0.256, { kind: 'number', unit: 'percent' }, '25.6%'],
    [42, { kind: 'integer' }, '42'],
    [null, { kind: 'string' }, '—'],
    ['2026-03-01T00:00:00Z', { kind: 'date' }, '2026-03-01'],
    [{ a: 1 }, { kind: 'json' }, '{"a":1}'],
    ['x'.repeat(100), { kind: 'string' }, `${'x'.repeat(59)}…`],
  ] as const)('%j as %j is %s', (value, col, expected) => {
    expect(formatCell(value, col)).toBe(expected);
  });
});

describe('tableCard', () => {
  it('shows at most 8 columns and says what the CSV holds', () => {
    const columns = Array.from({ length: 10 }, (_, i) => ({ name: `c${i}`, kind: 'integer' as const }));
    const card = tableCard({ columns, rows: [Array.from({ length: 10 }, (_, i) => i)], rowCount: 5000, truncated: true }, { csvUrl: 'https://x/csv' });
    const body = (card.content as { body: { type: string; columns?: unknown[]; text?: string }[] }).body;
    expect(body.find((b) => b.type === 'Table')?.columns).toHaveLength(8);
    expect(body.at(-1)?.text).toBe('Showing 1 of 5,000 rows. Showing 8 of 10 columns. The CSV has the first 1 rows.');
  });
});
