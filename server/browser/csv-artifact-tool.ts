import { basename, join } from 'node:path';
import { z } from 'zod';
import type { ChartArtifactData, TableArtifactData, TableColumn } from '../../tools/artifacts';
import { DATA_DIR, readCsv } from '../../tools/make-chart/testing/tables';
import { defineTool, type ParleyTool } from '../../tools/types';

/** Public sample data (plotly datasets) in the repository's evals/datasets. */
export const SAMPLE_DATA_DIR = join(DATA_DIR, 'plotly');

/** A table artifact from a CSV file: numeric columns typed as numbers. */
export function tableFromCsv(path: string, limit: number): TableArtifactData {
  const { header, rows: body } = readCsv(path);
  const numeric = header.map((_, i) => body.every((r) => r[i] === '' || !Number.isNaN(Number(r[i]))));
  const columns: TableColumn[] = header.map((name, i) => ({ name, kind: numeric[i] ? 'number' : 'string' }));
  const rows = body.slice(0, limit).map((r) => r.map((v, i) => (numeric[i] && v !== '' ? Number(v) : v)));
  return { columns, rows, rowCount: body.length, truncated: rows.length < body.length, sql: `SELECT * FROM read_csv('${basename(path)}') LIMIT ${limit}` };
}

/** A bar chart of one numeric column summed by one text column of a table. */
export function barChartOf(table: TableArtifactData, by: string, measure: string): ChartArtifactData {
  const bi = table.columns.findIndex((c) => c.name === by);
  const mi = table.columns.findIndex((c) => c.name === measure);
  const sums = new Map<string, number>();
  for (const r of table.rows) sums.set(String(r[bi]), (sums.get(String(r[bi])) ?? 0) + Number(r[mi]));
  return {
    chartType: 'bar',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: `Total ${measure} by ${by}`,
      width: 'container',
      data: { values: [...sums].map(([k, v]) => ({ [by]: k, [measure]: Math.round(v * 100) / 100 })) },
      mark: { type: 'bar', tooltip: true },
      encoding: { x: { field: by, type: 'nominal', sort: '-y' }, y: { field: measure, type: 'quantitative' } },
    },
  };
}

/**
 * A tool for browser tests and the web benchmark only: shows a sample CSV as a table, and a bar
 * chart of it when asked: real artifacts from real data of a known size (a 10,000-row table, say),
 * so the web's table and chart views can be exercised end to end independently of the warehouse.
 */
export function createCsvArtifactTool(dir = SAMPLE_DATA_DIR): ParleyTool {
  return defineTool({
    name: 'show_sample_csv',
    description: 'Show a sample CSV file as a table, optionally with a bar chart.',
    schema: z.object({
      file: z.string().regex(/^[\w.-]+\.csv$/).describe('file name, e.g. tips.csv'),
      limit: z.number().int().min(1).max(10_000).default(10_000),
      chart: z.object({ by: z.string(), measure: z.string() }).optional(),
    }),
    async run(input) {
      const table = tableFromCsv(join(dir, input.file), input.limit);
      const artifacts: { kind: 'table' | 'chart'; title: string; data: unknown }[] = [{ kind: 'table', title: input.file, data: table }];
      if (input.chart) artifacts.push({ kind: 'chart', title: `${input.chart.measure} by ${input.chart.by}`, data: barChartOf(table, input.chart.by, input.chart.measure) });
      return { ok: true, summary: `${table.rows.length} rows of ${input.file}`, artifacts };
    },
  }) as ParleyTool;
}
