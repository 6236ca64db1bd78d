/**
 * A campaign in a few lines, for the channels that cannot show the editor (Slack, Teams): its
 * platform, budget and shape, its first ads, and how its checks went. Plain data; each channel
 * lays it out in its own card format.
 */
import type { Campaign, CampaignArtifactData, CampaignFinding, Money } from './model.js';

export interface CampaignSummary {
  name: string;
  platform: string;
  budget: string;
  /** "2 ad groups · 5 keywords · 2 ads". */
  structure: string;
  /** The first ads, each with its first texts (headlines, or intro text and headline). */
  ads: { label: string; lines: string[] }[];
  /** How many ads there are beyond those shown. */
  moreAds: number;
  checks: { errors: number; warnings: number; first: Pick<CampaignFinding, 'severity' | 'message'>[] };
  /** Every level is paused until a person enables it on the platform; said so when true. */
  allPaused: boolean;
}

export const SUMMARY_ADS = 3;
export const SUMMARY_LINES = 3;
export const SUMMARY_FINDINGS = 3;

const PLATFORM: Record<Campaign['platform'], string> = { google_search: 'Google Ads · Search', google_pmax: 'Google Ads · Performance Max', linkedin: 'LinkedIn Ads', meta: 'Meta Ads' };

export function formatMoney(m: Money): string {
  try {
    return m.amount.toLocaleString('en-US', { style: 'currency', currency: m.currency, maximumFractionDigits: 2 });
  } catch {
    return `${m.amount.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${m.currency}`;
  }
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function sumBudgets(budgets: Money[]): string {
  const currencies = [...new Set(budgets.map((b) => b.currency))];
  if (currencies.length !== 1) return budgets.map(formatMoney).join(' + ');
  return formatMoney({ amount: budgets.reduce((s, b) => s + b.amount, 0), currency: currencies[0] });
}

function shape(c: Campaign) {
  switch (c.platform) {
    case 'google_search': {
      const ads = c.adGroups.flatMap((g) => g.ads.map((ad, i) => ({ label: `${g.name} · ad ${i + 1}`, lines: ad.headlines.map((h) => h.text), status: ad.status })));
      const keywords = c.adGroups.reduce((s, g) => s + g.keywords.length, 0);
      return { budget: `${formatMoney(c.dailyBudget)} a day`, structure: [count(c.adGroups.length, 'ad group'), count(keywords, 'keyword'), count(ads.length, 'ad')].join(' · '), ads, statuses: [c.status, ...c.adGroups.map((g) => g.status), ...ads.map((a) => a.status)] };
    }
    case 'google_pmax': {
      const ads = c.assetGroups.map((g) => ({ label: g.name, lines: g.headlines.map((h) => h.text), status: g.status }));
      return { budget: `${formatMoney(c.dailyBudget)} a day`, structure: count(c.assetGroups.length, 'asset group'), ads, statuses: [c.status, ...ads.map((a) => a.status)] };
    }
    case 'linkedin': {
      const ads = c.campaigns.flatMap((camp) => camp.ads.map((ad) => ({ label: `${camp.name} · ${ad.name}`, lines: ad.format === 'single_image' ? [ad.introText.text, ad.headline.text] : [ad.headline.text, ad.description.text], status: ad.status })));
      const daily = c.campaigns.length ? `${sumBudgets(c.campaigns.map((x) => x.dailyBudget))} a day` : 'no budget set';
      return {
        budget: c.totalBudget ? `${daily} (group total ${formatMoney(c.totalBudget)})` : daily,
        structure: [count(c.campaigns.length, 'campaign'), count(ads.length, 'ad')].join(' · '),
        ads,
        statuses: [c.status, ...c.campaigns.map((x) => x.status), ...ads.map((a) => a.status)],
      };
    }
    case 'meta': {
      const ads = c.adSets.flatMap((s) => s.ads.map((ad) => ({ label: `${s.name} · ${ad.name}`, lines: [...ad.primaryTexts.slice(0, 1), ...ad.headlines].map((t) => t.text), status: ad.status })));
      return {
        budget: c.adSets.length ? `${sumBudgets(c.adSets.map((s) => s.dailyBudget))} a day` : 'no budget set',
        structure: [count(c.adSets.length, 'ad set'), count(ads.length, 'ad')].join(' · '),
        ads,
        statuses: [c.status, ...c.adSets.map((s) => s.status), ...ads.map((a) => a.status)],
      };
    }
  }
}

export function summarizeCampaign(data: Pick<CampaignArtifactData, 'campaign' | 'findings'>): CampaignSummary {
  const c = data.campaign;
  const s = shape(c);
  const errors = data.findings.filter((f) => f.severity === 'error');
  const warnings = data.findings.filter((f) => f.severity === 'warning');
  return {
    name: c.name,
    platform: PLATFORM[c.platform],
    budget: s.budget,
    structure: s.structure,
    ads: s.ads.slice(0, SUMMARY_ADS).map((a) => ({ label: a.label, lines: a.lines.slice(0, SUMMARY_LINES) })),
    moreAds: Math.max(0, s.ads.length - SUMMARY_ADS),
    // Errors first: they are what blocks an export.
    checks: { errors: errors.length, warnings: warnings.length, first: [...errors, ...warnings].slice(0, SUMMARY_FINDINGS).map(({ severity, message }) => ({ severity, message })) },
    allPaused: s.statuses.every((st) => st === 'paused'),
  };
}

/**
 * The editor's absolute address, or null when `editorPath` would leave Parley's origin
 * (`//evil.example`, `@evil.example`, `https://…`): a card never links anywhere else.
 */
export function editorUrl(publicUrl: string, editorPath: string): string | null {
  if (!editorPath.startsWith('/') || editorPath.startsWith('//') || editorPath.includes('\\')) return null;
  try {
    const base = new URL(publicUrl);
    const url = new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${editorPath}`);
    return url.origin === base.origin ? url.toString() : null;
  } catch {
    return null;
  }
}
