import type { ChartOptions, ChartType, TableArtifactData } from '../artifacts';
import { findColumn, toNumber, type ColumnProfile } from './profile';

/** Which columns go where, and as what kind of chart. */
export interface ChartPlan {
  chartType: ChartType;
  /** The horizontal (or category) column; for a scatter chart the first measure. */
  x?: ColumnProfile;
  /** The measures drawn; more than one become separate series. */
  y: ColumnProfile[];
  /** The column that splits the data into coloured series, stacks or slices. */
  color?: ColumnProfile;
  stack: boolean;
  /** For a KPI tile: the column holding the previous period's value, when the table has one. */
  previous?: ColumnProfile;
  /** More columns to show in a point's tooltip (scatter charts). */
  tooltip?: ColumnProfile[];
  /** Why this chart, in a few words (for the tool's summary). */
  reason: string;
}

export type ChooseResult = { ok: true; plan: ChartPlan } | { ok: false; error: string };

const SHARE_WORDS = /\b(share|shares|percent|percentage|proportion|breakdown|split|mix|distribution|composition|portion|% of)\b/i;
const PREVIOUS_NAME = /(prev|prior|previous|last|before|earlier)/i;
const MAX_DONUT_PARTS = 6;

function fail(error: string): ChooseResult {
  return { ok: false, error };
}

function names(cols: ColumnProfile[]): string {
  return cols.map((c) => c.name).join(', ');
}

/**
 * Chooses a fitting chart for a table: time → line (area when stacked); one category and one
 * measure → sorted bar; a share of a whole in six parts or fewer → donut; two measures → scatter;
 * a single number → KPI tile. What the person asked for (`options`) wins where it can.
 */
