import type { Campaign, CampaignFinding, CopyText, Money } from '../../../tools/campaigns/model';

/** What the chat's campaign card shows: structure counts, budget, the first headlines, checks. */
export interface CampaignSummaryFacts {
  budget: Money | null;
  /** `daily` for Google, LinkedIn campaigns and Meta ad sets (summed); `total` for a LinkedIn group's budget. */
  budgetKind: 'daily' | 'total';
  counts: { groups: number; ads: number; keywords: number };
  headlines: string[];
  errors: number;
  warnings: number;
}

const sum = (list: Money[]): Money | null => (list.length ? { amount: list.reduce((s, m) => s + m.amount, 0), currency: list[0].currency } : null);
const texts = (list: CopyText[]) => list.map((h) => h.text).filter(Boolean);

export function summarize(c: Campaign, findings: readonly CampaignFinding[], firstN = 3): CampaignSummaryFacts {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const checks = { errors, warnings: findings.length - errors };
  switch (c.platform) {
    case 'google_search': {
      const ads = c.adGroups.flatMap((g) => g.ads);
      return { budget: c.dailyBudget, budgetKind: 'daily', counts: { groups: c.adGroups.length, ads: ads.length, keywords: c.adGroups.reduce((s, g) => s + g.keywords.length, 0) }, headlines: texts(ads.flatMap((a) => a.headlines)).slice(0, firstN), ...checks };
    }
    case 'google_pmax':
      return { budget: c.dailyBudget, budgetKind: 'daily', counts: { groups: c.assetGroups.length, ads: c.assetGroups.length, keywords: 0 }, headlines: texts(c.assetGroups.flatMap((g) => g.headlines)).slice(0, firstN), ...checks };
    case 'linkedin': {
      const ads = c.campaigns.flatMap((x) => x.ads);
      const budget = c.totalBudget ?? sum(c.campaigns.map((x) => x.dailyBudget));
      return { budget, budgetKind: c.totalBudget ? 'total' : 'daily', counts: { groups: c.campaigns.length, ads: ads.length, keywords: 0 }, headlines: texts(ads.map((a) => a.headline)).slice(0, firstN), ...checks };
    }
    case 'meta': {
      const ads = c.adSets.flatMap((s) => s.ads);
      return { budget: sum(c.adSets.map((s) => s.dailyBudget)), budgetKind: 'daily', counts: { groups: c.adSets.length, ads: ads.length, keywords: 0 }, headlines: texts(ads.flatMap((a) => a.headlines)).slice(0, firstN), ...checks };
    }
  }
}
