import type {
  BrandKit,
  Campaign,
  CampaignPlatform,
  CopyText,
  GoogleAdGroup,
  GooglePmaxCampaign,
  GoogleSearchCampaign,
  LinkedInCampaignGroup,
  Money,
  MetaCampaign,
  MetaObjective,
  LinkedInObjective,
} from '../model';
import type { CampaignFacts } from './grounding';

/**
 * Drafts from templates filled with the data, for when there is no language model: plain,
 * correct copy that fits every limit, honestly labelled as templates. Every entity is paused.
 * Candidates longer than a field allows are dropped here, and the validator checks the result.
 */

export interface DraftOptions {
  platform: CampaignPlatform;
  budget: Money;
  languages: string[];
  locations: string[];
  /** The landing page; a placeholder on example.com when the brief gives none. */
  url: string;
  brand: BrandKit;
  /** YYYY-MM-DD, the first day a Meta ad set would run. */
  startDate: string;
}

const COUNTRY_CODES: Record<string, string> = {
  Germany: 'DE', France: 'FR', 'United Kingdom': 'GB', Spain: 'ES', Italy: 'IT', Netherlands: 'NL', 'United States': 'US', Canada: 'CA', Mexico: 'MX',
  Japan: 'JP', Australia: 'AU', India: 'IN', Singapore: 'SG', Brazil: 'BR', Argentina: 'AR', Chile: 'CL',
};
const REGION_COUNTRIES: Record<string, string[]> = { Europe: ['DE', 'FR', 'GB', 'ES', 'IT', 'NL'], 'North America': ['US', 'CA'], APAC: ['JP', 'AU', 'SG'], LATAM: ['BR', 'AR', 'CL', 'MX'] };

export function countryCodes(names: string[]): string[] {
  return [...new Set(names.map((n) => COUNTRY_CODES[n] ?? (/^[A-Z]{2}$/.test(n) ? n : '')).filter(Boolean))];
}

/** The locations a draft targets: the brief's, else the countries the data says buy, else the region. */
export function defaultLocations(facts: CampaignFacts, given: string[] | undefined): string[] {
  if (given?.length) return given;
  if (facts.countries.length) return facts.countries;
  return facts.region ? [facts.region] : [];
}

const fit = (texts: string[], max: number) => [...new Set(texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => t && [...t].length <= max))];
const copy = (prefix: string, texts: string[]): CopyText[] => texts.map((text, i) => ({ id: `${prefix}${i + 1}`, text }));
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 15).replace(/-$/, '');
const price = (v: number, currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: v % 1 ? 2 : 0 }).format(v);

function subject(facts: CampaignFacts) {
  const category = facts.category?.name ?? 'Our range';
  const products = facts.products.length ? facts.products : [{ name: category, shortName: category, price: 0, revenue: 0 }];
  return { category, products };
}

function headlinesFor(product: string, category: string, from: string | null): string[] {
  return fit(
    [
      product,
      `Shop ${product}`,
      `${product} Online`,
      `New ${category} Range`,
      `${category} for Every Day`,
      from ? `${product} from ${from}` : '',
      from ? `Prices from ${from}` : '',
      'Fast, Tracked Delivery',
      'Easy 30-Day Returns',
      `Browse ${category} Today`,
      'Order Online in Minutes',
    ],
    30,
  ).slice(0, 10);
}

function descriptionsFor(product: string, category: string, from: string | null): string[] {
  return fit(
    [
      `Discover ${product} and the rest of our ${category.toLowerCase()} range. Order online today.`,
      from ? `${product} from ${from}, with tracked delivery and easy 30-day returns.` : `Tracked delivery and easy 30-day returns on ${category.toLowerCase()}.`,
      `Compare our ${category.toLowerCase()} range and find what suits you. Free returns within 30 days.`,
    ],
    90,
  ).slice(0, 4);
}

