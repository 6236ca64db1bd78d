import { NUMERIC_TYPES, TEXT_TYPES, TIME_TYPES, type Catalog, type CatalogTable } from '../sql/catalog';
import { parseGrain, parseRange, type DateRange, type Grain } from './time-range';

/**
 * A small semantic parser for the offline planner: it reads measures, aggregations, dimensions,
 * time grains and ranges, top/bottom N and value filters from a question, over ANY catalog, and
 * joins along foreign keys. It never guesses silently: what it cannot place, it reports.
 */
export type Agg = 'sum' | 'avg' | 'count' | 'min' | 'max';

interface ColRef {
  table: CatalogTable;
  column: string;
}

export interface Plan {
  agg?: Agg;
  measure?: ColRef;
  /** count(*) of this table when no measure column is named. */
  countOf?: CatalogTable;
  dimension?: ColRef;
  grain?: Grain;
  range?: DateRange;
  filters: (ColRef & { value: string })[];
  top?: { n: number; dir: 'desc' | 'asc' };
}

export type ParseOutcome = { ok: true; sql: string; explanation: string; plan: Plan } | { ok: false; error: string };

const SYNONYMS: Record<string, string[]> = {
  revenue: ['sale', 'sales', 'income', 'turnover', 'gmv', 'price'],
  spend: ['cost', 'spending', 'budget'],
  customer: ['client', 'buyer', 'user'],
  product: ['item', 'sku'],
  order: ['purchase'],
  amount: ['value', 'money'],
  quantity: ['unit', 'units', 'qty'],
  follower: ['audience'],
  country: ['nation'],
};

