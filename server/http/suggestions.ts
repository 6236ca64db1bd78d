import { Router } from 'express';
import { z } from 'zod';
import type { SqlClient } from '../../tools/types';
import type { ApiDeps } from './api';
import { parseInput } from './parse';

const query = z.object({
  datasource: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(8).default(4),
});

interface CatalogColumn {
  table: string;
  column: string;
  type: string;
}

const NUMERIC = /^(integer|bigint|smallint|numeric|real|double precision|decimal|money)$/;
const TEMPORAL = /^(date|timestamp|timestamp with(out)? time zone)$/;
const TEXTUAL = /^(text|character varying|character|varchar|citext)$/;
/** Columns whose numbers are identifiers or bookkeeping, not measures worth summing. */
const NOT_A_MEASURE = /(^id$|_id$|^idx$|^seq$|_seq$|^version$|^year$|zip|phone|position|ordinal)/i;
const NOT_A_DIMENSION = /(^id$|_id$|name$|^text$|^title$|email|url|payload|description|^sql$)/i;
const IS_NAME = /(^name$|_name$|^title$)/i;

const words = (s: string) => s.replace(/[_\s]+/g, ' ').trim();

/** Reads the datasource's catalog: every column of every table in the schemas the agent may see. */
export async function readCatalog(sql: SqlClient, schemas: string[]): Promise<CatalogColumn[]> {
  const { rows } = await sql.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = ANY($1::text[]) AND t.table_type IN ('BASE TABLE', 'VIEW')
      ORDER BY c.table_schema, c.table_name, c.ordinal_position`,
    [schemas],
  );
  return rows.map((r) => ({ table: r.table_name, column: r.column_name, type: r.data_type }));
}

/**
 * Concrete questions built from real table and column names: a measure over time, a measure by
 * category, the top rows by name, a count. At most one question per table, widest tables first.
 */
export function questionsFromCatalog(catalog: CatalogColumn[], limit: number): string[] {
  const tables = new Map<string, CatalogColumn[]>();
  for (const c of catalog) tables.set(c.table, [...(tables.get(c.table) ?? []), c]);
  const candidates: { rank: number; width: number; question: string }[] = [];
  for (const [table, cols] of tables) {
    const measure = cols.find((c) => NUMERIC.test(c.type) && !NOT_A_MEASURE.test(c.column));
    const time = cols.find((c) => TEMPORAL.test(c.type));
    const dimension = cols.find((c) => TEXTUAL.test(c.type) && !NOT_A_DIMENSION.test(c.column));
    const name = cols.find((c) => TEXTUAL.test(c.type) && IS_NAME.test(c.column));
    const t = words(table);
    const total = (c: CatalogColumn) => (/^total/i.test(c.column) ? words(c.column) : `total ${words(c.column)}`);
    const ask = (rank: number, question: string) => candidates.push({ rank, width: cols.length, question });
    // The most telling question a table allows: richer shapes rank first.
    if (measure && time) ask(0, `How did the ${total(measure)} in ${t} change by month (by ${words(time.column)})?`);
    else if (measure && dimension) ask(1, `Which ${words(dimension.column)} has the highest ${total(measure)} in ${t}?`);
    else if (measure && name) ask(2, `Show the top 10 ${t} by ${words(measure.column)}, with their ${words(name.column)}.`);
    else if (time && dimension) ask(3, `How many ${t} per ${words(dimension.column)} were created each month (by ${words(time.column)})?`);
    else if (dimension) ask(4, `How many ${t} are there for each ${words(dimension.column)}?`);
    else ask(5, `How many ${t} are there?`);
  }
  return candidates
    .sort((a, b) => a.rank - b.rank || b.width - a.width)
    .slice(0, limit)
    .map((c) => c.question);
}

/** `GET /api/suggestions?datasource=…`: questions for the empty state, from the datasource's catalog. */
export function suggestionsRouter({ runtime, identify }: ApiDeps) {
  const router = Router();
  router.get('/suggestions', async (req, res) => {
    const who = identify(req);
    const q = parseInput(query, req.query);
    const ds = await runtime.resolveDatasource({ workspaceId: who.workspaceId, datasource: q.datasource ?? null });
    const catalog = await readCatalog(ds.sql, ds.schemas);
    res.json({ data: { datasource: { id: ds.id, name: ds.name }, questions: questionsFromCatalog(catalog, q.limit) } });
  });
  return router;
}
