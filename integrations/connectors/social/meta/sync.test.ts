import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ParleyError } from '../../../../agent/errors';
import { addDays, dayOf } from '../dates';
import { startMetaServer, type MetaTestServer } from '../testing/meta-server';
import { recordingIO } from '../testing/recording-io';
import { GRAPH_VERSION, MetaApi, type MetaCredentials } from './api';
import { DEPRECATED_METRIC_FAMILIES, DEPRECATED_METRICS, IG_MEDIA_METRICS, IG_USER_SERIES_METRICS, IG_USER_TOTAL_METRICS, isDeprecatedMetric, PAGE_DAILY_METRICS, POST_METRICS } from './metrics';
import { IG_HISTORY_DAYS, PAGE_HISTORY_DAYS, PAGE_SIZE, syncMeta } from './sync';

const fast = { attempts: 6, baseMs: 1, maxMs: 5 };
let meta: MetaTestServer;

beforeEach(async () => {
  meta = await startMetaServer({ appSecret: 'app-secret-for-tests' });
});
afterEach(() => meta.close());

async function run(io = recordingIO(), over: Partial<MetaCredentials> = {}) {
  const credentials: MetaCredentials = { pageId: meta.pageId, pageAccessToken: meta.pageToken, appSecret: meta.appSecret, ...over };
  const api = new MetaApi({ credentials, apiBase: meta.url, retry: fast });
  await syncMeta(api, io, { pageId: meta.pageId, instagramUserId: credentials.instagramUserId, now: () => meta.now });
  return io;
}

const rows = (io: ReturnType<typeof recordingIO>, stream: string) => io.commits.filter((c) => c.stream === stream);
const posts = (io: ReturnType<typeof recordingIO>, stream: string) => rows(io, stream).flatMap((c) => c.page.posts ?? []);
const daily = (io: ReturnType<typeof recordingIO>, stream: string) => rows(io, stream).flatMap((c) => c.page.daily ?? []);

