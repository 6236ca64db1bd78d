import type { SqlClient } from '../types';
import { TEXT_TYPES, type Catalog, type CatalogTable } from './catalog';

const SAMPLE_ROWS = 5000;
const MAX_SAMPLES = 20;

function quoteIdent(s: string) {
  return `"${s.replace(/"/g, '""')}"`;
}

/** Reads tables, columns, types, keys, foreign keys, row estimates, comments and the values of low-cardinality text columns. */
export async function introspect(sql: SqlClient, schemas: string[]): Promise<Catalog> {
  const tables = await sql.query<{ oid: number; schema: string; name: string; comment: string | null; rows: string }>(
    `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, obj_description(c.oid, 'pg_class') AS comment,
            c.reltuples::bigint AS rows
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND n.nspname = ANY($1::text[])
      ORDER BY n.nspname, c.relname`,
    [schemas],
  );
  const cols = await sql.query<{ oid: number; attnum: number; name: string; type: string; nullable: boolean; comment: string | null }>(
    `SELECT a.attrelid::int AS oid, a.attnum::int AS attnum, a.attname AS name, format_type(a.atttypid, NULL) AS type,
            NOT a.attnotnull AS nullable, col_description(a.attrelid, a.attnum) AS comment
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'v', 'm', 'p', 'f') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`,
    [schemas],
  );
  const cons = await sql.query<{ oid: number; type: string; cols: number[]; ref_schema: string | null; ref_table: string | null; ref_oid: number | null; ref_cols: number[] | null }>(
    `SELECT con.conrelid::int AS oid, con.contype::text AS type, con.conkey::int[] AS cols, rn.nspname AS ref_schema, rc.relname AS ref_table,
            con.confrelid::int AS ref_oid, con.confkey::int[] AS ref_cols
       FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_class rc ON rc.oid = con.confrelid LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE n.nspname = ANY($1::text[]) AND con.contype IN ('p', 'f')`,
    [schemas],
  );
  const attName = new Map(cols.rows.map((c) => [`${c.oid}:${c.attnum}`, c.name]));
  const byOid = new Map<number, CatalogTable>();
  for (const t of tables.rows) {
    byOid.set(t.oid, { schema: t.schema, name: t.name, comment: t.comment ?? undefined, rowEstimate: Number(t.rows), columns: [], primaryKey: [], foreignKeys: [] });
  }
  for (const c of cols.rows) {
    byOid.get(c.oid)?.columns.push({ name: c.name, type: c.type, nullable: c.nullable, comment: c.comment ?? undefined });
  }
  for (const k of cons.rows) {
    const t = byOid.get(k.oid);
    if (!t) continue;
    const names = k.cols.map((n) => attName.get(`${k.oid}:${n}`) ?? '?');
    if (k.type === 'p') t.primaryKey = names;
    else if (k.ref_table && k.ref_schema) {
      t.foreignKeys.push({ columns: names, refSchema: k.ref_schema, refTable: k.ref_table, refColumns: (k.ref_cols ?? []).map((n) => attName.get(`${k.ref_oid}:${n}`) ?? '?') });
    }
  }
  const catalog: Catalog = { tables: [...byOid.values()] };
  for (const t of catalog.tables) {
    const from = `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
    // Never analysed (reltuples = -1): count small tables exactly, they are cheap.
    if (t.rowEstimate < 0) {
      const r = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM (SELECT 1 FROM ${from} LIMIT 1000000) s`);
      t.rowEstimate = Number(r.rows[0].n);
    }
    for (const c of t.columns) {
      if (!TEXT_TYPES.has(c.type)) continue;
      const col = quoteIdent(c.name);
      const r = await sql.query<{ v: string }>(
        `SELECT DISTINCT ${col}::text AS v FROM (SELECT ${col} FROM ${from} LIMIT ${SAMPLE_ROWS}) s WHERE ${col} IS NOT NULL ORDER BY 1 LIMIT ${MAX_SAMPLES + 1}`,
      );
      const distinct = r.rows.map((x) => x.v);
      // Low cardinality: few distinct values compared with the rows seen.
      if (distinct.length <= MAX_SAMPLES && distinct.length < Math.max(3, Math.min(t.rowEstimate, SAMPLE_ROWS) / 2)) c.samples = distinct;
    }
  }
  return catalog;
}
