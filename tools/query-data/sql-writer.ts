import type { Catalog, RetrievedPiece } from '../sql/catalog';

/** Everything a SQL writer may use to turn a question into one SELECT. */
export interface SqlWriteRequest {
  question: string;
  datasource: string;
  /** The SQL it runs: Postgres for databases, DuckDB for the uploaded files. */
  dialect?: 'postgres' | 'duckdb';
  /** The part of the catalog relevant to the question (whole tables). */
  catalog: Catalog;
  /** Saved examples and glossary notes retrieved for the question. */
  notes: RetrievedPiece[];
  /** The conversation's previous query, for follow-ups ("only Europe", "now by month"). */
  previous?: { question?: string; sql?: string };
  /** Earlier attempts in this call and why they failed; the writer should correct them. */
  failures: { sql: string; error: string }[];
  today: string;
  signal?: AbortSignal;
}

export type SqlWriteResult =
  | {
      ok: true;
      sql: string;
      /** What the writer understood, in words, when it can say. */
      explanation?: string;
      /** The question as the query answers it, follow-ups folded in ("revenue by region → only Europe"). */
      restated?: string;
    }
  | { ok: false; error: string };

/** Writes SQL for a question: a language model, or the offline semantic parser. */
export interface SqlWriter {
  name: string;
  write(req: SqlWriteRequest): Promise<SqlWriteResult>;
}

/** One completion from a chat model: system + user text in, text out. */
export type CompleteText = (system: string, user: string, signal?: AbortSignal) => Promise<string>;
