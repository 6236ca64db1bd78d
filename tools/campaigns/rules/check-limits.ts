/** Runs the length, word and count tables of limits.ts over a located campaign. */
import type { CampaignFinding } from '../model.js';
import { countChars, hasDoubleWidth, overflowStart } from './count-chars.js';
import type { CollectionRef, TextRef } from './fields.js';
import { COUNT_RULES, LENGTH_RULES, WORDS_RULES } from './limits.js';
import { fill, plural } from './message.js';

function finding(rule: { id: string; severity: CampaignFinding['severity'] }, ref: { field: string; textId?: string }, message: string, span?: CampaignFinding['span']): CampaignFinding {
  return { rule: rule.id, severity: rule.severity, field: ref.field, ...(ref.textId && { textId: ref.textId }), ...(span && { span }), message };
}

export function checkLengths(texts: TextRef[]): CampaignFinding[] {
  const out: CampaignFinding[] = [];
  for (const rule of LENGTH_RULES) {
    for (const ref of texts) {
      if (ref.platform !== rule.platform || !rule.fields.includes(ref.kind)) continue;
      const count = countChars(ref.text, rule.countDoubleWidth);
      if (count <= rule.max) continue;
      const counted =
        rule.countDoubleWidth && hasDoubleWidth(ref.text)
          ? `counts as ${plural(count, 'character')} (CJK and full-width characters count 2)`
          : `is ${plural(count, 'character')}`;
      const message = fill(rule.message, { label: ref.label, counted, max: rule.max, over: count - rule.max });
      out.push(finding(rule, ref, message, { start: overflowStart(ref.text, rule.max, rule.countDoubleWidth), end: ref.text.length }));
    }
  }
  return out;
}

export function checkWords(texts: TextRef[]): CampaignFinding[] {
  const out: CampaignFinding[] = [];
  for (const rule of WORDS_RULES) {
    for (const ref of texts) {
      if (ref.platform !== rule.platform || !rule.fields.includes(ref.kind)) continue;
      const count = ref.text.trim().split(/\s+/u).filter(Boolean).length;
      if (count > rule.max) out.push(finding(rule, ref, fill(rule.message, { label: ref.label, count, max: rule.max, over: count - rule.max })));
    }
  }
  return out;
}

export function checkCounts(lists: CollectionRef[]): CampaignFinding[] {
  const out: CampaignFinding[] = [];
  for (const rule of COUNT_RULES) {
    for (const ref of lists) {
      if (ref.platform !== rule.platform || ref.kind !== rule.collection) continue;
      const values = { owner: ref.owner, count: ref.count, counted: plural(ref.count, rule.noun) };
      if (rule.min !== undefined && ref.count < rule.min && rule.tooFew) {
        out.push(finding(rule, ref, fill(rule.tooFew, { ...values, min: rule.min, missing: rule.min - ref.count })));
      } else if (rule.max !== undefined && ref.count > rule.max && rule.tooMany) {
        out.push(finding(rule, ref, fill(rule.tooMany, { ...values, max: rule.max, over: ref.count - rule.max })));
      }
    }
  }
  return out;
}
