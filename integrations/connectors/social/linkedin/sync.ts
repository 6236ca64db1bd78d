import { addDays, dayOf, dayStartMs, dayWindows } from '../dates';
import { inStream, walkBackFollowers, type AccountRow, type DailyRow, type PostRow, type SocialSyncIO } from '../rows';
import type { LinkedInApi } from './api';
import { dayIntervals, list, organizationUrn, urn } from './restli';

/**
 * LinkedIn organisation page → the social tables. Streams (cursor in brackets):
 * - `account`: /rest/organizations/{id} [none]
 * - `posts`: /rest/posts?q=author newest first, paged with start/count, each page joined with its
 *   lifetime counters from organizationalEntityShareStatistics with `shares=List(…)` /
 *   `ugcPosts=List(…)` (the post URN's type decides which) [newest createdAt seen]. A later sync
 *   reads posts until it passes the newest it has by REFRESH_DAYS, so new posts are added and the
 *   counters of recent ones updated; older counters stay as last read.
 * - `daily`: time-bound share statistics and follower gains (DAY granularity) from at most 12
 *   months back up to now − 2 days (LinkedIn's reporting delay), with the follower total from
 *   networkSizes walked back by each day's gains [last day written].
 */
export const POSTS_PAGE = 50;
export const REFRESH_DAYS = 30;
export const DAILY_WINDOW_DAYS = 30;
/** LinkedIn keeps a rolling 12 months of statistics. */
export const HISTORY_DAYS = 364;
const STATS_BATCH = 20;

interface Paged<T> {
  elements: T[];
  paging?: { start?: number; count?: number; total?: number };
}

interface LiPost {
  id: string;
  commentary?: string;
  createdAt?: number;
  publishedAt?: number;
  lifecycleState?: string;
  content?: Record<string, unknown>;
}

interface ShareStatistics {
  impressionCount?: number;
  uniqueImpressionsCount?: number;
  clickCount?: number;
  likeCount?: number;
  commentCount?: number;
  shareCount?: number;
  engagement?: number;
}

interface ShareStatElement {
  share?: string;
  ugcPost?: string;
  timeRange?: { start: number; end: number };
  totalShareStatistics: ShareStatistics;
}

interface FollowerStatElement {
  timeRange: { start: number; end: number };
  followerGains: { organicFollowerGain?: number; paidFollowerGain?: number };
}

export interface LinkedInSyncOptions {
  organizationId: string;
  now?: () => number;
}

export async function syncLinkedIn(api: LinkedInApi, io: SocialSyncIO, opts: LinkedInSyncOptions): Promise<void> {
  const org = organizationUrn(opts.organizationId);
  const now = opts.now ?? Date.now;
  await inStream('account', () => syncAccount(api, io, opts.organizationId));
  await inStream('posts', () => syncPosts(api, io, org));
  await inStream('daily', () => syncDaily(api, io, org, dayOf(now())));
}

async function syncAccount(api: LinkedInApi, io: SocialSyncIO, id: string) {
  const o = await api.get<{ id: number; localizedName?: string; vanityName?: string }>(`organizations/${id}`);
  const row: AccountRow = { id: organizationUrn(id), platform: 'linkedin', handle: o.vanityName || o.localizedName || id, raw: o };
  await io.commit('account', { accounts: [row] }, { at: new Date().toISOString() });
}

function postType(p: LiPost): string {
  const c = p.content ?? {};
  if ('media' in c) return 'media';
  if ('multiImage' in c) return 'images';
  if ('article' in c) return 'article';
  if ('poll' in c) return 'poll';
  if ('reference' in c) return 'repost';
  return 'text';
}

async function postStatistics(api: LinkedInApi, org: string, ids: string[]): Promise<Map<string, ShareStatistics>> {
  const out = new Map<string, ShareStatistics>();
  for (let i = 0; i < ids.length; i += STATS_BATCH) {
    const batch = ids.slice(i, i + STATS_BATCH);
    const shares = batch.filter((u) => u.startsWith('urn:li:share:'));
    const ugc = batch.filter((u) => u.startsWith('urn:li:ugcPost:'));
    let q = `q=organizationalEntity&organizationalEntity=${urn(org)}`;
    if (shares.length) q += `&shares=${list(shares)}`;
    if (ugc.length) q += `&ugcPosts=${list(ugc)}`;
    const r = await api.get<Paged<ShareStatElement>>('organizationalEntityShareStatistics', q);
    for (const e of r.elements) {
      const key = e.share ?? e.ugcPost;
      if (key) out.set(key, e.totalShareStatistics);
    }
  }
  return out;
}

function postRow(p: LiPost, org: string, s: ShareStatistics | undefined): PostRow {
  return {
    id: p.id,
    account_id: org,
    platform: 'linkedin',
    posted_at: new Date(p.publishedAt ?? p.createdAt ?? 0).toISOString(),
    post_type: postType(p),
    text: p.commentary ?? null,
    url: `https://www.linkedin.com/feed/update/${p.id}/`,
    impressions: s?.impressionCount ?? 0,
    likes: s?.likeCount ?? 0,
    comments: s?.commentCount ?? 0,
    shares: s?.shareCount ?? 0,
    clicks: s?.clickCount ?? 0,
    raw: { post: p, statistics: s ?? null },
  };
}

