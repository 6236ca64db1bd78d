/**
 * Every rule in the rule set has a passing and a failing example; the last test fails when a rule
 * is added without one. Limits are tried at the limit and one past it, straight from the tables.
 */
import { describe, expect, it } from 'vitest';
import type { BrandKit, Campaign, CampaignPlatform, LinkedInImageAd } from '../model.js';
import { googlePmaxSample, googleSearchSample, linkedinSample, metaSample } from '../testing/samples.js';
import { withCount, withText } from '../testing/set-field.js';
import { RULES, validateCampaign } from '../validate.js';
import { COUNT_RULES, LENGTH_RULES, WORDS_RULES } from './limits.js';

const tried = new Set<string>();
const rulesHit = (c: Campaign, brand?: BrandKit) => validateCampaign(c, { brand }).findings.map((f) => f.rule);

const brand = (over: Partial<BrandKit> = {}): BrandKit => ({ voice: 'plain, warm', bannedTerms: [], preferredTerms: [], requiredDisclaimers: [], trademarks: [], language: 'en', ...over });
const rsa = (text: string) => withText('google_search', 'headline', text)!;
const rsaDescription = (text: string) => withText('google_search', 'description', text)!;
const meta = (text: string) => withText('meta', 'primaryText', text)!;
const li = (text: string) => withText('linkedin', 'introText', text)!;

type Example = { rule: string; pass: () => Campaign; fail: () => Campaign; brand?: BrandKit; name?: string };

