import { describe, expect, it } from 'vitest';
import type { TableColumn } from '../../tools/artifacts';
import { neutraliseFormula, tableToCsv } from './table-csv';

const col = (name: string, kind: TableColumn['kind']): TableColumn => ({ name, kind });

describe('tableToCsv (web downloads, Slack files, Teams links)', () => {
  it.each([
    ['quotes commas, quotes and newlines, and leaves nulls empty', [['a, "b"', 1], ['line\nbreak', null]], 'name,n\r\n"a, ""b""",1\r\n"line\nbreak",\r\n'],
    ['keeps a spreadsheet from running a cell as a formula, but not a negative number', [['=SUM(A1)', -3], ['@cmd', 2]], "name,n\r\n'=SUM(A1),-3\r\n'@cmd,2\r\n"],
  ])('%s', (_name, rows, csv) => {
    expect(tableToCsv({ columns: [col('name', 'string'), col('n', 'number')], rows })).toBe(csv);
  });
});

describe('neutraliseFormula (CSV injection)', () => {
  it.each([
    '-1+1|cmd',
    "-2+3+cmd|' /C calc'!A0",
    '-1)*cmd|x',
    '-0x1+cmd',
    '=HYPERLINK("http://evil.example","x")',
    '+1+1',
    '+cmd|x',
    '@SUM(A1)',
    '-',
    '--1',
    '-1-',
    '\t=1+1',
    '\r=1+1',
    ' =1+1',
    '\u3000=1+1',
    '＝1+1',
    '＋1+1',
    '－1+1',
    '＠SUM(A1)',
  ])('prefixes %j so a spreadsheet shows it as text', (value) => {
    expect(neutraliseFormula(value)).toBe(`'${value}`);
  });

  it.each(['-12.5', '-1e3', '-1E-3', '-.5', '-0', '42', '3.14', 'plain text', '', 'a=b', 'e-mail'])('leaves %j as it is', (value) => {
    expect(neutraliseFormula(value)).toBe(value);
  });

  it('keeps real negative numbers as numbers in a CSV while neutralising a formula that starts like one', () => {
    expect(tableToCsv({ columns: [col('v', 'string')], rows: [[-12.5], ['-1e3'], ['-1+1|cmd']] })).toBe("v\r\n-12.5\r\n-1e3\r\n'-1+1|cmd\r\n");
  });
});
