import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { GoogleSearchCampaign, KeywordMatchType, LinkedInImageAd } from '../model.js';
import { googlePmaxSample, googleSearchSample, linkedinSample, metaSample } from '../testing/samples.js';
import { EXPORT_FORMATS, exportCampaign, ExportFormatMismatch } from './index.js';

type Row = Record<string, string>;
const read = (body: Buffer): Row[] => parse(body, { bom: true, columns: true, skip_empty_lines: true, relax_column_count: false });

/** A bigger search campaign with the texts CSV writers get wrong: quotes, commas, newlines, semicolons, non-Latin script, leading formula characters. */
function trickySearch(): GoogleSearchCampaign {
  const c = googleSearchSample();
  c.name = 'Boots, "Trail" edition; 2027';
  c.networks = ['search', 'search_partners'];
  c.negativeKeywords.push({ id: 'cn2', text: 'cheap "knock-off"', match: 'exact' });
  const g = c.adGroups[0];
  g.ads[0].headlines.push({ id: 'h4', text: 'Say "hi", then buy', pin: 2 }, { id: 'h5', text: '防水登山靴' }, { id: 'h6', text: '=1+2 is not a formula' });
  g.ads[0].descriptions.push({ id: 'd3', text: 'Line one\nline two, with a comma.', pin: 1 });
  g.ads.push({ ...g.ads[0], id: 'a2', headlines: g.ads[0].headlines.slice(0, 3).map((h, i) => ({ ...h, id: `b${i}`, text: `${h.text} ${i}` })), path1: undefined, path2: undefined, status: 'enabled' });
  c.adGroups.push({ id: 'g2', name: 'Trail runners', status: 'paused', keywords: [{ id: 'k9', text: 'trail running shoes', match: 'phrase', maxCpc: 0.9 }], negativeKeywords: [{ id: 'n9', text: 'kids', match: 'broad' }], ads: [{ ...g.ads[0], id: 'a3' }] });
  return c;
}

