/** What Parley knows about a datasource's tables: the ground truth the SQL guard and the planners use. */
export interface CatalogColumn {
  name: string;
  /** Postgres type name, e.g. `numeric`, `text`, `date`. */
  type: string;
  nullable: boolean;
  comment?: string;
  /** Distinct values of a low-cardinality text column (at most 20). */
  samples?: string[];
}

export interface CatalogForeignKey {
  columns: string[];
  refSchema: string;
  refTable: string;
  refColumns: string[];
}

export interface CatalogTable {
  schema: string;
  name: string;
  comment?: string;
  rowEstimate: number;
  columns: CatalogColumn[];
  primaryKey: string[];
  foreignKeys: CatalogForeignKey[];
}

export interface Catalog {
  tables: CatalogTable[];
}

/** A piece of the catalog retrieved for a question. */
export interface RetrievedPiece {
  kind: 'table' | 'column' | 'example' | 'glossary';
  ref: string;
  table?: string;
  body: string;
  score: number;
}

/** How the comment of a table in a file session begins when the table is an earlier database result, not a file. */
export const RESULT_COMMENT = 'Result of an earlier question';

export const NUMERIC_TYPES = new Set(['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision', 'money', 'int2', 'int4', 'int8', 'float4', 'float8', 'decimal']);
export const TEXT_TYPES = new Set(['text', 'character varying', 'character', 'varchar', 'char', 'citext', 'name']);
export const TIME_TYPES = new Set(['date', 'timestamp without time zone', 'timestamp with time zone', 'timestamp', 'timestamptz']);

export function findTable(catalog: Catalog, name: string, schema?: string | null): CatalogTable | undefined {
  const n = name.toLowerCase();
  const s = schema?.toLowerCase();
  return catalog.tables.find((t) => t.name.toLowerCase() === n && (!s || t.schema.toLowerCase() === s));
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[n];
}

/** The `n` names closest to `name` (substring matches first, then by edit distance). */
export function closest(name: string, candidates: string[], n = 3): string[] {
  const x = name.toLowerCase();
  return [...new Set(candidates)]
    .map((c) => {
      const y = c.toLowerCase();
      const sub = y.includes(x) || x.includes(y) ? -0.5 : 0;
      return { c, d: editDistance(x, y) / Math.max(x.length, y.length, 1) + sub };
    })
    .sort((a, b) => a.d - b.d)
    .slice(0, n)
    .map((r) => r.c);
}
