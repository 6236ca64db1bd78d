import type {
  GoogleBiddingStrategy,
  KeywordMatchType,
  LinkedInImageAd,
  LinkedInObjective,
  MetaAd,
  MetaCampaign,
  MetaObjective,
  PmaxAssetGroup,
} from '../../../tools/campaigns/model';

/**
 * The choices the campaign forms offer. The web app takes only types from tools/, so the lists are
 * written here as records keyed by the model's unions: the compiler refuses a missing or an extra
 * value, so they cannot drift from tools/campaigns/model.ts.
 */
const keys = <K extends string>(record: Record<K, true>) => Object.keys(record) as K[];

export const KEYWORD_MATCH_TYPES = keys<KeywordMatchType>({ exact: true, phrase: true, broad: true });

export const GOOGLE_BIDDING_STRATEGIES = keys<GoogleBiddingStrategy>({
  MANUAL_CPC: true,
  MAXIMIZE_CLICKS: true,
  MAXIMIZE_CONVERSIONS: true,
  MAXIMIZE_CONVERSION_VALUE: true,
  TARGET_CPA: true,
  TARGET_ROAS: true,
  TARGET_IMPRESSION_SHARE: true,
});

export const PMAX_CALLS_TO_ACTION = keys<PmaxAssetGroup['callToAction']>({
  AUTOMATED: true,
  LEARN_MORE: true,
  GET_QUOTE: true,
  APPLY_NOW: true,
  SIGN_UP: true,
  CONTACT_US: true,
  SUBSCRIBE: true,
  DOWNLOAD: true,
  BOOK_NOW: true,
  SHOP_NOW: true,
  BUY_NOW: true,
});

export const LINKEDIN_OBJECTIVES = keys<LinkedInObjective>({
  BRAND_AWARENESS: true,
  WEBSITE_VISIT: true,
  ENGAGEMENT: true,
  VIDEO_VIEW: true,
  LEAD_GENERATION: true,
  WEBSITE_CONVERSION: true,
  JOB_APPLICANT: true,
});

export const LINKEDIN_CALLS_TO_ACTION = keys<LinkedInImageAd['callToAction']>({
  APPLY: true,
  DOWNLOAD: true,
  VIEW_QUOTE: true,
  LEARN_MORE: true,
  SIGN_UP: true,
  SUBSCRIBE: true,
  REGISTER: true,
  JOIN: true,
  ATTEND: true,
  REQUEST_DEMO: true,
});

export const META_OBJECTIVES = keys<MetaObjective>({
  OUTCOME_AWARENESS: true,
  OUTCOME_TRAFFIC: true,
  OUTCOME_ENGAGEMENT: true,
  OUTCOME_LEADS: true,
  OUTCOME_APP_PROMOTION: true,
  OUTCOME_SALES: true,
});

export const META_SPECIAL_AD_CATEGORIES = keys<MetaCampaign['specialAdCategories'][number]>({
  HOUSING: true,
  EMPLOYMENT: true,
  CREDIT: true,
  ISSUES_ELECTIONS_POLITICS: true,
  FINANCIAL_PRODUCTS_SERVICES: true,
});

export const META_CALLS_TO_ACTION = keys<MetaAd['callToAction']>({
  LEARN_MORE: true,
  SHOP_NOW: true,
  SIGN_UP: true,
  SUBSCRIBE: true,
  DOWNLOAD: true,
  GET_OFFER: true,
  GET_QUOTE: true,
  CONTACT_US: true,
  APPLY_NOW: true,
  BOOK_NOW: true,
  ORDER_NOW: true,
  BUY_NOW: true,
  WATCH_MORE: true,
  SEE_MORE: true,
  GET_STARTED: true,
  NO_BUTTON: true,
});
