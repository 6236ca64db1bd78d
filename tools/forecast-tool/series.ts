/**
 * From a table to the series a forecast needs: the time column and its grain, the measure,
 * an optional split into series, one value per calendar period (aggregated, gaps filled by a
 * stated rule), and incomplete periods at either end left out — each step said in `notes`.
 */
import type { TableArtifactData, TableColumn } from '../artifacts';
import { detectGrain, MAX_SERIES } from '../make-chart/format';
import { findColumn, profileTable, toDate, toNumber, type ColumnProfile } from '../make-chart/profile';
import { addPeriods, GRAIN_RANK, isoDate, periodLabel, periodStart, type ForecastGrain } from './calendar';

/** Sums and counts: a missing period had none (0). Levels and averages: a missing period lies between its neighbours. */
export type GapRule = 'zeros' | 'interpolation';

export interface PreparedSeries {
  name: string | null;
  dates: string[];
  values: number[];
}

export interface Prepared {
  timeColumn: string;
  measure: TableColumn;
  by?: string;
  grain: ForecastGrain;
  /** The table's own grain, before any aggregation. */
  sourceGrain: ForecastGrain;
  gapRule: GapRule;
  series: PreparedSeries[];
  /** What was done to the data, in words (gaps filled, periods dropped, series grouped). */
  notes: string[];
}

export interface PrepareOptions {
  measure?: string;
  by?: string;
  /** The grain to forecast in; the table's own when absent. Coarser grains are aggregated to. */
  grain?: ForecastGrain;
  /** Leave out the last N periods (known bad or not yet final). */
  ignoreLast?: number;
  now: Date;
}

// Averages, rates and stock levels are not additive: they are averaged per period and interpolated.
const LEVEL_NAME = /(avg|average|mean|median|rate|ratio|pct|percent|share|price|balance|follower|inventory|stock|level|score|margin|aov|per_)/i;

function timeOf(p: ColumnProfile, v: unknown): Date | null {
  if (p.column.kind === 'number' || p.column.kind === 'integer') {
    const y = toNumber(v);
    return y === null ? null : new Date(Date.UTC(y, 0, 1));
  }
  return toDate(v);
}

function asForecastGrain(dates: Date[]): ForecastGrain {
  const g = detectGrain(dates);
  // Hours and minutes are summed to days: the tool forecasts calendar periods people plan by.
  return g === 'hour' || g === 'minute' ? 'day' : g;
}

