import { GRAIN_STEP, Params, type LookupGrain, type Period, type Template } from '../lookup-payments/lookup-common';

/**
 * The fixed SQL behind lookup_social, one relation per origin with the same columns: the
 * store's social_*_synced tables of the caller's workspace (scoped by the server, see
 * payment-templates.ts), or the demo warehouse's social tables. Impressions are what each
 * platform now counts (Instagram/Facebook `views`, LinkedIn impressions); engagement is likes +
 * comments + shares + clicks.
 */
export type Origin = 'synced' | 'demo';

const WS = `current_setting('parley.workspace_id')`;

const POSTS: Record<Origin, string> = {
  synced: `SELECT p.id, p.platform, a.handle, p.posted_at, p.post_type, p.text, p.url, p.impressions, p.likes, p.comments, p.shares, p.clicks
     FROM social_posts_synced p LEFT JOIN social_accounts_synced a ON a.connector_id = p.connector_id AND a.id = p.account_id
     WHERE p.workspace_id = ${WS}`,
  demo: `SELECT 'post_' || p.post_id AS id, a.platform, a.handle, p.posted_at, p.post_type, NULL::text AS text, NULL::text AS url, p.impressions::bigint AS impressions,
       p.likes::bigint AS likes, p.comments::bigint AS comments, p.shares::bigint AS shares, 0::bigint AS clicks
     FROM demo.social_posts p JOIN demo.social_accounts a ON a.account_id = p.account_id`,
};

const DAILY: Record<Origin, string> = {
  synced: `SELECT m.platform, m.account_id, m.day, m.followers, m.new_followers, m.impressions, m.engagements, m.profile_views
     FROM social_daily_metrics_synced m WHERE m.workspace_id = ${WS}`,
  demo: `SELECT a.platform, m.account_id::text AS account_id, m.day, m.followers::bigint AS followers, NULL::bigint AS new_followers, m.impressions::bigint AS impressions,
       m.engagements::bigint AS engagements, m.profile_views::bigint AS profile_views
     FROM demo.social_daily_metrics m JOIN demo.social_accounts a ON a.account_id = m.account_id`,
};

export const POST_METRICS = ['engagement', 'likes', 'comments', 'shares', 'impressions', 'clicks', 'engagement_rate'] as const;
export type PostMetric = (typeof POST_METRICS)[number];

/** ORDER BY for each metric: chosen from this fixed map, never from the input's text. */
const ORDER: Record<PostMetric, string> = {
  engagement: 'engagement DESC',
  likes: 'x.likes DESC',
  comments: 'x.comments DESC',
  shares: 'x.shares DESC',
  impressions: 'x.impressions DESC',
  clicks: 'x.clicks DESC',
  engagement_rate: 'engagement_rate DESC NULLS LAST',
};

export interface SocialQuery {
  platform?: string;
  period: Period;
  grain?: LookupGrain;
  limit: number;
  metric: PostMetric;
}

function platformFilter(p: Params, platform: string | undefined, column: string): string {
  return platform ? ` AND lower(${column}) = ${p.add(platform.toLowerCase())}` : '';
}

/** Periods as dates (`pstart` inclusive, `pend` exclusive): one per grain step, or the whole range as one. */
function spine(p: Params, period: Period, grain: LookupGrain | undefined): string {
  const from = p.add(period.from);
  const to = p.add(period.to);
  if (!grain) return `spine AS (SELECT ${from}::date AS period, ${from}::date AS pstart, ${to}::date AS pend)`;
  const step = p.add(GRAIN_STEP[grain]);
  return `spine AS (
  SELECT s::date AS period, greatest(s::date, ${from}::date) AS pstart, least((s + ${step}::interval)::date, ${to}::date) AS pend
  FROM generate_series(date_trunc(${p.add(grain)}::text, ${from}::date::timestamp), ${to}::date::timestamp - interval '1 day', ${step}::interval) AS s
)`;
}

const ENGAGEMENT = '(x.likes + x.comments + x.shares + x.clicks)';

export function topPostsTemplate(origin: Origin, q: SocialQuery): Template {
  const p = new Params();
  const sql = `SELECT x.platform, x.handle, x.posted_at, x.post_type, x.text, x.url, x.impressions, x.likes, x.comments, x.shares, x.clicks,
       ${ENGAGEMENT} AS engagement, round(${ENGAGEMENT}::numeric / nullif(x.impressions, 0), 4) AS engagement_rate
FROM (${POSTS[origin]}) x
WHERE x.posted_at >= ${p.add(`${q.period.from}T00:00:00Z`)}::timestamptz AND x.posted_at < ${p.add(`${q.period.to}T00:00:00Z`)}::timestamptz${platformFilter(p, q.platform, 'x.platform')}
ORDER BY ${ORDER[q.metric]}, x.posted_at DESC, x.id
LIMIT ${p.add(q.limit)}`;
  return { sql, params: p.values, title: `Top ${q.platform ? `${q.platform} ` : ''}posts by ${q.metric.replace('_', ' ')}, ${q.period.label}`, percent: ['engagement_rate'] };
}

