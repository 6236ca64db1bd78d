import { describe, expect, it } from 'vitest';
import { validateCampaign } from '../validate.js';
import { googlePmaxSample, googleSearchSample, linkedinSample, metaSample } from '../testing/samples.js';
import { countChars } from './count-chars.js';
import { fieldLimits, LENGTH_RULES, listLimits } from './limits.js';

const ids = (c: Parameters<typeof validateCampaign>[0], prefix = '') =>
  validateCampaign(c).findings.filter((f) => f.rule.startsWith(prefix)).map((f) => f.rule);

describe('character counting', () => {
  it.each([
    ['ascii', 'Hiking boots', false, 12],
    ['an accent is one character', 'Café', false, 4],
    ['an astral character is one code point, not two UTF-16 units', '𝐀𝐁', false, 2],
    ['CJK counts 2 for Google', '登山靴', true, 6],
    ['full-width letters count 2 for Google', 'ＡＢ', true, 4],
    ['CJK counts 1 where the platform does not double', '登山靴', false, 3],
    ['half-width katakana is single width', 'ｶﾀｶﾅ', true, 4],
  ])('%s', (_name, text, double, expected) => {
    expect(countChars(text, double)).toBe(expected);
  });
});

describe('the sample campaigns pass every limit', () => {
  it.each([
    ['google_search', googleSearchSample()],
    ['google_pmax', googlePmaxSample()],
    ['linkedin', linkedinSample()],
    ['meta', metaSample()],
  ] as const)('%s', (_p, campaign) => {
    expect(validateCampaign(campaign).findings).toEqual([]);
  });
});

describe('Google RSA limits', () => {
  it('a 30-character headline passes and a 31-character one fails, saying by how much', () => {
    const c = googleSearchSample();
    c.adGroups[0].ads[0].headlines[2].text = 'x'.repeat(30);
    expect(ids(c)).toEqual([]);
    c.adGroups[0].ads[0].headlines[2].text = 'Waterproof boots for all trails';
    const [f] = validateCampaign(c).findings;
    expect(f).toMatchObject({ rule: 'google.rsa.headline.length', severity: 'error', field: '/adGroups/0/ads/0/headlines/2/text', textId: 'h3', span: { start: 30, end: 31 } });
    expect(f.message).toBe('Headline 3 in ad 1 of ad group "Hiking boots" is 31 characters; Google allows 30. Shorten it by 1.');
  });

  it('a headline of 15 CJK characters passes, 16 count as 32 and fail', () => {
    const c = googleSearchSample();
    c.adGroups[0].ads[0].headlines[0].text = '防水登山靴防水登山靴防水登山靴';
    expect(ids(c)).toEqual([]);
    c.adGroups[0].ads[0].headlines[0].text = '防水登山靴防水登山靴防水登山靴靴';
    const [f] = validateCampaign(c).findings;
    expect(f.rule).toBe('google.rsa.headline.length');
    expect(f.message).toContain('counts as 32 characters (CJK and full-width characters count 2)');
    expect(f.message).toContain('Shorten it by 2');
    expect(f.span).toEqual({ start: 15, end: 16 });
  });

  it('descriptions: 90 passes, 91 fails', () => {
    const c = googleSearchSample();
    c.adGroups[0].ads[0].descriptions[0].text = 'a'.repeat(90);
    expect(ids(c)).toEqual([]);
    c.adGroups[0].ads[0].descriptions[0].text = 'a'.repeat(91);
    expect(ids(c)).toEqual(['google.rsa.description.length']);
  });

  it('paths: 15 passes, 16 fails', () => {
    const c = googleSearchSample();
    c.adGroups[0].ads[0].path1 = 'p'.repeat(15);
    expect(ids(c)).toEqual([]);
    c.adGroups[0].ads[0].path2 = 'p'.repeat(16);
    expect(validateCampaign(c).findings.map((f) => [f.rule, f.field])).toEqual([['google.rsa.path.length', '/adGroups/0/ads/0/path2']]);
  });

  it('3–15 headlines and 2–4 descriptions', () => {
    const c = googleSearchSample();
    const ad = c.adGroups[0].ads[0];
    ad.headlines = ad.headlines.slice(0, 2);
    ad.descriptions = ad.descriptions.slice(0, 1);
    expect(validateCampaign(c).findings.map((f) => f.message)).toEqual([
      'Ad 1 in ad group "Hiking boots" has 2 headlines; Google needs at least 3. Add 1.',
      'Ad 1 in ad group "Hiking boots" has 1 description; Google needs at least 2. Add 1.',
    ]);
    ad.headlines = Array.from({ length: 15 }, (_, i) => ({ id: `x${i}`, text: `Headline number ${i}` }));
    ad.descriptions = Array.from({ length: 4 }, (_, i) => ({ id: `y${i}`, text: `Description number ${i}.` }));
    expect(ids(c)).toEqual([]);
    ad.headlines.push({ id: 'x15', text: 'One too many' });
    ad.descriptions.push({ id: 'y4', text: 'One too many.' });
    expect(ids(c)).toEqual(['google.rsa.headlines.count', 'google.rsa.descriptions.count']);
  });

  it('at most 3 enabled RSAs per ad group; paused ones do not count', () => {
    const c = googleSearchSample();
    const g = c.adGroups[0];
    g.ads = [0, 1, 2, 3].map((i) => ({ ...g.ads[0], id: `a${i}`, status: i < 3 ? 'enabled' : 'paused' }));
    expect(ids(c, 'google.ad_group.enabled_rsas')).toEqual([]);
    g.ads[3].status = 'enabled';
    expect(ids(c, 'google.ad_group.enabled_rsas')).toEqual(['google.ad_group.enabled_rsas']);
  });

  it('keywords: 80 characters and 10 words', () => {
    const c = googleSearchSample();
    c.adGroups[0].keywords[0].text = 'k'.repeat(80);
    c.negativeKeywords[0].text = 'one two three four five six seven eight nine ten';
    expect(ids(c)).toEqual([]);
    c.adGroups[0].keywords[0].text = 'k'.repeat(81);
    c.negativeKeywords[0].text = 'one two three four five six seven eight nine ten eleven';
    expect(ids(c)).toEqual(['google.keyword.length', 'google.keyword.words']);
  });
});

