/**
 * Rules about a campaign's shape rather than one text: paths, pins, URLs and their domain,
 * budgets, bidding, objectives, schedules. Each is a row with its id, platforms and severity,
 * and the code that finds what breaks it.
 */
import { getDomain } from 'tldts';
import { META_OBJECTIVES, META_SPECIAL_AD_CATEGORIES, type Campaign, type CampaignPlatform, type FindingSeverity, type Money } from '../model.js';
import { countChars } from './count-chars.js';
import { COPY_FIELDS } from './editorial.js';
import type { TextRef } from './fields.js';

export interface Hit {
  field: string;
  textId?: string;
  span?: { start: number; end: number };
  message: string;
}

export interface StructureRule {
  type: 'check';
  id: string;
  platforms: readonly CampaignPlatform[];
  severity: FindingSeverity;
  /** What the rule checks, in a line (for the rule listing). */
  about: string;
  run: (campaign: Campaign, texts: TextRef[]) => Hit[];
}

/** Google's smart bidding strategies; broad match without one of them spends on loosely related searches. */
const SMART_BIDDING = new Set(['MAXIMIZE_CONVERSIONS', 'MAXIMIZE_CONVERSION_VALUE', 'TARGET_CPA', 'TARGET_ROAS']);

const GOOGLE: CampaignPlatform[] = ['google_search', 'google_pmax'];

type Paths = { path1?: string; path2?: string };
type WithUrl = { field: string; url: string; what: string };

function pathOwners(c: Campaign): { base: string; what: string; paths: Paths }[] {
  if (c.platform === 'google_search') return c.adGroups.flatMap((g, gi) => g.ads.map((ad, ai) => ({ base: `/adGroups/${gi}/ads/${ai}`, what: `ad ${ai + 1} of ad group "${g.name}"`, paths: ad })));
  if (c.platform === 'google_pmax') return c.assetGroups.map((g, gi) => ({ base: `/assetGroups/${gi}`, what: `asset group "${g.name}"`, paths: g }));
  return [];
}

function urls(c: Campaign): WithUrl[] {
  switch (c.platform) {
    case 'google_search':
      return c.adGroups.flatMap((g, gi) => g.ads.map((ad, ai) => ({ field: `/adGroups/${gi}/ads/${ai}/finalUrl`, url: ad.finalUrl, what: `The final URL of ad ${ai + 1} in ad group "${g.name}"` })));
    case 'google_pmax':
      return c.assetGroups.map((g, gi) => ({ field: `/assetGroups/${gi}/finalUrl`, url: g.finalUrl, what: `The final URL of asset group "${g.name}"` }));
    case 'linkedin':
      return c.campaigns.flatMap((camp, ci) => camp.ads.map((ad, ai) => ({ field: `/campaigns/${ci}/ads/${ai}/destinationUrl`, url: ad.destinationUrl, what: `The destination URL of ad "${ad.name}"` })));
    case 'meta':
      return c.adSets.flatMap((s, si) => s.ads.map((ad, ai) => ({ field: `/adSets/${si}/ads/${ai}/link`, url: ad.link, what: `The link of ad "${ad.name}"` })));
  }
}

function budgets(c: Campaign): { field: string; money: Money; what: string }[] {
  switch (c.platform) {
    case 'google_search':
    case 'google_pmax':
      return [{ field: '/dailyBudget/amount', money: c.dailyBudget, what: `Campaign "${c.name}"` }];
    case 'linkedin':
      return [
        ...(c.totalBudget ? [{ field: '/totalBudget/amount', money: c.totalBudget, what: `Campaign group "${c.name}"` }] : []),
        ...c.campaigns.map((camp, ci) => ({ field: `/campaigns/${ci}/dailyBudget/amount`, money: camp.dailyBudget, what: `Campaign "${camp.name}"` })),
      ];
    case 'meta':
      return c.adSets.map((s, si) => ({ field: `/adSets/${si}/dailyBudget/amount`, money: s.dailyBudget, what: `Ad set "${s.name}"` }));
  }
}

