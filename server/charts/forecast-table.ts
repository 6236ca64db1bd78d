import type { ForecastArtifactData, TableArtifactData, TableColumn } from '../../tools/artifacts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function label(date: string, grain: ForecastArtifactData['grain']): string {
  const d = new Date(`${date}T00:00:00Z`);
  const y = d.getUTCFullYear();
  if (grain === 'year') return String(y);
  if (grain === 'quarter') return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${y}`;
  if (grain === 'month') return `${MONTHS[d.getUTCMonth()]} ${y}`;
  return date;
}

/**
 * A forecast as a table, for channels that show tables (Slack blocks, Teams cards) and for CSV:
 * the forecast steps with their interval, and with `history` the actual values before them.
 */
export function forecastTable(d: ForecastArtifactData, o: { history?: boolean } = {}): TableArtifactData {
  const money: Pick<TableColumn, 'unit' | 'currency'> = d.unit ? { unit: d.unit, ...(d.currency ? { currency: d.currency } : {}) } : {};
  const split = d.series.length > 1 || d.by;
  const columns: TableColumn[] = [
    ...(split ? [{ name: d.by ?? 'series', kind: 'string' as const }] : []),
    { name: d.grain, kind: o.history ? 'date' : 'string' },
    ...(o.history ? [{ name: 'actual', kind: 'number' as const, ...money }] : []),
    { name: 'forecast', kind: 'number', ...money },
    { name: `lower ${d.level}%`, kind: 'number', ...money },
    { name: `upper ${d.level}%`, kind: 'number', ...money },
  ];
  const rows: unknown[][] = [];
  for (const s of d.series) {
    const head = split ? [s.name ?? ''] : [];
    if (o.history) for (const h of s.history) rows.push([...head, h.date, h.value, null, null, null]);
    for (const p of s.forecast) rows.push([...head, o.history ? p.date : label(p.date, d.grain), ...(o.history ? [null] : []), p.mean, p.lower, p.upper]);
  }
  return { columns, rows, rowCount: rows.length, truncated: false, ...(d.sql ? { sql: d.sql } : {}), ...(d.question ? { question: d.question } : {}) };
}
