import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ParleyError } from '../../../../agent/errors';
import { addDays, dayOf } from '../dates';
import type { DailyRow, PostRow } from '../rows';
import { startLinkedInServer, type LinkedInTestServer } from '../testing/linkedin-server';
import { recordingIO } from '../testing/recording-io';
import { LINKEDIN_VERSION, LinkedInApi, linkedinCredentials, type LinkedInCredentials } from './api';
import { HISTORY_DAYS, POSTS_PAGE, syncLinkedIn } from './sync';

const fast = { attempts: 6, baseMs: 1, maxMs: 5 };
let li: LinkedInTestServer;

beforeEach(async () => {
  li = await startLinkedInServer();
});
afterEach(() => li.close());

function creds(over: Partial<LinkedInCredentials> = {}): LinkedInCredentials {
  return { organizationId: li.organizationId, accessToken: li.accessToken, refreshToken: li.refreshToken, clientId: li.clientId, clientSecret: li.clientSecret, ...over };
}

async function run(io = recordingIO(), c = creds(), saved: LinkedInCredentials[] = []) {
  const api = new LinkedInApi({ credentials: c, apiBase: li.url, retry: fast, now: () => li.now, onCredentials: async (n) => void saved.push(n) });
  await syncLinkedIn(api, io, { organizationId: li.organizationId, now: () => li.now });
  return io;
}

const posts = (io: ReturnType<typeof recordingIO>) => io.commits.flatMap((c) => c.page.posts ?? []);
const daily = (io: ReturnType<typeof recordingIO>) => io.commits.flatMap((c) => c.page.daily ?? []);

