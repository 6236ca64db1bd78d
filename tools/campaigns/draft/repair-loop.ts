import type { BrandKit, Campaign, CampaignFinding, CampaignPlatform } from '../model';
import { validateCampaign } from '../validate';
import { checkCampaignShape } from './campaign-schema';
import { parseCampaignJson, problemsFrom, type CampaignWriter, type CampaignWriteRequest } from './campaign-writer';

/** How many times the model is sent back its findings before Parley shows what still fails. */
export const MAX_REPAIR_ROUNDS = 3;

export interface RepairOutcome {
  /** The last answer that was a campaign of the platform, or null when none was. */
  campaign: Campaign | null;
  findings: CampaignFinding[];
  rulesVersion: string;
  /** Repair requests sent (0: the first answer passed, or there was nothing a repair could fix). */
  rounds: number;
  /** What was wrong with the last answer that was not a campaign at all, if that is how it ended. */
  shapeError?: string;
}

/** Everything a draft sets up is paused, whatever the model wrote: Parley never launches spend. */
export function pauseAll<T>(value: T): T {
  if (Array.isArray(value)) return value.map(pauseAll) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === 'status' ? 'paused' : pauseAll(v);
    return out as T;
  }
  return value;
}

/**
 * Asks the writer, checks the answer in code (shape, then every rule and the brand kit), and sends
 * back what failed, at most `maxRounds` times. `fix` applies what the user decided and the model
 * may not change (the budget they named) before each check.
 */
export async function writeWithRepairs(
  writer: CampaignWriter,
  req: CampaignWriteRequest,
  opts: { platform: CampaignPlatform; brand: BrandKit; maxRounds?: number; fix?: (c: Campaign) => Campaign; onRound?: (round: number, errors: number) => void },
): Promise<RepairOutcome> {
  const maxRounds = opts.maxRounds ?? MAX_REPAIR_ROUNDS;
  let best: RepairOutcome = { campaign: null, findings: [], rulesVersion: '', rounds: 0 };
  let answer = await writer.write(req);
  for (let round = 0; ; round++) {
    const parsed = parseCampaignJson(answer);
    const shape = parsed === null ? ({ ok: false, path: '/', message: 'the answer was not one JSON object' } as const) : checkCampaignShape(parsed, opts.platform);
    let problems: string[];
    if (shape.ok) {
      const campaign = (opts.fix ?? ((c) => c))(pauseAll(shape.campaign));
      const { findings, rulesVersion } = validateCampaign(campaign, { brand: opts.brand });
      best = { campaign, findings, rulesVersion, rounds: round };
      problems = problemsFrom(findings);
    } else {
      best = { ...best, rounds: round, shapeError: `${shape.path}: ${shape.message}` };
      problems = [`The answer is not a ${opts.platform} campaign: ${shape.path}: ${shape.message}`];
    }
    opts.onRound?.(round, problems.length);
    if (!problems.length || round >= maxRounds) return best;
    answer = await writer.write({ ...req, repair: { answer, problems } });
  }
}
