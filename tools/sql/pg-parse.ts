import { loadModule, parseSync } from 'libpg-query';

// The WebAssembly parser must be loaded once before parseSync works; top-level await keeps
// guardSql synchronous for its callers.
await loadModule();

/** A parse-tree node as libpg-query prints it: `{ SelectStmt: {...} }`, `{ FuncCall: {...} }`… */
export type PgNode = Record<string, unknown>;

export interface PgStatement {
  stmt: PgNode;
  stmt_location?: number;
  stmt_len?: number;
}

/**
 * Parses SQL with PostgreSQL's own parser (libpg-query: the server's grammar compiled to
 * WebAssembly), so the guard reads strings, escapes, dollar quotes and comments exactly as the
 * database will. Throws with Postgres's syntax error when the text is not valid SQL.
 */
export function parsePg(sql: string): PgStatement[] {
  return (parseSync(sql) as { stmts?: PgStatement[] }).stmts ?? [];
}