describe('LinkedIn organisation sync against the local LinkedIn API', () => {
  it('backfills every post across many pages with its share statistics, and a year of days', async () => {
    const io = await run();
    const all = li.posts();
    expect(all.length).toBeGreaterThan(POSTS_PAGE * 4);
    const got = new Map(posts(io).map((p) => [p.id, p]));
    expect(got.size).toBe(all.length);
    expect(li.callsTo('posts').length).toBe(Math.ceil(all.length / POSTS_PAGE) + (all.length % POSTS_PAGE === 0 ? 1 : 0));
    for (const p of all) {
      const row = got.get(p.id)!;
      expect([row.impressions, row.likes, row.comments, row.shares, row.clicks]).toEqual([p.stats.impressionCount, p.stats.likeCount, p.stats.commentCount, p.stats.shareCount, p.stats.clickCount]);
    }
    // ugcPost and share URNs both get their statistics, each through its own parameter.
    expect(all.some((p) => p.id.startsWith('urn:li:ugcPost:')) && all.some((p) => p.id.startsWith('urn:li:share:'))).toBe(true);
    const today = dayOf(li.now);
    const days = daily(io);
    expect(days[0]!.day).toBe(addDays(today, -HISTORY_DAYS));
    expect(days.at(-1)!.day).toBe(addDays(today, -2));
    expect(new Set(days.map((d) => d.day)).size).toBe(HISTORY_DAYS - 1);
    const d = days[100]!;
    const want = li.day(d.day);
    expect(d.impressions).toBe(want.stats.impressionCount);
    expect(d.engagements).toBe(want.stats.likeCount + want.stats.commentCount + want.stats.shareCount + want.stats.clickCount);
    expect(d.new_followers).toBe(want.organicGain + want.paidGain);
  });

  it('walks the follower total back day by day: each day differs from the next by that next day\'s gains', async () => {
    const days: DailyRow[] = daily(await run());
    for (let i = 1; i < days.length; i++) expect(days[i]!.followers! - days[i - 1]!.followers!).toBe(days[i]!.new_followers);
    expect(days.at(-1)!.followers).toBe(li.followerTotal());
  });

  it('sends the version and Rest.li headers, and encodes URNs inside List(...)', async () => {
    await run();
    for (const r of li.requests.filter((q) => q.path.startsWith('/rest/'))) {
      expect(r.headers['linkedin-version']).toBe(LINKEDIN_VERSION);
      expect(r.headers['x-restli-protocol-version']).toBe('2.0.0');
    }
    const perPost = li.callsTo('organizationalEntityShareStatistics').find((r) => r.rawQuery.includes('shares=List('))!;
    expect(perPost.rawQuery).toMatch(/shares=List\(urn%3Ali%3Ashare%3A\d+/);
  });

  it('a second sync reads only the newest posts and new days, and picks up changed counters', async () => {
    const io = await run();
    const first = new Map(posts(io).map((p) => [p.id, p]));
    li.advanceDays(5);
    li.requests.length = 0;
    const again = recordingIO(io.cursors);
    await run(again);
    expect(li.callsTo('posts').length).toBe(1);
    const second: PostRow[] = posts(again);
    const newOnes = second.filter((p) => !first.has(p.id));
    expect(newOnes.length).toBeGreaterThanOrEqual(3);
    const changed = second.filter((p) => first.has(p.id) && first.get(p.id)!.impressions !== p.impressions);
    expect(changed.length).toBeGreaterThan(0);
    const days = daily(again).map((d) => d.day);
    expect(days).toEqual([1, 2, 3, 4, 5].map((k) => addDays(addDays(dayOf(li.now - 5 * 86_400_000), -2), k)));
  });

  it('a backfill that crashed after two pages of posts resumes from the third, and ends with every post', async () => {
    // account, then two pages of posts, then the crash
    const crashed = recordingIO({}, { crashAfterCommits: 3 });
    await expect(run(crashed)).rejects.toThrow('crash (test)');
    expect(crashed.cursors.posts).toMatchObject({ nextStart: POSTS_PAGE * 2 });
    li.requests.length = 0;
    const resumed = await run(recordingIO(crashed.cursors));
    expect(li.callsTo('posts')[0]!.query.get('start')).toBe(String(POSTS_PAGE * 2));
    const ids = new Set([...posts(crashed), ...posts(resumed)].map((p) => p.id));
    expect(ids.size).toBe(li.posts().length);
    expect(resumed.cursors.posts).toMatchObject({ backfilled: true });
  });

  it('the token endpoint is the allowed API base even when the credentials name another', async () => {
    li.expireAccessToken();
    const parsed = linkedinCredentials.parse({ ...creds(), oauthBase: 'http://127.0.0.1:9/steal' });
    expect('oauthBase' in parsed).toBe(false);
    await run(recordingIO(), parsed);
    expect(li.requests.filter((r) => r.path === '/oauth/v2/accessToken')).toHaveLength(1);
  });

  it('refreshes an expired access token once and hands the new token back to be stored', async () => {
    li.rotateRefreshTokens = true;
    li.expireAccessToken();
    const saved: LinkedInCredentials[] = [];
    const io = await run(recordingIO(), creds(), saved);
    expect(posts(io).length).toBe(li.posts().length);
    expect(li.requests.filter((r) => r.path === '/oauth/v2/accessToken')).toHaveLength(1);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.accessToken).toBe(li.accessToken);
    expect(saved[0]!.refreshToken).toBe(li.refreshToken);
    expect(Date.parse(saved[0]!.accessTokenExpiresAt!)).toBeGreaterThan(li.now);
  });

  it('refreshes before the first call when the stored token is about to expire', async () => {
    const saved: LinkedInCredentials[] = [];
    await run(recordingIO(), creds({ accessToken: 'old-token', accessTokenExpiresAt: new Date(li.now + 60_000).toISOString() }), saved);
    expect(li.requests[0]!.path).toBe('/oauth/v2/accessToken');
    expect(li.requests.filter((r) => r.headers.authorization === 'Bearer old-token')).toHaveLength(0);
  });

  it.each([
    ['a revoked refresh token', () => li.revokeRefreshToken(), {}],
    ['no refresh token at all', () => undefined, { refreshToken: undefined }],
  ])('an expired token with %s stops with a "reconnect" error', async (_name, prepare, over: Partial<LinkedInCredentials>) => {
    li.expireAccessToken();
    prepare();
    const e = await run(recordingIO(), creds(over)).catch((x) => x);
    expect(e).toBeInstanceOf(ParleyError);
    expect(e.code).toBe('connector:reconnect');
    expect(e.userMessage).toMatch(/Reconnect the LinkedIn page/);
  });

  it('survives a run of 429s', async () => {
    li.throttle(4);
    const io = await run();
    expect(posts(io).length).toBe(li.posts().length);
    expect(li.requests.filter((r) => r.path === '/rest/organizations/' + li.organizationId).length).toBe(5);
  });

  it('a sunset API version gives an error naming the version', async () => {
    li.sunsetVersions.add(LINKEDIN_VERSION);
    const e = await run().catch((x) => x);
    expect(e.code).toBe('connector:api_version_sunset');
    expect(e.userMessage).toContain(LINKEDIN_VERSION);
    expect(e.userMessage).toContain('426');
  });
});
