import { describe, expect, it } from 'vitest';
import { resultTable, resultTableName } from '../../server/files/file-sessions';
import { RESULT_COMMENT, type Catalog, type CatalogTable } from '../sql/catalog';
import { planComparison, sidesBySource, splitComparison } from './compare';

const table = (name: string, columns: [string, string][], comment?: string): CatalogTable => ({
  schema: 'main',
  name,
  rowEstimate: 10,
  primaryKey: [],
  foreignKeys: [],
  columns: columns.map(([n, type]) => ({ name: n, type, nullable: true })),
  ...(comment ? { comment } : {}),
});

const catalog: Catalog = {
  tables: [
    table('targets', [['region', 'text'], ['month', 'date'], ['target', 'double precision']], 'From the uploaded file "targets.xlsx".'),
    table('revenue_by_region', [['region', 'text'], ['total_revenue', 'numeric']], `${RESULT_COMMENT} to "Demo warehouse": "actual revenue by region" (4 rows).`),
  ],
};

describe('comparisons for the offline planner', () => {
  it('splits "compare A with B" and says which side is the file', () => {
    const c = splitComparison('Compare the targets in the sheet with actual revenue by region?')!;
    expect(c).toEqual({ left: 'the targets in the sheet', right: 'actual revenue by region', by: 'region' });
    expect(sidesBySource(c)).toEqual({ files: 'the targets in the sheet', database: 'actual revenue by region' });
    expect(splitComparison('total revenue by region')).toBeUndefined();
  });

  it('"compare the targets in the sheet with actual revenue by region": the sheet\'s targets against the database result, joined on region', () => {
    const r = planComparison('compare the targets in the sheet with actual revenue by region', catalog, '2026-06-30');
    expect(r?.ok, JSON.stringify(r)).toBe(true);
    if (!r?.ok) return;
    expect(r.sql).toMatch(/sum\(targets\.target\)/);
    expect(r.sql).toMatch(/FROM main\.targets/);
    expect(r.sql).toMatch(/sum\(revenue_by_region\.total_revenue\)/);
    expect(r.sql).toMatch(/FULL OUTER JOIN b ON lower\(trim\(CAST\(a\.region AS VARCHAR\)\)\) = lower\(trim\(CAST\(b\.region AS VARCHAR\)\)\)/);
    expect(r.sql).toMatch(/AS target, b\.\w+ AS total_revenue, b\.\w+ - a\.\w+ AS difference/);
  });

  it('says what is missing when the question has no shared grouping', () => {
    expect(planComparison('compare the targets in the sheet with actual revenue', catalog, '2026-06-30')).toMatchObject({ ok: false, error: expect.stringMatching(/says what to compare them by/) });
  });

  it('says what is missing when a side has no table', () => {
    const r = planComparison('compare the headcount in the sheet with revenue by region', catalog, '2026-06-30');
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/could not find a table with a number for "the headcount in the sheet" by region/) });
  });
});

describe('database results as tables in the file session', () => {
  it('are named from their question, SQL-safe whatever the question says', () => {
    expect(resultTableName('actual revenue by region', new Set())).toBe('revenue_by_region');
    expect(resultTableName('x"; DROP TABLE targets; --', new Set())).toBe('x_drop_table_targets');
    expect(resultTableName(undefined, new Set())).toBe('result');
    const taken = new Set(['revenue_by_region']);
    expect(resultTableName('revenue by region', taken)).toBe('revenue_by_region_2');
  });

  it('keep the values as data: hostile column names are tidied, types follow the column kinds', () => {
    const t = resultTable(
      {
        id: 'a1',
        data: {
          columns: [
            { name: 'Region"; DROP', kind: 'string' },
            { name: 'sum(revenue)', kind: 'number' },
            { name: 'day', kind: 'date' },
          ],
          rows: [["Europe'); DROP TABLE x; --", 1.5, '2026-01-01']],
          rowCount: 1,
          truncated: false,
          datasource: 'Demo warehouse',
          question: 'revenue by region',
        },
      },
      new Set(),
    );
    expect(t.columns).toEqual([
      { name: 'region_drop', type: 'VARCHAR' },
      { name: 'sum_revenue', type: 'DOUBLE' },
      { name: 'day', type: 'DATE' },
    ]);
    expect(t.rows[0][0]).toBe("Europe'); DROP TABLE x; --");
    expect(t.comment).toMatch(/^Result of an earlier question to "Demo warehouse"/);
  });
});
