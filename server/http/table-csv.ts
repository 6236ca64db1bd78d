import type { TableArtifactData } from '../../tools/artifacts';

// What a spreadsheet may read as the start of a formula: = + - @ (and their full-width forms,
// which some spreadsheets fold to ASCII), after any leading whitespace, tab or CR.
const FORMULA_START = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/;
/** A plain number, which is left alone so it stays a number: -12.5, -1e3, 42. */
const PLAIN_NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A value a spreadsheet would run as a formula gets a leading ' (CSV injection), real numbers excepted. */
export function neutraliseFormula(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // RFC 4180 quoting, after the formula guard.
  const safe = neutraliseFormula(s);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A table artifact as CSV (header row, CRLF line ends). */
export function tableToCsv(t: Pick<TableArtifactData, 'columns' | 'rows'>): string {
  const lines = [t.columns.map((c) => cell(c.name)).join(',')];
  for (const row of t.rows) lines.push(t.columns.map((_, i) => cell(row[i])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
