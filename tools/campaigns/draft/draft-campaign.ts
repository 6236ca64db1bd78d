import { z } from 'zod';
import type { SqlLimits } from '../../sql/run-guarded';
import { defineTool, type ToolContext, type ToolResult } from '../../types';
import { CAMPAIGN_PLATFORMS, type BrandKit, type Campaign, type CampaignArtifactData, type CampaignFinding, type CampaignGrounding, type CampaignPlatform, type Money } from '../model';
import type { StoredCampaignVersion } from '../store-types';
import { validateCampaign } from '../validate';
import { budgetIn, platformIn, regionIn, urlIn, wantsPastCampaign } from './brief';
import type { CampaignWriter } from './campaign-writer';
import { groundCampaign } from './grounding';
import { writeWithRepairs } from './repair-loop';
import { defaultLocations, draftFromTemplates } from './templates';

export const TEMPLATE_LABEL = 'Drafted from templates, not by a language model';
const PLACEHOLDER_URL = 'https://www.example.com/';
const PLATFORM_NAMES: Record<CampaignPlatform, string> = { google_search: 'Google Ads Search', google_pmax: 'Google Performance Max', linkedin: 'LinkedIn', meta: 'Meta' };

const input = z.object({
  platform: z.enum(CAMPAIGN_PLATFORMS).describe('google_search (Google Ads search), google_pmax (Performance Max), linkedin or meta (Facebook/Instagram)'),
  brief: z.string().min(1).max(4_000).describe("What the campaign is for, in the marketer's words (product, audience, region, what to follow)"),
  budget: z.number().positive().max(1e7).optional().describe('Daily budget, in currency units'),
  currency: z.string().regex(/^[A-Z]{3}$/).optional().describe('ISO 4217 code of the budget, e.g. EUR'),
  languages: z.array(z.string().min(2).max(10)).max(10).optional().describe('ISO 639-1 languages of the copy and targeting'),
  locations: z.array(z.string().min(1).max(100)).max(50).optional().describe('Countries or regions to target'),
  basedOn: z.string().max(200).optional().describe('An earlier campaign to follow, e.g. "our best Meta campaign last quarter"'),
});
export type DraftCampaignInput = z.infer<typeof input>;

/** What a stored version becomes in the chat: the `campaign` artifact and its editor link. */
export function campaignArtifact(stored: StoredCampaignVersion): { kind: 'campaign'; title: string; data: CampaignArtifactData } {
  return {
    kind: 'campaign',
    title: `${stored.name} (v${stored.version})`,
    data: { campaignId: stored.id, version: stored.version, campaign: stored.campaign, findings: stored.findings, rulesVersion: stored.rulesVersion, grounding: stored.grounding, editorPath: `/campaigns/${stored.id}` },
  };
}

/** "2 errors, 1 warning: …first errors…", for the summary the model and people read. */
export function findingsText(findings: CampaignFinding[]): string {
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.length - errors.length;
  if (!findings.length) return 'It passes every platform and brand-kit check.';
  const head = `${errors.length} error${errors.length === 1 ? '' : 's'} and ${warnings} warning${warnings === 1 ? '' : 's'}`;
  const shown = (errors.length ? errors : findings).slice(0, 3).map((f) => `${f.field}: ${f.message}`);
  return `Checks found ${head}${shown.length ? ` — ${shown.join('; ')}` : ''}.`;
}

function refusal(r: { reason: string; message?: string }): ToolResult {
  const msg = r.reason === 'forbidden' && r.message ? r.message : 'The draft could not be saved.';
  return { ok: false, error: msg, userError: msg };
}

interface Built {
  campaign: Campaign;
  findings: CampaignFinding[];
  rulesVersion: string;
  grounding: CampaignGrounding;
  extra: string[];
}

/**
 * draft_campaign: a complete, paused draft for one platform, grounded in the datasource (best
 * sellers, prices, buyers' countries, the best earlier campaign), written by the model and
 * repaired in a bounded loop until the rules pass — or, without a model, filled from templates
 * and labelled so. Stored as version 1 and shown as a `campaign` artifact.
 */
