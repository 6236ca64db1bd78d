/**
 * Random drafts around every limit: the validator reports exactly the texts over their limit and
 * exactly the lists outside their bounds — no more, no fewer. The oracle counts on its own
 * (code points; CJK counts 2 for Google), with the limits as the research notes give them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GoogleAdGroup, GoogleSearchCampaign, LinkedInCampaignGroup, MetaCampaign, ResponsiveSearchAd } from '../model.js';
import { googleSearchSample, linkedinSample, metaSample } from '../testing/samples.js';
import { validateCampaign } from '../validate.js';

/** Letters, CJK and an astral character, so code points, UTF-16 units and double width all differ. */
const char = fc.constantFrom('a', 'b', 'é', '靴', '𝐀');
const textAround = (limit: number, spread: number) => fc.array(char, { minLength: 1, maxLength: limit + spread }).map((cs) => cs.join(''));
const googleLength = (s: string) => [...s].reduce((n, ch) => n + (ch === '靴' ? 2 : 1), 0);
const plainLength = (s: string) => [...s].length;

const LENGTH_RULES = new Set(['google.rsa.headline.length', 'google.rsa.description.length', 'google.rsa.path.length', 'google.rsa.headlines.count', 'google.rsa.descriptions.count', 'google.ad_group.enabled_rsas']);

const rsa = fc.record({
  headlines: fc.array(textAround(30, 6), { minLength: 1, maxLength: 17 }),
  descriptions: fc.array(textAround(90, 6), { minLength: 1, maxLength: 6 }),
  path1: fc.option(textAround(15, 4), { nil: undefined }),
  enabled: fc.boolean(),
});