const EXAMPLES: Example[] = [
  { rule: 'text.empty', pass: () => rsa('Boots'), fail: () => rsa('  ') },
  { rule: 'text.spreadsheet_formula', name: 'a formula in a headline (CSV injection)', pass: () => rsa('+50% more grip'), fail: () => rsa('=HYPERLINK("https://x.io")') },
  {
    rule: 'text.spreadsheet_formula',
    name: 'a formula in an ad group name',
    pass: () => googleSearchSample(),
    fail: () => {
      const c = googleSearchSample();
      c.adGroups[0].name = '@SUM(A1)';
      return c;
    },
  },
  { rule: 'editorial.repeated_punctuation', pass: () => rsa('Fresh flowers'), fail: () => rsa('flowers!!') },
  { rule: 'editorial.repeated_punctuation', name: '?? on Meta', pass: () => meta('Ready for spring?'), fail: () => meta('Ready for spring??') },
  { rule: 'editorial.symbols_as_letters', pass: () => rsa('Fresh flowers'), fail: () => rsa('Fresh f1owers') },
  { rule: 'editorial.symbols_as_letters', name: 'fl@wers; an e-mail address is fine', pass: () => rsaDescription('Write to info@shop.example.com for help.'), fail: () => rsa('Fresh fl@wers') },
  { rule: 'editorial.gimmicky_spelling', pass: () => rsa('Flowers delivered'), fail: () => rsa('F.L.O.W.E.R.S. delivered') },
  { rule: 'editorial.gimmicky_spelling', name: '*flowers*; 5* is fine', pass: () => rsa('5* hotel near the beach'), fail: () => rsa('Fresh *flowers* today') },
  { rule: 'editorial.emoji', pass: () => rsa('Trail boots®'), fail: () => rsa('Trail boots 🥾') },
  { rule: 'editorial.unsupported_characters', pass: () => rsa('カタカナ'), fail: () => rsa('ｶﾀｶﾅ') },
  { rule: 'editorial.capitals', pass: () => rsa('Flowers ASAP, code SAVE20'), fail: () => rsa('FLOWERS delivered') },
  { rule: 'editorial.capitals', name: 'FlOwErS; iPhone and YouTube are fine', pass: () => rsa('iPhone cases on YouTube'), fail: () => rsa('FlOwErS delivered') },
  { rule: 'editorial.capitals', name: 'a trademark in capitals is the brand’s own', brand: brand({ trademarks: ['TRAILMAX'] }), pass: () => rsa('TRAILMAX boots'), fail: () => rsa('TRAILMAX boots ON SALE') },
  { rule: 'editorial.spacing', pass: () => rsa('Sale, buy now'), fail: () => rsa('Sale,buy now') },
  { rule: 'editorial.spacing', name: 'f l o w e r s', pass: () => rsa('Fresh flowers'), fail: () => rsa('f l o w e r s') },
  { rule: 'editorial.spacing', name: 'double and trailing spaces', pass: () => rsa('Buy now'), fail: () => rsa('Buy  now ') },
  { rule: 'editorial.click_here', pass: () => rsa('See our prices'), fail: () => rsa('Click here for prices') },
  { rule: 'editorial.bullets', pass: () => rsaDescription('Free shipping on every order.'), fail: () => rsaDescription('• Free shipping on every order.') },
  { rule: 'google.headline.exclamation', pass: () => rsaDescription('Order today!'), fail: () => rsa('Order today!') },
  {
    rule: 'google.ad.exclamation_count',
    pass: () => rsaDescription('Order today!'),
    fail: () => {
      const c = rsaDescription('Order today! Free returns!');
      return c;
    },
  },
  { rule: 'editorial.phone_number', pass: () => rsaDescription('Over 1.000.000 boots sold since 2019-2020.'), fail: () => rsaDescription('Call 0800 123 4567 to order.') },
  { rule: 'editorial.phone_number', name: '(555) 123-4567', pass: () => rsa('Open 24/7'), fail: () => rsa('Call (555) 123-4567') },
  { rule: 'editorial.superlative', pass: () => rsa('Boots tested on alpine trails'), fail: () => rsa('The best hiking boots') },
  { rule: 'editorial.superlative', name: '#1 and cheapest', pass: () => meta('Boots for every trail.'), fail: () => meta('The #1 boots, and the cheapest.') },
  { rule: 'editorial.cut_off', pass: () => rsaDescription('Boots for every trail.'), fail: () => rsaDescription('Boots for every trail and') },
  { rule: 'meta.personal_attributes', pass: () => meta('Support for anxiety, when you need it.'), fail: () => meta('Are you depressed? Talk to someone today.') },
  { rule: 'meta.personal_attributes', name: 'other Christians', pass: () => meta('Meet people near you.'), fail: () => meta('Meet other Christians near you.') },
  { rule: 'linkedin.copy.platform_name', pass: () => li('Finance teams close sooner.'), fail: () => li('Finance teams on LinkedIn close sooner.') },
  {
    rule: 'google.path.path2_requires_path1',
    pass: () => googleSearchSample(),
    fail: () => {
      const c = googleSearchSample();
      c.adGroups[0].ads[0].path1 = undefined;
      return c;
    },
  },
  { rule: 'google.path.characters', pass: () => withText('google_search', 'path', 'hiking-boots')!, fail: () => withText('google_search', 'path', 'hiking/boots')! },
  {
    rule: 'google.rsa.pin',
    pass: () => googleSearchSample(),
    fail: () => {
      const c = googleSearchSample();
      c.adGroups[0].ads[0].descriptions[0].pin = 3;
      return c;
    },
  },
  { rule: 'google.rsa.duplicate_text', pass: () => rsa('Boots for every trail'), fail: () => rsa('Waterproof hiking boots') },
  {
    rule: 'google.pmax.headline.short',
    pass: () => googlePmaxSample(),
    fail: () => {
      const c = googlePmaxSample();
      c.assetGroups[0].headlines[0].text = 'Hiking Boots for All Trails';
      return c;
    },
  },
  {
    rule: 'google.pmax.description.short',
    pass: () => googlePmaxSample(),
    fail: () => {
      const c = googlePmaxSample();
      c.assetGroups[0].descriptions[0].text = 'Boots for every trail, in stock now and shipped within two days.';
      return c;
    },
  },
  {
    rule: 'url.scheme',
    pass: () => googleSearchSample(),
    fail: () => {
      const c = googleSearchSample();
      c.adGroups[0].ads[0].finalUrl = 'shop.example.com/boots';
      return c;
    },
  },
  {
    rule: 'url.scheme',
    name: 'javascript: on Meta',
    pass: () => metaSample(),
    fail: () => {
      const c = metaSample();
      c.adSets[0].ads[0].link = 'javascript:alert(1)';
      return c;
    },
  },
  {
    rule: 'google.final_url.domain',
    pass: () => {
      const c = googleSearchSample();
      c.adGroups[0].ads.push({ ...c.adGroups[0].ads[0], id: 'a2', finalUrl: 'https://www.example.com/boots' });
      return c;
    },
    fail: () => {
      const c = googleSearchSample();
      c.adGroups[0].ads.push({ ...c.adGroups[0].ads[0], id: 'a2', finalUrl: 'https://other-shop.com/boots' });
      return c;
    },
  },
  {
    rule: 'budget.positive',
    pass: () => googleSearchSample(),
    fail: () => {
      const c = googleSearchSample();
      c.dailyBudget.amount = 0;
      return c;
    },
  },
  {
    rule: 'budget.positive',
    name: 'a Meta ad set',
    pass: () => metaSample(),
    fail: () => {
      const c = metaSample();
      c.adSets[0].dailyBudget.amount = -5;
      return c;
    },
  },
  {
    rule: 'google.keyword.broad_without_smart_bidding',
    pass: () => googleSearchSample(),
    fail: () => {
      const c = googleSearchSample();
      c.bidding = { strategy: 'MANUAL_CPC' };
      return c;
    },
  },
  {
    rule: 'linkedin.ad.format_mismatch',
    pass: () => linkedinSample(),
    fail: () => {
      const c = linkedinSample();
      c.campaigns[0].format = 'text';
      return c;
    },
  },
  {
    rule: 'meta.campaign.objective',
    pass: () => metaSample(),
    fail: () => {
      const c = metaSample();
      (c as { objective: string }).objective = 'CONVERSIONS';
      return c;
    },
  },
  {
    rule: 'meta.campaign.special_ad_categories',
    pass: () => metaSample(),
    fail: () => {
      const c = metaSample();
      delete (c as Partial<typeof c>).specialAdCategories;
      return c;
    },
  },
  {
    rule: 'meta.ad_set.schedule',
    pass: () => metaSample(),
    fail: () => {
      const c = metaSample();
      c.adSets[0].schedule = { start: '2027-03-31', end: '2027-03-01' };
      return c;
    },
  },
  {
    rule: 'meta.ad_set.audience',
    pass: () => metaSample(),
    fail: () => {
      const c = metaSample();
      c.specialAdCategories = ['EMPLOYMENT'];
      c.adSets[0].audience.ageMin = 16;
      return c;
    },
  },
  { rule: 'brand.banned_term', brand: brand({ bannedTerms: ['guaranteed', 'cure'] }), pass: () => rsa('Guards against blisters'), fail: () => rsa('Guaranteed dry feet') },
  { rule: 'brand.preferred_term', brand: brand({ preferredTerms: [{ use: 'sign up', insteadOf: 'register' }] }), pass: () => rsa('Sign up today'), fail: () => rsa('Register today') },
  { rule: 'brand.required_disclaimer', brand: brand({ requiredDisclaimers: [{ text: 'T&Cs apply.', where: 'any_description' }] }), pass: () => rsaDescription('Free delivery over €50. T&Cs apply.'), fail: () => googleSearchSample() },
  { rule: 'brand.required_disclaimer', name: 'every Meta primary text', brand: brand({ requiredDisclaimers: [{ text: 'Terms apply', where: 'primary_text' }] }), pass: () => meta('Boots from €89. Terms apply.'), fail: () => meta('Boots from €89.') },
  { rule: 'brand.trademark', brand: brand({ trademarks: ['TrailMax'] }), pass: () => rsa('TrailMax boots'), fail: () => rsa('Trailmax boots') },
  { rule: 'brand.trademark', name: 'one letter off', brand: brand({ trademarks: ['TrailMax'] }), pass: () => rsa('TrailMax boots'), fail: () => rsa('TrialMax boots') },
  { rule: 'brand.language', brand: brand({ language: 'en' }), pass: () => rsa('Waterproof boots'), fail: () => rsa('Водонепроницаемые') },
];

