import { ParleyError, isParleyError } from '../../../agent/errors';
import type { Json, PageWrites, SyncContext } from '../../../server/connectors/types';
import type { SocialPage, SocialSyncIO } from './rows';

/**
 * A platform sync's streams, grouped onto the connector streams the framework counts rows by.
 * The framework counts a table's rows under the one stream that declares the table, so a kind
 * whose platforms share a table (Facebook posts and Instagram media both land in
 * social_posts_synced) keeps one framework stream per table and each platform's cursor inside it.
 */
export type StreamGroups = Record<string, string>;


function toPageWrites(page: SocialPage): PageWrites {
  const upserts: NonNullable<PageWrites['upserts']> = [];
  if (page.accounts?.length) upserts.push({ table: 'social_accounts_synced', rows: page.accounts as unknown as Record<string, unknown>[] });
  if (page.posts?.length) upserts.push({ table: 'social_posts_synced', rows: page.posts as unknown as Record<string, unknown>[] });
  if (page.daily?.length) upserts.push({ table: 'social_daily_metrics_synced', rows: page.daily as unknown as Record<string, unknown>[] });
  return { upserts };
}

/** The framework's SyncContext as a SocialSyncIO: `groups` maps each platform stream to its framework stream. */
export function frameworkIO(ctx: SyncContext<unknown>, groups: StreamGroups): SocialSyncIO & { rowsWritten(): number } {
  const grouped = new Map<string, Record<string, Json>>();
  let rows = 0;
  const rowsByStream = new Map<string, number>();
  let lastStream = Object.values(groups)[0] ?? 'account';
  async function groupCursor(parent: string): Promise<Record<string, Json>> {
    if (!grouped.has(parent)) {
      const c = await ctx.cursor(parent);
      grouped.set(parent, c && typeof c === 'object' && !Array.isArray(c) ? { ...(c as Record<string, Json>) } : {});
    }
    return grouped.get(parent)!;
  }
  return {
    signal: ctx.signal,
    async cursor<T>(stream: string) {
      const parent = groups[stream] ?? stream;
      if (parent === stream) return (await ctx.cursor(stream)) as T | null;
      return ((await groupCursor(parent))[stream] ?? null) as T | null;
    },
    async commit(stream, page, cursor) {
      const parent = groups[stream] ?? stream;
      if (parent === stream) {
        await ctx.commit(toPageWrites(page), { [stream]: cursor as Json });
      } else {
        const merged = { ...(await groupCursor(parent)), [stream]: cursor as Json };
        await ctx.commit(toPageWrites(page), { [parent]: merged });
        grouped.set(parent, merged);
      }
      lastStream = parent;
      const n = (page.accounts?.length ?? 0) + (page.posts?.length ?? 0) + (page.daily?.length ?? 0);
      rows += n;
      rowsByStream.set(parent, (rowsByStream.get(parent) ?? 0) + n);
    },
    progress(message) {
      ctx.progress({ stream: lastStream, rows: rowsByStream.get(lastStream) ?? 0, message });
    },
    rowsWritten: () => rows,
  };
}

/** Renames the platform stream a failure names (see `inStream`) to the framework stream it belongs to. */
export async function withGroupedErrors<T>(groups: StreamGroups, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const stream = isParleyError(e) ? e.details?.stream : undefined;
    if (!isParleyError(e) || typeof stream !== 'string' || !groups[stream]) throw e;
    throw new ParleyError(e.code, { status: e.status, message: e.message, userMessage: e.userMessage, cause: e, details: { ...e.details, stream: groups[stream] } });
  }
}
