/**
 * The data inside artifacts, shared by the tools that make them and every channel that renders
 * them (web, Slack, Teams, exports). Artifacts are data, not pictures.
 */

/** How a column's values should be read and formatted. */
export type ColumnKind = 'number' | 'integer' | 'string' | 'boolean' | 'date' | 'timestamp' | 'json';

export interface TableColumn {
  name: string;
  kind: ColumnKind;
  /** The database's own type name, e.g. `numeric`, `timestamptz`. */
  dbType?: string;
  /** What the values mean when known: money is formatted as currency, percent as a share. */
  unit?: 'currency' | 'percent';
  currency?: string;
}

/** A `table` artifact: rows as arrays in column order, plus the SQL that made them. */
export interface TableArtifactData {
  columns: TableColumn[];
  rows: unknown[][];
  /** Rows the query returned before any cap. */
  rowCount: number;
  /** True when `rows` holds fewer rows than the query returned. */
  truncated: boolean;
  sql?: string;
  datasource?: string;
  /** The question the table answers, for titles. */
  question?: string;
}

export const CHART_TYPES = ['line', 'area', 'bar', 'donut', 'scatter', 'kpi'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

/** What a person asked of a chart ("make it a bar chart", "stack by region", "top 10"…), kept so later changes build on it. */
export interface ChartOptions {
  chartType?: ChartType;
  /** Column names (as in the table) for the axes and the colour/stack split. */
  x?: string;
  y?: string;
  color?: string;
  stack?: boolean;
  logScale?: boolean;
  /** Keep only the N largest categories or series. */
  top?: number;
  /** Keep only rows of this year (e.g. "2024") or with this category value (e.g. "Europe"). */
  only?: string;
  title?: string;
}

/** A `chart` artifact: a Vega-Lite spec with its data inlined. */
export interface ChartArtifactData {
  chartType: ChartType;
  /** A complete Vega-Lite v6 spec, data inlined under `data.values`. */
  spec: Record<string, unknown>;
  /** The table artifact the chart was made from, when there is one. */
  sourceArtifactId?: string;
  /** The choices the chart was made with; a change request ("log scale") builds on them. */
  options?: ChartOptions;
}

/** One forecast step: the point forecast and its prediction interval. */
export interface ForecastPoint {
  /** The period's first day, ISO (`2026-03-01` for March 2026). */
  date: string;
  mean: number;
  lower: number;
  upper: number;
}

/** One forecast series: its history, its forecast, and how the method was chosen. */
export interface ForecastSeriesData {
  /** The split's value ("Europe") when the forecast is split by a column; null for one series. */
  name: string | null;
  history: { date: string; value: number }[];
  forecast: ForecastPoint[];
  /** The library's method name (`combination`, `ets`, `autotheta`, `damped`, `snaive`). */
  method: string;
  /** What was fitted, in words ("ETS(M,Ad,N)", "mean of …"). */
  model: string;
  /** The rolling-origin backtest of the chosen method, when the history was long enough for one. */
  backtest: { mase: number; relativeToSeasonalNaive: number; origins: number; horizon: number } | null;
  warnings: string[];
}

/** A `forecast` artifact: history, predictions and intervals per series, the chosen method, and the chart of it. */
export interface ForecastArtifactData {
  measure: string;
  unit?: TableColumn['unit'];
  currency?: string;
  timeColumn: string;
  grain: 'day' | 'week' | 'month' | 'quarter' | 'year';
  /** The seasonal period used (1: none). */
  period: number;
  horizon: number;
  /** Interval level in percent. */
  level: number;
  /** The column the forecast is split by, when it is. */
  by?: string;
  /** How missing periods were filled: 0 (sums and counts) or straight-line interpolation (levels, averages). */
  gapFill: 'zeros' | 'interpolation';
  series: ForecastSeriesData[];
  /** What was done to the data and how far to trust the result, in words. */
  warnings: string[];
  /** A Vega-Lite v6 spec of history, forecast (dashed) and band (shaded), data inlined. */
  spec: Record<string, unknown>;
  sourceArtifactId?: string;
  sql?: string;
  question?: string;
}