function googleSearch(facts: CampaignFacts, o: DraftOptions): GoogleSearchCampaign {
  const { category, products } = subject(facts);
  const currency = o.budget.currency;
  const adGroups: GoogleAdGroup[] = products.slice(0, 3).map((p, g) => {
    const noun = p.shortName.split(' ').slice(-1)[0].toLowerCase();
    const from = p.price > 0 ? price(p.price, facts.dataCurrency) : null;
    const n = g + 1;
    return {
      id: `g${n}`,
      name: p.shortName,
      status: 'paused',
      keywords: [
        { id: `g${n}k1`, text: p.shortName.toLowerCase(), match: 'exact' },
        { id: `g${n}k2`, text: `buy ${p.shortName.toLowerCase()}`, match: 'phrase' },
        { id: `g${n}k3`, text: `${noun} online`, match: 'phrase' },
        { id: `g${n}k4`, text: `${category.toLowerCase()} ${noun}`, match: 'broad' },
      ],
      negativeKeywords: [{ id: `g${n}n1`, text: 'used', match: 'phrase' }],
      ads: [
        {
          id: `g${n}a1`,
          headlines: copy(`g${n}a1h`, headlinesFor(p.shortName, category, from)),
          descriptions: copy(`g${n}a1d`, descriptionsFor(p.shortName, category, from)),
          path1: slug(category),
          path2: slug(noun),
          finalUrl: o.url,
          status: 'paused',
        },
      ],
    };
  });
  return {
    platform: 'google_search',
    name: `${category}${facts.region ? ` – ${facts.region}` : ''} – Search`,
    status: 'paused',
    dailyBudget: { amount: o.budget.amount, currency },
    bidding: { strategy: 'MAXIMIZE_CONVERSIONS' },
    languages: o.languages,
    locations: o.locations,
    networks: ['search'],
    negativeKeywords: [{ id: 'cn1', text: 'free', match: 'broad' }, { id: 'cn2', text: 'second hand', match: 'phrase' }],
    adGroups,
  };
}

function googlePmax(facts: CampaignFacts, o: DraftOptions): GooglePmaxCampaign {
  const { category, products } = subject(facts);
  const top = products[0];
  const from = top.price > 0 ? price(top.price, facts.dataCurrency) : null;
  const business = fit([o.brand.trademarks[0] ?? '', `${category} Shop`, 'Our Shop'], 25)[0];
  return {
    platform: 'google_pmax',
    name: `${category}${facts.region ? ` – ${facts.region}` : ''} – Performance Max`,
    status: 'paused',
    dailyBudget: o.budget,
    bidding: { strategy: 'MAXIMIZE_CONVERSION_VALUE' },
    languages: o.languages,
    locations: o.locations,
    assetGroups: [
      {
        id: 'ag1',
        name: category,
        status: 'paused',
        finalUrl: o.url,
        headlines: copy('ag1h', [...fit([`Shop ${category}`, category], 15).slice(0, 1), ...fit(products.map((p) => p.shortName), 30), ...headlinesFor(top.shortName, category, from)].filter((t, i, a) => a.indexOf(t) === i).slice(0, 10)),
        longHeadlines: copy('ag1l', fit([`${category} you will use every day, with tracked delivery and easy returns`, `Discover ${products.map((p) => p.shortName).join(', ')} and more`], 90)),
        descriptions: copy('ag1d', [...fit([`Shop ${category.toLowerCase()} online today.`], 60), ...descriptionsFor(top.shortName, category, from)].slice(0, 4)),
        businessName: { id: 'ag1b', text: business },
        callToAction: 'SHOP_NOW',
        path1: slug(category),
      },
    ],
  };
}

const linkedInObjective = (past: CampaignFacts['pastCampaign']): LinkedInObjective =>
  past?.objective === 'awareness' ? 'BRAND_AWARENESS' : past?.objective === 'traffic' ? 'WEBSITE_VISIT' : 'WEBSITE_CONVERSION';

