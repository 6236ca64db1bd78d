/**
 * The names of the text field kinds, as `GET /api/campaigns/rules` keys their limits. The limits
 * themselves come from the server's rule set; the editor never keeps its own copy of them.
 */
export const KIND = {
  searchHeadline: 'google_search.headline',
  searchDescription: 'google_search.description',
  searchPath: 'google_search.path',
  searchKeyword: 'google_search.keyword',
  pmaxHeadline: 'google_pmax.headline',
  pmaxLongHeadline: 'google_pmax.long_headline',
  pmaxDescription: 'google_pmax.description',
  pmaxBusinessName: 'google_pmax.business_name',
  pmaxPath: 'google_pmax.path',
  linkedinIntro: 'linkedin.intro_text',
  linkedinHeadline: 'linkedin.headline',
  linkedinDescription: 'linkedin.description',
  linkedinTextHeadline: 'linkedin.text_ad_headline',
  linkedinTextDescription: 'linkedin.text_ad_description',
  metaPrimary: 'meta.primary_text',
  metaHeadline: 'meta.headline',
  metaDescription: 'meta.description',
} as const;
