import { z } from 'zod';
import type { ChartArtifactData, ForecastArtifactData, ForecastSeriesData, TableArtifactData, TableColumn } from '../artifacts';
import { backtest } from '../forecast/backtest';
import { forecast, ForecastInputError } from '../forecast/forecast';
import type { MethodName } from '../forecast/methods';
import { humanize } from '../make-chart/format';
import { runGuardedQuery, type SqlLimits } from '../sql/run-guarded';
import { sourceForSql } from '../sql/sources';
import { defineTool, type StoredArtifact, type ToolContext, type ToolResult, type ToolResultForModel } from '../types';
import { addPeriods, FORECAST_GRAINS, GRAIN_DEFAULT_HORIZON, GRAIN_MAX_HORIZON, GRAIN_PERIOD, isoDate, periodLabel, type ForecastGrain } from './calendar';
import { asksForForecast, historyQuestion, readForecastIntent } from './intent';
import { prepareSeries, type Prepared } from './series';
import { buildForecastSpec, forecastTitle } from './spec';

export const LEVELS = [80, 90, 95, 99] as const;
/** The methods the backtest chooses among: the M4-style combination, its strongest members, and the seasonal-naive baseline. */
export const CANDIDATES: MethodName[] = ['combination', 'ets', 'autotheta', 'damped', 'snaive'];
/** Fewer periods than this is not a history to forecast from. */
export const MIN_POINTS = 4;

const schema = z.object({
  measure: z.string().max(200).optional().describe('The column of numbers to forecast, e.g. "revenue". Omit to use the table\'s last numeric column.'),
  artifactId: z.string().min(1).max(100).optional().describe('The table (or chart) to forecast from. Omit to use the newest table in this conversation.'),
  sql: z
    .string()
    .max(10_000)
    .optional()
    .describe('Instead of a table: one read-only SQL query returning a date column and a number column (and optionally a category column to split by). Prefer daily rows: Parley aggregates them.'),
  horizon: z.number().int().min(1).max(GRAIN_MAX_HORIZON.day).optional().describe('How many periods ahead to forecast, e.g. 3 for "the next 3 months". Default depends on the grain.'),
  grain: z.enum(FORECAST_GRAINS).optional().describe('The period to forecast in (day, week, month, quarter, year); default: the table\'s own. Finer data is summed (or averaged) to it.'),
  level: z.union(LEVELS.map((l) => z.literal(l)) as [z.ZodLiteral<80>, z.ZodLiteral<90>, z.ZodLiteral<95>, z.ZodLiteral<99>]).default(95).describe('Confidence level of the interval, in percent.'),
  period: z.number().int().min(1).max(366).optional().describe('Override the seasonal period (7 for weekly seasonality in daily data, 12 for yearly in monthly data; 1 for none).'),
  ignoreLast: z.number().int().min(0).max(60).optional().describe('Leave out the last N periods of history (known to be wrong or not yet final).'),
  by: z.string().max(200).optional().describe('A category column to forecast separately per value ("region"); at most 12 series.'),
});

type Input = z.infer<typeof schema>;

export interface ForecastToolDeps {
  limits: SqlLimits;
}

function isTable(a: StoredArtifact | undefined): a is StoredArtifact & { data: TableArtifactData } {
  const d = a?.data as TableArtifactData | undefined;
  return a?.kind === 'table' && Array.isArray(d?.columns) && Array.isArray(d?.rows);
}

async function resolveTable(input: Input, ctx: ToolContext, limits: SqlLimits): Promise<{ table: TableArtifactData; id?: string; sql?: string } | { error: string; userError?: string }> {
  if (input.sql) {
    ctx.progress('Running the query for the history');
    const picked = await sourceForSql(ctx, input.sql);
    if (!picked.ok) return { error: picked.error };
    const outcome = await runGuardedQuery(picked.ctx, input.sql, limits, ctx.question);
    if (!outcome.ok) return { error: outcome.error, userError: outcome.userError };
    if (!outcome.result.ok) return { error: outcome.result.error };
    const table = outcome.result.artifacts?.find((a) => a.kind === 'table')?.data as TableArtifactData;
    return { table, sql: table.sql };
  }
  if (input.artifactId) {
    const a = await ctx.artifacts.get(input.artifactId);
    if (!a) return { error: `there is no artifact ${input.artifactId} in this conversation; omit artifactId to forecast the newest table` };
    if (isTable(a)) return { table: a.data, id: a.id, sql: a.data.sql };
    const source = a.kind === 'chart' ? (a.data as ChartArtifactData).sourceArtifactId : a.kind === 'forecast' ? (a.data as ForecastArtifactData).sourceArtifactId : undefined;
    const table = source ? await ctx.artifacts.get(source) : undefined;
    if (isTable(table)) return { table: table.data, id: table.id, sql: table.data.sql };
    return { error: `artifact ${a.id} is a ${a.kind} without a table behind it; forecast a table instead` };
  }
  const latest = await ctx.artifacts.latest('table');
  if (!isTable(latest)) return { error: 'there is no table in this conversation to forecast yet: ask for the measure over time first (e.g. "revenue by day"), or pass sql' };
  return { table: latest.data, id: latest.id, sql: latest.data.sql };
}

