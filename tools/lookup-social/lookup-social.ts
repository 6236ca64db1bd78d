import { z } from 'zod';
import { defineTool, type ToolResult } from '../types';
import { LOOKUP_GRAINS, plural, resolvePeriod, runLookup, summarizeLookup } from '../lookup-payments/lookup-common';
import { platformIn, routeSocial } from './route';
import { engagementTemplate, followerGrowthTemplate, POST_METRICS, reachTemplate, topPostsTemplate, type SocialQuery } from './social-templates';

export const SOCIAL_KINDS = ['top_posts', 'follower_growth', 'reach', 'engagement'] as const;
export type SocialKind = (typeof SOCIAL_KINDS)[number];

const DEFAULT_DAYS = 30;
const DEFAULT_TOP = 10;

export const lookupSocialSchema = z.object({
  kind: z
    .enum(SOCIAL_KINDS)
    .describe('top_posts: the best posts by a metric; follower_growth: followers gained per platform; reach: impressions/views per platform; engagement: likes, comments, shares and clicks on posts per platform.'),
  platform: z.string().min(1).max(40).optional().describe('Only this platform: linkedin, instagram, facebook, tiktok or x.'),
  from: z.string().min(1).max(60).optional().describe('First day included (YYYY-MM-DD), or a period in words alone ("last month", "this quarter", "March").'),
  to: z.string().min(1).max(60).optional().describe('Last day included (YYYY-MM-DD); omit for up to today.'),
  grain: z.enum(LOOKUP_GRAINS).optional().describe('Split the period by day, week, month or quarter; omit for one row per platform over the whole period.'),
  limit: z.number().int().min(1).max(500).optional().describe(`For top_posts: how many posts (default ${DEFAULT_TOP}).`),
  metric: z.enum(POST_METRICS).optional().describe('For top_posts: rank by this (default engagement = likes + comments + shares + clicks).'),
});

/**
 * lookup_social: the workspace's social accounts (LinkedIn, Facebook, Instagram, synced into
 * Parley) or the demo warehouse's, from fixed templates with bound values.
 */
export function createLookupSocialTool() {
  return defineTool({
    name: 'lookup_social',
    description:
      'Look up social media data (connected LinkedIn/Facebook/Instagram accounts, or the demo data): top posts by engagement or another metric, follower growth, reach and engagement by platform, for any date range. Returns a table. Use it for such questions instead of query_data.',
    schema: lookupSocialSchema,
    async run(input, ctx): Promise<ToolResult> {
      const today = ctx.now().toISOString().slice(0, 10);
      const period = resolvePeriod(input, today, DEFAULT_DAYS);
      if (!period || 'error' in period) return { ok: false, error: period?.error ?? 'no period' };
      const platform = input.platform ? (platformIn(input.platform) ?? input.platform.toLowerCase()) : undefined;
      const q: SocialQuery = { platform, period, grain: input.grain, limit: input.limit ?? DEFAULT_TOP, metric: input.metric ?? 'engagement' };
      return runLookup(
        ctx,
        'social',
        (source) => {
          switch (input.kind) {
            case 'top_posts':
              return topPostsTemplate(source.origin, q);
            case 'follower_growth':
              return followerGrowthTemplate(source.origin, q);
            case 'reach':
              return reachTemplate(source.origin, q);
            case 'engagement':
              return engagementTemplate(source.origin, q);
          }
        },
        (rows, source) => {
          const scope = `${source.label} (${[platform, period.label].filter(Boolean).join(', ')})`;
          if (input.kind === 'top_posts') return `${rows.rowCount ? `The top ${plural(rows.rowCount, 'post')} by ${q.metric.replace('_', ' ')}` : 'No posts'} from ${scope}.`;
          return `${plural(rows.rowCount, 'row')} of ${input.kind.replace('_', ' ')} from ${scope}.`;
        },
      );
    },
    offline: { route: routeSocial, summarize: summarizeLookup },
  });
}
