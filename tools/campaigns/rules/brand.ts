/**
 * Brand-kit checks (rule ids `brand.*`): banned terms, preferred terms, required disclaimers,
 * trademark spelling and the copy's script against the kit's language — Vale-style existence,
 * substitution and conditional rules, run in code before anything leaves Parley.
 */
import type { BrandKit, Campaign, CampaignFinding, CampaignPlatform } from '../model.js';
import { COPY_FIELDS } from './editorial.js';
import type { TextRef } from './fields.js';

export const BRAND_RULES = [
  { id: 'brand.banned_term', severity: 'error', about: 'copy uses none of the brand kit’s banned terms' },
  { id: 'brand.preferred_term', severity: 'warning', about: 'copy uses the brand’s preferred term instead of the one it replaces' },
  { id: 'brand.required_disclaimer', severity: 'error', about: 'required disclaimers appear where the brand kit says' },
  { id: 'brand.trademark', severity: 'warning', about: 'trademarks are spelled and capitalised as the brand writes them' },
  { id: 'brand.language', severity: 'warning', about: 'copy is written in the brand kit’s language (by script)' },
] as const;

/** Texts brand rules read: the copy, plus display paths and the business name, which people see too. */
function brandTexts(texts: TextRef[]): TextRef[] {
  return texts.filter((t) => COPY_FIELDS[t.platform].includes(t.kind) || t.kind === 'path' || t.kind === 'businessName');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches `term` as a whole word or phrase, any case, any run of spaces between its words. */
function termPattern(term: string): RegExp {
  const body = term.trim().split(/\s+/u).map(escape).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu');
}

function termFindings(texts: TextRef[], terms: string[], make: (ref: TextRef, term: string, match: string) => Omit<CampaignFinding, 'field' | 'textId' | 'span'>): CampaignFinding[] {
  const out: CampaignFinding[] = [];
  for (const term of terms) {
    if (!term.trim()) continue;
    const re = termPattern(term);
    for (const ref of texts) {
      for (const m of ref.text.matchAll(re)) {
        out.push({ ...make(ref, term, m[0]), field: ref.field, ...(ref.textId && { textId: ref.textId }), span: { start: m.index, end: m.index + m[0].length } });
      }
    }
  }
  return out;
}

function bannedTerms(texts: TextRef[], brand: BrandKit): CampaignFinding[] {
  return termFindings(texts, brand.bannedTerms, (ref, _term, match) => ({
    rule: 'brand.banned_term',
    severity: 'error',
    message: `${ref.label} uses "${match}", which the brand kit bans. Remove or reword it.`,
  }));
}

function preferredTerms(texts: TextRef[], brand: BrandKit): CampaignFinding[] {
  return brand.preferredTerms.flatMap(({ use, insteadOf }) =>
    termFindings(texts, [insteadOf], (ref, _term, match) => ({
      rule: 'brand.preferred_term',
      severity: 'warning',
      message: `${ref.label}: use "${use}" instead of "${match}" (brand kit).`,
      suggestion: use,
    })),
  );
}

/** Edit distance counting a swap of two neighbouring letters as one edit ("Trial" for "Trail"). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * A trademark written another way: other capitals or spacing ("Power point" for "PowerPoint"),
 * or one edit off for marks of five letters or more ("Parly" for "Parley", "TrialMax" for "TrailMax").
 */
function trademarks(texts: TextRef[], brand: BrandKit): CampaignFinding[] {
  const out: CampaignFinding[] = [];
  for (const tm of brand.trademarks) {
    const letters = [...tm.replace(/[\s-]+/gu, '')];
    if (letters.length === 0) continue;
    const loose = new RegExp(`(?<![\\p{L}\\p{N}])${letters.map(escape).join('[\\s-]?')}(?![\\p{L}\\p{N}])`, 'giu');
    const near = letters.length >= 5 && !/\s/u.test(tm);
    for (const ref of texts) {
      const push = (index: number, match: string) =>
        out.push({
          rule: 'brand.trademark',
          severity: 'warning',
          field: ref.field,
          ...(ref.textId && { textId: ref.textId }),
          span: { start: index, end: index + match.length },
          message: `${ref.label} writes "${match}"; the brand writes it "${tm}".`,
          suggestion: tm,
        });
      for (const m of ref.text.matchAll(loose)) if (m[0] !== tm) push(m.index, m[0]);
      if (!near) continue;
      for (const m of ref.text.matchAll(/[\p{L}\p{N}]+/gu)) {
        const word = m[0];
        if (word.toLowerCase() === tm.toLowerCase()) continue;
        if (Math.abs(word.length - tm.length) <= 1 && word[0].toLowerCase() === tm[0].toLowerCase() && editDistance(word.toLowerCase(), tm.toLowerCase()) === 1) push(m.index, word);
      }
    }
  }
  return out;
}

const normalise = (s: string) => s.replace(/\s+/gu, ' ').trim().toLowerCase();

/** The ads of a campaign, each with the copy that may carry a disclaimer of each kind. */
function adsForDisclaimers(campaign: Campaign, texts: TextRef[]) {
  const byAd = new Map<string, { label: string; texts: TextRef[] }>();
  for (const t of texts) {
    if (!t.ad || !COPY_FIELDS[t.platform].includes(t.kind)) continue;
    const entry = byAd.get(t.ad) ?? { label: t.adLabel ?? t.ad, texts: [] };
    entry.texts.push(t);
    byAd.set(t.ad, entry);
  }
  const descriptionKinds: Record<CampaignPlatform, string[]> = {
    google_search: ['description'],
    google_pmax: ['description', 'longHeadline'],
    linkedin: ['introText', 'description', 'textAdDescription'],
    meta: ['primaryText', 'description'],
  };
  const primaryKinds: Record<CampaignPlatform, string[]> = {
    google_search: ['description'],
    google_pmax: ['description'],
    linkedin: ['introText', 'textAdDescription'],
    meta: ['primaryText'],
  };
  return { ads: [...byAd.entries()], descriptionKinds: descriptionKinds[campaign.platform], primaryKinds: primaryKinds[campaign.platform] };
}

function disclaimers(campaign: Campaign, texts: TextRef[], brand: BrandKit): CampaignFinding[] {
  const out: CampaignFinding[] = [];
  const { ads, descriptionKinds, primaryKinds } = adsForDisclaimers(campaign, texts);
  for (const { text, where } of brand.requiredDisclaimers) {
    const needle = normalise(text);
    if (!needle) continue;
    const has = (t: TextRef) => normalise(t.text).includes(needle);
    for (const [ad, { label, texts: adTexts }] of ads) {
      if (where === 'every_ad' && !adTexts.some(has)) {
        out.push({ rule: 'brand.required_disclaimer', severity: 'error', field: ad, message: `${label} lacks the required disclaimer "${text}". Add it to the ad's copy.` });
      } else if (where === 'any_description' && !adTexts.some((t) => descriptionKinds.includes(t.kind) && has(t))) {
        out.push({ rule: 'brand.required_disclaimer', severity: 'error', field: ad, message: `${label} lacks the required disclaimer "${text}" in a description. Add it to one.` });
      } else if (where === 'primary_text') {
        // Variants rotate, so each one must carry it: any could be the one a person sees.
        const primaries = adTexts.filter((t) => primaryKinds.includes(t.kind));
        for (const t of primaries.length ? primaries.filter((p) => !has(p)) : []) {
          out.push({ rule: 'brand.required_disclaimer', severity: 'error', field: t.field, ...(t.textId && { textId: t.textId }), message: `${t.label} lacks the required disclaimer "${text}". Add it there.` });
        }
      }
    }
  }
  return out;
}

/** The writing systems a language is written in, for a cheap mismatch check; languages not listed are not checked. */
const SCRIPTS: Record<string, RegExp> = {
  latin: /\p{Script=Latin}/u,
  cyrillic: /\p{Script=Cyrillic}/u,
  greek: /\p{Script=Greek}/u,
  arabic: /\p{Script=Arabic}/u,
  hebrew: /\p{Script=Hebrew}/u,
  han: /\p{Script=Han}/u,
  kana: /[\p{Script=Hiragana}\p{Script=Katakana}]/u,
  hangul: /\p{Script=Hangul}/u,
  thai: /\p{Script=Thai}/u,
  devanagari: /\p{Script=Devanagari}/u,
};
const LATIN = 'en de fr es it nl pt sv da no nb nn fi pl cs sk sl hr hu ro tr id ms vi et lv lt is ga ca eu gl sq';
const LANGUAGE_SCRIPTS: Record<string, string[]> = {
  ...Object.fromEntries(LATIN.split(' ').map((l) => [l, ['latin']])),
  ru: ['cyrillic'], uk: ['cyrillic'], bg: ['cyrillic'], sr: ['cyrillic', 'latin'], mk: ['cyrillic'], kk: ['cyrillic'],
  el: ['greek'], ar: ['arabic'], fa: ['arabic'], ur: ['arabic'], he: ['hebrew'], th: ['thai'], hi: ['devanagari'], mr: ['devanagari'],
  zh: ['han'], ja: ['han', 'kana'], ko: ['hangul', 'han'],
};

function language(texts: TextRef[], brand: BrandKit): CampaignFinding[] {
  const expected = LANGUAGE_SCRIPTS[brand.language.toLowerCase().split(/[-_]/)[0]];
  if (!expected) return [];
  return texts.flatMap((ref) => {
    const letters = [...ref.text].filter((ch) => /\p{L}/u.test(ch));
    if (letters.length < 4) return [];
    // Latin-script brand names and codes in CJK copy are normal, so judge by the majority of letters.
    const inExpected = letters.filter((ch) => expected.some((s) => SCRIPTS[s].test(ch))).length;
    if (inExpected * 2 >= letters.length) return [];
    return [{ rule: 'brand.language', severity: 'warning' as const, field: ref.field, ...(ref.textId && { textId: ref.textId }), message: `${ref.label} does not look like ${brand.language} text, the brand kit's language. Translate it or check the brand kit.` }];
  });
}

export function checkBrand(campaign: Campaign, texts: TextRef[], brand: BrandKit): CampaignFinding[] {
  const seen = brandTexts(texts);
  return [...bannedTerms(seen, brand), ...preferredTerms(seen, brand), ...disclaimers(campaign, texts, brand), ...trademarks(seen, brand), ...language(seen.filter((t) => t.kind !== 'path'), brand)];
}
