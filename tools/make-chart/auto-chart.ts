import type { ArtifactDraft, ChartArtifactData, ChartOptions, ParleyTool, TableArtifactData, ToolResult } from '../types';
import { asksForForecast } from '../forecast-tool/intent';
import { declinesChart, parseChanges } from './changes';
import { buildChart } from './spec';

/** Tables bigger than this are data to read, not a picture (a raw extract rather than an answer). */
const MAX_AUTO_ROWS = 5_000;

/**
 * The chart that follows an answer: for a table that suits one, chosen automatically, honouring
 * a chart type or split the question named ("… as a bar chart", "stacked by region"). Null when
 * the table does not suit a chart.
 */
export function autoChart(table: TableArtifactData, question: string): ArtifactDraft | null {
  if (!table.rows.length || table.rows.length > MAX_AUTO_ROWS) return null;
  // Filters and "top N" in the question were already applied by the query that made the table.
  const { chartType, color, stack, logScale } = parseChanges(question, table.columns).options;
  const options: ChartOptions = Object.fromEntries(Object.entries({ chartType, color, stack, logScale }).filter(([, v]) => v !== undefined));
  let built = buildChart(table, options);
  if (!built.ok && Object.keys(options).length) built = buildChart(table, {});
  if (!built.ok) return null;
  const data: ChartArtifactData = { chartType: built.chartType, spec: built.spec, options };
  return { kind: 'chart', title: built.title, data };
}

/**
 * Wraps a tool so a table it returns is followed by a chart, unless the person said otherwise
 * ("no chart", "just the table") or the tool already drew one.
 */
export function withAutoChart<T extends ParleyTool>(tool: T): T {
  if (tool.name === 'make_chart') return tool;
  return {
    ...tool,
    async run(input, ctx): Promise<ToolResult> {
      const result = await tool.run(input, ctx);
      if (!result.ok || !result.artifacts?.some((a) => a.kind === 'table')) return result;
      if (result.artifacts.some((a) => a.kind === 'chart') || declinesChart(ctx.question)) return result;
      // The history behind a forecast is drawn by the forecast's own chart, with its band.
      if (asksForForecast(ctx.question)) return result;
      const artifacts: ArtifactDraft[] = [];
      const drawn: string[] = [];
      for (const a of result.artifacts) {
        artifacts.push(a);
        if (a.kind !== 'table') continue;
        try {
          const chart = autoChart(a.data as TableArtifactData, ctx.question);
          if (chart) {
            artifacts.push(chart);
            drawn.push(`${(chart.data as ChartArtifactData).chartType} chart "${chart.title}"`);
          }
        } catch (err) {
          // A chart is a bonus: a charting bug must never cost the person their answer.
          ctx.log.error({ err, tool: tool.name }, 'automatic chart failed');
        }
      }
      if (!drawn.length) return result;
      return { ...result, artifacts, summary: `${result.summary} Shown as a ${drawn.join(' and a ')}.` };
    },
  };
}
