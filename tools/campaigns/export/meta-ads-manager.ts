/**
 * Meta Ads Manager's import sheet (the column names the research notes give, section 2c): one row
 * per ad carrying its campaign and ad set columns. Body is the primary text, Title the headline,
 * Link Description the description. Extra text variants (Meta allows five of each) go to numbered
 * columns (`Body 2` … `Body 5`): that naming is ours, as no official column list was found.
 */
import type { EntityStatus, MetaCampaign } from '../model.js';
import type { Cell } from './csv.js';

export const META_STATUS: Record<EntityStatus, string> = { paused: 'PAUSED', enabled: 'ACTIVE' };
const VARIANTS = [2, 3, 4, 5];

export const META_COLUMNS = [
  'Campaign Name',
  'Campaign Status',
  'Special Ad Categories',
  'Campaign Objective',
  'Buying Type',
  'Ad Set Name',
  'Ad Set Run Status',
  'Ad Set Time Start',
  'Ad Set Time Stop',
  'Ad Set Daily Budget',
  'Countries',
  'Gender',
  'Age Min',
  'Age Max',
  'Publisher Platforms',
  'Ad Name',
  'Ad Status',
  'Title',
  'Body',
  'Link Description',
  ...VARIANTS.map((n) => `Title ${n}`),
  ...VARIANTS.map((n) => `Body ${n}`),
  ...VARIANTS.map((n) => `Link Description ${n}`),
  'Link',
  'Call to Action',
  'Creative Type',
  'Image Brief',
];

const GENDER = (g?: ('male' | 'female')[]) => (!g || g.length !== 1 ? 'All' : g[0] === 'male' ? 'Men' : 'Women');

export function metaRows(c: MetaCampaign): Record<string, Cell>[] {
  const rows: Record<string, Cell>[] = [];
  const campaign = {
    'Campaign Name': c.name,
    'Campaign Status': META_STATUS[c.status],
    'Special Ad Categories': (c.specialAdCategories ?? []).join(', '),
    'Campaign Objective': c.objective,
    'Buying Type': 'AUCTION',
  };
  for (const s of c.adSets) {
    const adSet = {
      ...campaign,
      'Ad Set Name': s.name,
      'Ad Set Run Status': META_STATUS[s.status],
      'Ad Set Time Start': s.schedule.start,
      'Ad Set Time Stop': s.schedule.end,
      'Ad Set Daily Budget': s.dailyBudget.amount,
      Countries: s.audience.countries.join(', '),
      Gender: GENDER(s.audience.genders),
      'Age Min': s.audience.ageMin,
      'Age Max': s.audience.ageMax,
      'Publisher Platforms': s.placements === 'automatic' ? undefined : s.placements.join(', '),
    };
    for (const ad of s.ads) {
      const row: Record<string, Cell> = {
        ...adSet,
        'Ad Name': ad.name,
        'Ad Status': META_STATUS[ad.status],
        Title: ad.headlines[0]?.text,
        Body: ad.primaryTexts[0]?.text,
        'Link Description': ad.descriptions[0]?.text,
        Link: ad.link,
        'Call to Action': ad.callToAction,
        'Creative Type': 'Link Page Post Ad',
        'Image Brief': ad.imageBrief,
      };
      for (const n of VARIANTS) {
        row[`Title ${n}`] = ad.headlines[n - 1]?.text;
        row[`Body ${n}`] = ad.primaryTexts[n - 1]?.text;
        row[`Link Description ${n}`] = ad.descriptions[n - 1]?.text;
      }
      rows.push(row);
    }
  }
  return rows;
}
