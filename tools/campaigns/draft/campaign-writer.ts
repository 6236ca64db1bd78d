import { renderPrompt, type PromptRegistry } from '../../../prompts/registry';
import type { CompleteText } from '../../query-data/sql-writer';
import type { BrandKit, Campaign, CampaignFinding, CampaignPlatform, Money } from '../model';

export const CAMPAIGN_WRITER_PROMPT = 'campaign-writer';

/** What the model is asked: a new draft from a brief, or an edit of the current version, and what failed last time. */
export interface CampaignWriteRequest {
  platform: CampaignPlatform;
  brief: string;
  /** The facts from the data, in words. */
  facts: string[];
  brand: BrandKit;
  budget: Money;
  languages: string[];
  locations: string[];
  url: string;
  /** A draft of this platform's shape (the template draft), so the model sees the exact fields. */
  example: Campaign;
  /** For an edit: the version to change and the instruction. */
  edit?: { current: Campaign; instruction: string };
  /** For a repair round: what the model answered and what the rules found wrong with it. */
  repair?: { answer: string; problems: string[] };
  signal?: AbortSignal;
}

/** Writes a campaign as JSON text; the caller parses and checks it, never trusting it. */
export interface CampaignWriter {
  name: string;
  write(req: CampaignWriteRequest): Promise<string>;
}

const list = (xs: string[]) => (xs.length ? xs.join(', ') : 'none');

/** A campaign writer backed by a chat model and the versioned `campaign-writer` prompt. */
export function createLlmCampaignWriter(deps: { complete: CompleteText; prompts: PromptRegistry; promptVersion?: string }): CampaignWriter {
  const prompt = deps.prompts.get(CAMPAIGN_WRITER_PROMPT, deps.promptVersion);
  return {
    name: `llm (${prompt.id}@${prompt.version})`,
    async write(req) {
      const b = req.brand;
      const system = renderPrompt(prompt, {
        platform: req.platform,
        language: b.language,
        voice: b.voice || 'clear, friendly and concrete',
        banned: list(b.bannedTerms),
        preferred: list(b.preferredTerms.map((p) => `"${p.use}" instead of "${p.insteadOf}"`)),
        disclaimers: list(b.requiredDisclaimers.map((d) => `"${d.text}" (${d.where})`)),
        budget: `${req.budget.amount} ${req.budget.currency}`,
        languages: list(req.languages),
        locations: list(req.locations),
        url: req.url,
        facts: req.facts.map((f) => `- ${f}`).join('\n') || '- none',
        example: JSON.stringify(req.example),
      });
      const parts = [req.edit ? `Change this campaign as asked: "${req.edit.instruction}"\n\nThe campaign now:\n${JSON.stringify(req.edit.current)}` : `The brief: ${req.brief}`];
      if (req.repair) parts.push(`Your last answer:\n${req.repair.answer}\n\nIt failed these checks; answer again with the whole campaign, fixed:\n${req.repair.problems.map((p) => `- ${p}`).join('\n')}`);
      return deps.complete(system, parts.join('\n\n'), req.signal);
    },
  };
}

/** The problems of one round, as the model reads them: a shape error, or each error finding with its field. */
export function problemsFrom(findings: CampaignFinding[]): string[] {
  return findings.filter((f) => f.severity === 'error').map((f) => `${f.field}: ${f.message}`);
}

/** The JSON object in a model's answer (fences and chatter around it tolerated), or null. */
export function parseCampaignJson(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return null;
  }
}
