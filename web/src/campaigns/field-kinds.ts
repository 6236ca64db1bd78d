/**
 * The names of the text field kinds, as `GET /api/campaigns/rules?platform=…` keys their limits
 * (the rule set's `fieldLimits(platform)`; the platform is the query, so the names are shared).
 * The limits themselves come from the server's rule set; the editor never keeps its own copy.
 */
export const KIND = {
  headline: 'headline',
  description: 'description',
  path: 'path',
  keyword: 'keyword',
  negativeKeyword: 'negativeKeyword',
  longHeadline: 'longHeadline',
  businessName: 'businessName',
  introText: 'introText',
  textAdHeadline: 'textAdHeadline',
  textAdDescription: 'textAdDescription',
  primaryText: 'primaryText',
} as const;
