/**
 * The Graph API metrics Parley asks for — the current names only. Meta removed the impressions
 * family (page_impressions*, post_impressions*: 2025-11-15; *_impressions_unique: 2026-06-15),
 * page_fans* (now page_follows*) and, on Instagram, impressions/plays/video_views (now views,
 * 2025-04-21). A request naming a removed metric fails whole (error 100), so none may appear here;
 * metrics.test.ts checks every list against DEPRECATED_METRICS.
 */
export const PAGE_DAILY_METRICS = ['page_media_view', 'page_total_media_view_unique', 'page_follows', 'page_post_engagements'] as const;
export const POST_METRICS = ['post_media_view'] as const;
export const IG_MEDIA_METRICS = ['views', 'reach', 'likes', 'comments', 'shares', 'saved', 'total_interactions'] as const;
/** Instagram user metrics served as a daily time series. `follower_count` is new followers per day, last 30 days only. */
export const IG_USER_SERIES_METRICS = ['reach', 'follower_count'] as const;
/** Instagram user metrics Meta serves only as `metric_type=total_value`, so asked one day at a time. */
export const IG_USER_TOTAL_METRICS = ['views', 'total_interactions', 'profile_views'] as const;

/** Metric families Meta has removed: every name starting with one of these. */
export const DEPRECATED_METRIC_FAMILIES = ['page_impressions', 'post_impressions', 'page_posts_impressions', 'page_fans', 'page_content_activity', 'carousel_album_'] as const;
/** Single metrics Meta has removed. */
export const DEPRECATED_METRICS = [
  'page_engaged_users',
  'post_engaged_users',
  'page_consumptions',
  'impressions',
  'plays',
  'video_views',
  'clips_replays_count',
  'ig_reels_aggregated_all_plays_count',
  'engagement',
  'taps_forward',
  'taps_back',
  'exits',
] as const;

export function isDeprecatedMetric(name: string): boolean {
  return (DEPRECATED_METRICS as readonly string[]).includes(name) || DEPRECATED_METRIC_FAMILIES.some((f) => name.startsWith(f));
}
