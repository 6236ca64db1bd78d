/**
 * The DuckDB child process. DuckDB runs here, never in the server: SQL that slips past every check
 * can still abort the process it runs in (enable_logging on a locked instance, see issue 14), and
 * then only this child dies. Requests come over IPC, one at a time; `interrupt` stops the running one.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ingest, IngestRefusal, lit, q } from './ingest';
import type { CatalogValue, LoadTable, QueryValue, SessionLimits, WorkerReply, WorkerRequest } from './protocol';

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
async function open(tables: { name: string; path: string; comment?: string }[], limits: SessionLimits) {
  const c = await connection(limits);
  for (const t of tables) {
    await c.run(`CREATE TABLE ${q(t.name)} AS SELECT * FROM read_parquet(${lit(t.path)})`);
    if (t.comment) await c.run(`COMMENT ON TABLE ${q(t.name)} IS ${lit(t.comment)}`);
  }
  await c.run('SET allowed_directories = []');
  await c.run('SET enable_external_access = false');
  await c.run('SET lock_configuration = true');
  locked = true;
  return { tables: tables.length };
}

const MAX_SAMPLES = 20;

/** Types whose equal values mean the same thing in two tables (not DOUBLE: 1.0 keys are rare and rounding bites). */
const KEY_TYPES = /^(VARCHAR|BIGINT|INTEGER|SMALLINT|DATE)$/;
/** A column joins another when at least this share of its distinct values is found there. */
const LINK_OVERLAP = 0.5;

async function catalog(): Promise<CatalogValue> {
  const c = await connection();
  const cols = (await c.runAndReadAll("SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal ORDER BY table_name, column_index")).getRowObjects();
  const comments = new Map((await c.runAndReadAll("SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal")).getRowObjects().map((r) => [String(r.table_name), r.comment ? String(r.comment) : undefined]));
  const tables = new Map<string, CatalogValue['tables'][number]>();
  for (const r of cols) {
    const name = String(r.table_name);
    if (!tables.has(name)) tables.set(name, { name, rowCount: 0, columns: [], ...(comments.get(name) ? { comment: comments.get(name) } : {}) });
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
  return { tables: [...tables.values()], links: await links([...tables.values()]) };
}

/**
 * Many-to-one steps between tables, found in the data: files have no foreign keys, but a column
 * named the same in two tables, unique in one and mostly found there, joins them.
 */
async function links(tables: CatalogValue['tables']): Promise<CatalogValue['links']> {
  const c = await connection();
  const out: CatalogValue['links'] = [];
  const unique = new Map<string, boolean>();
  const isUnique = async (table: string, column: string) => {
    const k = `${table}.${column}`;
    if (!unique.has(k)) {
      const r = (await c.runAndReadAll(`SELECT count(DISTINCT ${q(column)})::BIGINT AS d, count(${q(column)})::BIGINT AS n, count(*)::BIGINT AS total FROM ${q(table)}`)).getRowObjects()[0];
      unique.set(k, Number(r.n) > 0 && Number(r.d) === Number(r.n) && Number(r.n) === Number(r.total));
    }
    return unique.get(k)!;
  };
  for (const from of tables) {
    for (const to of tables) {
      if (from === to) continue;
      for (const col of from.columns) {
        const other = to.columns.find((x) => x.name === col.name);
        if (!other || !KEY_TYPES.test(col.type) || other.type !== col.type) continue;
        // One direction only: from the many side (or, one-to-one, from the larger table, then by name).
        if (!(await isUnique(to.name, col.name))) continue;
        if ((await isUnique(from.name, col.name)) && (from.rowCount < to.rowCount || (from.rowCount === to.rowCount && from.name > to.name))) continue;
        const r = (
          await c.runAndReadAll(
            `SELECT count(*)::BIGINT AS n, count(t.v)::BIGINT AS found FROM (SELECT DISTINCT ${q(col.name)} AS v FROM ${q(from.name)} WHERE ${q(col.name)} IS NOT NULL) f LEFT JOIN (SELECT ${q(col.name)} AS v FROM ${q(to.name)}) t ON f.v = t.v`,
          )
        ).getRowObjects()[0];
        if (Number(r.n) > 0 && Number(r.found) / Number(r.n) >= LINK_OVERLAP) out.push({ from: from.name, to: to.name, column: col.name });
      }
    }
  }
  return out;
}

/**
 * Loads rows handed over by the server (an earlier database result) as a table: staged as text
 * through the appender, then cast to the column types. Runs after the lock (no file is touched).
 */
async function load(t: LoadTable): Promise<{ rows: number }> {
  const c = await connection();
  const stage = 'parley_stage';
  await c.run(`DROP TABLE IF EXISTS ${q(stage)}`);
  await c.run(`CREATE TEMP TABLE ${q(stage)} (${t.columns.map((col) => `${q(col.name)} VARCHAR`).join(', ')})`);
  const appender = await c.createAppender(stage, 'main', 'temp');
  try {
    for (const row of t.rows) {
      for (let i = 0; i < t.columns.length; i++) {
        const v = row[i];
        if (v === null || v === undefined) appender.appendNull();
        else appender.appendVarchar(typeof v === 'object' ? JSON.stringify(v) : String(v));
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  const select = t.columns.map((col) => (col.type === 'VARCHAR' ? q(col.name) : `TRY_CAST(${q(col.name)} AS ${col.type}) AS ${q(col.name)}`)).join(', ');
  await c.run(`CREATE TABLE ${q(t.name)} AS SELECT ${select} FROM temp.${q(stage)}`);
  await c.run(`DROP TABLE temp.${q(stage)}`);
  await c.run(`COMMENT ON TABLE ${q(t.name)} IS ${lit(t.comment)}`);
  return { rows: t.rows.length };
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
    case 'load':
      if (!locked) throw new Error('the session is not open');
      return load(req.table);
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
