import { addDays, DAY, dayOf, dayStartMs, dayWindows } from '../dates';
import { inStream, walkBackFollowers, type AccountRow, type DailyRow, type PostRow, type SocialSyncIO } from '../rows';
import type { MetaApi } from './api';
import { IG_MEDIA_METRICS, IG_USER_SERIES_METRICS, IG_USER_TOTAL_METRICS, PAGE_DAILY_METRICS, POST_METRICS } from './metrics';

/**
 * A Facebook Page and its Instagram professional account → the social tables. Streams (cursor):
 * - `accounts`: the Page and the linked Instagram user (none).
 * - `facebook_posts`: /{page}/posts newest first with reactions/comments summaries, shares and
 *   post_media_view (newest created_time seen); a later sync re-reads REFRESH_DAYS behind it.
 * - `facebook_daily`: /{page}/insights, period=day, windows of ≤ 90 days, back ≤ 2 years (last day).
 * - `instagram_media`: /{ig-user}/media paged with `after`, each media's lifetime insights (newest timestamp).
 * - `instagram_daily`: /{ig-user}/insights: reach and follower_count as a daily series (Meta keeps
 *   follower_count 30 days), views/total_interactions/profile_views as one-day total_value (last day).
 */
export const PAGE_SIZE = 50;
export const REFRESH_DAYS = 30;
/** Meta allows 90 days between since and until; one day of the first window is the day before it (for new followers). */
export const PAGE_WINDOW_DAYS = 89;
export const PAGE_HISTORY_DAYS = 730;
export const IG_HISTORY_DAYS = 30;

interface Insight {
  name: string;
  period?: string;
  values: { value: number | Record<string, number>; end_time?: string }[];
  total_value?: { value: number };
}

interface FbPost {
  id: string;
  created_time: string;
  message?: string;
  permalink_url?: string;
  status_type?: string;
  shares?: { count: number };
  reactions?: { summary?: { total_count: number } };
  comments?: { summary?: { total_count: number } };
  insights?: { data: Insight[] };
}

