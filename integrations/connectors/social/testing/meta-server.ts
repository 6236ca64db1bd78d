import { createHmac, randomBytes } from 'node:crypto';
import { addDays, dayOf, dayStartMs, DAY } from '../dates';
import { GRAPH_VERSION } from '../meta/api';
import { isDeprecatedMetric } from '../meta/metrics';
import { pick, startLocalServer, type Answer, type SeenRequest } from './local-server';

/**
 * A local Graph API for tests, speaking its wire format: `/{version}/{id}[/{edge}]` answering
 * `{data, paging:{cursors:{before,after}, next}}`, errors as `{error:{message,type,code,fbtrace_id}}`
 * — 190 for a dead token, 4/17/32 when throttled, 100 for an invalid or removed metric (the
 * impressions family, page_fans, Instagram impressions/plays/video_views), for since/until more
 * than 90 days apart or older than two years, and for Instagram `views` asked without
 * metric_type=total_value.
 *
 * The Page posts every 29 hours and the Instagram account every 53 hours, from 400 days before
 * the start clock; counters grow with age for 30 days. Daily Page and Instagram insights exist for
 * every day; Instagram's follower_count only for the last 30.
 */
export interface MetaTestServer {
  url: string;
  pageId: string;
  igUserId: string;
  pageToken: string;
  /** When set, every call must carry appsecret_proof signed with it. */
  appSecret?: string;
  now: number;
  advanceDays(n: number): void;
  requests: SeenRequest[];
  /** Every metric name any request asked for (metric= and insights.metric(...)). */
  metricsAsked(): string[];
  expireToken(): void;
  /** The next `n` calls answer a rate-limit error (codes 4, 17, 32 in turn). */
  throttle(n: number): void;
  /** What the API holds now, for tests to compare with. */
  fbPosts(): { id: string; createdMs: number; views: number; reactions: number; comments: number; shares: number }[];
  igMedia(): { id: string; createdMs: number; views: number; likes: number; comments: number; shares: number }[];
  pageDay(day: string): { views: number; unique: number; engagements: number; follows: number };
  igDay(day: string): { reach: number; newFollowers: number; views: number; interactions: number; profileViews: number };
  igFollowers(): number;
  close(): Promise<void>;
}

const FB_EVERY = 29 * 3600_000;
const IG_EVERY = 53 * 3600_000;
const graphTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
/** Meta stamps a day's value with the day's end, midnight Pacific (08:00 UTC outside DST). */
const endTime = (day: string) => `${addDays(day, 1)}T08:00:00+0000`;

function graphError(code: number, message: string, extra: Record<string, unknown> = {}): Answer {
  // Meta answers most errors 400; its throttling errors come as 403 as often as 400.
  return { status: [4, 17, 32].includes(code) ? 403 : 400, body: { error: { message, type: 'OAuthException', code, ...extra, fbtrace_id: randomBytes(8).toString('base64url') } } };
}

/** `a,b.summary(true).limit(0),insights.metric(x,y)` split on top-level commas. */
function splitFields(fields: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of fields) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

