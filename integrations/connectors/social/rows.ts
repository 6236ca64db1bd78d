/**
 * The rows every social platform is normalised into, one shape per synced table
 * (social_accounts_synced, social_posts_synced, social_daily_metrics_synced, migration 100), so
 * one question ("top posts last month", "follower growth by platform") spans LinkedIn, Facebook
 * and Instagram alike.
 *
 * How each platform's numbers map (engagement = likes + comments + shares + clicks, computed by
 * whoever reads the rows):
 *
 * | column      | LinkedIn (organisation page)            | Facebook page                           | Instagram professional account |
 * | ----------- | --------------------------------------- | --------------------------------------- | ------------------------------ |
 * | impressions | share statistics `impressionCount`      | `post_media_view` / `page_media_view`   | `views`                        |
 * | likes       | `likeCount`                             | reactions (all kinds), summary total    | `likes`                        |
 * | comments    | `commentCount`                          | comments summary total                  | `comments`                     |
 * | shares      | `shareCount`                            | `shares.count`                          | `shares`                       |
 * | clicks      | `clickCount`                            | 0 (no current click metric)             | 0                              |
 * | engagements (daily) | likes+comments+shares+clicks    | `page_post_engagements`                 | `total_interactions`           |
 * | followers (daily)   | networkSizes total, walked back by the day's gains | `page_follows`       | `followers_count`, walked back by `follower_count` gains |
 * | new_followers       | `followerGains` organic + paid  | day-over-day change of `page_follows`   | `follower_count` (daily new followers) |
 * | profile_views       | null                            | null                                    | `profile_views`                |
 */
import { ParleyError, isParleyError } from '../../../agent/errors';

export type SocialPlatform = 'linkedin' | 'facebook' | 'instagram';

export interface AccountRow {
  id: string;
  platform: SocialPlatform;
  handle: string;
  raw: unknown;
}

export interface PostRow {
  id: string;
  account_id: string;
  platform: SocialPlatform;
  posted_at: string;
  post_type: string | null;
  text: string | null;
  url: string | null;
  impressions: number;
  likes: number;
  comments: number;
  shares: number;
  clicks: number;
  raw: unknown;
}

export interface DailyRow {
  account_id: string;
  platform: SocialPlatform;
  /** YYYY-MM-DD (UTC) */
  day: string;
  followers: number | null;
  new_followers: number | null;
  impressions: number | null;
  engagements: number | null;
  profile_views: number | null;
  raw: unknown;
}

/** One committed unit of a sync: rows for one or more tables and the stream's cursor after them. */
export interface SocialPage {
  accounts?: AccountRow[];
  posts?: PostRow[];
  daily?: DailyRow[];
}

/**
 * What a social sync needs from whoever runs it (the connector framework's sync context, adapted
 * in each connector's `sync`): the stored cursors, a way to write a page together with its cursor
 * in one transaction (so a crash resumes from the last committed page), progress and cancellation.
 */
export interface SocialSyncIO {
  signal?: AbortSignal;
  cursor<T>(stream: string): Promise<T | null>;
  commit(stream: string, page: SocialPage, cursor: unknown): Promise<void>;
  progress?(message: string): void;
}

/**
 * Followers at the end of each day, from today's total and each day's gains: the total minus the
 * gains of every later day in the series. Days after the series (platforms report with a delay)
 * are unknown, so the result is off by their gains at most — the same shape of error a daily
 * snapshot taken a day late would have.
 */
export function walkBackFollowers(total: number, gains: { day: string; gain: number }[]): Map<string, number> {
  const sorted = [...gains].sort((a, b) => (a.day < b.day ? 1 : -1));
  const out = new Map<string, number>();
  let after = 0;
  for (const g of sorted) {
    out.set(g.day, total - after);
    after += g.gain;
  }
  return out;
}

/** Runs one stream of a sync so that its failure names the stream (the framework records it on that stream). */
export async function inStream<T>(stream: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!isParleyError(e) || e.details?.stream) throw e;
    throw new ParleyError(e.code, { status: e.status, message: e.message, userMessage: e.userMessage, cause: e, details: { ...e.details, stream } });
  }
}