interface IgMedia {
  id: string;
  caption?: string;
  media_type?: string;
  media_product_type?: string;
  permalink?: string;
  timestamp: string;
  like_count?: number;
  comments_count?: number;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const unix = (day: string) => Math.floor(dayStartMs(day) / 1000);
/** Meta stamps a daily value with the end of its day (midnight Pacific, e.g. T08:00:00+0000 the next day). */
const dayOfEndTime = (endTime: string) => dayOf(Date.parse(endTime.replace(/\+0000$/, 'Z')) - DAY);
const lifetime = (ins: Insight[] | undefined, name: string) => num(ins?.find((i) => i.name === name)?.values[0]?.value);

export interface MetaSyncOptions {
  pageId: string;
  instagramUserId?: string;
  now?: () => number;
}

export async function syncMeta(api: MetaApi, io: SocialSyncIO, opts: MetaSyncOptions): Promise<void> {
  const today = dayOf((opts.now ?? Date.now)());
  const ig = await inStream('accounts', () => syncAccounts(api, io, opts));
  await inStream('facebook_posts', () => syncFacebookPosts(api, io, opts.pageId));
  await inStream('facebook_daily', () => syncFacebookDaily(api, io, opts.pageId, today));
  if (ig) {
    await inStream('instagram_media', () => syncInstagramMedia(api, io, ig.id));
    await inStream('instagram_daily', () => syncInstagramDaily(api, io, ig, today));
  }
}

async function syncAccounts(api: MetaApi, io: SocialSyncIO, opts: MetaSyncOptions): Promise<{ id: string; followers: number } | null> {
  const page = await api.get<{ id: string; name: string; username?: string; link?: string; instagram_business_account?: { id: string } }>(opts.pageId, {
    fields: 'id,name,username,link,followers_count,instagram_business_account',
  });
  const accounts: AccountRow[] = [{ id: page.id, platform: 'facebook', handle: page.username || page.name, raw: page }];
  const igId = opts.instagramUserId === 'none' ? undefined : (opts.instagramUserId ?? page.instagram_business_account?.id);
  let ig: { id: string; followers: number } | null = null;
  if (igId) {
    const u = await api.get<{ id: string; username: string; followers_count?: number }>(igId, { fields: 'id,username,name,followers_count,media_count' });
    accounts.push({ id: u.id, platform: 'instagram', handle: u.username, raw: u });
    ig = { id: u.id, followers: num(u.followers_count) };
  }
  await io.commit('accounts', { accounts }, { at: new Date().toISOString() });
  return ig;
}

function fbPostRow(p: FbPost, pageId: string): PostRow {
  return {
    id: p.id,
    account_id: pageId,
    platform: 'facebook',
    posted_at: new Date(Date.parse(p.created_time.replace(/\+0000$/, 'Z'))).toISOString(),
    post_type: p.status_type ?? null,
    text: p.message ?? null,
    url: p.permalink_url ?? null,
    impressions: lifetime(p.insights?.data, 'post_media_view'),
    likes: num(p.reactions?.summary?.total_count),
    comments: num(p.comments?.summary?.total_count),
    shares: num(p.shares?.count),
    clicks: 0,
    raw: p,
  };
}

/**
 * Where a newest-first edge stands. Until the first full read (`backfilled`), `after` is the
 * Graph cursor to go on from, so a sync stopped mid-backfill resumes there; afterwards each sync
 * reads from the newest until REFRESH_DAYS behind the newest it had.
 */
interface EdgeCursor {
  newestMs: number;
  backfilled?: boolean;
  after?: string;
}

/** Pages of a newest-first edge until the known part, each committed with where the edge stands. */
async function newestFirst<T>(
  api: MetaApi,
  path: string,
  params: Record<string, string | number>,
  cursor: EdgeCursor | null,
  time: (x: T) => number,
  commit: (items: T[], next: EdgeCursor) => Promise<void>,
) {
  const backfilling = !cursor?.backfilled;
  const stopBefore = backfilling ? -Infinity : cursor!.newestMs - REFRESH_DAYS * DAY;
  let newest = cursor?.newestMs ?? 0;
  for await (const page of api.pages<T>(path, params, backfilling ? cursor?.after : undefined)) {
    const fresh = page.items.filter((x) => time(x) >= stopBefore);
    for (const x of fresh) newest = Math.max(newest, time(x));
    const last = fresh.length < page.items.length || !page.more;
    await commit(fresh, last || !backfilling ? { newestMs: newest, backfilled: true } : { newestMs: newest, after: page.after });
    if (last) return;
  }
}

const graphTime = (t: string) => Date.parse(t.replace(/\+0000$/, 'Z'));

async function syncFacebookPosts(api: MetaApi, io: SocialSyncIO, pageId: string) {
  const cursor = await io.cursor<EdgeCursor>('facebook_posts');
  const fields = `id,created_time,message,permalink_url,status_type,shares,reactions.summary(true).limit(0),comments.summary(true).limit(0),insights.metric(${POST_METRICS.join(',')})`;
  let count = 0;
  await newestFirst<FbPost>(api, `${pageId}/posts`, { fields, limit: PAGE_SIZE }, cursor, (p) => graphTime(p.created_time), async (posts, next) => {
    count += posts.length;
    await io.commit('facebook_posts', { posts: posts.map((p) => fbPostRow(p, pageId)) }, next);
    io.progress?.(`Facebook: ${count} posts`);
  });
}

/** A daily series per metric name: day → value. */
function series(data: Insight[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const m of data) {
    const byDay = new Map<string, number>();
    for (const v of m.values) if (v.end_time) byDay.set(dayOfEndTime(v.end_time), num(v.value));
    out.set(m.name, byDay);
  }
  return out;
}

async function syncFacebookDaily(api: MetaApi, io: SocialSyncIO, pageId: string, today: string) {
  const cursor = await io.cursor<{ lastDay: string }>('facebook_daily');
  const earliest = addDays(today, -PAGE_HISTORY_DAYS + 1);
  const from = cursor && addDays(cursor.lastDay, 1) > earliest ? addDays(cursor.lastDay, 1) : earliest;
  const to = addDays(today, -1);
  if (from > to) return;
  // page_follows is a running total; a day's new followers need the day before it too.
  let previousFollows: number | undefined;
  for (const w of dayWindows(from, to, PAGE_WINDOW_DAYS)) {
    io.signal?.throwIfAborted();
    const since = w.from === from && w.from > earliest ? addDays(w.from, -1) : w.from;
    const r = await api.get<{ data: Insight[] }>(`${pageId}/insights`, { metric: PAGE_DAILY_METRICS.join(','), period: 'day', since: unix(since), until: unix(addDays(w.to, 1)) });
    const s = series(r.data);
    const follows = s.get('page_follows');
    if (since !== w.from) previousFollows = follows?.get(since);
    const rows: DailyRow[] = [];
    for (let day = w.from; day <= w.to; day = addDays(day, 1)) {
      const f = follows?.get(day);
      const views = s.get('page_media_view')?.get(day);
      if (f === undefined && views === undefined) continue;
      rows.push({
        account_id: pageId,
        platform: 'facebook',
        day,
        followers: f ?? null,
        new_followers: f !== undefined && previousFollows !== undefined ? f - previousFollows : null,
        impressions: views ?? null,
        engagements: s.get('page_post_engagements')?.get(day) ?? null,
        profile_views: null,
        raw: Object.fromEntries([...s].map(([name, m]) => [name, m.get(day) ?? null])),
      });
      if (f !== undefined) previousFollows = f;
    }
    await io.commit('facebook_daily', { daily: rows }, { lastDay: w.to });
  }
}

async function syncInstagramMedia(api: MetaApi, io: SocialSyncIO, igId: string) {
  const cursor = await io.cursor<EdgeCursor>('instagram_media');
  const fields = 'id,caption,media_type,media_product_type,permalink,timestamp,like_count,comments_count';
  let count = 0;
  await newestFirst<IgMedia>(
    api,
    `${igId}/media`,
    { fields, limit: PAGE_SIZE },
    cursor,
    (m) => graphTime(m.timestamp),
    async (media, next) => {
      const rows: PostRow[] = [];
      for (const m of media) {
        const ins = (await api.get<{ data: Insight[] }>(`${m.id}/insights`, { metric: IG_MEDIA_METRICS.join(',') })).data;
        rows.push({
          id: m.id,
          account_id: igId,
          platform: 'instagram',
          posted_at: new Date(graphTime(m.timestamp)).toISOString(),
          post_type: (m.media_product_type === 'REELS' ? 'REELS' : m.media_type) ?? null,
          text: m.caption ?? null,
          url: m.permalink ?? null,
          impressions: lifetime(ins, 'views'),
          likes: lifetime(ins, 'likes') || num(m.like_count),
          comments: lifetime(ins, 'comments') || num(m.comments_count),
          shares: lifetime(ins, 'shares'),
          clicks: 0,
          raw: { media: m, insights: Object.fromEntries(ins.map((i) => [i.name, i.values[0]?.value ?? null])) },
        });
      }
      count += rows.length;
      await io.commit('instagram_media', { posts: rows }, next);
      io.progress?.(`Instagram: ${count} media`);
    },
  );
}

async function syncInstagramDaily(api: MetaApi, io: SocialSyncIO, ig: { id: string; followers: number }, today: string) {
  const cursor = await io.cursor<{ lastDay: string }>('instagram_daily');
  const earliest = addDays(today, -IG_HISTORY_DAYS);
  const from = cursor && addDays(cursor.lastDay, 1) > earliest ? addDays(cursor.lastDay, 1) : earliest;
  const to = addDays(today, -1);
  if (from > to) return;
  const r = await api.get<{ data: Insight[] }>(`${ig.id}/insights`, { metric: IG_USER_SERIES_METRICS.join(','), period: 'day', since: unix(from), until: unix(addDays(to, 1)) });
  const s = series(r.data);
  const gains = s.get('follower_count') ?? new Map<string, number>();
  const followers = walkBackFollowers(ig.followers, [...gains].map(([day, gain]) => ({ day, gain })));
  const rows: DailyRow[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    io.signal?.throwIfAborted();
    const totals = await api.get<{ data: Insight[] }>(`${ig.id}/insights`, { metric: IG_USER_TOTAL_METRICS.join(','), metric_type: 'total_value', period: 'day', since: unix(day), until: unix(addDays(day, 1)) });
    const total = (name: string) => totals.data.find((i) => i.name === name)?.total_value?.value ?? null;
    rows.push({
      account_id: ig.id,
      platform: 'instagram',
      day,
      followers: followers.get(day) ?? null,
      new_followers: gains.get(day) ?? null,
      impressions: total('views'),
      engagements: total('total_interactions'),
      profile_views: total('profile_views'),
      raw: { reach: s.get('reach')?.get(day) ?? null, follower_count: gains.get(day) ?? null, views: total('views'), total_interactions: total('total_interactions'), profile_views: total('profile_views') },
    });
  }
  await io.commit('instagram_daily', { daily: rows }, { lastDay: to });
}
