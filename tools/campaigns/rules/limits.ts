/**
 * The platforms' length and count limits, as data. Sources: the research notes' section 1
 * (Google RSA / Performance Max / keyword references, LinkedIn help a426534 and text-ad specs,
 * Meta's recommended visible lengths). `fieldLimits` and the validator both read these tables,
 * so a number lives in exactly one place.
 */
import type { CampaignPlatform, FindingSeverity } from '../model.js';

interface RuleMeta {
  /** Stable id, `platform.entity.field.check`. */
  id: string;
  platform: CampaignPlatform;
  severity: FindingSeverity;
}

/** A text of these field kinds must count at most `max` characters. Warnings say where a platform truncates. */
export interface LengthRule extends RuleMeta {
  type: 'length';
  fields: string[];
  max: number;
  countDoubleWidth: boolean;
  /** `{label}`, `{counted}` ("is 34 characters"), `{max}`, `{over}`. */
  message: string;
}

/** A text of these field kinds must have at most `max` words. */
export interface WordsRule extends RuleMeta {
  type: 'words';
  fields: string[];
  max: number;
  /** `{label}`, `{count}`, `{max}`, `{over}`. */
  message: string;
}

/** A list of this collection kind must hold between `min` and `max` items. */
export interface CountRule extends RuleMeta {
  type: 'count';
  collection: string;
  /** What the list holds, singular, for messages ("headline"; `{counted}` is "3 headlines"). */
  noun: string;
  min?: number;
  max?: number;
  /** `{owner}`, `{count}`, `{counted}`, `{min}`, `{missing}`. */
  tooFew?: string;
  /** `{owner}`, `{count}`, `{counted}`, `{max}`, `{over}`. */
  tooMany?: string;
}

const SHORTEN = '{label} {counted}; Google allows {max}. Shorten it by {over}.';
const FEW = '{owner} has {counted}; Google needs at least {min}. Add {missing}.';
const MANY = '{owner} has {counted}; Google allows {max}. Remove {over}.';

const google = (platform: 'google_search' | 'google_pmax', id: string, fields: string[], max: number): LengthRule => ({
  id,
  platform,
  type: 'length',
  severity: 'error',
  fields,
  max,
  countDoubleWidth: true,
  message: SHORTEN,
});

const linkedin = (id: string, fields: string[], max: number, severity: FindingSeverity = 'error', message = '{label} {counted}; LinkedIn allows {max}. Shorten it by {over}.'): LengthRule => ({
  id,
  platform: 'linkedin',
  type: 'length',
  severity,
  fields,
  max,
  countDoubleWidth: false,
  message,
});

const truncatedOnLinkedIn = '{label} {counted}; LinkedIn shows about {max} before cutting it off. Put what matters in the first {max}, or shorten it by {over}.';
const truncatedOnMeta = '{label} {counted}; Meta shows about {max} before cutting it off. Put what matters first, or shorten it by {over}.';

export const LENGTH_RULES: LengthRule[] = [
  google('google_search', 'google.rsa.headline.length', ['headline'], 30),
  google('google_search', 'google.rsa.description.length', ['description'], 90),
  google('google_search', 'google.rsa.path.length', ['path'], 15),
  google('google_search', 'google.keyword.length', ['keyword', 'negativeKeyword'], 80),
  google('google_pmax', 'google.pmax.headline.length', ['headline'], 30),
  google('google_pmax', 'google.pmax.long_headline.length', ['longHeadline'], 90),
  google('google_pmax', 'google.pmax.description.length', ['description'], 90),
  google('google_pmax', 'google.pmax.business_name.length', ['businessName'], 25),
  google('google_pmax', 'google.pmax.path.length', ['path'], 15),
  linkedin('linkedin.image.intro_text.length', ['introText'], 600),
  linkedin('linkedin.image.intro_text.truncated', ['introText'], 150, 'warning', truncatedOnLinkedIn),
  linkedin('linkedin.image.headline.length', ['headline'], 200),
  linkedin('linkedin.image.headline.truncated', ['headline'], 70, 'warning', truncatedOnLinkedIn),
  linkedin('linkedin.image.description.length', ['description'], 300),
  linkedin('linkedin.image.description.truncated', ['description'], 100, 'warning', truncatedOnLinkedIn),
  linkedin('linkedin.text.headline.length', ['textAdHeadline'], 25),
  linkedin('linkedin.text.description.length', ['textAdDescription'], 75),
  linkedin('linkedin.ad.name.length', ['adName'], 255),
  linkedin('linkedin.ad.url.length', ['destinationUrl'], 2000),
  // Meta publishes no hard maxima and truncates rather than rejects: these are warnings at the visible length.
  { id: 'meta.ad.primary_text.truncated', platform: 'meta', type: 'length', severity: 'warning', fields: ['primaryText'], max: 125, countDoubleWidth: false, message: truncatedOnMeta },
  { id: 'meta.ad.headline.truncated', platform: 'meta', type: 'length', severity: 'warning', fields: ['headline'], max: 40, countDoubleWidth: false, message: truncatedOnMeta },
  { id: 'meta.ad.description.truncated', platform: 'meta', type: 'length', severity: 'warning', fields: ['description'], max: 30, countDoubleWidth: false, message: truncatedOnMeta },
];

