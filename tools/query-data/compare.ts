import { RESULT_COMMENT, type Catalog, type CatalogTable } from '../sql/catalog';
import { DATABASE_WORDS, FILE_WORDS } from '../sql/sources';
import { expand, groupingPhrases, isKey, isNumeric, planToSql, readQuestion, STOP, words, type ParseOutcome, type Plan } from './semantic-parser';

/**
 * Comparisons for the offline planner: "compare the targets in the sheet with actual revenue by
 * region". Each side is a measure of its own table, grouped by the same thing; the two are
 * computed apart and joined on it, so a file can be set against a database result (loaded into
 * the file session) or another file.
 */
export interface Comparison {
  left: string;
  right: string;
  /** The grouping both sides share ("region", "month"). */
  by?: string;
}

const COMPARE = /\bcompare\s+(.+?)\s+(?:with|to|against|and)\s+(.+)$/i;
const VERSUS = /^(.+?)\s+(?:vs\.?|versus)\s+(.+)$/i;

/** The two sides of a comparison question, or undefined when it is not one. */
export function splitComparison(question: string): Comparison | undefined {
  const q = question.trim().replace(/[?.!]+$/, '');
  const m = COMPARE.exec(q) ?? VERSUS.exec(q);
  if (!m) return undefined;
  const by = groupingPhrases(q.toLowerCase())[0];
  return { left: m[1].trim(), right: m[2].trim(), ...(by ? { by } : {}) };
}

/** Which side reads the files and which the database, when the question says so. */
export function sidesBySource(c: Comparison): { files: string; database: string } | undefined {
  const lf = FILE_WORDS.test(c.left);
  const rf = FILE_WORDS.test(c.right);
  if (lf && !rf) return { files: c.left, database: c.right };
  if (rf && !lf) return { files: c.right, database: c.left };
  if (DATABASE_WORDS.test(c.right) && !DATABASE_WORDS.test(c.left)) return { files: c.left, database: c.right };
  if (DATABASE_WORDS.test(c.left) && !DATABASE_WORDS.test(c.right)) return { files: c.right, database: c.left };
  return undefined;
}

/** A side with the shared grouping said, for a side that does not say it itself ("the targets" + "by region"). */
export function withGrouping(side: string, by: string | undefined): string {
  return by && !groupingPhrases(side.toLowerCase()).length ? `${side} by ${by}` : side;
}

const isResult = (t: CatalogTable) => Boolean(t.comment?.startsWith(RESULT_COMMENT));