function parseHttpUrl(url: string): URL | null {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.') ? u : null;
  } catch {
    return null;
  }
}

/** Every name a campaign gives its parts; names land in export cells like texts do. */
function names(c: Campaign): { field: string; name: string; what: string }[] {
  const out = [{ field: '/name', name: c.name, what: 'The campaign name' }];
  if (c.platform === 'google_search') c.adGroups.forEach((g, i) => out.push({ field: `/adGroups/${i}/name`, name: g.name, what: `The name of ad group ${i + 1}` }));
  if (c.platform === 'google_pmax') c.assetGroups.forEach((g, i) => out.push({ field: `/assetGroups/${i}/name`, name: g.name, what: `The name of asset group ${i + 1}` }));
  if (c.platform === 'linkedin') c.campaigns.forEach((camp, i) => out.push({ field: `/campaigns/${i}/name`, name: camp.name, what: `The name of campaign ${i + 1}` }));
  if (c.platform === 'meta')
    c.adSets.forEach((set, i) => {
      out.push({ field: `/adSets/${i}/name`, name: set.name, what: `The name of ad set ${i + 1}` });
      set.ads.forEach((ad, j) => out.push({ field: `/adSets/${i}/ads/${j}/name`, name: ad.name, what: `The name of ad ${j + 1} in ad set "${set.name}"` }));
    });
  return out;
}

