import { z } from 'zod';
import { defineTool, type ToolResult } from '../../types';
import type { Campaign } from '../model';
import { validateCampaign } from '../validate';
import type { CampaignWriter } from './campaign-writer';
import { campaignArtifact, findingsText } from './draft-campaign';
import { applyOfflineEdit } from './offline-edits';
import { writeWithRepairs } from './repair-loop';

const input = z.object({
  campaignId: z.string().min(1).max(100).optional().describe("The draft to change; the conversation's latest draft when absent"),
  instruction: z.string().min(1).max(2_000).describe('The change in words, e.g. "make headline 3 shorter", "add a French version", "more urgent"'),
});

const EDIT_WORDS = /\bheadline\s*(?:#|no\.?\s*)?\d{1,2}\b[^.]*\b(short(?:er|en)|long(?:er)?|punchier)\b|\bshort(?:er|en)\b[^.]*\bheadline\s*\d|\b(drop|remove|delete)\b[^.]*\bbroad(?:[- ]match)?\b|\b(add|make|write)\b[^.]*\b(french|german|spanish|italian|dutch|english) version\b|\bmore urgent\b|\b(make|sound) it (more )?(urgent|formal|casual|friendly)\b/i;

/**
 * edit_campaign: a new version of a stored draft from an instruction in words. The model edits
 * (and is repaired like a draft); without one, a small set of exact edits. Written only on top of
 * the version read: if someone saved a newer one meanwhile, nothing is overwritten and the user is told.
 */
export function createEditCampaignTool(deps: { writer?: CampaignWriter; maxRepairRounds?: number }) {
  return defineTool({
    name: 'edit_campaign',
    description:
      'Change a stored campaign draft as asked in words ("make headline 3 shorter", "drop the broad-match keywords", "add a French version", "more urgent"); writes a new version, checked against every rule. Uses the conversation\'s latest draft unless campaignId is given.',
    schema: input,
    async run(args, ctx): Promise<ToolResult> {
      if (!ctx.campaigns) return { ok: false, error: 'campaign drafts cannot be stored here', userError: 'This Parley cannot store campaign drafts.' };
      const base = args.campaignId ? await ctx.campaigns.get(args.campaignId) : await ctx.campaigns.latestInConversation();
      if (!base) {
        const msg = args.campaignId ? `There is no campaign draft ${args.campaignId} in this workspace.` : 'There is no campaign draft in this conversation yet; ask for one first ("draft a Google search campaign for …").';
        return { ok: false, error: msg, userError: msg };
      }
      const brand = await ctx.campaigns.brandKit();
      let campaign: Campaign;
      let change: string;
      let findings;
      let rulesVersion;
      if (deps.writer) {
        const out = await writeWithRepairs(
          deps.writer,
          { platform: base.platform, brief: args.instruction, facts: base.grounding.notes, brand, budget: budgetOf(base.campaign), languages: [], locations: [], url: '', example: base.campaign, edit: { current: base.campaign, instruction: args.instruction }, signal: ctx.signal },
          { platform: base.platform, brand, maxRounds: deps.maxRepairRounds },
        );
        if (!out.campaign) return { ok: false, error: `the model did not answer with a valid ${base.platform} campaign (${out.shapeError}); nothing was changed`, userError: 'The language model did not produce a valid campaign, so the draft was not changed. Try again, or edit it by hand.' };
        ({ campaign, findings, rulesVersion } = out);
        change = `Edited by chat: ${args.instruction.slice(0, 200)}`;
      } else {
        const edit = applyOfflineEdit(base.campaign, args.instruction);
        if (!edit.ok) return { ok: false, error: edit.reason, userError: edit.reason };
        campaign = edit.campaign;
        change = edit.summary;
        ({ findings, rulesVersion } = validateCampaign(campaign, { brand }));
      }
      const saved = await ctx.campaigns.saveVersion(base.id, base.version, { campaign, findings, rulesVersion, grounding: base.grounding, summary: change });
      if (!saved.ok) {
        const msg =
          saved.reason === 'conflict'
            ? `Someone saved version ${saved.current.version} of "${saved.current.name}" while I was editing version ${base.version}, so I did not overwrite it. Look at version ${saved.current.version} and ask again if the change is still wanted.`
            : saved.reason === 'forbidden'
              ? saved.message
              : 'The draft no longer exists.';
        return { ok: false, error: msg, userError: msg };
      }
      const s = saved.stored;
      return {
        ok: true,
        summary: `${change}. "${s.name}" is now version ${s.version}. ${findingsText(s.findings)} Open it in the editor: /campaigns/${s.id}`,
        content: { campaignId: s.id, version: s.version },
        artifacts: [campaignArtifact(s)],
      };
    },
    offline: {
      route: (question) => (EDIT_WORDS.test(question) ? { instruction: question } : null),
    },
  });
}

function budgetOf(c: Campaign) {
  if (c.platform === 'google_search' || c.platform === 'google_pmax') return c.dailyBudget;
  if (c.platform === 'linkedin') return c.campaigns[0]?.dailyBudget ?? { amount: 0, currency: 'USD' };
  return c.adSets[0]?.dailyBudget ?? { amount: 0, currency: 'USD' };
}
