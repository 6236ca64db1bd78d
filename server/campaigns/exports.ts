import { ParleyError } from '../../agent/errors';
import type { Campaign } from '../../tools/campaigns/model';

export interface ExportedFile {
  filename: string;
  contentType: string;
  body: string | Uint8Array;
}

// The exporters (tools/campaigns/export/, h/campaign-rules) land after this router: until they
// are merged the export route answers 501 instead of the server failing to start.
const EXPORT_MODULE = '../../tools/campaigns/export/index';

/** The platform file of a campaign, written by tools/campaigns/export. */
export async function exportCampaignFile(campaign: Campaign, format: string): Promise<ExportedFile> {
  let mod: { exportCampaign(c: Campaign, f: string): ExportedFile | Promise<ExportedFile> };
  try {
    mod = await import(/* @vite-ignore */ EXPORT_MODULE);
  } catch {
    throw new ParleyError('campaign:export_unavailable', { status: 501, userMessage: 'Campaign exports are not available in this build of Parley yet.' });
  }
  return mod.exportCampaign(campaign, format);
}