describe('Performance Max limits', () => {
  it('headlines, long headlines, descriptions and business name', () => {
    const c = googlePmaxSample();
    const g = c.assetGroups[0];
    g.headlines[1].text = 'h'.repeat(31);
    g.longHeadlines[0].text = 'l'.repeat(91);
    g.descriptions[1].text = 'd'.repeat(91);
    g.businessName.text = 'b'.repeat(26);
    expect(ids(c)).toEqual(['google.pmax.headline.length', 'google.pmax.long_headline.length', 'google.pmax.description.length', 'google.pmax.business_name.length']);
  });

  it('counts: 3–15 headlines, 1–5 long headlines, 2–5 descriptions, 1–100 asset groups', () => {
    const c = googlePmaxSample();
    const g = c.assetGroups[0];
    g.longHeadlines = [];
    g.descriptions = Array.from({ length: 6 }, (_, i) => ({ id: `d${i}`, text: `Short description ${i}.` }));
    expect(ids(c)).toEqual(['google.pmax.long_headlines.count', 'google.pmax.descriptions.count']);
    c.assetGroups = [];
    expect(ids(c)).toEqual(['google.pmax.asset_groups.count']);
    c.assetGroups = Array.from({ length: 101 }, (_, i) => ({ ...googlePmaxSample().assetGroups[0], id: `ag${i}` }));
    expect(ids(c)).toEqual(['google.pmax.asset_groups.count']);
  });
});

