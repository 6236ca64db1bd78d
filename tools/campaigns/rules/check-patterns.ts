/** Runs the editorial pattern rules over a located campaign's copy. */
import type { CampaignFinding, CampaignPlatform } from '../model.js';
import { COPY_FIELDS, PATTERN_RULES, type LintContext, type PatternRule } from './editorial.js';
import type { TextRef } from './fields.js';
import { fill } from './message.js';

const isGoogle = (p: CampaignPlatform) => p === 'google_search' || p === 'google_pmax';

export function severityOn(rule: Pick<PatternRule, 'severity' | 'elsewhere'>, platform: CampaignPlatform) {
  return isGoogle(platform) ? rule.severity : (rule.elsewhere ?? rule.severity);
}

export function checkPatterns(texts: TextRef[], ctx: LintContext): CampaignFinding[] {
  const out: CampaignFinding[] = [];
  for (const rule of PATTERN_RULES) {
    for (const ref of texts) {
      if (!rule.platforms.includes(ref.platform)) continue;
      if (!(rule.fields ?? COPY_FIELDS[ref.platform]).includes(ref.kind)) continue;
      for (const { re, message, only } of rule.patterns) {
        for (const m of ref.text.matchAll(re)) {
          const match = m[0];
          if (only && !only(match)) continue;
          if (rule.exempt?.(match, ref.text, m.index, ctx)) continue;
          out.push({
            rule: rule.id,
            severity: severityOn(rule, ref.platform),
            field: ref.field,
            ...(ref.textId && { textId: ref.textId }),
            span: { start: m.index, end: m.index + match.length },
            message: fill(message, { label: ref.label, match: match.trim() || match }),
          });
        }
      }
    }
  }
  return out;
}
