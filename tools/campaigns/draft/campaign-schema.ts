import { z } from 'zod';
import {
  CAMPAIGN_PLATFORMS,
  GOOGLE_BIDDING_STRATEGIES,
  KEYWORD_MATCH_TYPES,
  LINKEDIN_CALLS_TO_ACTION,
  LINKEDIN_OBJECTIVES,
  META_CALLS_TO_ACTION,
  META_OBJECTIVES,
  META_SPECIAL_AD_CATEGORIES,
  PMAX_CALLS_TO_ACTION,
  type Campaign,
  type CampaignPlatform,
  type GooglePmaxCampaign,
  type GoogleSearchCampaign,
  type LinkedInCampaignGroup,
  type MetaCampaign,
} from '../model';

/**
 * The shape of a campaign (tools/campaigns/model.ts) as zod, for every place a campaign arrives
 * from outside: the editor's PATCH, the model's JSON. Shape only: lengths and counts the
 * platforms impose are the rule set's findings, not shape errors, so the caps here are far above
 * them and exist only so a hostile body cannot make the server hold or walk millions of items.
 */
const TEXT_MAX = 5_000;
const ITEMS_MAX = 200;

const id = z.string().min(1).max(100);
const text = z.string().max(TEXT_MAX);
const name = z.string().max(1_000);
const url = z.string().max(4_000);
const status = z.enum(['paused', 'enabled']);
const list = <T extends z.ZodType>(item: T, max = ITEMS_MAX) => z.array(item).max(max, `at most ${max} items`);
const money = z.object({ amount: z.number().finite().min(0).max(1e9), currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR') });
const copy = z.object({ id, text });
const pinnable = copy.extend({ pin: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional() });
const match = z.enum(KEYWORD_MATCH_TYPES);
const keyword = z.object({ id, text: z.string().max(1_000), match, maxCpc: z.number().finite().min(0).max(1e6).optional() });
const negative = z.object({ id, text: z.string().max(1_000), match });
const languages = list(z.string().min(2).max(20), 50);
const locations = list(z.string().min(1).max(200), 500);

const rsa = z.object({ id, headlines: list(pinnable), descriptions: list(pinnable), path1: z.string().max(1_000).optional(), path2: z.string().max(1_000).optional(), finalUrl: url, status });
const adGroup = z.object({ id, name, status, defaultMaxCpc: z.number().finite().min(0).max(1e6).optional(), keywords: list(keyword, 5_000), negativeKeywords: list(negative, 5_000), ads: list(rsa, 50) });

export const googleSearchSchema = z.object({
  platform: z.literal('google_search'),
  name,
  status,
  dailyBudget: money,
  bidding: z.object({ strategy: z.enum(GOOGLE_BIDDING_STRATEGIES), targetCpa: z.number().finite().min(0).optional(), targetRoas: z.number().finite().min(0).optional() }),
  languages,
  locations,
  networks: list(z.enum(['search', 'search_partners']), 2),
  negativeKeywords: list(negative, 5_000),
  adGroups: list(adGroup, 100),
}) satisfies z.ZodType<GoogleSearchCampaign>;

const assetGroup = z.object({
  id,
  name,
  status,
  finalUrl: url,
  headlines: list(copy),
  longHeadlines: list(copy),
  descriptions: list(copy),
  businessName: copy,
  callToAction: z.enum(PMAX_CALLS_TO_ACTION),
  path1: z.string().max(1_000).optional(),
  path2: z.string().max(1_000).optional(),
});

export const googlePmaxSchema = z.object({
  platform: z.literal('google_pmax'),
  name,
  status,
  dailyBudget: money,
  bidding: z.object({ strategy: z.enum(['MAXIMIZE_CONVERSIONS', 'MAXIMIZE_CONVERSION_VALUE']), targetCpa: z.number().finite().min(0).optional(), targetRoas: z.number().finite().min(0).optional() }),
  languages,
  locations,
  assetGroups: list(assetGroup, 100),
}) satisfies z.ZodType<GooglePmaxCampaign>;

const linkedInFacet = z.enum(['locations', 'titles', 'industries', 'skills', 'seniorities', 'functions', 'staffCounts', 'companies', 'interfaceLocales']);
const imageAd = z.object({
  id,
  format: z.literal('single_image'),
  name,
  introText: copy,
  headline: copy,
  description: copy.optional(),
  destinationUrl: url,
  callToAction: z.enum(LINKEDIN_CALLS_TO_ACTION),
  imageBrief: z.string().max(TEXT_MAX).optional(),
  status,
});
const textAd = z.object({ id, format: z.literal('text'), name, headline: copy, description: copy, destinationUrl: url, status });
const linkedInCampaign = z.object({
  id,
  name,
  status,
  objective: z.enum(LINKEDIN_OBJECTIVES),
  format: z.enum(['single_image', 'text']),
  dailyBudget: money,
  targeting: z.partialRecord(linkedInFacet, list(z.string().max(500), 500)),
  ads: list(z.discriminatedUnion('format', [imageAd, textAd]), 100),
});

export const linkedInSchema = z.object({
  platform: z.literal('linkedin'),
  name,
  status,
  totalBudget: money.optional(),
  campaigns: list(linkedInCampaign, 100),
}) satisfies z.ZodType<LinkedInCampaignGroup>;

const metaAd = z.object({
  id,
  name,
  primaryTexts: list(copy, 50),
  headlines: list(copy, 50),
  descriptions: list(copy, 50),
  callToAction: z.enum(META_CALLS_TO_ACTION),
  link: url,
  imageBrief: z.string().max(TEXT_MAX).optional(),
  status,
});
const adSet = z.object({
  id,
  name,
  status,
  dailyBudget: money,
  schedule: z.object({ start: z.iso.date(), end: z.iso.date().optional() }),
  audience: z.object({
    countries: list(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as DE'), 250),
    ageMin: z.number().int().min(13).max(65),
    ageMax: z.number().int().min(13).max(65),
    genders: list(z.enum(['male', 'female']), 2).optional(),
    interests: list(z.string().max(200), 200).optional(),
  }),
  placements: z.union([z.literal('automatic'), list(z.enum(['facebook', 'instagram', 'audience_network', 'messenger']), 4)]),
  ads: list(metaAd, 100),
});

export const metaSchema = z.object({
  platform: z.literal('meta'),
  name,
  status,
  objective: z.enum(META_OBJECTIVES),
  specialAdCategories: list(z.enum(META_SPECIAL_AD_CATEGORIES), 5),
  adSets: list(adSet, 100),
}) satisfies z.ZodType<MetaCampaign>;

export const CAMPAIGN_SCHEMAS = { google_search: googleSearchSchema, google_pmax: googlePmaxSchema, linkedin: linkedInSchema, meta: metaSchema } as const satisfies Record<CampaignPlatform, z.ZodType>;

export const campaignSchema = z.discriminatedUnion('platform', [googleSearchSchema, googlePmaxSchema, linkedInSchema, metaSchema]);

export const platformSchema = z.enum(CAMPAIGN_PLATFORMS);

export type ShapeCheck = { ok: true; campaign: Campaign } | { ok: false; path: string; message: string };

/** Whether `value` is a campaign of `platform`; the first problem names its path (`/adGroups/0/ads/0/finalUrl`). */
export function checkCampaignShape(value: unknown, platform: CampaignPlatform): ShapeCheck {
  const r = CAMPAIGN_SCHEMAS[platform].safeParse(value);
  if (r.success) return { ok: true, campaign: r.data as Campaign };
  const issue = r.error.issues[0];
  return { ok: false, path: `/${issue.path.map(String).join('/')}`, message: issue.message };
}
