import { z } from 'zod';
import { CHART_TYPES, type ChartArtifactData, type ChartOptions, type ChartType, type TableArtifactData } from '../artifacts';
import { defineTool, type StoredArtifact, type ToolContext, type ToolResult, type ToolResultForModel } from '../types';
import { asksForChart, parseChanges } from './changes';
import { buildChart } from './spec';
import { createSpecValidator, type SpecValidator } from './validate';

const schema = z.object({
  artifactId: z.string().min(1).max(100).optional().describe('The table (or an earlier chart) to chart. Omit to use the newest table in this conversation.'),
  request: z
    .string()
    .max(500)
    .optional()
    .describe('What the user asked for, in their words, e.g. "make it a bar chart", "stack by region", "log scale", "only 2024", "top 10".'),
  chartType: z.enum(CHART_TYPES).optional().describe('Force a chart type; omit to let Parley choose.'),
  x: z.string().max(200).optional().describe('Column for the horizontal axis (dates or categories).'),
  y: z.string().max(200).optional().describe('Column of numbers to show.'),
  color: z.string().max(200).optional().describe('Column that splits the data into coloured series or stacks.'),
  stack: z.boolean().optional().describe('Stack the series (area / stacked bars).'),
  logScale: z.boolean().optional().describe('Use a logarithmic value axis.'),
  top: z.number().int().min(1).max(100).optional().describe('Keep only the N largest categories or series.'),
  only: z.string().max(100).optional().describe('Keep only a year ("2024") or a category value ("Europe").'),
  title: z.string().max(200).optional(),
  spec: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Optional: your own complete Vega-Lite v6 spec with the data inlined under data.values. It is checked against the Vega-Lite schema; when invalid, Parley draws its own chart.'),
});

type Input = z.infer<typeof schema>;

export interface ChartSource {
  table: TableArtifactData;
  tableId: string;
  /** The options of the chart this request changes, when it changes one. */
  base: ChartOptions;
}

function isTable(a: StoredArtifact | undefined): a is StoredArtifact & { data: TableArtifactData } {
  const d = a?.data as TableArtifactData | undefined;
  return a?.kind === 'table' && Array.isArray(d?.columns) && Array.isArray(d?.rows);
}

/** Finds the table to chart and, when the person is changing a chart, the choices it was made with. */
async function resolveSource(input: Input, ctx: ToolContext): Promise<ChartSource | { error: string }> {
  if (input.artifactId) {
    const a = await ctx.artifacts.get(input.artifactId);
    if (!a) return { error: `there is no artifact ${input.artifactId} in this conversation; omit artifactId to chart the newest table` };
    if (isTable(a)) return { table: a.data, tableId: a.id, base: {} };
    if (a.kind === 'chart') {
      const chart = a.data as ChartArtifactData;
      const source = chart.sourceArtifactId ? await ctx.artifacts.get(chart.sourceArtifactId) : undefined;
      if (isTable(source)) return { table: source.data, tableId: source.id, base: chart.options ?? {} };
      return { error: `chart ${a.id} does not say which table it came from; chart a table instead` };
    }
    return { error: `artifact ${a.id} is a ${a.kind}, not a table; only tables can be charted` };
  }
  const table = await ctx.artifacts.latest('table');
  if (!isTable(table)) return { error: 'there is no table in this conversation to chart yet; ask a question about the data first' };
  const chart = await ctx.artifacts.latest('chart');
  const chartData = chart?.data as ChartArtifactData | undefined;
  // The newest chart belongs to this table when it says so, or when both came from one run (a chart that followed the answer).
  const sameTable = chart && (chartData?.sourceArtifactId ? chartData.sourceArtifactId === table.id : chart.runId === table.runId);
  return { table: table.data, tableId: table.id, base: sameTable ? (chartData?.options ?? {}) : {} };
}

