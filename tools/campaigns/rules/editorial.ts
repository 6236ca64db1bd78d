/**
 * Editorial lint rules, as data: a pattern, the texts it applies to and a message template.
 * They come from Google's editorial policy (adspolicy answers 14847994 punctuation & symbols,
 * 14848295 capitalisation, 14848500 spacing, 14848297 grammar; legacy 176095 / 176098 for "!" and
 * phone numbers) and Meta's personal-attributes policy. Google refuses these, so on Google they are
 * errors where the policy says so; the ones that are good practice elsewhere are warnings on
 * LinkedIn and Meta, whose reviewers do not refuse them outright.
 */
import type { CampaignPlatform, FindingSeverity } from '../model.js';

export const ALL_PLATFORMS: readonly CampaignPlatform[] = ['google_search', 'google_pmax', 'linkedin', 'meta'];
const GOOGLE: readonly CampaignPlatform[] = ['google_search', 'google_pmax'];

/** The text field kinds people read as ad copy; editorial and brand rules look only at these. */
export const COPY_FIELDS: Record<CampaignPlatform, readonly string[]> = {
  google_search: ['headline', 'description'],
  google_pmax: ['headline', 'longHeadline', 'description'],
  linkedin: ['introText', 'headline', 'description', 'textAdHeadline', 'textAdDescription'],
  meta: ['primaryText', 'headline', 'description'],
};

/** What a pattern's exemption may look at. */
export interface LintContext {
  /** Words whose capitalisation or spelling is the brand's own (the brand kit's trademarks). */
  trademarks: readonly string[];
}

export interface PatternRule {
  type: 'pattern';
  id: string;
  platforms: readonly CampaignPlatform[];
  /** Severity on Google; `elsewhere` on the other platforms (absent: same). */
  severity: FindingSeverity;
  elsewhere?: FindingSeverity;
  /** Field kinds it applies to; absent: the platform's COPY_FIELDS. */
  fields?: readonly string[];
  /** Global, Unicode regexes; each match is one finding with its own message, unless `only` turns it down. */
  patterns: { re: RegExp; message: string; only?: (match: string) => boolean }[];
  /** A match to let through (allow-listed words, trademarks, e-mail addresses …). */
  exempt?: (match: string, text: string, index: number, ctx: LintContext) => boolean;
}

/** Upper-case words that are not shouting: ASAP and common acronyms (Google's capitalisation policy allows them). */
export const CAPITALS_ALLOWED = new Set(
  (
    'ASAP FAQ USA UK EU UAE NYC LA CEO CFO CTO COO CMO CIO VP HR IT AI API B2B B2C CRM ERP SEO SEM PPC ROI KPI SLA SMB ' +
    'PDF USB HDMI LED LCD OLED TV HD UHD GPS DIY VIP VAT GST GDPR HIPAA ISO SUV BBQ DVD PC SMS MMS ATM NASA NHS MBA ' +
    'IRS USD EUR GBP CHF JPY AM PM EST PST CET GMT UTC RSVP DJ ID IOT IP SSL VPN LTE NFC AWS SQL CSV XML JSON HTML CSS ' +
    'XL XXL XXXL XS UV ABS GMO BMW NBA NFL FIFA UEFA MLB NHL UN UNESCO WHO OK'
  ).split(' '),
);

/** True when `text[index…index+match.length]` lies inside an occurrence of one of the trademarks, spelled as the brand spells it. */
export function inTrademark(text: string, index: number, length: number, trademarks: readonly string[]): boolean {
  for (const tm of trademarks) {
    if (!tm) continue;
    for (let at = text.indexOf(tm); at !== -1; at = text.indexOf(tm, at + 1)) {
      if (at <= index && index + length <= at + tm.length) return true;
    }
  }
  return false;
}

/** The whitespace-separated token around `index`. */
function tokenAt(text: string, index: number): string {
  const start = text.lastIndexOf(' ', index) + 1;
  const end = text.indexOf(' ', index);
  return text.slice(start, end === -1 ? undefined : end);
}

/** E-mail addresses, URLs and domains are spelled as they are; letter/symbol rules skip them. */
function inAddress(text: string, index: number): boolean {
  const token = tokenAt(text, index);
  return /@.+\.|:\/\/|^www\.|\.[a-z]{2,}(?:\/|$)/iu.test(token);
}

/** A digit or symbol standing for a letter inside a word: f1owers, fl@wers, h0tel. */
const LOOKALIKE = /\p{L}{2}[0134578@$|]\p{Ll}|\p{L}[0134578@$|]\p{Ll}{2}/u;

