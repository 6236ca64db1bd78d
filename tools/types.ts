import type { z } from 'zod';
import type { CampaignToolStore } from './campaigns/store-types';
import type { Catalog, RetrievedPiece } from './sql/catalog';

export type { ChartArtifactData, ChartOptions, ChartType, ColumnKind, ForecastArtifactData, ForecastPoint, ForecastSeriesData, TableArtifactData, TableColumn } from './artifacts';

/** What kind of thing an artifact is; every channel knows how to render each kind. */
export const ARTIFACT_KINDS = ['table', 'chart', 'forecast', 'campaign', 'file'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

/** An artifact a tool produced, before the runtime stores it and gives it an id. */
export interface ArtifactDraft {
  kind: ArtifactKind;
  title?: string;
  data: unknown;
}

/** Rows as `pg` returns them, with the column names and Postgres type ids. */
export interface SqlResult<Row = Record<string, unknown>> {
  rows: Row[];
  fields: { name: string; dataTypeID: number }[];
  rowCount: number | null;
}

/** Anything that runs SQL the way `pg` does: a Pool, a Client, or a datasource wrapper. */
export interface SqlClient {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<SqlResult<Row>>;
}

export interface SessionOptions {
  /** Aborted when the run is cancelled or times out: the query must stop on the database too. */
  signal?: AbortSignal;
  /** How long the query may run (ms); past it plus a short grace the handle ends it by force. */
  timeoutMs?: number;
}

/** A query result as the file engine returns it: the same shape as a Postgres result through a cursor. */
export interface FileQueryResult {
  /** Postgres type ids for DuckDB's types, so tables from files render like tables from databases. */
  fields: { name: string; dataTypeID: number }[];
  rows: unknown[][];
  rowCount: number;
  truncated: boolean;
}

/**
 * DuckDB over a conversation's uploaded files, in a child process. `query` runs SQL that already
 * passed the DuckDB guard; it throws SqlExecutionError-shaped errors (`kind`: timeout, cancelled…).
 */
export interface FileEngine {
  /** DuckDB's own parse tree of `sql` (`json_serialize_sql`), for the guard. */
  parse(sql: string, signal?: AbortSignal): Promise<unknown>;
  query(sql: string, opts: { timeoutMs: number; maxRows: number; signal?: AbortSignal }): Promise<FileQueryResult>;
}

/** A database the agent may read: the conversation's current datasource. */
export interface DataSourceHandle {
  id: string;
  name: string;
  /** 'duckdb': the conversation's uploaded files; SQL on it goes through `files`, never `sql`. */
  kind: 'postgres' | 'duckdb';
  /** Present exactly when kind is 'duckdb'. */
  files?: FileEngine;
  /** The schemas the agent may see; nothing outside them is described or queried. */
  schemas: string[];
  sql: SqlClient;
  /**
   * Runs `fn` on one connection (transactions need one); absent: `sql` is already one connection.
   * When `opts.signal` aborts, the handle stops the query on the database itself (the driver's
   * cancel, `pg_cancel_backend`, or ending the process that runs it), not only the wait for it.
   * When the datasource already runs as many queries as it allows, it throws a ParleyError with
   * code `datasource:busy` at once instead of queueing behind them.
   */
  session?<T>(fn: (client: SqlClient) => Promise<T>, opts?: SessionOptions): Promise<T>;
  /**
   * Refuse queries whose planner cost estimate exceeds this, before running them. For databases
   * where statement_timeout cannot interrupt a query (embedded PGlite runs on the server's thread).
   */
  maxCost?: number;
  /** The datasource's tables, columns, keys and sample values (cached by the server). */
  catalog?(): Promise<Catalog>;
  /** The catalog pieces most relevant to a question, best first. */
  retrieve?(question: string, k: number): Promise<RetrievedPiece[]>;
}

/** An artifact stored earlier in this conversation. */
export interface StoredArtifact {
  id: string;
  kind: ArtifactKind;
  title: string | null;
  data: unknown;
  runId: string;
}

/** Read access to the conversation's earlier artifacts (e.g. the table a chart should show). */
export interface ArtifactReader {
  get(id: string): Promise<StoredArtifact | undefined>;
  /** The newest artifact of that kind in this conversation. */
  latest(kind: ArtifactKind): Promise<StoredArtifact | undefined>;
}

/** One SQL statement a tool ran, failed to run, or was refused, as the audit log keeps it. */
export interface SqlRunRecord {
  /** The statement as run (after the guard), or as written when the guard refused it. */
  statement: string;
  ok: boolean;
  /** Why it failed or was refused (`sql:timeout`, `sql:forbidden`, `rate_limited`…). */
  code?: string;
  /** Rows the statement produced (absent when it did not run). */
  rows?: number;
  /** Present exactly when the statement was sent to the database. */
  durationMs?: number;
}

/** What the server does around each SQL statement a tool runs: counts it against the caller's limits, and records it. */
export interface SqlRunHooks {
  /** Asked before a statement runs; a refusal's message says, for people, when to try again. */
  admit(): Promise<{ ok: true } | { ok: false; code: string; message: string }>;
  /** Called once per statement, whatever came of it. */
  record(run: SqlRunRecord): Promise<void>;
}

/** What a connected-data lookup answers about: payment providers (Stripe…) or social accounts. */
export type ConnectedCategory = 'payments' | 'social';

/** Rows of a lookup as arrays in field order, capped like every table. */
export interface LookupRows {
  fields: { name: string; dataTypeID: number }[];
  rows: unknown[][];
  rowCount: number;
  truncated: boolean;
}

/**
 * Where a workspace's payment or social questions are answered: its own synced connector data
 * (`synced`: the store's pay_* and social_*_synced tables) or the demo warehouse (`demo`).
 * The server builds it; the tool only picks a fixed template for `origin` and binds its values.
 */
export interface ConnectedSource {
  origin: 'synced' | 'demo';
  /** For people: where the numbers come from ("Stripe (Acme live)", "the demo data"). */
  label: string;
  /** Said beside the answer when it matters ("from the demo data — connect Stripe on the Connections page to see yours"). */
  note?: string;
  /**
   * Runs one template read-only with bound parameters. On `synced` the server scopes the
   * transaction to the caller's workspace itself (templates read it as
   * `current_setting('parley.workspace_id')`); neither the tool nor the model supplies it.
   * Expected failures (timeout, busy, a table the demo lacks) reject with a ParleyError.
   */
  query(sql: string, params: unknown[]): Promise<LookupRows>;
}

/** The workspace's connected data, per category; null when there is nothing to answer from. */
export interface ConnectedData {
  open(category: ConnectedCategory): Promise<ConnectedSource | null>;
}

/** Everything a tool may use. The server builds one per tool call; tools never see the channel. */
export interface ToolContext {
  workspaceId: string;
  userId: string;
  conversationId: string;
  runId: string;
  callId: string;
  /** The user's message this run answers (tools may read intent from it, e.g. "no chart"). */
  question: string;
  datasource: DataSourceHandle;
  /**
   * The conversation's uploaded files (kind 'duckdb'), when it has any: its file tables, and every
   * table result the conversation got from a database loaded beside them, so one query can join
   * a file with the database's answer. `datasource` stays the database.
   */
  files?: DataSourceHandle;
  artifacts: ArtifactReader;
  /** Aborted when the user cancels the run or the server shuts down. */
  signal: AbortSignal;
  /** Reports progress of long work to every listener of the run. */
  progress(message: string, pct?: number): void;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  now(): Date;
  /** Rate limits and the audit log for the SQL this call runs; absent where nothing is counted (tool tests). */
  sqlRuns?: SqlRunHooks;
  /** The workspace's campaign drafts and brand kit, bound to this asker and conversation; absent where there is no store. */
  campaigns?: CampaignToolStore;
  /** Payment and social data (synced connectors, or the demo warehouse's); absent where the server offers none. */
  connected?: ConnectedData;
}

/**
 * What a tool hands back. `ok: false` is an expected failure the model can read and correct;
 * a tool throws only for bugs.
 */
export type ToolResult =
  | { ok: true; summary: string; content?: unknown; artifacts?: ArtifactDraft[] }
  /** `error` is for the model; `userError`, when set, is what people see instead (raw database text stays out of the chat). */
  | { ok: false; error: string; userError?: string };

/** One Parley tool: a snake_case name, a description for the model, a zod input schema and `run`. */
export interface ParleyTool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  schema: S;
  run(input: z.infer<S>, ctx: ToolContext): Promise<ToolResult>;
  /** How the offline planner (no LLM) may use this tool; tools without it are LLM-only. */
  offline?: OfflineUse;
}

/** What a tool's result looks like to the model: the summary and content, or the error. */
export interface ToolResultForModel {
  summary?: string;
  error?: string;
  /** What people may be told about the error, when it differs from `error`. */
  userError?: string;
  content?: unknown;
}

export interface OfflineUse {
  /** Arguments for this question, or null when the tool does not fit it. */
  route(question: string): Record<string, unknown> | null;
  /** Words for the result; the result's summary when absent. */
  summarize?(result: ToolResultForModel): string;
  /**
   * A step another tool must take first for this question (the query that fetches the history a
   * forecast needs), or null when this tool can answer from what the conversation has.
   */
  prepare?(question: string): { tool: string; args: Record<string, unknown> } | null;
}

/** Helper that keeps the input type of `run` tied to the schema. */
export function defineTool<S extends z.ZodType>(tool: ParleyTool<S>): ParleyTool<S> {
  return tool;
}