function explicitOptions(input: Input): ChartOptions {
  const { chartType, x, y, color, stack, logScale, top, only, title } = input;
  return Object.fromEntries(Object.entries({ chartType, x, y, color, stack, logScale, top, only, title }).filter(([, v]) => v !== undefined)) as ChartOptions;
}

const TYPE_WORDS: Record<ChartType, string> = { line: 'line chart', area: 'area chart', bar: 'bar chart', donut: 'donut chart', scatter: 'scatter chart', kpi: 'KPI tile' };

function inlineData(spec: Record<string, unknown>, table: TableArtifactData): Record<string, unknown> {
  const data = spec.data as { values?: unknown } | undefined;
  if (data?.values !== undefined) return spec;
  const values = table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c.name, r[i]])));
  return { ...spec, data: { values } };
}

function markType(spec: Record<string, unknown>): ChartType {
  const mark = spec.mark as string | { type?: string } | undefined;
  const t = typeof mark === 'string' ? mark : mark?.type;
  if (t === 'arc') return 'donut';
  if (t === 'point' || t === 'circle') return 'scatter';
  if (t === 'area') return 'area';
  if (t === 'bar') return 'bar';
  if (t === 'text') return 'kpi';
  return 'line';
}

/** The `make_chart` tool: a chart of a table, chosen automatically or as asked, as a `chart` artifact. */
export function createMakeChartTool(deps: { validator?: SpecValidator } = {}) {
  const validator = deps.validator ?? createSpecValidator();
  return defineTool({
    name: 'make_chart',
    description:
      'Draw a chart of a table from this conversation (the newest one unless artifactId is given). Parley picks a fitting chart; pass the user\'s change request ("make it a bar chart", "stack by region", "log scale", "only 2024", "top 10") as `request`, or set the fields directly.',
    schema,
    async run(input, ctx): Promise<ToolResult> {
      const source = await resolveSource(input, ctx);
      if ('error' in source) return { ok: false, error: source.error };
      const changes = parseChanges(input.request ?? ctx.question, source.table.columns);
      if (changes.problems.length && !explicitOptions(input).color) return { ok: false, error: changes.problems.join('; ') };
      const options: ChartOptions = { ...source.base, ...changes.options, ...explicitOptions(input) };

      let fallbackNote = '';
      if (input.spec) {
        const proposed = inlineData(input.spec, source.table);
        const check = validator.check(proposed);
        if (check.ok) {
          const chartType = markType(proposed);
          const title = typeof proposed.title === 'string' ? proposed.title : ((proposed.title as { text?: string } | undefined)?.text ?? 'Chart');
          const data: ChartArtifactData = { chartType, spec: proposed, sourceArtifactId: source.tableId };
          return { ok: true, summary: `Drew your ${TYPE_WORDS[chartType]}: "${title}".`, content: { chartType, title, proposedSpec: 'valid' }, artifacts: [{ kind: 'chart', title, data }] };
        }
        fallbackNote = ` The proposed spec was not used (${check.error}); this is Parley's own chart.`;
      }

      const built = buildChart(source.table, options);
      if (!built.ok) return { ok: false, error: built.error };
      const data: ChartArtifactData = { chartType: built.chartType, spec: built.spec, sourceArtifactId: source.tableId, options };
      const notes = built.notes.length ? ` (${built.notes.join('; ')})` : '';
      return {
        ok: true,
        summary: `Drew a ${TYPE_WORDS[built.chartType]} of ${built.points.toLocaleString('en-US')} point${built.points === 1 ? '' : 's'}: "${built.title}"${notes}.${fallbackNote}`,
        content: { chartType: built.chartType, title: built.title, options, notes: built.notes },
        artifacts: [{ kind: 'chart', title: built.title, data }],
      };
    },
    offline: {
      route(question) {
        return asksForChart(question) ? { request: question } : null;
      },
      summarize(result: ToolResultForModel) {
        return result.summary ?? 'Here is the chart.';
      },
    },
  });
}
