import type { TableArtifactData, TableColumn } from '../../artifacts';

const DAY = 86_400_000;

/**
 * A daily table the way query_data returns one: weekly pattern, a trend, one value per day from
 * `start` for `days` days (rows left out where `skip` says), optionally split by region.
 */
export function dailyTable(o: { start: string; days: number; measure?: string; regions?: string[]; skip?: (i: number) => boolean }): TableArtifactData {
  const measure = o.measure ?? 'total_revenue';
  const columns: TableColumn[] = [{ name: 'day', kind: 'date', dbType: 'date' }, ...(o.regions ? [{ name: 'region', kind: 'string' as const, dbType: 'text' }] : []), { name: measure, kind: 'number', dbType: 'numeric', unit: 'currency' }];
  const rows: unknown[][] = [];
  const t0 = Date.parse(`${o.start}T00:00:00Z`);
  for (let i = 0; i < o.days; i++) {
    if (o.skip?.(i)) continue;
    const d = new Date(t0 + i * DAY);
    const base = 1000 + 2 * i + (d.getUTCDay() === 0 || d.getUTCDay() === 6 ? 300 : 0);
    const date = d.toISOString().slice(0, 10);
    if (o.regions) o.regions.forEach((r, k) => rows.push([date, r, base * (k + 1)]));
    else rows.push([date, base]);
  }
  return { columns, rows, rowCount: rows.length, truncated: false, sql: 'SELECT …', datasource: 'demo' };
}

/** A monthly table: `months` values from `start` (YYYY-MM). */
export function monthlyTable(start: string, values: (number | null)[], measure = 'total_revenue'): TableArtifactData {
  const [y, m] = start.split('-').map(Number);
  const rows = values.map((v, i) => [new Date(Date.UTC(y, m - 1 + i, 1)).toISOString().slice(0, 10), v]);
  return { columns: [{ name: 'month', kind: 'date' }, { name: measure, kind: 'number', unit: measure.includes('revenue') ? 'currency' : undefined }], rows, rowCount: rows.length, truncated: false };
}
