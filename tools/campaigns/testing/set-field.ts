/**
 * For tests: a sample campaign with one text of a given field kind set, or one list of a given
 * collection kind resized, so a test can walk the rule tables and try each limit.
 */
import type { Campaign, CampaignPlatform, LinkedInImageAd } from '../model.js';
import { googlePmaxSample, googleSearchSample, linkedinSample, metaSample } from './samples.js';

export function sample(platform: CampaignPlatform): Campaign {
  return { google_search: googleSearchSample, google_pmax: googlePmaxSample, linkedin: linkedinSample, meta: metaSample }[platform]();
}

function linkedinTextCampaign() {
  const c = linkedinSample();
  c.campaigns[0].format = 'text';
  c.campaigns[0].ads = [{ id: 't1', format: 'text', name: 'Demo text ad', headline: { id: 'th1', text: 'Close the month sooner' }, description: { id: 'td1', text: 'Finance teams close four days sooner. Book a demo.' }, destinationUrl: 'https://parley.example.com/demo', status: 'paused' }];
  return c;
}

/** A sample of `platform` whose first text of `kind` is `text`, or null when the platform has no such field. */
export function withText(platform: CampaignPlatform, kind: string, text: string): Campaign | null {
  if (platform === 'google_search') {
    const c = googleSearchSample();
    const ad = c.adGroups[0].ads[0];
    const set: Record<string, () => void> = {
      headline: () => (ad.headlines[2].text = text),
      description: () => (ad.descriptions[0].text = text),
      path: () => (ad.path1 = text),
      keyword: () => (c.adGroups[0].keywords[0].text = text),
      negativeKeyword: () => (c.negativeKeywords[0].text = text),
    };
    return set[kind] ? (set[kind](), c) : null;
  }
  if (platform === 'google_pmax') {
    const c = googlePmaxSample();
    const g = c.assetGroups[0];
    const set: Record<string, () => void> = {
      headline: () => (g.headlines[1].text = text),
      longHeadline: () => (g.longHeadlines[0].text = text),
      description: () => (g.descriptions[1].text = text),
      businessName: () => (g.businessName.text = text),
      path: () => (g.path1 = text),
    };
    return set[kind] ? (set[kind](), c) : null;
  }
  if (platform === 'linkedin') {
    if (kind === 'textAdHeadline' || kind === 'textAdDescription') {
      const c = linkedinTextCampaign();
      const ad = c.campaigns[0].ads[0];
      if (kind === 'textAdHeadline') ad.headline.text = text;
      else ad.description!.text = text;
      return c;
    }
    const c = linkedinSample();
    const ad = c.campaigns[0].ads[0] as LinkedInImageAd;
    const set: Record<string, () => void> = {
      introText: () => (ad.introText.text = text),
      headline: () => (ad.headline.text = text),
      description: () => (ad.description!.text = text),
      adName: () => (ad.name = text),
      destinationUrl: () => (ad.destinationUrl = text),
    };
    return set[kind] ? (set[kind](), c) : null;
  }
  const c = metaSample();
  const ad = c.adSets[0].ads[0];
  const set: Record<string, () => void> = {
    primaryText: () => (ad.primaryTexts[0].text = text),
    headline: () => (ad.headlines[0].text = text),
    description: () => (ad.descriptions[0].text = text),
  };
  return set[kind] ? (set[kind](), c) : null;
}

/** A sample of `platform` whose first list of `collection` holds `n` distinct, valid items. */
export function withCount(platform: CampaignPlatform, collection: string, n: number): Campaign | null {
  const many = <T>(make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
  if (platform === 'google_search') {
    const c = googleSearchSample();
    const g = c.adGroups[0];
    const ad = g.ads[0];
    const set: Record<string, () => void> = {
      'rsa.headlines': () => (ad.headlines = many((i) => ({ id: `h${i}`, text: `Boots model ${i}` }))),
      'rsa.descriptions': () => (ad.descriptions = many((i) => ({ id: `d${i}`, text: `Boots model ${i} in stock.` }))),
      'adGroup.enabledAds': () => (g.ads = many((i) => ({ ...ad, id: `a${i}`, status: 'enabled' }))),
      'adGroup.ads': () => (g.ads = many((i) => ({ ...ad, id: `a${i}` }))),
      'campaign.adGroups': () => (c.adGroups = many((i) => ({ ...g, id: `g${i}`, name: `Group ${i}` }))),
    };
    return set[collection] ? (set[collection](), c) : null;
  }
  if (platform === 'google_pmax') {
    const c = googlePmaxSample();
    const g = c.assetGroups[0];
    const set: Record<string, () => void> = {
      'assetGroup.headlines': () => (g.headlines = many((i) => ({ id: `h${i}`, text: `Boots ${i}` }))),
      'assetGroup.longHeadlines': () => (g.longHeadlines = many((i) => ({ id: `l${i}`, text: `Waterproof boots, model ${i}` }))),
      'assetGroup.descriptions': () => (g.descriptions = many((i) => ({ id: `d${i}`, text: `Boots model ${i} in stock.` }))),
      'campaign.assetGroups': () => (c.assetGroups = many((i) => ({ ...g, id: `ag${i}`, name: `Group ${i}` }))),
    };
    return set[collection] ? (set[collection](), c) : null;
  }
  if (platform === 'linkedin') {
    const c = linkedinSample();
    const camp = c.campaigns[0];
    const set: Record<string, () => void> = {
      'group.campaigns': () => (c.campaigns = many((i) => ({ ...camp, id: `c${i}`, name: `Campaign ${i}` }))),
      'campaign.ads': () => (camp.ads = many((i) => ({ ...camp.ads[0], id: `a${i}`, name: `Ad ${i}` }))),
    };
    return set[collection] ? (set[collection](), c) : null;
  }
  const c = metaSample();
  const s = c.adSets[0];
  const ad = s.ads[0];
  const set: Record<string, () => void> = {
    'campaign.adSets': () => (c.adSets = many((i) => ({ ...s, id: `s${i}`, name: `Ad set ${i}` }))),
    'adSet.ads': () => (s.ads = many((i) => ({ ...ad, id: `m${i}`, name: `Ad ${i}` }))),
    'ad.primaryTexts': () => (ad.primaryTexts = many((i) => ({ id: `p${i}`, text: `Spring boots, model ${i}.` }))),
    'ad.headlines': () => (ad.headlines = many((i) => ({ id: `h${i}`, text: `Boots ${i}` }))),
    'ad.descriptions': () => (ad.descriptions = many((i) => ({ id: `d${i}`, text: `Model ${i}` }))),
  };
  return set[collection] ? (set[collection](), c) : null;
}
