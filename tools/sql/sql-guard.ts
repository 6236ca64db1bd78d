import { closest, findTable, type Catalog, type CatalogTable } from './catalog';
import { ALLOWED_FUNCTIONS, ALLOWED_NODES, ALLOWED_TYPES, ALLOWED_VALUE_FUNCTIONS } from './allow-list';
import { parsePg, type PgNode } from './pg-parse';

export type GuardCode =
  | 'sql:parse_error'
  | 'sql:readonly_violation'
  | 'sql:forbidden_function'
  | 'sql:forbidden_syntax'
  | 'sql:unknown_table'
  | 'sql:unknown_column';

export type GuardResult = { ok: true; sql: string; tables: string[] } | { ok: false; code: GuardCode; error: string };

/** Schemas that hold the server's own catalog; never readable, whatever the datasource lists. */
const SYSTEM_SCHEMA = /^(pg_catalog|information_schema|pg_toast|pg_temp.*|pg_toast_temp.*)$/i;

/** SelectStmt fields `select` checks itself; every other field goes through the generic visit. */
const HANDLED_SELECT_FIELDS = new Set(['withClause', 'fromClause', 'larg', 'rarg', 'intoClause', 'lockingClause']);

class Refusal extends Error {
  constructor(
    readonly code: GuardCode,
    message: string,
  ) {
    super(message);
  }
}

/** What a name in FROM stands for, and the columns it really has (exact names, as Postgres compares them). */
interface Binding {
  table?: CatalogTable;
  columns: Set<string>;
}

/** The names visible at one point of the query: CTEs and FROM items, innermost scope last. */
interface Env {
  ctes: Map<string, Set<string>>[];
  frames: Map<string, Binding>[];
}

interface Seen {
  used: CatalogTable[];
  /** every name the query defines (output aliases, FROM aliases, CTE names and their columns) */
  defined: Set<string>;
  unqualified: string[];
}

const strings = (list: unknown): string[] =>
  Array.isArray(list) ? list.map((n) => ((n as PgNode).String as { sval?: string } | undefined)?.sval).filter((s): s is string => s !== undefined) : [];

/** `{ FuncCall: {...} }` → ['FuncCall', {...}]; an inline struct (no wrapper) → undefined. */
function unwrap(v: unknown): [string, PgNode] | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1 || !/^[A-Z]/.test(keys[0])) return undefined;
  return [keys[0], (v as PgNode)[keys[0]] as PgNode];
}

