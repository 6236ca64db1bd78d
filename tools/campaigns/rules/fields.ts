/**
 * Where the texts and the counted lists of a campaign are. The rules address texts by field kind
 * (`headline`, `description`, `introText` …) and lists by collection kind (`rsa.headlines` …);
 * this file is the one place that knows how each platform's campaign nests them, so a rule never
 * walks the campaign itself.
 */
import type { Campaign, CampaignPlatform, CopyText, EntityStatus } from '../model.js';

/** One text in a campaign, with what the rules and their messages need to know about it. */
export interface TextRef {
  platform: CampaignPlatform;
  /** Field kind, as the rule table and `fieldLimits` name it. */
  kind: string;
  /** JSON-pointer-like path to the string (`/adGroups/0/ads/0/headlines/2/text`). */
  field: string;
  textId?: string;
  text: string;
  /** How a marketer would point at it: `Headline 3 in ad 1 of ad group "Shoes"`. */
  label: string;
  /** The ad it belongs to (its pointer), for rules that count across one ad's texts. */
  ad?: string;
  /** That ad as a marketer names it: `Ad 1 in ad group "Shoes"`. */
  adLabel?: string;
  /** Optional texts (paths, LinkedIn descriptions) may be empty. */
  optional?: boolean;
}

/** One counted list in a campaign (an ad's headlines, an ad group's enabled ads …). */
export interface CollectionRef {
  platform: CampaignPlatform;
  kind: string;
  field: string;
  count: number;
  /** What holds the list, for messages: `Ad 1 in ad group "Shoes"`. */
  owner: string;
}

const enabled = (items: { status: EntityStatus }[]) => items.filter((i) => i.status === 'enabled').length;

function copyRefs(platform: CampaignPlatform, kind: string, texts: CopyText[], base: string, noun: string, where: string, ad: string, adLabel: string): TextRef[] {
  return texts.map((t, i) => ({ platform, kind, field: `${base}/${i}/text`, textId: t.id, text: t.text, label: `${noun} ${i + 1} ${where}`, ad, adLabel }));
}

function googleSearch(c: Extract<Campaign, { platform: 'google_search' }>) {
  const texts: TextRef[] = [];
  const lists: CollectionRef[] = [{ platform: c.platform, kind: 'campaign.adGroups', field: '/adGroups', count: c.adGroups.length, owner: `Campaign "${c.name}"` }];
  c.negativeKeywords.forEach((k, i) => texts.push({ platform: c.platform, kind: 'negativeKeyword', field: `/negativeKeywords/${i}/text`, textId: k.id, text: k.text, label: `Campaign negative keyword "${k.text}"` }));
  c.adGroups.forEach((g, gi) => {
    const group = `/adGroups/${gi}`;
    const inGroup = `in ad group "${g.name}"`;
    lists.push({ platform: c.platform, kind: 'adGroup.ads', field: `${group}/ads`, count: g.ads.length, owner: `Ad group "${g.name}"` });
    lists.push({ platform: c.platform, kind: 'adGroup.enabledAds', field: `${group}/ads`, count: enabled(g.ads), owner: `Ad group "${g.name}"` });
    g.keywords.forEach((k, i) => texts.push({ platform: c.platform, kind: 'keyword', field: `${group}/keywords/${i}/text`, textId: k.id, text: k.text, label: `Keyword "${k.text}" ${inGroup}` }));
    g.negativeKeywords.forEach((k, i) => texts.push({ platform: c.platform, kind: 'negativeKeyword', field: `${group}/negativeKeywords/${i}/text`, textId: k.id, text: k.text, label: `Negative keyword "${k.text}" ${inGroup}` }));
    g.ads.forEach((ad, ai) => {
      const base = `${group}/ads/${ai}`;
      const where = `in ad ${ai + 1} of ad group "${g.name}"`;
      const adLabel = `Ad ${ai + 1} in ad group "${g.name}"`;
      texts.push(...copyRefs(c.platform, 'headline', ad.headlines, `${base}/headlines`, 'Headline', where, base, adLabel));
      texts.push(...copyRefs(c.platform, 'description', ad.descriptions, `${base}/descriptions`, 'Description', where, base, adLabel));
      for (const p of ['path1', 'path2'] as const) {
        if (ad[p] !== undefined) texts.push({ platform: c.platform, kind: 'path', field: `${base}/${p}`, text: ad[p]!, label: `Path ${p.slice(-1)} ${where}`, ad: base, optional: true });
      }
      lists.push({ platform: c.platform, kind: 'rsa.headlines', field: `${base}/headlines`, count: ad.headlines.length, owner: `Ad ${ai + 1} in ad group "${g.name}"` });
      lists.push({ platform: c.platform, kind: 'rsa.descriptions', field: `${base}/descriptions`, count: ad.descriptions.length, owner: `Ad ${ai + 1} in ad group "${g.name}"` });
    });
  });
  return { texts, lists };
}

