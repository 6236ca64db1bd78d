/** Messages between Parley and its DuckDB child process (server/files/duck-worker.ts). */
export interface TableMeta {
  name: string;
  columns: { name: string; type: string }[];
  rowCount: number;
  /** Lines of the source that did not parse and were left out. */
  rejectedRows: number;
  /** The first rows (JSON values, long text cut), for people to see what was read. */
  preview: unknown[][];
  /** Where the loaded table is kept (Parquet), for sessions to load. */
  path: string;
}

export interface IngestLimits {
  /** Uncompressed bytes an XLSX may declare. */
  maxExpandedBytes: number;
  /** Cells an XLSX may hold. */
  maxCells: number;
}

export interface SessionLimits {
  memoryLimit: string;
  threads: number;
  tempDir: string;
}

export type WorkerRequest =
  | { op: 'ingest'; source: string; kind: 'csv' | 'xlsx' | 'json' | 'parquet'; name: string; dir: string; limits: IngestLimits }
  | { op: 'open'; tables: { name: string; path: string; comment?: string }[]; limits: SessionLimits }
  | { op: 'parse'; sql: string }
  | { op: 'query'; sql: string; maxRows: number }
  | { op: 'catalog' }
  /** A table from outside the files (an earlier database result), loaded after the lock: rows only, no file access. */
  | { op: 'load'; table: LoadTable };

/** Column types `load` accepts; values arrive as JSON and are cast in DuckDB (TRY_CAST: a bad value is NULL). */
export type LoadType = 'DOUBLE' | 'BIGINT' | 'VARCHAR' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP';

export interface LoadTable {
  name: string;
  comment: string;
  columns: { name: string; type: LoadType }[];
  rows: unknown[][];
}

export type WorkerReply =
  | { ok: true; value: unknown }
  /** `code` is a ParleyError code when the failure is the input's fault, else absent. */
  | { ok: false; code?: string; message: string; interrupted?: boolean };

export interface QueryValue {
  fields: { name: string; type: string }[];
  rows: unknown[][];
  rowCount: number;
  truncated: boolean;
}

export interface CatalogValue {
  tables: { name: string; comment?: string; rowCount: number; columns: { name: string; type: string; samples?: string[] }[] }[];
  /**
   * Joins the data itself suggests: `from.column` values are (mostly) found in `to.column`, whose
   * values are unique there (a many-to-one step, like a foreign key). Only between columns of the
   * same name.
   */
  links: { from: string; to: string; column: string }[];
}
