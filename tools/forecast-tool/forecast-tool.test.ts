import { beforeAll, describe, expect, it } from 'vitest';
import type { ForecastArtifactData, TableArtifactData } from '../artifacts';
import { createSpecValidator } from '../make-chart/validate';
import { DEFAULT_SQL_LIMITS } from '../sql/run-guarded';
import type { StoredArtifact, ToolContext, ToolResult } from '../types';
import { CANDIDATES, createForecastTool } from './forecast-tool';
import { dailyTable, monthlyTable } from './testing/tables';

const NOW = new Date('2026-11-26T10:00:00Z');

function context(tables: TableArtifactData[], question = 'forecast this'): ToolContext {
  const noop = () => undefined;
  const stored: StoredArtifact[] = tables.map((data, i) => ({ id: `t${i + 1}`, kind: 'table', title: null, data, runId: `r${i + 1}` }));
  return {
    workspaceId: 'w',
    userId: 'u',
    conversationId: 'c',
    runId: 'r',
    callId: 'k',
    question,
    datasource: { id: 'd', name: 'demo', kind: 'postgres', schemas: [], sql: { query: async () => ({ rows: [], fields: [], rowCount: 0 }) } },
    artifacts: { get: async (id) => stored.find((a) => a.id === id), latest: async (kind) => stored.filter((a) => a.kind === kind).at(-1) },
    signal: new AbortController().signal,
    progress: noop,
    log: { info: noop, warn: noop, error: noop },
    now: () => NOW,
  };
}

const tool = createForecastTool({ limits: DEFAULT_SQL_LIMITS });
const run = (input: Record<string, unknown>, ctx: ToolContext) => tool.run(tool.schema.parse(input), ctx);

function artifact(r: ToolResult): ForecastArtifactData {
  if (!r.ok) throw new Error(r.error);
  expect(r.artifacts?.[0].kind).toBe('forecast');
  return r.artifacts![0].data as ForecastArtifactData;
}

// Two years of daily revenue ending yesterday, as the demo warehouse has.
const twoYears = dailyTable({ start: '2024-11-26', days: 730 });

describe('the forecast tool', () => {
  beforeAll(() => void createSpecValidator().check({}), 60_000);

  it('forecasts daily history by month: horizon, dates, band around the mean, method from the backtest, words', async () => {
    const d = artifact(await run({ horizon: 3, grain: 'month', measure: 'revenue' }, context([twoYears])));
    expect(d.grain).toBe('month');
    expect(d.level).toBe(95);
    const s = d.series[0];
    expect(s.history.at(-1)!.date).toBe('2026-10-01');
    expect(s.forecast.map((p) => p.date)).toEqual(['2026-11-01', '2026-12-01', '2027-01-01']);
    for (const p of s.forecast) {
      expect(p.lower).toBeLessThanOrEqual(p.mean);
      expect(p.mean).toBeLessThanOrEqual(p.upper);
    }
    expect(CANDIDATES).toContain(s.method);
    expect(s.backtest!.mase).toBeGreaterThan(0);
    expect(s.backtest!.relativeToSeasonalNaive).toBeGreaterThan(0);
    // 23 complete months: less than two yearly seasons.
    expect(s.warnings.join(' ')).toMatch(/less than two seasons.*low confidence/);
    expect(d.warnings.join(' ')).toMatch(/Nov 2026 is not over yet/);
    expect(d.gapFill).toBe('zeros');
    expect(d.sourceArtifactId).toBe('t1');
    const r = (await run({ horizon: 3, grain: 'month' }, context([twoYears]))) as Extract<ToolResult, { ok: true }>;
    expect(r.summary).toMatch(/Nov 2026: about \$[\d,]+, between \$[\d,]+ and \$[\d,]+ with 95% confidence/);
  });

  it('the trend carries into the forecast: the next day beats the first year of history', async () => {
    const d = artifact(await run({ horizon: 14 }, context([twoYears])));
    expect(d.grain).toBe('day');
    expect(d.period).toBe(7);
    const s = d.series[0];
    const firstYear = s.history.slice(0, 365).reduce((a, h) => a + h.value, 0) / 365;
    expect(s.forecast[0].mean).toBeGreaterThan(firstYear);
  });

  it('a wider level gives a wider band', async () => {
    const at = async (level: number) => artifact(await run({ horizon: 3, grain: 'month', level }, context([twoYears]))).series[0].forecast[2];
    const [p80, p99] = [await at(80), await at(99)];
    expect(p99.upper - p99.lower).toBeGreaterThan(p80.upper - p80.lower);
  });

  it('forecasts each region separately', async () => {
    const d = artifact(await run({ horizon: 2, grain: 'month', by: 'region' }, context([dailyTable({ start: '2025-06-01', days: 500, regions: ['Europe', 'APAC', 'LATAM'] })])));
    expect(d.by).toBe('region');
    expect(d.series.map((s) => s.name)).toEqual(['Europe', 'APAC', 'LATAM']);
    expect(d.series.every((s) => s.forecast.length === 2)).toBe(true);
  });

  it('builds a valid Vega-Lite spec: shaded band, dashed forecast, interval in the tooltip', async () => {
    const d = artifact(await run({ horizon: 3, grain: 'month' }, context([twoYears])));
    expect(createSpecValidator().check(d.spec)).toEqual({ ok: true });
    const layers = d.spec.layer as { mark: { type: string; strokeDash?: number[] }; encoding: Record<string, unknown> }[];
    expect(layers.map((l) => l.mark.type)).toEqual(['area', 'line', 'line']);
    expect(layers[0].encoding.y2).toEqual({ field: 'upper' });
    expect(layers[2].mark.strokeDash).toBeDefined();
    expect(layers[1].mark.strokeDash).toBeUndefined();
    expect(JSON.stringify(layers[2].encoding.tooltip)).toContain('95% interval from');
    const values = (d.spec.data as { values: { part: string }[] }).values;
    expect(values.filter((v) => v.part === 'Actual')).toHaveLength(d.series[0].history.length);
  });

  it.each([
    ['no table yet', [], {}, /no table in this conversation/],
    ['no date column', [{ columns: [{ name: 'region', kind: 'string' }, { name: 'revenue', kind: 'number' }], rows: [['EU', 1]], rowCount: 1, truncated: false } as TableArtifactData], {}, /no column of dates/],
    ['too few points', [monthlyTable('2026-08', [1, 2, 3, 4])], {}, /too few points to forecast: 3 months.*at least 4/],
    ['horizon too long', [monthlyTable('2025-10', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])], { horizon: 12 }, /too far ahead for 12 months of history: at most 8/],
    ['unknown split', [twoYears], { by: 'country' }, /no column matches "country"/],
  ] as [string, TableArtifactData[], Record<string, unknown>, RegExp][])('bad input is a clear error: %s', async (_label, tables, input, message) => {
    const r = await run(input, context(tables));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('offline route: forecast questions, with the query that fetches their history first', () => {
    expect(tool.offline!.route('forecast revenue for the next 3 months')).toEqual({ measure: 'revenue', horizon: 3, grain: 'month' });
    expect(tool.offline!.prepare!('forecast revenue for the next 3 months')).toEqual({ tool: 'query_data', args: { question: 'daily revenue' } });
    expect(tool.offline!.route('forecast this')).toEqual({});
    expect(tool.offline!.prepare!('forecast this')).toBeNull();
    expect(tool.offline!.route('revenue by month')).toBeNull();
  });
});
