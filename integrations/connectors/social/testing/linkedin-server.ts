import { randomBytes } from 'node:crypto';
import { addDays, dayOf, dayStartMs, DAY } from '../dates';
import { pick, startLocalServer, type Answer, type SeenRequest } from './local-server';

/**
 * A local LinkedIn Marketing API for tests, speaking its wire format: `/rest/...` answers
 * Rest.li 2.0 JSON (`elements`, `paging`), errors as `{status, serviceErrorCode, code, message}`,
 * the `Linkedin-Version` and `X-Restli-Protocol-Version` headers required (a sunset version
 * answers 426), bearer tokens checked (401 when expired), `/oauth/v2/accessToken` refreshing them.
 *
 * The organisation posts every 31 hours from 400 days before the start clock; each post's
 * counters grow with its age for 30 days, so a later sync sees recent posts change. Daily share
 * statistics and follower gains exist for every day; LinkedIn serves only the last 12 months.
 */
export interface LinkedInTestServer {
  url: string;
  organizationId: string;
  clientId: string;
  clientSecret: string;
  accessToken: string;
  refreshToken: string;
  /** The server's clock; move it with advanceDays. */
  now: number;
  advanceDays(n: number): void;
  requests: SeenRequest[];
  /** Calls to one /rest resource (e.g. 'posts'). */
  callsTo(resource: string): SeenRequest[];
  /** The current access token stops working (401), as when it expires. */
  expireAccessToken(): void;
  /** The refresh token is refused too (invalid_grant): only reconnecting helps. */
  revokeRefreshToken(): void;
  /** The next `n` /rest calls answer 429. */
  throttle(n: number): void;
  /** Versions answered with 426. */
  sunsetVersions: Set<string>;
  /** Hand out a new refresh token on every refresh (LinkedIn mostly keeps the old one). */
  rotateRefreshTokens: boolean;
  /** What the API holds now, for tests to compare with. */
  posts(): { id: string; createdAt: number; stats: Stats }[];
  day(day: string): { stats: Stats; organicGain: number; paidGain: number };
  followerTotal(): number;
  close(): Promise<void>;
}

interface Stats {
  impressionCount: number;
  uniqueImpressionsCount: number;
  clickCount: number;
  likeCount: number;
  commentCount: number;
  shareCount: number;
  engagement: number;
}

const POST_EVERY_MS = 31 * 3600_000;
const BASE_FOLLOWERS = 4200;

function stats(key: string, scale: number): Stats {
  const impressionCount = Math.round((300 + pick(`${key}:i`, 2000)) * scale);
  const clickCount = Math.round(pick(`${key}:c`, 60) * scale);
  const likeCount = Math.round(pick(`${key}:l`, 120) * scale);
  const commentCount = Math.round(pick(`${key}:m`, 25) * scale);
  const shareCount = Math.round(pick(`${key}:s`, 15) * scale);
  const engagement = impressionCount ? (clickCount + likeCount + commentCount + shareCount) / impressionCount : 0;
  return { impressionCount, uniqueImpressionsCount: Math.round(impressionCount * 0.7), clickCount, likeCount, commentCount, shareCount, engagement };
}

const err = (status: number, code: string, message: string, serviceErrorCode = 100): Answer => ({ status, body: { status, serviceErrorCode, code, message } });

/** Rest.li 2.0 values: `List(a,b)` of percent-encoded items, `(k:v,k2:(…))` records. */
function parseRestli(raw: string): unknown {
  let i = 0;
  const value = (): unknown => {
    if (raw.startsWith('List(', i)) {
      i += 5;
      const items: unknown[] = [];
      while (raw[i] !== ')') {
        items.push(value());
        if (raw[i] === ',') i++;
      }
      i++;
      return items;
    }
    if (raw[i] === '(') {
      i++;
      const rec: Record<string, unknown> = {};
      while (raw[i] !== ')') {
        const colon = raw.indexOf(':', i);
        const key = raw.slice(i, colon);
        i = colon + 1;
        rec[key] = value();
        if (raw[i] === ',') i++;
      }
      i++;
      return rec;
    }
    let j = i;
    while (j < raw.length && !',)'.includes(raw[j]!)) j++;
    const s = decodeURIComponent(raw.slice(i, j));
    i = j;
    return s;
  };
  return value();
}

