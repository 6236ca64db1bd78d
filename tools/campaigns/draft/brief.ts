import type { CampaignPlatform } from '../model';

/**
 * What a campaign request says in words: the platform, the daily budget, the region. Used by the
 * offline planner's route and to fill what the model left out; the model reads the brief itself.
 */

const CURRENCY_SYMBOLS: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP', '¥': 'JPY', 'CHF': 'CHF' };
const CURRENCY_WORDS: Record<string, string> = { eur: 'EUR', euro: 'EUR', euros: 'EUR', usd: 'USD', dollar: 'USD', dollars: 'USD', gbp: 'GBP', pound: 'GBP', pounds: 'GBP', chf: 'CHF', jpy: 'JPY', yen: 'JPY' };

/** The regions the demo warehouse (and many sales tables) use, with the words people say for them. */
export const REGIONS: Record<string, RegExp> = {
  Europe: /\b(europe|european|eu|emea)\b/i,
  'North America': /\b(north america|us and canada|usa|united states|america)\b/i,
  APAC: /\b(apac|asia|asia[- ]pacific)\b/i,
  LATAM: /\b(latam|latin america|south america)\b/i,
};

export function platformIn(text: string): CampaignPlatform | null {
  if (/\b(performance max|pmax|p-max)\b/i.test(text)) return 'google_pmax';
  if (/\blinked\s?in\b/i.test(text)) return 'linkedin';
  if (/\b(meta|facebook|instagram|fb)\b/i.test(text)) return 'meta';
  if (/\b(google|adwords|search ads?|search campaign)\b/i.test(text)) return 'google_search';
  return null;
}

/** "€80 a day", "80 EUR per day", "$2,400 a month" (÷30), "budget of 50 dollars daily". */
export function budgetIn(text: string): { amount: number; currency?: string } | null {
  const num = String.raw`(\d{1,3}(?:[,.\s]\d{3})+|\d+)(?:[.,](\d{1,2}))?`;
  const m =
    new RegExp(String.raw`([€$£¥])\s?${num}(\s?k)?`, 'i').exec(text) ??
    new RegExp(String.raw`${num}(\s?k)?\s?(€|\$|£|eur|euros?|usd|dollars?|gbp|pounds?|chf|jpy|yen)\b`, 'i').exec(text);
  if (!m) return null;
  const symbolFirst = /[€$£¥]/.test(m[1]);
  const [whole, cents, k, unit] = symbolFirst ? [m[2], m[3], m[4], m[1]] : [m[1], m[2], m[3], m[4]];
  let amount = Number(whole.replace(/[,.\s]/g, '')) + (cents ? Number(`0.${cents}`) : 0);
  if (k) amount *= 1000;
  const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 20);
  if (/^\s*(a|per|\/|each)?\s*(month|mo)\b/i.test(rest) || /^\s*monthly/i.test(rest)) amount = Math.round((amount / 30.4) * 100) / 100;
  const currency = CURRENCY_SYMBOLS[unit] ?? CURRENCY_WORDS[unit.toLowerCase()];
  return amount > 0 ? { amount, currency } : null;
}

export function regionIn(text: string): string | null {
  for (const [region, re] of Object.entries(REGIONS)) if (re.test(text)) return region;
  return null;
}

/** Whether the brief asks to follow an earlier campaign ("like our best Meta campaign last quarter"). */
export function wantsPastCampaign(text: string): boolean {
  return /\b(like|based on|similar to|as good as)\b[^.]*\b(best|top|last|previous|winning)\b[^.]*\bcampaigns?\b/i.test(text) || /\bwhat worked\b/i.test(text);
}

/** The first URL in the brief, the landing page the ads should point to. */
export function urlIn(text: string): string | null {
  return /\bhttps?:\/\/[^\s"'<>]+[^\s"'<>.,;:!?)]/i.exec(text)?.[0] ?? null;
}