export const WORDS_RULES: WordsRule[] = [
  { id: 'google.keyword.words', platform: 'google_search', type: 'words', severity: 'error', fields: ['keyword', 'negativeKeyword'], max: 10, message: '{label} has {count} words; Google allows {max}. Drop {over}.' },
];

const count = (platform: CampaignPlatform, id: string, collection: string, noun: string, min: number | undefined, max: number | undefined, brand = 'Google', severity: FindingSeverity = 'error'): CountRule => ({
  id,
  platform,
  type: 'count',
  severity,
  collection,
  noun,
  min,
  max,
  tooFew: FEW.replace('Google', brand),
  tooMany: MANY.replace('Google', brand),
});

export const COUNT_RULES: CountRule[] = [
  count('google_search', 'google.rsa.headlines.count', 'rsa.headlines', 'headline', 3, 15),
  count('google_search', 'google.rsa.descriptions.count', 'rsa.descriptions', 'description', 2, 4),
  {
    ...count('google_search', 'google.ad_group.enabled_rsas', 'adGroup.enabledAds', 'enabled responsive search ad', undefined, 3),
    tooMany: '{owner} has {counted}; Google allows {max} per ad group. Pause or remove {over}.',
  },
  count('google_search', 'google.ad_group.ads.count', 'adGroup.ads', 'ad', 1, undefined, 'Google', 'warning'),
  count('google_search', 'google.campaign.ad_groups.count', 'campaign.adGroups', 'ad group', 1, undefined),
  count('google_pmax', 'google.pmax.headlines.count', 'assetGroup.headlines', 'headline', 3, 15),
  count('google_pmax', 'google.pmax.long_headlines.count', 'assetGroup.longHeadlines', 'long headline', 1, 5),
  count('google_pmax', 'google.pmax.descriptions.count', 'assetGroup.descriptions', 'description', 2, 5),
  count('google_pmax', 'google.pmax.asset_groups.count', 'campaign.assetGroups', 'asset group', 1, 100),
  count('linkedin', 'linkedin.group.campaigns.count', 'group.campaigns', 'campaign', 1, undefined, 'LinkedIn'),
  count('linkedin', 'linkedin.campaign.ads.count', 'campaign.ads', 'ad', 1, 15, 'LinkedIn'),
  count('meta', 'meta.campaign.ad_sets.count', 'campaign.adSets', 'ad set', 1, undefined, 'Meta'),
  count('meta', 'meta.ad_set.ads.count', 'adSet.ads', 'ad', 1, undefined, 'Meta'),
  count('meta', 'meta.ad.primary_texts.count', 'ad.primaryTexts', 'primary text', 1, 5, 'Meta'),
  count('meta', 'meta.ad.headlines.count', 'ad.headlines', 'headline', undefined, 5, 'Meta'),
  count('meta', 'meta.ad.descriptions.count', 'ad.descriptions', 'description', undefined, 5, 'Meta'),
];

/** What the editor needs to draw a live counter for one field kind. Plain JSON. */
export interface FieldLimit {
  /** The hard limit (an error past it); absent where the platform truncates instead of refusing. */
  max?: number;
  /** Where the platform starts cutting the text off (a warning past it). */
  warnAt?: number;
  countDoubleWidth: boolean;
  /** The rule ids behind `max` and `warnAt`, so findings and counters line up. */
  rule?: string;
  warnRule?: string;
}

/** Per text field kind of a platform, its limits, derived from LENGTH_RULES. */
export function fieldLimits(platform: CampaignPlatform): Record<string, FieldLimit> {
  const out: Record<string, FieldLimit> = {};
  for (const rule of LENGTH_RULES) {
    if (rule.platform !== platform) continue;
    for (const field of rule.fields) {
      const limit = (out[field] ??= { countDoubleWidth: rule.countDoubleWidth });
      if (rule.severity === 'error') Object.assign(limit, { max: rule.max, rule: rule.id });
      else Object.assign(limit, { warnAt: rule.max, warnRule: rule.id });
    }
  }
  return out;
}

/** Per collection kind of a platform, how many items it may hold (for the editor's add/remove buttons). */
export function listLimits(platform: CampaignPlatform): Record<string, { min?: number; max?: number; rule: string }> {
  const out: Record<string, { min?: number; max?: number; rule: string }> = {};
  for (const rule of COUNT_RULES) {
    if (rule.platform !== platform || rule.severity !== 'error') continue;
    out[rule.collection] = { ...(rule.min !== undefined && { min: rule.min }), ...(rule.max !== undefined && { max: rule.max }), rule: rule.id };
  }
  return out;
}
