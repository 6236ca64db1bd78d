import { describe, expect, it } from 'vitest';
import { compareResultSets, normalizeValue, type ResultSet } from './result-sets';

const rs = (columns: string[], rows: unknown[][]): ResultSet => ({ columns, rows });
const gold = rs(['region', 'revenue'], [['Europe', '1200.50'], ['Asia', 800], ['North America', null]]);

describe('result-set comparison (execution accuracy)', () => {
  it.each([
    ['the same rows in another order, unordered gold', rs(['r', 'x'], [['Asia', 800], ['North America', null], ['Europe', 1200.5]]), false, 1e-6, true, /in any order/],
    ['the same rows in another order, ordered gold', rs(['r', 'x'], [['Asia', 800], ['North America', null], ['Europe', 1200.5]]), true, 1e-6, false, /row 1 is/],
    ['columns swapped', rs(['revenue', 'region'], [[1200.5, 'Europe'], [800, 'Asia'], [null, 'North America']]), false, 1e-6, true, /columns reordered/],
    ['a number within tolerance', rs(['r', 'x'], [['Europe', 1200.4999], ['Asia', 800], ['North America', null]]), false, 1e-3, true, /match/],
    ['a number outside tolerance', rs(['r', 'x'], [['Europe', 1201], ['Asia', 800], ['North America', null]]), false, 1e-6, false, /differ/],
    ['a row missing', rs(['r', 'x'], [['Europe', 1200.5], ['Asia', 800]]), false, 1e-6, false, /2 rows, gold has 3/],
    ['an extra column', rs(['r', 'x', 'y'], [['Europe', 1200.5, 1], ['Asia', 800, 1], ['North America', null, 1]]), false, 1e-6, false, /3 columns/],
    ['null against zero', rs(['r', 'x'], [['Europe', 1200.5], ['Asia', 800], ['North America', 0]]), false, 1e-6, false, /differ/],
  ])('%s', (_, produced, ordered, tolerance, equal, message) => {
    const r = compareResultSets(gold, produced, { ordered, tolerance });
    expect(r.equal).toBe(equal);
    expect(r.equal ? r.note : r.reason).toMatch(message);
  });

  it('counts duplicate rows (a multiset, not a set)', () => {
    const a = rs(['x'], [[1], [1], [2]]);
    expect(compareResultSets(a, rs(['x'], [[1], [2], [2]]), { ordered: false, tolerance: 0 }).equal).toBe(false);
    expect(compareResultSets(a, rs(['x'], [[2], [1], [1]]), { ordered: false, tolerance: 0 }).equal).toBe(true);
  });

  it.each([
    ['12.50', 12.5],
    ['9007199254740993', 9007199254740992],
    [new Date('2025-03-01T00:00:00Z'), '2025-03-01'],
    [new Date(2025, 2, 1), '2025-03-01'],
    [new Date('2025-03-01T10:30:00Z'), '2025-03-01T10:30:00.000Z'],
    ['2025-03-01 00:00:00+00', '2025-03-01'],
    [' 7 ', 7],
    ['Europe', 'Europe'],
    [undefined, null],
    [{ a: 1 }, '{"a":1}'],
  ])('normalises %j to %j', (v, out) => {
    expect(normalizeValue(v)).toEqual(out);
  });
});