/** Spreadsheets run a cell that starts like this as a formula (CSV injection when the export is opened in Excel). */
const FORMULA_START = /^[=@\t\r]|^[+-](?=[\p{L}(])/u;

const platformName = (p: CampaignPlatform) => (p === 'linkedin' ? 'LinkedIn' : p === 'meta' ? 'Meta' : 'Google');

/** Performance Max needs, in each asset group, at least one headline (description) of `max` characters or fewer. */
function pmaxShortOne(noun: 'headline' | 'description', key: 'headlines' | 'descriptions', max: number): StructureRule {
  return {
    type: 'check',
    id: `google.pmax.${noun}.short`,
    platforms: ['google_pmax'],
    severity: 'error',
    about: `an asset group has at least one ${noun} of ${max} characters or fewer`,
    run: (c: Campaign) =>
      c.platform !== 'google_pmax'
        ? []
        : c.assetGroups.flatMap((g, gi) =>
            g[key].length === 0 || g[key].some((t) => countChars(t.text, true) <= max) ? [] : [{ field: `/assetGroups/${gi}/${key}`, message: `Asset group "${g.name}" needs at least one ${noun} of ${max} characters or fewer; Google requires a short one. Shorten one or add one.` }],
          ),
  };
}

export const STRUCTURE_RULES: StructureRule[] = [
  {
    type: 'check',
    id: 'text.empty',
    platforms: ['google_search', 'google_pmax', 'linkedin', 'meta'],
    severity: 'error',
    about: 'every required text has words in it',
    run: (_c, texts) =>
      texts.filter((t) => !t.optional && t.text.trim() === '').map((t) => ({ field: t.field, textId: t.textId, message: `${t.label} is empty. Write it or remove it.` })),
  },
  {
    type: 'check',
    id: 'text.spreadsheet_formula',
    platforms: ['google_search', 'google_pmax', 'linkedin', 'meta'],
    severity: 'error',
    about: 'no text or name starts like a spreadsheet formula',
    run: (c, texts) => [
      ...names(c).filter((n) => FORMULA_START.test(n.name)).map((n) => ({ field: n.field, span: { start: 0, end: 1 }, message: `${n.what} starts with "${n.name[0]}", which spreadsheets run as a formula when the export is opened. Start it with a letter or digit.` })),
      ...texts.filter((t) => FORMULA_START.test(t.text)).map((t) => ({ field: t.field, textId: t.textId, span: { start: 0, end: 1 }, message: `${t.label} starts with "${t.text[0]}", which spreadsheets run as a formula when the export is opened. Start it with a letter or digit.` })),
    ],
  },
  {
    type: 'check',
    id: 'google.path.path2_requires_path1',
    platforms: GOOGLE,
    severity: 'error',
    about: 'Path 2 is only shown after Path 1',
    run: (c) =>
      pathOwners(c)
        .filter(({ paths }) => (paths.path2 ?? '').trim() !== '' && (paths.path1 ?? '').trim() === '')
        .map(({ base, what }) => ({ field: `${base}/path2`, message: `Path 2 of ${what} is set but Path 1 is empty. Google shows Path 2 only after Path 1: fill in Path 1 or move the text there.` })),
  },
  {
    type: 'check',
    id: 'google.path.characters',
    platforms: GOOGLE,
    severity: 'error',
    about: 'display paths hold no "/" and no line break',
    run: (c) =>
      pathOwners(c).flatMap(({ base, what, paths }) =>
        (['path1', 'path2'] as const).flatMap((p) => {
          const at = (paths[p] ?? '').search(/[/\r\n]/);
          return at === -1 ? [] : [{ field: `${base}/${p}`, span: { start: at, end: at + 1 }, message: `Path ${p.slice(-1)} of ${what} contains "/" or a line break. Google adds the slashes itself; use one word or a hyphen.` }];
        }),
      ),
  },
  {
    type: 'check',
    id: 'google.rsa.pin',
    platforms: ['google_search'],
    severity: 'error',
    about: 'headlines pin to positions 1–3, descriptions to 1–2',
    run: (c) =>
      c.platform !== 'google_search'
        ? []
        : c.adGroups.flatMap((g, gi) =>
            g.ads.flatMap((ad, ai) => [
              ...ad.headlines.flatMap((h, hi) => (h.pin === undefined || [1, 2, 3].includes(h.pin) ? [] : [{ field: `/adGroups/${gi}/ads/${ai}/headlines/${hi}/pin`, textId: h.id, message: `Headline ${hi + 1} in ad ${ai + 1} of ad group "${g.name}" is pinned to position ${h.pin}; headlines pin to 1, 2 or 3.` }])),
              ...ad.descriptions.flatMap((d, di) => (d.pin === undefined || [1, 2].includes(d.pin) ? [] : [{ field: `/adGroups/${gi}/ads/${ai}/descriptions/${di}/pin`, textId: d.id, message: `Description ${di + 1} in ad ${ai + 1} of ad group "${g.name}" is pinned to position ${d.pin}; descriptions pin to 1 or 2.` }])),
            ]),
          ),
  },
  {
    type: 'check',
    id: 'google.rsa.duplicate_text',
    platforms: ['google_search'],
    severity: 'error',
    about: 'an ad does not repeat a headline or a description',
    run: (c) =>
      c.platform !== 'google_search'
        ? []
        : c.adGroups.flatMap((g, gi) =>
            g.ads.flatMap((ad, ai) =>
              (['headlines', 'descriptions'] as const).flatMap((list) => {
                const seen = new Map<string, number>();
                return ad[list].flatMap((t, i) => {
                  const key = t.text.trim().toLowerCase();
                  const first = seen.get(key);
                  if (key === '' || first === undefined) {
                    seen.set(key, i);
                    return [];
                  }
                  const noun = list === 'headlines' ? 'Headline' : 'Description';
                  return [{ field: `/adGroups/${gi}/ads/${ai}/${list}/${i}/text`, textId: t.id, message: `${noun} ${i + 1} in ad ${ai + 1} of ad group "${g.name}" repeats ${noun.toLowerCase()} ${first + 1}. Google refuses duplicates; write something different.` }];
                });
              }),
            ),
          ),
  },
  pmaxShortOne('headline', 'headlines', 15),
  pmaxShortOne('description', 'descriptions', 60),
  {
    type: 'check',
    id: 'url.scheme',
    platforms: ['google_search', 'google_pmax', 'linkedin', 'meta'],
    severity: 'error',
    about: 'every landing page is a full http(s) address',
    run: (c) => urls(c).filter((u) => !parseHttpUrl(u.url.trim())).map((u) => ({ field: u.field, message: `${u.what} ("${u.url}") is not a full web address. Write it as https://example.com/page.` })),
  },
  {
    type: 'check',
    id: 'google.final_url.domain',
    platforms: GOOGLE,
    severity: 'error',
    about: "the ads' final URLs share one domain",
    run: (c) => {
      const withDomain = urls(c).flatMap((u) => {
        const parsed = parseHttpUrl(u.url.trim());
        const domain = parsed && (getDomain(parsed.hostname) ?? parsed.hostname);
        return domain ? [{ ...u, domain }] : [];
      });
      const tally = new Map<string, number>();
      for (const u of withDomain) tally.set(u.domain, (tally.get(u.domain) ?? 0) + 1);
      // The domain most ads use is the campaign's; the others are the odd ones out.
      const main = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
      return withDomain.filter((u) => u.domain !== main).map((u) => ({ field: u.field, message: `${u.what} is on ${u.domain}, the campaign's other ads on ${main}. Google wants the ads' landing pages on one domain; use a page on ${main}.` }));
    },
  },
  {
    type: 'check',
    id: 'budget.positive',
    platforms: ['google_search', 'google_pmax', 'linkedin', 'meta'],
    severity: 'error',
    about: 'every budget is more than zero',
    run: (c) => budgets(c).filter((b) => !(Number.isFinite(b.money.amount) && b.money.amount > 0)).map((b) => ({ field: b.field, message: `${b.what} has a budget of ${b.money.amount} ${b.money.currency}; ${platformName(c.platform)} needs more than 0.` })),
  },
  {
    type: 'check',
    id: 'google.keyword.broad_without_smart_bidding',
    platforms: ['google_search'],
    severity: 'warning',
    about: 'broad-match keywords run with smart bidding',
    run: (c) =>
      c.platform !== 'google_search' || SMART_BIDDING.has(c.bidding.strategy)
        ? []
        : c.adGroups.flatMap((g, gi) =>
            g.keywords.flatMap((k, ki) => (k.match !== 'broad' ? [] : [{ field: `/adGroups/${gi}/keywords/${ki}/match`, textId: k.id, message: `Keyword "${k.text}" in ad group "${g.name}" is broad match while the campaign bids with ${c.bidding.strategy}. Without smart bidding broad match spends on loosely related searches; make it phrase or exact, or switch to a conversion-based strategy.` }])),
          ),
  },
  {
    type: 'check',
    id: 'google.ad.exclamation_count',
    platforms: GOOGLE,
    severity: 'warning',
    about: 'an ad uses "!" at most once',
    run: (c, texts) => {
      const perAd = new Map<string, TextRef[]>();
      for (const t of texts) if (t.ad && COPY_FIELDS[c.platform].includes(t.kind) && t.text.includes('!')) perAd.set(t.ad, [...(perAd.get(t.ad) ?? []), t]);
      return [...perAd.entries()].flatMap(([ad, ts]) => {
        const n = ts.reduce((sum, t) => sum + (t.text.match(/!/g)?.length ?? 0), 0);
        return n <= 1 ? [] : [{ field: ad, message: `${ts[0].adLabel} uses "!" ${n} times. Google allows at most one exclamation mark per ad; keep one.` }];
      });
    },
  },
  {
    type: 'check',
    id: 'linkedin.ad.format_mismatch',
    platforms: ['linkedin'],
    severity: 'error',
    about: "an ad's format matches its campaign's",
    run: (c) =>
      c.platform !== 'linkedin'
        ? []
        : c.campaigns.flatMap((camp, ci) =>
            camp.ads.flatMap((ad, ai) => (ad.format === camp.format ? [] : [{ field: `/campaigns/${ci}/ads/${ai}/format`, message: `Ad "${ad.name}" is a ${ad.format.replace('_', '-')} ad but campaign "${camp.name}" runs ${camp.format.replace('_', '-')} ads. LinkedIn needs every ad to match its campaign's format; move it to a campaign of its format.` }])),
          ),
  },
  {
    type: 'check',
    id: 'meta.campaign.objective',
    platforms: ['meta'],
    severity: 'error',
    about: 'the objective is one of the OUTCOME_* objectives',
    run: (c) =>
      c.platform !== 'meta' || (META_OBJECTIVES as readonly string[]).includes(c.objective)
        ? []
        : [{ field: '/objective', message: `The objective "${c.objective}" is not one Meta accepts for new campaigns; pick one of ${META_OBJECTIVES.join(', ')}.` }],
  },
  {
    type: 'check',
    id: 'meta.campaign.special_ad_categories',
    platforms: ['meta'],
    severity: 'error',
    about: 'special ad categories are declared (an empty list when none applies)',
    run: (c) => {
      if (c.platform !== 'meta') return [];
      if (!Array.isArray(c.specialAdCategories)) return [{ field: '/specialAdCategories', message: 'The campaign does not declare its special ad categories. Meta requires them on every campaign: choose the ones that apply (housing, employment, credit, politics, financial products) or none.' }];
      return c.specialAdCategories
        .map((cat, i) => ({ cat, i }))
        .filter(({ cat }) => !(META_SPECIAL_AD_CATEGORIES as readonly string[]).includes(cat))
        .map(({ cat, i }) => ({ field: `/specialAdCategories/${i}`, message: `"${cat}" is not a Meta special ad category; use one of ${META_SPECIAL_AD_CATEGORIES.join(', ')}.` }));
    },
  },
  {
    type: 'check',
    id: 'meta.ad_set.schedule',
    platforms: ['meta'],
    severity: 'error',
    about: 'an ad set starts on a real date and ends after it starts',
    run: (c) =>
      c.platform !== 'meta'
        ? []
        : c.adSets.flatMap((s, si) => {
            const start = Date.parse(s.schedule.start);
            if (!/^\d{4}-\d{2}-\d{2}/.test(s.schedule.start) || Number.isNaN(start)) return [{ field: `/adSets/${si}/schedule/start`, message: `Ad set "${s.name}" starts on "${s.schedule.start}", which is not a date. Write it as YYYY-MM-DD.` }];
            if (s.schedule.end === undefined) return [];
            const end = Date.parse(s.schedule.end);
            if (Number.isNaN(end) || end <= start) return [{ field: `/adSets/${si}/schedule/end`, message: `Ad set "${s.name}" ends on "${s.schedule.end}", not after it starts (${s.schedule.start}). Move the end date later.` }];
            return [];
          }),
  },
  {
    type: 'check',
    id: 'meta.ad_set.audience',
    platforms: ['meta'],
    severity: 'error',
    about: 'an ad set targets at least one country and ages 13–65 (18+ with a special ad category)',
    run: (c) => {
      if (c.platform !== 'meta') return [];
      const minAge = c.specialAdCategories?.length ? 18 : 13;
      return c.adSets.flatMap((s, si) => {
        const a = s.audience;
        const hits: Hit[] = [];
        if (a.countries.length === 0) hits.push({ field: `/adSets/${si}/audience/countries`, message: `Ad set "${s.name}" targets no country. Add at least one.` });
        if (!(a.ageMin >= minAge && a.ageMax <= 65 && a.ageMin <= a.ageMax)) hits.push({ field: `/adSets/${si}/audience/ageMin`, message: `Ad set "${s.name}" targets ages ${a.ageMin}–${a.ageMax}; Meta allows ${minAge}–65${minAge === 18 ? ' for a special ad category' : ''}, youngest first.` });
        return hits;
      });
    },
  },
];