describe('Meta Page + Instagram sync against the local Graph API', () => {
  it('backfills every Page post and Instagram media across many cursor pages, with their counters', async () => {
    const io = await run();
    const fb = new Map(posts(io, 'facebook_posts').map((p) => [p.id, p]));
    expect(meta.fbPosts().length).toBeGreaterThan(PAGE_SIZE * 4);
    expect(fb.size).toBe(meta.fbPosts().length);
    for (const p of meta.fbPosts()) expect([fb.get(p.id)!.impressions, fb.get(p.id)!.likes, fb.get(p.id)!.comments, fb.get(p.id)!.shares]).toEqual([p.views, p.reactions, p.comments, p.shares]);
    const ig = new Map(posts(io, 'instagram_media').map((p) => [p.id, p]));
    expect(meta.igMedia().length).toBeGreaterThan(PAGE_SIZE * 2);
    expect(ig.size).toBe(meta.igMedia().length);
    for (const m of meta.igMedia()) expect([ig.get(m.id)!.impressions, ig.get(m.id)!.likes, ig.get(m.id)!.comments, ig.get(m.id)!.shares]).toEqual([m.views, m.likes, m.comments, m.shares]);
    expect(meta.requests.filter((r) => r.path.endsWith('/media')).length).toBe(Math.ceil(meta.igMedia().length / PAGE_SIZE));
    expect(io.commits[0]!.page.accounts!.map((a) => [a.platform, a.handle])).toEqual([['facebook', 'acmeanalytics'], ['instagram', 'acme.analytics']]);
  });

  it('reads Page insights in windows of at most 90 days, back as far as Meta keeps them', async () => {
    const io = await run();
    const days = daily(io, 'facebook_daily');
    const today = dayOf(meta.now);
    expect(days[0]!.day).toBe(addDays(today, -PAGE_HISTORY_DAYS + 1) < dayOf(meta.now - 400 * 86_400_000) ? dayOf(meta.now - 400 * 86_400_000) : addDays(today, -PAGE_HISTORY_DAYS + 1));
    expect(days.at(-1)!.day).toBe(addDays(today, -1));
    const d = days[200]!;
    const want = meta.pageDay(d.day);
    expect([d.impressions, d.engagements, d.followers]).toEqual([want.views, want.engagements, want.follows]);
    expect(d.new_followers).toBe(want.follows - meta.pageDay(addDays(d.day, -1)).follows);
    expect(meta.requests.filter((r) => r.path.endsWith(`${meta.pageId}/insights`)).length).toBeGreaterThan(4);
  });

  it('Instagram daily: follower gains and reach as a series, views and interactions as one-day totals, followers walked back', async () => {
    const io = await run();
    const days = daily(io, 'instagram_daily');
    expect(days).toHaveLength(IG_HISTORY_DAYS);
    const d = days[10]!;
    const want = meta.igDay(d.day);
    expect([d.new_followers, d.impressions, d.engagements, d.profile_views]).toEqual([want.newFollowers, want.views, want.interactions, want.profileViews]);
    for (let i = 1; i < days.length; i++) expect(days[i]!.followers! - days[i - 1]!.followers!).toBe(days[i]!.new_followers);
  });

  it('asks only for current metric names, and the local Graph API refuses the removed ones as Meta does (code 100)', async () => {
    await run();
    const asked = new Set(meta.metricsAsked());
    expect([...asked].sort()).toEqual([...new Set([...PAGE_DAILY_METRICS, ...POST_METRICS, ...IG_MEDIA_METRICS, ...IG_USER_SERIES_METRICS, ...IG_USER_TOTAL_METRICS])].sort());
    expect([...asked].filter(isDeprecatedMetric)).toEqual([]);
    const api = new MetaApi({ credentials: { pageId: meta.pageId, pageAccessToken: meta.pageToken, appSecret: meta.appSecret }, apiBase: meta.url, retry: fast });
    for (const metric of ['page_impressions', 'page_impressions_unique', 'page_fans', 'page_engaged_users']) {
      const e = (await api.get(`${meta.pageId}/insights`, { metric, period: 'day', since: Math.floor(meta.now / 1000) - 86400 * 3, until: Math.floor(meta.now / 1000) }).catch((x: ParleyError) => x)) as ParleyError;
      expect(e.code).toBe('connector:provider_error');
      expect(e.message).toMatch(/valid insights metric \(code 100\)/);
    }
    for (const metric of ['impressions', 'plays', 'video_views']) {
      const e = (await api.get(`${meta.igMedia()[0]!.id}/insights`, { metric }).catch((x: ParleyError) => x)) as ParleyError;
      expect(e.message).toMatch(/code 100/);
    }
    const e = (await api.get(`${meta.pageId}/posts`, { fields: 'id,insights.metric(post_impressions)' }).catch((x: ParleyError) => x)) as ParleyError;
    expect(e.message).toMatch(/code 100/);
  });

  it('every name on the deprecated lists is one the local server would refuse', () => {
    for (const n of [...DEPRECATED_METRICS, ...DEPRECATED_METRIC_FAMILIES.map((f) => `${f}${f.endsWith('_') ? 'x' : ''}`)]) expect(isDeprecatedMetric(n)).toBe(true);
    for (const n of ['page_media_view', 'page_total_media_view_unique', 'page_follows', 'views', 'total_interactions']) expect(isDeprecatedMetric(n)).toBe(false);
  });

  it('signs every call with appsecret_proof and calls the pinned Graph version', async () => {
    await run();
    expect(meta.requests.every((r) => r.path.startsWith(`/${GRAPH_VERSION}/`) && r.query.get('appsecret_proof')?.length === 64)).toBe(true);
  });

  it('a second sync reads only the newest page of posts and media, new days only, and picks up changed counters', async () => {
    const io = await run();
    const before = new Map(posts(io, 'facebook_posts').map((p) => [p.id, p]));
    meta.advanceDays(4);
    meta.requests.length = 0;
    const again = await run(recordingIO(io.cursors));
    expect(meta.requests.filter((r) => r.path.endsWith('/posts'))).toHaveLength(1);
    expect(meta.requests.filter((r) => r.path.endsWith('/media'))).toHaveLength(1);
    const fb = posts(again, 'facebook_posts');
    expect(fb.filter((p) => !before.has(p.id)).length).toBeGreaterThanOrEqual(3);
    expect(fb.filter((p) => before.has(p.id) && before.get(p.id)!.impressions !== p.impressions).length).toBeGreaterThan(0);
    expect(daily(again, 'facebook_daily').map((d) => d.day)).toEqual([4, 3, 2, 1].map((k) => addDays(dayOf(meta.now), -k)));
    expect(daily(again, 'facebook_daily')[0]!.new_followers).not.toBeNull();
    expect(daily(again, 'instagram_daily')).toHaveLength(4);
  });

  it('a backfill that crashed mid-way through the Page posts resumes from the Graph cursor it reached', async () => {
    // accounts, then three pages of posts, then the crash
    const crashed = recordingIO({}, { crashAfterCommits: 4 });
    await expect(run(crashed)).rejects.toThrow('crash (test)');
    const after = (crashed.cursors.facebook_posts as { after?: string }).after;
    expect(after).toBeTruthy();
    meta.requests.length = 0;
    const resumed = await run(recordingIO(crashed.cursors));
    expect(meta.requests.find((r) => r.path.endsWith('/posts'))!.query.get('after')).toBe(after);
    const ids = new Set([...posts(crashed, 'facebook_posts'), ...posts(resumed, 'facebook_posts')].map((p) => p.id));
    expect(ids.size).toBe(meta.fbPosts().length);
  });

  it('survives rate limits (codes 4, 17 and 32)', async () => {
    meta.throttle(5);
    const io = await run();
    expect(posts(io, 'facebook_posts').length).toBe(meta.fbPosts().length);
  });

  it('an expired Page token (code 190) stops with a "reconnect" error', async () => {
    meta.expireToken();
    const e = await run().catch((x) => x);
    expect(e).toBeInstanceOf(ParleyError);
    expect(e.code).toBe('connector:reconnect');
    expect(e.details.stream).toBe('accounts');
    expect(e.userMessage).toMatch(/Reconnect the Facebook Page/);
  });

  it('"none" skips Instagram', async () => {
    const io = await run(recordingIO(), { instagramUserId: 'none' });
    expect(rows(io, 'instagram_media')).toHaveLength(0);
    expect(meta.requests.some((r) => r.path.includes(meta.igUserId))).toBe(false);
  });
});
