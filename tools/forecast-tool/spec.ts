/**
 * The Vega-Lite chart of a forecast: history as a solid line, the forecast dashed, its interval
 * as a shaded band, and a tooltip with the interval. One spec for the web (interactive) and
 * the server's PNG for Slack and Teams.
 */
import type { ForecastArtifactData } from '../artifacts';
import { baseConfig, VEGA_LITE_SCHEMA_URL } from '../make-chart/spec';
import { axisTitle, GRAIN_AXIS_FORMAT, GRAIN_FORMAT, GRAIN_TIME_UNIT, humanize, numberFormat, PALETTE } from '../make-chart/format';

type Spec = Record<string, unknown>;
type Data = Omit<ForecastArtifactData, 'spec'>;

/** The chart's records: one per history point and forecast step, per series. */
export function forecastValues(d: Data): Record<string, string | number | null>[] {
  const out: Record<string, string | number | null>[] = [];
  for (const s of d.series) {
    const series = s.name ?? humanize(d.measure);
    for (const h of s.history) out.push({ series, date: h.date, part: 'Actual', value: h.value, lower: null, upper: null });
    // The dashed line starts at the last actual value, so history and forecast join.
    const lastActual = s.history.at(-1);
    if (lastActual) out.push({ series, date: lastActual.date, part: 'Forecast', value: lastActual.value, lower: lastActual.value, upper: lastActual.value });
    for (const f of s.forecast) out.push({ series, date: f.date, part: 'Forecast', value: f.mean, lower: f.lower, upper: f.upper });
  }
  return out;
}

export function forecastTitle(d: Data): string {
  const what = humanize(d.measure);
  const by = d.by ? ` by ${humanize(d.by).toLowerCase()}` : '';
  return `${what}${by}: forecast for the next ${d.horizon} ${d.grain}${d.horizon === 1 ? '' : 's'}`;
}

export function buildForecastSpec(d: Data): Spec {
  const values = forecastValues(d);
  const column = { name: d.measure, kind: 'number' as const, unit: d.unit, currency: d.currency };
  const nums = values.flatMap((v) => [v.value, v.lower, v.upper]).filter((n): n is number => typeof n === 'number');
  const axisFmt = numberFormat(column, nums, 'axis');
  const tipFmt = numberFormat(column, nums, 'tooltip');
  const many = d.series.length > 1;
  const timeUnit = GRAIN_TIME_UNIT[d.grain];
  const x = { field: 'date', type: 'temporal', timeUnit, title: humanize(d.grain), axis: { format: GRAIN_AXIS_FORMAT[d.grain], labelOverlap: true, grid: false } };
  const color = many ? { color: { field: 'series', type: 'nominal', title: humanize(d.by ?? 'series'), scale: { range: PALETTE } } } : {};
  const fixed = many ? {} : { color: PALETTE[0] };
  const tooltip = [
    ...(many ? [{ field: 'series', type: 'nominal', title: humanize(d.by ?? 'series') }] : []),
    { field: 'date', type: 'temporal', timeUnit, title: humanize(d.grain), format: GRAIN_FORMAT[d.grain] },
    { field: 'part', type: 'nominal', title: 'Kind' },
    { field: 'value', type: 'quantitative', title: axisTitle(column), format: tipFmt },
    { field: 'lower', type: 'quantitative', title: `${d.level}% interval from`, format: tipFmt },
    { field: 'upper', type: 'quantitative', title: `${d.level}% interval to`, format: tipFmt },
  ];
  const perSeries = values.length / Math.max(1, d.series.length);
  const y = { field: 'value', type: 'quantitative', title: axisTitle(column), axis: { format: axisFmt } };
  const method = d.series.length === 1 ? ` · method: ${d.series[0].method}` : '';
  return JSON.parse(
    JSON.stringify({
      $schema: VEGA_LITE_SCHEMA_URL,
      title: { text: forecastTitle(d), subtitle: `Solid: actual · dashed: forecast · shaded: ${d.level}% prediction interval${method}` },
      width: 640,
      height: 320,
      data: { values },
      encoding: { x },
      layer: [
        {
          transform: [{ filter: "datum.part === 'Forecast'" }],
          mark: { type: 'area', opacity: 0.2, ...fixed },
          // The lines carry the legend; the band's faint swatches would only blur it.
          encoding: { y: { field: 'lower', type: 'quantitative', title: axisTitle(column) }, y2: { field: 'upper' }, ...(many ? { color: { ...color.color, legend: null } } : {}) },
        },
        {
          transform: [{ filter: "datum.part === 'Actual'" }],
          mark: { type: 'line', strokeWidth: 2, point: perSeries <= 60, tooltip: true, ...fixed },
          encoding: { y, ...color, tooltip: tooltip.filter((t) => t.field !== 'lower' && t.field !== 'upper') },
        },
        {
          transform: [{ filter: "datum.part === 'Forecast'" }],
          mark: { type: 'line', strokeWidth: 2, strokeDash: [6, 4], point: true, tooltip: true, ...fixed },
          encoding: { y, ...color, tooltip },
        },
      ],
      config: baseConfig(d.currency),
    }),
  ) as Spec;
}
