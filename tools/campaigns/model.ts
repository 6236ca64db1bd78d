/**
 * The campaign model: what a `campaign` artifact holds, what the validator checks, what the
 * editor edits and what the exports write. One draft is one platform's campaign; every text a
 * platform shows is a `CopyText` so the editor, the rules and the brand kit address it the same way.
 *
 * Everything a draft sets up is paused: `status` is 'paused' on every level until a person
 * changes it on the ad platform itself; Parley never launches spend.
 */

export const CAMPAIGN_PLATFORMS = ['google_search', 'google_pmax', 'linkedin', 'meta'] as const;
export type CampaignPlatform = (typeof CAMPAIGN_PLATFORMS)[number];

/** Paused by default everywhere; the exports write it as each platform spells it. */
export type EntityStatus = 'paused' | 'enabled';

/** One piece of ad copy. `id` is stable across versions so edits, pins and findings follow the text, not its position. */
export interface CopyText {
  id: string;
  text: string;
}

/** A Google RSA headline or description may be pinned to a position (HEADLINE_1..3, DESCRIPTION_1..2). */
export interface PinnableText extends CopyText {
  pin?: 1 | 2 | 3;
}

export interface Money {
  amount: number;
  /** ISO 4217, e.g. EUR. */
  currency: string;
}

export const KEYWORD_MATCH_TYPES = ['exact', 'phrase', 'broad'] as const;
export type KeywordMatchType = (typeof KEYWORD_MATCH_TYPES)[number];

export interface Keyword {
  id: string;
  text: string;
  match: KeywordMatchType;
  /** Max CPC bid for this keyword, when set (manual bidding). */
  maxCpc?: number;
}

export interface NegativeKeyword {
  id: string;
  text: string;
  match: KeywordMatchType;
}

/** A Google responsive search ad: 3–15 headlines ≤30, 2–4 descriptions ≤90, two paths ≤15. */
export interface ResponsiveSearchAd {
  id: string;
  headlines: PinnableText[];
  descriptions: PinnableText[];
  path1?: string;
  path2?: string;
  finalUrl: string;
  status: EntityStatus;
}

export interface GoogleAdGroup {
  id: string;
  name: string;
  status: EntityStatus;
  defaultMaxCpc?: number;
  keywords: Keyword[];
  negativeKeywords: NegativeKeyword[];
  ads: ResponsiveSearchAd[];
}

export const GOOGLE_BIDDING_STRATEGIES = [
  'MANUAL_CPC',
  'MAXIMIZE_CLICKS',
  'MAXIMIZE_CONVERSIONS',
  'MAXIMIZE_CONVERSION_VALUE',
  'TARGET_CPA',
  'TARGET_ROAS',
  'TARGET_IMPRESSION_SHARE',
] as const;
export type GoogleBiddingStrategy = (typeof GOOGLE_BIDDING_STRATEGIES)[number];

export interface GoogleSearchCampaign {
  platform: 'google_search';
  name: string;
  status: EntityStatus;
  dailyBudget: Money;
  bidding: { strategy: GoogleBiddingStrategy; targetCpa?: number; targetRoas?: number };
  /** Language codes (ISO 639-1) the campaign targets, e.g. ['en', 'fr']. */
  languages: string[];
  /** Location names or Google geo target ids, one per entry. */
  locations: string[];
  networks: ('search' | 'search_partners')[];
  negativeKeywords: NegativeKeyword[];
  adGroups: GoogleAdGroup[];
}

export const PMAX_CALLS_TO_ACTION = ['AUTOMATED', 'LEARN_MORE', 'GET_QUOTE', 'APPLY_NOW', 'SIGN_UP', 'CONTACT_US', 'SUBSCRIBE', 'DOWNLOAD', 'BOOK_NOW', 'SHOP_NOW', 'BUY_NOW'] as const;

