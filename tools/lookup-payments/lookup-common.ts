import type { TableArtifactData, TableColumn } from '../artifacts';
import { parseRange } from '../query-data/time-range';
import { columnsOf, normalizeValue } from '../sql/table-artifact';
import type { ConnectedCategory, ConnectedSource, LookupRows, ToolContext, ToolResult, ToolResultForModel } from '../types';

/** The grains a lookup groups by; `step` is bound as an interval parameter, never spliced in. */
export const LOOKUP_GRAINS = ['day', 'week', 'month', 'quarter'] as const;
export type LookupGrain = (typeof LOOKUP_GRAINS)[number];
export const GRAIN_STEP: Record<LookupGrain, string> = { day: '1 day', week: '1 week', month: '1 month', quarter: '3 months' };

/** A date range as the templates bind it: `from` inclusive, `to` exclusive, both ISO dates. */
export interface Period {
  from: string;
  to: string;
  label: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function iso(d: Date) {
  return d.toISOString().slice(0, 10);
}
function addDays(date: string, n: number) {
  return iso(new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000));
}
function validDate(s: string) {
  return ISO_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && iso(new Date(`${s}T00:00:00Z`)) === s;
}

/**
 * A month named without a year ("in March") is the latest one that has begun; time-range.ts
 * wants a year, and people leave it out.
 */
function bareMonth(text: string, today: string): Period | undefined {
  const r = new RegExp(`\\b(${MONTHS.filter((m) => m !== 'may').join('|')})\\b|\\b(?:in|during|of) (may)\\b`).exec(text.toLowerCase());
  if (!r) return undefined;
  const name = r[1] ?? r[2];
  const m = MONTHS.indexOf(name);
  const [ty, tm] = today.split('-').map(Number);
  const y = m <= tm - 1 ? ty : ty - 1;
  return { from: iso(new Date(Date.UTC(y, m, 1))), to: iso(new Date(Date.UTC(y, m + 1, 1))), label: `${name[0].toUpperCase()}${name.slice(1)} ${y}` };
}

/** Relative words ("this week", "last 7 days", "March") resolved against today, or undefined. */
export function resolveWords(text: string, today: string): Period | undefined {
  const r = parseRange(text, today) ?? bareMonth(text, today);
  if (!r) return undefined;
  return { from: r.from ?? '1970-01-01', to: r.to ?? addDays(today, 1), label: r.label };
}

/**
 * The range a lookup covers: `from`/`to` as ISO dates (`to` the last day included), or words
 * ("this week", "last 7 days", "March") in `from` alone for that whole range, or in either end;
 * otherwise the last `defaultDays` days. Null `defaultDays`: no range unless one is named (a
 * customer's refunds, all time).
 */
export function resolvePeriod(input: { from?: string; to?: string }, today: string, defaultDays: number | null): Period | { error: string } | null {
  const from = input.from?.trim();
  const to = input.to?.trim();
  // A date that does not exist (2026-02-30) is a mistake to report, not words to read a year from.
  for (const d of [from, to]) if (d && /^\d{4}-\d{2}-\d{2}/.test(d) && !validDate(d)) return { error: `${d} is not a date` };
  if (from && !to && !validDate(from)) {
    const p = resolveWords(from, today);
    return p ?? { error: `from "${from}" is neither a date (YYYY-MM-DD) nor a period Parley understands ("this week", "last 30 days", "March 2026")` };
  }
  if (from || to) {
    const start = from ? (validDate(from) ? from : resolveWords(from, today)?.from) : '1970-01-01';
    if (!start) return { error: `from "${from}" is not a date; use YYYY-MM-DD` };
    const end = !to ? addDays(today, 1) : validDate(to) ? addDays(to, 1) : resolveWords(to, today)?.to;
    if (!end) return { error: `to "${to}" is not a date; use YYYY-MM-DD` };
    if (end <= start) return { error: `the range ${start} to ${to} is empty: "to" must not be before "from"` };
    return { from: start, to: end, label: `${from ? start : 'the start'} to ${to ? addDays(end, -1) : 'today'}` };
  }
  if (defaultDays === null) return null;
  return { from: addDays(today, -defaultDays + 1), to: addDays(today, 1), label: `the last ${defaultDays} days` };
}

/** Days a period spans. */
export function periodDays(p: Period): number {
  return Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / 86_400_000);
}

const PERIOD_WORDS = new RegExp(
  [
    String.raw`\bbetween \d{4}-\d{2}-\d{2} and \d{4}-\d{2}-\d{2}\b`,
    String.raw`\b(?:since|from|after) \d{4}-\d{2}-\d{2}\b`,
    String.raw`\b(?:last|past|previous) \d+ (?:day|week|month|year)s?\b`,
    String.raw`\b(?:last|past|previous|this) (?:week|month|quarter|year)\b`,
    String.raw`\b(?:yesterday|today|year to date|ytd)\b`,
    String.raw`\bq[1-4] \d{4}\b`,
    String.raw`\b(?:${MONTHS.join('|')})(?: \d{4})?\b`,
    String.raw`\b(?:in|during|for) \d{4}\b`,
  ].join('|'),
  'i',
);

/** The words of a question that name its period ("this week", "in March"), for the offline planner to pass on as `from`. */
export function periodWords(question: string): string | undefined {
  return PERIOD_WORDS.exec(question)?.[0].toLowerCase();
}

