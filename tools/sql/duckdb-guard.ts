import { ALLOWED_FUNCTIONS } from './allow-list';
import { closest, type Catalog } from './catalog';
import type { GuardResult } from './sql-guard';

/**
 * DuckDB names beyond the Postgres allow-list that questions about files need. Deliberately absent:
 * every table function (read_csv, read_parquet, glob, query, query_table, enable_logging…),
 * anything that reads settings, secrets, files, the environment or the catalog (current_setting,
 * getenv, duckdb_*, which_secret, pragma_*), and unbounded generators (range, repeat).
 */
export const DUCKDB_EXTRA_FUNCTIONS: ReadonlySet<string> = new Set([
  'count_star', 'date_diff', 'datediff', 'date_add', 'date_sub', 'strftime', 'strptime', 'try_strptime', 'year', 'month', 'day', 'quarter',
  'week', 'weekofyear', 'dayofweek', 'dayofmonth', 'dayofyear', 'isodow', 'dayname', 'monthname', 'epoch', 'last_day', 'yearweek',
  'median', 'quantile_cont', 'quantile_disc', 'approx_count_distinct', 'arg_max', 'arg_min', 'argmax', 'argmin', 'max_by', 'min_by', 'first', 'last',
  'list', 'list_value', 'list_aggregate', 'contains', 'ends_with', 'prefix', 'suffix', 'ilike_escape', 'like_escape', 'regexp_matches',
  'regexp_extract', 'regexp_full_match', 'string_split', 'str_split', 'ifnull', 'nullif', 'coalesce', 'try_cast', 'round_even', 'even', 'fsum',
  'sumkahan', 'kahan_sum', 'product', 'histogram', 'entropy', 'kurtosis', 'skewness', 'mad', 'bit_length', 'strlen', 'lcase', 'ucase',
  'struct_extract', 'array_extract', 'list_extract', 'date_trunc', 'time_bucket', 'make_date', 'to_days', 'to_months', 'to_years',
  'to_hours', 'to_minutes', 'to_seconds', 'current_date', 'today', 'nextafter', 'isnan', 'isinf', 'row', 'struct_pack',
]);

/** Operators are functions in DuckDB's tree (`+`, `~~` for LIKE, `||`…). */
const OPERATOR = /^[-+*/%<>=!~^&|@#]+$/;
/** Table references a read-only query over the loaded tables is made of; anything else is refused. */
const TABLE_REFS = new Set(['BASE_TABLE', 'JOIN', 'SUBQUERY', 'EMPTY', 'EXPRESSION_LIST']);

class Refusal extends Error {
  constructor(
    readonly code: Extract<GuardResult, { ok: false }>['code'],
    message: string,
  ) {
    super(message);
  }
}

type Node = Record<string, unknown>;

function allowedFunction(name: string): boolean {
  const n = name.toLowerCase();
  return OPERATOR.test(n) || ALLOWED_FUNCTIONS.has(n) || DUCKDB_EXTRA_FUNCTIONS.has(n);
}

/**
 * Checks model-written SQL for a file session on DuckDB's own parse tree (`json_serialize_sql`,
 * which serialises SELECT statements only): exactly one SELECT; every function on the allow-list;
 * no table functions; tables only those loaded from the conversation's files (or its CTEs).
 */
export function guardDuckSql(sql: string, tree: unknown, catalog: Catalog): GuardResult {
  const t = tree as { error?: boolean; error_type?: string; error_message?: string; statements?: Node[] };
  if (!t || t.error) {
    const msg = t?.error_message ?? 'could not parse';
    if (/only select/i.test(msg)) return { ok: false, code: 'sql:readonly_violation', error: 'only one read-only SELECT is allowed (no PRAGMA, SET, ATTACH, COPY, INSTALL, LOAD or writes)' };
    return { ok: false, code: 'sql:parse_error', error: `the SQL does not parse: ${msg.split('\n')[0].slice(0, 200)}` };
  }
  if (t.statements?.length !== 1) return { ok: false, code: 'sql:readonly_violation', error: 'exactly one SELECT statement is allowed' };
  const tables = new Map(catalog.tables.map((x) => [x.name.toLowerCase(), x.name]));
  const ctes = new Set<string>();
  const used = new Set<string>();
  // CTE names first: a query may name a CTE before (above) the place that defines it.
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(collect);
    if (!v || typeof v !== 'object') return;
    const n = v as Node;
    const map = (n.cte_map as { map?: { key: string }[] } | undefined)?.map;
    for (const e of map ?? []) ctes.add(String(e.key).toLowerCase());
    Object.values(n).forEach(collect);
  };
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!v || typeof v !== 'object') return;
    const n = v as Node;
    if (typeof n.function_name === 'string') {
      const name = n.function_name;
      if ((n.schema && n.schema !== 'main') || (n.catalog && n.catalog !== '')) throw new Refusal('sql:forbidden_function', `function ${n.schema}.${name} is not allowed`);
      if (!allowedFunction(name)) throw new Refusal('sql:forbidden_function', `function ${name}() is not allowed in questions about files`);
    }
    const isTableRef = typeof n.type === 'string' && !('class' in n) && 'alias' in n && 'sample' in n;
    if (isTableRef) {
      if (n.type === 'TABLE_FUNCTION') {
        const fn = (n.function as Node | undefined)?.function_name;
        throw new Refusal('sql:forbidden_function', `table function ${String(fn ?? '')}() is not allowed: query the loaded tables by name`);
      }
      if (!TABLE_REFS.has(String(n.type))) throw new Refusal('sql:forbidden_syntax', `${String(n.type).toLowerCase().replace(/_/g, ' ')} is not allowed`);
      if (n.type === 'BASE_TABLE') {
        const name = String(n.table_name);
        const schema = String(n.schema_name ?? '');
        if (n.catalog_name || (schema && schema !== 'main')) throw new Refusal('sql:unknown_table', `table ${schema}.${name} is not one of this conversation's files`);
        const key = name.toLowerCase();
        if (!(schema === '' && ctes.has(key))) {
          const real = tables.get(key);
          if (!real) {
            const hint = closest(name, [...tables.values()]);
            throw new Refusal('sql:unknown_table', `table "${name}" does not exist${hint.length ? `; tables: ${hint.join(', ')}` : ''}`);
          }
          used.add(real);
        }
      }
    }
    Object.values(n).forEach(visit);
  };
  try {
    collect(t.statements);
    visit(t.statements);
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, code: e.code, error: e.message };
    throw e;
  }
  return { ok: true, sql, tables: [...used] };
}