function rawParam(r: SeenRequest, name: string): string | undefined {
  for (const part of r.rawQuery.split('&')) {
    const eq = part.indexOf('=');
    if (part.slice(0, eq) === name) return part.slice(eq + 1);
  }
  return undefined;
}

export async function startLinkedInServer(opts: { now?: number } = {}): Promise<LinkedInTestServer> {
  const start = opts.now ?? Date.now();
  const origin = start - 400 * DAY;
  const organizationId = '2414183';
  const orgUrn = `urn:li:organization:${organizationId}`;
  let throttled = 0;
  let tokenExpired = false;
  let refreshRevoked = false;

  const postAt = (i: number) => origin + i * POST_EVERY_MS;
  const postId = (i: number) => (i % 3 === 0 ? `urn:li:ugcPost:${7100000000 + i}` : `urn:li:share:${7100000000 + i}`);
  const postStats = (i: number) => stats(postId(i), Math.min(1, (s.now - postAt(i)) / (30 * DAY)));
  const postCount = () => Math.floor((s.now - origin) / POST_EVERY_MS) + 1;
  const dayData = (day: string) => ({ stats: stats(`day:${day}`, 1), organicGain: pick(`og:${day}`, 14), paidGain: pick(`pg:${day}`, 4) });
  const firstDay = dayOf(origin);

  function post(i: number) {
    const kinds = [{}, { media: { id: `urn:li:image:${i}` } }, { article: { source: `https://example.com/a/${i}`, title: `Article ${i}` } }];
    return {
      id: postId(i),
      author: orgUrn,
      commentary: `Post ${i}: ${['Product update', 'Hiring', 'Customer story', 'Event recap'][i % 4]}`,
      createdAt: postAt(i),
      publishedAt: postAt(i),
      lastModifiedAt: postAt(i),
      lifecycleState: 'PUBLISHED',
      visibility: 'PUBLIC',
      ...(i % 3 ? { content: kinds[i % 3] } : {}),
    };
  }

  function intervals(r: SeenRequest): { start: number; end: number } | Answer | null {
    const raw = rawParam(r, 'timeIntervals');
    if (!raw) return null;
    const t = parseRestli(raw) as { timeRange?: { start?: string; end?: string }; timeGranularityType?: string };
    const startMs = Number(t.timeRange?.start);
    const endMs = Number(t.timeRange?.end);
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || t.timeGranularityType !== 'DAY') return err(400, 'ILLEGAL_ARGUMENT', 'Invalid timeIntervals');
    if (startMs < s.now - 366 * DAY) return err(400, 'ILLEGAL_ARGUMENT', 'timeRange.start must be within the past 12 months');
    return { start: startMs, end: Math.min(endMs, s.now) };
  }

  function days(range: { start: number; end: number }): string[] {
    const out: string[] = [];
    for (let d = dayOf(range.start); dayStartMs(d) + DAY <= range.end; d = addDays(d, 1)) if (d >= firstDay) out.push(d);
    return out;
  }

  /** URN lists must come percent-encoded under protocol 2.0.0; a literal ':' inside List(...) is refused as LinkedIn does. */
  function urnList(r: SeenRequest, name: string): string[] | Answer | undefined {
    const raw = rawParam(r, name);
    if (raw === undefined) return undefined;
    if (/List\([^)]*:/.test(raw)) return err(400, 'ILLEGAL_ARGUMENT', `Invalid param ${name}: URNs must be encoded`);
    return parseRestli(raw) as string[];
  }

  const isAnswer = (x: unknown): x is Answer => typeof x === 'object' && x !== null && 'status' in x;

  function shareStatistics(r: SeenRequest): Answer {
    if (r.query.get('q') !== 'organizationalEntity' || r.query.get('organizationalEntity') !== orgUrn) return err(403, 'ACCESS_DENIED', 'Not enough permissions to access organizationalEntity');
    const range = intervals(r);
    if (isAnswer(range)) return range;
    const shares = urnList(r, 'shares');
    const ugc = urnList(r, 'ugcPosts');
    if (isAnswer(shares)) return shares;
    if (isAnswer(ugc)) return ugc;
    if (shares || ugc) {
      const byId = new Map(Array.from({ length: postCount() }, (_, i) => [postId(i), i]));
      const elements = [...(shares ?? []).map((u) => ['share', u] as const), ...(ugc ?? []).map((u) => ['ugcPost', u] as const)]
        .filter(([, u]) => byId.has(u))
        .map(([k, u]) => ({ [k]: u, organizationalEntity: orgUrn, totalShareStatistics: postStats(byId.get(u)!) }));
      return { status: 200, body: { elements, paging: { start: 0, count: 10, links: [] } } };
    }
    if (range) {
      const elements = days(range).map((d) => ({ organizationalEntity: orgUrn, timeRange: { start: dayStartMs(d), end: dayStartMs(d) + DAY }, totalShareStatistics: dayData(d).stats }));
      return { status: 200, body: { elements, paging: { start: 0, count: 10, links: [] } } };
    }
    return { status: 200, body: { elements: [{ organizationalEntity: orgUrn, totalShareStatistics: stats('lifetime', 100) }], paging: { start: 0, count: 10, links: [] } } };
  }

  function followerStatistics(r: SeenRequest): Answer {
    if (r.query.get('organizationalEntity') !== orgUrn) return err(403, 'ACCESS_DENIED', 'Not enough permissions to access organizationalEntity');
    const range = intervals(r);
    if (isAnswer(range)) return range;
    if (!range) return { status: 200, body: { elements: [{ organizationalEntity: orgUrn, followerCountsByFunction: [], followerCountsBySeniority: [] }], paging: { start: 0, count: 10, links: [] } } };
    const elements = days(range).map((d) => {
      const g = dayData(d);
      return { organizationalEntity: orgUrn, timeRange: { start: dayStartMs(d), end: dayStartMs(d) + DAY }, followerGains: { organicFollowerGain: g.organicGain, paidFollowerGain: g.paidGain } };
    });
    return { status: 200, body: { elements, paging: { start: 0, count: 10, links: [] } } };
  }

  function followerTotal(): number {
    let total = BASE_FOLLOWERS;
    for (let d = firstDay; dayStartMs(d) <= s.now; d = addDays(d, 1)) {
      const g = dayData(d);
      total += g.organicGain + g.paidGain;
    }
    return total;
  }

  function posts(r: SeenRequest): Answer {
    if (r.query.get('q') !== 'author' || r.query.get('author') !== orgUrn) return err(403, 'ACCESS_DENIED', 'Not enough permissions to access posts of this author');
    if (rawParam(r, 'author')?.includes(':')) return err(400, 'ILLEGAL_ARGUMENT', 'Invalid param author: URNs must be encoded');
    const startAt = Number(r.query.get('start') ?? 0);
    const count = Math.min(100, Number(r.query.get('count') ?? 10));
    const n = postCount();
    const elements = [];
    for (let k = startAt; k < startAt + count && k < n; k++) elements.push(post(n - 1 - k));
    return { status: 200, body: { elements, paging: { start: startAt, count, links: [] } } };
  }

  function refresh(r: SeenRequest): Answer {
    const form = new URLSearchParams(r.body);
    if (form.get('grant_type') !== 'refresh_token' || form.get('client_id') !== s.clientId || form.get('client_secret') !== s.clientSecret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed' } };
    }
    if (refreshRevoked || form.get('refresh_token') !== s.refreshToken) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'The provided authorization grant or refresh token is invalid, expired or revoked' } };
    }
    s.accessToken = `AQV${randomBytes(12).toString('hex')}`;
    tokenExpired = false;
    if (s.rotateRefreshTokens) s.refreshToken = `AQX${randomBytes(12).toString('hex')}`;
    return { status: 200, body: { access_token: s.accessToken, expires_in: 5_184_000, refresh_token: s.refreshToken, refresh_token_expires_in: 31_536_000 } };
  }

  function handle(r: SeenRequest): Answer {
    if (r.method === 'POST' && r.path === '/oauth/v2/accessToken') return refresh(r);
    if (!r.path.startsWith('/rest/')) return err(404, 'NOT_FOUND', `No resource ${r.path}`);
    const version = r.headers['linkedin-version'];
    if (!version) return err(400, 'VERSION_MISSING', 'A version must be present. Please specify a version by adding the LinkedIn-Version header.');
    if (s.sunsetVersions.has(String(version))) return err(426, 'NONEXISTENT_VERSION', `Requested version ${String(version)} is not active`);
    if (r.headers['x-restli-protocol-version'] !== '2.0.0') return err(400, 'ILLEGAL_ARGUMENT', 'X-Restli-Protocol-Version 2.0.0 is required for this resource');
    if (r.headers.authorization !== `Bearer ${s.accessToken}` || tokenExpired) return err(401, 'EXPIRED_ACCESS_TOKEN', 'The token used in the request has expired', 65601);
    if (throttled > 0) {
      throttled--;
      return err(429, 'TOO_MANY_REQUESTS', 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.', 101);
    }
    const resource = r.path.slice('/rest/'.length);
    if (resource === `organizations/${organizationId}`) return { status: 200, body: { id: Number(organizationId), localizedName: 'Acme Analytics', vanityName: 'acme-analytics', localizedWebsite: 'https://acme.example' } };
    if (resource.startsWith('organizations/')) return err(403, 'ACCESS_DENIED', 'Not enough permissions to access: organizations');
    if (resource === 'posts') return posts(r);
    if (resource === 'organizationalEntityShareStatistics') return shareStatistics(r);
    if (resource === 'organizationalEntityFollowerStatistics') return followerStatistics(r);
    if (resource === `networkSizes/${encodeURIComponent(orgUrn)}` || resource === `networkSizes/${orgUrn}`) {
      if (r.query.get('edgeType') !== 'COMPANY_FOLLOWED_BY_MEMBER') return err(400, 'ILLEGAL_ARGUMENT', 'edgeType is required');
      return { status: 200, body: { firstDegreeSize: followerTotal() } };
    }
    return err(404, 'NOT_FOUND', `No resource ${resource}`);
  }

  const server = await startLocalServer(handle);
  const s: LinkedInTestServer = {
    url: server.url,
    organizationId,
    clientId: 'parley-test-client',
    clientSecret: randomBytes(8).toString('hex'),
    accessToken: `AQV${randomBytes(12).toString('hex')}`,
    refreshToken: `AQX${randomBytes(12).toString('hex')}`,
    now: start,
    advanceDays(n) {
      s.now += n * DAY;
    },
    requests: server.requests,
    callsTo: (resource) => server.requests.filter((r) => r.path === `/rest/${resource}`),
    expireAccessToken() {
      tokenExpired = true;
    },
    revokeRefreshToken() {
      refreshRevoked = true;
    },
    throttle(n) {
      throttled = n;
    },
    sunsetVersions: new Set(['202505', '202507']),
    rotateRefreshTokens: false,
    posts: () => Array.from({ length: postCount() }, (_, i) => ({ id: postId(i), createdAt: postAt(i), stats: postStats(i) })),
    day: dayData,
    followerTotal,
    close: server.close,
  };
  return s;
}
