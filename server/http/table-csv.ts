import type { TableArtifactData } from '../../tools/artifacts';

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // RFC 4180 quoting; a leading =,+,-,@ is prefixed so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A table artifact as CSV (header row, CRLF line ends). */
export function tableToCsv(t: Pick<TableArtifactData, 'columns' | 'rows'>): string {
  const lines = [t.columns.map((c) => cell(c.name)).join(',')];
  for (const row of t.rows) lines.push(t.columns.map((_, i) => cell(row[i])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