export function createDraftCampaignTool(deps: { writer?: CampaignWriter; limits: SqlLimits; maxRepairRounds?: number }) {
  async function build(args: DraftCampaignInput, ctx: ToolContext, brand: BrandKit): Promise<Built> {
    const text = [args.brief, args.basedOn ?? ''].join(' ');
    ctx.progress('Looking up the facts in your data');
    const facts = await groundCampaign(ctx, { platform: args.platform, brief: text, region: regionIn(text), pastCampaign: Boolean(args.basedOn) || wantsPastCampaign(text) }, deps.limits);
    const parsed = budgetIn(text);
    const budget: Money = {
      amount: args.budget ?? parsed?.amount ?? facts.pastCampaign?.dailyBudget ?? 50,
      currency: args.currency ?? parsed?.currency ?? (facts.region === 'Europe' ? 'EUR' : 'USD'),
    };
    const notes = [...facts.notes];
    if (!args.budget && !parsed) notes.push(facts.pastCampaign ? `Daily budget taken from "${facts.pastCampaign.name}": ${budget.amount} ${budget.currency}.` : `No budget in the brief: ${budget.amount} ${budget.currency} a day as a starting point; change it before launch.`);
    const url = urlIn(text) ?? PLACEHOLDER_URL;
    if (url === PLACEHOLDER_URL) notes.push(`No landing page in the brief: the ads point to ${PLACEHOLDER_URL} until you set the final URL.`);
    const opts = {
      platform: args.platform,
      budget,
      languages: args.languages?.length ? args.languages : [brand.language || 'en'],
      locations: defaultLocations(facts, args.locations),
      url,
      brand,
      startDate: new Date(ctx.now().getTime() + 86_400_000).toISOString().slice(0, 10),
    };
    const template = draftFromTemplates(facts, opts);
    const grounding = (author: CampaignGrounding['author']): CampaignGrounding => ({ author, notes, ...(facts.sql.length ? { sql: facts.sql } : {}) });
    if (deps.writer) {
      ctx.progress('Writing the draft');
      // The budget the marketer named is theirs to set, not the model's.
      const fix = (c: Campaign) => (args.budget || parsed ? withBudget(c, budget) : c);
      const out = await writeWithRepairs(
        deps.writer,
        { platform: args.platform, brief: text, facts: notes, brand, budget, languages: opts.languages, locations: opts.locations, url, example: template, signal: ctx.signal },
        { platform: args.platform, brand, maxRounds: deps.maxRepairRounds, fix, onRound: (round, errors) => round > 0 && ctx.progress(`Repair round ${round}: ${errors} problem${errors === 1 ? '' : 's'} left`) },
      );
      if (out.campaign) {
        const extra = out.rounds ? [`The model's draft was checked and sent back ${out.rounds} time${out.rounds === 1 ? '' : 's'} to fix what failed.`] : [];
        const left = out.findings.filter((f) => f.severity === 'error').length;
        if (left) extra.push(`After ${out.rounds} repair round${out.rounds === 1 ? '' : 's'} ${left} error${left === 1 ? '' : 's'} remain${left === 1 ? 's' : ''}; fix ${left === 1 ? 'it' : 'them'} in the editor.`);
        return { campaign: out.campaign, findings: out.findings, rulesVersion: out.rulesVersion, grounding: grounding('model'), extra };
      }
      notes.push(`The language model did not answer with a valid campaign (${out.shapeError ?? 'no JSON'}), so this draft was filled from templates.`);
    }
    const checked = validateCampaign(template, { brand });
    return { campaign: template, ...checked, grounding: grounding('template'), extra: [] };
  }

  return defineTool({
    name: 'draft_campaign',
    description:
      'Draft a complete ad campaign (Google Ads search or Performance Max, LinkedIn, Meta) grounded in the data: best-selling categories, products and prices, and the best earlier campaign on the platform when asked. Every limit is checked in code; everything is paused. Use for "draft/create a … campaign", "Meta ads for …".',
    schema: input,
    async run(args, ctx): Promise<ToolResult> {
      if (!ctx.campaigns) return { ok: false, error: 'campaign drafts cannot be stored here', userError: 'This Parley cannot store campaign drafts.' };
      const brand = await ctx.campaigns.brandKit();
      const built = await build(args, ctx, brand);
      const saved = await ctx.campaigns.create({ campaign: built.campaign, findings: built.findings, rulesVersion: built.rulesVersion, grounding: built.grounding, summary: `Drafted: ${args.brief.slice(0, 200)}` });
      if (!saved.ok) return refusal(saved);
      const s = saved.stored;
      const label = built.grounding.author === 'template' ? `${TEMPLATE_LABEL}. ` : '';
      const size = sizeText(s.campaign);
      const summary = `${label}${PLATFORM_NAMES[s.platform]} draft "${s.name}" (version 1, paused): ${size}. ${built.grounding.notes.slice(0, 2).join(' ')} ${built.extra.join(' ')} ${findingsText(s.findings)} Open it in the editor: /campaigns/${s.id}`.replace(/\s+/g, ' ').trim();
      return { ok: true, summary, content: { campaignId: s.id, version: s.version, errors: s.findings.filter((f) => f.severity === 'error').length, grounding: s.grounding }, artifacts: [campaignArtifact(s)] };
    },
    offline: {
      route(question) {
        const platform = platformIn(question);
        if (!platform) return null;
        const creating = /\b(draft|create|make|write|build|set up|prepare|plan|generate)\b/i.test(question) && /\b(campaigns?|ads?)\b/i.test(question);
        if (!creating && !/\b(ads?|campaign)\s+(for|like|to promote|about)\b/i.test(question)) return null;
        const budget = budgetIn(question);
        return { platform, brief: question, ...(budget ? { budget: budget.amount, ...(budget.currency ? { currency: budget.currency } : {}) } : {}) };
      },
    },
  });
}

