import { describe, expect, it } from 'vitest';
import { createTools } from '../index';
import { resolvePeriod, resolveWords } from './lookup-common';
import { routePayments } from './route';
import { routeSocial } from '../lookup-social/route';

/** The tool the offline planner picks and its arguments: the first route in registry order that accepts. */
function routed(question: string): { tool?: string; args?: Record<string, unknown> } {
  for (const t of createTools()) {
    const args = t.offline?.route(question);
    if (args) return { tool: t.name, args };
  }
  return {};
}

describe('offline routing of payment and social questions', () => {
  it.each([
    ['which payments failed this week?', 'lookup_payments', { kind: 'failed_payments', from: 'this week' }],
    ['Which payments failed in the last 7 days?', 'lookup_payments', { kind: 'failed_payments', from: 'last 7 days' }],
    ['failed charges this month', 'lookup_payments', { kind: 'failed_payments', from: 'this month' }],
    ['refunds for acme@example.com', 'lookup_payments', { kind: 'refunds', customer: 'acme@example.com' }],
    ['show refunds last month', 'lookup_payments', { kind: 'refunds', from: 'last month' }],
    ['what is our MRR trend?', 'lookup_payments', { kind: 'mrr', grain: 'month' }],
    ['MRR by week this quarter', 'lookup_payments', { kind: 'mrr', grain: 'week', from: 'this quarter' }],
    ['churned MRR last quarter', 'lookup_payments', { kind: 'mrr_movements', from: 'last quarter' }],
    ['new and churned MRR by month this year', 'lookup_payments', { kind: 'mrr_movements', grain: 'month', from: 'this year' }],
    ['what is our churn rate by month?', 'lookup_payments', { kind: 'churn', grain: 'month' }],
    ['disputes still open?', 'lookup_payments', { kind: 'disputes', status: 'open' }],
    ['open disputes', 'lookup_payments', { kind: 'disputes', status: 'open' }],
    ['payouts last week', 'lookup_payments', { kind: 'payouts', from: 'last week' }],
    ['look up ch_3MmlLrLkdIwHu7ix0snN0B15', 'lookup_payments', { kind: 'object', objectId: 'ch_3MmlLrLkdIwHu7ix0snN0B15' }],
    ['what happened to pi_3MtwBwLkdIwHu7ix28a3tqPa?', 'lookup_payments', { kind: 'object', objectId: 'pi_3MtwBwLkdIwHu7ix28a3tqPa' }],
    ['customer cus_NffrFeUfNV2Hib', 'lookup_payments', { kind: 'customer', customer: 'cus_NffrFeUfNV2Hib' }],
    ['payments from ada.adams12@example.com', 'lookup_payments', { kind: 'charges', customer: 'ada.adams12@example.com' }],
    ['which LinkedIn post got the most engagement last month?', 'lookup_social', { kind: 'top_posts', platform: 'linkedin', metric: 'engagement', from: 'last month' }],
    ['top 5 Instagram posts by likes in March', 'lookup_social', { kind: 'top_posts', platform: 'instagram', metric: 'likes', limit: 5, from: 'march' }],
    ['follower growth by platform this quarter', 'lookup_social', { kind: 'follower_growth', from: 'this quarter' }],
    ['reach by platform last month', 'lookup_social', { kind: 'reach', from: 'last month' }],
    ['engagement on LinkedIn by week this month', 'lookup_social', { kind: 'engagement', platform: 'linkedin', grain: 'week', from: 'this month' }],
  ])('%s → %s %o', (question, tool, args) => {
    const r = routed(question);
    expect(r.tool).toBe(tool);
    expect(r.args).toEqual(args);
  });

  // Warehouse questions the demo SQL suite pins to query_data, and other tools' questions, stay theirs.
  it.each([
    ['What was total revenue by region?', 'query_data'],
    ['revenue by region', 'query_data'],
    ['Total refund amount by reason', 'query_data'],
    ['Number of disputes by status', 'query_data'],
    ['Total charge amount by payment method', 'query_data'],
    ['Number of charges by status', 'query_data'],
    ['Total payout amount by status', 'query_data'],
    ['Total likes by post type', 'query_data'],
    ['Total shares of social posts by platform', 'query_data'],
    ['Total social engagements by platform', 'query_data'],
    ['Total ad impressions by campaign objective', 'query_data'],
    ['show spend per platform in a line chart', 'query_data'],
    ['Top 5 products by revenue', 'query_data'],
    ['forecast revenue for the next 3 months', 'forecast'],
    ['top 10', 'make_chart'],
  ])('%s stays with %s', (question, tool) => {
    expect(routed(question).tool).toBe(tool);
  });

  it('declines what is not a payment or social question', () => {
    for (const q of ['revenue by month in 2025', 'how many orders last week?', 'what tables are there?']) {
      expect(routePayments(q)).toBeNull();
      expect(routeSocial(q)).toBeNull();
    }
  });
});

describe('periods', () => {
  it.each([
    [{ from: 'this week' }, { from: '2026-06-29', to: '2026-07-01' }],
    [{ from: 'last 7 days' }, { from: '2026-06-23', to: '2026-07-01' }],
    [{ from: 'march' }, { from: '2026-03-01', to: '2026-04-01' }],
    [{ from: 'in may' }, { from: '2026-05-01', to: '2026-06-01' }],
    [{ from: 'december' }, { from: '2025-12-01', to: '2026-01-01' }],
    [{ from: '2026-01-01', to: '2026-01-31' }, { from: '2026-01-01', to: '2026-02-01' }],
    [{ from: '2026-06-01' }, { from: '2026-06-01', to: '2026-07-01' }],
  ])('%o on 2026-06-30 → %o', (input, want) => {
    expect(resolvePeriod(input, '2026-06-30', 30)).toMatchObject(want);
  });

  it('refuses what is not a date or a period, and an empty range', () => {
    expect(resolvePeriod({ from: 'soonish' }, '2026-06-30', 30)).toHaveProperty('error');
    expect(resolvePeriod({ from: '2026-02-30', to: '2026-03-01' }, '2026-06-30', 30)).toHaveProperty('error');
    expect(resolvePeriod({ from: '2026-03-02', to: '2026-03-01' }, '2026-06-30', 30)).toHaveProperty('error');
    expect(resolveWords('whenever', '2026-06-30')).toBeUndefined();
  });

  it('has no default range where a customer\'s whole history is asked for', () => {
    expect(resolvePeriod({}, '2026-06-30', null)).toBeNull();
    expect(resolvePeriod({}, '2026-06-30', 30)).toMatchObject({ from: '2026-06-01', to: '2026-07-01' });
  });
});
