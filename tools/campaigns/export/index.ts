/**
 * Campaign exports: the files each platform's bulk tool imports. This only writes; whether a draft
 * with errors may be exported is the server's call (it refuses with the findings).
 */
import type { Campaign } from '../model.js';
import { slug, toCsv } from './csv.js';
import { PMAX_COLUMNS, pmaxRows, SEARCH_COLUMNS, searchRows } from './google-ads-editor.js';
import { LINKEDIN_COLUMNS, linkedinRows } from './linkedin-sheet.js';
import { META_COLUMNS, metaRows } from './meta-ads-manager.js';

export const EXPORT_FORMATS = ['google-ads-editor', 'meta-ads-manager', 'linkedin', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Which formats fit which platform (json fits all). */
export const EXPORT_PLATFORMS: Record<ExportFormat, Campaign['platform'][]> = {
  'google-ads-editor': ['google_search', 'google_pmax'],
  'meta-ads-manager': ['meta'],
  linkedin: ['linkedin'],
  json: ['google_search', 'google_pmax', 'linkedin', 'meta'],
};

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

/** Thrown for a format that does not fit the platform; tools/ cannot import ParleyError, so it carries the code and user message the server wraps it with. */
export class ExportFormatMismatch extends Error {
  readonly code = 'campaign:export_format';
  readonly userMessage: string;
  constructor(
    readonly format: ExportFormat,
    readonly platform: Campaign['platform'],
  ) {
    super(`export: ${format} does not fit a ${platform} campaign`);
    const fits = EXPORT_FORMATS.filter((f) => EXPORT_PLATFORMS[f].includes(platform));
    this.userMessage = `A ${platform.replace('_', ' ')} campaign cannot be exported as ${format}; choose ${fits.join(' or ')}.`;
  }
}

const CSV = 'text/csv; charset=utf-8';

export async function exportCampaign(campaign: Campaign, format: ExportFormat): Promise<ExportFile> {
  if (!EXPORT_PLATFORMS[format].includes(campaign.platform)) throw new ExportFormatMismatch(format, campaign.platform);
  const base = slug(campaign.name);
  switch (format) {
    case 'json':
      return { filename: `${base}.json`, contentType: 'application/json; charset=utf-8', body: Buffer.from(JSON.stringify(campaign, null, 2) + '\n', 'utf8') };
    case 'google-ads-editor': {
      const body = campaign.platform === 'google_search' ? await toCsv(SEARCH_COLUMNS, searchRows(campaign)) : await toCsv(PMAX_COLUMNS, pmaxRows(campaign as Extract<Campaign, { platform: 'google_pmax' }>));
      return { filename: `${base}.google-ads-editor.csv`, contentType: CSV, body };
    }
    case 'meta-ads-manager':
      return { filename: `${base}.meta-ads-manager.csv`, contentType: CSV, body: await toCsv(META_COLUMNS, metaRows(campaign as Extract<Campaign, { platform: 'meta' }>)) };
    case 'linkedin':
      return { filename: `${base}.linkedin.csv`, contentType: CSV, body: await toCsv(LINKEDIN_COLUMNS, linkedinRows(campaign as Extract<Campaign, { platform: 'linkedin' }>)) };
  }
}
