import type Stripe from 'stripe';
import type { SyncedTable } from '../../../server/connectors/tables';
import type { Json, PageWrites, Row, SyncContext } from '../../../server/connectors/types';
import { withRetry, type RetryPolicy } from './client';
import { toRow } from './mapping';

/** What Parley syncs from Stripe: stream, SDK resource, table; immutable objects have no events and are re-listed by `created`. */
export const STRIPE_STREAMS = [
  { name: 'customers', resource: 'customers', table: 'pay_customers' },
  { name: 'charges', resource: 'charges', table: 'pay_charges' },
  { name: 'payment_intents', resource: 'paymentIntents', table: 'pay_payment_intents' },
  { name: 'refunds', resource: 'refunds', table: 'pay_refunds' },
  { name: 'disputes', resource: 'disputes', table: 'pay_disputes' },
  { name: 'invoices', resource: 'invoices', table: 'pay_invoices' },
  // Without status=all the list leaves out canceled subscriptions (churn needs them).
  { name: 'subscriptions', resource: 'subscriptions', table: 'pay_subscriptions', params: { status: 'all' } },
  { name: 'payouts', resource: 'payouts', table: 'pay_payouts' },
  { name: 'balance_transactions', resource: 'balanceTransactions', table: 'pay_balance_transactions', immutable: true },
] as const satisfies readonly { name: string; resource: string; table: SyncedTable; params?: Record<string, string>; immutable?: boolean }[];

/** The events stream's cursor lives under this name (it has no table of its own). */
export const EVENTS_STREAM = 'events';

/** Stripe keeps events for 30 days; a cursor older than this (with an hour's margin) may have missed some. */
export const EVENTS_WINDOW_SECONDS = 30 * 86_400 - 3600;
/** Immutable streams are re-listed from a little before the last list ended: objects created in the last seconds may show up late. */
const IMMUTABLE_LOOKBACK_SECONDS = 600;
// Stripe's oldest accounts date from 2011; used when the account does not say when it was created.
const STRIPE_EPOCH = Date.UTC(2011, 0, 1) / 1000;

export interface StripeSyncOptions {
  /** Width of each `created` window of a backfill, in days. */
  windowDays: number;
  /** Objects per page (Stripe allows 1–100). */
  pageLimit: number;
  retry: RetryPolicy;
  /** The clock, in unix seconds. */
  now: () => number;
}

interface ListCursor {
  phase: 'backfill' | 'done';
  /** The backfill lists objects created up to here (fixed at its start: later changes come by events). */
  until: number;
  windowStart: number;
  startingAfter: string | null;
}

interface EventsCursor {
  /** The newest event applied (null: none yet); the next page starts after it (ending_before). */
  anchor: string | null;
  /** When the events were last read up to now: everything before is applied. */
  checkedAt: number;
}

type StripeObj = { id: string; created: number; object: string; [k: string]: unknown };
type ListFn = (params: Record<string, unknown>) => Promise<{ data: StripeObj[]; has_more: boolean }>;

const list = (stripe: Stripe, resource: string): ListFn => {
  const r = (stripe as unknown as Record<string, { list: ListFn }>)[resource];
  return (params) => r.list(params);
};

export async function syncStripe(stripe: Stripe, ctx: SyncContext, opts: StripeSyncOptions): Promise<void> {
  let events = (await ctx.cursor(EVENTS_STREAM)) as unknown as EventsCursor | null;
  if (!events || opts.now() - events.checkedAt > EVENTS_WINDOW_SECONDS) {
    // First sync, or the events that would bring us up to date are gone: list everything again
    // (upserts overwrite what is there). Changes after this moment come from the events.
    events = { anchor: await newestEventId(stripe, ctx, opts), checkedAt: opts.now() };
    const reset: Record<string, Json> = { [EVENTS_STREAM]: events as unknown as Json };
    for (const s of STRIPE_STREAMS) reset[s.name] = null;
    await ctx.commit({}, reset);
  }
  const accountStart = await accountCreated(stripe, ctx, opts);
  for (const stream of STRIPE_STREAMS) await listStream(stripe, ctx, opts, stream, accountStart);
  await applyEvents(stripe, ctx, opts, events);
}