/**
 * Where the posts stream stands. Until the first full read (`backfilled`), `nextStart` is the
 * offset to go on from, so a sync stopped mid-backfill resumes there instead of mistaking the
 * newest post it saw for "everything older is known". Offsets shift when posts are published in
 * between; the overlap is read twice (upserts make that harmless).
 */
interface PostsCursor {
  newestMs: number;
  backfilled?: boolean;
  nextStart?: number;
}

async function syncPosts(api: LinkedInApi, io: SocialSyncIO, org: string) {
  const cursor = await io.cursor<PostsCursor>('posts');
  const backfilling = !cursor?.backfilled;
  const stopBefore = backfilling ? -Infinity : cursor!.newestMs - REFRESH_DAYS * 86_400_000;
  let newest = cursor?.newestMs ?? 0;
  let count = 0;
  for (let start = backfilling ? (cursor?.nextStart ?? 0) : 0; ; start += POSTS_PAGE) {
    io.signal?.throwIfAborted();
    const page = await api.get<Paged<LiPost>>('posts', `author=${urn(org)}&q=author&count=${POSTS_PAGE}&start=${start}&sortBy=CREATED`);
    const posts = page.elements.filter((p) => (p.createdAt ?? 0) >= stopBefore && p.lifecycleState !== 'DELETED');
    const stats = await postStatistics(api, org, posts.map((p) => p.id));
    for (const p of posts) newest = Math.max(newest, p.createdAt ?? 0);
    count += posts.length;
    const last = page.elements.some((p) => (p.createdAt ?? 0) < stopBefore) || page.elements.length < POSTS_PAGE;
    const next: PostsCursor = last || !backfilling ? { newestMs: newest, backfilled: true } : { newestMs: newest, nextStart: start + POSTS_PAGE };
    await io.commit('posts', { posts: posts.map((p) => postRow(p, org, stats.get(p.id))) }, next);
    io.progress?.(`LinkedIn: ${count} posts`);
    if (last) break;
  }
}

async function followerTotal(api: LinkedInApi, org: string): Promise<number> {
  const r = await api.get<{ firstDegreeSize: number }>(`networkSizes/${urn(org)}`, 'edgeType=COMPANY_FOLLOWED_BY_MEMBER');
  return r.firstDegreeSize;
}

async function syncDaily(api: LinkedInApi, io: SocialSyncIO, org: string, today: string) {
  const cursor = await io.cursor<{ lastDay: string }>('daily');
  const earliest = addDays(today, -HISTORY_DAYS);
  const from = cursor && addDays(cursor.lastDay, 1) > earliest ? addDays(cursor.lastDay, 1) : earliest;
  const to = addDays(today, -2);
  if (from > to) return;
  const windows = dayWindows(from, to, DAILY_WINDOW_DAYS);
  // Every day's follower total depends on the gains of all later days, so gains come first.
  const gains = new Map<string, FollowerStatElement>();
  for (const w of windows) {
    const q = `q=organizationalEntity&organizationalEntity=${urn(org)}&timeIntervals=${dayIntervals(dayStartMs(w.from), dayStartMs(addDays(w.to, 1)))}`;
    const r = await api.get<Paged<FollowerStatElement>>('organizationalEntityFollowerStatistics', q);
    for (const e of r.elements) gains.set(dayOf(e.timeRange.start), e);
  }
  const gainOf = (e: FollowerStatElement) => (e.followerGains.organicFollowerGain ?? 0) + (e.followerGains.paidFollowerGain ?? 0);
  const followers = walkBackFollowers(await followerTotal(api, org), [...gains].map(([day, e]) => ({ day, gain: gainOf(e) })));
  let written = 0;
  for (const w of windows) {
    io.signal?.throwIfAborted();
    const q = `q=organizationalEntity&organizationalEntity=${urn(org)}&timeIntervals=${dayIntervals(dayStartMs(w.from), dayStartMs(addDays(w.to, 1)))}`;
    const r = await api.get<Paged<ShareStatElement>>('organizationalEntityShareStatistics', q);
    const shares = new Map(r.elements.filter((e) => e.timeRange).map((e) => [dayOf(e.timeRange!.start), e.totalShareStatistics]));
    const rows: DailyRow[] = [];
    for (let day = w.from; day <= w.to; day = addDays(day, 1)) {
      const s = shares.get(day);
      const g = gains.get(day);
      if (!s && !g) continue;
      rows.push({
        account_id: org,
        platform: 'linkedin',
        day,
        followers: followers.get(day) ?? null,
        new_followers: g ? gainOf(g) : null,
        impressions: s ? (s.impressionCount ?? 0) : null,
        engagements: s ? (s.likeCount ?? 0) + (s.commentCount ?? 0) + (s.shareCount ?? 0) + (s.clickCount ?? 0) : null,
        profile_views: null,
        raw: { share: s ?? null, followerGains: g?.followerGains ?? null },
      });
    }
    written += rows.length;
    await io.commit('daily', { daily: rows }, { lastDay: w.to });
    io.progress?.(`LinkedIn: ${written} days of statistics`);
  }
}