/** Builds a template's parameter list: each value gets the next `$n`, and only the placeholder enters the text. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** A finished template: fixed SQL text, its bound values, and what its columns mean. */
export interface Template {
  sql: string;
  params: unknown[];
  title: string;
  /** Columns holding money (formatted as currency). */
  money?: string[];
  percent?: string[];
}

/** LIKE special characters in a value a person typed, escaped so `%` matches a percent sign. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function errorOf(e: unknown): { code: string; message: string } | undefined {
  const err = e as { code?: unknown; userMessage?: unknown };
  return typeof err?.code === 'string' && typeof err.userMessage === 'string' ? { code: err.code, message: err.userMessage } : undefined;
}

/** The table artifact of a lookup, its money and percent columns marked from the template (not guessed from names). */
export function lookupTable(rows: LookupRows, t: Template, source: ConnectedSource, question: string): TableArtifactData {
  const columns: TableColumn[] = columnsOf(rows.fields).map((c) => {
    const { unit: _guessed, ...rest } = c;
    if (t.money?.includes(c.name)) return { ...rest, unit: 'currency' as const };
    if (t.percent?.includes(c.name)) return { ...rest, unit: 'percent' as const };
    return rest;
  });
  const values = rows.rows.map((r) => rows.fields.map((f, i) => normalizeValue(r[i], columns[i].kind, f.dataTypeID)));
  // One currency in the whole table: say which, so money reads "$1,200.00", not "1200".
  const ci = columns.findIndex((c) => c.name === 'currency');
  const currencies = new Set(ci >= 0 ? values.map((r) => String(r[ci] ?? '').toUpperCase()).filter(Boolean) : []);
  if (currencies.size === 1) {
    const [currency] = currencies;
    for (const c of columns) if (c.unit === 'currency') c.currency = currency;
  }
  return { columns, rows: values, rowCount: rows.rowCount, truncated: rows.truncated, sql: t.sql, datasource: source.label, question };
}

const MAX_ROWS_FOR_MODEL = 50;

/**
 * Opens the workspace's source for `category`, runs the template it asks for, and turns the rows
 * into a table artifact. Every statement is counted and recorded like any SQL a tool runs.
 */
export async function runLookup(
  ctx: ToolContext,
  category: ConnectedCategory,
  build: (source: ConnectedSource) => Template | { error: string },
  describe: (rows: LookupRows, source: ConnectedSource) => string,
): Promise<ToolResult> {
  const source = await ctx.connected?.open(category);
  if (!source) {
    const what = category === 'payments' ? 'payment' : 'social media';
    return {
      ok: false,
      error: `no ${what} data here: no ${category === 'payments' ? 'payment provider (Stripe)' : 'social account'} is connected to this workspace and the conversation's datasource is not the demo warehouse`,
      userError: `There is no ${what} data to look at yet: connect ${category === 'payments' ? 'Stripe' : 'a social account'} on the Connections page, or switch this conversation to the demo warehouse to try it.`,
    };
  }
  const t = build(source);
  if ('error' in t) return { ok: false, error: t.error };
  const admitted = (await ctx.sqlRuns?.admit()) ?? { ok: true as const };
  if (!admitted.ok) {
    await ctx.sqlRuns?.record({ statement: t.sql, ok: false, code: admitted.code });
    return { ok: false, error: admitted.message, userError: admitted.message };
  }
  ctx.progress(`Looking it up in ${source.label}`);
  const started = performance.now();
  let rows: LookupRows;
  try {
    rows = await source.query(t.sql, t.params);
  } catch (e) {
    const known = errorOf(e);
    await ctx.sqlRuns?.record({ statement: t.sql, ok: false, code: known?.code ?? 'internal', durationMs: Math.round(performance.now() - started) });
    if (!known) throw e;
    return { ok: false, error: known.message, userError: known.message };
  }
  await ctx.sqlRuns?.record({ statement: t.sql, ok: true, rows: rows.rowCount, durationMs: Math.round(performance.now() - started) });
  const table = lookupTable(rows, t, source, ctx.question);
  const summary = `${describe(rows, source)}${source.note ? ` ${source.note}` : ''}`;
  return {
    ok: true,
    summary,
    content: {
      columns: table.columns.map((c) => c.name),
      rows: table.rows.slice(0, MAX_ROWS_FOR_MODEL),
      rowCount: table.rowCount,
      truncated: table.truncated || table.rows.length > MAX_ROWS_FOR_MODEL,
      source: source.origin,
    },
    artifacts: [{ kind: 'table', title: t.title, data: table }],
  };
}

/** Plain words for a lookup's result (offline planner): the summary and the first rows. */
export function summarizeLookup(result: ToolResultForModel): string {
  const c = result.content as { columns?: string[]; rows?: unknown[][]; rowCount?: number } | undefined;
  if (!c?.columns || !c.rows?.length) return result.summary ?? 'Done.';
  const fmt = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(v ?? '—'));
  const shown = c.rows.slice(0, 10);
  const lines = shown.map((r) => `- ${r.map((v, i) => `${c.columns![i]}: ${fmt(v)}`).join(' · ')}`);
  const more = (c.rowCount ?? shown.length) > shown.length ? `\n…and ${(c.rowCount ?? 0) - shown.length} more rows in the table.` : '';
  return `${result.summary ?? ''}\n\n${lines.join('\n')}${more}`.trim();
}

export function plural(n: number, word: string, many = `${word}s`) {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}