describe('property: the validator agrees with the limits', () => {
  it('Google RSA: headlines ≤30, descriptions ≤90, paths ≤15, 3–15 headlines, 2–4 descriptions, ≤3 enabled ads', () => {
    fc.assert(
      fc.property(fc.array(fc.array(rsa, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 }), (groups) => {
        const base = googleSearchSample();
        const c: GoogleSearchCampaign = {
          ...base,
          adGroups: groups.map((ads, gi): GoogleAdGroup => ({
            ...base.adGroups[0],
            id: `g${gi}`,
            name: `Group ${gi}`,
            ads: ads.map((a, ai): ResponsiveSearchAd => ({
              id: `a${gi}-${ai}`,
              headlines: a.headlines.map((text, i) => ({ id: `h${gi}-${ai}-${i}`, text })),
              descriptions: a.descriptions.map((text, i) => ({ id: `d${gi}-${ai}-${i}`, text })),
              path1: a.path1,
              finalUrl: 'https://shop.example.com/x',
              status: a.enabled ? 'enabled' : 'paused',
            })),
          })),
        };
        const expected: string[] = [];
        groups.forEach((ads, gi) => {
          if (ads.filter((a) => a.enabled).length > 3) expected.push(`google.ad_group.enabled_rsas /adGroups/${gi}/ads`);
          ads.forEach((a, ai) => {
            const at = `/adGroups/${gi}/ads/${ai}`;
            if (a.headlines.length < 3 || a.headlines.length > 15) expected.push(`google.rsa.headlines.count ${at}/headlines`);
            if (a.descriptions.length < 2 || a.descriptions.length > 4) expected.push(`google.rsa.descriptions.count ${at}/descriptions`);
            a.headlines.forEach((h, i) => googleLength(h) > 30 && expected.push(`google.rsa.headline.length ${at}/headlines/${i}/text`));
            a.descriptions.forEach((d, i) => googleLength(d) > 90 && expected.push(`google.rsa.description.length ${at}/descriptions/${i}/text`));
            if (a.path1 !== undefined && googleLength(a.path1) > 15) expected.push(`google.rsa.path.length ${at}/path1`);
          });
        });
        const got = validateCampaign(c).findings.filter((f) => LENGTH_RULES.has(f.rule)).map((f) => `${f.rule} ${f.field}`);
        expect(got.sort()).toEqual(expected.sort());
      }),
      { numRuns: 200 },
    );
  });

  it('LinkedIn single-image ads: intro ≤600 (warn >150), headline ≤200 (warn >70), description ≤300; ≤15 ads', () => {
    const ad = fc.record({ intro: textAround(600, 20), headline: textAround(200, 10), description: textAround(300, 10) });
    fc.assert(
      fc.property(fc.array(ad, { minLength: 1, maxLength: 17 }), (ads) => {
        const base = linkedinSample();
        const template = base.campaigns[0].ads[0];
        const c: LinkedInCampaignGroup = {
          ...base,
          campaigns: [{ ...base.campaigns[0], ads: ads.map((a, i) => ({ ...template, id: `a${i}`, format: 'single_image' as const, callToAction: 'LEARN_MORE' as const, introText: { id: `i${i}`, text: a.intro }, headline: { id: `h${i}`, text: a.headline }, description: { id: `d${i}`, text: a.description } })) }],
        };
        const expected: string[] = [];
        if (ads.length > 15) expected.push('linkedin.campaign.ads.count /campaigns/0/ads');
        ads.forEach((a, i) => {
          const at = `/campaigns/0/ads/${i}`;
          const n = { intro: plainLength(a.intro), headline: plainLength(a.headline), description: plainLength(a.description) };
          if (n.intro > 600) expected.push(`linkedin.image.intro_text.length ${at}/introText/text`);
          if (n.intro > 150) expected.push(`linkedin.image.intro_text.truncated ${at}/introText/text`);
          if (n.headline > 200) expected.push(`linkedin.image.headline.length ${at}/headline/text`);
          if (n.headline > 70) expected.push(`linkedin.image.headline.truncated ${at}/headline/text`);
          if (n.description > 300) expected.push(`linkedin.image.description.length ${at}/description/text`);
          if (n.description > 100) expected.push(`linkedin.image.description.truncated ${at}/description/text`);
        });
        const got = validateCampaign(c).findings.filter((f) => /^linkedin\.(image|campaign\.ads)/.test(f.rule)).map((f) => `${f.rule} ${f.field}`);
        expect(got.sort()).toEqual(expected.sort());
      }),
      { numRuns: 100 },
    );
  });

  it('Meta ads: 1–5 primary texts, ≤5 headlines and descriptions, warnings past 125 / 40 / 30', () => {
    const ad = fc.record({ primary: fc.array(textAround(125, 10), { minLength: 0, maxLength: 7 }), headlines: fc.array(textAround(40, 5), { maxLength: 7 }), descriptions: fc.array(textAround(30, 5), { maxLength: 7 }) });
    fc.assert(
      fc.property(fc.array(ad, { minLength: 1, maxLength: 3 }), (ads) => {
        const base = metaSample();
        const template = base.adSets[0].ads[0];
        const c: MetaCampaign = {
          ...base,
          adSets: [{ ...base.adSets[0], ads: ads.map((a, i) => ({ ...template, id: `m${i}`, name: `Ad ${i}`, primaryTexts: a.primary.map((text, j) => ({ id: `p${i}${j}`, text })), headlines: a.headlines.map((text, j) => ({ id: `h${i}${j}`, text })), descriptions: a.descriptions.map((text, j) => ({ id: `d${i}${j}`, text })) })) }],
        };
        const expected: string[] = [];
        ads.forEach((a, i) => {
          const at = `/adSets/0/ads/${i}`;
          if (a.primary.length < 1 || a.primary.length > 5) expected.push(`meta.ad.primary_texts.count ${at}/primaryTexts`);
          if (a.headlines.length > 5) expected.push(`meta.ad.headlines.count ${at}/headlines`);
          if (a.descriptions.length > 5) expected.push(`meta.ad.descriptions.count ${at}/descriptions`);
          a.primary.forEach((t, j) => plainLength(t) > 125 && expected.push(`meta.ad.primary_text.truncated ${at}/primaryTexts/${j}/text`));
          a.headlines.forEach((t, j) => plainLength(t) > 40 && expected.push(`meta.ad.headline.truncated ${at}/headlines/${j}/text`));
          a.descriptions.forEach((t, j) => plainLength(t) > 30 && expected.push(`meta.ad.description.truncated ${at}/descriptions/${j}/text`));
        });
        const got = validateCampaign(c).findings.filter((f) => /^meta\.ad\.(primary_text|headline|description)/.test(f.rule)).map((f) => `${f.rule} ${f.field}`);
        expect(got.sort()).toEqual(expected.sort());
      }),
      { numRuns: 100 },
    );
  });
});