function fmt(v: number, col: Pick<TableColumn, 'unit' | 'currency'>): string {
  const digits = Math.abs(v) >= 100 ? 0 : 2;
  if (col.unit === 'currency') {
    try {
      return v.toLocaleString('en-US', { style: 'currency', currency: col.currency ?? 'USD', maximumFractionDigits: digits, minimumFractionDigits: 0 });
    } catch {
      // An unknown currency code: plain digits.
    }
  }
  if (col.unit === 'percent') return `${(v * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
  return v.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** Forecasts one prepared series: the method chosen by a rolling-origin backtest, then fitted on all of it. */
function forecastOne(s: Prepared['series'][number], grain: ForecastGrain, h: number, period: number, level: number): ForecastSeriesData {
  const n = s.values.length;
  const warnings: string[] = [];
  let m = period;
  if (m > 1 && n < 2 * m) {
    warnings.push(`less than two seasons of history (${n} ${grain}s, a season is ${m}): seasonality ignored, low confidence`);
    m = 1;
  }
  const rows = backtest(s.values, { horizon: h, period: m, methods: CANDIDATES });
  const best = rows[0];
  if (!best) warnings.push(`too little history to backtest ${h} ${grain}s ahead: the default method (combination) was used untested, low confidence`);
  const r = forecast(s.values, { horizon: h, period: m, level, method: best?.method ?? 'combination' });
  warnings.push(...r.warnings.filter((w) => !warnings.includes(w)));
  const last = new Date(`${s.dates[n - 1]}T00:00:00Z`);
  return {
    name: s.name,
    history: s.dates.map((date, i) => ({ date, value: s.values[i] })),
    forecast: r.mean.map((mean, i) => ({ date: isoDate(addPeriods(last, grain, i + 1)), mean, lower: r.lower[i], upper: r.upper[i] })),
    method: r.method,
    model: r.model,
    backtest: best ? { mase: best.mase, relativeToSeasonalNaive: best.relativeToSeasonalNaive, origins: best.origins, horizon: h } : null,
    warnings,
  };
}

function backtestWords(s: ForecastSeriesData): string {
  if (!s.backtest) return 'not backtested';
  const rel = s.backtest.relativeToSeasonalNaive;
  const vs = !Number.isFinite(rel) ? '' : rel < 1 ? `, ${Math.round((1 - rel) * 100)}% smaller errors than seasonal naive` : rel > 1 ? `, ${Math.round((rel - 1) * 100)}% larger errors than seasonal naive` : ', as good as seasonal naive';
  return `backtest MASE ${s.backtest.mase.toFixed(2)} over ${s.backtest.origins} origin${s.backtest.origins === 1 ? '' : 's'}${vs}`;
}

/** Plain words for what the numbers mean: each step "about X, between L and U with 95% confidence". */
export function describeForecast(d: ForecastArtifactData): string {
  const col = { unit: d.unit, currency: d.currency };
  const label = (date: string) => periodLabel(new Date(`${date}T00:00:00Z`), d.grain);
  const step = (p: ForecastSeriesData['forecast'][number]) => `${label(p.date)}: about ${fmt(p.mean, col)}, between ${fmt(p.lower, col)} and ${fmt(p.upper, col)} with ${d.level}% confidence`;
  const lines: string[] = [];
  for (const s of d.series) {
    const steps = s.forecast.length <= 6 ? s.forecast : [...s.forecast.slice(0, 3), s.forecast[s.forecast.length - 1]];
    const head = `${s.name ? `**${s.name}**` : `**${humanize(d.measure)}**`} (method ${s.method}: ${s.model}; ${backtestWords(s)})`;
    const skipped = s.forecast.length > steps.length ? ` …and ${s.forecast.length - steps.length} more ${d.grain}s in the table` : '';
    lines.push(`${head}\n${steps.map((p) => `- ${step(p)}`).join('\n')}${skipped}`);
  }
  const notes = [...new Set([...d.warnings, ...d.series.flatMap((s) => s.warnings)])];
  return `${forecastTitle(d)}.\n\n${lines.join('\n\n')}${notes.length ? `\n\nNotes: ${notes.join('; ')}.` : ''}`;
}

/** The `forecast` tool: a measure over time, forecast with a prediction interval, as a `forecast` artifact. */
export function createForecastTool(deps: ForecastToolDeps) {
  return defineTool({
    name: 'forecast',
    description:
      'Forecast a measure over time with a prediction interval, from the newest table in this conversation (or the one named, or a SQL query). Parley finds the date column and its grain, fills gaps, leaves out an incomplete last period, picks the method by a backtest, and draws history, forecast and band. When the conversation has no table of the measure over time, first get one per day with query_data (or pass `sql`), then set `grain` to the period asked about ("next 3 months": horizon 3, grain month).',
    schema,
    async run(input, ctx): Promise<ToolResult> {
      const source = await resolveTable(input, ctx, deps.limits);
      if ('error' in source) return { ok: false, error: source.error, userError: source.userError };
      const prepared = prepareSeries(source.table, { measure: input.measure, by: input.by, grain: input.grain, ignoreLast: input.ignoreLast, now: ctx.now() });
      if ('error' in prepared) return { ok: false, error: prepared.error };
      const { grain } = prepared;
      const n = prepared.series[0].values.length;
      if (n < MIN_POINTS) return { ok: false, error: `too few points to forecast: ${n} ${grain}${n === 1 ? '' : 's'} of history after preparing the data (${prepared.notes.join('; ') || 'nothing left out'}); at least ${MIN_POINTS} are needed` };
      const maxHorizon = Math.max(1, Math.min(GRAIN_MAX_HORIZON[grain], Math.floor((2 * n) / 3)));
      const h = input.horizon ?? Math.min(GRAIN_DEFAULT_HORIZON[grain], maxHorizon);
      if (h > maxHorizon) return { ok: false, error: `a horizon of ${h} ${grain}s is too far ahead for ${n} ${grain}s of history: at most ${maxHorizon} (two thirds of the history, and never more than ${GRAIN_MAX_HORIZON[grain]} ${grain}s)` };
      const period = input.period ?? GRAIN_PERIOD[grain];

      const series: ForecastSeriesData[] = [];
      try {
        for (const [i, s] of prepared.series.entries()) {
          ctx.signal.throwIfAborted();
          ctx.progress(prepared.series.length > 1 ? `Backtesting and forecasting ${s.name} (${i + 1} of ${prepared.series.length})` : 'Backtesting the methods and forecasting', Math.round((100 * i) / prepared.series.length));
          series.push(forecastOne(s, grain, h, period, input.level));
        }
      } catch (e) {
        if (e instanceof ForecastInputError) return { ok: false, error: e.message };
        throw e;
      }
      const body: Omit<ForecastArtifactData, 'spec'> = {
        measure: prepared.measure.name,
        ...(prepared.measure.unit ? { unit: prepared.measure.unit } : {}),
        ...(prepared.measure.currency ? { currency: prepared.measure.currency } : {}),
        timeColumn: prepared.timeColumn,
        grain,
        // The period used: every series has the same length, so seasonality was kept for all or none.
        period: n >= 2 * period ? period : 1,
        horizon: h,
        level: input.level,
        ...(prepared.by ? { by: prepared.by } : {}),
        gapFill: prepared.gapRule,
        series,
        warnings: prepared.notes,
        ...(source.id ? { sourceArtifactId: source.id } : {}),
        ...(source.sql ? { sql: source.sql } : {}),
        question: ctx.question,
      };
      const data: ForecastArtifactData = { ...body, spec: buildForecastSpec(body) };
      const title = forecastTitle(body);
      return {
        ok: true,
        summary: describeForecast(data),
        content: {
          grain,
          horizon: h,
          level: input.level,
          gapFill: prepared.gapRule,
          warnings: prepared.notes,
          series: series.map((s) => ({ name: s.name, method: s.method, model: s.model, backtest: s.backtest, forecast: s.forecast, warnings: s.warnings })),
        },
        artifacts: [{ kind: 'forecast', title, data }],
      };
    },
    offline: {
      route(question) {
        if (!asksForForecast(question)) return null;
        const intent = readForecastIntent(question);
        return Object.fromEntries(Object.entries({ measure: intent.measure, by: intent.by, horizon: intent.horizon, grain: intent.grain, level: intent.level }).filter(([, v]) => v !== undefined));
      },
      prepare(question) {
        const q = historyQuestion(readForecastIntent(question));
        return q ? { tool: 'query_data', args: { question: q } } : null;
      },
      summarize(result: ToolResultForModel) {
        return result.summary ?? 'Here is the forecast.';
      },
    },
  });
}