/**
 * Followers at the end of each period against the last day before it (or, where the data starts
 * inside the period, its first day), per platform (accounts of one platform summed); where a
 * platform reports no totals, the new followers it reported.
 */
export function followerGrowthTemplate(origin: Origin, q: SocialQuery): Template {
  const p = new Params();
  const sp = spine(p, q.period, q.grain);
  const from = p.add(q.period.from);
  const to = p.add(q.period.to);
  const sql = `WITH ${sp},
daily AS (
  SELECT d.platform, d.day, sum(d.followers) AS followers, sum(d.new_followers) AS new_followers
  FROM (${DAILY[origin]}) d
  WHERE d.day >= ${from}::date - 1 AND d.day < ${to}::date${platformFilter(p, q.platform, 'd.platform')}
  GROUP BY d.platform, d.day
),
platforms AS (SELECT DISTINCT platform FROM daily)
SELECT pl.platform, spine.period, st.followers AS followers_start, en.followers AS followers_end,
       coalesce(en.followers - st.followers, nf.new_followers) AS follower_growth,
       round((en.followers - st.followers)::numeric / nullif(st.followers, 0), 4) AS growth_rate
FROM spine CROSS JOIN platforms pl
LEFT JOIN LATERAL (SELECT d.followers FROM daily d WHERE d.platform = pl.platform AND d.day < spine.pend AND d.followers IS NOT NULL
                   ORDER BY d.day < spine.pstart DESC, abs(d.day - spine.pstart) LIMIT 1) st ON true
LEFT JOIN LATERAL (SELECT d.followers FROM daily d WHERE d.platform = pl.platform AND d.day < spine.pend AND d.followers IS NOT NULL ORDER BY d.day DESC LIMIT 1) en ON true
LEFT JOIN LATERAL (SELECT sum(d.new_followers) AS new_followers FROM daily d WHERE d.platform = pl.platform AND d.day >= spine.pstart AND d.day < spine.pend) nf ON true
ORDER BY spine.period, pl.platform`;
  return { sql, params: p.values, title: `Follower growth by platform${q.grain ? ` and ${q.grain}` : ''}, ${q.period.label}`, percent: ['growth_rate'] };
}

/** Reach per platform and period from the daily account metrics. */
export function reachTemplate(origin: Origin, q: SocialQuery): Template {
  const p = new Params();
  const sp = spine(p, q.period, q.grain);
  const sql = `WITH ${sp}
SELECT d.platform, spine.period, sum(d.impressions) AS impressions, sum(d.engagements) AS engagements, sum(d.profile_views) AS profile_views,
       round(sum(d.engagements)::numeric / nullif(sum(d.impressions), 0), 4) AS engagement_rate
FROM spine JOIN (${DAILY[origin]}) d ON d.day >= spine.pstart AND d.day < spine.pend
WHERE true${platformFilter(p, q.platform, 'd.platform')}
GROUP BY d.platform, spine.period
ORDER BY spine.period, impressions DESC, d.platform`;
  return { sql, params: p.values, title: `Reach by platform${q.grain ? ` and ${q.grain}` : ''}, ${q.period.label}`, percent: ['engagement_rate'] };
}

/** Engagement on the posts published per platform and period. */
export function engagementTemplate(origin: Origin, q: SocialQuery): Template {
  const p = new Params();
  const sp = spine(p, q.period, q.grain);
  const sql = `WITH ${sp}
SELECT x.platform, spine.period, count(*) AS posts, sum(x.impressions) AS impressions, sum(x.likes) AS likes, sum(x.comments) AS comments,
       sum(x.shares) AS shares, sum(x.clicks) AS clicks, sum(${ENGAGEMENT}) AS engagement,
       round(sum(${ENGAGEMENT})::numeric / nullif(sum(x.impressions), 0), 4) AS engagement_rate
FROM spine JOIN (${POSTS[origin]}) x ON x.posted_at >= spine.pstart::timestamp AT TIME ZONE 'UTC' AND x.posted_at < spine.pend::timestamp AT TIME ZONE 'UTC'
WHERE true${platformFilter(p, q.platform, 'x.platform')}
GROUP BY x.platform, spine.period
ORDER BY spine.period, engagement DESC, x.platform`;
  return { sql, params: p.values, title: `Engagement by platform${q.grain ? ` and ${q.grain}` : ''}, ${q.period.label}`, percent: ['engagement_rate'] };
}