function statementWord(kind: string): string {
  const words: Record<string, string> = { VariableSetStmt: 'SET', TransactionStmt: 'transaction control', ExplainStmt: 'EXPLAIN', CopyStmt: 'COPY' };
  return words[kind] ?? kind.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

/** `pg_catalog.x` is `x`; any other qualifier is a user-defined object and is returned as written. */
function bareName(names: string[]): { name: string; qualified: boolean } {
  if (names.length === 2 && names[0] === 'pg_catalog') return { name: names[1], qualified: false };
  return { name: names.join('.'), qualified: names.length > 1 };
}

class Checker {
  readonly seen: Seen = { used: [], defined: new Set(), unqualified: [] };
  private readonly allowed: Set<string>;
  private readonly visible: CatalogTable[];

  constructor(catalog: Catalog, schemas: string[]) {
    this.allowed = new Set(schemas.map((s) => s.toLowerCase()).filter((s) => !SYSTEM_SCHEMA.test(s)));
    this.visible = catalog.tables.filter((t) => this.allowed.has(t.schema.toLowerCase()));
  }

  /** Checks one SELECT (with its WITH, FROM and expressions); returns the names of its output columns. */
  select(sel: PgNode, outer: Env): Set<string> {
    if (sel.intoClause) throw new Refusal('sql:readonly_violation', 'SELECT … INTO creates a table; only reading is allowed');
    if (sel.lockingClause) throw new Refusal('sql:readonly_violation', 'FOR UPDATE/SHARE locks rows; only plain reading is allowed');
    const env = this.withClause(sel.withClause as PgNode | undefined, outer);
    if (sel.op && sel.op !== 'SETOP_NONE') {
      const out = this.select(sel.larg as PgNode, env);
      this.select(sel.rarg as PgNode, env);
      this.visitOthers(sel, env);
      return out;
    }
    const frame = new Map<string, Binding>();
    for (const item of (sel.fromClause as unknown[] | undefined) ?? []) this.fromItem(item, env, frame);
    // Every other field is visited, known or not, so no expression escapes the checks.
    this.visitOthers(sel, { ctes: env.ctes, frames: [...env.frames, frame] });
    if (sel.valuesLists) {
      const width = ((unwrap((sel.valuesLists as unknown[])[0])?.[1].items as unknown[] | undefined) ?? []).length;
      return new Set(Array.from({ length: width }, (_, i) => `column${i + 1}`));
    }
    return this.outputNames((sel.targetList as unknown[] | undefined) ?? [], frame);
  }

  private withClause(w: PgNode | undefined, outer: Env): Env {
    if (!w) return outer;
    // An unbounded recursive CTE never ends and ignores the cost estimate; analysts rarely need one.
    if (w.recursive) throw new Refusal('sql:forbidden_syntax', 'WITH RECURSIVE is not allowed in Parley queries; write the query without recursion');
    const ctes = new Map<string, Set<string>>();
    for (const c of (w.ctes as unknown[]) ?? []) {
      const cte = unwrap(c)?.[1] ?? {};
      const body = unwrap(cte.ctequery);
      if (!body || body[0] !== 'SelectStmt') {
        throw new Refusal('sql:readonly_violation', `the query contains a ${statementWord(body?.[0] ?? 'unknown')} inside WITH; only reading is allowed`);
      }
      // Without RECURSIVE a CTE sees only the CTEs before it: a later name still means a real table there.
      let cols = this.select(body[1], { ctes: [...outer.ctes, new Map(ctes)], frames: outer.frames });
      const renamed = strings(cte.aliascolnames);
      if (renamed.length) cols = new Set([...renamed, ...[...cols].slice(renamed.length)]);
      const name = String(cte.ctename);
      ctes.set(name, cols);
      this.seen.defined.add(name.toLowerCase());
      for (const col of cols) this.seen.defined.add(col.toLowerCase());
    }
    return { ctes: [...outer.ctes, ctes], frames: outer.frames };
  }

  private fromItem(item: unknown, env: Env, frame: Map<string, Binding>) {
    const [kind, node] = this.node(item);
    const alias = node.alias as { aliasname?: string; colnames?: unknown[] } | undefined;
    const bind = (name: string, b: Binding) => {
      const renamed = strings(alias?.colnames);
      const columns = renamed.length ? new Set([...renamed, ...[...b.columns].slice(renamed.length)]) : b.columns;
      frame.set(name, { ...b, columns });
      this.seen.defined.add(name.toLowerCase());
      for (const c of renamed) this.seen.defined.add(c.toLowerCase());
    };
    const lateral: Env = { ctes: env.ctes, frames: [...env.frames, frame] };
    if (kind === 'RangeVar') {
      bind(alias?.aliasname ?? String(node.relname), this.relation(node, env));
    } else if (kind === 'RangeSubselect') {
      const [, sub] = this.node(node.subquery);
      const cols = this.select(sub, node.lateral ? lateral : env);
      if (alias?.aliasname) bind(alias.aliasname, { columns: cols });
    } else if (kind === 'RangeFunction') {
      this.visit(node.functions, lateral);
      this.visit(node.coldeflist, lateral);
      // A scalar function's one column is named after its alias (or itself); *_each gives key/value.
      const first = unwrap(((unwrap((node.functions as unknown[])?.[0])?.[1].items as unknown[]) ?? [])[0]);
      const fn = first?.[0] === 'FuncCall' ? (strings(first[1].funcname).at(-1) ?? '') : '';
      const name = alias?.aliasname ?? fn;
      bind(name, { columns: new Set([name, 'key', 'value', ...(node.ordinality ? ['ordinality'] : [])]) });
    } else if (kind === 'JoinExpr') {
      this.fromItem(node.larg, env, frame);
      this.fromItem(node.rarg, env, frame);
      this.visit(node.quals, lateral);
      if (alias?.aliasname) bind(alias.aliasname, { columns: new Set([...frame.values()].flatMap((b) => [...b.columns])) });
    } else {
      throw new Refusal('sql:forbidden_syntax', `${kind} in FROM is not allowed in Parley queries`);
    }
  }

  /** A table name: a CTE in scope, or a real table of the datasource in its schemas, never the system catalog. */
  private relation(rv: PgNode, env: Env): Binding {
    const name = String(rv.relname);
    const schema = rv.schemaname as string | undefined;
    const tablesList = () => this.visible.slice(0, 20).map((t) => t.name).join(', ');
    if (rv.catalogname || (schema && (SYSTEM_SCHEMA.test(schema) || !this.allowed.has(schema.toLowerCase())))) {
      throw new Refusal('sql:unknown_table', `the table ${schema ? `${schema}.` : ''}${name} is outside this datasource; tables you can query: ${tablesList()}`);
    }
    if (!schema) {
      for (let i = env.ctes.length - 1; i >= 0; i--) {
        const cols = env.ctes[i].get(name);
        if (cols) return { columns: cols };
      }
      // Postgres searches pg_catalog before the datasource's schemas: an unqualified pg_* name is the system catalog.
      if (/^pg_/i.test(name)) throw new Refusal('sql:unknown_table', `the table ${name} is outside this datasource; tables you can query: ${tablesList()}`);
    }
    const t = findTable({ tables: this.visible }, name, schema);
    if (!t) {
      const near = closest(name, this.visible.map((x) => x.name));
      throw new Refusal('sql:unknown_table', `there is no table "${schema ? `${schema}.` : ''}${name}"${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}`);
    }
    this.seen.used.push(t);
    return { table: t, columns: new Set(t.columns.map((c) => c.name)) };
  }

  private outputNames(targets: unknown[], frame: Map<string, Binding>): Set<string> {
    const out = new Set<string>();
    for (const target of targets) {
      const rt = unwrap(target)?.[1] ?? {};
      if (rt.name) {
        out.add(String(rt.name));
        this.seen.defined.add(String(rt.name).toLowerCase());
        continue;
      }
      const val = unwrap(rt.val);
      if (val?.[0] === 'ColumnRef') {
        const fields = val[1].fields as PgNode[];
        if (fields.at(-1)?.A_Star) {
          const q = strings(fields).at(-1);
          const from = fields.length > 1 && q ? [frame.get(q)] : [...frame.values()];
          for (const b of from) for (const c of b?.columns ?? []) out.add(c);
        } else out.add(strings(fields).at(-1) ?? '?column?');
      } else if (val?.[0] === 'FuncCall') out.add(strings(val[1].funcname).at(-1) ?? '?column?');
    }
    return out;
  }

  private visitOthers(sel: PgNode, env: Env) {
    for (const [k, v] of Object.entries(sel)) if (!HANDLED_SELECT_FIELDS.has(k)) this.visit(v, env);
  }

  /** Unwraps a node and refuses kinds that are not on the allow-list. */
  private node(v: unknown): [string, PgNode] {
    const w = unwrap(v);
    if (!w) throw new Refusal('sql:forbidden_syntax', 'the query has a part Parley cannot check');
    const [kind] = w;
    if (!ALLOWED_NODES.has(kind)) {
      if (/Stmt$/.test(kind)) throw new Refusal('sql:readonly_violation', `the query contains a ${statementWord(kind)}; only reading is allowed`);
      throw new Refusal('sql:forbidden_syntax', `${kind} is not allowed in Parley queries; write a plain SELECT`);
    }
    return w;
  }

  visit(v: unknown, env: Env): void {
    if (Array.isArray(v)) {
      for (const x of v) this.visit(x, env);
      return;
    }
    if (!v || typeof v !== 'object') return;
    if (!unwrap(v)) {
      // An inline struct (a WindowDef in `over`, an Alias…): its fields may hold nodes.
      for (const x of Object.values(v)) this.visit(x, env);
      return;
    }
    const [kind, node] = this.node(v);
    switch (kind) {
      case 'SelectStmt':
        this.select(node, env);
        return;
      case 'FuncCall':
        this.func(strings(node.funcname));
        break;
      case 'TypeCast':
        this.type(node.typeName as PgNode);
        break;
      case 'SQLValueFunction':
        if (!ALLOWED_VALUE_FUNCTIONS.has(String(node.op))) {
          throw new Refusal('sql:forbidden_function', `${String(node.op).replace(/^SVFOP_/, '').toLowerCase()} is not allowed in Parley queries`);
        }
        return;
      case 'A_Expr':
        // OPERATOR(someschema.+) calls a user-defined function.
        if (bareName(strings(node.name)).qualified) throw new Refusal('sql:forbidden_function', `the operator ${strings(node.name).join('.')} is not allowed in Parley queries`);
        break;
      case 'A_Indirection':
        // `(expr).name` is also function-call notation: `(s).current_setting` runs current_setting(s).
        for (const ind of (node.indirection as unknown[]) ?? []) {
          if (!unwrap(ind) || unwrap(ind)![0] !== 'A_Indices') throw new Refusal('sql:forbidden_syntax', 'field selection with (…).name is not allowed in Parley queries; use a column name');
        }
        break;
      case 'ColumnRef':
        this.column(node.fields as PgNode[], env);
        return;
      case 'RangeVar':
      case 'RangeSubselect':
      case 'RangeFunction':
      case 'JoinExpr':
        // Only FROM holds these; wherever else one turns up it gets the same checks.
        this.fromItem(v, env, new Map());
        return;
    }
    for (const x of Object.values(node)) this.visit(x, env);
  }

  private func(names: string[]) {
    const { name, qualified } = bareName(names);
    if (qualified || !ALLOWED_FUNCTIONS.has(name)) {
      throw new Refusal('sql:forbidden_function', `the function ${name}() is not allowed in Parley queries; use the aggregate, math, string, date, JSON, array and window functions`);
    }
  }

  private type(tn: PgNode | undefined) {
    const { name, qualified } = bareName(strings(tn?.names));
    if (qualified || !ALLOWED_TYPES.has(name) || tn?.setof || tn?.pct_type) throw new Refusal('sql:forbidden_syntax', `casting to the type ${name} is not allowed in Parley queries`);
  }

  /**
   * `q.col` must name a column q really has: when it does not, Postgres reads it as the function
   * call col(q) (`s.current_setting` runs current_setting(s)).
   */
  private column(fields: PgNode[], env: Env) {
    const names = strings(fields);
    const star = Boolean(fields.at(-1)?.A_Star);
    if (fields.length === 1) {
      if (!star) this.seen.unqualified.push(names[0]);
      return;
    }
    const q = star ? names.at(-1)! : names.at(-2)!;
    let b: Binding | undefined;
    for (let i = env.frames.length - 1; i >= 0 && !b; i--) b = env.frames[i].get(q);
    if (!b) throw new Refusal('sql:unknown_column', `"${q}" is not a table or alias in the query's FROM`);
    if (star) return;
    const col = names.at(-1)!;
    if (b.columns.has(col)) return;
    const near = closest(col, [...b.columns]);
    const what = b.table ? `the table "${b.table.name}"` : `"${q}"`;
    throw new Refusal('sql:unknown_column', `${what} has no column "${col}"${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}`);
  }

  /** Bare column names are not a safety matter (they never call functions); checking them gives the writer a hint. */
  unqualifiedHint(): string | undefined {
    const { used, defined, unqualified } = this.seen;
    const usedColumns = new Set(used.flatMap((t) => t.columns.map((c) => c.name.toLowerCase())));
    for (const col of unqualified) {
      const c = col.toLowerCase();
      if (usedColumns.has(c) || defined.has(c)) continue;
      if (!used.length && defined.size) continue;
      const pool = (used.length ? used : this.visible).flatMap((t) => t.columns.map((x) => x.name));
      const near = closest(col, pool);
      return `no table in the query has a column "${col}"${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}`;
    }
    return undefined;
  }
}

/** The one statement in `text`, exactly as Postgres delimits it (no trailing `;` or comment). */
function oneStatement(text: string): { kind: string; node: PgNode; sql: string } {
  let stmts;
  try {
    stmts = parsePg(text);
  } catch (e) {
    throw new Refusal('sql:parse_error', `the SQL could not be parsed as Postgres (${(e as Error).message.split('\n')[0].slice(0, 160)}); write a single plain SELECT`);
  }
  if (stmts.length !== 1) throw new Refusal('sql:readonly_violation', `only one statement is allowed, got ${stmts.length}`);
  const w = unwrap(stmts[0].stmt);
  if (!w) throw new Refusal('sql:parse_error', 'the SQL is empty');
  const start = stmts[0].stmt_location ?? 0;
  const sql = (stmts[0].stmt_len ? text.slice(start, start + stmts[0].stmt_len) : text.slice(start)).trim();
  return { kind: w[0], node: w[1], sql };
}

/**
 * Reads `sql` with PostgreSQL's own parser and allows exactly one SELECT over tables of `catalog`
 * in `schemas`, using only allow-listed functions, types and syntax. The parser is Postgres's, so
 * quoting and comments cannot make the guard and the database see different statements; when it
 * cannot parse, the query is refused. Safety lives here and in the read-only execution; the prompt only asks nicely.
 */
export function guardSql(sql: string, catalog: Catalog, schemas: string[]): GuardResult {
  if (!sql.trim()) return { ok: false, code: 'sql:parse_error', error: 'the SQL is empty' };
  try {
    const stmt = oneStatement(sql);
    if (stmt.kind !== 'SelectStmt') {
      throw new Refusal('sql:readonly_violation', `only a single SELECT (or WITH … SELECT) query is allowed; ${statementWord(stmt.kind)} statements are refused`);
    }
    // What runs is the slice Postgres delimited; parse it again so nothing outside it is ever sent.
    const again = oneStatement(stmt.sql);
    const checker = new Checker(catalog, schemas);
    checker.select(again.node, { ctes: [], frames: [] });
    const hint = checker.unqualifiedHint();
    if (hint) throw new Refusal('sql:unknown_column', hint);
    return { ok: true, sql: again.sql, tables: [...new Set(checker.seen.used.map((t) => `${t.schema}.${t.name}`))] };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, code: e.code, error: e.message };
    throw e;
  }
}
