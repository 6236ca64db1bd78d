import { describe, expect, it } from 'vitest';
import type { ForecastArtifactData } from '../artifacts';
import { createSpecValidator } from '../make-chart/validate';
import { buildForecastSpec, forecastValues } from './spec';

type Data = Omit<ForecastArtifactData, 'spec'>;
const series = (name: string | null, k: number): Data['series'][number] => ({
  name,
  history: [
    { date: '2026-08-01', value: 10 * k },
    { date: '2026-09-01', value: 12 * k },
  ],
  forecast: [{ date: '2026-10-01', mean: 13 * k, lower: 11 * k, upper: 15 * k }],
  method: 'damped',
  model: 'Damped',
  backtest: null,
  warnings: [],
});
const base: Data = { measure: 'orders_count', timeColumn: 'day', grain: 'month', period: 1, horizon: 1, level: 80, gapFill: 'zeros', series: [series(null, 1)], warnings: [] };

describe('the forecast chart', () => {
  it('joins the dashed forecast to the last actual value and keeps the interval on forecast records only', () => {
    const v = forecastValues(base);
    expect(v.map((r) => [r.part, r.date, r.value, r.lower, r.upper])).toEqual([
      ['Actual', '2026-08-01', 10, null, null],
      ['Actual', '2026-09-01', 12, null, null],
      ['Forecast', '2026-09-01', 12, 12, 12],
      ['Forecast', '2026-10-01', 13, 11, 15],
    ]);
  });

  it('one series: one colour, the level in the subtitle and tooltip, the grain on the axis', () => {
    const spec = buildForecastSpec(base) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(spec.title.subtitle).toMatch(/80% prediction interval · method: damped/);
    expect(spec.encoding.x.title).toBe('Month');
    expect(spec.layer[2].encoding.tooltip.map((t: { title: string }) => t.title)).toContain('80% interval to');
    expect(spec.layer.every((l: { encoding: { color?: unknown } }) => l.encoding.color === undefined)).toBe(true);
  });

  it('several series: coloured by the split, the legend from the lines, and valid Vega-Lite', () => {
    const spec = buildForecastSpec({ ...base, by: 'region', series: [series('Europe', 1), series('APAC', 2)] }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(spec.layer[0].encoding.color).toMatchObject({ field: 'series', legend: null });
    expect(spec.layer[1].encoding.color).toMatchObject({ field: 'series', title: 'Region' });
    expect(spec.title.text).toBe('Orders count by region: forecast for the next 1 month');
    expect(createSpecValidator().check(spec)).toEqual({ ok: true });
  }, 60_000);
});
