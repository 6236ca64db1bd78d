/**
 * DuckDB's type names as the Postgres names the planners and the table artifact already know,
 * so a file's columns read the same as a table's: BIGINT is `bigint` (oid 20), VARCHAR `text`…
 */
const TYPES: [RegExp, string, number][] = [
  [/^(BIGINT|HUGEINT|UBIGINT|UHUGEINT)$/, 'bigint', 20],
  [/^(INTEGER|SMALLINT|TINYINT|UINTEGER|USMALLINT|UTINYINT)$/, 'integer', 23],
  [/^(DOUBLE|FLOAT|REAL)$/, 'double precision', 701],
  [/^DECIMAL/, 'numeric', 1700],
  [/^BOOLEAN$/, 'boolean', 16],
  [/^DATE$/, 'date', 1082],
  [/^TIMESTAMP WITH TIME ZONE$/, 'timestamp with time zone', 1184],
  [/^TIMESTAMP/, 'timestamp without time zone', 1114],
  [/^TIME/, 'time', 1083],
  [/^INTERVAL$/, 'interval', 25],
  [/^(VARCHAR|UUID)$/, 'text', 25],
];

export function pgTypeName(duckType: string): string {
  return TYPES.find(([re]) => re.test(duckType))?.[1] ?? 'text';
}

export function pgTypeOid(duckType: string): number {
  return TYPES.find(([re]) => re.test(duckType))?.[2] ?? 25;
}
