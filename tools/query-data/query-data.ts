import { z } from 'zod';
import type { TableArtifactData } from '../artifacts';
import { defineTool, type ToolContext, type ToolResult, type ToolResultForModel } from '../types';
import { runGuardedQuery, type SqlLimits } from '../sql/run-guarded';
import { asksForChart, questionBesideChart } from '../make-chart/changes';
import { asksForForecast } from '../forecast-tool/intent';
import { relevantCatalog } from './relevant-catalog';
import type { SqlWriter } from './sql-writer';
import { chooseSource, SOURCES } from '../sql/sources';
import { sidesBySource, splitComparison, withGrouping } from './compare';

const schema = z.object({
  question: z
    .string()
    .min(3, 'ask a question of at least a few words')
    .max(1000)
    .describe('The business question in plain language, e.g. "revenue by region last quarter". For a follow-up, the follow-up as said ("only Europe").'),
  source: z
    .enum(SOURCES)
    .optional()
    .describe(
      'Where to answer it: "database" (the conversation\'s database) or "files" (the uploaded files, where every table this conversation already got from the database is loaded too, so a file can be joined with a database result). Omit to let Parley choose from the question.',
    ),
});

/** Attempts per question: the first, plus at most two corrections after a guard or database error. */
export const MAX_ATTEMPTS = 3;

/** Words that start a follow-up to the previous query rather than a new question. */
const FOLLOW_UP = /^\s*(only|just|now|and|but|what about|how about|same|instead|exclude|excluding|without|also|then|split|break (it )?down)\b/i;
const DATA_QUESTION =
  /\b(how (many|much)|total|sum|average|avg|mean|count|number of|top|bottom|highest|lowest|most|least|max(imum)?|min(imum)?|by|per|each|show|list|what (was|were|is|are)|which|revenue|sales|orders?|customers?|spend|trend)\b/i;
const OTHER_TOOLS = /\b(draft|campaign brief)\b/i;
const CHART_WORD = /\b(chart|plot|graph|visuali[sz]e)\b/i;

export interface QueryDataDeps {
  writer: SqlWriter;
  limits: SqlLimits;
}

async function previousQuery(ctx: ToolContext) {
  const last = await ctx.artifacts.latest('table').catch(() => undefined);
  const data = last?.data as TableArtifactData | undefined;
  if (!data?.sql || (data.datasource && data.datasource !== ctx.datasource.name)) return undefined;
  return { question: data.question, sql: data.sql };
}

/** question → relevant catalog → SQL (model or offline parser) → guard → read-only execution → table artifact. */
export function createQueryDataTool(deps: QueryDataDeps) {
  return defineTool({
    name: 'query_data',
    description:
      'Answer a business question from the current datasource or the uploaded files: Parley finds the relevant tables, writes one read-only SQL query, checks and runs it, and returns a table. Pass the question in plain language; for follow-ups pass the follow-up as said. ' +
      'To set a file against the database ("targets in the sheet vs actual revenue by region"), first ask the database for its part (source "database"), then ask the comparison with source "files": the database result is a table there.',
    schema,
    async run(input, outer): Promise<ToolResult> {
      const picked = await chooseSource(outer, input.question, input.source);
      if (!picked.ok) return { ok: false, error: picked.error };
      const ctx = picked.ctx;
      ctx.progress(picked.source === 'files' ? 'Finding the relevant tables in the files' : 'Finding the relevant tables');
      const { catalog, notes } = await relevantCatalog(ctx.datasource, input.question);
      if (!catalog.tables.length) return { ok: false, error: `the datasource "${ctx.datasource.name}" has no tables to query` };
      const previous = await previousQuery(ctx);
      const failures: { sql: string; error: string; userError?: string }[] = [];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        ctx.progress(attempt === 1 ? 'Writing the query' : `Correcting the query (attempt ${attempt})`);
        const written = await deps.writer.write({
          question: input.question,
          datasource: ctx.datasource.name,
          dialect: ctx.datasource.kind,
          catalog,
          notes,
          previous,
          failures,
          today: ctx.now().toISOString().slice(0, 10),
          signal: ctx.signal,
        });
        if (!written.ok) return { ok: false, error: written.error };
        ctx.progress('Running the query');
        const outcome = await runGuardedQuery(ctx, written.sql, deps.limits, written.restated ?? input.question);
        if (outcome.ok) {
          const r = outcome.result;
          if (written.explanation && r.ok) r.summary = `${written.explanation} ${r.summary}`;
          return r;
        }
        // Timeouts are not retried: the same question would time out again.
        if (outcome.retry === false) return { ok: false, error: outcome.error, userError: outcome.userError };
        failures.push({ sql: written.sql, error: outcome.error, userError: outcome.userError });
        ctx.log.info({ attempt, code: outcome.code }, 'query_data attempt failed');
      }
      const last = failures[failures.length - 1];
      const because = `no working query after ${MAX_ATTEMPTS} attempts; the last one failed because`;
      return { ok: false, error: `${because} ${last.error}`, userError: last.userError && `${because} of a database error. ${last.userError}` };
    },
    offline: {
      route(question) {
        if (OTHER_TOOLS.test(question) || asksForForecast(question)) return null;
        const compared = splitComparison(question);
        if (compared && sidesBySource(compared)) return { question, source: 'files' };
        // A data question that also names a chart ("revenue by month as a bar chart") is answered
        // here, and the automatic chart honours the type; a change to the chart shown is make_chart's.
        // Other sentences with chart words ("the iowa table, no chart") are left to later tools.
        if (CHART_WORD.test(question) || asksForChart(question)) {
          const rest = questionBesideChart(question);
          return rest && DATA_QUESTION.test(rest) && !FOLLOW_UP.test(rest) ? { question } : null;
        }
        return DATA_QUESTION.test(question) || FOLLOW_UP.test(question) || splitComparison(question) ? { question } : null;
      },
      // A comparison of a file with the database asks the database for its side first; the
      // comparison itself then runs on the files, where that result is loaded as a table.
      prepare(question) {
        const c = splitComparison(question);
        const sides = c && sidesBySource(c);
        if (!c || !sides) return null;
        return { tool: 'query_data', args: { question: withGrouping(sides.database, c.by), source: 'database' } };
      },
      summarize: summarizeTable,
    },
  });
}

/** Plain words for a table result: the first rows as a list, the row count, and the SQL. */
export function summarizeTable(result: ToolResultForModel): string {
  const c = result.content as { columns?: string[]; rows?: unknown[][]; rowCount?: number; truncated?: boolean; sql?: string } | undefined;
  if (!c?.columns || !c.rows) return result.summary ?? 'Done.';
  const fmt = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(v ?? '—'));
  const shown = c.rows.slice(0, 10);
  const lines =
    c.columns.length === 1 && shown.length === 1
      ? [`**${c.columns[0]}**: ${fmt(shown[0][0])}`]
      : shown.map((r) => `- ${r.map((v, i) => (i === r.length - 1 && r.length > 1 ? `**${fmt(v)}**` : fmt(v))).join(' · ')}`);
  const more = (c.rowCount ?? shown.length) > shown.length ? `\n…and ${(c.rowCount ?? 0) - shown.length} more rows in the table.` : '';
  return `${result.summary ?? ''}\n\n${lines.join('\n')}${more}\n\n\`\`\`sql\n${c.sql ?? ''}\n\`\`\``.trim();
}
