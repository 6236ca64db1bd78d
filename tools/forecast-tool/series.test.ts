import { describe, expect, it } from 'vitest';
import type { TableArtifactData } from '../artifacts';
import { fillGaps, prepareSeries } from './series';
import { dailyTable, monthlyTable } from './testing/tables';

const NOW = new Date('2026-11-26T10:00:00Z');

function prepared(t: TableArtifactData, o: Partial<Parameters<typeof prepareSeries>[1]> = {}) {
  const r = prepareSeries(t, { now: NOW, ...o });
  if ('error' in r) throw new Error(r.error);
  return r;
}

describe('time column and grain', () => {
  it.each([
    ['daily dates', dailyTable({ start: '2026-01-01', days: 60 }), 'day', 'day'],
    ['month starts', monthlyTable('2024-01', Array.from({ length: 24 }, (_, i) => 100 + i)), 'month', 'month'],
    [
      'quarter starts',
      { columns: [{ name: 'quarter', kind: 'date' }, { name: 'orders', kind: 'integer' }], rows: ['2024-01-01', '2024-04-01', '2024-07-01', '2024-10-01', '2025-01-01'].map((d, i) => [d, 10 + i]), rowCount: 5, truncated: false },
      'quarter',
      'quarter',
    ],
    ['a year column of integers', { columns: [{ name: 'year', kind: 'integer' }, { name: 'revenue', kind: 'number' }], rows: [2019, 2020, 2021, 2022, 2023].map((y) => [y, y - 2000]), rowCount: 5, truncated: false }, 'year', 'year'],
    ['dates written as text', { columns: [{ name: 'week', kind: 'string' }, { name: 'clicks', kind: 'integer' }], rows: ['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26'].map((d, i) => [d, i]), rowCount: 4, truncated: false }, 'week', 'week'],
  ] as [string, TableArtifactData, string, string][])('%s', (_label, table, sourceGrain, timeColumn) => {
    const r = prepared(table);
    expect(r.sourceGrain).toBe(sourceGrain);
    expect(r.grain).toBe(sourceGrain);
    expect(r.timeColumn.toLowerCase()).toContain(timeColumn === 'day' ? 'day' : timeColumn === 'year' ? 'year' : timeColumn);
  });

  it('says there is no date column, naming the columns it has', () => {
    const r = prepareSeries({ columns: [{ name: 'region', kind: 'string' }, { name: 'revenue', kind: 'number' }], rows: [['EU', 1]], rowCount: 1, truncated: false }, { now: NOW });
    expect(r).toEqual({ error: expect.stringMatching(/no column of dates.*region, revenue/) });
  });

  it('refuses a finer grain than the data has', () => {
    const r = prepareSeries(monthlyTable('2024-01', [1, 2, 3, 4, 5]), { now: NOW, grain: 'day' });
    expect(r).toEqual({ error: expect.stringMatching(/one value per month; it cannot be forecast per day/) });
  });
});

describe('aggregation to a coarser grain and incomplete periods', () => {
  it('sums days to months and leaves out a partial first month and the month not over yet', () => {
    // 2024-11-15 … 2026-11-25: November 2024 starts mid-month; November 2026 is not over on the 26th.
    const t = dailyTable({ start: '2024-11-15', days: 741 });
    const r = prepared(t, { grain: 'month' });
    const s = r.series[0];
    expect(s.dates[0]).toBe('2024-12-01');
    expect(s.dates.at(-1)).toBe('2026-10-01');
    expect(s.dates).toHaveLength(23);
    // December 2024 is the sum of its 31 daily values.
    const dec = t.rows.filter((row) => String(row[0]).startsWith('2024-12')).reduce((a, row) => a + Number(row[1]), 0);
    expect(s.values[0]).toBeCloseTo(dec, 6);
    expect(r.notes.join(' ')).toMatch(/Nov 2026 is not over yet/);
    expect(r.notes.join(' ')).toMatch(/starts on 2024-11-15.*left out as incomplete/);
  });

  it('drops a last month the data stops inside even when the calendar says it is over', () => {
    const t = dailyTable({ start: '2025-01-01', days: 400 }); // ends 2026-02-04
    const r = prepared(t, { grain: 'month', now: new Date('2026-06-01T00:00:00Z') });
    expect(r.series[0].dates.at(-1)).toBe('2026-01-01');
    expect(r.notes.join(' ')).toMatch(/stops on 2026-02-04/);
  });

  it('drops the current period of an already-monthly table by the clock', () => {
    const r = prepared(monthlyTable('2025-01', Array.from({ length: 23 }, (_, i) => 100 + i)));
    expect(r.series[0].dates.at(-1)).toBe('2026-10-01');
    expect(r.notes[0]).toMatch(/Nov 2026 is not over yet/);
  });

  it('keeps a complete last period', () => {
    const r = prepared(monthlyTable('2025-01', Array.from({ length: 22 }, (_, i) => 100 + i)));
    expect(r.series[0].dates.at(-1)).toBe('2026-10-01');
    expect(r.notes).toEqual([]);
  });

  it('leaves out the last N periods when asked', () => {
    const r = prepared(monthlyTable('2025-01', Array.from({ length: 22 }, (_, i) => 100 + i)), { ignoreLast: 2 });
    expect(r.series[0].dates.at(-1)).toBe('2026-08-01');
    expect(r.notes[0]).toMatch(/last 2 months \(from Sep 2026\) left out as asked/);
  });

  it('splits by a category column, one aligned series per value', () => {
    const r = prepared(dailyTable({ start: '2026-01-01', days: 90, regions: ['Europe', 'APAC'] }), { by: 'regions' });
    expect(r.by).toBe('region');
    expect(r.series.map((s) => s.name)).toEqual(['Europe', 'APAC']);
    expect(r.series[0].dates).toEqual(r.series[1].dates);
    expect(r.series[1].values[0]).toBe(2 * r.series[0].values[0]);
  });
});

describe('gap filling', () => {
  it('counts a missing day of a sum as 0 and says how many', () => {
    const r = prepared(dailyTable({ start: '2026-01-01', days: 60, skip: (i) => i === 10 || i === 11 }));
    expect(r.gapRule).toBe('zeros');
    expect(r.series[0].values[10]).toBe(0);
    expect(r.series[0].values[11]).toBe(0);
    expect(r.notes).toContain('2 days with no rows counted as 0');
  });

  it('interpolates a missing month of an average', () => {
    const r = prepared(monthlyTable('2025-01', [10, 20, null, 40, 50, 60], 'avg_order_value'));
    expect(r.gapRule).toBe('interpolation');
    expect(r.series[0].values.slice(0, 4)).toEqual([10, 20, 30, 40]);
    expect(r.notes.join(' ')).toMatch(/1 missing month filled by straight-line interpolation/);
  });

  it.each([
    [[null, 2, null, null, 8, null], 'interpolation', [2, 2, 4, 6, 8, 8]],
    [[null, 2, null, 8], 'zeros', [0, 2, 0, 8]],
  ] as const)('fillGaps(%j, %s)', (input, rule, out) => {
    expect(fillGaps([...input], rule)).toEqual(out);
  });
});