describe('LinkedIn limits', () => {
  it('intro text warns past 150 and fails past 600', () => {
    const c = linkedinSample();
    const ad = c.campaigns[0].ads[0] as Extract<(typeof c.campaigns)[0]['ads'][0], { format: 'single_image' }>;
    ad.introText.text = 'i'.repeat(151);
    expect(validateCampaign(c).findings.map((f) => [f.rule, f.severity])).toEqual([['linkedin.image.intro_text.truncated', 'warning']]);
    ad.introText.text = 'i'.repeat(601);
    expect(ids(c)).toEqual(['linkedin.image.intro_text.length', 'linkedin.image.intro_text.truncated']);
  });

  it('single-image headline warns past 70 and fails past 200; description fails past 300', () => {
    const c = linkedinSample();
    const ad = c.campaigns[0].ads[0] as Extract<(typeof c.campaigns)[0]['ads'][0], { format: 'single_image' }>;
    ad.headline.text = 'h'.repeat(71);
    expect(ids(c)).toEqual(['linkedin.image.headline.truncated']);
    ad.headline.text = 'h'.repeat(201);
    ad.description!.text = 'd'.repeat(301);
    expect(ids(c)).toEqual(['linkedin.image.headline.length', 'linkedin.image.headline.truncated', 'linkedin.image.description.length', 'linkedin.image.description.truncated']);
  });

  it('text ads: headline 25, description 75; ad name 255; URL 2000', () => {
    const c = linkedinSample();
    c.campaigns[0].format = 'text';
    c.campaigns[0].ads = [{ id: 't1', format: 'text', name: 'n'.repeat(255), headline: { id: 'th', text: 'h'.repeat(25) }, description: { id: 'td', text: 'd'.repeat(75) }, destinationUrl: `https://parley.example.com/${'u'.repeat(1973)}`, status: 'paused' }];
    expect(ids(c)).toEqual([]);
    const ad = c.campaigns[0].ads[0];
    ad.name += 'n';
    ad.headline.text += 'h';
    ad.description!.text += 'd';
    ad.destinationUrl += 'u';
    expect(ids(c)).toEqual(['linkedin.text.headline.length', 'linkedin.text.description.length', 'linkedin.ad.name.length', 'linkedin.ad.url.length']);
  });

  it('at most 15 ads per campaign', () => {
    const c = linkedinSample();
    const ad = c.campaigns[0].ads[0];
    c.campaigns[0].ads = Array.from({ length: 15 }, (_, i) => ({ ...ad, id: `a${i}` }));
    expect(ids(c)).toEqual([]);
    c.campaigns[0].ads.push({ ...ad, id: 'a15' });
    expect(ids(c)).toEqual(['linkedin.campaign.ads.count']);
  });
});

describe('Meta limits', () => {
  it('warns past 125 / 40 / 30 visible characters and allows at most 5 variants', () => {
    const c = metaSample();
    const ad = c.adSets[0].ads[0];
    ad.primaryTexts[0].text = 'p'.repeat(126);
    ad.headlines[0].text = 'h'.repeat(41);
    ad.descriptions[0].text = 'd'.repeat(31);
    expect(validateCampaign(c).findings.map((f) => [f.rule, f.severity])).toEqual([
      ['meta.ad.primary_text.truncated', 'warning'],
      ['meta.ad.headline.truncated', 'warning'],
      ['meta.ad.description.truncated', 'warning'],
    ]);
    const c2 = metaSample();
    c2.adSets[0].ads[0].headlines = Array.from({ length: 6 }, (_, i) => ({ id: `h${i}`, text: `Boots ${i}` }));
    expect(ids(c2)).toEqual(['meta.ad.headlines.count']);
  });
});

describe('fieldLimits', () => {
  it('derives each field kind’s counter from the rule table (no second copy of the numbers)', () => {
    expect(fieldLimits('google_search').headline).toEqual({ max: 30, countDoubleWidth: true, rule: 'google.rsa.headline.length' });
    expect(fieldLimits('linkedin').introText).toEqual({ max: 600, warnAt: 150, countDoubleWidth: false, rule: 'linkedin.image.intro_text.length', warnRule: 'linkedin.image.intro_text.truncated' });
    expect(fieldLimits('meta').primaryText).toEqual({ warnAt: 125, countDoubleWidth: false, warnRule: 'meta.ad.primary_text.truncated' });
    const rsa = LENGTH_RULES.find((r) => r.id === 'google.rsa.description.length')!;
    expect(fieldLimits('google_search').description.max).toBe(rsa.max);
    expect(listLimits('google_search')['rsa.headlines']).toEqual({ min: 3, max: 15, rule: 'google.rsa.headlines.count' });
  });

  it('is plain JSON', () => {
    for (const p of ['google_search', 'google_pmax', 'linkedin', 'meta'] as const) {
      expect(JSON.parse(JSON.stringify(fieldLimits(p)))).toEqual(fieldLimits(p));
    }
  });
});