describe('every rule: a passing and a failing example', () => {
  it.each(EXAMPLES.map((e) => [`${e.rule}${e.name ? ` (${e.name})` : ''}`, e] as const))('%s', (_name, e) => {
    tried.add(e.rule);
    expect(rulesHit(e.pass(), e.brand)).not.toContain(e.rule);
    expect(rulesHit(e.fail(), e.brand)).toContain(e.rule);
  });

  it.each(LENGTH_RULES.flatMap((r) => r.fields.map((f) => [`${r.id} (${f}: ${r.max} passes, ${r.max + 1} fails)`, r, f] as const)))('%s', (_name, rule, field) => {
    tried.add(rule.id);
    const pad = (n: number) => (field === 'destinationUrl' ? `https://e.com/${'u'.repeat(n - 14)}` : 'a'.repeat(n));
    expect(rulesHit(withText(rule.platform, field, pad(rule.max))!)).not.toContain(rule.id);
    expect(rulesHit(withText(rule.platform, field, pad(rule.max + 1))!)).toContain(rule.id);
  });

  it.each(WORDS_RULES.flatMap((r) => r.fields.map((f) => [`${r.id} (${f})`, r, f] as const)))('%s', (_name, rule, field) => {
    tried.add(rule.id);
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${'x'.repeat(i % 3)}`).join(' ');
    expect(rulesHit(withText(rule.platform, field, words(rule.max))!)).not.toContain(rule.id);
    expect(rulesHit(withText(rule.platform, field, words(rule.max + 1))!)).toContain(rule.id);
  });

  it.each(COUNT_RULES.map((r) => [`${r.id} (${r.min ?? 0}–${r.max ?? 'any'})`, r] as const))('%s', (_name, rule) => {
    tried.add(rule.id);
    const at = (n: number) => rulesHit(withCount(rule.platform, rule.collection, n)!);
    if (rule.min !== undefined) {
      expect(at(rule.min)).not.toContain(rule.id);
      expect(at(rule.min - 1)).toContain(rule.id);
    }
    if (rule.max !== undefined) {
      expect(at(rule.max)).not.toContain(rule.id);
      expect(at(rule.max + 1)).toContain(rule.id);
    }
  });

  it('no rule is without an example', () => {
    expect(RULES.map((r) => r.id).filter((id) => !tried.has(id))).toEqual([]);
  });
});

describe('severities across platforms', () => {
  it('Google editorial errors are warnings on Meta and LinkedIn', () => {
    const find = (c: Campaign) => validateCampaign(c).findings.find((f) => f.rule === 'editorial.repeated_punctuation')!;
    expect(find(rsa('flowers!!')).severity).toBe('error');
    expect(find(meta('flowers!!')).severity).toBe('warning');
    expect(find(li('flowers!!')).severity).toBe('warning');
  });

  it('emoji and phone numbers are Google rules only', () => {
    expect(rulesHit(meta('Spring is here 🌷 call 0800 123 4567'))).toEqual([]);
  });
});

describe('findings point at the text', () => {
  it('a span covers the offending characters and the textId follows the text', () => {
    const c = rsa('Fresh f1owers today');
    const f = validateCampaign(c).findings.find((x) => x.rule === 'editorial.symbols_as_letters')!;
    expect(f).toMatchObject({ field: '/adGroups/0/ads/0/headlines/2/text', textId: 'h3' });
    expect('Fresh f1owers today'.slice(f.span!.start, f.span!.end)).toBe('f1owers');
  });

  it('a preferred term and a trademark offer their replacement', () => {
    const c = rsa('Register for Trailmax');
    const findings = validateCampaign(c, { brand: brand({ preferredTerms: [{ use: 'Sign up', insteadOf: 'register' }], trademarks: ['TrailMax'] }) }).findings;
    expect(findings.map((f) => [f.rule, f.suggestion, f.message])).toEqual([
      ['brand.preferred_term', 'Sign up', 'Headline 3 in ad 1 of ad group "Hiking boots": use "Sign up" instead of "Register" (brand kit).'],
      ['brand.trademark', 'TrailMax', 'Headline 3 in ad 1 of ad group "Hiking boots" writes "Trailmax"; the brand writes it "TrailMax".'],
    ]);
  });

  it('a required disclaimer missing from an ad names the ad', () => {
    const findings = validateCampaign(linkedinSample(), { brand: brand({ requiredDisclaimers: [{ text: 'Terms apply.', where: 'every_ad' }] }) }).findings;
    expect(findings).toEqual([{ rule: 'brand.required_disclaimer', severity: 'error', field: '/campaigns/0/ads/0', message: 'Ad "Demo – close faster" in campaign "Finance leaders – demo" lacks the required disclaimer "Terms apply.". Add it to the ad\'s copy.' }]);
  });

  it('a banned term matches whole words only, in any case', () => {
    const kit = brand({ bannedTerms: ['cure'] });
    expect(rulesHit(rsa('Secure your boots'), kit)).toEqual([]);
    expect(rulesHit(rsa('The CURE for wet feet'), kit)).toContain('brand.banned_term');
  });
});

it('the sample campaigns of every platform pass with a brand kit too', () => {
  const kit = brand({ bannedTerms: ['guaranteed'], trademarks: ['Parley'], preferredTerms: [{ use: 'sign up', insteadOf: 'register' }] });
  for (const p of ['google_search', 'google_pmax', 'linkedin', 'meta'] as CampaignPlatform[]) {
    const c = withText(p, p === 'meta' ? 'primaryText' : p === 'linkedin' ? 'introText' : 'headline', 'Parley boots')!;
    expect(validateCampaign(c, { brand: kit }).findings).toEqual([]);
  }
  const ad = (linkedinSample().campaigns[0].ads[0] as LinkedInImageAd).introText.text;
  expect(ad.length).toBeGreaterThan(0);
});
