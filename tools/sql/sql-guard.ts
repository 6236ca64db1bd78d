import pkg from 'node-sql-parser/build/postgresql';
import { closest, findTable, type Catalog } from './catalog';

const { Parser } = pkg as unknown as typeof import('node-sql-parser');
const parser = new Parser();
const OPTIONS = { database: 'postgresql' };

export type GuardResult =
  | { ok: true; sql: string; tables: string[] }
  | { ok: false; code: 'sql:parse_error' | 'sql:readonly_violation' | 'sql:forbidden_function' | 'sql:unknown_table' | 'sql:unknown_column'; error: string };

/** Functions that sleep, reach outside the database, read files, change settings or run SQL from strings. */
const FORBIDDEN_FUNCTIONS = [
  /^pg_/, // server internals: pg_sleep, pg_read_file, pg_ls_dir, pg_terminate_backend, pg_advisory_lock…
  /^lo_/, // large objects (lo_import, lo_export…)
  /^dblink/,
  /^set_config$/,
  /^current_setting$/,
  /^(query|table|cursor|schema|database)_to_xml/,
  /^(query|table|cursor|schema|database)_to_xmlschema/,
  /^(nextval|setval|currval|lastval)$/,
  /^txid_/,
  /^(file_|copy_)/,
];
/** `pg_` functions that only compute on their arguments. */
const ALLOWED_PG_FUNCTIONS = new Set(['pg_typeof']);

export function isForbiddenFunction(name: string): boolean {
  const n = name.toLowerCase().replace(/^pg_catalog\./, '');
  if (ALLOWED_PG_FUNCTIONS.has(n)) return false;
  return FORBIDDEN_FUNCTIONS.some((re) => re.test(n));
}

type Node = Record<string, unknown>;

function nameOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const o = v as Node;
    if (Array.isArray(o.name)) return (o.name as Node[]).map((p) => String(p.value ?? '')).join('.');
    if ('value' in o) return String(o.value);
    if ('name' in o) return nameOf(o.name);
  }
  return '';
}

interface Walked {
  functions: string[];
  /** from-items that name a table: schema, table, alias */
  tables: { db: string | null; table: string; as: string | null }[];
  cteNames: Set<string>;
  /** every alias defined anywhere (select-list `AS`, from-item aliases, CTE names) */
  aliases: Set<string>;
  columnRefs: { table: string | null; column: string }[];
  statementTypes: string[];
  selectInto: boolean;
  /** aliases of derived tables (subqueries in FROM) */
  subqueryAliases: Set<string>;
}

function walk(node: unknown, out: Walked) {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Node;
  if (typeof o.type === 'string' && ['insert', 'update', 'delete', 'replace', 'create', 'drop', 'alter', 'truncate', 'grant', 'lock', 'set', 'use'].includes(o.type)) {
    out.statementTypes.push(o.type);
  }
  if (o.type === 'select' && o.into && typeof o.into === 'object' && (o.into as Node).expr) out.selectInto = true;
  if (o.type === 'function') out.functions.push(nameOf(o.name));
  if (o.type === 'column_ref') {
    const col = o.column;
    const column = typeof col === 'string' ? col : nameOf((col as Node)?.expr ?? col);
    if (column && column !== '*') out.columnRefs.push({ table: (o.table as string | null) ?? null, column });
  }
  if (Array.isArray(o.with)) {
    for (const w of o.with as Node[]) {
      const n = nameOf(w.name);
      out.cteNames.add(n.toLowerCase());
      out.aliases.add(n.toLowerCase());
      for (const c of (w.columns as unknown[] | null) ?? []) out.aliases.add(nameOf(c).toLowerCase());
    }
  }
  if (Array.isArray(o.from)) {
    for (const f of o.from as Node[]) {
      if (typeof f.table === 'string') out.tables.push({ db: (f.db as string | null) ?? null, table: f.table, as: (f.as as string | null) ?? null });
      else if (typeof f.as === 'string') out.subqueryAliases.add(f.as.toLowerCase());
      if (typeof f.as === 'string') out.aliases.add(f.as.toLowerCase());
    }
  }
  if (typeof o.as === 'string') out.aliases.add(o.as.toLowerCase());
  for (const [k, v] of Object.entries(o)) {
    if (k === 'tableList' || k === 'columnList') continue;
    if (v && typeof v === 'object') walk(v, out);
  }
}

/**
 * Parses `sql` with a real Postgres grammar and allows exactly one read-only SELECT/WITH
 * statement over tables and columns of `catalog` in `schemas`, calling no dangerous function.
 * Safety lives here, in code; the prompt only asks nicely.
 */
