/**
 * LinkedIn has no bulk ad import, so its export is a sheet for entering the campaign by hand in
 * Campaign Manager (or for an API push): one row for the campaign group, one per campaign, one per
 * ad, each with a Level column. People open this one in a spreadsheet, so a cell that a
 * spreadsheet would run as a formula (=, +, -, @ first) is written with a leading apostrophe.
 */
import type { EntityStatus, LinkedInCampaignGroup } from '../model.js';
import type { Cell } from './csv.js';

export const LINKEDIN_STATUS: Record<EntityStatus, string> = { paused: 'Paused', enabled: 'Active' };

export const LINKEDIN_COLUMNS = [
  'Level',
  'Campaign group',
  'Campaign group status',
  'Total budget',
  'Campaign',
  'Campaign status',
  'Objective',
  'Format',
  'Daily budget',
  'Currency',
  'Targeting',
  'Ad name',
  'Ad status',
  'Intro text',
  'Headline',
  'Description',
  'Destination URL',
  'Call to action',
  'Image brief',
];

/** A spreadsheet runs a cell starting with these as a formula (CSV injection). */
export function defuseFormula(value: Cell): Cell {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function linkedinRows(g: LinkedInCampaignGroup): Record<string, Cell>[] {
  const rows: Record<string, Cell>[] = [
    { Level: 'Campaign group', 'Campaign group': g.name, 'Campaign group status': LINKEDIN_STATUS[g.status], 'Total budget': g.totalBudget?.amount, Currency: g.totalBudget?.currency },
  ];
  for (const c of g.campaigns) {
    const targeting = Object.entries(c.targeting)
      .filter(([, values]) => values && values.length)
      .map(([facet, values]) => `${facet}: ${values!.join(', ')}`)
      .join('; ');
    rows.push({ Level: 'Campaign', 'Campaign group': g.name, Campaign: c.name, 'Campaign status': LINKEDIN_STATUS[c.status], Objective: c.objective, Format: c.format, 'Daily budget': c.dailyBudget.amount, Currency: c.dailyBudget.currency, Targeting: targeting });
    for (const ad of c.ads) {
      rows.push({
        Level: 'Ad',
        'Campaign group': g.name,
        Campaign: c.name,
        Format: ad.format,
        'Ad name': ad.name,
        'Ad status': LINKEDIN_STATUS[ad.status],
        'Intro text': ad.format === 'single_image' ? ad.introText.text : undefined,
        Headline: ad.headline.text,
        Description: ad.description?.text,
        'Destination URL': ad.destinationUrl,
        'Call to action': ad.format === 'single_image' ? ad.callToAction : undefined,
        'Image brief': ad.format === 'single_image' ? ad.imageBrief : undefined,
      });
    }
  }
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, defuseFormula(v)])));
}