async function newestEventId(stripe: Stripe, ctx: SyncContext, opts: StripeSyncOptions): Promise<string | null> {
  const page = await withRetry('events', () => list(stripe, 'events')({ limit: 1 }), opts.retry, ctx.signal);
  return page.data[0]?.id ?? null;
}

async function accountCreated(stripe: Stripe, ctx: SyncContext, opts: StripeSyncOptions): Promise<number> {
  try {
    const a = await withRetry('the account', () => stripe.accounts.retrieveCurrent() as unknown as Promise<{ created?: number }>, opts.retry, ctx.signal);
    return typeof a.created === 'number' ? a.created : STRIPE_EPOCH;
  } catch (e) {
    // A restricted key may not read the account; the lists still work from Stripe's first day.
    if ((e as { code?: string }).code === 'connector:forbidden') return STRIPE_EPOCH;
    throw e;
  }
}

/** Backfills (or, for an immutable stream, tops up) one stream page by page in `created` windows. */
async function listStream(stripe: Stripe, ctx: SyncContext, opts: StripeSyncOptions, stream: (typeof STRIPE_STREAMS)[number], accountStart: number) {
  let cursor = (await ctx.cursor(stream.name)) as unknown as ListCursor | null;
  const now = opts.now();
  if (!cursor) cursor = { phase: 'backfill', until: now, windowStart: accountStart - 1, startingAfter: null };
  else if (cursor.phase === 'done') {
    if (!('immutable' in stream && stream.immutable)) return;
    cursor = { phase: 'backfill', until: now, windowStart: cursor.until - IMMUTABLE_LOOKBACK_SECONDS, startingAfter: null };
  }
  const window = opts.windowDays * 86_400;
  const fetch = list(stripe, stream.resource);
  let rows = 0;
  while (cursor.phase === 'backfill') {
    ctx.signal.throwIfAborted();
    const c: ListCursor = cursor;
    const windowEnd = Math.min(c.windowStart + window, c.until + 1);
    const params: Record<string, unknown> = { limit: opts.pageLimit, created: { gte: c.windowStart, lt: windowEnd }, ...('params' in stream ? stream.params : {}) };
    if (c.startingAfter) params.starting_after = c.startingAfter;
    const page = await withRetry(stream.name, () => fetch(params), opts.retry, ctx.signal);
    const last = page.data[page.data.length - 1];
    const next: ListCursor =
      page.has_more && last
        ? { ...c, startingAfter: last.id }
        : windowEnd > c.until
          ? { ...c, phase: 'done', startingAfter: null }
          : { ...c, windowStart: windowEnd, startingAfter: null };
    await ctx.commit(writesFor(page.data), { [stream.name]: next as unknown as Json });
    rows += page.data.length;
    ctx.progress({ stream: stream.name, rows, message: next.phase === 'done' ? `${stream.name}: listed` : `${stream.name}: up to ${new Date(Math.min(windowEnd, c.until) * 1000).toISOString().slice(0, 10)}` });
    cursor = next;
  }
}

