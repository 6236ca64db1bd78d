import type { TableArtifactData } from '../artifacts';
import { readQuestion, words, type Plan } from '../query-data/semantic-parser';
import type { DataSourceHandle, ToolContext } from '../types';
import type { Catalog } from './catalog';
import { guardDuckSql } from './duckdb-guard';
import { datasourceCatalog } from './run-guarded';

/** Where a question or a query runs: the conversation's database, or its uploaded files (DuckDB). */
export const SOURCES = ['database', 'files'] as const;
export type SourceName = (typeof SOURCES)[number];

/** Words that point at the uploaded files. */
export const FILE_WORDS = /\b(files?|sheets?|spreadsheets?|workbooks?|uploads?|uploaded|csv|tsv|excel|xlsx|json|parquet|attach(ed|ment)?s?)\b/i;
/** Words that point at the database. */
export const DATABASE_WORDS = /\b(warehouse|database|db|postgres)\b/i;
const FOLLOW_UP = /^\s*(only|just|now|and|but|what about|how about|same|instead|exclude|excluding|without|also|then|split|break)\b/i;

/** The context a tool runs in when it uses `source`: the same, with `datasource` pointing there. */
export function onSource(ctx: ToolContext, source: SourceName): ToolContext {
  return source === 'files' && ctx.files ? { ...ctx, datasource: ctx.files } : ctx;
}

export type SourcePick = { ok: true; source: SourceName; ctx: ToolContext } | { ok: false; error: string };

export const NO_FILES = 'this conversation has no uploaded files: attach a file to the question first, or ask the database';

/** How many of the question's own words (no synonyms) the plan's tables, columns and values use. */
function fit(question: string, catalog: Catalog, today: string): number {
  if (!catalog.tables.length) return -1;
  const plan: Plan = readQuestion(question, catalog, today);
  if (!plan.measure && !plan.countOf) return 0;
  const asked = new Set(words(question));
  const used = new Set<string>();
  const add = (s: string | undefined) => s && words(s).forEach((w) => asked.has(w) && used.add(w));
  add(plan.measure?.column);
  add(plan.measure?.table.name);
  add(plan.countOf?.name);
  add(plan.dimension?.column);
  add(plan.dimension?.table.name);
  for (const f of plan.filters) {
    add(f.value);
    add(f.column);
  }
  return 1 + used.size;
}

/**
 * The source of a data question. Named (`explicit`): that one. Otherwise: the database when the
 * conversation has no files; the files when the question names them (a file, sheet, upload…) and
 * the database when it names that; a follow-up stays where the previous table came from; else
 * whichever catalog the question's own words fit better, the files on a tie (people upload a file
 * to ask about it).
 */
export async function chooseSource(ctx: ToolContext, question: string, explicit?: SourceName): Promise<SourcePick> {
  if (explicit === 'files' && !ctx.files) return { ok: false, error: NO_FILES };
  if (explicit) return { ok: true, source: explicit, ctx: onSource(ctx, explicit) };
  if (!ctx.files) return { ok: true, source: 'database', ctx };
  const pick = (source: SourceName): SourcePick => ({ ok: true, source, ctx: onSource(ctx, source) });
  const namesFiles = FILE_WORDS.test(question);
  const namesDatabase = DATABASE_WORDS.test(question);
  // A question naming both is a join: it runs where the files and the database's results meet.
  if (namesFiles) return pick('files');
  if (namesDatabase) return pick('database');
  if (FOLLOW_UP.test(question)) {
    const last = (await ctx.artifacts.latest('table').catch(() => undefined))?.data as TableArtifactData | undefined;
    if (last?.datasource) return pick(last.datasource === ctx.files.name ? 'files' : 'database');
  }
  const today = ctx.now().toISOString().slice(0, 10);
  const [files, database] = await Promise.all([datasourceCatalog({ datasource: ctx.files }), datasourceCatalog(ctx).catch(() => ({ tables: [] }))]);
  return pick(fit(question, database, today) > fit(question, files, today) ? 'database' : 'files');
}

/**
 * The source of SQL someone wrote: the files when it is a query over the file session's tables
 * (DuckDB's guard accepts it), the database otherwise.
 */
export async function sourceForSql(ctx: ToolContext, sql: string, explicit?: SourceName): Promise<SourcePick> {
  if (explicit === 'files' && !ctx.files) return { ok: false, error: NO_FILES };
  if (explicit) return { ok: true, source: explicit, ctx: onSource(ctx, explicit) };
  const files: DataSourceHandle | undefined = ctx.files;
  if (!files?.files) return { ok: true, source: 'database', ctx };
  const guard = guardDuckSql(sql, await files.files.parse(sql, ctx.signal).catch(() => null), await datasourceCatalog({ datasource: files }));
  const source: SourceName = guard.ok ? 'files' : 'database';
  return { ok: true, source, ctx: onSource(ctx, source) };
}
