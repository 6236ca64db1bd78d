import nodeSqlParser from 'node-sql-parser/build/postgresql';

const { Parser } = nodeSqlParser as unknown as typeof import('node-sql-parser');
const parser = new Parser();

/** Functions that read files, sleep, reach other servers or change settings: never "read-only". */
const UNSAFE_FUNCTIONS = /\b(pg_sleep\w*|dblink\w*|lo_\w+|pg_read_\w+|pg_ls_dir|pg_stat_file|set_config|pg_terminate_backend|pg_cancel_backend|pg_reload_conf|copy)\s*\(/i;

export type SqlCheck = { ok: true; ordered: boolean } | { ok: false; reason: string };

/** Strips what small models wrap SQL in: markdown fences and a trailing semicolon. */
export function cleanSql(sql: string): string {
  const fenced = /```(?:sql)?\s*\n?([\s\S]*?)```/i.exec(sql);
  return (fenced ? fenced[1] : sql).trim().replace(/;\s*$/, '').trim();
}

/**
 * Parses one statement with the Postgres grammar and checks it only reads: a single
 * SELECT (or WITH … SELECT), no SELECT INTO, no unsafe functions.
 */
export function checkReadOnlySql(sql: string): SqlCheck {
  const text = cleanSql(sql);
  if (!text) return { ok: false, reason: 'the SQL is empty' };
  let ast;
  try {
    ast = parser.astify(text, { database: 'postgresql' });
  } catch (e) {
    return { ok: false, reason: `does not parse as Postgres SQL: ${(e as Error).message.split('\n')[0].slice(0, 160)}` };
  }
  const statements = Array.isArray(ast) ? ast : [ast];
  if (statements.length !== 1) return { ok: false, reason: `has ${statements.length} statements; one SELECT is allowed` };
  const stmt = statements[0] as { type: string; into?: { position: unknown }; orderby?: unknown; _next?: unknown };
  if (stmt.type !== 'select') return { ok: false, reason: `is a ${stmt.type.toUpperCase()} statement, not a read-only SELECT` };
  if (stmt.into?.position) return { ok: false, reason: 'uses SELECT … INTO, which writes a table' };
  const unsafe = UNSAFE_FUNCTIONS.exec(text);
  if (unsafe) return { ok: false, reason: `calls ${unsafe[1]}(), which is not read-only` };
  // A top-level ORDER BY makes row order part of the answer (for a UNION, the last branch carries it).
  let last = stmt;
  while (last._next) last = last._next as typeof stmt;
  return { ok: true, ordered: Boolean(stmt.orderby || last.orderby) };
}
