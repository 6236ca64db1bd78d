/**
 * The DuckDB child process. DuckDB runs here, never in the server: SQL that slips past every check
 * can still abort the process it runs in (enable_logging on a locked instance, see issue 14), and
 * then only this child dies. Requests come over IPC, one at a time; `interrupt` stops the running one.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ingest, IngestRefusal, lit, q } from './ingest';
import type { CatalogValue, QueryValue, SessionLimits, WorkerReply, WorkerRequest } from './protocol';

let instance: DuckDBInstance | undefined;
let conn: DuckDBConnection | undefined;
let locked = false;

/** Settings no one may change afterwards; extensions are never fetched or loaded. */
const BASE_OPTIONS = { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', allow_community_extensions: 'false', allow_unsigned_extensions: 'false' };

async function connection(limits?: Partial<SessionLimits>): Promise<DuckDBConnection> {
  if (conn) return conn;
  instance = await DuckDBInstance.create(':memory:', {
    ...BASE_OPTIONS,
    threads: String(limits?.threads ?? 1),
    memory_limit: limits?.memoryLimit ?? '512MB',
    ...(limits?.tempDir ? { temp_directory: limits.tempDir, max_temp_directory_size: '1GB' } : {}),
  });
  conn = await instance.connect();
  return conn;
}

/** Loads the session's tables, then shuts every door: no files, no network, no settings. */
async function open(tables: { name: string; path: string }[], limits: SessionLimits) {
  const c = await connection(limits);
  for (const t of tables) await c.run(`CREATE TABLE ${q(t.name)} AS SELECT * FROM read_parquet(${lit(t.path)})`);
  await c.run('SET allowed_directories = []');
  await c.run('SET enable_external_access = false');
  await c.run('SET lock_configuration = true');
  locked = true;
  return { tables: tables.length };
}

const MAX_SAMPLES = 20;

async function catalog(): Promise<CatalogValue> {
  const c = await connection();
  const cols = (await c.runAndReadAll("SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal ORDER BY table_name, column_index")).getRowObjects();
  const tables = new Map<string, CatalogValue['tables'][number]>();
  for (const r of cols) {
    const name = String(r.table_name);
    if (!tables.has(name)) tables.set(name, { name, rowCount: 0, columns: [] });
    tables.get(name)!.columns.push({ name: String(r.column_name), type: String(r.data_type) });
  }
  for (const t of tables.values()) {
    t.rowCount = Number((await c.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${q(t.name)}`)).getRowObjects()[0].n);
    for (const col of t.columns) {
      if (col.type !== 'VARCHAR') continue;
      const r = await c.runAndReadAll(`SELECT DISTINCT ${q(col.name)}::VARCHAR AS v FROM (SELECT ${q(col.name)} FROM ${q(t.name)} LIMIT 5000) WHERE ${q(col.name)} IS NOT NULL ORDER BY 1 LIMIT ${MAX_SAMPLES + 1}`);
      const distinct = r.getRowObjects().map((x) => String(x.v));
      if (distinct.length <= MAX_SAMPLES && distinct.length < Math.max(3, Math.min(t.rowCount, 5000) / 2)) col.samples = distinct;
    }
  }
  return { tables: [...tables.values()] };
}

/** DuckDB's own parse tree of `sql`, for the guard in the server. */
async function parse(sql: string): Promise<unknown> {
  const c = await connection();
  const r = await c.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS tree', [sql]);
  return JSON.parse(String(r.getRowObjects()[0].tree));
}

/** Runs one SELECT (checked again here: one statement, of type SELECT), reading at most maxRows + 1 rows. */
async function query(sql: string, maxRows: number): Promise<QueryValue> {
  if (!locked) throw new Error('the session is not open');
  const c = await connection();
  const statements = await c.extractStatements(sql);
  if (statements.count !== 1) throw new IngestRefusal('sql:readonly_violation', 'exactly one statement is allowed');
  const prepared = await statements.prepare(0);
  // StatementType.SELECT is 1.
  if (Number(prepared.statementType) !== 1) throw new IngestRefusal('sql:readonly_violation', 'only SELECT statements are allowed');
  const reader = await prepared.runAndReadUntil(maxRows + 1);
  const rows = reader.getRowsJson() as unknown[][];
  const fields = reader.columnNames().map((name, i) => ({ name, type: reader.columnTypes()[i].toString() }));
  const truncated = rows.length > maxRows;
  let rowCount = rows.length;
  if (truncated) {
    rows.length = maxRows;
    const n = await c.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM (${sql}\n)`);
    rowCount = Number(n.getRowObjects()[0].n);
  }
  return { fields, rows, rowCount, truncated };
}

async function handle(req: WorkerRequest): Promise<unknown> {
  switch (req.op) {
    case 'ingest':
      return ingest(await connection({ threads: 1, memoryLimit: '1GB' }), req);
    case 'open':
      return open(req.tables, req.limits);
    case 'catalog':
      return catalog();
    case 'parse':
      return parse(req.sql);
    case 'query':
      return query(req.sql, req.maxRows);
  }
}

process.on('message', (msg: { id: number; req?: WorkerRequest; interrupt?: true }) => {
  if (msg.interrupt) {
    conn?.interrupt();
    return;
  }
  const reply = (r: WorkerReply) => process.send?.({ id: msg.id, reply: r });
  handle(msg.req!).then(
    (value) => reply({ ok: true, value }),
    (e: unknown) => {
      const err = e as { code?: string; message?: string };
      const message = String(err.message ?? e);
      reply({ ok: false, code: e instanceof IngestRefusal ? e.code : undefined, message, interrupted: /INTERRUPT/i.test(message) });
    },
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
