import { describe, expect, it } from 'vitest';
import type { TableColumn } from '../../tools/artifacts';
import { tableToCsv } from './table-csv';

const col = (name: string, kind: TableColumn['kind']): TableColumn => ({ name, kind });

describe('tableToCsv (web downloads, Slack files, Teams links)', () => {
  it.each([
    ['quotes commas, quotes and newlines, and leaves nulls empty', [['a, "b"', 1], ['line\nbreak', null]], 'name,n\r\n"a, ""b""",1\r\n"line\nbreak",\r\n'],
    ['keeps a spreadsheet from running a cell as a formula, but not a negative number', [['=SUM(A1)', -3], ['@cmd', 2]], "name,n\r\n'=SUM(A1),-3\r\n'@cmd,2\r\n"],
  ])('%s', (_name, rows, csv) => {
    expect(tableToCsv({ columns: [col('name', 'string'), col('n', 'number')], rows })).toBe(csv);
  });
});
