import type { CampaignFinding, GoogleSearchCampaign } from '../../../../tools/campaigns/model';
import type { CampaignRecord, CampaignRules } from '../types';

/** A Google Search draft as the server stores one: one ad group, three keywords, one RSA. */
export function searchCampaign(): GoogleSearchCampaign {
  return {
    platform: 'google_search',
    name: 'Outdoor EU',
    status: 'paused',
    dailyBudget: { amount: 80, currency: 'EUR' },
    bidding: { strategy: 'MAXIMIZE_CLICKS' },
    languages: ['en'],
    locations: ['Germany', 'France'],
    networks: ['search'],
    negativeKeywords: [],
    adGroups: [
      {
        id: 'ag1',
        name: 'Hiking boots',
        status: 'paused',
        keywords: [
          { id: 'k1', text: 'hiking boots', match: 'phrase' },
          { id: 'k2', text: 'waterproof boots', match: 'exact' },
          { id: 'k3', text: 'boots', match: 'broad' },
        ],
        negativeKeywords: [],
        ads: [
          {
            id: 'ad1',
            headlines: [
              { id: 'h1', text: 'Hiking Boots for Every Trail' },
              { id: 'h2', text: 'The cheapest boots in Europe' },
              { id: 'h3', text: 'Free Returns on Boots' },
            ],
            descriptions: [
              { id: 'd1', text: 'Waterproof hiking boots tested on alpine trails. Order today.' },
              { id: 'd2', text: 'Free shipping across Europe on orders over €50.' },
            ],
            path1: 'boots',
            finalUrl: 'https://shop.example.com/boots',
            status: 'paused',
          },
        ],
      },
    ],
  };
}

/** The rule set's limits as `GET /api/campaigns/rules?platform=google_search` answers them. */
export const SEARCH_RULES: CampaignRules = {
  rulesVersion: 'test-1',
  fields: {
    headline: { max: 30, countDoubleWidth: true, rule: 'google.rsa.headline.length' },
    description: { max: 90, countDoubleWidth: true, rule: 'google.rsa.description.length' },
    path: { max: 15, countDoubleWidth: true, rule: 'google.rsa.path.length' },
    keyword: { max: 80, countDoubleWidth: true, rule: 'google.keyword.length' },
    negativeKeyword: { max: 80, countDoubleWidth: true, rule: 'google.keyword.length' },
  },
};

export const BANNED_CHEAPEST: CampaignFinding = {
  rule: 'brand.banned_term',
  severity: 'error',
  field: '/adGroups/0/ads/0/headlines/1/text',
  textId: 'h2',
  span: { start: 4, end: 12 },
  message: '“cheapest” is a banned term in your brand kit.',
};

export function record(over: Partial<CampaignRecord> = {}): CampaignRecord {
  return {
    id: 'c1',
    name: 'Outdoor EU',
    platform: 'google_search',
    version: 1,
    campaign: searchCampaign(),
    findings: [BANNED_CHEAPEST],
    rulesVersion: 'test-1',
    grounding: { author: 'template', notes: ['Top category in Europe last 90 days: Outdoor, €412k'] },
    updatedAt: '2026-12-03T10:00:00.000Z',
    conversationId: 'conv1',
    ...over,
  };
}
