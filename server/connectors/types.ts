import type { z } from 'zod';
import type { Logger } from '../logger';
import type { SyncedTable } from './tables';

/**
 * A kind of data connector (Stripe, later LinkedIn, Meta…). The server knows connectors only
 * through this interface; the implementations live in integrations/connectors/ and are handed to
 * createParley at start-up (server/ never imports integrations/).
 */
export interface ConnectorKind<C = any> {
  /** Stored in connectors.kind, e.g. 'stripe'. */
  kind: string;
  /** What people read, e.g. 'Stripe'. */
  label: string;
  category: 'payments' | 'social';
  /** Validates the credentials a person enters (POST /api/connectors `credentials`). */
  credentials: z.ZodType<C>;
  /** The credential fields, for the web form (never the values). */
  fields: CredentialField[];
  /** The provider's own API, used when a connector has no apiBase of its own. */
  defaultApiBase: string;
  /** Every stream the kind syncs, each into one synced table. */
  streams: StreamSpec[];
  /**
   * Checks the credentials against the provider and names the account. A key the provider
   * refuses throws ParleyError `connector:bad_credentials` with the provider's reason in words.
   */
  test(credentials: C, apiBase: string | undefined, signal?: AbortSignal): Promise<{ accountName: string }>;
  /**
   * Brings every stream up to date: a backfill for the streams never synced (or whose incremental
   * cursor is too old), incremental otherwise. Each page goes through `ctx.commit`, so an abort or
   * a crash between pages loses nothing and resumes from the last committed page.
   */
  sync(ctx: SyncContext<C>): Promise<void>;
  /** Applies one signed delivery from the provider; absent when the kind takes no webhooks. */
  webhook?(delivery: WebhookDelivery, ctx: WebhookContext<C>): Promise<{ eventId: string; applied: boolean }>;
}

export interface CredentialField {
  name: string;
  label: string;
  /** Shown as a password field, and never echoed. */
  secret: boolean;
  optional?: boolean;
  placeholder?: string;
  help?: string;
}

export interface StreamSpec {
  /** e.g. 'charges'; the key of connector_streams. */
  name: string;
  /** The synced table its rows land in (none for a stream that only keeps a cursor, e.g. Stripe's events). */
  table?: SyncedTable;
}

/** The connector a sync or webhook works for, as stored (credentials opened). */
export interface ConnectorRef {
  id: string;
  workspaceId: string;
  name: string;
  kind: string;
  apiBase: string | null;
}

/** A row for a synced table: its columns but workspace_id and connector_id, which the writer adds. */
export type Row = Record<string, unknown>;

/** What one page changes: rows written (upserted on their key) and rows removed, per table. */
export interface PageWrites {
  upserts?: { table: SyncedTable; rows: Row[] }[];
  deletes?: { table: SyncedTable; ids: string[] }[];
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface SyncProgress {
  stream: string;
  /** Rows written by this sync so far, in this stream. */
  rows: number;
  message?: string;
}

export interface SyncContext<C = unknown> {
  connector: ConnectorRef;
  credentials: C;
  /** Aborted when the sync is stopped (shutdown, connector deleted); stop between pages. */
  signal: AbortSignal;
  log: Logger;
  /** The stream's last committed cursor (null: never synced). */
  cursor(stream: string): Promise<Json>;
  /**
   * Writes a page's rows and the streams' new cursors in one transaction: either all of it is
   * stored or none. Upserts are idempotent (ON CONFLICT … DO UPDATE), so a page written twice
   * (a crash after the provider answered, before commit) leaves the same rows.
   */
  commit(writes: PageWrites, cursors: Record<string, Json>): Promise<void>;
  /** Reports where the sync is (shown by GET /api/connectors/:id while it runs). */
  progress(p: SyncProgress): void;
  /**
   * Stores credentials the provider renewed during the sync (a rotated OAuth refresh token),
   * sealed like the rest, so the next sync starts from them instead of the ones that were added.
   */
  saveCredentials(credentials: C): Promise<void>;
}

export interface WebhookDelivery {
  /** The exact bytes received: signatures are computed over them, never over re-serialised JSON. */
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

export interface WebhookContext<C = unknown> {
  connector: ConnectorRef;
  credentials: C;
  log: Logger;
  /**
   * Applies an event's writes unless this event id was applied before (providers redeliver);
   * resolves false for a replay. The id and the rows are stored in one transaction.
   */
  applyOnce(eventId: string, writes: PageWrites): Promise<boolean>;
}
