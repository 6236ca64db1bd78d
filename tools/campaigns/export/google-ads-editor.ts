/**
 * Google Ads Editor's CSV import (support.google.com/google-ads/editor/answer/57747 and the
 * Editor-format files the research notes cite): one row per campaign, location, campaign negative,
 * ad group, keyword, negative keyword and ad, the way Editor reads them — each row names its
 * campaign (and ad group) and fills only the columns of its own entity; a blank cell means "no
 * change" to Editor.
 */
import type { EntityStatus, GooglePmaxCampaign, GoogleSearchCampaign, KeywordMatchType } from '../model.js';
import type { Cell } from './csv.js';

const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i + 1));

/** Editor spells statuses and strategies as its UI does. */
export const EDITOR_STATUS: Record<EntityStatus, string> = { paused: 'Paused', enabled: 'Enabled' };
export const EDITOR_BID_STRATEGY: Record<string, string> = {
  MANUAL_CPC: 'Manual CPC',
  MAXIMIZE_CLICKS: 'Maximize clicks',
  MAXIMIZE_CONVERSIONS: 'Maximize conversions',
  MAXIMIZE_CONVERSION_VALUE: 'Maximize conversion value',
  TARGET_CPA: 'Target CPA',
  TARGET_ROAS: 'Target ROAS',
  TARGET_IMPRESSION_SHARE: 'Target impression share',
};
export const EDITOR_MATCH: Record<KeywordMatchType, string> = { broad: 'Broad', phrase: 'Phrase', exact: 'Exact' };
const NETWORKS = { search: 'Google Search', search_partners: 'Search Partners' } as const;

const CAMPAIGN_COLUMNS = ['Campaign', 'Campaign type', 'Campaign daily budget', 'Bid Strategy Type', 'Target CPA', 'Target ROAS', 'Languages', 'Location', 'Networks', 'Campaign Status'];

export const SEARCH_COLUMNS = [
  ...CAMPAIGN_COLUMNS,
  'Ad group',
  'Ad Group Status',
  'Max CPC',
  'Keyword',
  'Criterion Type',
  'Ad type',
  ...range(15, (i) => `Headline ${i}`),
  ...range(15, (i) => `Headline ${i} position`),
  ...range(4, (i) => `Description ${i}`),
  ...range(4, (i) => `Description ${i} position`),
  'Path 1',
  'Path 2',
  'Final URL',
  'Status',
];

export const PMAX_COLUMNS = [
  ...CAMPAIGN_COLUMNS,
  'Asset Group',
  'Asset Group Status',
  ...range(15, (i) => `Headline ${i}`),
  ...range(5, (i) => `Long headline ${i}`),
  ...range(5, (i) => `Description ${i}`),
  'Business name',
  'Call to action',
  'Path 1',
  'Path 2',
  'Final URL',
];

function campaignRows(c: GoogleSearchCampaign | GooglePmaxCampaign): Record<string, Cell>[] {
  const rows: Record<string, Cell>[] = [
    {
      Campaign: c.name,
      'Campaign type': c.platform === 'google_search' ? 'Search' : 'Performance Max',
      'Campaign daily budget': c.dailyBudget.amount,
      'Bid Strategy Type': EDITOR_BID_STRATEGY[c.bidding.strategy],
      'Target CPA': c.bidding.targetCpa,
      'Target ROAS': c.bidding.targetRoas,
      Languages: c.languages.join(';'),
      Networks: c.platform === 'google_search' ? c.networks.map((n) => NETWORKS[n]).join(';') : undefined,
      'Campaign Status': EDITOR_STATUS[c.status],
    },
  ];
  for (const location of c.locations) rows.push({ Campaign: c.name, Location: location });
  return rows;
}

export function searchRows(c: GoogleSearchCampaign): Record<string, Cell>[] {
  const rows = campaignRows(c);
  for (const k of c.negativeKeywords) rows.push({ Campaign: c.name, Keyword: k.text, 'Criterion Type': `Campaign Negative ${EDITOR_MATCH[k.match]}` });
  for (const g of c.adGroups) {
    const group = { Campaign: c.name, 'Ad group': g.name };
    rows.push({ ...group, 'Ad Group Status': EDITOR_STATUS[g.status], 'Max CPC': g.defaultMaxCpc });
    for (const k of g.keywords) rows.push({ ...group, Keyword: k.text, 'Criterion Type': EDITOR_MATCH[k.match], 'Max CPC': k.maxCpc, Status: EDITOR_STATUS.enabled });
    for (const k of g.negativeKeywords) rows.push({ ...group, Keyword: k.text, 'Criterion Type': `Negative ${EDITOR_MATCH[k.match]}` });
    for (const ad of g.ads) {
      const row: Record<string, Cell> = { ...group, 'Ad type': 'Responsive search ad', 'Path 1': ad.path1, 'Path 2': ad.path2, 'Final URL': ad.finalUrl, Status: EDITOR_STATUS[ad.status] };
      ad.headlines.slice(0, 15).forEach((h, i) => Object.assign(row, { [`Headline ${i + 1}`]: h.text, [`Headline ${i + 1} position`]: h.pin }));
      ad.descriptions.slice(0, 4).forEach((d, i) => Object.assign(row, { [`Description ${i + 1}`]: d.text, [`Description ${i + 1} position`]: d.pin }));
      rows.push(row);
    }
  }
  return rows;
}

export function pmaxRows(c: GooglePmaxCampaign): Record<string, Cell>[] {
  const rows = campaignRows(c);
  for (const g of c.assetGroups) {
    const row: Record<string, Cell> = {
      Campaign: c.name,
      'Asset Group': g.name,
      'Asset Group Status': EDITOR_STATUS[g.status],
      'Business name': g.businessName.text,
      'Call to action': g.callToAction === 'AUTOMATED' ? 'Automated' : g.callToAction.toLowerCase().replace(/_/g, ' ').replace(/^./, (ch) => ch.toUpperCase()),
      'Path 1': g.path1,
      'Path 2': g.path2,
      'Final URL': g.finalUrl,
    };
    g.headlines.slice(0, 15).forEach((h, i) => (row[`Headline ${i + 1}`] = h.text));
    g.longHeadlines.slice(0, 5).forEach((h, i) => (row[`Long headline ${i + 1}`] = h.text));
    g.descriptions.slice(0, 5).forEach((d, i) => (row[`Description ${i + 1}`] = d.text));
    rows.push(row);
  }
  return rows;
}
