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

export type ChartType = 'line' | 'area' | 'bar' | 'donut' | 'scatter' | 'kpi';

/** A `chart` artifact: a Vega-Lite spec with its data inlined. */
export interface ChartArtifactData {
  chartType: ChartType;
  /** A complete Vega-Lite v6 spec, data inlined under `data.values`. */
  spec: Record<string, unknown>;
  /** The table artifact the chart was made from, when there is one. */
  sourceArtifactId?: string;
}