export async function startMetaServer(opts: { now?: number; appSecret?: string } = {}): Promise<MetaTestServer> {
  const start = opts.now ?? Date.now();
  const origin = start - 400 * DAY;
  const firstDay = dayOf(origin);
  const pageId = '104857600000001';
  const igUserId = '17841400000000001';
  let throttled = 0;
  let throttleTurn = 0;
  let expired = false;
  const asked: string[] = [];

  const grow = (createdMs: number) => Math.min(1, (s.now - createdMs) / (30 * DAY));
  const fbCount = () => Math.floor((s.now - origin) / FB_EVERY) + 1;
  const igCount = () => Math.floor((s.now - origin) / IG_EVERY) + 1;
  const fbPost = (i: number) => {
    const createdMs = origin + i * FB_EVERY;
    const g = grow(createdMs);
    const k = `fb${i}`;
    return { id: `${pageId}_${9000000 + i}`, createdMs, views: Math.round((400 + pick(`${k}v`, 3000)) * g), reactions: Math.round(pick(`${k}r`, 150) * g), comments: Math.round(pick(`${k}c`, 30) * g), shares: Math.round(pick(`${k}s`, 20) * g) };
  };
  const igMedia = (i: number) => {
    const createdMs = origin + i * IG_EVERY;
    const g = grow(createdMs);
    const k = `ig${i}`;
    return { id: `1800000000${String(i).padStart(7, '0')}`, createdMs, views: Math.round((600 + pick(`${k}v`, 5000)) * g), likes: Math.round(pick(`${k}l`, 400) * g), comments: Math.round(pick(`${k}c`, 40) * g), shares: Math.round(pick(`${k}s`, 25) * g), reach: Math.round((300 + pick(`${k}r`, 2000)) * g), saved: Math.round(pick(`${k}x`, 30) * g) };
  };
  const gainOn = (day: string) => pick(`pf${day}`, 9);
  // Running follower totals, computed once per day asked (a window asks each day four times).
  const followsCache = new Map<string, number>();
  const followsOn = (day: string): number => {
    if (day < firstDay) return 1800;
    let v = followsCache.get(day);
    if (v === undefined) {
      let d = day;
      const pending: string[] = [];
      while (d >= firstDay && !followsCache.has(d)) (pending.push(d), (d = addDays(d, -1)));
      let total = d >= firstDay ? followsCache.get(d)! : 1800;
      for (const p of pending.reverse()) followsCache.set(p, (total += gainOn(p)));
      v = followsCache.get(day)!;
    }
    return v;
  };
  const pageDay = (day: string) => {
    const follows = followsOn(day);
    return { views: 500 + pick(`pv${day}`, 4000), unique: 300 + pick(`pu${day}`, 2000), engagements: pick(`pe${day}`, 300), follows };
  };
  const igDay = (day: string) => ({ reach: 200 + pick(`ir${day}`, 1500), newFollowers: pick(`if${day}`, 12), views: 800 + pick(`iv${day}`, 6000), interactions: pick(`ii${day}`, 500), profileViews: pick(`ip${day}`, 90) });
  const igFollowers = () => {
    let n = 950;
    for (let d = firstDay; dayStartMs(d) <= s.now; d = addDays(d, 1)) n += igDay(d).newFollowers;
    return n;
  };

  function page<T>(r: SeenRequest, items: T[], render: (x: T) => unknown): Answer {
    const limit = Math.min(100, Number(r.query.get('limit') ?? 25));
    const after = r.query.get('after');
    const offset = after ? Number(Buffer.from(after, 'base64url').toString()) : 0;
    const slice = items.slice(offset, offset + limit);
    const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
    const paging: Record<string, unknown> = { cursors: { before: cursor(offset), after: cursor(offset + slice.length) } };
    if (offset + limit < items.length) {
      const next = new URLSearchParams(r.rawQuery);
      next.set('after', cursor(offset + slice.length));
      paging.next = `${s.url}${r.path}?${next}`;
    }
    return { status: 200, body: { data: slice.map(render), paging } };
  }

  /** since/until as Meta takes them: unix seconds (or a date), until exclusive. */
  function range(r: SeenRequest, maxDays: number): { from: string; to: string } | Answer {
    const parse = (v: string | null) => (v === null ? NaN : /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v));
    const since = parse(r.query.get('since'));
    const until = parse(r.query.get('until'));
    if (!Number.isFinite(since) || !Number.isFinite(until)) return graphError(100, '(#100) since and until are required for period=day');
    if (until - since > maxDays * DAY) return graphError(100, `(#100) There cannot be more than ${maxDays} days (${maxDays * 86400} s) between since and until`);
    if (since < s.now - 2 * 365 * DAY) return graphError(100, '(#100) since must be within the last 2 years');
    const last = dayOf(Math.min(until, s.now) - DAY);
    return { from: dayOf(since) < firstDay ? firstDay : dayOf(since), to: last };
  }

  const isAnswer = (x: unknown): x is Answer => typeof x === 'object' && x !== null && 'status' in x;
  const daysOf = (w: { from: string; to: string }) => {
    const out: string[] = [];
    for (let d = w.from; d <= w.to; d = addDays(d, 1)) out.push(d);
    return out;
  };

  function metrics(r: SeenRequest): string[] | Answer {
    const names = (r.query.get('metric') ?? '').split(',').filter(Boolean);
    asked.push(...names);
    if (!names.length) return graphError(100, '(#100) The parameter metric is required');
    if (names.some(isDeprecatedMetric)) return graphError(100, '(#100) The value must be a valid insights metric');
    return names;
  }

  function series(name: string, days: string[], value: (d: string) => number) {
    return { name, period: 'day', values: days.map((d) => ({ value: value(d), end_time: endTime(d) })), title: name, description: name, id: `${name}/day` };
  }

  function pageInsights(r: SeenRequest): Answer {
    const names = metrics(r);
    if (isAnswer(names)) return names;
    const allowed = ['page_media_view', 'page_total_media_view_unique', 'page_follows', 'page_post_engagements', 'page_follows_city', 'page_follows_country'];
    if (names.some((n) => !allowed.includes(n))) return graphError(100, '(#100) The value must be a valid insights metric');
    if (r.query.get('period') !== 'day') return graphError(100, '(#100) period must be day here');
    const w = range(r, 90);
    if (isAnswer(w)) return w;
    const days = daysOf(w);
    const pick1 = { page_media_view: 'views', page_total_media_view_unique: 'unique', page_post_engagements: 'engagements', page_follows: 'follows' } as const;
    return { status: 200, body: { data: names.map((n) => series(n, days, (d) => pageDay(d)[pick1[n as keyof typeof pick1]])), paging: {} } };
  }

  function igUserInsights(r: SeenRequest): Answer {
    const names = metrics(r);
    if (isAnswer(names)) return names;
    const totalOnly = ['views', 'total_interactions', 'profile_views', 'accounts_engaged', 'likes', 'comments', 'shares', 'saves'];
    const seriesOk = ['reach', 'follower_count'];
    if (names.some((n) => !totalOnly.includes(n) && !seriesOk.includes(n))) return graphError(100, '(#100) The value must be a valid insights metric');
    const w = range(r, 30);
    if (isAnswer(w)) return w;
    const days = daysOf(w);
    if (r.query.get('metric_type') === 'total_value') {
      const pickT = { views: 'views', total_interactions: 'interactions', profile_views: 'profileViews', reach: 'reach' } as const;
      const data = names.map((n) => ({ name: n, period: 'day', title: n, description: n, id: `${igUserId}/insights/${n}/day`, total_value: { value: days.reduce((a, d) => a + (igDay(d)[pickT[n as keyof typeof pickT]] ?? 0), 0) } }));
      return { status: 200, body: { data } };
    }
    const needsTotal = names.find((n) => totalOnly.includes(n));
    if (needsTotal) return graphError(100, `(#100) metric_type=total_value must be specified for ${needsTotal}`);
    if (names.includes('follower_count') && dayStartMs(w.from) < s.now - 31 * DAY) return graphError(100, '(#100) follower_count is only available for the last 30 days');
    return { status: 200, body: { data: names.map((n) => series(n, days, (d) => (n === 'reach' ? igDay(d).reach : igDay(d).newFollowers))) } };
  }

  function fbPosts(r: SeenRequest): Answer {
    const fields = splitFields(r.query.get('fields') ?? 'id');
    for (const f of fields) {
      const m = /^insights\.metric\(([^)]*)\)/.exec(f);
      if (!m) continue;
      const names = m[1]!.split(',');
      asked.push(...names);
      if (names.some((n) => isDeprecatedMetric(n) || n !== 'post_media_view' && n !== 'post_total_media_view_unique')) return graphError(100, '(#100) The value must be a valid insights metric');
    }
    const posts = Array.from({ length: fbCount() }, (_, i) => fbPost(fbCount() - 1 - i));
    return page(r, posts, (p) => {
      const out: Record<string, unknown> = { id: p.id, created_time: graphTime(p.createdMs) };
      for (const f of fields) {
        const name = f.split(/[.(]/)[0]!;
        if (name === 'message') out.message = `Page post ${p.id.split('_')[1]}`;
        if (name === 'permalink_url') out.permalink_url = `https://www.facebook.com/${p.id.replace('_', '/posts/')}`;
        if (name === 'status_type') out.status_type = ['mobile_status_update', 'added_photos', 'added_video', 'shared_story'][pick(p.id, 4)];
        if (name === 'shares' && p.shares) out.shares = { count: p.shares };
        if (name === 'reactions') out.reactions = { data: [], summary: { total_count: p.reactions, viewer_reaction: 'NONE' } };
        if (name === 'comments') out.comments = { data: [], summary: { order: 'ranked', total_count: p.comments, can_comment: true } };
        if (name === 'insights') out.insights = { data: [{ name: 'post_media_view', period: 'lifetime', values: [{ value: p.views }], title: 'Media views', id: `${p.id}/insights/post_media_view/lifetime` }] };
      }
      return out;
    });
  }

  function mediaInsights(r: SeenRequest, m: ReturnType<typeof igMedia>): Answer {
    const names = metrics(r);
    if (isAnswer(names)) return names;
    const values: Record<string, number> = { views: m.views, reach: m.reach, likes: m.likes, comments: m.comments, shares: m.shares, saved: m.saved, total_interactions: m.likes + m.comments + m.shares + m.saved };
    if (names.some((n) => !(n in values))) return graphError(100, '(#100) The value must be a valid insights metric');
    return { status: 200, body: { data: names.map((n) => ({ name: n, period: 'lifetime', values: [{ value: values[n] }], title: n, description: n, id: `${m.id}/insights/${n}/lifetime` })) } };
  }

  function handle(r: SeenRequest): Answer {
    const prefix = `/${GRAPH_VERSION}/`;
    if (!r.path.startsWith(prefix)) return graphError(2635, `(#2635) You are calling a deprecated version of the Graph API. Please update to the latest version: ${GRAPH_VERSION}.`);
    const token = r.query.get('access_token');
    if (!token || token !== s.pageToken) return graphError(190, 'Invalid OAuth access token - Cannot parse access token');
    if (expired) return graphError(190, 'Error validating access token: Session has expired on Wednesday, 02-Dec-26 09:00:00 PST.', { error_subcode: 463 });
    if (s.appSecret && r.query.get('appsecret_proof') !== createHmac('sha256', s.appSecret).update(token).digest('hex')) return graphError(100, 'Invalid appsecret_proof provided in the API argument');
    if (throttled > 0) {
      throttled--;
      const code = [4, 17, 32][throttleTurn++ % 3]!;
      return graphError(code, `(#${code}) ${code === 4 ? 'Application' : code === 17 ? 'User' : 'Page'} request limit reached`);
    }
    const [id, edge, ...rest] = r.path.slice(prefix.length).split('/');
    if (rest.length) return graphError(100, 'Unknown path components');
    if (id === pageId && !edge) return { status: 200, body: { id: pageId, name: 'Acme Analytics', username: 'acmeanalytics', link: 'https://www.facebook.com/acmeanalytics', followers_count: pageDay(dayOf(s.now)).follows, instagram_business_account: { id: igUserId } } };
    if (id === pageId && edge === 'posts') return fbPosts(r);
    if (id === pageId && edge === 'insights') return pageInsights(r);
    if (id === igUserId && !edge) return { status: 200, body: { id: igUserId, username: 'acme.analytics', name: 'Acme Analytics', followers_count: igFollowers(), media_count: igCount() } };
    if (id === igUserId && edge === 'insights') return igUserInsights(r);
    if (id === igUserId && edge === 'media') {
      const media = Array.from({ length: igCount() }, (_, i) => igMedia(igCount() - 1 - i));
      return page(r, media, (m) => ({
        id: m.id,
        caption: `Photo ${m.id.slice(-4)}`,
        media_type: ['IMAGE', 'VIDEO', 'CAROUSEL_ALBUM'][pick(m.id, 3)],
        media_product_type: pick(m.id, 3) === 1 ? 'REELS' : 'FEED',
        permalink: `https://www.instagram.com/p/${m.id.slice(-8)}/`,
        timestamp: graphTime(m.createdMs),
        like_count: m.likes,
        comments_count: m.comments,
      }));
    }
    const media = id && /^\d+$/.test(id) ? Array.from({ length: igCount() }, (_, i) => igMedia(i)).find((m) => m.id === id) : undefined;
    if (media && edge === 'insights') return mediaInsights(r, media);
    return graphError(100, `(#100) Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`, { error_subcode: 33 });
  }

  const server = await startLocalServer(handle);
  const s: MetaTestServer = {
    url: server.url,
    pageId,
    igUserId,
    pageToken: `EAAG${randomBytes(16).toString('hex')}`,
    appSecret: opts.appSecret,
    now: start,
    advanceDays(n) {
      s.now += n * DAY;
    },
    requests: server.requests,
    metricsAsked: () => [...asked],
    expireToken() {
      expired = true;
    },
    throttle(n) {
      throttled = n;
    },
    fbPosts: () => Array.from({ length: fbCount() }, (_, i) => fbPost(i)),
    igMedia: () => Array.from({ length: igCount() }, (_, i) => igMedia(i)),
    pageDay,
    igDay,
    igFollowers,
    close: server.close,
  };
  return s;
}