/** A Performance Max asset group: headlines 3–15 ≤30 (one ≤15), long headlines 1–5 ≤90, descriptions 2–5 ≤90 (one ≤60), business name ≤25. */
export interface PmaxAssetGroup {
  id: string;
  name: string;
  status: EntityStatus;
  finalUrl: string;
  headlines: CopyText[];
  longHeadlines: CopyText[];
  descriptions: CopyText[];
  businessName: CopyText;
  callToAction: (typeof PMAX_CALLS_TO_ACTION)[number];
  path1?: string;
  path2?: string;
}

export interface GooglePmaxCampaign {
  platform: 'google_pmax';
  name: string;
  status: EntityStatus;
  dailyBudget: Money;
  bidding: { strategy: 'MAXIMIZE_CONVERSIONS' | 'MAXIMIZE_CONVERSION_VALUE'; targetCpa?: number; targetRoas?: number };
  languages: string[];
  locations: string[];
  assetGroups: PmaxAssetGroup[];
}

export const LINKEDIN_OBJECTIVES = ['BRAND_AWARENESS', 'WEBSITE_VISIT', 'ENGAGEMENT', 'VIDEO_VIEW', 'LEAD_GENERATION', 'WEBSITE_CONVERSION', 'JOB_APPLICANT'] as const;
export type LinkedInObjective = (typeof LINKEDIN_OBJECTIVES)[number];
export const LINKEDIN_CALLS_TO_ACTION = ['APPLY', 'DOWNLOAD', 'VIEW_QUOTE', 'LEARN_MORE', 'SIGN_UP', 'SUBSCRIBE', 'REGISTER', 'JOIN', 'ATTEND', 'REQUEST_DEMO'] as const;

/** LinkedIn targeting facets (locations, titles, industries, seniorities, …) to their values, as people name them. */
export type LinkedInTargeting = Partial<Record<'locations' | 'titles' | 'industries' | 'skills' | 'seniorities' | 'functions' | 'staffCounts' | 'companies' | 'interfaceLocales', string[]>>;

/** Single-image ad: intro text (150 shown, ≤600), headline (70 shown, ≤200), description (≤300), destination URL. */
export interface LinkedInImageAd {
  id: string;
  format: 'single_image';
  name: string;
  introText: CopyText;
  headline: CopyText;
  description?: CopyText;
  destinationUrl: string;
  callToAction: (typeof LINKEDIN_CALLS_TO_ACTION)[number];
  /** What the image should show, for the designer; Parley does not make images. */
  imageBrief?: string;
  status: EntityStatus;
}

/** Text ad: headline ≤25, description ≤75. */
export interface LinkedInTextAd {
  id: string;
  format: 'text';
  name: string;
  headline: CopyText;
  description: CopyText;
  destinationUrl: string;
  status: EntityStatus;
}

export interface LinkedInCampaign {
  id: string;
  name: string;
  status: EntityStatus;
  objective: LinkedInObjective;
  format: 'single_image' | 'text';
  dailyBudget: Money;
  targeting: LinkedInTargeting;
  ads: (LinkedInImageAd | LinkedInTextAd)[];
}

/** LinkedIn: campaign group → campaigns (objective, targeting, budget) → ads. */
export interface LinkedInCampaignGroup {
  platform: 'linkedin';
  name: string;
  status: EntityStatus;
  /** The group's total budget, when set. */
  totalBudget?: Money;
  campaigns: LinkedInCampaign[];
}

export const META_OBJECTIVES = ['OUTCOME_AWARENESS', 'OUTCOME_TRAFFIC', 'OUTCOME_ENGAGEMENT', 'OUTCOME_LEADS', 'OUTCOME_APP_PROMOTION', 'OUTCOME_SALES'] as const;
export type MetaObjective = (typeof META_OBJECTIVES)[number];
export const META_SPECIAL_AD_CATEGORIES = ['HOUSING', 'EMPLOYMENT', 'CREDIT', 'ISSUES_ELECTIONS_POLITICS', 'FINANCIAL_PRODUCTS_SERVICES'] as const;
export const META_CALLS_TO_ACTION = ['LEARN_MORE', 'SHOP_NOW', 'SIGN_UP', 'SUBSCRIBE', 'DOWNLOAD', 'GET_OFFER', 'GET_QUOTE', 'CONTACT_US', 'APPLY_NOW', 'BOOK_NOW', 'ORDER_NOW', 'BUY_NOW', 'WATCH_MORE', 'SEE_MORE', 'GET_STARTED', 'NO_BUTTON'] as const;

