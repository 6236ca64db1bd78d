import type { ChartOptions, ChartType, TableArtifactData } from '../artifacts';
import { chooseChart, type ChartPlan } from './choose-chart';
import { chartData, filterRows, SERIES_FIELD, type ChartData } from './data';
import {
  axisTitle,
  currencySymbol,
  detectGrain,
  GRAIN_AXIS_FORMAT,
  GRAIN_FORMAT,
  GRAIN_TIME_UNIT,
  humanize,
  numberFormat,
  OTHER_COLOR,
  OTHER_LABEL,
  PALETTE,
  titleFromQuestion,
  type TimeGrain,
} from './format';
import { profileTable, toDate, type ColumnProfile } from './profile';

export const VEGA_LITE_SCHEMA_URL = 'https://vega.github.io/schema/vega-lite/v6.json';

export type BuiltChart =
  | { ok: true; chartType: ChartType; spec: Record<string, unknown>; title: string; notes: string[]; plan: ChartPlan; points: number }
  | { ok: false; error: string };

type Spec = Record<string, unknown>;

/** The look every chart shares: palette, quiet axes, thousands separators, currency symbol. */
export function baseConfig(currency: string | undefined): Spec {
  return {
    range: { category: PALETTE },
    font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
    title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: '#555555', anchor: 'start', offset: 12 },
    axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', titleColor: '#333333', gridColor: '#e6e6e6', domainColor: '#888888', tickColor: '#888888', labelColor: '#333333' },
    legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', orient: 'bottom', labelLimit: 200 },
    view: { stroke: null },
    locale: { number: { decimal: '.', thousands: ',', grouping: [3], currency: [currencySymbol(currency), ''] } },
  };
}

function measureFormats(measure: ColumnProfile, data: ChartData) {
  const nums = data.values.map((v) => v[data.fields.y]).filter((n): n is number => typeof n === 'number');
  return { axis: numberFormat(measure.column, nums, 'axis'), tooltip: numberFormat(measure.column, nums, 'tooltip') };
}

function grainOf(data: ChartData, field: string): TimeGrain {
  return detectGrain(data.values.map((v) => toDate(v[field])).filter((d): d is Date => d !== null));
}

/** The title and axis label for the values: the measure's meaning, or "Value" when measures were folded. */
function valueTitle(plan: ChartPlan, data: ChartData): string {
  if (!data.folded) return axisTitle(data.measures[0].column);
  const units = new Set(data.measures.map((m) => m.column.unit ?? ''));
  return units.size === 1 && data.measures[0].column.unit === 'currency' ? `Amount (${(data.measures[0].column.currency ?? 'USD').toUpperCase()})` : 'Value';
}

function colorEncoding(plan: ChartPlan, data: ChartData, sortField?: string): Spec | undefined {
  const field = data.fields.color;
  if (!field) return undefined;
  const seen = [...new Set(data.values.map((v) => String(v[field])))];
  const enc: Spec = { field, type: 'nominal', title: data.folded ? 'Measure' : humanize(plan.color?.name ?? field) };
  if (seen.includes(OTHER_LABEL)) {
    const named = seen.filter((s) => s !== OTHER_LABEL);
    enc.scale = { domain: [...named, OTHER_LABEL], range: [...PALETTE.slice(0, named.length), OTHER_COLOR] };
  }
  if (sortField) enc.sort = { field: sortField, op: 'sum', order: 'descending' };
  return enc;
}

function xEncoding(plan: ChartPlan, data: ChartData, purpose: 'continuous' | 'band'): { enc: Spec; tooltip: Spec; temporal: boolean } {
  const x = plan.x!;
  const field = data.fields.x!;
  const title = axisTitle(x.column);
  if (x.role === 'time') {
    const grain = grainOf(data, field);
    const timeUnit = GRAIN_TIME_UNIT[grain];
    const enc: Spec =
      purpose === 'continuous'
        ? { field, type: 'temporal', timeUnit, title, axis: { format: GRAIN_AXIS_FORMAT[grain], labelOverlap: true, grid: false } }
        : { field, type: 'ordinal', timeUnit, title, axis: { format: GRAIN_AXIS_FORMAT[grain], labelOverlap: true, labelAngle: 0 } };
    return { enc, tooltip: { field, type: 'temporal', timeUnit, title, format: GRAIN_FORMAT[grain] }, temporal: true };
  }
  const enc: Spec = { field, type: 'ordinal', title, sort: null, axis: { labelLimit: 160, labelOverlap: true } };
  return { enc, tooltip: { field, type: 'nominal', title }, temporal: false };
}

