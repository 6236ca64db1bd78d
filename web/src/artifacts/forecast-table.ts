import type { ForecastArtifactData, TableArtifactData, TableColumn } from '../../../tools/artifacts';

/**
 * A forecast as a table for the table view and its CSV: the actual values, then the forecast
 * steps with their interval (one row per period and series). The server has the same shape for
 * Slack, Teams and the signed CSV link (server/charts/forecast-table.ts); the web cannot import it.
 */
export function forecastTableData(d: ForecastArtifactData): TableArtifactData {
  const money: Pick<TableColumn, 'unit' | 'currency'> = d.unit ? { unit: d.unit, ...(d.currency ? { currency: d.currency } : {}) } : {};
  const split = d.series.length > 1 || Boolean(d.by);
  const columns: TableColumn[] = [
    ...(split ? [{ name: d.by ?? 'series', kind: 'string' as const }] : []),
    { name: d.grain, kind: 'date' },
    { name: 'actual', kind: 'number', ...money },
    { name: 'forecast', kind: 'number', ...money },
    { name: `lower ${d.level}%`, kind: 'number', ...money },
    { name: `upper ${d.level}%`, kind: 'number', ...money },
  ];
  const rows: unknown[][] = [];
  for (const s of d.series) {
    const head = split ? [s.name ?? ''] : [];
    for (const h of s.history) rows.push([...head, h.date, h.value, null, null, null]);
    for (const p of s.forecast) rows.push([...head, p.date, null, p.mean, p.lower, p.upper]);
  }
  return { columns, rows, rowCount: rows.length, truncated: false, ...(d.sql ? { sql: d.sql } : {}), ...(d.question ? { question: d.question } : {}) };
}