const ATTRIBUTES =
  'depressed|depression|anxious|anxiety|bipolar|diabetic|overweight|obese|fat|sick|ill|disabled|pregnant|infertile|' +
  'in debt|broke|poor|bankrupt|unemployed|divorced|single|gay|lesbian|bisexual|transgender|trans|' +
  'christians?|muslims?|jews|jewish|catholics?|hindus?|buddhists?|atheists?|' +
  'black|asian|latinos?|latinas?|hispanic|over \\d+|under \\d+|in your \\d+s|seniors?|retired|veterans?';

export const PATTERN_RULES: PatternRule[] = [
  {
    type: 'pattern',
    id: 'editorial.repeated_punctuation',
    platforms: ALL_PLATFORMS,
    severity: 'error',
    elsewhere: 'warning',
    patterns: [{ re: /([!?*#$%&@~^+=|_,;:])\1+|[!?]{2,}/gu, message: '{label} repeats punctuation ("{match}"). Google refuses repeated punctuation or symbols; keep one.' }],
  },
  {
    type: 'pattern',
    id: 'editorial.symbols_as_letters',
    platforms: ALL_PLATFORMS,
    severity: 'error',
    elsewhere: 'warning',
    // Whole tokens first, then the test: one pattern with the look-alike in the middle backtracks quadratically on long words.
    patterns: [{ re: /[\p{L}\p{N}@$|]+/gu, message: '{label} uses digits or symbols as letters ("{match}"). Spell the word out.', only: (m) => LOOKALIKE.test(m) }],
    exempt: (match, text, index, ctx) => inAddress(text, index) || inTrademark(text, index, match.length, ctx.trademarks),
  },
  {
    type: 'pattern',
    id: 'editorial.gimmicky_spelling',
    platforms: ALL_PLATFORMS,
    severity: 'error',
    elsewhere: 'warning',
    patterns: [
      { re: /(?<!\p{L})(?:\p{L}\.){4,}/gu, message: '{label} spells a word with dots ("{match}"). Write it as a plain word.' },
      { re: /\*[^*\s][^*]{0,80}\*/gu, message: '{label} decorates words with asterisks ("{match}"). Remove them.' },
    ],
    exempt: (match, text, index, ctx) => inTrademark(text, index, match.length, ctx.trademarks),
  },
  {
    type: 'pattern',
    id: 'editorial.emoji',
    platforms: GOOGLE,
    severity: 'error',
    // © ® ™ are pictographic to Unicode but are ordinary marks in ads.
    patterns: [{ re: /(?![\u00a9\u00ae\u2122])(?:\p{Extended_Pictographic}|\p{Regional_Indicator})\ufe0f?/gu, message: '{label} contains an emoji ("{match}"). Google does not allow emoji in ad text; remove it.' }],
  },
  {
    type: 'pattern',
    id: 'editorial.unsupported_characters',
    platforms: GOOGLE,
    severity: 'error',
    patterns: [{ re: /[\uff61-\uff9f]+/gu, message: '{label} uses half-width katakana ("{match}"), which Google does not accept. Use full-width katakana.' }],
  },
  {
    type: 'pattern',
    id: 'editorial.capitals',
    platforms: ALL_PLATFORMS,
    severity: 'error',
    elsewhere: 'warning',
    patterns: [
      { re: /(?<![\p{L}\p{N}])\p{Lu}{3,}(?![\p{L}\p{N}])/gu, message: '{label} writes "{match}" in capitals. Google refuses capitals for emphasis; write it in normal case.' },
      // Two or more lower-to-upper switches: FlOwErS, not iPhone, YouTube or McDonald.
      { re: /(?<![\p{L}\p{N}])\p{L}{4,}(?![\p{L}\p{N}])/gu, message: '{label} mixes capitals gimmickily ("{match}"). Write it in normal case.', only: (m) => (m.match(/\p{Ll}\p{Lu}/gu)?.length ?? 0) >= 2 },
    ],
    exempt: (match, text, index, ctx) => CAPITALS_ALLOWED.has(match) || inTrademark(text, index, match.length, ctx.trademarks) || ctx.trademarks.includes(match),
  },
  {
    type: 'pattern',
    id: 'editorial.spacing',
    platforms: ALL_PLATFORMS,
    severity: 'error',
    elsewhere: 'warning',
    patterns: [
      { re: /(?<=[\p{L}\p{N}])[,;:!?](?=\p{L})/gu, message: '{label} is missing a space after "{match}". Add one.' },
      { re: /(?<![\p{L}\p{N}])(?:\p{L} ){3,}\p{L}(?![\p{L}\p{N}])/gu, message: '{label} spaces out letters ("{match}"). Write the word without spaces.' },
      { re: / {2,}/gu, message: '{label} has a double space. Use one.' },
      { re: /^\s+|\s+$/gu, message: '{label} starts or ends with a space. Remove it.' },
      { re: /(?<=\S) +[,.](?=\s|$)/gu, message: '{label} has a space before a comma or full stop. Remove it.' },
    ],
    exempt: (match, text, index, ctx) => inAddress(text, index) || inTrademark(text, index, match.length, ctx.trademarks),
  },
  {
    type: 'pattern',
    id: 'editorial.click_here',
    platforms: ALL_PLATFORMS,
    severity: 'error',
    elsewhere: 'warning',
    patterns: [{ re: /(?<!\p{L})click here(?!\p{L})/giu, message: '{label} says "{match}". Google refuses generic calls to action; say what happens ("Book a demo", "See prices").' }],
  },
  {
    type: 'pattern',
    id: 'editorial.bullets',
    platforms: ALL_PLATFORMS,
    severity: 'error',
    elsewhere: 'warning',
    patterns: [{ re: /(?:^|(?<=\n))\s*(?:[•·▪◦‣●■►➤➢-]|\d+[.)])\s+/gu, message: '{label} starts like a list item ("{match}"). Write it as a sentence.' }],
  },
  {
    type: 'pattern',
    id: 'google.headline.exclamation',
    platforms: GOOGLE,
    severity: 'warning',
    fields: ['headline'],
    patterns: [{ re: /!+/gu, message: '{label} has an exclamation mark. Google may refuse "!" in headlines; use a full stop or nothing.' }],
  },
  {
    type: 'pattern',
    id: 'editorial.phone_number',
    platforms: GOOGLE,
    severity: 'error',
    patterns: [{ re: /(?<![\p{L}\p{N}])\+?\(?\d[\d ().\/-]{5,20}\d(?![\p{L}\p{N}])/gu, message: '{label} contains a phone number ("{match}"). Google does not allow phone numbers in ad text; add a call asset instead.', only: looksLikePhoneNumber }],
  },
  {
    type: 'pattern',
    id: 'editorial.superlative',
    platforms: ALL_PLATFORMS,
    severity: 'warning',
    patterns: [
      {
        re: /(?<![\p{L}\p{N}])(?:best|cheapest|#\s?1|no\.\s?1|number\s+one|greatest|top-rated|lowest[- ]priced?|fastest|world'?s\s+leading)(?![\p{L}\p{N}])/giu,
        message: '{label} claims "{match}". A superlative needs proof a reviewer can see (e.g. a third-party award on the landing page); back it up or soften it.',
      },
    ],
  },
  {
    type: 'pattern',
    id: 'editorial.cut_off',
    platforms: ALL_PLATFORMS,
    severity: 'warning',
    patterns: [
      {
        re: /(?:\.\.\.|…|[,:;–-]|(?<!\p{L})(?:and|or|with|for|the|to|of|an|&|in|on|at|your|our|und))\s*$/giu,
        message: '{label} seems cut off (it ends with "{match}"). Finish the sentence.',
      },
    ],
  },
  {
    type: 'pattern',
    id: 'meta.personal_attributes',
    platforms: ['meta'],
    severity: 'warning',
    patterns: [
      {
        re: new RegExp(`(?<!\\p{L})(?:are you|aren't you|you are|you're|other|fellow|meet)\\s+(?:an?\\s+|so\\s+|still\\s+)?(?:${ATTRIBUTES})(?!\\p{L})`, 'giu'),
        message: '{label} asserts or implies a personal attribute ("{match}"). Meta refuses ads that say they know the reader’s health, religion, finances, age or similar; talk about the offer instead ("Support for anxiety", not "Are you anxious?").',
      },
    ],
  },
  {
    type: 'pattern',
    id: 'linkedin.copy.platform_name',
    platforms: ['linkedin'],
    severity: 'error',
    patterns: [{ re: /linked\s?in/giu, message: '{label} mentions "{match}". LinkedIn does not allow its name in ad copy; remove it.' }],
  },
];

/** A digit run reads as a phone number: 7–15 digits, and not an amount, a date or a year range. */
export function looksLikePhoneNumber(s: string): boolean {
  const digits = s.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15) return false;
  const t = s.trim();
  if (/^\d{1,3}(?:[.,]\d{3})+$/.test(t)) return false; // 1.000.000
  if (/^\d{4} ?[-/] ?\d{4}$/.test(t)) return false; // 2024-2025
  if (/^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/.test(t)) return false; // 2027-03-01
  // Without any separator only an international or trunk-prefixed number is clearly a phone number.
  if (!/[ ().\/-]/.test(t)) return t.startsWith('+') || (t.startsWith('0') && digits >= 9);
  return true;
}