export function prepareSeries(table: TableArtifactData, o: PrepareOptions): Prepared | { error: string } {
  const profile = profileTable(table);
  const names = table.columns.map((c) => c.name).join(', ') || 'none';
  const times = profile.filter((p) => p.role === 'time');
  if (!times.length) return { error: `the table has no column of dates to forecast along (its columns: ${names}); ask for the measure by day, week or month first` };
  const time = times[0];

  const measures = profile.filter((p) => p.role === 'measure');
  if (!measures.length) return { error: `the table has no column of numbers to forecast (its columns: ${names})` };
  const notes: string[] = [];
  let measure: ColumnProfile | undefined = measures[measures.length - 1];
  if (o.measure) {
    measure = findColumn(measures, o.measure);
    if (!measure && measures.length === 1) {
      measure = measures[0];
      notes.push(`no column is called "${o.measure}": forecast ${measure.name}, the table's only measure`);
    }
    if (!measure) return { error: `no column of numbers matches "${o.measure}"; the table's measures are ${measures.map((m) => m.name).join(', ')}` };
  }

  const categories = profile.filter((p) => p.role === 'category');
  let by: ColumnProfile | undefined;
  if (o.by) {
    by = findColumn(categories, o.by);
    if (!by) return { error: `no column matches "${o.by}" to split the forecast by; the table's category columns are ${categories.map((c) => c.name).join(', ') || 'none'}` };
  } else if (categories.length === 1 && categories[0].distinct > 1) {
    // The table was asked for per category: each keeps its own forecast rather than being summed away.
    by = categories[0];
  }

  const rows: { t: Date; key: string | null; v: number | null }[] = [];
  for (const r of table.rows) {
    const t = timeOf(time, r[time.index]);
    if (!t) continue;
    rows.push({ t, key: by ? String(r[by.index] ?? '(none)') : null, v: toNumber(r[measure.index]) });
  }
  if (!rows.length) return { error: `no row has a readable date in ${time.name}` };

  const sourceGrain = asForecastGrain(rows.map((r) => r.t));
  const grain = o.grain ?? sourceGrain;
  if (GRAIN_RANK[grain] < GRAIN_RANK[sourceGrain]) return { error: `the table has one value per ${sourceGrain}; it cannot be forecast per ${grain}. Ask for the data per ${grain} first, or forecast per ${sourceGrain}` };
  const level = LEVEL_NAME.test(measure.name) || measure.column.unit === 'percent';
  const gapRule: GapRule = level ? 'interpolation' : 'zeros';

  // One bucket per period and series: summed (flows) or averaged (levels).
  const buckets = new Map<string | null, Map<number, { sum: number; n: number }>>();
  let first = Infinity;
  let last = -Infinity;
  let minRaw = Infinity;
  let maxRaw = -Infinity;
  for (const r of rows) {
    const start = periodStart(r.t, grain).getTime();
    first = Math.min(first, start);
    last = Math.max(last, start);
    minRaw = Math.min(minRaw, r.t.getTime());
    maxRaw = Math.max(maxRaw, r.t.getTime());
    if (r.v === null) continue;
    const s = buckets.get(r.key) ?? new Map();
    const b = s.get(start) ?? { sum: 0, n: 0 };
    b.sum += r.v;
    b.n += 1;
    s.set(start, b);
    buckets.set(r.key, s);
  }
  if (!buckets.size) return { error: `${measure.name} has no numbers to forecast` };

  // The periods every series shares, first to last.
  let periods: Date[] = [];
  for (let d = new Date(first); d.getTime() <= last; d = addPeriods(d, grain, 1)) periods.push(d);

  const aggregated = grain !== sourceGrain;
  const lastEnd = addPeriods(periods[periods.length - 1], grain, 1);
  if (lastEnd.getTime() > o.now.getTime()) {
    notes.push(`${periodLabel(periods[periods.length - 1], grain)} is not over yet: left out as incomplete`);
    periods = periods.slice(0, -1);
  } else if (aggregated && !level && addPeriods(new Date(maxRaw), sourceGrain, 1).getTime() < lastEnd.getTime()) {
    notes.push(`the data stops on ${isoDate(new Date(maxRaw))}, before ${periodLabel(periods[periods.length - 1], grain)} ends: that ${grain} was left out as incomplete`);
    periods = periods.slice(0, -1);
  }
  if (aggregated && !level && periods.length && minRaw > periods[0].getTime()) {
    notes.push(`the data starts on ${isoDate(new Date(minRaw))}, after ${periodLabel(periods[0], grain)} began: that ${grain} was left out as incomplete`);
    periods = periods.slice(1);
  }
  const ignore = o.ignoreLast ?? 0;
  if (ignore > 0) {
    if (ignore >= periods.length) return { error: `ignoring the last ${ignore} ${grain}s leaves no history (there are ${periods.length})` };
    notes.push(`the last ${ignore} ${grain}${ignore === 1 ? '' : 's'} (from ${periodLabel(periods[periods.length - ignore], grain)}) left out as asked`);
    periods = periods.slice(0, -ignore);
  }

  let keys = [...buckets.keys()];
  if (keys.length > MAX_SERIES) {
    const total = (k: string | null) => [...buckets.get(k)!.values()].reduce((a, b) => a + Math.abs(b.sum), 0);
    keys = keys.sort((a, b) => total(b) - total(a)).slice(0, MAX_SERIES);
    notes.push(`the ${MAX_SERIES} largest of ${buckets.size} ${by!.name} values forecast; the rest left out`);
  }

  let filled = 0;
  const series = keys.map((key) => {
    const b = buckets.get(key)!;
    const raw = periods.map((p) => {
      const x = b.get(p.getTime());
      return x ? (level ? x.sum / x.n : x.sum) : null;
    });
    const gaps = raw.filter((v) => v === null).length;
    filled += gaps;
    return { name: key, dates: periods.map(isoDate), values: fillGaps(raw, gapRule) };
  });
  if (filled > 0) {
    notes.push(gapRule === 'zeros' ? `${filled} ${grain}${filled === 1 ? '' : 's'} with no rows counted as 0` : `${filled} missing ${grain}${filled === 1 ? '' : 's'} filled by straight-line interpolation`);
  }
  return { timeColumn: time.name, measure: measure.column, by: by?.name, grain, sourceGrain, gapRule, series, notes };
}

/** Missing values (null) filled: with 0, or on the straight line between the neighbours (the nearest value at the ends). */
export function fillGaps(values: (number | null)[], rule: GapRule): number[] {
  if (rule === 'zeros') return values.map((v) => v ?? 0);
  const known = values.flatMap((v, i) => (v === null ? [] : [i]));
  if (!known.length) return values.map(() => 0);
  return values.map((v, i) => {
    if (v !== null) return v;
    const before = known.filter((k) => k < i).at(-1);
    const after = known.find((k) => k > i);
    if (before === undefined) return values[after!]!;
    if (after === undefined) return values[before]!;
    const a = values[before]!;
    const b = values[after]!;
    return a + ((b - a) * (i - before)) / (after - before);
  });
}
