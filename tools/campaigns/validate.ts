/**
 * The campaign validator: every platform limit, editorial rule and brand-kit rule checked in
 * code, never trusted to the model. Pure: the same campaign and brand kit always give the same
 * findings, grouped by rule in the order of the rule set and in document order within a rule.
 */
import type { BrandKit, Campaign, CampaignFinding } from './model.js';
import { checkBrand } from './rules/brand.js';
import { checkCounts, checkLengths, checkWords } from './rules/check-limits.js';
import { checkPatterns } from './rules/check-patterns.js';
import { locate } from './rules/fields.js';
import { STRUCTURE_RULES } from './rules/structure.js';
import { RULES_VERSION } from './rules/version.js';

export { fieldLimits, listLimits, type FieldLimit } from './rules/limits.js';
export { RULES, type RuleInfo } from './rules/index.js';
export { RULES_VERSION } from './rules/version.js';

export interface ValidateOptions {
  brand?: BrandKit;
}

export interface ValidationResult {
  findings: CampaignFinding[];
  rulesVersion: string;
}

export function validateCampaign(campaign: Campaign, opts: ValidateOptions = {}): ValidationResult {
  const { texts, lists } = locate(campaign);
  const structure = STRUCTURE_RULES.filter((r) => r.platforms.includes(campaign.platform)).flatMap((rule) =>
    rule.run(campaign, texts).map(({ textId, span, ...hit }): CampaignFinding => ({ rule: rule.id, severity: rule.severity, ...hit, ...(textId && { textId }), ...(span && { span }) })),
  );
  const findings = [
    ...checkCounts(lists),
    ...checkLengths(texts),
    ...checkWords(texts),
    ...structure,
    ...checkPatterns(texts, { trademarks: opts.brand?.trademarks ?? [] }),
    ...(opts.brand ? checkBrand(campaign, texts, opts.brand) : []),
  ];
  return { findings, rulesVersion: RULES_VERSION };
}

/** True when no finding is an error (warnings do not block an export). */
export function hasErrors(findings: CampaignFinding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