function singular(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('ses')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** Words of an identifier or a question: split on punctuation, underscores and camelCase; singular. */
export function words(s: string): string[] {
  return s
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map(singular);
}

export function expand(ws: string[]): Set<string> {
  const out = new Set(ws);
  for (const w of ws) {
    for (const [k, syn] of Object.entries(SYNONYMS)) {
      if (w === k) syn.forEach((s) => out.add(singular(s)));
      if (syn.map(singular).includes(w)) out.add(k);
    }
  }
  return out;
}

const ID_LIKE = /(^id$|_id$|^id_|(?<=[a-z])Id$|_key$|^pk$|code$)/i;
const LABEL_LIKE = /(name|title|label|handle|symbol)/i;
const TIME_PREF = /(date|day|created|time|_at$|posted|arrival)/i;
export const STOP = new Set(['the', 'a', 'an', 'of', 'for', 'in', 'on', 'by', 'per', 'each', 'and', 'or', 'what', 'wa', 'were', 'is', 'are', 'show', 'me', 'list', 'give', 'how', 'many', 'much', 'total', 'sum', 'average', 'avg', 'mean', 'number', 'count', 'top', 'bottom', 'last', 'this', 'year', 'month', 'week', 'day', 'quarter', 'to', 'from', 'with', 'our', 'my', 'all', 'which', 'who', 'did', 'do', 'we', 'have', 'ha', 'most', 'least', 'highest', 'lowest', 'only', 'now', 'just', 'between', 'since', 'over', 'time', 'per', 'max', 'min', 'maximum', 'minimum', 'it', 'that', 'there', 'then', 'instead']);

export function isNumeric(type: string) {
  return NUMERIC_TYPES.has(type.replace(/\(.*\)/, '').trim());
}
function isText(type: string) {
  return TEXT_TYPES.has(type.replace(/\(.*\)/, '').trim());
}
function isTime(type: string) {
  return TIME_TYPES.has(type.replace(/\(.*\)/, '').trim());
}
export function isKey(t: CatalogTable, col: string) {
  return t.primaryKey.includes(col) || t.foreignKeys.some((f) => f.columns.includes(col)) || ID_LIKE.test(col);
}

/** Score how well an identifier (and optionally its table) matches the question words. */
function matchScore(qw: Set<string>, name: string, tableName?: string): number {
  const nw = words(name).filter((w) => !['sb', 'tbl'].includes(w));
  let s = 0;
  for (const w of nw) if (qw.has(w)) s += 2;
  if (tableName) for (const w of words(tableName)) if (qw.has(w)) s += 0.5;
  return nw.length && nw.every((w) => qw.has(w)) ? s + 1 : s;
}

function labelColumn(t: CatalogTable): string {
  return (
    t.columns.find((c) => isText(c.type) && LABEL_LIKE.test(c.name))?.name ??
    t.columns.find((c) => isText(c.type))?.name ??
    t.primaryKey[0] ??
    t.columns[0].name
  );
}

// ---------------------------------------------------------------- joins along foreign keys
interface Edge {
  from: CatalogTable;
  to: CatalogTable;
  on: [string, string][];
  /** true when `from` holds the foreign key (many-to-one) */
  manyToOne: boolean;
}

function edges(catalog: Catalog): Map<CatalogTable, Edge[]> {
  const m = new Map<CatalogTable, Edge[]>(catalog.tables.map((t) => [t, []]));
  for (const t of catalog.tables) {
    for (const fk of t.foreignKeys) {
      const ref = catalog.tables.find((x) => x.name === fk.refTable && x.schema === fk.refSchema);
      if (!ref || ref === t) continue;
      const on = fk.columns.map((c, i) => [c, fk.refColumns[i]] as [string, string]);
      m.get(t)!.push({ from: t, to: ref, on, manyToOne: true });
      m.get(ref)!.push({ from: ref, to: t, on: on.map(([a, b]) => [b, a]), manyToOne: false });
    }
  }
  return m;
}

/** Shortest FK path from `base` to `target` (many-to-one steps preferred), or null. */
function path(graph: Map<CatalogTable, Edge[]>, base: CatalogTable, target: CatalogTable): Edge[] | null {
  if (base === target) return [];
  const queue: { t: CatalogTable; p: Edge[] }[] = [{ t: base, p: [] }];
  const seen = new Set([base]);
  while (queue.length) {
    const { t, p } = queue.shift()!;
    const out = [...(graph.get(t) ?? [])].sort((a, b) => Number(b.manyToOne) - Number(a.manyToOne));
    for (const e of out) {
      if (seen.has(e.to)) continue;
      const np = [...p, e];
      if (e.to === target) return np;
      seen.add(e.to);
      queue.push({ t: e.to, p: np });
    }
  }
  return null;
}

// ---------------------------------------------------------------- reading one question
function readAgg(q: string): Agg | undefined {
  if (/\b(average|avg|mean|typical)\b/.test(q)) return 'avg';
  if (/\b(how many|number of|count|# of)\b/.test(q)) return 'count';
  if (/\b(maximum|max|largest single|biggest single)\b/.test(q)) return 'max';
  if (/\b(minimum|min|smallest single)\b/.test(q)) return 'min';
  if (/\b(total|sum|how much)\b/.test(q)) return 'sum';
  return undefined;
}

function readTop(q: string): Plan['top'] {
  let r = /\b(top|best|highest|largest|biggest|most)\s+(\d+)\b/.exec(q);
  if (r) return { n: Number(r[2]), dir: 'desc' };
  r = /\b(bottom|worst|lowest|smallest|least)\s+(\d+)\b/.exec(q);
  if (r) return { n: Number(r[2]), dir: 'asc' };
  if (/\b(top|best)\b/.test(q)) return { n: 10, dir: 'desc' };
  if (/\b(bottom|worst)\b/.test(q)) return { n: 10, dir: 'asc' };
  return undefined;
}

/** The words after "by", "per", "for each"… (the grouping phrase), without range words. */
export function groupingPhrases(q: string): string[] {
  const out: string[] = [];
  const re = /\b(?:by|per|for each|each|across|grouped by|broken down by|split by)\s+([a-z][a-z0-9 _-]*)/g;
  let r: RegExpExecArray | null;
  while ((r = re.exec(q))) {
    const phrase = r[1].split(/\b(?:last|this|in|during|between|since|from|for|over|and|with|where|on|top|bottom|only|now|q[1-4])\b/)[0].trim();
    if (phrase) out.push(phrase);
  }
  return out;
}

/** The noun after "top N", "best"…: the thing being ranked ("top 5 countries by revenue"). */
function rankedNoun(q: string): string | undefined {
  return /\b(?:top|bottom|best|worst|highest|lowest|largest|smallest)\s+(?:\d+\s+)?([a-z][a-z_]*(?:\s+[a-z][a-z_]*)?)/.exec(q)?.[1];
}

/** The noun after "how many", "number of": the thing being counted ("by number of customers"). */
function countedNoun(q: string): string | undefined {
  return /\b(?:how many|number of|count of|count)\s+(?:distinct\s+|unique\s+)?([a-z][a-z_]*(?:\s+[a-z][a-z_]*)?)/.exec(q)?.[1];
}

/** The noun in "which X had…": the thing being asked about. */
function askedNoun(q: string): string | undefined {
  return /\b(?:which|what)\s+([a-z][a-z_]*)\s+(?:had|has|have|made|brought|generated|got|did)\b/.exec(q)?.[1];
}

function bestTable(catalog: Catalog, phrase: string): CatalogTable | undefined {
  const qw = expand(words(phrase).filter((w) => !STOP.has(w)));
  if (!qw.size) return undefined;
  let best: { t: CatalogTable; s: number } | undefined;
  for (const t of catalog.tables) {
    const s = matchScore(qw, t.name) + (t.comment ? 0.1 * matchScore(qw, t.comment) : 0);
    if (s >= 2 && (!best || s > best.s)) best = { t, s };
  }
  return best?.t;
}

function findMeasure(catalog: Catalog, qw: Set<string>): ColRef | undefined {
  let best: { ref: ColRef; s: number } | undefined;
  for (const t of catalog.tables) {
    for (const c of t.columns) {
      if (!isNumeric(c.type) || isKey(t, c.name)) continue;
      // "sales" names the table, not sale_price: a measure needs a word of its own in the question.
      const tableWords = words(t.name);
      const own = words(c.name).filter((w) => !tableWords.includes(w));
      if (own.length && !own.some((w) => qw.has(w))) continue;
      const s = matchScore(qw, c.name, t.name) + (c.comment ? 0.2 * matchScore(qw, c.comment) : 0);
      if (s >= 2 && (!best || s > best.s || (s === best.s && t.rowEstimate > best.ref.table.rowEstimate))) best = { ref: { table: t, column: c.name }, s };
    }
  }
  return best?.ref ?? tableOwnAmount(catalog, qw);
}

/** Column names that are a table's own amount: "total sales" of a `sales` table is its `total`. */
const OWN_AMOUNT = /^(total|amount|value|sum|total_amount|net_total)$/i;

/** When the measure word names a table (a file called sales), that table's total/amount column. */
function tableOwnAmount(catalog: Catalog, qw: Set<string>): ColRef | undefined {
  for (const t of catalog.tables) {
    if (!words(t.name).some((w) => qw.has(w))) continue;
    const c = t.columns.find((x) => isNumeric(x.type) && OWN_AMOUNT.test(x.name));
    if (c) return { table: t, column: c.name };
  }
  return undefined;
}

function findDimension(catalog: Catalog, phrase: string, base: CatalogTable | undefined, graph: Map<CatalogTable, Edge[]>): ColRef | undefined {
  const qw = expand(words(phrase).filter((w) => !STOP.has(w)));
  if (!qw.size) return undefined;
  let best: { ref: ColRef; s: number } | undefined;
  const consider = (ref: ColRef, s: number) => {
    if (s < 2) return;
    // Prefer what the measure's table can reach, and nearer tables.
    const p = base ? path(graph, base, ref.table) : [];
    if (base && !p) s -= 5;
    else s -= (p?.length ?? 0) * 0.1;
    if (!best || s > best.s) best = { ref, s };
  };
  for (const t of catalog.tables) {
    for (const c of t.columns) {
      if (isNumeric(c.type) && !isKey(t, c.name)) continue;
      if (t.primaryKey.includes(c.name) && !isText(c.type)) continue;
      consider({ table: t, column: c.name }, matchScore(qw, c.name, t.name) + (isText(c.type) ? 0.3 : 0));
    }
    // "by customer", "by product": the table's label column
    consider({ table: t, column: labelColumn(t) }, matchScore(qw, t.name) - 0.2);
  }
  return best?.ref;
}

function findFilters(catalog: Catalog, q: string, base: CatalogTable | undefined, graph: Map<CatalogTable, Edge[]>): Plan['filters'] {
  const found = new Map<string, Plan['filters'][number] & { rank: number }>();
  const text = ` ${q.toLowerCase().replace(/[^a-z0-9 .&'-]+/g, ' ')} `;
  for (const t of catalog.tables) {
    for (const c of t.columns) {
      for (const v of c.samples ?? []) {
        const lv = v.toLowerCase();
        if (lv.length < 2 || STOP.has(lv) || /^\d+$/.test(lv)) continue;
        if (!text.includes(` ${lv} `) && !text.includes(` ${lv}s `)) continue;
        const p = base ? path(graph, base, t) : [];
        if (base && !p) continue;
        const rank = (p?.length ?? 0) + (matchScore(expand(words(q)), c.name) > 0 ? -1 : 0);
        const prev = found.get(lv);
        if (!prev || rank < prev.rank) found.set(lv, { table: t, column: c.name, value: v, rank });
      }
    }
  }
  // A longer value containing a shorter one wins ("United States" over "States").
  const all = [...found.values()];
  return all.filter((f) => !all.some((g) => g !== f && g.value.toLowerCase().includes(f.value.toLowerCase()))).map(({ rank: _r, ...f }) => f);
}

function timeColumn(catalog: Catalog, base: CatalogTable, graph: Map<CatalogTable, Edge[]>): ColRef | undefined {
  const pick = (t: CatalogTable) => {
    const times = t.columns.filter((c) => isTime(c.type));
    return times.find((c) => TIME_PREF.test(c.name) && !/end|updated|birth|dob/i.test(c.name)) ?? times[0];
  };
  const own = pick(base);
  if (own) return { table: base, column: own.name };
  // Follow many-to-one steps (order_lines → orders.order_date).
  const queue: CatalogTable[] = [base];
  const seen = new Set(queue);
  while (queue.length) {
    const t = queue.shift()!;
    for (const e of graph.get(t) ?? []) {
      if (!e.manyToOne || seen.has(e.to)) continue;
      const c = pick(e.to);
      if (c) return { table: e.to, column: c.name };
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  return undefined;
}

/** Reads one question (or one follow-up segment) into a partial plan. */
export function readQuestion(question: string, catalog: Catalog, today: string): Plan {
  const q = question.toLowerCase();
  const graph = edges(catalog);
  const plan: Plan = { filters: [] };
  plan.agg = readAgg(q);
  plan.top = readTop(q);
  plan.grain = parseGrain(q);
  plan.range = parseRange(q, today);
  const groups = groupingPhrases(q);
  // The measure: a numeric column the question names, outside the grouping phrase when possible.
  const qw = expand(words(q).filter((w) => !STOP.has(w)));
  plan.measure = findMeasure(catalog, qw);
  const ranked = rankedNoun(q);
  const counted = countedNoun(q);
  if (plan.agg === 'count') {
    // "top 5 countries by number of customers" counts customers; "how many orders" counts orders.
    const t = [counted, ranked, askedNoun(q)].flatMap((n) => (n ? [bestTable(catalog, n)] : [])).find(Boolean);
    if (t) {
      plan.countOf = t;
      plan.measure = undefined;
    }
  }
  const base = plan.measure?.table ?? plan.countOf;
  for (const g of groups) {
    if (parseGrain(`by ${g}`)) continue;
    // "top products by revenue": the phrase after "by" is the measure, not a grouping.
    if (plan.measure && words(g).some((w) => words(plan.measure!.column).includes(w))) continue;
    // "top countries by number of customers": the phrase after "by" is what is counted.
    if (plan.countOf && /^(?:number|count) of\b/.test(g)) continue;
    const d = findDimension(catalog, g, base, graph);
    if (d) {
      plan.dimension = d;
      break;
    }
  }
  if (!plan.dimension && plan.top && ranked) {
    // The ranked noun names a table ("top 5 products": its label) or a column ("top 5 countries").
    const t = bestTable(catalog, ranked);
    if (t && t !== plan.countOf) plan.dimension = { table: t, column: labelColumn(t) };
    else if (!t) plan.dimension = findDimension(catalog, ranked, base, graph);
  }
  // A word that names the measure ("total conversions") is not also a value filter (objective = 'conversions').
  const measureWords = new Set(plan.measure ? words(plan.measure.column) : plan.countOf ? words(plan.countOf.name) : []);
  plan.filters = findFilters(catalog, q, base, graph).filter(
    (f) => !(plan.dimension && f.table === plan.dimension.table && f.column === plan.dimension.column) && !(measureWords.size && words(f.value).every((w) => measureWords.has(w))),
  );
  return plan;
}

/** Lays a follow-up's plan over the previous one ("only Europe", "now by month", "what about spend"). */
export function overlay(prev: Plan, next: Plan): Plan {
  const out: Plan = { ...prev, filters: [...prev.filters] };
  if (next.measure || next.countOf) {
    out.measure = next.measure;
    out.countOf = next.countOf;
    out.agg = next.agg ?? (next.countOf ? 'count' : prev.agg === 'count' ? undefined : prev.agg);
  } else if (next.agg) out.agg = next.agg;
  if (next.dimension || next.grain) {
    out.dimension = next.dimension;
    out.grain = next.grain;
  }
  for (const f of next.filters) {
    out.filters = out.filters.filter((g) => !(g.table === f.table && g.column === f.column));
    out.filters.push(f);
  }
  if (next.range) out.range = next.range;
  if (next.top) out.top = next.top;
  return out;
}

/** Follow-up segments are joined with this separator in a restated question. */
export const FOLLOW_UP_SEPARATOR = ' → ';

function ident(s: string) {
  return /^[a-z_][a-z0-9_]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`;
}
function qualified(t: CatalogTable) {
  return `${ident(t.schema)}.${ident(t.name)}`;
}
function col(r: ColRef) {
  return `${ident(r.table.name)}.${ident(r.column)}`;
}
function literal(v: string) {
  return `'${v.replace(/'/g, "''")}'`;
}

function describe(plan: Plan): string {
  const parts: string[] = [];
  if (plan.countOf) parts.push(`the number of ${plan.countOf.name}`);
  else if (plan.measure) parts.push(`the ${plan.agg === 'avg' ? 'average' : plan.agg === 'min' ? 'minimum' : plan.agg === 'max' ? 'maximum' : 'total'} of ${plan.measure.table.name}.${plan.measure.column}`);
  if (plan.dimension) parts.push(`by ${plan.dimension.table.name}.${plan.dimension.column}`);
  if (plan.grain) parts.push(`per ${plan.grain}`);
  if (plan.filters.length) parts.push(`where ${plan.filters.map((f) => `${f.column} is "${f.value}"`).join(' and ')}`);
  if (plan.range) parts.push(`for ${plan.range.label}`);
  if (plan.top) parts.push(`${plan.top.dir === 'desc' ? 'top' : 'bottom'} ${plan.top.n}`);
  return parts.join(', ');
}

/** Questions that ask for individual records rather than a number ("the list of customer ids that…"). */
const LISTING = /\b(distinct list|list of|list the|list all|that have no|with no|left join|details of|return the \w+ ids?)\b/i;

/** Builds the SQL for a complete plan; an incomplete plan is an error that says what was understood. */
export function planToSql(plan: Plan, catalog: Catalog, question = ''): ParseOutcome {
  if (LISTING.test(question) && !plan.agg && !plan.top) {
    return {
      ok: false,
      error:
        'Offline I can compute numbers (totals, averages, counts, minimum/maximum), break them down by a category or a time grain, rank the top or bottom N, and filter by values and dates. ' +
        'Listing individual records is beyond me without a language model: write the SQL yourself (run it as a message starting with SELECT), or rephrase as a number, e.g. "how many … per …".',
    };
  }
  const base = plan.measure?.table ?? plan.countOf;
  const understood = describe(plan);
  if (!base) {
    const measures = [...new Set(catalog.tables.flatMap((t) => t.columns.filter((c) => isNumeric(c.type) && !isKey(t, c.name)).map((c) => c.name)))].slice(0, 8);
    return {
      ok: false,
      error:
        `I could not tell which number to compute${understood ? ` (I understood: ${understood})` : ''}. ` +
        `Please rephrase naming a measure${measures.length ? ` such as ${measures.join(', ')}` : ''}, or what to count, e.g. "total ${measures[0] ?? 'amount'} by month last year" or "how many ${catalog.tables[0]?.name ?? 'rows'} per …".`,
    };
  }
  const graph = edges(catalog);
  const needed: CatalogTable[] = [];
  const time = plan.range || plan.grain ? timeColumn(catalog, base, graph) : undefined;
  if ((plan.range || plan.grain) && !time) {
    return { ok: false, error: `I understood ${understood}, but ${base.name} has no date column I can reach to apply "${plan.range?.label ?? `per ${plan.grain}`}". Please rephrase without the time part.` };
  }
  for (const r of [plan.dimension, time, ...plan.filters]) if (r && !needed.includes(r.table)) needed.push(r.table);
  const joins: string[] = [];
  const joined = new Set([base]);
  for (const t of needed) {
    if (joined.has(t)) continue;
    const p = path(graph, base, t);
    if (!p) return { ok: false, error: `I understood ${understood}, but I found no foreign-key path from ${base.name} to ${t.name} to join them. Please ask about one of them at a time.` };
    for (const e of p) {
      if (joined.has(e.to)) continue;
      joins.push(`JOIN ${qualified(e.to)} ON ${e.on.map(([a, b]) => `${ident(e.from.name)}.${ident(a)} = ${ident(e.to.name)}.${ident(b)}`).join(' AND ')}`);
      joined.add(e.to);
    }
  }
  const select: string[] = [];
  const group: string[] = [];
  if (plan.grain && time) {
    select.push(`date_trunc('${plan.grain}', ${col(time)})::date AS ${plan.grain}`);
    group.push(String(group.length + 1));
  }
  if (plan.dimension) {
    select.push(`${col(plan.dimension)} AS ${ident(plan.dimension.column)}`);
    group.push(String(group.length + 1));
  }
  const agg = plan.countOf ? 'count' : (plan.agg ?? 'sum');
  const valueName = plan.countOf ? `${plan.countOf.name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_count` : `${agg === 'sum' ? 'total' : agg}_${plan.measure!.column.toLowerCase()}`;
  const valueExpr = plan.countOf ? 'count(*)' : agg === 'count' ? `count(${col(plan.measure!)})` : `${agg}(${col(plan.measure!)})`;
  select.push(`${agg === 'avg' ? `round(${valueExpr}::numeric, 2)` : valueExpr} AS ${ident(valueName)}`);
  const where: string[] = plan.filters.map((f) => `${col(f)} = ${literal(f.value)}`);
  if (plan.range && time) {
    if (plan.range.from) where.push(`${col(time)} >= DATE ${literal(plan.range.from)}`);
    if (plan.range.to) where.push(`${col(time)} < DATE ${literal(plan.range.to)}`);
  }
  let sql = `SELECT ${select.join(', ')}\nFROM ${qualified(base)}${joins.length ? `\n${joins.join('\n')}` : ''}`;
  if (where.length) sql += `\nWHERE ${where.join('\n  AND ')}`;
  if (group.length) sql += `\nGROUP BY ${group.join(', ')}`;
  if (plan.top && (plan.dimension || plan.grain)) sql += `\nORDER BY ${ident(valueName)} ${plan.top.dir === 'desc' ? 'DESC' : 'ASC'} NULLS LAST\nLIMIT ${plan.top.n}`;
  else if (plan.grain) sql += `\nORDER BY 1`;
  else if (plan.dimension) sql += `\nORDER BY ${ident(valueName)} DESC NULLS LAST`;
  return { ok: true, sql, explanation: `I read this as ${understood}.`, plan };
}

/** Question (with follow-up segments) → SQL over `catalog`, or an error saying what was understood. */
export function parseQuestion(question: string, catalog: Catalog, today: string): ParseOutcome {
  const segments = question.split(FOLLOW_UP_SEPARATOR);
  let plan: Plan | undefined;
  for (const s of segments) {
    const p = readQuestion(s, catalog, today);
    plan = plan ? overlay(plan, p) : p;
  }
  return planToSql(plan!, catalog, segments[segments.length - 1]);
}