export function chooseChart(table: TableArtifactData, profile: ColumnProfile[], options: ChartOptions = {}): ChooseResult {
  if (!table.rows.length) return fail('the table has no rows, so there is nothing to chart');
  const pick = (name: string | undefined): ColumnProfile | null | undefined => {
    if (!name) return undefined;
    return findColumn(profile, name) ?? null;
  };
  const xAsked = pick(options.x);
  const yAsked = pick(options.y);
  const colorAsked = pick(options.color);
  for (const [asked, name, what] of [
    [xAsked, options.x, 'the horizontal axis'],
    [yAsked, options.y, 'the values'],
    [colorAsked, options.color, 'the split'],
  ] as const) {
    if (asked === null) return fail(`there is no column "${name}" for ${what}; the columns are ${names(profile)}`);
  }
  if (yAsked && yAsked.role !== 'measure') return fail(`"${yAsked.name}" does not hold numbers, so it cannot be the values of a chart`);

  const used = new Set([xAsked?.name, colorAsked?.name].filter(Boolean));
  const measures = profile.filter((c) => c.role === 'measure' && !used.has(c.name));
  const times = profile.filter((c) => c.role === 'time' && c.distinct > 0);
  const cats = profile.filter((c) => c.role === 'category' && c.distinct > 0);
  const previous = measures.find((c) => PREVIOUS_NAME.test(c.name));
  const y = yAsked ? [yAsked] : measures.filter((c) => c !== previous || measures.length === 1);
  if (!y.length) return fail(`there is no column of numbers to chart; the columns are ${names(profile)}`);

  const stack = options.stack ?? Boolean(options.color);
  const xTime = xAsked ?? times[0];
  const type = options.chartType;
  const rows = table.rows.length;

  const share =
    y.length === 1 &&
    (y[0].column.unit === 'percent' || SHARE_WORDS.test(table.question ?? '') || SHARE_WORDS.test(y[0].name)) &&
    table.rows.every((r) => (toNumber(r[y[0].index]) ?? -1) >= 0);

  if (type === 'kpi' || (!type && rows === 1)) {
    return { ok: true, plan: { chartType: 'kpi', x: times[0], y: [y[0]], previous: measures.length > 1 ? previous : undefined, stack: false, reason: 'a single number' } };
  }

  if (type === 'scatter' || (!type && !times.length && y.length >= 2 && (rows >= 5 || !cats.length))) {
    const numeric = yAsked ? [xAsked?.role === 'measure' ? xAsked : measures.find((m) => m !== yAsked), yAsked] : [xAsked?.role === 'measure' ? xAsked : y[0], y.find((m) => m !== xAsked && m !== y[0]) ?? y[1]];
    if (!numeric[0] || !numeric[1]) return fail(`a scatter chart needs two columns of numbers; this table has ${measures.length === 1 ? 'one' : 'none'} (${names(measures) || 'no numbers'})`);
    const color = colorAsked ?? cats.find((c) => c.distinct <= 12 && c.distinct < rows);
    const tooltip = profile.filter((p) => p !== numeric[0] && p !== numeric[1] && p !== color && p.role !== 'other').slice(0, 4);
    return { ok: true, plan: { chartType: 'scatter', x: numeric[0], y: [numeric[1]], color, tooltip, stack: false, reason: 'two measures set against each other' } };
  }

  if (type === 'donut' || (!type && !times.length && cats.length === 1 && share && rows >= 2 && rows <= MAX_DONUT_PARTS)) {
    const part = colorAsked ?? (xAsked?.role !== 'measure' ? xAsked : undefined) ?? cats[0] ?? times[0];
    if (!part) return fail('a donut chart needs a column naming the parts (a category); this table has none');
    if (table.rows.some((r) => (toNumber(r[y[0].index]) ?? 0) < 0)) return fail(`a donut chart shows parts of a whole, but "${y[0].name}" has negative values; try a bar chart`);
    return { ok: true, plan: { chartType: 'donut', color: part, y: [y[0]], stack: true, reason: 'parts of a whole' } };
  }

  if (type === 'line' || type === 'area' || (!type && xTime && xTime.role === 'time')) {
    const x = xAsked ?? times[0] ?? cats[0];
    if (!x) return fail(`a ${type ?? 'line'} chart needs a column to run along (dates or categories); the columns are ${names(profile)}`);
    if (!type && y.length === 1 && !colorAsked && rows === 2 && x.distinct === 2) {
      return { ok: true, plan: { chartType: 'kpi', x, y, stack: false, reason: 'a number and the period before it' } };
    }
    const color = (colorAsked !== x ? colorAsked : undefined) ?? (y.length === 1 ? cats.find((c) => c !== x && rows > x.distinct) : undefined);
    const chartType = type ?? (stack && color ? 'area' : 'line');
    return { ok: true, plan: { chartType, x, y, color, stack: chartType === 'area' ? options.stack !== false : false, reason: x.role === 'time' ? 'a measure over time' : 'values along a sequence' } };
  }

  // Bars: a category (or, when asked, dates) against one or more measures.
  // Bars asked of a time series run along time; otherwise along the finest category.
  const timeBars = type === 'bar' && !xAsked && times.length > 0;
  let xCat = xAsked ?? (timeBars ? times[0] : undefined) ?? cats.filter((c) => c !== colorAsked).sort((a, b) => b.distinct - a.distinct)[0] ?? times[0];
  let colorAsked2 = colorAsked;
  // "Split by region" when region is the only category: region is the bars, with nothing to split.
  if (!xCat && colorAsked) [xCat, colorAsked2] = [colorAsked, undefined];
  if (!xCat) {
    if (type === 'bar') return fail(`a bar chart needs a column naming the bars (a category); the columns are ${names(profile)}`);
    return fail(`this table has numbers (${names(y)}) but nothing to set them against, such as dates or categories`);
  }
  const color = colorAsked2 ?? (y.length === 1 ? cats.find((c) => c !== xCat && c.distinct <= 50) : undefined);
  return {
    ok: true,
    plan: { chartType: 'bar', x: xCat, y, color, stack: color ? options.stack !== false : false, reason: color ? 'a measure by two categories' : 'a measure by category' },
  };
}