function withBudget(c: Campaign, budget: Money): Campaign {
  switch (c.platform) {
    case 'google_search':
    case 'google_pmax':
      return { ...c, dailyBudget: budget };
    case 'linkedin':
      return { ...c, campaigns: c.campaigns.map((x, i) => (i === 0 ? { ...x, dailyBudget: budget } : x)) };
    case 'meta':
      return { ...c, adSets: c.adSets.map((x, i) => (i === 0 ? { ...x, dailyBudget: budget } : x)) };
  }
}

/** "3 ad groups, 3 ads, 12 keywords" and the like. */
export function sizeText(c: Campaign): string {
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  switch (c.platform) {
    case 'google_search':
      return `${n(c.adGroups.length, 'ad group')}, ${n(c.adGroups.reduce((a, g) => a + g.ads.length, 0), 'ad')}, ${n(c.adGroups.reduce((a, g) => a + g.keywords.length, 0), 'keyword')}, ${c.dailyBudget.amount} ${c.dailyBudget.currency} a day`;
    case 'google_pmax':
      return `${n(c.assetGroups.length, 'asset group')}, ${c.dailyBudget.amount} ${c.dailyBudget.currency} a day`;
    case 'linkedin':
      return `${n(c.campaigns.length, 'campaign')}, ${n(c.campaigns.reduce((a, x) => a + x.ads.length, 0), 'ad')}${c.campaigns[0] ? `, ${c.campaigns[0].dailyBudget.amount} ${c.campaigns[0].dailyBudget.currency} a day` : ''}`;
    case 'meta':
      return `${n(c.adSets.length, 'ad set')}, ${n(c.adSets.reduce((a, x) => a + x.ads.length, 0), 'ad')}${c.adSets[0] ? `, ${c.adSets[0].dailyBudget.amount} ${c.adSets[0].dailyBudget.currency} a day` : ''}`;
  }
}
