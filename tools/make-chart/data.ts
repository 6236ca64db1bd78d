import type { ChartOptions, TableArtifactData } from '../artifacts';
import type { ChartPlan } from './choose-chart';
import { humanize, MAX_SERIES, OTHER_LABEL } from './format';
import { normalizeName, toDate, toNumber, type ColumnProfile } from './profile';

/** The rows a chart shows, as Vega-Lite records, plus notes on what was left out or grouped. */
export interface ChartData {
  values: Record<string, string | number | null>[];
  /** Field names in `values` for each role. */
  fields: { x?: string; y: string; color?: string; previous?: string };
  notes: string[];
  /** The measures behind `fields.y` (several when measures were folded into series). */
  measures: ColumnProfile[];
  /** True when several measures were folded into one value column with a series column. */
  folded: boolean;
}

export const SERIES_FIELD = 'series';
/** Bars beyond this are unreadable; the largest are kept ("top N" asks for fewer). */
export const MAX_BARS = 50;
export const VALUE_FIELD = 'value';

/** A field name Vega-Lite reads literally: dots and brackets would mean nested access. */
export function fieldName(name: string): string {
  return name.replace(/[.[\]\\"']/g, '_') || 'column';
}

function cell(p: ColumnProfile, v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (p.role === 'measure') return toNumber(v);
  if (p.role === 'time') {
    if (p.column.kind === 'number' || p.column.kind === 'integer') return `${toNumber(v)}-01-01`;
    return toDate(v)?.toISOString() ?? null;
  }
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
}

/**
 * Keeps the rows "only …" asks for: a year on the time column, or a category value.
 * Returns an error in words when nothing matches.
 */
export function filterRows(table: TableArtifactData, profile: ColumnProfile[], only: string | undefined): { rows: unknown[][]; note?: string } | { error: string } {
  if (!only) return { rows: table.rows };
  const want = only.trim();
  if (/^\d{4}$/.test(want)) {
    const time = profile.find((p) => p.role === 'time');
    if (!time) return { error: `"only ${want}" needs a date column, and this table has none` };
    const rows = table.rows.filter((r) => {
      const v = r[time.index];
      if (time.column.kind === 'number' || time.column.kind === 'integer') return toNumber(v) === Number(want);
      return toDate(v)?.getUTCFullYear() === Number(want);
    });
    if (!rows.length) return { error: `no rows fall in ${want}; the table's dates run from ${dateRange(table, time)}` };
    return { rows, note: `Only ${want}` };
  }
  const key = normalizeName(want);
  for (const p of profile.filter((c) => c.role === 'category')) {
    const rows = table.rows.filter((r) => r[p.index] !== null && r[p.index] !== undefined && normalizeName(String(r[p.index])) === key);
    if (rows.length) return { rows, note: `Only ${String(rows[0][p.index])}` };
  }
  return { error: `no row has "${want}" in any of its category columns (${profile.filter((c) => c.role === 'category').map((c) => c.name).join(', ') || 'none'})` };
}

function dateRange(table: TableArtifactData, time: ColumnProfile): string {
  const years = table.rows.map((r) => (time.column.kind === 'number' || time.column.kind === 'integer' ? toNumber(r[time.index]) : toDate(r[time.index])?.getUTCFullYear())).filter((y): y is number => typeof y === 'number');
  return years.length ? `${Math.min(...years)} to ${Math.max(...years)}` : 'no readable dates';
}

/** Sums values per key, keeping first-seen order. */
function sumBy<T>(items: T[], key: (t: T) => string, value: (t: T) => number | null) {
  const totals = new Map<string, number>();
  for (const it of items) totals.set(key(it), (totals.get(key(it)) ?? 0) + Math.abs(value(it) ?? 0));
  return totals;
}

/** The `keep` largest keys by total; the rest are grouped or dropped. */
function largest(totals: Map<string, number>, keep: number): Set<string> {
  return new Set([...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, keep).map(([k]) => k));
}

/**
 * Turns table rows into chart records: numbers as numbers, dates as ISO strings, several measures
 * folded into series, repeated points summed, "top N" applied, and more than 12 series grouped as
 * "Other".
 */
export function chartData(rows: unknown[][], plan: ChartPlan, options: ChartOptions): ChartData {
  const notes: string[] = [];
  const folded = plan.y.length > 1 && plan.chartType !== 'scatter' && plan.chartType !== 'kpi';
  const measures = folded ? plan.y.slice(0, MAX_SERIES) : [plan.y[0]];
  if (folded && plan.y.length > MAX_SERIES) notes.push(`First ${MAX_SERIES} of ${plan.y.length} measures`);
  const xField = plan.x ? fieldName(plan.x.name) : undefined;
  const colorField = folded ? SERIES_FIELD : plan.color ? fieldName(plan.color.name) : undefined;
  const yField = folded ? VALUE_FIELD : fieldName(measures[0].name);
  const previousField = plan.previous ? fieldName(plan.previous.name) : undefined;

  let values: Record<string, string | number | null>[] = [];
  for (const r of rows) {
    for (const m of measures) {
      const rec: Record<string, string | number | null> = {};
      if (plan.x && xField) rec[xField] = cell(plan.x, r[plan.x.index]);
      if (folded) rec[SERIES_FIELD] = humanize(m.name);
      else if (plan.color && colorField) rec[colorField] = cell(plan.color, r[plan.color.index]) ?? '(none)';
      rec[yField] = cell(m, r[m.index]);
      if (plan.previous && previousField) rec[previousField] = cell(plan.previous, r[plan.previous.index]);
      if (plan.chartType === 'scatter') {
        // Every column goes in the tooltip of a point.
        for (const p of plan.tooltip ?? []) rec[fieldName(p.name)] = cell(p, r[p.index]);
      }
      values.push(rec);
    }
  }
  if (plan.chartType === 'scatter') values = values.filter((v) => typeof v[yField] === 'number' && typeof v[xField!] === 'number');

  // The same point reported twice (raw rows rather than a summary) is summed, as a chart of totals.
  if (plan.chartType !== 'scatter' && plan.chartType !== 'kpi') {
    const keyOf = (v: Record<string, unknown>) => `${xField ? v[xField] : ''}\u0000${colorField ? v[colorField] : ''}`;
    const merged = new Map<string, Record<string, string | number | null>>();
    for (const v of values) {
      const k = keyOf(v);
      const prev = merged.get(k);
      if (!prev) merged.set(k, { ...v });
      else prev[yField] = ((prev[yField] as number | null) ?? 0) + ((v[yField] as number | null) ?? 0);
    }
    if (merged.size < values.length) notes.push(`Summed per ${[plan.x, plan.color].filter(Boolean).map((p) => humanize(p!.name).toLowerCase()).join(' and ')}`);
    values = [...merged.values()];
  }

  const byCategory = plan.chartType === 'bar' || plan.chartType === 'donut' ? (plan.chartType === 'donut' ? colorField : xField) : undefined;
  if (options.top && plan.chartType !== 'kpi') {
    // "Top N" ranks the categories (bars, slices) or, on a line chart, the series.
    const field = plan.chartType === 'scatter' ? undefined : (byCategory ?? colorField);
    if (field) {
      const totals = sumBy(values, (v) => String(v[field]), (v) => v[yField] as number | null);
      if (totals.size > options.top) {
        const keep = largest(totals, options.top);
        values = values.filter((v) => keep.has(String(v[field])));
        notes.push(`Top ${options.top} of ${totals.size}`);
      }
    } else if (values.length > options.top) {
      values = [...values].sort((a, b) => ((b[yField] as number) ?? 0) - ((a[yField] as number) ?? 0)).slice(0, options.top);
      notes.push(`Top ${options.top} by ${humanize(measures[0].name).toLowerCase()}`);
    }
  }

  // More bars than anyone can read: the largest, said so in the subtitle.
  if (plan.chartType === 'bar' && xField && !options.top && plan.x?.role !== 'time') {
    const totals = sumBy(values, (v) => String(v[xField]), (v) => v[yField] as number | null);
    if (totals.size > MAX_BARS) {
      const keep = largest(totals, MAX_BARS);
      values = values.filter((v) => keep.has(String(v[xField])));
      notes.push(`Largest ${MAX_BARS} of ${totals.size}`);
    }
  }

  // Too many series (or slices, or bars) to tell apart: keep the largest, group the rest.
  const groupField = plan.chartType === 'donut' ? colorField : plan.chartType === 'bar' && !colorField ? undefined : plan.chartType === 'scatter' ? undefined : colorField;
  if (groupField) {
    const totals = sumBy(values, (v) => String(v[groupField]), (v) => v[yField] as number | null);
    if (totals.size > MAX_SERIES) {
      const keep = largest(totals, MAX_SERIES - 1);
      const grouped = new Map<string, Record<string, string | number | null>>();
      const out: Record<string, string | number | null>[] = [];
      for (const v of values) {
        if (keep.has(String(v[groupField]))) {
          out.push(v);
          continue;
        }
        const k = String(xField ? v[xField] : '');
        const g = grouped.get(k) ?? { ...v, [groupField]: OTHER_LABEL, [yField]: 0 };
        g[yField] = (g[yField] as number) + ((v[yField] as number | null) ?? 0);
        grouped.set(k, g);
      }
      values = [...out, ...grouped.values()];
      notes.push(`${MAX_SERIES - 1} largest shown; ${totals.size - (MAX_SERIES - 1)} more grouped as ${OTHER_LABEL}`);
    }
  }

  return { values, fields: { x: xField, y: yField, color: colorField, previous: previousField }, notes, measures, folded };
}