export interface MetaAudience {
  /** ISO 3166-1 alpha-2 country codes. */
  countries: string[];
  ageMin: number;
  ageMax: number;
  genders?: ('male' | 'female')[];
  interests?: string[];
}

/** Primary text (~125 shown), headline (~40), description (~30); up to 5 variants of each. */
export interface MetaAd {
  id: string;
  name: string;
  primaryTexts: CopyText[];
  headlines: CopyText[];
  descriptions: CopyText[];
  callToAction: (typeof META_CALLS_TO_ACTION)[number];
  link: string;
  imageBrief?: string;
  status: EntityStatus;
}

export interface MetaAdSet {
  id: string;
  name: string;
  status: EntityStatus;
  dailyBudget: Money;
  /** ISO dates (YYYY-MM-DD); end optional. */
  schedule: { start: string; end?: string };
  audience: MetaAudience;
  placements: 'automatic' | ('facebook' | 'instagram' | 'audience_network' | 'messenger')[];
  ads: MetaAd[];
}

export interface MetaCampaign {
  platform: 'meta';
  name: string;
  status: EntityStatus;
  objective: MetaObjective;
  /** Required by Meta on create; [] when none applies. */
  specialAdCategories: (typeof META_SPECIAL_AD_CATEGORIES)[number][];
  adSets: MetaAdSet[];
}

export type Campaign = GoogleSearchCampaign | GooglePmaxCampaign | LinkedInCampaignGroup | MetaCampaign;

export type FindingSeverity = 'error' | 'warning';

/**
 * One thing a rule found. `field` is a JSON-pointer-like path into the campaign
 * (`/adGroups/0/ads/0/headlines/2/text`); `textId` names the CopyText when the finding is about one,
 * so the editor marks it even after reordering. `span` is the offending characters, when known.
 */
export interface CampaignFinding {
  /** The rule's id in the rule set, e.g. `google.rsa.headline.length`, `brand.banned_term`. */
  rule: string;
  severity: FindingSeverity;
  field: string;
  textId?: string;
  span?: { start: number; end: number };
  message: string;
  /** A replacement for the span when the rule knows one (a preferred term, a trademark's spelling), so the editor can offer it. */
  suggestion?: string;
}

/** Where a draft's facts came from, shown with it: the data it was grounded in, or "template". */
export interface CampaignGrounding {
  /** 'model': written by the language model; 'template': the offline planner filled templates with data. */
  author: 'model' | 'template';
  /** Plain words for what the draft is based on ("Top category in Europe last 90 days: Outdoor, €412k"). */
  notes: string[];
  /** The SQL that fetched the facts, when any. */
  sql?: string[];
}

/** What a `campaign` artifact holds: one version of one draft. */
export interface CampaignArtifactData {
  /** The stored draft (GET /api/campaigns/:id); the artifact is a snapshot of one version of it. */
  campaignId: string;
  version: number;
  campaign: Campaign;
  findings: CampaignFinding[];
  /** The rule set version the findings come from. */
  rulesVersion: string;
  grounding: CampaignGrounding;
  /** The web editor's address for this draft (channels link to it). */
  editorPath: string;
}

/** A workspace's brand kit: checked against every generated or edited text like the platform rules. */
export interface BrandKit {
  voice: string;
  /** Words or phrases never to use (matched case-insensitively on word boundaries). */
  bannedTerms: string[];
  /** Use `use` instead of `insteadOf`. */
  preferredTerms: { use: string; insteadOf: string }[];
  /** Text that must appear, and where (e.g. Google description, Meta primary text, LinkedIn intro text). */
  requiredDisclaimers: { text: string; where: 'any_description' | 'every_ad' | 'primary_text' }[];
  /** Trademarks spelled as the brand spells them (capitalisation the rules must allow). */
  trademarks: string[];
  /** ISO 639-1 language of the copy. */
  language: string;
}