/** Applies every event after the cursor, oldest first, a page per transaction with the new cursor. */
async function applyEvents(stripe: Stripe, ctx: SyncContext, opts: StripeSyncOptions, cursor: EventsCursor) {
  const fetch = list(stripe, 'events');
  let anchor = cursor.anchor;
  const startedAt = opts.now();
  let applied = 0;
  if (!anchor) {
    // No event to page after: find the oldest event since the cursor's time and start from it.
    const oldest = await oldestEventSince(fetch, ctx, opts, cursor.checkedAt - IMMUTABLE_LOOKBACK_SECONDS);
    if (!oldest) return void (await ctx.commit({}, { [EVENTS_STREAM]: { anchor: null, checkedAt: startedAt } }));
    await ctx.commit(eventWrites([oldest]), { [EVENTS_STREAM]: { anchor: oldest.id, checkedAt: cursor.checkedAt } });
    anchor = oldest.id;
    applied = 1;
  }
  for (;;) {
    ctx.signal.throwIfAborted();
    // ending_before walks toward newer events; each page is still newest first.
    let page: Awaited<ReturnType<ListFn>>;
    try {
      page = await withRetry('events', () => fetch({ limit: opts.pageLimit, ending_before: anchor }), opts.retry, ctx.signal);
    } catch (e) {
      // The anchor event is gone (Stripe dropped it after 30 days): start again from the cursor's time.
      if (!isMissing(e)) throw e;
      return applyEvents(stripe, ctx, opts, { anchor: null, checkedAt: cursor.checkedAt });
    }
    const chronological = [...page.data].reverse();
    const newest: string = page.data[0]?.id ?? anchor;
    await ctx.commit(eventWrites(chronological), { [EVENTS_STREAM]: { anchor: newest, checkedAt: page.has_more ? cursor.checkedAt : startedAt } });
    applied += page.data.length;
    ctx.progress({ stream: EVENTS_STREAM, rows: applied, message: `changes: ${applied} applied` });
    anchor = newest;
    if (!page.has_more) return;
  }
}

const isMissing = (e: unknown) => (e as { cause?: { statusCode?: number; code?: string } }).cause?.code === 'resource_missing';

async function oldestEventSince(fetch: ListFn, ctx: SyncContext, opts: StripeSyncOptions, since: number): Promise<StripeObj | undefined> {
  let oldest: StripeObj | undefined;
  for (let after: string | undefined; ; ) {
    const page = await withRetry('events', () => fetch({ limit: opts.pageLimit, created: { gte: since }, ...(after ? { starting_after: after } : {}) }), opts.retry, ctx.signal);
    oldest = page.data[page.data.length - 1] ?? oldest;
    if (!page.has_more || !oldest) return oldest;
    after = oldest.id;
  }
}

/** The rows a page of listed objects writes. */
function writesFor(objects: StripeObj[]): PageWrites {
  const byTable = new Map<SyncedTable, Row[]>();
  for (const o of objects) {
    const r = toRow(o);
    if (r) byTable.set(r.table, [...(byTable.get(r.table) ?? []), r.row]);
  }
  return { upserts: [...byTable].map(([table, rows]) => ({ table, rows })) };
}

/**
 * What events change, applied in order: `*.deleted` marks a customer deleted, keeps a canceled
 * subscription (Stripe's `customer.subscription.deleted` is a cancellation), and removes anything
 * else (a deleted draft invoice); every other event writes the object as the event carries it.
 */
export function eventWrites(events: StripeObj[]): PageWrites {
  // Later events of the same object replace earlier ones; a deletion after an update wins, and the reverse.
  const last = new Map<string, { table: SyncedTable; row?: Row; deleted?: boolean }>();
  for (const e of events) {
    const obj = (e.data as { object?: StripeObj } | undefined)?.object;
    if (!obj) continue;
    const deleted = String(e.type).endsWith('.deleted');
    const r = toRow(deleted && obj.object === 'customer' ? { ...obj, deleted: true } : obj);
    if (!r) continue;
    const remove = deleted && obj.object !== 'customer' && obj.object !== 'subscription';
    last.set(`${r.table}\u0000${obj.id}`, remove ? { table: r.table, deleted: true, row: { id: obj.id } } : { table: r.table, row: r.row });
  }
  const upserts = new Map<SyncedTable, Row[]>();
  const deletes = new Map<SyncedTable, string[]>();
  for (const v of last.values()) {
    if (v.deleted) deletes.set(v.table, [...(deletes.get(v.table) ?? []), String(v.row!.id)]);
    else upserts.set(v.table, [...(upserts.get(v.table) ?? []), v.row!]);
  }
  return { upserts: [...upserts].map(([table, rows]) => ({ table, rows })), deletes: [...deletes].map(([table, ids]) => ({ table, ids })) };
}
