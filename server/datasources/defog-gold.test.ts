import { describe, expect, it } from 'vitest';
import { expandGold, loadDefogQuestions } from './defog';

describe('defog gold SQL placeholders', () => {
  it('expands {a, b} alternatives (each, and both) and repeats the choice in {}', () => {
    expect(expandGold('SELECT {x.name, x.id}, count(*) FROM x GROUP BY {}')).toEqual([
      'SELECT x.name, count(*) FROM x GROUP BY x.name',
      'SELECT x.id, count(*) FROM x GROUP BY x.id',
      'SELECT x.name, x.id, count(*) FROM x GROUP BY x.name, x.id',
    ]);
  });

  it('splits several gold queries on top-level semicolons only', () => {
    expect(expandGold("SELECT 'a;b' AS s;SELECT 2;")).toEqual(["SELECT 'a;b' AS s", 'SELECT 2']);
  });

  it('reads the four business data sets written by others', () => {
    const qs = loadDefogQuestions();
    expect(new Set(qs.map((q) => q.db))).toEqual(new Set(['broker', 'car_dealership', 'derm_treatment', 'ewallet']));
    expect(qs.every((q) => q.gold.length > 0 && q.gold.every((g) => !/[{}]/.test(g.replace(/'[^']*'/g, ''))))).toBe(true);
  });
});
