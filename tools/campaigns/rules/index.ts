/** The rule set in one listing: every rule's id, platforms, severity and what it checks, derived from the tables that run. */
import type { CampaignPlatform, FindingSeverity } from '../model.js';
import { BRAND_RULES } from './brand.js';
import { ALL_PLATFORMS, PATTERN_RULES } from './editorial.js';
import { COUNT_RULES, LENGTH_RULES, WORDS_RULES } from './limits.js';
import { STRUCTURE_RULES } from './structure.js';

export interface RuleInfo {
  id: string;
  platforms: CampaignPlatform[];
  /** On Google; `elsewhere` on LinkedIn and Meta when it differs. */
  severity: FindingSeverity;
  elsewhere?: FindingSeverity;
  about: string;
}

export const RULES: RuleInfo[] = [
  ...LENGTH_RULES.map((r) => ({ id: r.id, platforms: [r.platform], severity: r.severity, about: `${r.fields.join(', ')}: ${r.severity === 'error' ? 'at most' : 'shown up to'} ${r.max} characters` })),
  ...WORDS_RULES.map((r) => ({ id: r.id, platforms: [r.platform], severity: r.severity, about: `${r.fields.join(', ')}: at most ${r.max} words` })),
  ...COUNT_RULES.map((r) => ({ id: r.id, platforms: [r.platform], severity: r.severity, about: `${r.collection}: ${r.min ?? 0}–${r.max ?? '∞'}` })),
  ...STRUCTURE_RULES.map((r) => ({ id: r.id, platforms: [...r.platforms], severity: r.severity, about: r.about })),
  ...PATTERN_RULES.map((r) => ({ id: r.id, platforms: [...r.platforms], severity: r.severity, ...(r.elsewhere && { elsewhere: r.elsewhere }), about: r.patterns.map((p) => p.re.source).join(' | ') })),
  ...BRAND_RULES.map((r) => ({ id: r.id, platforms: [...ALL_PLATFORMS], severity: r.severity, about: r.about })),
];