function linkedIn(facts: CampaignFacts, o: DraftOptions): LinkedInCampaignGroup {
  const { category, products } = subject(facts);
  const ads = products.slice(0, 2).map((p, i) => ({
    id: `li${i + 1}`,
    format: 'single_image' as const,
    name: `${p.shortName} – single image`,
    introText: { id: `li${i + 1}i`, text: fit([`${p.shortName}: part of the ${category.toLowerCase()} range teams order most. See the range and order online.`, `Our ${category.toLowerCase()} range, ordered online.`], 150)[0] },
    headline: { id: `li${i + 1}h`, text: fit([`${p.shortName} for your team`, p.shortName], 70)[0] },
    description: { id: `li${i + 1}d`, text: fit([`Tracked delivery and easy 30-day returns.`], 100)[0] },
    destinationUrl: o.url,
    callToAction: 'LEARN_MORE' as const,
    imageBrief: `${p.shortName} in use, on a plain background.`,
    status: 'paused' as const,
  }));
  return {
    platform: 'linkedin',
    name: `${category}${facts.region ? ` – ${facts.region}` : ''} – LinkedIn`,
    status: 'paused',
    campaigns: [
      {
        id: 'lc1',
        name: `${category} – website visitors`,
        status: 'paused',
        objective: linkedInObjective(facts.pastCampaign),
        format: 'single_image',
        dailyBudget: o.budget,
        targeting: { locations: o.locations, ...(o.languages.length ? { interfaceLocales: o.languages } : {}) },
        ads,
      },
    ],
  };
}

const metaObjective = (past: CampaignFacts['pastCampaign']): MetaObjective =>
  past?.objective === 'awareness' ? 'OUTCOME_AWARENESS' : past?.objective === 'traffic' ? 'OUTCOME_TRAFFIC' : 'OUTCOME_SALES';

function meta(facts: CampaignFacts, o: DraftOptions): MetaCampaign {
  const { category, products } = subject(facts);
  const countries = countryCodes(o.locations);
  return {
    platform: 'meta',
    name: `${category}${facts.region ? ` – ${facts.region}` : ''} – Meta`,
    status: 'paused',
    objective: metaObjective(facts.pastCampaign),
    specialAdCategories: [],
    adSets: [
      {
        id: 'as1',
        name: `${category} – ${facts.region ?? 'all regions'}`,
        status: 'paused',
        dailyBudget: o.budget,
        schedule: { start: o.startDate },
        audience: { countries: countries.length ? countries : (REGION_COUNTRIES[facts.region ?? ''] ?? ['US']), ageMin: 18, ageMax: 65 },
        placements: 'automatic',
        ads: products.slice(0, 2).map((p, i) => ({
          id: `ad${i + 1}`,
          name: p.shortName,
          primaryTexts: copy(`ad${i + 1}p`, fit([`${p.shortName}, from our ${category.toLowerCase()} range. Tracked delivery, easy returns.`, `Discover our ${category.toLowerCase()} range.`], 125).slice(0, 2)),
          headlines: copy(`ad${i + 1}h`, fit([`Shop ${p.shortName}`, p.shortName], 40).slice(0, 2)),
          descriptions: copy(`ad${i + 1}d`, fit(['Easy 30-day returns', 'Tracked delivery'], 30)),
          callToAction: 'SHOP_NOW',
          link: o.url,
          imageBrief: `${p.shortName} in use, bright daylight.`,
          status: 'paused',
        })),
      },
    ],
  };
}

export function draftFromTemplates(facts: CampaignFacts, o: DraftOptions): Campaign {
  switch (o.platform) {
    case 'google_search':
      return googleSearch(facts, o);
    case 'google_pmax':
      return googlePmax(facts, o);
    case 'linkedin':
      return linkedIn(facts, o);
    case 'meta':
      return meta(facts, o);
  }
}
