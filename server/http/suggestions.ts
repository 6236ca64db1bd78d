import { Router } from 'express';
import { z } from 'zod';
import { readColumns } from '../../tools/describe-data/describe-data';
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

const words = (s: string) => s.replace(/[_\s]+/g, ' ').trim();

/**
 * Concrete questions built from real table and column names, in shapes the offline planner
 * answers: a measure by category, a measure over time, a count by category, a count. One
 * question per table; the shapes take turns so the suggestions are varied, widest tables first.
 */
export function questionsFromCatalog(catalog: CatalogColumn[], limit: number): string[] {
  const tables = new Map<string, CatalogColumn[]>();
  for (const c of catalog) tables.set(c.table, [...(tables.get(c.table) ?? []), c]);
  const byShape: { width: number; table: string; question: string }[][] = [[], [], [], []];
  for (const [table, cols] of tables) {
    const measure = cols.find((c) => NUMERIC.test(c.type) && !NOT_A_MEASURE.test(c.column));
    const time = cols.find((c) => TEMPORAL.test(c.type));
    const dimension = cols.find((c) => TEXTUAL.test(c.type) && !NOT_A_DIMENSION.test(c.column));
    const t = words(table);
    const total = (c: CatalogColumn) => (/^total/i.test(c.column) ? words(c.column) : `total ${words(c.column)}`);
    const add = (shape: number, question: string) => byShape[shape].push({ width: cols.length, table, question });
    if (measure && dimension) add(0, `What is the ${total(measure)} of ${t} by ${words(dimension.column)}?`);
    if (measure && time) add(1, `How did the ${total(measure)} of ${t} change by month?`);
    if (dimension) add(2, `How many ${t} are there for each ${words(dimension.column)}?`);
    add(3, `How many ${t} are there?`);
  }
  for (const list of byShape) list.sort((a, b) => b.width - a.width);
  const used = new Set<string>();
  const out: string[] = [];
  // Round-robin over the shapes, never two questions about the same table.
  for (let round = 0; out.length < limit && byShape.some((l) => l.length > round); round++) {
    for (const list of byShape) {
      const next = list.find((c) => !used.has(c.table));
      if (!next || out.length >= limit) continue;
      used.add(next.table);
      out.push(next.question);
    }
  }
  return out;
}

/** `GET /api/suggestions?datasource=…`: questions for the empty state, from the datasource's catalog. */
export function suggestionsRouter({ runtime, identify }: ApiDeps) {
  const router = Router();
  router.get('/suggestions', async (req, res) => {
    const who = identify(req);
    const q = parseInput(query, req.query);
    const ds = await runtime.resolveDatasource({ workspaceId: who.workspaceId, datasource: q.datasource ?? null });
    const catalog = (await readColumns(ds)).map((c) => ({ table: c.table_name, column: c.column_name, type: c.data_type }));
    res.json({ data: { datasource: { id: ds.id, name: ds.name }, questions: questionsFromCatalog(catalog, q.limit) } });
  });
  return router;
}