function ident(s: string) {
  return /^[a-z_][a-z0-9_]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`;
}

interface Side {
  table: CatalogTable;
  plan: Plan;
  key: string;
  value: string;
  score: number;
}

/** The best numeric column of `t` for the side's words (a database result's `total_revenue` for "revenue"). */
function resultMeasure(t: CatalogTable, sideWords: Set<string>): string | undefined {
  let best: { c: string; s: number } | undefined;
  for (const c of t.columns) {
    if (!isNumeric(c.type) || isKey(t, c.name)) continue;
    const s = words(c.name).filter((w) => sideWords.has(w)).length * 2 + words(t.name).filter((w) => sideWords.has(w)).length * 0.5;
    if (!best || s > best.s) best = { c: c.name, s };
  }
  return best?.c;
}

/** One side's plan over one table, or undefined when that table cannot answer it. */
function sidePlan(text: string, t: CatalogTable, today: string): Side | undefined {
  const one: Catalog = { tables: [t] };
  const plan = readQuestion(text, one, today);
  const sideWords = expand(words(text).filter((w) => !STOP.has(w)));
  if (isResult(t)) {
    // A database result is already aggregated: its number is the measure, summed per key (a count
    // of its rows would count groups, not things).
    const m = plan.measure?.column ?? resultMeasure(t, sideWords);
    if (!m) return undefined;
    plan.measure = { table: t, column: m };
    plan.countOf = undefined;
    plan.agg = plan.agg === 'avg' || plan.agg === 'min' || plan.agg === 'max' ? plan.agg : 'sum';
  }
  if (!plan.measure && !plan.countOf) return undefined;
  if (!plan.dimension && !plan.grain) return undefined;
  if (plan.dimension && plan.grain) return undefined;
  plan.top = undefined;
  const key = plan.grain ?? plan.dimension!.column;
  const value = plan.measure?.column ?? `${t.name}_count`;
  const used = new Set([...words(t.name), ...words(value), ...words(key)]);
  const score = [...sideWords].filter((w) => used.has(w)).length + (isResult(t) ? 0.25 : 0);
  return { table: t, plan, key, value, score };
}

function bestSide(text: string, tables: CatalogTable[], today: string, not?: CatalogTable): Side | undefined {
  let best: Side | undefined;
  for (const t of tables) {
    if (t === not) continue;
    const s = sidePlan(text, t, today);
    if (s && (!best || s.score > best.score)) best = s;
  }
  return best;
}

/**
 * The SQL of a comparison over `catalog`, undefined when the question is not a comparison, or an
 * error saying what was understood. A side that names the files reads a file table; a side that
 * names the database (or the other side of one that names the files) reads a database result.
 */
export function planComparison(question: string, catalog: Catalog, today: string): ParseOutcome | undefined {
  const c = splitComparison(question);
  if (!c) return undefined;
  if (!c.by) return { ok: false, error: 'I can compare two numbers side by side when the question says what to compare them by, e.g. "compare the targets in the sheet with revenue by region".' };
  const sides = sidesBySource(c);
  const files = catalog.tables.filter((t) => !isResult(t));
  const results = catalog.tables.filter(isResult);
  const leftText = withGrouping(c.left, c.by);
  const rightText = withGrouping(c.right, c.by);
  let left: Side | undefined;
  let right: Side | undefined;
  if (sides) {
    const leftIsFiles = sides.files === c.left;
    const dbTables = results.length ? results : catalog.tables;
    left = bestSide(leftText, leftIsFiles ? files : dbTables, today);
    right = bestSide(rightText, leftIsFiles ? dbTables : files, today, left?.table);
  } else {
    left = bestSide(leftText, catalog.tables, today);
    right = bestSide(rightText, catalog.tables, today, left?.table);
  }
  if (!left || !right) {
    const missing = !left ? c.left : c.right;
    const hint = results.length ? '' : ' If one side is in the database, ask for it on its own first (e.g. "revenue by region"), then compare.';
    return { ok: false, error: `I could not find a table with a number for "${missing}" by ${c.by}.${hint}` };
  }
  const a = planToSql(left.plan, { tables: [left.table] }, leftText);
  const b = planToSql(right.plan, { tables: [right.table] }, rightText);
  if (!a.ok) return a;
  if (!b.ok) return b;
  let va = left.value;
  let vb = right.value;
  if (va === vb) {
    va = `${va}_${left.table.name}`.slice(0, 60);
    vb = `${vb}_${right.table.name}`.slice(0, 60);
  }
  const key = left.key;
  const k = (alias: string, s: Side) => `lower(trim(CAST(${alias}.${ident(s.key)} AS VARCHAR)))`;
  const sql =
    `WITH a AS (\n${a.sql}\n), b AS (\n${b.sql}\n)\n` +
    `SELECT coalesce(CAST(a.${ident(left.key)} AS VARCHAR), CAST(b.${ident(right.key)} AS VARCHAR)) AS ${ident(key)}, ` +
    `a.${valueOf(a.sql)} AS ${ident(va)}, b.${valueOf(b.sql)} AS ${ident(vb)}, b.${valueOf(b.sql)} - a.${valueOf(a.sql)} AS difference\n` +
    `FROM a FULL OUTER JOIN b ON ${k('a', left)} = ${k('b', right)}\nORDER BY 1`;
  return {
    ok: true,
    sql,
    plan: left.plan,
    explanation: `I compared ${a.explanation.replace(/^I read this as |\.$/g, '')} (from ${left.table.name}) with ${b.explanation.replace(/^I read this as |\.$/g, '')} (from ${right.table.name}), joined on ${key}.`,
  };
}

/** The alias of the value column of a plan's SQL (its last select item). */
function valueOf(sql: string): string {
  const select = sql.split('\nFROM')[0];
  const m = / AS ("(?:[^"]|"")+"|[a-z_][a-z0-9_]*)$/.exec(select);
  if (!m) throw new Error(`no value alias in: ${select}`);
  return m[1];
}