function googlePmax(c: Extract<Campaign, { platform: 'google_pmax' }>) {
  const texts: TextRef[] = [];
  const lists: CollectionRef[] = [{ platform: c.platform, kind: 'campaign.assetGroups', field: '/assetGroups', count: c.assetGroups.length, owner: `Campaign "${c.name}"` }];
  c.assetGroups.forEach((g, gi) => {
    const base = `/assetGroups/${gi}`;
    const where = `in asset group "${g.name}"`;
    const owner = `Asset group "${g.name}"`;
    texts.push(...copyRefs(c.platform, 'headline', g.headlines, `${base}/headlines`, 'Headline', where, base, owner));
    texts.push(...copyRefs(c.platform, 'longHeadline', g.longHeadlines, `${base}/longHeadlines`, 'Long headline', where, base, owner));
    texts.push(...copyRefs(c.platform, 'description', g.descriptions, `${base}/descriptions`, 'Description', where, base, owner));
    texts.push({ platform: c.platform, kind: 'businessName', field: `${base}/businessName/text`, textId: g.businessName.id, text: g.businessName.text, label: `Business name ${where}`, ad: base });
    for (const p of ['path1', 'path2'] as const) {
      if (g[p] !== undefined) texts.push({ platform: c.platform, kind: 'path', field: `${base}/${p}`, text: g[p]!, label: `Path ${p.slice(-1)} ${where}`, ad: base, optional: true });
    }
    lists.push({ platform: c.platform, kind: 'assetGroup.headlines', field: `${base}/headlines`, count: g.headlines.length, owner });
    lists.push({ platform: c.platform, kind: 'assetGroup.longHeadlines', field: `${base}/longHeadlines`, count: g.longHeadlines.length, owner });
    lists.push({ platform: c.platform, kind: 'assetGroup.descriptions', field: `${base}/descriptions`, count: g.descriptions.length, owner });
  });
  return { texts, lists };
}

function linkedin(c: Extract<Campaign, { platform: 'linkedin' }>) {
  const texts: TextRef[] = [];
  const lists: CollectionRef[] = [{ platform: c.platform, kind: 'group.campaigns', field: '/campaigns', count: c.campaigns.length, owner: `Campaign group "${c.name}"` }];
  c.campaigns.forEach((camp, ci) => {
    lists.push({ platform: c.platform, kind: 'campaign.ads', field: `/campaigns/${ci}/ads`, count: camp.ads.length, owner: `Campaign "${camp.name}"` });
    camp.ads.forEach((ad, ai) => {
      const base = `/campaigns/${ci}/ads/${ai}`;
      const where = `in ad ${ai + 1} ("${ad.name}") of campaign "${camp.name}"`;
      const p = c.platform;
      const adLabel = `Ad "${ad.name}" in campaign "${camp.name}"`;
      texts.push({ platform: p, kind: 'adName', field: `${base}/name`, text: ad.name, label: `Ad name ${where}`, ad: base, adLabel });
      texts.push({ platform: p, kind: 'destinationUrl', field: `${base}/destinationUrl`, text: ad.destinationUrl, label: `Destination URL ${where}`, ad: base, adLabel });
      if (ad.format === 'single_image') {
        texts.push({ platform: p, kind: 'introText', field: `${base}/introText/text`, textId: ad.introText.id, text: ad.introText.text, label: `Intro text ${where}`, ad: base, adLabel });
        texts.push({ platform: p, kind: 'headline', field: `${base}/headline/text`, textId: ad.headline.id, text: ad.headline.text, label: `Headline ${where}`, ad: base, adLabel });
        if (ad.description) texts.push({ platform: p, kind: 'description', field: `${base}/description/text`, textId: ad.description.id, text: ad.description.text, label: `Description ${where}`, ad: base, adLabel, optional: true });
      } else {
        texts.push({ platform: p, kind: 'textAdHeadline', field: `${base}/headline/text`, textId: ad.headline.id, text: ad.headline.text, label: `Headline ${where}`, ad: base, adLabel });
        texts.push({ platform: p, kind: 'textAdDescription', field: `${base}/description/text`, textId: ad.description.id, text: ad.description.text, label: `Description ${where}`, ad: base, adLabel });
      }
    });
  });
  return { texts, lists };
}

function meta(c: Extract<Campaign, { platform: 'meta' }>) {
  const texts: TextRef[] = [];
  const lists: CollectionRef[] = [{ platform: c.platform, kind: 'campaign.adSets', field: '/adSets', count: c.adSets.length, owner: `Campaign "${c.name}"` }];
  c.adSets.forEach((set, si) => {
    lists.push({ platform: c.platform, kind: 'adSet.ads', field: `/adSets/${si}/ads`, count: set.ads.length, owner: `Ad set "${set.name}"` });
    set.ads.forEach((ad, ai) => {
      const base = `/adSets/${si}/ads/${ai}`;
      const where = `in ad "${ad.name}" of ad set "${set.name}"`;
      const owner = `Ad "${ad.name}" in ad set "${set.name}"`;
      texts.push(...copyRefs(c.platform, 'primaryText', ad.primaryTexts, `${base}/primaryTexts`, 'Primary text', where, base, owner));
      texts.push(...copyRefs(c.platform, 'headline', ad.headlines, `${base}/headlines`, 'Headline', where, base, owner));
      texts.push(...copyRefs(c.platform, 'description', ad.descriptions, `${base}/descriptions`, 'Description', where, base, owner));
      lists.push({ platform: c.platform, kind: 'ad.primaryTexts', field: `${base}/primaryTexts`, count: ad.primaryTexts.length, owner });
      lists.push({ platform: c.platform, kind: 'ad.headlines', field: `${base}/headlines`, count: ad.headlines.length, owner });
      lists.push({ platform: c.platform, kind: 'ad.descriptions', field: `${base}/descriptions`, count: ad.descriptions.length, owner });
    });
  });
  return { texts, lists };
}

/** Every text and every counted list of a campaign, in document order. */
export function locate(campaign: Campaign): { texts: TextRef[]; lists: CollectionRef[] } {
  switch (campaign.platform) {
    case 'google_search':
      return googleSearch(campaign);
    case 'google_pmax':
      return googlePmax(campaign);
    case 'linkedin':
      return linkedin(campaign);
    case 'meta':
      return meta(campaign);
  }
}