export function guardSql(sql: string, catalog: Catalog, schemas: string[]): GuardResult {
  const text = sql.trim().replace(/;\s*$/, '');
  if (!text) return { ok: false, code: 'sql:parse_error', error: 'the SQL is empty' };
  let ast: unknown;
  try {
    ast = parser.astify(text, OPTIONS);
  } catch (e) {
    const first = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase();
    if (first && ['copy', 'delete', 'update', 'insert', 'drop', 'alter', 'create', 'truncate', 'grant', 'revoke', 'vacuum', 'call', 'do', 'set', 'reset', 'lock', 'listen', 'notify', 'prepare', 'execute'].includes(first)) {
      return { ok: false, code: 'sql:readonly_violation', error: `only a single SELECT (or WITH … SELECT) query is allowed; ${first.toUpperCase()} statements are refused` };
    }
    return { ok: false, code: 'sql:parse_error', error: `the SQL could not be parsed as one Postgres SELECT query (${(e as Error).message.split('\n')[0].slice(0, 160)}); write a single plain SELECT` };
  }
  const statements = Array.isArray(ast) ? ast : [ast];
  if (statements.length !== 1) return { ok: false, code: 'sql:readonly_violation', error: `only one statement is allowed, got ${statements.length}` };
  const stmt = statements[0] as Node;
  if (stmt.type !== 'select') {
    return { ok: false, code: 'sql:readonly_violation', error: `only a single SELECT (or WITH … SELECT) query is allowed; ${String(stmt.type).toUpperCase()} statements are refused` };
  }
  const w: Walked = { functions: [], tables: [], cteNames: new Set(), aliases: new Set(), columnRefs: [], statementTypes: [], selectInto: false, subqueryAliases: new Set() };
  walk(stmt, w);
  if (w.statementTypes.length) return { ok: false, code: 'sql:readonly_violation', error: `the query contains a ${w.statementTypes[0].toUpperCase()}; only reading is allowed` };
  if (w.selectInto) return { ok: false, code: 'sql:readonly_violation', error: 'SELECT … INTO creates a table; only reading is allowed' };
  const bad = w.functions.find(isForbiddenFunction);
  if (bad) return { ok: false, code: 'sql:forbidden_function', error: `the function ${bad}() is not allowed in Parley queries` };

  // Every table must be a real table of the datasource, in its schemas; CTE names are local.
  const allowed = new Set(schemas.map((s) => s.toLowerCase()));
  const visible = catalog.tables.filter((t) => allowed.has(t.schema.toLowerCase()));
  const used: Catalog['tables'] = [];
  const aliasToTable = new Map<string, Catalog['tables'][number]>();
  // An alias bound to different things in different scopes (a table here, a CTE there) is not checked
  // by qualifier; Postgres still rejects a wrong column, and the error goes back to the writer.
  const ambiguous = new Set<string>(w.subqueryAliases);
  const bind = (alias: string, target: Catalog['tables'][number] | 'derived') => {
    const a = alias.toLowerCase();
    const prev = aliasToTable.get(a);
    if (target === 'derived' || (prev && prev !== target)) ambiguous.add(a);
    if (target !== 'derived') aliasToTable.set(a, target);
  };
  for (const ref of w.tables) {
    if (!ref.db && w.cteNames.has(ref.table.toLowerCase())) {
      bind(ref.table, 'derived');
      if (ref.as) bind(ref.as, 'derived');
      continue;
    }
    if (ref.db && !allowed.has(ref.db.toLowerCase())) {
      return { ok: false, code: 'sql:unknown_table', error: `the table ${ref.db}.${ref.table} is outside this datasource; tables you can query: ${visible.slice(0, 20).map((t) => t.name).join(', ')}` };
    }
    const t = findTable({ tables: visible }, ref.table, ref.db);
    if (!t) {
      const near = closest(ref.table, visible.map((x) => x.name));
      return { ok: false, code: 'sql:unknown_table', error: `there is no table "${ref.db ? `${ref.db}.` : ''}${ref.table}"${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}` };
    }
    used.push(t);
    bind(t.name, t);
    if (ref.as) bind(ref.as, t);
  }

  // Every column must exist: in the table its qualifier names, or in some table the query reads.
  const usedColumns = new Set(used.flatMap((t) => t.columns.map((c) => c.name.toLowerCase())));
  for (const ref of w.columnRefs) {
    const col = ref.column.toLowerCase();
    if (ref.table) {
      if (ambiguous.has(ref.table.toLowerCase())) continue;
      const t = aliasToTable.get(ref.table.toLowerCase());
      if (!t) continue; // a CTE or subquery alias: its columns were checked where they were defined
      if (!t.columns.some((c) => c.name.toLowerCase() === col)) {
        const near = closest(ref.column, t.columns.map((c) => c.name));
        return { ok: false, code: 'sql:unknown_column', error: `the table "${t.name}" has no column "${ref.column}"; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` };
      }
    } else if (!usedColumns.has(col) && !w.aliases.has(col)) {
      const pool = used.length ? used.flatMap((t) => t.columns.map((c) => c.name)) : visible.flatMap((t) => t.columns.map((c) => c.name));
      if (!used.length && w.cteNames.size) continue;
      const near = closest(ref.column, pool);
      return { ok: false, code: 'sql:unknown_column', error: `no table in the query has a column "${ref.column}"${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}` };
    }
  }
  return { ok: true, sql: text, tables: [...new Set(used.map((t) => `${t.schema}.${t.name}`))] };
}