function yScale(options: ChartOptions, data: ChartData): Spec | undefined {
  if (!options.logScale) return undefined;
  const nums = data.values.map((v) => v[data.fields.y]).filter((n): n is number => typeof n === 'number');
  // A log scale cannot show zero or negatives; symlog keeps them visible.
  return nums.every((n) => n > 0) ? { type: 'log' } : { type: 'symlog' };
}

function lineSpec(plan: ChartPlan, data: ChartData, options: ChartOptions): Spec {
  const fmt = measureFormats(data.measures[0], data);
  const x = xEncoding(plan, data, 'continuous');
  const color = colorEncoding(plan, data, data.fields.y);
  const area = plan.chartType === 'area';
  const seriesCount = data.fields.color ? new Set(data.values.map((v) => v[data.fields.color!])).size : 1;
  const y: Spec = { field: data.fields.y, type: 'quantitative', title: valueTitle(plan, data), axis: { format: fmt.axis } };
  const scale = yScale(options, data);
  if (scale) y.scale = scale;
  if (area) y.stack = plan.stack && color ? 'zero' : null;
  const tooltip = [x.tooltip, ...(color ? [{ field: data.fields.color, type: 'nominal', title: color.title }] : []), { field: data.fields.y, type: 'quantitative', title: valueTitle(plan, data), format: fmt.tooltip }];
  const spec: Spec = {
    mark: area
      ? { type: 'area', line: true, opacity: plan.stack ? 0.85 : 0.35, tooltip: true }
      : { type: 'line', point: data.values.length / seriesCount <= 60, strokeWidth: 2, tooltip: true, ...(color ? {} : { color: PALETTE[0] }) },
    encoding: { x: x.enc, y, ...(color ? { color } : {}), tooltip },
  };
  // Zoom and pan along time: drag to pan, wheel to zoom, double-click to reset.
  if (x.temporal) spec.params = [{ name: 'zoom', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' }];
  return spec;
}

function barSpec(plan: ChartPlan, data: ChartData, options: ChartOptions): Spec {
  const fmt = measureFormats(data.measures[0], data);
  const x = xEncoding(plan, data, 'band');
  const categories = new Set(data.values.map((v) => v[data.fields.x!]));
  const longest = Math.max(0, ...[...categories].map((c) => String(c).length));
  const horizontal = !x.temporal && (categories.size > 8 || longest > 12);
  const value: Spec = { field: data.fields.y, type: 'quantitative', title: valueTitle(plan, data), axis: { format: fmt.axis } };
  const scale = yScale(options, data);
  if (scale) value.scale = scale;
  const color = colorEncoding(plan, data, data.fields.y);
  if (color && !plan.stack) value.stack = null;
  const cat = { ...x.enc };
  if (!horizontal) cat.axis = { ...(cat.axis as Spec), labelAngle: 0 };
  // Largest first, unless the bars are dates, which keep their order.
  if (!x.temporal) cat.sort = horizontal ? '-x' : '-y';
  const encoding: Spec = horizontal ? { y: cat, x: value } : { x: cat, y: value };
  if (color) {
    encoding.color = color;
    if (!plan.stack) encoding[horizontal ? 'yOffset' : 'xOffset'] = { field: data.fields.color, type: 'nominal' };
  }
  encoding.tooltip = [x.tooltip, ...(color ? [{ field: data.fields.color, type: 'nominal', title: color.title }] : []), { field: data.fields.y, type: 'quantitative', title: valueTitle(plan, data), format: fmt.tooltip }];
  const spec: Spec = { mark: { type: 'bar', tooltip: true, ...(color ? {} : { color: PALETTE[0] }) }, encoding };
  if (horizontal) spec.height = { step: categories.size > 30 ? 14 : 22 };
  return spec;
}

function donutSpec(plan: ChartPlan, data: ChartData): Spec {
  const fmt = measureFormats(data.measures[0], data);
  const y = data.fields.y;
  const color = colorEncoding(plan, data, y)!;
  return {
    width: 360,
    height: 300,
    transform: [{ joinaggregate: [{ op: 'sum', field: y, as: '__total' }] }, { calculate: `datum['${y}'] / datum.__total`, as: '__share' }],
    mark: { type: 'arc', innerRadius: 70, padAngle: 0.01, tooltip: true },
    encoding: {
      theta: { field: y, type: 'quantitative', stack: true },
      color: { ...color, legend: { orient: 'right' } },
      order: { field: y, type: 'quantitative', sort: 'descending' },
      tooltip: [
        { field: data.fields.color, type: 'nominal', title: color.title },
        { field: y, type: 'quantitative', title: valueTitle(plan, data), format: fmt.tooltip },
        { field: '__share', type: 'quantitative', title: 'Share', format: '.1%' },
      ],
    },
  };
}

function scatterSpec(plan: ChartPlan, data: ChartData, options: ChartOptions): Spec {
  const xCol = plan.x!;
  const xNums = data.values.map((v) => v[data.fields.x!]).filter((n): n is number => typeof n === 'number');
  const xFmt = { axis: numberFormat(xCol.column, xNums, 'axis'), tooltip: numberFormat(xCol.column, xNums, 'tooltip') };
  const yFmt = measureFormats(data.measures[0], data);
  const color = colorEncoding(plan, data);
  const y: Spec = { field: data.fields.y, type: 'quantitative', title: axisTitle(data.measures[0].column), axis: { format: yFmt.axis }, scale: yScale(options, data) ?? { zero: false } };
  const extra = (plan.tooltip ?? []).map((p) => ({ field: p.name.replace(/[.[\]\\"']/g, '_'), type: p.role === 'measure' ? 'quantitative' : p.role === 'time' ? 'temporal' : 'nominal', title: humanize(p.name) }));
  return {
    mark: { type: 'point', filled: true, opacity: 0.7, size: data.values.length > 500 ? 20 : 50, tooltip: true },
    params: [{ name: 'zoom', select: { type: 'interval' }, bind: 'scales' }],
    encoding: {
      x: { field: data.fields.x, type: 'quantitative', title: axisTitle(xCol.column), axis: { format: xFmt.axis }, scale: { zero: false } },
      y,
      ...(color ? { color } : {}),
      tooltip: [
        ...(color ? [{ field: data.fields.color, type: 'nominal', title: color.title }] : []),
        ...extra,
        { field: data.fields.x, type: 'quantitative', title: axisTitle(xCol.column), format: xFmt.tooltip },
        { field: data.fields.y, type: 'quantitative', title: axisTitle(data.measures[0].column), format: yFmt.tooltip },
      ],
    },
  };
}

/** A KPI tile: the number, and the change against the previous period when the data has one. */
function kpiSpec(plan: ChartPlan, data: ChartData): { spec: Spec; values: Spec[] } {
  const fmt = measureFormats(data.measures[0], data);
  const x = data.fields.x;
  const rows = [...data.values].filter((v) => typeof v[data.fields.y] === 'number');
  if (x && plan.x?.role === 'time') rows.sort((a, b) => String(a[x]).localeCompare(String(b[x])));
  const last = rows[rows.length - 1] ?? data.values[0];
  const value = last?.[data.fields.y] ?? null;
  let previous: number | null = null;
  let period = '';
  if (data.fields.previous && typeof last?.[data.fields.previous] === 'number') {
    previous = last[data.fields.previous] as number;
    period = 'the previous period';
  } else if (rows.length >= 2) {
    const prev = rows[rows.length - 2];
    previous = prev[data.fields.y] as number;
    if (x && plan.x?.role === 'time') {
      const grain = grainOf(data, x);
      const d = toDate(prev[x]);
      period = d ? formatUtc(d, grain) : 'the previous period';
    } else period = 'the previous row';
  }
  const change = typeof value === 'number' && previous !== null && previous !== 0 ? (value - previous) / Math.abs(previous) : null;
  const changeText = change === null ? '' : `${change >= 0 ? '▲' : '▼'} ${Math.abs(change * 100).toFixed(1)}% vs ${period}`;
  const values = [{ value, previous, change, changeText }];
  const spec: Spec = {
    width: 360,
    height: 180,
    layer: [
      {
        mark: { type: 'text', fontSize: 52, fontWeight: 'bold', align: 'center', baseline: 'middle', x: { expr: 'width / 2' }, y: { expr: 'height * 0.42' }, color: '#222222', tooltip: true },
        encoding: {
          text: { field: 'value', type: 'quantitative', format: fmt.tooltip },
          tooltip: [
            { field: 'value', type: 'quantitative', title: axisTitle(data.measures[0].column), format: fmt.tooltip },
            ...(previous !== null ? [{ field: 'previous', type: 'quantitative', title: 'Previous', format: fmt.tooltip }] : []),
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 16, align: 'center', baseline: 'middle', x: { expr: 'width / 2' }, y: { expr: 'height * 0.8' }, color: change !== null && change < 0 ? '#D55E00' : '#007A5A' },
        encoding: { text: { field: 'changeText', type: 'nominal' } },
      },
    ],
  };
  return { spec, values };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** The same words as the chart's d3 time formats, for text built here (a KPI's "vs Mar 2024"). */
function formatUtc(d: Date, grain: TimeGrain): string {
  const y = d.getUTCFullYear();
  const m = MONTHS[d.getUTCMonth()];
  if (grain === 'year') return String(y);
  if (grain === 'quarter') return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${y}`;
  if (grain === 'month') return `${m} ${y}`;
  return `${String(d.getUTCDate()).padStart(2, '0')} ${m} ${y}`;
}

function defaultTitle(plan: ChartPlan): string {
  const y = plan.y.length > 1 ? plan.y.map((c) => humanize(c.name)).slice(0, 3).join(', ') : humanize(plan.y[0].name);
  if (plan.chartType === 'kpi') return y;
  if (plan.chartType === 'scatter') return `${y} against ${humanize(plan.x!.name).toLowerCase()}`;
  const by = plan.chartType === 'donut' ? plan.color : plan.x;
  return by ? `${y} by ${humanize(by.name).toLowerCase()}` : y;
}

/** Removes keys whose value is undefined, so the spec is plain JSON. */
function clean<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * A complete Vega-Lite spec (data inlined) for a table, chosen automatically and changed by
 * what the person asked for.
 */
export function buildChart(table: TableArtifactData, options: ChartOptions = {}): BuiltChart {
  const profile = profileTable(table);
  const filtered = filterRows(table, profile, options.only);
  if ('error' in filtered) return { ok: false, error: filtered.error };
  const view: TableArtifactData = { ...table, rows: filtered.rows };
  // Chosen for the whole table, so "only 2024" narrows a chart without turning it into another kind.
  const chosen = chooseChart(table, profile, options);
  if (!chosen.ok) return chosen;
  const plan = chosen.plan;
  const data = chartData(view.rows, plan, options);
  const notes = [...(filtered.note ? [filtered.note] : []), ...data.notes];
  if (table.truncated) notes.push(`First ${table.rows.length.toLocaleString('en-US')} of ${table.rowCount.toLocaleString('en-US')} rows`);

  let body: Spec;
  let values: Spec[] = data.values;
  switch (plan.chartType) {
    case 'line':
    case 'area':
      body = lineSpec(plan, data, options);
      break;
    case 'bar':
      body = barSpec(plan, data, options);
      break;
    case 'donut':
      body = donutSpec(plan, data);
      break;
    case 'scatter':
      body = scatterSpec(plan, data, options);
      break;
    case 'kpi': {
      const k = kpiSpec(plan, data);
      body = k.spec;
      values = k.values;
      break;
    }
  }
  const title = options.title ?? titleFromQuestion(table.question) ?? defaultTitle(plan);
  const currency = [...data.measures, plan.x].find((c) => c?.column.unit === 'currency')?.column.currency;
  const subtitle = plan.chartType === 'kpi' && title !== humanize(plan.y[0].name) ? [axisTitle(plan.y[0].column), ...notes] : notes;
  const spec: Spec = clean({
    $schema: VEGA_LITE_SCHEMA_URL,
    title: subtitle.length ? { text: title, subtitle: subtitle.join(' · ') } : { text: title },
    width: 640,
    height: 320,
    data: { values },
    ...body,
    config: baseConfig(currency),
  });
  return { ok: true, chartType: plan.chartType, spec, title, notes, plan, points: values.length };
}

export { SERIES_FIELD };
