import { asksForForecast } from '../forecast-tool/intent';
import { parseGrain } from '../query-data/time-range';
import { periodWords } from '../lookup-payments/lookup-common';

/** A platform named in words ("on LinkedIn", "Instagram posts", "twitter"), as the data spells it. */
export function platformIn(question: string): string | undefined {
  const q = question.toLowerCase();
  if (/\binstagram\b|\big\b/.test(q)) return 'instagram';
  if (/\blinked ?in\b/.test(q)) return 'linkedin';
  if (/\btik ?tok\b/.test(q)) return 'tiktok';
  if (/\bfacebook\b|\bfb\b/.test(q)) return 'facebook';
  if (/\btwitter\b|\b(on|from) x\b|\bx posts?\b/.test(q)) return 'x';
  return undefined;
}

const METRIC_WORDS: [RegExp, string][] = [
  [/\bengagement rate\b/, 'engagement_rate'],
  [/\blikes?\b/, 'likes'],
  [/\bcomments?\b/, 'comments'],
  [/\bshares?\b/, 'shares'],
  [/\b(impressions|views|reach)\b/, 'impressions'],
  [/\bclicks?\b/, 'clicks'],
];

/**
 * The offline planner's reading of a social question ("which LinkedIn post got the most
 * engagement last month?", "follower growth by platform this quarter", "reach by platform last
 * month"), or null. Totals split by a column ("total likes by post type") stay with query_data.
 */
export function routeSocial(question: string): Record<string, unknown> | null {
  const q = question.toLowerCase();
  if (asksForForecast(question)) return null;
  const platform = platformIn(question);
  const social = Boolean(platform) || /\b(social|platforms?|audience|posts?)\b/.test(q);
  const args: Record<string, unknown> = {};
  if (platform) args.platform = platform;
  const from = periodWords(question);
  if (from) args.from = from;
  const grain = parseGrain(question);
  if (grain && grain !== 'year') args.grain = grain;
  const top = /\btop (\d{1,3})\b/.exec(q);
  if (top) args.limit = Number(top[1]);

  if (/\bfollowers?\b|\bfollower growth\b|\baudience growth\b/.test(q) && social) return { kind: 'follower_growth', ...args };
  const grouped = /\b(total|sum|number of|count of|how many|average|avg|mean)\b/.test(q);
  if (grouped) return null;
  if (/\bposts?\b/.test(q) && /\b(top|best|most|highest|best-performing|which|biggest)\b/.test(q)) {
    const metric = /\bmost engagement|\bengagement\b(?! rate)/.test(q) ? 'engagement' : METRIC_WORDS.find(([re]) => re.test(q))?.[1];
    return { kind: 'top_posts', ...(metric ? { metric } : {}), ...args };
  }
  if (/\b(ads?|campaigns?|advertising)\b/.test(q)) return null;
  if (/\breach\b|\bimpressions\b|\bviews\b/.test(q) && social) return { kind: 'reach', ...args };
  if (/\bengagement\b/.test(q) && social) return { kind: 'engagement', ...args };
  return null;
}
