import { describe, expect, it } from 'vitest';
import { cleanSql } from './clean-sql';

describe('cleanSql tolerates small-model habits', () => {
  it.each([
    ['a bare query', 'SELECT 1', 'SELECT 1'],
    ['a trailing semicolon', 'SELECT 1;', 'SELECT 1'],
    ['a sql fence', '```sql\nSELECT a FROM t;\n```', 'SELECT a FROM t'],
    ['a bare fence', '```\nSELECT a FROM t\n```', 'SELECT a FROM t'],
    ['prose before and after a fence', 'Here is the query:\n```sql\nSELECT a\nFROM t\n```\nThis returns a.', 'SELECT a\nFROM t'],
    ['prose before, no fence', 'Sure! SELECT a FROM t;', 'SELECT a FROM t'],
    ['trailing prose after a blank line', 'SELECT a FROM t;\n\nThis query lists every a.', 'SELECT a FROM t'],
    ['a WITH query', 'WITH x AS (SELECT 1) SELECT * FROM x', 'WITH x AS (SELECT 1) SELECT * FROM x'],
  ])('%s', (_n, input, out) => {
    expect(cleanSql(input)).toBe(out);
  });
});
