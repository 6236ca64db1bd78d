/**
 * For channel tests: a tool that answers with a `campaign` artifact made from a sample draft and
 * checked by the real validator, so Slack and Teams render what a real draft looks like before
 * the draft_campaign tool exists on their branch. Tests steer it through its input.
 */
import { z } from 'zod';
import { defineTool, type ParleyTool } from '../../types';
import type { CampaignArtifactData } from '../model';
import { validateCampaign } from '../validate';
import { sample } from './set-field';

export function campaignTool(): ParleyTool {
  return defineTool({
    name: 'sample_campaign',
    description: 'A sample campaign draft, as a campaign artifact.',
    schema: z.object({
      platform: z.enum(['google_search', 'google_pmax', 'linkedin', 'meta']),
      /** Replaces the first ad's first headline (Google, Meta) or headline (LinkedIn). */
      headline: z.string().optional(),
      /** The editor path the artifact carries. */
      editorPath: z.string().optional(),
    }),
    async run(input) {
      const campaign = sample(input.platform);
      if (input.headline !== undefined) {
        if (campaign.platform === 'google_search') campaign.adGroups[0].ads[0].headlines[0].text = input.headline;
        if (campaign.platform === 'google_pmax') campaign.assetGroups[0].headlines[0].text = input.headline;
        if (campaign.platform === 'linkedin') campaign.campaigns[0].ads[0].headline.text = input.headline;
        if (campaign.platform === 'meta') campaign.adSets[0].ads[0].headlines[0].text = input.headline;
      }
      const { findings, rulesVersion } = validateCampaign(campaign);
      const data: CampaignArtifactData = {
        campaignId: 'cmp_test',
        version: 1,
        campaign,
        findings,
        rulesVersion,
        grounding: { author: 'template', notes: ['Sample draft for tests'] },
        editorPath: input.editorPath ?? '/campaigns/cmp_test',
      };
      return { ok: true, summary: `Drafted ${campaign.name}`, artifacts: [{ kind: 'campaign', title: campaign.name, data }] };
    },
  }) as ParleyTool;
}