describe('Google Ads Editor CSV', () => {
  it('is UTF-8 with a BOM, one header row, named for the campaign', async () => {
    const file = await exportCampaign(googleSearchSample(), 'google-ads-editor');
    expect(file.filename).toBe('outdoor-gear-europe.google-ads-editor.csv');
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect([...file.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.body.toString('utf8')).toContain('Free Delivery Over €50');
  });

  it('round-trips: names, keywords with match types, negatives, every headline, description, pin, path and URL', async () => {
    const c = trickySearch();
    const rows = read((await exportCampaign(c, 'google-ads-editor')).body);
    const campaignRow = rows.find((r) => r['Campaign type'])!;
    expect(campaignRow).toMatchObject({ Campaign: c.name, 'Campaign type': 'Search', 'Campaign daily budget': '80', 'Bid Strategy Type': 'Maximize conversions', Languages: 'en;de', Networks: 'Google Search;Search Partners', 'Campaign Status': 'Paused' });
    expect(rows.filter((r) => r.Location).map((r) => r.Location)).toEqual(c.locations);
    expect(rows.every((r) => r.Campaign === c.name)).toBe(true);

    const MATCH: Record<string, KeywordMatchType> = { Broad: 'broad', Phrase: 'phrase', Exact: 'exact' };
    const campaignNegatives = rows.filter((r) => r['Criterion Type'].startsWith('Campaign Negative ')).map((r) => ({ text: r.Keyword, match: MATCH[r['Criterion Type'].replace('Campaign Negative ', '')] }));
    expect(campaignNegatives).toEqual(c.negativeKeywords.map(({ text, match }) => ({ text, match })));

    const rebuilt = c.adGroups.map((g) => {
      const mine = rows.filter((r) => r['Ad group'] === g.name);
      const groupRow = mine.find((r) => r['Ad Group Status'])!;
      return {
        name: groupRow['Ad group'],
        status: groupRow['Ad Group Status'].toLowerCase(),
        defaultMaxCpc: groupRow['Max CPC'] ? Number(groupRow['Max CPC']) : undefined,
        keywords: mine.filter((r) => MATCH[r['Criterion Type']]).map((r) => ({ text: r.Keyword, match: MATCH[r['Criterion Type']], ...(r['Max CPC'] && { maxCpc: Number(r['Max CPC']) }) })),
        negativeKeywords: mine.filter((r) => r['Criterion Type'].startsWith('Negative ')).map((r) => ({ text: r.Keyword, match: MATCH[r['Criterion Type'].replace('Negative ', '')] })),
        ads: mine
          .filter((r) => r['Ad type'] === 'Responsive search ad')
          .map((r) => ({
            headlines: Array.from({ length: 15 }, (_, i) => i + 1).filter((i) => r[`Headline ${i}`]).map((i) => ({ text: r[`Headline ${i}`], ...(r[`Headline ${i} position`] && { pin: Number(r[`Headline ${i} position`]) }) })),
            descriptions: [1, 2, 3, 4].filter((i) => r[`Description ${i}`]).map((i) => ({ text: r[`Description ${i}`], ...(r[`Description ${i} position`] && { pin: Number(r[`Description ${i} position`]) }) })),
            ...(r['Path 1'] && { path1: r['Path 1'] }),
            ...(r['Path 2'] && { path2: r['Path 2'] }),
            finalUrl: r['Final URL'],
            status: r.Status.toLowerCase(),
          })),
      };
    });
    const strip = <T extends { id: string }>({ id: _id, ...rest }: T) => rest;
    expect(rebuilt).toEqual(
      c.adGroups.map((g) => ({
        name: g.name,
        status: g.status,
        defaultMaxCpc: g.defaultMaxCpc,
        keywords: g.keywords.map(strip),
        negativeKeywords: g.negativeKeywords.map(strip),
        ads: g.ads.map((ad) => ({ ...strip(ad), headlines: ad.headlines.map(strip), descriptions: ad.descriptions.map(strip) })),
      })),
    );
  });

  it('writes Performance Max asset groups with their assets', async () => {
    const c = googlePmaxSample();
    const rows = read((await exportCampaign(c, 'google-ads-editor')).body);
    expect(rows[0]).toMatchObject({ 'Campaign type': 'Performance Max', 'Bid Strategy Type': 'Maximize conversion value', 'Target ROAS': '4' });
    const g = rows.find((r) => r['Asset Group'])!;
    const group = c.assetGroups[0];
    expect(g).toMatchObject({ 'Asset Group': group.name, 'Asset Group Status': 'Paused', 'Business name': group.businessName.text, 'Call to action': 'Shop now', 'Final URL': group.finalUrl, 'Path 1': group.path1, 'Long headline 1': group.longHeadlines[0].text });
    expect([1, 2, 3].map((i) => g[`Headline ${i}`])).toEqual(group.headlines.map((h) => h.text));
    expect([1, 2].map((i) => g[`Description ${i}`])).toEqual(group.descriptions.map((d) => d.text));
  });
});

describe('Meta Ads Manager sheet', () => {
  it('one row per ad with its campaign and ad set; Body = primary text, Title = headline, Link Description = description; PAUSED', async () => {
    const c = metaSample();
    c.adSets[0].ads[0].primaryTexts.push({ id: 'mp2', text: 'Second variant, "quoted".' });
    c.adSets[0].ads.push({ ...c.adSets[0].ads[0], id: 'm2', name: 'Boots – second' });
    const file = await exportCampaign(c, 'meta-ads-manager');
    expect(file.filename).toBe('spring-sale.meta-ads-manager.csv');
    const rows = read(file.body);
    expect(rows).toHaveLength(2);
    const ad = c.adSets[0].ads[0];
    expect(rows[0]).toMatchObject({
      'Campaign Name': 'Spring sale',
      'Campaign Status': 'PAUSED',
      'Special Ad Categories': '',
      'Campaign Objective': 'OUTCOME_SALES',
      'Ad Set Name': c.adSets[0].name,
      'Ad Set Run Status': 'PAUSED',
      'Ad Set Time Start': '2027-03-01',
      'Ad Set Time Stop': '2027-03-31',
      'Ad Set Daily Budget': '40',
      Countries: 'DE, AT',
      'Age Min': '25',
      'Age Max': '45',
      'Ad Name': ad.name,
      'Ad Status': 'PAUSED',
      Body: ad.primaryTexts[0].text,
      'Body 2': 'Second variant, "quoted".',
      Title: ad.headlines[0].text,
      'Link Description': ad.descriptions[0].text,
      Link: ad.link,
      'Call to Action': 'SHOP_NOW',
    });
    expect(rows[1]['Ad Name']).toBe('Boots – second');
  });
});

describe('LinkedIn sheet', () => {
  it('rows for the campaign group, each campaign and each ad, with the right columns', async () => {
    const c = linkedinSample();
    const rows = read((await exportCampaign(c, 'linkedin')).body);
    expect(rows.map((r) => r.Level)).toEqual(['Campaign group', 'Campaign', 'Ad']);
    expect(rows[0]).toMatchObject({ 'Campaign group': 'Q1 pipeline', 'Campaign group status': 'Paused', 'Total budget': '3000', Currency: 'USD' });
    expect(rows[1]).toMatchObject({ Campaign: 'Finance leaders – demo', Objective: 'LEAD_GENERATION', Format: 'single_image', 'Daily budget': '100', Targeting: 'locations: United States; titles: CFO, Finance Director; seniorities: Director, VP' });
    const ad = c.campaigns[0].ads[0] as LinkedInImageAd;
    expect(rows[2]).toMatchObject({ 'Ad name': ad.name, 'Ad status': 'Paused', 'Intro text': ad.introText.text, Headline: ad.headline.text, Description: ad.description!.text, 'Destination URL': ad.destinationUrl, 'Call to action': 'REQUEST_DEMO' });
  });

  it('defuses a cell a spreadsheet would run as a formula (CSV injection)', async () => {
    const c = linkedinSample();
    (c.campaigns[0].ads[0] as LinkedInImageAd).headline.text = '=HYPERLINK("https://evil.example","Click")';
    c.name = '@SUM(A1:A9)';
    const rows = read((await exportCampaign(c, 'linkedin')).body);
    expect(rows[2].Headline).toBe(`'=HYPERLINK("https://evil.example","Click")`);
    expect(rows[0]['Campaign group']).toBe("'@SUM(A1:A9)");
  });
});

describe('JSON and format checks', () => {
  it('json is the campaign itself', async () => {
    for (const c of [googleSearchSample(), googlePmaxSample(), linkedinSample(), metaSample()]) {
      const file = await exportCampaign(c, 'json');
      expect(file.contentType).toBe('application/json; charset=utf-8');
      expect(JSON.parse(file.body.toString('utf8'))).toEqual(c);
    }
  });

  it('refuses a format that does not fit the platform, saying which fit', async () => {
    const err = await exportCampaign(metaSample(), 'google-ads-editor').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExportFormatMismatch);
    expect((err as ExportFormatMismatch).userMessage).toBe('A meta campaign cannot be exported as google-ads-editor; choose meta-ads-manager or json.');
    expect(EXPORT_FORMATS).toEqual(['google-ads-editor', 'meta-ads-manager', 'linkedin', 'json']);
  });
});
